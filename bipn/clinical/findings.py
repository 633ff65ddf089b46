"""What the clinician found at one assessment, and confirmations a clinician records."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from bipn.core import validation
from bipn.core.errors import InputError
from bipn.clinical.grading import DEFAULT_VERSION, ctcae_version, grade

FREE_TEXT_MAX_CHARS = 200  # policy.md: at most 200 characters a free-text field


KEPT_WHITE_SPACE = " \t\r\n"  # the white space a FHIR string may carry


def free_text(field: str, value: object, *, max_chars: int = FREE_TEXT_MAX_CHARS) -> str:
    """A clinician's free text, stripped: non-empty and at most ``max_chars`` characters.

    Other white space (a pasted no-break space, a form feed) becomes a plain space, so the
    record shows what it stores and a FHIR string can carry it; any other control character
    is refused by name."""
    text = value if isinstance(value, str) else ""
    text = "".join(" " if ch.isspace() and ch not in KEPT_WHITE_SPACE else ch for ch in text).strip()
    control = next((ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in KEPT_WHITE_SPACE), None)
    if control is not None:
        raise InputError(field, f"{field} contains a control character (U+{ord(control):04X}): retype it")
    if not text:
        raise InputError(field, f"{field} must not be empty (got {value!r})")
    if len(text) > max_chars:
        raise InputError(field, f"{field} must be at most {max_chars} characters (got {len(text)})")
    return text


@dataclass(frozen=True)
class Confirmation:
    """A clinician's recorded judgement: who (``by``), what they confirmed (``what``) and,
    when known, when (``at``, the recording device's local time, passed in)."""

    by: str
    what: str
    at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "by", free_text("confirmed_by", self.by))
        object.__setattr__(self, "what", free_text("what", self.what))
        if self.at is not None and not isinstance(self.at, datetime):
            raise InputError("at", f"at must be a date and time or None (got {self.at!r})")

    @property
    def when(self) -> str:
        """'by Dr A, 2026-12-03 06:48' (the time only when it was recorded)."""
        return f"by {self.by}" + (f", {self.at:%Y-%m-%d %H:%M}" if self.at is not None else "")


RED_FLAG_FIELDS = ("new_weakness", "back_pain", "sphincter_or_saddle", "atypical_pattern")
# How each red-flag finding is asked at the bedside (policy.md, red flags).
RED_FLAG_QUESTIONS = {
    "new_weakness": "New or worsening weakness",
    "back_pain": "Back pain",
    "sphincter_or_saddle": "Bladder or bowel problems, or numbness in the groin or buttocks",
    "atypical_pattern": "Asymmetric, proximal or rapidly progressive pattern",
}


@dataclass(frozen=True)
class Findings:
    """What the clinician found: CTCAE grades 0-4, the modifiers and the red flags.

    ``ctcae_version`` is the CTCAE version the grades were given with: '5.0' (default) or
    '6.0'. It travels with the grades everywhere they go (course, note, FHIR).

    ``severe_autonomic`` leads to 'discontinue' only with ``autonomic_confirmation`` (the
    clinician confirms it is severe and other causes were considered); until then the
    action is 'withhold and assess'. The red-flag fields are findings that call for
    same-day assessment before any dose advice (policy.md, red flags).
    """

    sensory_grade: int
    motor_grade: int = 0
    neuropathic_pain: bool = False
    severe_autonomic: bool = False
    autonomic_confirmation: Confirmation | None = None
    new_weakness: bool = False
    back_pain: bool = False
    sphincter_or_saddle: bool = False
    atypical_pattern: bool = False
    ctcae_version: str = DEFAULT_VERSION

    def __post_init__(self) -> None:
        object.__setattr__(self, "ctcae_version", ctcae_version("ctcae_version", self.ctcae_version))
        object.__setattr__(self, "sensory_grade", grade("sensory_grade", self.sensory_grade))
        object.__setattr__(self, "motor_grade", grade("motor_grade", self.motor_grade))
        for name in ("neuropathic_pain", "severe_autonomic", *RED_FLAG_FIELDS):
            validation.flag(name, getattr(self, name))
        if self.autonomic_confirmation is not None:
            if not isinstance(self.autonomic_confirmation, Confirmation):
                raise InputError("autonomic_confirmation", f"autonomic_confirmation must be a Confirmation (got {self.autonomic_confirmation!r})")
            if not self.severe_autonomic:
                raise InputError("autonomic_confirmation", "autonomic_confirmation needs severe_autonomic=True (got severe_autonomic=False)")

    @property
    def red_flags(self) -> tuple[str, ...]:
        """The red-flag fields that are set, in a fixed order."""
        return tuple(name for name in RED_FLAG_FIELDS if getattr(self, name))
