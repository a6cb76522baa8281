"""Self-hosting as an organisation does it: the shipped deploy/nginx.conf in Debian's nginx, every page in Chromium
under its Content-Security-Policy (at the root and under a sub-path), the offline zip opened from disk, and two
builds compared byte for byte."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import struct
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import BIN, EPOCH, OFFLINE_ZIP, ROOT, run, run_with_epoch, tree_digest, trustguide, unzip_offline, warm_builds
from servers import Server, nginx

SUBPATH = "/guide/"
QUERY = "competence"  # found in the guide's text, in no page's address
PRIVATE = "Private note 4711"  # what a reader types into a worksheet or the planner

# Reports CSP violations of every document (frames included) as console errors, which the tests collect; stubs the
# browser's print dialog (it is the browser's, not the site's) so a click on "Print" can be counted.
WATCH_SCRIPT = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " in " +
                e.sourceFile + ":" + e.lineNumber);
});
window.__tgPrints = 0;
window.print = () => { window.__tgPrints += 1; };
"""


# ---------------------------------------------------------------------------------------------------------------------
# Builds and servers


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built for https://example.org/guide/, as an organisation serving it under a sub-path would."""
    site = tmp_path_factory.mktemp("subpath") / "site"
    result = trustguide("build", "--site-url", f"https://example.org{SUBPATH}", "--site-dir", str(site), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def subpath_server(subpath_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with nginx(tmp_path_factory.mktemp("nginx-subpath"), subpath_site, SUBPATH) as server:
        yield server


@pytest.fixture(params=["root", "subpath"])
def hosted(request: pytest.FixtureRequest, built_site: Path) -> tuple[Server, Path]:
    """Each browser test runs against both: the site at the domain root and under /guide/."""
    if request.param == "root":
        return request.getfixturevalue("root_server"), built_site
    return request.getfixturevalue("subpath_server"), request.getfixturevalue("subpath_site")


# ---------------------------------------------------------------------------------------------------------------------
# Helpers


class _Collect(HTMLParser):
    """Scripts, event-handler attributes and local links of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self.script_srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if re.fullmatch(r"on[a-z]+", name):  # onclick, onload...: inline code a strict CSP blocks
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            if values.get("src"):
                self.script_srcs.append(values["src"] or "")
            elif (values.get("type") or "").lower() != "application/json":
                self.inline_scripts.append(str(values))
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "link", "script", "img", "source"):
                self.links.append(values[name] or "")


def collect(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_paths(site: Path) -> list[str]:
    """Every page of a site built with directory URLs, as the URL path under the site's root (404 page excluded)."""
    paths = []
    for path in html_files(site):
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        paths.append(relative.removesuffix("index.html"))
    return paths


def fetch(url: str, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    """One request, no redirect following: status, headers (lower-case names), body as sent."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


class Watch:
    """Everything a page does that a reader would not want: console errors, CSP violations, uncaught errors, and any
    request that leaves the allowed origins."""

    def __init__(self, page, allowed: tuple[str, ...]) -> None:
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.methods: set[str] = set()
        self.allowed = allowed
        page.context.add_init_script(WATCH_SCRIPT)
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))
        page.context.on("request", self._request)

    def _request(self, request) -> None:
        self.requests.append(request.url)
        self.methods.add(request.method)

    def outside(self) -> list[str]:
        return sorted({u for u in self.requests if not u.startswith(self.allowed)})

    def carrying(self, text: str) -> list[str]:
        return [u for u in self.requests if text.lower() in unquote(u).lower()]


def result_hrefs(results) -> list[str]:
    """The result links' addresses; read again if the list is redrawn while being read (a later result replaces it)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(5):
        try:
            return [results.nth(i).get_attribute("href", timeout=2000) or "" for i in range(results.count())]
        except PlaywrightTimeout:
            continue
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def search(page, query: str):
    """Search as a reader does: click the field, type, wait for the result list; returns the result links."""
    # Locators only: Playwright's wait_for_function evaluates strings in the page, which the CSP rightly refuses.
    page.locator(".md-search__input").click()
    page.locator(".md-search-result__meta").filter(has_not_text="Initializing search").wait_for(timeout=20000)
    page.locator(".md-search__input").press_sequentially(query, delay=20)  # Material searches on key events
    # Results for the whole query (not for a prefix typed so far) have the query's words marked.
    page.locator(".md-search-result__list mark").filter(has_text=re.compile(query, re.IGNORECASE)).first.wait_for(timeout=20000)
    return page.locator(".md-search-result__link")


# ---------------------------------------------------------------------------------------------------------------------
# The pages themselves: nothing inline that a strict CSP would block


def test_no_inline_script_or_event_handler_in_any_page(built_site: Path) -> None:
    offenders = []
    for path in html_files(built_site):
        found = collect(path)
        where = path.relative_to(built_site).as_posix()
        offenders += [f"{where}: inline <script {attrs}>" for attrs in found.inline_scripts]
        offenders += [f"{where}: {handler}" for handler in found.handlers]
        for src in found.script_srcs:
            if not urlsplit(src).scheme and not (path.parent / unquote(src.split("?")[0])).resolve().is_file() \
                    and not src.startswith("/"):
                offenders.append(f"{where}: <script src={src!r}> points at no file")
    assert offenders == []
    assert len(html_files(built_site)) >= 30


def test_the_build_names_each_cached_script_by_its_content_hash(built_site: Path) -> None:
    """The moved Material scripts and the search worker are cached for a year (deploy/nginx.conf), so the name a page
    loads must change with the content: the build computes it; the sources keep plain names."""
    folder = ROOT / "docs/assets/javascripts"
    page = (built_site / "index.html").read_text(encoding="utf-8")
    loaded = set(re.findall(r'(?:src|data-tg-worker)="(?:\.\./)*(assets/javascripts/[^"]+)"', page))
    for source in ("md-bootstrap.js", "md-palette.js", "md-content.js", "tg-search.js", "workers/tg-search-worker.js"):
        digest = hashlib.sha256((folder / source).read_bytes()).hexdigest()[:8]
        name = f"assets/javascripts/{source.removesuffix('.js')}.{digest}.js"
        assert name in loaded, (name, sorted(loaded))
        assert (built_site / name).read_bytes() == (folder / source).read_bytes()
        assert not (built_site / "assets/javascripts" / source).exists()  # only the hashed name is published
    assert "MIT" in (built_site / "assets/javascripts/LICENSE-material.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------------------
# nginx: headers, compression, caching, redirects and 404 at the root and under a sub-path


@pytest.mark.parametrize("prefix", ["/", SUBPATH])
def test_hidden_files_are_never_served_and_the_bare_sub_path_is_redirected(tmp_path: Path, prefix: str) -> None:
    """A published folder may hold a .git/ or an .env that someone copied in: the shipped server refuses every
    hidden file. Under a sub-path, its address typed without the last slash leads to the guide, not a 404."""
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / ".git" / "config").write_text("[remote] url = secret", encoding="utf-8")
    (site / ".env").write_text("TOKEN=secret", encoding="utf-8")
    (site / "index.html").write_text("<!doctype html><title>Guide</title>", encoding="utf-8")
    (site / "404.html").write_text("<!doctype html><title>Not found</title>", encoding="utf-8")
    with nginx(tmp_path / "nginx", site, prefix) as server:
        for hidden in (".git/config", ".env", ".trustguide-site", "deeper/.env"):
            status, _, body = fetch(server.url + hidden)
            assert status == 404 and b"secret" not in body, hidden
        assert fetch(server.url)[0] == 200
        if prefix != "/":
            status, headers, _ = fetch(server.origin + prefix.rstrip("/"))
            assert status == 301 and headers.get("location") == prefix, headers


def test_a_missing_page_is_answered_in_its_languages_404_page_with_no_block_per_language(tmp_path: Path) -> None:
    """deploy/nginx.conf names no language: the first two-letter folder picks the 404 page, English otherwise."""
    assert "/de/" not in "".join(line for line in (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8").splitlines()
                                 if not line.lstrip().startswith("#"))
    with nginx(tmp_path, warm_builds() / "guide", "/") as server:  # every language of the guide
        status, _, body = fetch(server.url + "de/keine-solche-seite/")
        assert status == 404 and b'<html lang="de"' in body
        for missing in ("no-such-page/", "xx/not-a-language/", "foundations/nope/"):
            status, _, body = fetch(server.url + missing)
            assert status == 404 and b'<html lang="en"' in body, missing


def test_a_missing_german_page_under_the_sub_path_is_answered_in_german(subpath_server: Server) -> None:
    # The sub-path block once had the English 404 page only: a German reader got English, and its search box
    # searched the English index.
    status, _, body = fetch(subpath_server.url + "de/keine-solche-seite/tiefer/")
    assert status == 404 and b'<html lang="de"' in body
    status, _, body = fetch(subpath_server.url + "no-such-page/")
    assert status == 404 and b'<html lang="en"' in body
    status, _, body = fetch(subpath_server.url + "de/")
    assert status == 200 and b'<html lang="de"' in body


def test_security_headers_on_every_kind_of_response(hosted: tuple[Server, Path]) -> None:
    server, _ = hosted
    responses = {
        "page": fetch(server.url),
        "asset": fetch(server.url + "assets/javascripts/trustguide.js"),
        "redirect": fetch(server.url + "foundations/cognitive-trust"),
        "not found": fetch(server.url + "no-such-page/"),
    }
    assert [r[0] for r in responses.values()] == [200, 200, 301, 404]
    for kind, (_, headers, _) in responses.items():
        csp = csp_directives(headers.get("content-security-policy", ""))
        assert csp.get("script-src") == ["'self'"], kind
        assert csp.get("default-src") == ["'none'"], kind
        assert csp.get("worker-src") == ["'self'"] and csp.get("connect-src") == ["'self'"], kind
        assert csp.get("frame-ancestors") == ["'none'"] and csp.get("object-src") == ["'none'"], kind
        assert csp.get("base-uri") == ["'self'"] and csp.get("form-action") == ["'none'"], kind
        sources = [s for values in csp.values() for s in values]
        assert "'unsafe-eval'" not in sources, kind
        assert [d for d, v in csp.items() if "'unsafe-inline'" in v] == ["style-src-attr"], kind
        assert all(s.startswith("'") or s == "data:" for s in sources), f"{kind}: another origin in {sources}"
        assert headers.get("x-frame-options") == "DENY", kind
        assert headers.get("x-content-type-options") == "nosniff", kind
        assert headers.get("referrer-policy") == "no-referrer", kind
        policy = headers.get("permissions-policy", "")
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, kind
        assert "server" not in headers or "/" not in headers["server"], "nginx version is shown"
    # Relative redirect to the page with its slash, under the sub-path too.
    assert responses["redirect"][1]["location"] == urlsplit(server.url).path + "foundations/cognitive-trust/"
    assert b"Trust Guide" in responses["not found"][2]


def test_compression_and_caching(hosted: tuple[Server, Path]) -> None:
    server, site = hosted
    hashed = sorted(p.relative_to(site).as_posix() for p in (site / "assets").rglob("*")
                    if re.search(r"\.[0-9a-f]{8}(?:\.min)?\.(?:js|css)$", p.name))
    assert any(h.startswith("assets/javascripts/bundle.") for h in hashed)
    assert any(h.startswith("assets/javascripts/md-palette.") for h in hashed)
    texts = ["", "search/search_index.json", "assets/javascripts/trustguide.js", *hashed]
    for path in texts:
        status, headers, body = fetch(server.url + path, gzip_ok=True)
        assert status == 200, path
        assert headers.get("content-encoding") == "gzip", path
        local = site / (path or "index.html")
        assert gzip.decompress(body) == local.read_bytes(), path
        if path in hashed:
            assert headers["cache-control"] == "public, max-age=31536000, immutable", path
        else:
            assert headers["cache-control"] == "no-cache", path
    pdf = next((site / "worksheets/pdf").glob("*.pdf")).relative_to(site).as_posix()
    status, headers, _ = fetch(server.url + pdf)
    assert (status, headers["content-type"], headers["cache-control"]) == (200, "application/pdf", "no-cache")


# ---------------------------------------------------------------------------------------------------------------------
# Chromium behind nginx: every page, search, worksheets, palette


@pytest.mark.browser
def test_every_page_loads_clean_under_the_csp(hosted: tuple[Server, Path], browser_page) -> None:
    """Every page at the root; under the sub-path, whose risk is in its addresses, the first page of each folder
    (each kind of page: knowledge, worksheet, plan, tool, planner, References) and the 404 page."""
    server, site = hosted
    visit_every_page(server, site, browser_page, one_per_section=server.url.rstrip("/").endswith("/guide"))


@pytest.mark.browser
def test_an_organisations_branded_guide_loads_clean_under_the_csp(branded_site: Path, browser_page,
                                                                  tmp_path: Path) -> None:
    """Branding (a logo, a brand style sheet, its own pages) must not need anything the policy refuses: the same on
    every page, so the first page of each folder (the organisation's own folder too) and the 404 page."""
    with nginx(tmp_path / "nginx", branded_site) as server:
        visit_every_page(server, branded_site, browser_page, one_per_section=True)
        browser_page.goto(server.url, wait_until="networkidle")
        logo = browser_page.locator(".md-header .md-logo img")
        assert logo.count() == 1 and logo.evaluate("(img) => img.naturalWidth") > 0, "the organisation's logo did not load"


@pytest.mark.browser
def test_organisation_pages_in_nav_and_search_and_the_part_left_out_nowhere(branded_site: Path, browser_page,
                                                                            tmp_path: Path) -> None:
    """Northwind's own pages are in the navigation and found by search; its left-out part (accountability) is not."""
    with nginx(tmp_path / "nginx", branded_site) as server:
        watch = Watch(browser_page, (server.origin + "/", "data:"))
        browser_page.goto(server.url, wait_until="networkidle")
        nav = browser_page.locator("nav.md-nav--primary")
        assert nav.get_by_text("At Northwind", exact=True).count() >= 1
        assert nav.locator('a[href$="northwind/confidentiality-policy/"]').count() == 1
        assert nav.locator('a[href*="accountability/"]').count() == 0
        assert nav.get_by_text("Performance and accountability").count() == 0
        hrefs = result_hrefs(search(browser_page, "Northwind"))
        assert any("northwind/" in h for h in hrefs), hrefs
        browser_page.goto(server.url, wait_until="networkidle")
        hrefs = result_hrefs(search(browser_page, "manager"))
        left_out = ("accountability/", "sessions/value-question-cycle/", "worksheets/manager-value-question/")
        assert hrefs and not [h for h in hrefs if urlsplit(h).path.startswith(tuple("/" + p for p in left_out))], hrefs
        response = browser_page.goto(server.url + "accountability/trust-divide/", wait_until="networkidle")
        assert response is not None and response.status == 404
        assert watch.outside() == []


def visit_every_page(server: Server, site: Path, browser_page, under: str = "", one_per_section: bool = False) -> None:
    """Open every page of `site` from `server` (those under the folder `under`, e.g. "de/"; with `one_per_section`,
    the first page of each folder only) and the 404 page; fail on anything a reader should not meet.

    Each page is opened until its load event: its style sheets, scripts, images, and the policy's refusals of any
    of them, are in by then. Each language's home page is also held until the network is quiet for half a second,
    where what the scripts fetch later shows (the search index, the language switcher's sitemaps): every page
    loads the same scripts, and waiting half a second on each was three quarters of the walk.
    """
    watch = Watch(browser_page, (server.origin + "/", "data:"))
    paths = [path for path in page_paths(site) if path.startswith(under)]
    assert under in paths and f"{under}worksheets/" in paths
    if one_per_section:
        first: dict[str, str] = {}
        for path in paths:
            folders = path.removeprefix(under).rstrip("/").split("/")
            first.setdefault("/".join(folders[:-1]) or folders[0], path)
        paths = list(first.values())
    failures = []
    for path in paths:
        home = re.fullmatch(r"(?:[a-z]{2}/)?", path.removeprefix(under)) is not None
        response = browser_page.goto(server.url + path, wait_until="networkidle" if home else "load")
        if response is None or response.status != 200:
            failures.append(f"{path}: HTTP {response.status if response else 'no response'}")
        if not browser_page.title().strip() or browser_page.locator("article").count() != 1:
            failures.append(f"{path}: no title or no article")
    assert failures == []
    assert watch.problems == []
    response = browser_page.goto(server.url + "no-such-page/", wait_until="networkidle")
    assert response is not None and response.status == 404
    header_position = browser_page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
    assert header_position == "sticky", "the 404 page lost its style sheets"
    assert [p for p in watch.problems if "status of 404" not in p] == [], "the 404 page itself must load clean"
    assert watch.outside() == []
    assert any(u.endswith("search/search_index.json") for u in watch.requests), "the search worker never loaded its index"
    assert watch.methods == {"GET"}
    assert browser_page.context.cookies() == []


@pytest.mark.browser
def test_search_finds_and_opens_a_page(hosted: tuple[Server, Path], browser_page) -> None:
    server, _ = hosted
    watch = Watch(browser_page, (server.origin + "/", "data:"))
    browser_page.goto(server.url + "foundations/why-trust-matters/", wait_until="networkidle")
    results = search(browser_page, QUERY)
    assert results.count() >= 1
    assert watch.carrying(QUERY) == [], "typing a search sent it somewhere"
    href = results.first.get_attribute("href") or ""
    assert href.startswith(server.url), f"result {href} is outside {server.url}"
    results.first.click()
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.url.startswith(server.url)
    assert QUERY in browser_page.locator("article").inner_text().lower()
    assert watch.problems == []
    assert watch.outside() == []
    assert watch.methods == {"GET"}
    # Opening a result opens its plain address: the words reach no server, not even the guide's own.
    assert watch.carrying(QUERY) == [], "opening a result sent the searched words"
    assert urlsplit(browser_page.url).query == ""
    log = server.access_log.read_text()
    assert urlsplit(browser_page.url).path in log and QUERY not in log.lower()


@pytest.mark.browser
def test_worksheet_fill_in_and_print_work_under_the_csp(hosted: tuple[Server, Path], browser_page) -> None:
    server, site = hosted
    watch = Watch(browser_page, (server.origin + "/", "data:"))
    sheet = next(p for p in sorted((site / "worksheets").glob("*/index.html")) if "tg-worksheet" in p.read_text())
    url = server.url + sheet.parent.relative_to(site).as_posix() + "/"
    browser_page.goto(url, wait_until="networkidle")
    field = browser_page.locator("form.tg-worksheet input[type=text]").first
    field.fill(PRIVATE)
    field.press("Enter")  # a reader's habit: the form must not be submitted anywhere (form-action 'none')
    browser_page.reload(wait_until="networkidle")
    assert field.input_value() == PRIVATE
    keys = browser_page.evaluate("Object.keys(localStorage)")
    assert any(k.startswith("trustguide:worksheet:") for k in keys), keys
    browser_page.locator(".tg-worksheet-tools .tg-print").first.click()
    assert browser_page.evaluate("window.__tgPrints") == 1
    assert watch.problems == []
    assert watch.outside() == []
    assert watch.carrying(PRIVATE) == [] and watch.methods == {"GET"}
    assert PRIVATE not in server.access_log.read_text()
    assert browser_page.context.cookies() == []


@pytest.mark.browser
def test_planner_input_stays_in_the_browser(hosted: tuple[Server, Path], browser_page) -> None:
    """The session planner, if the guide has one: everything typed and every button pressed stays in the page."""
    server, site = hosted
    if not (site / "planner/index.html").is_file():
        pytest.skip("no planner page in this build")
    watch = Watch(browser_page, (server.origin + "/", "data:"))
    browser_page.goto(server.url + "planner/", wait_until="networkidle")
    article = browser_page.locator("article")
    typed = 0
    for field in article.locator("input[type=text], textarea").all():
        if field.is_visible() and field.is_editable():
            field.fill(f"{PRIVATE} {typed}")
            field.press("Enter")
            typed += 1
    assert typed >= 1
    for button in article.locator("button").all():
        if button.is_visible() and button.is_enabled():
            button.click()
    browser_page.wait_for_load_state("networkidle")
    assert watch.problems == []
    assert watch.outside() == []
    assert watch.carrying(PRIVATE) == [] and watch.methods == {"GET"}
    assert PRIVATE not in server.access_log.read_text()
    assert browser_page.context.cookies() == []


@pytest.mark.browser
def test_saved_palette_is_scoped_to_the_site_and_applied_before_first_paint(hosted: tuple[Server, Path],
                                                                            browser_page) -> None:
    """Material's palette script, moved into a file, still restores the reader's choice before anything is painted."""
    server, _ = hosted
    watch = Watch(browser_page, (server.origin + "/", "data:"))
    browser_page.context.add_init_script("""
      new MutationObserver((changes) => {
        for (const c of changes) {
          if (c.target === document.body && c.attributeName === "data-md-color-scheme" && window.__tgSchemeAt === undefined)
            window.__tgSchemeAt = performance.now();
        }
      }).observe(document, {attributes: true, subtree: true});
    """)
    browser_page.goto(server.url, wait_until="networkidle")
    assert browser_page.evaluate("document.body.dataset.mdColorScheme") == "default"
    browser_page.locator("label[for=__palette_1]").click()
    assert browser_page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    keys = browser_page.evaluate("Object.keys(localStorage)")
    assert f"{urlsplit(server.url).path}.__palette" in keys, keys
    for path in ("foundations/cognitive-trust/", "worksheets/"):
        browser_page.goto(server.url + path, wait_until="networkidle")
        scheme, changed_at, painted_at = browser_page.evaluate("""[
          document.body.dataset.mdColorScheme, window.__tgSchemeAt,
          (performance.getEntriesByName("first-paint")[0] || {}).startTime]""")
        assert scheme == "slate", path
        assert changed_at is not None and painted_at is not None and changed_at < painted_at, (path, changed_at, painted_at)
    assert watch.problems == []


# ---------------------------------------------------------------------------------------------------------------------
# The offline zip, unzipped and opened from disk


def test_offline_zip_is_a_self_contained_guide_with_its_pdfs(offline_project: Path, built_site: Path) -> None:
    archive = offline_project / OFFLINE_ZIP
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        infos = bundle.infolist()
    assert names == sorted(names)
    assert all(n.startswith("trustguide-offline/") for n in names)
    assert "trustguide-offline/index.html" in names
    assert "trustguide-offline/search/search_index.js" in names, "the offline plugin's inlined search index is missing"
    assert "trustguide-offline/foundations/cognitive-trust.html" in names, "directory URLs were not switched off"
    pdfs = {n.rsplit("/", 1)[1] for n in names if n.endswith(".pdf")}
    assert pdfs and pdfs == {p.name for p in built_site.rglob("*.pdf")}
    epoch_time = datetime.fromtimestamp(int(EPOCH), tz=UTC).timetuple()[:6]
    assert {i.date_time for i in infos} == {epoch_time}
    assert {(i.external_attr >> 16) for i in infos} == {0o100644, 0o040755}


def test_offline_zip_links_all_resolve_inside_it(offline_project: Path, tmp_path: Path) -> None:
    root = unzip_offline(offline_project, tmp_path)
    broken = []
    for path in html_files(root):
        for link in collect(path).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "//")) or not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                broken.append(f"{path.relative_to(root)}: {link} is a folder (a directory URL left in the offline build)")
            elif not target.is_file():
                broken.append(f"{path.relative_to(root)}: {link} points at no file")
    assert broken == [], "\n".join(broken)


@pytest.mark.browser
def test_offline_zip_works_from_disk_with_search(offline_project: Path, tmp_path: Path, browser_page) -> None:
    root = unzip_offline(offline_project, tmp_path)
    watch = Watch(browser_page, ("file://", "data:"))
    for page in html_files(root):
        browser_page.goto(page.as_uri(), wait_until="load")
    assert watch.problems == [], "a page of the offline bundle does not load cleanly from disk"
    browser_page.goto((root / "index.html").as_uri(), wait_until="load")
    browser_page.locator(".md-nav__link[href$='.html']").filter(has_text="Cognitive trust").first.click()
    browser_page.wait_for_load_state("load")
    assert browser_page.url.endswith("/foundations/cognitive-trust.html")
    assert "ognitive trust" in browser_page.locator("h1").first.inner_text()
    results = search(browser_page, QUERY)
    href = results.first.get_attribute("href") or ""
    assert href.startswith(root.as_uri()), href
    results.first.click()
    browser_page.wait_for_load_state("load")
    opened = Path(unquote(urlsplit(browser_page.url).path))
    assert opened.is_file() and opened.suffix == ".html"
    assert QUERY in browser_page.locator("article").inner_text().lower()
    assert any(u.endswith("search/search_index.js") for u in watch.requests), "the inlined search index was not loaded"
    assert watch.outside() == []
    assert watch.problems == []


def test_every_page_carries_the_servers_policy_for_any_server_and_for_disk(built_site: Path) -> None:
    """The policy nginx sends, in every page as a meta element (but frame-ancestors, which only a header can
    carry): a plain static server and the guide opened from disk hold the same line."""
    shipped = re.search(r'add_header Content-Security-Policy "([^"]+)"', (ROOT / "deploy" / "nginx.conf").read_text())
    assert shipped is not None
    header = csp_directives(shipped.group(1))
    del header["frame-ancestors"]
    pages = html_files(built_site)
    assert len(pages) > 40
    for page in pages:
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page.read_text())
        assert len(found) == 1 and csp_directives(found[0]) == header, page
        text = page.read_text()
        policy = text.index("Content-Security-Policy")
        assert policy < text.index("<script") and policy < text.index('<link rel="stylesheet"'), page


@pytest.mark.browser
def test_markup_slipped_into_a_page_does_not_run_or_fetch_from_disk(offline_project: Path, tmp_path: Path,
                                                                    browser_page) -> None:
    """Should a script or a remote image reach a page after the checks (edited in the unzipped folder, say), the
    page's own policy stops it from disk, with no server to send a header."""
    root = unzip_offline(offline_project, tmp_path)
    page = root / "index.html"
    page.write_text(page.read_text().replace("<article", '<script>document.title = "ran";</script>'
                                             '<img src="https://evil.example/pixel.png" alt=""><article', 1))
    watch = Watch(browser_page, ("file://", "data:"))
    browser_page.goto(page.as_uri(), wait_until="load")
    assert browser_page.title() != "ran"
    assert any("Content Security Policy" in p or "CSP" in p for p in watch.problems), watch.problems
    assert any("img-src blocked https://evil.example/pixel.png" in p for p in watch.problems), watch.problems
    assert browser_page.evaluate("document.querySelector('img[src*=evil]').naturalWidth") == 0


@pytest.mark.browser
def test_offline_zip_planner_and_plan_pages_work_from_disk(offline_project: Path, tmp_path: Path, browser_page) -> None:
    """In a room without a network: plan the session from the unzipped guide and open what it links to."""
    root = unzip_offline(offline_project, tmp_path)
    watch = Watch(browser_page, ("file://", "data:"))
    browser_page.goto((root / "planner.html").as_uri(), wait_until="load")
    browser_page.get_by_label("Start time").fill("10:00")
    browser_page.get_by_label("Activity or worksheet").select_option("ws.peer-group-charter")
    browser_page.get_by_role("button", name="Add to session").click()
    row = browser_page.locator("#tg-planner-rows tr").first
    assert row.locator(".tg-clock").inner_text().startswith("10:00–")
    address = browser_page.url
    browser_page.goto("about:blank")
    browser_page.goto(address, wait_until="load")
    assert browser_page.locator("#tg-planner-rows tr").count() == 1
    browser_page.get_by_role("link", name="Peer-coaching group charter").click()
    browser_page.wait_for_load_state("load")
    assert browser_page.url.endswith("/worksheets/peer-group-charter.html")
    browser_page.goto((root / "sessions/peer-coaching-launch.html").as_uri(), wait_until="load")
    browser_page.get_by_label("Start time").fill("13:30")
    assert browser_page.locator(".tg-plan .tg-clock .tg-from").first.inner_text() == "13:30"
    pdf = browser_page.locator("a.tg-download").first.get_attribute("href") or ""
    assert (root / "sessions" / pdf).resolve().is_file(), pdf
    assert watch.outside() == []
    assert watch.problems == []


def test_offline_zip_results_tools_work_from_disk(offline_project: Path, tmp_path: Path, browser_page) -> None:
    """After the session, without a network: tally the pulse sheets and open the plan in the planner from disk."""
    root = unzip_offline(offline_project, tmp_path)
    watch = Watch(browser_page, ("file://", "data:", "blob:"))
    browser_page.goto((root / "tools/pulse-tally.html").as_uri(), wait_until="load")
    browser_page.get_by_label("Agreed minimum number of answers").fill("2")
    for rating in ("4", "2"):
        for key in ("keeping_promises", "sharing_information", "having_backs"):
            browser_page.select_option(f"#tg-pulse-{key}", rating)
        browser_page.get_by_role("button", name="Add this sheet").click()
    assert "Median 3" in " ".join(browser_page.locator(".tg-results-question").first.inner_text().split())
    with browser_page.expect_download() as download:
        browser_page.get_by_role("button", name="Save entries to a file").click()
    assert json.loads(Path(download.value.path()).read_text())["sheets"] == [[4, 4, 4], [2, 2, 2]]
    browser_page.goto((root / "sessions/team-trust-workshop.html").as_uri() + "#start=13:30", wait_until="load")
    browser_page.get_by_role("link", name="Open in the session planner").click()
    browser_page.wait_for_selector("#tg-planner-rows tr")
    assert browser_page.locator("#tg-planner-rows .tg-clock").first.inner_text() == "13:30–13:45"
    assert watch.outside() == []
    assert watch.problems == []


# ---------------------------------------------------------------------------------------------------------------------
# Reproducible builds


@pytest.mark.slow
def test_a_cold_build_is_byte_identical_to_the_runs_first_build(project: Path) -> None:
    """Same sources, SOURCE_DATE_EPOCH set, every cache wiped: the same bytes, PDFs and sitemap included, as the
    run's first build of the guide (warm_builds: in another folder, another process, earlier; on a new machine it
    was cold too, and from a cache its PDFs were rendered by an earlier run of the same code).

    Except the handbooks' renders, which the run makes once (warm_builds; about 20 CPU seconds each): their cached
    PDFs stay. So this build renders every page and every worksheet and run-sheet PDF cold, and must find each
    handbook under the key the run's first build gave it: the same pages, worksheets, plans, templates, catalog,
    date and machine. That the render itself gives the same bytes twice is test_handbook's (a small handbook)."""
    reference = warm_builds() / "guide"
    handbooks = {hashlib.sha256(p.read_bytes()).hexdigest() for p in reference.rglob("handbook/*.pdf")}
    assert handbooks
    for cached in (project / ".cache").rglob("*"):
        if cached.is_file() and not (cached.suffix == ".pdf" and hashlib.sha256(cached.read_bytes()).hexdigest() in handbooks):
            cached.unlink()
    result = run_with_epoch(["build", "--site-dir", "site-cold"], project, handbook=True)
    assert result.returncode == 0, result.stderr
    counts = re.findall(r"(Worksheet|Run sheet|Handbook) PDFs: (\d+) rendered, (\d+) reused", result.stderr)
    assert {kind for kind, _, _ in counts} == {"Worksheet", "Run sheet", "Handbook"}, result.stderr
    for kind, rendered, reused in counts:  # the PDFs rendered, not copied from a cache; the handbooks found in it
        if kind == "Handbook":
            assert rendered == "0" and int(reused) > 0, result.stderr
        else:
            assert reused == "0", result.stderr
    digests = [tree_digest(project / "site-cold"), tree_digest(reference)]
    assert digests[0] == digests[1]
    site = project / "site-cold"
    assert [p for p in digests[0] if p.endswith(".pdf")]
    gz = (site / "sitemap.xml.gz").read_bytes()
    # MkDocs stamps the gzip header with the pages' update date, which is SOURCE_DATE_EPOCH's day (UTC midnight).
    assert struct.unpack("<I", gz[4:8])[0] == int(EPOCH) // 86400 * 86400, "sitemap.xml.gz carries the build time"
    for pdf in sorted(site.rglob("*.pdf"))[:4]:
        data = pdf.read_bytes()
        # WeasyPrint writes no creation or modification date unless the page asks for one: nothing of the clock.
        assert b"/CreationDate" not in data and b"/ModDate" not in data and b"xmp:CreateDate" not in data, pdf.name


@pytest.mark.slow
def test_the_readmes_build_then_test_run_give_the_bytes_of_a_cold_build(project: Path, tmp_path: Path) -> None:
    """The README's two commands in a row on a fresh clone: `scripts/build.sh` fills .cache (no SOURCE_DATE_EPOCH,
    on the machine as setup.sh left it), then `scripts/test.sh`, whose setup installs Chromium and with it
    libharfbuzz-subset0, and whose first build (SOURCE_DATE_EPOCH set) must give the bytes of the cold build the
    test above compares with it. Before the fix build.sh's setup did not install HarfBuzz-subset: WeasyPrint subset
    the PDFs' fonts with fontTools, and the PDF cache, keyed without the machine's libraries, gave those PDFs to
    the test run. Here build.sh's machine is this one with HarfBuzz-subset hidden from the dynamic loader.

    The test run's own PDFs are the ones its first build rendered (warm_builds left them in .cache, which
    `project` copies): they are set aside for build.sh's build on a fresh clone, then join what it cached, as the
    run's first build would have added them when it found nothing to reuse. So only build.sh's PDFs are rendered."""
    pdf_cache = project / ".cache" / "trustguide" / "pdf"
    runs_pdfs = tmp_path / "runs-pdfs"
    pdf_cache.rename(runs_pdfs)
    hidden = tmp_path / "no-harfbuzz-subset"  # a file the loader finds first and cannot load: the library is missing
    hidden.mkdir()
    (hidden / "libharfbuzz-subset.so.0").write_bytes(b"")
    library_path = os.pathsep.join(p for p in [str(hidden), os.environ.get("LD_LIBRARY_PATH", "")] if p)
    result = run(["env", "-u", "SOURCE_DATE_EPOCH", f"LD_LIBRARY_PATH={library_path}", str(BIN / "trustguide"), "build"],
                 project)
    assert result.returncode == 0, result.stderr
    reference = warm_builds() / "guide"
    # build.sh's build has no handbook here (the tests render each once, in warm_builds); the second build, with it,
    # takes the run's handbooks from the cache like its other PDFs.
    pdfs = sorted(p.relative_to(reference).as_posix() for p in reference.rglob("*.pdf") if p.parent.name != "handbook")
    assert pdfs
    assert any((project / "site" / p).read_bytes() != (reference / p).read_bytes() for p in pdfs), (
        "without HarfBuzz-subset WeasyPrint renders other bytes; if it does not, this test shows nothing")

    for cached in runs_pdfs.iterdir():  # the run's first build rendered these: they join build.sh's
        if not (pdf_cache / cached.name).exists():
            shutil.copy2(cached, pdf_cache / cached.name)
    result = run_with_epoch(["build", "--site-dir", "site-run"], project, handbook=True)
    assert result.returncode == 0, result.stderr
    digests = [tree_digest(project / "site-run"), tree_digest(reference)]
    differing = sorted(p for p in digests[0].keys() | digests[1].keys() if digests[0].get(p) != digests[1].get(p))
    assert not differing, f"{len(differing)} files differ from a cold build's, e.g. {differing[:5]}"


@pytest.mark.slow
def test_two_offline_zips_are_byte_identical(offline_project: Path) -> None:
    first = (offline_project / OFFLINE_ZIP).read_bytes()
    result = run_with_epoch(["build", "--offline"], offline_project)
    assert result.returncode == 0, result.stderr
    assert (offline_project / OFFLINE_ZIP).read_bytes() == first


# ---------------------------------------------------------------------------------------------------------------------
# Mistakes: one message, a non-zero exit, nothing half-written


def test_offline_without_the_offline_plugin_is_one_located_error(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text()
    text, count = re.subn(r"(?m)^  - offline:\n      enabled: .*\n", "", text)
    assert count == 1
    config.write_text(text)
    result = trustguide("build", "--offline", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "mkdocs.yml: the offline bundle needs Material's offline plugin" in result.stderr
    assert not (project / OFFLINE_ZIP).exists()


@pytest.mark.parametrize(("args", "epoch", "code", "message"), [
    (["--site-url", "example.org/guide"], EPOCH, 2, "is not a web address like https://"),
    (["--offline", "--site-dir", "out"], EPOCH, 1, "--site-dir: does not apply to --offline"),
    ([], "yesterday", 1, "SOURCE_DATE_EPOCH: 'yesterday' is not a whole number of seconds"),
    (["--offline"], "yesterday", 1, "SOURCE_DATE_EPOCH: 'yesterday' is not a whole number of seconds"),
])
def test_build_option_mistakes_are_one_message(project: Path, args: list[str], epoch: str, code: int,
                                               message: str) -> None:
    result = run_with_epoch(["build", *args], project, epoch)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists() and not (project / OFFLINE_ZIP).exists()



# ---------------------------------------------------------------------------------------------------------------------
# The zip writer and SOURCE_DATE_EPOCH on their own


def test_zip_ignores_file_times_creation_order_and_modes(tmp_path: Path) -> None:
    from trustguide.output.hosting.bundle import write_zip
    from trustguide.output.hosting.reproducible import zip_date_time

    archives = []
    for run_number, names in enumerate((["b.html", "a/z.js", "a/c.css"], ["a/c.css", "b.html", "a/z.js"])):
        folder = tmp_path / f"tree-{run_number}"
        for offset, name in enumerate(names):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"content of {name}")
            path.chmod(0o600 if run_number else 0o664)
            os.utime(path, (1_000_000 * (offset + run_number + 1),) * 2)
        target = tmp_path / f"out-{run_number}.zip"
        write_zip(folder, target, "top", zip_date_time(int(EPOCH)))
        archives.append(target.read_bytes())
    assert archives[0] == archives[1]
    with zipfile.ZipFile(tmp_path / "out-0.zip") as bundle:
        assert bundle.namelist() == ["top/", "top/a/", "top/a/c.css", "top/a/z.js", "top/b.html"]
        assert bundle.read("top/a/z.js") == b"content of a/z.js"


@pytest.mark.parametrize(("value", "expected"), [("1700000000", 1700000000), (" 0 ", 0), ("", None)])
def test_source_date_epoch_is_read_as_seconds(value: str, expected: int | None) -> None:
    from trustguide.output.hosting.reproducible import source_date_epoch

    assert source_date_epoch({"SOURCE_DATE_EPOCH": value}) == expected
    assert source_date_epoch({}) is None


def test_zip_timestamps_stay_in_the_range_a_zip_can_hold() -> None:
    from trustguide.output.hosting.reproducible import zip_date_time

    assert zip_date_time(0) == (1980, 1, 1, 0, 0, 0)
    assert zip_date_time(int(EPOCH)) == (2023, 11, 14, 22, 13, 20)
