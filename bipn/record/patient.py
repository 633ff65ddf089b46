"""The patient context a clinician enters once, validated field by field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from bipn.core import validation
from bipn.clinical.body import HEIGHT_CM_RANGE, WEIGHT_KG_RANGE, bsa_mosteller
from bipn.clinical.dosing import OTHER_CONCENTRATION_MG_ML_RANGE, Route, Schedule, current_dose, other_concentration, products
from bipn.core.errors import InputError
from bipn.clinical.liver import Hepatic, hepatic
from bipn.clinical.analgesia import DIALYSIS_BOTH
from bipn.clinical.medications import medication_entries
from bipn.record.plausibility import body_slip
from bipn.clinical.renal import AGE_YEARS_RANGE, KidneyFunction, Sex, WeightBasis, kidney_function, serum_creatinine_mg_dl

MAX_DAYS_SINCE_CHANGE = 3650

# How each field is named on screen, for messages about what is missing.
LABELS = {
    "age_years": "age (years)",
    "sex": "sex",
    "height_cm": "height (cm)",
    "weight_kg": "weight (kg)",
    "scr_mg_dl": "serum creatinine (mg/dL)",
    "scr_umol_l": "serum creatinine (µmol/L)",
    "serum creatinine": "serum creatinine",
    "crcl_weight_kg": "the weight chosen for Cockcroft-Gault (kg)",
    "dose_mg_m2": "current bortezomib dose (mg/m²)",
    "route": "route",
    "schedule": "schedule",
    "product": "product",
    "concentration_mg_ml": "the product's concentration (mg/mL)",
    "days_since_dose_change": "days since the last dose change",
    "concentration_confirmed": "the unusual concentration confirmation",
    "current_medications": "current medicines and supplements",
    "maoi_within_14_days": "MAOI stopped within the last 14 days",
    "seizure_history": "epilepsy or seizures",
    "uncontrolled_epilepsy": "uncontrolled epilepsy",
    "on_peritoneal_dialysis": "on peritoneal dialysis",
    "body_size_confirmed": "the height and weight confirmation",
}


def field_label(name: str) -> str:
    """The on-screen name of a patient field."""
    return LABELS.get(name, name.replace("_", " "))


def _optional(check: Callable[[str, object], object]) -> Callable[[str, object], object]:
    return lambda name, value: None if value is None else check(name, value)


def _product(name: str, value: object) -> str:
    if not isinstance(value, str) or value not in products():
        raise InputError(name, f"{name} must be one of {', '.join(sorted(products()))} (got {value!r})")
    return value


def _scr_umol(name: str, value: object) -> object:
    serum_creatinine_mg_dl(scr_umol_l=value)
    return value


def _meds(name: str, value: object) -> tuple[str, ...]:
    return medication_entries(name, value)


CHECKS: dict[str, Callable[[str, object], object]] = {
    "age_years": _optional(lambda n, v: validation.number(n, v, *AGE_YEARS_RANGE)),
    "sex": _optional(lambda n, v: validation.choice(n, v, Sex)),
    "height_cm": _optional(lambda n, v: validation.number(n, v, *HEIGHT_CM_RANGE)),
    "weight_kg": _optional(lambda n, v: validation.number(n, v, *WEIGHT_KG_RANGE)),
    "scr_mg_dl": _optional(lambda n, v: serum_creatinine_mg_dl(scr_mg_dl=v)),
    "scr_umol_l": _optional(_scr_umol),
    "crcl_weight_kg": _optional(lambda n, v: validation.number(n, v, *WEIGHT_KG_RANGE)),
    "crcl_weight_basis": lambda n, v: validation.choice(n, v, WeightBasis),
    "dose_mg_m2": _optional(lambda n, v: current_dose(v, n)),
    "route": _optional(lambda n, v: validation.choice(n, v, Route)),
    "schedule": _optional(lambda n, v: validation.choice(n, v, Schedule)),
    "product": _optional(_product),
    "concentration_mg_ml": _optional(lambda n, v: validation.number(n, v, *OTHER_CONCENTRATION_MG_ML_RANGE)),
    "concentration_confirmed": validation.flag,
    "on_hemodialysis": validation.flag,
    "on_peritoneal_dialysis": validation.flag,
    "hepatic": lambda n, v: hepatic(v, n),
    "substantial_alcohol_use": validation.flag,
    "current_medications": _meds,
    "maoi_within_14_days": validation.flag,
    "seizure_history": validation.flag,
    "uncontrolled_epilepsy": validation.flag,
    "body_size_confirmed": validation.flag,
    "days_since_dose_change": _optional(lambda n, v: validation.whole_number(n, v, 0, MAX_DAYS_SINCE_CHANGE)),
}


@dataclass(frozen=True)
class Patient:
    """What the clinician knows about the patient; None means not entered yet.

    Units are in the names. Give at most one creatinine. ``crcl_weight_kg`` is the weight
    chosen for Cockcroft-Gault when it is not the actual weight (labels do not say which).
    ``concentration_mg_ml``: for VELCADE, a labelled alternative for the route (SC 1 mg/mL);
    for another product, its label's (1, 2.5 or 3.5 mg/mL, or another value with
    ``concentration_confirmed``). ``current_medications``: names as typed, known or not.
    """

    age_years: float | None = None
    sex: Sex | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    scr_mg_dl: float | None = None
    scr_umol_l: float | None = None
    crcl_weight_kg: float | None = None
    crcl_weight_basis: WeightBasis = WeightBasis.ACTUAL
    dose_mg_m2: float | None = None
    route: Route | None = None
    schedule: Schedule | None = None
    product: str | None = None
    concentration_mg_ml: float | None = None
    concentration_confirmed: bool = False
    on_hemodialysis: bool = False
    hepatic: Hepatic = Hepatic.NOT_RECORDED
    substantial_alcohol_use: bool = False
    current_medications: tuple[str, ...] = ()
    maoi_within_14_days: bool = False
    seizure_history: bool = False
    days_since_dose_change: int | None = None
    on_peritoneal_dialysis: bool = False
    uncontrolled_epilepsy: bool = False
    body_size_confirmed: bool = False

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, CHECKS[f.name](f.name, getattr(self, f.name)))
        if self.on_hemodialysis and self.on_peritoneal_dialysis:
            raise InputError("on_peritoneal_dialysis", DIALYSIS_BOTH)
        if self.scr_mg_dl is not None and self.scr_umol_l is not None:
            raise InputError("scr", "give serum creatinine in one unit only, mg/dL or µmol/L (got both)")
        if self.product is not None:
            prod = products()[self.product]
            if self.route is not None and not prod.allows(self.route):
                prod.preparation(self.route, None)  # raises: the label does not allow this route
            if self.concentration_mg_ml is not None:
                if not prod.preparations:
                    other_concentration(self.concentration_mg_ml, self.concentration_confirmed)
                elif self.route is not None:
                    prod.preparation(self.route, self.concentration_mg_ml, self.concentration_confirmed)

    @property
    def needs_label_concentration(self) -> bool:
        """True when the chosen product and route take the concentration printed on the label."""
        if self.product is None:
            return False
        prod = products()[self.product]
        if not prod.preparations:
            return True
        return self.route is not None and prod.allows(self.route) and prod.preparations[self.route][0].entered

    @property
    def bsa_m2(self) -> float | None:
        """Mosteller BSA, or None until height and weight are entered."""
        if self.height_cm is None or self.weight_kg is None:
            return None
        return bsa_mosteller(self.height_cm, self.weight_kg)

    @property
    def body_size_check(self) -> tuple[str, str] | None:
        """(field, message) while height and weight are implausible and not confirmed: the
        likely slip, named ('176 kg: if that was 176 lb, it is 79.8 kg'); None otherwise."""
        return None if self.body_size_confirmed else body_slip(self.height_cm, self.weight_kg)

    def kidney_missing(self) -> tuple[str, ...]:
        """What Cockcroft-Gault still needs: age, sex, the chosen weight and a creatinine."""
        weight = "weight_kg" if self.crcl_weight_basis is WeightBasis.ACTUAL else "crcl_weight_kg"
        missing = self.missing("age_years", "sex", weight)
        if self.scr_mg_dl is None and self.scr_umol_l is None:
            missing += ("serum creatinine",)
        return missing

    @property
    def kidney(self) -> KidneyFunction | None:
        """Cockcroft-Gault with the chosen weight, or None until kidney_missing() is empty."""
        if self.kidney_missing():
            return None
        return kidney_function(
            age_years=self.age_years,
            weight_kg=self.weight_kg if self.crcl_weight_basis is WeightBasis.ACTUAL else self.crcl_weight_kg,
            sex=self.sex,
            scr_mg_dl=self.scr_mg_dl,
            scr_umol_l=self.scr_umol_l,
            weight_basis=self.crcl_weight_basis,
        )

    def missing(self, *names: str) -> tuple[str, ...]:
        """Which of the named fields are still empty."""
        return tuple(n for n in names if getattr(self, n) is None)


def field_errors(values: Mapping[str, object]) -> dict[str, str]:
    """Every invalid field with its message (empty when all are valid), for display beside each field."""
    errors = {}
    for name, value in values.items():
        if name not in CHECKS:
            errors[name] = f"{name} is not a patient field"
            continue
        try:
            CHECKS[name](name, value)
        except InputError as exc:
            errors[name] = str(exc)
    if not errors:
        try:
            Patient(**values)
        except InputError as exc:
            errors[exc.field] = str(exc)
    return errors
