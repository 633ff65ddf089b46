"""What a clinician sees matches what bipn computes, and survives moving between pages."""

import json
import math

import pytest

import bipn
from tests.app.apphelpers import SUMMARY_PAGES, TYPICAL, fill, grade, markdowns, open_expanders, texts, typed, unescape, widget


SUMMARY = ("70 years, female, 165 cm, 60 kg", "Serum creatinine 1 mg/dL", "Bortezomib: 1.3 mg/m², VELCADE 3.5 mg vial (Takeda), powder, Subcutaneous (SC), Twice weekly")


def test_patient_context_survives_switching_pages(app):
    fill(app, **TYPICAL)
    for page in ("pages/pain.py", "pages/education.py", "pages/prognosis.py", "pages/evidence.py", "pages/course.py", "pages/assessment.py"):
        app.switch_page(page).run()
        if page in SUMMARY_PAGES:  # the patient as a summary, with a link to the form
            summary = unescape(app.sidebar.markdown[0].value)
            assert all(line in summary for line in SUMMARY), (page, summary)
            assert not app.sidebar.text_input or [w.key for w in app.sidebar.text_input] == ["pt_days"]
            continue
        for name, value in TYPICAL.items():
            assert widget(app, name).value == typed(value), (page, name)
    app.switch_page("pages/pain.py").run()
    crcl = bipn.creatinine_clearance(age_years=70, weight_kg=60, sex="female", scr_mg_dl=1.0)
    shown = math.floor(crcl * 10) / 10  # displayed rounded down, the cautious direction
    assert f"Creatinine clearance {shown:.1f} mL/min" in texts(app)


GRADES = [(s, m, pain) for s in range(5) for m in (0, 2) for pain in (False, True) if not (pain and s == 0 and m == 0)]


@pytest.mark.parametrize(("sensory", "motor", "pain"), GRADES, ids=[f"s{s}-m{m}-{'pain' if p else 'nopain'}" for s, m, p in GRADES])
def test_dose_action_shown_matches_bipn(app, sensory, motor, pain):
    fill(app, **TYPICAL)
    grade(app, sensory, motor, pain=pain)
    expected = bipn.dose_action(sensory_grade=sensory, motor_grade=motor, neuropathic_pain=pain, current_dose_mg_m2=1.3)
    shown = texts(app)
    assert f"### {expected.headline}" in markdowns(app)
    assert expected.card.summary in shown
    metrics = {m.label: m.value for m in app.metric}
    if expected.action in (bipn.Action.CONTINUE, bipn.Action.REDUCE):
        amount = bipn.dose_amount(dose_mg_m2=expected.next_dose_mg_m2, bsa_m2=bipn.bsa_mosteller(165, 60), product="velcade", route="sc")
        assert metrics["Next dose for this patient"] == f"{amount.dose_mg:.2f} mg"
        assert metrics["Injection volume"] == f"{amount.volume_ml:.2f} mL"
    else:
        assert "Injection volume" not in metrics, "no volume to draw up for a withheld or stopped drug"


def test_grade_zero_with_pain_is_explained_not_crashed(app):
    fill(app, **TYPICAL)
    grade(app, 0, 0, pain=True)
    assert not app.exception
    assert any("neuropathic_pain=True needs a neuropathy grade of at least 1" in unescape(e.value) for e in app.error)


def test_withhold_then_resolution_then_grade_1_restarts_at_0_7_once_weekly_everywhere(app):
    """The registrar's flow that failed the ward walk: one record, one answer on every page."""
    fill(app, **TYPICAL)
    grade(app, 2, pain=True)
    assert "### Withhold" in markdowns(app)
    assert not [b for b in app.button if "Record resolution" in str(b.label)], "no resolution before a recorded withhold"
    app.button(key="assessment_stop_record").click().run()
    assert any("On hold since" in e.value for e in app.error), "the dose state heads every page"
    # Still Grade 2 with pain: the resolution is refused with the reason, nothing recorded.
    app.text_input(key="restart_who").set_value("Dr A. Registrar")
    app.text_input(key="restart_what").set_value("back to Grade 1, no pain")
    app.checkbox(key="restart_tick").check()
    next(b for b in app.button if "Record resolution" in str(b.label)).click().run()
    assert any("Resolution refused" in e.value for e in app.error)
    # Grade 1 without pain: still on hold (a resolution check), never 'Continue at 1.3'.
    grade(app, 1)
    heads = [m for m in markdowns(app) if m.startswith("### ")]
    assert heads and "Continue" not in heads[0] and "1.3" not in heads[0] and "On hold since" in heads[0]
    assert "Injection volume" not in {m.label for m in app.metric}
    next(b for b in app.button if "Record resolution" in str(b.label)).click().run()
    assert not app.exception
    restart = bipn.dose_amount(dose_mg_m2=0.7, bsa_m2=bipn.bsa_mosteller(165, 60), product="velcade", route="sc")
    head = next(m for m in markdowns(app) if m.startswith("### "))
    assert f"Restart at 0.7 mg/m² once weekly — {restart.dose_mg_text} — {restart.volume_ml_text} (resolution confirmed by Dr A" in unescape(head)
    assert {m.label: m.value for m in app.metric}["Next dose (once weekly)"] == "0.7 mg/m²"
    app.toggle(key="show_note").set_value(True).run()
    note = app.code[0].value.splitlines()
    assert note[1].startswith(f"Dose: Restart at 0.7 mg/m² once weekly — {restart.dose_mg_text} — {restart.volume_ml_text} (resolution confirmed by Dr A. Registrar, ")
    assert note[2].startswith("Dose state: Restart recorded (0.7 mg/m² once weekly)")
    app.switch_page("pages/course.py").run()
    assert "back to Grade 1, no pain" in app.dataframe[0].value.to_string() or any("2 visits" in str(x.value) or "Restart recorded" in str(x.value) for x in app.warning)


def test_dose_already_at_floor_gets_a_warning_not_an_error(app):
    fill(app, **{**TYPICAL, "dose": "0.7"})
    grade(app, 0)
    assert "Already at the lowest labelled dose" in texts(app)
    grade(app, 2)
    assert "No lower labelled dose below 0.7" in texts(app)
    assert not app.exception


def test_guided_questions_map_to_a_grade_and_refuse_contradictions(app):
    fill(app, **TYPICAL)
    app.radio(key="grade_mode").set_value("Guided questions").run()
    app.checkbox(key="q_sensory_present").check()
    app.checkbox(key="q_sensory_iadl").check().run()
    assert "Grade 2" in [s.value for s in app.success]
    assert "### Reduce to 1.0 mg/m²" in markdowns(app)
    app.checkbox(key="q_motor_sadl").check().run()
    assert any("Limits self-care cannot be yes" in unescape(e.value) for e in app.error)
    assert not app.exception


def test_pain_page_doses_match_bipn_and_alert_on_serotonergic_combination(app):
    fill(app, **TYPICAL, meds=["tramadol"])
    app.switch_page("pages/pain.py").run()
    crcl = bipn.creatinine_clearance(age_years=70, weight_kg=60, sex="female", scr_mg_dl=1.0)
    expected = bipn.analgesic_plan(crcl_ml_min=crcl, age_years=70, current_medications=["tramadol"])
    table = app.dataframe[0].value
    assert list(table["Daily dose for this patient"]) == [o.dose_text for o in expected]
    shown = texts(app)
    assert "Serotonin syndrome risk: Duloxetine" in shown and "with tramadol. Use together only with close monitoring" in shown
    assert "the source article says pregabalin; ASCO and ESMO guidelines say duloxetine" in shown


def test_very_low_clearance_warns_and_shows_the_lowest_bands(app):
    fill(app, **{**TYPICAL, "scr": 6.0})
    app.switch_page("pages/pain.py").run()
    assert "Creatinine clearance under 15 mL/min" in texts(app)
    duloxetine = next(row for _, row in app.dataframe[0].value.iterrows() if row["Agent"] == "Duloxetine")
    assert duloxetine["Daily dose for this patient"] == "Avoid: CrCl under 30 mL/min (severe renal impairment)" and duloxetine["Level"] == "Avoid"


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_education_page_shows_the_bipn_text_for_the_audience(app, audience):
    fill(app, audience=audience)
    app.switch_page("pages/education.py").run()
    shown = texts(app)
    for section in bipn.sections(bipn.Audience(audience)):
        assert f"#### {section.title}" in shown
        assert section.body in shown
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Download printable handout (PDF)" in labels


def test_prognosis_charts_have_alt_text_and_the_sourced_numbers(app):
    fill(app, days=40)
    app.switch_page("pages/prognosis.py").run()
    charts = app.get("vega_lite_chart")
    assert len(charts) == 3
    for chart in charts:
        assert len(chart.proto.alt) > 40
    specs = [json.loads(c.proto.spec) for c in charts]
    values = [
        row
        for spec in specs
        for layer in spec["layer"]
        for row in layer.get("data", spec.get("data", {})).get("values", [])
    ]
    by_label = {row.get("label"): row for row in values if "label" in row}
    assert (by_label["All with grade 2 or worse (APEX)"]["numerator"], by_label["All with grade 2 or worse (APEX)"]["denominator"]) == (58, 91)
    assert by_label["With dose modification (APEX)"]["percent"] == 68
    assert by_label["Without dose modification (APEX)"]["percent"] == 47
    assert any(row.get("text") == "This patient: 40 days since the last dose change" for row in values)
    assert "Source article only (not confirmed)" in json.dumps(specs[0])


def test_evidence_deep_link_opens_the_rule(app):
    app.switch_page("pages/evidence.py")
    app.query_params["rule"] = "dose.withhold"
    app.run()
    assert "Rule dose.withhold" in [s.value for s in app.subheader]


def test_follow_up_question_finds_the_guidance_with_sources_and_a_link(app):
    app.switch_page("pages/evidence.py").run()
    app.text_input(key="question").set_value("pregabalin on dialysis?").run()
    assert not app.exception
    first = bipn.search("pregabalin on dialysis?")[0]
    assert f"**{first.title}**" in [m.value for m in app.markdown]
    links = [p.proto.label for p in app.get("page_link")]
    assert "Where it applies: Pain management" in links


def test_follow_up_question_with_no_good_match_says_so(app):
    app.switch_page("pages/evidence.py").run()
    app.text_input(key="question").set_value("what are the football scores").run()
    assert any("Nothing in the reviewed content answers that well" in i.value for i in app.info)


def test_recommendation_links_to_its_rule_in_evidence(app):
    fill(app, **TYPICAL)
    grade(app, 2)
    assert not any(p.proto.label.startswith("Open rule") for p in app.get("page_link")), "basis drawn only once opened"
    open_expanders(app, "basis-dose.reduce")
    links = [(p.proto.label, p.proto.page) for p in app.get("page_link")]
    assert any(label == "Open rule dose.reduce in Evidence" for label, _ in links), links


def test_no_dose_action_until_both_grades_are_chosen(app):
    fill(app, **TYPICAL)
    assert "Choose the sensory and the motor grade" in texts(app)
    assert not [m for m in app.markdown if m.value.startswith("### ")]


@pytest.mark.parametrize(("sensory", "autonomic", "headline"), [(3, False, "Withhold"), (1, True, "Withhold"), (4, False, "Discontinue")])
def test_withhold_and_discontinue_show_before_the_dose_is_entered(app, sensory, autonomic, headline):
    grade(app, sensory, autonomic=autonomic)
    assert f"### {headline}" in markdowns(app)
    assert "current bortezomib dose (mg/m²)" in texts(app)


def test_restart_never_raises_a_dose_below_the_label_restart_dose(app):
    fill(app, **{**TYPICAL, "dose": "Other"})
    app.text_input(key="pt_dose_other").set_value("0.5").run()
    grade(app, 3)
    app.button(key="assessment_stop_record").click().run()
    grade(app, 0)
    app.text_input(key="restart_who").set_value("Dr A. Registrar")
    app.text_input(key="restart_what").set_value("back to baseline")
    app.checkbox(key="restart_tick").check()
    next(b for b in app.button if "Record resolution" in str(b.label)).click().run()
    assert not app.exception
    shown = unescape(texts(app))
    assert "the last dose (0.5 mg/m²) was below the restart dose: the clinician chooses the dose" in shown
    assert "Restart at 0.7" not in shown.split("###")[1][:60]
    assert "Injection volume" not in {m.label for m in app.metric}


def test_next_dose_between_levels_is_shown_exactly(app):
    fill(app, **{**TYPICAL, "dose": "Other"})
    app.text_input(key="pt_dose_other").set_value("1.15").run()
    grade(app, 1)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Next dose"] == "1.15 mg/m²"
    grade(app, 2)
    assert {m.label: m.value for m in app.metric}["Next dose"] == "1.0 mg/m²"


def test_very_high_clearance_and_body_size_keep_every_page_working(app):
    fill(app, age=40, sex="male", height=200, weight=250, scr=0.4, dose="1.3", route="sc", product="velcade")
    grade(app, 2)
    assert not app.exception
    assert "### Reduce to 1.0 mg/m²" in markdowns(app)
    app.switch_page("pages/pain.py").run()
    assert not app.exception
    # BSA 3.73 m²: no dose from it until confirmed (policy.md, third review: Body size).
    assert not app.dataframe and "if that was 250 lb, it is 113.4 kg" in texts(app)
    fill(app, body_confirmed=True)
    assert app.dataframe, "analgesic doses are shown once the clinician confirms the body size"


def test_dialysis_uses_the_lowest_band_whatever_the_estimate(app):
    fill(app, age=60, sex="male", height=175, weight=80, scr=0.9, hd=True)
    app.switch_page("pages/pain.py").run()
    doses = dict(zip(app.dataframe[0].value["Agent"], app.dataframe[0].value["Daily dose for this patient"], strict=True))
    # policy.md (third review): the post-haemodialysis supplement is part of the dose line; an avoided agent says why.
    assert doses["Pregabalin"].startswith("25-75 mg/day, once daily; plus one supplementary dose after each 4-hour haemodialysis session")
    assert doses["Gabapentin"].startswith("100-300 mg/day, once daily; plus a supplementary dose after each 4 hours of haemodialysis: 125 mg")
    assert doses["Duloxetine"].startswith("Avoid: on haemodialysis")
    assert doses["Tramadol (immediate release)"].startswith("up to 200 mg/day, every 12 hours; the regular dose on dialysis days")


def test_liver_not_recorded_is_said_not_assumed_normal(app):
    grade(app, 1)
    assert "Liver function not recorded" in texts(app)
    fill(app, liver="none")
    assert "Liver function not recorded" not in texts(app)


def test_rule_link_text_from_the_url_is_never_rendered(app):
    app.switch_page("pages/evidence.py")
    app.query_params["rule"] = "![x](http://example.invalid/pixel.png)"
    app.run()
    assert "example.invalid" not in texts(app)


def test_note_for_the_record_holds_the_plan_and_its_sources(app):
    fill(app, **TYPICAL)
    grade(app, 2)
    app.toggle(key="show_note").set_value(True).run()
    note = app.code[0].value
    assert note.startswith("BIPN assessment ") and "(CTCAE v5.0)" in note
    assert "Grades: sensory 2, motor 0, neuropathic pain no, severe autonomic neuropathy no" in note
    assert "- [Caution] Reduce bortezomib one dose level: 1.3 to 1.0 mg/m²." in note
    assert "Source: VELCADE US label (2022)" in note
    assert "Decision support only" in note
