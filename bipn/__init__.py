"""bipn: clinical decision support for bortezomib-induced peripheral neuropathy.

Pure Python, no UI. Every recommendation is a value carrying its sources (with provenance)
and the steps that led to it. Invalid input raises ``InputError``. Pandas, Altair, vl-convert
and fpdf2 are imported only when a figures table, chart, chart image or PDF is asked for.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from bipn.clinical.analgesia import AnalgesicOption, agents, analgesic_plan
from bipn.rules.bedside import BedsidePlan, PainPlan, Pending, Restart, bedside_plan, pain_plan, restart_plan
from bipn.clinical.body import bsa_mosteller
from bipn.content.cards import Card, Severity, rules
from bipn.content.cards import card as rule_card
from bipn.clinical.dosing import (
    Action,
    DoseAction,
    DoseAmount,
    Route,
    Schedule,
    dose_action,
    dose_amount,
    dose_levels,
    format_dose,
    products,
    restart_after_withhold,
)
from bipn.clinical.education import DISCLAIMER, PATIENT_NOTICE, Audience, handout, handout_heading, medicine_line, patient_sources, reading_order, sections
from bipn.core.errors import InputError
from bipn.clinical.findings import Confirmation, Findings
from bipn.content.evidence import CONTENT_VERSION, REVIEW_DATE, Citation, Provenance, Reference, reference, references
from bipn.clinical.grading import GuidedGrade, Nerve, ctcae, guided_grade
from bipn.clinical.liver import Hepatic
from bipn.clinical.medications import MedicationList, known_medications, medication_name, medication_suggestions, resolve_medications
from bipn.record.patient import Patient, field_errors, field_label
from bipn.record.plausibility import body_slip
from bipn.clinical.prognosis import Figure, figures
from bipn.clinical.renal import KidneyFunction, Sex, WeightBasis, creatinine_clearance, kidney_function
from bipn.core.stats import wilson_interval
from bipn.core.validation import parse_number

# Heavy or optional parts, imported on first use so `import bipn` stays light.
_LAZY = {
    "figures_frame": "bipn.clinical.prognosis",
    "chart_alt_text": "bipn.clinical.prognosis",
    "chart_caption": "bipn.clinical.prognosis",
    "chart_spec": "bipn.outputs.charts",
    "chart_image": "bipn.outputs.charts",
    "chart_names": "bipn.outputs.charts",
    "chart_table": "bipn.outputs.charts",
    "patient_frequency": "bipn.outputs.charts",
    "with_patient_day": "bipn.outputs.charts",
    "reversibility_chart": "bipn.outputs.charts",
    "time_to_improvement_chart": "bipn.outputs.charts",
    "incidence_chart": "bipn.outputs.charts",
    "handout_pdf": "bipn.outputs.handout_pdf",
    "search": "bipn.lookup.retrieval",
    "SearchResult": "bipn.lookup.retrieval",
}

__all__ = [
    "CONTENT_VERSION",
    "DISCLAIMER",
    "PATIENT_NOTICE",
    "REVIEW_DATE",
    "Action",
    "AnalgesicOption",
    "Audience",
    "BedsidePlan",
    "Card",
    "Citation",
    "Confirmation",
    "DoseAction",
    "DoseAmount",
    "Figure",
    "Findings",
    "GuidedGrade",
    "Hepatic",
    "InputError",
    "KidneyFunction",
    "MedicationList",
    "Nerve",
    "PainPlan",
    "Patient",
    "body_slip",
    "Pending",
    "Provenance",
    "Reference",
    "Restart",
    "Route",
    "Schedule",
    "SearchResult",
    "Severity",
    "Sex",
    "WeightBasis",
    "agents",
    "analgesic_plan",
    "bedside_plan",
    "bsa_mosteller",
    "chart_alt_text",
    "chart_caption",
    "chart_image",
    "chart_names",
    "chart_spec",
    "chart_table",
    "creatinine_clearance",
    "ctcae",
    "dose_action",
    "dose_amount",
    "dose_levels",
    "field_errors",
    "field_label",
    "figures",
    "figures_frame",
    "format_dose",
    "guided_grade",
    "handout",
    "handout_heading",
    "medicine_line",
    "patient_sources",
    "handout_pdf",
    "incidence_chart",
    "kidney_function",
    "known_medications",
    "medication_name",
    "medication_suggestions",
    "pain_plan",
    "parse_number",
    "patient_frequency",
    "products",
    "reference",
    "references",
    "restart_after_withhold",
    "resolve_medications",
    "restart_plan",
    "reversibility_chart",
    "reading_order",
    "rule_card",
    "rules",
    "search",
    "sections",
    "time_to_improvement_chart",
    "wilson_interval",
    "with_patient_day",
]


def __getattr__(name: str) -> Any:  # noqa: ANN401 - a lazily imported function, class or module
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'bipn' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
