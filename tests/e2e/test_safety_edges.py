"""The safety edges in a real browser: the decimal comma, the creatinine unit mix-up, free-text
medicines, the autonomic confirmation, user text shown as text, and help icons that change
nothing when tapped."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .ui import (
    DEFAULT_PAGE,
    EXCEPTION,
    PatientInput,
    choose,
    dose_action,
    fill_patient,
    navigate,
    open_page,
    reach_patient,
    patient_form,
    runs,
    set_number,
    wait_ready,
    wait_rerun,
)

pytestmark = pytest.mark.e2e

PATIENT = PatientInput(age=68, sex="male", height_cm=175, weight_kg=80, creatinine=1.4, unit="mg/dL", dose="1.3")
PAGES = (DEFAULT_PAGE, "pain", "education", "prognosis", "evidence")


def sidebar(page: Page):
    return patient_form(page)


def test_decimal_comma_is_read_as_a_decimal(page: Page, base_url: str) -> None:
    open_page(page, base_url)
    fill_patient(page, PATIENT)
    field = sidebar(page).get_by_label("Serum creatinine (mg/dL)", exact=True)
    field.fill("1,4")
    field.press("Enter")
    expect(sidebar(page).get_by_text("Using 1.4", exact=True)).to_be_visible()
    navigate(page, "pain")
    # 68 y, 80 kg man at 1.4 mg/dL: (140 - 68) x 80 / (72 x 1.4) = 57.1 mL/min, not 5.7 (for 14)
    expect(page.get_by_text("Creatinine clearance 57.1 mL/min", exact=False)).to_be_visible()


def test_creatinine_unit_mix_up_is_explained_beside_the_field(page: Page, base_url: str) -> None:
    open_page(page, base_url)
    fill_patient(page, PATIENT)
    reach_patient(page)
    sidebar(page).get_by_role("radiogroup", name="Creatinine unit").get_by_text("µmol/L", exact=True).click()
    set_number(page, "Serum creatinine (µmol/L)", 9.0)
    message = sidebar(page).get_by_text("Did you mean 9 mg/dL = 796 µmol/L?", exact=False)
    expect(message).to_be_visible()
    navigate(page, "pain")
    expect(page.get_by_text("Creatinine clearance", exact=False)).to_have_count(0)


def test_free_text_medicines_keep_unknown_names(page: Page, base_url: str) -> None:
    open_page(page, base_url)
    fill_patient(page, PATIENT)
    reach_patient(page)
    side = sidebar(page)
    expander = side.get_by_text("Other medicines and supplements", exact=True)
    if not side.get_by_role("combobox", name="Current medicines and supplements").is_visible():
        expander.click()
    box = side.get_by_role("combobox", name="Current medicines and supplements")
    for name in ("Nardil", "Zorblax 10 mg"):
        before = runs(page)
        for _ in range(3):  # a rerun still landing can clear a half-typed search: type again
            box.click()
            box.fill(name)
            page.wait_for_timeout(300)
            if box.input_value() == name:
                break
        # A suggestion or, for a name the app does not know, the typed name itself is offered.
        option = page.get_by_role("option", name=name, exact=True)
        try:
            option.first.wait_for(state="visible", timeout=5_000)
            option.first.click()
        except PlaywrightTimeoutError:
            page.keyboard.press("Enter")
        wait_rerun(page, before)
    page.keyboard.press("Escape")
    box.blur()
    expect(page.get_by_role("listbox")).to_have_count(0)
    expect(side.get_by_text("Nardil", exact=True)).to_be_visible()
    choose(page, "Motor neuropathy grade (CTCAE v5.0)", "0")
    choose(page, "Sensory neuropathy grade (CTCAE v5.0)", "1")
    expect(page.get_by_text("Not checked for interactions: Zorblax 10 mg", exact=False)).to_be_visible()
    navigate(page, "pain")
    expect(page.get_by_text("with phenelzine", exact=False).first).to_be_visible()


def test_autonomic_discontinue_needs_a_recorded_confirmation(page: Page, base_url: str) -> None:
    open_page(page, base_url)
    fill_patient(page, PATIENT)
    choose(page, "Motor neuropathy grade (CTCAE v5.0)", "0")
    choose(page, "Sensory neuropathy grade (CTCAE v5.0)", "1")
    page.get_by_text("Severe autonomic neuropathy", exact=True).click()
    expect(dose_action(page)).to_contain_text("Withhold")
    form = page.locator("[data-testid='stForm']")
    form.get_by_label("Confirmed by (clinician)").fill("Dr C. Consultant")
    form.get_by_label("Severity and other causes considered").fill("orthostatic hypotension; fluids, drugs, calcium checked")
    form.get_by_text("I confirm it is severe and the other causes were considered").click()
    form.get_by_role("button", name="Record confirmation").click()
    expect(dose_action(page)).to_contain_text("Discontinue")
    navigate(page, "pain")
    navigate(page, DEFAULT_PAGE)
    expect(dose_action(page)).to_contain_text("Discontinue")
    expect(page.get_by_text("Dr C. Consultant", exact=False).first).to_be_visible()


@pytest.mark.parametrize("path", PAGES)
def test_help_icons_change_no_value(page: Page, base_url: str, path: str) -> None:
    """Tap every help icon on the page: no checkbox, radio or field changes (policy: none sits
    inside the label of a control that changes a decision)."""
    open_page(page, base_url)
    fill_patient(page, PATIENT)  # on Assessment: some pages show the patient as a summary only
    if path != DEFAULT_PAGE:
        navigate(page, path)
        wait_ready(page)

    def snapshot() -> list:
        return page.evaluate(
            """() => [...document.querySelectorAll('input, textarea')]
                     .filter(e => !e.closest("[data-testid='stDataFrame']"))
                     .map(e => [e.type, e.checked, e.value])"""
        )

    before = snapshot()
    icons = page.locator("[data-testid='stTooltipIcon'], [data-testid='stTooltipHoverTarget']")
    for i in range(icons.count()):
        icons.nth(i).click(force=True)
        page.wait_for_timeout(150)
    assert snapshot() == before
    expect(page.locator(EXCEPTION)).to_have_count(0)
