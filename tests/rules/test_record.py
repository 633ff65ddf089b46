"""One patient, one record, one answer: the dose state across the course, and a 'give' that
sees everything (policy.md, 'Additions after the third review'; review-2026-12-03 tables).

Expected values are written out from the policy and the label, not read from the data.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bipn
from bipn.course import Course, Kind, PreDoseCheck, Visit, dose_state, pre_dose_answer, review
from tests.unit.strategies_course import checks, courses, findings

F = bipn.Findings
A = bipn.Action
W = bipn.Schedule.WEEKLY
TW = bipn.Schedule.TWICE_WEEKLY
DAY0 = date(2026, 3, 2)
DR = bipn.Confirmation("Dr A. Registrar", "back to Grade 1, no pain")
CALM = PreDoseCheck(temperature_c=36.8, heart_rate_per_min=72, systolic_mm_hg=125, diastolic_mm_hg=78)
# 170 cm, 70 kg: BSA 1.82 m²; VELCADE SC 2.5 mg/mL.
BODY = dict(height_cm=170, weight_kg=70, product="velcade", route="sc")


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def ids(cards) -> list[str]:
    return [c.rule_id for c in cards]


def answer(course: Course, on: date, planned: float = 1.3, today: F | None = None, check: PreDoseCheck = CALM, **kwargs):
    return pre_dose_answer(check, today or F(0), planned_dose_mg_m2=planned, course=course, on=on, **kwargs)


ON_13 = Course(F(0)).add(Visit(day(0), F(0), 1.3, A.CONTINUE, schedule=TW))
WITHHELD_G3 = ON_13.add(Visit(day(7), F(3), None, A.WITHHOLD))


# ---- the dose state, every transition -------------------------------------------------------------


@pytest.mark.parametrize(
    ("course", "kind", "text"),
    [
        (Course(), Kind.NOT_STARTED, "Not started"),
        (ON_13, Kind.ON_DOSE, "On 1.3 mg/m² twice weekly; last dose 2026-03-02."),
        (WITHHELD_G3, Kind.ON_HOLD, "On hold since 2026-03-09 (Grade 3)"),
        # C19: a Grade 3 with no action recorded still holds.
        (ON_13.add(Visit(day(7), F(3))), Kind.ON_HOLD, "On hold since 2026-03-09 (Grade 3)"),
        (ON_13.add(Visit(day(7), F(2, neuropathic_pain=True))), Kind.ON_HOLD, "(Grade 2)"),
        # A resolution the visit's own grades contradict does not end the hold (C13).
        (WITHHELD_G3.add(Visit(day(14), F(2), resolution=DR)), Kind.ON_HOLD, "On hold since 2026-03-09"),
        (WITHHELD_G3.add(Visit(day(14), F(1, neuropathic_pain=True), resolution=DR)), Kind.ON_HOLD, "On hold"),
        (WITHHELD_G3.add(Visit(day(14), F(1), resolution=DR)), Kind.RESTART_RECORDED, "Restart recorded (0.7 mg/m² once weekly): resolution confirmed by Dr A. Registrar on 2026-03-16."),
        (WITHHELD_G3.add(Visit(day(14), F(1), 0.7, resolution=DR)), Kind.ON_DOSE, "On 0.7 mg/m² once weekly since the restart after a withhold"),
        (ON_13.add(Visit(day(7), F(4), None, A.DISCONTINUE)), Kind.DISCONTINUED, "Discontinued on 2026-03-09 (Grade 4)"),
        # Discontinuation is final: a later resolution and dose do not restart it.
        (ON_13.add(Visit(day(7), F(4))).add(Visit(day(30), F(0), 0.7, resolution=DR)), Kind.DISCONTINUED, "no further dose"),
    ],
)
def test_every_transition_of_the_dose_state(course, kind, text):
    state = dose_state(course)
    assert state.kind is kind and text in state.text


def test_baseline_counts_for_resolved():
    grade_2_baseline = Course(F(2)).add(Visit(day(0), F(3), None, A.WITHHOLD)).add(Visit(day(7), F(2), resolution=DR))
    assert dose_state(grade_2_baseline).kind is Kind.RESTART_RECORDED, "Grade 2 is this patient's baseline"


# ---- the nurse's check: the review's cases and more ------------------------------------------------


@pytest.mark.parametrize(
    ("course", "on", "planned", "today", "kwargs", "give", "rule"),
    [
        # C04 and the 72 hours: the day after, two days after, three days after a 1.3 dose.
        (ON_13, day(1), 1.3, F(0), {}, False, "predose.too_soon"),
        (ON_13, day(2), 1.3, F(0), {}, False, "predose.too_soon"),
        (ON_13, day(3), 1.3, F(0), {}, True, "predose.give"),
        (ON_13, day(0), 1.3, F(0), {}, False, "predose.too_soon"),  # never two doses on one date
        # Once weekly: 6 days is too soon, 7 is not.
        (Course().add(Visit(day(0), F(0), 1.0, schedule=W)), day(6), 1.0, F(0), {}, False, "predose.too_soon"),
        (Course().add(Visit(day(0), F(0), 1.0, schedule=W)), day(7), 1.0, F(0), {}, True, "predose.give"),
        # C13: a 'resolution' while still Grade 2 (baseline 0) is refused.
        (WITHHELD_G3, day(14), 0.7, F(2), {"resolution": DR}, False, "state.resolution_refused"),
        (WITHHELD_G3, day(14), 0.7, F(1, neuropathic_pain=True), {"resolution": DR}, False, "state.resolution_refused"),
        (WITHHELD_G3, day(14), 0.7, F(1), {}, False, "state.on_hold_met"),
        (WITHHELD_G3, day(14), 0.7, F(3), {}, False, "state.on_hold"),
        # C29: the restart gives 0.7 once weekly, never 1.0 or 1.3.
        (WITHHELD_G3, day(14), 0.7, F(1), {"resolution": DR}, True, "predose.give"),
        (WITHHELD_G3, day(14), 1.0, F(0), {"resolution": DR}, False, "predose.above_allowed"),
        # C30: a second restart dose three days later (once weekly) is too soon.
        (WITHHELD_G3.add(Visit(day(14), F(1), 0.7, resolution=DR)), day(17), 0.7, F(1), {}, False, "predose.too_soon"),
        (WITHHELD_G3.add(Visit(day(14), F(1), 0.7, resolution=DR)), day(21), 0.7, F(1), {}, True, "predose.give"),
        # C19: a Grade 3 with no action recorded holds, then Grade 0 is a resolution check.
        (ON_13.add(Visit(day(7), F(3))), day(14), 1.3, F(0), {}, False, "state.on_hold_met"),
        # Discontinued: a later check says so.
        (ON_13.add(Visit(day(7), F(4), None, A.DISCONTINUE)), day(30), 0.7, F(0), {}, False, "state.discontinued"),
        # C20: severe liver impairment and no earlier dose: 0.7 in cycle 1, never 1.3.
        (Course(), day(0), 1.3, F(0), {"patient": bipn.Patient(hepatic="severe")}, False, "predose.above_allowed"),
        (Course(), day(0), 0.7, F(0), {"patient": bipn.Patient(hepatic="severe")}, True, "predose.give"),
        (Course(), day(0), 1.0, F(0), {"patient": bipn.Patient(hepatic="moderate")}, False, "predose.above_allowed"),
        # A later cycle with liver impairment: never the unqualified 1.3 (later 1.0 or 0.5).
        (ON_13, day(7), 1.3, F(0), {"patient": bipn.Patient(hepatic="severe")}, False, "predose.above_allowed"),
        (ON_13, day(7), 1.0, F(0), {"patient": bipn.Patient(hepatic="severe")}, True, "predose.give"),
        (ON_13, day(7), 1.3, F(0), {"patient": bipn.Patient(hepatic="mild")}, True, "predose.give"),
    ],
)
def test_the_check_answers_from_the_whole_record(course, on, planned, today, kwargs, give, rule):
    a = answer(course, on, planned, today, **kwargs)
    assert a.give is give, ids(a.reasons)
    assert rule in ids(a.reasons)
    if not give:
        assert a.headline == "Do not give: hold and call the team" and a.allowed_dose_mg_m2 is None


@pytest.mark.parametrize(
    ("vitals", "items", "give", "rules"),
    [
        # C05 and the ward walk: a typed fever holds whatever the item answers.
        (dict(temperature_c=38.5), {}, False, ["predose.reading_holds"]),
        (dict(temperature_c=39.2), {}, False, ["predose.reading_holds"]),
        (dict(temperature_c=38.0), {}, False, ["predose.reading_holds"]),
        (dict(temperature_c=37.9), {}, True, ["predose.give"]),
        (dict(temperature_c=38.0), {"fever_chills_unwell": True}, False, ["predose.contraindication", "predose.reading_holds"]),
        # C06: systolic under 90 holds; 90-99 meets item C4 and blocks until answered again.
        (dict(systolic_mm_hg=72, diastolic_mm_hg=40), {}, False, ["predose.reading_holds", "predose.recheck"]),
        (dict(systolic_mm_hg=89, diastolic_mm_hg=60), {}, False, ["predose.reading_holds", "predose.recheck"]),
        (dict(systolic_mm_hg=90, diastolic_mm_hg=60), {}, False, ["predose.recheck"]),
        (dict(systolic_mm_hg=90, diastolic_mm_hg=60), {"readings_rechecked": True}, True, ["predose.give"]),
        (dict(systolic_mm_hg=100, diastolic_mm_hg=60), {}, True, ["predose.give"]),
        (dict(systolic_mm_hg=120, diastolic_mm_hg=59), {}, False, ["predose.recheck"]),
        (dict(systolic_mm_hg=72, diastolic_mm_hg=40), {"readings_rechecked": True}, False, ["predose.reading_holds"]),
        # Heart rate above 100 with item C5 'no': blocked until answered again.
        (dict(heart_rate_per_min=101), {}, False, ["predose.recheck"]),
        (dict(heart_rate_per_min=100), {}, True, ["predose.give"]),
        (dict(heart_rate_per_min=118), {"readings_rechecked": True}, True, ["predose.give"]),
        (dict(heart_rate_per_min=118), {"fast_or_irregular_pulse": True}, False, ["predose.contraindication"]),
    ],
)
def test_typed_vital_signs_decide_not_only_the_ticked_items(vitals, items, give, rules):
    check = dataclasses.replace(CALM, **vitals, **items)
    a = answer(ON_13, day(7), 1.3, check=check)
    assert a.give is give
    assert ids(a.reasons) == rules


def test_a_give_states_mg_per_m2_the_schedule_mg_and_ml():
    patient = bipn.Patient(**BODY)
    first = answer(ON_13, day(3), 1.3, patient=patient)
    amount = bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=bipn.bsa_mosteller(170, 70), product="velcade", route="sc")
    assert first.headline == f"Give 1.3 mg/m² twice weekly — {amount.dose_mg_text} — {amount.volume_ml_text}"
    restart = answer(WITHHELD_G3, day(14), 0.7, F(1), patient=patient, resolution=DR)
    amount = bipn.dose_amount(dose_mg_m2=0.7, bsa_m2=bipn.bsa_mosteller(170, 70), product="velcade", route="sc")
    assert restart.headline == f"Give 0.7 mg/m² once weekly — {amount.dose_mg_text} — {amount.volume_ml_text}"
    assert restart.headline in restart.reasons[-1].summary
    lower = answer(ON_13, day(3), 1.0, F(2), patient=patient)  # reduce: the planned lower dose is what is drawn up
    amount = bipn.dose_amount(dose_mg_m2=1.0, bsa_m2=bipn.bsa_mosteller(170, 70), product="velcade", route="sc")
    assert lower.headline.endswith(f"{amount.dose_mg_text} — {amount.volume_ml_text}")
    bare = answer(ON_13, day(3), 1.3)
    assert bare.give and "predose.amount_missing" in ids(bare.prompts), "no mg without the body size and product"


def test_the_check_needs_a_date_and_refuses_one_before_the_last_visit():
    with pytest.raises(TypeError):
        pre_dose_answer(CALM, F(0), planned_dose_mg_m2=1.3, course=ON_13)  # the contract makes 'on' required
    with pytest.raises(bipn.InputError) as exc:
        answer(ON_13, day(-1))
    assert exc.value.field == "on"


def test_a_check_without_vital_signs_names_them():
    with pytest.raises(bipn.InputError) as exc:
        PreDoseCheck()
    assert exc.value.field == "temperature_c" and "heart_rate_per_min" in str(exc.value)


# ---- the course flags: intervals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("course", "flag"),
    [
        (ON_13.add(Visit(day(0), F(0), 1.3)), "course.two_doses_one_day"),  # C03
        (ON_13.add(Visit(day(2), F(0), 1.3)), "course.interval_short"),
        (WITHHELD_G3.add(Visit(day(14), F(1), 0.7, resolution=DR)).add(Visit(day(17), F(1), 0.7)), "course.interval_short"),  # C30
        (ON_13.add(Visit(day(7), F(4))).add(Visit(day(14), F(0), 0.7)), "course.dose_after_discontinue"),
        (WITHHELD_G3.add(Visit(day(14), F(2), 0.7, resolution=DR)), "course.dose_while_withheld"),
    ],
)
def test_review_flags_what_the_label_rules_out(course, flag):
    flags = review(course).per_visit[-1]
    assert flag in ids(flags) and all(c.severity is bipn.Severity.CRITICAL for c in flags if c.rule_id == flag)


def test_doses_far_enough_apart_raise_no_interval_flag():
    ok = ON_13.add(Visit(day(3), F(0), 1.3)).add(Visit(day(7), F(0), 1.3))
    assert not {"course.interval_short", "course.two_doses_one_day"} & {c.rule_id for cards in review(ok).per_visit for c in cards}
    weekly = WITHHELD_G3.add(Visit(day(14), F(1), 0.7, resolution=DR)).add(Visit(day(21), F(1), 0.7))
    assert "course.interval_short" not in ids(review(weekly).per_visit[-1])


# ---- the assessment reads the same record ------------------------------------------------------------


def test_the_assessment_and_the_check_agree_after_a_withhold():
    """Ward walk, critical 2: withhold -> resolution -> Grade 1 gave 'Continue at 1.3' on one
    page while the course refused 1.3."""
    patient = bipn.Patient(dose_mg_m2=1.3, **BODY)
    plan = bipn.bedside_plan(patient, F(1), WITHHELD_G3, day(14))
    assert plan.next_dose_mg_m2 is None and plan.amount is None and "Continue" not in plan.headline
    assert plan.headline.startswith("On hold since 2026-03-09 (Grade 3)")
    resolved = WITHHELD_G3.add(Visit(day(14), F(1), resolution=dataclasses.replace(DR, at=None)))
    plan = bipn.bedside_plan(patient, F(1), resolved, day(14))
    amount = bipn.dose_amount(dose_mg_m2=0.7, bsa_m2=bipn.bsa_mosteller(170, 70), product="velcade", route="sc")
    assert plan.headline == f"Restart at 0.7 mg/m² once weekly — {amount.dose_mg_text} — {amount.volume_ml_text} (resolution confirmed by Dr A. Registrar)"
    note = plan.as_note(day(14)).splitlines()
    assert note[1] == f"Dose: {plan.headline}" and note[2].startswith("Dose state: Restart recorded (0.7 mg/m² once weekly)")
    nurse = answer(resolved, day(14), 0.7, F(1), patient=patient)
    assert nurse.give and nurse.allowed_dose_mg_m2 == plan.next_dose_mg_m2 == 0.7


def test_the_assessment_never_offers_a_dose_after_discontinuation():
    stopped = ON_13.add(Visit(day(7), F(4), None, A.DISCONTINUE))
    plan = bipn.bedside_plan(bipn.Patient(dose_mg_m2=1.3, **BODY), F(0), stopped, day(30))
    assert plan.headline.startswith("Discontinued on 2026-03-09") and plan.next_dose_mg_m2 is None and plan.amount is None


def test_the_assessment_reads_the_label_at_the_course_dose_not_the_typed_one():
    reduced = Course().add(Visit(day(0), F(2), 1.0, A.REDUCE))
    plan = bipn.bedside_plan(bipn.Patient(dose_mg_m2=1.3), F(0), reduced, day(7))
    assert plan.headline == "Continue at 1.0 mg/m²", "the last dose given, not 1.3 as typed"


def test_the_assessment_says_when_the_next_dose_may_be_given():
    plan = bipn.bedside_plan(bipn.Patient(dose_mg_m2=1.3), F(0), ON_13, day(1))
    assert "state.next_not_before" in ids(plan.cards()) and "not before 2026-03-05" in next(c.summary for c in plan.cards() if c.rule_id == "state.next_not_before")


# ---- properties ------------------------------------------------------------------------------------

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@SETTINGS
@given(course=courses(max_visits=5), today=findings(), gap=st.integers(0, 10), resolution=st.none() | st.just(DR), hepatic=st.sampled_from(list(bipn.Hepatic)))
def test_the_plan_never_offers_a_dose_on_hold_or_after_discontinuation(course, today, gap, resolution, hepatic):
    on = (course.visits[-1].on if course.visits else DAY0) + timedelta(days=gap)
    try:
        plan = bipn.bedside_plan(bipn.Patient(dose_mg_m2=1.3, hepatic=hepatic, **BODY), today, course, on, resolution)
    except bipn.InputError:
        return
    state = dose_state(course)
    if state.kind is Kind.DISCONTINUED or (state.kind is Kind.ON_HOLD and resolution is None):
        assert plan.next_dose_mg_m2 is None and plan.amount is None
        assert not plan.headline.startswith(("Continue", "Reduce to", "Restart", "Next dose"))
    for c in plan.cards():
        assert c.rule_id in bipn.rules(), c.rule_id


@SETTINGS
@given(course=courses(max_visits=5), today=findings(), check=checks(), gap=st.integers(0, 10),
       planned=st.sampled_from(list(bipn.dose_levels())), resolution=st.none() | st.just(DR))
def test_give_never_breaks_the_record(course, today, check, gap, planned, resolution):
    on = (course.visits[-1].on if course.visits else DAY0) + timedelta(days=gap)
    try:
        a = pre_dose_answer(check, today, planned_dose_mg_m2=planned, course=course, on=on, patient=bipn.Patient(**BODY), resolution=resolution)
    except bipn.InputError:
        return
    for c in (*a.reasons, *a.prompts):
        assert c.rule_id in bipn.rules(), c.rule_id
    if not a.give:
        return
    state = dose_state(course)
    assert state.kind is not Kind.DISCONTINUED
    assert state.kind is not Kind.ON_HOLD or resolution is not None
    assert check.temperature_c < 38.0 and check.systolic_mm_hg >= 90 and not check.found
    last = course.last_dose_visit()
    if last is not None:
        assert (on - last.on).days >= 3, "never within 72 hours"
    if state.kind is Kind.RESTART_RECORDED or (state.kind is Kind.ON_HOLD and resolution is not None):
        assert planned <= 0.7 + 1e-9 and "once weekly" in a.headline


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days=st.lists(st.tuples(st.integers(0, 9), findings(), st.booleans(), st.booleans()), min_size=1, max_size=8),
       fever=st.lists(st.booleans(), min_size=8, max_size=8))
def test_no_sequence_of_visits_lets_the_nurse_give_what_the_record_rules_out(days, fever):
    """A nurse who records exactly what the check answers: whatever the grades, gaps,
    fevers and resolutions, the course never holds a dose on hold, after discontinuation,
    above the last tolerated dose after a withhold, or within 72 hours of another."""
    course, on = Course(F(0)), DAY0
    for i, (gap, today, resolved, planned_low) in enumerate(days):
        on += timedelta(days=gap)
        check = dataclasses.replace(CALM, temperature_c=38.4 if fever[i] else 36.8)
        resolution = DR if resolved else None
        try:
            a = pre_dose_answer(check, today, planned_dose_mg_m2=0.7 if planned_low else 1.3, course=course, on=on, resolution=resolution)
        except bipn.InputError:
            continue
        course = course.add(Visit(on, today, a.planned_dose_mg_m2 if a.give else None, a.dose.action, resolution=resolution,
                                  pre_dose=check, schedule=a.schedule if a.give else None))
    critical = {"course.two_doses_one_day", "course.interval_short", "course.dose_while_withheld", "course.dose_after_discontinue",
                "course.retreat_above_label", "course.retreat_above_tolerated"}
    found = {c.rule_id for cards in review(course).per_visit for c in cards}
    assert not critical & found, (found, course)


def test_the_fhir_round_trip_keeps_the_dose_state_schedule_and_readings():
    from bipn.course import from_json, to_json

    restart = bipn.Confirmation("Dr A. Registrar", "back to Grade 1", datetime(2026, 3, 16, 9, 30))
    check = dataclasses.replace(CALM, heart_rate_per_min=104, readings_rechecked=True, checked_by="Nurse B")
    course = WITHHELD_G3.add(Visit(day(14), F(1), 0.7, A.CONTINUE, resolution=restart, pre_dose=check, schedule=W))
    back = from_json(to_json(course))  # validated with fhir.resources on the way in
    assert back == course
    assert dose_state(back) == dose_state(course) and dose_state(back).kind is Kind.ON_DOSE and dose_state(back).restarted
    assert back.visits[-1].pre_dose.heart_rate_per_min == 104 and back.visits[-1].schedule is W


@SETTINGS
@given(course=courses(max_visits=6))
def test_every_course_card_comes_from_the_one_registry(course):
    r = review(course)
    for c in (*r.current, *(c for cards in r.per_visit for c in cards)):
        assert c.rule_id in bipn.rules(), c.rule_id


# ---- decisions that pages used to make (issue 20 item 3) ----------------------------------------


def test_the_first_agent_of_each_position_is_the_one_its_sources_name():
    """Guidelines first (duloxetine: ASCO 2020, ESMO 2020), then the source article (pregabalin),
    each as rule pain.positions cites it."""
    from bipn.rules.bedside import FIRST_IN_POSITION

    patient = bipn.Patient(age_years=68, sex="male", height_cm=175, weight_kg=80, scr_mg_dl=1.0)
    firsts = bipn.bedside_plan(patient, bipn.Findings(sensory_grade=1, neuropathic_pain=True)).pain.first_in_position
    assert [(p, o.agent) for p, o in firsts] == list(FIRST_IN_POSITION) == [
        ("Guidelines (ASCO 2020, ESMO 2020)", "duloxetine"), ("Source article, not confirmed", "pregabalin")]
    cited = {c.ref for c in bipn.rules()["pain.positions"].citations}
    assert {"asco_2020", "esmo_2020", "source_article"} <= cited
    summary = bipn.rules()["pain.positions"].summary
    assert "source article says pregabalin" in summary and "guidelines say duloxetine" in summary


@pytest.mark.parametrize(("give", "team", "recorded"), [
    (True, None, 1.0),           # no call, the check gives: the planned dose
    (False, None, None),         # no call, the check holds: nothing given
    (False, "give", 1.0),        # the team said give after the call: given (BortezomibV1 C9)
    (True, "do_not_give", None), # the team said do not give: not given, whatever the check said
])
def test_the_dose_recorded_follows_the_team_after_a_call(give, team, recorded):
    from bipn.rules.predose import PreDoseAnswer

    answer = PreDoseAnswer(give=give, planned_dose_mg_m2=1.0, allowed_dose_mg_m2=1.0 if give else None, reasons=(), prompts=(), dose=None)
    assert answer.recorded_dose_mg_m2(team) == recorded


def test_the_questionnaire_citations_are_the_hl7_belgium_guides():
    import bipn.course

    assert [c.ref for c in bipn.course.questionnaire_citations()] == ["hl7be_bortezomib_v1"]
