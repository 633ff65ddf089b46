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


BUTTON_BOX_JS = """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
  const header = document.querySelector("[data-testid='stHeader']")?.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, headerBottom: header ? header.bottom : 0, height: innerHeight}; }"""


def test_the_copy_button_follows_the_reader_down_a_note_taller_than_the_phone(new_context, base_url: str) -> None:
    page = _note(new_context, base_url, PHONE, touch=True)
    note = page.locator("[data-testid='stCode']")
    assert note.bounding_box()["height"] > 2 * PHONE["viewport"]["height"], "the note should be taller than two screens here"
    note.locator("pre").evaluate("e => e.scrollIntoView({block: 'end'})")
    in_view = "(b) => b.headerBottom <= b.top && b.bottom <= b.height"
    try:  # the scroll and the sticky placement settle within a few frames
        page.wait_for_function(f"(sel) => ({in_view})(({BUTTON_BOX_JS})(sel))", arg=COPY, timeout=5_000)
    finally:
        box = page.evaluate(BUTTON_BOX_JS, COPY)
    assert box["headerBottom"] <= box["top"] and box["bottom"] <= box["height"], f"the copy button is out of view at the note's end: {box}"
    page.locator(COPY).tap()  # reachable there, under the reader's thumb, not under the header
