"""Bortezomib: the dose action for a neuropathy grade, route/schedule advice, dose and volume."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from types import MappingProxyType

from bipn.core import validation
from bipn.content.cards import Card, card
from bipn.content.loader import load
from bipn.core.errors import InputError
from bipn.content.evidence import Citation, citations_from
from bipn.clinical.grading import grade
from bipn.clinical.liver import Hepatic
from bipn.clinical.liver import hepatic as hepatic_status
from bipn.core.units import round_half_up

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
    hepatic_later_mg_m2: tuple[float, ...]
    actions: Mapping[tuple[int, bool], Action]

    def levels_for(self, liver: Hepatic) -> tuple[float, ...]:
        """The labelled levels, highest first; with moderate or severe liver impairment
        (or of unknown severity) the label's hepatic levels are added (0.5 mg/m²)."""
        if not liver.may_be_moderate_or_severe:
            return self.levels_mg_m2
        return tuple(sorted({*self.levels_mg_m2, self.hepatic_start_mg_m2, *self.hepatic_later_mg_m2}, reverse=True))


@cache
def dose_table() -> DoseTable:
    """The label's dose levels and grade-to-action table."""
    raw = load("bortezomib")
    return DoseTable(
        levels_mg_m2=tuple(sorted(raw["dose_levels_mg_m2"], reverse=True)),
        restart_mg_m2=raw["restart_dose_mg_m2"],
        max_mg_m2=raw["max_dose_mg_m2"],
        hepatic_start_mg_m2=raw["hepatic_start_dose_mg_m2"],
        hepatic_later_mg_m2=tuple(raw["hepatic_later_doses_mg_m2"]),
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


def _decide(
    sensory_grade: object, motor_grade: object, neuropathic_pain: object, severe_autonomic: object, autonomic_confirmed: object = False
) -> tuple[Action, int, bool, tuple[str, ...]]:
    """The label action for validated findings, with the worse grade, pain and the steps.

    Severe autonomic neuropathy discontinues only once confirmed by the clinician; until then
    it withholds (at least), so that it is assessed before the next dose."""
    sensory = grade("sensory_grade", sensory_grade)
    motor = grade("motor_grade", motor_grade)
    pain = validation.flag("neuropathic_pain", neuropathic_pain)
    autonomic = validation.flag("severe_autonomic", severe_autonomic)
    confirmed = validation.flag("autonomic_confirmed", autonomic_confirmed)
    worst = max(sensory, motor)
    if pain and worst == 0:
        raise InputError(
            "neuropathic_pain",
            "neuropathic_pain=True needs a neuropathy grade of at least 1 (got sensory Grade 0 and motor Grade 0)",
        )
    by_grade = dose_table().actions[(worst, pain)]
    action = by_grade
    steps = [
        f"worse of sensory Grade {sensory} and motor Grade {motor} = Grade {worst}"
        + (" with neuropathic pain" if pain else " without neuropathic pain"),
    ]
    if autonomic and confirmed:
        action = Action.DISCONTINUE
        steps.append("severe autonomic neuropathy, confirmed by the clinician -> discontinue, whatever the grade")
    elif autonomic:
        action = max(by_grade, Action.WITHHOLD, key=lambda a: a.rank)
        steps.append("severe autonomic neuropathy not yet confirmed -> withhold and assess (discontinue once confirmed)")
    steps.append(f"label table -> {by_grade.value}" + (f"; overall -> {action.value}" if action is not by_grade else ""))
    return action, worst, pain, tuple(steps)


def _autonomic_pending(severe_autonomic: bool, autonomic_confirmed: bool, action: Action) -> bool:
    """True when the action is a withhold only because autonomic neuropathy awaits confirmation."""
    return severe_autonomic and not autonomic_confirmed and action is Action.WITHHOLD


def action_without_current_dose(
    *,
    sensory_grade: int,
    neuropathic_pain: bool,
    motor_grade: int = 0,
    severe_autonomic: bool = False,
    autonomic_confirmed: bool = False,
) -> DoseAction:
    """The label's action while the current dose is not known yet, with no next dose.

    Withhold and discontinue do not depend on the dose, so they must not wait for it.
    """
    action, worst, pain, steps = _decide(sensory_grade, motor_grade, neuropathic_pain, severe_autonomic, autonomic_confirmed)
    if _autonomic_pending(severe_autonomic, autonomic_confirmed, action):
        return DoseAction(action, None, False, None, worst, pain, False, card("dose.autonomic_assess", audit=steps))
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
    autonomic_confirmed: bool = False,
    hepatic: str | Hepatic = Hepatic.NOT_RECORDED,
) -> DoseAction:
    """The label's action for the worse of the sensory and motor grade (CTCAE 0-4).

    Neuropathic pain with both grades 0 is a contradiction (InputError). A reduction steps to
    the next labelled level below the current dose (1.3 -> 1.0 -> 0.7 mg/m², and -> 0.5 with
    moderate or severe liver impairment); below the lowest there is none and
    ``next_dose_mg_m2`` is None. Severe autonomic neuropathy withholds until
    ``autonomic_confirmed``, then discontinues.
    """
    action, worst, pain, steps = _decide(sensory_grade, motor_grade, neuropathic_pain, severe_autonomic, autonomic_confirmed)
    dose = current_dose(current_dose_mg_m2)
    liver = hepatic_status(hepatic, "hepatic")
    table = dose_table()
    restart = table.restart_mg_m2

    if _autonomic_pending(severe_autonomic, autonomic_confirmed, action):
        return DoseAction(action, None, False, dose, worst, pain, False, card("dose.autonomic_assess", audit=steps))
    if action is Action.CONTINUE:
        return DoseAction(action, dose, False, dose, worst, pain, False, card("dose.continue", audit=steps, dose=format_dose(dose)))
    if action is Action.REDUCE:
        levels = table.levels_for(liver)
        lower = [level for level in levels if level < dose - _EPS]
        if liver is not Hepatic.NOT_RECORDED and levels != table.levels_mg_m2:
            steps += (f"liver impairment ({liver.value}): labelled levels {', '.join(format_dose(x) for x in levels)} mg/m²",)
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


def route_advice(route: str | Route, product: str | None = None) -> Card | None:
    """IV -> SC advice (Moreau 2011) when the product can be given SC; for a product whose
    label allows IV only, what an SC switch would need instead; None when already SC."""
    route = validation.choice("route", route, Route)
    if route is Route.SC:
        return None
    prod = products().get(product) if isinstance(product, str) else None
    if prod is not None and not prod.allows(Route.SC):
        sc_products = ", ".join(p.display for p in products().values() if p.preparations and p.allows(Route.SC))
        return card(
            "dose.route_sc_not_for_product",
            audit=("current route: intravenous", f"{prod.display}: {prod.routes_text} (its label)"),
            product=prod.display,
            sc_products=sc_products,
        )
    return card("dose.route_sc", audit=("current route: intravenous",))


def schedule_advice(schedule: str | Schedule) -> Card | None:
    """Twice-weekly -> weekly advice, or None when already weekly."""
    schedule = validation.choice("schedule", schedule, Schedule)
    if schedule is Schedule.WEEKLY:
        return None
    return card("dose.schedule_weekly", audit=("current schedule: twice weekly",))


def hepatic_advice(liver: Hepatic, current_dose_mg_m2: float | None = None) -> Card | None:
    """The label's hepatic dosing for moderate, severe or unspecified liver impairment (0.7
    mg/m² in cycle 1; 1.0 or 0.5 later), critical when the current dose is above those; a
    reminder when liver function is not recorded; None otherwise."""
    if liver is Hepatic.NOT_RECORDED:
        return card("dose.hepatic_not_recorded")
    if not liver.may_be_moderate_or_severe:
        return None
    table = dose_table()
    later = " or ".join(format_dose(x) for x in table.hepatic_later_mg_m2)
    audit = [f"liver impairment recorded as {liver.value}"]
    above = current_dose_mg_m2 is not None and current_dose_mg_m2 > max(table.hepatic_later_mg_m2) + _EPS
    if above:
        audit.append(f"current dose {format_dose(current_dose_mg_m2)} mg/m² is above every hepatic dose of the label")
    return card(
        "dose.hepatic_above" if above else "dose.hepatic",
        audit=tuple(audit),
        dose=format_dose(table.hepatic_start_mg_m2),
        later=later,
        current=format_dose(current_dose_mg_m2) if current_dose_mg_m2 is not None else "",
    )


def renal_advice(*, on_hemodialysis: bool) -> Card:
    """No bortezomib change for kidney function; timing after dialysis."""
    on_hd = validation.flag("on_hemodialysis", on_hemodialysis)
    return card("dose.renal", audit=("on haemodialysis" if on_hd else "not on dialysis",))


METHODS = {
    "reconstitute": "reconstituted with",
    "as_supplied": "given as supplied",
    "dilute": "diluted with",
}


@dataclass(frozen=True)
class Preparation:
    """One way a product is made up for a route: its concentration, how it is made (``method``:
    reconstitute, as_supplied or dilute), the diluent, when it is used and the label text.

    ``concentration_mg_ml`` is None when the reviewed sources do not give it: the user then
    enters the mg/mL on the label (checked as for "other")."""

    concentration_mg_ml: float | None
    diluent: str
    when: str = ""
    method: str = "reconstitute"
    citations: tuple[Citation, ...] = ()

    @property
    def entered(self) -> bool:
        """True when the concentration is the one the user reads on the label."""
        return self.concentration_mg_ml is None

    @property
    def how(self) -> str:
        """'reconstituted with 1.4 mL of 0.9% sodium chloride', 'given as supplied', ..."""
        if self.method == "as_supplied":
            return METHODS["as_supplied"]
        return f"{METHODS[self.method]} {self.diluent}"


ROUTE_WORDS = {Route.SC: "subcutaneous", Route.IV: "intravenous"}
ROUTE_PATIENT_WORDS = {Route.SC: "as an injection under the skin", Route.IV: "into a vein"}


@dataclass(frozen=True)
class Product:
    """A bortezomib product: the routes its label allows, each with its preparations (the
    first is the usual one), or none for "other", whose label concentration the user enters
    for any route."""

    id: str
    display: str
    vial_mg: float | None
    preparations: Mapping[Route, tuple[Preparation, ...]]
    standard_concentrations_mg_ml: tuple[float, ...]
    citations: tuple[Citation, ...]
    maker: str = ""
    form: str = ""
    strength: str = ""
    short: str = ""

    @property
    def routes(self) -> tuple[Route, ...]:
        """The routes the label allows (every route for "other")."""
        return tuple(self.preparations) if self.preparations else tuple(Route)

    def allows(self, route: Route) -> bool:
        return route in self.routes

    def patient_words(self, route: Route | None = None) -> str | None:
        """The product for a patient's handout: 'Your bortezomib: VELCADE 3.5 mg vial
        (Takeda), powder, given as an injection under the skin.' The route is the one chosen
        (None: every route its label allows). None for "other" (no label in the registry)."""
        if not self.preparations:
            return None
        routes = (route,) if route is not None and self.allows(route) else self.routes
        name = self.display.split(": ")[0]
        return f"Your bortezomib: {name}, given {' or '.join(ROUTE_PATIENT_WORDS[r] for r in routes)}."

    @property
    def routes_text(self) -> str:
        """'intravenous use only', 'subcutaneous or intravenous use', 'any route, as on its label'."""
        if not self.preparations:
            return "the routes on its label"
        words = " or ".join(ROUTE_WORDS[r] for r in self.routes)
        return f"{words} use only" if len(self.routes) == 1 else f"{words} use"

    @property
    def concentrations_mg_ml(self) -> Mapping[Route, float]:
        """The usual concentration per route, where the reviewed sources give one."""
        return MappingProxyType({
            route: preps[0].concentration_mg_ml for route, preps in self.preparations.items() if not preps[0].entered
        })

    def preparation(self, route: Route, concentration_mg_ml: float | None, confirmed: bool = False) -> Preparation:
        """The preparation for ``route`` at ``concentration_mg_ml`` (None: the usual one).

        InputError for a route the label does not allow, and for a concentration the route
        is not made up at; a preparation whose concentration the user reads on the label
        needs it (1, 2.5 or 3.5 mg/mL, or another one ``confirmed``)."""
        if not self.allows(route):
            raise InputError(
                "route",
                f"route: {self.display} is for {self.routes_text} (its label): it has no {route.value.upper()} preparation",
            )
        preps = self.preparations[route]
        if preps[0].entered:
            if concentration_mg_ml is None:
                raise InputError("concentration_mg_ml", f"concentration_mg_ml is needed for {self.display} {route.value.upper()}: enter the mg/mL on its label (got nothing)")
            other_concentration(concentration_mg_ml, confirmed)
            return preps[0]
        if concentration_mg_ml is None:
            return preps[0]
        for prep in preps:
            if abs(prep.concentration_mg_ml - concentration_mg_ml) < _EPS:
                return prep
        allowed = " or ".join(f"{p.concentration_mg_ml:g} mg/mL" for p in preps)
        raise InputError(
            "concentration_mg_ml",
            f"concentration_mg_ml: {self.display} for {route.value.upper()} is made up at {allowed} (got {concentration_mg_ml!r})",
        )


def _preparation(raw: dict) -> Preparation:
    if raw.get("method", "reconstitute") not in METHODS:
        raise ValueError(f"products.toml: unknown preparation method {raw.get('method')!r}")
    return Preparation(
        raw.get("concentration_mg_ml"),
        raw["diluent"],
        raw.get("when", ""),
        raw.get("method", "reconstitute"),
        citations_from(raw.get("citations", [])),
    )


@cache
def products() -> Mapping[str, Product]:
    """Known bortezomib products by id (``other`` takes a user-entered concentration)."""
    out = {}
    for pid, raw in load("products").items():
        if not isinstance(raw, dict):
            continue  # status, review date, the list of products not listed
        out[pid] = Product(
            id=pid,
            display=raw["display"],
            vial_mg=raw.get("vial_mg"),
            preparations=MappingProxyType({Route(r): tuple(_preparation(p) for p in preps) for r, preps in raw.get("routes", {}).items()}),
            standard_concentrations_mg_ml=tuple(raw.get("standard_concentrations_mg_ml", ())),
            citations=citations_from(raw["citations"]),
            maker=raw.get("maker", ""),
            form=raw.get("form", ""),
            strength=raw.get("strength", ""),
            short=raw.get("short", raw["display"]),
        )
    return MappingProxyType(out)


def products_not_listed() -> tuple[Mapping[str, str], ...]:
    """Products the source check found but could not read enough of to list (name, why)."""
    return tuple(load("products").get("not_listed", ()))


OTHER_CONCENTRATION_MG_ML_RANGE = (0.1, 10.0)


def other_concentration(value: object, confirmed: bool = False, field: str = "concentration_mg_ml") -> float:
    """A concentration typed for an "other" product: 0.1-10 mg/mL, and one bortezomib
    products have (1, 2.5 or 3.5 mg/mL) unless the user ``confirmed`` an unusual one."""
    conc = validation.number(field, value, *OTHER_CONCENTRATION_MG_ML_RANGE)
    standard = _standard_concentrations()
    if not validation.flag("concentration_confirmed", confirmed) and not any(abs(conc - c) < _EPS for c in standard):
        usual = ", ".join(f"{c:g}" for c in standard)
        raise InputError(
            field,
            f"{field}: {conc:g} mg/mL is not a concentration bortezomib products have ({usual} mg/mL). "
            "Check the label; if it is right, confirm the unusual concentration.",
        )
    return conc


def _standard_concentrations() -> tuple[float, ...]:
    return products()["other"].standard_concentrations_mg_ml


@dataclass(frozen=True)
class DoseAmount:
    """An absolute dose and the injection volume for the chosen product and route.

    ``dose_mg`` is rounded once, to 0.01 mg, and the volume is worked out from that
    rounded dose (then rounded to 0.01 mL): the numbers shown are the numbers used.
    """

    dose_mg_m2: float
    bsa_m2: float
    dose_mg: float
    volume_ml: float | None
    concentration_mg_ml: float | None
    cards: tuple[Card, ...]

    @property
    def dose_mg_text(self) -> str:
        return f"{self.dose_mg:.2f} mg"

    @property
    def volume_ml_text(self) -> str:
        return f"{self.volume_ml:.2f} mL"


def dose_amount(
    *,
    dose_mg_m2: float,
    bsa_m2: float,
    product: str,
    route: str | Route,
    concentration_mg_ml: float | None = None,
    concentration_confirmed: bool = False,
) -> DoseAmount:
    """Dose in mg (mg/m² x BSA, rounded to 0.01 mg) and volume in mL for ``product`` by ``route``.

    For VELCADE the concentration is the route's usual one unless another labelled one is
    chosen (SC: 2.5 mg/mL, or 1 mg/mL for injection-site reactions). For product ``other``
    the concentration on its label must be given: 1, 2.5 or 3.5 mg/mL, or another value
    in 0.1-10 mg/mL with ``concentration_confirmed`` (then flagged as unverified).
    """
    mg_m2 = current_dose(dose_mg_m2, "dose_mg_m2")
    bsa = validation.number("bsa_m2", bsa_m2, *BSA_M2_RANGE)
    route = validation.choice("route", route, Route)
    known = products()
    if not isinstance(product, str) or product not in known:
        raise InputError("product", f"product must be one of {', '.join(sorted(known))} (got {product!r})")
    prod = known[product]
    extra: tuple[Card, ...] = ()
    typed = None if concentration_mg_ml is None else validation.number("concentration_mg_ml", concentration_mg_ml, *OTHER_CONCENTRATION_MG_ML_RANGE)
    prep = prod.preparation(route, typed, concentration_confirmed) if prod.preparations else None
    if prep is not None and not prep.entered:
        conc = prep.concentration_mg_ml
        how = f"{prod.display}, {route.value.upper()}: {conc:g} mg/mL, {prep.how}" + (f" (used for {prep.when})" if prep.when else "")
    else:
        if typed is None:
            raise InputError("concentration_mg_ml", "concentration_mg_ml is needed for another product: enter the mg/mL on its label (got nothing)")
        conc = other_concentration(typed, concentration_confirmed)
        how = f"user-entered label concentration {conc:g} mg/mL, {route.value.upper()}" + (f", {prod.display} ({prep.how})" if prep is not None else "")
        if not any(abs(conc - c) < _EPS for c in _standard_concentrations()):
            extra = (card("dose.concentration_unverified", audit=(f"{conc:g} mg/mL confirmed by the user",), concentration=f"{conc:g}"),)
    mg = round_half_up(mg_m2 * bsa, 2)
    volume = round_half_up(mg / conc, 2)
    dose_card = card(
        "dose.absolute",
        audit=(f"{format_dose(mg_m2)} mg/m² x {round_half_up(bsa, 3):g} m² = {round_half_up(mg_m2 * bsa, 4):g} mg, rounded to {mg:.2f} mg",),
        dose_mg_m2=format_dose(mg_m2),
        bsa=f"{round_half_up(bsa, 3):g}",
        dose_mg=f"{mg:.2f}",
    )
    volume_card = card(
        "dose.volume",
        audit=(how, f"{mg:.2f} mg / {conc:g} mg/mL = {volume:.2f} mL"),
        volume_ml=f"{volume:.2f}",
        product=prod.display if prod.id != "other" else "the product",
        concentration=f"{conc:g}",
        route=route.value.upper(),
    )
    cards = extra + (dose_card, volume_card)
    if prod.vial_mg is not None and mg > prod.vial_mg + _EPS:
        cards += (card("dose.multiple_vials", dose_mg=f"{mg:.2f}", vial_mg=f"{prod.vial_mg:g}"),)
    return DoseAmount(mg_m2, bsa, mg, volume, conc, cards)
