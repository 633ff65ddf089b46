"""Expanders whose contents are drawn only while open (ui.render.opened): closed, their contents
cost nothing; opened, they are all there; the same key twice on a page keeps working."""

from streamlit.testing.v1 import AppTest

from tests.app.apphelpers import TYPICAL, fill, grade, open_expanders


def _same_key_twice() -> None:
    from ui import render

    for n in (1, 2):  # as the same card shown twice on one page
        box = render.opened("Basis and sources", "basis-x")
        if box is not None:
            box.markdown(f"contents {n}")


def test_contents_are_drawn_only_while_open_and_a_repeated_key_gets_a_number():
    at = AppTest.from_function(_same_key_twice).run()
    assert not at.exception
    assert [e.label for e in at.expander] == ["Basis and sources", "Basis and sources"]
    assert not at.markdown, "closed: nothing drawn inside"
    open_expanders(at, "basis-x-2")
    assert not at.exception
    assert [m.value for m in at.markdown] == ["contents 2"]
    assert at.expander[1].proto.expanded and not at.expander[0].proto.expanded
    open_expanders(at, "basis-x")
    assert [m.value for m in at.markdown] == ["contents 1", "contents 2"]


def test_an_opened_working_stays_open_while_the_grade_changes(app):
    fill(app, **TYPICAL)
    grade(app, 2)
    worked = "How the dose and volume were worked out"
    assert not any(worked in m.value for m in app.markdown)
    open_expanders(app, "working-dose")
    assert [e.label for e in app.expander if e.proto.expanded and e.label == worked]
    reduced = [m.value for m in app.markdown if m.value.startswith("**")]
    grade(app, 1)  # continue at 1.3 instead of reducing to 1.0: the open box shows the new working
    assert [e.label for e in app.expander if e.proto.expanded and e.label == worked], "still open"
    assert [m.value for m in app.markdown if m.value.startswith("**")] != reduced


def test_the_evidence_list_chosen_is_kept_while_its_box_is_closed(app):
    open_expanders(app.switch_page("pages/evidence.py"), "browse")
    app.radio(key="evidence_list").set_value("claims").run()
    app.session_state["browse"] = False
    app.run()
    assert not [r for r in app.radio if r.key == "evidence_list"], "closed: the list and its choice are not drawn"
    open_expanders(app, "browse")
    assert app.radio(key="evidence_list").value == "claims"


def test_the_supplement_cautions_for_everyone_are_one_box_with_every_basis_in_one_expander(app):
    import bipn
    from ui import render

    fill(app, **TYPICAL)
    app.switch_page("pages/pain.py").run()
    cautions = bipn.pain_plan(bipn.Patient(age_years=70, sex="female", height_cm=165, weight_kg=60, scr_mg_dl=1.0)).cautions
    assert len(cautions) >= 2
    boxes = [w.value for w in app.warning if all(render.plain(c.summary) in w.value for c in cautions)]
    assert len(boxes) == 1 and boxes[0].startswith("**Caution:**"), [w.value for w in app.warning]
    assert not [w for w in app.warning if w.value != boxes[0] and any(render.plain(c.summary) in w.value for c in cautions)], "a supplement twice"
    open_expanders(app, "basis-supplements")
    shown = "\n".join(m.value for m in app.markdown)
    for c in cautions:  # each one's basis and sources, under its own summary, and its rule's link
        assert f"**{render.plain(c.summary)}**" in shown
        assert render.plain(c.detail) in shown
    links = [link.proto.label for link in app.get("page_link")]
    assert all(f"Open rule {c.rule_id} in Evidence" in links for c in cautions), links


def test_the_medicines_box_draws_its_fields_only_while_open_and_closed_its_kept_values_still_count(app):
    from tests.app.apphelpers import texts, unescape

    fill(app, **TYPICAL, meds=["sertraline"])
    app.checkbox(key="pt_seizures").check().run()
    assert [m.value for m in app.multiselect if m.key == "pt_meds"] == [["sertraline"]]
    app.session_state["pt_meds_open"] = False  # closed, as a click does
    app.run()
    assert not [m for m in app.multiselect if m.key == "pt_meds"] and not [c for c in app.checkbox if c.key == "pt_seizures"], "drawn while closed"
    app.switch_page("pages/pain.py").run()  # the pain plan still reads both: the interaction and the seizure caution
    shown = unescape(texts(app)).lower()
    assert "sertraline" in shown and "seizure" in shown, shown[:2000]
    open_expanders(app, "pt_meds_open")
    assert [m.value for m in app.multiselect if m.key == "pt_meds"] == [["sertraline"]] and app.checkbox(key="pt_seizures").value
