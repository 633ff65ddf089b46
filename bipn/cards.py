"""The result object: one piece of advice with its sources and the steps that led to it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache

from bipn.data import load
from bipn.evidence import Citation, citations_from

SUMMARY_MAX_CHARS = 140


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


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
        lines = [f"- {self.summary}"]
        lines += [f"    Basis: {step}" for step in self.audit]
        lines += [f"    Source: {source}" for source in self.sources]
        return "\n".join(lines)


@cache
def rules() -> dict[str, Rule]:
    """Every rule by id."""
    return {
        rule_id: Rule(
            id=rule_id,
            summary=raw["summary"],
            statement=raw["statement"],
            severity=Severity(raw["severity"]),
            citations=citations_from(raw["citations"]),
            status=raw["status"],
            reviewed=raw["reviewed"],
        )
        for rule_id, raw in load("rules").items()
    }


def card(rule_id: str, *, audit: tuple[str, ...] = (), **values: object) -> Card:
    """The card for ``rule_id``, its summary filled in with ``values``."""
    rule = rules()[rule_id]
    return Card(
        rule_id=rule.id,
        summary=rule.summary.format(**values),
        detail=rule.statement,
        severity=rule.severity,
        sources=rule.citations,
        audit=audit,
    )
