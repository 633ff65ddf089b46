"""Time the offline search: index build once, then every test question many times.

    .venv/bin/python bench/bench_search.py [--repeats N]

Prints a table (rank of the expected item, median and p95 per question), the overall median
and p95, the ranking shares, and the evidence behind the "nothing matches well" threshold
(best score and coverage of the test questions vs off-topic ones). Writes
bench/results/search.json (git-ignored).
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CASES = ROOT / "tests" / "unit" / "search_cases.toml"
OUT = ROOT / "bench" / "results" / "search.json"

# Off-topic questions: the search must return nothing for these.
OFF_TOPIC = tomllib.loads(CASES.read_text(encoding="utf-8"))["off_topic"]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100)."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def best_raw(question: str) -> tuple[float, float, int]:
    """Best score before the threshold, and the best coverage (share, words answered) among
    the items the threshold looks at."""
    mod = importlib.import_module("bipn.lookup.retrieval")
    idx = mod._index()
    q = mod._query(question, idx)
    scores: dict[int, float] = {}
    for weight, terms in q.clauses:
        best: dict[int, float] = {}
        for term in terms:
            for doc, sc in idx.postings.get(term, {}).items():
                best[doc] = max(best.get(doc, 0.0), sc)
        for doc, sc in best.items():
            scores[doc] = scores.get(doc, 0.0) + weight * sc
    if not scores:
        return 0.0, 0.0, 0
    kw = mod.KIND_WEIGHT_WANTS_REFERENCE if q.wants_reference else mod.KIND_WEIGHT
    ranked = sorted(((sc * kw.get(idx.kinds[d], 1.0), d) for d, sc in scores.items()), key=lambda p: (-p[0], p[1]))
    share, count = max(mod._coverage(q, d, idx) for _, d in ranked[: mod.COVERAGE_CANDIDATES])
    return ranked[0][0], share, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=300, help="timed calls per question (default 300)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    # import_module returns the module even though the package exports a function of the same name.
    mod = importlib.import_module("bipn.lookup.retrieval")
    import_ms = (time.perf_counter() - t0) * 1000

    t0 = time.perf_counter()
    mod._index()
    cold_build_ms = (time.perf_counter() - t0) * 1000  # includes parsing the content TOML

    warm = []
    for _ in range(10):
        mod._index.cache_clear()
        mod._lexicon.cache_clear()
        t0 = time.perf_counter()
        mod._index()
        warm.append((time.perf_counter() - t0) * 1000)
    warm_build_ms = statistics.median(warm)

    cases = tomllib.loads(CASES.read_text(encoding="utf-8"))["case"]
    rows = []
    all_ms: list[float] = []
    for case in cases:
        q = case["question"]
        mod.search(q)  # warm
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            results = mod.search(q)
            times.append((time.perf_counter() - t0) * 1000)
        all_ms += times
        ids = [r.id for r in results]
        rank = ids.index(case["expected"]) + 1 if case["expected"] in ids else None
        raw, share, count = best_raw(q)
        rows.append(
            {
                "question": q,
                "expected": case["expected"],
                "rank": rank,
                "top": ids[0] if ids else None,
                "median_ms": statistics.median(times),
                "p95_ms": percentile(times, 95),
                "best_score": raw,
                "coverage": share,
                "words_answered": count,
            }
        )

    negatives = []
    for q in OFF_TOPIC:
        raw, share, count = best_raw(q)
        negatives.append({"question": q, "results": len(mod.search(q)), "best_score": raw, "coverage": share, "words_answered": count})

    n = len(rows)
    top1 = sum(r["rank"] == 1 for r in rows) / n
    top3 = sum(r["rank"] is not None and r["rank"] <= 3 for r in rows) / n
    print(f"{'question':52} {'rank':>4} {'median ms':>10} {'p95 ms':>8} {'score':>6} {'cover':>6}")
    for r in rows:
        rank = str(r["rank"]) if r["rank"] else "-"
        print(f"{r['question'][:52]:52} {rank:>4} {r['median_ms']:10.3f} {r['p95_ms']:8.3f} {r['best_score']:6.1f} {r['coverage']:6.2f}")
    print()
    print(f"questions: {n}, repeats each: {args.repeats}")
    print(f"import bipn.lookup.retrieval: {import_ms:.1f} ms (includes the bipn package)")
    print(f"index build: cold {cold_build_ms:.1f} ms (includes reading the content TOML), warm {warm_build_ms:.1f} ms")
    print(f"answer latency over all calls: median {statistics.median(all_ms):.3f} ms, p95 {percentile(all_ms, 95):.3f} ms")
    print(f"ranked first: {top1:.0%}, in the top three: {top3:.0%}")
    found = [r for r in rows if r["rank"]]
    print(
        "threshold evidence: test questions' lowest best score "
        f"{min(r['best_score'] for r in found):.2f}, lowest coverage {min(r['coverage'] for r in found):.2f} "
        f"(MIN_SCORE {mod.MIN_SCORE}, MIN_COVERAGE {mod.MIN_COVERAGE}, MIN_WORDS {mod.MIN_WORDS})"
    )
    for r in negatives:
        print(
            f"  off-topic {r['question']!r}: best score {r['best_score']:.2f}, "
            f"coverage {r['coverage']:.2f}, words {r['words_answered']} -> {r['results']} results"
        )

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "repeats": args.repeats,
                "import_ms": import_ms,
                "index_build_cold_ms": cold_build_ms,
                "index_build_warm_ms": warm_build_ms,
                "latency_median_ms": statistics.median(all_ms),
                "latency_p95_ms": percentile(all_ms, 95),
                "top1_share": top1,
                "top3_share": top3,
                "threshold": {
                    "min_score": mod.MIN_SCORE,
                    "min_coverage": mod.MIN_COVERAGE,
                    "min_words": mod.MIN_WORDS,
                    "coverage_candidates": mod.COVERAGE_CANDIDATES,
                    "relative_floor": mod.RELATIVE_FLOOR,
                },
                "questions": rows,
                "off_topic": negatives,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
