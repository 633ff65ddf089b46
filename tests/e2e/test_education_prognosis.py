"""The education handout downloads as a real PDF; the prognosis charts are drawn."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
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


def test_the_patient_view_shows_the_icon_array_whole_and_no_clinician_form(new_context, base_url: str) -> None:
    """The ward walk, on a PC: the icon array's subtitle was cut off at the right ("Open: did
    not, durin") and the clinician form (creatinine, Cockcroft-Gault weight, liver) stayed in
    the sidebar beside the patient's page."""
    context = new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    open_page(page, base_url, "prognosis")
    page.get_by_text("Patient or caregiver", exact=True).click()
    expect(page.get_by_text("About 64 in 100 people", exact=False).first).to_be_visible()
    chart = page.locator(CHARTS).first
    expect(chart).to_be_visible()
    page.wait_for_function(
        "sel => { const g = document.querySelector(sel + ' canvas, ' + sel + ' svg'); return g && g.getBoundingClientRect().width > 0; }", arg=CHARTS
    )
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Which best describes you?")).to_be_visible()
    for field in ("Serum creatinine (mg/dL)", "Weight for Cockcroft-Gault", "Liver impairment"):
        expect(sidebar.get_by_text(field, exact=True)).to_have_count(0)
    # Drawn whole: Vega cuts a line longer than its canvas at the canvas's right edge, so no
    # ink may reach the last columns of the canvas in the title and subtitle (above the dots).
    canvas = chart.locator("canvas, svg").first
    shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    width, height = shot.size
    background = shot.getpixel((0, 0))
    heading = shot.crop((width - 4, 0, width, int(height * 0.3)))
    inked = [p for p in heading.get_flattened_data() if max(abs(a - b) for a, b in zip(p, background, strict=True)) > 40]
    assert not inked, f"text reaches the right edge of the icon array ({len(inked)} pixels): a line is cut off"
    expect(page.locator(EXCEPTION)).to_have_count(0)
    context.close()
