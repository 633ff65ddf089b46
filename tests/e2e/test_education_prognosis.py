"""The education handout downloads as a real PDF; the prognosis charts are drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .ui import CHARTS, EXCEPTION, HANDOUT_BUTTON, open_page

pytestmark = pytest.mark.e2e


def test_education_handout_downloads_as_pdf(page: Page, base_url: str) -> None:
    open_page(page, base_url, "education")
    button = page.get_by_role("button", name=HANDOUT_BUTTON, exact=True)
    expect(button).to_be_visible()
    with page.expect_download() as info:
        button.click()
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data[:4] == b"%PDF", f"not a PDF: starts with {data[:16]!r}"
    assert len(data) > 1024, f"handout is only {len(data)} bytes"
    assert download.suggested_filename.lower().endswith(".pdf"), download.suggested_filename
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_prognosis_charts_are_drawn(page: Page, base_url: str) -> None:
    open_page(page, base_url, "prognosis")
    charts = page.locator(CHARTS)
    expect(charts.nth(2)).to_be_attached()  # at least three
    page.wait_for_function(
        """sel => { const cs = [...document.querySelectorAll(sel)];
                    return cs.length >= 3 && cs.every(c => {
                      const g = c.querySelector('canvas, svg');
                      if (!g) return false;
                      const r = g.getBoundingClientRect();
                      return r.width > 0 && r.height > 0; }); }""",
        arg=CHARTS,
    )
    assert charts.count() >= 3
    expect(page.locator(EXCEPTION)).to_have_count(0)
