"""One patient, one record, one answer, in real Chromium: the two flows the ward walk of
2026-12-03 found unsafe.

- The registrar (phone 390x844 and ward PC 1366x768): Grade 2 with pain -> record the
  withhold -> a resolution while still Grade 2 is refused -> Grade 1 -> record the
  resolution -> the headline, the top of every page and the note are the restart at
  0.7 mg/m² once weekly with mg and mL; the course page shows the same course.
- The nurse, over cycles: a typed temperature of 38.5 °C with the fever item left unticked
  holds; the form starts empty after each recorded visit; a dose two days after the last is
  refused (72 hours), one three weeks after it is given.

Screenshots go to test-results/screenshots/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

import bipn

from .test_bedside_flow import DESKTOP, PHONE, REGISTRAR, Pointer, enter_case
from .test_course_flow import ANSWER, VITALS, check_cycle, record_visit
from .ui import EXCEPTION, SENSORY, dose_action, navigate, number_input, open_page, runs, wait_rerun

pytestmark = pytest.mark.e2e

DOSE_STATE = "[class*='st-key-dose-state']"


@pytest.fixture(scope="module")
def artefacts(pytestconfig: pytest.Config) -> Path:
    out = pytestconfig.rootpath / "test-results" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


def click(page: Page, name: str, p: Pointer | None = None) -> None:
    button = page.get_by_role("button", name=name)
    before = runs(page)
    if p is not None:
        p.tap(button, name)
    else:
        button.click()
    wait_rerun(page, before)


def resolution_form(page: Page, p: Pointer) -> None:
    page.get_by_label("Confirmed by (clinician)", exact=True).fill("Dr A Smith")
    page.get_by_label("What 'resolved' meant (e.g. back to baseline, Grade 1 or better)", exact=True).fill("Back to Grade 1, no pain")
    tick = page.get_by_role("checkbox", name="I confirm the toxicity has resolved", exact=True)
    if not tick.is_checked():
        p.tap(tick.locator("xpath=ancestor::label[1]"), "tick resolved")
    click(page, "Record resolution", p)


@pytest.mark.parametrize("screen", ["desktop-1366x768", "phone-390x844"])
def test_withhold_resolution_grade_1_restarts_at_0_7_once_weekly(screen: str, new_context, base_url: str, artefacts: Path) -> None:
    phone = screen.startswith("phone")
    page = new_context(**(PHONE if phone else DESKTOP)).new_page()
    open_page(page, base_url)
    p = enter_case(page, REGISTRAR, touch=phone)  # Grade 2 with neuropathic pain: withhold
    headline = dose_action(page).locator("h3").first
    expect(headline).to_have_text("Withhold")
    expect(page.get_by_role("button", name="Record resolution")).to_have_count(0)
    click(page, "Record the withhold in the course", p)
    expect(page.locator(DOSE_STATE).first).to_contain_text("On hold since")

    # Still Grade 2 with pain: the resolution is refused, with the reason.
    resolution_form(page, p)
    expect(page.get_by_text("Resolution refused", exact=False).first).to_be_visible()
    expect(headline).not_to_contain_text("Restart")

    # Grade 1, pain off: a resolution check, never "Continue at 1.3".
    p.choice(SENSORY, "1")
    pain = page.get_by_role("checkbox", name="Neuropathic pain", exact=True)
    before = runs(page)
    p.tap(pain.locator("xpath=ancestor::label[1]"), "untick Neuropathic pain")
    expect(pain).not_to_be_checked()
    wait_rerun(page, before)
    expect(headline).to_contain_text("On hold since")
    expect(headline).not_to_contain_text("1.3")
    resolution_form(page, p)
    amount = bipn.dose_amount(dose_mg_m2=0.7, bsa_m2=bipn.bsa_mosteller(175, 80), product="velcade", route="sc")
    expect(headline).to_contain_text(f"Restart at 0.7 mg/m² once weekly — {amount.dose_mg_text} — {amount.volume_ml_text} (resolution confirmed by Dr A Smith")
    expect(page.locator(DOSE_STATE).first).to_contain_text("Restart recorded (0.7 mg/m² once weekly): resolution confirmed by Dr A Smith")
    expect(page.locator(EXCEPTION)).to_have_count(0)
    page.evaluate("() => { document.querySelectorAll('*').forEach((e) => { if (e.scrollTop) e.scrollTop = 0; }); window.scrollTo(0, 0); }")
    page.screenshot(path=str(artefacts / f"restart-{screen}.png"))
    headline.evaluate("(e) => e.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(artefacts / f"restart-headline-{screen}.png"))

    before = runs(page)
    page.get_by_role("switch", name="Show the note for the record").locator("xpath=ancestor::label[1]").click()
    wait_rerun(page, before)
    note = page.locator("[data-testid='stCode']").first.inner_text()
    lines = note.splitlines()
    assert lines[1].startswith(f"Dose: Restart at 0.7 mg/m² once weekly — {amount.dose_mg_text} — {amount.volume_ml_text}"), lines[:3]
    assert lines[2].startswith("Dose state: Restart recorded"), lines[:3]

    # The course page shows the same course: the withhold and the resolution.
    navigate(page, "course")
    expect(page.locator(DOSE_STATE).first).to_contain_text("Restart recorded")
    expect(page.get_by_text("No visit recorded yet.")).to_have_count(0)
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_nurse_three_cycles_with_a_fever_typed_but_not_ticked(new_context, base_url: str, artefacts: Path) -> None:
    page = new_context(**DESKTOP).new_page()
    open_page(page, base_url, "course")
    first = check_cycle(page, "2026-01-05", "0")
    assert "Give 1.3 mg/m²" in first
    record_visit(page)
    # The form starts empty: no vital sign, nurse or dose carried over.
    for label in VITALS:
        expect(number_input(page, label)).to_have_value("")
    expect(page.get_by_label("Checked by (nurse)", exact=True)).to_have_value("")

    fever = check_cycle(page, "2026-01-26", "0", vitals={**VITALS, "Body temperature (°C)": "38.5"})
    assert "Do not give: hold and call the team" in fever and "Temperature 38.5 °C" in fever
    page.locator(ANSWER).screenshot(path=str(artefacts / "predose-fever-1366x768.png"))
    record_visit(page)

    # Two days after a dose: refused (72 hours); the interval met: given.
    third = check_cycle(page, "2026-01-27", "0")
    assert "Do not give" not in third and "Give 1.3 mg/m²" in third, "the last dose was 2026-01-05"
    record_visit(page)
    fourth = check_cycle(page, "2026-01-29", "0")
    assert "Do not give: hold and call the team" in fourth and "2 day(s) ago" in fourth
    expect(page.locator(EXCEPTION)).to_have_count(0)
    page.screenshot(path=str(artefacts / "course-after-three-cycles-1366x768.png"), full_page=True)
