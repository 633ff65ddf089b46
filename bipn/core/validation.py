"""Checks at the edge: every public function validates its inputs with these."""

from __future__ import annotations

import math
import re
from enum import Enum
from typing import TypeVar

from bipn.core.errors import InputError

E = TypeVar("E", bound=Enum)


def number(field: str, value: object, low: float, high: float, *, low_inclusive: bool = True) -> float:
    """Return ``value`` as a float if it is a real number in [low, high] (or (low, high])."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(field, f"{field} must be a number between {low:g} and {high:g} (got {value!r})")
    try:
        x = float(value)
    except OverflowError:  # an int too large for a float
        raise InputError(field, f"{field} must be from {low:g} up to {high:g} (got a number with {len(str(value))} digits)") from None
    above_low = x >= low if low_inclusive else x > low
    if math.isnan(x) or not above_low or x > high:
        bound = "from" if low_inclusive else "above"
        # The number as typed: 124 for a typed 124, not Python's "124.0".
        shown = f"{value:.15g}" if isinstance(value, float) else repr(value)
        raise InputError(field, f"{field} must be {bound} {low:g} up to {high:g} (got {shown})")
    return x


def whole_number(field: str, value: object, low: int, high: int) -> int:
    """Return ``value`` as an int if it is a whole number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InputError(field, f"{field} must be a whole number from {low} to {high} (got {value!r})")
    if not low <= value <= high:
        raise InputError(field, f"{field} must be a whole number from {low} to {high} (got {value!r})")
    return value


def flag(field: str, value: object) -> bool:
    """Return ``value`` if it is a real bool (not 0/1 or a string)."""
    if not isinstance(value, bool):
        raise InputError(field, f"{field} must be True or False (got {value!r})")
    return value


def choice(field: str, value: object, enum: type[E]) -> E:
    """Return the member of ``enum`` whose value (case-insensitive) or member is ``value``."""
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        wanted = value.strip().lower()
        for member in enum:
            if str(member.value).lower() == wanted:
                return member
    allowed = ", ".join(repr(m.value) for m in enum)
    raise InputError(field, f"{field} must be one of {allowed} (got {value!r})")


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
MAX_NUMBER_CHARS = 20


def parse_number(field: str, text: object) -> float | None:
    """A number as a clinician types it: '1.4' or '1,4' (decimal comma) -> 1.4; '' -> None.

    Refused with InputError, never guessed: thousands separators ('1,400'), both a comma and
    a point, exponents ('1e3'), words, and more than 20 characters. The value returned is
    exactly the one typed, so what the app shows is what it uses.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise InputError(field, f"{field} must be typed as text (got {text!r})")
    t = text.strip()
    if not t:
        return None
    if len(t) > MAX_NUMBER_CHARS:
        raise InputError(field, f"{field}: {len(t)} characters is too long for a number (at most {MAX_NUMBER_CHARS})")
    if "," in t and "." in t:
        raise InputError(field, f"{field}: use one decimal mark, a point or a comma, and no thousands separator (got {t!r})")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", t):
        raise InputError(field, f"{field}: {t!r} could be {t.replace(',', '.')} or {t.replace(',', '')}; type it with a decimal point and no thousands separator")
    if not _PLAIN_NUMBER.fullmatch(t):
        raise InputError(field, f"{field} must be a number such as 1.4 or 1,4 (got {t!r})")
    return float(t.replace(",", "."))
