#!/usr/bin/env bash
# Run every test, installing the test tools (and Debian chromium and nginx) first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1  # silences Material's end-of-life banner
bash scripts/setup.sh test
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "test: pytest collected no tests; that is a failure" >&2
  exit 1
fi
exit "$status"
