"""The course read as a whole: the dose state after each visit, the flags per visit and now,
and the days since the last dose change. Dates are passed in, never read from the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bipn.content.cards import Card, by_importance, card
from bipn.record.visits import (
    Course,
    Visit,
    check_date,
)
from bipn.rules.dose_state import SCHEDULE_WORDS, DoseState, Kind, dose_state, min_days_between_doses, resolution_check, step, stops
from bipn.clinical.dosing import Action, Schedule, dose_table, format_dose
from bipn.core.errors import InputError
from bipn.clinical.findings import Findings
from bipn.clinical.prognosis import Figure, figures
from bipn.rules.next_dose import last_tolerated


__all__ = ["CourseReview", "last_dose_change", "review", "states", "visit_flags", "withhold_in_effect", "worst_grade"]

_EPS = 1e-9


# ---- reading the course ------------------------------------------------------------------------


def worst_grade(f: Findings) -> int:
    """The worse of the sensory and motor grades (0–4)."""
    return max(f.sensory_grade, f.motor_grade)


def states(course: Course) -> tuple[DoseState, ...]:
    """The dose state before each visit, then after the last (len(visits) + 1 states)."""
    out = [DoseState(Kind.NOT_STARTED)]
    for v in course.visits:
        out.append(step(out[-1], v, course.baseline))
    return tuple(out)


def withhold_in_effect(course: Course, before: int | None = None) -> Visit | None:
    """The visit that started the hold still in effect before index ``before`` (None if none)."""
    state = states(Course(course.baseline, course.visits[:before]))[-1]
    if state.kind is not Kind.ON_HOLD:
        return None
    return next(v for v in course.visits[:before] if v.on == state.since)


def _interval_flag(course: Course, index: int, before: DoseState) -> Card | None:
    """A dose too soon after the last one: the same date, under 72 hours, or under 7 days once weekly."""
    v = course.visits[index]
    last = course.last_dose_visit(index)
    if last is None:
        return None
    days = (v.on - last.on).days
    if days == 0:
        return card("course.two_doses_one_day", on=v.on.isoformat())
    weekly = before.kind is Kind.RESTART_RECORDED or before.schedule is Schedule.WEEKLY or v.schedule is Schedule.WEEKLY
    schedule = Schedule.WEEKLY if weekly else before.schedule
    needed = min_days_between_doses(schedule)
    if days < needed:
        return card("course.interval_short", on=v.on.isoformat(), days=days, previous=last.on.isoformat(), needed=needed,
                    schedule=SCHEDULE_WORDS.get(schedule, "72 hours between doses"))
    return None


def visit_flags(course: Course, index: int) -> tuple[Card, ...]:
    """The flags raised by visit ``index`` against the visits before it and the baseline."""
    v = course.visits[index]
    before = states(Course(course.baseline, course.visits[:index]))[-1]
    out: list[Card] = []
    # The first visit is compared with the baseline, each later one with the visit before it.
    prev, prev_on = (course.visits[index - 1].findings, course.visits[index - 1].on.isoformat()) if index else (course.baseline, "baseline")
    if prev is not None:
        for name, label in (("sensory_grade", "Sensory"), ("motor_grade", "Motor")):
            was, now = getattr(prev, name), getattr(v.findings, name)
            if now > was:
                out.append(card("course.grade_worse", nerve=label, before=was, before_on=prev_on, now=now, now_on=v.on.isoformat()))
    if v.resolution is not None:
        met, detail = resolution_check(v.findings, course.baseline)
        if not met:
            # No typed text in the card: cards are drawn as Markdown; the note and table show it as plain text.
            out.append(card("course.resolution_contradicts", on=v.on.isoformat(), detail=detail))
    if v.dose_given_mg_m2 is not None:
        flag = _interval_flag(course, index, before)
        if flag is not None:
            out.append(flag)
        after_resolution = step(before, Visit(on=v.on, findings=v.findings, resolution=v.resolution), course.baseline)
        if before.kind is Kind.DISCONTINUED:
            out.append(card("course.dose_after_discontinue", on=v.on.isoformat(), since=before.since.isoformat()))
        elif after_resolution.kind is Kind.ON_HOLD:  # on hold before, or this visit's own grades hold
            out.append(card("course.dose_while_withheld", on=v.on.isoformat(), since=after_resolution.since.isoformat()))
        elif after_resolution.kind is Kind.RESTART_RECORDED:
            restart = dose_table().restart_mg_m2
            if v.dose_given_mg_m2 > restart + _EPS:
                out.append(card("course.retreat_above_label", on=v.on.isoformat(), dose=format_dose(v.dose_given_mg_m2), restart=format_dose(restart)))
        if any(stops(w) for w in course.visits[:index]):
            tolerated = last_tolerated(course, index)
            if tolerated is not None and v.dose_given_mg_m2 > tolerated[0] + _EPS:
                out.append(card("course.retreat_above_tolerated", on=v.on.isoformat(), dose=format_dose(v.dose_given_mg_m2),
                                tolerated=format_dose(tolerated[0]), tolerated_on=tolerated[1].isoformat()))
    return tuple(out)


def last_dose_change(course: Course) -> Visit | None:
    """The latest visit at which the dose changed: a reduce, withhold or discontinue, or a dose
    given that differs from the one given before it."""
    last = None
    previous = None
    for v in course.visits:
        changed = v.action in (Action.REDUCE, Action.WITHHOLD, Action.DISCONTINUE)
        if v.dose_given_mg_m2 is not None:
            changed |= previous is not None and abs(v.dose_given_mg_m2 - previous) > _EPS
            previous = v.dose_given_mg_m2
        if changed:
            last = v
    return last


def time_to_improvement_figures() -> tuple[Figure, ...]:
    """The sourced median times to improvement (bipn/data/figures.toml), confirmed first."""
    chosen = [f for f in figures() if f.chart == "time_to_improvement" and f.median_days is not None]
    return tuple(sorted(chosen, key=lambda f: not f.provenance.is_primary))


def _days_card(course: Course, on: date) -> Card | None:
    change = last_dose_change(course)
    if change is None or on < change.on:
        return None
    figs = time_to_improvement_figures()
    medians = "; ".join(
        f"{f.median_days:g} days ({f.label.split(':')[0]}, confirmed)" if f.provenance.is_primary else f"{f.median_days:g} days (source article only, not confirmed)"
        for f in figs
    )
    # Only the citations for the median itself (a range from another source is not shown here).
    sources = tuple(c for f in figs for c in f.citations if c.provenance is f.provenance)
    return card("course.days_since_change", days=(on - change.on).days, on=change.on.isoformat(), medians=medians, extra_sources=sources)


@dataclass(frozen=True)
class CourseReview:
    """What the course shows: flags per visit, the current flags, the days since the last dose change."""

    per_visit: tuple[tuple[Card, ...], ...]
    current: tuple[Card, ...]
    last_change: Visit | None
    days_since_change: int | None
    withheld_since: Visit | None
    tolerated: tuple[float, date] | None
    state: DoseState


def review(course: Course, on: date | None = None) -> CourseReview:
    """The flags over the whole course, as of ``on`` (default: the last visit's date)."""
    if not isinstance(course, Course):
        raise InputError("course", f"course must be a Course (got {course!r})")
    per_visit = tuple(visit_flags(course, i) for i in range(len(course.visits)))
    current: list[Card] = []
    on = on if on is not None else (course.visits[-1].on if course.visits else None)
    if on is not None:
        check_date("on", on)
    withheld = withhold_in_effect(course)
    if course.visits:
        current += per_visit[-1]
        last = course.visits[-1]
        if withheld is not None:
            met, detail = resolution_check(last.findings, course.baseline)
            if met:
                current.append(card("course.resolved_met", detail=detail))
            else:
                current.append(card("course.resolved_not_met", since=withheld.on.isoformat(), detail=detail))
        days = _days_card(course, on)
        if days is not None:
            current.append(days)
    if course.baseline is None:
        current.append(card("course.no_baseline"))
    change = last_dose_change(course)
    return CourseReview(
        per_visit=per_visit,
        current=by_importance(current),
        last_change=change,
        days_since_change=(on - change.on).days if change is not None and on is not None and on >= change.on else None,
        withheld_since=withheld,
        tolerated=last_tolerated(course),
        state=dose_state(course),
    )
