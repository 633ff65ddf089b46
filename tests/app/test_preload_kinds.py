"""The element code each page preloads (deploy/preload.py) is the code its first run draws:
nothing it draws is left to load late, and nothing it does not draw is fetched and compiled
while the page waits to connect (the medicines' multiselect, 0.3 MB, was preloaded on every
page after its box became lazy). The browser half is tests/e2e/test_preload.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from deploy import preload
from tests.bundle import LAZY

from .apphelpers import APP, PAGES

LAZY_KINDS = {name.split(".")[0] for name in LAZY}
# AppTest's name for an element, where Streamlit's lazy chunk is named otherwise.
CHUNK_OF = {"Toggle": "Checkbox", "vega_lite_chart": "ArrowVegaLiteChart"}


def kinds_drawn(node, found: set[str]) -> set[str]:
    """The lazy chunks of every element under ``node``."""
    children = node.children.values() if isinstance(getattr(node, "children", None), dict) else getattr(node, "children", None) or []
    for child in children:
        name = child.type if type(child).__name__ == "UnknownElement" else type(child).__name__
        if name == "Button" and child.proto.is_form_submitter:
            name = "FormSubmitButton"  # drawn by Streamlit's entry script, not a lazy chunk
        if (kind := CHUNK_OF.get(name, name)) in LAZY_KINDS:
            found.add(kind)
        kinds_drawn(child, found)
    return found


@pytest.mark.parametrize("page", PAGES)
def test_a_page_preloads_the_code_its_first_run_draws_and_no_other(page: str) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    if page != PAGES[0]:
        at.switch_page(page)
    at.run()
    drawn = kinds_drawn(at.main, set()) | kinds_drawn(at.sidebar, set())
    path = "" if page == PAGES[0] else page.removeprefix("pages/").removesuffix(".py")
    assert drawn, "no lazy element seen: the check would pass vacuously"
    assert set(preload.EVERY_PAGE + preload.PAGE_KINDS[path]) == drawn
