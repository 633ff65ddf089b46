"""Every content file is checked against its schema once, when it is first read
(bipn.content.schema): a broken file stops the app naming the file and the place."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from bipn.content import loader
from bipn.content.schema import SUMMARY_MAX_CHARS, ContentError, check

DATA = Path(loader.__file__).resolve().parents[1] / "data"
FILES = sorted(p.stem for p in DATA.glob("*.toml"))
REFS = frozenset(loader._parse("references"))


@pytest.mark.parametrize("name", FILES)
def test_every_content_file_passes_its_schema(name: str) -> None:
    assert loader.load(name)


def _rules() -> dict:
    return copy.deepcopy(loader._parse("rules"))


def _first(data: dict) -> dict:
    return next(iter(data.values()))


def _set(key: str, value: object) -> dict:
    data = _rules()
    _first(data)[key] = value
    return data


def _del(key: str) -> dict:
    data = _rules()
    del _first(data)[key]
    return data


def _citation(**change: object) -> dict:
    data = _rules()
    _first(data)["citations"][0].update(change)
    return data


CASES = [
    ("unknown reference", _citation(ref="no_such_source"), "is not in references.toml"),
    ("unknown provenance", _citation(provenance="from_memory"), "provenance must be one of"),
    ("citation field unknown", _citation(page="12"), "unknown field page"),
    ("review status", _set("status", "approved!"), "status must be one of"),
    ("review date", _set("reviewed", "last week"), "YYYY-MM-DD"),
    ("rule without citations", _del("citations"), "missing citations"),
    ("summary too long", _set("summary", "x" * (SUMMARY_MAX_CHARS + 1)), f"at most {SUMMARY_MAX_CHARS}"),
    ("summary not text", _set("summary", 3), "must be text"),
    ("citations not a list", _set("citations", "velcade_uspi"), "must be a list"),
]


@pytest.mark.parametrize(("what", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_broken_rules_file_is_refused_naming_the_place(what: str, data: dict, message: str) -> None:
    with pytest.raises(ContentError, match=message) as err:
        check("rules", data, REFS)
    assert str(err.value).startswith("bipn/data/rules.toml, " + next(iter(data)))


def test_a_reference_of_an_unknown_kind_is_refused() -> None:
    refs = copy.deepcopy(loader._parse("references"))
    _first(refs)["kind"] = "blog"
    with pytest.raises(ContentError, match="kind must be one of"):
        check("references", refs, REFS)


def test_a_course_rule_is_checked_like_any_rule() -> None:
    course = copy.deepcopy(loader._parse("course"))
    _first(course["rules"])["summary"] = "y" * (SUMMARY_MAX_CHARS + 1)
    with pytest.raises(ContentError, match=r"course\.toml, rules\."):
        check("course", course, REFS)


def test_a_citation_deep_in_a_table_is_checked() -> None:
    products = copy.deepcopy(loader._parse("products"))
    found = []

    def plant(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "citations" and not found:
                    value[0]["provenance"] = "guess"
                    found.append(key)
                plant(value)
        elif isinstance(node, list):
            for item in node:
                plant(item)

    plant(products)
    assert found
    with pytest.raises(ContentError, match="provenance must be one of"):
        check("products", products, REFS)
