"""Small statistics for the figures: the Wilson score interval."""

from __future__ import annotations

import math

from bipn import validation
from bipn.errors import InputError

Z_95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """95% Wilson score interval for a proportion, as fractions in [0, 1]."""
    n = validation.whole_number("n", n, 1, 10**9)
    k = validation.whole_number("successes", successes, 0, 10**9)
    if k > n:
        raise InputError("successes", f"successes must be at most n={n} (got {k})")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)
