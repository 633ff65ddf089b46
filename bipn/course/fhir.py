"""The course as a FHIR R4 Bundle, and back.

One Bundle (type ``collection``, this app's profile in ``meta.profile``) holds, for the
baseline and for each visit, a panel Observation (this app's local code; components for the
yes/no findings, recorded confirmations and the action taken) whose ``hasMember`` are the
grade Observations (NCIt codes, ``valueInteger`` = the CTCAE grade, its version in ``method``); a MedicationStatement
for each visit with a dose given or an action taken (the reason for a dose change in
``reasonCode``); and a QuestionnaireResponse against HL7 Belgium BortezomibV1 for each
pre-dose check (homehosp-bortezomib is accepted on import). No resource names the patient:
``subject`` is left for the hospital system.

The export is written as FHIR R4 JSON and checked in the tests with HL7's R4 JSON schema.
An import is parsed once by ``fhir.resources``' R4B models (the models this library ships for
the R4 line; the resources used here read the same in R4 and R4B) and read from those models,
never from the raw JSON again.

Findings are mapped over ``dataclasses.fields(Findings)``: int fields become grade
Observations (each must have an NCIt code in course.toml), bool fields and Confirmation
fields become panel components, so a new field of either kind travels without code changes.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import Field, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bipn.record.visits import (
    TEAM_DECISIONS,
    Course,
    PreDoseCheck,
    Visit,
    content,
    contraindications,
    export_questionnaire,
    left_out_items,
    vitals,
)
from bipn.clinical.dosing import Action, Schedule, format_dose, products
from bipn.core.errors import InputError
from bipn.clinical.findings import Confirmation, Findings
from bipn.clinical.grading import ctcae

if TYPE_CHECKING:  # fhir.resources is imported only when a file is read
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.codeableconcept import CodeableConcept
    from fhir.resources.R4B.medicationstatement import MedicationStatement
    from fhir.resources.R4B.observation import Observation, ObservationComponent
    from fhir.resources.R4B.questionnaireresponse import (
        QuestionnaireResponse,
        QuestionnaireResponseItem,
        QuestionnaireResponseItemAnswer,
    )
    from fhir.resources.R4B.reference import Reference
    from fhir.resources.R4B.resource import Resource

BASELINE, VISIT, ACTION = "baseline", "visit", "action_taken"
RESOLUTION = "resolution"
MG_M2 = "mg/m2"
_STATUS = {Action.WITHHOLD: "on-hold", Action.DISCONTINUE: "stopped"}
_PER_WEEK = {Schedule.TWICE_WEEKLY: 2, Schedule.WEEKLY: 1}
# The nurse's "answered again against today's readings": not a BortezomibV1 item, so an
# extension of this app's own (its URL resolves nowhere, like the profile).
RECHECKED_URL = "http://bipn-bedside.invalid/fhir/StructureDefinition/readings-rechecked"


def _fhir() -> dict:
    return content()["fhir"]


def _q() -> dict:
    return content()["questionnaire"]


def _cs() -> str:
    return _fhir()["codesystem"]


def _local(code: str, display: str | None = None) -> dict:
    coding = {"system": _cs(), "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding], "text": display or code}


def _subject() -> dict:
    return {"display": _fhir()["subject_display"]}


def _new_url() -> str:
    # Random, so two patients' files never share an entry id when a hospital merges them.
    return f"urn:uuid:{uuid.uuid4()}"


def _field_kind(f: Field) -> str:
    """'grade', 'flag' or 'confirmation' for a Findings field (by its declared type)."""
    t = str(f.type)
    if t == "int":
        return "grade"
    if t == "bool":
        return "flag"
    if "Confirmation" in t:
        return "confirmation"
    if f.name == "ctcae_version":
        return "version"
    raise TypeError(f"Findings.{f.name} has type {t}, which the FHIR mapping does not know")


def _grade_code(name: str) -> dict:
    codes = _fhir()["grade_codes"]
    if name not in codes:
        raise InputError(name, f"{name} has no NCIt code in bipn/data/course.toml: it cannot be exported")
    return codes[name]


# ---- export ------------------------------------------------------------------------------------


def _findings_resources(f: Findings, kind: str, on: date | None, extra_components: list[dict]) -> list[dict]:
    """The panel Observation and its grade Observations for one set of findings (entries)."""
    entries: list[dict] = []
    members = []
    components: list[dict] = []
    when = {"effectiveDateTime": on.isoformat()} if on is not None else {}
    c = ctcae(f.ctcae_version)
    method = _fhir()["ctcae_versions"][f.ctcae_version]
    for field in fields(Findings):
        value = getattr(f, field.name)
        kind_of = _field_kind(field)
        if kind_of == "grade":
            code = _grade_code(field.name)
            term = c.sensory if field.name == "sensory_grade" else c.motor if field.name == "motor_grade" else None
            wording = f": {term.grades[value]}" if term is not None else ""
            url = _new_url()
            members.append({"reference": url})
            entries.append({
                "fullUrl": url,
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {
                        "coding": [{"system": _fhir()["ncit_system"], "code": code["code"], "display": code["display"]}],
                        "text": code["display"],
                    },
                    "subject": _subject(),
                    **when,
                    "valueInteger": value,
                    "method": {"coding": [{"system": _cs(), "code": method["code"], "display": method["display"]}], "text": method["display"]},
                    "note": [{"text": f"{c.version} Grade {value}{wording}"}],
                },
            })
        elif kind_of == "flag":
            components.append({"code": _local(field.name), "valueBoolean": value})
        elif kind_of == "confirmation" and value is not None:
            components += _confirmation_components(field.name, value)
    panel_url = _new_url()
    title = f"Baseline (pre-treatment) neuropathy ({c.version})" if kind == BASELINE else f"BIPN assessment ({c.version})"
    panel = {
        "fullUrl": panel_url,
        "resource": {
            "resourceType": "Observation",
            "status": "final",
            "code": _local(kind, title),
            "subject": _subject(),
            **when,
            "hasMember": members,
            "component": components + extra_components,
        },
    }
    return [panel, *entries]


def _confirmation_components(name: str, value: Confirmation) -> list[dict]:
    out = [
        {"code": _local(f"{name}.by"), "valueString": value.by},
        {"code": _local(f"{name}.what"), "valueString": value.what},
    ]
    if value.at is not None:
        # Local time of the recording device, with no zone: FHIR's dateTime needs one, so a string.
        out.append({"code": _local(f"{name}.at"), "valueString": value.at.strftime("%Y-%m-%dT%H:%M:%S")})
    return out


def _yes_no(answer: bool) -> dict:
    q = _q()
    a = q["yes"] if answer else q["no"]
    return {"valueCoding": {"system": _fhir()["snomed_system"], "code": a["code"], "display": a["display"]}}


def _questionnaire_response(check: PreDoseCheck, on: date, panel_url: str) -> dict:
    q = _q()
    observed = [
        {"linkId": item["link_id"], "text": item["text_nl"], "answer": [{"valueDecimal": getattr(check, item["field"])}]}
        for item in vitals()
    ]
    contra = [{"linkId": q["any_contraindication"]["link_id"], "answer": [_yes_no(bool(check.found))]}]
    contra += [
        {"linkId": item["link_id"], "text": item["text_nl"], "answer": [_yes_no(getattr(check, item["field"]))]}
        for item in contraindications()
    ]
    if check.team_decision is not None:
        decision = q["team_decision"]
        contra.append({"linkId": decision["link_id"], "answer": [{"valueString": decision["answers"][check.team_decision]}]})
    resource = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": export_questionnaire()["canonical"],
        "status": "completed",
        "subject": _subject(),
        "authored": on.isoformat(),
        "partOf": [{"reference": panel_url}],
        "item": [{
            "linkId": "NursingAssessment",
            "item": [
                {"linkId": "ObservationParameters", "item": observed},
                {"linkId": "Contraindications", "item": contra},
            ],
        }],
    }
    if check.checked_by is not None:
        resource["author"] = {"display": check.checked_by}
    if check.readings_rechecked:
        resource["extension"] = [{"url": RECHECKED_URL, "valueBoolean": True}]
    return {"fullUrl": _new_url(), "resource": resource}


def _medication_statement(visit: Visit, previous_dose: float | None, panel_url: str) -> dict:
    dose = visit.dose_given_mg_m2
    if dose is not None:
        status = "completed"
    else:
        status = _STATUS.get(visit.action, "not-taken")
    reason = []
    if visit.action is not None:
        reason.append(f"Dose action recorded: {visit.action.value}")
    if dose is not None and previous_dose is not None and abs(dose - previous_dose) > 1e-9:
        reason.append(f"Dose changed from {format_dose(previous_dose)} to {format_dose(dose)} mg/m²")
    f = visit.findings
    reason.append(
        f"Peripheral neuropathy, CTCAE v{f.ctcae_version}: sensory Grade {f.sensory_grade}, motor Grade {f.motor_grade}"
        + (", with neuropathic pain" if f.neuropathic_pain else "")
    )
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": status,
        "medicationCodeableConcept": _medication(visit.product),
        "subject": _subject(),
        "effectiveDateTime": visit.on.isoformat(),
        "derivedFrom": [{"reference": panel_url}],
        "reasonCode": [{"text": "; ".join(reason)}],
    }
    if status in ("on-hold", "stopped", "not-taken"):
        resource["statusReason"] = [{"text": "; ".join(reason)}]
    if dose is not None:
        dosage = {
            "text": f"{format_dose(dose)} mg/m²",
            "doseAndRate": [{"doseQuantity": {"value": dose, "unit": "mg/m²", "system": _fhir()["ucum_system"], "code": MG_M2}}],
        }
        if visit.schedule is not None:
            per_week = _PER_WEEK[visit.schedule]
            dosage["text"] += f", {visit.schedule.value.replace('_', ' ')}"
            dosage["timing"] = {"repeat": {"frequency": per_week, "period": 1, "periodUnit": "wk"}}
        resource["dosage"] = [dosage]
    return {"fullUrl": _new_url(), "resource": resource}


PRODUCT_PREFIX = "product-"


def _medication(product: str | None) -> dict:
    """Bortezomib, and the product given when recorded (this app's local code: no product
    code system was part of the reviewed sources)."""
    if product is None:
        return {"text": "bortezomib"}
    display = products()[product].display
    return {"coding": [{"system": _cs(), "code": PRODUCT_PREFIX + product, "display": display}], "text": f"bortezomib: {display}"}


def to_fhir(course: Course) -> dict:
    """The course as a FHIR R4 Bundle (type collection) with this app's profile."""
    if not isinstance(course, Course):
        raise InputError("course", f"course must be a Course (got {course!r})")
    entries: list[dict] = []
    if course.baseline is not None:
        entries += _findings_resources(course.baseline, BASELINE, None, [])
    previous = None
    for visit in course.visits:
        extra = []
        if visit.action is not None:
            extra.append({"code": _local(ACTION), "valueCodeableConcept": _local(visit.action.value)})
        if visit.resolution is not None:
            extra += _confirmation_components(RESOLUTION, visit.resolution)
        group = _findings_resources(visit.findings, VISIT, visit.on, extra)
        entries += group
        panel_url = group[0]["fullUrl"]
        if visit.dose_given_mg_m2 is not None or visit.action is not None:
            entries.append(_medication_statement(visit, previous, panel_url))
        if visit.pre_dose is not None:
            entries.append(_questionnaire_response(visit.pre_dose, visit.on, panel_url))
        if visit.dose_given_mg_m2 is not None:
            previous = visit.dose_given_mg_m2
    return {
        "resourceType": "Bundle",
        "meta": {"profile": [_fhir()["profile"]]},
        "type": "collection",
        "entry": entries,
    }


def to_json(course: Course) -> str:
    return json.dumps(to_fhir(course), indent=1, ensure_ascii=False)


# ---- import ------------------------------------------------------------------------------------


def _refuse(message: str) -> InputError:
    return InputError("bundle", message)


def _short(value: object, limit: int = 60) -> str:
    """A value from the file, quoted and cut short for a message."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _max_bytes() -> int:
    return int(_fhir()["max_import_bytes"])


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def from_json(data: bytes | str) -> Course:
    """The course in an uploaded file: at most 1 MB of UTF-8 JSON holding this app's Bundle."""
    return read_json(data)[0]


def read_json(data: bytes | str) -> tuple[Course, tuple[str, ...]]:
    """The course in an uploaded file and, for each pre-dose check in it, which questionnaire
    it follows and the answered items the app does not take (``questionnaire_notes``)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise _refuse(f"expected the file's bytes (got {type(data).__name__})")
    if len(data) > _max_bytes():
        raise _refuse(f"The file is {_mb(len(data))}; a course file is at most {_mb(_max_bytes())}. Nothing was imported.")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("The file is not UTF-8 text, so it is not a FHIR JSON file. Nothing was imported.") from None

    def no_constants(name: str) -> None:
        raise ValueError(f"{name} is not a JSON number")

    try:
        bundle = json.loads(text, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        raise _refuse(f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). Nothing was imported.") from None
    except (ValueError, RecursionError) as exc:
        raise _refuse(f"The file is not valid JSON ({type(exc).__name__}). Nothing was imported.") from None
    model = _validated(bundle)
    return _course(model), _notes(model)


def _validated(bundle: object) -> Bundle:
    """The Bundle as fhir.resources' FHIR R4B models, once it is this app's course file: a
    JSON object, a Bundle with this app's profile, at most the size limit, valid R4B."""
    if not isinstance(bundle, dict):
        raise _refuse(f"Expected a FHIR Bundle (a JSON object), got {type(bundle).__name__}. Nothing was imported.")
    kind = bundle.get("resourceType")
    if kind != "Bundle":
        what = _short(kind) if kind else "document without resourceType"
        raise _refuse(f"This is a FHIR {what}, not a Bundle. Nothing was imported.")
    profiles = bundle.get("meta", {}).get("profile", []) if isinstance(bundle.get("meta"), dict) else []
    if _fhir()["profile"] not in (profiles if isinstance(profiles, list) else []):
        raise _refuse("This Bundle is not a BIPN course exported by this app (another profile). Nothing was imported.")
    try:
        size = len(json.dumps(bundle).encode("utf-8"))
    except (TypeError, ValueError, RecursionError):
        raise _refuse("The Bundle cannot be read as JSON. Nothing was imported.") from None
    if size > _max_bytes():
        raise _refuse(f"The Bundle is {_mb(size)}; a course file is at most {_mb(_max_bytes())}. Nothing was imported.")
    from fhir.resources.R4B.bundle import Bundle  # imported only when a file is read

    try:
        return Bundle.model_validate(bundle)
    except Exception as exc:  # noqa: BLE001 - pydantic's ValidationError, or anything the models raise
        first = str(exc).splitlines()
        detail = "; ".join(line.strip() for line in first[1:3]) if len(first) > 1 else first[0] if first else type(exc).__name__
        raise _refuse(f"The file is not a valid FHIR Bundle (checked with the FHIR R4B models: {detail[:200]}). Nothing was imported.") from None


def _code(concept: object) -> str:
    """The code of this app's local coding in a CodeableConcept (a model, or the dict of an export)."""
    if isinstance(concept, dict):
        codings = [c for c in concept.get("coding", []) if isinstance(c, dict)]
        return next((c.get("code", "") for c in codings if c.get("system") == _cs()), "")
    return next((c.code or "" for c in getattr(concept, "coding", None) or () if c.system == _cs()), "")


def _date(value: object, where: str) -> date:
    """A visit's date: a plain date (no time), within the plausible years."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _refuse(f"{where}: expected a date YYYY-MM-DD (got {_short(_plain(value))})")
    first, last = _fhir()["first_plausible_date"], _fhir()["last_plausible_date"]
    if not first <= value <= last:
        raise _refuse(f"{where}: the date {value.isoformat()} is not plausible for a visit (from {first.isoformat()}, bortezomib's first approval, to {last.isoformat()})")
    return value


def _plain(value: object) -> object:
    """A model's value as the file wrote it, for a message."""
    return value.isoformat() if isinstance(value, date) else value


def _same_day(value: object, on: date) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime) and value == on


def _status(resource: Resource, where: str) -> None:
    kind = resource.get_resource_type()
    allowed = _fhir()["statuses"].get(kind)
    status = getattr(resource, "status", None)
    if allowed is not None and status not in allowed:
        raise _refuse(f"{where}: a {kind} with status {_short(status)} is not a recorded fact (expected {' or '.join(allowed)})")


def _number(value: object) -> float | None:
    """A FHIR decimal (the models give Decimal) as the float the app computes with."""
    return None if value is None else float(value)


def _findings(panel: Observation, by_url: dict[str, Resource], where: str) -> tuple[Findings, dict[str, ObservationComponent]]:
    """Findings from a panel and its members; also returns the components not used by Findings."""
    codes = {v["code"]: name for name, v in _fhir()["grade_codes"].items()}
    values: dict[str, object] = {}
    for ref in panel.hasMember or ():
        member = by_url.get(ref.reference or "")
        if member is None or member.get_resource_type() != "Observation":
            raise _refuse(f"{where}: a grade Observation it points to is missing")
        coding = [c for c in (member.code.coding or ()) if c.system == _fhir()["ncit_system"]]
        name = codes.get(coding[0].code) if coding else None
        if name is None:
            raise _refuse(f"{where}: a grade Observation has no known NCIt code")
        if name in values:
            raise _refuse(f"{where}: {name} is recorded twice")
        if member.valueInteger is None:
            raise _refuse(f"{where}: {name} has no grade (valueInteger)")
        values[name] = member.valueInteger
        version = _ctcae_version(member.method, f"{where}: {name}")
        if values.setdefault("ctcae_version", version) != version:
            raise _refuse(f"{where}: its grades give two CTCAE versions (v{values['ctcae_version']} and v{version})")
    components: dict[str, ObservationComponent] = {}
    for comp in panel.component or ():
        code = _code(comp.code)
        if not code or code in components:
            raise _refuse(f"{where}: a component has no code of this app, or is repeated")
        components[code] = comp
    used = set()
    for field in fields(Findings):
        kind = _field_kind(field)
        if kind == "flag" and field.name in components:
            value = components[field.name].valueBoolean
            if value is None:
                raise _refuse(f"{where}: {field.name} has no yes/no value")
            values[field.name] = value
            used.add(field.name)
        elif kind == "confirmation":
            confirmation, keys = _confirmation(components, field.name, where)
            if confirmation is not None:
                values[field.name] = confirmation
            used |= keys
    required = [f.name for f in fields(Findings) if _field_kind(f) == "grade"]
    missing = [name for name in required if name not in values]
    if missing:
        raise _refuse(f"{where}: no grade for {', '.join(missing)}")
    return Findings(**values), {k: v for k, v in components.items() if k not in used}


def _ctcae_version(method: CodeableConcept | None, where: str) -> str:
    """The CTCAE version of a grade Observation, from its method coding (or, in a file made
    before the coding, its text "NCI CTCAE v5.0"). A grade without its version is refused:
    v5.0 and v6.0 Grade 1 do not mean the same."""
    by_code = {v["code"]: k for k, v in _fhir()["ctcae_versions"].items()}
    by_text = {v["display"]: k for k, v in _fhir()["ctcae_versions"].items()}
    if method is not None:
        for coding in method.coding or ():
            if coding.system == _cs():
                if coding.code not in by_code:
                    raise _refuse(f"{where}: unknown CTCAE version {_short(coding.code)}")
                return by_code[coding.code]
        if method.text in by_text:
            return by_text[method.text]
    raise _refuse(f"{where}: the grade does not say which CTCAE version it was given with ({', '.join(by_text)})")


def _confirmation(components: dict[str, ObservationComponent], name: str, where: str) -> tuple[Confirmation | None, set[str]]:
    by, what = components.get(f"{name}.by"), components.get(f"{name}.what")
    if by is None and what is None:
        return None, set()
    if by is None or what is None:
        raise _refuse(f"{where}: {name} needs both who confirmed and what was confirmed")
    at = components.get(f"{name}.at")
    when = None
    if at is not None:
        try:
            when = datetime.strptime(str(at.valueString), "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            raise _refuse(f"{where}: {name}.at must be a local date and time (YYYY-MM-DDThh:mm:ss)") from None
    keys = {f"{name}.by", f"{name}.what"} | ({f"{name}.at"} if at is not None else set())
    return Confirmation(by=by.valueString, what=what.valueString, at=when), keys


def _items(items: list[QuestionnaireResponseItem] | None, where: str) -> dict[str, QuestionnaireResponseItem]:
    """Every answered item of a QuestionnaireResponse by linkId (nested groups flattened)."""
    out: dict[str, QuestionnaireResponseItem] = {}
    for item in items or ():
        if item.linkId in out:
            raise _refuse(f"{where}: item {item.linkId} is answered twice")
        out[item.linkId] = item
        out.update(_items(item.item, where))
    return out


def _answer(items: dict[str, QuestionnaireResponseItem], link_id: str, where: str) -> QuestionnaireResponseItemAnswer:
    item = items.get(link_id)
    if item is None or len(item.answer or ()) != 1:
        raise _refuse(f"{where}: item {link_id} needs exactly one answer")
    return item.answer[0]


def _link(item: dict, link_set: str) -> str:
    """The item's linkId in ``link_set`` ('en' or 'nl')."""
    return item["link_id"] if link_set == "en" else item[f"link_id_{link_set}"]


def _questionnaire_of(qr: QuestionnaireResponse, where: str) -> tuple[str, dict]:
    """(name, settings) of the accepted questionnaire a response is for; a canonical may carry
    a '|version' suffix."""
    base = qr.questionnaire.split("|", 1)[0] if qr.questionnaire else None
    for name, accepted in _q()["accepted"].items():
        if base == accepted["canonical"]:
            return name, accepted
    names = " or ".join(a["canonical"] for a in _q()["accepted"].values())
    raise _refuse(f"{where}: a QuestionnaireResponse is not for {names}")


def _link_set(items: dict[str, QuestionnaireResponseItem], accepted: dict, where: str) -> str:
    """Which of the questionnaire's linkId sets the response uses: the one whose pre-dose
    items are all there. A response mixing sets, or missing items, is refused, naming them."""
    needed = (*vitals(), *contraindications(), _q()["any_contraindication"])
    best, missing_best = None, None
    for link_set in accepted["link_id_sets"]:
        missing = [_link(i, link_set) for i in needed if _link(i, link_set) not in items]
        if not missing:
            return link_set
        if missing_best is None or len(missing) < len(missing_best):
            best, missing_best = link_set, missing
    raise _refuse(f"{where}: items {', '.join(missing_best)} need exactly one answer ({accepted['title']}, {'English' if best == 'en' else 'Dutch'} linkIds)")


def _coded(answer: QuestionnaireResponseItemAnswer) -> str | None:
    return answer.valueCoding.code if answer.valueCoding is not None else None


def _check(qr: QuestionnaireResponse, where: str) -> PreDoseCheck:
    q = _q()
    _, accepted = _questionnaire_of(qr, where)
    items = _items(qr.item, where)
    link_set = _link_set(items, accepted, where)
    values: dict[str, object] = {}
    for item in vitals():
        values[item["field"]] = _number(_answer(items, _link(item, link_set), where).valueDecimal)
    yes, no = q["yes"]["code"], q["no"]["code"]
    for item in contraindications():
        code = _coded(_answer(items, _link(item, link_set), where))
        if code not in (yes, no):
            raise _refuse(f"{where}: item {_link(item, link_set)} must be answered yes or no")
        values[item["field"]] = code == yes
    decision_item = q["team_decision"]
    decision_link = _link(decision_item, link_set)
    if decision_link in items:
        text = _answer(items, decision_link, where).valueString
        by_text = {v: k for k, v in decision_item["answers"].items()}
        if text not in by_text:
            raise _refuse(f"{where}: item {decision_link} must be one of {', '.join(by_text)}")
        values["team_decision"] = by_text[text]
    if qr.author is not None:
        values["checked_by"] = qr.author.display
    for ext in qr.extension or ():
        if ext.url != RECHECKED_URL or ext.valueBoolean is None:
            raise _refuse(f"{where}: an extension this app does not know")
        values["readings_rechecked"] = ext.valueBoolean
    check = PreDoseCheck(**values)
    any_link = _link(q["any_contraindication"], link_set)
    if (_coded(_answer(items, any_link, where)) == yes) != bool(check.found):
        raise _refuse(f"{where}: item {any_link} contradicts the contraindication items")
    return check


def _resources(model: Bundle, kind: str) -> list[Resource]:
    return [e.resource for e in model.entry or () if e.resource is not None and e.resource.get_resource_type() == kind]


def questionnaire_notes(bundle: dict) -> tuple[str, ...]:
    """For each QuestionnaireResponse of an importable Bundle: which questionnaire and linkIds
    it follows, and the answered items the app does not take, by name (never dropped
    silently). InputError as ``from_fhir`` for a Bundle it would refuse."""
    return _notes(_validated(bundle))


def _notes(model: Bundle) -> tuple[str, ...]:
    q = _q()
    taken = {key: set() for key in ("en", "nl")}
    for item in (*vitals(), *contraindications(), q["any_contraindication"], q["team_decision"]):
        for link_set in taken:
            taken[link_set].add(_link(item, link_set))
    left_out = {}
    for group in left_out_items():
        for key in ("link_ids", "link_ids_nl"):
            for link in group.get(key, ()):
                left_out[link] = group["text"]
    notes = []
    for r in _resources(model, "QuestionnaireResponse"):
        where = f"Pre-dose check {_plain(r.authored) or ''}".strip()
        _, accepted = _questionnaire_of(r, where)
        items = _items(r.item, where)
        link_set = _link_set(items, accepted, where)
        answered = [link for link, item in items.items() if item.answer and link not in taken[link_set]]
        words = "English" if link_set == "en" else "Dutch"
        line = f"{where}: {accepted['title']} ({words} linkIds)"
        if answered:
            named = [f"{link} ({left_out[link]}, not taken by this app)" if link in left_out else f"{link} (not known to this app)" for link in answered]
            line += "; answered but not used for the dose decision: " + "; ".join(named)
        notes.append(line + ".")
    return tuple(notes)


def from_fhir(bundle: dict) -> Course:
    """The course in a Bundle made by ``to_fhir``. InputError (field 'bundle') for anything
    else: not a dict, not a Bundle, another profile, too large, not valid FHIR (R4B models), or
    not readable as this app's course. The message says why."""
    return _course(_validated(bundle))


def _course(model: Bundle) -> Course:
    try:
        return _read(model)
    except InputError as exc:
        if exc.field == "bundle":
            raise
        raise _refuse(f"The Bundle holds a value the app refuses: {str(exc)[:300]}. Nothing was imported.") from None
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
        raise _refuse(f"The Bundle is not laid out as this app's course ({type(exc).__name__}). Nothing was imported.") from None


def _read(model: Bundle) -> Course:
    if model.type != "collection":
        raise _refuse("This Bundle is not a collection. Nothing was imported.")
    entries = model.entry or []
    if any(e.resource is None for e in entries):
        raise _refuse("Every entry needs a resource. Nothing was imported.")
    by_url = {e.fullUrl: e.resource for e in entries if e.fullUrl}
    if len(by_url) != len(entries):
        raise _refuse("Every entry needs its own fullUrl. Nothing was imported.")
    baseline = None
    visits: list[dict[str, object]] = []
    panels: dict[str, int] = {}
    doses: dict[int, float | None] = {}
    schedules: dict[int, Schedule | None] = {}
    given_products: dict[int, str | None] = {}
    checks: dict[int, PreDoseCheck] = {}
    for n, entry in enumerate(entries):
        r, where = entry.resource, f"entry {n + 1}"
        kind = r.get_resource_type()
        _status(r, where)
        if kind == "Observation" and _code(r.code) in (BASELINE, VISIT):
            findings, rest = _findings(r, by_url, where)
            if _code(r.code) == BASELINE:
                if baseline is not None or visits:
                    raise _refuse(f"{where}: the baseline must come once, before the visits")
                if rest:
                    raise _refuse(f"{where}: unknown baseline components {sorted(rest)}")
                baseline = findings
                continue
            on = _date(r.effectiveDateTime, where)
            action = None
            if ACTION in rest:
                code = _code(rest.pop(ACTION).valueCodeableConcept)
                if code not in {a.value for a in Action}:
                    raise _refuse(f"{where}: unknown action {_short(code)}")
                action = Action(code)
            resolution, keys = _confirmation(rest, RESOLUTION, where)
            for k in keys:
                rest.pop(k)
            if rest:
                raise _refuse(f"{where}: unknown components {sorted(rest)}")
            panels[entry.fullUrl] = len(visits)
            visits.append({"on": on, "findings": findings, "action": action, "resolution": resolution})
        elif kind == "MedicationStatement":
            index = _owner(r.derivedFrom, panels, where)
            if not _same_day(r.effectiveDateTime, visits[index]["on"]):
                raise _refuse(f"{where}: the dose is dated differently from its visit")
            if index in doses:
                raise _refuse(f"{where}: a second MedicationStatement for one visit")
            doses[index] = _dose(r, where)
            given_products[index] = _product(r, where)
            schedules[index] = _schedule(r, where)
        elif kind == "QuestionnaireResponse":
            index = _owner(r.partOf, panels, where)
            if index in checks:
                raise _refuse(f"{where}: a second pre-dose check for one visit")
            if not _same_day(r.authored, visits[index]["on"]):
                raise _refuse(f"{where}: the pre-dose check is dated differently from its visit")
            checks[index] = _check(r, where)
        elif kind != "Observation":
            raise _refuse(f"{where}: a {_short(kind)} is not part of this app's course")
    observations = {u: r for u, r in by_url.items() if r.get_resource_type() == "Observation"}
    members = {m.reference for r in observations.values() for m in r.hasMember or ()}
    if any(_code(r.code) not in (BASELINE, VISIT) and u not in members for u, r in observations.items()):
        raise _refuse("An Observation belongs to no visit. Nothing was imported.")
    out = [
        Visit(dose_given_mg_m2=doses.get(i), pre_dose=checks.get(i), schedule=schedules.get(i), product=given_products.get(i), **v)
        for i, v in enumerate(visits)
    ]
    for i, v in enumerate(out):
        if i in doses and v.dose_given_mg_m2 is None and v.action is None:
            raise _refuse("A MedicationStatement records neither a dose nor an action. Nothing was imported.")
    return Course(baseline=baseline, visits=tuple(out))


def _owner(refs: list[Reference] | None, panels: dict[str, int], where: str) -> int:
    if len(refs or ()) != 1 or refs[0].reference not in panels:
        raise _refuse(f"{where}: it must point to exactly one earlier visit")
    return panels[refs[0].reference]


def _product(r: MedicationStatement, where: str) -> str | None:
    code = _code(r.medicationCodeableConcept)
    if not code:
        return None
    pid = code.removeprefix(PRODUCT_PREFIX)
    if not code.startswith(PRODUCT_PREFIX) or pid not in products():
        raise _refuse(f"{where}: unknown bortezomib product {_short(code)}")
    return pid


def _schedule(r: MedicationStatement, where: str) -> Schedule | None:
    if not r.dosage or r.dosage[0].timing is None:
        return None
    repeat = r.dosage[0].timing.repeat
    by_count = {n: s for s, n in _PER_WEEK.items()}
    if repeat is None or repeat.period != 1 or repeat.periodUnit != "wk" or repeat.frequency not in by_count:
        raise _refuse(f"{where}: the schedule must be once or twice a week")
    return by_count[repeat.frequency]


def _dose(r: MedicationStatement, where: str) -> float | None:
    if not r.dosage:
        return None
    quantity = r.dosage[0].doseAndRate[0].doseQuantity
    if quantity.code != MG_M2 or quantity.system != _fhir()["ucum_system"]:
        raise _refuse(f"{where}: the dose must be in mg/m² (UCUM mg/m2)")
    return _number(quantity.value)


__all__ = ["TEAM_DECISIONS", "from_fhir", "from_json", "questionnaire_notes", "read_json", "to_fhir", "to_json"]
