"""Issue 21: the dose offered to the nurse, and messages in a ward's words."""

from datetime import date

import pytest

import bipn
import bipn.course as course
from bipn.rules.bedside import Pending
from bipn.rules.dose_state import DoseState, Kind


def test_the_dose_offered_is_the_dose_in_force_or_the_patients_before_the_first() -> None:
    assert DoseState(Kind.NOT_STARTED).proposed_dose(1.3) == 1.3
    assert DoseState(Kind.NOT_STARTED).proposed_dose(None) is None
    c = course.Course(baseline=bipn.Findings(sensory_grade=0))
    c = c.add(course.Visit(date(2026, 1, 5), bipn.Findings(sensory_grade=1), dose_given_mg_m2=1.0))
    assert course.dose_state(c).proposed_dose(1.3) == 1.0  # what was given last, not the form's dose
    held = c.add(course.Visit(date(2026, 1, 8), bipn.Findings(sensory_grade=3)))
    assert course.dose_state(held).kind is Kind.ON_HOLD and course.dose_state(held).proposed_dose(1.3) is None
    restarted = held.add(course.Visit(date(2026, 1, 20), bipn.Findings(sensory_grade=1), resolution=bipn.Confirmation("Dr A", "Grade 1, no pain")))
    assert course.dose_state(restarted).proposed_dose(1.3) == 0.7


def test_a_refused_number_is_shown_as_typed() -> None:
    with pytest.raises(bipn.InputError) as err:
        bipn.Patient(scr_mg_dl=124.0)
    assert "(got 124)" in str(err.value) and "124.0" not in str(err.value)


def test_a_refused_field_is_to_be_corrected_not_entered() -> None:
    p = Pending("kidney-adjusted analgesic doses", missing=("age_years", "serum creatinine"))
    assert p.message_for({"scr_umol_l": "refused"}) == (
        "For the kidney-adjusted analgesic doses, correct serum creatinine (refused beside the field) and enter age (years)."
    )
    assert p.message == "For the kidney-adjusted analgesic doses, enter age (years), serum creatinine."
