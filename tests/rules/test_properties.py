"""Properties of the clinical core that must hold for every input (Hypothesis).

Deterministic: ``derandomize=True``, no example database, modest example counts.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import bipn
from bipn import Action, InputError

SETTINGS = settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

grades = st.integers(min_value=0, max_value=4)
doses = st.floats(min_value=0.05, max_value=1.3, allow_nan=False, allow_infinity=False) | st.sampled_from([1.3, 1.15, 1.0, 0.85, 0.7, 0.5])
crcls = st.floats(min_value=0.1, max_value=300, allow_nan=False, allow_infinity=False) | st.sampled_from([60, 60.04, 59.5, 59.99, 59, 30, 29.5, 29, 15, 14.99, 7.5, 0.1, 300])
hepatic = st.sampled_from([False, True, "none", "mild", "moderate", "severe"])
ages = st.none() | st.floats(min_value=18, max_value=120, allow_nan=False) | st.sampled_from([75, 76, 75.01])
serotonergic_or_not = st.lists(
    st.sampled_from(["sertraline", "Cymbalta", "tramadol", "gabapentin", "thalidomide", "Zoloft", "duloxetine", "pregabalin"]),
    max_size=3,
)


def _dose_action(sensory, motor, pain, dose, autonomic=False):
    return bipn.dose_action(
        sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain, current_dose_mg_m2=dose, severe_autonomic=autonomic
    )


# --------------------------------------------------------------------------------------
# Monotonicity of the dose action
# --------------------------------------------------------------------------------------

@SETTINGS
@given(s1=grades, s2=grades, motor=grades, pain=st.booleans(), dose=doses, autonomic=st.booleans())
def test_worse_sensory_grade_never_milder_action(s1, s2, motor, pain, dose, autonomic):
    lo, hi = sorted((s1, s2))
    if pain and max(lo, motor) == 0:
        return  # grade 0 with pain is refused (tested elsewhere)
    a = _dose_action(lo, motor, pain, dose, autonomic).action
    b = _dose_action(hi, motor, pain, dose, autonomic).action
    assert b.rank >= a.rank, (lo, hi, motor, pain, a, b)


@SETTINGS
@given(m1=grades, m2=grades, sensory=grades, pain=st.booleans(), dose=doses, autonomic=st.booleans())
def test_worse_motor_grade_never_milder_action(m1, m2, sensory, pain, dose, autonomic):
    lo, hi = sorted((m1, m2))
    if pain and max(lo, sensory) == 0:
        return
    a = _dose_action(sensory, lo, pain, dose, autonomic).action
    b = _dose_action(sensory, hi, pain, dose, autonomic).action
    assert b.rank >= a.rank, (sensory, lo, hi, pain, a, b)


@SETTINGS
@given(sensory=grades, motor=grades, dose=doses, autonomic=st.booleans())
def test_adding_pain_never_milder_action(sensory, motor, dose, autonomic):
    if max(sensory, motor) == 0:
        return
    without = _dose_action(sensory, motor, False, dose, autonomic).action
    with_pain = _dose_action(sensory, motor, True, dose, autonomic).action
    assert with_pain.rank >= without.rank


@SETTINGS
@given(sensory=grades, motor=grades, pain=st.booleans(), dose=doses)
def test_autonomic_discontinues_once_confirmed_and_withholds_before(sensory, motor, pain, dose):
    if pain and max(sensory, motor) == 0:
        return
    confirmed = bipn.dose_action(
        sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain, current_dose_mg_m2=dose, severe_autonomic=True, autonomic_confirmed=True
    )
    assert confirmed.action is Action.DISCONTINUE
    assert _dose_action(sensory, motor, pain, dose, True).action.rank >= Action.WITHHOLD.rank


@SETTINGS
@given(sensory=grades, motor=grades, pain=st.booleans(), dose=doses, autonomic=st.booleans())
def test_next_dose_never_above_current_and_always_sourced(sensory, motor, pain, dose, autonomic):
    if pain and max(sensory, motor) == 0:
        return
    r = _dose_action(sensory, motor, pain, dose, autonomic)
    if r.next_dose_mg_m2 is not None:
        assert r.next_dose_mg_m2 <= dose + 1e-12, (r.action, dose, r.next_dose_mg_m2)
        if r.action is not Action.CONTINUE:
            assert r.next_dose_mg_m2 in (1.0, 0.7), "only labelled levels are ever proposed"
    if r.action in (Action.REDUCE,):
        assert r.next_dose_mg_m2 is None or r.next_dose_mg_m2 < dose
    if r.action is Action.DISCONTINUE:
        assert r.next_dose_mg_m2 is None
    assert len(r.sources) >= 1


# --------------------------------------------------------------------------------------
# Analgesics: sources, and lower CrCl never gives a higher maximum
# --------------------------------------------------------------------------------------

def _max_key(o):
    """Comparable ceiling: avoided = 0; no dose in the sources = None (not compared)."""
    if o.avoid:
        return 0.0
    return o.max_daily_mg


@SETTINGS
@given(c1=crcls, c2=crcls, on_hd=st.booleans(), liver=hepatic, age=ages, alcohol=st.booleans(), meds=serotonergic_or_not)
def test_lower_crcl_never_higher_max(c1, c2, on_hd, liver, age, alcohol, meds):
    lo, hi = sorted((c1, c2))
    kw = dict(on_hemodialysis=on_hd, hepatic_impairment=liver, age_years=age, substantial_alcohol_use=alcohol, current_medications=meds)
    at_lo = {o.agent: o for o in bipn.analgesic_plan(crcl_ml_min=lo, **kw)}
    at_hi = {o.agent: o for o in bipn.analgesic_plan(crcl_ml_min=hi, **kw)}
    assert at_lo.keys() == at_hi.keys()
    for agent in at_lo:
        a, b = _max_key(at_lo[agent]), _max_key(at_hi[agent])
        if a is None or b is None:
            assert a is None and b is None, f"{agent}: dose shown at one CrCl but not the other"
            continue
        assert a <= b, f"{agent}: max {a} at CrCl {lo} > max {b} at CrCl {hi}"


@SETTINGS
@given(crcl=crcls, on_hd=st.booleans(), liver=hepatic, age=ages, alcohol=st.booleans(), meds=serotonergic_or_not)
def test_every_option_sourced_and_dose_consistent(crcl, on_hd, liver, age, alcohol, meds):
    options = bipn.analgesic_plan(
        crcl_ml_min=crcl, on_hemodialysis=on_hd, hepatic_impairment=liver, age_years=age,
        substantial_alcohol_use=alcohol, current_medications=meds,
    )
    assert options
    for o in options:
        assert len(o.sources) >= 1, o.agent
        assert o.article_line and o.guideline_line
        if o.avoid:
            assert o.min_daily_mg is None and o.max_daily_mg is None
        if o.min_daily_mg is not None and o.max_daily_mg is not None:
            assert 0 <= o.min_daily_mg <= o.max_daily_mg
        if o.max_daily_mg is not None:
            assert math.isfinite(o.max_daily_mg) and o.max_daily_mg >= 0


# --------------------------------------------------------------------------------------
# Hostile input: every public function returns or raises InputError, nothing else
# --------------------------------------------------------------------------------------

HUGE = 10**400  # an int too large for a float

anything = st.one_of(
    st.integers(),
    st.integers(min_value=10**308, max_value=10**420),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, -1, 0.7, 1.3, 2, 4, 60, 30, 15, "2", "sc", "iv", "velcade", "other", "male", "female",
                     "patient", "clinician", "severe", math.nan, math.inf, -math.inf, HUGE, -HUGE]),
)
lists_of_anything = st.lists(st.one_of(st.text(max_size=12), st.none(), st.integers(), st.sampled_from(["sertraline", "Cymbalta"])), max_size=3)


def _returns_or_input_error(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except InputError:
        pass


@SETTINGS
@given(h=anything, w=anything)
@example(h=HUGE, w=70)
@example(h=175, w=HUGE)
def test_bsa_mosteller_total(h, w):
    _returns_or_input_error(bipn.bsa_mosteller, h, w)


@SETTINGS
@given(age=anything, weight=anything, sex=anything, scr=anything, umol=anything, which=st.sampled_from(["mg", "umol", "both"]))
@example(age=65, weight=70, sex="male", scr=HUGE, umol=None, which="mg")
@example(age=HUGE, weight=70, sex="male", scr=1.4, umol=None, which="mg")
def test_creatinine_clearance_total(age, weight, sex, scr, umol, which):
    kw = dict(age_years=age, weight_kg=weight, sex=sex)
    if which in ("mg", "both"):
        kw["scr_mg_dl"] = scr
    if which in ("umol", "both"):
        kw["scr_umol_l"] = umol
    _returns_or_input_error(bipn.creatinine_clearance, **kw)


@SETTINGS
@given(sensory=anything, motor=anything, pain=anything, dose=anything, autonomic=anything)
@example(sensory=2, motor=0, pain=False, dose=HUGE, autonomic=False)
def test_dose_action_total(sensory, motor, pain, dose, autonomic):
    _returns_or_input_error(
        bipn.dose_action, sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain,
        current_dose_mg_m2=dose, severe_autonomic=autonomic,
    )


@SETTINGS
@given(crcl=anything, on_hd=anything, liver=anything, age=anything, alcohol=anything, meds=st.one_of(anything, lists_of_anything))
@example(crcl=HUGE, on_hd=False, liver=False, age=None, alcohol=False, meds=())
@example(crcl=50, on_hd=False, liver=False, age=HUGE, alcohol=False, meds=())
def test_analgesic_plan_total(crcl, on_hd, liver, age, alcohol, meds):
    _returns_or_input_error(
        bipn.analgesic_plan, crcl_ml_min=crcl, on_hemodialysis=on_hd, hepatic_impairment=liver,
        age_years=age, substantial_alcohol_use=alcohol, current_medications=meds,
    )


@SETTINGS
@given(dose=anything, bsa=anything, product=anything, route=anything, conc=anything)
@example(dose=1.3, bsa=HUGE, product="velcade", route="sc", conc=None)
@example(dose=1.3, bsa=2.0, product="other", route="sc", conc=HUGE)
def test_dose_amount_total(dose, bsa, product, route, conc):
    _returns_or_input_error(bipn.dose_amount, dose_mg_m2=dose, bsa_m2=bsa, product=product, route=route, concentration_mg_ml=conc)


@SETTINGS
@given(who=anything)
def test_handout_total(who):
    _returns_or_input_error(bipn.handout, who)


@SETTINGS
@given(k=anything, n=anything)
@example(k=HUGE, n=HUGE)
def test_wilson_interval_total(k, n):
    _returns_or_input_error(bipn.wilson_interval, k, n)


# Named hostile inputs, so each failure points at one field.
NAMED_HOSTILE = [
    pytest.param(lambda: bipn.bsa_mosteller(HUGE, 70), id="bsa-height-huge-int"),
    pytest.param(lambda: bipn.bsa_mosteller(175, HUGE), id="bsa-weight-huge-int"),
    pytest.param(lambda: bipn.creatinine_clearance(age_years=65, weight_kg=70, sex="male", scr_mg_dl=HUGE), id="cg-scr-huge-int"),
    pytest.param(lambda: bipn.creatinine_clearance(age_years=HUGE, weight_kg=70, sex="male", scr_mg_dl=1.4), id="cg-age-huge-int"),
    pytest.param(lambda: bipn.dose_action(sensory_grade=2, neuropathic_pain=False, current_dose_mg_m2=HUGE), id="dose-action-dose-huge-int"),
    pytest.param(lambda: bipn.dose_action(sensory_grade=HUGE, neuropathic_pain=False, current_dose_mg_m2=1.3), id="dose-action-grade-huge-int"),
    pytest.param(lambda: bipn.analgesic_plan(crcl_ml_min=HUGE), id="analgesic-crcl-huge-int"),
    pytest.param(lambda: bipn.analgesic_plan(crcl_ml_min=50, age_years=HUGE), id="analgesic-age-huge-int"),
    pytest.param(lambda: bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=HUGE, product="velcade", route="sc"), id="dose-amount-bsa-huge-int"),
    pytest.param(lambda: bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product=["velcade"], route="sc"), id="dose-amount-product-list"),
    pytest.param(lambda: bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product={"velcade": 1}, route="sc"), id="dose-amount-product-dict"),
    pytest.param(lambda: bipn.analgesic_plan(crcl_ml_min=50, current_medications=[["sertraline"]]), id="analgesic-med-nested-list"),
    pytest.param(lambda: bipn.analgesic_plan(crcl_ml_min=50, hepatic_impairment=["severe"]), id="analgesic-hepatic-list"),
    pytest.param(lambda: bipn.handout(["patient"]), id="handout-list"),
    pytest.param(lambda: bipn.wilson_interval(HUGE, HUGE), id="wilson-huge-int"),
]


@pytest.mark.parametrize("call", NAMED_HOSTILE)
def test_named_hostile_input_raises_input_error(call):
    with pytest.raises(InputError):
        call()
