"""Co-medications: recognising what a clinician types, and the cautions it triggers.

Names are free text. A name the vocabulary (bipn/data/medications.toml) knows becomes its
generic id; any other is kept as typed and reported as not checked for interactions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from bipn.content.cards import Card, card
from bipn.content.loader import load
from bipn.core.errors import InputError
from bipn.content.evidence import Citation, citations_from

MEDICATION_MAX_CHARS = 200
MAX_MEDICATIONS = 100


@dataclass(frozen=True)
class MedicationClass:
    id: str
    display: str
    groups: tuple[str, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Medication:
    """A known medicine: ``classes`` holds its own classes and the groups they belong to."""

    id: str
    display: str
    classes: frozenset[str]
    aliases: tuple[str, ...]
    rule: str | None


@dataclass(frozen=True)
class MedicationList:
    """What a typed list of medicines resolved to.

    ``known``: generic ids, in input order, each once. ``unknown``: the typed names not
    recognised, as typed (stripped), each once: they are not checked for interactions.
    """

    known: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def medications(self) -> tuple[Medication, ...]:
        return tuple(medications()[m] for m in self.known)


@cache
def medication_classes() -> Mapping[str, MedicationClass]:
    """Every class of the vocabulary by id (read-only)."""
    return MappingProxyType({
        cid: MedicationClass(cid, raw["display"], tuple(raw.get("groups", ())), citations_from(raw["citations"]))
        for cid, raw in load("medications")["classes"].items()
    })


@cache
def medications() -> Mapping[str, Medication]:
    """Every recognised medicine by generic id (read-only)."""
    classes = medication_classes()
    out = {}
    for mid, raw in load("medications")["drugs"].items():
        own = raw["classes"]
        out[mid] = Medication(
            id=mid,
            display=raw.get("display", mid.replace("_", " ").capitalize()),
            classes=frozenset(own) | {g for c in own for g in classes[c].groups},
            aliases=tuple(raw["brands"]),
            rule=raw.get("rule"),
        )
    return MappingProxyType(out)


def normalise(name: str) -> str:
    """The matching key of a name: lower case, letters and digits only, single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.casefold().replace("'", "")).split())


# Words that often follow a medicine's name in a list: a dose, a route, a frequency.
_DOSE_WORDS = frozenset(
    "mg mcg microgram micrograms g ml units unit iu tablet tablets tab tabs capsule capsules cap caps "
    "daily once twice bd bid tds tid qds qid od om on nocte mane prn as needed required oral po iv sc im "
    "patch patches spray inhaler cream gel weekly monthly hourly hours hour every".split()
)


@cache
def _lookup() -> Mapping[str, str]:
    table = {}
    for med in medications().values():
        for name in (med.id, med.display, *med.aliases):
            table[normalise(name)] = med.id
    return MappingProxyType(table)


def _bare(key: str) -> str:
    """A matching key without dose, route and frequency words or numbers."""
    return " ".join(w for w in key.split() if w not in _DOSE_WORDS and not w[0].isdigit())  # "50mg" goes, "b6" stays


def match(name: str) -> str | None:
    """The generic id for a typed name, or None: exact (ignoring case, spacing and
    punctuation), else after dropping dose, route and frequency words ('Sertraline 50 mg OD')."""
    key = normalise(name)
    if key in _lookup():
        return _lookup()[key]
    return _lookup().get(_bare(key))


@cache
def _combinations() -> Mapping[str, tuple[str, ...]]:
    """Combination products by every name they are typed as: their parts' generic ids."""
    table = {}
    for cid, raw in load("medications").get("combinations", {}).items():
        for name in (cid, *raw["brands"]):
            table[normalise(name)] = tuple(raw["parts"])
    return MappingProxyType(table)


# What joins the parts of a combination as a ward writes it: "tramadol/paracetamol 37.5/325mg",
# "tramadol + paracetamol", "paracetamol and codeine", "codeine with paracetamol".
_JOINS = re.compile(r"/|\+|&|\band\b|\bwith\b", re.IGNORECASE)


def _parts(name: str) -> tuple[tuple[str, ...], bool]:
    """The generic ids recognised in a typed name, and whether all of it was recognised."""
    single = match(name)
    if single is not None:
        return (single,), True
    key = normalise(name)
    for k in (key, _bare(key)):
        if k in _combinations():
            return _combinations()[k], True
    pieces = [p for p in _JOINS.split(name) if _bare(normalise(p))]  # "325mg" alone is a dose, not a part
    if len(pieces) < 2:
        return (), False
    found = [_parts(p) for p in pieces]
    return tuple(dict.fromkeys(m for ids, _ in found for m in ids)), all(whole for _, whole in found)


def match_parts(name: str) -> tuple[str, ...]:
    """Every generic id a typed name stands for: one for a single medicine, its parts for a
    combination product (by name, or written with '/', '+', '&', 'and' or 'with' between
    known names); () when nothing in it is recognised. A name only partly recognised
    ('tramadol/xyz') gives the parts it knows; resolve_medications also lists it as not checked."""
    return _parts(name)[0]


def medication_entries(field: str, value: object) -> tuple[str, ...]:
    """A list of typed medicine names, stripped, empty ones left out; InputError if it is
    not a list of strings, or a name is longer than 200 characters."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InputError(field, f"{field} must be a list of medicine names (got {value!r})")
    names = []
    for item in value:
        if not isinstance(item, str):
            raise InputError(field, f"{field} must hold names as text (got {item!r})")
        text = item.strip()
        if len(text) > MEDICATION_MAX_CHARS:
            raise InputError(field, f"{field}: a name must be at most {MEDICATION_MAX_CHARS} characters (got {len(text)})")
        if text:
            names.append(text)
    if len(names) > MAX_MEDICATIONS:
        raise InputError(field, f"{field}: at most {MAX_MEDICATIONS} medicines (got {len(names)})")
    return tuple(names)


def resolve_medications(names: Iterable[str], field: str = "current_medications") -> MedicationList:
    """Split typed names into known generic ids and unknown names; never drops a name.

    Case, spacing and punctuation do not matter; brand names map to generics
    ('Nardil' -> phenelzine). Unknown names are kept (as typed) in ``unknown``.
    """
    known: dict[str, None] = {}
    unknown: dict[str, str] = {}
    for name in medication_entries(field, names):
        ids, whole = _parts(name)
        known.update(dict.fromkeys(ids))
        if not whole:
            unknown.setdefault(name, name)  # as typed: two spellings are both listed, never merged
    return MedicationList(known=tuple(known), unknown=tuple(unknown.values()))


def resolve(names: Iterable[str], field: str = "current_medications") -> tuple[Medication, ...]:
    """The known medicines among ``names`` (see resolve_medications for the unknown ones)."""
    return resolve_medications(names, field).medications


def medication_name(med_id: str) -> str:
    """The display name of a recognised medicine id."""
    return medications()[med_id].display


def known_medications() -> tuple[str, ...]:
    """Generic ids of every recognised medicine (brand and other names also work)."""
    return tuple(sorted(medications()))


def medication_suggestions() -> tuple[str, ...]:
    """Names to suggest while typing: each generic and brand name, as written, sorted."""
    names = {med.display for med in medications().values()}
    names |= {alias for med in medications().values() for alias in med.aliases}
    names |= {b for raw in load("medications").get("combinations", {}).values() for b in raw["brands"]}
    return tuple(sorted(names, key=str.casefold))


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


def unchecked_card(unknown: tuple[str, ...]) -> Card | None:
    """The card listing medicines the app could not check, or None when all were checked."""
    if not unknown:
        return None
    return card("meds.not_checked", audit=tuple(f"not recognised: {name}" for name in unknown), names="; ".join(unknown))
