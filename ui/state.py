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
from datetime import datetime, timedelta
from typing import Any

import streamlit as st

import bipn

KEPT = "_kept"
# Widget keys that hold what a clinician entered (buttons and forms are not kept).
KEPT_PREFIXES = ("pt_", "g_", "q_", "rf_", "cv_", "bl_", "audience", "question", "evidence_list", "show_note", "grade_mode")
# Buttons cannot be given a value: never kept.
NOT_KEPT_SUFFIXES = ("_record", "_clear", "_download", "_upload", "_button")
# Records a clinician made (a Confirmation each): kept until the clinician clears them. The
# resolution that ends a hold is a visit of the course (ui/course_state.py), not kept here.
RECORDS = ("autonomic_record",)

RELOAD_NOTE = "Kept only while this browser tab stays open: a reload or a new tab starts empty, and nothing is saved anywhere."


def _kept() -> dict[str, Any]:
    return st.session_state.setdefault(KEPT, {})


PAGE = "_kept_page"


ALIVE = "_record_alive"  # set on a session's first run: its absence means a new server session
FIRST = "_record_first_run"
LOST = "_record_lost"
# Values only a person types or picks (their defaults are empty). A new server session that
# arrives with one of them set is a tab that reconnected to another replica: its widgets came
# back from the browser, but the course and the recorded confirmations lived on the server
# that was lost.
TYPED_KEYS = ("pt_age", "pt_height", "pt_weight", "pt_scr", "pt_dose", "pt_dose_other", "pt_days", "pt_meds", "g_sensory", "g_motor",
              "cv_v_sensory", "cv_v_motor", "cv_v_nurse", "cv_v_temperature_c", "bl_sensory", "question")
LOST_MESSAGE = (
    "The connection moved to another server, and this tab's course and recorded confirmations could not come "
    "with it (the form values are back). Nothing of the record is kept on any server, by design. Import the "
    "course's FHIR file on the Course page, or record again, before relying on a dose state: the nurse's "
    "pre-dose check will not answer from this partial record."
)


TOKEN = "rec_token"  # noqa: S105 - a widget key, not a secret


def record_token(has_record: bool) -> None:
    """A hidden widget whose value the browser keeps and resends on a reconnect: "1" while
    this tab holds a record (a course or a recorded confirmation). Drawn first in every run:
    on a new server session it still carries the browser's value, so a tab that had a record
    and reconnected without it is told (``note_lost_record``). The value holds no patient data."""
    if not st.session_state.get(FIRST):
        st.session_state[TOKEN] = "1" if has_record else ""
    with st.container(key="record-token"):
        st.text_input("Record present (internal)", key=TOKEN, label_visibility="collapsed")
        _rerun_on_reconnect()


@st.fragment(run_every=timedelta(hours=1))
def _rerun_on_reconnect() -> None:
    """Draws nothing. Streamlit's browser side asks for a run after a reconnect only when a
    fragment of the page runs on a timer (or one ran last); without this, a tab that
    reconnected to another replica would keep showing what that replica had lost."""


def note_lost_record() -> bool:
    """On a session's first complete run: True (once) when it came with typed values but no
    record, i.e. a reconnect after a replica was lost. The flag stays until ``clear_lost``."""
    if not st.session_state.pop(FIRST, False):
        return False
    if st.session_state.get(TOKEN) == "1" or any(st.session_state.get(k) not in (None, "", [], ()) for k in TYPED_KEYS):
        st.session_state[LOST] = True
        return True
    return False


def record_lost() -> bool:
    return bool(st.session_state.get(LOST))


def clear_lost() -> None:
    st.session_state.pop(LOST, None)


def restore(page: str | None = None) -> None:
    """Give back every kept value whose widget Streamlit has forgotten (call first in a run).

    On the first run of another page (``page`` differs from the last run's), every kept value
    is also set again: a widget drawn anew after a page switch or Back would otherwise show its
    empty default while the run used the kept value (what is shown must be what is used).
    Only then: on other runs a value set again would overwrite text being typed.
    """
    if ALIVE not in st.session_state:
        st.session_state[ALIVE] = True
        st.session_state[FIRST] = True
    switched = page is not None and st.session_state.get(PAGE) != page
    if page is not None:
        st.session_state[PAGE] = page
    for key, value in _kept().items():
        if key not in st.session_state:
            st.session_state[key] = value
        elif switched and _same(st.session_state[key], value):
            st.session_state[key] = value  # tells the browser to show it


def _same(a: object, b: object) -> bool:
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - values that cannot be compared are left alone
        return False


def keep() -> None:
    """Remember this run's entered values (call at the end of every run)."""
    kept = _kept()
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(KEPT_PREFIXES) and not key.endswith(NOT_KEPT_SUFFIXES):
            kept[key] = st.session_state[key]


RESET = "_reset_prefix"


def reset_next_run(prefix: str) -> None:
    """Ask for every entered value whose key starts with ``prefix`` to be emptied at the start
    of the next run (a form that starts anew). Widgets already drawn in this run cannot be
    changed, and a value removed rather than set would stay on the browser's screen."""
    st.session_state[RESET] = prefix


def apply_reset(blanks: dict[str, object]) -> None:
    """Call before the form is drawn: empties the values ``reset_next_run`` asked for.
    ``blanks`` gives the empty value of the keys whose empty value is not '' / False / None."""
    prefix = st.session_state.pop(RESET, None)
    if prefix is None:
        return
    kept = _kept()
    for key in [k for k in {*kept, *st.session_state.keys()} if isinstance(k, str) and k.startswith(prefix)]:
        value = st.session_state.get(key, kept.get(key))
        blank = blanks.get(key, "" if isinstance(value, str) else False if isinstance(value, bool) else None)
        st.session_state[key] = blank
        kept[key] = blank


@contextmanager
def kept_run(page: str | None = None) -> Iterator[None]:
    """Restore before the run and keep after it, however the run ends (rerun, page switch).
    app.py passes the page's URL path; a fragment's run passes none."""
    restore(page)
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
