"""Small statistics for the figures: the Wilson score interval."""

from __future__ import annotations

import math

from bipn.core import validation
from bipn.core.errors import InputError

Z_95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """95% Wilson score interval for a proportion, as fractions in [0, 1]."""
    n = validation.whole_number("n", n, 1, 10**9)
    k = validation.whole_number("successes", successes, 0, 10**9)
    if k > n:
        raise InputError("successes", f"successes must be at most n={n} (got {k})")
    return _score_interval(k / n, n, z)


def wilson_interval_from_proportion(proportion: float, n: int, z: float = Z_95) -> tuple[float, float]:
    """95% Wilson score interval from a reported proportion (0-1) and its denominator.

    For sources that give a percentage and the arm size but not the count; the interval is
    then only as exact as the rounded percentage.
    """
    n = validation.whole_number("n", n, 1, 10**9)
    if not isinstance(proportion, (int, float)) or isinstance(proportion, bool) or not 0 <= proportion <= 1:
        raise InputError("proportion", f"proportion must be a number from 0 to 1 (got {proportion!r})")
    return _score_interval(float(proportion), n, z)


def _score_interval(p: float, n: int, z: float) -> tuple[float, float]:
    """The Wilson score interval around an observed proportion ``p`` of ``n``, clipped to [0, 1]."""
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)
