"""Browser helpers for the Streamlit UI: waiting, widgets by label, the patient sidebar, axe.

Everything is selected by `data-testid`, ARIA role or the label in the UI contract, and every
wait is on an event in the page (script state, a rerun counter, a text), never a fixed sleep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# The pages' URL paths; the default page (Streamlit serves it at the root URL) is first.
PAGES = ("assessment", "pain", "education", "prognosis", "evidence", "course")
DEFAULT_PAGE = "assessment"

READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
STATUS_RUNNING = "[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningIcon']"
STATUS_RUNNING_MAN = "[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningManIcon']"
EXCEPTION = "[data-testid='stException']"
DOSE_ACTION = ".st-key-dose-action"
DISCLAIMER = "Decision support"
CHARTS = "[data-testid='stVegaLiteChart']"

SENSORY = "Sensory neuropathy grade (CTCAE v5.0)"
MOTOR = "Motor neuropathy grade (CTCAE v5.0)"
DOSE = "Current bortezomib dose (mg/m²)"
HANDOUT_BUTTON = "Download printable handout (PDF)"

# Counts finished script runs, as the server reports them: a ForwardMsg whose `script_finished`
# (field 6, an enum) is anything but FINISHED_EARLY_FOR_RERUN (2). Read from the websocket
# rather than from stApp's script-state attribute, because a fast rerun can go running ->
# notRunning within one React render and never show "running". Installed as an init script
# on every browser context, so a helper can wait for "the rerun my action caused has
# finished" instead of sleeping.
RUN_COUNTER_JS = """
(() => {
  if (window.__stRuns !== undefined) return;
  window.__stRuns = 0;
  const varint = (b, p) => { let v = 0, m = 1, x;
    do { x = b[p.i++]; v += (x & 127) * m; m *= 128; } while (x & 128 && p.i < b.length); return v; };
  const count = (data) => {
    if (!(data instanceof ArrayBuffer)) return;
    const b = new Uint8Array(data), p = {i: 0};
    while (p.i < b.length) {
      const tag = varint(b, p), field = Math.floor(tag / 8), wire = tag & 7;
      if (field === 6 && wire === 0) { if (varint(b, p) !== 2) window.__stRuns += 1; return; }
      if (wire === 0) varint(b, p);
      else if (wire === 1) p.i += 8;
      else if (wire === 2) { const n = varint(b, p); p.i += n; }
      else if (wire === 5) p.i += 4;
      else return;
    }
  };
  const Native = window.WebSocket;
  class CountingWebSocket extends Native {
    constructor(...args) { super(...args); this.addEventListener('message', (ev) => count(ev.data)); }
  }
  window.WebSocket = CountingWebSocket;
})();
"""


# Phones' user agents: Streamlit tells a phone from its user agent, not its screen size.
ANDROID_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
IPHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"


def wait_ready(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until the script run is over: stApp says notRunning and no status widget runs.

    With the run counter installed, also wait for one complete run since the page loaded:
    a run that ends in st.rerun() leaves stApp "notRunning" for a moment before the next.
    """
    page.wait_for_function(
        "() => window.__stRuns === undefined || window.__stRuns >= 1", timeout=timeout_ms, polling=50
    )
    page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
    page.wait_for_function(
        """([running, man]) => !document.querySelector(running) && !document.querySelector(man)""",
        arg=[STATUS_RUNNING, STATUS_RUNNING_MAN],
        timeout=timeout_ms,
    )


def runs(page: Page) -> int:
    return page.evaluate("() => window.__stRuns || 0")


def wait_rerun(page: Page, before: int, timeout_ms: float = 30_000) -> None:
    """Wait until at least one script run finished after `before = runs(page)`, then ready."""
    page.wait_for_function("n => (window.__stRuns || 0) > n", arg=before, timeout=timeout_ms)
    wait_ready(page, timeout_ms)


SHOWN = "() => document.documentElement.classList.contains('bipn-shown')"


def goto(page: Page, base_url: str, path: str = "") -> None:
    """Open exactly this URL path, wait for the script run to finish and for the page to be
    shown (a new tab's page stays hidden until drawn: ui/style.py), as a user would."""
    page.goto(f"{base_url}/{path}")
    wait_ready(page)
    page.wait_for_function(SHOWN, timeout=15_000)


def open_page(page: Page, base_url: str, path: str = DEFAULT_PAGE) -> None:
    """Open a page the way users reach it: the default page at the root URL, others by path.

    (Opening every page by its own path, /assessment included, is the deep-link test's job.)
    """
    goto(page, base_url, "" if path == DEFAULT_PAGE else path)


def page_not_found(page: Page) -> Locator:
    """Streamlit's "Page not found" dialog (an unknown URL path falls back to the main page)."""
    return page.get_by_role("dialog").filter(has_text="Page not found")


# --- widgets by label -------------------------------------------------------------------------


def combobox(scope: Page | Locator, label: str) -> Locator:
    return scope.get_by_role("combobox", name=label, exact=True)


def number_input(scope: Page | Locator, label: str) -> Locator:
    """A number field: numbers are typed into text inputs (bipn.parse_number reads them)."""
    return scope.locator("[data-testid='stTextInput']").get_by_label(label, exact=True)


def set_number(page: Page, label: str, value: float, *, wait: bool = True) -> bool:
    """Type a number and commit it (Enter). Returns False if it already had that value."""
    field = number_input(page, label)
    current = field.input_value()
    if current and _num(current) == value:
        return False
    before = runs(page)
    field.fill(_fmt(value))
    field.press("Enter")
    if wait:
        wait_rerun(page, before)
    return True


def radiogroup(scope: Page | Locator, label: str) -> Locator:
    return scope.get_by_role("radiogroup", name=label, exact=True)


def radio_option(scope: Page | Locator, label: str, option_prefix: str) -> Locator:
    """The radio of group `label` whose text starts with `option_prefix`."""
    return radiogroup(scope, label).get_by_role("radio", name=re.compile("^" + re.escape(option_prefix))).first


def is_radiogroup(scope: Page | Locator, label: str) -> bool:
    """Whether the choice `label` is a radio group (else a select), once it is drawn: a
    widget shows as a placeholder until its code has loaded."""
    group = radiogroup(scope, label)
    group.or_(combobox(scope, label)).first.wait_for(state="attached")
    return group.count() > 0


def chosen(scope: Page | Locator, label: str) -> str:
    """The option a radio group or a select shows as chosen ('' if none)."""
    group = radiogroup(scope, label)
    if is_radiogroup(scope, label):
        checked = group.get_by_role("radio", checked=True)
        return checked.first.locator("xpath=ancestor::label[1]").inner_text().strip() if checked.count() else ""
    return combobox(scope, label).input_value()


def choose(page: Page, label: str, option_prefix: str, *, scope: Page | Locator | None = None, wait: bool = True) -> bool:
    """Pick the option whose text starts with `option_prefix`, by mouse: a radio of the group
    `label` (one click), or an option of the select `label` (open it, then click)."""
    where = scope or page
    if is_radiogroup(where, label):
        return _click_radio(page, radio_option(where, label, option_prefix), wait=wait)
    box = combobox(where, label)
    if box.input_value().startswith(option_prefix):
        return False
    before = runs(page)
    box.click()
    try:
        page.get_by_role("listbox").wait_for(state="visible", timeout=3_000)
    except PlaywrightTimeoutError:  # a click on the text did not open it: use the arrow button
        box.locator("xpath=..").get_by_role("button", name="Open").click()
    page.get_by_role("option", name=re.compile("^" + re.escape(option_prefix))).first.click()
    expect(box).to_have_value(re.compile("^" + re.escape(option_prefix)))
    if wait:
        wait_rerun(page, before)
    return True


def choose_radio(page: Page, group_label: str, option: str, *, wait: bool = True) -> bool:
    return _click_radio(page, radiogroup(page, group_label).get_by_role("radio", name=option, exact=True), wait=wait)


# Resolves once the element's box has not moved for 200 ms (checked every animation frame): a
# person clicks what stands still, and the page scrolls the answer into view after a deciding
# input (ui/style.py VIEW_JS).
STILL_JS = """(e) => new Promise((resolve) => {
  let last = '', since = performance.now();
  const check = () => {
    const r = e.getBoundingClientRect(), now = `${r.top},${r.left}`;
    if (now !== last) { last = now; since = performance.now(); }
    if (performance.now() - since >= 200) resolve(); else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})"""


def _click_radio(page: Page, radio: Locator, *, wait: bool) -> bool:
    """Click a radio's label unless it is already chosen; True if it changed."""
    if radio.is_checked():
        return False
    before = runs(page)
    label = radio.locator("xpath=ancestor::label[1]")
    label.scroll_into_view_if_needed()
    label.evaluate(STILL_JS)
    label.click()
    expect(radio).to_be_checked()
    if wait:
        wait_rerun(page, before)
    return True


# The label of the focused control: its own, or its radio group's.
FOCUSED_LABEL_JS = """() => {
  const el = document.activeElement;
  if (el?.type === 'radio') return el.closest('[role=radiogroup]')?.getAttribute('aria-label');
  return el?.getAttribute('aria-label');
}"""


def tab_to(page: Page, label: str, *, backwards: bool = False, max_presses: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the control labelled `label` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(max_presses):
        if page.evaluate(FOCUSED_LABEL_JS) == label:
            return
        page.keyboard.press(key)
    raise AssertionError(f"{max_presses} presses of {key} never reached '{label}'")


# Where the active and the wanted option of an open listbox are (shared with bench/run.py).
OPTION_POSITION_JS = """(prefix) => {
  const id = document.activeElement?.getAttribute('aria-activedescendant');
  const lb = id ? document.getElementById(id)?.closest('[role=listbox]') : document.querySelector('[role=listbox]');
  if (!lb) return null;
  const opts = [...lb.querySelectorAll('[role=option]')];
  return {active: opts.findIndex((o) => o.id === id),
          target: opts.findIndex((o) => (o.textContent || '').trim().startsWith(prefix))};
}"""


def arrow_to(page: Page, option_prefix: str, what: str) -> None:
    """With a listbox open, move the active option to the one starting `option_prefix`."""
    for _ in range(30):
        pos = page.evaluate(OPTION_POSITION_JS, option_prefix)
        if pos is None or pos["target"] < 0:
            raise AssertionError(f"no option starting {option_prefix!r} in {what}")
        if pos["active"] == pos["target"]:
            return
        page.keyboard.press("ArrowDown" if pos["active"] < pos["target"] else "ArrowUp")
    raise AssertionError(f"the arrow keys never reached the option starting {option_prefix!r} in {what}")


def keyboard_choose(page: Page, label: str, option_prefix: str) -> None:
    """With the control `label` focused, choose the option starting `option_prefix` by keyboard:
    in a radio group the arrow keys move to it (Space if it is the focused, unticked one); a
    select opens with ArrowDown, the arrows move to the option, Enter picks it."""
    if is_radiogroup(page, label):
        target = radio_option(page, label, option_prefix)
        if target.is_checked():
            return
        names = page.evaluate(
            "(l) => [...document.querySelector(`[role=radiogroup][aria-label='${l}']`).querySelectorAll('input[type=radio]')]"
            ".map((r) => [r.closest('label').innerText.trim(), r === document.activeElement])",
            label,
        )
        texts = [n for n, _ in names]
        at = next(i for i, (_, focused) in enumerate(names) if focused)
        to = next(i for i, n in enumerate(texts) if n.startswith(option_prefix))
        before = runs(page)
        if at == to:
            page.keyboard.press("Space")
        for _ in range(abs(to - at)):
            page.keyboard.press("ArrowRight" if to > at else "ArrowLeft")
        expect(target).to_be_checked()
        wait_rerun(page, before)
        return
    box = combobox(page, label)
    expect(box).to_be_focused()
    if box.input_value().startswith(option_prefix):
        return
    before = runs(page)
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-expanded", "true")
    arrow_to(page, option_prefix, f"'{label}'")
    page.keyboard.press("Enter")
    wait_rerun(page, before)
    expect(box).to_have_value(re.compile("^" + re.escape(option_prefix)))


def dose_action(page: Page) -> Locator:
    return page.locator(DOSE_ACTION)


# --- the sidebar ------------------------------------------------------------------------------


def sidebar_open(page: Page) -> bool:
    if page.locator("[data-testid='stSidebar']").count() == 0:
        return False
    box = page.locator("[data-testid='stSidebar']").bounding_box()
    return bool(box and box["width"] > 0 and box["x"] + box["width"] > 1)


PATIENT_FORM = ".st-key-patient-form"


def patient_in_main(page: Page) -> bool:
    """True on the bedside pages, where the patient form sits in the main area."""
    return page.locator(PATIENT_FORM).count() > 0


def patient_form(page: Page) -> Locator:
    """Where the patient is entered on this page: beside the answer, or in the sidebar."""
    return page.locator(PATIENT_FORM) if patient_in_main(page) else page.locator("[data-testid='stSidebar']")


def reach_patient(page: Page) -> None:
    """Make the patient form reachable: in the main area on the bedside pages, else the sidebar."""
    if not patient_in_main(page):
        open_sidebar(page)


def open_sidebar(page: Page) -> None:
    if page.locator("[data-testid='stSidebar']").count() == 0 or sidebar_open(page):
        return
    expand = page.locator("[data-testid='stExpandSidebarButton'], [data-testid='stSidebarCollapsedControl'] button")
    expand.first.click()
    page.wait_for_function(
        """() => { const r = document.querySelector("[data-testid='stSidebar']")?.getBoundingClientRect();
                   return r && r.width > 0 && r.x >= 0; }"""
    )


def close_sidebar(page: Page) -> None:
    """Collapse the sidebar if it covers the main area (phones); no-op on wide screens."""
    if not sidebar_open(page):
        return
    vw = page.viewport_size["width"] if page.viewport_size else 1280
    box = page.locator("[data-testid='stSidebar']").bounding_box()
    if box and box["width"] < vw * 0.6:
        return  # side by side with the main area: nothing is covered
    page.locator("[data-testid='stSidebarCollapseButton'] button").click()
    page.wait_for_function(
        """() => { const r = document.querySelector("[data-testid='stSidebar']")?.getBoundingClientRect();
                   return !r || r.width === 0 || r.x + r.width <= 1; }"""
    )


# Streamlit draws st.navigation in the sidebar, or (position="top") in the header, where pages
# that do not fit move into a "N more" menu; on phones the top navigation moves to the sidebar.
NAV_LINKS = "[data-testid='stSidebarNavLink'], [data-testid='stTopNavLink'], [data-testid='stTopNavDropdownLink']"


def _href_selector(testid: str, path: str) -> str:
    link = f"[data-testid='{testid}']"
    if path == DEFAULT_PAGE:  # Streamlit links the default page to the root URL
        return f"{link}[href$='/{path}'], {link}[href$='/']"
    return f"{link}[href$='/{path}']"


def nav_entries(page: Page, base_url: str) -> list[tuple[str, str]]:
    """(text, path) of each page in the navigation, once each."""
    entries = page.evaluate(
        """sel => [...document.querySelectorAll(sel)].map(a => [a.textContent.trim(), a.getAttribute('href') || ''])""",
        NAV_LINKS,
    )
    seen: dict[str, str] = {}
    for text, href in entries:
        seen.setdefault(href.removeprefix(base_url).rstrip("/") or "/", text)
    return [(text, href) for href, text in seen.items()]


def current_nav_path(page: Page) -> str | None:
    """The URL path of the navigation link marked aria-current="page"."""
    href = page.evaluate(
        """sel => [...document.querySelectorAll(sel)].find(a => a.getAttribute('aria-current') === 'page')?.getAttribute('href')""",
        NAV_LINKS,
    )
    if href is None:
        return None
    return "/" + urlsplit(href).path.strip("/")


def navigate(page: Page, path: str) -> None:
    """Switch page through the app's navigation (sidebar or header), as a user would."""
    before = runs(page)
    sidebar_link = page.locator(_href_selector("stSidebarNavLink", path))
    if sidebar_link.count():
        open_sidebar(page)
        sidebar_link.first.click()
    else:
        top = page.locator(_href_selector("stTopNavLink", path)).first
        if top.count() and not top.evaluate("e => !!e.closest('[inert], [aria-hidden=true]')"):
            top.click()
        else:  # in the header's "N more" menu
            page.locator("[data-testid='stTopNavSection']").last.click()
            page.locator(_href_selector("stTopNavDropdownLink", path)).first.click()
    wait_rerun(page, before)
    page.wait_for_url(re.compile(rf"/({re.escape(path)}/?)?$" if path == DEFAULT_PAGE else rf"/{re.escape(path)}/?$"))


@dataclass(frozen=True)
class PatientInput:
    age: int
    sex: str
    height_cm: float
    weight_kg: float
    creatinine: float
    unit: str
    dose: str


def fill_patient(page: Page, p: PatientInput) -> None:
    """Enter a patient in the sidebar (opening it first if collapsed), typing at a brisk
    clinician's pace: each field is committed without waiting for the rerun it triggers
    (Streamlit folds them into one); then wait for the last rerun to finish."""
    reach_patient(page)
    before = runs(page)
    changed = [
        set_number(page, "Age (years)", p.age, wait=False),
        choose(page, "Sex", p.sex, wait=False),
        set_number(page, "Height (cm)", p.height_cm, wait=False),
        set_number(page, "Weight (kg)", p.weight_kg, wait=False),
        choose_radio(page, "Creatinine unit", p.unit, wait=False),
        set_number(page, f"Serum creatinine ({p.unit})", p.creatinine, wait=False),
        choose(page, DOSE, p.dose, wait=False),
    ]
    if any(changed):
        wait_rerun(page, before)
    wait_ready(page)


def read_patient(page: Page) -> dict[str, object]:
    """The patient as the sidebar shows it now (numbers as floats, None when empty)."""

    def num(label: str) -> float | None:
        text = number_input(page, label).input_value()
        return _num(text) if text else None

    checked = page.get_by_role("radiogroup", name="Creatinine unit", exact=True).get_by_role("radio", checked=True)
    checked.first.wait_for(state="attached")  # the unit decides which creatinine field to read
    unit_text = checked.locator("xpath=ancestor::label[1]").inner_text().strip()
    scr_label = f"Serum creatinine ({unit_text})"
    return {
        "age": num("Age (years)"),
        "sex": chosen(page, "Sex"),
        "height_cm": num("Height (cm)"),
        "weight_kg": num("Weight (kg)"),
        "creatinine": num(scr_label),
        "unit": unit_text,
        "dose": chosen(page, DOSE),
    }


def expected_patient(p: PatientInput) -> dict[str, object]:
    return {
        "age": float(p.age),
        "sex": p.sex,
        "height_cm": float(p.height_cm),
        "weight_kg": float(p.weight_kg),
        "creatinine": float(p.creatinine),
        "unit": p.unit,
        "dose": p.dose,
    }


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# --- accessibility ----------------------------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def run_axe(page: Page, source: str) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA tags) on the page; return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                                          summary: (n.failureSummary || '').slice(0, 400)})),
            }));
        }""",
        WCAG_TAGS,
    )
    return result


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} node(s)) {v['helpUrl']}")
        for n in v["nodes"][:8]:
            lines.append(f"    at {n['target']}")
            lines.append(f"       {n['html']}")
            if n["summary"]:
                lines.append("       " + n["summary"].replace("\n", "\n       "))
    return "\n".join(lines)
