"""The course as data: the nurse's pre-dose check, one visit, and the course of visits.

Immutable values validated once, when made: ``Course.add`` returns a new course. The rules
that read a course (its dose state, flags, pre-dose answer, note, FHIR and chart) import
this model and nothing else of the course, so they never import each other in a circle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from types import MappingProxyType
from typing import Any

from bipn.core import validation
from bipn.content.loader import load
from bipn.clinical.dosing import Action, Schedule, dose_table, products
from bipn.core.errors import InputError
from bipn.content.evidence import Citation, citations_from
from bipn.clinical.findings import Confirmation, Findings, free_text

TEAM_DECISIONS = ("give", "do_not_give")


@cache
def content() -> Mapping[str, Any]:
    """course.toml: codes, profile URLs, questionnaire items and the course rules (read-only)."""
    return MappingProxyType(load("course"))


def questionnaire_citations() -> tuple[Citation, ...]:
    """The sources of the BortezomibV1 items asked and left out (the HL7 Belgium guide)."""
    return citations_from(content()["questionnaire"]["citations"])


def vitals() -> tuple[Mapping[str, Any], ...]:
    """The observation items of BortezomibV1 the check records (field, linkId, text, unit, limits)."""
    return tuple(content()["questionnaire"]["vital"])


def contraindications() -> tuple[Mapping[str, Any], ...]:
    """The contraindication items of BortezomibV1 the check asks (field, linkId, text)."""
    return tuple(content()["questionnaire"]["contraindication"])


def left_out_items() -> tuple[Mapping[str, Any], ...]:
    """The BortezomibV1 items the app does not take, each with why."""
    return tuple(content()["questionnaire"]["left_out"])


def accepted_questionnaires() -> Mapping[str, Mapping[str, Any]]:
    """The HL7 Belgium questionnaires an import accepts, by name (canonical, title, linkId sets)."""
    return content()["questionnaire"]["accepted"]


def export_questionnaire() -> Mapping[str, Any]:
    """The questionnaire the export follows: name, title, canonical and its linkId set."""
    q = content()["questionnaire"]
    name = q["export"]["follows"]
    return MappingProxyType({"name": name, "link_id_set": q["export"]["link_id_set"], **q["accepted"][name]})


def check_date(field: str, value: object) -> date:
    """A calendar date (not a date and time), or InputError naming ``field``."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InputError(field, f"{field} must be a date (got {value!r})")
    return value


def check_visit_date(field: str, value: object) -> date:
    """A visit's date: a calendar date from bortezomib's first approval to the end of the
    century (course.toml), as the FHIR import requires; else InputError naming ``field``."""
    on = check_date(field, value)
    first, last = content()["fhir"]["first_plausible_date"], content()["fhir"]["last_plausible_date"]
    if not first <= on <= last:
        raise InputError(field, f"{field}: {on.isoformat()} is not plausible for a visit (from {first.isoformat()}, bortezomib's first approval, to {last.isoformat()})")
    return on


def check_dose(field: str, value: object) -> float | None:
    """A bortezomib dose in mg/m² (above 0, at most the labelled maximum), or None."""
    if value is None:
        return None
    return validation.number(field, value, 0.0, dose_table().max_mg_m2, low_inclusive=False)


@dataclass(frozen=True)
class PreDoseCheck:
    """The nurse's check before an injection, as in HL7 Belgium BortezomibV1.

    Vital signs are required by the questionnaire (units in the names); each contraindication
    is a yes/no item. ``team_decision`` is the decision after calling the hospital ('give' or
    'do_not_give'), when there was a call. ``checked_by`` names the nurse (free text).
    ``readings_rechecked``: the nurse has answered the items again against today's readings
    after the app pointed out a reading that meets an item's threshold.
    """

    temperature_c: float | None = None
    heart_rate_per_min: float | None = None
    systolic_mm_hg: float | None = None
    diastolic_mm_hg: float | None = None
    fever_chills_unwell: bool = False
    low_blood_pressure: bool = False
    fast_or_irregular_pulse: bool = False
    severe_sensory_neuropathy: bool = False
    severe_motor_neuropathy: bool = False
    checked_by: str | None = None
    team_decision: str | None = None
    readings_rechecked: bool = False

    def __post_init__(self) -> None:
        missing = [item["field"] for item in vitals() if getattr(self, item["field"]) is None]
        if missing:
            raise InputError(missing[0], f"{', '.join(missing)}: BortezomibV1 asks for every vital sign (got nothing)")
        for item in vitals():
            value = validation.number(item["field"], getattr(self, item["field"]), item["low"], item["high"])
            object.__setattr__(self, item["field"], value)
        if self.diastolic_mm_hg >= self.systolic_mm_hg:
            raise InputError(
                "diastolic_mm_hg",
                f"diastolic_mm_hg must be below systolic_mm_hg (got {self.diastolic_mm_hg:g}/{self.systolic_mm_hg:g})",
            )
        for item in contraindications():
            validation.flag(item["field"], getattr(self, item["field"]))
        validation.flag("readings_rechecked", self.readings_rechecked)
        if self.checked_by is not None:
            object.__setattr__(self, "checked_by", free_text("checked_by", self.checked_by))
        if self.team_decision is not None and self.team_decision not in TEAM_DECISIONS:
            raise InputError("team_decision", f"team_decision must be one of {', '.join(TEAM_DECISIONS)} or None (got {self.team_decision!r})")

    @property
    def found(self) -> tuple[str, ...]:
        """The contraindication fields answered 'yes', in questionnaire order."""
        return tuple(item["field"] for item in contraindications() if getattr(self, item["field"]))


@dataclass(frozen=True)
class Visit:
    """One assessment or injection day.

    ``dose_given_mg_m2`` is the bortezomib dose given that day (None: none given) and
    ``schedule`` the schedule it was given on. ``action`` is the dose action taken, as
    recorded. ``resolution`` is the clinician's record that the toxicity has resolved (it ends
    a hold when today's grades agree). ``pre_dose`` is the nurse's check, if done.
    ``product`` is the id of the bortezomib product given (``bipn.products()``), when recorded.
    """

    on: date
    findings: Findings
    dose_given_mg_m2: float | None = None
    action: Action | None = None
    resolution: Confirmation | None = None
    pre_dose: PreDoseCheck | None = None
    schedule: Schedule | None = None
    product: str | None = None

    def __post_init__(self) -> None:
        check_visit_date("on", self.on)
        if self.product is not None and (not isinstance(self.product, str) or self.product not in products()):
            raise InputError("product", f"product must be one of {', '.join(sorted(products()))} or None (got {self.product!r})")
        if self.product is not None and self.dose_given_mg_m2 is None:
            raise InputError("product", "product is the product given: record it only with a dose given")
        if not isinstance(self.findings, Findings):
            raise InputError("findings", f"findings must be a Findings (got {self.findings!r})")
        object.__setattr__(self, "dose_given_mg_m2", check_dose("dose_given_mg_m2", self.dose_given_mg_m2))
        if self.action is not None:
            object.__setattr__(self, "action", validation.choice("action", self.action, Action))
        if self.schedule is not None:
            object.__setattr__(self, "schedule", validation.choice("schedule", self.schedule, Schedule))
        if self.resolution is not None and not isinstance(self.resolution, Confirmation):
            raise InputError("resolution", f"resolution must be a Confirmation (got {self.resolution!r})")
        if self.pre_dose is not None and not isinstance(self.pre_dose, PreDoseCheck):
            raise InputError("pre_dose", f"pre_dose must be a PreDoseCheck (got {self.pre_dose!r})")


@dataclass(frozen=True)
class Course:
    """The baseline (pre-treatment) findings and the visits, oldest first (same-day visits allowed)."""

    baseline: Findings | None = None
    visits: tuple[Visit, ...] = ()

    def __post_init__(self) -> None:
        if self.baseline is not None and not isinstance(self.baseline, Findings):
            raise InputError("baseline", f"baseline must be a Findings or None (got {self.baseline!r})")
        if isinstance(self.visits, (str, bytes)) or not hasattr(self.visits, "__iter__"):
            raise InputError("visits", f"visits must be a sequence of Visit (got {self.visits!r})")
        visits = tuple(self.visits)
        for i, v in enumerate(visits):
            if not isinstance(v, Visit):
                raise InputError("visits", f"visits[{i}] must be a Visit (got {v!r})")
            if i and v.on < visits[i - 1].on:
                raise InputError("on", f"visits must be in date order: {v.on.isoformat()} comes after {visits[i - 1].on.isoformat()}")
        object.__setattr__(self, "visits", visits)

    def add(self, visit: Visit) -> Course:
        """A new course with ``visit`` appended; InputError if it is dated before the last visit."""
        if not isinstance(visit, Visit):
            raise InputError("visit", f"visit must be a Visit (got {visit!r})")
        if self.visits and visit.on < self.visits[-1].on:
            raise InputError("on", f"the visit date {visit.on.isoformat()} is before the last recorded visit ({self.visits[-1].on.isoformat()})")
        return Course(self.baseline, self.visits + (visit,))

    def with_baseline(self, baseline: Findings | None) -> Course:
        return Course(baseline, self.visits)

    def last_dose_mg_m2(self, before: int | None = None) -> float | None:
        """The last dose given (before visit index ``before``, if given), or None."""
        last = self.last_dose_visit(before)
        return last.dose_given_mg_m2 if last is not None else None

    def last_dose_visit(self, before: int | None = None) -> Visit | None:
        """The last visit at which a dose was given (before index ``before``), or None."""
        for v in reversed(self.visits[:before]):
            if v.dose_given_mg_m2 is not None:
                return v
        return None
