#!/usr/bin/env bash
# Build the whole guide into site/ (site, worksheets, PDFs), installing what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1  # silences Material's end-of-life banner
bash scripts/setup.sh
exec .venv/bin/trustguide build "$@"
