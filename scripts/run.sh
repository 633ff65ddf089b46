#!/usr/bin/env bash
# Sets up the app's environment and starts it on http://localhost:8501 (extra args go to streamlit).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
# serve.py runs app.py behind a small st.App hook: nested unknown paths say "Page not found".
exec .venv/bin/python -m streamlit run serve.py "$@"
