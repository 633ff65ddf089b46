"""The dose state, derived from the course: never stored beside it, so it cannot disagree.

    not started --dose--> on a dose --withhold--> on hold --resolution--> restart recorded
         |                  ^   |                  ^  |                       |
         |                  |   +--- (next dose) --+  +-- (grades disagree:   +--dose--> on a dose
         |                  |                            refused, stays on hold)          (once weekly)
         +------------------+---- discontinue (from any state) ----> discontinued (final)

A hold starts at a visit whose recorded action is a withhold, or whose findings call for one
(the label table: Grade 2 with pain, Grade 3, or severe autonomic neuropathy not yet
confirmed), whatever was recorded. A resolution ends it only when that visit's grades meet
"resolved" (``resolution_check``). Discontinuation is final: no answer offers a dose again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bipn.record.visits import Course, Visit, content
from bipn.clinical.dosing import Action, Schedule, action_without_current_dose, dose_table, format_dose
from bipn.core.errors import InputError
from bipn.clinical.findings import Confirmation, Findings

SCHEDULE_WORDS = {Schedule.TWICE_WEEKLY: "twice weekly", Schedule.WEEKLY: "once weekly"}


class Kind(str, Enum):
    NOT_STARTED = "not_started"
    ON_DOSE = "on_dose"
    ON_HOLD = "on_hold"
    RESTART_RECORDED = "restart_recorded"
    DISCONTINUED = "discontinued"


@dataclass(frozen=True)
class DoseState:
    """Where the course stands. ``dose_mg_m2``: the dose in force (on a dose: the last given;
    restart recorded: the restart dose); ``since``: the visit date the state began;
    ``grade``: the worse grade that started a hold or discontinuation; ``confirmation``: who
    recorded the resolution; ``last_dose_on``: the date of the last dose given."""

    kind: Kind
    dose_mg_m2: float | None = None
    schedule: Schedule | None = None
    since: date | None = None
    grade: int | None = None
    confirmation: Confirmation | None = None
    last_dose_on: date | None = None
    restarted: bool = False

    def proposed_dose(self, current_dose_mg_m2: float | None = None) -> float | None:
        """The dose (mg/m²) the nurse's check marks as proposed, never pre-chosen (a new visit
        starts empty, policy): the dose in force (on a dose, or the restart recorded); before
        any dose, the patient's current dose (``current_dose_mg_m2``); on hold or
        discontinued, none. It decides nothing: the check answers from the dose rules
        whatever is chosen."""
        if self.kind in (Kind.ON_DOSE, Kind.RESTART_RECORDED):
            return self.dose_mg_m2
        if self.kind is Kind.NOT_STARTED:
            return current_dose_mg_m2
        return None

    @property
    def text(self) -> str:
        """The state in a line, for the top of every page and the note."""
        if self.kind is Kind.NOT_STARTED:
            return "Not started: no dose recorded in this tab's course."
        if self.kind is Kind.ON_DOSE:
            schedule = f" {SCHEDULE_WORDS[self.schedule]}" if self.schedule else " (schedule not recorded)"
            restart = " since the restart after a withhold" if self.restarted else ""
            return f"On {format_dose(self.dose_mg_m2)} mg/m²{schedule}{restart}; last dose {self.last_dose_on.isoformat()}."
        if self.kind is Kind.ON_HOLD:
            return f"On hold since {self.since.isoformat()} (Grade {self.grade}): no dose until a clinician records resolution."
        if self.kind is Kind.RESTART_RECORDED:
            dose = f"{format_dose(self.dose_mg_m2)} mg/m² once weekly" if self.dose_mg_m2 is not None else "no labelled restart dose"
            when = self.confirmation.when if self.confirmation.at is not None else f"{self.confirmation.when} on {self.since.isoformat()}"
            return f"Restart recorded ({dose}): resolution confirmed {when}."
        return f"Discontinued on {self.since.isoformat()} (Grade {self.grade}): no further dose."


def resolution_check(findings: Findings, baseline: Findings | None) -> tuple[bool, str]:
    """Whether these grades meet 'resolved': each grade back to baseline or Grade 1 or better,
    and no neuropathic pain (policy, internal review). The comparison in words."""
    parts, met = [], True
    for name, label in (("sensory_grade", "sensory"), ("motor_grade", "motor")):
        now = getattr(findings, name)
        base = getattr(baseline, name) if baseline is not None else None
        limit = max(base, 1) if base is not None else 1
        met &= now <= limit
        against = f"baseline {base}" if base is not None else "no baseline"
        parts.append(f"{label} Grade {now} ({against})")
    if findings.neuropathic_pain:
        met = False
        parts.append("neuropathic pain present")
    return met, "; ".join(parts)


def label_action(findings: Findings) -> Action | None:
    """The label table's action for these findings, whatever the dose (a reduction stays a
    reduction: only hold and discontinue matter to the state). None for findings the table
    cannot read (neuropathic pain with both grades 0, as an imported record may hold)."""
    try:
        return _label_action(findings)
    except InputError:
        return None


def _label_action(findings: Findings) -> Action:
    return action_without_current_dose(
        sensory_grade=findings.sensory_grade,
        motor_grade=findings.motor_grade,
        neuropathic_pain=findings.neuropathic_pain,
        severe_autonomic=findings.severe_autonomic,
        autonomic_confirmed=findings.autonomic_confirmation is not None,
    ).action


def stops(visit: Visit) -> Action | None:
    """WITHHOLD or DISCONTINUE when this visit stops bortezomib (as recorded, or as its
    findings call for: the worse of the two), else None."""
    found = [a for a in (visit.action, label_action(visit.findings)) if a in (Action.WITHHOLD, Action.DISCONTINUE)]
    return max(found, key=lambda a: a.rank) if found else None


def _worst(f: Findings) -> int:
    return max(f.sensory_grade, f.motor_grade)


def step(state: DoseState, visit: Visit, baseline: Findings | None, default_schedule: Schedule | None = None) -> DoseState:
    """The state after one more visit (the transition of the diagram above)."""
    if state.kind is Kind.DISCONTINUED:
        return state
    kind, since, grade, confirmation = state.kind, state.since, state.grade, state.confirmation
    dose, schedule, last_on, restarted = state.dose_mg_m2, state.schedule, state.last_dose_on, state.restarted
    if visit.resolution is not None and kind is Kind.ON_HOLD and resolution_check(visit.findings, baseline)[0]:
        restart = dose_table().restart_mg_m2
        kind, since, confirmation = Kind.RESTART_RECORDED, visit.on, visit.resolution
        dose = restart if (state.dose_mg_m2 is None or state.dose_mg_m2 >= restart - 1e-9) else None
    if visit.dose_given_mg_m2 is not None:
        last_on = visit.on
        if kind is Kind.RESTART_RECORDED:
            kind, restarted, schedule = Kind.ON_DOSE, True, Schedule.WEEKLY
        elif kind is not Kind.ON_HOLD:
            kind = Kind.ON_DOSE
            schedule = visit.schedule or (schedule if state.kind is Kind.ON_DOSE else None) or default_schedule
        if kind is Kind.ON_DOSE:
            dose = visit.dose_given_mg_m2
    stop = stops(visit)
    if stop is Action.DISCONTINUE:
        return DoseState(Kind.DISCONTINUED, None, None, visit.on, _worst(visit.findings), None, last_on)
    if stop is Action.WITHHOLD and kind is not Kind.ON_HOLD:
        # The dose before the hold, kept to know whether the restart dose would raise it.
        return DoseState(Kind.ON_HOLD, dose, schedule, visit.on, _worst(visit.findings), None, last_on, restarted)
    return DoseState(kind, dose, schedule, since, grade, confirmation, last_on, restarted)


def dose_state(course: Course, default_schedule: Schedule | None = None) -> DoseState:
    """The dose state after every visit of the course. ``default_schedule`` is the
    schedule the patient's record gives when a visit did not record one."""
    state = DoseState(Kind.NOT_STARTED)
    for visit in course.visits:
        state = step(state, visit, course.baseline, default_schedule)
    return state


def min_days_between_doses(schedule: Schedule | None) -> int:
    """Whole days that must pass between doses: 3 (72 hours, label) and 7 once weekly (internal)."""
    raw = content()["intervals"]
    hours = raw["min_hours_between_doses"]
    return raw["once_weekly_min_days"] if schedule is Schedule.WEEKLY else -(-hours // 24)
