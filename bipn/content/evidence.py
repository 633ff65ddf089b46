"""References, provenance and the content version: what every recommendation cites."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bipn.content.loader import load
from bipn.content.schema import Provenance
from bipn.core.errors import InputError

CONTENT_VERSION = "2026.12.0"
"""Version of the clinical content (rules, doses, figures, education text)."""

REVIEW_DATE = "2026-12-01"
"""Date the content was last checked against shared/clinical/facts.md."""

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
