"""Keep Streamlit out of its legacy `pages/` mode.

Streamlit decides once per process whether the app uses the old `pages/` folder convention,
and only `st.navigation` switches that off. On a fresh server's first run, a deep link such as
`/pain` would therefore run `pages/pain.py` on its own, without the router (no patient
sidebar, no context) and fail. Every script calls `leave_legacy_pages_mode()` first: if the
legacy flag is still on, it is switched off and the run restarts through `app.py`.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def leave_legacy_pages_mode() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
