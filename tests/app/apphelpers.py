"""AppTest helpers: fill the sidebar the way a clinician would, and read what is shown."""

import re
from decimal import Decimal
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.context import SUMMARY_PAGES as SUMMARY_PATHS

APP = str(Path(__file__).resolve().parents[2] / "app.py")
# The pages that show the patient as a summary in the sidebar, not the form (ui.context).
SUMMARY_PAGES = tuple(f"pages/{path}.py" for path in SUMMARY_PATHS)
PAGES = ["pages/assessment.py", "pages/pain.py", "pages/education.py", "pages/prognosis.py", "pages/evidence.py", "pages/course.py"]

# Sidebar widget keys, by patient field.
PATIENT_KEYS = {
    "age": ("text_input", "pt_age"),
    "sex": ("radio", "pt_sex"),
    "height": ("text_input", "pt_height"),
    "weight": ("text_input", "pt_weight"),
    "scr": ("text_input", "pt_scr"),
    "scr_unit": ("radio", "pt_scr_unit"),
    "hd": ("checkbox", "pt_hd"),
    "pd": ("checkbox", "pt_pd"),
    "body_confirmed": ("checkbox", "pt_body_confirmed"),
    "liver": ("selectbox", "pt_liver"),
    "alcohol": ("checkbox", "pt_alcohol"),
    "dose": ("radio", "pt_dose"),
    "route": ("radio", "pt_route"),
    "schedule": ("radio", "pt_schedule"),
    "product": ("radio", "pt_product"),
    "days": ("text_input", "pt_days"),
    "meds": ("multiselect", "pt_meds"),
    "audience": ("radio", "audience"),
}

TYPICAL = dict(age=70, sex="female", height=165, weight=60, scr=1.0, dose="1.3", route="sc", schedule="twice_weekly", product="velcade")


def widget(at: AppTest, name: str):
    kind, key = PATIENT_KEYS[name]
    return getattr(at, kind)(key=key)


def fill(at: AppTest, **values) -> AppTest:
    """Set sidebar fields (names as in PATIENT_KEYS) and rerun. The medicines box draws its
    fields only while open: it is opened first, as a click does."""
    if "meds" in values:
        open_expanders(at, "pt_meds_open")
    for name, value in values.items():
        kind, _ = PATIENT_KEYS[name]
        # Numbers are typed as text, as a clinician types them.
        widget(at, name).set_value(typed(value) if kind == "text_input" else value)
    return at.run()


def unescape(markdown: str) -> str:
    """Markdown source as the reader sees it: backslash escapes and the invisible word joiners
    that keep addresses from being linked removed (ui.render.plain)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def texts(at: AppTest) -> str:
    """Every text the page shows, for 'is this on screen' checks."""
    parts = []
    for kind in ("markdown", "info", "warning", "error", "success", "caption", "subheader", "header", "code", "metric", "text"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")) + " " + str(getattr(el, "label", "")))
    return unescape("\n".join(parts))


def markdowns(at: AppTest) -> list[str]:
    """Each Markdown element's text as the reader sees it."""
    return [unescape(m.value) for m in at.markdown]


def typed(value: object) -> object:
    """A number as a clinician types it into a text field (plain digits, no exponent)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def grade(at: AppTest, sensory: int, motor: int = 0, *, pain: bool = False, autonomic: bool = False) -> AppTest:
    """Grade directly on the assessment page and rerun."""
    at.radio(key="g_sensory").set_value(sensory)
    at.radio(key="g_motor").set_value(motor)
    at.checkbox(key="g_pain").set_value(pain)
    at.checkbox(key="g_autonomic").set_value(autonomic)
    return at.run()


def open_expanders(at: AppTest, *keys: str) -> AppTest:
    """Open expanders drawn only while open (ui.render.opened), by key, as a click does, and rerun."""
    for key in keys:
        at.session_state[key] = True
    return at.run()
