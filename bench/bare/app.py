"""A bare Streamlit app of the same shape as bipn-bedside, the baseline for bench/run.py.

Same router (st.navigation at the top over six explicitly registered pages in pages/, the same
URL paths), the same .streamlit/config.toml (copied in by bench/run.py), and each page holds
just one widget and the same charts as ours (charts.py). Whatever our app costs beyond this is our content.
"""

import streamlit as st

st.set_page_config(page_title="Bare", layout="wide", initial_sidebar_state="auto")

PAGES = [
    st.Page("pages/assessment.py", title="Assessment", url_path="assessment", default=True),
    st.Page("pages/pain.py", title="Pain", url_path="pain"),
    st.Page("pages/education.py", title="Education", url_path="education"),
    st.Page("pages/prognosis.py", title="Prognosis", url_path="prognosis"),
    st.Page("pages/course.py", title="Course", url_path="course"),
    st.Page("pages/evidence.py", title="Evidence", url_path="evidence"),
]

st.navigation(PAGES, position="top").run()
