"""Analgesic dose ranges gated by creatinine clearance, liver, age and co-medication.

policy.md "Pain"; facts.md §11 (label bands) and §5 (the two positions). The expected
ranges below are transcribed from facts.md §11 with policy.md's boundary rule ("a boundary
value falls in the band with the lower kidney function"), independently of bipn's data.
"""

from __future__ import annotations

import math

import pytest

import bipn
from bipn import InputError

CORE = ("pregabalin", "gabapentin", "duloxetine", "tramadol")


def plan(**kw):
    return {o.agent: o for o in bipn.analgesic_plan(**kw)}


def option(agent, crcl, **kw):
    return plan(crcl_ml_min=crcl, **kw)[agent]


# --------------------------------------------------------------------------------------
# Independent reference: the label bands of facts.md §11 with policy.md's boundary rule.
# The band is chosen from the clearance as shown, rounded down to 0.1 mL/min (rule
# pain.band_edges): rounding down can only move a value to the more cautious band.
# --------------------------------------------------------------------------------------

def shown(crcl):
    return math.floor(crcl * 10 + 1e-9) / 10


def ref_pregabalin(crcl):
    """LYRICA: >=60 | 30-60 | 15-30 | <15; overlaps at 60 and 30 go to the lower band."""
    crcl = shown(crcl)
    if crcl > 60:
        return 150, 600
    if crcl > 30:
        return 75, 300
    if crcl >= 15:
        return 25, 150
    return 25, 75


def ref_gabapentin(crcl):
    """NEURONTIN Table 1: >=60 | >30-59 | >15-29 | 15 (and below, in proportion).

    Gaps (59-60, 29-30, exactly 30, exactly 15) go to the lower band.
    """
    crcl = shown(crcl)
    if crcl >= 60:
        return 900, 3600
    if crcl > 30:
        return 400, 1400
    if crcl > 15:
        return 200, 700
    if crcl == 15:
        return 100, 300
    f = crcl / 15
    return 100 * f, 300 * f


def ref_duloxetine(crcl):
    """Avoid at CrCl < 30 (None = avoid); otherwise 30-60 mg/day (ESMO)."""
    crcl = shown(crcl)
    return None if crcl < 30 else (30, 60)


def ref_tramadol_max(crcl):
    """Usual max 400 mg/day; CrCl < 30 -> max 200 mg/day."""
    crcl = shown(crcl)
    return 400 if crcl >= 30 else 200


# --------------------------------------------------------------------------------------
# Pregabalin: every band and every edge
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "crcl, lo, hi",
    [
        pytest.param(300, 150, 600, id="300-top-band"),
        pytest.param(90, 150, 600, id="90"),
        pytest.param(60.01, 75, 300, id="60.01-shown-as-60.0-lower-band"),
        pytest.param(60, 75, 300, id="60-exactly-goes-to-30-60-band"),
        pytest.param(59.99, 75, 300, id="59.99"),
        pytest.param(45, 75, 300, id="45"),
        pytest.param(30.01, 25, 150, id="30.01-shown-as-30.0-lower-band"),
        pytest.param(30.1, 75, 300, id="30.1-above-30"),
        pytest.param(30, 25, 150, id="30-exactly-goes-to-15-30-band"),
        pytest.param(29.99, 25, 150, id="29.99"),
        pytest.param(20, 25, 150, id="20"),
        pytest.param(15.01, 25, 150, id="15.01"),
        pytest.param(15, 25, 150, id="15-exactly-is-15-30-band"),
        pytest.param(14.99, 25, 75, id="14.99-under-15-band"),
        pytest.param(5, 25, 75, id="5"),
        pytest.param(0.1, 25, 75, id="0.1-lowest-accepted"),
    ],
)
def test_pregabalin_band(crcl, lo, hi):
    o = option("pregabalin", crcl)
    assert (o.min_daily_mg, o.max_daily_mg) == (lo, hi)
    assert o.avoid is False
    assert (lo, hi) == ref_pregabalin(crcl)  # the reference agrees with the transcription


# --------------------------------------------------------------------------------------
# Gabapentin: every band, every gap, proportional below 15
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "crcl, lo, hi",
    [
        pytest.param(300, 900, 3600, id="300"),
        pytest.param(60.01, 900, 3600, id="60.01"),
        pytest.param(60, 900, 3600, id="60-exactly-is-ge60-band"),
        pytest.param(59.99, 400, 1400, id="59.99-gap-to-lower"),
        pytest.param(59.5, 400, 1400, id="59.5-gap-to-lower"),
        pytest.param(59, 400, 1400, id="59"),
        pytest.param(45, 400, 1400, id="45"),
        pytest.param(30.01, 200, 700, id="30.01-shown-as-30.0-lower-band"),
        pytest.param(30.1, 400, 1400, id="30.1"),
        pytest.param(30, 200, 700, id="30-exactly-gap-to-lower"),
        pytest.param(29.5, 200, 700, id="29.5-gap-to-lower"),
        pytest.param(29, 200, 700, id="29"),
        pytest.param(15.01, 100, 300, id="15.01-shown-as-15.0-lower-band"),
        pytest.param(15.1, 200, 700, id="15.1"),
        pytest.param(15, 100, 300, id="15-exactly"),
        pytest.param(7.5, 50, 150, id="7.5-half-of-15-proportional"),
        pytest.param(3, 20, 60, id="3-one-fifth-proportional"),
    ],
)
def test_gabapentin_band(crcl, lo, hi):
    o = option("gabapentin", crcl)
    assert o.min_daily_mg == pytest.approx(lo)
    assert o.max_daily_mg == pytest.approx(hi)
    assert o.avoid is False
    rlo, rhi = ref_gabapentin(crcl)
    assert (rlo, rhi) == pytest.approx((lo, hi))


@pytest.mark.parametrize("crcl", [14.99, 12, 10, 7.5, 5, 1, 0.5])
def test_gabapentin_below_15_is_in_proportion_and_never_above(crcl):
    """Label footnote: below 15 'reduce daily dose in proportion to creatinine clearance'."""
    o = option("gabapentin", crcl)
    exact_hi = 300 * shown(crcl) / 15
    assert o.max_daily_mg <= exact_hi + 1e-9, "shown maximum above the proportional label maximum"
    assert o.max_daily_mg > exact_hi - 1, "more than display rounding below the proportional maximum"
    assert o.min_daily_mg <= o.max_daily_mg


# --------------------------------------------------------------------------------------
# Duloxetine: avoid at CrCl < 30, on haemodialysis, in liver impairment, with alcohol
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "crcl, avoid",
    [
        pytest.param(300, False, id="300"),
        pytest.param(60, False, id="60"),
        pytest.param(30.01, False, id="30.01-shown-as-30.0-not-under-30"),
        pytest.param(30, False, id="30-exactly-not-under-30"),
        pytest.param(29.99, True, id="29.99-avoid"),
        pytest.param(29.5, True, id="29.5-avoid"),
        pytest.param(15, True, id="15-avoid"),
        pytest.param(0.1, True, id="0.1-avoid"),
    ],
)
def test_duloxetine_renal(crcl, avoid):
    o = option("duloxetine", crcl)
    assert o.avoid is avoid
    if avoid:
        assert o.max_daily_mg is None and o.min_daily_mg is None, "an avoided agent shows no dose"
        assert any("30" in c for c in o.cautions), "the reason (CrCl under 30) must be shown"
    else:
        assert (o.min_daily_mg, o.max_daily_mg) == (30, 60)


@pytest.mark.parametrize(
    "kw",
    [
        pytest.param(dict(on_hemodialysis=True), id="haemodialysis"),
        pytest.param(dict(hepatic_impairment=True), id="hepatic-True"),
        pytest.param(dict(hepatic_impairment="mild"), id="hepatic-mild"),
        pytest.param(dict(hepatic_impairment="moderate"), id="hepatic-moderate"),
        pytest.param(dict(hepatic_impairment="severe"), id="hepatic-severe"),
        pytest.param(dict(substantial_alcohol_use=True), id="alcohol"),
    ],
)
def test_duloxetine_avoid_conditions_with_good_kidneys(kw):
    o = option("duloxetine", 90, **kw)
    assert o.avoid is True
    assert o.max_daily_mg is None
    assert any(c.lower().startswith("avoid") for c in o.cautions)


def test_duloxetine_not_avoided_without_conditions():
    o = option("duloxetine", 90, hepatic_impairment=False, substantial_alcohol_use=False, on_hemodialysis=False)
    assert o.avoid is False
    assert o.max_daily_mg == 60


# --------------------------------------------------------------------------------------
# Tramadol: CrCl < 30, severe liver impairment, age > 75, and combinations
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "kw, expected_max",
    [
        pytest.param(dict(crcl_ml_min=90), 400, id="usual-400"),
        pytest.param(dict(crcl_ml_min=30), 400, id="crcl-30-exactly-400"),
        pytest.param(dict(crcl_ml_min=29.99), 200, id="crcl-29.99-200"),
        pytest.param(dict(crcl_ml_min=10), 200, id="crcl-10-200"),
        pytest.param(dict(crcl_ml_min=90, hepatic_impairment="severe"), 100, id="severe-hepatic-100"),
        pytest.param(dict(crcl_ml_min=90, hepatic_impairment=True), 100, id="hepatic-unspecified-cautious-100"),
        pytest.param(dict(crcl_ml_min=90, hepatic_impairment="moderate"), 400, id="moderate-hepatic-400"),
        pytest.param(dict(crcl_ml_min=90, hepatic_impairment="mild"), 400, id="mild-hepatic-400"),
        pytest.param(dict(crcl_ml_min=90, age_years=76), 300, id="age-76-300"),
        pytest.param(dict(crcl_ml_min=90, age_years=75.5), 300, id="age-75.5-300"),
        pytest.param(dict(crcl_ml_min=90, age_years=75), 400, id="age-75-400"),
        pytest.param(dict(crcl_ml_min=90, age_years=40), 400, id="age-40-400"),
        pytest.param(dict(crcl_ml_min=20, age_years=80), 200, id="crcl20-age80-min-200"),
        pytest.param(dict(crcl_ml_min=90, age_years=80, hepatic_impairment="severe"), 100, id="age80-severe-hepatic-min-100"),
        pytest.param(dict(crcl_ml_min=20, hepatic_impairment="severe"), 100, id="crcl20-severe-hepatic-min-100"),
        pytest.param(dict(crcl_ml_min=20, age_years=80, hepatic_impairment="severe"), 100, id="all-three-min-100"),
    ],
)
def test_tramadol_max(kw, expected_max):
    o = plan(**kw)["tramadol"]
    assert o.avoid is False
    assert o.max_daily_mg == expected_max


def test_tramadol_low_crcl_every_12_hours():
    o = option("tramadol", 20)
    assert "12" in o.regimen


def test_tramadol_severe_hepatic_50_mg_every_12_hours():
    o = option("tramadol", 90, hepatic_impairment="severe")
    assert "50 mg" in o.regimen and "12" in o.regimen


def test_tramadol_seizure_caution():
    assert any("seizure" in c.lower() for c in option("tramadol", 90).cautions)


# --------------------------------------------------------------------------------------
# Haemodialysis text for the gabapentinoids
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("agent", ["pregabalin", "gabapentin"])
def test_haemodialysis_supplement_caution(agent):
    with_hd = option(agent, 10, on_hemodialysis=True)
    without = option(agent, 10)
    assert any("dialysis" in c.lower() and "supplement" in c.lower() for c in with_hd.cautions)
    assert not any("dialysis" in c.lower() for c in without.cautions)


# --------------------------------------------------------------------------------------
# Band tables: contiguous, non-overlapping, strictly decreasing, ending at 0
# --------------------------------------------------------------------------------------

SWEEP = [round(0.01 * i, 2) for i in range(10, 30001)]  # 0.10 .. 300.00 in 0.01 steps
EDGES = [60, 59.5, 59, 30, 29.5, 29, 15, 7.5, 60 + 1e-9, 60 - 1e-9, 30 + 1e-9, 30 - 1e-9, 15 + 1e-9, 15 - 1e-9, 0.1]


def _interval_hits(bands, crcl):
    """Bands whose interval holds ``crcl``: at or above its own lower edge and below the
    lower edge of the band before it (the table is read from the best kidney function down)."""
    return [
        b.label
        for i, b in enumerate(bands)
        if b.contains(crcl) and (i == 0 or not bands[i - 1].contains(crcl))
    ]


@pytest.mark.parametrize("agent", CORE)
def test_bands_cover_every_crcl_exactly_once(agent):
    """Contiguous (no gap) and non-overlapping: each CrCl is in exactly one band interval,
    that band is the one ``band_for`` picks, and every band is reachable."""
    a = bipn.agents()[agent]
    bands = a.bands
    assert bands, f"{agent} has no renal band table"
    reached = set()
    for crcl in SWEEP + EDGES:
        hits = _interval_hits(bands, crcl)
        assert len(hits) == 1, f"{agent}: CrCl {crcl} is in {hits}"
        assert a.band_for(crcl).label == hits[0]
        reached.add(hits[0])
    assert reached == {b.label for b in bands}, f"{agent}: unreachable band(s)"


@pytest.mark.parametrize("agent", CORE)
def test_band_contains_holds_only_its_own_band(agent):
    """``Band.contains`` read literally: exactly one band of the table contains each CrCl.

    (A band labelled 'CrCl under 15 mL/min' must not 'contain' 90 mL/min.)
    """
    bands = bipn.agents()[agent].bands
    for crcl in SWEEP[::50] + EDGES:
        hits = [b.label for b in bands if b.contains(crcl)]
        assert len(hits) == 1, f"{agent}: CrCl {crcl} is in {hits}"


@pytest.mark.parametrize("agent", CORE)
def test_band_edges_strictly_decreasing_and_end_at_zero(agent):
    aboves = [b.above for b in bipn.agents()[agent].bands]
    assert all(a > b for a, b in zip(aboves, aboves[1:])), aboves
    assert aboves[-1] == 0
    assert bipn.agents()[agent].bands[-1].inclusive is False, "CrCl 0 is not a valid input"


@pytest.mark.parametrize("agent", CORE)
def test_band_maxima_do_not_rise_as_kidney_function_falls(agent):
    maxima = [b.max_mg for b in bipn.agents()[agent].bands if b.max_mg is not None]
    assert maxima == sorted(maxima, reverse=True)


# A coarser sweep for the full plan (each call builds every option).
PLAN_SWEEP = [round(0.25 * i, 2) for i in range(1, 1201)] + EDGES


def test_shown_maximum_never_above_label_maximum():
    """policy.md: 'The shown maximum is never above the label maximum for that band.'"""
    for crcl in PLAN_SWEEP:
        p = plan(crcl_ml_min=crcl)
        _, pre_hi = ref_pregabalin(crcl)
        assert p["pregabalin"].max_daily_mg <= pre_hi, crcl
        _, gab_hi = ref_gabapentin(crcl)
        assert p["gabapentin"].max_daily_mg <= gab_hi + 1e-9, crcl
        dul = ref_duloxetine(crcl)
        if dul is None:
            assert p["duloxetine"].avoid and p["duloxetine"].max_daily_mg is None, crcl
        else:
            assert p["duloxetine"].max_daily_mg <= dul[1], crcl
        assert p["tramadol"].max_daily_mg <= ref_tramadol_max(crcl), crcl


def test_full_sweep_matches_reference_bands():
    """Every sweep point lands in the band facts.md §11 + policy.md put it in."""
    for crcl in PLAN_SWEEP:
        p = plan(crcl_ml_min=crcl)
        assert (p["pregabalin"].min_daily_mg, p["pregabalin"].max_daily_mg) == ref_pregabalin(crcl), crcl
        glo, ghi = ref_gabapentin(crcl)
        assert p["gabapentin"].max_daily_mg == pytest.approx(ghi, abs=1), crcl
        assert p["gabapentin"].min_daily_mg == pytest.approx(glo, abs=1), crcl
        assert (ref_duloxetine(crcl) is None) == p["duloxetine"].avoid, crcl
        assert p["tramadol"].max_daily_mg == ref_tramadol_max(crcl), crcl


# --------------------------------------------------------------------------------------
# Serotonin-syndrome alert
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "agent, meds",
    [
        pytest.param("duloxetine", ["sertraline"], id="duloxetine+sertraline"),
        pytest.param("duloxetine", ["tramadol"], id="duloxetine+tramadol"),
        pytest.param("duloxetine", ["Ultram"], id="duloxetine+Ultram-brand"),
        pytest.param("tramadol", ["sertraline"], id="tramadol+sertraline"),
        pytest.param("tramadol", ["Cymbalta"], id="tramadol+Cymbalta-brand"),
        pytest.param("tramadol", ["duloxetine"], id="tramadol+duloxetine"),
        pytest.param("tramadol", ["  CYMBALTA "], id="tramadol+CYMBALTA-case-space"),
        pytest.param("tramadol", ["gabapentin", "fluoxetine"], id="tramadol+fluoxetine-among-others"),
    ],
)
def test_serotonin_alert(agent, meds):
    o = option(agent, 90, current_medications=meds)
    assert o.alerts, f"{agent} with {meds}: no alert"
    text = " ".join(a.summary for a in o.alerts).lower()
    assert "serotonin" in text
    assert any(c.startswith("Caution:") and "serotonin" in c.lower() for c in o.cautions)
    assert any(a.rule_id == "pain.serotonin" and a.severity is bipn.Severity.CAUTION for a in o.alerts)
    assert not o.avoid, "a serotonergic combination is a caution, not a reason to withhold the dose"
    for a in o.alerts:
        assert a.sources


@pytest.mark.parametrize(
    "agent, meds",
    [
        pytest.param("duloxetine", [], id="duloxetine-alone"),
        pytest.param("tramadol", [], id="tramadol-alone"),
        pytest.param("duloxetine", ["gabapentin"], id="duloxetine+gabapentin"),
        pytest.param("tramadol", ["pregabalin", "thalidomide"], id="tramadol+non-serotonergic"),
        pytest.param("duloxetine", ["Cymbalta"], id="duloxetine+itself-brand"),
        pytest.param("pregabalin", ["sertraline", "tramadol"], id="pregabalin-not-serotonergic"),
        pytest.param("gabapentin", ["Cymbalta"], id="gabapentin-not-serotonergic"),
    ],
)
def test_no_serotonin_alert(agent, meds):
    assert "pain.serotonin" not in {a.rule_id for a in option(agent, 90, current_medications=meds).alerts}


@pytest.mark.parametrize(
    "meds",
    [
        pytest.param(["aspirin-x"], id="unknown"),
        pytest.param(["sertraline", "notadrug"], id="one-unknown-among-known"),
        pytest.param([""], id="empty-name"),
    ],
)
def test_unknown_medication_is_accepted_not_refused(meds):
    """Unknown names never stop the plan (policy.md additions): they are kept as not checked."""
    assert len(bipn.analgesic_plan(crcl_ml_min=90, current_medications=meds)) == len(bipn.agents())


@pytest.mark.parametrize(
    "meds",
    [
        pytest.param([None], id="None-name"),
        pytest.param([42], id="int-name"),
        pytest.param("sertraline", id="bare-string-not-list"),
        pytest.param(None, id="None"),
        pytest.param(["x" * 201], id="name-over-200-characters"),
    ],
)
def test_malformed_medication_list_is_refused(meds):
    with pytest.raises(InputError) as info:
        bipn.analgesic_plan(crcl_ml_min=90, current_medications=meds)
    assert "current_medications" in str(info.value)


# --------------------------------------------------------------------------------------
# Bad CrCl and other inputs
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "crcl",
    [
        pytest.param(0, id="0"),
        pytest.param(0.0, id="0.0"),
        pytest.param(-1, id="-1"),
        pytest.param(10000.01, id="10000.01"),
        pytest.param(0.09, id="0.09-below-0.1"),
        pytest.param("abc", id="abc"),
        pytest.param("60", id="string-60"),
        pytest.param(None, id="None"),
        pytest.param(True, id="True"),
        pytest.param(math.nan, id="nan"),
        pytest.param(math.inf, id="inf"),
    ],
)
def test_bad_crcl_is_refused(crcl):
    with pytest.raises(InputError) as info:
        bipn.analgesic_plan(crcl_ml_min=crcl)
    assert "crcl_ml_min" in str(info.value)
    assert info.value.field == "crcl_ml_min"


@pytest.mark.parametrize(
    "kw, field",
    [
        pytest.param(dict(on_hemodialysis=1), "on_hemodialysis", id="hd-int"),
        pytest.param(dict(on_hemodialysis="yes"), "on_hemodialysis", id="hd-str"),
        pytest.param(dict(hepatic_impairment="very bad"), "hepatic_impairment", id="hepatic-unknown"),
        pytest.param(dict(hepatic_impairment=None), "hepatic_impairment", id="hepatic-None"),
        pytest.param(dict(age_years=-5), "age_years", id="age-negative"),
        pytest.param(dict(age_years=200), "age_years", id="age-200"),
        pytest.param(dict(age_years="76"), "age_years", id="age-string"),
        pytest.param(dict(substantial_alcohol_use="no"), "substantial_alcohol_use", id="alcohol-str"),
    ],
)
def test_other_bad_inputs_are_refused(kw, field):
    with pytest.raises(InputError) as info:
        bipn.analgesic_plan(crcl_ml_min=90, **kw)
    assert field in str(info.value)


# --------------------------------------------------------------------------------------
# Sources and both positions on every option
# --------------------------------------------------------------------------------------

SCENARIOS = [
    pytest.param(dict(crcl_ml_min=90), id="normal"),
    pytest.param(dict(crcl_ml_min=10, on_hemodialysis=True), id="haemodialysis"),
    pytest.param(dict(crcl_ml_min=45, hepatic_impairment="severe", age_years=80, current_medications=["sertraline"]), id="complex"),
    pytest.param(dict(crcl_ml_min=25, substantial_alcohol_use=True), id="alcohol-low-crcl"),
]


@pytest.mark.parametrize("kw", SCENARIOS)
def test_every_option_has_sources_and_both_positions(kw):
    options = bipn.analgesic_plan(**kw)
    assert {o.agent for o in options} >= set(CORE)
    for o in options:
        assert len(o.sources) >= 1, o.agent
        assert o.article_line.strip(), f"{o.agent}: source-article position missing"
        assert o.guideline_line.strip(), f"{o.agent}: guideline position missing"
        assert isinstance(o.cautions, list) and all(isinstance(c, str) for c in o.cautions)


def test_positions_pregabalin_article_first_line_duloxetine_guideline():
    """policy.md: show both positions, never hide either."""
    p = plan(crcl_ml_min=90)
    assert "first line" in p["pregabalin"].article_line.lower()
    assert "second line" in p["duloxetine"].article_line.lower()
    assert "ASCO" in p["duloxetine"].guideline_line and "only agent" in p["duloxetine"].guideline_line
    assert "[I, B]" in p["duloxetine"].guideline_line
    assert "[II, C]" in p["pregabalin"].guideline_line
    refs = {c.ref for c in p["duloxetine"].sources}
    assert "asco_2020" in refs
    assert "source_article" in {c.ref for c in p["pregabalin"].sources}
