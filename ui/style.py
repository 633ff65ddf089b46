"""Page style: room for the answer, touch targets, and a clinician's word when the connection drops.

Injected with st.html as a style sheet only (no script, no user text). Streamlit marks its
root element with the connection state, which these rules read.
"""

import streamlit as st

_DISCONNECTED = ":is([data-test-connection-state='PINGING_SERVER'], [data-test-connection-state='DISCONNECTED_FOREVER'])"

CSS = f"""
<style>
/* The answer first: less empty space above the page at 1366x768. */
[data-testid='stMainBlockContainer'] {{ padding-top: 4rem; }}

/* The dose action box: headline, mg and mL and the first analgesic in one screen at 1366x768. */
.st-key-dose-action {{ gap: 0.5rem; }}
/* The record token (ui/state.record_token): a widget the browser keeps, never seen. */
.st-key-record-token {{ display: none; }}
.st-key-dose-action h3 {{ padding-top: 0; padding-bottom: 0.25rem; }}
.st-key-dose-action [data-testid='stMetricValue'] {{ font-size: 1.6rem; }}
.st-key-dose-action [data-testid='stMarkdownContainer'] ul {{ margin-bottom: 0; }}

/* Touch targets (WCAG 2.2 2.5.8): every choice at least 24 px tall; the controls that change
   the dose decision 44 px. */
[data-testid='stCheckbox'] label, [data-testid='stRadio'] label {{ min-height: 24px; align-items: center; }}
[class*='st-key-g_'] [data-testid='stCheckbox'] label, [class*='st-key-rf_'] label {{ min-height: 44px; }}
[class*='st-key-g_'] [role='radiogroup'] label {{ min-height: 44px; min-width: 44px; }}
[data-testid='stFormSubmitButton'] button, [class*='st-key-clear_'] button, .st-key-assessment_stop_record button {{ min-height: 44px; }}
button[aria-label='Open'][aria-haspopup='listbox'], [data-testid='stDateInputCalendarButton'] {{ min-height: 24px; min-width: 24px; }}
/* On a phone the columns stack. On the pain page the patient was entered on Assessment: the
   doses come first, the form (to correct it) after them. Below Streamlit's 640 px breakpoint. */
@media (max-width: 639.98px) {{
  .st-key-bedside-pain > [data-testid='stLayoutWrapper'] > [data-testid='stHorizontalBlock'],
  .st-key-bedside-pain > [data-testid='stHorizontalBlock'] {{ flex-direction: column-reverse; flex-wrap: nowrap; }}
}}
/* Page links in the answer ("Next: Pain management", "Open rule ... in Evidence") look like
   links, not like plain text; the colour stays the theme's text colour (contrast in both). */
[data-testid='stMain'] a[data-testid='stPageLink-NavLink'] p {{ text-decoration: underline; text-underline-offset: 0.2em; }}
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


def apply() -> None:
    """Add the style sheet to this page (it draws no element)."""
    st.html(CSS)
