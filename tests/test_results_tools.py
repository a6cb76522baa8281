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
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import ROOT
from results_pages import enter, watched
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
    yield from watched(browser_page, server.origin)


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
    # Two sheets were entered before, so the count alone cannot tell that the file has loaded: wait for its rows.
    expect(page.locator(".tg-results-sheets tr").nth(1).locator("td").nth(0)).to_have_text("blank")
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
    page.get_by_role("button", name="Yes, clear all entries").click()
    page.get_by_label("Round or team (optional, shown on the summary)").fill("June")
    enter(page, "tg-pulse", PULSE, later)
    page.locator(".tg-results-compare-file").set_input_files(str(march))
    table = page.locator(".tg-results-compare table")
    table.wait_for()
    assert table.locator("thead th").all_inner_texts() == ["Question", "March", "June", "Trend of the median"]
    first = table.locator("tbody tr").first.locator("td").all_inner_texts()
    want = expected([s[0] for s in SHEETS])
    assert first == [f"median {number(want['median'])}, {want['low']} to {want['high']} ({want['n']} answers)",
                     "median 5, 5 to 5 (5 answers)", f"{number(want['median'])} → 5"]
    second = table.locator("tbody tr").nth(1).locator("td").all_inner_texts()
    assert second[0] == "fewer than 5 answers"  # March had four answers to this question
    assert second[2] == "too few answers for a trend"


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


# ---------------------------------------------------------------------------------------------------------------------
# Hostile and careless input: loaded files and the agreed minimum. The limits are the README's ("Results tools").

MAX_SHEETS = 5000
MAX_MB = 1
READS = """window.__reads = 0;  // reads of a chosen file (Material's own scripts read other blobs)
for (const [kind, name] of [[FileReader, "readAsText"], [FileReader, "readAsArrayBuffer"], [FileReader, "readAsDataURL"],
                            [Blob, "text"], [Blob, "arrayBuffer"], [Blob, "stream"], [Blob, "slice"]]) {
  const real = kind.prototype[name];
  kind.prototype[name] = function (...args) {
    if (this instanceof File || args[0] instanceof File) { window.__reads += 1; }
    return real.apply(this, args);
  };
}"""


def results_file(path: Path, sheets: list, minimum: int | float | None = 5, padding: int = 0, **extra) -> Path:
    """A results file as the tool saves it (`padding` spaces after it), written compactly so that a large count fits."""
    data = {"format": "trustguide-results", "tool": "pulse-tally", "version": 1, "name": "", "minimum": minimum,
            "questions": PULSE, "manager": None, "sheets": sheets, **extra}
    path.write_text(json.dumps(data, separators=(",", ":")) + " " * padding, encoding="utf-8")
    return path


def status(page) -> str:
    return page.locator(".tg-results-status").inner_text()


def round_trip_ms(page) -> float:
    """How long the page takes to run one task now: a frozen page answers late."""
    return page.evaluate("() => new Promise(done => { const t = performance.now(); setTimeout(() => done(performance.now() - t), 0); })")


@pytest.mark.parametrize("payload", ["a million sheets", "a small file padded with spaces"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(page, server: Server, tmp_path: Path,
                                                                 payload: str) -> None:
    if payload == "a million sheets":  # a tab that parsed it grew to 10 GB
        saved = results_file(tmp_path / "huge.json", [[1, 2, 3]] * 1_000_000)
    else:
        saved = results_file(tmp_path / "padded.json", SHEETS, padding=MAX_MB * 1_000_000)
    size = saved.stat().st_size
    assert size > MAX_MB * 1_000_000
    page.add_init_script(READS)
    page.goto(server.url + "tools/pulse-tally/")
    page.get_by_label("Agreed minimum number of answers").fill("2")
    page.locator(".tg-results-load").set_input_files(str(saved))
    page.locator(".tg-results-status:not(:empty)").wait_for(timeout=5000)
    shown = f"{-(-size // 100_000) / 10:g}"  # megabytes, rounded up to a tenth: never "1 MB" for a larger file
    assert status(page) == (f"Nothing was loaded: the file is {shown} MB, and this tool reads saved files of at most "
                            f"{MAX_MB} MB (room for {MAX_SHEETS} sheets). Check that it is a file you saved here.")
    assert page.evaluate("window.__reads") == 0  # refused by its size alone
    assert page.locator(".tg-results-count").inner_text() == "0 sheets entered."
    assert round_trip_ms(page) < 500
    page.locator(".tg-results-load").set_input_files(str(results_file(tmp_path / "fine.json", SHEETS)))
    page.locator(".tg-results-count", has_text="6 sheets entered.").wait_for()
    assert page.evaluate("window.__reads") == 1  # the spy sees a read: a file within the limit is read once


def test_a_file_with_too_many_sheets_is_refused_and_a_full_round_still_loads(page, server: Server,
                                                                              tmp_path: Path) -> None:
    page.goto(server.url + "tools/pulse-tally/")
    page.get_by_label("Agreed minimum number of answers").fill("5")
    for count in (100_000, MAX_SHEETS + 1):  # 100,000 froze the old page for 20 s; both are within the size limit
        saved = results_file(tmp_path / f"many-{count}.json", [[1, 2, 3]] * count)
        assert saved.stat().st_size <= MAX_MB * 1_000_000
        page.evaluate("document.querySelector('.tg-results-status').textContent = ''")
        page.locator(".tg-results-load").set_input_files(str(saved))
        page.locator(".tg-results-status:not(:empty)").wait_for(timeout=5000)
        assert status(page) == (f"Nothing was loaded: the file holds {count} sheets, and this tool takes at most "
                                f"{MAX_SHEETS} in one round. Check that it is a file you saved here.")
        assert page.locator(".tg-results-count").inner_text() == "0 sheets entered."
        assert round_trip_ms(page) < 500
    # A round at the limit, as the tool saves it (indented, blanks written out), loads and stays usable.
    full = [SHEETS[i % len(SHEETS)] for i in range(MAX_SHEETS)]
    saved = tmp_path / "full.json"
    saved.write_text(json.dumps({"format": "trustguide-results", "tool": "pulse-tally", "version": 1, "name": "Full",
                                 "minimum": 5, "questions": PULSE, "manager": None, "sheets": full}, indent=1))
    page.locator(".tg-results-load").set_input_files(str(saved))
    page.wait_for_selector(".tg-results-question dl")
    assert page.locator(".tg-results-count").inner_text() == f"{MAX_SHEETS} sheets entered."
    assert facts(question(page, "Keeping promises"))["Answers"] == str(MAX_SHEETS)
    typing = page.evaluate("""() => { const name = document.querySelector('.tg-results-name'); const t = performance.now();
        name.value = 'Full round'; name.dispatchEvent(new Event('input')); return performance.now() - t; }""")
    assert typing < 1000, f"one keystroke in the name took {typing:.0f} ms with {MAX_SHEETS} sheets"
    enter(page, "tg-pulse", PULSE, SHEETS[:1])
    assert status(page) == f"This sheet was not added: {MAX_SHEETS} sheets is the most this tool takes in one round."
    assert page.locator(".tg-results-count").inner_text() == f"{MAX_SHEETS} sheets entered."


@pytest.mark.parametrize(("typed", "in_file", "applies"), [(5, 2, 5), (3, 6, 6), (None, 4, 4)])
def test_a_loaded_file_never_lowers_the_minimum_unseen(page, server: Server, tmp_path: Path,
                                                       typed: int | None, in_file: int, applies: int) -> None:
    page.goto(server.url + "tools/pulse-tally/")
    if typed is not None:
        page.get_by_label("Agreed minimum number of answers").fill(str(typed))
    sheets = SHEETS[:4]  # four sheets: enough for the lower minimum, short of the higher one
    page.locator(".tg-results-load").set_input_files(str(results_file(tmp_path / "round.json", sheets, in_file)))
    page.locator(".tg-results-count", has_text="4 sheets entered.").wait_for()
    assert page.get_by_label("Agreed minimum number of answers").input_value() == str(applies)
    summary = page.locator(".tg-results-summary").inner_text()
    if typed is None:
        note = f"The agreed minimum, {in_file}, comes from the loaded file."
    elif in_file < typed:
        note = f"The loaded file's agreed minimum is {in_file}; the {typed} set here is stricter, so {typed} applies."
    else:
        note = (f"The loaded file's agreed minimum, {in_file}, is stricter than the {typed} set here, "
                f"so {in_file} applies.")
    assert note in summary and note in status(page)
    if applies > len(sheets):
        assert f"Nothing is shown yet: 4 of the agreed minimum of {applies} sheets entered." in summary
        assert page.locator(".tg-results-summary svg, .tg-results-summary dl").count() == 0
    else:
        assert f"4 sheets, agreed minimum {applies}." in summary


@pytest.mark.parametrize("minimum", [2.5, 1, 0, -3, 1001, "5"])
def test_a_file_with_a_minimum_out_of_range_is_refused(page, server: Server, tmp_path: Path,
                                                       minimum: float | int | str) -> None:
    page.goto(server.url + "tools/pulse-tally/")
    page.locator(".tg-results-load").set_input_files(str(results_file(tmp_path / "odd.json", SHEETS, minimum)))
    page.locator(".tg-results-status:not(:empty)").wait_for()
    assert status(page) == (f"Nothing was loaded: the file's agreed minimum ({json.dumps(minimum)}) is not a whole "
                            "number from 2 to 1000.")
    assert page.locator(".tg-results-count").inner_text() == "0 sheets entered."
    assert page.get_by_label("Agreed minimum number of answers").input_value() == ""


@pytest.mark.parametrize("typed", ["2.9", "1", "1001", "2e1"])
def test_a_minimum_that_is_not_a_whole_number_in_range_shows_nothing(page, server: Server, typed: str) -> None:
    page.goto(server.url + "tools/pulse-tally/")
    page.get_by_label("Agreed minimum number of answers").fill(typed)
    enter(page, "tg-pulse", PULSE, SHEETS)
    summary = page.locator(".tg-results-summary")
    assert ("The agreed minimum must be a whole number from 2 to 1000. Nothing is shown until it is."
            in summary.inner_text())
    assert summary.locator("svg, table, dl").count() == 0
    with page.expect_download() as download:
        page.get_by_role("button", name="Save entries to a file").click()
    assert json.loads(Path(download.value.path()).read_text())["minimum"] is None  # never saved as another value
    page.get_by_label("Agreed minimum number of answers").fill("6")
    assert "6 sheets, agreed minimum 6." in summary.inner_text()


def test_the_refusals_are_in_german_on_the_german_site(browser_page, tmp_path: Path) -> None:
    """The German site's tool says its limits in German (the script's words come from the German catalog)."""
    from conftest import warm_builds

    page = browser_page
    page.goto((warm_builds() / "guide/de/tools/pulse-tally/index.html").as_uri())
    page.locator(".tg-results-minimum").fill("2.9")
    assert ("Die vereinbarte Mindestzahl muss eine ganze Zahl von 2 bis 1000 sein. Bis dahin wird nichts angezeigt."
            in page.locator(".tg-results-summary").inner_text())
    saved = results_file(tmp_path / "huge.json", SHEETS, padding=MAX_MB * 1_000_000)
    page.locator(".tg-results-load").set_input_files(str(saved))
    page.locator(".tg-results-status:not(:empty)").wait_for()
    shown = f"{-(-saved.stat().st_size // 100_000) / 10:g}".replace(".", ",")  # a decimal comma in German
    assert status(page) == (f"Es wurde nichts geladen: Die Datei ist {shown} MB groß, dieses Werkzeug liest gespeicherte "
                            f"Dateien bis höchstens {MAX_MB} MB (Platz für {MAX_SHEETS} Blätter). Prüfen Sie, ob es "
                            "eine Datei ist, die Sie hier gespeichert haben.")
