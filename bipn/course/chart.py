"""Grade and dose over the course: a tidy table and an Altair chart (pure builders, no rendering).

Colour never carries meaning alone: the two nerves differ by colour, point shape and dash,
a visit without a dose is a labelled cross on the dose panel, and the baseline is a dotted
rule per nerve that the subtitle and the alt text also give in words. Text and marks take the
palette of Streamlit's theme (``bipn.outputs.charts.THEMES``), so labels stay legible on dark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bipn.clinical.dosing import dose_table, format_dose, products
from bipn.outputs.charts import THEMES
from bipn.record.visits import Course

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

NERVES = ["Sensory", "Motor"]
NERVE_COLOURS = ["#0072B2", "#D55E00"]  # Okabe-Ito, colour-blind safe
NERVE_SHAPES = ["circle", "square"]
NERVE_DASH = [[1, 0], [4, 3]]
BASELINE_DASH = [2, 3]
GRADE_PANEL_PX = 400  # the plot itself; at 300 the grade area was squashed to ~90 px under its title and legend
DOSE_PANEL_PX = 320


def _product(pid: str | None) -> str:
    return products()[pid].display if pid is not None else ""


def course_frame(course: Course) -> pd.DataFrame:
    """One row per visit: date, sensory and motor grade, dose given (NaN: none), action, note."""
    import pandas as pd

    rows = []
    for i, v in enumerate(course.visits, start=1):
        rows.append(
            {
                "visit": i,
                "date": v.on.isoformat(),
                "sensory_grade": v.findings.sensory_grade,
                "motor_grade": v.findings.motor_grade,
                "ctcae_version": f"v{v.findings.ctcae_version}",
                "neuropathic_pain": "yes" if v.findings.neuropathic_pain else "no",
                "dose_given_mg_m2": v.dose_given_mg_m2,
                "dose_text": f"{format_dose(v.dose_given_mg_m2)} mg/m²" if v.dose_given_mg_m2 is not None else "none given",
                "action": v.action.value if v.action else "",
                "product": _product(v.product),
                "pre_dose_check": ("contraindication found" if v.pre_dose.found else "no contraindication") if v.pre_dose else "",
            }
        )
    return pd.DataFrame(
        rows,
        columns=["visit", "date", "sensory_grade", "motor_grade", "ctcae_version", "neuropathic_pain", "dose_given_mg_m2", "dose_text", "action", "pre_dose_check", "product"],
    )


def baseline_words(course: Course) -> str:
    """The baseline as the chart draws it, in words ("Baseline: sensory Grade 0, motor Grade 0")."""
    b = course.baseline
    if b is None:
        return "No baseline recorded"
    return f"Baseline (dotted lines): sensory Grade {b.sensory_grade}, motor Grade {b.motor_grade}"


def course_alt_text(course: Course) -> str:
    """The chart in words, from the same visits and baseline it draws (for screen readers)."""
    if not course.visits:
        return "No visit recorded yet."
    parts = [
        f"{v.on.isoformat()}: sensory Grade {v.findings.sensory_grade}, motor Grade {v.findings.motor_grade}, "
        + (f"{format_dose(v.dose_given_mg_m2)} mg/m² given" if v.dose_given_mg_m2 is not None else "no dose given")
        for v in course.visits
    ]
    return f"Grade and bortezomib dose by visit. {baseline_words(course)}. " + "; ".join(parts) + "."


def grade_axis_title(df: pd.DataFrame) -> str:
    """The grade axis names the CTCAE version(s) the visits were graded with ("CTCAE v5.0 and v6.0 grade")."""
    versions = sorted(set(df["ctcae_version"])) if len(df) else []
    return f"CTCAE {' and '.join(versions)} grade" if versions else "CTCAE grade"


Y_AXIS_PX = 56  # both panels' y axes this wide, so their date axes line up


def course_chart(course: Course) -> alt.VConcatChart:
    """Grades 0-4 by nerve (top) and the dose given in mg/m² (bottom), on one date axis."""
    import altair as alt

    grade_panel, dose_panel = course_panels(course, configured=False)
    return _configured(alt.vconcat(grade_panel, dose_panel).resolve_scale(x="shared"), THEMES["light"])


def _configured(chart, pal: dict[str, str]):  # noqa: ANN001, ANN202 - an Altair top-level chart
    """13 px type (it was 10-11 px), titles 15 px, in the theme's text colours; marks may draw
    above the top of the plot (the dose panel's top point and its label)."""
    font = dict(labelFontSize=13, titleFontSize=13, labelColor=pal["text"], titleColor=pal["text"])
    return (
        chart.configure_axis(**font, gridColor=pal["grid"], domainColor=pal["muted"], tickColor=pal["muted"])
        .configure_legend(**font)
        .configure_title(fontSize=15, color=pal["text"], subtitleColor=pal["muted"], subtitleFontSize=13)
        .configure_view(clip=False)
    )


def course_panels(course: Course, theme: str = "light", *, configured: bool = True) -> tuple[alt.LayerChart, alt.LayerChart]:
    """The two panels of ``course_chart`` apart (each can then fill its container's width), in
    Streamlit's ``theme`` ("light" or "dark"; anything else is drawn light); ``configured=False``
    leaves out the type sizes, for a chart that joins them."""
    import altair as alt
    import pandas as pd

    pal = THEMES.get(theme, THEMES["light"])
    df = course_frame(course)
    grades = df.melt(id_vars=["visit", "date", "action", "dose_text"], value_vars=["sensory_grade", "motor_grade"], var_name="nerve", value_name="grade")
    grades["nerve"] = grades["nerve"].map({"sensory_grade": "Sensory", "motor_grade": "Motor"})
    # Both panels span the same dates, so they line up when drawn one above the other.
    dates = alt.Scale(domain=[df["date"].min(), df["date"].max()]) if len(df) else alt.Undefined
    x = alt.X("date:T", title="Visit date", scale=dates, axis=alt.Axis(format="%d %b %Y", labelAngle=0, labelOverlap=True))
    nerve = dict(
        color=alt.Color("nerve:N", scale=alt.Scale(domain=NERVES, range=NERVE_COLOURS), legend=alt.Legend(title="Neuropathy", orient="top")),
        shape=alt.Shape("nerve:N", scale=alt.Scale(domain=NERVES, range=NERVE_SHAPES), legend=None),
        strokeDash=alt.StrokeDash("nerve:N", scale=alt.Scale(domain=NERVES, range=NERVE_DASH), legend=None),
    )
    tooltip = ["date:T", "nerve:N", "grade:Q", "dose_text:N", "action:N"]
    base = alt.Chart(grades)
    grade_panel = (
        base.mark_line(point=False, strokeWidth=2).encode(
            x=x,
            y=alt.Y("grade:Q", title=grade_axis_title(df), scale=alt.Scale(domain=[0, 4]), axis=alt.Axis(values=[0, 1, 2, 3, 4], format="d", minExtent=Y_AXIS_PX)),
            color=nerve["color"], strokeDash=nerve["strokeDash"],
        )
        + base.mark_point(size=80, filled=True).encode(x=x, y="grade:Q", color=nerve["color"], shape=nerve["shape"], tooltip=tooltip)
    )
    if course.baseline is not None and len(df):
        rules = pd.DataFrame({"nerve": NERVES, "grade": [course.baseline.sensory_grade, course.baseline.motor_grade]})
        grade_panel = grade_panel + alt.Chart(rules).mark_rule(strokeDash=BASELINE_DASH, strokeWidth=2).encode(
            y="grade:Q", color=nerve["color"], tooltip=[alt.Tooltip("nerve:N"), alt.Tooltip("grade:Q", title="Baseline grade")]
        )
    grade_panel = grade_panel.properties(height=GRADE_PANEL_PX, title=alt.Title("Neuropathy grade", subtitle=baseline_words(course)))

    given = df.dropna(subset=["dose_given_mg_m2"])
    none_given = df[df["dose_given_mg_m2"].isna()].assign(y=0)
    dose_x = x
    # Up to the highest dose level, not rounded down to a "nice" 1.0 (review defect 20), with
    # a tick at each dose level; the same axis width as the grade panel so the dates line up.
    levels = sorted({0.0, *dose_table().levels_mg_m2})
    dose_y = alt.Y(
        "dose_given_mg_m2:Q", title="Dose given (mg/m²)", scale=alt.Scale(domain=[0, dose_table().max_mg_m2], nice=False),
        axis=alt.Axis(values=levels, minExtent=Y_AXIS_PX),
    )
    # Points only, each labelled: a line would suggest doses between visits that were not given.
    dose_panel = alt.Chart(given).mark_point(size=80, filled=True, color=pal["muted"]).encode(
        x=dose_x, y=dose_y, tooltip=["date:T", "dose_text:N", "action:N"]
    ) + alt.Chart(given).mark_text(dy=-12, fontSize=13, color=pal["text"]).encode(x=dose_x, y=dose_y, text="dose_text:N")
    if not none_given.empty:
        dose_panel = dose_panel + alt.Chart(pd.DataFrame(none_given)).mark_point(shape="cross", size=90, color=pal["muted"]).encode(
            x=dose_x, y=alt.Y("y:Q"), tooltip=["date:T", "dose_text:N", "action:N"]
        ) + alt.Chart(pd.DataFrame(none_given)).mark_text(dy=-12, fontSize=13, color=pal["text"]).encode(x=dose_x, y="y:Q", text="dose_text:N")
    dose_panel = dose_panel.properties(height=DOSE_PANEL_PX, title="Bortezomib dose given")
    if configured:
        return _configured(grade_panel, pal), _configured(dose_panel, pal)
    return grade_panel, dose_panel
