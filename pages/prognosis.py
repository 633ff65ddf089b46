"""Prognosis: what recovery to expect, as Altair charts of the sourced figures."""

import json
from functools import partial

import streamlit as st

import bipn
from ui import context, render

ctx = context.current()
days = ctx.patient.days_since_dose_change
COLUMNS = [
    "label", "arm", "percent", "numerator", "denominator", "ci_low", "ci_high",
    "median_days", "range_low_days", "range_high_days", "provenance_label", "range_provenance", "source",
]


@st.cache_data(show_spinner=False)
def spec(chart_id: str) -> dict:
    """Reference figures only, built once per process and shared: building and serialising
    an Altair chart costs about 100 ms, far more than the rest of the page."""
    return bipn.chart_spec(chart_id)


@st.cache_data(show_spinner=False)
def table(chart_id: str):
    """The numbers behind a chart, as shown under it (reference data only)."""
    return bipn.figures_frame(chart_id)[COLUMNS].dropna(axis=1, how="all").round(1)


def all_figures_csv() -> str:
    return bipn.figures_frame().to_csv(index=False)


def show(chart_id: str, chart: dict, *, extra_alt: str = "", note: str = "") -> None:
    st.vega_lite_chart(spec=chart, alt=bipn.chart_alt_text(chart_id) + extra_alt, width="stretch")
    st.caption(bipn.chart_caption(chart_id) + note)
    with st.expander("The numbers behind this chart"):
        st.table(table(chart_id), hide_index=True)
    st.download_button(
        "Download this chart (Vega-Lite JSON, opens in any Vega editor)", partial(json.dumps, chart, indent=1),
        file_name=f"{chart_id}.vl.json", mime="application/json", on_click="ignore", key=f"dl_spec_{chart_id}",
    )


st.header("Prognosis: what recovery to expect")
if ctx.audience == "patient":
    st.info(
        "Many people's nerve symptoms get better, or go away, after the dose is changed or stopped. "
        "Not everyone's do. These numbers describe groups of people. They are not a promise for you."
    )
render.card(bipn.rule_card("monitor.figures_not_promise"))
st.caption("Marked * and dashed: from the source article only, not confirmed in a primary source. Lines on bars: 95% Wilson intervals.")

st.subheader("How many improve")
show("reversibility", spec("reversibility"))

st.subheader("How long it takes")
if days is None:
    show("time_to_improvement", spec("time_to_improvement"), note=" Enter 'Days since the last dose change' in the sidebar to mark this patient.")
else:
    marked = bipn.with_patient_day(spec("time_to_improvement"), days)
    show("time_to_improvement", marked, extra_alt=f" This patient is {days} days after the last dose change.")

st.subheader("Preventing it: route and schedule")
show("incidence", spec("incidence"))

st.download_button(
    "Download every figure with its source (CSV)", all_figures_csv, file_name="bipn-figures.csv", mime="text/csv", on_click="ignore"
)

with st.expander("Other figures (not charted)"):
    for f in bipn.figures():
        if f.chart == "none":
            provenance = "confirmed in a primary source" if f.provenance.is_primary else "source article only, not confirmed"
            st.markdown(f"- {f.statement} *({provenance})*")
