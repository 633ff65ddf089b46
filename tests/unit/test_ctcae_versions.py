"""CTCAE v6.0 beside v5.0 (issue 22): the wording of each version, the version stored with
every grade, the same label actions, and the version through the note and FHIR."""

from __future__ import annotations

import copy
from datetime import date

import pytest

import bipn
from tests.unit.fhir_schema import validate
from bipn.course import Course, Visit, course_note, from_fhir, to_fhir
from bipn.core.errors import InputError
from bipn.clinical.grading import grading_card, versions

F = bipn.Findings
# From sources-2026-12-03.md, Part 2, 1.3 (written out here, not read back from grading.toml).
V6_GRADE1 = {bipn.Nerve.SENSORY: "Mild symptoms", bipn.Nerve.MOTOR: "Mild symptoms; clinical or diagnostic observations only"}
V5_GRADE1 = {bipn.Nerve.SENSORY: "Asymptomatic", bipn.Nerve.MOTOR: "Asymptomatic; clinical or diagnostic observations only"}


def test_the_contract_v5_by_default_v6_on_request_same_shape():
    v5, v6 = bipn.ctcae(), bipn.ctcae(version="6.0")
    assert v5.version == "CTCAE v5.0" and v6.version == "CTCAE v6.0"
    assert versions() == ("5.0", "6.0")
    for nerve in bipn.Nerve:
        assert len(v6.term(nerve).grades) == len(v5.term(nerve).grades) == 5
        assert v6.term(nerve).grades[1] == V6_GRADE1[nerve]
        assert v5.term(nerve).grades[1] == V5_GRADE1[nerve]
        assert v6.term(nerve).grades[4] == v5.term(nerve).grades[4]
    assert v6.sensory.grades[2].startswith("Moderate symptoms; limiting instrumental ADL")
    assert "v5.0: Asymptomatic" in v6.sensory.wording(1), "the changed wording says what it was"
    assert "Mild symptoms" in v6.label_mapping and "same way" in v6.label_mapping


@pytest.mark.parametrize("bad", ["4.0", "v7", "", None, 6.0])
def test_an_unknown_version_is_refused(bad):
    with pytest.raises(InputError):
        bipn.ctcae(version=bad)
    with pytest.raises(InputError) as info:
        F(1, ctcae_version=bad)
    assert info.value.field == "ctcae_version"


@pytest.mark.parametrize("version", ["5.0", "6.0"])
@pytest.mark.parametrize("nerve", list(bipn.Nerve))
def test_guided_questions_use_the_chosen_versions_words(version, nerve):
    g = bipn.guided_grade(nerve, present=True, version=version)
    assert g.grade == 1
    assert f"CTCAE v{version}" in g.steps[0]
    assert bipn.ctcae(version).term(nerve).grades[1] in g.steps[0]


@pytest.mark.parametrize("grade", range(5))
@pytest.mark.parametrize("pain", [False, True])
def test_the_label_actions_map_the_same_way_in_both_versions(grade, pain):
    if pain and grade == 0:
        return
    patient = bipn.Patient(dose_mg_m2=1.3)
    plans = [bipn.bedside_plan(patient, F(grade, neuropathic_pain=pain, ctcae_version=v)) for v in versions()]
    assert plans[0].headline == plans[1].headline
    assert plans[0].dose.action == plans[1].dose.action
    assert plans[1].grading.rule_id == "grading.ctcae_v6" and plans[0].grading.rule_id == "grading.ctcae_v5"


def test_the_grading_card_and_note_say_the_version_and_the_mapping():
    card = grading_card(sensory_grade=1, motor_grade=0, neuropathic_pain=False, severe_autonomic=False, version="6.0")
    assert "CTCAE v6.0" in card.summary
    assert any("Mild symptoms" in step and "same way" in step for step in card.audit)
    note = bipn.bedside_plan(bipn.Patient(dose_mg_m2=1.3), F(1, ctcae_version="6.0")).as_note(date(2026, 12, 3))
    assert note.splitlines()[0].endswith("(CTCAE v6.0)")
    assert bipn.ctcae("6.0").label_mapping in note


def mixed() -> Course:
    return (
        Course(baseline=F(0))
        .add(Visit(date(2026, 1, 1), F(1), 1.3, bipn.Action.CONTINUE))
        .add(Visit(date(2026, 1, 22), F(1, ctcae_version="6.0"), 1.3, bipn.Action.CONTINUE))
        .add(Visit(date(2026, 2, 12), F(2, ctcae_version="6.0"), 1.0, bipn.Action.REDUCE))
    )


def test_the_course_note_gives_each_grade_its_version():
    note = course_note(mixed(), date(2026, 2, 12))
    assert note.splitlines()[0].endswith("(CTCAE v5.0 and v6.0)")
    assert "- 2026-01-01: sensory 1, motor 0, CTCAE v5.0" in note
    assert "- 2026-01-22: sensory 1, motor 0, CTCAE v6.0" in note
    assert bipn.ctcae("6.0").label_mapping in note


def _grade_observations(bundle):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation" and "valueInteger" in e["resource"]]


@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_v5_and_v6_grades_round_trip_through_fhir(version):
    from fhir.resources.R4B.bundle import Bundle

    course = Course(baseline=F(0, ctcae_version=version)).add(Visit(date(2026, 1, 1), F(1, 1, ctcae_version=version), 1.3))
    bundle = to_fhir(course)
    Bundle.model_validate(bundle)
    validate(bundle)
    obs = _grade_observations(bundle)
    assert len(obs) == 4
    for o in obs:
        assert o["method"]["coding"][0]["code"] == f"ctcae-v{version}"
        assert o["method"]["text"] == f"NCI CTCAE v{version}"
        assert f"CTCAE v{version} Grade" in o["note"][0]["text"]
    assert from_fhir(bundle) == course


def test_a_mixed_course_round_trips():
    assert from_fhir(to_fhir(mixed())) == mixed()


def test_a_file_made_before_the_version_coding_reads_as_v5():
    bundle = to_fhir(mixed())
    old = copy.deepcopy(bundle)
    for o in _grade_observations(old):
        if o["method"]["coding"][0]["code"] == "ctcae-v5.0":
            o["method"] = {"text": "NCI CTCAE v5.0"}
    assert from_fhir(old) == mixed()


def test_a_grade_without_its_version_or_with_two_is_refused():
    bundle = to_fhir(mixed())
    no_version = copy.deepcopy(bundle)
    del _grade_observations(no_version)[0]["method"]
    with pytest.raises(InputError, match="CTCAE version"):
        from_fhir(no_version)
    two = copy.deepcopy(bundle)
    obs = _grade_observations(two)
    obs[2]["method"] = copy.deepcopy(obs[-1]["method"])  # the first visit's sensory grade says v6.0, its motor v5.0
    with pytest.raises(InputError, match="two CTCAE versions"):
        from_fhir(two)
