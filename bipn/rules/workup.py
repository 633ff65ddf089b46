"""Other causes to check, and how to monitor."""

from __future__ import annotations

from bipn.content.cards import Card, Severity, card
from bipn.clinical.medications import Medication, with_class

WORKUP_RULES = (
    "workup.b12",
    "workup.diabetes",
    "workup.thyroid",
    "workup.alcohol",
    "workup.neurotoxic_drugs",
    "workup.amyloidosis",
    "workup.motor",
)
MONITORING_RULES = ("monitor.clinical", "monitor.no_routine_ncs", "monitor.figures_not_promise")


def workup_checklist(*, meds: tuple[Medication, ...] = (), motor_grade: int = 0) -> tuple[Card, ...]:
    """The other-causes checklist; notes neurotoxic co-medication and motor findings."""
    neurotoxic = ", ".join(m.display.lower() for m in with_class(meds, "neurotoxic"))
    notes = {
        "workup.neurotoxic_drugs": f"patient takes {neurotoxic}" if neurotoxic else "",
        "workup.motor": f"motor neuropathy Grade {motor_grade} recorded" if motor_grade else "",
    }
    raised = {"workup.motor": Severity.WARNING} if motor_grade else {}
    return tuple(card(rid, audit=(notes[rid],) if notes.get(rid) else (), severity=raised.get(rid)) for rid in WORKUP_RULES)


def monitoring_plan() -> tuple[Card, ...]:
    """How to monitor: clinically, not with routine nerve conduction studies."""
    return tuple(card(rid) for rid in MONITORING_RULES)
