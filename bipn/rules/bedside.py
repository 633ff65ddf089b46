"""The whole bedside assessment: grade, dose action, dose, kidneys, pain plan, cautions."""

from __future__ import annotations

from collections.abc import Iterable

from dataclasses import dataclass, replace
from datetime import date

from bipn.clinical.analgesia import AnalgesicOption, agents, analgesic_plan, merged_alerts
from bipn.content.cards import Card, Severity, by_importance, card
from bipn.clinical.dosing import (
    Action,
    DoseAction,
    action_without_current_dose,
    DoseAmount,
    dose_action,
    dose_amount,
    dose_table,
    format_dose,
    hepatic_advice,
    renal_advice,
    restart_after_withhold,
    route_advice,
    schedule_advice,
)
from bipn.clinical.education import DISCLAIMER
from bipn.core.errors import InputError
from bipn.content.evidence import CONTENT_VERSION, REVIEW_DATE
from bipn.clinical.findings import Confirmation, Findings
from bipn.clinical.grading import ctcae, grading_card
from bipn.clinical.medications import general_cautions, medication_alerts, resolve_medications, unchecked_card
from bipn.record.patient import Patient, field_label
from bipn.clinical.renal import KidneyFunction, WeightBasis
from bipn.record.plausibility import body_cards, kidney_cards, second_clearance
from bipn.rules.redflags import red_flag_cards
from bipn.rules.workup import monitoring_plan, workup_checklist
from bipn.record.visits import Course
from bipn.rules.dose_state import SCHEDULE_WORDS, DoseState
from bipn.rules.next_dose import NextDose, dose_in_force, next_dose


@dataclass(frozen=True)
class Pending:
    """A part of the plan not computed yet: what it is, and why (missing fields or a problem)."""

    part: str
    missing: tuple[str, ...] = ()
    problem: str = ""

    @property
    def message(self) -> str:
        return self.message_for()

    def message_for(self, refused: Iterable[str] = ()) -> str:
        """What to do: fields in ``refused`` (typed but refused beside the field) are to be
        corrected, the others entered."""
        if self.problem:
            return f"{self.part.capitalize()} not computed: {self.problem}"
        refused = set(refused)
        if refused & {"scr_mg_dl", "scr_umol_l"}:
            refused.add("serum creatinine")
        fix = [field_label(m) for m in self.missing if m in refused]
        add = [field_label(m) for m in self.missing if m not in refused]
        parts = ([f"correct {', '.join(fix)} (refused beside the field)"] if fix else []) + ([f"enter {', '.join(add)}"] if add else [])
        return f"For the {self.part}, {' and '.join(parts)}."


# The first agent of each position, shown side by side because the sources disagree (rule
# pain.positions): ASCO 2020 and ESMO 2020 name duloxetine, the source article pregabalin.
FIRST_IN_POSITION = (
    ("Guidelines (ASCO 2020, ESMO 2020)", "duloxetine"),
    ("Source article, not confirmed", "pregabalin"),
)


@dataclass(frozen=True)
class PainPlan:
    """The pain page for one patient: both positions, kidney function, options, cautions.

    ``kidney`` and ``options`` are None until the patient's kidney fields are entered
    (``pending`` says which) or when they cannot be computed (``pending`` says why).
    """

    positions: Card
    kidney: KidneyFunction | None
    warnings: tuple[Card, ...]
    options: tuple[AnalgesicOption, ...] | None
    medication_alerts: tuple[Card, ...]
    cautions: tuple[Card, ...]
    pending: Pending | None
    unchecked: tuple[str, ...] = ()
    on_hemodialysis: bool = False
    unchecked_card: Card | None = None

    @property
    def alerts(self) -> tuple[Card, ...]:
        """Interaction alerts across all options, one per kind of interaction, most serious first."""
        return merged_alerts(self.options or ())

    @property
    def top_alerts(self) -> tuple[Card, ...]:
        """What stands at the top of every page that shows a dose: the interaction alerts
        (most serious first) and, beside them, the medicines not checked for interactions."""
        return self.alerts + ((self.unchecked_card,) if self.unchecked_card else ())

    @property
    def first_in_position(self) -> tuple[tuple[str, AnalgesicOption], ...]:
        """(position, option) for the first agent of each position, both shown (empty until
        the options are computed)."""
        by_agent = {o.agent: o for o in self.options or ()}
        return tuple((position, by_agent[agent]) for position, agent in FIRST_IN_POSITION if agent in by_agent)

    @property
    def answer_alerts(self) -> tuple[Card, ...]:
        """The alerts shown with the dose answer itself: what rules an agent out
        (contraindicated, avoid) and the medicines not checked for interactions."""
        return tuple(a for a in self.top_alerts if a.severity in (Severity.CONTRAINDICATED, Severity.AVOID) or a == self.unchecked_card)


def pain_plan(patient: Patient) -> PainPlan:
    """The analgesic plan for this patient (both positions, doses after every gate)."""
    resolved = resolve_medications(patient.current_medications)
    meds = resolved.medications
    kidney = options = pending = None
    warnings: list[Card] = [card("pain.band_edges")]
    if patient.on_hemodialysis:
        warnings.append(card("renal.dialysis_estimate"))
    if patient.on_peritoneal_dialysis:
        warnings.insert(0, card("renal.peritoneal_dialysis"))
    slip = patient.body_size_check if patient.crcl_weight_basis is WeightBasis.ACTUAL else None
    if patient.kidney_missing():
        pending = Pending("kidney-adjusted analgesic doses", missing=patient.kidney_missing())
    elif slip is not None:
        pending = Pending("kidney-adjusted analgesic doses", problem=slip[1])
    else:
        try:
            kidney = patient.kidney
            second = second_clearance(
                kidney, age_years=patient.age_years, sex=patient.sex, height_cm=patient.height_cm, actual_weight_kg=patient.weight_kg
            )
            options = tuple(
                analgesic_plan(
                    crcl_ml_min=kidney.crcl_ml_min,
                    on_hemodialysis=patient.on_hemodialysis,
                    on_peritoneal_dialysis=patient.on_peritoneal_dialysis,
                    hepatic_impairment=patient.hepatic,
                    age_years=patient.age_years,
                    current_medications=patient.current_medications,
                    substantial_alcohol_use=patient.substantial_alcohol_use,
                    maoi_within_14_days=patient.maoi_within_14_days,
                    seizure_history=patient.seizure_history,
                    uncontrolled_epilepsy=patient.uncontrolled_epilepsy,
                    second_crcl_ml_min=second[0] if second else None,
                    second_crcl_basis=second[1] if second else "",
                )
            )
        except InputError as exc:
            kidney = options = None
            pending = Pending("kidney-adjusted analgesic doses", problem=str(exc))
    lowest_edge = agents()["pregabalin"].bands[-1].below  # the labels' lowest band: under 15 mL/min
    if kidney is not None and not (patient.on_hemodialysis or patient.on_peritoneal_dialysis):
        if kidney.crcl_ml_min < lowest_edge:
            warnings.insert(0, card("renal.very_low", audit=(f"CrCl {kidney.crcl_ml_min:.1f} mL/min",)))
        warnings[:0] = kidney_cards(
            kidney, age_years=patient.age_years, sex=patient.sex, height_cm=patient.height_cm, actual_weight_kg=patient.weight_kg
        )
    unchecked = unchecked_card(resolved.unknown)
    return PainPlan(
        positions=card("pain.positions"),
        kidney=kidney,
        warnings=tuple(warnings),
        options=options,
        medication_alerts=by_importance(medication_alerts(meds) + ((unchecked,) if unchecked else ())),
        cautions=general_cautions(meds),
        pending=pending,
        unchecked=resolved.unknown,
        on_hemodialysis=patient.on_hemodialysis or patient.on_peritoneal_dialysis,
        unchecked_card=unchecked,
    )


@dataclass(frozen=True)
class BedsidePlan:
    """Everything the app recommends for one patient and one assessment.

    Parts that need patient data not yet entered, or that could not be computed, are None
    (``amount``, ``kidney``, ``analgesics``) and ``pending`` says why.
    """

    patient: Patient
    findings: Findings
    grading: Card
    dose: DoseAction
    amount: DoseAmount | None
    red_flags: tuple[Card, ...]
    hepatic: Card | None
    checks: tuple[Card, ...]
    advice: tuple[Card, ...]
    pain: PainPlan
    workup: tuple[Card, ...]
    monitoring: tuple[Card, ...]
    pending: tuple[Pending, ...]
    record: NextDose | None = None
    typed_dose_mg_m2: float | None = None

    @property
    def state(self) -> DoseState | None:
        """The course's dose state (with today's resolution), or None without a course."""
        return self.record.state if self.record else None

    @property
    def gate(self) -> Card | None:
        """The card that rules out any dose from the record (hold, refusal, discontinued)."""
        return self.record.gate if self.record else None

    @property
    def restart(self) -> Card | None:
        """The restart card when the next dose ends a hold."""
        return self.record.restart if self.record else None

    @property
    def dose_note(self) -> str:
        """Said when the course's dose in force, not the current dose entered, is the one the
        label table was read at ('' when they agree)."""
        used, typed = self.patient.dose_mg_m2, self.typed_dose_mg_m2
        if self.record is None or used is None or (typed is not None and abs(used - typed) < 1e-9):
            return ""
        entered = f"the {format_dose(typed)} mg/m² entered as the current dose" if typed is not None else "no current dose entered"
        return f"Read at {format_dose(used)} mg/m², the dose in force in this tab's course ({entered})."

    @property
    def next_dose_mg_m2(self) -> float | None:
        """The dose to give next in mg/m², after every part of the record (None: no dose)."""
        if self.record is not None:
            return self.record.dose_mg_m2
        if self.dose.action in (Action.CONTINUE, Action.REDUCE):
            return self.dose.next_dose_mg_m2
        return None

    @property
    def schedule_text(self) -> str:
        """' once weekly' when the record fixes the schedule (the restart after a withhold and
        the doses after it), else '' (the schedule is the patient's, as entered)."""
        if self.record is None or not (self.restart is not None or self.state.restarted):
            return ""
        return f" {SCHEDULE_WORDS[self.record.schedule]}"

    @property
    def kidney(self) -> KidneyFunction | None:
        return self.pain.kidney

    @property
    def analgesics(self) -> tuple[AnalgesicOption, ...] | None:
        return self.pain.options

    @property
    def headline(self) -> str:
        """The dose headline from the whole record: a hold, refusal or discontinuation first;
        then the restart ('Restart at 0.7 mg/m² once weekly — mg — mL (resolution confirmed
        by …)'); else the neuropathy action, with the liver dosing beside it when liver
        impairment is moderate or severe (never 'continue at 1.3' alone)."""
        if self.gate is not None:
            return self.gate.summary
        amount = f" — {self.amount.dose_mg_text} — {self.amount.volume_ml_text}" if self.amount and self.amount.volume_ml is not None else ""
        if self.restart is not None:
            c = self.state.confirmation
            return f"Restart at {format_dose(self.next_dose_mg_m2)} mg/m² once weekly{amount} (resolution confirmed {c.when})"
        action = self.dose.headline
        if self.record is not None and self.next_dose_mg_m2 is not None and self.dose.next_dose_mg_m2 is not None:
            if abs(self.next_dose_mg_m2 - self.dose.next_dose_mg_m2) > 1e-9:
                action = f"Next dose {format_dose(self.next_dose_mg_m2)} mg/m² (the label action alone: {action[:1].lower()}{action[1:]})"
            action += self.schedule_text
        if self.hepatic is None:
            return action
        return f"{self.hepatic.summary} Neuropathy: {action[:1].lower()}{action[1:]}."

    @property
    def why(self) -> str:
        """Why this action, in a few words: 'Grade 2 with neuropathic pain -> withhold'."""
        f, d = self.findings, self.dose
        text = f"Grade {d.driving_grade} (sensory {f.sensory_grade}, motor {f.motor_grade})"
        text += " with neuropathic pain" if d.neuropathic_pain else ", no neuropathic pain"
        if f.severe_autonomic:
            text += ", severe autonomic neuropathy " + ("confirmed" if f.autonomic_confirmation else "not yet confirmed")
        return f"{text} -> {d.action.value}"

    def cards(self) -> tuple[Card, ...]:
        """Every card, most important first: red flags, the liver dosing, the dose action."""
        out = list(self.red_flags)
        out += [c for c in (self.gate, self.restart) if c is not None]
        if self.record is not None:
            out += self.record.cards
        if self.hepatic:
            out.append(self.hepatic)
        out.append(self.dose.card)
        if self.amount:
            out += self.amount.cards
        out += self.checks
        out += self.advice
        out += by_importance(self.pain.medication_alerts + self.pain.alerts)
        if self.kidney:
            out.append(self.kidney.card)
        out.append(self.grading)
        return tuple(out) + self.pain.warnings + (self.pain.positions,) + self.pain.cautions + self.workup + self.monitoring

    def as_note(self, on: date) -> str:
        """A plain-text note for the medical record, dated ``on`` (passed in, never 'now')."""
        f = self.findings
        autonomic = "no"
        if f.severe_autonomic:
            c = f.autonomic_confirmation
            autonomic = f"yes, confirmed by {c.by}: {c.what}" if c else "yes, not yet confirmed (withhold and assess)"
        grading = ctcae(f.ctcae_version)
        lines = [f"BIPN assessment {on.isoformat()} ({grading.version})", f"Dose: {self.headline}"]
        if self.state is not None:
            lines.append(f"Dose state: {self.state.text}")
        lines += [
            f"Grades: sensory {f.sensory_grade}, motor {f.motor_grade}, "
            f"neuropathic pain {'yes' if f.neuropathic_pain else 'no'}, "
            f"severe autonomic neuropathy {autonomic}",
            *((grading.label_mapping,) if grading.label_mapping else ()),
            "",
            "Plan:",
        ]
        general = ("workup.", "monitor.", "pain.positions", "pain.band_edges")
        lines += [c.as_note() for c in self.cards() if not c.rule_id.startswith(general) and c not in self.pain.cautions]
        if self.analgesics:
            lines.append("Analgesic options (daily doses adjusted for this patient):")
            lines += [
                f"- {o.display}: {o.dose_text}" + (f" ({o.level.word})" if o.level and not o.avoid else "")
                for o in self.analgesics
                if o.max_daily_mg is not None or o.avoid
            ]
        regimen = [step for c in self.workup if c.rule_id == "workup.neurotoxic_drugs" for step in c.audit]
        if regimen:
            lines.append("Regimen context: " + "; ".join(regimen))
        if self.pain.unchecked:
            lines.append("Not checked for interactions: " + "; ".join(self.pain.unchecked))
        lines += ["", "Other causes to check: " + " ".join(c.summary for c in self.workup)]
        lines += [p.message for p in self.pending]
        lines += ["", DISCLAIMER, f"bipn-bedside content {CONTENT_VERSION}, reviewed {REVIEW_DATE}."]
        return "\n".join(lines)


def amount_for(patient: Patient, dose_mg_m2: float, part: str) -> tuple[DoseAmount | None, Pending | None]:
    """Dose in mg and volume for ``dose_mg_m2``, or what is missing, or why it failed."""
    missing = patient.missing("height_cm", "weight_kg", "route", "product")
    if patient.needs_label_concentration and patient.concentration_mg_ml is None:
        missing += ("concentration_mg_ml",)
    if missing:
        return None, Pending(part, missing=missing)
    if patient.body_size_check is not None:  # an implausible height or weight, not yet confirmed
        return None, Pending(part, problem=patient.body_size_check[1])
    try:
        return dose_amount(
            dose_mg_m2=dose_mg_m2,
            bsa_m2=patient.bsa_m2,
            product=patient.product,
            route=patient.route,
            concentration_mg_ml=patient.concentration_mg_ml,
            concentration_confirmed=patient.concentration_confirmed,
        ), None
    except InputError as exc:
        return None, Pending(part, problem=str(exc))


def bedside_plan(
    patient: Patient,
    findings: Findings,
    course: Course | None = None,
    on: date | None = None,
    resolution: Confirmation | None = None,
) -> BedsidePlan:
    """Run every rule for this patient and these findings. Pure: same input, same plan.

    Red flags come first, then (with moderate or severe liver impairment) the label's liver
    dosing, then the dose action. The dose action is always given (withhold and discontinue
    do not need the current dose); the next dose, mg and volume need the fields ``pending``
    lists. With ``course`` (and ``on``, today's date, and ``resolution``, today's recorded
    resolution) the answer is read through the course's dose state: on hold, today's grades
    are a resolution check; after a resolution, the restart; discontinued, no dose again.
    The label table is then read at the course's dose in force, not the dose typed.
    """
    if course is not None and not isinstance(course, Course):
        raise InputError("course", f"course must be a Course or None (got {course!r})")
    if resolution is not None and not isinstance(resolution, Confirmation):
        raise InputError("resolution", f"resolution must be a Confirmation or None (got {resolution!r})")
    typed_mg_m2 = patient.dose_mg_m2
    if course is not None:  # the label table is read at the course's dose in force
        current = dose_in_force(course, findings, on, resolution, patient.schedule, patient.dose_mg_m2)
        if current != patient.dose_mg_m2:
            patient = replace(patient, dose_mg_m2=current)
    grades = dict(
        sensory_grade=findings.sensory_grade,
        motor_grade=findings.motor_grade,
        neuropathic_pain=findings.neuropathic_pain,
        severe_autonomic=findings.severe_autonomic,
        autonomic_confirmed=findings.autonomic_confirmation is not None,
    )
    pending: list[Pending] = []
    if patient.dose_mg_m2 is None:
        dose = action_without_current_dose(**grades)
        pending.append(Pending("next dose", missing=("dose_mg_m2",)))
    else:
        dose = dose_action(**grades, current_dose_mg_m2=patient.dose_mg_m2, hepatic=patient.hepatic)
    if findings.autonomic_confirmation is not None:
        c = findings.autonomic_confirmation
        dose = replace(dose, card=replace(dose.card, audit=dose.card.audit + (f"severe autonomic neuropathy confirmed by {c.by}: {c.what}",)))
    hepatic = hepatic_advice(patient.hepatic, patient.dose_mg_m2)
    liver_dosing = hepatic if hepatic is not None and hepatic.rule_id != "dose.hepatic_not_recorded" else None
    amount = None
    record = None
    nxt = dose.next_dose_mg_m2 if dose.action in (Action.CONTINUE, Action.REDUCE) else None
    if course is not None:
        record = next_dose(course, findings, dose, on=on, resolution=resolution, hepatic=patient.hepatic, schedule=patient.schedule,
                           typed_mg_m2=typed_mg_m2)
        nxt = record.dose_mg_m2
    # Mg and volume only for a dose given now; a withheld dose restarts only after the
    # clinician records resolution, never from the grades alone.
    if nxt is not None:
        if record is None and liver_dosing is not None and liver_dosing.rule_id == "dose.hepatic_above" and nxt >= patient.dose_mg_m2:
            pending.append(Pending("dose in mg and injection volume", problem="the current dose is above the label's doses for liver impairment; choose the dose first"))
        else:
            amount, why = amount_for(patient, nxt, "dose in mg and injection volume")
            pending += [why] if why else []

    schedule = (record.schedule if record else None) or patient.schedule
    advice = [c for c in (
        route_advice(patient.route, patient.product) if patient.route else None,
        schedule_advice(schedule) if schedule else None,
        hepatic if liver_dosing is None else None,
    ) if c]
    advice.append(renal_advice(on_hemodialysis=patient.on_hemodialysis))
    if findings.sensory_grade >= 3:
        advice.append(card("grading.outdated_grade4"))
    at_floor = dose.current_dose_mg_m2 is not None and dose.current_dose_mg_m2 <= min(dose_table().levels_for(patient.hepatic))
    if dose.action is Action.CONTINUE and at_floor:
        advice.append(card("dose.at_floor", dose=format_dose(dose.current_dose_mg_m2)))

    pain = pain_plan(patient)
    pending += [pain.pending] if pain.pending else []
    meds = resolve_medications(patient.current_medications).medications
    return BedsidePlan(
        patient=patient,
        findings=findings,
        grading=grading_card(
            sensory_grade=findings.sensory_grade,
            motor_grade=findings.motor_grade,
            neuropathic_pain=findings.neuropathic_pain,
            severe_autonomic=findings.severe_autonomic,
            version=findings.ctcae_version,
        ),
        dose=dose,
        amount=amount,
        red_flags=red_flag_cards(findings),
        hepatic=liver_dosing,
        checks=body_cards(patient.height_cm, patient.weight_kg, patient.bsa_m2),
        advice=tuple(advice),
        pain=pain,
        workup=workup_checklist(meds=meds, motor_grade=findings.motor_grade),
        monitoring=monitoring_plan(),
        pending=tuple(pending),
        record=record,
        typed_dose_mg_m2=typed_mg_m2,
    )


@dataclass(frozen=True)
class Restart:
    """The end of a withhold: the recorded confirmation, and the restart dose if there is one."""

    card: Card
    amount: DoseAmount | None
    pending: Pending | None


def restart_plan(plan: BedsidePlan, *, confirmed_by: str, resolution: str) -> Restart:
    """Record the clinician's confirmation that the toxicity resolved, and the restart dose.

    InputError when the plan is not a withhold, or a confirmation field is empty. No restart
    dose when the last dose was below the labelled restart dose.
    """
    restart_card = restart_after_withhold(plan.dose, confirmed_by=confirmed_by, resolution=resolution)
    if plan.dose.next_dose_mg_m2 is None:
        if plan.dose.current_dose_mg_m2 is None:
            return Restart(restart_card, None, Pending("restart dose", missing=("dose_mg_m2",)))
        return Restart(restart_card, None, None)
    amount, pending = amount_for(plan.patient, plan.dose.next_dose_mg_m2, "restart dose in mg and volume")
    return Restart(restart_card, amount, pending)

