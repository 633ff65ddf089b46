"""Benchmark the clinical core: a full bedside assessment, and what `import bipn` costs.

Run: .venv/bin/python bench/bench_core.py   (writes bench/results/core.json)

A full bedside assessment = validate the patient, grade, dose action, dose and volume,
Cockcroft-Gault, the analgesic plan, cautions and work-up (bipn.bedside_plan). Budget from
the clinical-core issue: median under 1 ms, and `import bipn` must not import pandas/altair.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "results" / "core.json"

import bipn  # noqa: E402 - after sys.path gets the repository root

PATIENTS = [
    dict(age_years=70, sex="female", height_cm=165, weight_kg=60, scr_mg_dl=1.0, dose_mg_m2=1.3, route="sc", schedule="twice_weekly", product="velcade"),
    dict(age_years=82, sex="male", height_cm=178, weight_kg=90, scr_umol_l=310, dose_mg_m2=1.0, route="iv", schedule="weekly", product="velcade", on_hemodialysis=True, hepatic="severe", current_medications=("tramadol", "sertraline", "vitamin_c")),
    dict(age_years=55, sex="female", height_cm=160, weight_kg=52, scr_mg_dl=0.7, dose_mg_m2=0.7, route="sc", schedule="weekly", product="other", concentration_mg_ml=2.5),
]
FINDINGS = [bipn.Findings(sensory_grade=g, motor_grade=m, neuropathic_pain=p) for g in range(1, 5) for m in (0, 1) for p in (False, True)]


def assessment(raw: dict, findings: bipn.Findings) -> bipn.BedsidePlan:
    return bipn.bedside_plan(bipn.Patient(**raw), findings)


def time_assessments(repeats: int = 300) -> list[float]:
    for raw in PATIENTS:  # warm the reference-data caches once, as a running server has
        assessment(raw, FINDINGS[0])
    samples = []
    for _ in range(repeats):
        for raw in PATIENTS:
            for f in FINDINGS:
                t0 = time.perf_counter()
                assessment(raw, f)
                samples.append(time.perf_counter() - t0)
    return samples


def import_cost() -> dict:
    code = (
        "import sys, time; t = time.perf_counter(); import bipn; dt = time.perf_counter() - t;"
        "print(dt, 'pandas' in sys.modules, 'altair' in sys.modules, 'streamlit' in sys.modules)"
    )
    runs = [subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split() for _ in range(5)]
    return {
        "import_bipn_ms_median": statistics.median(float(r[0]) for r in runs) * 1000,
        "imports_pandas": runs[0][1] == "True",
        "imports_altair": runs[0][2] == "True",
        "imports_streamlit": runs[0][3] == "True",
    }


def main() -> dict:
    samples = time_assessments()
    ms = sorted(s * 1000 for s in samples)
    result = {
        "assessments": len(ms),
        "assessment_ms_median": statistics.median(ms),
        "assessment_ms_p95": ms[int(0.95 * len(ms))],
        "budget_ms_median": 1.0,
        **import_cost(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2))
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value:.3f}" if isinstance(value, float) else f"{key:<{width}}  {value}")
    return result


if __name__ == "__main__":
    main()
