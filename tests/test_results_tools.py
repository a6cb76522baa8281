"""The results tools (tools/pulse-tally/, tools/alignment-gap/) in Debian Chromium, served by nginx with the shipped
configuration (its Content-Security-Policy included), with a known set of returned sheets.

Below the agreed minimum nothing is shown; at it, the figures a facilitator would work out by hand; typed markup
stays text; the tools work by keyboard, axe finds nothing, no request leaves the page, entries go to and come back
from a local file, two cycles compare, and the summary prints on one page of A4 and of Letter.
"""

from __future__ import annotations

import io
import json
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT
from servers import Server, nginx

pytestmark = pytest.mark.browser

PULSE = ["keeping_promises", "sharing_information", "having_backs"]
FUNDAMENTALS = ["developing_talent", "creating_clarity", "building_trust", "powering_performance"]
# Six returned pulse sheets (None: left blank). The second behaviour has only four answers.
SHEETS = [[4, 5, 3], [2, None, 4], [5, 4, 4], [3, 3, None], [4, 2, 5], [1, None, 4]]
MARKUP = '<img src=x onerror="window.__xss=1">Team <b>Nord</b>'


@pytest.fixture(scope="module")
def server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with nginx(tmp_path_factory.mktemp("nginx-tools"), built_site) as running:
        yield running


@pytest.fixture
def page(browser_page, server: Server):
    """The browser page, recording every request and every script error."""
    browser_page.requests = []
    browser_page.errors = []
    browser_page.on("request", lambda r: browser_page.requests.append(r.url))
    browser_page.on("pageerror", lambda e: browser_page.errors.append(str(e)))
    yield browser_page
    assert browser_page.errors == []
    outside = [u for u in browser_page.requests
               if not u.startswith((server.origin + "/", f"blob:{server.origin}/", "data:"))]
    assert outside == [], f"requests left the page: {outside}"


def enter(page, prefix: str, keys: list[str], sheets: list[list[int | None]]) -> None:
    for sheet in sheets:
        for key, value in zip(keys, sheet, strict=True):
            page.select_option(f"#{prefix}-{key}", "" if value is None else str(value))
        page.get_by_role("button", name="Add this sheet").click()


def expected(values: list[int | None]) -> dict:
    answers = [v for v in values if v is not None]
    return {"n": len(answers), "median": statistics.median(answers), "low": min(answers), "high": max(answers),
            "counts": [answers.count(point) for point in range(1, 6)]}


def number(value: float) -> str:
    return f"{value:g}"


def question(page, label: str):
    return page.locator(".tg-results-summary .tg-results-question").filter(
        has=page.get_by_role("heading", name=label, exact=True))


def facts(section) -> dict[str, str]:
    terms = section.locator("dt").all_inner_texts()
    return dict(zip(terms, section.locator("dd").all_inner_texts(), strict=True))


def test_the_tally_asks_what_the_pulse_sheet_asks() -> None:
    sheet = yaml.safe_load((ROOT / "worksheets/team-trust-pulse.yml").read_text(encoding="utf-8"))
    ratings = [f for s in sheet["sections"] for f in s["fields"] if f["type"] == "rating"]
    assert [f["name"] for f in ratings] == PULSE
    page = (ROOT / "docs/tools/pulse-tally.md").read_text(encoding="utf-8")
    for field in ratings:
        assert f"“{field['label']}”" in page


def test_nothing_is_shown_below_the_minimum(page, server: Server) -> None:
    page.goto(server.url + "tools/pulse-tally/")
    summary = page.locator(".tg-results-summary")
    assert "Set the agreed minimum number of answers first" in summary.inner_text()
    page.get_by_label("Agreed minimum number of answers").fill("7")
    enter(page, "tg-pulse", PULSE, SHEETS)
    text = summary.inner_text()
    assert "Nothing is shown yet: 6 of the agreed minimum of 7 sheets entered." in text
    assert summary.locator("svg, table, dl").count() == 0
    assert "Median" not in text and "Keeping promises" not in text


def test_at_the_minimum_the_figures_are_right(page, server: Server) -> None:
    page.goto(server.url + "tools/pulse-tally/")
    page.get_by_label("Agreed minimum number of answers").fill("5")
    enter(page, "tg-pulse", PULSE, SHEETS[:4])
    assert "Nothing is shown yet: 4 of the agreed minimum of 5" in page.locator(".tg-results-summary").inner_text()
    enter(page, "tg-pulse", PULSE, SHEETS[4:5])
    assert page.get_by_role("status").inner_text() == (
        "Sheet 5 added. The agreed minimum is reached: the team summary is shown below.")
    enter(page, "tg-pulse", PULSE, SHEETS[5:])
    labels = ["Keeping promises", "Sharing information", "Having one another's backs"]
    for index, label in enumerate(labels):
        want = expected([s[index] for s in SHEETS])
        section = question(page, label)
        if want["n"] < 5:  # fewer answers to this question than the minimum: withheld as well
            assert f"Fewer than the agreed minimum answered this question ({want['n']} of 5)" in section.inner_text()
            assert section.locator("svg, table, dl").count() == 0
            continue
        assert facts(section) == {"Answers": str(want["n"]), "Median": number(want["median"]),
                                  "Spread": f"{want['low']} to {want['high']}"}
        rows = section.locator("table tbody tr")
        assert [rows.nth(i).locator("td").inner_text() for i in range(5)] == [str(c) for c in want["counts"]]
        chart = section.locator("svg[role=img]")
        description = ", ".join(f"{p}: {c}" for p, c in enumerate(want["counts"], start=1))
        assert chart.get_attribute("aria-label") == f"{label}, answers per rating: {description}"
        bars = [float(chart.locator("rect.tg-results-bar").nth(i).get_attribute("width")) for i in range(5)]
        assert [b > 0 for b in bars] == [c > 0 for c in want["counts"]]
        assert bars.index(max(bars)) == want["counts"].index(max(want["counts"]))


def test_typed_and_loaded_markup_stays_text(page, server: Server, tmp_path: Path) -> None:
    page.goto(server.url + "tools/pulse-tally/")
    page.get_by_label("Round or team (optional, shown on the summary)").fill(MARKUP)
    page.get_by_label("Agreed minimum number of answers").fill("2")
    enter(page, "tg-pulse", PULSE, SHEETS[:2])
    heading = page.locator("#tg-results-summary-title")
    assert heading.inner_text() == f"Team summary: {MARKUP}"
    assert page.locator(".tg-results img, .tg-results b").count() == 0
    saved = tmp_path / "hostile.json"
    saved.write_text(json.dumps({"format": "trustguide-results", "tool": "pulse-tally", "version": 1,
                                 "name": MARKUP, "minimum": 2, "sheets": [[1, 2, 3], ["<b>5</b>", 9, 2]]}))
    page.locator(".tg-results-load").set_input_files(str(saved))
    page.wait_for_function("document.querySelector('.tg-results-count').textContent.startsWith('2 sheets')")
    assert page.locator(".tg-results-sheets tr").nth(1).locator("td").all_inner_texts()[:3] == ["blank", "blank", "2"]
    assert page.locator(".tg-results img, .tg-results b").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_entries_saved_to_a_file_load_back_and_two_cycles_compare(page, server: Server, tmp_path: Path) -> None:
    page.goto(server.url + "tools/pulse-tally/")
    page.get_by_label("Round or team (optional, shown on the summary)").fill("March")
    page.get_by_label("Agreed minimum number of answers").fill("5")
    enter(page, "tg-pulse", PULSE, SHEETS)
    with page.expect_download() as download:
        page.get_by_role("button", name="Save entries to a file").click()
    march = tmp_path / "march.json"
    download.value.save_as(march)
    data = json.loads(march.read_text())
    assert data["sheets"] == SHEETS and data["minimum"] == 5 and data["name"] == "March"
    page.reload()
    page.locator(".tg-results-load").set_input_files(str(march))
    page.wait_for_selector(".tg-results-question")
    assert facts(question(page, "Keeping promises"))["Median"] == number(expected([s[0] for s in SHEETS])["median"])
    later = [[5, 5, 4]] * 5
    page.get_by_role("button", name="Clear all entries").click()
    page.get_by_label("Round or team (optional, shown on the summary)").fill("June")
    enter(page, "tg-pulse", PULSE, later)
    page.locator(".tg-results-compare-file").set_input_files(str(march))
    table = page.locator(".tg-results-compare table")
    table.wait_for()
    assert table.locator("thead th").all_inner_texts() == ["Question", "March", "June"]
    first = table.locator("tbody tr").first.locator("td").all_inner_texts()
    want = expected([s[0] for s in SHEETS])
    assert first == [f"median {number(want['median'])}, {want['low']} to {want['high']} ({want['n']} answers)",
                     "median 5, 5 to 5 (5 answers)"]
    second = table.locator("tbody tr").nth(1).locator("td").all_inner_texts()
    assert second[0] == "fewer than 5 answers"  # March had four answers to this question


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_summary_prints_on_one_page(page, server: Server, tmp_path: Path, paper: str) -> None:
    page.goto(server.url + "tools/alignment-gap/")
    page.get_by_label("Agreed minimum number of answers").fill("3")
    for key, value in zip(FUNDAMENTALS, [5, 4, 2, 3], strict=True):
        page.select_option(f"#tg-gap-manager-{key}", str(value))
    enter(page, "tg-gap", FUNDAMENTALS, [[4, 5, 3, 1], [2, None, 4, 2], [5, 4, 4, 3], [3, 3, None, 3]])
    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Team summary" in text and "Powering performance" in text and "What might explain the gap?" in text
    assert "Add this sheet" not in text and "Sheets entered" not in text  # only the summary prints


def test_the_alignment_gap_shows_the_gap_and_its_direction(page, server: Server) -> None:
    page.goto(server.url + "tools/alignment-gap/")
    page.get_by_label("Agreed minimum number of answers").fill("4")
    manager = [5, 4, 2, 3]
    for key, value in zip(FUNDAMENTALS, manager, strict=True):
        page.select_option(f"#tg-gap-manager-{key}", str(value))
    team = [[4, 5, 3, 1], [2, 4, 4, 2], [5, 4, 4, 3]]
    enter(page, "tg-gap", FUNDAMENTALS, team)
    assert "Nothing is shown yet: 3 of the agreed minimum of 4" in page.locator(".tg-results-summary").inner_text()
    assert page.locator(".tg-results-summary dl").count() == 0  # not even the manager's side of the comparison
    team.append([3, 4, 3, 5])
    enter(page, "tg-gap", FUNDAMENTALS, team[-1:])
    for index, label in enumerate(["Developing talent", "Creating clarity", "Building trust", "Powering performance"]):
        median = statistics.median(s[index] for s in team)
        gap = manager[index] - median
        shown = facts(question(page, label))
        assert shown["Median"] == number(median) and shown["Manager's own rating"] == str(manager[index])
        if gap == 0:
            assert shown["Gap"] == "none: the same as the team's median"
        else:
            side = "more" if gap > 0 else "less"
            sign = "+" if gap > 0 else "−"
            assert shown["Gap"] == f"{sign}{number(abs(gap))}: the manager sees {side} value than the team"
        prompts = question(page, label).locator(".tg-results-prompts li").all_inner_texts()
        assert "What might explain the gap?" in prompts


def test_the_tally_works_by_keyboard(page, server: Server) -> None:
    page.goto(server.url + "tools/pulse-tally/")
    page.get_by_label("Round or team (optional, shown on the summary)").focus()
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")  # to the first rating
    for _sheet in range(2):
        for _question in PULSE:  # each select: arrow down to a rating, Tab on
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Add this sheet"
        page.keyboard.press("Enter")  # focus goes back to the first rating, ready for the next sheet
    assert page.locator(".tg-results-count").inner_text() == "2 sheets entered."
    assert facts(question(page, "Keeping promises")) == {"Answers": "2", "Median": "2", "Spread": "all 2"}
    remove = page.get_by_role("button", name="Remove sheet 2")
    remove.focus()
    page.keyboard.press("Space")
    assert page.locator(".tg-results-count").inner_text() == "1 sheet entered."
    assert "Nothing is shown yet: 1 of the agreed minimum of 2" in page.locator(".tg-results-summary").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("tool", ["pulse-tally", "alignment-gap"])
def test_axe_finds_nothing_with_results_shown(page, server: Server, scheme: str, tool: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    page.goto(server.url + f"tools/{tool}/")
    page.get_by_label("Agreed minimum number of answers").fill("2")
    keys, prefix = (PULSE, "tg-pulse") if tool == "pulse-tally" else (FUNDAMENTALS, "tg-gap")
    if tool == "alignment-gap":
        for key in FUNDAMENTALS:
            page.select_option(f"#tg-gap-manager-{key}", "3")
    enter(page, prefix, keys, [[4] * len(keys), [2] * len(keys)])
    page.wait_for_selector(".tg-results-question svg")
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def test_the_tools_are_in_navigation_and_search(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"].split("#")[0]: doc["title"] for doc in index["docs"] if "#" not in doc["location"]}
    assert titles.get("tools/pulse-tally/") == "Team trust pulse tally"
    assert titles.get("tools/alignment-gap/") == "Alignment-gap comparison"
    planner = (built_site / "planner/index.html").read_text(encoding="utf-8")
    nav = planner[planner.index("Facilitator resources"):]
    assert nav.index("Session planner") < nav.index("Results tools") < nav.index("Team trust pulse tally")
    for page, tool in (("worksheets/team-trust-pulse", "pulse-tally"), ("sessions/team-trust-workshop", "pulse-tally"),
                       ("worksheets/team-view-of-manager-value", "alignment-gap"),
                       ("sessions/value-question-cycle", "alignment-gap")):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert f'href="../../tools/{tool}/"' in html, page
