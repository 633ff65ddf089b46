"""Prognosis: what recovery to expect, as Altair charts of the sourced figures."""

import json
from functools import partial

import streamlit as st

import bipn
from bipn.cards import card as rule_card
from ui import context, render

ctx = context.current()
patient = ctx.patient


BUILDERS = {
    "reversibility": bipn.reversibility_chart,
    "time_to_improvement": bipn.time_to_improvement_chart,
    "incidence": bipn.incidence_chart,
}


@st.cache_data(show_spinner=False)
def frame(chart_id: str):
    """Reference figures only (no patient data), so safe to share between sessions."""
    return bipn.figures_frame(chart_id)


@st.cache_data(show_spinner=False)
def spec(chart_id: str) -> dict:
    """The chart as a Vega-Lite spec, built once per process: building and serialising an
    Altair chart costs about 100 ms, far more than the rest of the page."""
    return bipn.charts.inline_datasets(BUILDERS[chart_id](frame(chart_id)).to_dict())


@st.cache_data(show_spinner=False)
def table(chart_id: str):
    """The numbers behind a chart, as shown under it."""
    columns = ["label", "arm", "percent", "numerator", "denominator", "ci_low", "ci_high", "median_days", "range_low_days", "range_high_days", "provenance_label", "source"]
    return frame(chart_id)[columns].dropna(axis=1, how="all").round(1)


def csv_of(chart_id: str) -> str:
    return frame(chart_id).to_csv(index=False)


st.header("Prognosis: what recovery to expect")
if ctx.audience == "patient":
    st.info(
        "Many people's nerve symptoms get better, or go away, after the dose is changed or stopped. "
        "Not everyone's do. These numbers describe groups of people. They are not a promise for you."
    )
render.card(rule_card("monitor.figures_not_promise"))


def show(chart: dict, *, chart_id: str, alt: str, caption: str) -> None:
    st.vega_lite_chart(spec=chart, alt=alt, width="stretch")
    st.caption(caption)
    with st.expander("The numbers behind this chart"):
        st.dataframe(table(chart_id), hide_index=True, width="stretch")
    spec_col, csv_col = st.columns(2)
    spec_col.download_button(
        "Download chart (Vega-Lite JSON)", partial(json.dumps, chart, indent=1), file_name=f"{chart_id}.vl.json", mime="application/json", on_click="ignore", key=f"dl_spec_{chart_id}"
    )
    csv_col.download_button(
        "Download data (CSV)", partial(csv_of, chart_id), file_name=f"{chart_id}.csv", mime="text/csv", on_click="ignore", key=f"dl_csv_{chart_id}"
    )


st.subheader("How many improve")
show(
    spec("reversibility"),
    chart_id="reversibility",
    alt="In APEX, 64% of patients with grade 2 or worse neuropathy improved or resolved: 68% with a dose change versus 47% without.",
    caption="Source: Richardson 2009, Br J Haematol (APEX), confirmed; 71% from the source article only. Lines are 95% Wilson intervals.",
)

st.subheader("How long it takes")
days = patient.days_since_dose_change
show(
    spec("time_to_improvement") if days is None else bipn.charts.with_patient_day(spec("time_to_improvement"), days),
    chart_id="time_to_improvement",
    alt="Median time to improvement was 110 days in APEX; the source article's 47 days and both ranges are not confirmed."
    + (f" This patient is {days} days after the dose change." if days is not None else ""),
    caption="Source: APEX median 110 days (confirmed); ranges and the 47-day median from the source article only (dashed)."
    + ("" if days is not None else " Enter 'Days since the last dose change' in the sidebar to mark this patient."),
)

st.subheader("Preventing it: route and schedule")
show(
    spec("incidence"),
    chart_id="incidence",
    alt="Subcutaneous bortezomib gave less neuropathy than intravenous (38% vs 53% any grade, 6% vs 16% grade 3 or worse); the weekly-dosing figures are from the source article only.",
    caption="Source: Moreau 2011, Lancet Oncol (SC 148, IV 74), confirmed; weekly vs twice weekly 9% vs 18% from the source article only (nearest primary evidence: Bringhen 2010).",
)

with st.expander("Other figures quoted by the source article"):
    others = [f for f in bipn.figures() if f.chart == "none"]
    for f in others:
        st.markdown(f"- {f.statement} *({'confirmed in a primary source' if f.provenance.is_primary else 'source article only, not confirmed'})*")
