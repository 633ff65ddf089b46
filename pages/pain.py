"""Pain management: both positions, doses adjusted to this patient's kidneys, liver and age."""

import streamlit as st

import bipn
from ui import context, render

ctx = context.current()
plan = bipn.pain_plan(ctx.patient)


def show_doses(plan: bipn.PainPlan) -> None:
    render.card(plan.kidney.card)
    render.cards(plan.warnings)
    render.cards(plan.alerts)
    st.dataframe(
        [
            {
                "Agent": o.display,
                "Daily dose for this patient": o.dose_text,
                "Avoid": "AVOID" if o.avoid else "",
                "Source article": o.article_line,
                "Guidelines": o.guideline_line,
            }
            for o in plan.options
        ],
        hide_index=True,
        width="stretch",
    )
    for o in plan.options:
        with st.expander(f"{o.display}: {o.dose_text}" + (" — AVOID" if o.avoid else "")):
            if o.band:
                st.markdown(f"**Label band:** {o.band}")
            for alert in o.alerts:
                st.error(alert.summary)
            for reason in o.avoid_reasons:
                st.error(reason)
            shown = {f"ALERT: {a.summary}" for a in o.alerts} | set(o.avoid_reasons)
            for caution in o.cautions:
                if caution not in shown:
                    st.warning(caution)
            if o.audit:
                st.markdown("**How this was reached**")
                st.markdown("\n".join(f"1. {step}" for step in o.audit))
            st.markdown("**Sources**")
            render.sources(o.sources)


st.header("Pain management")
if ctx.audience == "patient":
    st.info("This page is written for clinicians. Do not start or stop any medicine without your care team.")

render.card(plan.positions)
article, guidelines = st.columns(2)
agents = bipn.agents().values()
with article:
    st.markdown("#### Source article")
    st.markdown("\n".join(f"- **{a.display}**: {a.article_line}" for a in agents if a.article_line != "Not named"))
    st.caption("Not confirmed by any guideline.")
with guidelines:
    st.markdown("#### Guidelines (ASCO 2020, ESMO 2020)")
    st.markdown("\n".join(f"- **{a.display}**: {a.guideline_line}" for a in agents))

st.subheader("Doses for this patient")
if plan.options is None:
    (st.error if plan.pending.problem else st.info)(plan.pending.message)
else:
    show_doses(plan)

st.subheader("Supplements and interactions with bortezomib")
render.cards(plan.medication_alerts + plan.cautions)
