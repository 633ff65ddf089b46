"""ruff, as configured in pyproject.toml, finds nothing: the suite fails on a new finding."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_is_clean() -> None:
    out = subprocess.run([str(RUFF), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout[-4000:]


def test_ruff_would_see_a_finding(tmp_path: Path) -> None:
    """Not vacuous: with the same configuration, an unused import is a finding."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "planted.py").write_text('"""Planted."""\n\nimport os\n')
    out = subprocess.run([str(RUFF), "check", "--no-cache", "."], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and "F401" in out.stdout, out.stdout
