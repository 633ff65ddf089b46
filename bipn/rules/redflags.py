"""Red flags: findings that need same-day assessment before any dose advice (policy.md)."""

from __future__ import annotations

from bipn.content.cards import Card, card
from bipn.clinical.findings import Findings

# How each finding is named in the card that it raises.
CORD_FINDINGS = {
    "new_weakness": "new or progressive weakness",
    "back_pain": "back pain",
    "sphincter_or_saddle": "bladder or bowel disturbance or saddle numbness",
}
ATYPICAL = "asymmetric, proximal or rapidly progressive pattern"
PREDOMINANTLY_MOTOR = "motor grade {motor} above sensory grade {sensory}"


def red_flag_cards(findings: Findings) -> tuple[Card, ...]:
    """The cord-compression and atypical-neuropathy cards these findings raise (none if none)."""
    cards = []
    cord = [words for name, words in CORD_FINDINGS.items() if getattr(findings, name)]
    if cord:
        cards.append(card("redflag.cord_compression", audit=tuple(f"finding: {w}" for w in cord), findings=", ".join(cord)))
    atypical = [ATYPICAL] if findings.atypical_pattern else []
    if findings.motor_grade > findings.sensory_grade:
        atypical.append(PREDOMINANTLY_MOTOR.format(motor=findings.motor_grade, sensory=findings.sensory_grade))
    if atypical:
        cards.append(card("redflag.atypical", audit=tuple(f"finding: {w}" for w in atypical), findings="; ".join(atypical)))
    return tuple(cards)
