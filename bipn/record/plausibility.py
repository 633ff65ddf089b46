"""Cautions on values that are possible but worth a second look (policy.md additions).

Out-of-range values are InputErrors at the edge (bipn.record.patient, bipn.clinical.renal); these checks
return cards that travel with the plan and into the note.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bipn.clinical.analgesia import agents
from bipn.clinical.body import WEIGHT_KG_RANGE, bsa_mosteller
from bipn.content.cards import Card, card
from bipn.content.loader import load
from bipn.clinical.renal import KidneyFunction, Sex, WeightBasis, creatinine_clearance
from bipn.core.units import floor_to, round_half_up


@dataclass(frozen=True)
class Thresholds:
    low_scr_mg_dl: float
    low_scr_age_years: float
    scr_floor_mg_dl: float
    obesity_bmi: float
    adjusted_factor: float
    ibw_base_kg: dict[str, float]
    ibw_kg_per_inch: float
    cm_per_inch: float
    bmi_low: float
    bmi_high: float
    bsa_high_m2: float
    kg_per_lb: float


@cache
def thresholds() -> Thresholds:
    raw = load("plausibility")
    return Thresholds(
        low_scr_mg_dl=raw["low_creatinine_below_mg_dl"],
        low_scr_age_years=raw["low_creatinine_from_age_years"],
        scr_floor_mg_dl=raw["creatinine_floor_mg_dl"],
        obesity_bmi=raw["obesity_bmi"],
        adjusted_factor=raw["adjusted_weight_factor"],
        ibw_base_kg=dict(raw["ibw_base_kg"]),
        ibw_kg_per_inch=raw["ibw_kg_per_inch_over_60"],
        cm_per_inch=raw["cm_per_inch"],
        bmi_low=raw["bmi_low"],
        bmi_high=raw["bmi_high"],
        bsa_high_m2=raw["bsa_high_m2"],
        kg_per_lb=raw["kg_per_lb"],
    )


def bmi(height_cm: float, weight_kg: float) -> float:
    """Body mass index in kg/m²."""
    return weight_kg / (height_cm / 100.0) ** 2


def ideal_body_weight_kg(height_cm: float, sex: Sex) -> float:
    """Devine ideal body weight in kg: 50 (men) or 45.5 (women) + 2.3 per inch over 60."""
    t = thresholds()
    return t.ibw_base_kg[sex.value] + t.ibw_kg_per_inch * (height_cm / t.cm_per_inch - 60.0)


def adjusted_body_weight_kg(height_cm: float, weight_kg: float, sex: Sex) -> float:
    """Adjusted body weight in kg: IBW + 0.4 x (actual - IBW)."""
    ibw = ideal_body_weight_kg(height_cm, sex)
    return ibw + thresholds().adjusted_factor * (weight_kg - ibw)


def band_note(crcl_a: float, crcl_b: float) -> str:
    """' The two fall in different dose bands for X.' when they do, else ''."""
    a, b = floor_to(crcl_a, 1), floor_to(crcl_b, 1)
    differ = [ag.display.lower() for ag in agents().values() if ag.bands and ag.band_for(a) is not ag.band_for(b)]
    return f" The two fall in different dose bands for {', '.join(differ)}." if differ else " Both give the same dose bands."


def _implausible(height_cm: float, weight_kg: float) -> list[str]:
    """What is implausible about a height and weight ('BMI 57.5 kg/m²'), or [] when nothing is."""
    t = thresholds()
    b = bmi(height_cm, weight_kg)
    why = [f"BMI {round_half_up(b, 1):g} kg/m²"] if b < t.bmi_low or b > t.bmi_high else []
    bsa = bsa_mosteller(height_cm, weight_kg)
    if bsa > t.bsa_high_m2:
        why.append(f"body surface area {round_half_up(bsa, 2):g} m²")
    return why


def body_slip(height_cm: float | None, weight_kg: float | None) -> tuple[str, str] | None:
    """(field, message) when height and weight are implausible together (BMI below 15 or above
    50, BSA above 2.6 m²), naming the likely slip with the converted value; None otherwise.

    Until the clinician corrects the value or confirms it, no mg dose and no weight-based
    clearance is used (policy.md, third review: Body size).
    """
    if height_cm is None or weight_kg is None:
        return None
    why = _implausible(height_cm, weight_kg)
    if not why:
        return None
    t = thresholds()
    found = " and ".join(why)
    as_lb = round_half_up(weight_kg * t.kg_per_lb, 1)
    if as_lb >= WEIGHT_KG_RANGE[0] and not _implausible(height_cm, as_lb):
        return "weight_kg", (
            f"{weight_kg:g} kg with {height_cm:g} cm gives {found}: if that was {weight_kg:g} lb, it is {as_lb:g} kg. "
            "Correct the weight, or confirm it; no dose in mg and no clearance from this weight until then."
        )
    return "height_cm", (
        f"{height_cm:g} cm and {weight_kg:g} kg give {found}: check the units (lb or kg, inches or cm). "
        "Correct them, or confirm them; no dose in mg and no clearance from this weight until then."
    )


def body_cards(height_cm: float | None, weight_kg: float | None, bsa_m2: float | None) -> tuple[Card, ...]:
    """A units caution when BMI is below 15 or above 50, or BSA above 2.6 m²."""
    if height_cm is None or weight_kg is None or bsa_m2 is None:
        return ()
    t = thresholds()
    b = bmi(height_cm, weight_kg)
    why = []
    if b < t.bmi_low or b > t.bmi_high:
        why.append(f"BMI {round_half_up(b, 1):g} kg/m²")
    if bsa_m2 > t.bsa_high_m2:
        why.append(f"body surface area {round_half_up(bsa_m2, 2):g} m²")
    if not why:
        return ()
    return (card("body.check_units", audit=(f"{height_cm:g} cm, {weight_kg:g} kg",), why=" and ".join(why)),)


def _at_floor(kidney: KidneyFunction, age_years: float, sex: Sex) -> float | None:
    """The clearance with creatinine set to the floor, when low creatinine in the elderly calls for it."""
    t = thresholds()
    if kidney.scr_mg_dl < t.low_scr_mg_dl and age_years >= t.low_scr_age_years:
        return creatinine_clearance(age_years=age_years, weight_kg=kidney.weight_kg, sex=sex, scr_mg_dl=t.scr_floor_mg_dl)
    return None


def _obese_bmi(kidney: KidneyFunction, height_cm: float | None, actual_weight_kg: float | None) -> float | None:
    """BMI when actual weight was used in Cockcroft-Gault and BMI is at the obesity threshold or above."""
    if kidney.weight_basis is not WeightBasis.ACTUAL or height_cm is None or actual_weight_kg is None:
        return None
    b = bmi(height_cm, actual_weight_kg)
    return b if b >= thresholds().obesity_bmi else None


def second_clearance(
    kidney: KidneyFunction, *, age_years: float, sex: Sex, height_cm: float | None, actual_weight_kg: float | None
) -> tuple[float, str] | None:
    """The other clearance a clinician may choose, and its basis: with creatinine at the floor
    (low creatinine in the elderly) or with the adjusted weight (obesity); the lower if both."""
    found = []
    at_floor = _at_floor(kidney, age_years, sex)
    if at_floor is not None:
        found.append((at_floor, f"creatinine set to {thresholds().scr_floor_mg_dl:g} mg/dL"))
    if _obese_bmi(kidney, height_cm, actual_weight_kg) is not None:
        adjusted = adjusted_body_weight_kg(height_cm, actual_weight_kg, sex)
        found.append((kidney.crcl_ml_min * adjusted / kidney.weight_kg, "adjusted body weight"))
    return min(found) if found else None


def kidney_cards(
    kidney: KidneyFunction,
    *,
    age_years: float,
    sex: Sex,
    height_cm: float | None,
    actual_weight_kg: float | None,
) -> tuple[Card, ...]:
    """Cautions on a Cockcroft-Gault estimate: low creatinine in the elderly, obesity."""
    t = thresholds()
    cards = []
    at_floor = _at_floor(kidney, age_years, sex)
    if at_floor is not None:
        cards.append(card(
            "renal.low_creatinine",
            audit=(f"creatinine {round_half_up(kidney.scr_mg_dl, 2):g} mg/dL below {t.low_scr_mg_dl:g} at age {age_years:g}",
                   f"same formula with creatinine {t.scr_floor_mg_dl:g} mg/dL: {floor_to(at_floor, 1):.1f} mL/min"),
            scr=f"{round_half_up(kidney.scr_mg_dl, 2):g}",
            age=f"{age_years:g}",
            crcl=f"{floor_to(kidney.crcl_ml_min, 1):.1f}",
            crcl_at_1=f"{floor_to(at_floor, 1):.1f}",
            band_note=band_note(kidney.crcl_ml_min, at_floor),
        ))
    b = _obese_bmi(kidney, height_cm, actual_weight_kg)
    if b is not None:
        adjusted = adjusted_body_weight_kg(height_cm, actual_weight_kg, sex)
        with_adjusted = kidney.crcl_ml_min * adjusted / kidney.weight_kg
        cards.append(card(
            "renal.obesity",
            audit=(f"ideal body weight {round_half_up(ideal_body_weight_kg(height_cm, sex), 1):g} kg (Devine)",
                   f"adjusted weight {round_half_up(adjusted, 1):g} kg; clearance {floor_to(with_adjusted, 1):.1f} mL/min"),
            bmi=f"{round_half_up(b, 1):g}",
            crcl=f"{floor_to(kidney.crcl_ml_min, 1):.1f}",
            adjusted=f"{round_half_up(adjusted, 1):g}",
            crcl_adjusted=f"{floor_to(with_adjusted, 1):.1f}",
            band_note=band_note(kidney.crcl_ml_min, with_adjusted),
        ))
    return tuple(cards)
