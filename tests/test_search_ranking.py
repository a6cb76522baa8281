"""Search as coaches use it: the query set typed into Material's search box in Chromium, on the guide served by
nginx, on the unzipped offline bundle opened from disk, and on an organisation's guide with a part left out.

`.venv/bin/python scripts/search_report.py` prints the same ranking query by query.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import unzip_offline
from searchbox import load_queries, report, run_query_set
from servers import nginx

KINDS = {"title", "worksheet", "plan", "glossary", "phrase", "author", "misspelling"}  # plan: plans and tools


def _assert_all_as_expected(outcomes) -> None:
    failed = [problem for outcome in outcomes for problem in outcome.failures()]
    assert failed == [], "\n".join(failed) + "\n\n" + report(outcomes)


def test_the_query_set_covers_what_readers_type(built_site: Path) -> None:
    queries = load_queries()
    kinds = Counter(q.kind for q in queries)
    assert len(queries) >= 60
    assert set(kinds) == KINDS and min(kinds.values()) >= 5, kinds
    assert len({q.text.casefold() for q in queries}) == len(queries), "a query is listed twice"
    pages = {p.relative_to(built_site).parent.as_posix() + "/" for p in built_site.rglob("index.html")}
    pages = {"" if p == "./" else p for p in pages}
    for query in queries:
        assert query.expect, f"{query.text!r} expects nothing"
        for expectation in query.expect:
            assert expectation.page.split("#")[0] in pages, f"{query.text!r} expects {expectation.page}, not in the site"
    worksheets = {p.parent.name for p in (built_site / "worksheets").glob("*/index.html")}
    named = {e.page.split("/")[1] for q in queries if q.kind == "worksheet" for e in q.expect if e.page.count("/") == 2}
    assert worksheets <= named, f"worksheets no query finds by name: {sorted(worksheets - named)}"


@pytest.mark.browser
def test_the_query_set_in_the_served_guide(root_server, browser_page) -> None:
    _assert_all_as_expected(run_query_set(browser_page, root_server.url, load_queries()))


@pytest.mark.browser
def test_the_query_set_in_the_offline_bundle_from_disk(offline_project: Path, tmp_path: Path, browser_page) -> None:
    root = unzip_offline(offline_project, tmp_path)
    _assert_all_as_expected(run_query_set(browser_page, (root / "index.html").as_uri(), load_queries()))


@pytest.mark.browser
def test_an_organisations_pages_are_found_and_its_left_out_part_never(branded_site: Path, tmp_path: Path,
                                                                      browser_page) -> None:
    with nginx(tmp_path / "nginx", branded_site, "/") as server:
        outcomes = run_query_set(browser_page, server.url, load_queries(organisation=True))
    _assert_all_as_expected(outcomes)
    assert any(o.results for o in outcomes if o.query.kind == "left-out"), "the left-out queries found nothing at all"
