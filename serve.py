"""`streamlit run serve.py`: app.py behind one small ASGI hook (Streamlit's supported `st.App`).

Streamlit answers any unknown path with its page, and the page loads its code relative to the
path: at a nested path such as /pain/extra it asks for /pain/static/..., gets the page again,
and the browser shows nothing. Here a nested path that is none of Streamlit's own is sent to
one level (/pain/extra -> /pain-extra), where Streamlit says "Page not found" and offers the
main page. app.py itself is unchanged (AppTest and `streamlit run app.py` keep working).
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.responses import RedirectResponse

import streamlit as st

# First path segments that belong to Streamlit itself (its API, assets and media).
STREAMLIT_OWN = {"_stcore", "static", "component", "media", "app", "favicon.png", "manifest.json"}


class NestedPathToNotFound:
    """Redirect GET /a/b/... (not one of Streamlit's own paths) to /a-b-...: "Page not found"."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            root = scope.get("root_path", "")
            path = scope["path"][len(root) :] if scope["path"].startswith(root) else scope["path"]
            parts = [p for p in path.split("/") if p]
            if len(parts) > 1 and parts[0] not in STREAMLIT_OWN and not any(p in STREAMLIT_OWN for p in parts[1:]):
                await RedirectResponse(f"{root}/{'-'.join(parts)}", status_code=302)(scope, receive, send)
                return
        await self.app(scope, receive, send)


app = st.App("app.py", middleware=[Middleware(NestedPathToNotFound)])
