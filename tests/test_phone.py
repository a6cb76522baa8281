"""Facilitators on a phone (issue 33): the facilitator pages at 390 x 844 in Debian Chromium, served by nginx with the
shipped configuration; and results that are not lost: "Clear all" asks first and can be undone, tally entries kept in
this browser when the facilitator chooses it, saved file names that keep their letters, a trend over earlier cycles.

One page load per test where the behaviour allows it (a reload is what keeping entries is for).
"""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from conftest import CHROMIUM_FLAGS, ROOT
from results_pages import enter, watched
from servers import Server

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 844}
THUMB = 44  # px: the smallest target a thumb hits reliably (WCAG 2.5.5)
PULSE = ["keeping_promises", "sharing_information", "having_backs"]
FUNDAMENTALS = ["developing_talent", "creating_clarity", "building_trust", "powering_performance"]
LABELS = ["Keeping promises", "Sharing information", "Having one another's backs"]
KEY = "trustguide:results:pulse-tally"
# The planner with steps from the library and one of the reader's own, as a link would carry them.
PLANNER = ("planner/#s=09:00&l=90&t=Ops%20leadership&a=10*~Welcome%20and%20a%20long%20own%20step%20title%20for%20a%20phone"
           "&a=20*ws.peer-group-charter")
PLAN = "sessions/peer-coaching-launch/"  # the page: 18,705 px tall at 390 px, 2.7 times its desktop height


@pytest.fixture(scope="module")
def chromium():
    """One Debian Chromium for the module, started with browser_page's flags (conftest.py); each test has a fresh
    context of its own (its own storage and downloads), so a test finds nothing another left. Starting Chromium
    for each test took about 4 s of the module's 10 tests' time each."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium):
    """A page at a phone's size in a fresh context of the module's Chromium (in place of conftest's browser_page)."""
    context = chromium.new_context(viewport=PHONE, accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone(browser_page, root_server: Server):
    """The browser page at a phone's size, failing the test on any script error or request that leaves the site."""
    yield from watched(browser_page, root_server.origin, also=("file:",))


def page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def small_targets(page, scope: str) -> list[str]:
    """Every visible control in `scope` smaller than a thumb (a checkbox counts with its label's row)."""
    return page.evaluate("""([scope, thumb]) => {
        const small = [];
        for (const node of document.querySelectorAll(scope + ' :is(button, select, input, a.md-button)')) {
            const target = node.type === 'checkbox' ? node.parentElement : node;
            const box = target.getBoundingClientRect();
            if (!box.width || !box.height || getComputedStyle(node).visibility === 'hidden') { continue; }
            if (box.width < thumb || box.height < thumb) {
                const name = node.id || node.textContent.trim() || node.getAttribute('aria-label');
                small.push(`${node.tagName.toLowerCase()} ${name}: ${Math.round(box.width)}x${Math.round(box.height)}`);
            }
        }
        return small;
    }""", [scope, THUMB])


def results_file(path: Path, name: str, sheets: list, minimum: int = 5, written: float | None = None) -> Path:
    """A saved round of the pulse tally, as the tool saves it; `written` sets when the file was last written."""
    path.write_text(json.dumps({"format": "trustguide-results", "tool": "pulse-tally", "version": 1, "name": name,
                                "minimum": minimum, "questions": PULSE, "manager": None, "sheets": sheets}),
                    encoding="utf-8")
    if written is not None:
        os.utime(path, (written, written))
    return path


# ---------------------------------------------------------------------------------------------------------------------
# No sideways scrolling at 390 px, controls for a thumb


@pytest.mark.parametrize("tool", ["pulse-tally", "alignment-gap"])
def test_a_results_tool_fits_a_phone_with_results_shown(phone, root_server: Server, tmp_path: Path, tool: str) -> None:
    page = phone
    page.goto(root_server.url + f"tools/{tool}/")
    page.get_by_label("Agreed minimum number of answers").fill("2")
    keys, prefix = (PULSE, "tg-pulse") if tool == "pulse-tally" else (FUNDAMENTALS, "tg-gap")
    if tool == "alignment-gap":
        for key in FUNDAMENTALS:
            page.select_option(f"#tg-gap-manager-{key}", "3")
    enter(page, prefix, keys, [[4] * len(keys), [2] * len(keys), [5] * len(keys)])
    page.wait_for_selector(".tg-results-question svg")
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps({"format": "trustguide-results", "tool": tool, "version": 1, "name": "Earlier round",
                                   "minimum": 2, "sheets": [[3] * len(keys)] * 2}), encoding="utf-8")
    page.locator(".tg-results-compare-file").set_input_files(str(earlier))
    page.locator(".tg-results-compare table").wait_for()
    assert page_width(page) <= PHONE["width"]
    assert small_targets(page, ".tg-results") == []
    # Each entered sheet reads as a block, each rating named by its question (the column headings are off screen).
    first = page.locator(".tg-results-sheets tr").first.locator("td").first
    label = page.locator(".tg-results-item").first.get_attribute("data-label")
    assert page.evaluate("cell => getComputedStyle(cell, '::before').content", first.element_handle()) == f'"{label}: "'


def test_the_planner_fits_a_phone_and_start_again_can_be_undone(phone, root_server: Server) -> None:
    page = phone
    page.goto(root_server.url + PLANNER)
    rows = page.locator("#tg-planner-rows tr")
    assert rows.count() == 2
    assert page_width(page) <= PHONE["width"]
    assert small_targets(page, ".tg-planner") == []
    address = page.url
    page.get_by_role("button", name="Start again").click()
    assert rows.count() == 2  # nothing removed before the answer
    page.get_by_role("button", name="Yes, start again").click()
    assert rows.count() == 0 and "&a=" not in page.url
    page.get_by_role("button", name="Undo").click()
    assert rows.count() == 2 and page.url == address  # the plan, and the link that holds it
    assert page.get_by_label("Session name").input_value() == "Ops leadership"


def test_a_plan_agenda_reads_as_steps_with_times_on_a_phone(phone, root_server: Server) -> None:
    page = phone
    page.set_viewport_size(DESKTOP)
    page.goto(root_server.url + PLAN)
    desktop = page.evaluate("document.scrollingElement.scrollHeight")
    page.set_viewport_size(PHONE)
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert page_width(page) <= PHONE["width"]
    # Readable: at most twice the desktop page's height, what text reflowed into a column half as wide takes (the
    # squeezed agenda made every plan page 2.1 to 2.7 times as tall).
    assert height <= 2 * desktop, f"{height} px tall at 390 px, {desktop} px at 1280 px"
    assert small_targets(page, ".tg-plan-tools") == []
    rows = page.locator(".tg-plan .tg-agenda tbody tr")
    plan = yaml.safe_load((ROOT / "plans" / f"{PLAN.split('/')[1]}.yml").read_text(encoding="utf-8"))
    assert rows.count() == len(plan["agenda"])  # every step of the plan
    content = page.locator(".md-content__inner").bounding_box()
    for index in range(rows.count()):
        row = rows.nth(index)
        time, title, detail = (row.locator(s).bounding_box() for s in (".tg-clock", ".tg-step-title", ".tg-step-detail"))
        # A step: its time and title first, then what happens, below them at the page's width, not beside them.
        assert time["y"] + time["height"] <= detail["y"] + 1 and title["y"] + title["height"] <= detail["y"] + 1
        assert detail["width"] >= 0.9 * content["width"], f"step {index + 1}: what happens is squeezed"
        assert row.locator(".tg-clock").inner_text().count("–") == 1  # its clock times, from–to
    # The column headings are not shown; the time, step and what happens are still named for a screen reader.
    assert page.locator(".tg-plan .tg-agenda thead").first.bounding_box()["height"] <= 1


def test_the_german_tally_fits_a_phone(browser_page) -> None:
    """The German words are longer: the German tally with results shown still fits 390 px."""
    from conftest import warm_builds

    page = browser_page
    page.goto((warm_builds() / "guide/de/tools/pulse-tally/index.html").as_uri())
    page.locator(".tg-results-minimum").fill("2")
    for _sheet in range(2):
        for key in PULSE:
            page.select_option(f"#tg-pulse-{key}", "3")
        page.locator(".tg-results-add").click()
    page.wait_for_selector(".tg-results-question svg")
    assert page_width(page) <= PHONE["width"]
    assert small_targets(page, ".tg-results") == []
    assert page.locator(".tg-results-keep label").inner_text() == "Diese Eingaben in diesem Browser aufbewahren, bis ich sie lösche"
    assert "localStorage dieses Browsers" in page.locator(".tg-results-keep-note").inner_text()


# ---------------------------------------------------------------------------------------------------------------------
# Results that are not lost


def test_clear_all_in_the_tally_asks_first_and_can_be_undone(phone, root_server: Server) -> None:
    page = phone
    page.goto(root_server.url + "tools/pulse-tally/")
    page.get_by_label("Round or team (optional, shown on the summary)").fill("March")
    page.get_by_label("Agreed minimum number of answers").fill("2")
    sheets = [[4, 5, 3], [2, None, 4], [5, 4, 4]]
    enter(page, "tg-pulse", PULSE, sheets)
    rows = page.locator(".tg-results-sheets tr")
    entered = [rows.nth(i).locator("td").all_inner_texts() for i in range(3)]
    count = page.locator(".tg-results-count")
    clear = page.get_by_role("button", name="Clear all entries")
    clear.click()
    assert count.inner_text() == "3 sheets entered."  # nothing cleared before the answer
    assert page.locator(".tg-confirm-text").inner_text() == (
        "Clear all entries (sheets entered: 3), the round's name and the earlier cycles loaded?")
    page.get_by_role("button", name="Cancel").click()
    assert count.inner_text() == "3 sheets entered." and not page.locator(".tg-confirm").is_visible()
    clear.click()
    page.get_by_role("button", name="Yes, clear all entries").click()
    assert count.inner_text() == "0 sheets entered."
    assert page.get_by_label("Round or team (optional, shown on the summary)").input_value() == ""
    page.get_by_role("button", name="Undo").click()
    assert count.inner_text() == "3 sheets entered."
    assert [rows.nth(i).locator("td").all_inner_texts() for i in range(3)] == entered
    assert page.get_by_label("Round or team (optional, shown on the summary)").input_value() == "March"
    assert page.locator(".tg-results-question").count() == 3  # the summary is back too
    assert page.locator(".tg-confirm-text").inner_text() == "Entries restored (sheets: 3)."


def test_clear_all_fields_on_a_worksheet_asks_first_and_can_be_undone(phone, root_server: Server) -> None:
    page = phone
    page.goto(root_server.url + "worksheets/peer-group-charter/")
    field = page.locator("form.tg-worksheet input[type=text]").first
    field.fill("Zoë")
    area = page.locator("form.tg-worksheet textarea").first
    area.fill("We meet monthly.")
    key = "trustguide:worksheet:peer-group-charter"
    kept = page.evaluate(f"localStorage.getItem('{key}')")
    page.get_by_role("button", name="Clear all fields").click()
    assert field.input_value() == "Zoë"  # nothing cleared before the answer
    page.get_by_role("button", name="Yes, clear all fields").click()
    assert field.input_value() == "" and area.input_value() == ""
    assert page.evaluate(f"localStorage.getItem('{key}')") is None
    page.get_by_role("button", name="Undo").click()
    assert field.input_value() == "Zoë" and area.input_value() == "We meet monthly."
    assert page.evaluate(f"localStorage.getItem('{key}')") == kept
    assert small_targets(page, ".tg-worksheet-tools") == []


def test_tally_entries_are_kept_in_this_browser_only_when_chosen(phone, root_server: Server) -> None:
    page = phone
    page.goto(root_server.url + "tools/pulse-tally/")
    note = page.locator(".tg-results-keep-note").inner_text()
    assert "localStorage" in note and "never sent anywhere" in note
    page.get_by_label("Agreed minimum number of answers").fill("2")
    sheets = [[4, 5, 3], [2, None, 4]]
    enter(page, "tg-pulse", PULSE, sheets)
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None  # not chosen: nothing kept
    keep = page.get_by_label("Keep these entries in this browser until I clear them")
    keep.check()
    page.reload()
    assert page.locator(".tg-results-count").inner_text() == "2 sheets entered."
    assert keep.is_checked()
    assert page.get_by_label("Agreed minimum number of answers").input_value() == "2"
    assert page.locator(".tg-results-sheets tr").nth(1).locator("td").all_inner_texts()[:3] == ["2", "blank", "4"]
    assert json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))["sheets"] == sheets
    page.get_by_role("button", name="Clear all entries").click()
    page.get_by_role("button", name="Yes, clear all entries").click()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    page.reload()
    assert page.locator(".tg-results-count").inner_text() == "0 sheets entered."
    assert not keep.is_checked()


def test_a_saved_file_keeps_the_letters_of_its_name(phone, root_server: Server) -> None:
    page = phone
    page.goto(root_server.url + "tools/pulse-tally/")
    name = page.get_by_label("Round or team (optional, shown on the summary)")
    names = {}
    for typed in ("Zoë Łukasiewicz 李", 'Q3/Q4: "Nord" <ops>?'):
        name.fill(typed)
        with page.expect_download() as download:
            page.get_by_role("button", name="Save entries to a file").click()
        names[typed] = download.value.suggested_filename
    assert names["Zoë Łukasiewicz 李"] == "pulse-tally-Zoë-Łukasiewicz-李.json"
    assert names['Q3/Q4: "Nord" <ops>?'] == "pulse-tally-Q3-Q4-Nord-ops.json"  # only characters unsafe in names go


def test_earlier_cycles_show_a_trend_each_only_above_the_minimum(phone, root_server: Server, tmp_path: Path) -> None:
    page = phone
    page.goto(root_server.url + "tools/pulse-tally/")
    page.get_by_label("Round or team (optional, shown on the summary)").fill("June")
    page.get_by_label("Agreed minimum number of answers").fill("5")
    june = [[5, 5, 4]] * 5
    enter(page, "tg-pulse", PULSE, june)
    day = 86_400
    # Four earlier cycles, oldest first by when each file was written, chosen in another order; April is below the
    # minimum and March has too few answers to the second question.
    cycles = {
        "January": [[2, 3, 3], [3, 3, 2], [2, 4, 3], [1, 2, 3], [3, 3, 3], [2, 3, 4]],
        "March": [[3, 4, 3], [4, None, 3], [3, 4, 4], [4, None, 3], [3, 4, 4]],
        "April": [[1, 1, 1]] * 3,
        "May": [[4, 4, 4], [4, 5, 4], [5, 4, 3], [4, 4, 4], [3, 4, 5]],
    }
    written = {"January": 1 * day, "March": 3 * day, "April": 4 * day, "May": 5 * day}
    files = [results_file(tmp_path / f"{letter}.json", name, cycles[name], written=1_700_000_000 + written[name])
             for letter, name in zip("dcba", ["May", "January", "April", "March"], strict=True)]
    page.locator(".tg-results-compare-file").set_input_files([str(f) for f in files])
    section = page.locator(".tg-results-compare")
    expect(section.locator("table")).to_be_visible()
    assert section.locator("h3").inner_text() == "Trend over 5 cycles"
    assert section.locator(".tg-results-withheld").inner_text() == (
        "Not shown, with fewer sheets than the agreed minimum of 5: April (3 sheets).")
    table = section.locator("table")
    assert table.locator("thead th").all_inner_texts() == ["Question", "January", "March", "May", "June",
                                                           "Trend of the median"]
    assert "1 to 1" not in section.inner_text()  # nothing of April's figures
    shown = {"January": cycles["January"], "March": cycles["March"], "May": cycles["May"], "June": june}
    for index, label in enumerate(LABELS):
        row = table.locator("tbody tr").nth(index)
        assert row.locator("th").inner_text() == label
        medians = []
        for cell, (cycle, sheets) in zip(row.locator("td").all_inner_texts()[:-1], shown.items(), strict=True):
            answers = [s[index] for s in sheets if s[index] is not None]
            if len(answers) < 5:
                assert cell == "fewer than 5 answers", cycle
                continue
            median = statistics.median(answers)
            medians.append(f"{median:g}")
            assert cell == f"median {median:g}, {min(answers)} to {max(answers)} ({len(answers)} answers)", cycle
        assert row.locator("td").last.inner_text() == " → ".join(medians)
    assert page_width(page) <= PHONE["width"]
