"""What reaches paper, read back from printed PDFs as a reader would hold them.

- A page printed in Debian's Chromium (page.pdf() of the built site served by nginx) is headed by the guide's name,
  the page's title and its address; "Print this plan" is compact, and a filled worksheet prints what was typed.
- The worksheet PDFs' footers: a long address wraps beside the QR code, never under it; and without a published
  address (the example one the guide ships with) the commands that print say that it must be set.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import BUILD_LOG, ROOT, trustguide, warm_builds
from servers import Server, nginx

PLANS = sorted(p.stem for p in (ROOT / "plans").glob("*.yml"))
GUIDE_NAME = re.search(r"(?m)^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")).group(1)
EXAMPLE = "https://trustguide.example.org/"  # mkdocs.yml's site_url: the guide's example address
NOTE = "trustguide: note: the guide's address"


def squash(text: str) -> str:
    """Text without whitespace (lines wrap anywhere, an address too) and without Chromium's ligatures ("ﬁ")."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def printed_pages(page, paper: str = "A4") -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format=paper))).pages]


# ---------------------------------------------------------------------------------------------------------------------
# Pages printed from the browser

@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """The guide in every language (the test run's warm build; the built_site fixture is English only), served by
    nginx at the root."""
    site = warm_builds() / "guide"
    with nginx(tmp_path_factory.mktemp("nginx-print"), site, "/") as server:
        yield server, site


@pytest.mark.browser
@pytest.mark.parametrize("path", ["peer-coaching/norms/", "worksheets/peer-group-charter/",
                                  "de/sessions/team-trust-workshop/#start=13:30", "tools/pulse-tally/"])
def test_a_printed_page_says_where_it_came_from(guide: tuple[Server, Path], browser_page, path: str) -> None:
    """The guide's name, the page's title (as the browser's tab shows it) and the address it was opened from, at the
    top of the first page: the repository's site_url is the example address, which is no page's real address."""
    server, _ = guide
    page = browser_page
    page.goto(server.url + path)
    title = page.title().removesuffix(f" - {GUIDE_NAME}")
    printed = printed_pages(page)
    first = printed[0]
    head = squash(" ".join(first.splitlines()[:4]))
    assert head.startswith(squash(f"{GUIDE_NAME} · {title}")), first[:300]
    assert squash(server.url + path) in head, first[:300]
    assert "example.org" not in first
    # the screen's "Cite this page" disclosure is not printed: the paper names its address at the top
    assert page.locator("details.tg-cite-page").count() == 1
    assert not any(words in text for text in printed for words in ("Cite this page", "Diese Seite zitieren"))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("plan", PLANS)
def test_print_this_plan_is_about_as_short_as_its_run_sheet(guide: tuple[Server, Path], browser_page, plan: str,
                                                            lang: str) -> None:
    """At most one page more than the plan's A4 run sheet PDF, and no page ends on a heading or a table's head.

    The bound: the printed page holds what the run sheet holds (preparation, materials, every step with what the
    facilitator and the participants do) and, in addition, the plan's introduction, its facts table, basis, related
    pages and references, about a page; the run sheet starts each meeting of a cycle on a fresh page, the page does
    not. Before, each German step began a new page: 7 to 11 pages in English and 9 to 15 in German, against run
    sheets of 4 to 9 (measured with page.pdf() as here).
    """
    server, site = guide
    page = browser_page
    folder = "" if lang == "en" else f"{lang}/"
    page.goto(f"{server.url}{folder}sessions/{plan}/#start=13:30")
    run_sheet = page.locator("a.tg-download").first.get_attribute("href")
    run_sheet_pages = len(PdfReader((site / folder / "sessions" / plan / run_sheet).resolve()).pages)
    pages = printed_pages(page)
    assert len(pages) <= run_sheet_pages + 1, f"{len(pages)} pages printed, the run sheet has {run_sheet_pages}"
    headings = {squash(text.replace("¶", "")) for text in page.locator(
        "article :is(h1, h2, h3), .tg-agenda caption, .tg-agenda thead").all_inner_texts()}
    for number, text in enumerate(pages[:-1], start=1):
        last = [line for line in text.splitlines() if line.strip()][-1]
        assert squash(last) not in headings, f"page {number} ends on '{last}'"


@pytest.mark.browser
def test_a_filled_worksheet_prints_what_was_typed(guide: tuple[Server, Path], browser_page) -> None:
    """Eight lines in a two-line field and a sentence longer than its box print whole; once cleared, nothing does."""
    server, _ = guide
    page = browser_page
    page.goto(server.url + "worksheets/peer-group-charter/")
    limits = [f"Limit {n}: {word} goes to the facilitator first" for n, word in
              enumerate(["Harm", "Law", "Regulator", "Misconduct", "Fraud", "Safety", "Data", "Money"], start=1)]
    rhythm = ("Every second Tuesday for ninety minutes; whoever cannot attend tells the facilitator a day before "
              "and reads the group's notes afterwards")
    page.locator("textarea[name=confidentiality_limits]").fill("\n".join(limits))
    page.locator("input[name=meeting_rhythm]").fill(rhythm)
    text = squash(" ".join(printed_pages(page)))
    assert [line for line in limits if squash(line) not in text] == []
    assert squash(rhythm) in text
    page.get_by_role("button", name="Clear all fields").click()
    page.get_by_role("button", name="Yes, clear all fields").click()  # it asks first
    text = squash(" ".join(printed_pages(page)))
    assert [line for line in [*limits, rhythm] if squash(line) in text] == []
    page.get_by_role("button", name="Undo").click()  # what was typed comes back, on paper too
    text = squash(" ".join(printed_pages(page)))
    assert [line for line in limits if squash(line) not in text] == [] and squash(rhythm) in text
    page.get_by_role("button", name="Clear all fields").click()
    page.get_by_role("button", name="Yes, clear all fields").click()
    text = squash(" ".join(printed_pages(page)))
    assert [line for line in [*limits, rhythm] if squash(line) in text] == []


# ---------------------------------------------------------------------------------------------------------------------
# The PDFs' address

def test_without_a_published_address_the_build_and_check_say_so(tmp_path: Path) -> None:
    """The repository's guide has the example address: its build (the test run's warm build) and `check` end with
    one note saying to set site_url; an organisation that sets a real one gets none."""
    log = (warm_builds() / BUILD_LOG).read_text(encoding="utf-8")
    notes = [line for line in log.splitlines() if line.startswith(NOTE)]
    assert len(notes) == 1, log[-2000:]
    assert f"is {EXAMPLE}, an example address" in notes[0] and "set site_url in organisation.yml" in notes[0]
    assert "--site-url" in notes[0]
    check = trustguide("check", cwd=ROOT)
    assert check.returncode == 0, check.stderr
    assert [line for line in check.stderr.splitlines() if line.startswith(NOTE)] == [notes[0].replace(
        ", or build with --site-url URL,", "")]
    organisation = tmp_path / "ours"
    organisation.mkdir()
    (organisation / "organisation.yml").write_text("name: Northwind Health\nsite_url: https://coaching.northwind.nhs.uk/\n",
                                                   encoding="utf-8")
    check = trustguide("check", "--org-dir", str(organisation), cwd=ROOT)
    assert check.returncode == 0 and NOTE not in check.stderr, check.stderr


def _footer_geometry(pdf: Path) -> tuple[float, list[tuple[float, float, str]]]:
    """The QR code's left edge and the footer's words (left, right, text), in points, on the first page.

    The QR code is the only drawing (paths) below the text area; its edge comes from the path points, through the
    current transformation (a pypdf visitor). The words come from poppler (pdftotext -bbox)."""
    page = PdfReader(pdf).pages[0]
    height = float(page.mediabox.height)
    points: list[tuple[float, float]] = []

    def visit(operator: bytes, operands: list, cm: list, tm: list) -> None:
        if operator in (b"m", b"l"):
            x, y = float(operands[0]), float(operands[1])
            points.append((cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]))

    page.extract_text(visitor_operand_before=visit)
    footer = [p for p in points if p[1] < 24 / 25.4 * 72]  # the bottom margin is 24 mm (templates/worksheet/print.css)
    assert footer, "no QR code drawn in the footer"
    qr_left, qr_top = min(x for x, _ in footer), height - max(y for _, y in footer)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    words = [(float(x1), float(x2), word) for x1, y1, x2, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)
        if float(y1) >= qr_top - 2]
    return qr_left, words


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_long_address_fits_beside_the_qr_code(tmp_path: Path, paper: str) -> None:
    address = "https://learning-and-development.northwind-health-partnership.nhs.uk/coaching/trust-guide/"
    organisation = tmp_path / "ours"
    organisation.mkdir()
    (organisation / "organisation.yml").write_text(f"name: Northwind Health\nsite_url: {address}\n", encoding="utf-8")
    output = tmp_path / "charter.pdf"
    made = trustguide("worksheet", "peer-group-charter", "--org-dir", str(organisation), "--paper", paper,
                      "-o", str(output), cwd=ROOT)
    assert made.returncode == 0, made.stderr
    assert NOTE not in made.stderr  # a published address: nothing to say
    qr_left, words = _footer_geometry(output)
    assert squash(address + "worksheets/peer-group-charter/") in squash(" ".join(w for _, _, w in words))
    overlapping = [word for left, right, word in words if right > qr_left - 1]
    assert overlapping == [], f"QR code from x={qr_left:.1f} pt; footer words reaching it: {overlapping}"


@pytest.mark.parametrize(("address", "readers_can_open_it"), [
    ("https://trustguide.example.org/", False), ("https://guide.example.org/otautahi/", False), ("", False),
    ("https://example.com/guide/", False), ("https://coaching.test/", False), ("http://127.0.0.1:8000/", False),
    ("http://localhost:8000/", False), ("https://coaching.northwind.nhs.uk/guide/", True),
    ("https://notexample.org/", True), ("https://example.org.uk/", True)])
def test_which_addresses_count_as_published(address: str, readers_can_open_it: bool) -> None:
    """The example and local addresses that the note names and a printed page does not print (RFC 2606, 6761)."""
    from trustguide.core.web_address import published

    assert published(address) is readers_can_open_it
