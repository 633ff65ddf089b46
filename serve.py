"""bipn-bedside as an ASGI app: ``streamlit run serve.py`` serves app.py as ``streamlit run
app.py`` does, and sends a nested unknown path (/pain/extra, blank under Streamlit's server)
one level up, where the app says "Page not found" (deploy/paths.py), puts the app's style
sheet in the page itself (deploy/page_style.py), says where the server is so the page connects
without a refused first try (deploy/server_url.py), and lists the element code the first run
will need so the browser fetches it early (deploy/preload.py)."""

import streamlit as st
from starlette.middleware import Middleware

from deploy.page_style import PageStyle
from deploy.paths import NestedPathRedirect
from deploy.preload import links
from deploy.server_url import script
from ui.style import CSS


def head(path: str) -> str:
    """What the page's head gains: where its server is, and the element code it will need."""
    return script() + links(path)


# The style sheet in Streamlit's page, so it applies from the first paint; the element code preloaded.
app = st.App("app.py", middleware=[Middleware(NestedPathRedirect), Middleware(PageStyle, html=CSS, head=head)])
