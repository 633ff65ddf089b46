"""Reviewed clinical content, stored as TOML beside this file and read on first use."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """Parse ``bipn/data/<name>.toml`` once per process. Callers must not mutate the result."""
    text = resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
