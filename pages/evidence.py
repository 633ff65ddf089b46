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



def cited(citations) -> str:
    return "; ".join(f"{c.reference.short} ({c.provenance.label})" for c in citations)


@st.cache_data(show_spinner=False)
def tables() -> dict[str, list[dict]]:
    """Every rule, dose band, figure and reference as rows (reference content only)."""
    return {
        "rules": [
            {"Rule": r.id, "Statement": r.statement, "Severity": r.severity.value, "Sources and provenance": cited(r.citations), "Review": review(r.status, r.reviewed)}
            for r in bipn.rules().values()
        ],
        "drugs": [
            {
                "Agent": a.display,
                "Source article": a.article_line,
                "Guidelines": a.guideline_line,
                "Label dose by kidney function": "; ".join(f"{b.label}: {b.text}" for b in a.bands) or "No band in the reviewed sources",
                "Sources and provenance": cited(a.citations + a.band_citations + a.dialysis_citations),
                "Review": review(a.status, a.reviewed),
            }
            for a in bipn.agents().values()
        ],
        "figures": [
            {
                "Figure": f.label,
                "Statement": f.statement,
                "Provenance": "Confirmed in a primary source" if f.provenance.is_primary else "Source article only, not confirmed",
                "Sources": cited(f.citations),
                "Review": review(f.status, f.reviewed),
            }
            for f in bipn.figures()
        ],
        "references": [
            {"Reference": r.short, "Kind": r.kind.replace("_", " "), "Citation": r.citation, "Link": r.link} for r in bipn.references()
        ],
    }


LISTS = {"rules": "Rules", "drugs": "Analgesic doses", "figures": "Figures", "references": "References"}
# One list at a time: each table is a data grid, and drawing four costs a visible pause.
shown = st.radio("Browse", list(LISTS), format_func=LISTS.get, horizontal=True, key="evidence_list")
if shown == "references":  # the one list with links to follow
    st.dataframe(tables()[shown], column_config={"Link": st.column_config.LinkColumn("Link or DOI")}, hide_index=True, width="stretch")
else:
    st.table(tables()[shown], hide_index=True)
