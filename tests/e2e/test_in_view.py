"""Issue 21's layout promises, in real Chromium on a 390x844 phone and at 1366x768:

- the answer (the dose headline, and the mg and mL when a dose is given) is in view right
  after the input that decides it, without the user scrolling: the registrar's case (the last
  tap is "Neuropathic pain": Withhold) and the restart after a recorded resolution;
- a page switch opens the new page at its top;
- the creatinine field comes before the dose, route and product in the patient form;
- no layout shift after the first paint (the browser's own layout-shift entries).

Positions are printed (pytest -s) for the closing note; screenshots are saved under
test-results/screenshots/ for people to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .test_bedside_flow import DESKTOP, PHONE, REGISTRAR, enter_case
from .ui import EXCEPTION, PAGES, SENSORY, dose_action, navigate, open_page, radio_option, runs, wait_ready, wait_rerun

pytestmark = pytest.mark.e2e

SCREENS = {"phone-390x844": PHONE, "desktop-1366x768": DESKTOP}

# The answer's box against the viewport as it is now (no scrolling back first): the headline's
# top below the fixed header, the bottom of the last metric (mg, mL) above the fold.
IN_VIEW_JS = """() => {
  const box = document.querySelector('.st-key-dose-action');
  const head = box && box.querySelector('h3');
  if (!head) return null;
  const metrics = box.querySelectorAll("[data-testid='stMetric']");
  const last = metrics.length ? metrics[metrics.length - 1] : head;
  const header = document.querySelector("[data-testid='stHeader']");
  const min = header ? header.getBoundingClientRect().bottom : 0;
  const t = head.getBoundingClientRect().top, b = last.getBoundingClientRect().bottom;
  return {top: Math.round(t), bottom: Math.round(b), header: Math.round(min), vh: window.innerHeight,
          inside: t >= min - 1 && b <= window.innerHeight + 1, text: head.innerText.slice(0, 90)};
}"""


def answer_in_view(page: Page) -> dict:
    """Wait (briefly) for the answer to be in view, then return where it is."""
    try:
        page.wait_for_function(f"() => ({IN_VIEW_JS})()?.inside === true", timeout=4_000, polling=100)
    except Exception:  # noqa: BLE001 - the assertion below reports where it is
        pass
    return page.evaluate(IN_VIEW_JS)


@pytest.fixture(scope="module")
def artefacts(pytestconfig: pytest.Config) -> Path:
    out = pytestconfig.rootpath / "test-results" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_answer_is_in_view_after_the_deciding_tap_and_after_the_restart(screen: str, new_context, base_url: str, artefacts: Path) -> None:
    phone = screen.startswith("phone")
    page = new_context(**SCREENS[screen]).new_page()
    open_page(page, base_url)
    pointer = enter_case(page, REGISTRAR, touch=phone)  # the last tap: "Neuropathic pain"
    expect(dose_action(page).locator("h3").first).to_contain_text("Withhold")
    where = answer_in_view(page)
    page.screenshot(path=str(artefacts / f"in-view-withhold-{screen}.png"))
    print(f"\n{screen}: after '{pointer.actions[-1]}' the headline is at {where}")
    assert where and where["inside"], f"{screen}: the Withhold headline is out of view after the last tap: {where}"

    # Record the withhold, then the resolution at Grade 1 with no pain: the restart is the answer.
    pointer.tap(page.get_by_role("button", name=re.compile(r"^Record the withhold in the course")), "record the withhold")
    expect(page.get_by_text("Withhold recorded for", exact=False)).to_be_visible()
    pointer.choice(SENSORY, "1")
    box = page.get_by_role("checkbox", name="Neuropathic pain", exact=True)
    before = runs(page)
    pointer.tap(box.locator("xpath=ancestor::label[1]"), "untick Neuropathic pain")
    expect(box).not_to_be_checked()
    wait_rerun(page, before)
    form = page.locator("[data-testid='stForm']").filter(has_text="Restart after the withhold")
    for label, text in (("Confirmed by (clinician)", "Dr A Smith"), ("What 'resolved' meant (e.g. back to baseline, Grade 1 or better)", "Back to Grade 1, no pain")):
        field = form.get_by_label(label, exact=True)
        pointer.tap(field, f"field {label}")
        field.fill(text)
    tick = form.get_by_role("checkbox", name="I confirm the toxicity has resolved", exact=True)
    pointer.tap(tick.locator("xpath=ancestor::label[1]"), "tick resolved")
    before = runs(page)
    pointer.tap(form.get_by_role("button", name="Record resolution"), "Record resolution")
    wait_rerun(page, before)
    headline = dose_action(page).locator("h3").first
    expect(headline).to_contain_text("Restart at 0.7 mg/m² once weekly")
    expect(dose_action(page).locator("[data-testid='stMetric']").filter(has_text="Injection volume")).to_contain_text("mL")
    where = answer_in_view(page)
    page.screenshot(path=str(artefacts / f"in-view-restart-{screen}.png"))
    print(f"{screen}: after 'Record resolution' the restart headline to the mL is at {where}")
    assert where and where["inside"], f"{screen}: the restart (headline to mL) is out of view after recording it: {where}"
    expect(page.locator(EXCEPTION)).to_have_count(0)


SCROLLER_JS = """() => {
  let s = document.querySelector("[data-testid='stMainBlockContainer']");
  while (s && !(s.scrollHeight > s.clientHeight && /(auto|scroll)/.test(getComputedStyle(s).overflowY))) s = s.parentElement;
  return s ? s.scrollTop : (document.scrollingElement || document.documentElement).scrollTop;
}"""
TO_BOTTOM_JS = """() => {
  let s = document.querySelector("[data-testid='stMainBlockContainer']");
  while (s && !(s.scrollHeight > s.clientHeight && /(auto|scroll)/.test(getComputedStyle(s).overflowY))) s = s.parentElement;
  (s || document.scrollingElement).scrollTop = 1e6;
  return s ? s.scrollTop : 0;
}"""


def test_a_page_switch_on_the_phone_opens_the_new_page_at_its_top(new_context, base_url: str) -> None:
    page = new_context(**PHONE).new_page()
    open_page(page, base_url)
    enter_case(page, REGISTRAR, touch=True)
    down = page.evaluate(TO_BOTTOM_JS)
    assert down > 800, "the assessment page should be longer than a screen here"
    navigate(page, "pain")
    page.wait_for_timeout(300)
    top = page.evaluate(SCROLLER_JS)
    print(f"\nphone: scrolled to {down} on Assessment, Pain opened at scrollTop {top}")
    assert top == 0, f"Pain opened mid-page (scrollTop {top})"
    expect(page.get_by_role("heading", name="Doses for this patient")).to_be_in_viewport()
    page.evaluate(TO_BOTTOM_JS)
    navigate(page, "assessment")
    page.wait_for_timeout(300)
    assert page.evaluate(SCROLLER_JS) == 0, "Assessment opened mid-page"


def test_the_creatinine_comes_before_the_dose_route_and_product(new_context, base_url: str) -> None:
    page = new_context(**DESKTOP).new_page()
    open_page(page, base_url)
    form = page.locator(".st-key-patient-form")
    y = {
        name: form.get_by_label(label, exact=True).first.bounding_box()["y"]
        for name, label in (("weight", "Weight (kg)"), ("creatinine", "Serum creatinine (mg/dL)"))
    }
    y["dose"] = form.get_by_role("radiogroup", name="Current bortezomib dose (mg/m²)").bounding_box()["y"]
    print(f"\n1366x768 patient form, y of: {y}")
    assert y["weight"] < y["creatinine"] < y["dose"], y
    assert y["creatinine"] < 768, f"the creatinine field is below the fold at 1366x768: {y}"


LAYOUT_SHIFT_JS = """() => new Promise((resolve) => {
  const out = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) out.push({value: e.value, at: Math.round(e.startTime), recent: e.hadRecentInput}); })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(out), 1500);
})"""


# Every page, on a phone and a ward PC: nothing moves once it is seen (the style sheet is in
# Streamlit's page from the first paint; the page shows when the first run has drawn it and no
# widget is still loading its code). Measured before: 0.17-0.51 on every load. Now, on a ward
# PC, the bedside pages move under 0.01 and the chart pages 0.02-0.05 (their charts draw after
# the page shows); on a phone a deep link sometimes takes two runs (0-0.17). Bounds with room
# for a loaded CI machine, each under what the old page did on that screen (0.38 on the phone,
# 0.51 on the PC): on a PC 0.05 for the bedside pages, else 0.15; on a phone 0.25.
BEDSIDE = ("assessment", "pain")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_layout_shift_after_the_first_paint(screen: str, path: str, new_context, base_url: str) -> None:
    page = new_context(**SCREENS[screen]).new_page()
    open_page(page, base_url, path)
    shifts = page.evaluate(LAYOUT_SHIFT_JS)
    total = round(sum(s["value"] for s in shifts if not s["recent"]), 4)
    print(f"\n{screen} {path}: layout shifts on load: total {total}, {shifts[:8]}")
    bound = (0.05 if path in BEDSIDE else 0.15) if screen.startswith("desktop") else 0.25
    assert total < bound, f"the page moves after it is painted: {shifts}"
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0)  # no placeholder bar once drawn


def test_the_medicines_box_stays_open_after_a_removal_and_its_remove_targets_are_24px(new_context, base_url: str) -> None:
    page = new_context(**DESKTOP).new_page()
    open_page(page, base_url)
    form = page.locator(".st-key-patient-form")
    form.get_by_text("Other medicines and supplements", exact=True).click()
    box = form.get_by_role("combobox", name="Current medicines and supplements")
    expect(box).to_be_visible()
    tags = form.locator("[data-testid='stMultiSelect'] .react-aria-ComboBox [data-tag]")
    for n, name in enumerate(("sertraline", "linezolid"), start=1):
        box.click()
        box.fill(name)
        page.get_by_role("option", name=re.compile(f"^{name}", re.I)).first.click()
        expect(tags).to_have_count(n)
        page.keyboard.press("Escape")
        wait_ready(page)
    expect(tags).to_have_count(2)
    remove = tags.first.locator("button[aria-label^='Remove ']")
    size = remove.bounding_box()
    print(f"\nremove target of a medicine tag: {round(size['width'])}x{round(size['height'])} px")
    assert size["width"] >= 24 and size["height"] >= 24, size
    before = runs(page)
    remove.click()
    wait_rerun(page, before)
    expect(tags).to_have_count(1)
    page.wait_for_timeout(300)
    expect(box).to_be_visible()  # the box stayed open: the next edit needs no extra click


def test_the_page_never_blinks_once_shown(new_context, base_url: str) -> None:
    """Hidden only until a new tab's page is drawn: a grade change and a page switch (new kinds
    of widget, whose code loads then) never hide it again."""
    page = new_context(**DESKTOP).new_page()
    open_page(page, base_url)
    page.evaluate("""() => { window.__hidden = 0; const c = () => { const v = document.querySelector("[data-testid='stAppViewContainer']");
      if (v && getComputedStyle(v).visibility === 'hidden') window.__hidden++; requestAnimationFrame(c); }; requestAnimationFrame(c); }""")
    before = runs(page)
    radio_option(page, SENSORY, "2").locator("xpath=ancestor::label[1]").click()
    wait_rerun(page, before)
    navigate(page, "course")
    wait_ready(page)
    assert page.evaluate("window.__hidden") == 0, "the page was hidden after it had been shown"


def test_once_the_reader_does_something_else_the_page_never_pulls_them_back_to_the_answer(new_context, base_url: str) -> None:
    """The answer is brought into view after a deciding tap; a tap elsewhere or a scroll of the
    reader's own, even within the next seconds, cancels that (it pulled a reader who opened the
    note and scrolled down it back up to the dose action)."""
    page = new_context(**PHONE).new_page()
    open_page(page, base_url)
    enter_case(page, REGISTRAR, touch=True)  # the last tap decides the answer
    before = runs(page)
    page.get_by_text("Show the note for the record").click()  # at once: within the reveal's 3 s
    wait_rerun(page, before)
    end = page.locator("[data-testid='stCode'] pre")
    end.evaluate("e => e.scrollIntoView({block: 'end'})")
    page.wait_for_timeout(1_500)  # the reveal acts at quiet moments in those 3 s
    bottom = end.evaluate("e => e.getBoundingClientRect().bottom")
    assert 0 < bottom <= PHONE["viewport"]["height"], f"the page moved the reader away from the note's end (its bottom at {bottom})"


def test_how_to_grade_and_the_ctcae_version_line_up_with_44px_targets(new_context, base_url: str) -> None:
    page = new_context(**DESKTOP).new_page()
    open_page(page, base_url)
    boxes = {
        name: page.get_by_role("radiogroup", name=name, exact=True).locator("label").first.bounding_box()
        for name in ("How do you want to grade?", "CTCAE version")
    }
    centres = {name: b["y"] + b["height"] / 2 for name, b in boxes.items()}
    print(f"\ngrading row: {boxes}")
    assert abs(centres["How do you want to grade?"] - centres["CTCAE version"]) <= 1, boxes
    assert all(b["height"] >= 44 for b in boxes.values()), boxes


def test_on_a_phone_the_grading_row_wraps_without_a_gap_between_its_lines(new_context, base_url: str) -> None:
    """The row's 64 px gap belongs between the two choices side by side; wrapped on a phone it
    left an empty band between them."""
    page = new_context(**PHONE).new_page()
    open_page(page, base_url)
    how, which = (page.get_by_role("radiogroup", name=name, exact=True).bounding_box() for name in ("How do you want to grade?", "CTCAE version"))
    print(f"\ngrading row on a phone: {how} {which}")
    assert which["y"] > how["y"] + how["height"] - 1, "the row did not wrap: the check would pass vacuously"
    assert which["y"] - (how["y"] + how["height"]) <= 16, (how, which)
