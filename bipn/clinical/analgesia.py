"""Analgesics for painful BIPN: both positions, with doses gated by kidneys, liver and age."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache
from types import MappingProxyType

from bipn.core import validation
from bipn.content.cards import Card, Severity, by_importance, card, rules
from bipn.content.loader import load
from bipn.core.errors import InputError
from bipn.content.evidence import Citation, Provenance, citations_from
from bipn.clinical.liver import Hepatic, hepatic
from bipn.clinical.medications import Medication, resolve
from bipn.clinical.renal import AGE_YEARS_RANGE
from bipn.core.units import floor_to

# Cockcroft-Gault over the accepted ages (18-120), weights (20-300 kg) and creatinines
# (0.2-20 mg/dL) stays below 2,542 mL/min; the bound only rejects what no input can give.
CRCL_ML_MIN_RANGE = (0.1, 2600.0)


def dose_text(min_mg: float | None, max_mg: float | None, regimen: str = "") -> str:
    """A daily dose range for display: '75-300 mg/day, ...' or 'up to 400 mg/day, ...'."""
    if max_mg is None:
        return "No dose in the reviewed sources: see the product label"
    low = f"{min_mg:g}-" if min_mg is not None else "up to "
    return f"{low}{max_mg:g} mg/day" + (f", {regimen}" if regimen else "")


@dataclass(frozen=True)
class Band:
    """One renal band of a label table: CrCl above ``above`` (or equal, if ``inclusive``) and
    below the next better band's edge (``below``, None for the top band)."""

    label: str
    above: float
    inclusive: bool
    min_mg: float | None = None
    max_mg: float | None = None
    regimen: str = ""
    avoid: str = ""
    proportional_below: float | None = None
    below: float | None = None
    below_inclusive: bool = False

    @property
    def text(self) -> str:
        """The band's daily dose as the label gives it, e.g. '75-300 mg/day, twice daily'."""
        return self.avoid or dose_text(self.min_mg, self.max_mg, self.regimen)

    def contains(self, crcl_ml_min: float) -> bool:
        over = crcl_ml_min > self.above or (self.inclusive and crcl_ml_min == self.above)
        under = self.below is None or crcl_ml_min < self.below or (self.below_inclusive and crcl_ml_min == self.below)
        return over and under


@dataclass(frozen=True)
class Limit:
    """A cap on the daily maximum that applies when ``condition`` holds."""

    condition: str
    max_mg: float
    reason: str
    regimen: str = ""
    age_over: float | None = None


@dataclass(frozen=True)
class Step:
    """One step of a label's start and titration, with the daily amount it comes to."""

    text: str
    daily_mg: float


@dataclass(frozen=True)
class Supplement:
    """One row of a label's post-haemodialysis table: after a daily regimen, this dose."""

    daily_mg: float
    dose_mg: float


@dataclass(frozen=True)
class Agent:
    """An analgesic as reviewed data (bipn/data/analgesics.toml)."""

    id: str
    display: str
    brands: tuple[str, ...]
    serotonergic: bool
    article_line: str
    guideline_line: str
    citations: tuple[Citation, ...]
    band_citations: tuple[Citation, ...]
    cautions: tuple[tuple[str, Citation], ...]
    bands: tuple[Band, ...]
    dialysis_text: str
    dialysis_citations: tuple[Citation, ...]
    avoid_when: Mapping[str, str]
    limits: tuple[Limit, ...]
    start: str
    start_citations: tuple[Citation, ...]
    status: str
    reviewed: str
    start_steps: tuple[Step, ...] = ()
    start_then: str = ""
    dialysis_line: str = ""
    dialysis_supplements: tuple[Supplement, ...] = ()
    caution_when_above_mg: Mapping[str, float] = field(default_factory=dict)
    """Cautions (by text) shown only when this patient's daily maximum is above this amount."""
    position_daily_mg: float | None = None
    """The highest daily amount ``article_line`` or ``guideline_line`` names."""
    article_line_short: str = ""
    guideline_line_short: str = ""

    def positions_for(self, high: float | None, avoid: bool) -> tuple[str, str]:
        """Both position lines as an option for this patient shows them: with no amount above
        ``high`` (mg/day), and none at all for an agent to avoid (policy.md, third review)."""
        if self.position_daily_mg is None or not avoid and (high is None or self.position_daily_mg <= high):
            return self.article_line, self.guideline_line  # high is None: no band, the guideline's is the only dose
        why = "not for this patient (see why above)" if avoid else "the dose it names is above this patient's maximum — not for this patient"
        article = f"{self.article_line_short or self.article_line}; {why}" if self.article_line_short else self.article_line
        return article, f"{self.guideline_line_short}; {why}"

    def band_for(self, crcl_ml_min: float) -> Band:
        """The band a CrCl falls in; boundary values fall to the lower-function band."""
        return next(b for b in self.bands if b.contains(crcl_ml_min))


def _chain(raw_bands: list[dict]) -> tuple[Band, ...]:
    """Bands from best to worst kidney function, each closed above by the band before it."""
    bands: list[Band] = []
    for raw in raw_bands:
        prev = bands[-1] if bands else None
        edge = {"below": prev.above, "below_inclusive": not prev.inclusive} if prev else {}
        bands.append(Band(**raw, **edge))
    return tuple(bands)


@cache
def agents() -> Mapping[str, Agent]:
    """Every analgesic the plan considers, in the order the plan lists them (read-only)."""
    out = {}
    for aid, raw in load("analgesics").items():
        dialysis = raw.get("dialysis", {})
        start = raw.get("start", {})
        out[aid] = Agent(
            id=aid,
            display=raw["display"],
            brands=tuple(raw["brands"]),
            serotonergic=raw["serotonergic"],
            article_line=raw["article_line"],
            guideline_line=raw["guideline_line"],
            citations=citations_from(raw["citations"]),
            band_citations=citations_from(raw.get("band_citations", [])),
            cautions=tuple((c["text"], Citation(c["ref"], Provenance(c["provenance"]), c.get("note", ""))) for c in raw["cautions"]),
            bands=_chain(raw.get("bands", [])),
            dialysis_text=dialysis.get("text", ""),
            dialysis_citations=citations_from(dialysis.get("citations", [])),
            avoid_when=MappingProxyType({a["condition"]: a["reason"] for a in raw.get("avoid_when", [])}),
            limits=tuple(Limit(**lim) for lim in raw.get("limits", [])),
            start=start.get("text", ""),
            start_citations=citations_from(start.get("citations", [])),
            status=raw["status"],
            reviewed=raw["reviewed"],
            start_steps=tuple(Step(**step) for step in start.get("steps", ())),
            start_then=start.get("then", ""),
            dialysis_line=dialysis.get("dose_line", ""),
            dialysis_supplements=tuple(Supplement(**row) for row in dialysis.get("supplements", ())),
            caution_when_above_mg=MappingProxyType({c["text"]: c["when_max_above_mg"] for c in raw["cautions"] if "when_max_above_mg" in c}),
            position_daily_mg=raw.get("position_daily_mg"),
            article_line_short=raw.get("article_line_short", ""),
            guideline_line_short=raw.get("guideline_line_short", ""),
        )
    return MappingProxyType(out)


@dataclass(frozen=True)
class Interaction:
    """An analgesic-medicine interaction as data (bipn/data/interactions.toml)."""

    rule: str
    agents: frozenset[str]
    classes: frozenset[str]
    except_classes: frozenset[str]
    flags: tuple[str, ...]
    always: bool


@cache
def interactions() -> tuple[Interaction, ...]:
    """Every interaction rule the pain plan checks."""
    return tuple(
        Interaction(
            rule=raw["rule"],
            agents=frozenset(raw["agents"]),
            classes=frozenset(raw.get("classes", ())),
            except_classes=frozenset(raw.get("except_classes", ())),
            flags=tuple(raw.get("flags", ())),
            always=raw.get("always", False),
        )
        for raw in load("interactions")["interaction"]
    )


# How a patient flag that triggers an interaction is named in its card.
FLAG_WORDS = {
    "maoi_within_14_days": "an MAOI stopped within the last 14 days",
    "seizure_history": "epilepsy or a history of seizures",
    "uncontrolled_epilepsy": "uncontrolled epilepsy",
}

BLOCKING = (Severity.CONTRAINDICATED, Severity.AVOID)


def _interaction_card(rule_id: str, agents_: list[str], others: list[str]) -> Card:
    agent_text = " and ".join(filter(None, (", ".join(agents_[:-1]), agents_[-1])))
    names = ", ".join(dict.fromkeys(others))
    audit = tuple(f"{a} with {names}" if names else f"{a} offered" for a in agents_)
    return card(rule_id, audit=audit, agent=agent_text, others=names)


def _interactions_for(agent: Agent, meds: tuple[Medication, ...], flags: frozenset[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(rule id, what the agent interacts with) for every interaction this agent has here."""
    found = []
    for rule in interactions():
        if agent.id not in rule.agents:
            continue
        others = [
            m.display.lower() for m in meds if m.id != agent.id and m.classes & rule.classes and not m.classes & rule.except_classes
        ]
        others += [FLAG_WORDS[f] for f in rule.flags if f in flags]
        if others or rule.always:
            found.append((rule.rule, tuple(others)))
    return tuple(found)


def merged_alerts(options: Iterable[AnalgesicOption]) -> tuple[Card, ...]:
    """One alert per kind of interaction across all options, naming every agent it
    concerns ('Duloxetine and tramadol with phenelzine'), most serious first."""
    agents_by_rule: dict[str, list[str]] = {}
    others_by_rule: dict[str, list[str]] = {}
    for o in options:
        for rule_id, others in o.interactions:
            agents_by_rule.setdefault(rule_id, []).append(o.display)
            others_by_rule.setdefault(rule_id, []).extend(others)
    return by_importance([_interaction_card(r, agents_by_rule[r], others_by_rule[r]) for r in agents_by_rule])


class Dialysis(str, Enum):
    """Which dialysis, if any: the labels give haemodialysis rows and nothing for peritoneal dialysis."""

    NONE = "none"
    HAEMODIALYSIS = "haemodialysis"
    PERITONEAL = "peritoneal"


# policy.md (additions after the third review, Analgesic doses); internal: renal.peritoneal_dialysis.
PD_DOSE_LINE = "not studied in peritoneal dialysis — ask the renal team"
NORMAL_KIDNEY_ONLY = "The label's titration schedule is for normal kidney function only — not for this patient."


@dataclass(frozen=True)
class AnalgesicOption:
    """One analgesic for this patient: its place in each position and its adjusted dose.

    ``min_daily_mg``/``max_daily_mg`` are mg/day after every gate, or None where the
    reviewed sources give no dose or the agent is to be avoided. ``cautions`` holds every
    message as text (alerts first, then reasons to avoid, then the rest); ``alerts`` (the
    interaction cards that must not be missed) and ``avoid_reasons`` hold them by kind.
    ``supplement``: what goes with the daily dose on dialysis (the post-haemodialysis
    supplement, or that peritoneal dialysis was not studied). ``alternative``: the same agent
    at a second clearance (frail elderly, obesity) when it falls in another band; the
    clinician chooses, and the dose text shows both, the lower first.
    """

    agent: str
    display: str
    article_line: str
    guideline_line: str
    min_daily_mg: float | None
    max_daily_mg: float | None
    regimen: str
    band: str
    avoid: bool
    cautions: list[str]
    alerts: tuple[Card, ...]
    avoid_reasons: tuple[str, ...]
    sources: tuple[Citation, ...]
    audit: tuple[str, ...] = field(default=())
    start: str = ""
    interactions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    supplement: str = ""
    crcl_ml_min: float | None = None
    crcl_basis: str = "as calculated"
    alternative: AnalgesicOption | None = None
    already_taken: bool = False

    @property
    def level(self) -> Severity | None:
        """The most serious interaction or avoid level for this agent, or None."""
        levels = [a.severity for a in self.alerts] + ([Severity.AVOID] if self.avoid_reasons else [])
        return max(levels, key=lambda s: s.rank) if levels else None

    @property
    def band_max_mg(self) -> float | None:
        """The highest daily maximum any text of this option may name (both bands, if two)."""
        highs = [o.max_daily_mg for o in (self, self.alternative) if o is not None and o.max_daily_mg is not None]
        return max(highs) if highs else None

    @property
    def single_dose_text(self) -> str:
        """The daily dose at this option's own clearance, with what goes with it on dialysis."""
        if self.avoid:
            if self.level is Severity.CONTRAINDICATED:
                return "Contraindicated: do not use"
            why = self.avoid_reasons[0].removeprefix("Avoid: ").rstrip(".") if self.avoid_reasons else ""
            already = "; the patient already takes it" if self.already_taken else ""
            return (f"Avoid: {why}" if why else "Avoid") + already
        text = dose_text(self.min_daily_mg, self.max_daily_mg, self.regimen)
        return f"{text}; {self.supplement}" if self.supplement and self.max_daily_mg is not None else text

    @property
    def dose_text(self) -> str:
        """The daily dose as shown, e.g. '75-300 mg/day, in 2 or 3 divided doses'; a
        contraindicated or avoided agent shows that (and why) instead of a dose. With a
        second clearance in another band, both: the lower clearance first."""
        if self.alternative is None:
            return self.single_dose_text
        alt = self.alternative
        return (
            f"{self.single_dose_text} (CrCl {self.crcl_ml_min:g} mL/min, {self.crcl_basis}); "
            f"or {alt.single_dose_text} (CrCl {alt.crcl_ml_min:g} mL/min, {alt.crcl_basis}): the clinician chooses"
        )


def start_text(agent: Agent, *, high: float | None, low: float | None, regimen: str, not_label: str = "") -> str:
    """The start and titration for this patient, never above ``high`` mg/day.

    In the label's own setting (``not_label`` empty: the top kidney band, its regimen
    unchanged) the label's steps are shown up to this patient's maximum. Otherwise the
    schedule is replaced by the band's own range, and ``not_label`` says why it is not for
    this patient.
    """
    if not agent.start_steps:
        return agent.start
    if high is None:
        return ""
    if not_label:
        begin = f"Start at the lower end of this patient's band, {low:g} mg/day" if low is not None else "Start low"
        how = f", {regimen}" if regimen else ""
        return f"{begin}{how}; increase by effect and tolerability to at most {high:g} mg/day. {not_label}"
    shown = [s.text for s in agent.start_steps if s.daily_mg <= high]
    tail = agent.start_then
    if len(shown) < len(agent.start_steps):
        tail = f"then by effect to at most {high:g} mg/day, this patient's maximum (the label's later steps are above it: not for this patient)"
    elif tail:
        tail = f"{tail}, to at most {high:g} mg/day"
    steps = "; ".join(filter(None, (*shown, tail)))
    steps = steps if agent.start else steps[:1].upper() + steps[1:]
    return " ".join(filter(None, (agent.start, steps))) + "."


def _supplement(agent: Agent, dialysis: Dialysis, high: float | None) -> str:
    """The dose line's companion on dialysis: the post-haemodialysis supplement (rows within
    this patient's maximum only), or the peritoneal-dialysis answer."""
    if dialysis is Dialysis.PERITONEAL:
        return PD_DOSE_LINE if agent.bands else ""
    if dialysis is not Dialysis.HAEMODIALYSIS:
        return ""
    if agent.dialysis_supplements:
        rows = [r for r in agent.dialysis_supplements if high is not None and r.daily_mg <= high]
        if not rows:
            return "a supplementary dose after each haemodialysis session: the label's table starts above this patient's maximum (see the label)"
        return "plus a supplementary dose after each 4 hours of haemodialysis: " + ", ".join(
            f"{r.dose_mg:g} mg for a {r.daily_mg:g} mg/day regimen" for r in rows
        )
    return agent.dialysis_line


def _option(
    agent: Agent,
    crcl: float,
    dialysis: Dialysis,
    liver: Hepatic,
    age: float | None,
    alcohol: bool,
    meds: tuple[Medication, ...],
    flags: frozenset[str] = frozenset(),
) -> AnalgesicOption:
    on_hd = dialysis is Dialysis.HAEMODIALYSIS
    sources = list(agent.citations)
    cautions: list[str] = []
    reasons: list[str] = []
    steps: list[str] = []
    low = high = None
    regimen = band_label = ""
    not_label = ""  # why the label's titration schedule is not for this patient, if it is not

    if agent.bands:
        band = agent.bands[-1] if dialysis is not Dialysis.NONE else agent.band_for(crcl)
        not_label = "" if band is agent.bands[0] else NORMAL_KIDNEY_ONLY
        band_label = band.label
        sources += agent.band_citations
        if dialysis is not Dialysis.NONE:
            steps.append(f"on {dialysis.value} -> the lowest label band '{band.label}', whatever the estimate ({crcl:g} mL/min)")
        else:
            steps.append(f"CrCl {crcl:g} mL/min -> label band '{band.label}'")
        low, high, regimen = band.min_mg, band.max_mg, band.regimen
        if band.proportional_below is not None and band.contains(crcl) and crcl < band.proportional_below:
            factor = crcl / band.proportional_below
            low = floor_to(low * factor, 1) if low is not None else None
            high = floor_to(high * factor, 1) if high is not None else None
            steps.append(f"below {band.proportional_below:g} mL/min the label reduces the dose in proportion: x {factor:.3g}")
    else:
        cautions.append("No renal or hepatic dose band in this app's reviewed sources: dose from the product label.")

    if on_hd and agent.dialysis_text:
        cautions.append(f"Haemodialysis: {agent.dialysis_text}")
        sources += agent.dialysis_citations
    if dialysis is Dialysis.PERITONEAL and agent.bands:
        cautions.append(f"Peritoneal dialysis: {PD_DOSE_LINE}; no haemodialysis supplements.")
        sources += card("renal.peritoneal_dialysis").sources
    conditions = {
        "hepatic": liver.impaired,
        "alcohol": alcohol,
        "hemodialysis": on_hd,
        "severe_hepatic": liver.may_be_severe,
    }
    reasons += [reason for cond, reason in agent.avoid_when.items() if conditions[cond]]
    if agent.bands and band.avoid:  # after the dialysis reason: on dialysis that is the one that says why
        reasons.append(band.avoid)
    if liver is Hepatic.NOT_RECORDED and ("hepatic" in agent.avoid_when or any(lim.condition == "severe_hepatic" for lim in agent.limits)):
        cautions.append("Liver function not recorded: check it; liver impairment changes this drug's use.")
    limit_steps: list[str] = []  # in the audit only for an agent with a dose (an avoided one names none)
    for limit in agent.limits:
        applies = age is not None and age > limit.age_over if limit.condition == "age_over" else conditions[limit.condition]
        if applies and high is not None:
            if limit.max_mg > high:  # the band is lower already: the cap would name an amount above it
                continue
            high = limit.max_mg
            if limit.regimen and limit.regimen != regimen:
                regimen = limit.regimen
                not_label = not_label or f"The label's titration schedule is not for this patient ({limit.reason})."
            limit_steps.append(limit.reason + (" (severity not recorded: the severe limit applies)" if liver is Hepatic.UNSPECIFIED and limit.condition == "severe_hepatic" else ""))

    already = any(m.id == agent.id for m in meds)
    found = _interactions_for(agent, meds, flags)
    alerts = by_importance([_interaction_card(rule_id, [agent.display], list(others)) for rule_id, others in found])
    # Lesser alerts about an agent not to be used are noise, unless the patient already takes it.
    if any(a.severity in BLOCKING for a in alerts) or (reasons and not already):
        alerts = tuple(a for a in alerts if a.severity in BLOCKING)
        found = tuple((r, o) for r, o in found if rules()[r].severity in BLOCKING)
    for alert in alerts:
        sources += alert.sources
    reasons = [f"{a.severity.word}: {a.summary}" for a in alerts if a.severity in BLOCKING] + reasons
    if already and reasons:
        why = reasons[0].split(": ", 1)[-1].rstrip(".")
        reasons.append(f"Already on {agent.display.lower()}, which is to be avoided here: {why}. Review it with the prescriber.")
    if agent.start or agent.start_steps:
        sources += agent.start_citations

    shown = [(text, c) for text, c in agent.cautions if text not in agent.caution_when_above_mg or (high is not None and high > agent.caution_when_above_mg[text])]
    for _, citation in shown:
        sources.append(citation)
    labelled = [f"{text} ({citation.reference.short}; {citation.provenance.label})" for text, citation in shown]
    cautions = [f"{a.severity.word}: {a.summary}" for a in alerts if a.severity not in BLOCKING] + reasons + cautions + labelled
    avoid = bool(reasons)
    if avoid:
        low = high = None
    else:
        steps += limit_steps
    article_line, guideline_line = agent.positions_for(high, avoid)
    return AnalgesicOption(
        agent=agent.id,
        display=agent.display,
        article_line=article_line,
        guideline_line=guideline_line,
        min_daily_mg=low,
        max_daily_mg=high,
        regimen=regimen,
        band=band_label,
        avoid=avoid,
        cautions=cautions,
        alerts=alerts,
        avoid_reasons=tuple(reasons),
        sources=tuple(dict.fromkeys(sources)),
        audit=tuple(steps),
        start="" if avoid else start_text(agent, high=high, low=low, regimen=regimen, not_label=not_label),
        interactions=found,
        supplement="" if avoid else _supplement(agent, dialysis, high),
        crcl_ml_min=crcl,
        already_taken=already,
    )


def _with_alternative(first: AnalgesicOption, second: AnalgesicOption) -> AnalgesicOption:
    """The option at the lower clearance, with the other beside it, when their bands differ."""
    if first.band == second.band:
        return first
    lower, higher = sorted((first, second), key=lambda o: o.crcl_ml_min)
    return replace(lower, alternative=higher)


def analgesic_plan(
    *,
    crcl_ml_min: float,
    on_hemodialysis: bool = False,
    hepatic_impairment: bool | str | Hepatic = False,
    age_years: float | None = None,
    current_medications: Iterable[str] = (),
    substantial_alcohol_use: bool = False,
    maoi_within_14_days: bool = False,
    seizure_history: bool = False,
    on_peritoneal_dialysis: bool = False,
    uncontrolled_epilepsy: bool = False,
    second_crcl_ml_min: float | None = None,
    second_crcl_basis: str = "",
) -> list[AnalgesicOption]:
    """Every analgesic of both positions, with its daily dose for this patient.

    ``crcl_ml_min`` is Cockcroft-Gault in mL/min. ``hepatic_impairment`` is a bool (True =
    severity not recorded, read cautiously) or none/mild/moderate/severe.
    ``current_medications``: any names, known or not (unknown ones are not checked; see
    ``resolve_medications``). An agent contraindicated or to be avoided with them has
    ``avoid`` True and no dose. Haemodialysis and peritoneal dialysis together are an
    InputError. ``second_crcl_ml_min``: another clearance the clinician may choose (e.g.
    ``second_crcl_basis`` "creatinine set to 1.0 mg/dL"); where it falls in another band the
    option carries both (``alternative``), the lower first.
    """
    # Bands are chosen from the clearance as shown: rounded down to 0.1 mL/min, so a value
    # shown as "60.0" is in the band 60 belongs to, and rounding never lifts it to a higher,
    # less cautious band (59.99 is shown and banded as 59.9).
    crcl = floor_to(validation.number("crcl_ml_min", crcl_ml_min, *CRCL_ML_MIN_RANGE), 1)
    on_hd = validation.flag("on_hemodialysis", on_hemodialysis)
    on_pd = validation.flag("on_peritoneal_dialysis", on_peritoneal_dialysis)
    if on_hd and on_pd:
        raise InputError("on_peritoneal_dialysis", DIALYSIS_BOTH)
    dialysis = Dialysis.HAEMODIALYSIS if on_hd else Dialysis.PERITONEAL if on_pd else Dialysis.NONE
    liver = hepatic(hepatic_impairment)
    age = None if age_years is None else validation.number("age_years", age_years, *AGE_YEARS_RANGE)
    alcohol = validation.flag("substantial_alcohol_use", substantial_alcohol_use)
    meds = resolve(current_medications)
    flags = frozenset(
        name
        for name, value in (
            ("maoi_within_14_days", maoi_within_14_days),
            ("seizure_history", seizure_history),
            ("uncontrolled_epilepsy", uncontrolled_epilepsy),
        )
        if validation.flag(name, value)
    )
    options = [_option(a, crcl, dialysis, liver, age, alcohol, meds, flags) for a in agents().values()]
    if second_crcl_ml_min is None or dialysis is not Dialysis.NONE:
        return options
    second = floor_to(validation.number("second_crcl_ml_min", second_crcl_ml_min, *CRCL_ML_MIN_RANGE), 1)
    basis = second_crcl_basis or "second estimate"
    others = [replace(_option(a, second, dialysis, liver, age, alcohol, meds, flags), crcl_basis=basis) for a in agents().values()]
    return [_with_alternative(o, other) for o, other in zip(options, others, strict=True)]


DIALYSIS_BOTH = "choose one kind of dialysis: haemodialysis or peritoneal dialysis, not both"
