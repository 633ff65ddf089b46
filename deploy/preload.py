"""Streamlit's lazily loaded element code, asked for with the page (used by serve.py).

Streamlit's page loads the code of each kind of element (a radio, a text field, a chart...)
only when a run first draws one, after the websocket has connected and the run has started:
on our pages 6 to 9 kinds and about 40 to 70 modules, fetched and compiled one after
another while the answer is drawn. Listed in the page as ``<link rel="modulepreload">``, the
browser fetches and compiles them during the ~150 ms it otherwise waits for the server's
health and host configuration before connecting, so the run draws them at once (bench/run.py:
warm page ready on the course page 598 -> 506 ms, on assessment 366 -> 324 ms).

Nothing runs from this: a preloaded module is only evaluated when Streamlit imports it. The
hrefs are Streamlit's own relative script URLs, read from its installed static folder, so they
follow a Streamlit upgrade; a kind that the installed Streamlit no longer has is left out
(tests/unit/test_preload.py fails then, and the browser test checks that nothing is loaded late).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import streamlit

STATIC = Path(streamlit.__file__).parent / "static"
STATIC_JS = STATIC / "static" / "js"
# The kinds of element each page draws on a first load, by the name of their lazy chunk in
# Streamlit's bundle (index-*.js imports each as `./<Kind>.<hash>.js`): what every page draws
# (the view script, the audience radio, the record's field), and each page's own. Only what a
# page draws: preloading the chart code (about 1 MB) on a page without a chart delayed its
# connection by ~60 ms. The medicines' multiselect is drawn only once its box is opened, so no
# page needs it first. tests/unit/test_preload.py checks the lists against each page's first
# run, and tests/e2e/test_preload.py that the browser loads nothing else late.
EVERY_PAGE = ("Html", "Radio", "TextInput")
FORM = ("Checkbox", "Selectbox")  # the patient form (assessment, pain)
PAGE_KINDS: dict[str, tuple[str, ...]] = {
    "": FORM,  # assessment, the default page
    "pain": FORM,
    # PageLink: the patient summary's link to the form, on the pages that show the summary
    "education": ("DownloadButton", "PageLink"),
    "prognosis": ("ArrowVegaLiteChart", "Checkbox", "DownloadButton", "PageLink"),
    "evidence": ("PageLink",),
    "course": ("Checkbox", "DateInput", "FileUploader", "PageLink"),
}
# Kinds a page draws soon after its first run, preloaded too so they never load late: the
# course's downloads appear once a baseline or a visit is in.
LATER: dict[str, tuple[str, ...]] = {"course": ("DownloadButton",)}
_IMPORT = re.compile(r'(?:from|import)\s*"\./([^"/]+\.js)"')
_PAGE_SCRIPT = re.compile(r'href="\./static/js/([^"/]+\.js)"|src="\./static/js/([^"/]+\.js)"')


def _chunk(kind: str) -> str | None:
    found = sorted(p.name for p in STATIC_JS.glob(f"{kind}.*.js") if p.name.count(".") == 2)
    return found[0] if found else None


def _closure(names: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen or name.startswith("index.") or not (STATIC_JS / name).is_file():
            continue
        seen.add(name)
        todo.extend(_IMPORT.findall((STATIC_JS / name).read_text(encoding="utf-8", errors="replace")))
    return seen


def page_of(path: str) -> str:
    """The page a request path opens ("/" and "/assessment": "", "/pain": "pain"); an unknown one: ""."""
    first = path.strip("/").split("/", 1)[0]
    return first if first in PAGE_KINDS else ""


@cache
def chunks(page: str = "") -> tuple[str, ...]:
    """The element chunks ``page`` draws first and every module they import, but not
    Streamlit's entry script (index-*.js) nor what its page already lists: file names in
    Streamlit's static/js folder, sorted."""
    entries = [c for c in (_chunk(kind) for kind in EVERY_PAGE + PAGE_KINDS[page] + LATER.get(page, ())) if c is not None]
    page = STATIC / "index.html"
    in_page = {a or b for a, b in _PAGE_SCRIPT.findall(page.read_text(encoding="utf-8"))} if page.is_file() else set()
    return tuple(sorted(_closure(entries) - in_page))


@cache
def _links(page: str) -> str:
    return "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in chunks(page))


def links(path: str) -> str:
    """``<link rel="modulepreload">`` for each of the chunks of the page at request ``path``,
    relative and CORS-anonymous as Streamlit's own preloads are (so the import later finds the
    same module)."""
    return _links(page_of(path))
