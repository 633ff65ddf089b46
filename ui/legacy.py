"""Keep Streamlit out of its legacy `pages/` mode.

Streamlit decides once per process whether the app uses the old `pages/` folder convention,
and only `st.navigation` switches that off. On a fresh server, a deep link such as `/pain`
opened before any run has reached `st.navigation` runs `pages/pain.py` on its own, without
the router (no patient sidebar, no context). app.py leaves legacy mode first thing; a page
that finds the router did not run (ui.context.current) restarts the run through app.py,
which also covers a session that started in legacy mode while another switched it off.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def leave_legacy_pages_mode(*, restart: bool = False) -> None:
    """Switch legacy mode off; rerun if it was on, or if ``restart`` is asked for."""
    if PagesManager.uses_pages_directory or restart:
        PagesManager.uses_pages_directory = False
        st.rerun()
