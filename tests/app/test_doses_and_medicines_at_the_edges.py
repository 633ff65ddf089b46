"""Issue 18 in the app: the dialysis patient on sertraline, peritoneal dialysis, the pounds slip."""

import re

from tests.app.apphelpers import TYPICAL, fill, open_expanders, texts, unescape, widget


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


def agent_box(app, agent: str, display: str) -> str:
    """An agent's opened box on the pain page, without its Sources block (what the sources say,
    each with its locator, is not advice for this patient)."""
    open_expanders(app, f"agent-{agent}")
    box = next(e for e in app.expander if e.label.startswith(f"{display}: "))
    return unescape(box.markdown[0].value).split("**Sources**")[0]


DAILY = re.compile(r"(\d+)(?:-(\d+))? mg/day|(\d+) mg twice daily")


def test_haemodialysis_patient_on_sertraline_sees_no_daily_amount_above_the_band_in_the_pregabalin_box(app):
    """The box beside the 25-75 mg/day dose line: its caution, positions and basis (issue 18:
    'every text an option carries names no daily amount above the band's maximum')."""
    fill(app, age=60, sex="male", height=175, weight=80, scr=6.0, hd=True, meds=["sertraline"])
    app.switch_page("pages/pain.py").run()
    box = agent_box(app, "pregabalin", "Pregabalin")
    assert "No FDA indication for chemotherapy-induced neuropathy" in box
    assert "300 mg/day" not in box and "300 mg twice daily" not in box and "150-600" not in box, box
    assert "ESMO 2020: [II, C]; the dose it names is above this patient's maximum — not for this patient" in box
    for m in DAILY.finditer(box):
        named = max(int(g) * (2 if m.group(3) else 1) for g in m.groups() if g)
        assert named <= 75, (m.group(0), box)
    # The tramadol box keeps the serotonin alert for sertraline, within its 200 mg/day band.
    tramadol = agent_box(app, "tramadol", "Tramadol (immediate release)")
    assert "Serotonin syndrome risk: Tramadol (immediate release) with sertraline" in tramadol
    assert "200-400 mg/day" not in tramadol


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
