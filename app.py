"""bipn-bedside: the router. Page config, navigation, the shared patient sidebar, the footer."""

import streamlit as st

from ui import context, state
from ui.legacy import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.set_page_config(page_title="BIPN bedside", layout="wide", initial_sidebar_state="auto")

# The default page is served at "/"; its own url_path is reserved but never shown, so
# "/assessment" is left free for the alias below.
ASSESSMENT = st.Page("pages/assessment.py", title="Assessment and dose", url_path="home", default=True)


def assessment_alias() -> None:
    """/assessment is where the default page lives on a fresh server's first run; keep it working."""
    st.switch_page(ASSESSMENT)


PAGES = [
    ASSESSMENT,
    st.Page("pages/pain.py", title="Pain management", url_path="pain"),
    st.Page("pages/education.py", title="Patient education", url_path="education"),
    st.Page("pages/prognosis.py", title="Prognosis", url_path="prognosis"),
    st.Page("pages/course.py", title="Course across cycles", url_path="course"),
    st.Page("pages/evidence.py", title="Evidence and questions", url_path="evidence"),
    st.Page(assessment_alias, title="Assessment and dose (old link)", url_path="assessment", visibility="hidden"),
]

page = st.navigation(PAGES, position="top")
with state.kept_run():
    context.disclaimer()
    ctx, main = context.draw(page.url_path)
    context.publish(ctx)
    with main:
        page.run()
