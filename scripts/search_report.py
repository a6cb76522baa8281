"""Print how the guide's search box ranks every query of a query set (tests/data/search_queries.yml, or a
language's tests/data/search_queries_LANG.yml).

Builds the guide (or takes a built site), serves it on 127.0.0.1, types each query into Material's search box in
Debian's Chromium (the whole set in one page) and prints, per query, the rank of each expected page and the first
results shown. A language not published by default (es, fr) is built beside English in a copy of the guide.
Usage: .venv/bin/python scripts/search_report.py [--language LANG] [--site DIR] [--queries FILE] [--failures]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_FLAGS, PROJECT_PARTS  # noqa: E402
from searchbox import QUERIES, load_queries, report, type_query_set  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the guide into a temporary folder)")
    parser.add_argument("--language", default="en", help="the site of this language (de, es, fr) and its query set")
    parser.add_argument("--queries", type=Path, help="default: the language's query set")
    parser.add_argument("--failures", action="store_true", help="print only the queries that miss their expectation")
    args = parser.parse_args()
    queries = args.queries or (QUERIES if args.language == "en" else QUERIES.with_name(f"search_queries_{args.language}.yml"))
    prefix = "" if args.language == "en" else f"{args.language}/"
    with tempfile.TemporaryDirectory(prefix="search-report-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            project = _project_with(args.language, Path(tmp) / "guide")
            build = subprocess.run([str(Path(sys.executable).parent / "trustguide"), "build", "--site-dir", str(site)],
                                   cwd=project, capture_output=True, text=True, check=False)
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
                outcomes = type_query_set(page, f"http://127.0.0.1:{server.server_address[1]}/{prefix}",
                                          load_queries(queries))
                context.close()
        finally:
            server.shutdown()
    text = report([o for o in outcomes if o.failures()] if args.failures else outcomes)
    print(text)
    return 1 if any(o.failures() for o in outcomes) else 0


def _project_with(language: str, target: Path) -> Path:
    """The guide itself, or for a language it does not publish, a copy publishing it (without PDFs)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if language == "en" or ("languages: [en, de]" in config and language == "de"):
        return ROOT
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / part)
    (target / "mkdocs.yml").write_text(
        config.replace("      languages: [en, de]\n", f"      languages: [en, {language}]\n")
        .replace("  - trustguide-worksheets\n", "  - trustguide-worksheets:\n      pdf: false\n")
        .replace("  - trustguide-sessions\n", "  - trustguide-sessions:\n      pdf: false\n"), encoding="utf-8")
    return target


if __name__ == "__main__":
    sys.exit(main())
