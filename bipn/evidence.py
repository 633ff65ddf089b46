"""References, provenance and the content version: what every recommendation cites."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache

from bipn.data import load
from bipn.errors import InputError

CONTENT_VERSION = "2026.12.0"
"""Version of the clinical content (rules, doses, figures, education text)."""

REVIEW_DATE = "2026-12-01"
"""Date the content was last checked against shared/clinical/facts.md."""

REVIEW_STATUSES = ("submitted", "under_review", "approved")
"""The review states an item moves through, as in the source article's review banner."""


class Provenance(str, Enum):
    """How well a claim was confirmed (the tags of facts.md)."""

    CONFIRMED = "confirmed"
    PARTIAL = "partial"
    UNVERIFIED = "unverified"
    SOURCE_ARTICLE = "source_article"

    @property
    def label(self) -> str:
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

KINDS = ("label", "guideline", "trial", "review", "secondary", "formula", "source_article", "internal", "standard")
"""``internal``: a document of this project (no public link), never a primary source. ``standard``: a
published standard or terminology (HL7 FHIR, an implementation guide, NCIt)."""


@dataclass(frozen=True)
class Reference:
    """One entry of the reference registry."""

    id: str
    kind: str
    short: str
    citation: str
    link: str
    facts: str


SOURCE_CHECK_TRAIL = "secondary source only (source check "
"""How a note records what a source check found only in a secondary copy (issue 18, item 7)."""


@dataclass(frozen=True)
class Citation:
    """A reference as used for one claim, with that claim's provenance and a locator note."""

    ref: str
    provenance: Provenance
    note: str = ""

    @property
    def reference(self) -> Reference:
        return reference(self.ref)

    @property
    def locator(self) -> str:
        """The note without the source check's trail: where in the source, not how it was checked."""
        at = self.note.lower().find(SOURCE_CHECK_TRAIL)
        return self.note if at < 0 else self.note[:at].rstrip("; ")

    def __str__(self) -> str:
        note = f": {self.note}" if self.note else ""
        return f"{self.reference.short} [{self.provenance.label}]{note}"


@cache
def references() -> tuple[Reference, ...]:
    """All references, in registry order."""
    return tuple(Reference(id=key, **value) for key, value in load("references").items())


@cache
def _by_id() -> dict[str, Reference]:
    return {r.id: r for r in references()}


def reference(ref_id: str) -> Reference:
    """The reference with this id; InputError for an unknown id."""
    try:
        return _by_id()[ref_id]
    except KeyError:
        raise InputError("ref_id", f"ref_id must be a known reference id (got {ref_id!r})") from None


def citations_from(raw: list[dict[str, str]]) -> tuple[Citation, ...]:
    """Citations from their data form: ``[{ref, provenance, note}]``."""
    return tuple(Citation(ref=c["ref"], provenance=Provenance(c["provenance"]), note=c.get("note", "")) for c in raw)
