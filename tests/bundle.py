"""The installed Streamlit's entry script, read once for the tests that check our use of it
(the element chunks it loads lazily, the settings it reads from the page)."""

from __future__ import annotations

import re

from deploy import preload

ENTRY = next(preload.STATIC_JS.glob("index.*.js")).read_text(encoding="utf-8")
# The element chunks the entry script imports lazily, by file name (`Radio.<hash>.js`).
LAZY = frozenset(re.findall(r"import\(`\./([^`]+)`\)", ENTRY))
