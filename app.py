"""bipn-bedside: the router. Page config, navigation, the shared patient sidebar, the footer."""

import streamlit as st

from ui import context, state, style
from ui.legacy import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.set_page_config(page_title="BIPN bedside", layout="wide", initial_sidebar_state="auto")

# The default page is served at "/"; its own url_path is reserved but never shown, so
# "/assessment" is left free for the alias below.
ASSESSMENT = st.Page("pages/assessment.py", title="Assessment", url_path="home", default=True)


def assessment_alias() -> None:
    """/assessment is where the default page lives on a fresh server's first run; keep it working."""
    st.switch_page(ASSESSMENT)


PAGES = [
    ASSESSMENT,
    st.Page("pages/pain.py", title="Pain", url_path="pain"),
    st.Page("pages/education.py", title="Education", url_path="education"),
    st.Page("pages/prognosis.py", title="Prognosis", url_path="prognosis"),
    st.Page("pages/course.py", title="Course", url_path="course"),
    st.Page("pages/evidence.py", title="Evidence", url_path="evidence"),
    st.Page(assessment_alias, title="Assessment (old link)", url_path="assessment", visibility="hidden"),
]

page = st.navigation(PAGES, position="top")
style.apply()
with state.kept_run(page.url_path):
    top = st.container()  # the disclaimer, above everything; it depends on the audience chosen
    ctx, main = context.draw(page.url_path)
    with top:
        context.disclaimer(ctx)
    context.publish(ctx)
    with main:
        page.run()
