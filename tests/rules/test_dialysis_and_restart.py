"""Haemodialysis uses the lowest label band; a restart never raises the dose."""

import pytest

import bipn


@pytest.mark.parametrize("crcl", [90, 45, 20, 14])
def test_on_haemodialysis_the_lowest_band_applies_whatever_the_estimate(crcl):
    plan = {o.agent: o for o in bipn.analgesic_plan(crcl_ml_min=crcl, on_hemodialysis=True)}
    assert plan["pregabalin"].max_daily_mg == 75
    assert plan["gabapentin"].max_daily_mg <= 300
    assert plan["duloxetine"].avoid
    assert plan["tramadol"].max_daily_mg == 200
    assert any("Haemodialysis" in c for c in plan["gabapentin"].cautions)


def patient(dose):
    return bipn.Patient(age_years=70, sex="female", height_cm=165, weight_kg=60, scr_mg_dl=1.0, dose_mg_m2=dose, route="sc", product="velcade")


def test_restart_is_0_7_once_weekly_with_its_volume():
    plan = bipn.bedside_plan(patient(1.0), bipn.Findings(sensory_grade=3))
    restart = bipn.restart_plan(plan, confirmed_by="Dr A", resolution="back to baseline")
    assert restart.card.summary.startswith("Restart bortezomib at 0.7 mg/m² once weekly")
    assert restart.amount.dose_mg_m2 == 0.7


def test_restart_below_the_label_restart_dose_gives_no_dose():
    plan = bipn.bedside_plan(patient(0.5), bipn.Findings(sensory_grade=3))
    restart = bipn.restart_plan(plan, confirmed_by="Dr A", resolution="back to baseline")
    assert restart.amount is None
    assert "choose the restart dose yourself" in restart.card.summary


@pytest.mark.parametrize(("who", "what", "field"), [("", "baseline", "confirmed_by"), ("Dr A", "  ", "resolution")])
def test_restart_needs_who_confirmed_and_what_resolved_meant(who, what, field):
    plan = bipn.bedside_plan(patient(1.3), bipn.Findings(sensory_grade=3))
    with pytest.raises(bipn.InputError) as err:
        bipn.restart_plan(plan, confirmed_by=who, resolution=what)
    assert err.value.field == field


def test_restart_refused_when_nothing_was_withheld():
    plan = bipn.bedside_plan(patient(1.3), bipn.Findings(sensory_grade=1))
    with pytest.raises(bipn.InputError):
        bipn.restart_plan(plan, confirmed_by="Dr A", resolution="baseline")


CONFIRMED = bipn.Confirmation(by="Dr A", what="orthostatic hypotension; fluids, drugs and calcium excluded")


@pytest.mark.parametrize(
    ("sensory", "autonomic", "confirmation", "action"),
    [(3, False, None, "withhold"), (0, True, None, "withhold"), (0, True, CONFIRMED, "discontinue"), (4, False, None, "discontinue"), (2, False, None, "reduce")],
)
def test_the_action_does_not_wait_for_the_current_dose(sensory, autonomic, confirmation, action):
    findings = bipn.Findings(sensory_grade=sensory, severe_autonomic=autonomic, autonomic_confirmation=confirmation)
    plan = bipn.bedside_plan(bipn.Patient(), findings)
    assert plan.dose.action == action
    assert plan.dose.next_dose_mg_m2 is None
    assert any(p.missing == ("dose_mg_m2",) for p in plan.pending)


def test_a_part_that_cannot_be_computed_does_not_remove_the_dose_action():
    huge = bipn.Patient(age_years=18, sex="male", height_cm=250, weight_kg=300, scr_mg_dl=0.2, dose_mg_m2=1.3, route="sc", product="velcade", body_size_confirmed=True)
    plan = bipn.bedside_plan(huge, bipn.Findings(sensory_grade=2))
    assert plan.dose.action == "reduce" and plan.dose.next_dose_mg_m2 == 1.0
    assert plan.analgesics is not None
