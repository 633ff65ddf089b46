"""Prognosis: what recovery to expect, as charts of the sourced figures (frequency words for patients)."""

from functools import partial

import pandas as pd
import streamlit as st

import bipn
from ui import context, render

ctx = context.current()
days = ctx.patient.days_since_dose_change
theme = "dark" if st.context.theme.type == "dark" else "light"

CLINICIAN_CHARTS = {
    "reversibility": "How many improve",
    "time_to_improvement": "How long it takes",
    "incidence": "Preventing it: route and schedule",
}


@st.cache_data(show_spinner=False)
def spec(chart_id: str, theme: str, presentation: bool = False) -> dict:
    """Reference figures only, built once per process and shared by every session."""
    return bipn.chart_spec(chart_id, theme=theme, presentation=presentation, sentence=False)


@st.cache_data(show_spinner=False)
def table(chart_id: str) -> pd.DataFrame:
    return bipn.chart_table(chart_id)


@st.cache_data(show_spinner=False, max_entries=16)
def image(chart_id: str, fmt: str) -> bytes:
    return bipn.chart_image(chart_id, fmt)


def csv(chart_id: str) -> str:
    return table(chart_id).to_csv(index=False)


def downloads(chart_id: str) -> None:
    """PNG and SVG for slides (title, sources and provenance inside) and the numbers as CSV."""
    png, svg, data = st.columns(3)
    png.download_button("Image for slides (PNG)", partial(image, chart_id, "png"), file_name=f"{chart_id}.png", mime="image/png", on_click="ignore", key=f"dl_png_{chart_id}")
    svg.download_button("Image for slides (SVG)", partial(image, chart_id, "svg"), file_name=f"{chart_id}.svg", mime="image/svg+xml", on_click="ignore", key=f"dl_svg_{chart_id}")
    data.download_button("The numbers (CSV)", partial(csv, chart_id), file_name=f"{chart_id}.csv", mime="text/csv", on_click="ignore", key=f"dl_csv_{chart_id}")


def show(chart_id: str, chart: dict, *, extra_alt: str = "", note: str = "", presenting: bool = False) -> None:
    if presenting:  # the downloads above the chart, inside a 1080 px screen (they were at y=1149)
        downloads(chart_id)
    st.vega_lite_chart(spec=chart, alt=bipn.chart_alt_text(chart_id) + extra_alt, width="stretch", theme=None)
    st.caption(bipn.chart_caption(chart_id) + note)
    if (box := render.opened("The numbers behind this chart", f"numbers-{chart_id}")) is not None:
        box.table(table(chart_id), hide_index=True)
    if not presenting:
        downloads(chart_id)


def time_chart(presentation: bool = False) -> None:
    base = spec("time_to_improvement", theme, presentation)
    if days is None:
        show("time_to_improvement", base, note=" Enter 'Days since the last dose change' in the sidebar to mark this patient.", presenting=presentation)
    else:
        marked = bipn.with_patient_day(base, days, theme)
        show("time_to_improvement", marked, extra_alt=f" This patient is {days} days after the last dose change.", presenting=presentation)


def patient_view() -> None:
    st.header("Will my nerves get better?")
    st.info(
        "Many people's nerve symptoms get better, or go away, after the dose is changed or stopped. "
        "Not everyone's do. These numbers are about groups of people. They are not a promise for you."
    )
    better = bipn.patient_frequency("apex_improved_overall")
    st.markdown(f"### {better['text']}")
    st.markdown(better["rest_text"])
    st.vega_lite_chart(spec=spec("patient_icon_array", theme), alt=f"{better['text']} {better['rest_text']}", theme=None, width="content")
    st.caption(bipn.chart_caption("reversibility").split(";")[0] + ".")
    st.markdown("#### Shots under the skin")
    for figure_id in ("moreau_sc_any", "moreau_iv_any"):
        st.markdown(bipn.patient_frequency(figure_id)["text"])
    st.markdown("This is why many teams give bortezomib as a shot under the skin. Ask your team what is right for you.")
    st.caption(bipn.chart_caption("incidence").split(";")[0] + ".")
    # No "Image for slides" buttons here: this view is for the patient (review defect 16).


PRESENTING_CSS = "<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stExpandSidebarButton'] { display: none; }</style>"


def clinician_view() -> None:
    st.header("Prognosis: what recovery to expect")
    presenting = st.toggle("Presentation mode (one chart, full width, large type)", key="present")
    if presenting:
        # The chart has the screen: the patient sidebar is put away while presenting.
        st.html(PRESENTING_CSS)
        chosen = st.radio("Chart", list(CLINICIAN_CHARTS), format_func=CLINICIAN_CHARTS.get, horizontal=True, key="present_chart")
        if chosen == "time_to_improvement":
            time_chart(presentation=True)
        else:
            show(chosen, spec(chosen, theme, True), presenting=True)
        return
    render.card(bipn.rule_card("monitor.figures_not_promise"))
    st.caption(
        "Dots with end-capped lines: confirmed in a primary source, with 95% Wilson intervals where counts are known. "
        "Hollow grey diamonds and dashed lines: from the source article only, not confirmed."
    )
    st.subheader(CLINICIAN_CHARTS["reversibility"])
    show("reversibility", spec("reversibility", theme))
    st.subheader(CLINICIAN_CHARTS["time_to_improvement"])
    time_chart()
    st.subheader(CLINICIAN_CHARTS["incidence"])
    show("incidence", spec("incidence", theme))
    if (box := render.opened("Other figures (not charted)", "other-figures")) is not None:
        with box:
            for f in bipn.figures():
                if f.chart == "none" and f.provenance.is_primary:
                    st.markdown(f"- {f.statement} *(confirmed in a primary source)*")
            st.caption("The source article's other claims, none confirmed, are listed on the Evidence page.")


if ctx.audience == "patient":
    patient_view()
else:
    clinician_view()
