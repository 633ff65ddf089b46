"""Issue 22 in the app: the product decides the routes and the volume; CTCAE v6.0 beside v5.0."""

from tests.app.apphelpers import TYPICAL, fill, grade, texts, widget


def _patient(**changes):
    values = dict(TYPICAL)
    values.pop("route")
    values.update(changes)
    # The product first, as the form asks: its label decides the routes.
    order = ["product", "route"]
    return {k: values[k] for k in sorted(values, key=lambda k: order.index(k) if k in order else -1)}


def test_an_iv_only_solution_gives_its_volume_and_no_sc_advice(app):
    fill(app, **_patient(product="fosun_2_5mg_ml", route="iv"))
    assert widget(app, "route").options == ["Intravenous (IV)"], "an IV-only product offers only IV"
    grade(app, 1)
    assert not app.exception
    shown = texts(app)
    # 1.3 mg/m² x 1.6583 m² (165 cm, 60 kg) = 2.16 mg; / 2.5 mg/mL = 0.86 mL
    assert "0.86 mL" in shown
    assert "intravenous use only" in shown
    assert "Consider switching IV to subcutaneous" not in shown


def test_the_same_volume_for_an_sc_product_at_2_5_gives_the_sc_advice_when_iv(app):
    fill(app, **_patient(product="boruzu", route="iv"))
    grade(app, 1)
    shown = texts(app)
    assert "2.16 mL" in shown, "BORUZU IV is diluted to 1 mg/mL"
    assert "Consider switching IV to subcutaneous" in shown


def test_a_route_the_new_product_does_not_allow_is_cleared_and_said(app):
    fill(app, **_patient(product="velcade", route="sc"))
    fill(app, product="fosun_1mg_ml")
    assert not app.exception
    assert any("Route cleared" in w.value for w in app.warning)
    assert widget(app, "route").value is None


def test_a_product_whose_concentration_the_sources_lack_asks_for_the_label(app):
    fill(app, **_patient(product="pfizer_1mg", route="sc"))
    assert app.text_input(key="pt_conc") is not None
    app.text_input(key="pt_conc").set_value("2.5").run()
    grade(app, 0)
    assert "0.86 mL" in texts(app)


def test_ctcae_v6_wording_the_same_action_and_the_version_in_the_note(app):
    fill(app, **_patient(product="velcade", route="sc"))
    app.radio(key="g_ctcae").set_value("6.0").run()
    grade(app, 1)
    assert not app.exception
    shown = texts(app)
    assert "Grade 1: Mild symptoms (v5.0: Asymptomatic)" in shown
    assert "The label's actions map the same way" in shown
    assert "Continue at 1.3 mg/m²" in shown
    app.toggle(key="show_note").set_value(True).run()
    note = app.code[0].value
    assert note.splitlines()[0].endswith("(CTCAE v6.0)")
    assert "Graded with NCI CTCAE v6.0" in note


def test_the_course_records_the_version_and_offers_the_summary_pdf(app):
    fill(app, **_patient(product="velcade", route="sc"))
    app.switch_page("pages/course.py").run()
    app.radio(key="bl_ctcae").set_value("6.0").run()
    app.radio(key="bl_sensory").set_value(1)
    app.radio(key="bl_motor").set_value(0)
    form_button = next(b for b in app.button if b.label == "Record baseline")
    form_button.click().run()
    assert not app.exception
    assert "sensory Grade 1, motor Grade 0 (CTCAE v6.0)" in texts(app)
    shown = texts(app)
    assert "exported against HL7 Belgium BortezomibV1" in shown and "homehosp-bortezomib" in shown
