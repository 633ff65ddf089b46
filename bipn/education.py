"""What to tell people about BIPN, for clinicians and for patients or caregivers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache

from bipn import validation
from bipn.data import load
from bipn.evidence import CONTENT_VERSION, REVIEW_DATE, Citation, citations_from


class Audience(str, Enum):
    PATIENT = "patient"
    CLINICIAN = "clinician"


AUDIENCE_ALIASES = {"caregiver": Audience.PATIENT, "patient or caregiver": Audience.PATIENT}

DISCLAIMER = (
    "Decision support only: it does not replace clinical judgement. "
    "Check every recommendation against its source before acting on it."
)


@dataclass(frozen=True)
class Section:
    audience: Audience
    title: str
    body: str
    citations: tuple[Citation, ...]
    status: str
    reviewed: str


def audience(value: object) -> Audience:
    """Parse an audience: 'patient' (or 'caregiver') or 'clinician'."""
    if isinstance(value, str) and value.strip().lower() in AUDIENCE_ALIASES:
        return AUDIENCE_ALIASES[value.strip().lower()]
    return validation.choice("audience", value, Audience)


@cache
def sections(who: Audience) -> tuple[Section, ...]:
    """The education sections for one audience, in reading order."""
    return tuple(
        Section(Audience(s["audience"]), s["title"], s["body"].strip(), citations_from(s["citations"]), s["status"], s["reviewed"])
        for s in load("education")["section"]
        if s["audience"] == who.value
    )


def handout_heading(who: Audience) -> tuple[str, str]:
    """Title and opening line of the handout for ``who``."""
    raw = load("education")[who.value]
    return raw["title"], raw["intro"]


def handout(audience_name: str | Audience) -> str:
    """The whole education text for 'patient' or 'clinician', as Markdown.

    Patient text names its sources in plain words at the end; the clinician text cites each
    section with provenance.
    """
    who = audience(audience_name)
    title, intro = handout_heading(who)
    parts = [f"# {title}", intro]
    for s in sections(who):
        parts.append(f"## {s.title}\n\n{s.body}")
        if who is Audience.CLINICIAN:
            parts.append("Sources: " + "; ".join(str(c) for c in s.citations))
    if who is Audience.PATIENT:
        names = dict.fromkeys(c.reference.short for s in sections(who) for c in s.citations)
        parts.append("## Where this comes from\n\n" + "\n".join(f"- {n}" for n in names))
        parts.append("Ask your care team about anything on this sheet.")
    else:
        parts.append(DISCLAIMER)
    parts.append(f"Content version {CONTENT_VERSION}, reviewed {REVIEW_DATE}.")
    return "\n\n".join(parts) + "\n"
