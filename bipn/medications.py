"""Co-medications: recognising names and the cautions they trigger with bortezomib."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from bipn.cards import Card, card
from bipn.data import load
from bipn.errors import InputError


@dataclass(frozen=True)
class Medication:
    id: str
    display: str
    classes: frozenset[str]
    aliases: tuple[str, ...]
    rule: str | None


@cache
def medications() -> Mapping[str, Medication]:
    """Every recognised co-medication by generic id (read-only)."""
    return MappingProxyType({
        mid: Medication(
            id=mid,
            display=raw.get("display", mid.replace("_", " ").capitalize()),
            classes=frozenset(raw["classes"]),
            aliases=tuple(raw["aliases"]),
            rule=raw.get("rule"),
        )
        for mid, raw in load("medications").items()
    })


@cache
def _lookup() -> dict[str, str]:
    table = {}
    for med in medications().values():
        for name in (med.id, med.id.replace("_", " "), med.display.lower(), *med.aliases):
            table[name.lower()] = med.id
    return table


def medication_name(med_id: str) -> str:
    """The display name of a recognised medication id."""
    return medications()[med_id].display


def known_medications() -> tuple[str, ...]:
    """Generic ids accepted in ``current_medications`` (brands and lay names also work)."""
    return tuple(sorted(medications()))


def resolve(names: Iterable[str], field: str = "current_medications") -> tuple[Medication, ...]:
    """The medications named, de-duplicated; InputError for a name the app does not know."""
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise InputError(field, f"{field} must be a list of medication names (got {names!r})")
    found: dict[str, Medication] = {}
    for name in names:
        key = name.strip().lower() if isinstance(name, str) else None
        if key not in _lookup():
            raise InputError(field, f"{field} has an unknown medication {name!r}; known: {', '.join(known_medications())}")
        med = medications()[_lookup()[key]]
        found[med.id] = med
    return tuple(found.values())


def with_class(meds: Iterable[Medication], cls: str) -> tuple[Medication, ...]:
    return tuple(m for m in meds if cls in m.classes)


def general_cautions(meds: tuple[Medication, ...] = ()) -> tuple[Card, ...]:
    """Supplement cautions for everyone on bortezomib, except those the patient takes."""
    taken = {m.id for m in meds}
    return tuple(
        card(m.rule, audit=("general caution for everyone on bortezomib",))
        for m in medications().values()
        if m.rule and m.id not in taken
    )


def medication_alerts(meds: tuple[Medication, ...]) -> tuple[Card, ...]:
    """Cautions triggered by what this patient takes: supplements and strong CYP3A4 drugs."""
    cards = [card(m.rule, audit=(f"patient takes {m.display.lower()}",)) for m in meds if m.rule]
    for cls, rule in (("cyp3a4_inducer", "caution.cyp3a4_inducer"), ("cyp3a4_inhibitor", "caution.cyp3a4_inhibitor")):
        hits = with_class(meds, cls)
        if hits:
            names = ", ".join(m.display for m in hits)
            cards.append(card(rule, audit=(f"taking {names}",), drugs=names))
    return tuple(cards)
