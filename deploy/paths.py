"""Nested unknown paths, sent one level up (used by serve.py; haproxy.cfg does the same).

A nested unknown path such as /pain/extra gets the app's page from Streamlit, whose relative
script URLs then point at /pain/static/..., so the browser shows a blank page. Such a path is
sent one level up (/pain-extra), where the app says "Page not found" and offers the main page.
Streamlit's own paths are left alone wherever they sit (the page probes /pain/_stcore/... for
its server).
"""

from __future__ import annotations

import re

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

STREAMLIT_OWN = ("/_stcore/", "/static/", "/component/", "/media/", "/app/")
NESTED = re.compile(r"^/[^/]+/.")


def one_level_up(path: str) -> str | None:
    """Where a nested unknown path is sent (/pain/extra -> /pain-extra); None to leave it."""
    if not NESTED.match(path) or any(own in path for own in STREAMLIT_OWN):
        return None
    return "/" + "-".join(part for part in path.split("/") if part)


class NestedPathRedirect:
    """ASGI middleware: a GET or HEAD for a nested unknown path is redirected one level up."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            target = one_level_up(scope["path"])
            if target is not None:
                await RedirectResponse(target, status_code=302)(scope, receive, send)
                return
        await self.app(scope, receive, send)
