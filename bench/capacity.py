"""Capacity: concurrent bedside sessions through haproxy, for 1 and 2 replicas, ours and bare.

Run:  .venv/bin/python bench/capacity.py            (about 6 minutes on 2 cores)
      .venv/bin/python bench/capacity.py --quick    (about 2 minutes; for a look)
      options: --sessions 1,5,10,15,20,30  --seconds 5  --rounds 2  --think 0

Each session is a WebSocket client speaking Streamlit's own protocol (BackMsg / ForwardMsg
protobufs on /_stcore/stream), as the browser does: it loads the default page, enters a patient
(one full script run), then loops over the bedside actions, each sent as a rerun with all the
session's widget values, the way the frontend sends them:

- ours (app.py): sensory grade and motor grade on the assessment page (fragment runs, as in
  the browser: the grading is an st.fragment), and the weight in the sidebar (full run);
- bare (bench/bare/app.py): its selectbox (full run).

A script-run time is: rerun sent -> the script_finished message of that run. Sessions run in a
closed loop (the next action as soon as the last one finished, plus a pause of --think
seconds on average, spread at random so that users with a pause do not act in step), all at
once, for --seconds after all have set up; the figure is p95 over every run of every session,
pooled over --rounds. All six routes (ours and bare; 1 replica direct, 1 and 2 replicas through
the proxy) run side by side and are measured in turn, in an order that changes each round, so
that other work on the machine weighs on all of them alike.
The capacity is the number of such sessions at which p95 reaches 0.5 s (linear between the
measured counts), divided by the replicas (one Streamlit process uses one core at most).
"direct" is one replica without the proxy: how the app is served today.

Prints a table and writes bench/results/capacity-latest.json. Loopback only; every loop has a
deadline, and the clusters are stopped at the end. Benchmarks are measurements, not tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import BARE, RESULTS, sync_bare_config  # noqa: E402 - after sys.path gets the repository root
from deploy.cluster import Cluster, free_port  # noqa: E402 - after sys.path gets the repository root
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402 - after sys.path gets the repository root
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402 - after sys.path gets the repository root
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402 - after sys.path gets the repository root

P95_TARGET_S = 0.5
EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
WIDGETS = ("selectbox", "number_input", "text_input", "radio", "checkbox")

# (label, value): a number, text typed into a field, or the start of a selectbox/radio option.
PATIENT = [("Age (years)", "70"), ("Sex", "female"), ("Height (cm)", "165"), ("Weight (kg)", "60"),
           ("Current bortezomib dose (mg/m²)", "1.3"), ("Serum creatinine (mg/dL)", "1.0")]  # fmt: skip
SCENARIOS = {
    "ours": {
        "setup": PATIENT + [("Sensory neuropathy grade (CTCAE v5.0)", "2"), ("Motor neuropathy grade (CTCAE v5.0)", "0")],
        "loop": [[("Sensory neuropathy grade (CTCAE v5.0)", g)] for g in ("1", "3", "2")]
        + [[("Motor neuropathy grade (CTCAE v5.0)", "1")], [("Motor neuropathy grade (CTCAE v5.0)", "0")]]
        + [[("Weight (kg)", w)] for w in ("61", "60")],
    },
    "bare": {"setup": [("Value", "1")], "loop": [[("Value", v)] for v in ("2", "3", "1")]},
}


@dataclass
class Widget:
    """A widget as the server drew it: its kind, id, options and the fragment it lives in."""

    kind: str
    id: str
    options: list[str]
    fragment_id: str


@dataclass
class StSession:
    """One browser tab's worth of protocol: a WebSocket and the widget values it holds."""

    ws: ClientConnection
    page_hash: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)
    states: dict[str, WidgetState] = field(default_factory=dict)

    @classmethod
    async def open(cls, base: str) -> StSession:
        """Open the session's WebSocket from the page's own origin, as the browser does."""
        host = base.removeprefix("http://")
        ws = await connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=f"http://{host}",
                           max_size=None, open_timeout=30, ping_interval=None)  # fmt: skip
        return cls(ws)

    def _state(self, label: str, value: object) -> WidgetState:
        """The WidgetState the frontend would send for this label set to value."""
        w = self.widgets[label]
        s = WidgetState(id=w.id)
        if w.kind == "number_input":
            s.double_value = float(value)  # type: ignore[arg-type]
        elif w.kind == "text_input":
            s.string_value = str(value)
        elif w.kind == "checkbox":
            s.bool_value = bool(value)
        else:
            s.string_value = next(o for o in w.options if o.startswith(str(value)))
        return s

    async def rerun(self, changes: list[tuple[str, object]] | None = None, timeout_s: float = 60) -> float:
        """Send one rerun with these widget changes; seconds until its script_finished."""
        fragment = ""
        for label, value in changes or []:
            self.states[self.widgets[label].id] = self._state(label, value)
            fragment = self.widgets[label].fragment_id if len(changes or []) == 1 else ""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.page_script_hash = self.page_hash
        cs.fragment_id = fragment
        cs.widget_states.widgets.extend(self.states.values())
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        async with asyncio.timeout(timeout_s):
            while True:
                fwd = ForwardMsg.FromString(await self.ws.recv())
                kind = fwd.WhichOneof("type")
                if kind == "script_finished" and fwd.script_finished != EARLY:
                    return time.perf_counter() - t0
                if kind == "new_session":
                    self.page_hash = fwd.new_session.page_script_hash
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    self._learn(fwd)

    def _learn(self, fwd: ForwardMsg) -> None:
        """Remember a widget drawn by the server (ids can change between runs)."""
        el = fwd.delta.new_element
        kind = el.WhichOneof("type")
        if kind in WIDGETS:
            w = getattr(el, kind)
            self.widgets[w.label] = Widget(kind, w.id, list(getattr(w, "options", [])), fwd.delta.fragment_id)

    async def close(self) -> None:
        """Close the WebSocket (the server ends the session)."""
        await self.ws.close()


@dataclass
class Step:
    """One measurement: sessions set up, then released together until stop_at."""

    sessions: int
    setup_left: int = 0
    stop_at: float = float("inf")
    go: asyncio.Event = field(default_factory=asyncio.Event)
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def session_loop(base: str, scenario: dict, step: Step, think_s: float, setup_timeout_s: float) -> None:
    """Open, load the page, set up, wait for the others, then loop until step.stop_at."""
    try:
        s = await StSession.open(base)
        await s.rerun()
        await s.rerun(scenario["setup"])
    except Exception as exc:  # noqa: BLE001 - reported, never hidden
        step.errors.append(f"setup: {type(exc).__name__}: {exc}")
        return
    finally:
        step.setup_left -= 1
    try:
        await asyncio.wait_for(step.go.wait(), setup_timeout_s)
        if think_s:  # users do not act in step: spread the first actions over one pause
            await asyncio.sleep(random.uniform(0, think_s))
        i = 0
        while time.perf_counter() < step.stop_at:
            took = await s.rerun(scenario["loop"][i % len(scenario["loop"])])
            if time.perf_counter() <= step.stop_at:
                step.times.append(took)
            i += 1
            if think_s:
                await asyncio.sleep(random.uniform(0.5, 1.5) * think_s)
    except Exception as exc:  # noqa: BLE001 - a client that fails for any reason is counted, not fatal
        step.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        await s.close()


def pct(values: list[float], q: float) -> float | None:
    """The q-quantile (0..1) of values, nearest rank; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


async def measure(base: str, scenario: dict, sessions: int, seconds: float, think_s: float) -> dict:
    """`sessions` sessions at once for `seconds`, after all of them have set up."""
    step = Step(sessions, setup_left=sessions)
    setup_timeout_s = 30 + 2 * sessions
    tasks = [asyncio.create_task(session_loop(base, scenario, step, think_s, setup_timeout_s)) for _ in range(sessions)]
    t_setup = time.perf_counter()
    while step.setup_left > 0 and time.perf_counter() - t_setup < setup_timeout_s:
        await asyncio.sleep(0.05)
    step.stop_at = time.perf_counter() + seconds
    cpu0 = time.process_time()
    step.go.set()
    await asyncio.wait(tasks, timeout=seconds + 90)
    for t in tasks:
        t.cancel()
    return summary(sessions, step.times, seconds, step.errors, (time.process_time() - cpu0) / seconds)


def summary(sessions: int, times: list[float], seconds: float, errors: list[str], client_cores: float) -> dict:
    """Figures for one count from the run times of every session (and rounds, pooled)."""
    runs = len(times)
    return {
        "times": times,
        "load_generator_cores": client_cores,
        "machine_load_1min": os.getloadavg()[0],  # other work on the machine shows here
        "sessions": sessions,
        "runs": runs,
        "runs_per_s": runs / seconds,
        "p50_s": pct(times, 0.5),
        "p95_s": pct(times, 0.95),
        "max_s": max(times, default=None),
        "errors": errors[:5],
        "error_count": len(errors),
    }


def pooled(points: list[dict], seconds: float) -> dict:
    """One count's rounds as one measurement: all run times together."""
    times = [t for p in points for t in p["times"]]
    errors = [e for p in points for e in p["errors"]]
    cores = sum(p["load_generator_cores"] for p in points) / len(points)
    merged = summary(points[0]["sessions"], times, seconds * len(points), errors, cores)
    merged["error_count"] = sum(p["error_count"] for p in points)
    merged["machine_load_1min"] = sum(p["machine_load_1min"] for p in points) / len(points)
    merged["rounds"] = len(points)
    del merged["times"]
    return merged


def capacity(points: list[dict], target_s: float = P95_TARGET_S) -> tuple[float | None, str]:
    """Sessions at which p95 reaches target_s: the largest measured count still under it,
    interpolated linearly toward the next count; and a note."""
    pts = [(p["sessions"], p["p95_s"]) for p in points if p["p95_s"] is not None and not p["error_count"]]
    under = [i for i, (_, p95) in enumerate(pts) if p95 <= target_s]
    if not under:
        return None, f"p95 over {target_s} s at every count" if pts else "no data"
    i = under[-1]
    if i == len(pts) - 1:
        return float(pts[i][0]), f"at least: p95 still under {target_s} s at {pts[i][0]}"
    (n0, p0), (n1, p1) = pts[i], pts[i + 1]
    return n0 + (n1 - n0) * (target_s - p0) / (p1 - p0), "interpolated"


@dataclass
class Route:
    """One way to reach one app: through the proxy to N replicas, or one replica directly."""

    app: str
    route: str
    replicas: int
    base: str
    measured: dict[int, list[dict]] = field(default_factory=dict)
    done: bool = False


def run_all(counts: list[int], seconds: float, rounds: int, think_s: float) -> list[dict]:
    """Start ours and bare with 1 and 2 replicas at once; measure every route at each count,
    in rounds that change the order, so background load on the machine hits all alike."""
    clusters = {(app, n): Cluster(replicas=n, bind=f"127.0.0.1:{free_port()}", app_dir=BARE if app == "bare" else ROOT)
                for app in ("ours", "bare") for n in (1, 2)}  # fmt: skip
    try:
        for c in clusters.values():
            c.start()
        for c in clusters.values():
            c.wait_ready()
        routes = []
        for app in ("ours", "bare"):
            routes.append(Route(app, "proxy", 1, clusters[(app, 1)].url))
            routes.append(Route(app, "direct", 1, clusters[(app, 1)].members[0].url))
            routes.append(Route(app, "proxy", 2, clusters[(app, 2)].url))
        for r in routes:
            asyncio.run(measure(r.base, SCENARIOS[r.app], 2, 2.0, think_s))  # warm-up, not counted
        for n in counts:
            for k in range(rounds):
                order = routes[k % len(routes):] + routes[: k % len(routes)]
                for r in order if k % 2 == 0 else reversed(order):
                    if not r.done:
                        r.measured.setdefault(n, []).append(asyncio.run(measure(r.base, SCENARIOS[r.app], n, seconds, think_s)))
            for r in routes:
                if r.done:
                    continue
                p = pooled(r.measured[n], seconds)
                r.measured[n] = [p]
                log(f"{r.app:4} {r.route:6} replicas={r.replicas} sessions={n:3}: p50 {fmt(p['p50_s'])} p95 {fmt(p['p95_s'])} s, "
                    f"{p['runs_per_s']:.1f} runs/s, load {p['machine_load_1min']:.1f}"
                    + (f", {p['error_count']} errors: {p['errors'][:1]}" if p["error_count"] else ""))  # fmt: skip
                r.done = p["p95_s"] is None or p["p95_s"] > 3 * P95_TARGET_S  # far past it: stop
    finally:
        for c in clusters.values():
            c.stop()
    rows = []
    for r in routes:
        points = [ps[0] for ps in r.measured.values()]
        cap, note = capacity(points)
        rows.append({"app": r.app, "route": r.route, "replicas": r.replicas, "points": points, "capacity_sessions": cap,
                     "sessions_per_core": None if cap is None else cap / r.replicas, "note": note})  # fmt: skip
    return rows


def fmt(v: float | None, digits: int = 3) -> str:
    """A number for the table, '-' for none."""
    return "-" if v is None else f"{v:.{digits}f}"


def log(msg: str) -> None:
    """Progress on stderr."""
    print(msg, file=sys.stderr, flush=True)


def print_table(rows: list[dict]) -> None:
    """One line per app and route: single-session run time, peak throughput, capacity."""
    print(f"\n{'app':5} {'route':7} {'replicas':>8} {'1-session p50':>14} {'runs/s (max)':>13} "
          f"{'sessions @p95 0.5s':>19} {'per core':>9}")  # fmt: skip
    for r in rows:
        one = next((p for p in r["points"] if p["sessions"] == 1), None)
        peak = max(p["runs_per_s"] for p in r["points"])
        cap = r["capacity_sessions"]
        print(f"{r['app']:5} {r['route']:7} {r['replicas']:>8} {fmt(one and one['p50_s']):>14} {peak:>13.1f} "
              f"{fmt(cap, 1):>19} {fmt(r['sessions_per_core'], 1):>9}  {r['note'] if r['note'] != 'interpolated' else ''}")  # fmt: skip
    direct = next((r for r in rows if r["app"] == "ours" and r["route"] == "direct"), None)
    for r in rows:
        if direct is None or r["app"] != "ours" or r["route"] != "proxy":
            continue
        per_replica = max(p["runs_per_s"] for p in r["points"]) / r["replicas"]
        today = max(p["runs_per_s"] for p in direct["points"])
        print(f"ours through the proxy, {r['replicas']} replica(s): {per_replica:.1f} runs/s per replica at most, "
              f"vs {today:.1f} for one process served directly (today): x{per_replica / today:.2f}")  # fmt: skip
    print("\nper-count detail (p50 / p95 seconds, runs/s; load generator's CPU in cores; 1-min load average):")
    for r in rows:
        detail = "  ".join(f"{p['sessions']}: {fmt(p['p50_s'], 2)}/{fmt(p['p95_s'], 2)} {p['runs_per_s']:.0f}/s cpu {p['load_generator_cores']:.2f} load {p['machine_load_1min']:.1f}" for p in r["points"])
        print(f"  {r['app']:4} {r['route']:6} x{r['replicas']}  {detail}")


def main() -> dict:
    """Measure every configuration, print the table, write the JSON."""
    ap = argparse.ArgumentParser(description="Capacity of the production profile (bench/capacity.py)")
    ap.add_argument("--quick", action="store_true", help="fewer counts, shorter steps")
    ap.add_argument("--sessions", default=None, help="comma-separated session counts (default 1,5,10,15,20,30)")
    ap.add_argument("--seconds", type=float, default=None, help="measured seconds per count and round (default 5; quick 3)")
    ap.add_argument("--rounds", type=int, default=None, help="rounds per count, pooled (default 2; quick 1)")
    ap.add_argument("--think", type=float, default=0.0, help="seconds a session waits between actions")
    args = ap.parse_args()
    counts = [int(c) for c in (args.sessions or ("1,5,10,20" if args.quick else "1,5,10,15,20,30")).split(",")]
    if max(counts) > 60:
        ap.error("at most 60 sessions (a bounded load test on loopback)")
    seconds = args.seconds or (3.0 if args.quick else 5.0)
    rounds = args.rounds or (1 if args.quick else 2)
    sync_bare_config()
    rows: list[dict] = []
    t0 = time.perf_counter()
    rows += run_all(counts, seconds, rounds, args.think)
    print_table(rows)
    result = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cores": os.cpu_count(), "seconds_per_count": seconds, "rounds": rounds,
              "think_s": args.think, "p95_target_s": P95_TARGET_S, "rows": rows, "wall_s": time.perf_counter() - t0}  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "capacity-latest.json").write_text(json.dumps(result, indent=2))
    log(f"wrote {RESULTS / 'capacity-latest.json'} ({result['wall_s']:.0f} s)")
    return result


if __name__ == "__main__":
    main()
