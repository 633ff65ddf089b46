"""What Streamlit itself costs per element redrawn: the bare app's radio change with 0 to 60
extra elements on the page, measured as bench/run.py measures "grade change -> dose action
redrawn" (the choosing key down -> the rerun finished and its result drawn, in real Chromium).

Run:  .venv/bin/python bench/floor.py          (about 2 minutes)
      options: --counts 0 15 30 45 60  --changes 12

Prints the median per element count and a least-squares line (ms = a + b x elements), and
writes bench/results/floor-latest.json. It shows how much of our grade change is Streamlit
drawing the elements of the answer (count them: tests/app report the assessment page's
elements) rather than our code: compare our figure from bench/run.py with the line at our
element count. Timings on a shared 2-core machine are noisy: compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics

from run import BARE, CHROMIUM, CHROMIUM_ARGS, RESULTS, StreamlitServer, log, new_context, sync_bare_config, timed_change, wait_done


def measure(browser, count: int, changes: int) -> list[float]:
    """Milliseconds from the key to the redrawn result, for `changes` timed radio changes."""
    os.environ["BARE_EXTRA_ELEMENTS"] = str(count)
    server = StreamlitServer(BARE, name=f"floor-{count}").start()
    try:
        server.wait_healthy(60)
        context = new_context(browser)
        page = context.new_page()
        page.goto(server.url + "/", wait_until="commit")
        wait_done(page, 1)
        out = []
        for i in range(-2, changes):  # two untimed changes first
            option = "2" if i % 2 == 0 else "1"
            _, done = timed_change(page, "Value", option, "[data-testid='stMarkdown']", f"Selected: {option}")
            if i >= 0:
                out.append(done)
        context.close()
        return out
    finally:
        os.environ.pop("BARE_EXTRA_ELEMENTS", None)
        server.stop()
        server.remove_log()


def line(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares intercept (ms) and slope (ms per element)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return my - slope * mx, slope


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[0, 15, 30, 45, 60])
    parser.add_argument("--changes", type=int, default=12)
    args = parser.parse_args()
    sync_bare_config()
    from playwright.sync_api import sync_playwright

    medians: dict[int, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for count in args.counts:
                medians[count] = statistics.median(measure(browser, count, args.changes))
                log(f"  {count:3d} extra elements: {medians[count]:.0f} ms")
        finally:
            browser.close()
    a, b = line(list(medians.items()))
    log(f"\nbare radio change = {a:.0f} ms + {b:.2f} ms per extra element redrawn")
    res = {"medians_ms": medians, "intercept_ms": a, "ms_per_element": b, "changes": args.changes}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "floor-latest.json").write_text(json.dumps(res, indent=2))
    return res


if __name__ == "__main__":
    main()
