"""Both HL7 Belgium bortezomib questionnaires on import (issue 22): responses built on
BortezomibV1 (English or Dutch linkIds) and on homehosp-bortezomib map to the same pre-dose
items; answered items the app does not take are named, not dropped; the export says which
questionnaire it follows.

The linkIds below are written out by hand from the sources (not read back from course.toml):
English from the profile homehosp-onco-bortezomib (C3-C9) and the English-linkId FSH of
BortezomibV1 (B1-B4, C1); Dutch from the earlier FSH of BortezomibV1 (public code index id
57729374023), as published on the guide's branches/main build."""

from __future__ import annotations

import copy
from datetime import date

import pytest

import bipn
from tests.unit.fhir_schema import validate
from bipn.course import Course, PreDoseCheck, Visit, export_questionnaire, from_fhir, read_json, to_fhir
from bipn.core.errors import InputError

BASE = "http://hl7belgium.org/fhir/patient-monitoring/Questionnaire/"
V1, HOMEHOSP = BASE + "BortezomibV1", BASE + "homehosp-bortezomib"
ENGLISH_TO_DUTCH = {
    "B1_BodyTemperature": "B1_Temperatuur",
    "B2_HeartRate": "B2_Pols",
    "B3_SystolicBloodPressure": "B3_BloeddrukSystolisch",
    "B4_DiastolicBloodPressure": "B4_BloeddrukDiastolisch",
    "C1_ContraindicationPresent": "C1_Tegenindicatie",
    "C3_FeverChills": "C3_KoortsRillingen",
    "C4_LowBloodPressure": "C4_LageBloeddruk",
    "C5_ElevatedOrIrregularHeartRate": "C5_HartslagHoog",
    "C6_SevereSensoryNeuropathy": "C6_ErnstSensorischeNeuropathie",
    "C7_SevereMotorNeuropathy": "C7_ErnstMotorisheNeuropathie",  # sic, as in the source
    "C9_Decision": "C9_Beslissing",
    "NursingAssessment": "Verpleegkundigassessment",
}
ENGLISH = sorted(set(ENGLISH_TO_DUTCH) - {"NursingAssessment"})

CHECK = PreDoseCheck(37.9, 104, 98, 58, low_blood_pressure=True, fast_or_irregular_pulse=True, checked_by="Nurse N", team_decision="do_not_give")
COURSE = Course(baseline=bipn.Findings(0)).add(Visit(date(2026, 1, 5), bipn.Findings(1), None, bipn.Action.CONTINUE, pre_dose=CHECK))


def r4b(bundle: dict) -> None:
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    validate(bundle)


def _qr(bundle: dict) -> dict:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse")


def _rename(items: list, mapping: dict) -> None:
    for item in items:
        item["linkId"] = mapping.get(item["linkId"], item["linkId"])
        _rename(item.get("item", []), mapping)


def built_on(canonical: str, dutch: bool = False) -> dict:
    bundle = to_fhir(COURSE)
    qr = _qr(bundle)
    qr["questionnaire"] = canonical
    if dutch:
        _rename(qr["item"], ENGLISH_TO_DUTCH)
    r4b(bundle)
    return bundle


def _links(items: list) -> set[str]:
    return {i["linkId"] for i in items} | {x for i in items for x in _links(i.get("item", []))}


def test_the_export_follows_bortezomibv1_with_english_linkids_and_says_so():
    bundle = to_fhir(COURSE)
    qr = _qr(bundle)
    assert qr["questionnaire"] == V1 == export_questionnaire()["canonical"]
    assert export_questionnaire()["title"] == "HL7 Belgium BortezomibV1"
    assert set(ENGLISH) <= _links(qr["item"])


@pytest.mark.parametrize(
    ("canonical", "dutch"),
    [(V1, False), (V1, True), (HOMEHOSP, False), (V1 + "|0.1.0", False), (HOMEHOSP + "|0.1.0", False)],
    ids=["BortezomibV1-english", "BortezomibV1-dutch", "homehosp-english", "BortezomibV1-versioned", "homehosp-versioned"],
)
def test_a_response_on_either_questionnaire_maps_to_the_same_check(canonical, dutch):
    bundle = built_on(canonical, dutch)
    course = from_fhir(bundle)
    assert course == COURSE
    assert course.visits[0].pre_dose.found == ("low_blood_pressure", "fast_or_irregular_pulse")


def test_each_dutch_linkid_is_really_read():
    """Not a pass by accident: drop any one Dutch item and the import names it."""
    for english, dutch in ENGLISH_TO_DUTCH.items():
        if english in ("NursingAssessment", "C9_Decision"):
            continue
        bundle = built_on(V1, dutch=True)
        qr = _qr(bundle)
        for group in qr["item"][0]["item"]:
            group["item"] = [i for i in group["item"] if i["linkId"] != dutch]
        with pytest.raises(InputError, match=dutch):
            from_fhir(bundle)


def test_the_newer_questionnaire_is_not_read_with_dutch_linkids():
    """homehosp-bortezomib is published with English linkIds only (sources, Part 2, 2.3)."""
    with pytest.raises(InputError, match="homehosp-bortezomib"):
        from_fhir(built_on(HOMEHOSP, dutch=True))


def test_a_response_mixing_the_two_linkid_sets_is_refused():
    bundle = built_on(V1)
    _rename(_qr(bundle)["item"], {"C4_LowBloodPressure": "C4_LageBloeddruk"})
    with pytest.raises(InputError):
        from_fhir(bundle)


def test_another_questionnaire_is_refused():
    with pytest.raises(InputError, match="not for"):
        from_fhir(built_on(BASE + "TrastuzumabV1"))


@pytest.mark.parametrize(("canonical", "dutch", "extra", "words"), [
    (HOMEHOSP, False, "D11_Paresthesia", "Symptom burden"),
    (V1, True, "D11_TintelingenGevoelloosheid", "Symptom burden"),
    (V1, True, "A1_Bewaring", "Home storage"),
    (HOMEHOSP, False, "X1_SomethingNew", "not known to this app"),
])
def test_answered_items_the_app_does_not_take_are_named(canonical, dutch, extra, words):
    bundle = built_on(canonical, dutch)
    qr = _qr(bundle)
    qr["item"][0]["item"].append({"linkId": "Extra", "item": [{"linkId": extra, "answer": [{"valueString": "graad 1"}]}]})
    r4b(bundle)
    import json

    course, notes = read_json(json.dumps(bundle))
    assert course == COURSE
    assert len(notes) == 1
    title = "homehosp-bortezomib" if canonical == HOMEHOSP else "BortezomibV1"
    assert title in notes[0] and ("Dutch" if dutch else "English") in notes[0]
    assert extra in notes[0] and words in notes[0]


def test_a_plain_export_has_a_note_naming_its_questionnaire_and_nothing_left_over():
    import json

    _, notes = read_json(json.dumps(to_fhir(COURSE)))
    assert notes == ("Pre-dose check 2026-01-05: HL7 Belgium BortezomibV1 (English linkIds).",)


def test_every_item_left_out_is_named_in_both_linkid_sets():
    for group in bipn.course.left_out_items():
        assert len(group["link_ids"]) == len(group["link_ids_nl"]), group["text"]


def test_the_unchecked_part_of_the_newer_questionnaire_says_so():
    accepted = bipn.course.accepted_questionnaires()["homehosp-bortezomib"]
    notes = [c for c in accepted["citations"] if c["provenance"] == "unverified"]
    assert notes and "B1-B4" in notes[0]["note"]
    copy.deepcopy(accepted)  # plain data
