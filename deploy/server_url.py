"""Where the page finds its server, said in the page itself (used by serve.py).

On every page but the main one (/pain, /course ...) Streamlit's page first looks for its
server under the page's own path (/pain/_stcore/health and host-config), is refused, waits
about 100 ms and looks again at the root: each deep link and reload of five of the six pages
waited those 100 ms before it could connect. Streamlit reads its server's address from
``window.__streamlit.BACKEND_BASE_URL`` (its embedding settings) when its code starts; set
before then, the page looks once, at the right place (tests/e2e/test_server_url.py).

The script is the app's own and constant for a server (no request or user data in it), so the
proxy's Content-Security-Policy allows it by its hash (deploy/haproxy.cfg, ``sha256()``).
"""

from __future__ import annotations

import json

from streamlit import config

from ui.style import csp_sha256


def _body(base_url_path: str) -> str:
    # The page's own origin, plus the server's base path when it has one (server.baseUrlPath).
    base = base_url_path.strip("/")
    where = "location.origin" + (" + " + json.dumps("/" + base).replace("<", "\\u003c") if base else "")
    return f"window.__streamlit = {{BACKEND_BASE_URL: {where}}};"


def _this_server() -> str:
    return _body(config.get_option("server.baseUrlPath") or "")


def script() -> str:
    """The ``<script>`` for the head of every page of this server."""
    return f"<script>{_this_server()}</script>"


def sha256() -> str:
    """The CSP source that allows this server's script."""
    return csp_sha256(_this_server())
