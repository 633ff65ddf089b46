"""The README says what is true: its Python examples run and give what their comments say, and
its product table names every product the registry holds."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import bipn

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.splitlines()[0][:40])
def test_each_example_runs_and_gives_what_its_comment_says(block: str) -> None:
    scope: dict = {}
    exec(compile(block, "README.md", "exec"), scope)
    for line in block.splitlines():
        code, _, comment = line.partition("  # ")
        said = comment.strip().split(" ")[0]
        if code.strip() and re.fullmatch(r"'[^']*'", said):
            assert eval(code, scope) == ast.literal_eval(said), line
    previous = None
    for line in block.splitlines():  # a comment line that only quotes what the line above returns
        quoted = re.match(r"# ('[^']*')", line)
        if quoted and previous:
            assert eval(previous, scope) == ast.literal_eval(quoted.group(1)), previous
        previous = line if not line.startswith("#") else None


def test_the_product_table_names_every_product_in_the_registry() -> None:
    table = README.split("## Products, CTCAE versions and questionnaires supported", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z0-9_]+)` \|", table, re.M)
    assert listed == list(bipn.products()), "README: the products table and bipn/data/products.toml differ"
    for version in bipn.clinical.grading.versions():
        assert f"v{version}" in table
