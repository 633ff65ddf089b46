"""Unit conversion and the one rounding rule the app displays numbers with."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

# Creatinine: mg/dL = µmol/L / 88.4 (molar mass about 113.1 g/mol); facts.md section 12.
UMOL_L_PER_MG_DL = 88.4


def scr_umol_l_to_mg_dl(scr_umol_l: float) -> float:
    """Serum creatinine from µmol/L to mg/dL (divide by 88.4)."""
    return scr_umol_l / UMOL_L_PER_MG_DL


def round_half_up(value: float, digits: int = 0) -> float:
    """Round for display the way people do by hand (2.5 -> 3), not banker's rounding."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def floor_to(value: float, digits: int = 0) -> float:
    """Round down, so a displayed maximum dose is never above the computed one."""
    factor = 10**digits
    return math.floor(value * factor + 1e-9) / factor
