"""Liver impairment as the clinician records it."""

from __future__ import annotations

from enum import Enum

from bipn.core import validation
from bipn.core.errors import InputError


class Hepatic(str, Enum):
    NOT_RECORDED = "not_recorded"
    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    UNSPECIFIED = "unspecified"

    @property
    def impaired(self) -> bool:
        """Impairment recorded (of any severity, or of unknown severity)."""
        return self not in (Hepatic.NONE, Hepatic.NOT_RECORDED)

    @property
    def may_be_severe(self) -> bool:
        """Severe, or of unknown severity (the cautious reading)."""
        return self in (Hepatic.SEVERE, Hepatic.UNSPECIFIED)

    @property
    def may_be_moderate_or_severe(self) -> bool:
        return self in (Hepatic.MODERATE, Hepatic.SEVERE, Hepatic.UNSPECIFIED)


def hepatic(value: object, field: str = "hepatic_impairment") -> Hepatic:
    """Parse a liver status: a Hepatic, one of its names, or a bool (True = severity unspecified)."""
    if isinstance(value, bool):
        return Hepatic.UNSPECIFIED if value else Hepatic.NONE
    if isinstance(value, (str, Hepatic)):
        return validation.choice(field, value, Hepatic)
    raise InputError(field, f"{field} must be True/False or one of none, mild, moderate, severe (got {value!r})")
