"""What to tell people about BIPN, for clinicians and for patients or caregivers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache

from bipn.core import validation
from bipn.content.loader import load
from bipn.clinical.dosing import Route, products
from bipn.core.errors import InputError
from bipn.content.evidence import CONTENT_VERSION, REVIEW_DATE, Citation, Reference, citations_from, reference


class Audience(str, Enum):
    PATIENT = "patient"
    CLINICIAN = "clinician"


AUDIENCE_ALIASES = {"caregiver": Audience.PATIENT, "patient or caregiver": Audience.PATIENT}

DISCLAIMER = (
    "Decision support only: it does not replace clinical judgement. "
    "Check every recommendation against its source before acting on it."
)

PATIENT_NOTICE = (
    "This page is to help you talk with your care team. It does not replace their advice. "
    "If you have any of the signs under \"Get help right away\", call the ward now."
)
"""What patients and carers see on screen in place of the clinician disclaimer."""

BLANK = "________________"


@dataclass(frozen=True)
class Section:
    audience: Audience
    title: str
    body: str
    citations: tuple[Citation, ...]
    status: str
    reviewed: str
    urgent: bool = False


def audience(value: object) -> Audience:
    """Parse an audience: 'patient' (or 'caregiver') or 'clinician'."""
    if isinstance(value, str) and value.strip().lower() in AUDIENCE_ALIASES:
        return AUDIENCE_ALIASES[value.strip().lower()]
    return validation.choice("audience", value, Audience)


@cache
def sections(who: Audience) -> tuple[Section, ...]:
    """The education sections for one audience, in reading order."""
    return tuple(
        Section(
            Audience(s["audience"]), s["title"], s["body"].strip(), citations_from(s["citations"]), s["status"], s["reviewed"],
            s.get("urgent", False),
        )
        for s in load("education")["section"]
        if s["audience"] == who.value
    )


def handout_heading(who: Audience) -> tuple[str, str]:
    """Title and opening line of the handout for ``who``."""
    raw = load("education")[who.value]
    return raw["title"], raw["intro"]


def reading_order(who: Audience) -> tuple[Section, ...]:
    """The sections as a sheet reads them: the urgent one ("Get help right away") first."""
    items = sections(who)
    return tuple(s for s in items if s.urgent) + tuple(s for s in items if not s.urgent)


def patient_sources() -> tuple[tuple[str, Reference], ...]:
    """The short list of sources a patient or carer can follow: (plain words, reference)."""
    return tuple((s["words"], reference(s["ref"])) for s in load("education")["patient"]["sources"])


def ward_blanks() -> tuple[str, ...]:
    """The lines the ward fills in on the patient sheet (phone number and hours)."""
    return ("Ward phone number", "Ward hours", "Outside these hours, call")


def medicine_line(product: str | None, route: Route | None = None) -> str | None:
    """The line that names the patient's bortezomib product, and the route chosen, on the
    handout, if a product is known (an id of ``bipn.products()``; None or "other": no line)."""
    if product is None:
        return None
    if product not in products():
        raise InputError("product", f"product must be one of {', '.join(products())} (got {product!r})")
    return products()[product].patient_words(route)


def handout(audience_name: str | Audience, *, product: str | None = None, route: Route | None = None) -> str:
    """The whole education text for 'patient' or 'clinician', as Markdown.

    ``product`` (an id of ``bipn.products()``) and ``route`` add a line naming how it is given.
    Patient text opens with "Get help right away" and blanks for the ward's phone number and
    hours, and ends with a short list of sources a patient can read; the clinician text cites
    each section with provenance.
    """
    who = audience(audience_name)
    title, intro = handout_heading(who)
    parts = [f"# {title}"]
    if who is Audience.PATIENT:
        parts.append(f"Name: {BLANK}  Date: {BLANK}")
    parts.append(intro)
    if medicine_line(product, route):
        parts.append(medicine_line(product, route))
    for s in reading_order(who):
        body = s.body
        if s.urgent:
            body = "\n".join(f"{label}: {BLANK}  " for label in ward_blanks()) + "\n\n" + body
        parts.append(f"## {s.title}\n\n{body}")
        if who is Audience.CLINICIAN:
            parts.append("Sources: " + "; ".join(str(c) for c in s.citations))
    if who is Audience.PATIENT:
        parts.append("## Where this comes from\n\n" + "\n".join(f"- {words}" for words, _ in patient_sources()))
        parts.append("Ask your care team about anything on this sheet.")
    else:
        parts.append(DISCLAIMER)
    parts.append(f"Content version {CONTENT_VERSION}, reviewed {REVIEW_DATE}.")
    return "\n\n".join(parts) + "\n"
