"""How a `bipn` result is drawn: summary first, basis and sources one click away."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from bipn.cards import Card, Severity
from bipn.evidence import Citation

EVIDENCE_PAGE = "pages/evidence.py"
_BOX = {Severity.INFO: st.info, Severity.WARNING: st.warning, Severity.CRITICAL: st.error}
_WORD = {Severity.INFO: "Info", Severity.WARNING: "Caution", Severity.CRITICAL: "Important"}


def sources(citations: Iterable[Citation]) -> None:
    """Each source with its provenance and a link to the original."""
    for c in citations:
        ref = c.reference
        note = f" — {c.note}" if c.note else ""
        st.markdown(f"- [{ref.short}]({ref.link}) · *{c.provenance.label}*{note}")


def basis(c: Card, *, evidence_link: bool = True) -> None:
    """The rule's statement, the steps from the inputs, and the sources."""
    st.markdown(c.detail)
    if c.audit:
        st.markdown("**How this was reached**")
        st.markdown("\n".join(f"1. {step}" for step in c.audit))
    st.markdown("**Sources**")
    sources(c.sources)
    if evidence_link:
        st.page_link(EVIDENCE_PAGE, label=f"Open rule {c.rule_id} in Evidence", query_params={"rule": c.rule_id})


def card(c: Card, *, expanded: bool = False) -> None:
    """A coloured box with the summary (severity also in words), and the basis below it."""
    _BOX[c.severity](f"**{_WORD[c.severity]}:** {c.summary}")
    with st.expander("Basis and sources", expanded=expanded):
        basis(c)


def cards(items: Iterable[Card]) -> None:
    for c in items:
        card(c)
