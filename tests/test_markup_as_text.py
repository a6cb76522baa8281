"""Markup and script written into definitions and bibliography fields are shown as text everywhere.

One copy of the guide gets hostile values: a bib entry's title and author (cited from a page), a worksheet's title,
purpose, section title, label and checklist item, a session plan's title, preparation and step text. It is built with
`trustguide build` (strict), and every place those values reach is read back as a reader meets it: the HTML pages,
the search index and the search results in Chromium, the worksheet PDF and a facilitator pack (pypdf).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import copy_project, trustguide

SCRIPT = "<script>window.__xss=1</script>"
IMG = "<img src=x onerror=window.__xss=1>"
LINK = "[click](javascript:window.__xss=1)"  # Markdown link syntax
ATTRS = "{: onclick=window.__xss=1 }"  # attr_list syntax
CITE = "@zebra2024"  # citation syntax: in a definition it is text, not a citation
BOLD = "<b>bold</b>"  # what {\textless}b{\textgreater}... in the bib title means

WORKSHEET = "peer-group-charter"
PLAN = "peer-coaching-launch"
CITING_PAGE = "foundations/cognitive-trust"

BIB_ENTRY = r"""
@article{zebra2024,
  author = {Tester, Tess and {Zebra Lab <img src=x onerror=window.__xss=1>}},
  title = {Zebrafish trust <script>window.__xss=1</script> {\textless}b{\textgreater}bold{\textless}/b{\textgreater}},
  journal = {Journal of <i>Tests</i>},
  year = {2024}
}
"""
BIB_TITLE = f"Zebrafish trust {SCRIPT} {BOLD}"
BIB_AUTHOR = f"Zebra Lab {IMG}"

WORKSHEET_TITLE = f"Charter {SCRIPT} {LINK} {ATTRS}"
WORKSHEET_PURPOSE = f"Purpose {IMG} *not emphasis* {CITE} {LINK}"
SECTION_TITLE = f"Group {SCRIPT}"
LABEL = f"Member {IMG}"
ITEM = f"Keep {SCRIPT} confidential"
PLAN_TITLE = f"Launch {SCRIPT} {ATTRS}"
PREPARATION = f"Prepare {IMG} {LINK}"
STEP_TITLE = f"Welcome {IMG}"
STEP_FACILITATOR = f"Say {SCRIPT} {LINK}"
STEP_PARTICIPANTS = f"Listen {IMG}"
STEP_WATCH = f"Watch {SCRIPT}"

# What each page must show, literally (Markdown syntax written in a definition stays as typed, too).
EXPECTED: dict[str, list[str]] = {
    CITING_PAGE: [BIB_TITLE, BIB_AUTHOR, "Journal of <i>Tests</i>"],
    "references": [BIB_TITLE, BIB_AUTHOR, WORKSHEET_TITLE],  # the worksheet cites its basis: "Cited on" links
    f"worksheets/{WORKSHEET}": [WORKSHEET_TITLE, WORKSHEET_PURPOSE, SECTION_TITLE, LABEL, ITEM],
    "worksheets": [WORKSHEET_TITLE],
    f"sessions/{PLAN}": [PLAN_TITLE, PREPARATION, STEP_TITLE, STEP_FACILITATOR, STEP_PARTICIPANTS, STEP_WATCH,
                         WORKSHEET_TITLE],
    "sessions": [PLAN_TITLE],
    "planner": [STEP_TITLE, WORKSHEET_TITLE],
    "tags": [WORKSHEET_TITLE, PLAN_TITLE],
    "peer-coaching/norms": [WORKSHEET_TITLE, PLAN_TITLE],  # its "Put it into practice" links
}


# ---------------------------------------------------------------------------------------------------- reading HTML


class _Reader(HTMLParser):
    """What a browser would show as text, and every element that would run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.live: list[str] = []
        self._script: list[str] | None = None  # the content of the inline script being read
        self._hidden = False  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.live.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "style"):
            self._hidden = True
            inline = tag == "script" and "src" not in values and values.get("type") != "application/json"
            self._script = [] if inline else None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            if self._script is not None:
                self.live.append("<script>" + "".join(self._script).strip()[:80])
            self._script, self._hidden = None, False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        elif not self._hidden:
            self.text.append(data)


def read_html(html: str) -> tuple[str, list[str]]:
    """The text a browser shows (whitespace collapsed), and the elements that would run script."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return " ".join("".join(reader.text).split()), reader.live


# ---------------------------------------------------------------------------------------------------- the hostile guide


def _edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def _hostile_worksheet(data: dict) -> None:
    data["title"] = WORKSHEET_TITLE
    data["purpose"] = WORKSHEET_PURPOSE
    data["sections"][0]["title"] = SECTION_TITLE
    fields = [f for s in data["sections"] for f in s["fields"]]
    next(f for f in fields if f.get("prefill") == "participant")["label"] = LABEL
    next(f for f in fields if f["type"] == "checklist")["items"][0] = ITEM


def _hostile_plan(data: dict) -> None:
    data["title"] = PLAN_TITLE
    data["preparation"][0] = PREPARATION
    data["agenda"][0].update(title=STEP_TITLE, facilitator=STEP_FACILITATOR, participants=STEP_PARTICIPANTS,
                             watch=STEP_WATCH)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the guide (as the `project` fixture makes it) with the hostile values, built once for the module."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "guide")
    bib = project / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + BIB_ENTRY, encoding="utf-8")
    page = project / "docs" / f"{CITING_PAGE}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nZebrafish studies say so too [@zebra2024].\n", encoding="utf-8")
    _edit_yaml(project / "worksheets" / f"{WORKSHEET}.yml", _hostile_worksheet)
    _edit_yaml(project / "plans" / f"{PLAN}.yml", _hostile_plan)
    result = trustguide("build", "-d", str(project / "site"), cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def theme_scripts(hostile: Path) -> set[str]:
    """Inline scripts of the home page, which no hostile value reaches: the theme's own, the same on every page."""
    return set(read_html((hostile / "site" / "index.html").read_text(encoding="utf-8"))[1])


def page_html(project: Path, path: str) -> str:
    return (project / "site" / path / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------------- the HTML


@pytest.mark.parametrize("path", list(EXPECTED))
def test_pages_show_hostile_values_as_text(hostile: Path, theme_scripts: set[str], path: str) -> None:
    html = page_html(hostile, path)
    text, live = read_html(html)
    missing = [value for value in EXPECTED[path] if value not in text]
    assert missing == [], f"{path}: not shown literally: {missing}"
    assert [item for item in live if item not in theme_scripts] == []


def test_no_page_of_the_site_runs_the_payload(hostile: Path, theme_scripts: set[str]) -> None:
    """Every page, including the nav, header and <head> of pages the values only pass through."""
    site = hostile / "site"
    found = {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        problems = [item for item in read_html(html)[1] if item not in theme_scripts]
        problems += [f"raw {raw!r}" for raw in ("<script>window.__xss", "<img src=x onerror") if raw in html]
        if problems:
            found[page.relative_to(site).as_posix()] = problems
    assert found == {}


def test_generated_page_head_holds_text(hostile: Path) -> None:
    """Material writes a page's title and description into <title>, the header and <meta> as they are."""
    head = page_html(hostile, f"worksheets/{WORKSHEET}").split("</head>")[0]
    title = head.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Charter &lt;script&gt;window.__xss=1&lt;/script&gt; [click]")
    description = head.split('<meta name="description" content="')[1].split('">')[0]
    assert '"' not in description and "Purpose &lt;img src=x onerror=window.__xss=1&gt;" in description


def test_search_index_holds_the_values_as_text(hostile: Path) -> None:
    """Material's search shows an entry's title and text as HTML: there they must be escaped text."""
    docs = json.loads((hostile / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    shown = []
    for doc in docs:
        for key in ("title", "text"):
            text, live = read_html(doc[key])
            assert live == [], f"{doc['location']} {key}: {live}"
            shown.append(text)
    everything = "\n".join(shown)
    missing = [v for v in (BIB_TITLE, WORKSHEET_TITLE, PLAN_TITLE, STEP_TITLE, PREPARATION, LABEL) if v not in everything]
    assert missing == [], f"not in the search index as text: {missing}"


# ---------------------------------------------------------------------------------------------------- in Chromium


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(hostile: Path) -> Iterator[str]:
    """The built site over HTTP (search needs it), from a plain static server: no CSP to hide an escaping mistake."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(hostile / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.browser
def test_search_results_show_the_values_as_text(served: str, browser_page) -> None:
    page = browser_page
    page.goto(served + CITING_PAGE + "/", wait_until="networkidle")
    page.locator(".md-search__input").click()
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim() !== 'Initializing search'",
                           timeout=20000)
    page.locator(".md-search__input").press_sequentially("zebrafish", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=20000)
    shown = " ".join(page.locator(".md-search-result").inner_text().split())
    assert f"Zebrafish trust {SCRIPT}" in shown, shown
    assert page.locator(".md-search-result script, .md-search-result img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


@pytest.mark.browser
@pytest.mark.parametrize("path", [CITING_PAGE, "references", f"worksheets/{WORKSHEET}", f"sessions/{PLAN}", "tags"])
def test_pages_in_chromium_never_run_the_payload(served: str, browser_page, path: str) -> None:
    browser_page.goto(served + path + "/", wait_until="networkidle")
    assert SCRIPT in " ".join(browser_page.locator("article").inner_text().split())
    assert browser_page.evaluate("typeof window.__xss") == "undefined"


# ---------------------------------------------------------------------------------------------------- in PDFs


def squash(text: str) -> str:
    """Text without whitespace: a PDF breaks lines wherever the text wraps."""
    return "".join(text.split())


def test_worksheet_pdf_shows_the_values_as_text(hostile: Path, tmp_path: Path) -> None:
    output = tmp_path / "charter.pdf"
    result = trustguide("worksheet", WORKSHEET, "--participant", "<b>Ana</b>", "--team", "<i>Ops</i>", "-o", str(output),
                        cwd=hostile)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(output)
    assert reader.metadata is not None and reader.metadata.title == WORKSHEET_TITLE
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    missing = [v for v in (WORKSHEET_TITLE, WORKSHEET_PURPOSE, SECTION_TITLE, LABEL, ITEM, "For <b>Ana</b>")
               if squash(v) not in text]
    assert missing == [], f"not in the PDF's text: {missing}"
    fields = (reader.get_fields() or {}).values()
    assert {"<b>Ana</b>", "<i>Ops</i>"} <= {field.get("/V") for field in fields}
    assert LABEL in {str(field.get("/TU", "")) for field in fields}  # the field's tooltip names it as written


def test_pack_shows_the_values_as_text(hostile: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Ana\n<i>Bo</i>\n", encoding="utf-8")
    output = tmp_path / "pack.pdf"
    result = trustguide("pack", PLAN, "--participants", str(names), "-o", str(output), cwd=hostile)
    assert result.returncode == 0, result.stderr
    pages = [squash(page.extract_text()) for page in PdfReader(output).pages]
    assert squash("<i>Bo</i>") in pages[0] and squash(PLAN_TITLE) in pages[0]
    everything = "".join(pages)
    missing = [v for v in (STEP_TITLE, STEP_FACILITATOR, STEP_PARTICIPANTS, STEP_WATCH, PREPARATION)
               if squash(v) not in everything]
    assert missing == [], f"not in the pack: {missing}"
    copies = [page for page in pages if page.startswith(squash("For <i>Bo</i>"))]
    assert any(squash(WORKSHEET_TITLE) in page for page in copies), "no worksheet copy for <i>Bo</i>"
