"""Print how the guide's search box ranks every query of the query set (tests/data/search_queries.yml).

Builds the guide (or takes a built site), serves it on 127.0.0.1, types each query into Material's search box in
Debian's Chromium and prints, per query, the rank of each expected page and the first results shown.
Usage: .venv/bin/python scripts/search_report.py [--site DIR] [--queries FILE] [--failures]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_FLAGS  # noqa: E402
from searchbox import QUERIES, load_queries, report, run_query_set  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the guide into a temporary folder)")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--failures", action="store_true", help="print only the queries that miss their expectation")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-report-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build = subprocess.run([str(Path(sys.executable).parent / "trustguide"), "build", "--site-dir", str(site)],
                                   cwd=ROOT, capture_output=True, text=True, check=False)
            if build.returncode != 0:
                print(build.stderr, file=sys.stderr)
                return 1
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(tmp) / "profile"), executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS, headless=True)
                page = context.pages[0] if context.pages else context.new_page()
                outcomes = run_query_set(page, f"http://127.0.0.1:{server.server_address[1]}/", load_queries(args.queries))
                context.close()
        finally:
            server.shutdown()
    text = report([o for o in outcomes if o.failures()] if args.failures else outcomes)
    print(text)
    return 1 if any(o.failures() for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
