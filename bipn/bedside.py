"""The whole bedside assessment: grade, dose action, dose, kidneys, pain plan, cautions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bipn import validation
from bipn.analgesia import AnalgesicOption, analgesic_plan, pain_cards
from bipn.cards import Card, card
from bipn.dosing import Action, DoseAction, DoseAmount, dose_action, dose_table, dose_amount, hepatic_advice, renal_advice, route_advice, schedule_advice
from bipn.education import DISCLAIMER
from bipn.evidence import CONTENT_VERSION, REVIEW_DATE
from bipn.grading import ctcae, grade, grading_card
from bipn.medications import general_cautions, medication_alerts, resolve
from bipn.patient import Patient
from bipn.renal import KidneyFunction
from bipn.workup import monitoring_plan, workup_checklist


@dataclass(frozen=True)
class Findings:
    """What the clinician found: CTCAE v5.0 grades 0-4 and the two modifiers."""

    sensory_grade: int
    motor_grade: int = 0
    neuropathic_pain: bool = False
    severe_autonomic: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "sensory_grade", grade("sensory_grade", self.sensory_grade))
        object.__setattr__(self, "motor_grade", grade("motor_grade", self.motor_grade))
        validation.flag("neuropathic_pain", self.neuropathic_pain)
        validation.flag("severe_autonomic", self.severe_autonomic)


@dataclass(frozen=True)
class BedsidePlan:
    """Everything the app recommends for one patient and one assessment.

    Parts that need patient data not yet entered are None (``amount``, ``kidney``,
    ``analgesics``); ``waiting_for`` says which fields would fill them.
    """

    patient: Patient
    findings: Findings
    grading: Card
    dose: DoseAction | None
    amount: DoseAmount | None
    kidney: KidneyFunction | None
    advice: tuple[Card, ...]
    analgesics: tuple[AnalgesicOption, ...] | None
    pain: tuple[Card, ...]
    medication_alerts: tuple[Card, ...]
    cautions: tuple[Card, ...]
    workup: tuple[Card, ...]
    monitoring: tuple[Card, ...]
    waiting_for: dict[str, tuple[str, ...]]

    def cards(self) -> tuple[Card, ...]:
        """Every card, most important first."""
        out = [self.grading]
        if self.dose:
            out.append(self.dose.card)
        if self.amount:
            out += self.amount.cards
        out += self.advice
        if self.kidney:
            out += (self.kidney.card, *self.kidney.warnings)
        out += self.medication_alerts
        for option in self.analgesics or ():
            out += option.alerts
        return tuple(out) + self.pain + self.cautions + self.workup + self.monitoring

    def as_note(self, on: date) -> str:
        """A plain-text note for the medical record, dated ``on`` (passed in, never 'now')."""
        lines = [
            f"BIPN assessment {on.isoformat()} ({ctcae().version})",
            f"Grades: sensory {self.findings.sensory_grade}, motor {self.findings.motor_grade}, "
            f"neuropathic pain {'yes' if self.findings.neuropathic_pain else 'no'}, "
            f"severe autonomic neuropathy {'yes' if self.findings.severe_autonomic else 'no'}",
            "",
            "Plan:",
        ]
        for c in self.cards():
            if c.rule_id.startswith(("workup.", "monitor.", "caution.", "pain.positions")):
                continue
            lines.append(c.as_note())
        if self.analgesics:
            lines.append("Analgesic options (daily doses adjusted for this patient):")
            for o in self.analgesics:
                if o.max_daily_mg is not None or o.avoid:
                    lines.append(f"- {o.display}: {o.dose_text}")
        lines += ["", "Other causes to check: " + "; ".join(c.summary for c in self.workup)]
        for field, needs in self.waiting_for.items():
            lines.append(f"Not computed ({field}): enter {', '.join(needs)}.")
        lines += ["", DISCLAIMER, f"bipn-bedside content {CONTENT_VERSION}, reviewed {REVIEW_DATE}."]
        return "\n".join(lines)


@dataclass(frozen=True)
class PainPlan:
    """The pain page for one patient: framing cards, kidney function, options, cautions.

    ``kidney`` and ``options`` are None until ``patient.kidney_missing()`` is empty.
    """

    framing: tuple[Card, ...]
    kidney: KidneyFunction | None
    options: tuple[AnalgesicOption, ...] | None
    medication_alerts: tuple[Card, ...]
    cautions: tuple[Card, ...]

    @property
    def alerts(self) -> tuple[Card, ...]:
        """Interaction alerts across all options, each once."""
        seen = {a.summary: a for o in self.options or () for a in o.alerts}
        return tuple(seen.values())


def pain_plan(patient: Patient) -> PainPlan:
    """The analgesic plan for this patient (both positions, doses after every gate)."""
    meds = resolve(patient.current_medications)
    kidney = patient.kidney
    options = None
    if kidney is not None:
        options = tuple(
            analgesic_plan(
                crcl_ml_min=kidney.crcl_ml_min,
                on_hemodialysis=patient.on_hemodialysis,
                hepatic_impairment=patient.hepatic,
                age_years=patient.age_years,
                current_medications=patient.current_medications,
                substantial_alcohol_use=patient.substantial_alcohol_use,
            )
        )
    return PainPlan(
        framing=pain_cards(on_hemodialysis=patient.on_hemodialysis),
        kidney=kidney,
        options=options,
        medication_alerts=medication_alerts(meds),
        cautions=general_cautions(meds),
    )


def bedside_plan(patient: Patient, findings: Findings) -> BedsidePlan:
    """Run every rule for this patient and these findings. Pure: same input, same plan."""
    waiting: dict[str, tuple[str, ...]] = {}
    dose = None
    if patient.dose_mg_m2 is None:
        waiting["dose action"] = ("dose_mg_m2",)
    else:
        dose = dose_action(
            sensory_grade=findings.sensory_grade,
            motor_grade=findings.motor_grade,
            neuropathic_pain=findings.neuropathic_pain,
            severe_autonomic=findings.severe_autonomic,
            current_dose_mg_m2=patient.dose_mg_m2,
        )
    amount = None
    # Mg and volume only for a dose given now; a withheld dose restarts only after the
    # clinician confirms resolution (restart_after_withhold), never from this plan.
    gives_now = dose is not None and dose.action in (Action.CONTINUE, Action.REDUCE)
    dose_for_amount = dose.next_dose_mg_m2 if gives_now else None
    needs = patient.missing("height_cm", "weight_kg", "route", "product")
    if patient.product == "other" and patient.concentration_mg_ml is None:
        needs += ("concentration_mg_ml",)
    if dose_for_amount is not None and not needs:
        amount = dose_amount(
            dose_mg_m2=dose_for_amount,
            bsa_m2=patient.bsa_m2,
            product=patient.product,
            route=patient.route,
            concentration_mg_ml=patient.concentration_mg_ml if patient.product == "other" else None,
        )
    elif dose_for_amount is not None:
        waiting["dose in mg and volume"] = needs

    advice = [c for c in (
        route_advice(patient.route) if patient.route else None,
        schedule_advice(patient.schedule) if patient.schedule else None,
        hepatic_advice(patient.hepatic),
    ) if c]
    advice.append(renal_advice(on_hemodialysis=patient.on_hemodialysis))
    if findings.sensory_grade >= 3:
        advice.append(card("grading.outdated_grade4"))
    if dose is not None and dose.action is Action.CONTINUE and dose.current_dose_mg_m2 <= dose_table().restart_mg_m2:
        advice.append(card("dose.at_floor", dose=f"{dose.current_dose_mg_m2:g}"))

    pain = pain_plan(patient)
    if pain.kidney is None:
        waiting["creatinine clearance and analgesic doses"] = patient.kidney_missing()
    meds = resolve(patient.current_medications)
    return BedsidePlan(
        patient=patient,
        findings=findings,
        grading=grading_card(
            sensory_grade=findings.sensory_grade,
            motor_grade=findings.motor_grade,
            neuropathic_pain=findings.neuropathic_pain,
            severe_autonomic=findings.severe_autonomic,
        ),
        dose=dose,
        amount=amount,
        kidney=pain.kidney,
        advice=tuple(advice),
        analgesics=pain.options,
        pain=pain.framing,
        medication_alerts=pain.medication_alerts,
        cautions=pain.cautions,
        workup=workup_checklist(meds=meds, motor_grade=findings.motor_grade),
        monitoring=monitoring_plan(),
        waiting_for=waiting,
    )
