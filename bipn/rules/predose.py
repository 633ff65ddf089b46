"""The nurse's pre-dose answer: give, or hold and call the team, from the whole record.

The same plan as the assessment (``bipn.bedside_plan`` with the course, today's date and
today's resolution) decides the dose; the check adds what the nurse found today: the
BortezomibV1 items, the typed vital signs, and the date against the last dose.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bipn.rules.bedside import BedsidePlan, amount_for, bedside_plan
from bipn.content.cards import Card, card
from bipn.record.visits import Course, PreDoseCheck, check_date, check_dose, content, contraindications
from bipn.rules.dose_state import SCHEDULE_WORDS, min_days_between_doses
from bipn.clinical.dosing import DoseAction, DoseAmount, Schedule, format_dose
from bipn.core.errors import InputError
from bipn.clinical.findings import Confirmation, Findings
from bipn.record.patient import Patient, field_label

_EPS = 1e-9


@dataclass(frozen=True)
class PreDoseAnswer:
    """Give, or hold and call the team, with every reason (cards) and prompts to re-check items.

    ``allowed_dose_mg_m2`` is the highest dose the record allows today (None: no dose today);
    ``amount`` the planned dose in mg and mL when the patient's body size, product and route
    are known; ``schedule`` the schedule the dose is given on.
    """

    give: bool
    planned_dose_mg_m2: float | None
    allowed_dose_mg_m2: float | None
    reasons: tuple[Card, ...]
    prompts: tuple[Card, ...]
    dose: DoseAction | None
    amount: DoseAmount | None = None
    schedule: Schedule | None = None
    plan: BedsidePlan | None = None

    def recorded_dose_mg_m2(self, team_decision: str | None) -> float | None:
        """The dose to record as given (mg/m²): after a call to the hospital team, their
        decision, either way (BortezomibV1 C9); without a call, the planned dose when this
        answer gives it; otherwise none."""
        decision = team_decision or ("give" if self.give else None)
        return self.planned_dose_mg_m2 if decision == "give" else None

    @property
    def headline(self) -> str:
        """'Give 0.7 mg/m² once weekly — 1.38 mg — 0.55 mL', or 'Do not give: hold and call the team'."""
        if not self.give:
            return "Do not give: hold and call the team"
        text = f"Give {format_dose(self.planned_dose_mg_m2)} mg/m²"
        if self.schedule is not None:
            text += f" {SCHEDULE_WORDS[self.schedule]}"
        if self.amount is not None:
            text += f" — {self.amount.dose_mg_text}"
            if self.amount.volume_ml is not None:
                text += f" — {self.amount.volume_ml_text}"
        return text


def _reading_cards(check: PreDoseCheck) -> tuple[list[Card], list[Card]]:
    """Readings that hold whatever the items say, and readings that meet an item's threshold
    while the item says 'no' (blocking until answered again, then a reminder)."""
    q = content()["questionnaire"]
    hold, prompt = q["hold_readings"], q["reading_prompts"]
    holds: list[Card] = []
    if check.temperature_c >= hold["temperature_at_or_above_c"]:
        holds.append(card("predose.reading_holds", reading=f"Temperature {check.temperature_c:g} °C (38.0 °C or more)"))
    if check.systolic_mm_hg < hold["systolic_below_mm_hg"]:
        holds.append(card("predose.reading_holds", reading=f"Systolic blood pressure {check.systolic_mm_hg:g} mmHg (below 90)"))
    met: list[tuple[str, Card]] = []
    if not check.low_blood_pressure and (check.systolic_mm_hg < prompt["systolic_below_mm_hg"] or check.diastolic_mm_hg < prompt["diastolic_below_mm_hg"]):
        met.append((f"blood pressure {check.systolic_mm_hg:g}/{check.diastolic_mm_hg:g} mmHg is below 100/60 and item C4 says no",
                    card("predose.bp_reading", systolic=f"{check.systolic_mm_hg:g}", diastolic=f"{check.diastolic_mm_hg:g}")))
    if not check.fast_or_irregular_pulse and check.heart_rate_per_min > prompt["heart_rate_above_per_min"]:
        met.append((f"heart rate {check.heart_rate_per_min:g}/min is above 100 and item C5 says no",
                    card("predose.hr_reading", rate=f"{check.heart_rate_per_min:g}")))
    if check.readings_rechecked:
        return holds, [c for _, c in met]
    return holds + [card("predose.recheck", reading=why) for why, _ in met], [c for _, c in met]


def pre_dose_answer(
    check: PreDoseCheck,
    findings: Findings,
    *,
    planned_dose_mg_m2: float,
    course: Course | None = None,
    on: date,
    patient: Patient | None = None,
    resolution: Confirmation | None = None,
) -> PreDoseAnswer:
    """Give or hold for today's injection (``on``, the date of the planned dose), from the
    whole record: the BortezomibV1 items and typed vital signs, the same red flags and dose
    rules as the assessment read through the course (hold, restart once weekly, discontinued,
    never above the last tolerated dose), the liver (0.7 mg/m² with no earlier dose), and the
    date against the last dose (72 hours; 7 days once weekly; never two doses on one date).
    ``patient`` gives the liver status, schedule, body size, product, route and concentration;
    ``resolution`` is today's recorded resolution, if any.
    """
    if not isinstance(check, PreDoseCheck):
        raise InputError("check", f"check must be a PreDoseCheck (got {check!r})")
    if not isinstance(findings, Findings):
        raise InputError("findings", f"findings must be a Findings (got {findings!r})")
    course = Course() if course is None else course
    if not isinstance(course, Course):
        raise InputError("course", f"course must be a Course (got {course!r})")
    on = check_date("on", on)
    if course.visits and on < course.visits[-1].on:
        raise InputError("on", f"on ({on.isoformat()}) is before the last recorded visit ({course.visits[-1].on.isoformat()})")
    patient = Patient() if patient is None else patient
    if not isinstance(patient, Patient):
        raise InputError("patient", f"patient must be a Patient or None (got {patient!r})")
    planned = check_dose("planned_dose_mg_m2", planned_dose_mg_m2)
    if planned is None:
        raise InputError("planned_dose_mg_m2", "planned_dose_mg_m2: enter the dose to be given (got nothing)")
    if resolution is not None and not isinstance(resolution, Confirmation):
        raise InputError("resolution", f"resolution must be a Confirmation (got {resolution!r})")

    reasons: list[Card] = []
    by_field = {item["field"]: item for item in contraindications()}
    for name in check.found:
        reasons.append(card("predose.contraindication", item=by_field[name]["text"], audit=(f"{by_field[name]['link_id']}: yes",)))
    holds, prompts = _reading_cards(check)
    reasons += holds
    if patient.dose_mg_m2 is None and course.last_dose_mg_m2() is None:
        patient = replace(patient, dose_mg_m2=planned)
    plan = bedside_plan(patient, findings, course, on, resolution)
    reasons += plan.red_flags
    dose = plan.dose
    allowed = plan.next_dose_mg_m2
    if plan.gate is not None:
        reasons.append(plan.gate)
    elif allowed is None:
        reasons.append(card("predose.dose_rule", headline=plan.dose.headline, audit=dose.card.audit))
    else:
        reasons += [c for c in plan.record.cards if c.rule_id == "course.retreat_above_tolerated"]
        last = course.last_dose_visit()
        if last is not None:
            days = (on - last.on).days
            needed = min_days_between_doses(plan.record.schedule)
            if days < needed:
                reasons.append(card("predose.too_soon", last=last.on.isoformat(), days=days, needed=needed,
                                    schedule=SCHEDULE_WORDS.get(plan.record.schedule, "72 hours between doses; schedule not recorded")))
        if planned > allowed + _EPS:
            reasons.append(card("predose.above_allowed", planned=format_dose(planned), allowed=f"{format_dose(allowed)} mg/m²"))
    give = not reasons
    amount = None
    if give:
        amount = plan.amount if plan.amount is not None and abs(plan.amount.dose_mg_m2 - planned) < _EPS else None
        if amount is None and abs(planned - allowed) > _EPS:
            amount, _ = amount_for(plan.patient, planned, "dose")
        missing = plan.patient.missing("height_cm", "weight_kg", "product", "route")
        if amount is None:
            prompts.append(card("predose.amount_missing", missing=", ".join(field_label(m) for m in missing) or "the product's concentration"))
        headline = PreDoseAnswer(True, planned, allowed, (), (), dose, amount, plan.record.schedule).headline
        reasons.append(card("predose.give", dose=headline, audit=dose.card.audit + tuple(c.summary for c in (plan.restart,) if c)))
    return PreDoseAnswer(
        give=give,
        planned_dose_mg_m2=planned,
        allowed_dose_mg_m2=allowed if give else None,
        reasons=tuple(reasons),
        prompts=tuple(prompts),
        dose=dose,
        amount=amount,
        schedule=plan.record.schedule,
        plan=plan,
    )


__all__ = ["PreDoseAnswer", "pre_dose_answer"]
