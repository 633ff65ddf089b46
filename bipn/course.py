"""The course across cycles: a baseline, one visit per cycle or injection, the flags over time,
the nurse's pre-dose check (HL7 Belgium BortezomibV1) and the note for the record.

Immutable values only: ``Course.add`` returns a new course. Dates are passed in, never read
from the clock. The FHIR mapping is in ``bipn.course_fhir`` (``to_fhir`` / ``from_fhir`` here
forward to it), and ``fhir.resources`` is imported only when an import is validated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bipn.cards import Card, by_importance, card
from bipn.course_model import (
    TEAM_DECISIONS,
    Course,
    PreDoseCheck,
    Visit,
    accepted_questionnaires,
    check_date,
    content,
    contraindications,
    export_questionnaire,
    left_out_items,
    questionnaire_citations,
    vitals,
)
from bipn.dose_state import SCHEDULE_WORDS, DoseState, Kind, dose_state, min_days_between_doses, resolution_check, step, stops
from bipn.dosing import Action, Schedule, dose_table, format_dose
from bipn.errors import InputError
from bipn.evidence import CONTENT_VERSION, REVIEW_DATE
from bipn.findings import Findings
from bipn.next_dose import last_tolerated
from bipn.predose import PreDoseAnswer, pre_dose_answer

if TYPE_CHECKING:
    from bipn.prognosis import Figure
    import altair as alt
    import pandas as pd

__all__ = [
    "TEAM_DECISIONS",
    "Course",
    "CourseReview",
    "DoseState",
    "Kind",
    "PreDoseAnswer",
    "PreDoseCheck",
    "Visit",
    "accepted_questionnaires",
    "course_chart",
    "course_frame",
    "content",
    "contraindications",
    "course_note",
    "course_pdf",
    "dose_state",
    "export_questionnaire",
    "from_fhir",
    "from_json",
    "left_out_items",
    "pre_dose_answer",
    "questionnaire_citations",
    "read_json",
    "review",
    "to_fhir",
    "to_json",
    "vitals",
]

_EPS = 1e-9


# ---- reading the course ------------------------------------------------------------------------


def _worst(f: Findings) -> int:
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


# ---- the note for the record -------------------------------------------------------------------


def _grades(f: Findings) -> str:
    extra = [name.replace("_", " ") for name in ("neuropathic_pain", "severe_autonomic") if getattr(f, name)]
    extra += [name.replace("_", " ") for name in getattr(f, "red_flags", ())]
    return f"sensory {f.sensory_grade}, motor {f.motor_grade}" + (f" ({', '.join(extra)})" if extra else "") + f", CTCAE v{f.ctcae_version}"


def ctcae_versions_used(course: Course) -> str:
    """'CTCAE v5.0', or 'CTCAE v5.0 and v6.0' when the course mixes versions (default v5.0 when empty)."""
    from bipn.grading import versions

    found = {v.findings.ctcae_version for v in course.visits} | ({course.baseline.ctcae_version} if course.baseline else set())
    used = [v for v in versions() if v in found] or [versions()[0]]
    return "CTCAE " + " and ".join(f"v{v}" for v in used)


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
    return f"the worse of the sensory and motor grades was Grade {first} at the first visit, Grade {peak} at the highest, and is Grade {last} now ({move})"


def _visit_line(v: Visit, before: DoseState, after: DoseState) -> str:
    """One visit for the note: grades, the dose and its schedule, what it did to the dose
    state, the resolution, and the pre-dose check with its readings."""
    if v.dose_given_mg_m2 is not None:
        restart = before.kind is Kind.RESTART_RECORDED or (after.restarted and not before.restarted)
        schedule = SCHEDULE_WORDS[after.schedule] if after.schedule else "schedule not recorded"
        dose = f"{format_dose(v.dose_given_mg_m2)} mg/m² given ({schedule})" + ("; restart after the withhold" if restart else "")
        if v.product is not None:
            from bipn.dosing import products

            dose += f"; product: {products()[v.product].display}"
    else:
        dose = "no dose given"
    events = {Kind.ON_HOLD: "withheld", Kind.DISCONTINUED: "discontinued", Kind.RESTART_RECORDED: "resolution accepted: restart recorded"}
    change = f"; {events[after.kind]}" if after.kind is not before.kind and after.kind in events else ""
    line = f"- {v.on.isoformat()}: {_grades(v.findings)}; {dose}{change}"
    if v.resolution:
        line += f"; resolution recorded {v.resolution.when}: {v.resolution.what}"
    if v.pre_dose:
        c = v.pre_dose
        found = ", ".join(item["text"].split(" (")[0].lower() for item in contraindications() if getattr(c, item["field"])) or "none"
        line += (f"; pre-dose check (BortezomibV1): temperature {c.temperature_c:g} °C, heart rate {c.heart_rate_per_min:g}/min, "
                 f"BP {c.systolic_mm_hg:g}/{c.diastolic_mm_hg:g} mmHg; contraindications: {found}")
        if c.checked_by:
            line += f"; checked by {c.checked_by}"
        if c.team_decision:
            line += f"; team decision after the call: {c.team_decision.replace('_', ' ')}"
    return line


def course_note(course: Course, on: date, *, decision: str | None = None) -> str:
    """Plain text for the medical record: baseline, each visit, trend, flags and the current decision.

    ``on`` is the date of the note (passed in, never 'now'); ``decision`` is today's dose
    headline when the page has one; the dose state derived from the course follows it.
    """
    from bipn.education import DISCLAIMER

    check_date("on", on)
    r = review(course, on)
    lines = [f"BIPN course summary {on.isoformat()} ({ctcae_versions_used(course)})"]
    if "v6.0" in lines[0]:
        from bipn.grading import ctcae

        lines.append(ctcae("6.0").label_mapping)
    if decision:
        lines.append(f"Decision today: {decision}")
    lines.append(f"Dose state: {r.state.text}")
    lines.append("Baseline (pre-treatment): " + (_grades(course.baseline) if course.baseline else "not recorded"))
    lines.append(f"Trend: {_trend(course)}.")
    if course.visits:
        lines.append("Visits:")
        before = states(course)
        for i, v in enumerate(course.visits):
            lines.append(_visit_line(v, before[i], before[i + 1]))
    if r.days_since_change is not None:
        lines.append(f"Days since the last dose change ({r.last_change.on.isoformat()}): {r.days_since_change}.")
    if r.tolerated is not None:
        lines.append(f"Last tolerated dose: {format_dose(r.tolerated[0])} mg/m² (given {r.tolerated[1].isoformat()}).")
    lines += ["", "Flags:"]
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


def read_json(data: bytes | str) -> tuple[Course, tuple[str, ...]]:
    """The course in an uploaded file, with a note per pre-dose check naming the questionnaire
    it follows and the answered items the app does not take. See bipn.course_fhir."""
    from bipn.course_fhir import read_json as _read_json

    return _read_json(data)


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


def course_pdf(course: Course, on: date, *, decision: str | None = None, product: str | None = None) -> bytes:
    """The course as a one-page A4 PDF summary for the next clinic. See bipn.course_pdf."""
    from bipn.course_pdf import course_pdf as _pdf

    return _pdf(course, on, decision=decision, product=product)


def course_chart(course: Course) -> alt.VConcatChart:
    """Grade and dose over time (Altair). See bipn.course_chart."""
    from bipn.course_chart import course_chart as _chart

    return _chart(course)

