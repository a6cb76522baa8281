#!/usr/bin/env bash
# Run every test, installing the test tools (and Debian chromium and nginx) first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1  # silences Material's end-of-life banner
bash scripts/setup.sh test
# Two processes (pytest-xdist) on this 2-core kind of machine: a browser test mostly waits on Chromium, a build on
# its own processes. Whole files go to one process, so a file's shared site is built once. TRUSTGUIDE_TEST_WORKERS=0
# runs everything in this process.
workers=${TRUSTGUIDE_TEST_WORKERS:-$(( $(nproc) < 4 ? $(nproc) : 4 ))}
status=0
.venv/bin/python -m pytest -n "$workers" --dist loadfile "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "test: pytest collected no tests; that is a failure" >&2
  exit 1
fi
exit "$status"
