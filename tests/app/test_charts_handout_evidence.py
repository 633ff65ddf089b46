"""Issue 10 on screen: prognosis charts, presentation mode and downloads; the patient views;
the education page's handouts and notice; the compact evidence page with answers first."""

from __future__ import annotations

import json

import pytest

import bipn
from tests.app.apphelpers import fill, open_expanders, texts


def vega_specs(app) -> list[dict]:
    return [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]


def download_labels(app) -> list[str]:
    return [b.proto.label for b in app.get("download_button")]


# --- Prognosis, clinician ---------------------------------------------------------------------


def test_prognosis_draws_three_teaching_charts_with_downloads(app):
    app.switch_page("pages/prognosis.py").run()
    assert not app.exception
    specs = vega_specs(app)
    assert [s["usermeta"]["chart"] for s in specs] == ["reversibility", "time_to_improvement", "incidence"]
    for spec in specs:
        assert spec["width"] == "container" and "expr" in json.dumps(spec["title"]["fontSize"]), "type follows the width"
        assert spec["config"]["background"] in ("#ffffff", "#0e1117")
    labels = download_labels(app)
    assert labels.count("Image for slides (PNG)") == 3 and labels.count("Image for slides (SVG)") == 3
    assert labels.count("The numbers (CSV)") == 3
    assert not any("JSON" in label for label in labels), "no Vega-Lite JSON as the visible download"


def test_prognosis_numbers_tables_have_readable_columns(app):
    app.switch_page("pages/prognosis.py").run()
    assert len(app.table) == 0, "the numbers are drawn only once asked for"
    open_expanders(app, "numbers-reversibility", "numbers-time_to_improvement", "numbers-incidence")
    tables = app.table
    assert len(tables) == 3
    for table in tables:
        columns = list(table.value.columns)
        assert "Provenance" in columns and "Source" in columns
        assert not [c for c in columns if "_" in c], columns
    first = tables[0].value
    assert first.iloc[0]["Percent"] == "64%" and first.iloc[0]["Patients (n/N)"] == "58/91"


def test_45_percent_within_three_cycles_is_not_on_the_prognosis_page(app):
    app.switch_page("pages/prognosis.py").run()
    shown = texts(app) + json.dumps(vega_specs(app))
    assert "45%" not in shown and "three cycles" not in shown
    assert "Median time to onset" not in shown or "53 days" in shown


def test_presentation_mode_shows_one_chart_in_large_type(app):
    app.switch_page("pages/prognosis.py").run()
    app.toggle(key="present").set_value(True).run()
    specs = vega_specs(app)
    assert len(specs) == 1 and specs[0]["usermeta"]["chart"] == "reversibility"
    normal = bipn.chart_spec("reversibility")
    assert specs[0]["title"]["fontSize"] != normal["title"]["fontSize"]
    assert "25.2" in specs[0]["title"]["fontSize"]["expr"], "title 1.2 x larger"
    app.radio(key="present_chart").set_value("incidence").run()
    assert [s["usermeta"]["chart"] for s in vega_specs(app)] == ["incidence"]


def test_the_patient_day_is_marked_in_presentation_too(app):
    fill(app, days=40)
    app.switch_page("pages/prognosis.py").run()
    app.toggle(key="present").set_value(True).run()
    app.radio(key="present_chart").set_value("time_to_improvement").run()
    spec = vega_specs(app)[0]
    assert any(layer.get("name") == "patient-day" for layer in spec["layer"])


# --- Patients -----------------------------------------------------------------------------------------


def test_patients_see_frequency_words_and_an_icon_array_not_the_clinician_charts(app):
    fill(app, audience="patient")
    app.switch_page("pages/prognosis.py").run()
    assert not app.exception
    shown = texts(app)
    assert "About 64 in 100 people" in shown and "not a promise" in shown
    assert "About 38 in 100 people" in shown and "About 53 in 100 people" in shown
    specs = vega_specs(app)
    assert [s["usermeta"]["chart"] for s in specs] == ["patient_icon_array"]
    for unconfirmed in ("71%", "47 days", "18%", "9%", "627"):
        assert unconfirmed not in shown, unconfirmed


def test_patients_get_a_notice_written_for_them_not_the_clinician_disclaimer(app):
    fill(app, audience="patient")
    for page in ("pages/education.py", "pages/prognosis.py"):
        app.switch_page(page).run()
        shown = texts(app)
        assert bipn.PATIENT_NOTICE in shown
        assert "Decision support only" not in shown


def test_clinicians_keep_the_disclaimer(app):
    app.switch_page("pages/education.py").run()
    assert "Decision support only" in texts(app)
    assert bipn.PATIENT_NOTICE not in texts(app)


# --- Education ---------------------------------------------------------------------------------------


def test_education_offers_the_sheet_and_the_large_print_sheet(app):
    app.switch_page("pages/education.py").run()
    labels = download_labels(app)
    assert "Download printable handout (PDF)" in labels and "Download large-print handout (PDF)" in labels


def test_patient_education_starts_with_get_help_right_away(app):
    fill(app, audience="patient")
    app.switch_page("pages/education.py").run()
    headings = [m.value for m in app.markdown if m.value.startswith("#### ")]
    assert headings[0] == "#### Get help right away"
    urgent = app.error[0].value
    for flag in ("weakness in your legs", "Back pain", "groin or buttocks", "bladder or bowel control"):
        assert flag in urgent


def test_education_names_the_patients_product_and_route(app):
    fill(app, audience="patient", product="velcade", route="sc")
    app.switch_page("pages/education.py").run()
    assert "Your bortezomib: VELCADE 3.5 mg vial (Takeda), powder, given as an injection under the skin." in texts(app)


def test_education_without_a_product_names_none(app):
    app.switch_page("pages/education.py").run()
    assert "Your bortezomib:" not in texts(app)


# --- Evidence -----------------------------------------------------------------------------------------


def test_evidence_opens_compact_with_the_question_first(app):
    app.switch_page("pages/evidence.py").run()
    assert not app.exception
    shown = [t for t in app.main.text_input if t.key != "rec_token"]  # the hidden record token (ui/state.py)
    assert len(shown) == 1 and shown[0].label == "Ask a follow-up question"
    lists = [e for e in app.main.expander if e.label.startswith("Browse every rule")]
    assert len(app.main.expander) == 1 and len(lists) == 1
    assert lists[0].proto.expanded is False, "the lists start closed"


@pytest.mark.parametrize("rule_id", sorted(bipn.rules()))
def test_every_rule_deep_links(app, rule_id):
    app.switch_page("pages/evidence.py")
    app.query_params["rule"] = rule_id
    app.run()
    assert f"Rule {rule_id}" in [s.value for s in app.subheader]


def test_the_answer_is_shown_first(app):
    app.switch_page("pages/evidence.py").run()
    app.text_input(key="question").set_value("pregabalin on dialysis").run()
    assert app.success[0].value.startswith("Pregabalin on haemodialysis:")


def test_the_source_articles_claims_have_their_own_list(app):
    open_expanders(app.switch_page("pages/evidence.py"), "browse")
    app.radio(key="evidence_list").set_value("claims").run()
    claims = app.table[0].value
    assert any("three cycles" in s for s in claims["What the source article says"])
    app.radio(key="evidence_list").set_value("figures").run()
    assert not any("three cycles" in s for s in app.table[0].value["Statement"])


def test_pain_page_lists_the_non_drug_measures_with_their_sources(app):
    open_expanders(app.switch_page("pages/pain.py"), "non-drug")
    assert not app.exception
    shown = texts(app)
    for rule_id in ("measure.menthol", "measure.capsaicin", "measure.exercise", "measure.acupuncture", "measure.cryotherapy", "measure.compression"):
        assert bipn.rules()[rule_id].summary in shown, rule_id
    assert "infusion-only evidence" in shown
