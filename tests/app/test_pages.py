"""Every page runs from app.py, with default, typical and absurd inputs, without an exception."""

import pytest
from streamlit.testing.v1 import AppTest

import bipn
from tests.app.apphelpers import APP, PAGES, SUMMARY_PAGES, TYPICAL, fill, open_expanders, texts, typed, unescape, widget


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_default_inputs_and_shows_the_disclaimer(app, page):
    app.switch_page(page).run()
    assert not app.exception
    assert "Decision support only" in texts(app)
    assert "Content version" in texts(app)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_a_typical_patient(app, page):
    fill(app, **TYPICAL)
    app.switch_page(page).run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]



ABSURD = [
    ("age", -5, "Age (years) must be from 18 up to 120 (got -5"),
    ("weight", 0, "Weight (kg) must be from 20 up to 300 (got 0"),
    ("height", 9999, "Height (cm) must be from 100 up to 250 (got 9999"),
    ("scr", 0, "Serum creatinine (mg/dL) must be from 0.2 up to 20 (got 0"),
    ("scr", 1e6, "Serum creatinine (mg/dL) must be from 0.2 up to 20"),
    ("scr", "1,400", "could be 1.400 or 1400"),
    ("age", "seventy", "Age (years) must be a number such as 1.4 or 1,4 (got 'seventy')"),
    ("days", -3, "Days since the last dose change must be a whole number from 0 to 3650 (got -3)"),
]


@pytest.mark.parametrize(("field", "value", "message"), ABSURD, ids=[f"{f}={v}" for f, v, _ in ABSURD])
def test_absurd_input_shows_its_message_beside_the_field_and_is_kept(app, field, value, message):
    fill(app, **TYPICAL)
    fill(app, **{field: value})
    assert not app.exception
    sidebar_errors = [unescape(e.value) for e in app.error]
    assert any(message in e for e in sidebar_errors), sidebar_errors
    assert widget(app, field).value == typed(value), "what the user typed must not be lost"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_keeps_working_with_all_absurd_inputs_at_once(app, page):
    fill(app, **TYPICAL)
    absurd = {field: value for field, value, _ in ABSURD if field not in ("scr", "age")}
    fill(app, **absurd, age=-5, scr=0)
    app.switch_page(page).run()
    assert not app.exception
    labels = ("Age", "Weight", "Height", "Serum creatinine", "Days since")
    beside = [e for e in app.error if unescape(e.value).startswith(labels)]
    if page in SUMMARY_PAGES:  # the patient as a summary: the fields to correct named in it, and beside a field drawn here
        summary = unescape(app.sidebar.markdown[0].value)
        assert "To correct on the Assessment page:" in summary
        named = [label for label in ("Age (years)", "Weight (kg)", "Height (cm)", "Serum creatinine", "Days since the last dose change") if label.lower() in summary.lower()]
        assert len(named) + len(beside) == len(absurd) + 2, (summary, [e.value for e in beside])
        assert len(beside) == (1 if page == "pages/prognosis.py" else 0)  # prognosis draws the days field, with its message
    else:
        assert len(beside) == len(absurd) + 2


def test_creatinine_in_micromol_is_validated_in_its_own_unit(app):
    fill(app, **TYPICAL)
    fill(app, scr_unit="µmol/L", scr=0.5)
    errors = [unescape(e.value) for e in app.error]
    assert any("Serum creatinine (µmol/L) must be from 18 up to 1768" in e and "Did you mean 0.5 mg/dL" in e for e in errors), errors


def test_decimal_comma_is_read_as_a_decimal_and_shown(app):
    fill(app, **TYPICAL)
    fill(app, scr="1,4")
    assert not app.error
    assert "Using 1.4" in [c.value for c in app.caption]
    app.switch_page("pages/pain.py").run()
    crcl = bipn.creatinine_clearance(age_years=70, weight_kg=60, sex="female", scr_mg_dl=1.4)
    assert f"Creatinine clearance {int(crcl * 10) / 10:.1f} mL/min" in texts(app)


def test_unit_mix_up_message_offers_the_other_unit(app):
    fill(app, **TYPICAL)
    fill(app, scr_unit="µmol/L", scr=9.0)
    errors = [unescape(e.value) for e in app.error]
    assert any("Did you mean 9 mg/dL = 796 µmol/L?" in e for e in errors), errors
    app.switch_page("pages/pain.py").run()
    assert "Creatinine clearance" not in texts(app), "no clearance from an implausible creatinine"


def test_other_dose_above_label_maximum_is_an_input_error(app):
    fill(app, dose="Other")
    app.text_input(key="pt_dose_other").set_value("1.5").run()
    assert any("Current bortezomib dose (mg/m²) must be above 0 up to 1.3 (got 1.5)" in unescape(e.value) for e in app.error)
    assert not app.exception


@pytest.mark.parametrize("page", PAGES)
def test_a_page_run_in_streamlits_legacy_mode_restarts_through_the_router(page):
    """AppTest without the fixture's patch starts every run in legacy pages/ mode, as a fresh
    server does: the page must still come up with the patient sidebar and the disclaimer."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(page) if page != PAGES[0] else None
    at.run()
    assert not at.exception
    assert any(m.value.startswith("**Patient**") for m in at.sidebar.markdown) or at.text_input(key="pt_age") is not None
    assert "Decision support only" in texts(at)


def _figures_listed() -> int:
    return sum(1 for f in bipn.figures() if not (f.chart == "none" and not f.provenance.is_primary))


def _claims() -> int:
    return sum(1 for f in bipn.figures() if not f.provenance.is_primary)


@pytest.mark.parametrize(
    ("shown", "count"),
    [("rules", lambda: len(bipn.rules())), ("figures", _figures_listed), ("claims", _claims), ("references", lambda: len(bipn.references()))],
)
def test_evidence_lists_every_item(app, shown, count):
    open_expanders(app.switch_page("pages/evidence.py"), "browse")
    app.radio(key="evidence_list").set_value(shown).run()
    table = app.dataframe[0] if shown == "references" else app.table[0]
    assert len(table.value) == count()
