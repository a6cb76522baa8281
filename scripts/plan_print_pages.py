"""How many pages "Print this plan" takes in Chromium, per plan and language, beside the plan's run sheet PDF.

The built site is served over HTTP on this machine and each plan page printed with Debian's Chromium (Playwright's
page.pdf(), as the tests print), at #start=13:30, on A4 and Letter.
Usage: .venv/bin/trustguide build --site-dir /tmp/site && .venv/bin/python scripts/plan_print_pages.py /tmp/site
"""

from __future__ import annotations

import functools
import io
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No line per request."""


def main(site: Path) -> None:
    plans = sorted(p.stem for p in (ROOT / "plans").glob("*.yml"))
    languages = ["en", *sorted(p.parent.name for p in site.glob("*/sessions") if len(p.parent.name) == 2)]
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"{'plan':26} {'lang':4} {'A4':>3} {'Letter':>6} {'run sheet A4':>12}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS, headless=True)
        page = browser.new_page()
        for lang in languages:
            folder = "" if lang == "en" else f"{lang}/"
            for plan in plans:
                page.goto(f"{base}{folder}sessions/{plan}/#start=13:30")
                counts = [len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages) for paper in ("A4", "Letter")]
                href = page.locator("a.tg-download").first.get_attribute("href") or ""
                run_sheet = len(PdfReader((site / folder / "sessions" / plan / href).resolve()).pages)
                print(f"{plan:26} {lang:4} {counts[0]:>3} {counts[1]:>6} {run_sheet:>12}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site")
