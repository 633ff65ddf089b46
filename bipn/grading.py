"""CTCAE v5.0 grading of sensory and motor neuropathy, directly or through guided questions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache

from bipn import validation
from bipn.cards import Card, card
from bipn.data import load
from bipn.errors import InputError
from bipn.evidence import Citation, citations_from

MAX_GRADE = 4
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

    def wording(self, g: int) -> str:
        """Grade ``g`` in CTCAE v5.0 words, with the label's v4.0 words where they differ."""
        v4 = dict(self.label_v4).get(g)
        return f"{self.grades[g]}; label (CTCAE v4.0): {v4}" if v4 else self.grades[g]


@dataclass(frozen=True)
class Ctcae:
    version: str
    sensory: Term
    motor: Term
    instrumental_adl: str
    self_care_adl: str
    citations: tuple[Citation, ...]

    def term(self, nerve: Nerve) -> Term:
        return self.sensory if nerve is Nerve.SENSORY else self.motor


@cache
def ctcae() -> Ctcae:
    """The CTCAE v5.0 wording the app grades with."""
    raw = load("grading")
    return Ctcae(
        version=raw["version"],
        sensory=_term(raw["sensory"]),
        motor=_term(raw["motor"]),
        instrumental_adl=raw["instrumental_adl"],
        self_care_adl=raw["self_care_adl"],
        citations=citations_from(raw["citations"]),
    )


def _term(raw: dict) -> Term:
    v4 = tuple(sorted((int(g), text) for g, text in raw.get("label_v4_grades", {}).items()))
    return Term(raw["term"], raw["definition"], tuple(raw["grades"]), v4)


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
) -> GuidedGrade:
    """Map yes/no answers to a CTCAE v5.0 grade; the worst 'yes' decides.

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
    term = ctcae().term(nerve)
    c = ctcae()
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


def grading_card(*, sensory_grade: int, motor_grade: int, neuropathic_pain: bool, severe_autonomic: bool) -> Card:
    """The card recording the grades and the CTCAE version used."""
    c = ctcae()
    return card(
        "grading.ctcae_v5",
        audit=(
            f"{c.sensory.name} Grade {sensory_grade}: {c.sensory.wording(sensory_grade)}",
            f"{c.motor.name} Grade {motor_grade}: {c.motor.grades[motor_grade]}",
        ),
        sensory=sensory_grade,
        motor=motor_grade,
        pain=", with neuropathic pain" if neuropathic_pain else ", no neuropathic pain",
        autonomic=", severe autonomic neuropathy" if severe_autonomic else "",
    )
