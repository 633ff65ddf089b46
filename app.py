"""bipn-bedside: the router. Page config, navigation, the shared patient sidebar, the footer."""

import streamlit as st

from ui import context
from ui.legacy import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.set_page_config(page_title="BIPN bedside", layout="wide", initial_sidebar_state="auto")

PAGES = [
    st.Page("pages/assessment.py", title="Assessment and dose", url_path="assessment", default=True),
    st.Page("pages/pain.py", title="Pain management", url_path="pain"),
    st.Page("pages/education.py", title="Patient education", url_path="education"),
    st.Page("pages/prognosis.py", title="Prognosis", url_path="prognosis"),
    st.Page("pages/evidence.py", title="Evidence and questions", url_path="evidence"),
]

page = st.navigation(PAGES, position="top")
st.session_state["_context"] = context.sidebar()
context.disclaimer()
page.run()
