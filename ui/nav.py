"""The app's pages in one place: the router registers them, the pages link to them.

A link made from a file path (``st.page_link("pages/x.py")``) resolves that path on disk every
time it is drawn; a card draws one, so a page drew dozens per run. Links use ``st.Page``
objects made once per process instead. They are never given to ``st.navigation`` (which marks
the page it returns as the one to run), so sessions can share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import streamlit as st


@dataclass(frozen=True)
class PageSpec:
    script: str
    title: str
    url_path: str


# The default page is served at "/"; its own url_path is reserved but never shown, so
# "/assessment" is left free for the alias app.py registers.
PAGES = {
    "assessment": PageSpec("pages/assessment.py", "Assessment", "home"),
    "pain": PageSpec("pages/pain.py", "Pain", "pain"),
    "education": PageSpec("pages/education.py", "Education", "education"),
    "prognosis": PageSpec("pages/prognosis.py", "Prognosis", "prognosis"),
    "course": PageSpec("pages/course.py", "Course", "course"),
    "evidence": PageSpec("pages/evidence.py", "Evidence", "evidence"),
}
DEFAULT = "assessment"


def page(name: str) -> st.Page:
    """A new Page for the router (call within a script run)."""
    spec = PAGES[name]
    return st.Page(spec.script, title=spec.title, url_path=spec.url_path, default=name == DEFAULT)


@cache
def link(name: str) -> st.Page:
    """The Page to give st.page_link for the page called `name` (made once per process)."""
    return page(name)
