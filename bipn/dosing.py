"""Bortezomib: the dose action for a neuropathy grade, route/schedule advice, dose and volume."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from types import MappingProxyType

from bipn import validation
from bipn.cards import Card, card
from bipn.data import load
from bipn.errors import InputError
from bipn.evidence import Citation, citations_from
from bipn.grading import grade
from bipn.liver import Hepatic
from bipn.units import round_half_up

_EPS = 1e-9
# What Mosteller gives over the accepted heights and weights (100-250 cm, 20-300 kg).
BSA_M2_RANGE = (0.7, 4.6)


class Action(str, Enum):
    """What to do with bortezomib, mildest first."""

    CONTINUE = "continue"
    REDUCE = "reduce"
    WITHHOLD = "withhold"
    DISCONTINUE = "discontinue"

    @property
    def rank(self) -> int:
        """0 for the mildest action, 3 for the most severe."""
        return list(Action).index(self)


class Route(str, Enum):
    SC = "sc"
    IV = "iv"


class Schedule(str, Enum):
    TWICE_WEEKLY = "twice_weekly"
    WEEKLY = "weekly"


@dataclass(frozen=True)
class DoseTable:
    levels_mg_m2: tuple[float, ...]
    restart_mg_m2: float
    max_mg_m2: float
    hepatic_start_mg_m2: float
    actions: Mapping[tuple[int, bool], Action]


@cache
def dose_table() -> DoseTable:
    """The label's dose levels and grade-to-action table."""
    raw = load("bortezomib")
    return DoseTable(
        levels_mg_m2=tuple(sorted(raw["dose_levels_mg_m2"], reverse=True)),
        restart_mg_m2=raw["restart_dose_mg_m2"],
        max_mg_m2=raw["max_dose_mg_m2"],
        hepatic_start_mg_m2=raw["hepatic_start_dose_mg_m2"],
        actions=MappingProxyType({(row["grade"], row["pain"]): Action(row["action"]) for row in raw["table"]}),
    )


def dose_levels() -> tuple[float, ...]:
    """The labelled bortezomib dose levels in mg/m², highest first (1.3, 1.0, 0.7)."""
    return dose_table().levels_mg_m2


@dataclass(frozen=True)
class DoseAction:
    """The bortezomib dose action for one assessment.

    ``next_dose_mg_m2`` is the dose to give next (the restart dose after a withhold), or None
    when there is none (discontinue, or no lower labelled level). ``once_weekly`` is True when
    that dose is given once weekly. A withhold never restarts on its own: the clinician must
    confirm the toxicity has resolved (``restart_needs_confirmation``).
    """

    action: Action
    next_dose_mg_m2: float | None
    once_weekly: bool
    current_dose_mg_m2: float | None
    driving_grade: int
    neuropathic_pain: bool
    restart_needs_confirmation: bool
    card: Card

    @property
    def sources(self) -> tuple[Citation, ...]:
        return self.card.sources

    @property
    def headline(self) -> str:
        """One or two words for the top of the screen, e.g. 'Reduce to 1.0 mg/m²'."""
        if self.action is Action.REDUCE and self.current_dose_mg_m2 is not None and self.next_dose_mg_m2 is None:
            return "Reduce: no lower labelled dose"
        if self.action in (Action.CONTINUE, Action.REDUCE) and self.next_dose_mg_m2 is not None:
            verb = "Continue at" if self.action is Action.CONTINUE else "Reduce to"
            return f"{verb} {format_dose(self.next_dose_mg_m2)} mg/m²"
        return self.action.value.capitalize()


def format_dose(dose: float) -> str:
    """A dose in mg/m² as written on charts: 1.0, 0.7, 1.15."""
    text = f"{round_half_up(dose, 2):.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def current_dose(value: object, field: str = "current_dose_mg_m2") -> float:
    """A current bortezomib dose in mg/m²: above 0, at most the labelled 1.3."""
    return validation.number(field, value, 0.0, dose_table().max_mg_m2, low_inclusive=False)


def _decide(sensory_grade: object, motor_grade: object, neuropathic_pain: object, severe_autonomic: object) -> tuple[Action, int, bool, tuple[str, ...]]:
    """The label action for validated findings, with the worse grade, pain and the steps."""
    sensory = grade("sensory_grade", sensory_grade)
    motor = grade("motor_grade", motor_grade)
    pain = validation.flag("neuropathic_pain", neuropathic_pain)
    autonomic = validation.flag("severe_autonomic", severe_autonomic)
    worst = max(sensory, motor)
    if pain and worst == 0:
        raise InputError(
            "neuropathic_pain",
            "neuropathic_pain=True needs a neuropathy grade of at least 1 (got sensory Grade 0 and motor Grade 0)",
        )
    action = Action.DISCONTINUE if autonomic else dose_table().actions[(worst, pain)]
    steps = [
        f"worse of sensory Grade {sensory} and motor Grade {motor} = Grade {worst}"
        + (" with neuropathic pain" if pain else " without neuropathic pain"),
    ]
    if autonomic:
        steps.append("severe autonomic neuropathy -> discontinue, whatever the grade")
    steps.append(f"label table -> {action.value}")
    return action, worst, pain, tuple(steps)


def action_without_current_dose(
    *, sensory_grade: int, neuropathic_pain: bool, motor_grade: int = 0, severe_autonomic: bool = False
) -> DoseAction:
    """The label's action while the current dose is not known yet, with no next dose.

    Withhold and discontinue do not depend on the dose, so they must not wait for it.
    """
    action, worst, pain, steps = _decide(sensory_grade, motor_grade, neuropathic_pain, severe_autonomic)
    steps += ("current dose not entered: no next dose",)
    rule = {Action.CONTINUE: "dose.continue", Action.REDUCE: "dose.reduce", Action.WITHHOLD: "dose.withhold"}.get(action, "dose.discontinue")
    c = card(rule, audit=steps, without_dose=True, restart=format_dose(dose_table().restart_mg_m2))
    return DoseAction(action, None, False, None, worst, pain, action is Action.WITHHOLD, c)


def dose_action(
    *,
    sensory_grade: int,
    neuropathic_pain: bool,
    current_dose_mg_m2: float,
    motor_grade: int = 0,
    severe_autonomic: bool = False,
) -> DoseAction:
    """The label's action for the worse of the sensory and motor grade (CTCAE 0-4).

    Neuropathic pain with both grades 0 is a contradiction (InputError). A reduction steps to
    the next labelled level below the current dose (1.3 -> 1.0 -> 0.7 mg/m²); at or below
    0.7 there is none and ``next_dose_mg_m2`` is None.
    """
    action, worst, pain, steps = _decide(sensory_grade, motor_grade, neuropathic_pain, severe_autonomic)
    dose = current_dose(current_dose_mg_m2)
    table = dose_table()
    restart = table.restart_mg_m2

    if action is Action.CONTINUE:
        return DoseAction(action, dose, False, dose, worst, pain, False, card("dose.continue", audit=steps, dose=format_dose(dose)))
    if action is Action.REDUCE:
        lower = [level for level in table.levels_mg_m2 if level < dose - _EPS]
        if not lower:
            c = card("dose.reduce.no_lower_level", audit=steps + (f"no labelled level below {format_dose(dose)} mg/m²",), dose=format_dose(dose))
            return DoseAction(action, None, False, dose, worst, pain, False, c)
        nxt = lower[0]
        c = card("dose.reduce", audit=steps + (f"next labelled level below {format_dose(dose)} is {format_dose(nxt)} mg/m²",), dose=format_dose(dose), next_dose=format_dose(nxt))
        return DoseAction(action, nxt, False, dose, worst, pain, False, c)
    if action is Action.WITHHOLD:
        if dose < restart - _EPS:
            c = card("dose.withhold.below_restart", audit=steps, dose=format_dose(dose), restart=format_dose(restart))
            return DoseAction(action, None, False, dose, worst, pain, True, c)
        return DoseAction(action, restart, True, dose, worst, pain, True, card("dose.withhold", audit=steps, restart=format_dose(restart)))
    return DoseAction(action, None, False, dose, worst, pain, False, card("dose.discontinue", audit=steps))


def restart_after_withhold(dose: DoseAction, *, confirmed_by: str, resolution: str) -> Card:
    """The restart card once a named clinician confirms what 'resolved' meant.

    ``dose`` is the withhold being ended. Both fields are free text the clinician records
    (e.g. 'back to baseline', 'Grade 1 or better'). When the last dose was below the labelled
    restart dose, the card gives no restart dose (restarting at it would raise the dose).
    """
    if not isinstance(dose, DoseAction) or not dose.restart_needs_confirmation:
        raise InputError("dose", f"dose must be a withhold that awaits confirmation (got {getattr(dose, 'action', dose)!r})")
    who = confirmed_by.strip() if isinstance(confirmed_by, str) else ""
    what = resolution.strip() if isinstance(resolution, str) else ""
    if not who:
        raise InputError("confirmed_by", "Confirmed by: name the clinician confirming resolution (got nothing)")
    if not what:
        raise InputError("resolution", "Resolved means: say what 'resolved' meant, e.g. 'back to baseline' (got nothing)")
    audit = (f"resolution recorded by {who}: {what}",)
    restart = format_dose(dose_table().restart_mg_m2)
    if dose.next_dose_mg_m2 is None and dose.current_dose_mg_m2 is not None:
        return card("dose.restart_below_label", audit=audit, clinician=who, restart=restart, dose=format_dose(dose.current_dose_mg_m2))
    return card("dose.restart_confirmed", audit=audit, clinician=who, restart=restart)


def route_advice(route: str | Route) -> Card | None:
    """IV -> SC advice (Moreau 2011), or None when already subcutaneous."""
    route = validation.choice("route", route, Route)
    return card("dose.route_sc", audit=("current route: intravenous",)) if route is Route.IV else None


def schedule_advice(schedule: str | Schedule) -> Card | None:
    """Twice-weekly -> weekly advice, or None when already weekly."""
    schedule = validation.choice("schedule", schedule, Schedule)
    if schedule is Schedule.WEEKLY:
        return None
    return card("dose.schedule_weekly", audit=("current schedule: twice weekly",))


def hepatic_advice(liver: Hepatic) -> Card | None:
    """The lower-starting-dose flag for moderate, severe or unspecified liver impairment,
    or a reminder when liver function is not recorded."""
    if liver is Hepatic.NOT_RECORDED:
        return card("dose.hepatic_not_recorded")
    if not liver.may_be_moderate_or_severe:
        return None
    return card("dose.hepatic", audit=(f"liver impairment recorded as {liver.value}",), dose=format_dose(dose_table().hepatic_start_mg_m2))


def renal_advice(*, on_hemodialysis: bool) -> Card:
    """No bortezomib change for kidney function; timing after dialysis."""
    on_hd = validation.flag("on_hemodialysis", on_hemodialysis)
    return card("dose.renal", audit=("on haemodialysis" if on_hd else "not on dialysis",))


@dataclass(frozen=True)
class Product:
    id: str
    display: str
    vial_mg: float | None
    concentrations_mg_ml: Mapping[Route, float]
    diluents: Mapping[Route, str]
    citations: tuple[Citation, ...]


@cache
def products() -> Mapping[str, Product]:
    """Known bortezomib products by id (``other`` takes a user-entered concentration)."""
    out = {}
    for pid, raw in load("products").items():
        routes = raw.get("routes", {})
        out[pid] = Product(
            id=pid,
            display=raw["display"],
            vial_mg=raw.get("vial_mg"),
            concentrations_mg_ml=MappingProxyType({Route(r): v["concentration_mg_ml"] for r, v in routes.items()}),
            diluents=MappingProxyType({Route(r): v["diluent"] for r, v in routes.items()}),
            citations=citations_from(raw["citations"]),
        )
    return MappingProxyType(out)


@dataclass(frozen=True)
class DoseAmount:
    """An absolute dose and the injection volume for the chosen product and route."""

    dose_mg_m2: float
    bsa_m2: float
    dose_mg: float
    volume_ml: float | None
    concentration_mg_ml: float | None
    cards: tuple[Card, ...]

    @property
    def dose_mg_text(self) -> str:
        return f"{round_half_up(self.dose_mg, 2):.2f} mg"

    @property
    def volume_ml_text(self) -> str:
        return f"{round_half_up(self.volume_ml, 2):.2f} mL"


def dose_amount(
    *,
    dose_mg_m2: float,
    bsa_m2: float,
    product: str,
    route: str | Route,
    concentration_mg_ml: float | None = None,
) -> DoseAmount:
    """Dose in mg (mg/m² x BSA) and volume in mL for ``product`` given by ``route``.

    For product ``other`` the concentration on its label must be given (0.1-10 mg/mL);
    for a known product it must not be (the product fixes it).
    """
    mg_m2 = current_dose(dose_mg_m2, "dose_mg_m2")
    bsa = validation.number("bsa_m2", bsa_m2, *BSA_M2_RANGE)
    route = validation.choice("route", route, Route)
    known = products()
    if not isinstance(product, str) or product not in known:
        raise InputError("product", f"product must be one of {', '.join(sorted(known))} (got {product!r})")
    prod = known[product]
    if prod.concentrations_mg_ml:
        if concentration_mg_ml is not None:
            raise InputError("concentration_mg_ml", f"concentration_mg_ml is fixed by {prod.display}; leave it empty (got {concentration_mg_ml!r})")
        if route not in prod.concentrations_mg_ml:
            raise InputError("route", f"{prod.display} has no {route.value.upper()} preparation")
        conc = prod.concentrations_mg_ml[route]
        how = f"{prod.display}, {route.value.upper()}: {conc:g} mg/mL after adding {prod.diluents[route]}"
    else:
        if concentration_mg_ml is None:
            raise InputError("concentration_mg_ml", "concentration_mg_ml is needed for another product: enter the mg/mL on its label (got nothing)")
        conc = validation.number("concentration_mg_ml", concentration_mg_ml, 0.1, 10.0)
        how = f"user-entered label concentration {conc:g} mg/mL, {route.value.upper()}"
    mg = mg_m2 * bsa
    volume = mg / conc
    dose_card = card(
        "dose.absolute",
        audit=(f"{format_dose(mg_m2)} mg/m² x {round_half_up(bsa, 3):g} m² = {round_half_up(mg, 3):g} mg",),
        dose_mg_m2=format_dose(mg_m2),
        bsa=f"{round_half_up(bsa, 2):g}",
        dose_mg=f"{round_half_up(mg, 2):g}",
    )
    vol_steps = [how, f"{round_half_up(mg, 3):g} mg / {conc:g} mg/mL = {round_half_up(volume, 3):g} mL"]
    volume_card = card(
        "dose.volume",
        audit=tuple(vol_steps),
        volume_ml=f"{round_half_up(volume, 2):g}",
        product=prod.display if prod.concentrations_mg_ml else "the product",
        concentration=f"{conc:g}",
        route=route.value.upper(),
    )
    cards = (dose_card, volume_card)
    if prod.vial_mg is not None and mg > prod.vial_mg + _EPS:
        cards += (card("dose.multiple_vials", dose_mg=f"{round_half_up(mg, 2):g}", vial_mg=f"{prod.vial_mg:g}"),)
    return DoseAmount(mg_m2, bsa, mg, volume, conc, cards)
