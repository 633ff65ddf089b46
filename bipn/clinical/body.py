"""Body size: body surface area for dosing in mg/m²."""

from __future__ import annotations

import math

from bipn.core import validation

HEIGHT_CM_RANGE = (100.0, 250.0)
WEIGHT_KG_RANGE = (20.0, 300.0)


def bsa_mosteller(height_cm: float, weight_kg: float) -> float:
    """Body surface area in m2 by Mosteller (1987): sqrt(height cm x weight kg / 3600).

    Height must be 100-250 cm and weight 20-300 kg; anything else raises InputError.
    """
    h = validation.number("height_cm", height_cm, *HEIGHT_CM_RANGE)
    w = validation.number("weight_kg", weight_kg, *WEIGHT_KG_RANGE)
    return math.sqrt(h * w / 3600.0)
