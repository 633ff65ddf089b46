"""Flow state: what a clinician entered, kept for as long as the browser tab stays open.

Streamlit forgets a widget's value when a run does not draw it (moving to another page, or
a collapsed mode). Every value a clinician gives is kept here, in this session's
``st.session_state`` only, and given back to its widget when the widget is drawn again, so
the patient, grades, confirmations and question survive page changes, links and Back. A
reload starts a new session: nothing is stored anywhere else, by design.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import streamlit as st

import bipn

KEPT = "_kept"
# Widget keys that hold what a clinician entered (buttons and forms are not kept).
KEPT_PREFIXES = ("pt_", "g_", "q_", "rf_", "cv_", "bl_", "audience", "question", "show_note", "grade_mode")
# Buttons cannot be given a value: never kept.
NOT_KEPT_SUFFIXES = ("_record", "_clear", "_download", "_upload", "_button")
# Records a clinician made (a Confirmation each): kept until the clinician clears them.
RECORDS = ("restart_record", "autonomic_record")

RELOAD_NOTE = "Kept only while this browser tab stays open: a reload or a new tab starts empty, and nothing is saved anywhere."


def _kept() -> dict[str, Any]:
    return st.session_state.setdefault(KEPT, {})


def restore() -> None:
    """Give back every kept value whose widget Streamlit has forgotten (call first in a run)."""
    for key, value in _kept().items():
        if key not in st.session_state:
            st.session_state[key] = value


def keep() -> None:
    """Remember this run's entered values (call at the end of every run)."""
    kept = _kept()
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(KEPT_PREFIXES) and not key.endswith(NOT_KEPT_SUFFIXES):
            kept[key] = st.session_state[key]


@contextmanager
def kept_run() -> Iterator[None]:
    """Restore before the run and keep after it, however the run ends (rerun, page switch)."""
    restore()
    try:
        yield
    finally:
        keep()


@dataclass(frozen=True)
class Record:
    """A confirmation a clinician recorded, and when (this device's clock)."""

    confirmation: bipn.Confirmation
    at: datetime

    @property
    def text(self) -> str:
        c = self.confirmation
        return f"confirmed by {c.by} on {self.at:%Y-%m-%d %H:%M}: {c.what}"


def record(name: str) -> Record | None:
    """A record the clinician made (e.g. the restart confirmation), or None."""
    return st.session_state.get(name)


def set_record(name: str, confirmation: bipn.Confirmation) -> None:
    if name not in RECORDS:
        raise KeyError(name)
    st.session_state[name] = Record(confirmation, datetime.now())


def clear_record(name: str) -> None:
    st.session_state.pop(name, None)
