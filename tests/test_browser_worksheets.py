"""Worksheets and the index in a real browser: fill-in stays in the page's storage, clear-all, filters, no requests out."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_fill_in_survives_reload_and_clears(built_site: Path, browser_page) -> None:
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    url = (built_site / "worksheets/client-trust-reflection/index.html").as_uri()
    page.goto(url)
    first_text = page.locator("form.tg-worksheet input[type=text]").first
    first_text.fill("Ana <b>bold</b>")
    page.locator("form.tg-worksheet input[type=radio]").first.check()
    page.reload()
    assert page.locator("form.tg-worksheet input[type=text]").first.input_value() == "Ana <b>bold</b>"
    assert page.locator("form.tg-worksheet input[type=radio]").first.is_checked()
    page.get_by_role("button", name="Clear all fields").click()
    page.get_by_role("button", name="Yes, clear all fields").click()  # it asks first
    page.reload()
    assert page.locator("form.tg-worksheet input[type=text]").first.input_value() == ""
    assert not page.locator("form.tg-worksheet input[type=radio]").first.is_checked()
    assert [r for r in requests if not r.startswith(("file://", "data:"))] == []


def test_index_filters_by_audience_time_and_confidentiality(built_site: Path, browser_page) -> None:
    page = browser_page
    page.goto((built_site / "worksheets/index.html").as_uri())
    cards = page.locator(".tg-card")
    total = cards.count()
    assert total >= 11
    page.select_option("select[name=confidentiality]", "destroy-after")
    visible = [c for c in cards.all() if c.is_visible()]
    assert 0 < len(visible) < total
    for card in visible:
        assert card.get_attribute("data-confidentiality") == "destroy-after"
    page.select_option("select[name=confidentiality]", "")
    page.select_option("select[name=time]", "20")
    for card in [c for c in cards.all() if c.is_visible()]:
        assert int(card.get_attribute("data-minutes")) <= 20
    assert "worksheets shown" in page.locator(".tg-filter-count").inner_text()


@pytest.mark.parametrize("sheet", ["team-trust-pulse", "team-view-of-manager-value"])
def test_an_anonymous_sheet_keeps_nothing_on_the_device(built_site: Path, browser_page, sheet: str) -> None:
    """The next person to open an anonymous sheet on this device finds it empty, and the page says so."""
    page = browser_page
    url = (built_site / f"worksheets/{sheet}/index.html").as_uri()
    key = f"trustguide:worksheet:{sheet}"
    page.goto(url)
    note = page.locator(".tg-worksheet-tools .tg-privacy-note").inner_text()
    assert "nothing is stored on this device" in note and "gone when you close or reload the page" in note
    text = page.locator("form.tg-worksheet input[type=text]").first
    text.fill("Team Nord")
    page.locator("form.tg-worksheet input[type=radio]").first.check()
    assert text.input_value() == "Team Nord"  # fill-in on screen still works
    # Storage holds no trace of it (Material keeps its colour palette there, nothing else).
    stored = "() => [localStorage, sessionStorage].flatMap(s => Object.keys(s).map(k => k + '=' + s.getItem(k)))"
    assert [item for item in page.evaluate(stored) if "trustguide" in item or "Team Nord" in item] == []
    after = page.context.new_page()  # the next person, in a new tab on the same device
    after.goto(url)
    assert after.locator("form.tg-worksheet input[type=text]").first.input_value() == ""
    assert not after.locator("form.tg-worksheet input[type=radio]").first.is_checked()
    # What an earlier version kept for this sheet is removed, not shown.
    after.evaluate("([key, name]) => localStorage.setItem(key, JSON.stringify({[name]: 'Earlier answer'}))",
                   [key, text.get_attribute("name")])
    after.reload()
    assert after.locator("form.tg-worksheet input[type=text]").first.input_value() == ""
    assert [item for item in after.evaluate(stored) if "trustguide" in item or "Earlier" in item] == []

