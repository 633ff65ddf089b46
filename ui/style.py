"""Page style: room for the answer, touch targets, a clinician's word when the connection
drops, and where the view goes (the answer after a deciding input, the top after a page switch).

Injected with st.html: a style sheet, and one small script of the app's own (VIEW_JS; it only
reads the page and scrolls). Neither carries user text. Streamlit marks its root element with
the connection state, which the rules read.
"""

import base64
import hashlib

import streamlit as st

_DISCONNECTED = ":is([data-test-connection-state='PINGING_SERVER'], [data-test-connection-state='DISCONNECTED_FOREVER'])"

CSS = f"""
<style>
[data-testid='stLayoutWrapper']:has(> .st-key-bipn-view), .st-key-bipn-view {{ display: none; }}
[data-testid='stLayoutWrapper']:has(> .st-key-bipn-ready), .st-key-bipn-ready {{ display: none; }}
/* The page appears drawn, never half-drawn: a new tab stays hidden until VIEW_JS marks it shown
   (the first run has drawn app.py's last element, the bipn-ready marker, and no widget is
   still loading its code), so nothing moves once it is seen; whatever happens, it shows after
   4 s. Later runs never hide it. A widget still loading its code shows nothing rather than a
   grey placeholder bar. */
html:not(.bipn-shown) [data-testid='stAppViewContainer'] {{ visibility: hidden; animation: bipn-reveal 0s linear 4s forwards; }}
[data-testid='stSkeleton'] {{ visibility: hidden; }}
@keyframes bipn-reveal {{ to {{ visibility: visible; }} }}
/* The answer first: less empty space above the page at 1366x768. */
[data-testid='stMainBlockContainer'] {{ padding-top: 4rem; }}

/* The dose action box: headline, mg and mL and the first analgesic in one screen at 1366x768. */
.st-key-dose-action {{ gap: 0.5rem; }}
/* The record token (ui/state.record_token): a widget the browser keeps, never seen. */
.st-key-record-token {{ display: none; }}
.st-key-dose-action h3 {{ padding-top: 0; padding-bottom: 0; }}
.st-key-dose-action [data-testid='stMetricValue'] {{ font-size: 1.6rem; }}
.st-key-dose-action [data-testid='stMarkdownContainer'] ul {{ margin-bottom: 0; }}

/* Touch targets (WCAG 2.2 2.5.8): every choice at least 24 px tall; the controls that change
   the dose decision 44 px. */
[data-testid='stCheckbox'] label, [data-testid='stRadio'] label {{ min-height: 24px; align-items: center; }}
[class*='st-key-g_'] [data-testid='stCheckbox'] label, [class*='st-key-rf_'] label {{ min-height: 44px; }}
[class*='st-key-g_'] [role='radiogroup'] label, .st-key-grade_mode [role='radiogroup'] label {{ min-height: 44px; min-width: 44px; }}
/* The grading row keeps its wide gap between the two choices, not between the lines it wraps to on a phone. */
.st-key-grade-how {{ row-gap: 1rem; }}
[data-testid='stFormSubmitButton'] button, [class*='st-key-clear_'] button, .st-key-assessment_stop_record button {{ min-height: 44px; }}
button[aria-label='Open'][aria-haspopup='listbox'], [data-testid='stDateInputCalendarButton'] {{ min-height: 24px; min-width: 24px; }}
/* A medicine's remove button: 24 x 24 px, not the 15 x 7 px cross (WCAG 2.2 2.5.8). */
[data-testid='stMultiSelect'] button[aria-label^='Remove '] {{ min-width: 24px; min-height: 24px; display: inline-flex; align-items: center; justify-content: center; }}
[data-testid='stMultiSelect'] button[aria-label^='Remove '] svg {{ width: 0.75em; height: 0.75em; }}
/* On a phone the columns stack. On the pain page the patient was entered on Assessment: the
   doses come first, the form (to correct it) after them. Below Streamlit's 640 px breakpoint. */
@media (max-width: 639.98px) {{
  .st-key-bedside-pain > [data-testid='stLayoutWrapper'] > [data-testid='stHorizontalBlock'],
  .st-key-bedside-pain > [data-testid='stHorizontalBlock'] {{ flex-direction: column-reverse; flex-wrap: nowrap; }}
}}
/* Page links in the answer ("Next: Pain management", "Open rule ... in Evidence") and the
   sidebar's "Change the patient on Assessment" look like
   links, not like plain text; the colour stays the theme's text colour (contrast in both). */
:is([data-testid='stMain'], [data-testid='stSidebar']) a[data-testid='stPageLink-NavLink'] p {{ text-decoration: underline; text-underline-offset: 0.2em; }}
/* The note's copy button (st.code's own) shows only on hover: on a touch screen, which cannot
   hover, it is always shown (the note is several phone screens tall; the button is its only copy). */
@media (hover: none) {{
  [data-testid='stCode'] div:has([data-testid='stElementToolbarButton']), [data-testid='stCode'] [data-testid='stElementToolbarButton'] {{ visibility: visible; opacity: 1; }}
}}
/* ... and it follows the reader down a note taller than the screen: the toolbar's box spans the
   whole note (letting every touch through to the text) and the button sticks below the header. */
[data-testid='stCode'] > div:has([data-testid='stElementToolbarButton']) {{ bottom: 0; height: auto; pointer-events: none; }}
[data-testid='stCode'] > div > div:has(> [data-testid='stElementToolbarButton']) {{ position: sticky; top: 3.75rem; pointer-events: auto; }}
/* Headings' 16 px "link to heading" anchors: too small to tap, and of no use at the bedside. */
[data-testid='stHeaderActionElements'] {{ display: none; }}

/* Connection lost: grey the stale answer, say what happened in words for clinicians, and
   hide Streamlit's own message, which is written for developers. */
{_DISCONNECTED} [data-testid='stMain'] {{ opacity: 0.2; filter: grayscale(1); pointer-events: none; }}
{_DISCONNECTED}::before {{
  content: 'Connection to the app was lost. Your entries are kept while this tab stays open. Reconnecting\\2026';
  position: fixed; top: 4.5rem; left: 50%; transform: translateX(-50%); z-index: 1000001;
  max-width: min(36rem, 92vw); padding: 1rem 1.25rem; border-radius: 0.5rem;
  background: #8a1c1c; color: #ffffff; font-size: 1.1rem; line-height: 1.4; box-shadow: 0 2px 12px rgba(0, 0, 0, 0.35);
}}
body:has({_DISCONNECTED}) :is([data-baseweb='modal'], [data-testid='stDialog']) {{ display: none; }}
</style>
"""


# Where the eye goes, in the page itself (the app's own script, no user text, no request):
# - a page switch (or Back) opens the new page at its top, not at the old page's scroll
#   position (a phone landed mid-page on Pain);
# - after a control that decides the dose (a grade, the pain or autonomic tick, a red flag,
#   a guided question, recording a withhold or a resolution) the answer, from its headline
#   to the mg and mL, is scrolled into view if it is not in view, as little as needed.
# Installed once per tab; it only reads the page and scrolls.
VIEW_JS = """
<script>
(() => {
  if (window.__bipnView) return;
  window.__bipnView = true;
  const DECIDING = "[class*='st-key-g_'], [class*='st-key-q_'], [class*='st-key-rf_'], .st-key-restart, .st-key-autonomic, .st-key-assessment_stop_record, "
    + "[data-testid='stForm']:has(.st-key-restart_who, .st-key-autonomic_who)";  // the confirmation forms, their fields and button
  let path = location.pathname, decided = 0;
  const scroller = () => {
    let s = document.querySelector("[data-testid='stMainBlockContainer']");
    while (s && !(s.scrollHeight > s.clientHeight && /(auto|scroll)/.test(getComputedStyle(s).overflowY))) s = s.parentElement;
    return s || document.scrollingElement;
  };
  const top = () => { const s = scroller(); if (s) s.scrollTop = 0; window.scrollTo(0, 0); };
  // A tap or key on a deciding control arms the reveal; anything else the reader does (another
  // control, a scroll of their own) disarms it: the page never pulls them back to the answer.
  const mark = (ev) => { decided = ev.target instanceof Element && ev.target.closest(DECIDING) ? Date.now() : 0; };
  document.addEventListener("pointerdown", mark, true);
  document.addEventListener("keydown", mark, true);
  for (const kind of ["wheel", "touchmove"]) document.addEventListener(kind, () => { decided = 0; }, {capture: true, passive: true});
  const reveal = () => {
    const box = document.querySelector(".st-key-dose-action");
    const head = box && box.querySelector("h3");
    if (!head) return;
    const metrics = box.querySelectorAll("[data-testid='stMetric']");
    const last = metrics.length ? metrics[metrics.length - 1] : head;
    const header = document.querySelector("[data-testid='stHeader']");
    const min = (header ? header.getBoundingClientRect().bottom : 0) + 8, max = window.innerHeight - 8;
    const t = head.getBoundingClientRect().top, b = last.getBoundingClientRect().bottom;
    let by = 0;
    if (b > max) by = b - max;
    if (t - by < min) by = t - min;
    if (Math.abs(by) > 1) scroller().scrollBy({top: by, behavior: "instant"});
  };
  // A fast run can go running -> notRunning within one render: wait instead for the page to
  // be quiet (no change for 120 ms) with no run going.
  let quiet = 0;
  // Shown once: the first run has drawn its last element and every widget has its code.
  const root = document.documentElement;
  const drawn = () => document.querySelector(".st-key-bipn-ready") && !document.querySelector("[data-testid='stSkeleton']")
    && document.querySelector("[data-testid='stApp']")?.getAttribute("data-test-script-state") === "notRunning";
  const show = () => { if (!root.classList.contains("bipn-shown") && drawn()) root.classList.add("bipn-shown"); };
  new MutationObserver(() => {
    show();
    if (location.pathname !== path) { path = location.pathname; decided = 0; top(); }
    if (!decided) return;
    clearTimeout(quiet);
    quiet = setTimeout(() => {
      const app = document.querySelector("[data-testid='stApp']");
      if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return;
      // Every quiet moment in the 3 s after the tap (the run may start late): scrolling only
      // when the answer is out of view, it never moves a page that already shows it.
      if (Date.now() - decided < 3000) reveal(); else decided = 0;
    }, 120);
  }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-test-script-state", "class"]});
  show();  // this script may start after the page is drawn (st.html loads its code late): no change would follow
  window.addEventListener("popstate", () => requestAnimationFrame(() => { if (location.pathname !== path) { path = location.pathname; top(); } }));
})();
</script>
"""


def csp_sha256(script: str) -> str:
    """The CSP source that allows an inline script ('sha256-…' of the text of its element)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def view_js_sha256() -> str:
    """The CSP source that allows VIEW_JS, which the production proxy's
    Content-Security-Policy must list (deploy/haproxy.cfg)."""
    return csp_sha256(VIEW_JS.split("<script>", 1)[1].rsplit("</script>", 1)[0])


def apply() -> None:
    """Add the view helper to this page (it draws no visible element). The style sheet is
    in Streamlit's page from the first paint (serve.py, deploy/page_style.py)."""
    # In a container the style sheet hides: the script's element takes no room on the page.
    with st.container(key="bipn-view"):
        st.html(VIEW_JS, unsafe_allow_javascript=True)


def ready() -> None:
    """Mark the end of the run's drawing: the style sheet shows the page from here on."""
    with st.container(key="bipn-ready"):
        st.html("<span></span>")
