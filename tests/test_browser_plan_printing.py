"""What a facilitator prints from a plan page and from the planner, in Debian Chromium over HTTP (nginx).

A plan page opened at #start=13:30 prints with 13:30 clock times; its run sheet PDFs, made once for everyone, say
that they count from 0:00. Each plan opens in the planner with its steps, and the planner's run sheet prints what a
facilitator needs on A4 and Letter, with no blank page.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT
from servers import Server, nginx
from trustguide.content.sessions.clock import parse_start, schedule

pytestmark = pytest.mark.browser
CLOCK = re.compile(r"(\d\d:\d\d)–(\d\d:\d\d)")
POINTS = {"A4": (596, 843), "Letter": (612, 792)}


@pytest.fixture(scope="module")
def server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with nginx(tmp_path_factory.mktemp("nginx-plans"), built_site) as running:
        yield running


def plan_data(plan_id: str) -> dict:
    return yaml.safe_load((ROOT / "plans" / f"{plan_id}.yml").read_text(encoding="utf-8"))


def agenda(plan: dict, meeting: int = 1) -> list[dict]:
    return plan["meetings"][meeting - 1]["agenda"] if "meetings" in plan else plan["agenda"]


def clock_rows(steps: list[dict], start: str) -> list[tuple[str, str]]:
    return [(s.start, s.end) for s in schedule([x["minutes"] for x in steps], parse_start(start))]


def squash(text: str) -> str:
    """Text without whitespace (lines wrap anywhere) and without ligatures (Chromium prints "ﬁ" for "fi")."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def printed(page, paper: str = "A4") -> list[str]:
    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
    return [p.extract_text() for p in reader.pages]


def test_a_plan_page_prints_the_start_time_chosen(server: Server, browser_page) -> None:
    page = browser_page
    page.goto(server.url + "sessions/team-trust-workshop/#start=13:30")
    assert page.locator(".tg-plan-span").inner_text() == "180 minutes: 13:30–16:30"
    text = "\n".join(printed(page))
    assert CLOCK.findall(text) == [("13:30", "16:30"), *clock_rows(agenda(plan_data("team-trust-workshop")), "13:30")]
    assert "09:00" not in text


def test_the_run_sheet_pdf_says_what_it_is_timed_from(server: Server, built_site: Path, browser_page) -> None:
    page = browser_page
    page.goto(server.url + "sessions/team-trust-workshop/#start=13:30")
    note = page.locator(".tg-timing-note")
    assert note.is_visible()
    assert "clock times shown here, from 13:30" in note.inner_text()
    assert "count from the start (0:00)" in note.inner_text()
    links = page.locator("a.tg-download")
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        "Run sheet PDF (A4, times from 0:00)", "Run sheet PDF (Letter, times from 0:00)"]
    href = links.first.get_attribute("href")
    pdf = (built_site / "sessions/team-trust-workshop" / href).resolve()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Times on this sheet count from the start of the session (0:00), not from a clock time." in text
    assert "180 minutes, 0:00–3:00 from the start" in text
    assert not CLOCK.findall(text)


def test_a_plan_opens_in_the_planner_with_its_steps_and_start(server: Server, browser_page) -> None:
    page = browser_page
    page.goto(server.url + "sessions/team-trust-workshop/#start=13:30")
    page.get_by_role("link", name="Open in the session planner").click()
    page.wait_for_selector("#tg-planner-rows tr")
    steps = agenda(plan_data("team-trust-workshop"))
    rows = page.locator("#tg-planner-rows tr")
    assert rows.count() == len(steps)
    titles = [rows.nth(i).locator("th > a").inner_text() for i in range(rows.count())]
    assert titles == [s["title"] for s in steps]
    times = [tuple(rows.nth(i).locator(".tg-clock").inner_text().split("–")) for i in range(rows.count())]
    assert times == clock_rows(steps, "13:30")
    assert page.locator("#tg-planner-title").input_value() == "Team trust workshop"
    assert page.locator("#tg-planner-total").inner_text() == "Total 180 of 180 minutes, 13:30–16:30. Exactly on time."


def test_each_meeting_of_a_cycle_opens_in_the_planner(server: Server, browser_page) -> None:
    page = browser_page
    plan = plan_data("value-question-cycle")
    page.goto(server.url + "sessions/value-question-cycle/")
    links = page.locator("a.tg-open-planner")
    assert links.count() == len(plan["meetings"])
    page.get_by_role("link", name="Open meeting 2 in the planner").click()
    page.wait_for_selector("#tg-planner-rows tr")
    titles = page.locator("#tg-planner-rows th > a").all_inner_texts()
    assert titles == [s["title"] for s in agenda(plan, 2)]
    assert page.locator("#tg-planner-title").input_value() == f"{plan['title']}: {plan['meetings'][1]['title']}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_planner_prints_a_full_run_sheet_without_a_blank_page(server: Server, browser_page, paper: str) -> None:
    page = browser_page
    page.goto(server.url + "sessions/team-trust-workshop/")
    page.get_by_role("link", name="Open in the session planner").click()
    page.wait_for_selector("#tg-planner-rows tr")
    data = page.pdf(format=paper)
    reader = PdfReader(io.BytesIO(data))
    for number, sheet in enumerate(reader.pages, start=1):
        box = sheet.mediabox
        assert (round(float(box.width)), round(float(box.height))) == POINTS[paper]
        assert sheet.extract_text().strip(), f"page {number} of {len(reader.pages)} is blank"
    text = squash(" ".join(p.extract_text() for p in reader.pages))
    for step in agenda(plan_data("team-trust-workshop")):
        for part in (step["title"], step["facilitator"], step["participants"], step.get("watch", "")):
            assert squash(part) in text, part[:60]
    for title in ("Team trust pulse", "Shared goals and team norms canvas"):  # the worksheets the steps use
        assert squash(f"Worksheet: {title}") in text
    for hidden in ("Add activities", "Start again", "Link to this plan", "Move"):  # only the run sheet prints
        assert squash(hidden) not in text
