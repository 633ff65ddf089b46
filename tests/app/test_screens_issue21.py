"""Issue 21's small screen fixes, in AppTest: presentation mode, the patient view, the words
that point to the audience choice, the course chart's axes."""

from __future__ import annotations

from datetime import date

import bipn
import bipn.course as course
from bipn.course_chart import course_panels
from tests.app.apphelpers import fill, texts


def download_labels(app) -> list[str]:
    return [b.proto.label for b in app.get("download_button")]


def test_presentation_mode_puts_the_downloads_above_the_chart_and_the_sidebar_away(app):
    app.switch_page("pages/prognosis.py").run()
    app.toggle(key="present").set_value(True).run()
    assert not app.exception
    order = [type(e).__name__ for e in app.main if type(e).__name__ in ("DownloadButton", "UnknownElement")]
    kinds = [getattr(e, "type", "") for e in app.main]
    first_download = next(i for i, e in enumerate(app.main) if getattr(e.proto, "label", "") == "Image for slides (PNG)")
    chart = next(i for i, k in enumerate(kinds) if "vega_lite_chart" in str(k) or k == "arrow_vega_lite_chart")
    assert first_download < chart, (order, kinds)
    assert any("stSidebar" in h.proto.body and "display: none" in h.proto.body for h in app.get("html")), "the sidebar is not put away"


def test_the_patient_view_has_no_slide_buttons_and_says_where_the_audience_is_chosen(app):
    fill(app, audience="patient")
    app.switch_page("pages/prognosis.py").run()
    assert not app.exception
    assert not [label for label in download_labels(app) if "slides" in label]
    app.switch_page("pages/education.py").run()
    shown = texts(app)
    assert "top of the sidebar" not in shown
    assert "Which best describes you?" in shown and "end of the patient form" in shown


def test_the_course_charts_dose_axis_reaches_the_highest_dose_and_both_axes_line_up():
    c = course.Course(baseline=bipn.Findings(sensory_grade=0))
    c = c.add(course.Visit(date(2026, 1, 5), bipn.Findings(sensory_grade=1), dose_given_mg_m2=1.3))
    grade, dose = (p.to_dict() for p in course_panels(c))
    y = dose["layer"][0]["encoding"]["y"]
    assert y["scale"] == {"domain": [0, 1.3], "nice": False}
    assert y["axis"]["values"][-1] == 1.3
    assert y["axis"]["minExtent"] == grade["layer"][0]["encoding"]["y"]["axis"]["minExtent"]
    assert grade["layer"][0]["encoding"]["color"]["legend"]["orient"] == "top"  # no legend column beside one panel only
    assert dose["config"]["axis"]["labelFontSize"] >= 13
