"""Facilitator pages at a phone's width: how wide and how tall each is at 390 x 844 in Debian Chromium, and each
plan page's height at 1280 px beside it (issue 33: the planner was 574 px wide, a plan page 18,705 px tall).

Usage: .venv/bin/python scripts/measure_phone.py SITE_DIR [SITE_DIR ...]
SITE_DIR is a built guide (`trustguide build --site-dir DIR`); to measure an earlier version, build it, or copy its
docs/assets/ over a copy of a built site. Each site is served on 127.0.0.1 (Python's http.server) while it is
measured; the results tools are measured with three sheets entered and the summary shown.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 844}
PAGES = ["tools/pulse-tally/", "tools/alignment-gap/", "planner/#s=09:00&l=90&a=10*~Welcome&a=20*ws.peer-group-charter",
         "worksheets/peer-group-charter/", "de/tools/pulse-tally/", "de/tools/alignment-gap/", "de/planner/"]
PLANS = ["first-coaching-meeting", "peer-coaching-launch", "peer-coaching-session", "team-trust-workshop",
         "value-question-cycle", "repairing-trust"]
# Three sheets of 3s with a minimum of 2: the tool shows its whole summary.
FILL = """() => { const m = document.querySelector('.tg-results-minimum'); if (!m) { return; }
  m.value = '2'; m.dispatchEvent(new Event('input'));
  for (let i = 0; i < 3; i++) {
    document.querySelectorAll('.tg-results-entry select').forEach(s => { s.value = '3'; });
    document.querySelector('.tg-results-add').click();
  } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def size(page: Page) -> tuple[int, int]:
    return tuple(page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.scrollHeight]"))


def measure(site: Path) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "-d", str(site), "-b", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport=PHONE)
            print(site)
            for path in PAGES:
                page.goto(f"http://127.0.0.1:{port}/{path}")
                page.evaluate(FILL)
                width, height = size(page)
                print(f"  {path.split('#')[0]:34} at 390 px: {width:4} px wide, {height:6} px tall")
            for plan in PLANS:
                page.set_viewport_size(DESKTOP)
                page.goto(f"http://127.0.0.1:{port}/sessions/{plan}/")
                desktop = size(page)[1]
                page.set_viewport_size(PHONE)
                width, height = size(page)
                print(f"  sessions/{plan + '/':25} at 390 px: {width:4} px wide, {height:6} px tall "
                      f"({height / desktop:.1f} times its {desktop} px at 1280 px)")
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for folder in sys.argv[1:]:
        measure(Path(folder))
