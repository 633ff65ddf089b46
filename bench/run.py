"""Benchmark bipn-bedside against a bare Streamlit app of the same shape, in one run.

Run:  .venv/bin/python bench/run.py            (about 5-8 minutes on 2 cores)
      .venv/bin/python bench/run.py --quick    (fewer repeats, about 2-3 minutes; for a look)
      options: --repeats N (default 5)  --reloads N (default 3)  --sessions N (default 10)  --skip-core  --skip-browser

Prints one table (ours, bare, ours/bare, budget) and writes bench/results/<timestamp>.json
and bench/results/latest.json (git-ignored). It measures, for OUR app (app.py) and for the
BARE app (bench/bare/: st.navigation over six pages, each one radio group and the same
charts as ours (the prognosis page's three Vega-Lite specs, made by bipn), the same .streamlit/config.toml, copied in at the start of every run):

- cold start: `streamlit run` started -> /_stcore/health answers ok (median of --repeats),
  and, for information, start -> first page ready in the browser;
- charts per page: counted once per app and page after it settles; both apps should match;
- page ready, per page: navigation start -> script run finished (stApp notRunning, no
  status widget running) and every chart drawn: as many chart elements as counted, each
  with its canvas or svg, measured in the page with
  performance.now(); cold = first visit in a fresh browser context, warm = the same page
  loaded again in that context (HTTP cache warm), --reloads times; all are new Streamlit
  sessions. The default page is opened at the root URL; medians over --repeats (cold) and
  --repeats x --reloads (warm);
- interaction: the arrow key that picks the next option of a radio group -> the rerun
  finished and its result drawn (ours: sensory grade on the assessment page -> new dose
  action text; bare: its radio group -> "Selected: x"), warm (two untimed changes first), median over 2 x --repeats
  changes; reported as "grade change -> dose action redrawn" against the bare page given as
  many extra elements (bench/floor.py's cards) as it takes for its change to send as many
  messages as ours (counted on the websocket, both shown): the issue's "bare page that draws
  the same number of elements"; and, for information, against the bare page of 3 elements and
  to the new dose action first visible (the rest of the answer may still be drawing);
- static floor (bench/static.py), beside each page-ready and interaction figure: our settled
  page saved as one static document (drawn DOM, style rules inlined, no script) and loaded
  as the pages are; for the grade change, two such snapshots of our answer swapped by a
  script on the radio's change: the same answer with no framework at all;
- memory per session: VmRSS of the server process (/proc/<pid>/status) with --sessions extra
  sessions open on the default page, minus before, divided by --sessions (fresh server; one
  session that visited every page stays open throughout);
- AppTest: warm script run per page (streamlit.testing.v1.AppTest from app.py, then
  at.switch_page(...).run() once, then the median of repeated at.run()); ours with the
  typical patient entered (age 70, female, 165 cm, 60 kg, creatinine 1.0 mg/dL, 1.3 mg/m²)
  and on the assessment page sensory grade 2, motor grade 0.

Unless --skip-core, it first runs bench/bench_core.py and bench/bench_search.py and folds
their results into the JSON. Budgets are reported, never asserted: page ready and interaction
<= 1.25 x bare, memory per session < 2 MB, cold start <= 1.2 x bare, AppTest warm run < 50 ms.
The browser is Debian's chromium (/usr/bin/chromium), as in the e2e tests. Timings on a
shared 2-core machine are noisy: compare ratios from the same run, not across runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = ROOT / "bench" / "bare"
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, python_for  # noqa: E402 - after sys.path gets the repository root
from tests.e2e.ui import RUN_COUNTER_JS  # noqa: E402 - after sys.path gets the repository root
from bench import static  # noqa: E402 - after sys.path gets the repository root (also when imported as bench.run)

PAGES = ("assessment", "pain", "education", "prognosis", "evidence", "course")
DEFAULT_PAGE = "assessment"
SENSORY = "Sensory neuropathy grade (CTCAE v5.0)"
MOTOR = "Motor neuropathy grade (CTCAE v5.0)"
DOSE = "Current bortezomib dose (mg/m²)"
BUDGET = {"page_ready_ratio": 1.25, "interaction_ratio": 1.25, "memory_mb_per_session": 2.0, "cold_start_ratio": 1.2, "apptest_warm_ms": 50.0}

# performance.now() at the first animation frame where the page is done: the script run is
# over and counted, nothing is running, and every chart has its canvas/svg.
READY_NOW_JS = """
(arg) => {
  const [minRuns, minCharts] = Array.isArray(arg) ? arg : [arg, 0];
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if ((window.__stRuns || 0) < minRuns) return false;
  if (document.querySelector("[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningIcon'], " +
                             "[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningManIcon']")) return false;
  const charts = [...document.querySelectorAll("[data-testid='stVegaLiteChart']")];
  if (charts.length < minCharts) return false;
  if (!charts.every((c) => c.querySelector('canvas, svg'))) return false;
  return performance.now();
}
"""
# The static page (bench/static.py) is ready when loaded, with its charts and images in.
STATIC_READY_JS = """
(minCharts) => document.readyState === 'complete'
  && document.querySelectorAll("[data-testid='stVegaLiteChart']").length >= minCharts
  && [...document.images].every((i) => i.complete) && performance.now()
"""
# The static change page has swapped in the answer with `text` in an element matching `where`.
STATIC_DRAWN_JS = "([where, text]) => [...document.querySelectorAll(where)].some((e) => e.innerText.includes(text)) && performance.now()"
# How many charts a page draws once settled (script done, network idle, a moment for vega-embed):
# "ready" then waits for that many charts, each with its canvas or svg.
COUNT_CHARTS_JS = "() => document.querySelectorAll(\"[data-testid='stVegaLiteChart']\").length"
# As READY_NOW_JS, and an element matching `where` shows `text`: [when `text` was first seen
# (the new result visible, the run perhaps still going), when the run was over with it drawn].
DRAWN_NOW_JS = (
    "([minRuns, where, text]) => { const shown = [...document.querySelectorAll(where)].some((e) => e.innerText.includes(text));"
    " if (shown && window.__seenAt === null) window.__seenAt = performance.now();"
    " const t = (" + READY_NOW_JS.strip() + ")(minRuns); return t && shown ? [window.__seenAt, t] : false; }"
)
# Records performance.now() when the choosing key goes down, before any page handler sees it.
KEY_CLOCK_JS = """
() => { window.__keyAt = null; window.__seenAt = null;
        if (!window.__keyClock) { window.__keyClock = true;
          window.addEventListener('keydown', (e) => {
            if (['ArrowLeft', 'ArrowRight', ' '].includes(e.key) && window.__keyAt === null) window.__keyAt = performance.now();
          }, true); } }
"""


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def log(msg: str) -> None:
    print(msg, flush=True)


# --- the apps -----------------------------------------------------------------------------


def sync_bare_config() -> None:
    """The bare app runs with exactly our .streamlit/config.toml."""
    src = ROOT / ".streamlit" / "config.toml"
    dst = BARE / ".streamlit" / "config.toml"
    dst.parent.mkdir(parents=True, exist_ok=True)
    if not dst.exists() or dst.read_bytes() != src.read_bytes():
        shutil.copyfile(src, dst)


APPS = {"ours": ROOT, "bare": BARE}
# What each serves: ours as every server of it runs (serve.py: app.py with its style sheet in
# the page), the bare page as it is.
SCRIPTS = {"ours": "serve.py", "bare": "app.py"}


def url_for(base: str, path: str) -> str:
    return f"{base}/" if path == DEFAULT_PAGE else f"{base}/{path}"


# --- browser helpers ----------------------------------------------------------------------


def new_context(browser, **kwargs):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce", **kwargs)
    context.add_init_script(RUN_COUNTER_JS)
    context.set_default_timeout(60_000)
    return context


def load_ms(page, url: str | None, charts: int = 0, *, static: bool = False) -> float:
    """Navigate (or reload when url is None); ms from navigation start to page ready: the
    script run over and every one of the page's `charts` charts drawn (static: a static
    page loaded with its charts and images)."""
    if url is None:
        page.reload(wait_until="commit")
    else:
        page.goto(url, wait_until="commit")
    ready, arg = (STATIC_READY_JS, charts) if static else (READY_NOW_JS, [1, charts])
    return float(page.wait_for_function(ready, arg=arg, polling="raf", timeout=60_000).json_value())


def count_charts(browser, servers: dict[str, StreamlitServer], snapshots: dict[str, str]) -> dict:
    """Charts per page, per app, once each page has settled; fills `snapshots` with our
    settled pages as static documents (bench/static.py), for the static floor."""
    out: dict[str, dict[str, int]] = {app: {} for app in APPS}
    for app in APPS:
        context = new_context(browser)
        try:
            page = context.new_page()
            for path in PAGES:
                page.goto(url_for(servers[app].url, path), wait_until="commit")
                wait_done(page, 1)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1_000)
                wait_done(page, 1)
                out[app][path] = page.evaluate(COUNT_CHARTS_JS)
                if app == "ours":
                    snapshots[path] = page.evaluate(static.SNAPSHOT_JS)
        finally:
            context.close()
    log(f"  charts per page: {out}")
    if out["ours"] != out["bare"]:
        log("  NOTE: the bare app draws a different number of charts than ours on some page (see bench/bare/charts.py)")
    return out


def wait_done(page, min_runs: int) -> float:
    return float(page.wait_for_function(READY_NOW_JS, arg=min_runs, polling="raf", timeout=60_000).json_value())


def runs(page) -> int:
    return page.evaluate("() => window.__stRuns || 0")


def pick(page, label: str, option_prefix: str, *, timed: bool = False) -> None:
    """Choose an option of a radio group by keyboard, as a keyboard user does: focus the
    chosen option (or, with none chosen, the wanted one), then an arrow key (or Space). With
    timed=True, arm the key clock first. Timed changes go to a neighbouring option: one key."""
    group = page.get_by_role("radiogroup", name=label, exact=True)
    group.wait_for()  # a widget is a placeholder until its code has loaded
    radios = group.get_by_role("radio")
    texts = [t.strip() for t in group.locator("label").all_inner_texts()]
    to = next(i for i, t in enumerate(texts) if t.startswith(option_prefix))
    checked = [radios.nth(i).is_checked() for i in range(len(texts))]
    at = checked.index(True) if True in checked else None
    if at == to:
        return
    radios.nth(to if at is None else at).focus()
    if timed:
        page.evaluate(KEY_CLOCK_JS)
    if at is None:
        page.keyboard.press("Space")
    for _ in range(0 if at is None else abs(to - at)):
        page.keyboard.press("ArrowRight" if to > at else "ArrowLeft")


def timed_change(page, label: str, option: str, where: str, text: str) -> tuple[float, float]:
    """Choose `option` of the radio group `label` by keyboard; ms from the key to the new
    result (`text` in an element matching `where`) first visible, and to the run over with it
    drawn."""
    before = runs(page)
    pick(page, label, option, timed=True)
    seen, done = page.wait_for_function(DRAWN_NOW_JS, arg=[before + 1, where, text], polling="raf", timeout=60_000).json_value()
    start = page.evaluate("() => window.__keyAt")
    if start is None:
        raise RuntimeError(f"{label}: the key clock did not fire")
    return float(seen) - float(start), float(done) - float(start)


# --- measurements ---------------------------------------------------------------------------


def measure_cold_start(repeats: int, browser) -> dict:
    out: dict[str, dict[str, list[float]]] = {app: {"health_s": [], "first_page_ready_s": []} for app in APPS}
    for r in range(repeats):
        for app, root in APPS.items():
            server = StreamlitServer(root, script=SCRIPTS[app], name=f"{app}-cold").start()
            try:
                out[app]["health_s"].append(server.wait_healthy(60))
                context = new_context(browser)
                try:
                    page = context.new_page()
                    page.goto(server.url + "/", wait_until="commit")
                    wait_done(page, 1)
                    out[app]["first_page_ready_s"].append(time.perf_counter() - server.started_at)
                finally:
                    context.close()
            finally:
                server.stop()
                server.remove_log()
        log(f"  cold start {r + 1}/{repeats}: ours {out['ours']['health_s'][-1]:.2f} s, bare {out['bare']['health_s'][-1]:.2f} s")
    return out


def measure_pages(repeats: int, browser, servers: dict[str, StreamlitServer], charts: dict, statics: dict[str, str], reloads: int = 3) -> dict:
    """Page ready per app and page; and, as "static", our settled page served as a static
    document (`statics`: page -> URL), the floor. Per repeat: one cold load in a fresh
    context, then `reloads` warm ones (each a new session), so the warm figure, the budget's,
    is a median of repeats x reloads."""
    out = {app: {p: {"cold_ms": [], "warm_ms": []} for p in PAGES} for app in (*APPS, "static")}
    for r in range(repeats):
        for path in PAGES:
            for app in (*APPS, "static"):  # interleaved, so drift in machine load hits all alike
                context = new_context(browser)
                try:
                    page = context.new_page()
                    is_static = app == "static"
                    n = charts["ours" if is_static else app][path]
                    url = statics[path] if is_static else url_for(servers[app].url, path)
                    out[app][path]["cold_ms"].append(load_ms(page, url, n, static=is_static))
                    out[app][path]["warm_ms"] += [load_ms(page, None, n, static=is_static) for _ in range(reloads)]
                finally:
                    context.close()
        log(f"  page ready {r + 1}/{repeats} done")
    return out


def static_timed_change(page, label: str, option: str, where: str, text: str) -> float:
    """As timed_change, on the static change page: ms from the key to `text` drawn."""
    pick(page, label, option, timed=True)
    done = page.wait_for_function(STATIC_DRAWN_JS, arg=[where, text], polling="raf", timeout=60_000).json_value()
    return float(done) - float(page.evaluate("() => window.__keyAt"))


class FrameCounter:
    """Counts the messages a page's Streamlit session receives (one per element drawn, and a
    few per run), so the bare page can be made to redraw as many as ours."""

    def __init__(self, page) -> None:
        self.frames = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._one))

    def _one(self, _frame) -> None:
        self.frames += 1


# The change each page is timed on: (radio group, where the result is drawn, its text per option).
CHANGES = {
    "ours": (SENSORY, ".st-key-dose-action", {"2": "Reduce", "1": "Continue"}),  # no pain, motor 0
    "bare": ("Value", "[data-testid='stMarkdown']", {"2": "Selected: 2", "1": "Selected: 1"}),
}


def change(page, app: str, option: str) -> tuple[float, float]:
    label, where, texts = CHANGES["bare" if app.startswith("bare") else "ours"]
    if app == "static":
        done = static_timed_change(page, label, option, where, texts[option])
        return done, done
    return timed_change(page, label, option, where, texts[option])


def frames_per_change(page, app: str, counter: FrameCounter) -> int:
    """Two untimed changes (2 then 1); the median messages each took."""
    counts = []
    for option in ("2", "1"):
        before = counter.frames
        change(page, app, option)
        page.wait_for_timeout(300)  # every message of the run delivered to the counter
        counts.append(counter.frames - before)
    return max(counts)


def open_app(browser, url: str) -> tuple:
    context = new_context(browser)
    page = context.new_page()
    counter = FrameCounter(page)
    page.goto(url + "/", wait_until="commit")
    wait_done(page, 1)
    return context, page, counter


def measure_interaction(repeats: int, browser, servers: dict[str, StreamlitServer], static_server: static.StaticServer) -> dict:
    """The grade change, against the bare page (3 elements), the bare page redrawing as many
    elements as ours ("bare_same", bench/floor.py's page with extra elements) and the static
    floor (two snapshots of our answer swapped by a script, bench/static.py)."""
    changes = max(4, 2 * repeats)
    contexts, pages, counters = [], {}, {}
    same_server = None
    try:
        for app in APPS:
            context, pages[app], counters[app] = open_app(browser, servers[app].url)
            contexts.append(context)
        ours = pages["ours"]
        # The dose action needs the current dose and both grades.
        before = runs(ours)
        pick(ours, DOSE, "1.3")
        wait_done(ours, before + 1)
        before = runs(ours)
        pick(ours, MOTOR, "0")
        wait_done(ours, before + 1)
        frames = {app: frames_per_change(pages[app], app, counters[app]) for app in APPS}
        # The bare page redraws a heading, its radio and a line: give it ours' count less its own.
        extra = max(0, frames["ours"] - frames["bare"])
        os.environ["BARE_EXTRA_ELEMENTS"] = str(extra)
        try:
            same_server = StreamlitServer(BARE, name="bare-same").start()
        finally:
            os.environ.pop("BARE_EXTRA_ELEMENTS", None)
        same_server.wait_healthy(60)
        context, pages["bare_same"], counters["bare_same"] = open_app(browser, same_server.url)
        contexts.append(context)
        frames["bare_same"] = frames_per_change(pages["bare_same"], "bare_same", counters["bare_same"])
        log(f"  messages per change: {frames} (the bare page given {extra} extra elements)")
        # The static floor: our answer at grade 1 (now shown) and at grade 2, swapped by a script.
        first = ours.evaluate(static.SNAPSHOT_JS)
        change(ours, "ours", "2")
        second = ours.evaluate(static.MAIN_HTML_JS)
        change(ours, "ours", "1")
        context = new_context(browser)
        contexts.append(context)
        pages["static"] = context.new_page()
        pages["static"].goto(static_server.put("/change", static.change_page(first, second, SENSORY)), wait_until="load")
        for option in ("2", "1"):
            change(pages["static"], "static", option)

        out: dict[str, list[float]] = {app: [] for app in pages}
        visible: dict[str, list[float]] = {app: [] for app in pages}
        for i in range(changes):
            for app, page in pages.items():
                seen, done = change(page, app, "2" if i % 2 == 0 else "1")
                out[app].append(done)
                visible[app].append(seen)
        log("  interaction (medians of %d): " % changes + ", ".join(f"{app} {median(v):.0f} ms" for app, v in out.items())
            + "; new result visible: " + ", ".join(f"{app} {median(v):.0f} ms" for app, v in visible.items()))
    finally:
        for context in contexts:
            context.close()
        if same_server is not None:
            same_server.stop()
            same_server.remove_log()
    return {**out, "visible": visible, "messages_per_change": frames, "bare_extra_elements": extra}


def _rss_mib(server: StreamlitServer) -> float:
    readings = []
    for _ in range(3):
        readings.append(server.rss_kib() / 1024)
        time.sleep(0.2)
    return statistics.median(readings)


def measure_memory(sessions: int, browser) -> dict:
    out = {}
    for app, root in APPS.items():
        server = StreamlitServer(root, script=SCRIPTS[app], name=f"{app}-memory").start()
        contexts = []
        try:
            server.wait_healthy(60)
            # One session stays open throughout, having visited every page: every module and
            # reference cache is loaded before the baseline.
            first = new_context(browser)
            contexts.append(first)
            page = first.new_page()
            page.goto(server.url + "/", wait_until="commit")
            wait_done(page, 1)
            for path in PAGES[1:] + (DEFAULT_PAGE,):
                before = runs(page)
                page.locator(
                    f"[data-testid='stTopNavLink'][href$='/{'' if path == DEFAULT_PAGE else path}'], "
                    f"[data-testid='stSidebarNavLink'][href$='/{'' if path == DEFAULT_PAGE else path}']"
                ).first.click()
                wait_done(page, before + 1)
            time.sleep(1.0)
            before_mib = _rss_mib(server)
            extra = new_context(browser)
            contexts.append(extra)
            tabs = [extra.new_page() for _ in range(sessions)]
            for tab in tabs:
                tab.goto(server.url + "/", wait_until="commit")
            for tab in tabs:
                wait_done(tab, 1)
            time.sleep(1.0)
            after_mib = _rss_mib(server)
            out[app] = {
                "rss_before_mib": before_mib,
                "rss_after_mib": after_mib,
                "sessions": sessions,
                "mib_per_session": (after_mib - before_mib) / sessions,
            }
        finally:
            for context in contexts:
                context.close()
            server.stop()
            server.remove_log()
        log(f"  memory {app}: {out[app]['mib_per_session']:.2f} MiB/session ({out[app]['rss_before_mib']:.0f} -> {out[app]['rss_after_mib']:.0f} MiB)")
    return out


# --- AppTest (in a subprocess per app, so the two apps never share a Streamlit runtime) ----

APPTEST_WORKER = r"""
import json, statistics, sys, time
from pathlib import Path
root, repeats = Path(sys.argv[1]), int(sys.argv[2])
sys.path.insert(0, str(root))
from streamlit.testing.v1 import AppTest
PAGES = ["assessment", "pain", "education", "prognosis", "evidence", "course"]
PATIENT = {"Age (years)": "70", "Height (cm)": "165", "Weight (kg)": "60", "Serum creatinine (mg/dL)": "1.0"}
at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
at.run()
notes = []
def by_label(kind, label):
    found = [w for w in getattr(at, kind) if w.label == label]
    return found[0] if found else None
if sys.argv[3] == "ours":
    for label, value in PATIENT.items():
        w = by_label("text_input", label)
        if w is None: notes.append(f"no number field {label!r}")
        else: w.set_value(value)
    for label, value in (("Sex", "female"), ("Current bortezomib dose (mg/m²)", "1.3")):
        w = by_label("radio", label)
        if w is None: notes.append(f"no radio {label!r}")
        else: w.set_value(value)
    at.run()
out = {"notes": notes, "pages": {}}
for name in PAGES:
    at.switch_page(f"pages/{name}.py").run()
    if name == "assessment" and sys.argv[3] == "ours":
        for label, value in (("Sensory neuropathy grade (CTCAE v5.0)", 2), ("Motor neuropathy grade (CTCAE v5.0)", 0)):
            w = by_label("radio", label)
            if w is None: notes.append(f"no radio {label!r}")
            else: w.set_value(value)
        at.run()
    if at.exception:
        notes.append(f"{name}: exception {at.exception[0].message[:200]}")
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - t) * 1000)
    out["pages"][name] = {"median_ms": statistics.median(samples), "samples_ms": samples}
print("@@JSON@@" + json.dumps(out))
"""


def measure_apptest(repeats: int) -> dict:
    out = {}
    for app, root in APPS.items():
        proc = subprocess.run(
            [python_for(ROOT), "-c", APPTEST_WORKER, str(root), str(repeats), app],
            cwd=root, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        marker = [line for line in proc.stdout.splitlines() if line.startswith("@@JSON@@")]
        if proc.returncode != 0 or not marker:
            raise RuntimeError(f"AppTest worker for {app} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
        out[app] = json.loads(marker[-1].removeprefix("@@JSON@@"))
        for note in out[app]["notes"]:
            log(f"  AppTest {app}: {note}")
    return out


def run_core_benches() -> dict:
    out = {}
    for name, script, result in (("core", "bench_core.py", "core.json"), ("search", "bench_search.py", "search.json")):
        log(f"\n== {script} ==")
        proc = subprocess.run([python_for(ROOT), str(ROOT / "bench" / script)], cwd=ROOT, text=True, capture_output=True)
        print(proc.stdout[-3000:], end="")
        if proc.returncode != 0:
            print(proc.stderr[-3000:])
            out[name] = {"error": f"exit {proc.returncode}"}
            continue
        path = RESULTS / result
        out[name] = json.loads(path.read_text()) if path.exists() else {"error": f"{result} not written"}
    return out


# --- report ---------------------------------------------------------------------------------


def ratio(ours: float | None, bare: float | None) -> float | None:
    return ours / bare if ours is not None and bare else None


def build_rows(res: dict) -> list[dict]:
    rows: list[dict] = []

    def row(figure: str, unit: str, ours, bare, budget: str, ok, floor=None) -> None:
        rows.append({"figure": figure, "unit": unit, "ours": ours, "bare": bare, "ratio": ratio(ours, bare), "static": floor, "budget": budget, "within_budget": ok})

    if "cold_start" in res:
        cs = res["cold_start"]
        o, b = median(cs["ours"]["health_s"]), median(cs["bare"]["health_s"])
        row("cold start to healthy", "s", o, b, f"<= {BUDGET['cold_start_ratio']}x bare", ratio(o, b) is not None and ratio(o, b) <= BUDGET["cold_start_ratio"])
        o, b = median(cs["ours"]["first_page_ready_s"]), median(cs["bare"]["first_page_ready_s"])
        row("cold start to first page ready", "s", o, b, "(info)", None)
    if "pages" in res:
        pg = res["pages"]
        for kind in ("cold", "warm"):
            for path in PAGES:
                o, b = median(pg["ours"][path][f"{kind}_ms"]), median(pg["bare"][path][f"{kind}_ms"])
                r = ratio(o, b)
                n = res.get("charts", {}).get("ours", {}).get(path)
                charts = f" ({n} chart{'s' if n != 1 else ''})" if n is not None else ""
                f = median(pg["static"][path][f"{kind}_ms"]) if "static" in pg else None
                row(f"page ready {kind} /{path if path != DEFAULT_PAGE else ''}{charts}", "ms", o, b, f"<= {BUDGET['page_ready_ratio']}x bare", r is not None and r <= BUDGET["page_ready_ratio"], f)
            o = median([median(pg["ours"][p][f"{kind}_ms"]) for p in PAGES])
            b = median([median(pg["bare"][p][f"{kind}_ms"]) for p in PAGES])
            f = median([median(pg["static"][p][f"{kind}_ms"]) for p in PAGES]) if "static" in pg else None
            r = ratio(o, b)
            row(f"page ready {kind}, median of pages", "ms", o, b, f"<= {BUDGET['page_ready_ratio']}x bare", r is not None and r <= BUDGET["page_ready_ratio"], f)
    if "interaction" in res:
        it = res["interaction"]
        f = median(it.get("static", []))
        if "bare_same" in it:  # the budget's comparison: a bare page redrawing as many elements
            o, b = median(it["ours"]), median(it["bare_same"])
            r = ratio(o, b)
            m = it["messages_per_change"]
            row(f"grade change -> dose action redrawn (warm; bare: {m['bare_same']} messages, ours {m['ours']})", "ms", o, b,
                f"<= {BUDGET['interaction_ratio']}x bare", r is not None and r <= BUDGET["interaction_ratio"], f)
        o, b = median(it["ours"]), median(it["bare"])
        row("grade change -> dose action redrawn (warm; bare page of 3 elements)", "ms", o, b, "(info)", None, f)
        if "visible" in it:  # the new action on screen, the rest of the answer perhaps still drawing
            v = it["visible"]
            row("grade change -> new dose action visible (warm; bare of 3)", "ms", median(v["ours"]), median(v["bare"]), "(info)", None)
    if "memory" in res:
        o, b = res["memory"]["ours"]["mib_per_session"], res["memory"]["bare"]["mib_per_session"]
        row(f"server memory per extra session (N={res['memory']['ours']['sessions']})", "MiB", o, b, f"< {BUDGET['memory_mb_per_session']} MB", o < BUDGET["memory_mb_per_session"])
    if "apptest" in res:
        at = res["apptest"]
        for path in PAGES:
            o, b = at["ours"]["pages"][path]["median_ms"], at["bare"]["pages"][path]["median_ms"]
            row(f"AppTest warm run pages/{path}.py", "ms", o, b, f"< {BUDGET['apptest_warm_ms']:.0f} ms", o < BUDGET["apptest_warm_ms"])
    core = res.get("core", {})
    if "assessment_ms_median" in core.get("core", {}):
        c = core["core"]
        row("bipn.bedside_plan (bench_core)", "ms", c["assessment_ms_median"], None, f"< {c.get('budget_ms_median', 1.0)} ms", c["assessment_ms_median"] < c.get("budget_ms_median", 1.0))
        row("import bipn (bench_core)", "ms", c["import_bipn_ms_median"], None, "(info)", None)
    if "latency_median_ms" in core.get("search", {}):
        s = core["search"]
        row("search latency (bench_search)", "ms", s["latency_median_ms"], None, "(info)", None)
    return rows


def fmt(value, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.2f} MiB"
    return f"{value:.1f} ms" if value < 1000 else f"{value:,.0f} ms"


def print_table(rows: list[dict]) -> None:
    w = max(len(r["figure"]) for r in rows)
    header = f"{'figure':<{w}}  {'ours':>11}  {'bare':>11}  {'ours/bare':>9}  {'static':>9}  {'budget':<16} verdict"
    print("\n" + header)
    print("-" * len(header))
    for r in rows:
        verdict = {True: "ok", False: "OVER", None: ""}[r["within_budget"]]
        rt = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
        floor = fmt(r.get("static"), r["unit"])
        print(f"{r['figure']:<{w}}  {fmt(r['ours'], r['unit']):>11}  {fmt(r['bare'], r['unit']):>11}  {rt:>9}  {floor:>9}  {r['budget']:<16} {verdict}")


def chromium_version() -> str:
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return "missing"


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="repeats per browser figure (default 5)")
    parser.add_argument("--reloads", type=int, default=3, help="warm reloads per repeat and page (default 3)")
    parser.add_argument("--sessions", type=int, default=10, help="extra sessions for the memory figure (default 10)")
    parser.add_argument("--apptest-runs", type=int, default=30, help="timed AppTest runs per page (default 30)")
    parser.add_argument("--quick", action="store_true", help="2 repeats, 10 AppTest runs: a quick look, not a measurement")
    parser.add_argument("--skip-core", action="store_true", help="skip bench_core.py and bench_search.py")
    parser.add_argument("--skip-browser", action="store_true", help="AppTest only")
    args = parser.parse_args()
    if args.quick:
        args.repeats, args.apptest_runs = 2, 10

    import streamlit

    sync_bare_config()
    started = dt.datetime.now()
    res: dict = {
        "started": started.isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                    "streamlit": streamlit.__version__, "chromium": chromium_version()},
        "parameters": {"repeats": args.repeats, "reloads": args.reloads, "sessions": args.sessions, "apptest_runs": args.apptest_runs},
        "budgets": BUDGET,
    }  # fmt: skip

    if not args.skip_core:
        res["core"] = run_core_benches()

    log("\n== AppTest warm script runs ==")
    res["apptest"] = measure_apptest(args.apptest_runs)

    if not args.skip_browser:
        if not Path(CHROMIUM).exists():
            sys.exit(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                log("\n== cold start ==")
                res["cold_start"] = measure_cold_start(args.repeats, browser)
                servers = {app: StreamlitServer(root, script=SCRIPTS[app], name=f"{app}-bench").start() for app, root in APPS.items()}
                static_server = static.StaticServer().start()
                try:
                    for server in servers.values():
                        server.wait_healthy(60)
                    for server in servers.values():  # one visit to the root URL: app.py's router has run
                        context = new_context(browser)
                        page = context.new_page()
                        page.goto(server.url + "/", wait_until="commit")
                        wait_done(page, 1)
                        context.close()
                    log("\n== charts per page ==")
                    snapshots: dict[str, str] = {}
                    res["charts"] = count_charts(browser, servers, snapshots)
                    statics = {path: static_server.put(f"/{path}", html) for path, html in snapshots.items()}
                    log("\n== page ready ==")
                    res["pages"] = measure_pages(args.repeats, browser, servers, res["charts"], statics, args.reloads)
                    log("\n== interaction ==")
                    res["interaction"] = measure_interaction(args.repeats, browser, servers, static_server)
                finally:
                    static_server.stop()
                    for server in servers.values():
                        server.stop()
                        server.remove_log()
                log("\n== memory per session ==")
                res["memory"] = measure_memory(args.sessions, browser)
            finally:
                browser.close()

    res["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    res["table"] = build_rows(res)
    print_table(res["table"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%S")
    text = json.dumps(res, indent=2, default=str)
    (RESULTS / f"{stamp}.json").write_text(text)
    (RESULTS / "latest.json").write_text(text)
    print(f"\nwrote bench/results/{stamp}.json and bench/results/latest.json")
    return res


if __name__ == "__main__":
    main()
