"""The schema every content file (``bipn/data/*.toml``) is checked against, once, when it is
first read: references, citations, review metadata and rules. A file that breaks it stops the
app at start with the file and the place named, never with a wrong card later."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from enum import Enum
from typing import Any


class ContentError(ValueError):
    """A content file does not match its schema (a defect of the content, not of an input)."""

    def __init__(self, file: str, where: str, message: str) -> None:
        super().__init__(f"bipn/data/{file}.toml, {where or 'top level'}: {message}")
        self.file, self.where = file, where


class Provenance(str, Enum):
    """How well a claim was confirmed (the tags of facts.md)."""

    CONFIRMED = "confirmed"
    PARTIAL = "partial"
    UNVERIFIED = "unverified"
    SOURCE_ARTICLE = "source_article"

    @property
    def label(self) -> str:
        """How the provenance is named to a clinician, in the note and on a slide."""
        return _PROVENANCE_LABELS[self]

    @property
    def is_primary(self) -> bool:
        """True only when the claim was read in a primary source."""
        return self is Provenance.CONFIRMED


# The words a note for the record, an answer or a slide can carry (policy.md, third review:
# "Words the record can carry"): plain professional words, never "from memory".
_PROVENANCE_LABELS = {
    Provenance.CONFIRMED: "confirmed in the primary source",
    Provenance.PARTIAL: "secondary source only",
    Provenance.UNVERIFIED: "not yet checked against the primary source",
    Provenance.SOURCE_ARTICLE: "source article only (not confirmed)",
}


REVIEW_STATUSES = ("submitted", "under_review", "approved")
"""The review states an item moves through, as in the source article's review banner."""

KINDS = ("label", "guideline", "trial", "review", "secondary", "formula", "source_article", "internal", "standard")
"""Kinds of reference. ``internal``: a document of this project (no public link), never a primary
source. ``standard``: a published standard or terminology (HL7 FHIR, an implementation guide, NCIt)."""

REFERENCE_FIELDS = frozenset({"kind", "short", "citation", "link", "facts"})
CITATION_FIELDS = (frozenset({"ref", "provenance"}), frozenset({"note"}))
"""Required, then optional, fields of a citation: ``{ref, provenance, note}``."""
SOURCE_FIELDS = (frozenset({"ref", "words"}), frozenset())
"""A patient-facing source line (education.toml ``sources``): the reference and its words."""

RULE_FIELDS = (frozenset({"summary", "statement", "severity", "citations", "status", "reviewed"}),
               frozenset({"summary_without_dose", "evidence"}))
RULE_FILES = (("rules", None), ("measures", None), ("course", "rules"))
"""Where rules live: the engine's rules, the reviewed topics a clinician asks about, and the
course and pre-dose rules (the ``[rules]`` table of course.toml). One registry reads them all."""

SUMMARY_MAX_CHARS = 140
"""A rule's summary, placeholders included, is one line a card can show."""


def check(file: str, data: Mapping[str, Any], reference_ids: frozenset[str]) -> None:
    """ContentError unless ``data`` (the parsed ``bipn/data/<file>.toml``) matches the schema.

    ``reference_ids`` are the ids of references.toml, which every citation must name."""
    if file == "references":
        for ref_id, entry in data.items():
            _fields(file, ref_id, entry, (REFERENCE_FIELDS, frozenset()))
            if entry["kind"] not in KINDS:
                raise ContentError(file, ref_id, f"kind must be one of {', '.join(KINDS)} (got {entry['kind']!r})")
    for where, key, value in _walk(data, ""):
        if key.endswith("citations"):
            _list_of(file, where, value, CITATION_FIELDS, reference_ids)
        elif key == "sources" and file == "education":
            _list_of(file, where, value, SOURCE_FIELDS, reference_ids)
        elif key == "status" and value not in REVIEW_STATUSES:
            raise ContentError(file, where, f"status must be one of {', '.join(REVIEW_STATUSES)} (got {value!r})")
        elif key == "reviewed":
            _iso_date(file, where, value)
    for rules_file, table in RULE_FILES:
        if rules_file == file:
            for rule_id, rule in (data.get(table, {}) if table else data).items():
                where = f"{table}.{rule_id}" if table else rule_id
                _fields(file, where, rule, RULE_FIELDS)
                if len(rule["summary"]) > SUMMARY_MAX_CHARS:
                    raise ContentError(file, where, f"summary is {len(rule['summary'])} characters; at most {SUMMARY_MAX_CHARS}")


def _walk(node: Any, where: str) -> Iterator[tuple[str, str, Any]]:  # noqa: ANN401 - any TOML value
    """Every (place, key, value) under ``node``, depth first."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            here = f"{where}.{key}" if where else str(key)
            yield here, str(key), value
            yield from _walk(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{where}[{i}]")


def _fields(file: str, where: str, entry: Any, spec: tuple[frozenset[str], frozenset[str]]) -> None:  # noqa: ANN401 - any TOML value
    required, optional = spec
    if not isinstance(entry, Mapping):
        raise ContentError(file, where, f"must be a table (got {type(entry).__name__})")
    missing, unknown = required - entry.keys(), entry.keys() - required - optional
    if missing or unknown:
        raise ContentError(file, where, "; ".join(
            part for part in (missing and f"missing {', '.join(sorted(missing))}",
                              unknown and f"unknown field {', '.join(sorted(unknown))}") if part))
    for name in entry.keys() - {"citations"}:
        if not isinstance(entry[name], str):
            raise ContentError(file, f"{where}.{name}", f"must be text (got {type(entry[name]).__name__})")


def _list_of(file: str, where: str, value: Any, spec: tuple[frozenset[str], frozenset[str]],  # noqa: ANN401 - any TOML value
             reference_ids: frozenset[str]) -> None:
    if not isinstance(value, list):
        raise ContentError(file, where, f"must be a list of citations (got {type(value).__name__})")
    for i, item in enumerate(value):
        _fields(file, f"{where}[{i}]", item, spec)
        if item["ref"] not in reference_ids:
            raise ContentError(file, f"{where}[{i}]", f"ref {item['ref']!r} is not in references.toml")
        if "provenance" in item and item["provenance"] not in {p.value for p in Provenance}:
            raise ContentError(file, f"{where}[{i}]", f"provenance must be one of {', '.join(p.value for p in Provenance)} "
                                                       f"(got {item['provenance']!r})")


def _iso_date(file: str, where: str, value: Any) -> None:  # noqa: ANN401 - any TOML value
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ContentError(file, where, f"reviewed must be a date as YYYY-MM-DD (got {value!r})") from None
