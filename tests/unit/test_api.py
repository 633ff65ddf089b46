"""The public API of ``bipn``: its names, and that the clinical core stays free of the UI."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import bipn

PACKAGE_DIR = Path(bipn.__file__).resolve().parent

# Pinned: changing the public API must change this list on purpose.
EXPECTED_ALL = sorted(
    [
        "Action",
        "AnalgesicOption",
        "Audience",
        "BedsidePlan",
        "CONTENT_VERSION",
        "Card",
        "Citation",
        "Confirmation",
        "DISCLAIMER",
        "PATIENT_NOTICE",
        "DoseAction",
        "DoseAmount",
        "Figure",
        "Findings",
        "GuidedGrade",
        "Hepatic",
        "InputError",
        "KidneyFunction",
        "MedicationList",
        "Nerve",
        "PainPlan",
        "Patient",
        "body_slip",
        "Pending",
        "Provenance",
        "REVIEW_DATE",
        "Reference",
        "Restart",
        "Route",
        "Schedule",
        "SearchResult",
        "Severity",
        "Sex",
        "WeightBasis",
        "agents",
        "analgesic_plan",
        "bedside_plan",
        "bsa_mosteller",
        "chart_alt_text",
        "chart_caption",
        "chart_image",
        "chart_names",
        "chart_spec",
        "chart_table",
        "creatinine_clearance",
        "ctcae",
        "dose_action",
        "dose_amount",
        "dose_levels",
        "field_errors",
        "field_label",
        "figures",
        "figures_frame",
        "format_dose",
        "guided_grade",
        "handout",
        "handout_heading",
        "medicine_line",
        "patient_sources",
        "handout_pdf",
        "incidence_chart",
        "kidney_function",
        "known_medications",
        "medication_name",
        "medication_suggestions",
        "pain_plan",
        "parse_number",
        "patient_frequency",
        "products",
        "reference",
        "references",
        "restart_after_withhold",
        "resolve_medications",
        "restart_plan",
        "reversibility_chart",
        "reading_order",
        "rule_card",
        "rules",
        "search",
        "sections",
        "time_to_improvement_chart",
        "wilson_interval",
        "with_patient_day",
    ]
)


def test_all_is_pinned():
    assert sorted(bipn.__all__) == EXPECTED_ALL


def test_all_has_no_duplicates():
    assert len(bipn.__all__) == len(set(bipn.__all__))


# Lazy names import pandas/altair/fpdf: resolve them all in one subprocess so this test
# process (and the "import stays light" check) are not affected.
@pytest.fixture(scope="module")
def resolution_errors() -> dict[str, str]:
    code = (
        "import json, bipn\n"
        "errors = {}\n"
        f"for name in {EXPECTED_ALL!r}:\n"
        "    try:\n"
        "        assert getattr(bipn, name) is not None\n"
        "    except Exception as exc:\n"
        "        errors[name] = f'{type(exc).__name__}: {exc}'\n"
        "print(json.dumps(errors))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", EXPECTED_ALL)
def test_every_public_name_resolves(name, resolution_errors):
    assert name not in resolution_errors, f"bipn.{name} does not resolve: {resolution_errors.get(name)}"


def test_contract_names_are_callables_and_types():
    assert issubclass(bipn.InputError, ValueError)
    for fn in ("bsa_mosteller", "creatinine_clearance", "dose_action", "analgesic_plan", "handout", "dose_amount", "wilson_interval", "agents"):
        assert callable(getattr(bipn, fn)), fn
    assert {a.value for a in bipn.Action} == {"continue", "reduce", "withhold", "discontinue"}
    assert issubclass(bipn.Action, str)


def test_dir_lists_public_names():
    assert set(EXPECTED_ALL) <= set(dir(bipn))


def test_import_bipn_is_light():
    """A fresh interpreter: `import bipn` (and the core calls) must not pull pandas, altair or streamlit."""
    code = (
        "import sys, bipn\n"
        "bipn.dose_action(sensory_grade=2, neuropathic_pain=False, current_dose_mg_m2=1.3)\n"
        "bipn.analgesic_plan(crcl_ml_min=50)\n"
        "bipn.handout('patient')\n"
        "heavy = sorted(m for m in ('pandas', 'altair', 'streamlit') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"import bipn loaded: {proc.stdout.strip()}"


def _imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call):
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                roots.add(node.args[0].value.split(".")[0])
    return roots


def test_source_scan_finds_imports():
    tree = ast.parse("import streamlit as st\nfrom streamlit.x import y\nimportlib.import_module('streamlit')\n")
    assert _imported_roots(tree) == {"streamlit"}


def test_no_bipn_module_imports_streamlit():
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    assert len(files) >= 10, "scan found too few modules"
    offenders = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "streamlit" in _imported_roots(ast.parse(text, filename=str(path))):
            offenders.append(str(path.relative_to(PACKAGE_DIR.parent)))
    assert offenders == []
