"""CTCAE grading of sensory and motor neuropathy, directly or through guided questions.

v5.0 is the default; v6.0 may be chosen (issue 22). Every grade the app records carries the
version it was graded with (``Findings.ctcae_version``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache

from bipn.core import validation
from bipn.content.cards import Card, card
from bipn.content.loader import load
from bipn.core.errors import InputError
from bipn.content.evidence import Citation, citations_from

MAX_GRADE = 4
DEFAULT_VERSION = "5.0"
LIMITS = {
    "limits_instrumental_adl": "Limits instrumental activities",
    "limits_self_care_adl": "Limits self-care",
    "life_threatening": "Life-threatening",
}


class Nerve(str, Enum):
    SENSORY = "sensory"
    MOTOR = "motor"


@dataclass(frozen=True)
class Term:
    """One CTCAE term with the wording of grades 0-4."""

    name: str
    definition: str
    grades: tuple[str, ...]
    label_v4: tuple[tuple[int, str], ...] = ()
    changed: tuple[tuple[int, str], ...] = ()
    version: str = "CTCAE v5.0"

    def wording(self, g: int) -> str:
        """Grade ``g`` in this version's words, with the earlier version's words where they
        changed and the label's v4.0 words where they differ."""
        text = self.grades[g]
        before = dict(self.changed).get(g)
        if before:
            text += f" ({before})"
        v4 = dict(self.label_v4).get(g)
        return f"{text}; label (CTCAE v4.0): {v4}" if v4 else text


@dataclass(frozen=True)
class Ctcae:
    version: str
    sensory: Term
    motor: Term
    instrumental_adl: str
    self_care_adl: str
    citations: tuple[Citation, ...]
    label_mapping: str = ""

    @property
    def number(self) -> str:
        """'5.0' or '6.0'."""
        return self.version.removeprefix("CTCAE v")

    def term(self, nerve: Nerve) -> Term:
        return self.sensory if nerve is Nerve.SENSORY else self.motor


def versions() -> tuple[str, ...]:
    """The CTCAE versions the app grades with, the default first: ('5.0', '6.0')."""
    return (DEFAULT_VERSION, *load("grading").get("versions", {}))


def ctcae_version(field: str, value: object) -> str:
    """A CTCAE version the app knows ('5.0' or '6.0'), or InputError naming ``field``."""
    if not isinstance(value, str) or value.removeprefix("CTCAE ").removeprefix("v") not in versions():
        raise InputError(field, f"{field} must be one of {', '.join(versions())} (got {value!r})")
    return value.removeprefix("CTCAE ").removeprefix("v")


@cache
def ctcae(version: str = DEFAULT_VERSION) -> Ctcae:
    """The CTCAE wording the app grades with: v5.0 by default, v6.0 with ``version="6.0"``."""
    number = ctcae_version("version", version)
    raw = load("grading")
    base = raw if number == DEFAULT_VERSION else raw["versions"][number]
    label_v4 = raw["sensory"].get("label_v4_grades", {})
    return Ctcae(
        version=base["version"],
        sensory=_term(base["sensory"], label_v4, base["version"]),
        motor=_term(base["motor"], {}, base["version"]),
        instrumental_adl=base.get("instrumental_adl", raw["instrumental_adl"]),
        self_care_adl=base.get("self_care_adl", raw["self_care_adl"]),
        citations=citations_from(base["citations"]),
        label_mapping=base.get("label_mapping", ""),
    )


def _term(raw: dict, label_v4: dict, version: str) -> Term:
    v4 = tuple(sorted((int(g), text) for g, text in label_v4.items()))
    changed = tuple(sorted((int(g), text) for g, text in raw.get("changed", {}).items()))
    return Term(raw["term"], raw["definition"], tuple(raw["grades"]), v4, changed, version)


def grade(field: str, value: object) -> int:
    """A CTCAE grade 0-4 (grade 5, death, is not a bedside grade)."""
    return validation.whole_number(field, value, 0, MAX_GRADE)


@dataclass(frozen=True)
class GuidedGrade:
    """A grade reached through plain questions, with how each answer mapped."""

    nerve: Nerve
    grade: int
    steps: tuple[str, ...]


def guided_grade(
    nerve: str | Nerve,
    *,
    present: bool,
    limits_instrumental_adl: bool = False,
    limits_self_care_adl: bool = False,
    life_threatening: bool = False,
    version: str = DEFAULT_VERSION,
) -> GuidedGrade:
    """Map yes/no answers to a CTCAE grade (v5.0, or ``version`` '6.0'); the worst 'yes' decides.

    ``present``: any symptom or sign of this neuropathy. Every other 'yes' needs ``present``
    (a contradiction raises InputError); a self-care limit counts even without an
    instrumental one, since it is the worse of the two.
    """
    nerve = validation.choice("nerve", nerve, Nerve)
    answers = {
        "present": validation.flag("present", present),
        "limits_instrumental_adl": validation.flag("limits_instrumental_adl", limits_instrumental_adl),
        "limits_self_care_adl": validation.flag("limits_self_care_adl", limits_self_care_adl),
        "life_threatening": validation.flag("life_threatening", life_threatening),
    }
    if not present:
        for name in ("limits_instrumental_adl", "limits_self_care_adl", "life_threatening"):
            if answers[name]:
                raise InputError(name, f"{LIMITS[name]} cannot be yes when no {nerve.value} symptom or sign is present")
    c = ctcae(version)
    term = c.term(nerve)
    if life_threatening:
        g, why = 4, "life-threatening consequences or urgent intervention indicated"
    elif limits_self_care_adl:
        g, why = 3, f"limits self-care ADL ({c.self_care_adl})"
    elif limits_instrumental_adl:
        g, why = 2, f"limits instrumental ADL ({c.instrumental_adl})"
    elif present:
        g, why = 1, "present but limits no activity of daily living"
    else:
        g, why = 0, "no symptom or sign"
    steps = (f"{term.name}: {why} -> Grade {g} ({term.wording(g)}), {c.version}",)
    return GuidedGrade(nerve=nerve, grade=g, steps=steps)


def grading_card(
    *, sensory_grade: int, motor_grade: int, neuropathic_pain: bool, severe_autonomic: bool, version: str = DEFAULT_VERSION
) -> Card:
    """The card recording the grades and the CTCAE version used."""
    c = ctcae(version)
    mapping = (c.label_mapping,) if c.label_mapping and (sensory_grade == 1 or motor_grade == 1) else ()
    return card(
        "grading.ctcae_v5" if c.number == DEFAULT_VERSION else "grading.ctcae_v6",
        audit=(
            f"{c.sensory.name} Grade {sensory_grade}: {c.sensory.wording(sensory_grade)}",
            f"{c.motor.name} Grade {motor_grade}: {c.motor.wording(motor_grade)}",
            *mapping,
        ),
        sensory=sensory_grade,
        motor=motor_grade,
        pain=", with neuropathic pain" if neuropathic_pain else ", no neuropathic pain",
        autonomic=", severe autonomic neuropathy" if severe_autonomic else "",
    )
