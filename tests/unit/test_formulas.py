"""Cockcroft-Gault, Mosteller, bortezomib dose/volume and the Wilson interval.

Test vectors come from facts.md §12 (and §13 for the VELCADE concentrations), written out
here rather than recomputed with bipn's own code.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest

import bipn
from bipn import InputError


def cg(**kw):
    return bipn.creatinine_clearance(**kw)


# --------------------------------------------------------------------------------------
# Cockcroft-Gault (facts.md §12)
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "age, weight, sex, scr, expected",
    [
        pytest.param(65, 70, "male", 1.4, 52.08, id="male-65y-70kg-1.4-published-52.1"),
        pytest.param(45, 60, "female", 0.9, 74.77, id="female-45y-60kg-0.9-published-74.8"),
        pytest.param(60, 80, "male", 1.2, 74.07, id="male-60y-80kg-1.2-published-74.1"),
        pytest.param(45, 65, "female", 0.9, 81.00, id="female-45y-65kg-0.9-is-81.00-not-80.9"),
        pytest.param(70, 70, "female", 1.0, 57.85, id="female-70y-70kg-1.0"),
        pytest.param(80, 60, "female", 2.0, 21.25, id="female-80y-60kg-2.0"),
    ],
)
def test_cockcroft_gault_vectors(age, weight, sex, scr, expected):
    got = cg(age_years=age, weight_kg=weight, sex=sex, scr_mg_dl=scr)
    assert round(got, 2) == pytest.approx(expected, abs=1e-9), got
    assert got == pytest.approx(expected, abs=0.005)


def test_published_80_9_rounding_error_is_not_reproduced():
    got = cg(age_years=45, weight_kg=65, sex="female", scr_mg_dl=0.9)
    assert round(got, 1) == 81.0
    assert round(got, 1) != 80.9


@pytest.mark.parametrize("published, age, weight, sex, scr", [(52.1, 65, 70, "male", 1.4), (74.8, 45, 60, "female", 0.9), (74.1, 60, 80, "male", 1.2)])
def test_cockcroft_gault_matches_published_to_one_decimal(published, age, weight, sex, scr):
    assert round(cg(age_years=age, weight_kg=weight, sex=sex, scr_mg_dl=scr), 1) == published


def test_si_path_123_76_umol_l():
    got = cg(age_years=65, weight_kg=70, sex="male", scr_umol_l=123.76)
    assert got == pytest.approx(52.08, abs=0.005)
    assert got == pytest.approx(cg(age_years=65, weight_kg=70, sex="male", scr_mg_dl=1.4), rel=1e-12)


@pytest.mark.parametrize("mg_dl", [0.5, 0.9, 1.0, 1.4, 2.0, 4.5, 10.0])
def test_si_path_divides_by_88_4(mg_dl):
    si = cg(age_years=70, weight_kg=72, sex="female", scr_umol_l=mg_dl * 88.4)
    conv = cg(age_years=70, weight_kg=72, sex="female", scr_mg_dl=mg_dl)
    assert si == pytest.approx(conv, rel=1e-9)


def _cg_formula(age, weight, scr_mg_dl):
    return (140 - age) * weight / (72 * scr_mg_dl)


@pytest.mark.parametrize(
    "wrong_scr_mg_dl",
    [
        pytest.param(123.76 * 1.131, id="umol-times-1.131"),
        pytest.param(123.76 / 88.4 / 1000, id="88.4-read-as-mmol-per-L"),
        pytest.param(123.76 * 88.4 / 1000, id="umol-times-88.4-over-1000"),
        pytest.param(123.76 / 8.84, id="divide-by-8.84"),
        pytest.param(123.76 / 113.1, id="divide-by-molar-mass"),
    ],
)
def test_si_unit_traps_give_a_clearly_different_result(wrong_scr_mg_dl):
    """facts.md §12: some pages multiply µmol/L by 1.131 or write '88.4 mmol/L'."""
    right = cg(age_years=65, weight_kg=70, sex="male", scr_umol_l=123.76)
    wrong = _cg_formula(65, 70, wrong_scr_mg_dl)
    assert right == pytest.approx(52.08, abs=0.005)
    assert abs(right - wrong) > 2.0, f"{wrong} is too close to the right answer {right}"


def test_si_value_passed_as_mg_dl_is_refused():
    """123.76 entered in the mg/dL field is not a plausible creatinine: refuse, don't compute 0.6 mL/min."""
    with pytest.raises(InputError) as info:
        cg(age_years=65, weight_kg=70, sex="male", scr_mg_dl=123.76)
    assert "scr_mg_dl" in str(info.value)


@pytest.mark.parametrize("age, weight, scr", [(65, 70, 1.4), (30, 55, 0.7), (90, 45, 3.1), (18, 120, 0.6)])
def test_female_factor_0_85(age, weight, scr):
    f = cg(age_years=age, weight_kg=weight, sex="female", scr_mg_dl=scr)
    m = cg(age_years=age, weight_kg=weight, sex="male", scr_mg_dl=scr)
    assert f / m == pytest.approx(0.85, rel=1e-12)
    assert m == pytest.approx(_cg_formula(age, weight, scr), rel=1e-12)


@pytest.mark.parametrize("sex", ["Female", "FEMALE", " female ", bipn.Sex.FEMALE])
def test_sex_spellings(sex):
    assert cg(age_years=65, weight_kg=70, sex=sex, scr_mg_dl=1.4) == pytest.approx(52.0833 * 0.85, abs=1e-3)


def test_result_is_ml_min_not_normalised_to_bsa():
    """Same age/SCr, double weight -> double CrCl (mL/min, not per 1.73 m²)."""
    a = cg(age_years=60, weight_kg=50, sex="male", scr_mg_dl=1.0)
    b = cg(age_years=60, weight_kg=100, sex="male", scr_mg_dl=1.0)
    assert b == pytest.approx(2 * a, rel=1e-12)


@pytest.mark.parametrize(
    "kw",
    [
        pytest.param(dict(scr_mg_dl=1.4, scr_umol_l=123.76), id="both"),
        pytest.param(dict(), id="neither"),
        pytest.param(dict(scr_mg_dl=None, scr_umol_l=None), id="neither-explicit-None"),
    ],
)
def test_exactly_one_creatinine(kw):
    with pytest.raises(InputError) as info:
        cg(age_years=65, weight_kg=70, sex="male", **kw)
    assert "scr" in str(info.value)


@pytest.mark.parametrize(
    "kw, field",
    [
        pytest.param(dict(age_years=-1), "age_years", id="age-negative"),
        pytest.param(dict(age_years=0), "age_years", id="age-0"),
        pytest.param(dict(age_years=150), "age_years", id="age-150"),
        pytest.param(dict(age_years=141), "age_years", id="age-141-negative-crcl"),
        pytest.param(dict(age_years="65"), "age_years", id="age-string"),
        pytest.param(dict(age_years=math.nan), "age_years", id="age-nan"),
        pytest.param(dict(weight_kg=0), "weight_kg", id="weight-0"),
        pytest.param(dict(weight_kg=-70), "weight_kg", id="weight-negative"),
        pytest.param(dict(weight_kg=1000), "weight_kg", id="weight-1000"),
        pytest.param(dict(weight_kg=math.inf), "weight_kg", id="weight-inf"),
        pytest.param(dict(weight_kg=None), "weight_kg", id="weight-None"),
        pytest.param(dict(sex="m"), "sex", id="sex-m"),
        pytest.param(dict(sex="other"), "sex", id="sex-other"),
        pytest.param(dict(sex=None), "sex", id="sex-None"),
        pytest.param(dict(sex=1), "sex", id="sex-int"),
        pytest.param(dict(scr_mg_dl=0), "scr_mg_dl", id="scr-0"),
        pytest.param(dict(scr_mg_dl=-1.4), "scr_mg_dl", id="scr-negative"),
        pytest.param(dict(scr_mg_dl=math.nan), "scr_mg_dl", id="scr-nan"),
        pytest.param(dict(scr_mg_dl=100), "scr_mg_dl", id="scr-100-mg-dl"),
        pytest.param(dict(scr_mg_dl="1.4"), "scr_mg_dl", id="scr-string"),
        pytest.param(dict(scr_mg_dl=True), "scr_mg_dl", id="scr-bool"),
        pytest.param(dict(scr_mg_dl=None, scr_umol_l=0), "scr_umol_l", id="umol-0"),
        pytest.param(dict(scr_mg_dl=None, scr_umol_l=-5), "scr_umol_l", id="umol-negative"),
        pytest.param(dict(scr_mg_dl=None, scr_umol_l=1.4), "scr_umol_l", id="umol-1.4-is-mg-dl-value"),
        pytest.param(dict(scr_mg_dl=None, scr_umol_l=50000), "scr_umol_l", id="umol-50000"),
    ],
)
def test_absurd_cockcroft_gault_inputs(kw, field):
    base = dict(age_years=65, weight_kg=70, sex="male", scr_mg_dl=1.4)
    base.update(kw)
    base = {k: v for k, v in base.items() if not (k == "scr_mg_dl" and v is None and "scr_umol_l" in kw)}
    with pytest.raises(InputError) as info:
        cg(**base)
    assert field in str(info.value), str(info.value)


def test_kidney_function_shows_weight_used_and_basis():
    """policy.md: 'the weight used is shown and can be chosen'."""
    kf = bipn.kidney_function(age_years=65, weight_kg=62, sex="male", scr_mg_dl=1.4, weight_basis="ideal")
    assert kf.crcl_ml_min == pytest.approx(_cg_formula(65, 62, 1.4))
    assert kf.weight_kg == 62 and kf.weight_basis == bipn.WeightBasis.IDEAL
    text = kf.card.summary + " " + " ".join(kf.card.audit)
    assert "62" in text and "ideal" in text


# --------------------------------------------------------------------------------------
# Mosteller BSA (facts.md §12)
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "height, weight, expected, tol",
    [
        pytest.param(175, 70, 1.845, 0.0005, id="175cm-70kg-published-1.845"),
        pytest.param(175, 70, 1.8447, 0.00005, id="175cm-70kg-1.8447"),
        pytest.param(180, 80, 2.0, 1e-12, id="180cm-80kg-exactly-2"),
        pytest.param(160, 60, 1.6330, 0.00005, id="160cm-60kg"),
        pytest.param(150, 50, 1.4434, 0.00005, id="150cm-50kg"),
    ],
)
def test_mosteller_vectors(height, weight, expected, tol):
    assert bipn.bsa_mosteller(height, weight) == pytest.approx(expected, abs=tol)


@pytest.mark.parametrize("height, weight", [(175, 70), (150, 95), (200, 60), (120, 25)])
def test_mosteller_formula_metric_form(height, weight):
    """sqrt(cm x kg / 3600), not the inch/pound divisor 3131 applied to metric units."""
    bsa = bipn.bsa_mosteller(height, weight)
    assert bsa == pytest.approx(math.sqrt(height * weight / 3600), rel=1e-12)
    assert abs(bsa - math.sqrt(height * weight / 3131)) > 0.05


@pytest.mark.parametrize(
    "height, weight, field",
    [
        pytest.param(0, 70, "height_cm", id="height-0"),
        pytest.param(-175, 70, "height_cm", id="height-negative"),
        pytest.param(1.75, 70, "height_cm", id="height-in-metres"),
        pytest.param(69, 70, "height_cm", id="height-in-inches"),
        pytest.param(400, 70, "height_cm", id="height-400"),
        pytest.param(math.nan, 70, "height_cm", id="height-nan"),
        pytest.param("175", 70, "height_cm", id="height-string"),
        pytest.param(None, 70, "height_cm", id="height-None"),
        pytest.param(175, 0, "weight_kg", id="weight-0"),
        pytest.param(175, -1, "weight_kg", id="weight-negative"),
        pytest.param(175, 5000, "weight_kg", id="weight-5000"),
        pytest.param(175, math.inf, "weight_kg", id="weight-inf"),
        pytest.param(175, True, "weight_kg", id="weight-bool"),
    ],
)
def test_mosteller_absurd_inputs(height, weight, field):
    with pytest.raises(InputError) as info:
        bipn.bsa_mosteller(height, weight)
    assert field in str(info.value)


# --------------------------------------------------------------------------------------
# Bortezomib dose and volume (facts.md §12 table; §13 concentrations)
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "bsa, dose, mg, sc_ml, iv_ml, tol",
    [
        pytest.param(2.0, 1.3, 2.60, 1.04, 2.60, 1e-9, id="2.0m2-1.3"),
        pytest.param(2.0, 1.0, 2.00, 0.80, 2.00, 1e-9, id="2.0m2-1.0"),
        pytest.param(2.0, 0.7, 1.40, 0.56, 1.40, 1e-9, id="2.0m2-0.7"),
        # facts.md: 2.398 mg, SC 0.959 mL. The dose is rounded once, to 0.01 mg, and the volume
        # is worked out from that rounded dose, so what is shown is what is drawn up.
        pytest.param(1.8447, 1.3, 2.40, 0.96, 2.40, 1e-9, id="1.8447m2-1.3-rounded-once"),
    ],
)
def test_velcade_dose_and_volume(bsa, dose, mg, sc_ml, iv_ml, tol):
    sc = bipn.dose_amount(dose_mg_m2=dose, bsa_m2=bsa, product="velcade", route="sc")
    iv = bipn.dose_amount(dose_mg_m2=dose, bsa_m2=bsa, product="velcade", route="iv")
    assert sc.dose_mg == pytest.approx(mg, abs=tol)
    assert iv.dose_mg == pytest.approx(mg, abs=tol)
    assert sc.volume_ml == pytest.approx(sc_ml, abs=tol)
    assert iv.volume_ml == pytest.approx(iv_ml, abs=tol)
    assert sc.concentration_mg_ml == 2.5 and iv.concentration_mg_ml == 1.0
    # The 2.5-fold route trap (facts.md discrepancy 9): IV volume is 2.5x SC volume.
    assert iv.volume_ml / sc.volume_ml == pytest.approx(2.5)


def test_dose_amount_from_mosteller_bsa():
    bsa = bipn.bsa_mosteller(175, 70)
    sc = bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=bsa, product="velcade", route=bipn.Route.SC)
    assert sc.dose_mg == 2.40 and sc.dose_mg_text == "2.40 mg"
    assert sc.volume_ml == 0.96 and sc.volume_ml_text == "0.96 mL"
    assert "2.40 mg / 2.5 mg/mL = 0.96 mL" in sc.cards[1].audit


@pytest.mark.parametrize("route", ["sc", "iv"])
def test_other_product_requires_concentration(route):
    with pytest.raises(InputError) as info:
        bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product="other", route=route)
    assert "concentration_mg_ml" in str(info.value)


@pytest.mark.parametrize("conc, volume", [(2.5, 1.04), (1.0, 2.60), (3.5, 0.74)])
def test_other_product_uses_the_entered_concentration(conc, volume):
    r = bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product="other", route="iv", concentration_mg_ml=conc)
    assert r.dose_mg == pytest.approx(2.6)
    assert r.volume_ml == pytest.approx(volume)


@pytest.mark.parametrize("conc", [0, -1, math.nan, "2.5", 1000])
def test_other_product_bad_concentration(conc):
    with pytest.raises(InputError) as info:
        bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product="other", route="sc", concentration_mg_ml=conc)
    assert "concentration_mg_ml" in str(info.value)


@pytest.mark.parametrize(("route", "conc"), [("sc", 3.5), ("sc", 2.0), ("iv", 2.5), ("iv", 3.5)])
def test_known_product_refuses_a_concentration_it_is_not_made_up_at(route, conc):
    with pytest.raises(InputError) as info:
        bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product="velcade", route=route, concentration_mg_ml=conc)
    assert info.value.field == "concentration_mg_ml"
    assert "made up at" in str(info.value)


def test_velcade_sc_at_1_mg_ml_for_injection_site_reactions():
    """Label section 2.9: SC may be made up at 1 mg/mL; the volume follows the choice."""
    r = bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product="velcade", route="sc", concentration_mg_ml=1.0)
    assert (r.dose_mg, r.volume_ml, r.concentration_mg_ml) == (2.6, 2.6, 1.0)
    assert "injection-site reactions" in " ".join(r.cards[1].audit)
    default = bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product="velcade", route="sc")
    assert (default.volume_ml, default.concentration_mg_ml) == (1.04, 2.5), "2.5 mg/mL stays the default"


@pytest.mark.parametrize("conc", [0.5, 2.0, 5.0, 10.0])
def test_other_product_unusual_concentration_needs_confirmation(conc):
    with pytest.raises(InputError) as info:
        bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product="other", route="iv", concentration_mg_ml=conc)
    assert info.value.field == "concentration_mg_ml" and "1, 2.5, 3.5" in str(info.value)
    confirmed = bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=2.0, product="other", route="iv", concentration_mg_ml=conc, concentration_confirmed=True)
    assert confirmed.cards[0].rule_id == "dose.concentration_unverified"
    assert confirmed.cards[0].severity is bipn.Severity.CRITICAL


@pytest.mark.parametrize(
    "kw, field",
    [
        pytest.param(dict(product="bortezomib-generic"), "product", id="unknown-product"),
        pytest.param(dict(product="VELCADE!"), "product", id="misspelt-product"),
        pytest.param(dict(route="im"), "route", id="route-im"),
        pytest.param(dict(route=None), "route", id="route-None"),
        pytest.param(dict(dose_mg_m2=1.5), "dose_mg_m2", id="dose-above-1.3"),
        pytest.param(dict(dose_mg_m2=0), "dose_mg_m2", id="dose-0"),
        pytest.param(dict(bsa_m2=0), "bsa_m2", id="bsa-0"),
        pytest.param(dict(bsa_m2=20), "bsa_m2", id="bsa-20"),
        pytest.param(dict(bsa_m2=math.nan), "bsa_m2", id="bsa-nan"),
    ],
)
def test_dose_amount_bad_inputs(kw, field):
    base = dict(dose_mg_m2=1.3, bsa_m2=2.0, product="velcade", route="sc")
    base.update(kw)
    with pytest.raises(InputError) as info:
        bipn.dose_amount(**base)
    assert field in str(info.value)


def test_known_products_list_velcade_and_other():
    prods = bipn.products()
    assert {"velcade", "other"} <= set(prods)
    v = prods["velcade"]
    assert v.vial_mg == 3.5
    assert {r.value: c for r, c in v.concentrations_mg_ml.items()} == {"sc": 2.5, "iv": 1.0}
    assert [p.concentration_mg_ml for p in v.preparations[bipn.Route.SC]] == [2.5, 1.0]
    assert prods["other"].concentrations_mg_ml == {}, "never assume a concentration for another product"


# --------------------------------------------------------------------------------------
# Wilson interval
# --------------------------------------------------------------------------------------

def _wilson_by_quadratic(k, n, conf=0.95):
    """Independent form: the p solving (p - p̂)² = z² p (1 - p) / n."""
    z = NormalDist().inv_cdf(1 - (1 - conf) / 2)
    ph = k / n
    a = 1 + z * z / n
    b = -(2 * ph + z * z / n)
    c = ph * ph
    d = math.sqrt(b * b - 4 * a * c)
    return (-b - d) / (2 * a), (-b + d) / (2 * a)


def test_wilson_58_of_91():
    lo, hi = bipn.wilson_interval(58, 91)
    elo, ehi = _wilson_by_quadratic(58, 91)
    assert lo == pytest.approx(elo, abs=1e-9)
    assert hi == pytest.approx(ehi, abs=1e-9)
    assert (round(100 * lo, 1), round(100 * hi, 1)) == (53.5, 72.9)
    assert lo < 58 / 91 < hi


@pytest.mark.parametrize("k, n", [(49, 72), (9, 19), (0, 10), (10, 10), (1, 1), (124, 331)])
def test_wilson_other_counts(k, n):
    lo, hi = bipn.wilson_interval(k, n)
    elo, ehi = _wilson_by_quadratic(k, n)
    assert lo == pytest.approx(elo, abs=1e-9)
    assert hi == pytest.approx(ehi, abs=1e-9)
    assert 0.0 <= lo <= k / n + 1e-12 and k / n - 1e-12 <= hi <= 1.0


@pytest.mark.parametrize("k, n", [(92, 91), (-1, 91), (5, 0), (1.5, 10), ("5", 10), (True, 10)])
def test_wilson_bad_counts(k, n):
    with pytest.raises(InputError):
        bipn.wilson_interval(k, n)
