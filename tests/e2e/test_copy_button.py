"""The note for the record is copied with st.code's own button, which Streamlit shows only on
hover (ward walk defect 22): on a touch phone, which cannot hover, it is always shown; on the
ward PC it keeps Streamlit's behaviour."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .test_bedside_flow import DESKTOP, PHONE, REDUCE, enter_case
from .ui import open_page, wait_ready

pytestmark = pytest.mark.e2e

COPY = "[data-testid='stCode'] button[aria-label='Copy to clipboard']"


def _note(new_context, base_url: str, screen: dict, touch: bool) -> Page:
    page = new_context(**screen).new_page()
    open_page(page, base_url)
    enter_case(page, REDUCE, touch=touch)
    page.get_by_text("Show the note for the record").click()
    page.locator("[data-testid='stCode']").wait_for()
    wait_ready(page)
    return page


def test_the_notes_copy_button_is_shown_on_a_touch_phone_without_hovering(new_context, base_url: str) -> None:
    page = _note(new_context, base_url, PHONE, touch=True)
    page.mouse.move(1, 1)  # nothing hovers the note
    expect(page.locator(COPY)).to_be_visible()


def test_on_the_ward_pc_the_copy_button_shows_on_hover_as_streamlit_draws_it(new_context, base_url: str) -> None:
    page = _note(new_context, base_url, DESKTOP, touch=False)
    page.mouse.move(1, 1)
    expect(page.locator(COPY)).to_be_hidden()
    page.locator("[data-testid='stCode']").hover()
    expect(page.locator(COPY)).to_be_visible()
