"""Choosing a CTCAE grade: one tap on 0-4 (a phone opens a select as a list to tap through,
two taps), with the grade's CTCAE words below it."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from bipn.clinical.grading import Term, ctcae, versions


def grade_choice(label: str, term: Term, key: str, where: DeltaGenerator | None = None, *, in_form: bool = False) -> int | None:
    """The grade chosen (None until one is). Below it: all five grades' words until one is
    chosen, then the chosen grade's. In a form the value only arrives when the form is
    sent, so there the five are always shown."""
    dg = where if where is not None else st
    g = dg.radio(label, range(5), index=None, key=key, horizontal=True)
    if g is None or in_form:
        dg.caption(" · ".join(f"{n}: {term.grades[n]}" for n in range(5)))
    else:
        dg.caption(f"Grade {g}: {term.wording(g)}")
    return g


def version_choice(key: str, where: DeltaGenerator | None = None, *, show_label: bool = True) -> str:
    """The CTCAE version to grade with: v5.0 unless v6.0 is chosen. Where the wording differs
    the caption says so, and that the label's actions map the same way. Without
    ``show_label`` the label is kept for screen readers only (the options name the version)."""
    dg = where if where is not None else st
    version = dg.radio(
        "CTCAE version", versions(), key=key, horizontal=True,
        label_visibility="visible" if show_label else "collapsed",
        format_func=lambda v: f"CTCAE v{v}" + (" (default)" if v == versions()[0] else ""),
    )
    if ctcae(version).label_mapping:
        dg.caption(ctcae(version).label_mapping)
    return version
