"""The course across cycles: the contract, the flags, the pre-dose check and the note."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bipn
import bipn.course as course_mod
from bipn.course import Course, PreDoseCheck, Visit, pre_dose_answer, review
from bipn.course import flags
from bipn.rules.next_dose import last_tolerated
from bipn.content.loader import load
from tests.unit.strategies_course import checks, courses, findings
from bipn.content.evidence import citations_from
from bipn.content.schema import REVIEW_STATUSES

F = bipn.Findings
D1, D2, D3, D4, D5 = (date(2026, 1, 1), date(2026, 1, 22), date(2026, 2, 12), date(2026, 3, 5), date(2026, 3, 26))
DR = bipn.Confirmation("Dr A. Registrar", "back to baseline")
CALM = PreDoseCheck(temperature_c=36.8, heart_rate_per_min=72, systolic_mm_hg=125, diastolic_mm_hg=78)


# ---- the contract ------------------------------------------------------------------------------


def test_visit_and_course_keep_the_contract():
    v = Visit(D1, F(2), 1.3)
    assert (v.on, v.findings, v.dose_given_mg_m2) == (D1, F(2), 1.3)
    assert Visit(on=D1, findings=F(0)).dose_given_mg_m2 is None
    c = Course()
    assert (c.baseline, c.visits) == (None, ())
    c2 = c.add(v)
    assert c == Course() and c2 == Course(baseline=None, visits=(v,)), "add returns a new course"
    assert Course(F(1), [v]) == Course(F(1), (v,)), "visits are kept as a tuple"
    with pytest.raises(dataclasses.FrozenInstanceError):
        c2.visits = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.on = D2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (dict(on="2026-01-01", findings=F(0)), "on"),
        (dict(on=D1, findings={"sensory_grade": 1}), "findings"),
        (dict(on=D1, findings=F(0), dose_given_mg_m2=1.5), "dose_given_mg_m2"),
        (dict(on=D1, findings=F(0), dose_given_mg_m2=0), "dose_given_mg_m2"),
        (dict(on=D1, findings=F(0), action="stop"), "action"),
        (dict(on=D1, findings=F(0), resolution="yes"), "resolution"),
    ],
)
def test_a_bad_visit_names_its_field(kwargs, field):
    with pytest.raises(bipn.InputError) as exc:
        Visit(**kwargs)
    assert exc.value.field == field


def test_visits_stay_in_date_order():
    c = Course().add(Visit(D2, F(0)))
    assert c.add(Visit(D2, F(1))).visits[-1].findings == F(1), "two visits on one day are allowed"
    with pytest.raises(bipn.InputError, match="before the last recorded visit"):
        c.add(Visit(D1, F(0)))
    with pytest.raises(bipn.InputError, match="date order"):
        Course(visits=(Visit(D2, F(0)), Visit(D1, F(0))))


def test_import_bipn_does_not_import_fhir_resources_pandas_or_altair():
    code = "import sys, bipn, bipn.course; print(sorted(m for m in ('fhir', 'fhir.resources', 'pandas', 'altair', 'pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


# ---- the flags ---------------------------------------------------------------------------------


def three_cycles() -> Course:
    return (
        Course(baseline=F(0))
        .add(Visit(D1, F(0), 1.3, bipn.Action.CONTINUE))
        .add(Visit(D2, F(2), 1.0, bipn.Action.REDUCE))
        .add(Visit(D3, F(3), None, bipn.Action.WITHHOLD))
    )


def ids(cards) -> list[str]:
    return [c.rule_id for c in cards]


def test_a_grade_worse_than_the_last_is_flagged_per_nerve():
    c = Course().add(Visit(D1, F(1, 0))).add(Visit(D2, F(1, 2))).add(Visit(D3, F(0, 1)))
    r = review(c)
    assert ids(r.per_visit[0]) == []
    assert ids(r.per_visit[1]) == ["course.grade_worse"]
    assert "Motor neuropathy worse than at the last assessment: Grade 0 (2026-01-01), Grade 2 (2026-01-22)" in r.per_visit[1][0].summary
    assert ids(r.per_visit[2]) == [], "better is not flagged"
    first = review(Course(baseline=F(0)).add(Visit(D1, F(2)))).per_visit[0]
    assert ids(first) == ["course.grade_worse"] and "Grade 0 (baseline), Grade 2 (2026-01-01)" in first[0].summary


def test_resolved_is_judged_against_baseline():
    withheld = Course(baseline=F(2)).add(Visit(D1, F(3), None, bipn.Action.WITHHOLD))
    back_to_baseline = withheld.add(Visit(D2, F(2)))
    assert "course.resolved_met" in ids(review(back_to_baseline).current), "Grade 2 is this patient's baseline"
    no_baseline = Course().add(Visit(D1, F(3), None, bipn.Action.WITHHOLD)).add(Visit(D2, F(2)))
    r = review(no_baseline)
    assert "course.resolved_not_met" in ids(r.current) and "course.no_baseline" in ids(r.current)
    assert "course.resolved_met" in ids(review(no_baseline.add(Visit(D3, F(1)))).current), "Grade 1 or better"


def test_a_resolution_recorded_above_baseline_and_grade_1_is_a_contradiction():
    c = Course(baseline=F(0)).add(Visit(D1, F(3), None, bipn.Action.WITHHOLD)).add(Visit(D2, F(2), resolution=DR))
    assert "course.resolution_contradicts" in ids(review(c).per_visit[1])


def test_a_dose_while_withheld_without_resolution_is_critical():
    c = three_cycles().add(Visit(D4, F(1), 0.7))
    assert "course.dose_while_withheld" in ids(review(c).per_visit[3])
    ok = three_cycles().add(Visit(D4, F(1), 0.7, resolution=DR))
    assert ids(review(ok).per_visit[3]) == []


def test_retreatment_never_above_the_labelled_restart_or_the_last_tolerated_dose():
    above_label = three_cycles().add(Visit(D4, F(1), 1.0, resolution=DR))
    assert "course.retreat_above_label" in ids(review(above_label).per_visit[3])
    # Tolerated 0.5 (hepatic start), then a withhold: restarting at 0.7 is above it.
    low = (
        Course(baseline=F(0))
        .add(Visit(D1, F(0), 0.5))
        .add(Visit(D2, F(0), 0.5))
        .add(Visit(D3, F(3), None, bipn.Action.WITHHOLD))
        .add(Visit(D4, F(1), 0.7, resolution=DR))
    )
    flags = review(low).per_visit[3]
    assert "course.retreat_above_tolerated" in ids(flags)
    assert "above the last tolerated dose (0.5 mg/m², given on 2026-01-01)" in flags[-1].summary, "the 0.5 of 01-22 was followed by Grade 3"


def test_days_since_the_last_dose_change_sit_beside_the_sourced_figures():
    r = review(three_cycles(), on=date(2026, 3, 1))
    assert r.last_change.on == D3 and r.days_since_change == 17
    card = next(c for c in r.current if c.rule_id == "course.days_since_change")
    for f in flags.time_to_improvement_figures():
        assert f"{f.median_days:g} days" in card.summary, "figures come from figures.toml, not literals"
    assert "not confirmed" in card.summary and any(s.provenance.is_primary for s in card.sources)
    assert review(Course().add(Visit(D1, F(0), 1.3)), on=D2).days_since_change is None, "no change yet"


def test_every_course_card_carries_sources_with_provenance():
    for rule_id in load("course")["rules"]:
        raw = load("course")["rules"][rule_id]
        assert raw["status"] in REVIEW_STATUSES and raw["reviewed"]
        cites = citations_from(raw["citations"])
        for c in cites:
            assert bipn.reference(c.ref) and c.provenance
        assert cites or rule_id == "course.days_since_change", f"{rule_id} has no source"
    questionnaire = load("course")["questionnaire"]
    assert citations_from(questionnaire["citations"])[0].ref == "hl7be_bortezomib_v1"
    for code in load("course")["fhir"]["grade_codes"].values():
        assert citations_from(code["citations"]), code


def test_the_nci_codes_are_the_issue_contract():
    codes = load("course")["fhir"]["grade_codes"]
    assert codes["sensory_grade"]["code"] == "C143752" and codes["motor_grade"]["code"] == "C143750"


# ---- the pre-dose check ------------------------------------------------------------------------

ITEMS = [item["field"] for item in course_mod.contraindications()]


def test_the_check_takes_the_bortezomib_v1_contraindication_items():
    assert [i["link_id"] for i in course_mod.contraindications()] == [
        "C3_FeverChills", "C4_LowBloodPressure", "C5_ElevatedOrIrregularHeartRate", "C6_SevereSensoryNeuropathy", "C7_SevereMotorNeuropathy",
    ]
    assert [i["link_id"] for i in course_mod.vitals()] == [
        "B1_BodyTemperature", "B2_HeartRate", "B3_SystolicBloodPressure", "B4_DiastolicBloodPressure",
    ]
    left = {link for item in course_mod.left_out_items() for link in item["link_ids"]}
    assert {"A1_MedicationStorage", "D11_Paresthesia", "E1_AdministrationCorrect", "F1_CommentsRegistration"} <= left
    assert all(item["why"] for item in course_mod.left_out_items())


def test_no_contraindication_and_grade_0_gives_the_planned_dose():
    a = pre_dose_answer(CALM, F(0), planned_dose_mg_m2=1.3, on=D5)
    assert a.give and a.headline == "Give 1.3 mg/m²" and ids(a.reasons) == ["predose.give"]
    assert ids(a.prompts) == ["predose.amount_missing"], "no mg or mL without the patient's body size and product"


@pytest.mark.parametrize("item", ITEMS)
def test_each_bortezomib_v1_item_alone_means_hold_and_call_the_team(item):
    check = dataclasses.replace(CALM, **{item: True})
    a = pre_dose_answer(check, F(0), planned_dose_mg_m2=1.3, on=D5)
    assert not a.give and a.headline == "Do not give: hold and call the team"
    assert ids(a.reasons) == ["predose.contraindication"]
    assert "call the hospital team" in a.reasons[0].summary
    assert a.reasons[0].sources[0].ref == "hl7be_bortezomib_v1"


@pytest.mark.parametrize(
    ("findings", "planned", "give", "rule"),
    [
        (F(1), 1.3, True, "predose.give"),
        (F(2), 1.3, False, "predose.above_allowed"),  # the assessment reduces to 1.0
        (F(2), 1.0, True, "predose.give"),
        (F(1, neuropathic_pain=True), 1.0, True, "predose.give"),
        (F(2, neuropathic_pain=True), 0.7, False, "predose.dose_rule"),  # withhold
        (F(3), 0.7, False, "predose.dose_rule"),
        (F(4), 0.7, False, "predose.dose_rule"),  # discontinue
        (F(0, 3), 0.7, False, "predose.dose_rule"),  # motor drives it too
    ],
)
def test_the_answer_follows_the_assessment_dose_rules(findings, planned, give, rule):
    course = Course().add(Visit(D1, F(0), 1.3))
    a = pre_dose_answer(CALM, findings, planned_dose_mg_m2=planned, course=course, on=D5)
    assert a.give is give and rule in ids(a.reasons)
    plan = bipn.bedside_plan(bipn.Patient(dose_mg_m2=1.3), findings)
    if plan.dose.action in (bipn.Action.WITHHOLD, bipn.Action.DISCONTINUE):
        assert not a.give, "same rule as the assessment page"


def test_red_flags_hold_with_the_assessments_own_cards():
    for flag in bipn.clinical.findings.RED_FLAG_FIELDS:
        findings = F(0, **{flag: True})
        a = pre_dose_answer(CALM, findings, planned_dose_mg_m2=1.3, on=D5)
        expected = ids(bipn.bedside_plan(bipn.Patient(dose_mg_m2=1.3), findings).red_flags)
        assert expected and not a.give and set(expected) <= set(ids(a.reasons)), flag
    assert not pre_dose_answer(CALM, F(0, 1), planned_dose_mg_m2=1.3, on=D5).give, "predominantly motor is a red flag too"


def test_after_a_withhold_only_a_recorded_resolution_and_the_restart_dose_give():
    c = three_cycles()
    assert "state.on_hold_met" in ids(pre_dose_answer(CALM, F(1), planned_dose_mg_m2=0.7, course=c, on=D4).reasons)
    restart = pre_dose_answer(CALM, F(1), planned_dose_mg_m2=0.7, course=c, resolution=DR, on=D4)
    assert restart.give and restart.headline == "Give 0.7 mg/m² once weekly"
    above = pre_dose_answer(CALM, F(1), planned_dose_mg_m2=1.0, course=c, resolution=DR, on=D4)
    assert not above.give and "predose.above_allowed" in ids(above.reasons)


def test_a_reading_beyond_an_items_threshold_blocks_give_until_the_items_are_answered_again():
    low = dataclasses.replace(CALM, systolic_mm_hg=95, diastolic_mm_hg=58)
    a = pre_dose_answer(low, F(0), planned_dose_mg_m2=1.3, on=D5)
    assert not a.give and ids(a.reasons) == ["predose.recheck"] and ids(a.prompts) == ["predose.bp_reading"]
    again = pre_dose_answer(dataclasses.replace(low, readings_rechecked=True), F(0), planned_dose_mg_m2=1.3, on=D5)
    assert again.give and ids(again.prompts) == ["predose.bp_reading", "predose.amount_missing"]
    fast = dataclasses.replace(CALM, heart_rate_per_min=110)
    assert ids(pre_dose_answer(fast, F(0), planned_dose_mg_m2=1.3, on=D5).reasons) == ["predose.recheck"]
    ticked = pre_dose_answer(dataclasses.replace(fast, fast_or_irregular_pulse=True), F(0), planned_dose_mg_m2=1.3, on=D5)
    assert not ticked.give and ids(ticked.reasons) == ["predose.contraindication"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (dict(temperature_c=373), "temperature_c"),
        (dict(systolic_mm_hg=70, diastolic_mm_hg=80), "diastolic_mm_hg"),
        (dict(fever_chills_unwell="no"), "fever_chills_unwell"),
        (dict(checked_by="x" * 201), "checked_by"),
        (dict(team_decision="maybe"), "team_decision"),
    ],
)
def test_a_bad_check_names_its_field(kwargs, field):
    with pytest.raises(bipn.InputError) as exc:
        dataclasses.replace(CALM, **kwargs)
    assert exc.value.field == field


# ---- the note ----------------------------------------------------------------------------------


def test_the_note_summarises_baseline_trend_and_decision():
    c = three_cycles()
    note = course_mod.course_note(c, date(2026, 3, 1), decision="Withhold")
    assert "Baseline (pre-treatment): sensory 0, motor 0" in note
    assert ("Trend: the worse of the sensory and motor grades was Grade 0 at the first visit, Grade 3 at the highest,"
            " and is Grade 3 now (worse than at the last visit).") in note
    assert "- 2026-01-22: sensory 2, motor 0, CTCAE v5.0; 1.0 mg/m² given (schedule not recorded)" in note
    assert "- 2026-02-12: sensory 3, motor 0, CTCAE v5.0; no dose given; withheld" in note
    assert note.splitlines()[1] == "Decision today: Withhold"
    assert note.splitlines()[2].startswith("Dose state: On hold since 2026-02-12 (Grade 3)")
    assert "Days since the last dose change (2026-02-12): 17." in note
    assert bipn.DISCLAIMER in note and bipn.CONTENT_VERSION in note


# ---- the chart ---------------------------------------------------------------------------------


def test_the_chart_draws_each_visits_grades_and_dose_from_the_course():
    from bipn.course.chart import course_alt_text, course_panels

    c = three_cycles()
    frame = course_mod.course_frame(c)
    assert frame[["sensory_grade", "motor_grade"]].values.tolist() == [[0, 0], [2, 0], [3, 0]]
    assert frame["dose_text"].tolist() == ["1.3 mg/m²", "1.0 mg/m²", "none given"]
    spec = course_mod.course_chart(c).to_dict()
    rows = [r for data in spec["datasets"].values() for r in data]
    assert {(r["date"], r["nerve"], r["grade"]) for r in rows if "nerve" in r and "date" in r} == {
        (v.on.isoformat(), n, getattr(v.findings, f"{n.lower()}_grade")) for v in c.visits for n in ("Sensory", "Motor")
    }
    assert {(r["date"], r["dose_given_mg_m2"]) for r in rows if r.get("dose_given_mg_m2") == r.get("dose_given_mg_m2") and "nerve" not in r and r.get("dose_given_mg_m2") is not None} == {
        ("2026-01-01", 1.3), ("2026-01-22", 1.0)
    }
    grade, dose = course_panels(c)
    assert grade.to_dict()["title"]["text"] == "Neuropathy grade" and dose.to_dict()["title"] == "Bortezomib dose given"
    assert "2026-02-12: sensory Grade 3, motor Grade 0, no dose given" in course_alt_text(c)
    course_mod.course_chart(Course()).to_dict()  # an empty course draws, without an error


# ---- properties of the pre-dose answer -----------------------------------------------------------



@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(check=checks(), today=findings(), course=courses(max_visits=4), planned=st.sampled_from(list(bipn.dose_levels())))
def test_give_only_when_nothing_holds(check, today, course, planned):
    on = course.visits[-1].on if course.visits else date(2026, 1, 1)
    try:
        a = pre_dose_answer(check, today, planned_dose_mg_m2=planned, course=course, on=on)
    except bipn.InputError:
        return  # findings the dose rules refuse (pain with both grades 0): shown as a message
    plan = bipn.bedside_plan(bipn.Patient(dose_mg_m2=course.last_dose_mg_m2() or planned), today)
    if a.give:
        assert not check.found and not plan.red_flags
        assert plan.dose.action in (bipn.Action.CONTINUE, bipn.Action.REDUCE)
        assert flags.withhold_in_effect(course) is None, "no restart without a recorded resolution"
        assert course_mod.dose_state(course).kind is not course_mod.Kind.DISCONTINUED
        last = course.last_dose_visit()
        assert last is None or (on - last.on).days >= 3, "never within 72 hours"
        assert planned <= a.allowed_dose_mg_m2 + 1e-9
        if plan.dose.action is bipn.Action.REDUCE:
            assert planned <= plan.dose.next_dose_mg_m2 + 1e-9
        tolerated = last_tolerated(course)
        if tolerated and any(v.action in (bipn.Action.WITHHOLD, bipn.Action.DISCONTINUE) for v in course.visits):
            assert planned <= tolerated[0] + 1e-9
    else:
        assert a.headline == "Do not give: hold and call the team" and a.reasons


@pytest.mark.parametrize(("typed", "stored"), [
    ("Dr\u00a0A Patel", "Dr A Patel"),  # a no-break space pasted from a letter
    ("  A. Nurse\u2003", "A. Nurse"),
    ("S/N Jones\x0c", "S/N Jones"),
    ("Line one\nline two", "Line one\nline two"),
])
def test_a_name_keeps_its_letters_and_plain_white_space(typed, stored):
    """The record stores (and shows) plain white space, which every FHIR string can carry."""
    assert bipn.Confirmation(by=typed, what="pain resolved").by == stored
    assert dataclasses.replace(CALM, checked_by=typed).checked_by == stored


@pytest.mark.parametrize("typed", ["A\x00Nurse", "Dr\x07A", "\x1b[31mA"])
def test_a_control_character_in_a_name_is_refused_by_name(typed):
    with pytest.raises(bipn.InputError, match=r"checked_by contains a control character \(U\+00"):
        dataclasses.replace(CALM, checked_by=typed)


@pytest.mark.parametrize("on", [date(2003, 5, 12), date(1999, 1, 1), date(2100, 1, 1)])
def test_a_visit_dated_outside_bortezomibs_years_is_refused_as_the_import_refuses_it(on):
    with pytest.raises(bipn.InputError, match="not plausible for a visit"):
        Visit(on, bipn.Findings(sensory_grade=0))


def test_a_visit_on_the_first_approval_day_is_kept():
    assert Visit(date(2003, 5, 13), bipn.Findings(sensory_grade=0)).on == date(2003, 5, 13)


def _grade_axis_title(c: Course) -> str:
    from bipn.course.chart import course_panels

    return course_panels(c)[0].to_dict()["layer"][0]["encoding"]["y"]["title"]


def test_the_grade_axis_names_the_ctcae_versions_the_visits_were_graded_with():
    """A v6.0 visit was drawn under a "CTCAE v5.0 grade" axis (noticed at issue 22)."""
    v5 = Course().add(Visit(date(2026, 1, 1), bipn.Findings(1), 1.3, bipn.Action.CONTINUE))
    assert _grade_axis_title(v5) == "CTCAE v5.0 grade"
    both = v5.add(Visit(date(2026, 1, 22), bipn.Findings(1, ctcae_version="6.0"), 1.3, bipn.Action.CONTINUE))
    assert _grade_axis_title(both) == "CTCAE v5.0 and v6.0 grade"


# ---- the baseline and the theme on the course chart (ward walk defect 20) ----------------------


def _layers(panel) -> tuple[list[dict], dict]:
    spec = panel.to_dict()
    return spec["layer"], spec


@pytest.mark.parametrize(("sensory", "motor"), [(0, 0), (1, 0), (2, 1), (0, 3)])
def test_the_course_chart_draws_the_baseline_per_nerve_and_says_it_in_words(sensory, motor):
    from bipn.course.chart import course_alt_text, course_panels

    c = Course(baseline=bipn.Findings(sensory_grade=sensory, motor_grade=motor)).add(
        Visit(date(2026, 1, 5), bipn.Findings(sensory_grade=2, motor_grade=1), 1.3, bipn.Action.CONTINUE)
    )
    layers, spec = _layers(course_panels(c)[0])
    rules = [layer for layer in layers if layer["mark"]["type"] == "rule"]
    assert len(rules) == 1 and rules[0]["mark"]["strokeDash"]
    data = spec["datasets"][rules[0]["data"]["name"]]
    assert {(r["nerve"], r["grade"]) for r in data} == {("Sensory", sensory), ("Motor", motor)}
    words = f"sensory Grade {sensory}, motor Grade {motor}"
    assert words in spec["title"]["subtitle"] and words in course_alt_text(c)


def test_a_course_without_a_baseline_draws_no_rule_and_says_so():
    from bipn.course.chart import course_alt_text, course_panels

    c = Course().add(Visit(date(2026, 1, 5), bipn.Findings(sensory_grade=1), 1.3, bipn.Action.CONTINUE))
    layers, spec = _layers(course_panels(c)[0])
    assert not [layer for layer in layers if layer["mark"]["type"] == "rule"]
    assert spec["title"]["subtitle"] == "No baseline recorded" and "No baseline recorded" in course_alt_text(c)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_course_charts_text_takes_the_themes_colours(theme):
    """Labels were drawn #111 on Streamlit's dark background (#0e1117): unreadable."""
    from bipn.course.chart import course_panels
    from bipn.outputs.charts import THEMES

    pal = THEMES[theme]
    c = three_cycles()
    for panel in course_panels(c, theme):
        spec = panel.to_dict()
        assert spec["config"]["axis"]["labelColor"] == pal["text"] and spec["config"]["title"]["color"] == pal["text"]
        for layer in spec.get("layer", []):
            if layer["mark"]["type"] == "text":
                assert layer["mark"]["color"] == pal["text"]
