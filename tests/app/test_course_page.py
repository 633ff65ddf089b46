"""The course page: record three cycles with the nurse's check, export, start a fresh session,
import, and see the same course; refused imports keep the course; typed text stays plain."""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

import bipn
import bipn.course as course_api
from tests.app.apphelpers import APP, texts, unescape
from ui.course_state import KEY

PAGE = "pages/course.py"
VITALS = {"temperature_c": "36,7", "heart_rate_per_min": "74", "systolic_mm_hg": "124", "diastolic_mm_hg": "76"}  # a decimal comma, as typed on a ward
CYCLES = [
    (date(2026, 1, 5), 0, "1.3"),
    (date(2026, 1, 26), 1, "1.3"),
    (date(2026, 2, 16), 2, "1.3"),  # the assessment reduces to 1.0: a planned 1.3 is held
]


def open_course(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def course_of(at: AppTest) -> course_api.Course:
    return at.session_state[KEY].course


def check_visit(at: AppTest, on: date, sensory: int, planned: str, *, motor: int = 0, items: tuple[str, ...] = (), nurse: str = "") -> AppTest:
    at.date_input(key="cv_v_date").set_value(on)
    at.radio(key="cv_v_sensory").set_value(sensory)
    at.radio(key="cv_v_motor").set_value(motor)
    for field, value in VITALS.items():
        at.text_input(key=f"cv_v_{field}").set_value(value)
    for item in course_api.contraindications():
        at.checkbox(key=f"cv_v_item_{item['field']}").set_value(item["field"] in items)
    at.text_input(key="cv_v_nurse").set_value(nurse)
    at.radio(key="cv_v_planned").set_value(planned)
    next(b for b in at.button if b.label == "Check this visit").click().run()
    assert not at.exception, at.exception
    return at


def record(at: AppTest) -> AppTest:
    at.button(key="cv_record").click().run()
    assert not at.exception, at.exception
    return at


def test_baseline_then_three_cycles_export_fresh_session_import_same_course(app):
    open_course(app)
    app.radio(key="bl_sensory").set_value(0)
    app.radio(key="bl_motor").set_value(0)
    next(b for b in app.button if b.label == "Record baseline").click().run()
    assert course_of(app).baseline == bipn.Findings(0)

    answers = []
    for on, sensory, planned in CYCLES:
        check_visit(app, on, sensory, planned, nurse="Nurse B")
        answers.append([e.value for e in app.success] + [e.value for e in app.error])
        record(app)
    assert "**Give 1.3 mg/m²**" in answers[0] and "**Give 1.3 mg/m²**" in answers[1]
    assert "**Do not give: hold and call the team**" in answers[2]
    course = course_of(app)
    assert [v.on for v in course.visits] == [on for on, _, _ in CYCLES]
    assert [v.dose_given_mg_m2 for v in course.visits] == [1.3, 1.3, None]
    assert course.visits[2].action is bipn.Action.REDUCE
    assert all(v.pre_dose is not None and v.pre_dose.checked_by == "Nurse B" for v in course.visits)

    chart = app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")
    assert chart, "the course chart is drawn"
    assert "Sensory neuropathy worse than at the last assessment" in texts(app)

    exported = course_api.to_json(course)  # what the download button serves (same function)
    assert course_api.from_json(exported) == course

    fresh = AppTest.from_file(APP, default_timeout=30)
    fresh.run()
    open_course(fresh)
    assert course_of(fresh).visits == (), "a new session starts with no course"
    fresh.file_uploader(key="course_upload").set_value(("bipn-course.fhir.json", exported.encode(), "application/json")).run()
    assert not fresh.exception, fresh.exception
    assert course_of(fresh) == course
    assert any("Course imported: 3 visits." in s.value.replace("\\", "") for s in fresh.success)
    assert "Sensory neuropathy worse than at the last assessment" in texts(fresh)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("patient.json", json.dumps({"resourceType": "Patient"}).encode(), "not a Bundle"),
        ("other.json", json.dumps({"resourceType": "Bundle", "type": "collection", "meta": {"profile": ["http://example.org/x"]}}).encode(), "another profile"),
        ("broken.json", b"{ not json", "not valid JSON"),
        ("huge.json", b" " * (1024 * 1024 + 1), "at most 1.0 MB"),
    ],
    ids=["wrong resource type", "another profile", "malformed JSON", "over 1 MB"],
)
def test_a_refused_import_says_why_and_keeps_the_course(app, name, content, message):
    open_course(app)
    check_visit(app, date(2026, 1, 5), 1, "1.3")
    record(app)
    before = course_of(app)
    app.file_uploader(key="course_upload").set_value((name, content, "application/json")).run()
    assert not app.exception
    errors = [e.value.replace("\\", "") for e in app.error]  # shown with Markdown escaped
    assert any(message in e and "The course on screen is unchanged" in e for e in errors), errors
    assert course_of(app) == before


def test_a_refused_file_is_quoted_as_plain_text_not_markdown(app):
    open_course(app)
    evil = json.dumps({"resourceType": "[click](http://evil.example) **x** $x$"}).encode()
    app.file_uploader(key="course_upload").set_value(("evil.json", evil, "application/json")).run()
    shown = [e.value.replace("\u2060", "") for e in app.error]  # the joiner that keeps the address unlinked
    assert any("\\[click\\]\\(http\\:" in e and "\\*\\*x\\*\\*" in e and "\\$x\\$" in e for e in shown), shown


@pytest.mark.parametrize("item", [i["field"] for i in course_api.contraindications()])
def test_each_bortezomib_v1_item_shows_hold_and_call_the_team(app, item):
    open_course(app)
    check_visit(app, date(2026, 1, 5), 0, "1.3", items=(item,))
    shown = [e.value.replace("\\", "") for e in app.error]  # card text is drawn with Markdown escaped
    assert "**Do not give: hold and call the team**" in shown
    text = next(i["text"] for i in course_api.contraindications() if i["field"] == item)
    assert any(text in e and "call the hospital team" in e for e in shown), shown
    record(app)
    v = course_of(app).visits[-1]
    assert v.dose_given_mg_m2 is None and getattr(v.pre_dose, item) is True


def test_no_item_and_grade_0_shows_give(app):
    open_course(app)
    check_visit(app, date(2026, 1, 5), 0, "1.3")
    assert "**Give 1.3 mg/m²**" in [s.value for s in app.success]


def test_missing_vitals_are_named_not_crashed(app):
    open_course(app)
    app.radio(key="cv_v_sensory").set_value(0)
    app.radio(key="cv_v_motor").set_value(0)
    next(b for b in app.button if b.label == "Check this visit").click().run()
    assert not app.exception
    assert any("Enter body temperature (°C)" in e.value.replace("\\", "") and "BortezomibV1 asks for it" in e.value for e in app.error)


def test_typed_text_is_shown_as_plain_text_in_the_note(app):
    open_course(app)
    sneaky = "**Dr** [x](http://evil.example) <img src=x>"
    check_visit(app, date(2026, 1, 5), 0, "1.3", nurse=sneaky)
    record(app)
    app.toggle(key="cv_show_note").set_value(True).run()
    assert any(sneaky in c.value for c in app.code), "the note is a code block: shown as typed"
    assert not [m.value for m in app.markdown if "evil.example" in m.value], "never rendered as Markdown"


def test_nothing_of_the_course_goes_into_the_url(app):
    open_course(app)
    check_visit(app, date(2026, 1, 5), 2, "1.0", nurse="Nurse B")
    record(app)
    assert dict(app.query_params) == {}


def test_clearing_the_course_does_not_bring_the_imported_file_back(app):
    open_course(app)
    exported = course_api.to_json(course_api.Course().add(course_api.Visit(date(2026, 1, 5), bipn.Findings(1), 1.3)))
    app.file_uploader(key="course_upload").set_value(("c.json", exported.encode(), "application/json")).run()
    assert len(course_of(app).visits) == 1
    app.button(key="cv_clear").click().run()
    assert not app.exception
    assert course_of(app) == course_api.Course()
    app.run()
    assert course_of(app) == course_api.Course(), "the file still in the uploader is not imported again"


def test_after_a_call_the_teams_give_is_recorded_as_their_decision(app):
    open_course(app)
    app.radio(key="cv_v_team").set_value("give")
    check_visit(app, date(2026, 1, 5), 0, "1.3", items=("fever_chills_unwell",))
    assert "**Do not give: hold and call the team**" in [e.value for e in app.error]
    assert any("Recorded as given after the call" in w.value for w in app.warning)
    record(app)
    v = course_of(app).visits[-1]
    assert v.dose_given_mg_m2 == 1.3 and v.pre_dose.team_decision == "give"


def test_a_severe_autonomic_confirmation_is_recorded_with_the_visit(app):
    open_course(app)
    app.checkbox(key="cv_v_autonomic").check()
    app.text_input(key="cv_v_auto_by").set_value("Dr C")
    app.text_input(key="cv_v_auto_what").set_value("severe; dehydration and drugs excluded")
    check_visit(app, date(2026, 1, 5), 1, "1.3")
    assert "**Do not give: hold and call the team**" in [e.value for e in app.error]
    record(app)
    f = course_of(app).visits[-1].findings
    assert f.severe_autonomic and f.autonomic_confirmation == bipn.Confirmation("Dr C", "severe; dehydration and drugs excluded")


def test_a_confirmation_without_the_box_ticked_is_explained(app):
    open_course(app)
    app.text_input(key="cv_v_auto_by").set_value("Dr C")
    app.text_input(key="cv_v_auto_what").set_value("severe")
    check_visit(app, date(2026, 1, 5), 1, "1.3")
    assert any("autonomic_confirmation needs severe_autonomic=True" in e.value.replace("\\", "") for e in app.error)
    assert course_of(app).visits == ()


def test_a_decimal_comma_is_read_as_a_decimal_and_a_typed_value_is_never_grown(app):
    open_course(app)
    check_visit(app, date(2026, 1, 5), 0, "1.3")
    record(app)
    assert course_of(app).visits[-1].pre_dose.temperature_c == 36.7, "'36,7' is 36.7, not 367"
    app.text_input(key="cv_v_temperature_c").set_value("1,400")
    next(b for b in app.button if b.label == "Check this visit").click().run()
    assert any("could be 1.400 or 1400" in e.value.replace("\\", "") for e in app.error)
    assert len(course_of(app).visits) == 1


def test_the_teams_do_not_give_is_recorded_even_when_the_check_allows(app):
    open_course(app)
    app.radio(key="cv_v_team").set_value("do_not_give")
    check_visit(app, date(2026, 1, 5), 0, "1.3")
    assert any("Recorded as not given after the call" in w.value for w in app.warning)
    record(app)
    assert course_of(app).visits[-1].dose_given_mg_m2 is None


def test_a_check_with_a_problem_clears_the_earlier_answer(app):
    open_course(app)
    check_visit(app, date(2026, 1, 5), 0, "1.3")
    assert app.button(key="cv_record")
    app.text_input(key="cv_v_temperature_c").set_value("")
    next(b for b in app.button if b.label == "Check this visit").click().run()
    assert not [b for b in app.button if b.key == "cv_record"], "nothing left to record by mistake"


def test_a_visit_without_the_nurses_check_records_the_assessments_action(app):
    open_course(app)
    app.toggle(key="cv_with_check").set_value(False).run()
    app.date_input(key="cv_v_date").set_value(date(2026, 1, 5))
    app.radio(key="cv_v_sensory").set_value(3)
    app.radio(key="cv_v_motor").set_value(0)
    app.selectbox(key="cv_v_dose_given").set_value("none")
    next(b for b in app.button if b.label == "Check this visit").click().run()
    assert any("Withhold" in i.value for i in app.info)
    record(app)
    v = course_of(app).visits[-1]
    assert v.action is bipn.Action.WITHHOLD and v.dose_given_mg_m2 is None and v.pre_dose is None


# ---- one record: the form starts empty, a lost record is said at once ----------------------------


def test_a_new_visit_starts_empty_after_recording(app):
    open_course(app)
    check_visit(app, date(2026, 1, 5), 0, "1.3", nurse="Nurse B")
    record(app)
    for field in VITALS:
        assert app.text_input(key=f"cv_v_{field}").value == "", field
    assert app.text_input(key="cv_v_nurse").value == "" and app.radio(key="cv_v_planned").value is None


def test_a_fever_typed_but_not_ticked_holds_and_the_course_note_carries_the_readings(app):
    open_course(app)
    check_visit(app, date(2026, 1, 5), 0, "1.3", nurse="Nurse B")
    record(app)
    app.text_input(key="cv_v_temperature_c").set_value("38,5")
    check_visit_keep = dict(VITALS)
    VITALS["temperature_c"] = "38,5"
    try:
        check_visit(app, date(2026, 1, 26), 0, "1.3")
    finally:
        VITALS.clear()
        VITALS.update(check_visit_keep)
    shown = texts(app)
    assert "Do not give: hold and call the team" in shown and "Temperature 38.5 °C (38.0 °C or more)" in shown
    record(app)
    app.toggle(key="cv_show_note").set_value(True).run()
    note = app.code[0].value
    assert "temperature 38.5 °C" in note and "temperature 36.7 °C" in note, note
    assert "Dose state: On 1.3 mg/m²" in note


@pytest.mark.parametrize(("key", "value"), [("rec_token", "1"), ("pt_age", "68")], ids=["course-token", "typed-patient"])
def test_a_reconnect_that_lost_the_record_says_so_and_the_check_refuses(monkeypatch, key, value):
    """A tab that reconnects to another replica brings its widget values but not the course:
    the app says so at once, and the nurse's check will not answer until it is restored."""
    from streamlit.testing.v1 import app_test

    from tests.app.conftest import _RouterPagesManager

    monkeypatch.setattr(app_test, "PagesManager", _RouterPagesManager)
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[key] = value  # as the browser resends it to the new server session
    at.run()
    assert any("could not come with it" in e.value for e in at.error), [e.value for e in at.error]
    open_course(at)
    check_visit(at, date(2026, 1, 5), 0, "1.3")
    assert any("No pre-dose answer from a partial record" in unescape(e.value) for e in at.error)
    assert not [b for b in at.button if b.key == "cv_record"]
    exported = course_api.to_json(course_api.Course().add(course_api.Visit(date(2026, 1, 1), bipn.Findings(0), 1.3)))
    at.button(key="record_lost_button").click().run()
    assert not any("could not come with it" in e.value for e in at.error)
    assert exported  # an import clears it too (test_course_fhir covers the file itself)


def test_a_fresh_session_is_not_taken_for_a_lost_one(app):
    assert not any("could not come with it" in e.value for e in app.error)
    open_course(app)
    check_visit(app, date(2026, 1, 5), 0, "1.3")
    record(app)
    assert app.text_input(key="rec_token").value == "1", "the browser now holds the token"
    assert not any("could not come with it" in e.value for e in app.error)


# --- Fewer elements, the same record (issue 21, speed) ----------------------------------------


def keys(at: AppTest) -> set[str]:
    return {w.key for kind in ("text_input", "checkbox", "radio") for w in getattr(at, kind) if w.key}


def test_the_restart_is_asked_only_while_on_hold_and_a_resolution_given_there_restarts_at_0_7(app):
    open_course(app)
    assert "cv_v_res_by" not in keys(app)  # not started: there is nothing to restart
    check_visit(app, date(2026, 1, 5), 0, "1.3")
    record(app)
    assert "cv_v_res_by" not in keys(app)  # on a dose
    app.checkbox(key="cv_v_pain").check()
    check_visit(app, date(2026, 1, 26), 2, "1.3")  # Grade 2 with neuropathic pain: withhold
    assert "**Do not give: hold and call the team**" in [e.value for e in app.error]
    record(app)
    assert course_api.dose_state(course_of(app)).kind is course_api.Kind.ON_HOLD
    assert {"cv_v_res_by", "cv_v_res_what"} <= keys(app)  # on hold: now asked
    app.text_input(key="cv_v_res_by").set_value("Dr R")
    app.text_input(key="cv_v_res_what").set_value("Back to Grade 1, no pain")
    check_visit(app, date(2026, 2, 16), 1, "0.7")
    assert "**Give 0.7 mg/m² once weekly**" in [s.value for s in app.success], [e.value for e in app.error]
    record(app)
    state = course_api.dose_state(course_of(app))
    assert state.kind is course_api.Kind.ON_DOSE and state.dose_mg_m2 == 0.7
    assert "cv_v_res_by" not in keys(app)


def test_a_red_flag_ticked_in_the_folded_box_reaches_the_visit(app):
    open_course(app)
    app.checkbox(key="cv_v_flag_back_pain").check()
    check_visit(app, date(2026, 1, 5), 0, "1.3")
    record(app)
    assert course_of(app).visits[0].findings.back_pain is True
    box = next(e for e in app.expander if e.label.startswith("Red flags"))
    assert [c.label for c in box.checkbox] == list(bipn.clinical.findings.RED_FLAG_QUESTIONS.values())


def test_the_downloads_appear_once_there_is_something_to_take_along(app):
    open_course(app)
    assert not app.get("download_button")
    assert any("Once a baseline or a visit is recorded" in c.value for c in app.caption)
    app.radio(key="bl_sensory").set_value(0)
    app.radio(key="bl_motor").set_value(0)
    next(b for b in app.button if b.label == "Record baseline").click().run()
    assert [b.proto.label for b in app.get("download_button")] == ["Download the course (FHIR R4 JSON)", "Download a one-page summary for the next clinic (PDF)"]
