"""Accessibility of the built guide, checked the way a reader meets it.

- axe-core (bundled by axe-playwright-python) on every HTML page of the site, in the light and the dark palette, in
  Debian's Chromium: no violation of any impact. Pages are discovered from the build, so new pages are scanned too.
- Keyboard only: search, tag links, every form control on every page that has one, worksheet rating scales (real
  radio groups moved by arrow keys), the print button, and a visible focus indicator on each control reached.
- PDFs: tagged PDF/UA-1 (marked, structure tree with a Form element per field, language, title shown as the window
  title, pdfuaid:part 1 in XMP), and each form field's tooltip (/TU) is the name the field has on the web page.
- Brand colours: see test_brand_colours.py (a file of its own, so the two run side by side).
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, IndirectObject

from conftest import warm_builds

# --------------------------------------------------------------------------------------------------------------------
# Serving the built site and finding its pages
# --------------------------------------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the test output is for findings, not access logs
        pass


@contextlib.contextmanager
def _served(folder: Path) -> Iterator[str]:
    """A folder over HTTP on 127.0.0.1 (search runs in a Web Worker, which needs http)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    with _served(built_site) as url:
        yield url


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the build, as the path a browser asks for ('foo/' for 'foo/index.html')."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        pages.append(relative.removesuffix("index.html") if path.name == "index.html" else relative)
    return pages


def _norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------------------------
# 1. axe-core on every page, both palettes
# --------------------------------------------------------------------------------------------------------------------

_LUMINANCE = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
  const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}"""


def _violations(response: dict, page: str, scheme: str) -> list[str]:
    lines = []
    for violation in response["violations"]:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        lines.append(f"{page or '/'} [{scheme}] {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return lines


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "palette", "dark"), [("light", "default", False), ("dark", "slate", True)])
def test_axe_finds_nothing_on_any_page(built_site: Path, site_url: str, browser_page, scheme: str, palette: str,
                                       dark: bool) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser_page
    page.emulate_media(color_scheme=scheme)
    pages = site_pages(built_site)
    assert len(pages) >= 30, f"only {len(pages)} pages found in {built_site}"
    axe = Axe()
    problems: list[str] = []
    for relative in pages:
        page.goto(site_url + relative, wait_until="load")
        active = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert active == palette, f"{relative}: palette {active!r} is active, expected {palette!r} for {scheme}"
        luminance = page.evaluate(_LUMINANCE)
        assert (luminance < 0.05) if dark else (luminance > 0.9), f"{relative}: background luminance {luminance:.2f}"
        problems += _violations(axe.run(page).response, relative, scheme)
    assert not problems, f"axe-core found {len(problems)} problem(s):\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------------------------------
# 2. Keyboard
# --------------------------------------------------------------------------------------------------------------------

# Marks every visible form control in the content with data-tg-k and records, for each Tab, what got focus and
# whether the focus can be seen (an outline or a box shadow while :focus-visible matches).
_RECORD_TABS = """() => {
  const controls = [...document.querySelectorAll(
    ".md-content :is(input:not([type=hidden]), select, textarea, button, summary)")]
    .filter((el) => !el.disabled && el.checkVisibility());
  controls.forEach((el, i) => el.setAttribute("data-tg-k", String(i)));
  window.__tgTabs = [];
  document.addEventListener("focusin", (event) => {
    const el = event.target;
    const style = getComputedStyle(el);
    window.__tgTabs.push({
      key: el.getAttribute("data-tg-k"),
      tag: el.tagName.toLowerCase(),
      type: el.type || "",
      name: el.getAttribute("name") || "",
      text: (el.innerText || el.value || "").trim().slice(0, 60),
      focusVisible: el.matches(":focus-visible"),
      seen: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
    });
  });
  // Start just before the content: Material's header and navigation come first in the tab order on every page,
  // and the search and tag tests cover them.
  const content = document.querySelector(".md-content");
  content.setAttribute("tabindex", "-1");
  content.focus();
  window.__tgTabs = [];
  return {
    controls: controls.map((el) => ({key: el.getAttribute("data-tg-k"), tag: el.tagName.toLowerCase(),
                                     type: el.type || "", name: el.getAttribute("name") || "", id: el.id})),
    // Tab stops up to the last control, in document order (the guide sets no positive tabindex): enough presses.
    tabbable: (() => {
      const stops = [...content.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")];
      return controls.length ? stops.indexOf(controls[controls.length - 1]) + 1 : 0;
    })(),
  };
}"""


def _walk_with_tab(page) -> tuple[list[dict], list[dict]]:
    """Press Tab from the top of the content to its end; return its controls and everything that got focus."""
    found = page.evaluate(_RECORD_TABS)
    for _ in range(found["tabbable"] + 3):
        page.keyboard.press("Tab")
    return found["controls"], page.evaluate("window.__tgTabs")


def _pages_with_controls(site: Path) -> list[str]:
    """Pages whose content (not Material's header and navigation) has form controls."""
    pages = []
    for relative in site_pages(site):
        path = site / (relative + "index.html" if relative.endswith("/") or not relative else relative)
        article = re.search(r'<article class="md-content__inner.*?</article>', path.read_text(encoding="utf-8"), re.S)
        # "Cite this page", the same on every page, is walked by tests/test_citing.py: not a reason to walk them all
        content = re.sub(r'<details class="tg-cite-page">.*?</details>', "", article.group(0), flags=re.S) if article else ""
        if re.search(r"<(input|select|textarea|button|summary)\b", content):
            pages.append(relative)
    return pages


@pytest.mark.browser
def test_every_form_control_is_reached_by_tab_named_and_shows_focus(built_site: Path, site_url: str,
                                                                    browser_page) -> None:
    page = browser_page
    pages = _pages_with_controls(built_site)
    assert any(p.startswith("worksheets/") for p in pages), pages  # at least the worksheets have forms
    problems: list[str] = []
    for relative in pages:
        page.goto(site_url + relative, wait_until="load")
        controls, tabs = _walk_with_tab(page)
        reached = {t["key"] for t in tabs if t["key"] is not None}
        radio_stops: dict[str, int] = {}
        for t in tabs:
            if t["type"] == "radio":
                radio_stops[t["name"]] = radio_stops.get(t["name"], 0) + 1
        groups = {c["name"] for c in controls if c["type"] == "radio"}
        for control in controls:
            if control["type"] == "radio":
                continue  # a radio group is one tab stop: checked below
            if control["key"] not in reached:
                problems.append(f"{relative}: {control['tag']} name={control['name']!r} id={control['id']!r} not reached by Tab")
        for group in sorted(groups):
            if radio_stops.get(group, 0) != 1:
                problems.append(f"{relative}: radio group {group!r} has {radio_stops.get(group, 0)} tab stops, expected 1")
        for t in tabs:
            if t["key"] is not None and not (t["focusVisible"] and t["seen"]):
                problems.append(f"{relative}: focus not visible on {t['tag']} {t['name'] or t['text']!r}")
        # Every control has an accessible name, as Playwright computes it (labels, aria-label, legends...).
        for control in controls:
            locator = page.locator(f"[data-tg-k='{control['key']}']")
            name = _accessible_name(locator)
            if not name:
                problems.append(f"{relative}: {control['tag']} name={control['name']!r} has no accessible name")
    assert not problems, "\n".join(problems)


def _accessible_name(locator) -> str:
    """The control's accessible name from Playwright's ARIA snapshot (YAML), e.g. '- textbox "Member"' -> 'Member'."""
    nodes = yaml.safe_load(locator.aria_snapshot()) or []
    first = nodes[0] if nodes else ""
    if isinstance(first, dict) and list(first) == ["text"]:
        return str(first["text"])  # a <summary>: Playwright gives it no role, and its name is its text (HTML-AAM)
    line = next(iter(first)) if isinstance(first, dict) else str(first)
    match = re.match(r'[\w-]+ "(.*)"', line)
    return json.loads(f'"{match.group(1)}"') if match else ""


def _worksheet_pages(site: Path) -> list[str]:
    return [p for p in site_pages(site)
            if p.startswith("worksheets/") and 'class="tg-worksheet"' in (site / p / "index.html").read_text("utf-8")]


@pytest.mark.browser
def test_rating_scales_are_radio_groups_moved_by_arrow_keys(built_site: Path, site_url: str, browser_page) -> None:
    from playwright.sync_api import expect

    page = browser_page
    checked_groups = 0
    for relative in _worksheet_pages(built_site):
        page.goto(site_url + relative, wait_until="load")
        for fieldset in page.locator("form.tg-worksheet fieldset.tg-rating").all():
            legend = _norm(fieldset.locator("legend").inner_text())
            expect(fieldset).to_have_role("radiogroup")
            expect(fieldset).to_have_accessible_name(legend)
            radios = fieldset.get_by_role("radio")
            assert radios.count() >= 3, f"{relative}: {legend!r} has {radios.count()} radios"
            assert len({r.get_attribute("name") for r in radios.all()}) == 1, f"{relative}: {legend!r} mixes names"
            for radio in radios.all():  # each choice is named by its visible number
                number = radio.get_attribute("value")
                expect(radio).to_have_accessible_name(re.compile(rf"^{number}\b"))
            radios.first.focus()
            page.keyboard.press("ArrowRight")
            expect(radios.nth(1)).to_be_checked()
            expect(radios.nth(1)).to_be_focused()
            page.keyboard.press("ArrowLeft")
            expect(radios.first).to_be_checked()
            expect(radios.nth(1)).not_to_be_checked()
            checked_groups += 1
    assert checked_groups >= 3, f"only {checked_groups} rating scales found on the worksheet pages"


@pytest.mark.browser
def test_worksheet_filled_and_printed_by_keyboard(built_site: Path, site_url: str, browser_page) -> None:
    from playwright.sync_api import expect

    page = browser_page
    relative = "worksheets/peer-group-charter/"
    assert relative in _worksheet_pages(built_site)
    page.goto(site_url + relative, wait_until="load")
    page.evaluate("window.__tgPrinted = 0; addEventListener('beforeprint', () => { window.__tgPrinted += 1; })")
    page.locator("body").focus()

    def tab_to(selector: str, limit: int = 400) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("form.tg-worksheet input[type=text]")
    page.keyboard.type("Ana")
    expect(page.locator("form.tg-worksheet input[type=text]").first).to_have_value("Ana")
    tab_to("form.tg-worksheet input[type=checkbox]")
    page.keyboard.press("Space")
    expect(page.locator("form.tg-worksheet input[type=checkbox]").first).to_be_checked()
    tab_to("form.tg-worksheet textarea")
    page.keyboard.type("Nothing leaves the room.")
    expect(page.locator("form.tg-worksheet textarea").first).to_have_value("Nothing leaves the room.")
    page.locator("body").focus()
    tab_to("button.tg-print")
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused print button shows no outline"
    page.keyboard.press("Enter")
    page.wait_for_function("window.__tgPrinted > 0")


def _search_word(site: Path) -> str:
    """A word from the title of a page in the search index (not the home page): a search that must find something."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    words = [w for doc in index["docs"] if doc["location"] and "#" not in doc["location"]
             for w in re.findall(r"[A-Za-z]{7,}", doc["title"])]
    assert words, "no page title to search for"
    return words[0].lower()


_SETTLED = "Promise.allSettled(document.getAnimations().map((a) => a.finished))"  # colour transitions done before axe looks


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_open_search_or_on_focused_buttons(built_site: Path, site_url: str, browser_page,
                                                                 scheme: str) -> None:
    """States a page scan does not see: the search dialog with results, and buttons while they have focus."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser_page
    page.emulate_media(color_scheme=scheme)
    axe = Axe()
    page.goto(site_url, wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type(_search_word(built_site))
    page.locator(".md-search-result__item").first.wait_for()
    page.evaluate(_SETTLED)
    problems = _violations(axe.run(page).response, "search results", scheme)
    worksheet = _worksheet_pages(built_site)[0]
    page.goto(site_url + worksheet, wait_until="load")
    buttons = page.locator(".tg-worksheet-tools :is(button, a)")
    assert buttons.count() >= 3, f"{worksheet}: print, clear and download buttons expected"
    for index in range(buttons.count()):
        buttons.nth(index).focus()
        page.keyboard.press("Shift+Tab")  # back and forth by keyboard, so the focus is :focus-visible
        page.keyboard.press("Tab")
        page.evaluate(_SETTLED)
        label = _norm(buttons.nth(index).inner_text())
        assert page.evaluate("document.activeElement.matches(':focus-visible')"), f"{worksheet}: {label} not focused"
        problems += _violations(axe.run(page, context=".tg-worksheet-tools").response, f"{worksheet} ({label} focused)",
                                scheme)
    assert not problems, f"axe-core found {len(problems)} problem(s):\n" + "\n".join(problems)


@pytest.mark.browser
def test_search_by_keyboard(built_site: Path, site_url: str, browser_page) -> None:
    query = _search_word(built_site)
    page = browser_page
    page.goto(site_url, wait_until="load")
    page.keyboard.press("/")  # Material's search hotkey (also "s" and "f")
    assert page.evaluate("document.activeElement.matches('.md-search__input')"), "'/' did not focus the search field"
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    assert focused, "ArrowDown did not move focus to the first result"
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target.split("#")[0] + "**")
    assert page.url != site_url
    assert query in page.locator(".md-content").inner_text().lower()


@pytest.mark.browser
def test_tag_link_reached_by_tab_and_followed(built_site: Path, site_url: str, browser_page) -> None:
    tagged = [p for p in site_pages(built_site) if p.endswith("/")
              and re.search(r'<a href="[^"]+" class="md-tag', (built_site / p / "index.html").read_text("utf-8"))]
    assert tagged, "no page with a tag link"
    page = browser_page
    page.goto(site_url + tagged[0], wait_until="load")
    page.locator("body").focus()
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.md-tag')"):
            break
    else:
        raise AssertionError(f"{tagged[0]}: Tab never reached a tag link")
    tag = _norm(page.evaluate("document.activeElement.textContent"))
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tags/"))
    fragment = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert fragment, page.url
    heading = page.locator(f"[id='{fragment}']")
    assert tag.lower() in heading.inner_text().lower(), f"{page.url}: heading {heading.inner_text()!r} for tag {tag!r}"


# --------------------------------------------------------------------------------------------------------------------
# 3. PDF/UA
# --------------------------------------------------------------------------------------------------------------------

XMP_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XMP_PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
XMP_DC = "{http://purl.org/dc/elements/1.1/}"


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _struct_form_widgets(root: DictionaryObject) -> int:
    """Count widget annotations referenced (OBJR) from /Form structure elements of the structure tree."""
    count = 0
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = _resolve(stack.pop())
        if isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, DictionaryObject):
            kids = node.get("/K")
            if node.get("/S") == "/Form":
                refs = kids if isinstance(kids, ArrayObject) else [kids]
                count += sum(1 for k in refs if isinstance(_resolve(k), DictionaryObject)
                             and _resolve(k).get("/Type") == "/OBJR")
            if kids is not None:
                stack.append(kids)
    return count


def _is_true(value: object) -> bool:
    """A PDF boolean that is true (pypdf's BooleanObject is always truthy as an object; its value is not)."""
    return isinstance(value, BooleanObject) and value.value is True


def _xmp(root: DictionaryObject) -> ET.Element:
    return ET.fromstring(root["/Metadata"].get_object().get_data())


def _xmp_value(xmp: ET.Element, name: str) -> str | None:
    """An XMP property written either as an attribute of rdf:Description or as an element."""
    for description in xmp.iter(f"{XMP_RDF}Description"):
        if name in description.attrib:
            return description.attrib[name]
        element = description.find(name)
        if element is not None:
            return _norm("".join(element.itertext()))
    return None


def _all_pdfs(site: Path) -> list[Path]:
    return sorted(site.rglob("*.pdf"))


@dataclass
class WebFields:
    """What the worksheet's web page calls each form field (its accessible name), read from the built HTML."""

    label_for: dict[str, str] = field(default_factory=dict)
    controls: list[dict[str, str]] = field(default_factory=list)

    def name_of(self, control: dict[str, str]) -> str:
        return self.label_for.get(control.get("id", ""), "") or control.get("aria-label", "")


class _FieldParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = WebFields()
        self._label: str | None = None
        self._label_text: list[str] = []
        self._legends: list[list[str]] = []
        self._in_legend = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "label" and "for" in attributes:
            self._label, self._label_text = attributes["for"], []
        elif tag == "fieldset":
            self._legends.append([])
        elif tag == "legend":
            self._in_legend = True
        elif tag in ("input", "textarea", "select") and attributes.get("name"):
            legend = _norm("".join(self._legends[-1])) if self._legends else ""
            self.result.controls.append({**attributes, "tag": tag, "legend": legend})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label is not None:
            self.result.label_for[self._label] = _norm("".join(self._label_text))
            self._label = None
        elif tag == "fieldset" and self._legends:
            self._legends.pop()
        elif tag == "legend":
            self._in_legend = False

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label_text.append(data)
        if self._in_legend and self._legends:
            self._legends[-1].append(data)


def _web_fields(page_html: str) -> WebFields:
    form = page_html[page_html.index('<form class="tg-worksheet"'):]
    form = form[: form.index("</form>") + len("</form>")]
    parser = _FieldParser()
    parser.feed(form)
    return parser.result


def _check_pdf_ua(path: Path, site: Path) -> list[str]:
    """Everything PDF/UA-1 asks that pypdf can read back; returns one line per problem."""
    where = path.relative_to(site).as_posix()
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    problems = []
    mark_info = root.get("/MarkInfo")
    if not (mark_info and _is_true(mark_info.get("/Marked"))):
        problems.append(f"{where}: /MarkInfo /Marked is not true")
    if "/StructTreeRoot" not in root:
        problems.append(f"{where}: no /StructTreeRoot")
    if not str(root.get("/Lang", "")).strip():
        problems.append(f"{where}: no /Lang")
    title = (reader.metadata or {}).get("/Title", "")
    if not str(title).strip():
        problems.append(f"{where}: no document title in the metadata")
    preferences = _resolve(root.get("/ViewerPreferences")) or {}
    if not _is_true(preferences.get("/DisplayDocTitle")):
        problems.append(f"{where}: /ViewerPreferences /DisplayDocTitle is not true")
    if "/Metadata" not in root:
        problems.append(f"{where}: no XMP metadata")
    else:
        xmp = _xmp(root)
        if _xmp_value(xmp, f"{XMP_PDFUAID}part") != "1":
            problems.append(f"{where}: XMP has no pdfuaid:part 1")
        if _xmp_value(xmp, f"{XMP_DC}title") != _norm(str(title)):
            problems.append(f"{where}: XMP dc:title {_xmp_value(xmp, f'{XMP_DC}title')!r} differs from /Title {title!r}")
    widgets = 0
    for number, pdf_page in enumerate(reader.pages, start=1):
        annotations = [_resolve(a) for a in pdf_page.get("/Annots", [])]
        page_widgets = [a for a in annotations if a.get("/Subtype") == "/Widget"]
        widgets += len(page_widgets)
        if annotations and pdf_page.get("/Tabs") != "/S":
            problems.append(f"{where}: page {number} has annotations but no /Tabs /S (structure order)")
        for widget in page_widgets:
            if "/StructParent" not in widget:
                problems.append(f"{where}: page {number}: field {widget.get('/T')!r} is not in the structure tree")
            parent = _resolve(widget.get("/Parent"))
            tooltip = widget.get("/TU") or (parent.get("/TU") if parent else None)
            if not str(tooltip or "").strip():
                problems.append(f"{where}: page {number}: field {widget.get('/T')!r} has no tooltip /TU")
    if "/StructTreeRoot" in root and _struct_form_widgets(root) != widgets:
        problems.append(f"{where}: {widgets} field widgets but {_struct_form_widgets(root)} /Form structure elements")
    return problems


def test_every_pdf_is_tagged_pdf_ua(built_site: Path) -> None:
    pdfs = _all_pdfs(built_site)
    assert len([p for p in pdfs if p.parent.name == "pdf" and p.parent.parent.name == "worksheets"]) >= 22
    problems = [line for path in pdfs for line in _check_pdf_ua(path, built_site)]
    # The handbooks, which only the run's warm build renders (built_site has none: TRUSTGUIDE_HANDBOOK=false).
    guide = warm_builds() / "guide"
    handbooks = sorted(guide.rglob("handbook/*.pdf"))
    assert handbooks
    problems += [line for path in handbooks for line in _check_pdf_ua(path, guide)]
    assert not problems, "\n".join(problems)


def test_worksheet_pdf_tooltips_are_the_web_labels(built_site: Path) -> None:
    problems: list[str] = []
    checked = 0
    for path in sorted((built_site / "worksheets" / "pdf").glob("*.pdf")):
        worksheet_id = re.sub(r"-(a4|letter)$", "", path.stem)
        web = _web_fields((built_site / "worksheets" / worksheet_id / "index.html").read_text(encoding="utf-8"))
        by_name: dict[str, list[dict[str, str]]] = {}
        for control in web.controls:
            by_name.setdefault(control["name"], []).append(control)
        reader = PdfReader(path)
        assert reader.metadata.title == _norm(_title_of(built_site, worksheet_id)), path.name
        for pdf_page in reader.pages:
            for widget in (_resolve(a) for a in pdf_page.get("/Annots", [])):
                if widget.get("/Subtype") != "/Widget":
                    continue
                name = str(widget["/T"])
                controls = by_name.get(name)
                if not controls:
                    problems.append(f"{path.name}: field {name!r} is not on the web page")
                    continue
                parent = _resolve(widget.get("/Parent"))
                if parent is not None and "/Kids" in parent:  # a radio button inside its group
                    position = [_resolve(k) for k in parent["/Kids"]].index(widget)
                    expected = controls[position].get("legend", "")
                    if str(parent.get("/TU")) != expected:
                        problems.append(f"{path.name}: radio group {name!r} tooltip {str(parent.get('/TU'))!r}, "
                                        f"web legend {expected!r}")
                    control = controls[position]
                else:
                    control = controls[0]
                expected = web.name_of(control)
                if not expected or _norm(str(widget.get("/TU", ""))) != expected:
                    problems.append(f"{path.name}: field {name!r} tooltip {str(widget.get('/TU'))!r}, web name {expected!r}")
                checked += 1
    assert checked > 100, f"only {checked} fields checked"
    assert not problems, "\n".join(problems)


def _title_of(site: Path, worksheet_id: str) -> str:
    text = (site / "worksheets" / worksheet_id / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<h(\d) class="tg-sheet-title">(.*?)</h\1>', text, re.S)
    assert match, f"worksheets/{worksheet_id}/: no worksheet title"
    return html.unescape(match.group(2))
