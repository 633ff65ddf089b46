"""How a `bipn` result is drawn: summary first, basis and sources one click away.

Each card is a coloured box and one expander; the expander's Markdown block and link to the
rule in Evidence are drawn only once it is opened (see ``opened``): few elements per card keeps
a page's rerun (and so every click) fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.errors import StreamlitDuplicateElementKey

from bipn import Card, Citation, Severity
from bipn.rules.dose_state import DoseState
from ui import nav

_BOX = {
    Severity.CONTRAINDICATED: st.error,
    Severity.CRITICAL: st.error,
    Severity.AVOID: st.error,
    Severity.WARNING: st.warning,
    Severity.CAUTION: st.warning,
    Severity.MONITOR: st.info,
    Severity.INFO: st.info,
}
_MESSAGES = ("error", "warning", "info", "success")
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^])")


# GitHub-flavoured Markdown links bare addresses (http://, https://, www., a@b.c) in the text
# that remains after escapes are read, so escaping cannot stop it: a WORD JOINER (U+2060,
# invisible, never a line break) inside each such address does.
_AUTOLINK = re.compile(r"(?i)(?<=http)(?=s?://)|(?<=\bwww)(?=\.)|(?<=@)(?=[-\w])")
WORD_JOINER = "\u2060"


def plain(text: str) -> str:
    """``text`` for a Markdown element, shown exactly as written: every character Markdown,
    Streamlit (colours, icons, maths) or HTML would read is escaped, and bare addresses are
    kept from being linked, so a name a clinician typed can never become a link, an image
    or a formula."""
    return _MARKUP.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, text)).replace("\n", "  \n")


def message(kind: str, text: str) -> None:
    """The one way to show an error, caution, note or confirmation whose text may quote what
    the user typed (a field's value, a name, a file's contents): ``kind`` is "error",
    "warning", "info" or "success", and ``text`` is shown as written (see ``plain``), never
    read as Markdown, HTML or maths."""
    if kind not in _MESSAGES:
        raise ValueError(f"kind must be one of {', '.join(_MESSAGES)} (got {kind!r})")
    getattr(st, kind)(plain(text))


def error(text: str) -> None:
    """``text`` in a red box, as plain text (``message``)."""
    message("error", text)


def warning(text: str) -> None:
    """``text`` in a yellow box, as plain text (``message``)."""
    message("warning", text)


def box(c: Card) -> None:
    """The coloured box of a card: its level in words (colour never carries it alone)."""
    _BOX[c.severity](f"**{c.severity.word}:** {plain(c.summary)}")


def sources_markdown(citations: Iterable[Citation]) -> str:
    """Each source as a Markdown list item with its provenance and a link to the original."""
    lines = []
    for c in citations:
        ref = c.reference
        note = f" — {c.note}" if c.note else ""
        name = f"[{ref.short}]({ref.link})" if ref.link else plain(ref.short)
        lines.append(f"- {name} · *{c.provenance.label}*{plain(note)}")
    return "\n".join(lines)


def sources(citations: Iterable[Citation]) -> None:
    st.markdown(sources_markdown(citations))


def basis_markdown(c: Card) -> str:
    """The rule's statement, the steps from the inputs, and the sources, as one block."""
    parts = [plain(c.detail)]
    if c.audit:
        parts.append("**How this was reached**\n\n" + "\n".join(f"1. {plain(step)}" for step in c.audit))
    parts.append("**Sources**\n\n" + sources_markdown(c.sources))
    return "\n\n".join(parts)


def opened(label: str, key: str, *, expanded: bool = False) -> DeltaGenerator | None:
    """An expander whose contents are drawn only while it is open: the expander while open,
    None while closed. Opening it reruns (the fragment it is in, or the page) to draw them.

    Streamlit draws a closed expander's contents anyway, on every run and every redraw; a
    page of cards then costs most of its time in text nobody opened. ``key`` names it (its
    open state lasts while it is drawn); when the same key is used twice in a run (the same
    card shown twice on a page), the later ones get a number.
    """
    for n in range(1, 100):
        try:
            expander = st.expander(label, expanded=expanded, key=key if n == 1 else f"{key}-{n}", on_change="rerun")
        except StreamlitDuplicateElementKey:
            continue
        return expander if expander.open else None
    raise RuntimeError(f"too many expanders keyed {key!r} on one page")


def card(c: Card, *, expanded: bool = False) -> None:
    """A coloured box with the summary (severity also in words), and the basis below it."""
    box(c)
    if (basis := opened("Basis and sources", f"basis-{c.rule_id}", expanded=expanded)) is not None:
        basis.markdown(basis_markdown(c))
        _rule_link(basis, c)


def _rule_link(where: DeltaGenerator, c: Card) -> None:
    """The link from a card's basis to its rule on the Evidence page."""
    where.page_link(nav.link("evidence"), label=f"Open rule {c.rule_id} in Evidence", query_params={"rule": c.rule_id})


def cards(items: Iterable[Card]) -> None:
    for c in items:
        card(c)


def grouped(items: Iterable[Card], key: str) -> None:
    """Cards of one kind (e.g. the supplement cautions for everyone) as one box per level (each
    summary a line, the level in words) and their bases in one expander, each under its
    summary, with its rule's link: two elements for the group, not two per card."""
    items = list(items)
    levels = list(dict.fromkeys(c.severity for c in items))
    for level in levels:
        lines = [f"- {plain(c.summary)}" for c in items if c.severity is level]
        _BOX[level](f"**{level.word}:**\n\n" + "\n".join(lines))
    if items and (basis := opened("Basis and sources", key)) is not None:
        for c in items:
            basis.markdown(f"**{plain(c.summary)}**\n\n{basis_markdown(c)}")
            _rule_link(basis, c)


def checklist(items: Iterable[Card]) -> None:
    """General advice (work-up, monitoring) as one list, each line with its sources."""
    blocks = []
    for c in items:
        refs = "; ".join(
            (f"[{s.reference.short}]({s.reference.link})" if s.reference.link else plain(s.reference.short)) + f" ({s.provenance.label})"
            for s in c.sources
        )
        flag = f"**{c.severity.word}:** " if c.severity is not Severity.INFO else ""
        blocks.append(f"- {flag}{plain(c.summary)}  \n  *Sources: {refs}*")
    st.markdown("\n".join(blocks))


def working(items: Iterable[Card], title: str, key: str) -> None:
    """Routine calculations (dose in mg, volume, grades recorded): one line each, their bases
    in one expander. Warnings and critical cards among them still get a box of their own."""
    items = list(items)
    for c in items:
        if c.severity is not Severity.INFO:
            box(c)
    if (basis := opened(title, key)) is not None:
        basis.markdown("\n\n---\n\n".join(f"**{plain(c.summary)}**\n\n{basis_markdown(c)}" for c in items))


def dose_state(state: DoseState) -> None:
    """The course's dose state, at the top of every page: a hold or a stop in red, a restart
    in yellow, a dose in force in blue (not started is said on the disclaimer's line)."""
    kind = state.kind.value
    box = {"on_hold": st.error, "discontinued": st.error, "restart_recorded": st.warning}.get(kind, st.info)
    with st.container(key=f"dose-state-{kind.replace('_', '-')}"):
        box(f"**Dose state:** {plain(state.text)}")
