"""The two edges the hand mutation check of 2026-12-03 found untested (review, Part 3)."""

import pytest

import bipn
from bipn.rules.redflags import red_flag_cards


@pytest.mark.parametrize(("sensory", "shown"), [(2, False), (3, True), (4, True)])
def test_the_outdated_grade_4_wording_card_from_sensory_grade_3(sensory, shown):
    """policy.md: disabling sensory loss that limits self-care is Grade 3, not the source
    article's 'Grade 4 = permanent sensory loss': said whenever the sensory grade is 3 or 4."""
    plan = bipn.bedside_plan(bipn.Patient(dose_mg_m2=1.3), bipn.Findings(sensory_grade=sensory))
    assert ("grading.outdated_grade4" in {c.rule_id for c in plan.advice}) is shown


@pytest.mark.parametrize(("weight_kg", "shown"), [(119.9, False), (120.0, True), (120.1, True)])
def test_the_obesity_caution_starts_at_exactly_bmi_30(weight_kg, shown):
    """policy.md: BMI >= 30 with actual weight in Cockcroft-Gault shows the adjusted-weight
    clearance beside it. 200 cm and 120 kg is BMI 30.0 exactly."""
    patient = bipn.Patient(age_years=60, sex="male", height_cm=200, weight_kg=weight_kg, scr_mg_dl=1.0)
    cards = bipn.pain_plan(patient).warnings
    assert ("renal.obesity" in {c.rule_id for c in cards}) is shown


# ---- killed from the mutmut run of 2026-12-03 (README, "Mutation testing") ------------------------


@pytest.mark.parametrize(("found", "named"), [
    ({"back_pain": True}, ["back pain"]),
    ({"new_weakness": True, "back_pain": True}, ["new or progressive weakness", "back pain"]),
    ({"sphincter_or_saddle": True}, ["bladder or bowel disturbance or saddle numbness"]),
])
def test_the_cord_compression_card_names_each_finding_in_its_summary_and_its_basis(found, named):
    (cord,) = red_flag_cards(bipn.Findings(sensory_grade=1, **found))
    assert cord.rule_id == "redflag.cord_compression" and cord.severity is bipn.Severity.CRITICAL
    assert cord.summary.startswith(f"Red flag: {', '.join(named)}. Urgent same-day assessment")
    assert cord.audit == tuple(f"finding: {w}" for w in named)


@pytest.mark.parametrize(("found", "motor", "named"), [
    ({"atypical_pattern": True}, 0, ["asymmetric, proximal or rapidly progressive pattern"]),
    ({}, 2, ["motor grade 2 above sensory grade 1"]),
    ({"atypical_pattern": True}, 2, ["asymmetric, proximal or rapidly progressive pattern", "motor grade 2 above sensory grade 1"]),
])
def test_the_atypical_card_names_each_finding_in_its_summary_and_its_basis(found, motor, named):
    (atypical,) = red_flag_cards(bipn.Findings(sensory_grade=1, motor_grade=motor, **found))
    assert atypical.rule_id == "redflag.atypical"
    assert "; ".join(named) in atypical.summary
    assert atypical.audit == tuple(f"finding: {w}" for w in named)


def test_no_red_flag_no_card():
    assert red_flag_cards(bipn.Findings(sensory_grade=2, motor_grade=2)) == ()
