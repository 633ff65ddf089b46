"""Screenshots of the bedside flow for a person to look at (not a test).

    .venv/bin/python scripts/screenshots.py OUT_DIR

Starts the app on a free local port, enters the review's registrar case (68-year-old man,
175 cm, 80 kg, creatinine 1.4 mg/dL, 1.3 mg/m² SC twice weekly, Grade 2 with burning pain)
at 1366x768 and 390x844, and saves what a user sees before any scrolling, plus full pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402 - after sys.path gets the repository root
from tests.e2e.ui import ANDROID_UA, RUN_COUNTER_JS, PatientInput, choose, choose_radio, fill_patient, navigate, open_page, wait_ready  # noqa: E402 - after sys.path gets the repository root

CASE = PatientInput(age=68, sex="male", height_cm=175, weight_kg=80, creatinine=1.4, unit="mg/dL", dose="1.3")
VIEWPORTS = {"ward-pc": (1366, 768), "phone": (390, 844)}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = StreamlitServer(ROOT, script="serve.py", name="shots").start()
    try:
        server.wait_healthy(timeout_s=60)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name, (w, h) in VIEWPORTS.items():
                for scheme in ("light", "dark"):
                    phone = {"is_mobile": True, "has_touch": True, "user_agent": ANDROID_UA} if w < 500 else {}
                    ctx = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme, **phone)
                    ctx.add_init_script(RUN_COUNTER_JS)
                    page = ctx.new_page()
                    open_page(page, server.url)
                    fill_patient(page, CASE)
                    choose_radio(page, "Route", "Subcutaneous (SC)")
                    choose(page, "Product", "VELCADE")
                    choose(page, "Motor neuropathy grade (CTCAE v5.0)", "0")
                    choose(page, "Sensory neuropathy grade (CTCAE v5.0)", "2")
                    page.get_by_text("Neuropathic pain", exact=True).click()
                    wait_ready(page)
                    page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
                    page.screenshot(path=str(out / f"{name}-{scheme}-assessment-fold.png"))
                    page.screenshot(path=str(out / f"{name}-{scheme}-assessment-full.png"), full_page=True)
                    navigate(page, "pain")
                    page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
                    page.screenshot(path=str(out / f"{name}-{scheme}-pain-fold.png"))
                    ctx.close()
            browser.close()
    finally:
        server.terminate()
        server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "test-results/screenshots"))
