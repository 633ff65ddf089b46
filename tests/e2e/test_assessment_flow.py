"""The bedside flow: enter the patient, grade the neuropathy, read the dose action; by mouse on
desktop, phone and tablet, and by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .ui import (
    DEFAULT_PAGE,
    DOSE,
    EXCEPTION,
    MOTOR,
    SENSORY,
    PatientInput,
    choose,
    close_sidebar,
    dose_action,
    expected_patient,
    fill_patient,
    keyboard_choose,
    navigate,
    open_page,
    reach_patient,
    read_patient,
    tab_to,
)

pytestmark = pytest.mark.e2e

PATIENT = PatientInput(age=70, sex="female", height_cm=165, weight_kg=60, creatinine=1.0, unit="mg/dL", dose="1.3")


def main_flow(page: Page, base_url: str) -> None:
    open_page(page, base_url, DEFAULT_PAGE)
    fill_patient(page, PATIENT)
    assert read_patient(page) == expected_patient(PATIENT)
    close_sidebar(page)

    choose(page, MOTOR, "0")  # both grades are needed for a dose action
    choose(page, SENSORY, "2")
    expect(dose_action(page)).to_contain_text("Reduce")
    choose(page, SENSORY, "3")
    expect(dose_action(page)).to_contain_text("Withhold")
    expect(page.locator(EXCEPTION)).to_have_count(0)

    navigate(page, "pain")
    expect(page.locator(EXCEPTION)).to_have_count(0)
    reach_patient(page)
    assert read_patient(page) == expected_patient(PATIENT), "patient lost on the pain page"
    navigate(page, DEFAULT_PAGE)
    reach_patient(page)
    assert read_patient(page) == expected_patient(PATIENT), "patient lost after coming back"
    expect(dose_action(page)).to_contain_text("Withhold"), "grades lost after coming back"
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_main_flow(page: Page, base_url: str) -> None:
    main_flow(page, base_url)


@pytest.mark.parametrize(
    "viewport",
    [pytest.param({"width": 390, "height": 844}, id="phone"), pytest.param({"width": 768, "height": 1024}, id="tablet")],
)
def test_main_flow_on_small_screens(viewport: dict, new_context, base_url: str) -> None:
    context = new_context(viewport=viewport, is_mobile=viewport["width"] < 500, has_touch=True)
    main_flow(context.new_page(), base_url)


def test_keyboard_only_grade_changes_dose_action(page: Page, base_url: str) -> None:
    open_page(page, base_url, DEFAULT_PAGE)
    page.locator("body").focus()
    # The dose action needs the current dose (sidebar) and both grades: all by keyboard.
    tab_to(page, DOSE)
    keyboard_choose(page, DOSE, "1.3")
    tab_to(page, SENSORY)
    keyboard_choose(page, SENSORY, "1")
    tab_to(page, MOTOR)
    keyboard_choose(page, MOTOR, "0")
    action = dose_action(page)
    expect(action).to_contain_text("Continue")

    tab_to(page, SENSORY, backwards=True)
    keyboard_choose(page, SENSORY, "2")
    expect(action).to_contain_text("Reduce")
    expect(action).not_to_contain_text("Continue")
