"""The one reader of the reviewed clinical content, stored as TOML in ``bipn/data/``: each file is
parsed once per process and checked against ``bipn.content.schema`` before anyone reads it."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from bipn.content.schema import check


@cache
def _parse(name: str) -> dict[str, Any]:
    text = resources.files("bipn").joinpath("data", f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def load(name: str) -> dict[str, Any]:
    """``bipn/data/<name>.toml``, checked against its schema (ContentError if it is not).
    Parsed and checked once per process; callers must not mutate the result."""
    data = _parse(name)
    check(name, data, frozenset(_parse("references")))
    return data
