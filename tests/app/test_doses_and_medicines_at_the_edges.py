"""Issue 18 in the app: the dialysis patient on sertraline, peritoneal dialysis, the pounds slip."""

from tests.app.apphelpers import TYPICAL, fill, texts, unescape, widget


def doses(app) -> dict[str, str]:
    table = app.dataframe[0].value
    return dict(zip(table["Agent"], table["Daily dose for this patient"], strict=True))


def starts(app) -> dict[str, str]:
    table = app.dataframe[0].value
    return dict(zip(table["Agent"], table["Start and titration"], strict=True))


def test_haemodialysis_patient_on_sertraline_gets_titration_within_the_band(app):
    fill(app, age=60, sex="male", height=175, weight=80, scr=6.0, hd=True, meds=["sertraline", "Hua Tuo Zai Zao Wan"])
    app.switch_page("pages/pain.py").run()
    assert not app.exception
    d, s = doses(app), starts(app)
    assert d["Pregabalin"].startswith("25-75 mg/day, once daily; plus one supplementary dose after each 4-hour haemodialysis session")
    assert "300 mg/day" not in s["Pregabalin"] and "normal kidney function only — not for this patient" in s["Pregabalin"]
    assert "three times daily" not in s["Gabapentin"] and "every 4-6 hours" not in s["Tramadol (immediate release)"]
    assert d["Duloxetine"].startswith("Avoid: on haemodialysis")
    # The serotonin caution (tramadol with sertraline) and, beside it at the top, the medicine not checked.
    alerts = [unescape(w.value) for w in app.warning]
    first = next(i for i, v in enumerate(alerts) if "Not checked for interactions: Hua Tuo Zai Zao Wan" in v)
    assert any("sertraline" in v for v in alerts[:first]), alerts
    assert "low sodium" not in texts(app).lower(), "no 'Monitor' beside an avoided duloxetine"


def test_haemodialysis_patient_already_on_duloxetine_is_told(app):
    fill(app, age=60, sex="male", height=175, weight=80, scr=6.0, hd=True, meds=["Cymbalta"])
    app.switch_page("pages/pain.py").run()
    assert doses(app)["Duloxetine"].endswith("the patient already takes it")


def test_peritoneal_dialysis_and_not_both(app):
    fill(app, age=60, sex="male", height=175, weight=80, scr=6.0, pd=True)
    app.switch_page("pages/pain.py").run()
    assert "not studied in peritoneal dialysis — ask the renal team" in doses(app)["Pregabalin"]
    assert "Peritoneal dialysis: doses not studied" in texts(app)
    fill(app, hd=True)
    assert not app.exception
    assert any("not both" in unescape(e.value) for e in app.error)


def test_weight_typed_in_pounds_is_named_beside_the_field_and_holds_the_doses(app):
    fill(app, **{**TYPICAL, "height": 175, "weight": 176})
    assert not app.exception
    warning = next(unescape(w.value) for w in app.warning if "lb" in w.value)
    assert "176 kg with 175 cm gives BMI 57.5 kg/m²" in warning and "if that was 176 lb, it is 79.8 kg" in warning
    assert not any(m.value == "mg" for m in app.metric)
    assert not any(m.label == "Injection volume" for m in app.metric)
    app.switch_page("pages/pain.py").run()
    assert not app.dataframe and "if that was 176 lb, it is 79.8 kg" in texts(app)
    # Corrected: the doses come back, and the message goes.
    widget(app, "weight").set_value("79.8")
    app.run()
    assert app.dataframe and not any("lb" in w.value for w in app.warning)


def test_weight_in_pounds_confirmed_gives_the_doses(app):
    fill(app, **{**TYPICAL, "height": 175, "weight": 176})
    fill(app, body_confirmed=True)
    app.switch_page("pages/pain.py").run()
    assert app.dataframe and not app.exception
