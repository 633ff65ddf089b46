#!/usr/bin/env bash
# Creates .venv inside the repository and installs the pinned requirements file given as $1.
# Re-running it is cheap: pip skips what is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
