"""Screenshots a nurse educator would look at, saved as test artefacts under test-results/:
the prognosis page at 1920 x 1080 in light and dark (and on a phone), and both pages of the
printed handouts (rendered with poppler's pdftoppm). The tests also check what can be read
off the picture: the charts paint the theme's own background."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from .ui import CHARTS, EXCEPTION, HANDOUT_BUTTON, open_page

pytestmark = pytest.mark.e2e

BACKGROUNDS = {"light": (255, 255, 255), "dark": (14, 17, 23)}


@pytest.fixture(scope="module")
def artefacts(pytestconfig: pytest.Config) -> Path:
    # pytest-playwright empties test-results/ when the session starts; these are written after.
    out = pytestconfig.rootpath / "test-results" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


def _charts_drawn(page) -> None:
    page.wait_for_function(
        """sel => { const cs = [...document.querySelectorAll(sel)];
                    return cs.length >= 1 && cs.every(c => { const g = c.querySelector('canvas, svg');
                      if (!g) return false; const r = g.getBoundingClientRect(); return r.width > 0 && r.height > 0; }); }""",
        arg=CHARTS,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_prognosis_at_1920x1080(new_context, base_url: str, artefacts: Path, scheme: str) -> None:
    context = new_context(viewport={"width": 1920, "height": 1080}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, base_url, "prognosis")
    _charts_drawn(page)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    page.screenshot(path=str(artefacts / f"prognosis-1920x1080-{scheme}.png"), full_page=True)
    charts = page.locator(CHARTS)
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        charts.nth(i).screenshot(path=str(artefacts / f"prognosis-chart-{i + 1}-{scheme}.png"))
    first = charts.first
    with Image.open(artefacts / f"prognosis-chart-1-{scheme}.png") as img:
        corner = img.convert("RGB").getpixel((img.width - 3, img.height - 3))
    assert max(abs(a - b) for a, b in zip(corner, BACKGROUNDS[scheme], strict=True)) <= 3, corner
    box = first.bounding_box()
    assert box and box["width"] >= 1200, "the chart spans the wide main column"
    # Presentation mode: one chart, full width.
    page.get_by_text("Presentation mode", exact=False).click()
    page.wait_for_function("sel => document.querySelectorAll(sel).length === 1", arg=CHARTS)
    _charts_drawn(page)
    page.screenshot(path=str(artefacts / f"prognosis-presentation-{scheme}.png"), full_page=False)
    context.close()


def test_prognosis_on_a_phone(new_context, base_url: str, artefacts: Path) -> None:
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    open_page(page, base_url, "prognosis")
    _charts_drawn(page)
    page.screenshot(path=str(artefacts / "prognosis-phone.png"), full_page=True)
    charts = page.locator(CHARTS)
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        charts.nth(i).screenshot(path=str(artefacts / f"prognosis-phone-chart-{i + 1}.png"))
        box = charts.nth(i).bounding_box()
        assert box and box["width"] <= 390, "no chart wider than the phone"
    context.close()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize(("button", "stem"), [(HANDOUT_BUTTON, "handout"), ("Download large-print handout (PDF)", "handout-large-print")])
def test_handout_pages_as_pictures(page, base_url: str, artefacts: Path, button: str, stem: str) -> None:
    open_page(page, base_url, "education")
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    pdf = artefacts / f"{stem}.pdf"
    pdf.write_bytes(Path(info.value.path()).read_bytes())
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(artefacts / stem)], check=True, timeout=60)
    pages = sorted(artefacts.glob(f"{stem}-[0-9]*.png"))
    assert len(pages) >= 2, pages
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Get help right away" in text and "Ward phone number" in text


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_patient_views_at_1920x1080(new_context, base_url: str, artefacts: Path, scheme: str) -> None:
    context = new_context(viewport={"width": 1920, "height": 1080}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, base_url, "prognosis")
    page.get_by_text("Patient or caregiver", exact=True).click()
    expect(page.get_by_text("About 64 in 100 people", exact=False).first).to_be_visible()
    _charts_drawn(page)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    page.screenshot(path=str(artefacts / f"prognosis-patient-{scheme}.png"))
    page.locator(CHARTS).first.screenshot(path=str(artefacts / f"prognosis-icon-array-{scheme}.png"))
    page.locator("a[href$='/education']").first.click()
    expect(page.get_by_text("Get help right away", exact=True).first).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    page.screenshot(path=str(artefacts / f"education-patient-{scheme}.png"))
    context.close()


def test_slide_images_download_with_their_sources(page, base_url: str, artefacts: Path) -> None:
    open_page(page, base_url, "prognosis")
    with page.expect_download() as info:
        page.get_by_role("button", name="Image for slides (SVG)").first.click()
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "Sources: APEX" in svg
    with page.expect_download() as info:
        page.get_by_role("button", name="Image for slides (PNG)").first.click()
    png = Path(info.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    (artefacts / "slide-reversibility.png").write_bytes(png)
    with page.expect_download() as info:
        page.get_by_role("button", name="The numbers (CSV)").first.click()
    header = Path(info.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("Figure,Percent,Patients (n/N),95% Wilson interval"), header


def test_evidence_page_opens_compact(page, base_url: str, artefacts: Path) -> None:
    open_page(page, base_url, "evidence")
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll(\"[data-testid='stMain'], [data-testid='stMainBlockContainer']\")].map(e => e.scrollHeight))"
    )
    page.screenshot(path=str(artefacts / "evidence-1280x900.png"))
    print(f"\nevidence page height on opening: {height} px")
    assert height < 1500, f"the evidence page opens {height} px tall"
    box = page.get_by_label("Ask a follow-up question").bounding_box()
    assert box and box["y"] < 400, "the question box is near the top"


def test_an_answer_leads_with_the_answer(page, base_url: str, artefacts: Path) -> None:
    open_page(page, base_url, "evidence")
    field = page.get_by_label("Ask a follow-up question")
    field.fill("pregabalin on dialysis")
    field.press("Enter")
    answer = page.locator("[data-testid='stAlertContentSuccess']").first
    expect(answer).to_contain_text("Pregabalin on haemodialysis:")
    page.screenshot(path=str(artefacts / "evidence-answer-first.png"))
