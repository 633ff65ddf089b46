"""Every citation in bipn/data/*.toml, walked the way the 2026-12-03 source check listed them.

A citation is an inline table ``{ref, provenance, note}`` anywhere in a content file. The walk
gives each one with its file and key path (``pregabalin.band_citations[0]``), so a test can check
a provenance and a note, and ``counts`` gives the totals by provenance that issue 18 asks for.

Run as a script to count at git revisions (the working tree when none is given):

    python -m tests.unit.content_citations 8dbabc0^ 8dbabc0 main
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "bipn" / "data"


@dataclass(frozen=True)
class Found:
    file: str
    path: str
    ref: str
    provenance: str
    note: str


def walk(file: str, doc: object, path: str = "") -> Iterator[Found]:
    """Every ``{ref, provenance}`` table in ``doc``, in document order."""
    if isinstance(doc, dict):
        if "ref" in doc and "provenance" in doc:
            yield Found(file, path, doc["ref"], doc["provenance"], doc.get("note", ""))
            return
        for key, value in doc.items():
            yield from walk(file, value, f"{path}.{key}" if path else str(key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from walk(file, value, f"{path}[{i}]")


def citations(texts: dict[str, str] | None = None) -> list[Found]:
    """All citations of the content files (``{name: toml text}``; the working tree by default)."""
    if texts is None:
        texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.toml"))}
    return [f for name, text in sorted(texts.items()) for f in walk(name, tomllib.loads(text))]


def counts(found: list[Found]) -> Counter[str]:
    return Counter(f.provenance for f in found)


def texts_at(rev: str) -> dict[str, str]:
    """The content files as they were at a git revision."""
    root = DATA.parents[1]
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", rev, "bipn/data/"], cwd=root, check=True, capture_output=True, text=True
    ).stdout.split()
    return {
        Path(n).stem: subprocess.run(["git", "show", f"{rev}:{n}"], cwd=root, check=True, capture_output=True, text=True).stdout
        for n in names
        if n.endswith(".toml")
    }


def main(revs: list[str]) -> None:
    order = ("confirmed", "partial", "unverified", "source_article")
    for rev in revs or ["working tree"]:
        c = counts(citations(None if rev == "working tree" else texts_at(rev)))
        cells = ", ".join(f"{k} {c[k]}" for k in order) + "".join(f", {k} {v}" for k, v in c.items() if k not in order)
        print(f"{rev}: {cells} (total {sum(c.values())})")


if __name__ == "__main__":
    main(sys.argv[1:])
