"""bipn-bedside: the router. Page config, navigation, the shared patient sidebar, the footer."""

import streamlit as st

from ui import context, course_state, nav, render, state, style
from bipn.course import Kind, dose_state
from ui.legacy import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.set_page_config(page_title="BIPN bedside", layout="wide", initial_sidebar_state="auto")


def assessment_alias() -> None:
    """/assessment is where the default page lives on a fresh server's first run; keep it working."""
    st.switch_page(nav.link(nav.DEFAULT))


PAGES = [
    *(nav.page(name) for name in nav.PAGES),
    st.Page(assessment_alias, title="Assessment (old link)", url_path="assessment", visibility="hidden"),
]

page = st.navigation(PAGES, position="top")
style.apply()
with state.kept_run(page.url_path):
    course = course_state.get().course
    state.record_token(bool(course.visits or course.baseline or state.record("autonomic_record")))
    top = st.container()  # the disclaimer, above everything; it depends on the audience chosen
    ctx, main = context.draw(page.url_path)
    with top:
        dose = dose_state(course, ctx.patient.schedule)
        quiet = dose.kind is Kind.NOT_STARTED or ctx.audience == "patient"
        # Not started: said on the disclaimer's line, so the answer does not move down.
        context.disclaimer(ctx, "Dose state: not started." if dose.kind is Kind.NOT_STARTED and ctx.audience != "patient" else "")
        if state.record_lost():
            render.error(state.LOST_MESSAGE)
            if st.button("There is nothing to restore: start this record anew", key="record_lost_button"):
                state.clear_lost()
                st.rerun()
        if not quiet:
            render.dose_state(dose)
    context.publish(ctx)
    with main:
        page.run()
    style.ready()
    if state.note_lost_record():
        st.rerun()
