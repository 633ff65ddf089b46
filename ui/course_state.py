"""The course in this browser tab: one typed object in st.session_state, changed only here.

Nothing of the course is written to disk, logs, the URL or a shared cache: it lives in this
session's state until the tab closes, and leaves only as the FHIR file the user downloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import streamlit as st

import bipn
from ui import state as ui_state
from bipn.course import Course, PreDoseAnswer, Visit, read_json

KEY = "_course_state"


@dataclass(frozen=True)
class Pending:
    """A visit checked but not recorded yet, with the answer shown for it."""

    visit: Visit
    answer: PreDoseAnswer | None
    headline: str


@dataclass(frozen=True)
class CourseState:
    """The course, a visit awaiting 'record', the last imported file, and a message to show once."""

    course: Course = field(default_factory=Course)
    pending: Pending | None = None
    imported_file: str | None = None
    notice: tuple[str, str] | None = None  # (kind, text): 'success' | 'error' | 'info'; text is plain, not Markdown


NOTICE_MAX_CHARS = 500


def get() -> CourseState:
    state = st.session_state.get(KEY)
    if not isinstance(state, CourseState):
        state = CourseState()
        st.session_state[KEY] = state
    return state


def _put(state: CourseState) -> CourseState:
    st.session_state[KEY] = state
    return state


def set_pending(pending: Pending | None) -> CourseState:
    return _put(replace(get(), pending=pending, notice=None))


def record_pending() -> CourseState:
    """Add the pending visit to the course (a message says what happened)."""
    state = get()
    if state.pending is None:
        return _put(replace(state, notice=("info", "Nothing to record: check a visit first.")))
    try:
        course = state.course.add(state.pending.visit)
    except bipn.InputError as exc:
        return _put(replace(state, notice=("error", str(exc))))
    on = state.pending.visit.on.isoformat()
    return _put(replace(state, course=course, pending=None, notice=("success", f"Visit of {on} recorded ({len(course.visits)} in the course).")))


def add_visit(visit: Visit, done: str) -> CourseState:
    """Add a visit made on another page (the assessment's withhold or resolution) to the
    course; ``done`` says what was recorded. A refused visit leaves the course as it was."""
    state = get()
    try:
        course = state.course.add(visit)
    except bipn.InputError as exc:
        return _put(replace(state, notice=("error", str(exc))))
    return _put(replace(state, course=course, pending=None, notice=("success", done)))


def set_baseline(baseline: bipn.Findings) -> CourseState:
    state = get()
    return _put(replace(state, course=state.course.with_baseline(baseline), notice=("success", "Baseline recorded.")))


def import_file(file_id: str, data: bytes) -> CourseState:
    """Replace the course with the one in an uploaded file, once per file; a refused file
    leaves the current course as it was and says why."""
    state = get()
    if file_id == state.imported_file:
        return state
    try:
        course, notes = read_json(data)
    except bipn.InputError as exc:
        # The reason may quote the file: cut short here, and drawn as plain text by the page.
        reason = str(exc) if len(str(exc)) <= NOTICE_MAX_CHARS else str(exc)[:NOTICE_MAX_CHARS] + " [cut]"
        return _put(replace(state, imported_file=file_id, notice=("error", f"Import refused: {reason} The course on screen is unchanged.")))
    n = len(course.visits)
    ui_state.clear_lost()  # the record is whole again
    text = f"Course imported: {n} visit{'s' if n != 1 else ''}."
    if notes:  # which questionnaire each check follows, and any answered item not taken (named, not dropped)
        text += " " + " ".join(notes)
        text = text if len(text) <= 4 * NOTICE_MAX_CHARS else text[: 4 * NOTICE_MAX_CHARS] + " [cut]"
    return _put(replace(state, course=course, pending=None, imported_file=file_id, notice=("success", text)))


def clear() -> CourseState:
    # The uploader may still hold the last imported file: remember it, or it would come straight back.
    return _put(CourseState(imported_file=get().imported_file, notice=("info", "A new, empty course. The previous one is gone from this tab unless you downloaded it.")))


def take_notice() -> tuple[str, str] | None:
    """The message to show on this run (shown once)."""
    state = get()
    if state.notice is not None:
        _put(replace(state, notice=None))
    return state.notice
