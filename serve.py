"""bipn-bedside as an ASGI app: ``streamlit run serve.py`` serves app.py as ``streamlit run
app.py`` does, and sends a nested unknown path (/pain/extra, blank under Streamlit's server)
one level up, where the app says "Page not found" (deploy/paths.py)."""

import streamlit as st
from starlette.middleware import Middleware

from deploy.paths import NestedPathRedirect

app = st.App("app.py", middleware=[Middleware(NestedPathRedirect)])
