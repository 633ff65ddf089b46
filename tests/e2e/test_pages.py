"""Every page: opens by its deep link on a fresh server, shows no exception, keeps the disclaimer,
makes no request outside its server, and passes axe-core's WCAG 2.1 A/AA checks."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .ui import (
    DEFAULT_PAGE,
    DISCLAIMER,
    EXCEPTION,
    PAGES,
    SENSORY,
    axe_source,
    current_nav_path,
    format_violations,
    nav_entries,
    navigate,
    number_input,
    open_page,
    page_not_found,
    radiogroup,
    run_axe,
    wait_ready,
)

pytestmark = pytest.mark.e2e


def _settled(page: Page) -> None:
    """Script done, lazy-loaded widget code and web fonts in, every chart drawn."""
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")]
                  .every(c => c.querySelector('canvas, svg'))"""
    )


TABS_PER_PAGE = 1  # 2 catches a start-up race a little more often, for ~8 s more


@pytest.fixture(scope="module")
def deep_linked(fresh_server, guarded_context):
    """Every page opened by its URL at the same moment, as the first visitors of a freshly
    started server (nobody has opened the root URL there): what a ward sees when several
    bookmarked pages reconnect after a restart. A race in the router's start-up shows up
    here as one or more pages failing, not always the same ones."""
    context, guard = guarded_context()
    tabs = {(path, n): context.new_page() for n in range(TABS_PER_PAGE) for path in PAGES}
    for (path, _), tab in tabs.items():
        tab.goto(f"{fresh_server.url}/{path}", wait_until="commit")
    for tab in tabs.values():
        wait_ready(tab)
    yield tabs, guard
    context.close()  # live sessions would otherwise keep the renderer busy


# Streamlit's legacy pages/ auto-discovery is live on a server until app.py's st.navigation has
# run once; a deep link must still go through the router.
@pytest.mark.parametrize("path", PAGES)
def test_deep_link_on_fresh_server(path: str, deep_linked, fresh_server) -> None:
    tabs, guard = deep_linked
    for n in range(TABS_PER_PAGE):
        _check_deep_link(path, tabs[(path, n)], fresh_server, f"tab {n + 1} of {TABS_PER_PAGE}")
    assert not guard.external, f"requests outside the server while deep-linking: {sorted(set(guard.external))}"


def _check_deep_link(path: str, page: Page, fresh_server, which: str) -> None:
    # Widgets are lazy-loaded code on a cold browser cache: give them a moment to appear.
    try:
        page.wait_for_function(
            """([exc, disclaimer]) => document.querySelector(exc) ||
                 (document.body.innerText.includes(disclaimer) &&
                  document.querySelector("[data-testid='stSidebar'] :is([data-testid='stTextInput'], [data-testid='stPageLink'])"))""",
            arg=[EXCEPTION, DISCLAIMER],
            timeout=5_000,
        )
    except PlaywrightTimeoutError:
        pass  # described by the assertions below
    nav = nav_entries(page, fresh_server.url)
    seen = {
        "exception": page.locator(EXCEPTION).count(),
        "page not found dialog": page_not_found(page).count(),
        "disclaimer": page.get_by_text(DISCLAIMER).count(),
        # The patient form, or on a page that shows the patient as a summary, its link to the form.
        "patient sidebar": number_input(page, "Age (years)").count() + page.locator("[data-testid='stSidebar'] [data-testid='stPageLink']").count(),
        "navigation": nav,
        "url": page.url,
        "which": which,
    }
    legacy_nav = any(href.strip("/") == "app" or text == "app" for text, href in nav)
    router_ran = seen["disclaimer"] > 0 and seen["patient sidebar"] > 0
    assert router_ran and not legacy_nav, (
        f"/{path} opened on a freshly started server (all five pages opened at once) did not run "
        f"the router (app.py): Streamlit's legacy pages/ mode ran pages/{path}.py on its own "
        f"(navigation {'is' if legacy_nav else 'is not'} the auto-discovered pages/ list). Seen: {seen}"
    )
    assert seen["exception"] == 0, f"/{path}: exception shown on the page. Seen: {seen}"
    assert seen["page not found dialog"] == 0, f"/{path}: Streamlit says 'Page not found' for this URL path. Seen: {seen}"
    assert nav, f"/{path}: no page navigation"
    unregistered = [href for _, href in nav if href.strip("/") not in (*PAGES, "")]
    assert not unregistered, f"/{path}: navigation lists pages that are not registered: {nav}"
    expect(page.get_by_text(DISCLAIMER).first).to_be_visible()
    if path == DEFAULT_PAGE:
        expect(radiogroup(page, SENSORY)).to_be_visible()
    else:
        assert current_nav_path(page) == "/" + path, f"/{path}: navigation marks {current_nav_path(page)} as current"
        assert page.url.rstrip("/").endswith("/" + path), page.url


@pytest.fixture(scope="module")
def axe_js() -> str:
    return axe_source()


@pytest.fixture(scope="module")
def _tour_tab(_shared_context):
    context, _sink = _shared_context
    tab = context.new_page()
    yield tab
    tab.close()


@pytest.fixture
def tour(_tour_tab: Page, shared_context, offline_guard) -> Page:
    """One tab (one Streamlit session) that walks through the pages by the app's navigation."""
    return _tour_tab


@pytest.mark.parametrize("path", PAGES)
def test_accessibility_wcag21_aa_and_offline(path: str, tour: Page, base_url: str, axe_js: str, offline_guard) -> None:
    page = tour
    if page.url == "about:blank":
        open_page(page, base_url, path)
    else:
        navigate(page, path)
    _settled(page)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    offline_guard.assert_clean()  # every request of this page so far: fonts, charts, media
    violations = run_axe(page, axe_js)
    blocking = [v for v in violations if v["impact"] in ("critical", "serious")]
    others = [v for v in violations if v not in blocking]
    if others:
        print(f"\n/{path}: minor/moderate axe findings (not failing):\n" + format_violations(others))
    assert not blocking, f"/{path}: critical/serious WCAG 2.1 AA violations:\n" + format_violations(blocking)
