"""What the browser tests of the results tools share: a page watched for script errors and requests that leave
the site, and sheets entered as a facilitator enters them."""

from __future__ import annotations

from collections.abc import Iterator


def watched(page, origin: str, also: tuple[str, ...] = ()) -> Iterator:
    """Yield `page`, recording its script errors and requests; afterwards, fail on any error or on a request
    outside `origin` (and blob:/data: addresses of it, and the prefixes in `also`)."""
    page.errors = []
    page.requests = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    assert page.errors == []
    outside = [u for u in page.requests if not u.startswith((origin + "/", f"blob:{origin}/", "data:", *also))]
    assert outside == [], f"requests left the page: {outside}"


def enter(page, prefix: str, keys: list[str], sheets: list[list[int | None]]) -> None:
    """Each sheet's answers chosen in the tool's fields (None: left blank), then "Add this sheet"."""
    for sheet in sheets:
        for key, value in zip(keys, sheet, strict=True):
            page.select_option(f"#{prefix}-{key}", "" if value is None else str(value))
        page.get_by_role("button", name="Add this sheet").click()
