"""The course as plain text for the medical record: baseline, each visit, the trend, the flags
and today's decision, in words a record can carry."""

from __future__ import annotations

from datetime import date

from bipn.clinical.dosing import format_dose, products
from bipn.clinical.education import DISCLAIMER
from bipn.clinical.findings import Findings
from bipn.clinical.grading import ctcae, versions
from bipn.content.evidence import CONTENT_VERSION, REVIEW_DATE
from bipn.course.flags import review, states, worst_grade
from bipn.record.visits import Course, Visit, check_date, contraindications
from bipn.rules.dose_state import SCHEDULE_WORDS, DoseState, Kind

__all__ = ["course_note", "ctcae_versions_used"]




def _grades(f: Findings) -> str:
    extra = [name.replace("_", " ") for name in ("neuropathic_pain", "severe_autonomic") if getattr(f, name)]
    extra += [name.replace("_", " ") for name in getattr(f, "red_flags", ())]
    return f"sensory {f.sensory_grade}, motor {f.motor_grade}" + (f" ({', '.join(extra)})" if extra else "") + f", CTCAE v{f.ctcae_version}"


def ctcae_versions_used(course: Course) -> str:
    """'CTCAE v5.0', or 'CTCAE v5.0 and v6.0' when the course mixes versions (default v5.0 when empty)."""
    found = {v.findings.ctcae_version for v in course.visits} | ({course.baseline.ctcae_version} if course.baseline else set())
    used = [v for v in versions() if v in found] or [versions()[0]]
    return "CTCAE " + " and ".join(f"v{v}" for v in used)


def _trend(course: Course) -> str:
    worst = [worst_grade(v.findings) for v in course.visits]
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
    check_date("on", on)
    r = review(course, on)
    lines = [f"BIPN course summary {on.isoformat()} ({ctcae_versions_used(course)})"]
    if "v6.0" in lines[0]:
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
