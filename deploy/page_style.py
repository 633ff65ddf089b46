"""The app's style sheet in Streamlit's page itself (used by serve.py, which every server runs).

Injected by a script run (st.html), the style sheet arrives after the first paint and the page
jumps (the top padding it sets moved everything up 32-64 px). In Streamlit's index.html it
applies from the first paint. It goes at the end of <body>: after every style sheet Streamlit
adds to <head> as it draws, so its rules win as they did when a run added them. The same
rules keep the page hidden until the first run has drawn it and no widget is still loading
its code (ui/style.py), so nothing moves after it appears.

``head(path)`` (deploy/preload.links) goes at the end of <head>: links that let the browser
fetch the element code of the page at that path before its first run needs it.

Only the HTML page is touched: Streamlit's own paths (scripts, the websocket, health) pass as
they are. The page is asked for uncompressed (it is 8 kB) so the sheet can be inserted.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from deploy.paths import STREAMLIT_OWN


class PageStyle:
    """ASGI middleware: ``html`` (a <style> element) inserted before ``</body>`` of every HTML
    page, and ``head(path)`` before its ``</head>``."""

    def __init__(self, app: ASGIApp, html: str, head: Callable[[str], str] = lambda path: "") -> None:
        self.app = app
        self.html = html.encode()
        self.head = head

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or any(own in scope["path"] for own in STREAMLIT_OWN):
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        scope = dict(scope, headers=headers)
        start: Message | None = None
        body = bytearray()

        async def send_with_style(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = MutableHeaders(raw=message["headers"]).get("content-type", "")
                if not content_type.startswith("text/html"):
                    await send(message)
                    return
                start = message
                return
            if start is None:  # not HTML: pass through
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            head = self.head(scope["path"]).encode()
            page = bytes(body).replace(b"</head>", head + b"</head>", 1).replace(b"</body>", self.html + b"</body>", 1)
            headers = MutableHeaders(raw=list(start["headers"]))
            headers["content-length"] = str(len(page))
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, send_with_style)
