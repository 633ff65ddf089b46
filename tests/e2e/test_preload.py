"""Every kind of element a page draws on its first load had its code preloaded with the page
(deploy/preload.py), so none is fetched and compiled late while the answer is drawn. A page
that starts drawing a new kind of element fails here until the kind is listed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.bundle import LAZY

from .ui import PAGES, open_page, wait_ready

pytestmark = pytest.mark.e2e

LOADED_JS = "() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop())"
# Read from the page as served: once a chunk is imported, Streamlit's bundler adds its own
# modulepreload links to the live document, so the live DOM would always agree.
PRELOADED = re.compile(r'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">')


@pytest.mark.parametrize("path", PAGES)
def test_every_element_chunk_a_page_loads_was_preloaded(path: str, page: Page, base_url: str) -> None:
    served = page.request.get(f"{base_url}/{'' if path == 'assessment' else path}").text()
    preloaded = set(PRELOADED.findall(served.split("</head>", 1)[0]))
    open_page(page, base_url, path)
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    loaded = {name for name in page.evaluate(LOADED_JS) if name in LAZY}
    print(f"\n/{path}: {len(loaded)} element chunks loaded, {len(preloaded)} modules preloaded")
    assert loaded, "no element chunk seen: the check would pass vacuously"
    assert loaded <= preloaded, f"loaded late, not preloaded: {sorted(loaded - preloaded)}"
