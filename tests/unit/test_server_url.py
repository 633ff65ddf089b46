"""deploy/server_url.py: the page is told where its server is, so it connects at once.

The browser half (no refused first try on any page) is tests/e2e/test_server_url.py; the
proxy's CSP allowing the script, tests/deploy/test_proxy.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from deploy import preload, server_url
from tests.bundle import ENTRY

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_streamlit_reads_its_server_address_from_the_page() -> None:
    """A Streamlit upgrade that stops reading window.__streamlit would bring the refused try back."""
    assert re.search(r"window\.__streamlit;if\(\w+\)return", ENTRY)
    assert "get BACKEND_BASE_URL()" in ENTRY


def test_the_script_names_the_page_origin_and_the_server_base_path() -> None:
    assert server_url.script() == "<script>window.__streamlit = {BACKEND_BASE_URL: location.origin};</script>"
    assert server_url._body("/bipn/") == 'window.__streamlit = {BACKEND_BASE_URL: location.origin + "/bipn"};'
    assert "<" not in server_url._body("</script>x")  # a base path can never close the script


def test_the_hash_is_the_scripts_own() -> None:
    body = server_url.script().removeprefix("<script>").removesuffix("</script>")
    assert server_url.sha256() == "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
    assert server_url.sha256() in (ROOT / "deploy" / "haproxy.cfg").read_text()


def test_every_page_served_gets_it_before_streamlits_code() -> None:
    import serve

    for path in ("/", "/pain", "/course"):
        head = serve.head(path)
        assert head.startswith(server_url.script()), path
        assert head.count('rel="modulepreload"') == len(preload.chunks(preload.page_of(path))), path
