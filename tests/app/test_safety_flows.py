"""The bedside flow at its edges: free-text medicines, confirmations that last, red flags,
escaped free text, concentrations, and state that survives moving between pages."""

import pytest

from tests.app.apphelpers import PAGES, TYPICAL, fill, grade, markdowns, texts, unescape, widget

INJECTION = "![x](http://203.0.113.9/x.png) $x^2$ :red[red] <b>bold</b> [link](http://example.org)"


def record_confirmation(app, key: str, who: str, what: str, button: str):
    app.text_input(key=f"{key}_who").set_value(who)
    app.text_input(key=f"{key}_what").set_value(what)
    app.checkbox(key=f"{key}_tick").check()
    next(b for b in app.button if button in str(b.label)).click().run()
    return app


def test_free_text_medicines_unknown_names_are_kept_and_not_checked(app):
    fill(app, **TYPICAL, meds=["Nardil", "Zorblax 10 mg"])
    grade(app, 1, pain=True)
    shown = texts(app)
    assert "Not checked for interactions: Zorblax 10 mg" in shown
    assert "Contraindicated: do not combine:" in shown and "with phenelzine" in shown
    app.switch_page("pages/pain.py").run()
    table = app.dataframe[0].value.set_index("Agent")
    assert table.loc["Duloxetine", "Daily dose for this patient"] == "Contraindicated: do not use"
    assert table.loc["Duloxetine", "Level"] == "Contraindicated: do not combine"
    assert widget(app, "meds").value == ["Nardil", "Zorblax 10 mg"]


def test_autonomic_neuropathy_withholds_until_confirmed_then_discontinues_and_the_record_lasts(app):
    fill(app, **TYPICAL)
    grade(app, 1, autonomic=True)
    assert "### Withhold" in markdowns(app)
    assert "hypercalcaemia" in texts(app)
    record_confirmation(app, "autonomic", "Dr C. Consultant", "severe orthostatic hypotension; fluids and drugs reviewed", "Record confirmation")
    assert "### Discontinue" in markdowns(app)
    for page in ("pages/pain.py", "pages/evidence.py", "pages/assessment.py"):
        app.switch_page(page).run()
    assert "### Discontinue" in markdowns(app), "the confirmation survives moving between pages"
    app.toggle(key="show_note").set_value(True).run()
    note = app.code[0].value
    assert "severe autonomic neuropathy yes, confirmed by Dr C. Consultant" in note
    assert "Severe autonomic neuropathy confirmed by Dr C. Consultant on " in note
    next(b for b in app.button if "Clear" in str(b.label)).click().run()
    assert "### Withhold" in markdowns(app)


def on_hold_at_grade_0(app):
    fill(app, **TYPICAL)
    grade(app, 3)
    app.button(key="assessment_stop_record").click().run()
    grade(app, 0)
    return app


def test_restart_record_survives_other_clicks_and_pages_and_reaches_the_note(app):
    on_hold_at_grade_0(app)
    record_confirmation(app, "restart", "Dr A. Registrar", "back to baseline", "Record resolution")
    app.switch_page("pages/pain.py").run()
    app.switch_page("pages/assessment.py").run()
    head = unescape(next(m for m in markdowns(app) if m.startswith("### ")))
    assert head.startswith("### Restart at 0.7 mg/m² once weekly") and "resolution confirmed by Dr A. Registrar" in head
    app.toggle(key="show_note").set_value(True).run()
    note = app.code[0].value
    assert note.splitlines()[1].startswith("Dose: Restart at 0.7 mg/m² once weekly")
    assert "Restart recorded (0.7 mg/m² once weekly): resolution confirmed by Dr A. Registrar" in note


def test_free_text_is_shown_as_text_never_rendered(app):
    on_hold_at_grade_0(app)
    record_confirmation(app, "restart", INJECTION[:190], "baseline", "Record resolution")
    assert any(INJECTION[:190] in t.value for t in app.text), "shown verbatim as plain text"
    for m in [*app.markdown, *app.error, *app.warning, *app.info, *app.success]:
        assert "](http://203" not in m.value and "](http://example" not in m.value, "no live link or image from user text"
        assert "$x^2$" not in m.value and ":red[" not in m.value and "<b>" not in m.value


def test_free_text_over_200_characters_gets_a_message(app):
    on_hold_at_grade_0(app)
    record_confirmation(app, "restart", "x" * 250, "baseline", "Record resolution")
    assert any("at most 200 characters (got 250)" in unescape(e.value) for e in app.error)
    assert "Restart at 0.7" not in next(m for m in markdowns(app) if m.startswith("### "))


@pytest.mark.parametrize("flag", ["rf_new_weakness", "rf_back_pain", "rf_sphincter_or_saddle"])
def test_cord_compression_red_flag_is_shown_above_the_dose_action(app, flag):
    fill(app, **TYPICAL)
    app.checkbox(key=flag).check()
    grade(app, 1)
    errors = [unescape(e.value) for e in app.error]
    assert "cord" in errors[0] and "same-day" in errors[0]
    values = [el.value for el in app.main if hasattr(el, "value") and isinstance(el.value, str)]
    first_flag = next(i for i, v in enumerate(values) if "Red flag" in v)
    headline = next(i for i, v in enumerate(values) if v.startswith("### "))
    assert first_flag < headline


def test_sc_concentration_choice_changes_the_volume(app):
    fill(app, **{**TYPICAL, "height": 180, "weight": 80})
    grade(app, 0)
    assert {m.label: m.value for m in app.metric}["Injection volume"] == "1.04 mL"
    app.radio(key="pt_conc_choice").set_value(1.0).run()
    assert {m.label: m.value for m in app.metric}["Injection volume"] == "2.60 mL"


def test_severe_liver_impairment_puts_the_hepatic_dose_in_the_headline(app):
    fill(app, **TYPICAL, liver="severe")
    grade(app, 0)
    headline = next(m for m in markdowns(app) if m.startswith("### "))
    assert "0.7 mg/m² in cycle 1" in headline and not headline.startswith("### Continue at 1.3")


def test_grades_modifiers_red_flags_and_question_survive_every_page(app):
    fill(app, **TYPICAL)
    app.checkbox(key="rf_back_pain").check()
    grade(app, 2, pain=True)
    app.switch_page("pages/evidence.py").run()
    app.text_input(key="question").set_value("pregabalin on dialysis").run()
    for page in [*PAGES, PAGES[0]]:
        app.switch_page(page).run()
    assert app.radio(key="g_sensory").value == 2 and app.checkbox(key="g_pain").value is True
    assert app.checkbox(key="rf_back_pain").value is True
    app.switch_page("pages/evidence.py").run()
    assert app.text_input(key="question").value == "pregabalin on dialysis"


@pytest.mark.parametrize("page", PAGES)
def test_no_help_icon_on_any_control(app, page):
    """An explanation sits beside or below its control, never in a (?) inside its label."""
    fill(app, **TYPICAL)
    app.switch_page(page).run()
    for kind in ("checkbox", "radio", "selectbox", "multiselect", "text_input", "toggle"):
        for w in getattr(app, kind):
            assert not w.proto.help, f"{kind} {w.label!r} has a help icon"


def test_a_long_question_gets_a_message_and_is_not_cut(app):
    app.switch_page("pages/evidence.py").run()
    question = "pregabalin on dialysis? " * 25  # 600 characters
    app.text_input(key="question").set_value(question).run()
    assert app.text_input(key="question").value == question
    assert any("at most 500 characters (got 600" in unescape(e.value) for e in app.error)
    assert not app.exception
