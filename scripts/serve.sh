#!/usr/bin/env bash
# Production profile on this machine: sets up the venv, starts N Streamlit replicas on
# loopback ports and Debian's haproxy in front of them (deploy/haproxy.cfg) on
# http://127.0.0.1:8080, all under supervisord, which restarts whichever dies. Ctrl-C (or
# SIGTERM) drains (open sessions get 15 s) and stops everything.
# Options: --replicas N (default: one per core)  --bind ADDR:PORT  --base-port P
#          --drain SECONDS  --tls-cert PEM
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
exec .venv/bin/python deploy/cluster.py "$@"
