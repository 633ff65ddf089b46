"""Evidence: every reference, rule and figure with its sources, provenance and review status."""

import streamlit as st

import bipn
from ui import context, render

context.current()  # every page starts here: it makes sure the router drew the sidebar
st.header("Evidence and questions")
st.caption(f"Content version {bipn.CONTENT_VERSION}, reviewed {bipn.REVIEW_DATE}. Review status of every item is shown with it.")

STATUS = {"submitted": "Submitted", "under_review": "Under review (checked against the project fact sheet; awaiting clinical sign-off)", "approved": "Approved"}

wanted = st.query_params.get("rule")
rules = bipn.rules()
if wanted in rules:
    rule = rules[wanted]
    with st.container(border=True, key="evidence-focus"):
        st.subheader(f"Rule {rule.id}")
        st.markdown(f"**{rule.statement}**")
        st.caption(f"Review status: {STATUS[rule.status]}, {rule.reviewed}")
        render.sources(rule.citations)
elif wanted:
    st.warning(f"No rule with the id {wanted!r}.")

rules_tab, figures_tab, refs_tab = st.tabs(["Rules", "Figures", "References"])
with rules_tab:
    for rule in rules.values():
        with st.expander(f"{rule.id}: {rule.summary.split('{')[0].rstrip(' :(')}", expanded=rule.id == wanted):
            st.markdown(rule.statement)
            st.caption(f"Severity: {rule.severity.value}. Review status: {STATUS[rule.status]}, {rule.reviewed}")
            render.sources(rule.citations)
with figures_tab:
    for f in bipn.figures():
        with st.expander(f"{f.label}"):
            st.markdown(f.statement)
            st.caption(
                ("Confirmed in a primary source" if f.provenance.is_primary else "Source article only, not confirmed")
                + f". Review status: {STATUS[f.status]}, {f.reviewed}"
            )
            render.sources(f.citations)
with refs_tab:
    st.dataframe(
        [{"Reference": r.short, "Kind": r.kind.replace("_", " "), "Citation": r.citation, "Link": r.link} for r in bipn.references()],
        column_config={"Link": st.column_config.LinkColumn("Link or DOI")},
        hide_index=True,
        width="stretch",
    )
