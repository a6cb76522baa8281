#!/usr/bin/env bash
# Set up everything the guide needs on a fresh Debian machine with Python 3.11: a local virtual environment with the
# pinned Python packages, and the Debian libraries WeasyPrint renders PDFs with. Safe to run again: it only installs
# what is missing. Usage: scripts/setup.sh [test]   ("test" adds the test tools, Debian chromium and nginx)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=${1:-}
python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || python=python3

apt_install() {
  # Install Debian packages that are missing; apt-get update runs once, only when something is needed.
  local missing=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# WeasyPrint's libraries and the fonts the PDFs embed (DejaVu; WenQuanYi Micro Hei for Chinese, Japanese and Korean names).
# libharfbuzz-subset0: WeasyPrint subsets the embedded fonts with it; without it, with fontTools, which makes other
# bytes and stamps the time of the render into them. "test" installs it anyway (Chromium needs it): here, so that
# scripts/build.sh renders the PDFs the tests render.
apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fonts-wqy-microhei fontconfig

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.trustguide-installed${want_test:+-test}"
digest=$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  extras=""; [ -n "$want_test" ] && extras="[test]"
  .venv/bin/python -m pip install --disable-pip-version-check -q -e ".${extras}" 2>&1 | grep -v "^WARNING: Location" >&2 || true
  .venv/bin/python -c "import trustguide, mkdocs, weasyprint" || { echo "setup: Python packages failed to install" >&2; exit 1; }
  echo "$digest" > "$stamp"
fi
# The guide's own modules compiled once: with PYTHONDONTWRITEBYTECODE set (as on some build machines) Python would
# compile them again in every command, a tenth of a second each time; pip does the same for the installed packages.
# A module edited since is compiled again on import, as always.
.venv/bin/python -m compileall -q src >/dev/null || true

if [ -n "$want_test" ]; then
  apt_install chromium nginx-light poppler-utils  # poppler-utils: pdftoppm, to look at printed pages in tests
fi
