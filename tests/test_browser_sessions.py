"""Session plans and the planner in a real browser (Debian Chromium), opened from disk as an offline reader would."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_start_time_recomputes_the_clock_times(built_site: Path, browser_page) -> None:
    page = browser_page
    page.goto((built_site / "sessions/peer-coaching-launch/index.html").as_uri())
    first = page.locator(".tg-plan .tg-clock").first
    minutes = int(first.get_attribute("data-minutes"))
    assert first.inner_text() == f"09:00–09:{minutes:02d}"
    page.get_by_label("Start time").fill("13:30")
    assert first.inner_text() == f"13:30–{(13 * 60 + 30 + minutes) // 60:02d}:{(30 + minutes) % 60:02d}"
    last = page.locator(".tg-plan .tg-clock").last
    offset = int(last.get_attribute("data-offset"))
    expected = 13 * 60 + 30 + offset
    assert last.locator(".tg-from").inner_text() == f"{expected // 60:02d}:{expected % 60:02d}"
    page.goto((built_site / "sessions/peer-coaching-launch/index.html").as_uri() + "#start=07:05")
    page.reload()
    assert page.locator(".tg-plan .tg-clock .tg-from").first.inner_text() == "07:05"


def _rows(page) -> list[tuple[str, str, str]]:
    rows = []
    for row in page.locator("#tg-planner-rows tr").all():
        rows.append((row.locator(".tg-clock").inner_text(), row.locator("th").inner_text().split("\n")[0],
                     row.locator("input").input_value()))
    return rows


def test_planner_builds_a_timed_session_kept_in_the_address(built_site: Path, browser_page) -> None:
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((built_site / "planner/index.html").as_uri())
    page.get_by_label("Session name").fill("Ops <b>leadership</b>")
    page.get_by_label("Start time").fill("13:30")
    page.get_by_label("Session length (minutes)").fill("60")
    pick = page.get_by_label("Activity or worksheet")
    pick.select_option("ws.peer-group-charter")
    page.get_by_role("button", name="Add to session").click()
    page.get_by_label("Your own step", exact=True).fill("Coffee <script>break</script>")
    page.get_by_label("Minutes", exact=True).fill("15")
    page.get_by_role("button", name="Add your step").click()

    charter_minutes = int(page.locator("#tg-planner-rows tr").first.locator("input").input_value())
    assert _rows(page)[1][1] == "Coffee <script>break</script>"  # shown as text, never as markup
    # Change a duration: the clock times and the running total follow.
    page.get_by_label("Minutes for Peer-coaching group charter").fill("20")
    page.get_by_label("Minutes for Peer-coaching group charter").press("Tab")
    assert _rows(page) == [("13:30–13:50", "Peer-coaching group charter", "20"),
                           ("13:50–14:05", "Coffee <script>break</script>", "15")]
    assert page.locator("#tg-planner-total").inner_text() == "Total 35 of 60 minutes, 13:30–14:05. 25 minutes left."
    # Reorder, then go over the session length.
    page.get_by_role("button", name="Move Coffee <script>break</script> up").click()
    assert [r[1] for r in _rows(page)] == ["Coffee <script>break</script>", "Peer-coaching group charter"]
    page.get_by_label("Minutes for Peer-coaching group charter").fill("50")
    page.get_by_label("Minutes for Peer-coaching group charter").press("Enter")
    assert "Over by 5 minutes." in page.locator("#tg-planner-total").inner_text()
    assert charter_minutes > 0

    # The address holds the plan: a fresh load of the same address gives the same plan.
    address = page.url
    assert "#" in address and "13%3A30" in address
    page.goto("about:blank")
    page.goto(address)
    assert _rows(page) == [("13:30–13:45", "Coffee <script>break</script>", "15"),
                           ("13:45–14:35", "Peer-coaching group charter", "50")]
    assert page.get_by_label("Session name").input_value() == "Ops <b>leadership</b>"
    assert page.locator(".tg-planner-sheet-name").inner_text() == ": Ops <b>leadership</b>"
    assert page.locator("#tg-planner-link").input_value() == address
    # The worksheet's link leads to its page.
    page.get_by_role("link", name="Peer-coaching group charter").click()
    assert page.url.endswith("worksheets/peer-group-charter/")  # directory URLs; the offline zip uses .html
    assert [r for r in requests if not r.startswith(("file://", "data:", "about:"))] == []


def test_planner_print_and_remove_by_keyboard(built_site: Path, browser_page) -> None:
    page = browser_page
    page.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    page.goto((built_site / "planner/index.html").as_uri() + "#s=09:00&l=30&a=10*~Welcome&a=20*~Close")
    assert [r[1] for r in _rows(page)] == ["Welcome", "Close"]
    page.get_by_role("button", name="Remove Welcome").focus()
    page.keyboard.press("Enter")
    assert _rows(page) == [("09:00–09:20", "Close", "20")]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove Close"
    page.get_by_role("button", name="Print run sheet").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert not page.locator(".tg-planner-library").is_visible()
    assert page.locator("#tg-planner-rows").is_visible()


# ---------------------------------------------------------------------------------------------------------------------
# Hostile and careless links, and times past midnight. The limits are the README's ("Session planner").

MAX_STEPS = 100
MAX_TEXT = 120


def clock(minutes: int) -> str:
    """A clock time as a reader should see it: a time past midnight names its day."""
    days, rest = divmod(minutes, 24 * 60)
    time = f"{rest // 60:02d}:{rest % 60:02d}"
    return time if days == 0 else f"{time} next day" if days == 1 else f"{time} on day {days + 1}"


def planner_message(page) -> str:
    message = page.locator("#tg-planner-message")
    return message.inner_text() if message.count() and message.is_visible() else ""


def test_a_plan_past_midnight_says_the_next_day(built_site: Path, browser_page) -> None:
    page = browser_page
    page.goto((built_site / "sessions/peer-coaching-launch/index.html").as_uri() + "#start=23:00")
    last = page.locator(".tg-plan .tg-clock").last
    end = 23 * 60 + int(last.get_attribute("data-offset")) + int(last.get_attribute("data-minutes"))
    assert end > 24 * 60
    assert last.locator(".tg-to").inner_text() == clock(end)
    assert page.locator(".tg-plan-to").inner_text() == clock(end)


def test_a_link_with_thousands_of_steps_keeps_the_first_hundred(built_site: Path, browser_page) -> None:
    page = browser_page
    long_text = "Ä<b>" * 1000
    steps = [f"a=5*~{long_text}"] + [f"a=5*~Step%20{n}" for n in range(2, 10_001)]
    page.goto((built_site / "planner/index.html").as_uri() + "#s=09:00&l=90&t=" + "T" * 5000 + "&" + "&".join(steps))
    timing = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                           " return n.domContentLoadedEventEnd - n.responseEnd; }")
    assert page.locator("#tg-planner-rows tr").count() == MAX_STEPS
    rows = _rows(page)
    assert rows[0][1] == long_text[:MAX_TEXT] and rows[-1][1] == f"Step {MAX_STEPS}"  # cut as typed text is
    assert page.get_by_label("Session name").input_value() == "T" * MAX_TEXT
    assert planner_message(page) == (
        f"The link holds 10000 steps; the planner keeps at most {MAX_STEPS}, so the first {MAX_STEPS} were kept. "
        f"Texts longer than {MAX_TEXT} characters were cut to {MAX_TEXT}, as when typed.")
    assert page.url.count("&a=") == MAX_STEPS  # the address now holds what is shown
    assert timing < 2000, f"the page took {timing:.0f} ms to set up"
    # The planner keeps no more than that when steps are typed either.
    page.get_by_label("Your own step", exact=True).fill("One more")
    page.get_by_role("button", name="Add your step").click()
    assert len(_rows(page)) == MAX_STEPS
    assert planner_message(page) == (f"The plan has {MAX_STEPS} steps, the most the planner keeps; remove a step to "
                                     "add another.")
    page.get_by_role("button", name=f"Remove Step {MAX_STEPS}").click()
    page.get_by_role("button", name="Add your step").click()
    assert _rows(page)[-1][1] == "One more" and planner_message(page) == ""


def test_ids_from_a_link_are_looked_up_safely(built_site: Path, browser_page) -> None:
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    hostile = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "no-such-plan.1.1"]
    page.goto((built_site / "planner/index.html").as_uri() + "#s=09:00&l=90&"
              + "&".join(f"a=10*{i}" for i in hostile) + "&a=15*~Coffee&a=10*ws.peer-group-charter")
    assert [r[1] for r in _rows(page)] == ["Coffee", "Peer-coaching group charter"]
    assert planner_message(page) == (
        f"{len(hostile)} steps of the link were left out: they are not activities of this guide's library. "
        "Unknown: __proto__, constructor, prototype, ….")
    assert errors == []
    page.goto((built_site / "planner/index.html").as_uri() + "#a=10*__proto__")
    assert _rows(page) == []
    assert planner_message(page) == ("1 step of the link was left out: it is not an activity of this guide's library. "
                                     "Unknown: __proto__.")


def test_a_session_past_midnight_says_so(built_site: Path, browser_page) -> None:
    page = browser_page
    page.goto((built_site / "planner/index.html").as_uri()
              + "#s=22:00&l=480&a=480*~Night%20one&a=480*~Night%20two&a=480*~Night%20three&a=480*~Night%20four")
    start = 22 * 60
    assert [r[0] for r in _rows(page)] == [f"{clock(start + 480 * i)}–{clock(start + 480 * (i + 1))}" for i in range(4)]
    assert page.locator("#tg-planner-total").inner_text() == (
        f"Total 1920 of 480 minutes, 22:00–{clock(start + 1920)}. Over by 1440 minutes.")
    assert clock(start + 1920) == "06:00 on day 3"
