"""The next dose the whole record allows: the label action at the dose in force, read through
the course's dose state (hold, restart, discontinued), the liver and the last dose's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bipn.content.cards import Card, card
from bipn.record.visits import Course, Visit
from bipn.rules.dose_state import SCHEDULE_WORDS, DoseState, Kind, label_action, min_days_between_doses, resolution_check, step
from bipn.clinical.dosing import Action, DoseAction, Schedule, dose_action, dose_table, format_dose
from bipn.core.errors import InputError
from bipn.clinical.findings import Confirmation, Findings
from bipn.clinical.liver import Hepatic

_EPS = 1e-9


@dataclass(frozen=True)
class NextDose:
    """What the record allows next.

    ``gate``: the card that rules out any dose (on hold, resolution refused, discontinued),
    else None. ``restart``: the restart card when this dose ends a hold. ``dose_mg_m2``: the
    highest dose allowed next (None: none). ``schedule``: the schedule it is given on.
    ``earliest``: the first date it may be given (None: no earlier dose in the course).
    ``state``: the dose state with today's resolution, if any, taken into account.
    """

    gate: Card | None
    restart: Card | None
    dose_mg_m2: float | None
    schedule: Schedule | None
    earliest: date | None
    state: DoseState
    cards: tuple[Card, ...] = ()


def last_tolerated(course: Course, before: int | None = None) -> tuple[float, date] | None:
    """The last dose followed by an assessment that called for no change (before index ``before``).

    A dose is 'tolerated' when the next visit's findings give the label action 'continue' at
    that dose. None when no dose in the course qualifies yet.
    """
    visits = course.visits[:before]
    found = None
    for i, v in enumerate(visits[:-1]):
        if v.dose_given_mg_m2 is not None and _action_at(visits[i + 1].findings, v.dose_given_mg_m2) is Action.CONTINUE:
            found = (v.dose_given_mg_m2, v.on)
    return found


def _action_at(f: Findings, dose_mg_m2: float) -> Action | None:
    try:
        return _dose_action_at(f, dose_mg_m2)
    except InputError:  # findings the label table cannot read: not 'tolerated'
        return None


def _dose_action_at(f: Findings, dose_mg_m2: float) -> Action:
    return dose_action(
        sensory_grade=f.sensory_grade, motor_grade=f.motor_grade, neuropathic_pain=f.neuropathic_pain,
        severe_autonomic=f.severe_autonomic, autonomic_confirmed=f.autonomic_confirmation is not None,
        current_dose_mg_m2=dose_mg_m2,
    ).action


def ever_stopped(course: Course) -> bool:
    """True when any visit of the course started a hold."""
    return any(v.action in (Action.WITHHOLD, Action.DISCONTINUE) or label_action(v.findings) in (Action.WITHHOLD, Action.DISCONTINUE) for v in course.visits)


def earliest_next(state: DoseState) -> date | None:
    """The first date the next dose may be given after the last dose (None: no dose yet)."""
    if state.last_dose_on is None:
        return None
    return state.last_dose_on + timedelta(days=min_days_between_doses(state.schedule))


def today_state(course: Course, findings: Findings, on: date | None, resolution: Confirmation | None, schedule: Schedule | None,
                typed_mg_m2: float | None = None) -> DoseState:
    """The state with today's (unrecorded) resolution read against today's grades; before
    any dose is recorded, the dose in force is the one typed (``typed_mg_m2``)."""
    state = DoseState(Kind.NOT_STARTED, dose_mg_m2=typed_mg_m2)
    for visit in course.visits:
        state = step(state, visit, course.baseline, schedule)
    if resolution is not None and on is not None:
        state = step(state, Visit(on=on, findings=findings, resolution=resolution), course.baseline, schedule)
    return state


def next_dose(
    course: Course,
    findings: Findings,
    dose: DoseAction,
    *,
    on: date | None,
    resolution: Confirmation | None,
    hepatic: Hepatic,
    schedule: Schedule | None,
    typed_mg_m2: float | None = None,
) -> NextDose:
    """The next dose from the record. ``dose`` is the label action for today's findings at the
    dose in force (``dose_in_force``); ``schedule`` and ``typed_mg_m2`` the patient's
    recorded schedule and current dose, as entered."""
    before = today_state(course, findings, None, None, schedule, typed_mg_m2)
    state = today_state(course, findings, on, resolution, schedule, typed_mg_m2)
    met, detail = resolution_check(findings, course.baseline)
    base = dict(state=state, earliest=earliest_next(state))
    if state.kind is Kind.DISCONTINUED:
        return NextDose(card("state.discontinued", since=state.since.isoformat(), grade=state.grade), None, None, None, **base)
    if dose.action is Action.DISCONTINUE or (dose.action is not Action.CONTINUE and dose.action is not Action.REDUCE and state.kind is not Kind.ON_HOLD):
        return NextDose(None, None, None, None, **base)
    if state.kind is Kind.ON_HOLD:
        if resolution is not None:
            gate = card("state.resolution_refused", detail=detail, audit=(f"resolution recorded {resolution.when}: {resolution.what}",))
        else:
            gate = card("state.on_hold_met" if met else "state.on_hold", since=state.since.isoformat(), grade=state.grade, detail=detail)
        return NextDose(gate, None, None, None, **base)
    allowed = dose.next_dose_mg_m2
    sched = state.schedule if state.kind is Kind.ON_DOSE else schedule
    if state.kind is Kind.RESTART_RECORDED:
        sched = Schedule.WEEKLY
        if state.dose_mg_m2 is None:
            last = before.dose_mg_m2
            gate = card("state.restart_below_label", when=state.confirmation.when, dose=format_dose(last) if last is not None else "unknown")
            return NextDose(gate, None, None, sched, **base)
    cards: list[Card] = []
    if allowed is not None and ever_stopped(course):
        tolerated = last_tolerated(course)
        if tolerated is not None and allowed > tolerated[0] + _EPS:
            cards.append(card("course.retreat_above_tolerated", on=on.isoformat() if on else "the next visit", dose=format_dose(allowed),
                              tolerated=format_dose(tolerated[0]), tolerated_on=tolerated[1].isoformat()))
            allowed = tolerated[0]
    if allowed is not None and hepatic.may_be_moderate_or_severe:
        table = dose_table()
        allowed = min(allowed, table.hepatic_start_mg_m2 if course.last_dose_visit() is None else max(table.hepatic_later_mg_m2))
    restart = None
    if state.kind is Kind.RESTART_RECORDED and allowed is not None:
        when = state.confirmation.when
        restart = card("state.restart", dose=format_dose(allowed), when=when, audit=(f"resolution {when}: {state.confirmation.what}",))
    if base["earliest"] is not None and on is not None and on < base["earliest"]:
        cards.append(card("state.next_not_before", last=state.last_dose_on.isoformat(), schedule=SCHEDULE_WORDS.get(sched, "72 hours between doses; schedule not recorded"),
                          earliest=base["earliest"].isoformat()))
    return NextDose(None, restart, allowed, sched, cards=tuple(cards), **base)


def dose_in_force(course: Course | None, findings: Findings, on: date | None, resolution: Confirmation | None,
                  schedule: Schedule | None, typed_mg_m2: float | None) -> float | None:
    """The dose the label table is read at: the restart dose once a resolution is recorded
    (today or in the course), the last dose given in the course, else the dose typed."""
    if course is None:
        return typed_mg_m2
    state = today_state(course, findings, on, resolution, schedule, typed_mg_m2)
    if state.kind is Kind.RESTART_RECORDED and state.dose_mg_m2 is not None:
        return state.dose_mg_m2
    last = course.last_dose_mg_m2()
    return last if last is not None else typed_mg_m2
