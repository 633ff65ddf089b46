"""Evidence: ask a follow-up question first; every rule, dose, figure and reference one click away."""

from collections.abc import Iterable

import streamlit as st

import bipn
from ui import context, nav, render

context.current()  # every page starts here: it makes sure the router drew the sidebar

PAGE_TITLES = {
    "assessment": "Assessment and dose",
    "pain": "Pain management",
    "education": "Patient education",
    "prognosis": "Prognosis",
    "evidence": "Evidence and questions",
}
STATUS = {
    "submitted": "Submitted (written after the second review; awaiting clinical review)",
    "under_review": "Under review (checked against the project fact sheet; awaiting clinical sign-off)",
    "approved": "Approved",
}


def review(status: str, reviewed: str) -> str:
    return f"Review status: {STATUS[status]}, {reviewed}"


st.header("Evidence and questions")

question = st.text_input(
    "Ask a follow-up question",
    key="question",
    placeholder="e.g. pregabalin on dialysis? capsaicin patch? is it reversible?",
)
st.caption(f"Works offline; your question stays in this browser tab. Content version {bipn.CONTENT_VERSION}, reviewed {bipn.REVIEW_DATE}.")
if question.strip():
    try:
        results = bipn.search(question, k=5)
    except bipn.InputError as exc:  # e.g. over 500 characters: said, never cut silently
        render.error(str(exc))
        results = None
    if results == []:
        st.info("Nothing in the reviewed content answers that well. Try other words, or browse the lists below.")
    for r in results or ():
        with st.container(border=True):
            st.markdown(f"**{r.title}**")
            if r.answer:
                st.success(r.answer)
                rest = r.text[len(r.answer):].strip()
                if (box := render.opened("More about this", f"more-{r.title}")) is not None:
                    box.markdown(rest)
            else:
                st.markdown(r.text)
            render.sources(r.sources)
            st.page_link(nav.link(r.page), label=f"Where it applies: {PAGE_TITLES[r.page]}")

wanted = st.query_params.get("rule")
rules = bipn.rules()
if wanted in rules:
    rule = rules[wanted]
    with st.container(border=True, key="evidence-focus"):
        st.subheader(f"Rule {rule.id}")
        st.markdown(f"**{rule.statement}**")
        if rule.evidence:
            st.markdown(f"Evidence: {rule.evidence}")
        st.caption(f"Severity: {rule.severity.value}. {review(rule.status, rule.reviewed)}")
        render.sources(rule.citations)
elif wanted:
    st.warning("The link named a rule that does not exist. Browse the rules below.")


def cited(citations: Iterable[bipn.Citation]) -> str:
    return "; ".join(f"{c.reference.short} ({c.provenance.label})" for c in citations)


def evidence_only(figure: bipn.Figure) -> bool:
    """The source article's uncharted claims: listed here only, never on the other pages."""
    return figure.chart == "none" and not figure.provenance.is_primary


@st.cache_data(show_spinner=False)
def tables() -> dict[str, list[dict]]:
    """Every rule, dose band, figure and reference as rows (reference content only)."""
    return {
        "rules": [
            {
                "Rule": r.id,
                "Statement": r.statement,
                "Evidence": r.evidence,
                "Severity": r.severity.value,
                "Sources and provenance": cited(r.citations),
                "Review": review(r.status, r.reviewed),
            }
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
            if not evidence_only(f)
        ],
        "claims": [
            {"Claim": f.label, "What the source article says": f.statement, "Sources": cited(f.citations), "Review": review(f.status, f.reviewed)}
            for f in bipn.figures()
            if not f.provenance.is_primary
        ],
        "references": [
            {"Reference": r.short, "Kind": r.kind.replace("_", " "), "Citation": r.citation, "Link": r.link} for r in bipn.references()
        ],
    }


LISTS = {
    "rules": "Rules",
    "drugs": "Analgesic doses",
    "figures": "Figures",
    "claims": "Source article's unconfirmed claims",
    "references": "References",
}
# Compact: the lists are drawn only once asked for, and one list at a time.
if (browse := render.opened("Browse every rule, dose, figure and reference", "browse")) is not None:
    with browse:
        shown = st.radio("Browse", list(LISTS), format_func=LISTS.get, horizontal=True, key="evidence_list")
        if shown == "references":  # the one list with links to follow
            st.dataframe(tables()[shown], column_config={"Link": st.column_config.LinkColumn("Link or DOI")}, hide_index=True, width="stretch")
        else:
            st.table(tables()[shown], hide_index=True)
