"""The course across cycles: a baseline, one visit per cycle or injection, the flags over time,
the nurse's pre-dose check (HL7 Belgium BortezomibV1) and the note for the record.

Immutable values only: ``Course.add`` returns a new course. Dates are passed in, never read
from the clock. The FHIR mapping is in ``bipn.course_fhir`` (``to_fhir`` / ``from_fhir`` here
forward to it), and ``fhir.resources`` is imported only when an import is validated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from bipn import validation
from bipn.cards import Card, Severity
from bipn.data import load
from bipn.dosing import Action, DoseAction, dose_action, dose_table, format_dose
from bipn.errors import InputError
from bipn.evidence import CONTENT_VERSION, REVIEW_DATE, Citation, citations_from
from bipn.findings import Confirmation, Findings, free_text

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

__all__ = [
    "Course",
    "CourseReview",
    "PreDoseAnswer",
    "PreDoseCheck",
    "Visit",
    "course_chart",
    "course_frame",
    "course_note",
    "from_fhir",
    "from_json",
    "left_out_items",
    "pre_dose_answer",
    "review",
    "to_fhir",
    "to_json",
]

_EPS = 1e-9
TEAM_DECISIONS = ("give", "do_not_give")


@cache
def content() -> Mapping[str, Any]:
    """course.toml: codes, profile URLs, questionnaire items and the course rules (read-only)."""
    return MappingProxyType(load("course"))


def rule_card(rule_id: str, *, audit: tuple[str, ...] = (), extra_sources: tuple[Citation, ...] = (), **values: object) -> Card:
    """A card for one of the course rules in course.toml, its summary filled in with ``values``."""
    raw = content()["rules"][rule_id]
    return Card(
        rule_id=rule_id,
        summary=raw["summary"].format(**values),
        detail=raw["statement"],
        severity=Severity(raw["severity"]),
        sources=citations_from(raw["citations"]) + extra_sources,
        audit=audit,
    )


def _date(field: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InputError(field, f"{field} must be a date (got {value!r})")
    return value


def _dose(field: str, value: object) -> float | None:
    if value is None:
        return None
    return validation.number(field, value, 0.0, dose_table().max_mg_m2, low_inclusive=False)


# ---- the pre-dose check ------------------------------------------------------------------------


def vitals() -> tuple[Mapping[str, Any], ...]:
    """The observation items of BortezomibV1 the check records (field, linkId, text, unit, limits)."""
    return tuple(content()["questionnaire"]["vital"])


def contraindications() -> tuple[Mapping[str, Any], ...]:
    """The contraindication items of BortezomibV1 the check asks (field, linkId, text)."""
    return tuple(content()["questionnaire"]["contraindication"])


def left_out_items() -> tuple[Mapping[str, Any], ...]:
    """The BortezomibV1 items the app does not take, each with why."""
    return tuple(content()["questionnaire"]["left_out"])


@dataclass(frozen=True)
class PreDoseCheck:
    """The nurse's check before an injection, as in HL7 Belgium BortezomibV1.

    Vital signs are required by the questionnaire (units in the names); each contraindication
    is a yes/no item. ``team_decision`` is the decision after calling the hospital ('give' or
    'do_not_give'), when there was a call. ``checked_by`` names the nurse (free text).
    """

    temperature_c: float
    heart_rate_per_min: float
    systolic_mm_hg: float
    diastolic_mm_hg: float
    fever_chills_unwell: bool = False
    low_blood_pressure: bool = False
    fast_or_irregular_pulse: bool = False
    severe_sensory_neuropathy: bool = False
    severe_motor_neuropathy: bool = False
    checked_by: str | None = None
    team_decision: str | None = None

    def __post_init__(self) -> None:
        for item in vitals():
            value = validation.number(item["field"], getattr(self, item["field"]), item["low"], item["high"])
            object.__setattr__(self, item["field"], value)
        if self.diastolic_mm_hg >= self.systolic_mm_hg:
            raise InputError(
                "diastolic_mm_hg",
                f"diastolic_mm_hg must be below systolic_mm_hg (got {self.diastolic_mm_hg:g}/{self.systolic_mm_hg:g})",
            )
        for item in contraindications():
            validation.flag(item["field"], getattr(self, item["field"]))
        if self.checked_by is not None:
            object.__setattr__(self, "checked_by", free_text("checked_by", self.checked_by))
        if self.team_decision is not None and self.team_decision not in TEAM_DECISIONS:
            raise InputError("team_decision", f"team_decision must be one of {', '.join(TEAM_DECISIONS)} or None (got {self.team_decision!r})")

    @property
    def found(self) -> tuple[str, ...]:
        """The contraindication fields answered 'yes', in questionnaire order."""
        return tuple(item["field"] for item in contraindications() if getattr(self, item["field"]))


# ---- visits and the course ---------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """One assessment or injection day.

    ``dose_given_mg_m2`` is the bortezomib dose given that day (None: none given). ``action``
    is the dose action taken, as recorded. ``resolution`` is the clinician's record that the
    toxicity has resolved (it ends a withhold). ``pre_dose`` is the nurse's check, if done.
    """

    on: date
    findings: Findings
    dose_given_mg_m2: float | None = None
    action: Action | None = None
    resolution: Confirmation | None = None
    pre_dose: PreDoseCheck | None = None

    def __post_init__(self) -> None:
        _date("on", self.on)
        if not isinstance(self.findings, Findings):
            raise InputError("findings", f"findings must be a Findings (got {self.findings!r})")
        object.__setattr__(self, "dose_given_mg_m2", _dose("dose_given_mg_m2", self.dose_given_mg_m2))
        if self.action is not None:
            object.__setattr__(self, "action", validation.choice("action", self.action, Action))
        if self.resolution is not None and not isinstance(self.resolution, Confirmation):
            raise InputError("resolution", f"resolution must be a Confirmation (got {self.resolution!r})")
        if self.pre_dose is not None and not isinstance(self.pre_dose, PreDoseCheck):
            raise InputError("pre_dose", f"pre_dose must be a PreDoseCheck (got {self.pre_dose!r})")


@dataclass(frozen=True)
class Course:
    """The baseline (pre-treatment) findings and the visits, oldest first (same-day visits allowed)."""

    baseline: Findings | None = None
    visits: tuple[Visit, ...] = ()

    def __post_init__(self) -> None:
        if self.baseline is not None and not isinstance(self.baseline, Findings):
            raise InputError("baseline", f"baseline must be a Findings or None (got {self.baseline!r})")
        if isinstance(self.visits, (str, bytes)) or not hasattr(self.visits, "__iter__"):
            raise InputError("visits", f"visits must be a sequence of Visit (got {self.visits!r})")
        visits = tuple(self.visits)
        for i, v in enumerate(visits):
            if not isinstance(v, Visit):
                raise InputError("visits", f"visits[{i}] must be a Visit (got {v!r})")
            if i and v.on < visits[i - 1].on:
                raise InputError("on", f"visits must be in date order: {v.on.isoformat()} comes after {visits[i - 1].on.isoformat()}")
        object.__setattr__(self, "visits", visits)

    def add(self, visit: Visit) -> Course:
        """A new course with ``visit`` appended; InputError if it is dated before the last visit."""
        if not isinstance(visit, Visit):
            raise InputError("visit", f"visit must be a Visit (got {visit!r})")
        if self.visits and visit.on < self.visits[-1].on:
            raise InputError("on", f"the visit date {visit.on.isoformat()} is before the last recorded visit ({self.visits[-1].on.isoformat()})")
        return Course(self.baseline, self.visits + (visit,))

    def with_baseline(self, baseline: Findings | None) -> Course:
        return Course(baseline, self.visits)

    def last_dose_mg_m2(self, before: int | None = None) -> float | None:
        """The last dose given (before visit index ``before``, if given), or None."""
        for v in reversed(self.visits[:before]):
            if v.dose_given_mg_m2 is not None:
                return v.dose_given_mg_m2
        return None


# ---- reading the course ------------------------------------------------------------------------


def _worst(f: Findings) -> int:
    return max(f.sensory_grade, f.motor_grade)


def _label_action(f: Findings, dose_mg_m2: float) -> Action | None:
    """The label table's action for these findings at this dose (None when the findings cannot be graded)."""
    try:
        return dose_action(
            sensory_grade=f.sensory_grade,
            motor_grade=f.motor_grade,
            neuropathic_pain=f.neuropathic_pain,
            severe_autonomic=f.severe_autonomic,
            current_dose_mg_m2=dose_mg_m2,
        ).action
    except InputError:
        return None


def resolution_detail(f: Findings, baseline: Findings | None) -> tuple[bool, str]:
    """Whether each grade is back to baseline or Grade 1 or better, and the comparison in words."""
    parts, met = [], True
    for name, label in (("sensory_grade", "sensory"), ("motor_grade", "motor")):
        now = getattr(f, name)
        base = getattr(baseline, name) if baseline is not None else None
        limit = max(base, 1) if base is not None else 1
        ok = now <= limit
        met &= ok
        against = f"baseline {base}" if base is not None else "no baseline"
        parts.append(f"{label} Grade {now} ({against})")
    return met, "; ".join(parts)


def withhold_in_effect(course: Course, before: int | None = None) -> Visit | None:
    """The visit that started a withhold still in effect before index ``before`` (None if none).

    A withhold (or discontinuation) ends only at a visit where the clinician recorded resolution.
    """
    start = None
    for v in course.visits[:before]:
        if v.resolution is not None:
            start = None
        if v.action in (Action.WITHHOLD, Action.DISCONTINUE):
            start = v
    return start


def last_tolerated(course: Course, before: int | None = None) -> tuple[float, date] | None:
    """The last dose followed by an assessment that called for no change (before index ``before``).

    A dose is 'tolerated' when the next visit's findings give the label action 'continue' at
    that dose. None when no dose in the course qualifies yet.
    """
    visits = course.visits[:before]
    found = None
    for i, v in enumerate(visits[:-1]):
        if v.dose_given_mg_m2 is not None and _label_action(visits[i + 1].findings, v.dose_given_mg_m2) is Action.CONTINUE:
            found = (v.dose_given_mg_m2, v.on)
    return found


def _is_restart(course: Course, index: int) -> bool:
    """True when visit ``index`` gives the first dose since the last withhold or discontinuation."""
    stops = [i for i, v in enumerate(course.visits[:index]) if v.action in (Action.WITHHOLD, Action.DISCONTINUE)]
    if not stops:
        return False
    return all(v.dose_given_mg_m2 is None for v in course.visits[stops[-1] + 1 : index])


def _ever_withheld(course: Course, before: int) -> bool:
    return any(v.action in (Action.WITHHOLD, Action.DISCONTINUE) for v in course.visits[:before])


def visit_flags(course: Course, index: int) -> tuple[Card, ...]:
    """The flags raised by visit ``index`` against the visits before it and the baseline."""
    v = course.visits[index]
    out: list[Card] = []
    # The first visit is compared with the baseline, each later one with the visit before it.
    prev, prev_on = (course.visits[index - 1].findings, course.visits[index - 1].on.isoformat()) if index else (course.baseline, "baseline")
    if prev is not None:
        for name, label in (("sensory_grade", "Sensory"), ("motor_grade", "Motor")):
            before, now = getattr(prev, name), getattr(v.findings, name)
            if now > before:
                out.append(rule_card("course.grade_worse", nerve=label, before=before, before_on=prev_on, now=now, now_on=v.on.isoformat()))
    if v.resolution is not None:
        met, detail = resolution_detail(v.findings, course.baseline)
        if not met:
            # No typed text in the card: cards are drawn as Markdown; the note and table show it as plain text.
            out.append(rule_card("course.resolution_contradicts", on=v.on.isoformat(), detail=detail + " is above baseline and above Grade 1"))
    if v.dose_given_mg_m2 is not None:
        withheld = withhold_in_effect(course, index)
        if withheld is not None and v.resolution is None:
            out.append(rule_card("course.dose_while_withheld", on=v.on.isoformat(), since=withheld.on.isoformat()))
        if _is_restart(course, index):
            restart = dose_table().restart_mg_m2
            if v.dose_given_mg_m2 > restart + _EPS:
                out.append(rule_card("course.retreat_above_label", on=v.on.isoformat(), dose=format_dose(v.dose_given_mg_m2), restart=format_dose(restart)))
        if _ever_withheld(course, index):
            tolerated = last_tolerated(course, index)
            if tolerated is not None and v.dose_given_mg_m2 > tolerated[0] + _EPS:
                out.append(rule_card("course.retreat_above_tolerated", on=v.on.isoformat(), dose=format_dose(v.dose_given_mg_m2),
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


def time_to_improvement_figures():
    """The sourced median times to improvement (bipn/data/figures.toml), confirmed first."""
    from bipn.prognosis import figures

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
    return rule_card("course.days_since_change", days=(on - change.on).days, on=change.on.isoformat(), medians=medians, extra_sources=sources)


@dataclass(frozen=True)
class CourseReview:
    """What the course shows: flags per visit, the current flags, the days since the last dose change."""

    per_visit: tuple[tuple[Card, ...], ...]
    current: tuple[Card, ...]
    last_change: Visit | None
    days_since_change: int | None
    withheld_since: Visit | None
    tolerated: tuple[float, date] | None


def review(course: Course, on: date | None = None) -> CourseReview:
    """The flags over the whole course, as of ``on`` (default: the last visit's date)."""
    if not isinstance(course, Course):
        raise InputError("course", f"course must be a Course (got {course!r})")
    per_visit = tuple(visit_flags(course, i) for i in range(len(course.visits)))
    current: list[Card] = []
    on = on if on is not None else (course.visits[-1].on if course.visits else None)
    if on is not None:
        _date("on", on)
    withheld = withhold_in_effect(course)
    if course.visits:
        current += per_visit[-1]
        last = course.visits[-1]
        if withheld is not None:
            met, detail = resolution_detail(last.findings, course.baseline)
            if met:
                current.append(rule_card("course.resolved_met", detail=detail))
            else:
                current.append(rule_card("course.resolved_not_met", since=withheld.on.isoformat(), detail=detail))
        days = _days_card(course, on)
        if days is not None:
            current.append(days)
    if course.baseline is None:
        current.append(rule_card("course.no_baseline"))
    change = last_dose_change(course)
    severity_order = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
    current.sort(key=lambda c: severity_order[c.severity])
    return CourseReview(
        per_visit=per_visit,
        current=tuple(current),
        last_change=change,
        days_since_change=(on - change.on).days if change is not None and on is not None and on >= change.on else None,
        withheld_since=withheld,
        tolerated=last_tolerated(course),
    )


# ---- the pre-dose answer -----------------------------------------------------------------------


@dataclass(frozen=True)
class PreDoseAnswer:
    """Give, or hold and call the team, with every reason (cards) and prompts to re-check items.

    ``allowed_dose_mg_m2`` is the highest dose today's rules allow (None: no dose today).
    """

    give: bool
    planned_dose_mg_m2: float | None
    allowed_dose_mg_m2: float | None
    reasons: tuple[Card, ...]
    prompts: tuple[Card, ...]
    dose: DoseAction | None

    @property
    def headline(self) -> str:
        if self.give:
            return f"Give {format_dose(self.planned_dose_mg_m2)} mg/m²"
        return "Do not give: hold and call the team"


def _reading_prompts(check: PreDoseCheck) -> tuple[Card, ...]:
    q = content()["questionnaire"]["reading_prompts"]
    out = []
    if not check.low_blood_pressure and (check.systolic_mm_hg < q["systolic_below_mm_hg"] or check.diastolic_mm_hg < q["diastolic_below_mm_hg"]):
        out.append(rule_card("predose.bp_reading", systolic=f"{check.systolic_mm_hg:g}", diastolic=f"{check.diastolic_mm_hg:g}"))
    if not check.fast_or_irregular_pulse and check.heart_rate_per_min > q["heart_rate_above_per_min"]:
        out.append(rule_card("predose.hr_reading", rate=f"{check.heart_rate_per_min:g}"))
    return tuple(out)


def pre_dose_answer(
    check: PreDoseCheck,
    findings: Findings,
    *,
    planned_dose_mg_m2: float,
    course: Course | None = None,
    resolution: Confirmation | None = None,
) -> PreDoseAnswer:
    """Give or hold for today's injection: the BortezomibV1 items, and the same red flags and
    dose rules as the assessment (``bipn.bedside_plan``), against the course so far.

    The current dose for the dose rules is the last dose given in the course (the planned dose
    when the course has none). ``resolution`` is today's recorded resolution, if any.
    """
    from bipn.bedside import bedside_plan
    from bipn.patient import Patient

    if not isinstance(check, PreDoseCheck):
        raise InputError("check", f"check must be a PreDoseCheck (got {check!r})")
    if not isinstance(findings, Findings):
        raise InputError("findings", f"findings must be a Findings (got {findings!r})")
    course = Course() if course is None else course
    if not isinstance(course, Course):
        raise InputError("course", f"course must be a Course (got {course!r})")
    planned = _dose("planned_dose_mg_m2", planned_dose_mg_m2)
    if planned is None:
        raise InputError("planned_dose_mg_m2", "planned_dose_mg_m2: enter the dose to be given (got nothing)")
    if resolution is not None and not isinstance(resolution, Confirmation):
        raise InputError("resolution", f"resolution must be a Confirmation (got {resolution!r})")

    reasons: list[Card] = []
    by_field = {item["field"]: item for item in contraindications()}
    for name in check.found:
        reasons.append(rule_card("predose.contraindication", item=by_field[name]["text"], audit=(f"{by_field[name]['link_id']}: yes",)))
    current = course.last_dose_mg_m2() or planned
    plan = bedside_plan(Patient(dose_mg_m2=current), findings)
    # The assessment's own red-flag cards (cord compression, atypical pattern): any one holds.
    reasons += plan.red_flags
    dose = plan.dose
    allowed: float | None = None
    withheld = withhold_in_effect(course)
    # Only 'continue' and 'reduce' can give a dose: any other action (withhold, discontinue, or
    # one added later) holds.
    if dose.action not in (Action.CONTINUE, Action.REDUCE):
        reasons.append(rule_card("predose.dose_rule", headline=dose.headline, audit=dose.card.audit))
    elif withheld is not None and resolution is None:
        reasons.append(rule_card("predose.withhold_in_effect", since=withheld.on.isoformat()))
    else:
        if withheld is not None:
            allowed = dose_table().restart_mg_m2
        elif dose.action is Action.REDUCE:
            allowed = dose.next_dose_mg_m2
        else:
            allowed = current
        tolerated = last_tolerated(course) if (withheld is not None or _ever_withheld(course, len(course.visits))) else None
        if allowed is not None and tolerated is not None:
            allowed = min(allowed, tolerated[0])
        if allowed is None:
            reasons.append(rule_card("predose.dose_rule", headline=dose.headline, audit=dose.card.audit))
        elif planned > allowed + _EPS:
            reasons.append(rule_card("predose.above_allowed", planned=format_dose(planned), allowed=f"{format_dose(allowed)} mg/m²"))
    give = not reasons
    if give:
        reasons.append(rule_card("predose.give", dose=format_dose(planned), audit=dose.card.audit))
    return PreDoseAnswer(
        give=give,
        planned_dose_mg_m2=planned,
        allowed_dose_mg_m2=allowed if give else None,
        reasons=tuple(reasons),
        prompts=_reading_prompts(check),
        dose=dose,
    )


# ---- the note for the record -------------------------------------------------------------------


def _grades(f: Findings) -> str:
    extra = [name.replace("_", " ") for name in ("neuropathic_pain", "severe_autonomic") if getattr(f, name)]
    extra += [name.replace("_", " ") for name in getattr(f, "red_flags", ())]
    return f"sensory {f.sensory_grade}, motor {f.motor_grade}" + (f" ({', '.join(extra)})" if extra else "")


def _trend(course: Course) -> str:
    worst = [_worst(v.findings) for v in course.visits]
    if len(worst) < 2:
        return "one visit recorded" if worst else "no visit recorded"
    first, last, peak = worst[0], worst[-1], max(worst)
    if last > worst[-2]:
        move = "worse than at the last visit"
    elif last < worst[-2]:
        move = "better than at the last visit"
    else:
        move = "unchanged since the last visit"
    return f"worst grade {first} at the first visit, {peak} at its worst, {last} now ({move})"


def course_note(course: Course, on: date, *, decision: str | None = None) -> str:
    """Plain text for the medical record: baseline, each visit, trend, flags and the current decision.

    ``on`` is the date of the note (passed in, never 'now'); ``decision`` is today's dose
    headline when the page has one, otherwise the course's last recorded action is given.
    """
    from bipn.education import DISCLAIMER
    from bipn.grading import ctcae

    _date("on", on)
    r = review(course, on)
    lines = [f"BIPN course summary {on.isoformat()} ({ctcae().version})"]
    lines.append("Baseline (pre-treatment): " + (_grades(course.baseline) if course.baseline else "not recorded"))
    lines.append(f"Trend: {_trend(course)}.")
    if course.visits:
        lines.append("Visits:")
        for v in course.visits:
            dose = f"{format_dose(v.dose_given_mg_m2)} mg/m² given" if v.dose_given_mg_m2 is not None else "no dose given"
            action = f"; action: {v.action.value}" if v.action else ""
            line = f"- {v.on.isoformat()}: {_grades(v.findings)}; {dose}{action}"
            if v.resolution:
                line += f"; resolution recorded by {v.resolution.by}: {v.resolution.what}"
            if v.pre_dose:
                found = ", ".join(v.pre_dose.found) or "none"
                line += f"; pre-dose check (BortezomibV1): contraindications {found.replace('_', ' ')}"
                if v.pre_dose.checked_by:
                    line += f", by {v.pre_dose.checked_by}"
            lines.append(line)
    if r.days_since_change is not None:
        lines.append(f"Days since the last dose change ({r.last_change.on.isoformat()}): {r.days_since_change}.")
    if r.tolerated is not None:
        lines.append(f"Last tolerated dose: {format_dose(r.tolerated[0])} mg/m² (given {r.tolerated[1].isoformat()}).")
    current = decision or (f"last recorded action {course.visits[-1].action.value}" if course.visits and course.visits[-1].action else "none recorded")
    lines += ["", f"Current decision: {current}", "", "Flags:"]
    lines += [c.as_note() for c in r.current] or ["- none"]
    lines += ["", DISCLAIMER, f"bipn-bedside content {CONTENT_VERSION}, reviewed {REVIEW_DATE}."]
    return "\n".join(lines)


# ---- FHIR and the chart, imported on first use ---------------------------------------------------


def to_fhir(course: Course) -> dict:
    """The course as a FHIR R4 Bundle (a dict ready for JSON). See bipn.course_fhir."""
    from bipn.course_fhir import to_fhir as _to_fhir

    return _to_fhir(course)


def from_fhir(bundle: dict) -> Course:
    """The course in a Bundle made by ``to_fhir``; InputError for anything else. See bipn.course_fhir."""
    from bipn.course_fhir import from_fhir as _from_fhir

    return _from_fhir(bundle)


def to_json(course: Course) -> str:
    """The FHIR Bundle as JSON text, for a download."""
    from bipn.course_fhir import to_json as _to_json

    return _to_json(course)


def from_json(data: bytes | str) -> Course:
    """The course in an uploaded JSON file; InputError if too large, not JSON, or not this app's Bundle."""
    from bipn.course_fhir import from_json as _from_json

    return _from_json(data)


def course_frame(course: Course) -> pd.DataFrame:
    """One row per visit and measure (sensory grade, motor grade, dose), for the chart and its table."""
    from bipn.course_chart import course_frame as _frame

    return _frame(course)


def course_chart(course: Course) -> alt.VConcatChart:
    """Grade and dose over time (Altair). See bipn.course_chart."""
    from bipn.course_chart import course_chart as _chart

    return _chart(course)

