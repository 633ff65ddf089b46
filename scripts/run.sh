#!/usr/bin/env bash
# Sets up the app's environment and starts it on http://localhost:8501 (extra args go to streamlit).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
# Streamlit looks up this machine's outside address (checkip.amazonaws.com) when a page from
# another origin tries to open a WebSocket, and no Streamlit option turns that off: a proxy
# that does not exist makes the attempt fail at once, with no DNS query (deploy/cluster.py).
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=
export http_proxy=$HTTP_PROXY https_proxy=$HTTPS_PROXY no_proxy=
# serve.py serves app.py and sends nested unknown paths (/pain/extra) to "Page not found".
exec .venv/bin/python -m streamlit run serve.py "$@"
