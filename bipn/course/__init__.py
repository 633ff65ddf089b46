"""The course across cycles: a baseline, one visit per cycle or injection, the flags over time,
the nurse's pre-dose check (HL7 Belgium BortezomibV1 and homehosp-bortezomib), the note for the
record, the FHIR R4 record, the chart and the one-page summary.

The model (``Course``, ``Visit``) is in ``bipn.record.visits``; each module here imports it and
the rules below, never each other in a cycle: ``flags`` reads the course, ``note`` writes it as
text, ``fhir`` as a Bundle, ``chart`` as a picture, ``pdf`` as a page. Immutable values only:
``Course.add`` returns a new course. Dates are passed in, never read from the clock. Altair,
pandas, fpdf2 and ``fhir.resources`` are imported only inside the functions that need them.
"""

from __future__ import annotations

from bipn.course.chart import course_chart, course_frame
from bipn.course.fhir import from_fhir, from_json, read_json, to_fhir, to_json
from bipn.course.flags import CourseReview, review
from bipn.course.note import course_note
from bipn.course.pdf import course_pdf
from bipn.record.visits import (
    TEAM_DECISIONS,
    Course,
    PreDoseCheck,
    Visit,
    accepted_questionnaires,
    content,
    contraindications,
    export_questionnaire,
    left_out_items,
    questionnaire_citations,
    vitals,
)
from bipn.rules.dose_state import DoseState, Kind, dose_state
from bipn.rules.predose import PreDoseAnswer, pre_dose_answer

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
