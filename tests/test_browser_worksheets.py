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
