"""Safe at the edges: every row of policy.md "Additions after the second review".

Table-driven: creatinine plausibility and units, the decimal comma, low creatinine in the
elderly, obesity, BMI/BSA unit slips, product concentrations, the four interaction levels,
hepatic dosing in the headline, autonomic confirmation, red flags, regimen context, and the
review's 24 failed vignettes in the form this suite can hold.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bipn
from bipn import Action, InputError, Severity
from bipn.clinical.medications import medications
from bipn.record.plausibility import adjusted_body_weight_kg, ideal_body_weight_kg

CG = dict(age_years=70, weight_kg=70, sex="male")


def typical(**kw) -> bipn.Patient:
    base = dict(age_years=68, sex="male", height_cm=175, weight_kg=80, scr_mg_dl=1.4, dose_mg_m2=1.3, route="sc", schedule="twice_weekly", product="velcade", hepatic="none")
    base.update(kw)
    return bipn.Patient(**base)


def options(**kw) -> dict[str, bipn.AnalgesicOption]:
    return {o.agent: o for o in bipn.analgesic_plan(crcl_ml_min=80, **kw)}


# --- Creatinine: plausible range and the unit mix-up ---------------------------------------


@pytest.mark.parametrize(
    ("kw", "other_unit"),
    [
        pytest.param(dict(scr_umol_l=9.0), "mg/dL", id="9-umol-is-a-mg-dl-value"),
        pytest.param(dict(scr_umol_l=12.4), "mg/dL", id="12.4-umol"),
        pytest.param(dict(scr_umol_l=17.9), "mg/dL", id="umol-just-below"),
        pytest.param(dict(scr_umol_l=1768.1), "mg/dL", id="umol-just-above"),
        pytest.param(dict(scr_mg_dl=0.1), "µmol/L", id="0.1-mg-dl"),
        pytest.param(dict(scr_mg_dl=0.19), "µmol/L", id="mg-just-below"),
        pytest.param(dict(scr_mg_dl=20.01), "µmol/L", id="mg-just-above"),
        pytest.param(dict(scr_mg_dl=123.8), "µmol/L", id="umol-value-typed-as-mg"),
    ],
)
def test_implausible_creatinine_is_an_error_naming_the_other_unit(kw, other_unit):
    with pytest.raises(InputError) as err:
        bipn.creatinine_clearance(**CG, **kw)
    assert other_unit in str(err.value)
    assert err.value.field in kw


def test_the_myeloma_kidney_trap_suggests_the_right_reading():
    """9.0 typed with the unit on µmol/L: the message offers 9 mg/dL = 796 µmol/L."""
    with pytest.raises(InputError) as err:
        bipn.creatinine_clearance(**CG, scr_umol_l=9.0)
    assert "9 µmol/L is 0.1 mg/dL" in str(err.value)
    assert "Did you mean 9 mg/dL = 796 µmol/L?" in str(err.value)


@pytest.mark.parametrize("kw", [dict(scr_mg_dl=0.2), dict(scr_mg_dl=20), dict(scr_umol_l=18), dict(scr_umol_l=1768), dict(scr_mg_dl=9.0)])
def test_plausible_creatinine_edges_are_accepted(kw):
    assert bipn.creatinine_clearance(**CG, **kw) > 0


def test_no_clearance_and_no_gabapentinoid_dose_from_an_implausible_creatinine():
    with pytest.raises(InputError):
        bipn.Patient(age_years=70, sex="male", weight_kg=70, scr_umol_l=9.0)
    plan = bipn.pain_plan(typical(scr_mg_dl=9.0))  # the right reading: kidney failure
    doses = {o.agent: o.max_daily_mg for o in plan.options}
    assert doses["pregabalin"] == 75 and doses["gabapentin"] <= 300


# --- Numbers as a clinician types them -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,4", 1.4), ("1.4", 1.4), (" 1,40 ", 1.4), ("14", 14.0), (",5", 0.5), ("0.7", 0.7), ("", None), ("  ", None)],
)
def test_parse_number_reads_a_decimal_comma_as_a_decimal(text, value):
    assert bipn.parse_number("scr", text) == value


@pytest.mark.parametrize("text", ["1,400", "1.234,5", "1e3", "1 4", "abc", "1,4,5", "--1", "1" * 21, "½"])
def test_parse_number_refuses_what_it_would_have_to_guess(text):
    with pytest.raises(InputError) as err:
        bipn.parse_number("scr", text)
    assert err.value.field == "scr"


def test_huge_and_fractional_days_are_refused_not_truncated():
    for text in ("99999999999999999999", "2.9"):
        with pytest.raises(InputError):
            bipn.Patient(days_since_dose_change=bipn.parse_number("days_since_dose_change", text))


# --- Low creatinine in the elderly, obesity, unit slips -------------------------------------


@pytest.mark.parametrize(
    ("age", "scr", "flagged"),
    [(65, 0.69, True), (64, 0.69, False), (65, 0.7, False), (90, 0.4, True), (40, 0.5, False)],
)
def test_low_creatinine_in_the_elderly_shows_both_clearances(age, scr, flagged):
    plan = bipn.pain_plan(typical(age_years=age, scr_mg_dl=scr))
    cards = [c for c in plan.warnings if c.rule_id == "renal.low_creatinine"]
    assert bool(cards) is flagged
    if flagged:
        at_one = bipn.creatinine_clearance(age_years=age, weight_kg=80, sex="male", scr_mg_dl=1.0)
        assert f"{int(at_one * 10) / 10:.1f} mL/min" in cards[0].summary
        assert "dose bands" in cards[0].summary


def test_low_creatinine_says_when_the_bands_differ():
    # 80 y, 60 kg woman, 0.5 mg/dL: 85 mL/min, but 42.5 at 1.0 mg/dL -> other pregabalin band
    plan = bipn.pain_plan(bipn.Patient(age_years=80, sex="female", weight_kg=60, height_cm=160, scr_mg_dl=0.5))
    card = next(c for c in plan.warnings if c.rule_id == "renal.low_creatinine")
    assert "85.0 mL/min" in card.summary and "42.5 mL/min" in card.summary
    assert "different dose bands for pregabalin" in card.summary


def test_devine_and_adjusted_weight():
    # 175 cm = 68.898 in: IBW = 50 + 2.3 x 8.898 = 70.465 kg (men), 65.965 kg (women)
    assert ideal_body_weight_kg(175, bipn.Sex.MALE) == pytest.approx(70.4646, abs=1e-3)
    assert ideal_body_weight_kg(175, bipn.Sex.FEMALE) == pytest.approx(65.9646, abs=1e-3)
    assert adjusted_body_weight_kg(175, 120, bipn.Sex.MALE) == pytest.approx(70.4646 + 0.4 * (120 - 70.4646), abs=1e-3)


@pytest.mark.parametrize(("weight", "flagged"), [(91.8, False), (91.9, True), (120, True)])
def test_obesity_shows_the_adjusted_weight_clearance(weight, flagged):
    # BMI 30 at 175 cm is 91.875 kg
    plan = bipn.pain_plan(typical(weight_kg=weight))
    assert any(c.rule_id == "renal.obesity" for c in plan.warnings) is flagged


def test_obesity_card_is_not_shown_when_the_clinician_chose_another_weight():
    plan = bipn.pain_plan(typical(weight_kg=120, crcl_weight_basis="adjusted", crcl_weight_kg=90))
    assert not any(c.rule_id == "renal.obesity" for c in plan.warnings)


@pytest.mark.parametrize(
    ("height", "weight", "flagged"),
    [
        pytest.param(175, 46.0, False, id="bmi-15.02"),
        pytest.param(175, 45.9, True, id="bmi-14.99"),
        pytest.param(160, 127.9, False, id="bmi-49.96"),
        pytest.param(160, 128.1, True, id="bmi-50.04"),
        pytest.param(175, 176, True, id="kg-typed-as-lb-bmi-57"),
        pytest.param(200, 121.6, False, id="bsa-2.599"),
        pytest.param(200, 121.8, True, id="bsa-2.601"),
    ],
)
def test_bmi_and_bsa_unit_checks(height, weight, flagged):
    plan = bipn.bedside_plan(typical(height_cm=height, weight_kg=weight), bipn.Findings(sensory_grade=0))
    cards = [c for c in plan.checks if c.rule_id == "body.check_units"]
    assert bool(cards) is flagged
    if flagged:
        # policy.md (third review, Body size): no mg dose until the value is confirmed or corrected.
        assert cards[0].severity is Severity.WARNING and plan.amount is None
        confirmed = bipn.bedside_plan(typical(height_cm=height, weight_kg=weight, body_size_confirmed=True), bipn.Findings(sensory_grade=0))
        assert confirmed.amount is not None, "once confirmed, a caution, not an error"
    else:
        assert plan.amount is not None


# --- Product concentrations ----------------------------------------------------------------


@pytest.mark.parametrize("conc", [1.0, 2.5, 3.5])
def test_other_product_at_a_usual_concentration_needs_no_confirmation(conc):
    assert bipn.Patient(product="other", concentration_mg_ml=conc).concentration_mg_ml == conc


@pytest.mark.parametrize("conc", [0.5, 2.0, 10.0])
def test_other_product_at_an_unusual_concentration_is_kept_only_when_confirmed(conc):
    with pytest.raises(InputError) as err:
        bipn.Patient(product="other", concentration_mg_ml=conc)
    assert err.value.field == "concentration_mg_ml"
    p = typical(product="other", concentration_mg_ml=conc, concentration_confirmed=True)
    plan = bipn.bedside_plan(p, bipn.Findings(sensory_grade=0))
    assert plan.amount.cards[0].rule_id == "dose.concentration_unverified"
    assert "dose.concentration_unverified" in plan.as_note(date(2026, 12, 1)) or "Unusual concentration" in plan.as_note(date(2026, 12, 1))


def test_sc_velcade_at_1_mg_ml_flows_to_the_volume():
    plan = bipn.bedside_plan(typical(height_cm=180, weight_kg=80, concentration_mg_ml=1.0), bipn.Findings(sensory_grade=0))
    assert (plan.amount.dose_mg, plan.amount.volume_ml) == (2.6, 2.6)


# --- Medicines: the vocabulary -------------------------------------------------------------


def test_contract_resolve_medications():
    r = bipn.resolve_medications(["Nardil", "zyvox", "  SERTRALINE ", "Made-up drug", "nardil"])
    assert r.known == ("phenelzine", "linezolid", "sertraline")
    assert r.unknown == ("Made-up drug",)


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        ("Nardil", "phenelzine"), ("zyvox", "linezolid"), ("St John's wort", "st_johns_wort"), ("st johns  wort", "st_johns_wort"),
        ("Paxlovid", "nirmatrelvir_ritonavir"), ("rifampin", "rifampicin"), ("acetaminophen", "paracetamol"), ("Revlimid", "lenalidomide"),
        ("Sertraline 50 mg OD", "sertraline"), ("Noxafil", "posaconazole"), ("Zofran", "ondansetron"), ("meperidine", "pethidine"),
        ("methylene blue", "methylene_blue"), ("Luvox", "fluvoxamine"), ("Cipro", "ciprofloxacin"), ("Xarelto", "rivaroxaban"),
    ],
)
def test_names_match_whatever_the_case_spacing_or_brand(typed, generic):
    assert bipn.resolve_medications([typed]).known == (generic,)


def test_vocabulary_is_large_and_has_brand_synonyms():
    meds = medications()
    assert len(meds) >= 150
    assert sum(bool(m.aliases) for m in meds.values()) >= 140
    assert len(bipn.medication_suggestions()) >= 400


def test_every_drug_named_in_the_policy_is_known():
    # policy.md, "Additions after the second review", Medicines: every drug it names.
    must = {
        "duloxetine", "venlafaxine", "tramadol", "amitriptyline", "nortriptyline", "phenelzine", "tranylcypromine", "isocarboxazid",
        "selegiline", "rasagiline", "safinamide", "moclobemide", "linezolid", "fluvoxamine", "ciprofloxacin", "thioridazine", "fentanyl",
        "methadone", "pethidine", "ondansetron", "granisetron", "lithium", "ketoconazole", "itraconazole", "posaconazole", "voriconazole",
        "clarithromycin", "ritonavir", "cobicistat", "rifampicin", "carbamazepine", "phenytoin", "phenobarbital", "thalidomide",
        "vincristine", "lenalidomide", "pomalidomide", "ixazomib",
    }
    for name in sorted(must):
        assert bipn.resolve_medications([name]).known, name
    for lay in ("methylene blue", "St John's wort", "brentuximab vedotin", "paclitaxel", "cisplatin", "sumatriptan"):
        assert bipn.resolve_medications([lay]).known, lay


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["Nardil", "zyvox", "SERTRALINE", "tramadol", "warfarin ", "Revlimid"]), st.text(max_size=30)), max_size=12))
def test_any_medicines_list_gives_a_plan_and_lists_every_unknown(names):
    p = typical(current_medications=tuple(names))
    plan = bipn.bedside_plan(p, bipn.Findings(sensory_grade=1))
    resolved = bipn.resolve_medications(names)
    assert plan.pain.unchecked == resolved.unknown
    note = plan.as_note(date(2026, 12, 1))
    for name in resolved.unknown:
        assert name in note, f"{name!r} missing from the not-checked list"
    for name in names:
        assert name.strip() == "" or bipn.resolve_medications([name]).known or name.strip() in resolved.unknown


# --- Medicines: the four levels -------------------------------------------------------------

SEROTONERGIC_AGENTS = ("duloxetine", "venlafaxine", "tramadol", "amitriptyline", "nortriptyline")
MAOIS = ("phenelzine", "tranylcypromine", "isocarboxazid", "selegiline", "rasagiline", "safinamide", "moclobemide", "linezolid", "methylene blue")


@pytest.mark.parametrize("med", MAOIS)
@pytest.mark.parametrize("agent", SEROTONERGIC_AGENTS)
def test_maoi_linezolid_methylene_blue_contraindicate_the_serotonergic_analgesics(agent, med):
    o = options(current_medications=[med])[agent]
    assert o.avoid is True and o.max_daily_mg is None and o.min_daily_mg is None
    assert o.level is Severity.CONTRAINDICATED
    assert any(a.severity is Severity.CONTRAINDICATED and a.rule_id == "interact.maoi" for a in o.alerts)
    assert "Contraindicated" in o.dose_text and "mg" not in o.dose_text
    assert o.start == "", "a contraindicated agent is never offered with a starting dose"


@pytest.mark.parametrize("agent", SEROTONERGIC_AGENTS)
def test_maoi_stopped_within_14_days_is_a_contraindication_too(agent):
    o = options(maoi_within_14_days=True)[agent]
    assert o.level is Severity.CONTRAINDICATED and o.avoid
    assert "14 days" in o.alerts[0].summary


def test_contract_phenelzine_and_linezolid():
    for med in ("phenelzine", "linezolid"):
        opts = options(current_medications=(med,))
        for agent in ("duloxetine", "tramadol"):
            assert opts[agent].avoid is True
            assert any(a.severity is Severity.CONTRAINDICATED for a in opts[agent].alerts)


@pytest.mark.parametrize(("med", "level"), [("fluvoxamine", Severity.AVOID), ("ciprofloxacin", Severity.AVOID), ("thioridazine", Severity.CONTRAINDICATED)])
def test_duloxetine_with_cyp1a2_inhibitors_and_thioridazine(med, level):
    o = options(current_medications=[med])["duloxetine"]
    assert o.avoid and o.level is level and o.max_daily_mg is None


@pytest.mark.parametrize(
    "med",
    ["ketoconazole", "itraconazole", "posaconazole", "voriconazole", "clarithromycin", "ritonavir", "cobicistat",
     "rifampicin", "phenytoin", "phenobarbital", "St John's wort", "paroxetine", "fluoxetine", "bupropion"],
)
def test_tramadol_exposure_changers_are_a_caution(med):
    """Carbamazepine is not here: with tramadol it is 'avoid' (policy.md, third review)."""
    o = options(current_medications=[med])["tramadol"]
    assert any(a.rule_id == "interact.tramadol_cyp" and a.severity is Severity.CAUTION for a in o.alerts)
    assert not o.avoid and o.max_daily_mg == 400


@pytest.mark.parametrize(("kw", "expected"), [(dict(current_medications=["bupropion"]), True), (dict(seizure_history=True), True), (dict(), False)])
def test_tramadol_seizure_caution(kw, expected):
    o = options(**kw)["tramadol"]
    assert any(a.rule_id == "interact.seizure" for a in o.alerts) is expected


@pytest.mark.parametrize("med", ["warfarin", "apixaban", "rivaroxaban", "enoxaparin", "aspirin", "clopidogrel", "ibuprofen", "naproxen"])
def test_duloxetine_bleeding_caution(med):
    o = options(current_medications=[med])["duloxetine"]
    assert any(a.rule_id == "interact.bleeding" and a.severity is Severity.CAUTION for a in o.alerts)
    assert not o.avoid


def test_duloxetine_hyponatraemia_and_falls_are_monitor():
    o = options()["duloxetine"]
    assert [a.severity for a in o.alerts if a.rule_id == "interact.duloxetine_sodium_falls"] == [Severity.MONITOR]


@pytest.mark.parametrize(
    "med",
    ["sertraline", "citalopram", "escitalopram", "paroxetine", "venlafaxine", "amitriptyline", "fentanyl", "methadone", "pethidine",
     "sumatriptan", "ondansetron", "granisetron", "lithium", "St John's wort", "tramadol"],
)
def test_serotonergic_medicines_raise_the_serotonin_caution(med):
    o = options(current_medications=[med])["duloxetine"]
    assert any(a.rule_id == "pain.serotonin" and a.severity is Severity.CAUTION for a in o.alerts)


@pytest.mark.parametrize(("med", "rule", "level"), [
    ("posaconazole", "caution.cyp3a4_inhibitor", Severity.MONITOR), ("clarithromycin", "caution.cyp3a4_inhibitor", Severity.MONITOR),
    ("Paxlovid", "caution.cyp3a4_inhibitor", Severity.MONITOR), ("rifampicin", "caution.cyp3a4_inducer", Severity.AVOID),
    ("carbamazepine", "caution.cyp3a4_inducer", Severity.AVOID),
])
def test_bortezomib_cyp3a4_interactions(med, rule, level):
    plan = bipn.pain_plan(typical(current_medications=(med,)))
    assert [c.severity for c in plan.medication_alerts if c.rule_id == rule] == [level]


def test_one_alert_per_kind_and_cards_ordered_by_level():
    plan = bipn.bedside_plan(typical(current_medications=("phenelzine", "ondansetron", "warfarin", "posaconazole")), bipn.Findings(sensory_grade=1, neuropathic_pain=True))
    kinds = [a.rule_id for a in plan.pain.alerts]
    assert len(kinds) == len(set(kinds))
    ranks = [a.severity.rank for a in plan.pain.alerts]
    assert ranks == sorted(ranks, reverse=True)
    assert kinds[0] == "interact.maoi"
    note = plan.as_note(date(2026, 12, 1))
    assert "[Contraindicated: do not combine]" in note
    assert note.index("[Contraindicated") < note.index("[Monitor]")


def test_unknown_medicine_is_kept_and_shown_as_not_checked():
    plan = bipn.bedside_plan(typical(current_medications=("Zorblax 10 mg",)), bipn.Findings(sensory_grade=0))
    assert plan.pain.unchecked == ("Zorblax 10 mg",)
    assert any(c.rule_id == "meds.not_checked" and "Zorblax 10 mg" in c.summary for c in plan.pain.medication_alerts)
    assert "Not checked for interactions: Zorblax 10 mg" in plan.as_note(date(2026, 12, 1))


# --- Bortezomib: liver, autonomic, red flags, regimen ------------------------------------


def test_contract_severe_liver_first_card_states_0_7():
    plan = bipn.bedside_plan(typical(hepatic="severe", dose_mg_m2=1.3), bipn.Findings(sensory_grade=0))
    assert "0.7 mg/m²" in plan.cards()[0].summary
    assert not plan.headline.startswith("Continue at 1.3")
    assert "0.7 mg/m²" in plan.headline and "1.0 or 0.5" in plan.headline
    assert plan.amount is None, "no mg for 1.3 mg/m² in severe liver impairment before the clinician chooses"


@pytest.mark.parametrize(("liver", "current", "expected"), [
    ("moderate", 0.7, 0.5), ("severe", 1.0, 0.7), ("moderate", 1.3, 1.0), ("none", 0.7, None), ("mild", 0.7, None), (True, 0.7, 0.5),
])
def test_0_5_is_a_labelled_level_only_with_liver_impairment(liver, current, expected):
    d = bipn.dose_action(sensory_grade=2, neuropathic_pain=False, current_dose_mg_m2=current, hepatic=liver)
    assert d.next_dose_mg_m2 == expected


def test_moderate_liver_at_a_hepatic_dose_computes_the_amount():
    plan = bipn.bedside_plan(typical(hepatic="moderate", dose_mg_m2=0.7, height_cm=180, weight_kg=80), bipn.Findings(sensory_grade=0))
    assert plan.cards()[0].rule_id == "dose.hepatic" and plan.amount.dose_mg == 1.4


def test_autonomic_confirmation_is_recorded_in_the_note():
    c = bipn.Confirmation(by="Dr B. Haem", what="severe orthostatic hypotension; dehydration, drugs, calcium excluded")
    plan = bipn.bedside_plan(typical(), bipn.Findings(sensory_grade=1, severe_autonomic=True, autonomic_confirmation=c))
    assert plan.dose.action is Action.DISCONTINUE
    note = plan.as_note(date(2026, 12, 1))
    assert "confirmed by Dr B. Haem" in note and "calcium excluded" in note


def test_autonomic_confirmation_needs_the_finding_and_a_named_clinician():
    with pytest.raises(InputError):
        bipn.Findings(sensory_grade=1, autonomic_confirmation=bipn.Confirmation("Dr A", "x"))
    for by, what in (("", "x"), ("Dr A", " "), ("x" * 201, "y")):
        with pytest.raises(InputError):
            bipn.Confirmation(by=by, what=what)


@pytest.mark.parametrize("finding", ["new_weakness", "back_pain", "sphincter_or_saddle"])
def test_cord_compression_red_flag_comes_before_the_dose_action(finding):
    plan = bipn.bedside_plan(typical(), bipn.Findings(sensory_grade=1, **{finding: True}))
    first = plan.cards()[0]
    assert first.rule_id == "redflag.cord_compression" and first.severity is Severity.CRITICAL
    assert "cord" in first.summary and "same-day" in first.summary
    assert "prompt review" not in first.summary


@pytest.mark.parametrize(("kw", "flagged"), [(dict(sensory_grade=1, atypical_pattern=True), True), (dict(sensory_grade=1, motor_grade=2), True), (dict(sensory_grade=2, motor_grade=2), False)])
def test_atypical_neuropathy_red_flag(kw, flagged):
    plan = bipn.bedside_plan(typical(), bipn.Findings(**kw))
    cards = [c for c in plan.red_flags if c.rule_id == "redflag.atypical"]
    assert bool(cards) is flagged
    if flagged:
        assert all(word in cards[0].summary for word in ("CIDP", "POEMS", "amyloidosis", "neurology"))


@pytest.mark.parametrize(("med", "word"), [("thalidomide", "thalidomide"), ("Revlimid", "lenalidomide"), ("vincristine", "vincristine"), ("Adcetris", "brentuximab")])
def test_regimen_context_names_other_neurotoxic_drugs(med, word):
    plan = bipn.bedside_plan(typical(current_medications=(med,)), bipn.Findings(sensory_grade=1))
    card = next(c for c in plan.workup if c.rule_id == "workup.neurotoxic_drugs")
    assert any(word in step.lower() for step in card.audit)
    assert "Regimen context:" in plan.as_note(date(2026, 12, 1))


# --- Minor items of the review -----------------------------------------------------------


def test_guided_grade_1_shows_the_labels_v4_wording():
    step = bipn.guided_grade("sensory", present=True).steps[0]
    assert "Asymptomatic" in step and "loss of deep tendon reflexes or paresthesia" in step


def test_moderate_liver_does_not_cap_tramadol_severe_does():
    assert options(hepatic_impairment="moderate")["tramadol"].max_daily_mg == 400
    assert options(hepatic_impairment="severe")["tramadol"].max_daily_mg == 100


def test_pregabalin_dialysis_supplement_shows_both_sources():
    agent = bipn.agents()["pregabalin"]
    assert "100 mg" in agent.dialysis_text and "150" in agent.dialysis_text and "disagree" in agent.dialysis_text
    assert {c.provenance for c in agent.dialysis_citations} == {bipn.Provenance.UNVERIFIED, bipn.Provenance.PARTIAL}


def test_no_routine_ncs_cites_esmo():
    assert any(c.ref == "esmo_2020" and c.provenance is bipn.Provenance.CONFIRMED for c in bipn.rules()["monitor.no_routine_ncs"].citations)


def test_alcohol_as_a_cause_is_not_credited_to_the_duloxetine_review():
    rule = bipn.rules()["workup.alcohol"]
    dulox = next(c for c in rule.citations if c.ref == "duloxetine_review_2005")
    assert "nothing about alcohol as a cause" in dulox.note


@pytest.mark.parametrize("agent", ["pregabalin", "gabapentin", "duloxetine", "tramadol"])
def test_each_main_agent_has_a_start_and_titration_with_its_source(agent):
    o = options()[agent]
    assert o.start and any(c in o.sources for c in bipn.agents()[agent].start_citations)
