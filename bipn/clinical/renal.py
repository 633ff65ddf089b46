"""Kidney function: Cockcroft-Gault creatinine clearance in mL/min."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from bipn.core import validation
from bipn.clinical.body import WEIGHT_KG_RANGE
from bipn.content.cards import Card, card
from bipn.core.errors import InputError
from bipn.core.units import UMOL_L_PER_MG_DL, floor_to, round_half_up, scr_umol_l_to_mg_dl

AGE_YEARS_RANGE = (18.0, 120.0)
# Plausible serum creatinine (policy.md, inputs a ward types): 0.2-20 mg/dL = 18-1768 µmol/L.
# Outside it the value is far more likely a unit mix-up than a real result.
SCR_MG_DL_RANGE = (0.2, 20.0)
SCR_UMOL_L_RANGE = (18.0, 1768.0)
FEMALE_FACTOR = 0.85  # Cockcroft & Gault 1976


class Sex(str, Enum):
    FEMALE = "female"
    MALE = "male"


class WeightBasis(str, Enum):
    """Which body weight the clinician chose for Cockcroft-Gault; labels do not specify one."""

    ACTUAL = "actual"
    IDEAL = "ideal"
    ADJUSTED = "adjusted"


def _unit_hint(value: object, unit: str) -> str:
    """What ``value`` in ``unit`` is in the other unit, and what the user may have meant."""
    try:
        value = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
    except OverflowError:
        return ""
    if not value > 0 or math.isinf(value):
        return ""
    lo_mg, hi_mg = SCR_MG_DL_RANGE
    if unit == "µmol/L":
        as_mg = scr_umol_l_to_mg_dl(value)
        text = f" {value:g} µmol/L is {round_half_up(as_mg, 2):g} mg/dL."
        if lo_mg <= value <= hi_mg:
            text += f" Did you mean {value:g} mg/dL = {round_half_up(value * UMOL_L_PER_MG_DL):g} µmol/L? Switch the unit to mg/dL."
        return text
    as_umol = value * UMOL_L_PER_MG_DL
    text = f" {value:g} mg/dL is {round_half_up(as_umol):g} µmol/L."
    lo_u, hi_u = SCR_UMOL_L_RANGE
    if lo_u <= value <= hi_u:
        text += f" Did you mean {value:g} µmol/L = {round_half_up(scr_umol_l_to_mg_dl(value), 2):g} mg/dL? Switch the unit to µmol/L."
    return text


def serum_creatinine_mg_dl(scr_mg_dl: float | None = None, scr_umol_l: float | None = None) -> float:
    """Serum creatinine in mg/dL from exactly one of mg/dL (0.2-20) or µmol/L (18-1768).

    A value outside the plausible range raises InputError naming the other unit, since a
    unit mix-up is the likely cause; no clearance is ever computed from it.
    """
    if (scr_mg_dl is None) == (scr_umol_l is None):
        got = "both" if scr_mg_dl is not None else "neither"
        raise InputError("scr", f"give exactly one serum creatinine, scr_mg_dl or scr_umol_l (got {got})")
    field, value, unit, (lo, hi) = (
        ("scr_mg_dl", scr_mg_dl, "mg/dL", SCR_MG_DL_RANGE) if scr_mg_dl is not None else ("scr_umol_l", scr_umol_l, "µmol/L", SCR_UMOL_L_RANGE)
    )
    try:
        x = validation.number(field, value, lo, hi)
    except InputError as exc:
        other = "µmol/L" if unit == "mg/dL" else "mg/dL"
        plausible = f" A plausible serum creatinine is {lo:g}-{hi:g} {unit} ({'18-1768 µmol/L' if unit == 'mg/dL' else '0.2-20 mg/dL'})."
        hint = _unit_hint(value, unit) or f" Check the unit ({unit} or {other})."
        raise InputError(field, f"{exc}.{plausible}{hint}") from None
    return x if unit == "mg/dL" else scr_umol_l_to_mg_dl(x)


def creatinine_clearance(
    *,
    age_years: float,
    weight_kg: float,
    sex: str | Sex,
    scr_mg_dl: float | None = None,
    scr_umol_l: float | None = None,
) -> float:
    """Creatinine clearance in mL/min (Cockcroft-Gault; not normalised to 1.73 m²).

    (140 - age) x weight / (72 x SCr mg/dL), x 0.85 if female. Give exactly one creatinine;
    µmol/L is divided by 88.4. Age 18-120 years, weight 20-300 kg.
    """
    age = validation.number("age_years", age_years, *AGE_YEARS_RANGE)
    weight = validation.number("weight_kg", weight_kg, *WEIGHT_KG_RANGE)
    sex = validation.choice("sex", sex, Sex)
    scr = serum_creatinine_mg_dl(scr_mg_dl, scr_umol_l)
    crcl = (140.0 - age) * weight / (72.0 * scr)
    return crcl * FEMALE_FACTOR if sex is Sex.FEMALE else crcl


@dataclass(frozen=True)
class KidneyFunction:
    """A creatinine clearance with the inputs it used, for display and audit."""

    crcl_ml_min: float
    weight_kg: float
    weight_basis: WeightBasis
    scr_mg_dl: float
    card: Card


def kidney_function(
    *,
    age_years: float,
    weight_kg: float,
    sex: str | Sex,
    scr_mg_dl: float | None = None,
    scr_umol_l: float | None = None,
    weight_basis: str | WeightBasis = WeightBasis.ACTUAL,
) -> KidneyFunction:
    """Cockcroft-Gault with its card; ``weight_kg`` is the weight the clinician chose to use."""
    basis = validation.choice("weight_basis", weight_basis, WeightBasis)
    crcl = creatinine_clearance(age_years=age_years, weight_kg=weight_kg, sex=sex, scr_mg_dl=scr_mg_dl, scr_umol_l=scr_umol_l)
    scr = serum_creatinine_mg_dl(scr_mg_dl, scr_umol_l)
    sex = validation.choice("sex", sex, Sex)
    steps = [f"serum creatinine {round_half_up(scr, 2):g} mg/dL"]
    if scr_umol_l is not None:
        steps[0] += f" (= {scr_umol_l:g} µmol/L / 88.4)"
    steps.append(
        f"(140 - {age_years:g}) x {weight_kg:g} kg / (72 x {round_half_up(scr, 2):g})"
        + (" x 0.85 (female)" if sex is Sex.FEMALE else "")
        + f" = {floor_to(crcl, 1):.1f} mL/min (rounded down to 0.1, the cautious direction)"
    )
    result_card = card(
        "renal.cockcroft_gault",
        audit=tuple(steps),
        crcl=f"{floor_to(crcl, 1):.1f}",
        weight=f"{weight_kg:g}",
        weight_basis=basis.value,
    )
    return KidneyFunction(crcl_ml_min=crcl, weight_kg=float(weight_kg), weight_basis=basis, scr_mg_dl=scr, card=result_card)
