"""The guide's search box as a reader uses it, and the query set it is held to.

Queries are typed into Material's real search box in Chromium; what counts is the order of the result list the
reader sees (one entry per page), read from the page. Used by tests/test_search_ranking.py and by
scripts/search_report.py, which prints the whole ranking report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

QUERIES = Path(__file__).resolve().parent / "data" / "search_queries.yml"
# A query no page can match: typed between two queries, so that each result list read belongs to its own query.
_NOTHING = "qqzzxxjj"
_NO_RESULTS = "No matching documents"
# Material's own words for it in the site's language (theme.language): the German site says "Keine Suchergebnisse".
NO_RESULTS = {"en": _NO_RESULTS, "de": "Keine Suchergebnisse", "es": "No se encontraron documentos",
              "fr": "Aucun document trouvé"}


@dataclass(frozen=True)
class Expectation:
    page: str  # the page's address relative to the site root: "worksheets/team-trust-pulse/", "glossary/#chemistry"
    within: int  # 1: the first result; 3: among the first three


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    expect: tuple[Expectation, ...]
    absent: tuple[str, ...] = ()  # pages that must not appear at all (a part left out)


@dataclass
class Outcome:
    query: Query
    results: list[str] = field(default_factory=list)  # page addresses in the order shown

    anchors: dict[str, set[str]] = field(default_factory=dict)  # per page, the sections listed under it

    def rank(self, page: str) -> int | None:
        """1-based position of the page in the results; for "page/#section", of the page listing that section."""
        address, _, section = page.partition("#")
        for position, result in enumerate(self.results, start=1):
            if result == address and (not section or section in self.anchors.get(result, set())):
                return position
        return None

    def failures(self) -> list[str]:
        problems = []
        for expectation in self.query.expect:
            rank = self.rank(expectation.page)
            if rank is None or rank > expectation.within:
                where = "not found" if rank is None else f"at {rank}"
                wanted = "first" if expectation.within == 1 else f"in the top {expectation.within}"
                problems.append(f"{self.query.text!r}: {expectation.page} {where}, wanted {wanted}; "
                                f"got {', '.join(self.results[:5]) or 'no results'}")
        for page in self.query.absent:
            shown = [r for r in self.results if r.split("#")[0].startswith(page)]
            if shown:
                problems.append(f"{self.query.text!r}: {', '.join(shown)} shown, but that part is left out")
        return problems


def load_queries(path: Path = QUERIES, organisation: bool = False) -> list[Query]:
    """The guide's query set, or (organisation=True) the example organisation's, each with the left-out pages absent."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data["organisation"]["queries"] if organisation else data["queries"]
    absent = tuple(data["organisation"]["left_out"]) if organisation else ()
    queries = []
    for item in items:
        expect = tuple(Expectation(page, within) for page, within in _expectations(item))
        queries.append(Query(item["query"], item["kind"], expect, absent))
    return queries


def _expectations(item: dict) -> list[tuple[str, int]]:
    pairs = []
    if "first" in item:
        pairs.append((item["first"], 1))
    for page in item.get("top3", []):
        pairs.append((page, 3))
    return pairs


def _open_search(page) -> None:
    page.locator(".md-search__input").click()
    page.locator(".md-search-result__meta").filter(has_not_text="Initializing search").wait_for(timeout=20000)


def _type(page, text: str) -> None:
    """Material searches on keyup: the whole query is set, then one key is released, so one search runs."""
    box = page.locator(".md-search__input")
    box.fill(text)
    box.press("End")


def search_results(page, site_url: str, text: str) -> tuple[list[str], dict[str, set[str]]]:
    """The pages the search box lists for `text`, in order, as addresses relative to `site_url`, with their sections."""
    meta = page.locator(".md-search-result__meta")
    _type(page, _NOTHING)
    none = NO_RESULTS.get(page.evaluate("document.documentElement.lang"), _NO_RESULTS)
    meta.filter(has_text=none).wait_for(timeout=10000)
    _type(page, text)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        meta.filter(has_not_text=none).wait_for(timeout=3000)
    except PlaywrightTimeout:  # the query found nothing
        return [], {}
    pages: list[str] = []
    anchors: dict[str, set[str]] = {}
    # Every result's links read at once (one round trip to the page, not one per link).
    items = page.locator(".md-search-result__list > .md-search-result__item").evaluate_all(
        "items => items.map(item => [...item.querySelectorAll('a.md-search-result__link')]"
        ".map(link => link.getAttribute('href') || ''))")
    for links in items:
        if not links:
            continue
        address = _relative(site_url, links[0]).split("#")[0]  # Material lists the page first, its sections after
        pages.append(address)
        anchors[address] = {_relative(site_url, link).partition("#")[2] for link in links[1:] if "#" in link}
    return pages, anchors


def _relative(site_url: str, href: str) -> str:
    """An address relative to the site root, the same for the served site (dir/) and the offline bundle (dir.html)."""
    absolute = urljoin(site_url, href)
    path = unquote(urlsplit(absolute).path)
    base = unquote(urlsplit(site_url).path)
    base = base if base.endswith("/") else base.rsplit("/", 1)[0] + "/"
    relative = path[len(base):] if path.startswith(base) else path
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    elif relative.endswith(".html"):
        relative = relative[: -len(".html")] + "/"
    fragment = urlsplit(absolute).fragment
    return relative + (f"#{fragment}" if fragment else "")


def run_query_set(page, site_url: str, queries: list[Query]) -> list[Outcome]:
    """Every query typed into the search box of the page at `site_url` (the site's home page)."""
    page.goto(site_url, wait_until="load")
    _open_search(page)
    outcomes = []
    for query in queries:
        results, anchors = search_results(page, site_url, query.text)
        outcomes.append(Outcome(query, results, anchors))
    return outcomes


# The whole query set typed into the real box inside the page (one round trip for all of it): each query after the
# nothing-query, whose "no results" shows that the list read next belongs to the query; a query whose "no results"
# stays for `quiet` ms found nothing. Material reads the box on keyup, as search_results does with one key press.
_TYPE_ALL = """async ([queries, nothing, none, quiet]) => {
  const box = document.querySelector(".md-search__input");
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  const pause = ms => new Promise(done => setTimeout(done, ms));
  const type = text => {
    box.value = text;
    box.dispatchEvent(new Event("input", {bubbles: true}));
    box.dispatchEvent(new KeyboardEvent("keyup", {key: "End", bubbles: true}));
  };
  const until = async (test, ms) => {
    for (const end = Date.now() + ms; Date.now() < end; await pause(5)) if (test()) return true;
    return test();
  };
  const shown = [];
  for (const query of queries) {
    type(nothing);
    if (!await until(() => meta.textContent.includes(none), 10000))
      throw new Error("search gave no answer after " + JSON.stringify(queries[shown.length - 1] || "opening"));
    type(query);
    const found = await until(() => !meta.textContent.includes(none), quiet);
    shown.push(!found ? [] : [...list.querySelectorAll(":scope > .md-search-result__item")].map(item =>
      [...item.querySelectorAll("a.md-search-result__link")].map(link => link.getAttribute("href") || "")));
  }
  return shown;
}"""


def type_query_set(page, site_url: str, queries: list[Query], quiet_ms: int = 1500) -> list[Outcome]:
    """Every query typed into the search box of the page at `site_url`, all in one page and one call into it."""
    page.goto(site_url, wait_until="load")
    _open_search(page)
    none = NO_RESULTS.get(page.evaluate("document.documentElement.lang"), _NO_RESULTS)
    shown = page.evaluate(_TYPE_ALL, [[q.text for q in queries], _NOTHING, none, quiet_ms])
    outcomes = []
    for query, items in zip(queries, shown, strict=True):
        outcome = Outcome(query)
        for links in items:
            if not links:
                continue
            address = _relative(site_url, links[0]).split("#")[0]
            outcome.results.append(address)
            outcome.anchors[address] = {_relative(site_url, link).partition("#")[2] for link in links[1:] if "#" in link}
        outcomes.append(outcome)
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    """One line per query: the rank of each expected page and the first results; then the totals."""
    lines = []
    for outcome in outcomes:
        ranks = ", ".join(f"{e.page}={outcome.rank(e.page) or '-'}" for e in outcome.query.expect)
        mark = "FAIL" if outcome.failures() else "ok  "
        lines.append(f"{mark} [{outcome.query.kind}] {outcome.query.text!r}: {ranks}  | {' '.join(outcome.results[:4])}")
    failed = sum(1 for o in outcomes if o.failures())
    lines.append(f"{len(outcomes) - failed} of {len(outcomes)} queries as expected, {failed} not")
    return "\n".join(lines)
