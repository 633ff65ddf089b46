"""Issue 18: doses and medicines at the edges (policy.md, additions after the third review).

Expected values are written out from the policy and the label bands in facts.md §11, never read
from the data: titration within the band, peritoneal dialysis, two clearances two bands,
medicines as a ward writes them, body size like creatinine.
"""

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bipn
from bipn.content.cards import Severity


def options(**kw) -> dict[str, bipn.AnalgesicOption]:
    kw.setdefault("crcl_ml_min", 80)
    return {o.agent: o for o in bipn.analgesic_plan(**kw)}


def typical(**kw) -> bipn.Patient:
    base = dict(age_years=68, sex="male", height_cm=175, weight_kg=80, scr_mg_dl=1.4, dose_mg_m2=1.3, route="sc", product="velcade", hepatic="none")
    base.update(kw)
    return bipn.Patient(**base)


# --- What daily amount a text names ----------------------------------------------------------

TIMES = {"once": 1, "twice": 2, "three times": 3, "four times": 4}
NUM = r"(\d+(?:\.\d+)?)"


def daily_amounts(text: str) -> list[float]:
    """Every daily amount a text names, clause by clause ('; '): 'N mg/day', 'N mg three times
    daily', 'N-M mg every H hours'; a clause that says 'at most N mg/day' names N."""
    out = []
    for clause in text.split(";"):
        cap = re.search(rf"at most {NUM} mg/day", clause)
        if cap:
            out.append(float(cap.group(1)))
            continue
        out += [float(m.group(2) or m.group(1)) for m in re.finditer(rf"{NUM}(?:-{NUM})? mg/day", clause)]
        out += [float(m.group(1)) * TIMES[m.group(2)] for m in re.finditer(rf"{NUM} mg (once|twice|three times|four times) daily", clause)]
        out += [
            float(m.group(2) or m.group(1)) * 24 / float(m.group(3))
            for m in re.finditer(rf"{NUM}(?:-{NUM})? mg every (\d+)(?:-\d+)? hours", clause)
        ]
    return out


def test_the_amount_reader_reads_what_a_nurse_would():
    assert daily_amounts("50 mg three times daily (150 mg/day)") == [150, 150]
    assert daily_amounts("300 mg three times daily on day 3") == [900]
    assert daily_amounts("50-100 mg every 4-6 hours") == [600]
    assert daily_amounts("after titration 50-100 mg every 4-6 hours as needed, at most 400 mg/day") == [400]
    assert daily_amounts("25-75 mg/day, once daily") == [75]


def texts(o: bipn.AnalgesicOption) -> tuple[str, ...]:
    """Every text the option carries to a page, the note or the record: the dose line, the start
    and titration, the supplement, both positions as shown beside the dose, every caution and
    reason to avoid, every alert (summary and basis) and the audit trail of the dose. (An agent
    with no dose band and nothing to avoid keeps the guideline's target: it is the only dose.)"""
    alerts = [t for a in o.alerts for t in (a.summary, a.detail, *a.audit)]
    positions = (o.article_line, o.guideline_line) if o.band or o.avoid else ()
    return (
        o.dose_text, o.single_dose_text, o.start, o.supplement, *positions,
        *o.cautions, *o.avoid_reasons, *alerts, *o.audit,
    )


# --- 1. Titration within the band ------------------------------------------------------------

# (kidney situation, agent, band maximum mg/day from facts.md §11)
BANDS = [
    (dict(crcl_ml_min=80), "pregabalin", 600),
    (dict(crcl_ml_min=60), "pregabalin", 300),
    (dict(crcl_ml_min=45), "pregabalin", 300),
    (dict(crcl_ml_min=30), "pregabalin", 150),
    (dict(crcl_ml_min=20), "pregabalin", 150),
    (dict(crcl_ml_min=10), "pregabalin", 75),
    (dict(crcl_ml_min=80, on_hemodialysis=True), "pregabalin", 75),
    (dict(crcl_ml_min=80, on_peritoneal_dialysis=True), "pregabalin", 75),
    (dict(crcl_ml_min=60), "gabapentin", 3600),
    (dict(crcl_ml_min=59.5), "gabapentin", 1400),
    (dict(crcl_ml_min=30), "gabapentin", 700),
    (dict(crcl_ml_min=15), "gabapentin", 300),
    (dict(crcl_ml_min=7.5), "gabapentin", 150),
    (dict(crcl_ml_min=12, on_hemodialysis=True), "gabapentin", 240),
    (dict(crcl_ml_min=80), "tramadol", 400),
    (dict(crcl_ml_min=29.9), "tramadol", 200),
    (dict(crcl_ml_min=80, on_hemodialysis=True), "tramadol", 200),
    (dict(crcl_ml_min=80, age_years=76), "tramadol", 300),
    (dict(crcl_ml_min=80, hepatic_impairment="severe"), "tramadol", 100),
    (dict(crcl_ml_min=30), "duloxetine", 60),
]


@pytest.mark.parametrize(("kw", "agent", "band_max"), BANDS, ids=[f"{a}-{'-'.join(f'{k}={v}' for k, v in kw.items())}" for kw, a, _ in BANDS])
def test_no_start_or_titration_step_above_the_band(kw, agent, band_max):
    o = options(**kw)[agent]
    assert o.max_daily_mg == band_max
    assert o.start, "every main agent keeps a start"
    for text in texts(o):
        assert all(amount <= band_max for amount in daily_amounts(text)), text


@pytest.mark.parametrize(("kw", "agent"), [
    (dict(crcl_ml_min=45), "pregabalin"),
    (dict(crcl_ml_min=10, on_hemodialysis=True), "pregabalin"),
    (dict(crcl_ml_min=45), "gabapentin"),
    (dict(crcl_ml_min=20), "tramadol"),
])
def test_a_reduced_band_marks_the_label_schedule_not_for_this_patient(kw, agent):
    o = options(**kw)[agent]
    assert "normal kidney function only — not for this patient" in o.start
    assert "three times daily" not in o.start and "every 4-6 hours" not in o.start


def test_the_label_schedule_is_cut_at_a_lower_cap_and_kept_in_the_top_band():
    assert "every 4-6 hours" in options()["tramadol"].start
    old = options(age_years=80)["tramadol"].start
    assert "every 4-6 hours" not in old and "at most 300 mg/day" in old
    assert "300 mg three times daily on day 3" in options()["gabapentin"].start


def test_the_haemodialysis_supplement_is_in_the_dose_line():
    o = options(crcl_ml_min=10, on_hemodialysis=True)
    assert "supplementary dose after each 4-hour haemodialysis session" in o["pregabalin"].dose_text
    gaba = o["gabapentin"].dose_text
    assert "125 mg for a 100 mg/day regimen" in gaba and "350 mg" not in gaba, "only the rows within this patient's band"
    assert "regular dose on dialysis days" in o["tramadol"].dose_text


# Hypothesis: no option's text ever names a daily amount above its band.
MEDS = ["sertraline", "Tramacet", "carbamazepine", "Cymbalta", "linezolid", "warfarin", "Hua Tuo Zai Zao Wan"]


@settings(max_examples=150, deadline=None)
@given(
    crcl=st.floats(0.1, 200, allow_nan=False),
    dialysis=st.sampled_from(["none", "hd", "pd"]),
    age=st.none() | st.floats(18, 120, allow_nan=False),
    liver=st.sampled_from(["none", "mild", "moderate", "severe", True]),
    meds=st.lists(st.sampled_from(MEDS), max_size=3),
    second=st.none() | st.floats(0.1, 200, allow_nan=False),
)
def test_no_option_text_names_a_daily_amount_above_its_band(crcl, dialysis, age, liver, meds, second):
    plan = bipn.analgesic_plan(
        crcl_ml_min=crcl, on_hemodialysis=dialysis == "hd", on_peritoneal_dialysis=dialysis == "pd", age_years=age,
        hepatic_impairment=liver, current_medications=meds, second_crcl_ml_min=second, second_crcl_basis="creatinine set to 1.0 mg/dL",
    )
    for o in plan:
        ceiling = o.band_max_mg
        for text in texts(o):
            named = daily_amounts(text)
            assert not named or (ceiling is not None and max(named) <= ceiling), (o.agent, text, ceiling)
        for part in (o, o.alternative):
            if part is not None and part.max_daily_mg is not None:
                assert all(a <= part.max_daily_mg for a in daily_amounts(part.start) + daily_amounts(part.single_dose_text))


# --- 2. Peritoneal dialysis ----------------------------------------------------------------------


def test_peritoneal_dialysis_is_its_own_choice_and_not_with_haemodialysis():
    assert bipn.Patient(on_peritoneal_dialysis=True).on_peritoneal_dialysis
    with pytest.raises(bipn.InputError) as err:
        bipn.Patient(on_hemodialysis=True, on_peritoneal_dialysis=True)
    assert "not both" in str(err.value)
    with pytest.raises(bipn.InputError):
        bipn.analgesic_plan(crcl_ml_min=10, on_hemodialysis=True, on_peritoneal_dialysis=True)
    assert "not both" in bipn.field_errors({"on_hemodialysis": True, "on_peritoneal_dialysis": True})["on_peritoneal_dialysis"]


@pytest.mark.parametrize(("agent", "band_max"), [("pregabalin", 75), ("gabapentin", 300), ("tramadol", 200)])
def test_peritoneal_dialysis_gets_the_lowest_band_and_no_haemodialysis_supplement(agent, band_max):
    plan = bipn.pain_plan(typical(on_peritoneal_dialysis=True, scr_mg_dl=0.9))  # the estimate (>60) is not used
    o = {o.agent: o for o in plan.options}[agent]
    assert o.max_daily_mg == band_max
    assert "not studied in peritoneal dialysis — ask the renal team" in o.dose_text
    assert "haemodialysis" not in o.dose_text and "supplementary" not in o.dose_text
    assert plan.warnings[0].rule_id == "renal.peritoneal_dialysis"
    assert all(c.provenance is not bipn.Provenance.CONFIRMED for c in plan.warnings[0].sources), "an internal decision"


def test_duloxetine_is_avoided_on_peritoneal_dialysis_and_says_why():
    o = options(crcl_ml_min=80, on_peritoneal_dialysis=True)["duloxetine"]
    assert o.avoid and o.dose_text.startswith("Avoid: ") and "CrCl under 30" in o.dose_text


# --- 3. Two clearances, two bands ----------------------------------------------------------------

TWO = [
    # frail elderly, low creatinine: 88 y, female, 45 kg, 0.4 mg/dL -> CrCl 69.0; at 1.0 mg/dL 27.6
    (dict(age_years=88, sex="female", weight_kg=45, height_cm=155, scr_mg_dl=0.4), "pregabalin", "25-150 mg/day", "150-600 mg/day"),
    (dict(age_years=88, sex="female", weight_kg=45, height_cm=155, scr_mg_dl=0.4), "gabapentin", "200-700 mg/day", "900-3600 mg/day"),
    (dict(age_years=88, sex="female", weight_kg=45, height_cm=155, scr_mg_dl=0.4), "tramadol", "up to 200 mg/day", "up to 300 mg/day"),
    (dict(age_years=88, sex="female", weight_kg=45, height_cm=155, scr_mg_dl=0.4), "duloxetine", "Avoid: CrCl under 30", "30-60 mg/day"),
    # obesity: 50 y, male, 175 cm, 150 kg (BSA 2.70 m², confirmed), 2.5 mg/dL -> CrCl 75.0; adjusted weight 102.3 kg -> 51.1
    (dict(age_years=50, sex="male", weight_kg=150, height_cm=175, scr_mg_dl=2.5, body_size_confirmed=True), "pregabalin", "75-300 mg/day", "150-600 mg/day"),
    (dict(age_years=50, sex="male", weight_kg=150, height_cm=175, scr_mg_dl=2.5, body_size_confirmed=True), "gabapentin", "400-1400 mg/day", "900-3600 mg/day"),
]


@pytest.mark.parametrize(("kw", "agent", "first", "second"), TWO, ids=[f"{a}-{kw['scr_mg_dl']}" for kw, a, _, _ in TWO])
def test_two_clearances_in_two_bands_show_both_the_lower_first(kw, agent, first, second):
    o = {o.agent: o for o in bipn.pain_plan(typical(**kw)).options}[agent]
    assert o.dose_text.startswith(first) and second in o.dose_text
    assert o.dose_text.index(first) < o.dose_text.index(second)
    assert "the clinician chooses" in o.dose_text
    assert o.alternative is not None and o.alternative.crcl_ml_min > o.crcl_ml_min


def test_one_band_shows_one_dose():
    # 88 y, 45 kg female, 0.4 mg/dL is two bands; the obese patient with 1.0 mg/dL stays above 60 either way.
    o = {o.agent: o for o in bipn.pain_plan(typical(age_years=50, weight_kg=150, scr_mg_dl=1.0, body_size_confirmed=True)).options}["pregabalin"]
    assert o.alternative is None and o.dose_text == "150-600 mg/day, in 2 or 3 divided doses"


# --- 4. Medicines as a ward writes them -------------------------------------------------------------

NAMES = [
    ("Tramacet", {"tramadol", "paracetamol"}),
    ("Ultracet", {"tramadol", "paracetamol"}),
    ("Zaldiar", {"tramadol", "paracetamol"}),
    ("tramadol/paracetamol 37.5/325mg", {"tramadol", "paracetamol"}),
    ("tramadol + paracetamol", {"tramadol", "paracetamol"}),
    ("Tramadol and Paracetamol", {"tramadol", "paracetamol"}),
    ("paracetamol with codeine", {"paracetamol", "codeine"}),
    ("co-codamol 30/500", {"codeine", "paracetamol"}),
    ("Co-dydramol", {"dihydrocodeine", "paracetamol"}),
    ("Vit C", {"vitamin_c"}),
    ("vit. C 1 g daily", {"vitamin_c"}),
    ("Redoxon", {"vitamin_c"}),
    ("Vit B6", {"vitamin_b6"}),
    ("VIT B6 50mg", {"vitamin_b6"}),
    ("sertraline + Cymbalta", {"sertraline", "duloxetine"}),
]


@pytest.mark.parametrize(("typed", "expected"), NAMES, ids=[n for n, _ in NAMES])
def test_combinations_and_ward_abbreviations_are_read(typed, expected):
    resolved = bipn.resolve_medications([typed])
    assert set(resolved.known) == expected and resolved.unknown == ()


def test_a_name_only_partly_known_keeps_its_known_part_and_is_not_checked():
    resolved = bipn.resolve_medications(["tramadol/Hua Tuo Zai Zao Wan"])
    assert resolved.known == ("tramadol",) and resolved.unknown == ("tramadol/Hua Tuo Zai Zao Wan",)


@pytest.mark.parametrize("typed", ["Tramacet", "Ultracet", "tramadol/paracetamol 37.5/325mg", "Zaldiar", "tramadol + paracetamol"])
def test_duloxetine_with_a_tramadol_combination_raises_the_serotonin_caution(typed):
    o = options(current_medications=[typed])["duloxetine"]
    assert any(a.rule_id == "pain.serotonin" and a.severity is Severity.CAUTION for a in o.alerts)


@pytest.mark.parametrize(("typed", "alerted"), [
    ("sertraline", True), ("Lustral 50mg", True), ("linezolid", True), ("phenelzine", True), ("ondansetron", True),
    ("Tramacet", True), ("lithium", True), ("morphine", False), ("warfarin", False), ("paracetamol", False),
])
def test_the_strong_opioid_row_names_the_serotonergic_opioids_with_any_serotonergic_medicine(typed, alerted):
    """Review 2026-12-03, Part 2, item 22; policy.md lists fentanyl, methadone and pethidine as
    serotonergic. The row names no single agent, so it stays a caution (never an avoid) and
    says which strong opioids it means."""
    o = options(current_medications=[typed])["strong_opioids"]
    cards = [a for a in o.alerts if a.rule_id == "interact.strong_opioid_serotonin"]
    assert bool(cards) is alerted
    if alerted:
        (c,) = cards
        assert c.severity is Severity.CAUTION and not o.avoid
        assert all(name in c.summary for name in ("fentanyl", "methadone", "pethidine"))
        assert c.sources, "a caution carries its sources"


@pytest.mark.parametrize("typed", ["carbamazepine", "Tegretol", "Tegretol 200 mg BD"])
def test_tramadol_with_carbamazepine_is_avoid(typed):
    o = options(current_medications=[typed])["tramadol"]
    assert o.level is Severity.AVOID and o.avoid and o.max_daily_mg is None and o.start == ""
    assert "carbamazepine" in o.dose_text and o.dose_text.startswith("Avoid: ")


def test_tramadol_with_uncontrolled_epilepsy_is_avoid_and_history_alone_a_caution():
    assert options(uncontrolled_epilepsy=True)["tramadol"].level is Severity.AVOID
    assert options(seizure_history=True)["tramadol"].level is Severity.CAUTION
    plan = bipn.pain_plan(typical(uncontrolled_epilepsy=True))
    assert {o.agent: o for o in plan.options}["tramadol"].avoid


@pytest.mark.parametrize(("kw", "why"), [
    (dict(crcl_ml_min=20), "CrCl under 30"),
    (dict(crcl_ml_min=80, on_hemodialysis=True), "on haemodialysis"),
    (dict(crcl_ml_min=80, hepatic_impairment="mild"), "liver impairment"),
    (dict(crcl_ml_min=80, substantial_alcohol_use=True), "alcohol"),
    (dict(crcl_ml_min=80, current_medications=["fluvoxamine"]), "fluvoxamine"),
])
def test_an_avoided_agent_says_why(kw, why):
    o = options(**kw)["duloxetine"]
    assert o.avoid and o.dose_text.startswith("Avoid: ") and why in o.dose_text


def test_a_patient_already_taking_an_avoided_agent_is_told():
    o = options(crcl_ml_min=12, on_hemodialysis=True, current_medications=["Cymbalta 60mg", "sertraline"])["duloxetine"]
    assert o.already_taken and "the patient already takes it" in o.dose_text and "haemodialysis" in o.dose_text
    assert any(r.startswith("Already on duloxetine, which is to be avoided here: on haemodialysis") for r in o.avoid_reasons)
    assert any(a.rule_id == "pain.serotonin" for a in o.alerts), "the interaction is real: the patient takes both"


def test_an_avoided_agent_not_taken_carries_no_lesser_alert():
    o = options(crcl_ml_min=12, on_hemodialysis=True, current_medications=["sertraline"])["duloxetine"]
    assert o.avoid and not o.already_taken
    assert o.alerts == (), "no 'Monitor: low sodium' beside 'Avoid'"


def test_not_checked_stands_with_the_interaction_alerts_at_the_top():
    plan = bipn.pain_plan(typical(current_medications=("sertraline", "Hua Tuo Zai Zao Wan")))
    assert plan.top_alerts[:-1] == plan.alerts
    assert plan.top_alerts[-1].rule_id == "meds.not_checked" and "Hua Tuo Zai Zao Wan" in plan.top_alerts[-1].summary
    assert bipn.pain_plan(typical()).top_alerts == bipn.pain_plan(typical()).alerts


# --- 5. Body size like creatinine ----------------------------------------------------------------------

SLIPS = [
    (175, 176, "weight_kg", "if that was 176 lb, it is 79.8 kg"),
    (160, 150, "weight_kg", "if that was 150 lb, it is 68 kg"),
    (180, 200, "weight_kg", "if that was 200 lb, it is 90.7 kg"),
    (175, 45.9, "height_cm", "check the units"),
    (200, 121.8, "height_cm", "check the units"),  # BSA 2.601 m²: as pounds, 55.2 kg would be BMI 13.8
]


@pytest.mark.parametrize(("height", "weight", "field", "words"), SLIPS, ids=[f"{h}cm-{w}kg" for h, w, _, _ in SLIPS])
def test_an_implausible_body_size_names_the_slip_and_holds_the_mg_dose(height, weight, field, words):
    patient = typical(height_cm=height, weight_kg=weight)
    assert patient.body_size_check is not None
    assert patient.body_size_check[0] == field and words in patient.body_size_check[1]
    plan = bipn.bedside_plan(patient, bipn.Findings(sensory_grade=0))
    assert plan.amount is None and any(words in p.message for p in plan.pending)
    assert plan.analgesics is None, "no weight-based clearance from it"
    confirmed = bipn.bedside_plan(typical(height_cm=height, weight_kg=weight, body_size_confirmed=True), bipn.Findings(sensory_grade=0))
    assert confirmed.amount is not None and confirmed.analgesics is not None


def test_the_chosen_weight_is_used_when_the_typed_actual_weight_is_implausible():
    patient = typical(weight_kg=176, crcl_weight_basis="ideal", crcl_weight_kg=70)
    plan = bipn.bedside_plan(patient, bipn.Findings(sensory_grade=0))
    assert plan.analgesics is not None and plan.amount is None


@pytest.mark.parametrize(("height", "weight"), [(175, 46.0), (160, 127.9), (200, 121.6), (175, 80)])
def test_a_plausible_body_size_is_not_questioned(height, weight):
    assert typical(height_cm=height, weight_kg=weight).body_size_check is None


# --- 6. Words the record can carry ----------------------------------------------------------------

BANNED = ("from memory", "remembered", "oracle")


def test_provenance_is_named_in_professional_words():
    assert {p: p.label for p in bipn.Provenance} == {
        bipn.Provenance.CONFIRMED: "confirmed in the primary source",
        bipn.Provenance.PARTIAL: "secondary source only",
        bipn.Provenance.UNVERIFIED: "not yet checked against the primary source",
        bipn.Provenance.SOURCE_ARTICLE: "source article only (not confirmed)",
    }


@pytest.mark.parametrize("patient", [
    typical(on_hemodialysis=True, scr_mg_dl=6.0, current_medications=("sertraline", "Tramacet", "Hua Tuo Zai Zao Wan")),
    typical(age_years=88, sex="female", weight_kg=45, height_cm=155, scr_mg_dl=0.4, hepatic="severe"),
    typical(on_peritoneal_dialysis=True, current_medications=("St John's wort", "Vit C")),
], ids=["haemodialysis-sertraline", "frail-elderly-liver", "peritoneal"])
def test_the_note_for_the_record_never_says_from_memory_or_names_the_publisher(patient):
    for grade in (0, 2, 3):
        note = bipn.bedside_plan(patient, bipn.Findings(sensory_grade=grade, neuropathic_pain=grade == 2)).as_note(date(2026, 12, 3)).lower()
        assert not [w for w in BANNED if w in note], note


@pytest.mark.parametrize("question", ["pregabalin on dialysis?", "tramadol with carbamazepine", "weekly dosing neuropathy", "what does the source article say"])
def test_search_answers_never_say_from_memory_or_name_the_publisher(question):
    for result in bipn.search(question)[:5]:
        text = " ".join((result.title, result.text, *(str(c) for c in result.sources))).lower()
        assert not [w for w in BANNED if w in text], text


def test_no_reviewed_content_says_from_memory():
    from bipn.content.loader import load

    for name in ("analgesics", "rules", "medications", "education", "figures", "plausibility", "products", "course", "measures"):
        assert "from memory" not in str(load(name)).lower(), name


# --- 1b. Cautions, alerts and positions within the band too (issue 18, item 1: "every text") ----


@pytest.mark.parametrize("kw", [
    dict(crcl_ml_min=10, on_hemodialysis=True, current_medications=["sertraline"]),
    dict(crcl_ml_min=45),
    dict(crcl_ml_min=20),
    dict(crcl_ml_min=80, on_peritoneal_dialysis=True),
], ids=["haemodialysis-sertraline", "crcl-45", "crcl-20", "peritoneal"])
def test_the_pregabalin_caution_names_no_daily_amount_above_a_reduced_band(kw):
    o = options(**kw)["pregabalin"]
    assert o.max_daily_mg is not None and o.max_daily_mg <= 300
    assert not [c for c in o.cautions if "300 mg/day" in c], o.cautions
    assert any("No FDA indication for chemotherapy-induced neuropathy" in c for c in o.cautions), "the caution itself stays"


def test_the_pregabalin_caution_keeps_its_300_mg_cap_where_the_band_is_above_it():
    o = options(crcl_ml_min=80)["pregabalin"]
    assert o.max_daily_mg == 600
    assert any("300 mg/day" in c and "CrCl 60 or more" in c for c in o.cautions), o.cautions


def test_an_age_limit_above_the_kidney_band_is_not_named_as_this_patients_limit():
    o = options(crcl_ml_min=20, age_years=80)["tramadol"]
    assert o.max_daily_mg == 200
    assert not [s for s in o.audit if "300 mg/day" in s], o.audit


@pytest.mark.parametrize(("kw", "agent"), [
    (dict(crcl_ml_min=10, on_hemodialysis=True), "pregabalin"),
    (dict(crcl_ml_min=10, on_hemodialysis=True), "gabapentin"),
    (dict(crcl_ml_min=20), "tramadol"),
    (dict(crcl_ml_min=10, on_hemodialysis=True), "duloxetine"),
])
def test_the_positions_beside_a_reduced_dose_name_no_amount_above_it_and_keep_their_grade(kw, agent):
    o = options(**kw)[agent]
    ceiling = o.max_daily_mg or 0
    for line in (o.article_line, o.guideline_line):
        assert all(a <= ceiling for a in daily_amounts(line)), line
    assert "ESMO 2020" in o.guideline_line
    assert "not for this patient" in o.guideline_line


def test_the_note_on_haemodialysis_names_no_pain_dose_above_the_lowest_band():
    patient = typical(on_hemodialysis=True, scr_mg_dl=6.0, current_medications=("sertraline",))
    note = bipn.bedside_plan(patient, bipn.Findings(sensory_grade=1, neuropathic_pain=True)).as_note(date(2026, 12, 3))
    lines = [line for line in note.splitlines() if "regabalin" in line]
    assert lines, note
    for line in lines:
        assert all(a <= 75 for a in daily_amounts(line)), line
