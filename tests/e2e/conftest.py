"""Browser tests: the real app in a real (Debian) Chromium.

    .venv/bin/python -m pytest tests/e2e -q        (about 70 s on 2 cores)

One Streamlit server for the whole session, warmed by one visit to the root URL, plus one that
only ever receives deep links (so the deep-link test always meets a freshly started server,
whatever ran before); one browser; one browser context shared by the tests that need no
browser of their own (`page`: each page load is a new Streamlit session anyway) and fresh
contexts from `new_context` for those that do (isolation, viewports). Every context is watched
by an offline guard: a request to any host but this machine fails the test.

`page` here replaces pytest-playwright's, so its --screenshot/--video options apply only to
contexts made with `new_context`. On a failure the servers' log tails are in the report.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer
from .ui import RUN_COUNTER_JS, wait_ready

__all__ = ["wait_ready"]

HERE = Path(__file__).resolve().parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}

expect.set_options(timeout=15_000)

_SERVERS: dict[str, StreamlitServer] = {}
_GUARD_KEY = pytest.StashKey["OfflineGuard"]()


@pytest.fixture(scope="session")
def _servers(pytestconfig: pytest.Config) -> Iterator[dict[str, StreamlitServer]]:
    root = pytestconfig.rootpath
    if not (root / "app.py").exists():
        pytest.fail(f"no app.py in {root}: run pytest from the repository root")
    # Both start at once: they share the cold-start time. They serve serve.py, as scripts/run.sh does.
    servers = {
        "main": StreamlitServer(root, script="serve.py", name="main").start(),
        "fresh": StreamlitServer(root, script="serve.py", name="deep-links").start(),
    }
    _SERVERS.update(servers)
    try:
        for server in servers.values():
            try:
                server.wait_healthy(timeout_s=60)
            except RuntimeError as exc:
                pytest.fail(str(exc), pytrace=False)
        yield servers
    finally:
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            server.stop()
        for server in servers.values():
            server.remove_log()
        _SERVERS.clear()


@pytest.fixture(scope="session")
def app_server(_servers: dict[str, StreamlitServer], browser: Browser) -> StreamlitServer:
    """The shared server used by every test except the deep-link one.

    Warmed by one visit to the root URL, so app.py's st.navigation has run once: if deep
    links are broken on a fresh server, the deep-link test says so once, instead of every
    test that happens to open a page by its URL failing for the same reason.
    """
    server = _servers["main"]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        wait_ready(page)
    finally:
        context.close()
    return server


@pytest.fixture(scope="session")
def fresh_server(_servers: dict[str, StreamlitServer]) -> StreamlitServer:
    """A server whose only visitors are deep links (never the root URL)."""
    return _servers["fresh"]


@pytest.fixture(scope="session")
def base_url(app_server: StreamlitServer) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
            "(apt-get install chromium, or run scripts/test.sh which installs it). "
            "Playwright's own browser download does not work here.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # Reduced motion: Streamlit then skips its transitions, which only cost CPU here.
    return {**browser_context_args, "accept_downloads": True, "reduced_motion": "reduce"}


class OfflineGuard:
    """Records every request (and websocket) to a host that is not this machine."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self._reported = 0

    def check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return
        if (parts.hostname or "") not in LOCAL_HOSTS:
            self.external.append(url)

    def assert_clean(self) -> None:
        new = self.external[self._reported :]
        self._reported = len(self.external)
        assert not new, "the page made requests outside its own server (wards are often offline):\n  " + "\n  ".join(
            sorted(set(new))
        )


class _GuardSink:
    """Forwards a long-lived context's requests to the guard of the test running now."""

    current: OfflineGuard | None = None

    def check(self, url: str) -> None:
        if self.current is not None:
            self.current.check(url)


def _prepare(context: BrowserContext, sink: OfflineGuard | _GuardSink) -> BrowserContext:
    context.on("request", lambda request: sink.check(request.url))
    context.on("page", lambda page: page.on("websocket", lambda ws: sink.check(ws.url)))
    context.add_init_script(RUN_COUNTER_JS)
    context.set_default_timeout(20_000)
    return context


DEFAULT_VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture
def offline_guard(request: pytest.FixtureRequest) -> OfflineGuard:
    guard = request.node.stash.get(_GUARD_KEY, None)
    if guard is None:
        guard = request.node.stash[_GUARD_KEY] = OfflineGuard()
    return guard


@pytest.fixture
def new_context(new_context, offline_guard: OfflineGuard):
    """A fresh browser context (its own cache and cookies), offline-guarded, run-counting.

    For tests that need several independent browsers (isolation) or another viewport.
    """

    def make(**kwargs) -> BrowserContext:
        kwargs.setdefault("viewport", DEFAULT_VIEWPORT)
        return _prepare(new_context(**kwargs), offline_guard)

    yield make
    offline_guard.assert_clean()


@pytest.fixture(scope="session")
def _shared_context(browser: Browser, browser_context_args: dict) -> Iterator[tuple[BrowserContext, _GuardSink]]:
    sink = _GuardSink()
    context = _prepare(browser.new_context(**{"viewport": DEFAULT_VIEWPORT, **browser_context_args}), sink)
    yield context, sink
    context.close()


@pytest.fixture
def shared_context(_shared_context: tuple[BrowserContext, _GuardSink], offline_guard: OfflineGuard) -> Iterator[BrowserContext]:
    """The session's shared browser context, its requests checked by this test's guard."""
    context, sink = _shared_context
    sink.current = offline_guard
    try:
        yield context
    finally:
        sink.current = None


@pytest.fixture
def page(shared_context: BrowserContext, offline_guard: OfflineGuard) -> Iterator[Page]:
    """A new tab in one browser context shared by the session (warm HTTP cache: about a second
    faster per test than a fresh context). Each page load is still its own Streamlit session."""
    tab = shared_context.new_page()
    try:
        yield tab
    finally:
        tab.close()
        offline_guard.assert_clean()


@pytest.fixture(scope="session")
def guarded_context(browser: Browser, browser_context_args: dict):
    """Factory for a context owned by a module-scoped fixture, with its own OfflineGuard
    (requests made while such a fixture sets up belong to no single test)."""
    made: list[BrowserContext] = []

    def make(**kwargs) -> tuple[BrowserContext, OfflineGuard]:
        guard = OfflineGuard()
        context = _prepare(browser.new_context(**{"viewport": DEFAULT_VIEWPORT, **browser_context_args, **kwargs}), guard)
        made.append(context)
        return context, guard

    yield make
    for context in made:
        try:
            context.close()
        except Exception:  # noqa: BLE001 - already closed by its fixture
            pass


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    result = yield
    guard = item.stash.get(_GUARD_KEY, None)
    if guard is not None:
        guard.assert_clean()  # fails the test itself, not just its teardown
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed and HERE in item.path.parents:
        for name, server in _SERVERS.items():
            report.sections.append((f"streamlit server log ({name}, last lines)", server.log_tail(60)))
    return report
