#!/usr/bin/env bash
# Set up kit on a fresh Debian machine: system libraries, a virtualenv in .venv, kit and its
# test tools. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# WeasyPrint needs Pango; libharfbuzz-subset0 makes font subsetting fast and the PDFs reproducible.
# The browser tests drive Debian's headless Chromium through its chromedriver.
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 python3-venv chromium chromium-driver"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[test]' >.venv/setup.log 2>&1 || { cat .venv/setup.log >&2; exit 1; }
.venv/bin/python -c "import kit, weasyprint" || { echo "setup.sh: kit did not install" >&2; exit 1; }
