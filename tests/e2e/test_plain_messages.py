"""Issue 19, item 4, in the browser: what is typed into a number field comes back in its error
message as text, never as a link, an image, HTML or a formula (tests/app/test_plain_messages.py
fuzzes every field in AppTest; this checks what Chromium actually draws)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .ui import DEFAULT_PAGE, EXCEPTION, open_page, patient_form, reach_patient, runs, wait_rerun

pytestmark = pytest.mark.e2e

FIELDS = ("Age (years)", "Height (cm)", "Weight (kg)", "Serum creatinine (mg/dL)", "Days since the last dose change")
PAYLOADS = ("[OK](http://e.vil)", "![x](http://e.vil/)", "<b>b</b><i>x</i>", "$x^2$ \\(y\\)", "**b** :red[x]", "www.e.vil me@e.vil")
ALERTS = "[data-testid='stAlert']"
RENDERED = "a[href*='e.vil'], img, b, i, strong, em, .katex, [class*='katex']"


@pytest.mark.parametrize("shift", [0, 1], ids=["round 1", "round 2"])
def test_typed_markup_comes_back_as_text(page: Page, base_url: str, shift: int) -> None:
    open_page(page, base_url, DEFAULT_PAGE)
    reach_patient(page)
    form = patient_form(page)
    typed = {}
    for n, label in enumerate(FIELDS):
        text = PAYLOADS[(n + shift) % len(PAYLOADS)]
        field = form.locator("[data-testid='stTextInput']").get_by_label(label, exact=True)
        before = runs(page)
        field.fill(text)
        field.press("Enter")
        wait_rerun(page, before)
        typed[label] = text
    expect(page.locator(EXCEPTION)).to_have_count(0)
    alerts = form.locator(ALERTS)
    shown = [t.replace("\u2060", "") for t in alerts.all_inner_texts()]  # ui.render.plain's invisible joiners
    for label, text in typed.items():
        assert any(repr(text) in t for t in shown), f"{label}: {text!r} not quoted as typed in {shown}"
    assert alerts.locator(RENDERED).count() == 0, alerts.locator(RENDERED).evaluate_all("els => els.map(e => e.outerHTML)")
    assert page.locator("a[href*='e.vil'], img[src*='e.vil']").count() == 0
