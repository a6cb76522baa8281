#!/usr/bin/env bash
# Build the whole guide into site/ (site, worksheets, PDFs), installing what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/trustguide build "$@"
