"""A page opened by its own address connects at once: it looks for its server once, at the
root, not first under its own path (refused, then about 100 ms of waiting) as Streamlit's page
does by itself (deploy/server_url.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from .ui import PAGES, open_page, wait_ready

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", PAGES)
def test_a_page_asks_for_its_server_once_at_the_root(path: str, page: Page, base_url: str) -> None:
    asked: list[tuple[str, int]] = []
    page.on("response", lambda r: asked.append((urlsplit(r.url).path, r.status)) if "/_stcore/" in r.url else None)
    open_page(page, base_url, path)
    wait_ready(page)
    probes = [(p, status) for p, status in asked if p.endswith(("/_stcore/health", "/_stcore/host-config"))]
    assert sorted(probes) == [("/_stcore/health", 200), ("/_stcore/host-config", 200)], probes
