"""Issue 21's small screen fixes, in AppTest: presentation mode, the patient view, the words
that point to the audience choice, the course chart's axes."""

from __future__ import annotations

import json

import pytest
from datetime import date

import bipn
import bipn.course as course
from bipn.course.chart import course_panels
from tests.app.apphelpers import SUMMARY_PAGES, TYPICAL, fill, open_expanders, texts, unescape


def vega_specs(app) -> list[dict]:
    return [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]


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
    assert "Which best describes you?" in shown


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


# --- The patient view (ward walk defect 16) -------------------------------------------------------

PATIENT_PAGES = ("pages/education.py", "pages/prognosis.py")
# Words of the record's provenance a patient or carer should not have to read (policy.md:
# "Words the record can carry" are for the record; patients get plain words).
JARGON = ("partial", "unverified", "source_article", "source check", "secondary source", "not yet checked", "re-read", "from memory", "Dr.Oracle")


def sidebar_labels(app) -> list[str]:
    return [w.label for w in app.sidebar if getattr(w, "label", None)]


def test_the_patient_view_does_not_show_the_clinician_form(app):
    fill(app, **TYPICAL, audience="patient")
    for page in PATIENT_PAGES:
        app.switch_page(page).run()
        assert not app.exception
        labels = sidebar_labels(app)
        assert "Which best describes you?" in labels
        for clinician_field in ("Serum creatinine (mg/dL)", "Weight for Cockcroft-Gault", "Liver impairment", "Current bortezomib dose (mg/m²)", "Age (years)"):
            assert clinician_field not in labels, (page, clinician_field)


def test_the_clinician_form_and_its_values_come_back_with_the_clinician_audience(app):
    fill(app, **TYPICAL, audience="patient")
    app.switch_page("pages/education.py").run()
    app.radio(key="audience").set_value("clinician").run()
    assert "Serum creatinine 1 mg/dL" in app.sidebar.markdown[0].value  # education shows the patient as a summary
    app.switch_page("pages/assessment.py").run()
    assert app.text_input(key="pt_scr").value == "1" and app.radio(key="pt_product").value == "velcade"


def test_the_patient_view_keeps_the_product_on_the_handout_and_says_where_the_audience_is(app):
    fill(app, **TYPICAL, audience="patient")
    app.switch_page("pages/education.py").run()
    shown = texts(app)
    assert "Your bortezomib: VELCADE 3.5 mg vial (Takeda), powder, given as an injection under the skin." in shown
    assert "Which best describes you?" in shown and "end of the patient form" not in shown


def test_the_patient_view_has_one_plain_list_of_sources_and_no_provenance_jargon(app):
    fill(app, audience="patient")
    app.switch_page("pages/education.py").run()
    boxes = [e for e in app.main.expander if e.label == "Where this comes from"]
    assert len(boxes) == 1, "one list of sources, as on the sheet (there were seven)"
    open_expanders(app, "patient-sources")
    shown = texts(app)
    for words, _ in bipn.clinical.education.patient_sources():
        assert words in shown
    app.switch_page("pages/prognosis.py").run()
    shown += texts(app) + " ".join(json.dumps(s) for s in vega_specs(app))
    for word in JARGON:
        assert word.lower() not in shown.lower(), word


def test_the_jargon_check_can_fail(app):
    fill(app, audience="clinician")
    app.switch_page("pages/education.py").run()
    open_expanders(app, *(f"sources-{s.title}" for s in bipn.sections(bipn.Audience.CLINICIAN)))
    assert any(word.lower() in texts(app).lower() for word in JARGON)


# --- Pages that use little of the patient show it as a summary (issue 21, speed) ------------------

CLINICIAN_FIELDS = ("Age (years)", "Serum creatinine (mg/dL)", "Weight for Cockcroft-Gault", "Liver impairment", "Current bortezomib dose (mg/m²)", "Current medicines and supplements")


@pytest.mark.parametrize("page", SUMMARY_PAGES)
def test_a_summary_page_lists_the_patient_as_entered_links_to_the_form_and_draws_no_clinician_field(app, page):
    fill(app, **TYPICAL, hd=True, liver="mild", meds=["sertraline", "*Bold* [x](y)"])
    app.switch_page(page).run()
    assert not app.exception
    labels = sidebar_labels(app)
    assert not [f for f in CLINICIAN_FIELDS if f in labels], labels
    summary = app.sidebar.markdown[0].value
    shown = unescape(summary)
    for line in ("70 years, female, 165 cm, 60 kg", "Serum creatinine 1 mg/dL", "On haemodialysis", "Liver impairment: mild", "Medicines: sertraline, *Bold* [x](y)"):
        assert line in shown, shown
    assert "\\*Bold\\*" in summary and "\\[x\\]" in summary  # a typed name stays plain text, never Markdown
    assert [link.label for link in app.sidebar.get("page_link")] == ["Change the patient on Assessment"]
    assert "Which best describes you?" in labels


def test_the_summary_is_what_the_page_uses_and_prognosis_keeps_its_days_field(app):
    fill(app, **TYPICAL)
    app.switch_page("pages/prognosis.py").run()
    assert [w.key for w in app.sidebar.text_input] == ["pt_days"]
    app.text_input(key="pt_days").set_value("21").run()
    assert "21 days since the last dose change" in unescape(app.sidebar.markdown[0].value)
    marked = bipn.with_patient_day(bipn.chart_spec("time_to_improvement", sentence=False), 21, "light")
    specs = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]
    assert [s for s in specs if s.get("usermeta") == marked.get("usermeta") and s.get("layer") == marked.get("layer")], "the chart does not mark day 21"
    app.switch_page("pages/assessment.py").run()
    assert app.text_input(key="pt_days").value == "21"  # kept, and given back to the full form


def test_nothing_entered_says_so_on_a_summary_page(app):
    app.switch_page("pages/evidence.py").run()
    assert "Nothing entered yet." in app.sidebar.markdown[0].value
