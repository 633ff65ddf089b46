"""The bortezomib dose-action table of policy.md ("Bortezomib dose action"; facts.md §1).

Expected values are written out here from policy.md, not read from bipn's data, so a wrong
row in ``bipn/data/bortezomib.toml`` fails a test.

policy.md table (the worse of sensory and motor grade drives it):
  Grade 0, or Grade 1 without pain          -> continue (no change; keep monitoring)
  Grade 1 with pain, or Grade 2             -> reduce one level: 1.3 -> 1.0; 1.0 -> 0.7
  Grade 2 with pain, or Grade 3             -> withhold; restart at 0.7 mg/m² once weekly
  Grade 4, or severe autonomic neuropathy   -> discontinue
"""

from __future__ import annotations

import math

import pytest

import bipn
from bipn import Action, InputError

CONTINUE, REDUCE, WITHHOLD, DISCONTINUE = "continue", "reduce", "withhold", "discontinue"

# (grade, pain) -> action, transcribed from policy.md. Grade 0 with pain is not a row: it is
# a contradiction and must be refused.
POLICY_TABLE = {
    (0, False): CONTINUE,
    (1, False): CONTINUE,
    (1, True): REDUCE,
    (2, False): REDUCE,
    (2, True): WITHHOLD,
    (3, False): WITHHOLD,
    (3, True): WITHHOLD,
    (4, False): DISCONTINUE,
    (4, True): DISCONTINUE,
}


def _act(**kw):
    kw.setdefault("current_dose_mg_m2", 1.3)
    return bipn.dose_action(**kw)


# --------------------------------------------------------------------------------------
# Every row, driven by the sensory grade and by the motor grade alone
# --------------------------------------------------------------------------------------

ROW_CASES = [
    pytest.param(nerve, g, pain, action, id=f"{nerve}-grade{g}-{'pain' if pain else 'nopain'}-{action}")
    for nerve in ("sensory", "motor")
    for (g, pain), action in POLICY_TABLE.items()
]


@pytest.mark.parametrize("nerve, grade, pain, expected", ROW_CASES)
def test_policy_row_action(nerve, grade, pain, expected):
    other = "motor" if nerve == "sensory" else "sensory"
    result = _act(**{f"{nerve}_grade": grade, f"{other}_grade": 0}, neuropathic_pain=pain)
    assert result.action == expected
    assert result.action.value == expected
    assert isinstance(result.action, Action)
    assert isinstance(result.action, str), "Action must be a str Enum"


# Expected next dose and schedule for each action, from 1.3 mg/m² (policy.md).
FROM_1_3 = {
    CONTINUE: (1.3, False),
    REDUCE: (1.0, False),
    WITHHOLD: (0.7, True),
    DISCONTINUE: (None, False),
}


@pytest.mark.parametrize("nerve, grade, pain, expected", ROW_CASES)
def test_policy_row_next_dose_from_1_3(nerve, grade, pain, expected):
    other = "motor" if nerve == "sensory" else "sensory"
    result = _act(**{f"{nerve}_grade": grade, f"{other}_grade": 0}, neuropathic_pain=pain, current_dose_mg_m2=1.3)
    want_dose, want_weekly = FROM_1_3[expected]
    if want_dose is None:
        assert result.next_dose_mg_m2 is None
    else:
        assert result.next_dose_mg_m2 == pytest.approx(want_dose, abs=1e-9)
    assert result.once_weekly is want_weekly
    assert len(result.sources) >= 1


# --------------------------------------------------------------------------------------
# The worse of sensory and motor grade drives the action (full 5 x 5 x pain grid)
# --------------------------------------------------------------------------------------

GRID = [
    pytest.param(s, m, pain, id=f"S{s}-M{m}-{'pain' if pain else 'nopain'}")
    for s in range(5)
    for m in range(5)
    for pain in (False, True)
    if not (pain and s == 0 and m == 0)
]


@pytest.mark.parametrize("sensory, motor, pain", GRID)
def test_worse_of_sensory_and_motor_drives_action(sensory, motor, pain):
    result = _act(sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain)
    assert result.action == POLICY_TABLE[(max(sensory, motor), pain)]


@pytest.mark.parametrize(
    "sensory, motor, pain, expected",
    [
        pytest.param(1, 3, False, WITHHOLD, id="motor3-beats-sensory1"),
        pytest.param(3, 1, False, WITHHOLD, id="sensory3-beats-motor1"),
        pytest.param(0, 4, False, DISCONTINUE, id="motor4-alone-discontinues"),
        pytest.param(0, 2, True, WITHHOLD, id="motor2-with-pain-withholds"),
        pytest.param(0, 1, True, REDUCE, id="motor1-with-pain-reduces"),
        pytest.param(2, 0, False, REDUCE, id="sensory2-motor0-reduces"),
        pytest.param(1, 1, False, CONTINUE, id="both-grade1-no-pain-continues"),
    ],
)
def test_motor_grade_is_not_ignored(sensory, motor, pain, expected):
    assert _act(sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain).action == expected


# --------------------------------------------------------------------------------------
# Severe autonomic neuropathy -> withhold and assess; discontinue once the clinician confirms
# (policy.md additions), whatever the grade
# --------------------------------------------------------------------------------------

AUTONOMIC = [
    pytest.param(s, m, pain, dose, id=f"autonomic-S{s}-M{m}-{'pain' if pain else 'nopain'}-{dose}")
    for s, m, pain in [(0, 0, False), (1, 0, False), (1, 0, True), (2, 0, False), (0, 2, True), (3, 3, True), (4, 0, False)]
    for dose in (1.3, 0.7)
]


@pytest.mark.parametrize("sensory, motor, pain, dose", AUTONOMIC)
def test_confirmed_severe_autonomic_discontinues(sensory, motor, pain, dose):
    result = _act(
        sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain, severe_autonomic=True, autonomic_confirmed=True, current_dose_mg_m2=dose
    )
    assert result.action == DISCONTINUE
    assert result.next_dose_mg_m2 is None
    assert result.once_weekly is False


@pytest.mark.parametrize("sensory, motor, pain, dose", AUTONOMIC)
def test_unconfirmed_severe_autonomic_withholds_and_assesses(sensory, motor, pain, dose):
    result = _act(sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain, severe_autonomic=True, current_dose_mg_m2=dose)
    if max(sensory, motor) == 4:
        assert result.action == DISCONTINUE, "Grade 4 discontinues on its own"
        return
    assert result.action == WITHHOLD
    assert result.card.rule_id == "dose.autonomic_assess"
    assert result.next_dose_mg_m2 is None and not result.restart_needs_confirmation
    for cause in ("dehydration", "antihypertensives", "opioids", "hypercalcaemia", "amyloidosis", "diabetes"):
        assert cause in result.card.detail


def test_autonomic_false_is_not_discontinue():
    assert _act(sensory_grade=1, neuropathic_pain=False, severe_autonomic=False).action == CONTINUE


# --------------------------------------------------------------------------------------
# Dose levels: 1.3 -> 1.0 -> 0.7; between levels step down to the next level below
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "current, expected_next",
    [
        pytest.param(1.3, 1.0, id="1.3-to-1.0"),
        pytest.param(1.0, 0.7, id="1.0-to-0.7"),
        pytest.param(1.29, 1.0, id="1.29-to-1.0"),
        pytest.param(1.15, 1.0, id="1.15-to-1.0"),
        pytest.param(1.01, 1.0, id="1.01-to-1.0"),
        pytest.param(0.99, 0.7, id="0.99-to-0.7"),
        pytest.param(0.85, 0.7, id="0.85-to-0.7"),
        pytest.param(0.71, 0.7, id="0.71-to-0.7"),
        pytest.param(1.0 + 1e-12, 0.7, id="1.0-float-noise-to-0.7"),
        pytest.param(0.7, None, id="0.7-floor-no-lower-level"),
        pytest.param(0.7 - 1e-12, None, id="0.7-float-noise-no-lower-level"),
        pytest.param(0.5, None, id="0.5-below-floor-no-lower-level"),
    ],
)
@pytest.mark.parametrize("trigger", [dict(sensory_grade=2, neuropathic_pain=False), dict(sensory_grade=1, neuropathic_pain=True), dict(motor_grade=2, sensory_grade=0, neuropathic_pain=False)], ids=["G2", "G1+pain", "motorG2"])
def test_reduce_steps_to_next_labelled_level(current, expected_next, trigger):
    result = bipn.dose_action(current_dose_mg_m2=current, **trigger)
    assert result.action == REDUCE
    if expected_next is None:
        assert result.next_dose_mg_m2 is None, "never invent a dose below 0.7 mg/m²"
    else:
        assert result.next_dose_mg_m2 == pytest.approx(expected_next, abs=1e-9)
        assert result.next_dose_mg_m2 in (1.0, 0.7), "only labelled levels may be proposed"
    assert result.once_weekly is False


def test_reduce_at_floor_says_there_is_no_lower_level():
    """policy.md: at 0.7 'say so, and point to withholding or discontinuation'."""
    result = _act(sensory_grade=2, neuropathic_pain=False, current_dose_mg_m2=0.7)
    text = (result.card.summary + " " + result.card.detail).lower()
    assert "no lower" in text
    assert "withh" in text and ("stop" in text or "discontinu" in text)
    assert result.sources


@pytest.mark.parametrize("current", [1.3, 1.15, 1.0, 0.85, 0.7])
@pytest.mark.parametrize("trigger", [dict(sensory_grade=3, neuropathic_pain=False), dict(sensory_grade=2, neuropathic_pain=True), dict(sensory_grade=0, motor_grade=3, neuropathic_pain=False)], ids=["G3", "G2+pain", "motorG3"])
def test_withhold_restarts_at_0_7_once_weekly(current, trigger):
    result = bipn.dose_action(current_dose_mg_m2=current, **trigger)
    assert result.action == WITHHOLD
    assert result.next_dose_mg_m2 == pytest.approx(0.7, abs=1e-9)
    assert result.once_weekly is True
    assert result.restart_needs_confirmation is True, "the app never auto-restarts (policy.md)"


def test_withhold_below_restart_dose_never_raises_the_dose():
    result = _act(sensory_grade=3, neuropathic_pain=False, current_dose_mg_m2=0.5)
    assert result.action == WITHHOLD
    assert result.next_dose_mg_m2 is None or result.next_dose_mg_m2 <= 0.5


@pytest.mark.parametrize("current", [1.3, 1.0, 0.7, 0.5])
@pytest.mark.parametrize("trigger", [dict(sensory_grade=4, neuropathic_pain=False), dict(sensory_grade=4, neuropathic_pain=True), dict(sensory_grade=0, motor_grade=4, neuropathic_pain=False)], ids=["G4", "G4+pain", "motorG4"])
def test_discontinue_has_no_next_dose(current, trigger):
    result = bipn.dose_action(current_dose_mg_m2=current, **trigger)
    assert result.action == DISCONTINUE
    assert result.next_dose_mg_m2 is None
    assert result.once_weekly is False


@pytest.mark.parametrize("current", [1.3, 1.0, 0.85, 0.7])
def test_continue_keeps_current_dose(current):
    result = _act(sensory_grade=1, neuropathic_pain=False, current_dose_mg_m2=current)
    assert result.action == CONTINUE
    assert result.next_dose_mg_m2 == pytest.approx(current, abs=1e-12)
    assert result.once_weekly is False


# --------------------------------------------------------------------------------------
# Input errors: InputError (a ValueError) naming the field
# --------------------------------------------------------------------------------------

def _raises_for(field, **kw):
    with pytest.raises(InputError) as info:
        _act(**kw)
    assert isinstance(info.value, ValueError)
    assert field in str(info.value), f"message must name {field!r}: {info.value}"
    assert info.value.field == field
    return info.value


@pytest.mark.parametrize("motor", [0], ids=["motor0"])
def test_grade_0_with_pain_is_refused(motor):
    _raises_for("neuropathic_pain", sensory_grade=0, motor_grade=motor, neuropathic_pain=True)


@pytest.mark.parametrize(
    "dose",
    [
        pytest.param(1.31, id="1.31-above-1.3"),
        pytest.param(1.3000001, id="just-above-1.3"),
        pytest.param(1.5, id="1.5"),
        pytest.param(2.6, id="mg-not-mg-per-m2"),
        pytest.param(0, id="zero"),
        pytest.param(0.0, id="zero-float"),
        pytest.param(-0.7, id="negative"),
        pytest.param(math.nan, id="nan"),
        pytest.param(math.inf, id="inf"),
        pytest.param(-math.inf, id="-inf"),
        pytest.param("1.3", id="string"),
        pytest.param(None, id="None"),
        pytest.param(True, id="bool"),
    ],
)
def test_bad_current_dose_is_refused(dose):
    err = _raises_for("current_dose_mg_m2", sensory_grade=1, neuropathic_pain=False, current_dose_mg_m2=dose)
    shown = f"{dose:.15g}" if isinstance(dose, float) else repr(dose)  # 0 for 0.0: as a person typed it
    assert shown in str(err), "message must show the value received"


def test_dose_exactly_1_3_is_accepted():
    assert _act(sensory_grade=0, neuropathic_pain=False, current_dose_mg_m2=1.3).action == CONTINUE


BAD_GRADES = [
    pytest.param(-1, id="-1"),
    pytest.param(5, id="5-death-not-a-bedside-grade"),
    pytest.param(2.5, id="2.5"),
    pytest.param("2", id="string-2"),
    pytest.param(True, id="True"),
    pytest.param(False, id="False"),
    pytest.param(None, id="None"),
    pytest.param(math.nan, id="nan"),
    pytest.param(math.inf, id="inf"),
]


@pytest.mark.parametrize("value", BAD_GRADES)
@pytest.mark.parametrize("field", ["sensory_grade", "motor_grade"])
def test_bad_grade_is_refused(field, value):
    kw = {"sensory_grade": 1, "motor_grade": 0, "neuropathic_pain": False, field: value}
    err = _raises_for(field, **kw)
    assert "0" in str(err) and "4" in str(err), "message must say what is allowed (0 to 4)"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(1, id="int-1"),
        pytest.param(0, id="int-0"),
        pytest.param("yes", id="yes"),
        pytest.param("True", id="string-True"),
        pytest.param("false", id="string-false"),
        pytest.param(None, id="None"),
        pytest.param(1.0, id="float"),
    ],
)
def test_non_bool_pain_is_refused(value):
    _raises_for("neuropathic_pain", sensory_grade=2, neuropathic_pain=value)


@pytest.mark.parametrize("value", [1, "yes", None, 0])
def test_non_bool_autonomic_is_refused(value):
    _raises_for("severe_autonomic", sensory_grade=1, neuropathic_pain=False, severe_autonomic=value)


def test_keyword_only():
    with pytest.raises(TypeError):
        bipn.dose_action(2, False, 1.3)  # type: ignore[misc]


def test_action_rank_orders_mildest_first():
    assert [a.rank for a in (Action.CONTINUE, Action.REDUCE, Action.WITHHOLD, Action.DISCONTINUE)] == [0, 1, 2, 3]
