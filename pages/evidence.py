"""Evidence: ask a follow-up question; every reference, rule and figure with its basis."""

import streamlit as st

import bipn
from ui import context, render

context.current()  # every page starts here: it makes sure the router drew the sidebar

PAGE_TITLES = {
    "assessment": "Assessment and dose",
    "pain": "Pain management",
    "education": "Patient education",
    "prognosis": "Prognosis",
    "evidence": "Evidence and questions",
}
STATUS = {
    "submitted": "Submitted",
    "under_review": "Under review (checked against the project fact sheet; awaiting clinical sign-off)",
    "approved": "Approved",
}


def review(status: str, reviewed: str) -> str:
    return f"Review status: {STATUS[status]}, {reviewed}"


st.header("Evidence and questions")
st.caption(f"Content version {bipn.CONTENT_VERSION}, reviewed {bipn.REVIEW_DATE}. Works offline; your question stays in this browser tab.")

question = st.text_input(
    "Ask a follow-up question",
    key="question",
    placeholder="e.g. pregabalin on dialysis? vitamin C? is it reversible?",
    max_chars=500,
)
if question.strip():
    try:
        results = bipn.search(question, k=5)
    except bipn.InputError as exc:
        st.error(str(exc))
        results = None
    if results == []:
        st.info("Nothing in the reviewed content answers that well. Try other words, or browse the lists below.")
    for r in results or ():
        with st.container(border=True):
            st.markdown(f"**{r.title}**")
            st.markdown(r.text)
            render.sources(r.sources)
            st.page_link(f"pages/{r.page}.py", label=f"Where it applies: {PAGE_TITLES[r.page]}")

wanted = st.query_params.get("rule")
rules = bipn.rules()
if wanted in rules:
    rule = rules[wanted]
    with st.container(border=True, key="evidence-focus"):
        st.subheader(f"Rule {rule.id}")
        st.markdown(f"**{rule.statement}**")
        st.caption(f"Severity: {rule.severity.value}. {review(rule.status, rule.reviewed)}")
        render.sources(rule.citations)
elif wanted:
    st.warning("The link named a rule that does not exist. Browse the rules below.")

rules_tab, drugs_tab, figures_tab, refs_tab = st.tabs(["Rules", "Analgesic doses", "Figures", "References"])
with rules_tab:
    for rule in rules.values():
        with st.expander(f"{rule.id}: {rule.statement.split('.')[0]}"):
            st.markdown(rule.statement)
            st.caption(f"Severity: {rule.severity.value}. {review(rule.status, rule.reviewed)}")
            render.sources(rule.citations)
with drugs_tab:
    for agent in bipn.agents().values():
        with st.expander(agent.display):
            st.markdown(f"**Source article:** {agent.article_line}  \n**Guidelines:** {agent.guideline_line}")
            if agent.bands:
                st.markdown("\n".join(f"- {b.label}: {b.text}" for b in agent.bands))
            st.caption(review(agent.status, agent.reviewed))
            render.sources(agent.citations + agent.band_citations + agent.dialysis_citations)
with figures_tab:
    for f in bipn.figures():
        with st.expander(f.label):
            st.markdown(f.statement)
            provenance = "Confirmed in a primary source" if f.provenance.is_primary else "Source article only, not confirmed"
            st.caption(f"{provenance}. {review(f.status, f.reviewed)}")
            render.sources(f.citations)
with refs_tab:
    st.dataframe(
        [{"Reference": r.short, "Kind": r.kind.replace("_", " "), "Citation": r.citation, "Link": r.link} for r in bipn.references()],
        column_config={"Link": st.column_config.LinkColumn("Link or DOI")},
        hide_index=True,
        width="stretch",
    )
