"""The printable HTML of a worksheet (one copy per participant or one for the group) and its PDF."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from trustguide.content.languages.catalog import Gettext
from trustguide.content.worksheets.model import Personalisation, Worksheet
from trustguide.core.errors import Location, TrustGuideError
from trustguide.guide.site_paths import worksheet_pdf
from trustguide.output.pdf.qr import qr_data_uri
from trustguide.output.pdf.weasy import PAPER_SIZES, RenderedPdf, render_pdf
from trustguide.output.rendering.templates import render_template


@dataclass(frozen=True)
class Copy:
    participant: str
    prefix: str


def copies_for(worksheet: Worksheet, person: Personalisation, every_kind: bool = False) -> list[Copy]:
    """The copies to print: one per participant (unnamed on an anonymous sheet), else `person.copies` blank ones.

    Group worksheets get one copy, unless `every_kind` (the `worksheet` command prints what it is asked for).
    """
    if worksheet.copies == "per-participant" and person.participants:
        if worksheet.anonymous:
            # Unnamed, and not numbered in the participants' order either: a returned file's field names would say
            # whose copy it was. Each copy's fields get a random mark instead (they must differ within one PDF).
            return [Copy("", f"a{secrets.token_hex(4)}-") for _ in person.participants]
        return [Copy(name, f"p{i}-") for i, name in enumerate(person.participants, start=1)]
    if person.copies > 1 and (every_kind or worksheet.copies == "per-participant"):
        return [Copy("", f"p{i}-") for i in range(1, person.copies + 1)]
    return [Copy("", "")]


def worksheet_url(site_url: str, worksheet: Worksheet) -> str:
    base = site_url.rstrip("/") + "/" if site_url else ""
    return f"{base}worksheets/{worksheet.id}/"


def print_html(worksheet: Worksheet, templates_dir: Path, paper: str, site_url: str,
               person: Personalisation | None = None, lang: str = "en-GB", translations: Gettext | None = None,
               sources: str = "") -> str:
    """lang and translations: the language of the print (German hyphenation with "de") and its template strings;
    sources: the line naming its basis and their kinds of evidence (rendering.sources), printed at the top."""
    person = person or Personalisation()
    copies = copies_for(worksheet, person, every_kind=True)
    url = worksheet_url(site_url, worksheet)
    return render_template(
        templates_dir,
        "worksheet/print.html.j2",
        ws=worksheet,
        person=person,
        copies=copies,
        paper_css=PAPER_SIZES[paper],
        qr_data_uri=qr_data_uri(url),
        url=url,
        footer_left=worksheet.title,
        footer_licence=person.footer_licence,
        lang=lang,
        translations=translations,
        sources=sources,
    )


def render_worksheet_pdf(worksheet: Worksheet, templates_dir: Path, paper: str, site_url: str,
                         person: Personalisation | None = None, lang: str = "en-GB",
                         translations: Gettext | None = None, sources: str = "") -> RenderedPdf:
    """Render and check the page count the definition declares (per copy), in every language."""
    person = person or Personalisation()
    html = print_html(worksheet, templates_dir, paper, site_url, person, lang, translations, sources)
    pdf = render_pdf(html, templates_dir / "worksheet")
    count = len(copies_for(worksheet, person, every_kind=True))
    if pdf.pages != worksheet.pages * count:
        raise TrustGuideError(
            Location(worksheet.source, 1),
            f"worksheet '{worksheet.id}' prints on {pdf.pages // count} page(s) "
            f"on {paper} paper but declares pages: {worksheet.pages}; shorten its fields or change 'pages'",
        )
    return pdf


def worksheet_pdf_bytes(worksheet: Worksheet, templates_dir: Path, paper: str, site_url: str,
                        person: Personalisation | None = None, lang: str = "en-GB", translations: Gettext | None = None,
                        sources: str = "") -> bytes:
    """Module-level (picklable) entry point for rendering in a worker process."""
    return render_worksheet_pdf(worksheet, templates_dir, paper, site_url, person, lang=lang, translations=translations,
                                sources=sources).data


def pdf_name(worksheet: Worksheet, paper: str) -> str:
    return worksheet_pdf(worksheet.id, paper, "").removeprefix("/pdf/")
