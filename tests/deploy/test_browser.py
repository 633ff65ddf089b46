"""Two Chromium sessions through haproxy: stickiness, CSP, the PDF, one replica killed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploy.cluster import Cluster
from tests.e2e.ui import CHARTS, EXCEPTION, HANDOUT_BUTTON, MOTOR, PAGES, RUN_COUNTER_JS, SENSORY, choose, navigate, radio_option, runs, wait_ready

pytestmark = pytest.mark.deploy

# Records Content-Security-Policy violations and every WebSocket close, in the page.
WATCH_JS = """
(() => {
  if (window.__csp !== undefined) return;
  window.__csp = []; window.__wsCloses = 0;
  document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); this.addEventListener('close', () => { window.__wsCloses += 1; }); }
  };
})();
"""


class Session:
    """One browser (its own cookies) with one tab on the app, through the proxy."""

    def __init__(self, context: BrowserContext, url: str) -> None:
        self.context = context
        self.url = url
        self.console: list[str] = []
        self.outside: list[str] = []
        context.add_init_script(RUN_COUNTER_JS)
        context.add_init_script(WATCH_JS)
        context.on("request", self._check)
        self.page: Page = context.new_page()
        self.page.on("console", lambda m: self.console.append(m.text))

    def _check(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1":
            self.outside.append(request.url)

    def open(self, path: str = "") -> None:
        self.page.goto(f"{self.url}/{path}")
        wait_ready(self.page)

    def replica(self) -> str:
        """The replica named by the sticky cookie."""
        return next(c["value"] for c in self.context.cookies() if c["name"] == "BIPN_SRV")

    def csp_violations(self) -> list[str]:
        found = self.page.evaluate("() => window.__csp")
        return found + [t for t in self.console if "Content Security Policy" in t]


@pytest.fixture
def sessions(browser: Browser, cluster: Cluster) -> Iterator[tuple[Session, Session]]:
    contexts = [browser.new_context(), browser.new_context()]
    pair = (Session(contexts[0], cluster.url), Session(contexts[1], cluster.url))
    yield pair
    for s in pair:
        assert not s.outside, f"requests outside this machine: {s.outside}"
    for c in contexts:
        c.close()


def test_every_page_passes_the_csp_through_the_proxy(sessions: tuple[Session, Session]) -> None:
    s, _ = sessions
    s.open()
    for path in PAGES[1:]:
        navigate(s.page, path)
        if path == "prognosis":  # Vega-Lite charts: the strictest part for a CSP
            expect(s.page.locator(CHARTS).nth(2)).to_be_attached()
            s.page.wait_for_function("sel => [...document.querySelectorAll(sel)].every(c => c.querySelector('canvas, svg'))", arg=CHARTS)
    expect(s.page.locator(EXCEPTION)).to_have_count(0)
    assert s.csp_violations() == [], "\n".join(s.csp_violations())


def test_sessions_are_sticky_and_spread(sessions: tuple[Session, Session]) -> None:
    a, b = sessions
    a.open()
    b.open()
    first = a.replica(), b.replica()
    assert first[0] != first[1], "two sessions at once should land on the two replicas (leastconn)"
    a.page.reload()
    wait_ready(a.page)
    assert a.replica() == first[0], "a reload must return to the replica that holds the session"


def test_pdf_handout_downloads_through_the_proxy(sessions: tuple[Session, Session]) -> None:
    s, _ = sessions
    s.open("education")
    with s.page.expect_download() as info:
        s.page.get_by_role("button", name=HANDOUT_BUTTON, exact=True).click()
    data = Path(info.value.path()).read_bytes()
    assert data[:4] == b"%PDF" and len(data) > 1024
    assert s.csp_violations() == [], "\n".join(s.csp_violations())


def test_killed_replica_its_user_reconnects_others_notice_nothing(sessions: tuple[Session, Session], cluster: Cluster) -> None:
    a, b = sessions
    a.open()
    b.open()
    assert a.replica() != b.replica()
    choose(a.page, SENSORY, "2")
    choose(a.page, MOTOR, "0")
    victim = a.replica()
    runs_before = runs(a.page)
    old = cluster.pid(victim)
    try:
        cluster.kill(victim)
        t0 = time.perf_counter()
        # A's user sees the connection-lost state, then is back, on the other replica, with
        # the grades still chosen (the browser resends its widget values on reconnect).
        expect(a.page.locator("[data-testid='stConnectionStatus']")).to_be_visible(timeout=10_000)
        a.page.wait_for_function("n => (window.__stRuns || 0) > n", arg=runs_before, timeout=30_000)
        wait_ready(a.page)
        print(f"\nbrowser tab of a killed replica: working again on the other in {time.perf_counter() - t0:.2f} s")
        expect(a.page.locator("[data-testid='stConnectionStatus']")).to_have_count(0)
        expect(radio_option(a.page, SENSORY, "2")).to_be_checked()
        expect(radio_option(a.page, MOTOR, "0")).to_be_checked()
        expect(a.page.locator(".st-key-dose-action")).to_be_visible()
        # On the other replica, or on the victim already restarted by supervisord (a new
        # process): never on the dead one.
        assert a.replica() == b.replica() != victim or cluster.pid(victim) not in (0, old), (a.replica(), b.replica(), victim)
        # B's session never dropped and still answers.
        assert b.page.evaluate("() => window.__wsCloses") == 0
        choose(b.page, SENSORY, "1")
        expect(b.page.locator(EXCEPTION)).to_have_count(0)
    finally:  # supervisord restarts it by itself (tests/deploy/test_supervision.py)
        cluster.wait_restarted(victim, old, timeout_s=90)


def test_a_tab_whose_replica_dies_with_a_course_is_told_and_the_check_refuses(sessions: tuple[Session, Session], cluster: Cluster) -> None:
    """Issue 19, item 3: the course lived on the killed replica. The tab comes back on the
    other with its widget values; the app says at once that the record was lost and how to
    restore it, and the nurse's check does not answer from what is left."""
    from tests.e2e.test_course_flow import PLANNED, VITALS, form_value, record_three_cycles
    from tests.e2e.ui import number_input

    a, _ = sessions
    record_three_cycles(a.page, cluster.url)
    # The nurse starts a fourth visit: typed values the browser holds.
    for label, value in VITALS.items():
        form_value(number_input(a.page, label), value)
    victim = a.replica()
    old = cluster.pid(victim)
    runs_before = runs(a.page)
    try:
        cluster.kill(victim)
        expect(a.page.locator("[data-testid='stConnectionStatus']")).to_be_visible(timeout=10_000)
        expect(a.page.locator("[data-testid='stConnectionStatus']")).to_have_count(0, timeout=30_000)
        t0 = time.perf_counter()
        # The page runs again on the other replica (never the lost course on a stale screen).
        a.page.wait_for_function("n => (window.__stRuns || 0) > n", arg=runs_before, timeout=30_000)
        expect(a.page.get_by_text("could not come with it", exact=False).first).to_be_visible(timeout=15_000)
        print(f"\nlost record announced {time.perf_counter() - t0:.2f} s after the reconnect")
        expect(a.page.get_by_text("No visit recorded yet.")).to_be_visible()
        # On the other replica, or on the victim already restarted (a new process, so the
        # record is lost all the same): never on the dead one.
        assert a.replica() != victim or cluster.pid(victim) not in (0, old), (a.replica(), victim)
        choose(a.page, SENSORY, "0", wait=False)
        choose(a.page, MOTOR, "0", wait=False)
        choose(a.page, PLANNED, "1.3", wait=False)
        before = runs(a.page)
        a.page.get_by_role("button", name="Check this visit").click()
        a.page.wait_for_function("n => (window.__stRuns || 0) > n", arg=before, timeout=30_000)
        wait_ready(a.page)
        expect(a.page.get_by_text("No pre-dose answer from a partial record", exact=False).first).to_be_visible()
        expect(a.page.get_by_role("button", name="Record this visit in the course")).to_have_count(0)
        expect(a.page.locator(EXCEPTION)).to_have_count(0)
    finally:
        cluster.wait_restarted(victim, old, timeout_s=90)
