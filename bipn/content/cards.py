"""The result object: one piece of advice with its sources and the steps that led to it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from types import MappingProxyType

from bipn.content.loader import load
from bipn.content.evidence import Citation, citations_from
from bipn.content.schema import RULE_FILES



class Severity(str, Enum):
    """How much a card matters. Interaction cards use the four levels of policy.md,
    contraindicated > avoid > caution > monitor; other advice uses critical, warning, info."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"
    CONTRAINDICATED = "contraindicated"
    AVOID = "avoid"
    CAUTION = "caution"
    MONITOR = "monitor"

    @property
    def rank(self) -> int:
        """Higher is more important; cards are shown in this order."""
        return _RANK[self]

    @property
    def word(self) -> str:
        """How the level is named on screen and in the note."""
        return _WORDS[self]


_RANK = {
    Severity.CONTRAINDICATED: 6,
    Severity.CRITICAL: 5,
    Severity.AVOID: 4,
    Severity.WARNING: 3,
    Severity.CAUTION: 3,
    Severity.MONITOR: 1,
    Severity.INFO: 0,
}
_WORDS = {
    Severity.CONTRAINDICATED: "Contraindicated: do not combine",
    Severity.CRITICAL: "Important",
    Severity.AVOID: "Avoid",
    Severity.WARNING: "Caution",
    Severity.CAUTION: "Caution",
    Severity.MONITOR: "Monitor",
    Severity.INFO: "Info",
}


@dataclass(frozen=True)
class Rule:
    """A clinical rule as reviewed data (bipn/data/rules.toml)."""

    id: str
    summary: str
    statement: str
    severity: Severity
    citations: tuple[Citation, ...]
    status: str
    reviewed: str
    summary_without_dose: str = ""
    evidence: str = ""
    """Evidence level or guideline position in words (non-drug measures, look-alike causes)."""




@dataclass(frozen=True)
class Card:
    """One recommendation, like a CDS Hooks card: summary first, basis one click away."""

    rule_id: str
    summary: str
    detail: str
    severity: Severity
    sources: tuple[Citation, ...]
    audit: tuple[str, ...] = ()

    def as_note(self) -> str:
        """Plain text for the medical record: summary, basis and sources."""
        level = "" if self.severity is Severity.INFO else f"[{self.severity.word}] "
        lines = [f"- {level}{self.summary}"]
        lines += [f"    Basis: {step}" for step in self.audit]
        lines += [f"    Source: {source}" for source in self.sources]
        return "\n".join(lines)


@cache
def rules() -> Mapping[str, Rule]:
    """Every rule by id (read-only: it is shared by every session)."""
    return MappingProxyType(
        {
            rule_id: Rule(
                id=rule_id,
                summary=raw["summary"],
                statement=raw["statement"],
                severity=Severity(raw["severity"]),
                citations=citations_from(raw["citations"]),
                status=raw["status"],
                reviewed=raw["reviewed"],
                summary_without_dose=raw.get("summary_without_dose", ""),
                evidence=raw.get("evidence", ""),
            )
            for name, table in RULE_FILES
            for rule_id, raw in (load(name)[table] if table else load(name)).items()
        }
    )


def card(
    rule_id: str,
    *,
    audit: tuple[str, ...] = (),
    severity: Severity | None = None,
    without_dose: bool = False,
    extra_sources: tuple[Citation, ...] = (),
    **values: object,
) -> Card:
    """The card for ``rule_id``, its summary filled in with ``values``.

    ``without_dose`` picks the rule's wording for when the current dose is not known yet;
    ``severity`` raises (or lowers) the rule's own severity for this patient;
    ``extra_sources`` adds the sources of figures quoted in the summary.
    """
    rule = rules()[rule_id]
    summary = rule.summary_without_dose if without_dose and rule.summary_without_dose else rule.summary
    return Card(
        rule_id=rule.id,
        summary=summary.format(**values),
        detail=rule.statement,
        severity=severity or rule.severity,
        sources=rule.citations + tuple(c for c in extra_sources if c not in rule.citations),
        audit=audit,
    )


def by_importance(items: tuple[Card, ...] | list[Card]) -> tuple[Card, ...]:
    """Cards most important first (stable: equal levels keep their order)."""
    return tuple(sorted(items, key=lambda c: -c.severity.rank))
