"""Citing the guide: CITATION.cff, "How to cite this guide" on the home page with its .bib and .ris, and "Cite this
page" on every page, read back as a reference manager reads them (bibtexparser, RIS line by line)."""

from __future__ import annotations

import html
import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import pytest
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware

from conftest import EPOCH, ROOT, warm_builds
from trustguide.content.citing import Citation, apa_text, bibtex, ris
from trustguide.content.languages.catalog import load_catalog
from trustguide.engine.citing import DOWNLOADS

HOSTILE = "Zoë O'Connor-Łukasiewicz GmbH \"李小龍\" {50% & Co_#1} \\ ~^$"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
BUILT_YEAR = str(datetime.fromtimestamp(int(EPOCH), tz=UTC).year)  # the warm builds' SOURCE_DATE_EPOCH


def _bib_fields(text: str) -> tuple[str, str, dict[str, str]]:
    """The one entry of `text` as bibtexparser reads it, LaTeX decoded: its type, key and fields."""
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    (entry,) = library.entries
    # pylatexenc decodes LaTeX's \textasciicircum as U+02C6 (a modifier letter); LaTeX and biber print "^"
    return entry.entry_type, entry.key, {field.key: field.value.replace("\u02c6", "^") for field in entry.fields}


def _ris_fields(text: str) -> list[tuple[str, str]]:
    """RIS as a reference manager reads it: one `TAG  - value` a line, TY first, ER last."""
    lines = text.split("\r\n")
    assert lines[-1] == "", "RIS ends with a line end"
    pairs = []
    for line in lines[:-1]:
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, f"not a RIS line: {line!r}"
        pairs.append((match.group(1), match.group(2)))
    assert pairs[0] == ("TY", "ELEC") and pairs[-1] == ("ER", "")
    return pairs


# ---------------------------------------------------------------------------------------------------------------------
# The files a reference manager reads, with a hostile organisation's name

@pytest.mark.parametrize("name", [HOSTILE, "Zoë O'Connor-Łukasiewicz GmbH", "李小龍 {unbalanced", "a}b{c"])
def test_bibtex_reads_back_the_same_names_and_titles(name: str) -> None:
    guide = Citation(site_name=f"Trust Guide for {name}", version=VERSION, year="2026",
                     url="https://guide.example.org/", publisher=name)
    kind, key, fields = _bib_fields(bibtex(guide))
    assert (kind, key) == ("online", "trustguide2026")
    assert fields["organization"] == name and fields["title"] == f"Trust Guide for {name}"
    raw_author = bibtexparser.parse_string(bibtex(guide)).entries[0]["author"]
    assert raw_author == "{Trust Guide contributors}"  # a group, braced whole: not "contributors, T. G."
    assert (fields["version"], fields["year"], fields["url"]) == (VERSION, "2026", "https://guide.example.org/")
    page = guide.for_page(f"Vertraulichkeit {name}", "https://guide.example.org/de/a/b/", "a/b/")
    kind, key, fields = _bib_fields(bibtex(page))
    assert key == "trustguide2026:a/b" and fields["title"] == f"Vertraulichkeit {name}"
    assert fields["organization"] == f"Trust Guide for {name}"


def test_ris_is_utf8_one_field_a_line_even_for_a_name_with_line_breaks() -> None:
    name = HOSTILE + "\nER  - \r\nTY  - JOUR"  # a name that tries to end the record and start another
    guide = Citation(site_name="Trust Guide", version=VERSION, year="2026", url="https://guide.example.org/",
                     publisher=name, language="de")
    text = ris(guide)
    text.encode("utf-8")  # every character is kept (RIS as UTF-8), none is replaced
    fields = _ris_fields(text)
    assert dict(fields)["PB"] == HOSTILE + " ER - TY - JOUR"
    assert [tag for tag, _ in fields] == ["TY", "AU", "TI", "PB", "ET", "PY", "UR", "LA", "ER"]
    assert dict(fields)["AU"] == "Trust Guide contributors" and dict(fields)["LA"] == "de"


def test_the_apa_reference_omits_a_publisher_that_is_the_author_and_keeps_one_full_stop() -> None:
    own = Citation(site_name="Trust Guide", version="1.0", year="2026", url="https://g.example.org/")
    assert apa_text(own) == "Trust Guide contributors. (2026). Trust Guide (Version 1.0). https://g.example.org/"
    hosted = Citation(site_name="Guide?", version="", year="2026", publisher="Acme Inc.")
    assert apa_text(hosted) == "Trust Guide contributors. (2026). Guide? Acme Inc."


# ---------------------------------------------------------------------------------------------------------------------
# CITATION.cff

# The keys of CFF 1.2.0 (its schema allows no others at the top level).
CFF_KEYS = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers",
            "keywords", "license", "license-url", "message", "preferred-citation", "references", "repository",
            "repository-artifact", "repository-code", "title", "type", "url", "version"}


def test_citation_cff_is_valid_cff_1_2_0_in_step_with_pyproject() -> None:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert data["cff-version"] == "1.2.0"
    assert {"authors", "cff-version", "message", "title"} <= set(data) <= CFF_KEYS, sorted(data)
    assert str(data["version"]) == VERSION, "CITATION.cff's version must be pyproject.toml's"
    assert data["type"] in {"software", "dataset"}
    assert data["authors"] and all(isinstance(a, dict) and (a.get("name") or a.get("family-names"))
                                   for a in data["authors"])
    licences = data["license"] if isinstance(data["license"], list) else [data["license"]]
    assert all(re.fullmatch(r"[A-Za-z0-9.+-]+", licence) for licence in licences)


# ---------------------------------------------------------------------------------------------------------------------
# The built guide (the warm build of every language, SOURCE_DATE_EPOCH set): no build of its own

def _cite_block(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    match = re.search(r'<details class="tg-cite-page">.*?</details>', text, re.S)
    assert match, f"{page}: no 'Cite this page'"
    return match.group(0)


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _data(block: str, suffix: str) -> str:
    href = re.search(rf'href="data:([^";]+);charset=utf-8,([^"]*)"\s+download="([^"]+){re.escape(suffix)}"', block)
    assert href, block
    return unquote(html.unescape(href.group(2)))


@pytest.fixture(scope="module")
def guide_site() -> Path:
    return warm_builds() / "guide"


@pytest.mark.parametrize(("folder", "source", "summary", "copy"), [
    ("", "docs", "Cite this page", "Copy the reference"),
    ("de/", "translations/de/docs", "Diese Seite zitieren", "Quellenangabe kopieren"),
])
def test_every_page_cites_itself_in_its_language_at_its_own_address(guide_site: Path, folder: str, source: str,
                                                                    summary: str, copy: str) -> None:
    page = (ROOT / source / "coaching-relationship/confidentiality.md").read_text(encoding="utf-8")
    title = yaml.safe_load(page.split("---")[1])["title"]  # the page's own title, in its language
    base = re.search(r"(?m)^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")).group(1)  # !ENV tags
    address = f"{base}{folder}coaching-relationship/confidentiality/"
    block = _cite_block(guide_site / folder / "coaching-relationship/confidentiality/index.html")
    assert f"<summary>{summary}</summary>" in block and f">{copy}</button>" in block
    reference = _plain(re.search(r'<p class="tg-cite-reference">(.*?)</p>', block, re.S).group(1))
    assert reference == (f"Trust Guide contributors. ({BUILT_YEAR}). {title} (Version {VERSION}). Trust Guide. "
                         f"{address}")
    copied = html.unescape(re.search(r'data-tg-copy="([^"]*)"', block).group(1))
    assert copied == reference
    _kind, _key, fields = _bib_fields(_data(block, ".bib"))
    assert (fields["title"], fields["url"], fields["year"]) == (title, address, BUILT_YEAR)
    ris_fields = dict(_ris_fields(_data(block, ".ris")))
    assert (ris_fields["TI"], ris_fields["UR"], ris_fields["LA"]) == (title, address, folder.strip("/") or "en")
    downloads = re.findall(r'<a class="md-button" href="([^"]+)"', block)
    assert len(downloads) == 2 and all(h.startswith("data:") for h in downloads)  # no request leaves the site


def test_how_to_cite_the_guide_with_its_two_files(guide_site: Path) -> None:
    german = load_catalog(ROOT / "translations/de/LC_MESSAGES/messages.po").translations.gettext
    for folder, language in (("", "en"), ("de/", "de")):
        home = (guide_site / folder / "index.html").read_text(encoding="utf-8")
        section = re.search(r'<div class="tg-cite-guide">(.*?)</div>', home, re.S)
        assert section, f"{folder}index.html: no 'How to cite this guide'"
        words = german(DOWNLOADS) if language == "de" else DOWNLOADS
        assert f'<p class="tg-cite-downloads">{html.escape(words)}: ' in section.group(1)
        reference = _plain(re.search(r'<p class="tg-cite-reference">(.*?)</p>', section.group(1), re.S).group(1))
        assert f"({BUILT_YEAR}). Trust Guide (Version {VERSION})." in reference
        assert re.search(r'href="cite/trust-guide\.bib" download', section.group(1))
        bib = (guide_site / folder / "cite/trust-guide.bib").read_text(encoding="utf-8")
        _kind, key, fields = _bib_fields(bib)
        assert key == f"trustguide{BUILT_YEAR}" and fields["version"] == VERSION
        assert fields["url"] == reference.rsplit(" ", 1)[1] and fields["url"].endswith(f"/{folder}")
        fields_ris = dict(_ris_fields((guide_site / folder / "cite/trust-guide.ris").read_bytes().decode("utf-8")))
        assert (fields_ris["UR"], fields_ris["LA"], fields_ris["PY"]) == (fields["url"], language, BUILT_YEAR)


def test_an_organisations_copy_is_cited_with_its_own_name_and_address(branded_site: Path) -> None:
    settings = yaml.safe_load((ROOT / "examples/organisation/organisation.yml").read_text(encoding="utf-8"))
    home = (branded_site / "index.html").read_text(encoding="utf-8")
    reference = _plain(re.search(r'<div class="tg-cite-guide">\s*<p class="tg-cite-reference">(.*?)</p>', home,
                                 re.S).group(1))
    assert f"{settings['site_name']} (Version {VERSION}). {settings['name']}." in reference
    _kind, _key, fields = _bib_fields((branded_site / "cite/trust-guide.bib").read_text(encoding="utf-8"))
    assert (fields["title"], fields["organization"]) == (settings["site_name"], settings["name"])
    if settings.get("site_url"):
        assert fields["url"] == settings["site_url"]


@pytest.mark.browser
def test_cite_this_page_by_keyboard_copied_and_axe_clean(guide_site: Path, browser_page) -> None:
    """From disk (as the offline zip is opened), in German: the disclosure opens with Enter, Tab reaches the
    reference's address and then the copy button, Enter copies and the status line says so; axe-core finds nothing in the opened block."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser_page
    page.goto((guide_site / "de/coaching-relationship/confidentiality/index.html").as_uri(), wait_until="load")
    summary = page.locator("details.tg-cite-page > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.tg-cite-page").evaluate("d => d.open")
    for _ in range(2):  # the reference's address (a link), then the copy button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('tg-cite-copy')")
    page.keyboard.press("Enter")
    status = page.locator("details.tg-cite-page .tg-cite-status")
    status.filter(has_text="kopier").wait_for(timeout=5000)  # "Quellenangabe kopiert", or how to copy it by hand
    assert status.inner_text() in {"Quellenangabe kopiert", "Markieren Sie die Quellenangabe und kopieren Sie sie"}
    response = Axe().run(page, context="details.tg-cite-page").response
    assert [v["id"] for v in response["violations"]] == []
