"""The course as a FHIR R4 Bundle: round trip, R4B validation of every export, refused imports."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

import bipn
from tests.unit.fhir_schema import validate
from bipn.course import Course, PreDoseCheck, Visit, from_fhir, from_json, to_fhir, to_json
from bipn.content.loader import load
from tests.unit.strategies_course import courses

F = bipn.Findings
CHECK = PreDoseCheck(36.8, 72, 125, 78, severe_sensory_neuropathy=True, checked_by="Nurse B. <b>Home</b>", team_decision="do_not_give")
NCIT = load("course")["fhir"]["ncit_system"]
PROFILE = load("course")["fhir"]["profile"]


def r4b(bundle: dict):
    """Validate with the fhir.resources R4B models (imported only when a test asks)."""
    from fhir.resources.R4B.bundle import Bundle

    validate(bundle)  # and HL7's own FHIR R4 JSON schema, a second, independent validator
    return Bundle.model_validate(bundle)


def sample() -> Course:
    return (
        Course(baseline=F(1))
        .add(Visit(date(2026, 1, 1), F(1), 1.3, bipn.Action.CONTINUE))
        .add(Visit(date(2026, 1, 22), F(2), 1.0, bipn.Action.REDUCE, pre_dose=PreDoseCheck(37.0, 80, 118, 70)))
        .add(Visit(date(2026, 2, 12), F(3, 1, neuropathic_pain=True), None, bipn.Action.WITHHOLD, pre_dose=CHECK))
        .add(Visit(date(2026, 3, 5), F(1), 0.7, resolution=bipn.Confirmation("Dr A", "Grade 1 or better")))
    )


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_one_grade_2_sensory_visit_exports_ncit_c143752_with_grade_2():
    bundle = to_fhir(Course().add(Visit(date(2026, 1, 1), F(2))))
    obs = [o for o in resources(bundle, "Observation") if any(c.get("code") == "C143752" for c in o["code"].get("coding", []))]
    assert len(obs) == 1
    o = obs[0]
    assert {"system": NCIT, "code": "C143752", "display": "Peripheral Sensory Neuropathy"} in o["code"]["coding"]
    assert o["valueInteger"] == 2 and "Grade 2" in o["note"][0]["text"]
    assert o["effectiveDateTime"] == "2026-01-01"
    motor = [o for o in resources(bundle, "Observation") if any(c.get("code") == "C143750" for c in o["code"].get("coding", []))]
    assert motor[0]["valueInteger"] == 0
    r4b(bundle)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(courses())
def test_any_valid_course_survives_bundle_and_back(course):
    bundle = to_fhir(course)
    assert from_fhir(bundle) == course
    assert from_fhir(json.loads(json.dumps(bundle))) == course, "and through JSON text"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(courses())
def test_every_export_is_a_valid_fhir_r4b_bundle(course):
    model = r4b(to_fhir(course))
    assert model.type == "collection" and PROFILE in model.meta.profile


def test_the_export_has_what_the_issue_asks_for():
    bundle = to_fhir(sample())
    r4b(bundle)
    statements = resources(bundle, "MedicationStatement")
    assert [s["status"] for s in statements] == ["completed", "completed", "on-hold", "completed"]
    assert "Dose changed from 1.3 to 1.0 mg/m²" in statements[1]["reasonCode"][0]["text"]
    assert "withhold" in statements[2]["statusReason"][0]["text"]
    assert statements[1]["dosage"][0]["doseAndRate"][0]["doseQuantity"] == {"value": 1.0, "unit": "mg/m²", "system": "http://unitsofmeasure.org", "code": "mg/m2"}
    qrs = resources(bundle, "QuestionnaireResponse")
    assert len(qrs) == 2
    assert all(q["questionnaire"] == "http://hl7belgium.org/fhir/patient-monitoring/Questionnaire/BortezomibV1" for q in qrs)
    contra = qrs[1]["item"][0]["item"][1]["item"]
    answers = {i["linkId"]: i["answer"][0] for i in contra}
    assert answers["C1_ContraindicationPresent"]["valueCoding"]["code"] == "373066001"  # yes
    assert answers["C6_SevereSensoryNeuropathy"]["valueCoding"]["code"] == "373066001"
    assert answers["C3_FeverChills"]["valueCoding"]["code"] == "373067005"  # no
    assert answers["C9_Decision"] == {"valueString": "geen toediening"}
    assert qrs[1]["author"] == {"display": "Nurse B. <b>Home</b>"}, "typed text travels as it was typed"


def test_no_resource_names_the_patient():
    bundle = to_fhir(sample())
    assert not resources(bundle, "Patient")
    subjects = [e["resource"]["subject"] for e in bundle["entry"]]
    assert subjects and all(s == {"display": "Patient to be linked by the hospital system"} for s in subjects)


def test_json_text_round_trip_and_a_byte_order_mark():
    c = sample()
    assert from_json(to_json(c)) == c
    assert from_json(b"\xef\xbb\xbf" + to_json(c).encode()) == c


# ---- refused imports ---------------------------------------------------------------------------


def refused(thing) -> str:
    with pytest.raises(bipn.InputError) as exc:
        from_json(thing) if isinstance(thing, (bytes, str)) else from_fhir(thing)
    assert exc.value.field == "bundle"
    return str(exc.value)


def test_refuses_another_resource_type():
    assert "not a Bundle" in refused({"resourceType": "Patient", "id": "x"})
    assert "not a Bundle" in refused(json.dumps({"resourceType": "Observation"}))


def test_refuses_another_profile():
    other = to_fhir(sample())
    other["meta"]["profile"] = ["http://hl7.org/fhir/StructureDefinition/Bundle"]
    assert "another profile" in refused(other)
    del other["meta"]
    assert "another profile" in refused(other)


@pytest.mark.parametrize("text", [b"{not json", b"", b"\xff\xfe\x00", b'{"a": NaN}', b"[" * 100000, b"null", b'"Bundle"'])
def test_refuses_malformed_json(text):
    message = refused(text)
    assert "Nothing was imported" in message


def test_refuses_a_file_over_1_mb():
    big = to_json(sample()).encode()
    padding = b" " * (1024 * 1024 + 1 - len(big))
    assert "at most 1.0 MB" in refused(big + padding)
    # Just under the limit is read (the size is what is refused, not the content).
    assert from_json(big + padding[:-1]) == sample()


def test_refuses_a_bundle_too_large_once_serialised():
    bundle = to_fhir(sample())
    bundle["entry"][0]["resource"]["note"] = [{"text": "x" * (1024 * 1024)}]
    assert "at most 1.0 MB" in refused(bundle)


def mutate(path_fn):
    bundle = copy.deepcopy(to_fhir(sample()))
    path_fn(bundle)
    return bundle


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        ("invalid FHIR: Observation without status", lambda b: b["entry"][0]["resource"].pop("status"), "not a valid FHIR Bundle (checked with the FHIR R4B models"),
        ("invalid FHIR: wrong type", lambda b: b["entry"][1]["resource"].__setitem__("valueInteger", "two"), "not a valid FHIR Bundle (checked with the FHIR R4B models"),
        ("grade out of range", lambda b: b["entry"][1]["resource"].__setitem__("valueInteger", 7), "value the app refuses"),
        ("dose above the label", lambda b: next(e for e in b["entry"] if e["resource"]["resourceType"] == "MedicationStatement")["resource"]["dosage"][0]["doseAndRate"][0]["doseQuantity"].__setitem__("value", 13), "value the app refuses"),
        ("a stray resource", lambda b: b["entry"].append({"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Patient"}}), "not part of this app's course"),
        ("unknown questionnaire", lambda b: next(e for e in b["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse")["resource"].__setitem__("questionnaire", "http://example.org/Q"), "is not for"),
        ("date with time", lambda b: b["entry"][0]["resource"] if False else next(e for e in b["entry"] if e["resource"].get("effectiveDateTime"))["resource"].__setitem__("effectiveDateTime", "2026-01-01T10:00:00Z"), "expected a date"),
        ("not a collection", lambda b: b.__setitem__("type", "transaction"), "not a collection"),
        ("missing member", lambda b: b["entry"].pop(1), ""),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_refuses_a_bundle_that_is_not_this_apps_course(name, change, expected):
    message = refused(mutate(change))
    assert expected in message, message


def test_a_refused_import_leaves_the_course_it_would_replace_alone():
    before = sample()
    kept = before
    try:
        kept = from_json(b"{broken")
    except bipn.InputError:
        pass
    assert kept is before and kept == sample()


def _visit_panels(bundle):
    from bipn.course.fhir import VISIT, _code

    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation" and _code(e["resource"].get("code")) == VISIT]


def _redate(bundle, value):
    """Every date of the first visit (its panel, members, dose and check) set to ``value``."""
    first = _visit_panels(bundle)[0]
    old = first["effectiveDateTime"]
    for e in bundle["entry"]:
        r = e["resource"]
        for key in ("effectiveDateTime", "authored"):
            if r.get(key) == old:
                r[key] = value


@pytest.mark.parametrize("when", ["9999-01-05", "0001-01-05", "1999-12-31", "2100-01-01"])
def test_refuses_an_implausible_visit_date_with_its_reason(when):
    message = refused(mutate(lambda b: _redate(b, when)))
    assert f"the date {when} is not plausible" in message and "2003-05-13" in message, message


def test_the_plausible_window_is_inclusive():
    bundle = mutate(lambda b: _redate(b, "2003-05-13"))
    assert from_fhir(bundle).visits[0].on.isoformat() == "2003-05-13"


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("Observation", "banana"), ("Observation", "entered-in-error"), ("Observation", "preliminary"), ("Observation", None),
        ("MedicationStatement", "taken"), ("MedicationStatement", "entered-in-error"), ("MedicationStatement", "intended"),
        ("QuestionnaireResponse", "in-progress"), ("QuestionnaireResponse", "done"),
    ],
)
def test_refuses_off_spec_or_withdrawn_status_codes(kind, status):
    def change(b):
        r = next(e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == kind)
        if status is None:
            r.pop("status")
        else:
            r["status"] = status

    message = refused(mutate(change))
    assert "not a recorded fact" in message or "not a valid FHIR Bundle (checked with the FHIR R4B models" in message, message


def test_refuses_a_dose_dated_apart_from_its_visit():
    def change(b):
        next(e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == "MedicationStatement")["effectiveDateTime"] = "2026-02-01"

    assert "dose is dated differently" in refused(mutate(change))


def test_the_second_validator_is_not_vacuous():
    """HL7's JSON schema refuses what FHIR R4 refuses, so its 'valid' on every export means something."""
    from tests.unit.fhir_schema import schema_errors

    bundle = to_fhir(sample())
    assert schema_errors(bundle) == [] and schema_errors(bundle, whole=True) == []
    for breaks in (
        lambda b: b["entry"][0]["resource"].__setitem__("status", "bogus"),
        lambda b: b["entry"][0]["resource"].__setitem__("valueInteger", "two"),
        lambda b: b.__setitem__("type", "pile"),
        lambda b: b["entry"][1]["resource"].__setitem__("colour", "red"),
    ):
        broken = copy.deepcopy(bundle)
        breaks(broken)
        assert schema_errors(broken), "the schema let a broken Bundle through"
        assert schema_errors(broken, whole=True), "the published schema, from its root, agrees"


@pytest.mark.parametrize(("text", "fhir_string"), [
    ("A. Nurse", True), ("0\x850", True), ("a\x1cb", True), ("line\r\nbreak\ttab", True),
    ("a\u00a0b", False), ("a\u2028b", False), ("a\ufeffb", False), ("a\x0bb", False),
])
def test_the_schema_reads_fhir_strings_as_ecma_does(text, fhir_string):
    """FHIR's string pattern is an ECMA-262 regular expression: U+0085 and U+001C are not
    white space there (Python's re says they are), U+00A0 and U+FEFF are."""
    import re

    from tests.unit.fhir_schema import ecma

    assert bool(re.search(ecma("^[ \\r\\n\\t\\S]+$"), text)) is fhir_string


def test_an_import_is_parsed_once_by_the_r4b_models_and_read_from_them(monkeypatch):
    """The file is validated and read through fhir.resources' R4B models (issue 20 item 5):
    one model_validate per file, and the reader gets the model, never the raw dict."""
    from fhir.resources.R4B.bundle import Bundle

    import bipn.course.fhir as fhir

    course = Course(baseline=bipn.Findings(sensory_grade=0)).add(Visit(date(2026, 1, 5), bipn.Findings(sensory_grade=2), dose_given_mg_m2=1.3,
                                                        pre_dose=PreDoseCheck(temperature_c=36.8, heart_rate_per_min=72,
                                                                              systolic_mm_hg=125, diastolic_mm_hg=78)))
    parsed, read = [], []
    real_validate, real_read = Bundle.model_validate.__func__, fhir._read
    monkeypatch.setattr(Bundle, "model_validate", classmethod(lambda cls, obj, **kw: parsed.append(obj) or real_validate(cls, obj, **kw)))
    monkeypatch.setattr(fhir, "_read", lambda model: read.append(model) or real_read(model))
    back, notes = fhir.read_json(to_json(course))
    assert back == course and len(parsed) == 1 and len(notes) == 1
    assert [type(m) for m in read] == [Bundle]
    dose = back.visits[0].dose_given_mg_m2
    assert type(dose) is float and dose == 1.3, "a FHIR decimal comes back as the float the app computes with"
