"""bipn's layers, checked by import-linter (.importlinter): a module imports only from the
layers below its own, so the graph has no cycle and the clinical core depends on nothing above it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), str(ROOT / ".importlinter"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_layers_hold() -> None:
    out = lint(ROOT)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "7 kept, 0 broken" in out.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """Not vacuous: a copy of bipn whose lowest layer imports the bedside rules is refused."""
    shutil.copytree(ROOT / "bipn", tmp_path / "bipn", ignore=shutil.ignore_patterns("__pycache__"))
    errors = tmp_path / "bipn" / "core" / "errors.py"
    errors.write_text(errors.read_text() + "\n\ndef _upward():\n    import bipn.rules.bedside  # noqa: F401 - the planted violation\n")
    out = lint(tmp_path)
    assert out.returncode != 0 and "bipn.core.errors -> bipn.rules.bedside" in out.stdout, out.stdout[-2000:]
