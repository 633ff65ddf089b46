"""The product registry (issue 22): every product x route x concentration from the source
check's table (../shared/clinical/sources-2026-12-03.md, Part 2, 1.4), written out here by
hand so that the test does not read its expectations back from products.toml."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bipn
from bipn.clinical.dosing import products_not_listed, route_advice
from bipn.core.errors import InputError
from bipn.content.evidence import Provenance
from bipn.core.units import round_half_up

SC, IV = bipn.Route.SC, bipn.Route.IV
ENTERED = None  # the reviewed sources give no concentration: the user enters the label's

# product id -> (vial mg, {route: [concentrations, usual first]}, [how each is made])
FROM_THE_SOURCES = {
    "velcade": (3.5, {SC: [2.5, 1.0], IV: [1.0]}),  # facts.md s13; SC 1 mg/mL for site reactions
    "boruzu": (3.5, {SC: [2.5], IV: [1.0]}),  # 3.5 mg/1.4 mL; SC as supplied, IV diluted to 1 mg/mL
    "fosun_1mg_ml": (3.5, {IV: [1.0]}),  # 3.5 mg/3.5 mL, IV only
    "fosun_2_5mg_ml": (3.5, {IV: [2.5]}),  # 3.5 mg/1.4 mL, IV only: 2.5 mg/mL given IV
    "fresenius_kabi_us": (3.5, {IV: [ENTERED]}),  # IV only; concentration not read
    "pfizer_1mg": (1.0, {SC: [ENTERED], IV: [ENTERED]}),  # volumes not seen
    "pfizer_2_5mg": (2.5, {SC: [ENTERED], IV: [ENTERED]}),
    "hospira_eu_3_5mg": (3.5, {SC: [2.5], IV: [1.0]}),
}
METHODS = {
    ("velcade", SC): ["reconstitute", "reconstitute"],
    ("velcade", IV): ["reconstitute"],
    ("boruzu", SC): ["as_supplied"],
    ("boruzu", IV): ["dilute"],
    ("fosun_1mg_ml", IV): ["as_supplied"],
    ("fosun_2_5mg_ml", IV): ["as_supplied"],
}
DOSES = (1.3, 1.0, 0.7)
BSAS = (1.45, 1.8, 2.07)
LABEL_CONCENTRATIONS = (1.0, 2.5, 3.5)  # what an entered concentration may be without confirming


def test_the_registry_holds_the_products_of_the_sources_and_other():
    assert set(bipn.products()) == set(FROM_THE_SOURCES) | {"other"}


@pytest.mark.parametrize("pid", sorted(FROM_THE_SOURCES))
def test_each_product_has_the_routes_and_concentrations_of_its_label(pid):
    vial, routes = FROM_THE_SOURCES[pid]
    p = bipn.products()[pid]
    assert p.vial_mg == vial
    assert set(p.preparations) == set(routes), f"{pid}: routes {set(p.preparations)}"
    for route, concs in routes.items():
        assert [x.concentration_mg_ml for x in p.preparations[route]] == concs
        if (pid, route) in METHODS:
            assert [x.method for x in p.preparations[route]] == METHODS[(pid, route)]
    assert p.maker and p.strength and p.display


@pytest.mark.parametrize("pid", sorted(FROM_THE_SOURCES))
def test_every_preparation_cites_a_label_with_provenance(pid):
    p = bipn.products()[pid]
    assert any(c.reference.kind == "label" for c in p.citations)
    for route, preps in p.preparations.items():
        for prep in preps:
            assert prep.citations, f"{pid} {route}: no citation"
            assert all(c.reference.kind == "label" for c in prep.citations)
            if prep.entered:  # a value the sources do not give is never presented as confirmed
                assert all(c.provenance is not Provenance.CONFIRMED for c in prep.citations)


def _cases():
    for pid, (_, routes) in sorted(FROM_THE_SOURCES.items()):
        for route, concs in routes.items():
            for conc in concs:
                for typed in (LABEL_CONCENTRATIONS if conc is ENTERED else (conc,)):
                    for dose in DOSES:
                        for bsa in BSAS:
                            yield pytest.param(pid, route, conc, typed, dose, bsa, id=f"{pid}-{route.value}-{typed:g}-{dose:g}-{bsa:g}")


@pytest.mark.parametrize(("pid", "route", "listed", "conc", "dose", "bsa"), list(_cases()))
def test_mg_and_ml_for_every_product_route_and_concentration(pid, route, listed, conc, dose, bsa):
    amount = bipn.dose_amount(dose_mg_m2=dose, bsa_m2=bsa, product=pid, route=route, concentration_mg_ml=conc)
    mg = round_half_up(dose * bsa, 2)
    assert amount.dose_mg == mg
    assert amount.concentration_mg_ml == conc
    assert amount.volume_ml == round_half_up(mg / conc, 2)
    volume = next(c for c in amount.cards if c.rule_id == "dose.volume")
    assert bipn.products()[pid].display in volume.summary, "the volume names the product"
    assert f"{conc:g} mg/mL" in volume.summary


@pytest.mark.parametrize("pid", [p for p, (_, r) in FROM_THE_SOURCES.items() if ENTERED in sum(r.values(), [])])
def test_a_concentration_not_in_the_sources_must_be_entered(pid):
    route = next(iter(bipn.products()[pid].preparations))
    with pytest.raises(InputError) as info:
        bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=1.8, product=pid, route=route)
    assert info.value.field == "concentration_mg_ml"
    with pytest.raises(InputError):  # an unusual one needs confirming ...
        bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=1.8, product=pid, route=route, concentration_mg_ml=2.0)
    amount = bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=1.8, product=pid, route=route, concentration_mg_ml=2.0, concentration_confirmed=True)
    assert amount.cards[0].rule_id == "dose.concentration_unverified"  # ... and is shown as unverified


@pytest.mark.parametrize(("pid", "route"), [(p, r) for p, (_, routes) in FROM_THE_SOURCES.items() for r in bipn.Route if r not in routes])
def test_a_route_the_label_does_not_allow_is_an_input_error(pid, route):
    with pytest.raises(InputError) as info:
        bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=1.8, product=pid, route=route, concentration_mg_ml=1.0)
    assert info.value.field == "route"
    assert "intravenous use only" in str(info.value)
    with pytest.raises(InputError) as info:
        bipn.Patient(product=pid, route=route)
    assert info.value.field == "route"


def test_the_2_5_mg_ml_solution_can_be_iv_only_or_sc():
    """The concentration no longer tells the route (the issue's first finding)."""
    assert bipn.products()["fosun_2_5mg_ml"].routes == (IV,)
    assert SC in bipn.products()["boruzu"].routes
    with pytest.raises(InputError):
        bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=1.8, product="boruzu", route="iv", concentration_mg_ml=2.5)


@settings(max_examples=300, deadline=None)
@given(
    pid=st.sampled_from(sorted(bipn.products())),
    route=st.sampled_from(list(bipn.Route)),
    conc=st.one_of(st.none(), st.sampled_from([0.5, 1.0, 2.0, 2.5, 3.5, 5.0])),
    confirmed=st.booleans(),
    dose=st.floats(0.1, 1.3),
    bsa=st.floats(0.8, 2.6),
)
def test_no_volume_is_ever_computed_for_a_route_the_product_does_not_allow(pid, route, conc, confirmed, dose, bsa):
    product = bipn.products()[pid]
    try:
        amount = bipn.dose_amount(dose_mg_m2=dose, bsa_m2=bsa, product=pid, route=route, concentration_mg_ml=conc, concentration_confirmed=confirmed)
    except InputError:
        return
    assert product.allows(route)
    assert amount.volume_ml is not None and amount.volume_ml > 0
    if product.preparations and not product.preparations[route][0].entered:
        assert amount.concentration_mg_ml in [p.concentration_mg_ml for p in product.preparations[route]]


@pytest.mark.parametrize("pid", sorted(bipn.products()))
def test_route_advice_only_where_the_product_allows_sc(pid):
    advice = route_advice("iv", pid)
    if bipn.products()[pid].allows(SC):
        assert advice.rule_id == "dose.route_sc"
    else:
        assert advice.rule_id == "dose.route_sc_not_for_product"
        assert "intravenous use only" in advice.summary and "consider" not in advice.summary.lower()
        assert "BORUZU" in advice.summary, "says what would be needed instead"
    assert route_advice("sc", pid) is None


def test_the_bedside_plan_never_advises_sc_for_an_iv_only_product():
    patient = bipn.Patient(height_cm=170, weight_kg=70, dose_mg_m2=1.3, route="iv", schedule="twice_weekly", product="fosun_2_5mg_ml")
    plan = bipn.bedside_plan(patient, bipn.Findings(sensory_grade=1))
    ids = [c.rule_id for c in plan.advice]
    assert "dose.route_sc" not in ids and "dose.route_sc_not_for_product" in ids
    assert plan.amount.volume_ml == round_half_up(plan.amount.dose_mg / 2.5, 2)
    note = plan.as_note(__import__("datetime").date(2026, 12, 3))
    assert "Fosun Pharma" in note, "the note names the product"


def test_other_keeps_its_checks():
    other = bipn.products()["other"]
    assert other.preparations == {} and other.routes == (SC, IV)
    with pytest.raises(InputError):
        bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=1.8, product="other", route="sc", concentration_mg_ml=2.0)
    assert bipn.dose_amount(dose_mg_m2=1.3, bsa_m2=1.8, product="other", route="sc", concentration_mg_ml=2.5).volume_ml == 0.94


def test_products_found_but_not_readable_are_named_not_listed():
    names = " ".join(p["name"] for p in products_not_listed())
    assert "Accord" in names and "EVER Pharma" in names
    assert all(p["why"] for p in products_not_listed())


@pytest.mark.parametrize(("product", "route", "line"), [
    ("velcade", bipn.Route.SC, "Your bortezomib: VELCADE 3.5 mg vial (Takeda), powder, given as an injection under the skin."),
    ("velcade", None, "Your bortezomib: VELCADE 3.5 mg vial (Takeda), powder, given as an injection under the skin or into a vein."),
    ("fosun_2_5mg_ml", None, "Your bortezomib: Bortezomib Injection 3.5 mg/1.4 mL (2.5 mg/mL) solution (Fosun Pharma), given into a vein."),
    # A route the label does not allow is never printed for the patient: the label's route instead.
    ("fosun_2_5mg_ml", bipn.Route.SC, "Your bortezomib: Bortezomib Injection 3.5 mg/1.4 mL (2.5 mg/mL) solution (Fosun Pharma), given into a vein."),
    ("other", bipn.Route.SC, None),
    (None, bipn.Route.SC, None),
])
def test_the_handout_names_the_product_and_how_it_is_given(product, route, line):
    assert bipn.medicine_line(product, route) == line
    text = bipn.handout("patient", product=product, route=route)
    assert (line in text) if line else ("Your bortezomib:" not in text)


def test_the_printed_handout_names_the_product():
    import io

    pdfplumber = pytest.importorskip("pdfplumber")
    pdf = bipn.handout_pdf("patient", product="boruzu", route=bipn.Route.SC)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first = doc.pages[0].extract_text().replace("\n", " ")
    assert "Your bortezomib: BORUZU 3.5 mg/1.4 mL (2.5 mg/mL) solution (Amneal), given as an injection under the skin." in first


def test_an_unknown_product_is_refused_not_left_off_the_handout():
    with pytest.raises(bipn.InputError, match="product must be one of"):
        bipn.medicine_line("velcad")
