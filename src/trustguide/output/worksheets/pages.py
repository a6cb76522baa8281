"""The Markdown of the site's worksheet pages and of the worksheet index (MkDocs turns them into HTML)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trustguide.content.pages.frontmatter import render_front_matter
from trustguide.content.worksheets.model import CONFIDENTIALITY, Personalisation, Worksheet
from trustguide.output.rendering.templates import render_template
from trustguide.output.rendering.text import inline, markdown_literal

PDF_HREF_TOKEN = "TG-PDF-HREF-"  # replaced per page by the relative address of the PDF (depends on URL style)


def _relative_doc_link(page: str) -> str:
    return "../" + page


def worksheet_markdown(worksheet: Worksheet, templates_dir: Path, titles: dict[str, str], papers: list[str],
                       hold: Callable[[str], str] = inline) -> str:
    """A page per worksheet: purpose, how to use it, its cited basis, the fillable sheet, print and PDF links.
    `hold` gets the sheet's HTML and gives what the Markdown carries in its place."""
    esc = markdown_literal  # definitions hold text: never Markdown or HTML, wherever it lands
    sheet = hold(render_template(templates_dir, "worksheet/page.html.j2", ws=worksheet, person=Personalisation(),
                                 papers=papers, pdf_href_token=PDF_HREF_TOKEN))
    basis = "; ".join(f"@{{{key}}}" for key in worksheet.basis)
    related = "\n".join(f"- [{esc(titles.get(p, p))}]({_relative_doc_link(p)})" for p in worksheet.related)
    facts = [
        ("Time", f"{worksheet.minutes} minutes"),
        ("Group size", worksheet.group_size),
        ("For", ", ".join(worksheet.audience)),
        ("Materials", ", ".join(worksheet.materials)),
        ("Confidentiality", worksheet.confidentiality_label),
        ("Printed length", f"{worksheet.pages} page{'s' if worksheet.pages > 1 else ''} per copy"),
    ]
    table = "| About this worksheet | Details |\n| --- | --- |\n" + "\n".join(
        f"| {k} | {esc(v)} |" for k, v in facts)
    return (
        render_front_matter(worksheet.title, worksheet.purpose, worksheet.audience, ["worksheet"])
        + f"# {esc(worksheet.title)}\n\n{esc(worksheet.purpose)}\n\n{table}\n\n"
        + f"## How to use it\n\n{esc(worksheet.how_to_use)}\n\n"
        + f"## Basis\n\nThis worksheet rests on [{basis}].\n\n"
        + f"## Related pages\n\n{related}\n\n"
        + "## The worksheet\n\n"
        + sheet
        + "\n"
    )


def index_markdown(worksheets: list[Worksheet], templates_dir: Path, hold: Callable[[str], str] = inline) -> str:
    cards = hold(render_template(templates_dir, "worksheet/index.html.j2", worksheets=worksheets,
                                 confidentiality=CONFIDENTIALITY))
    return (
        render_front_matter("Worksheets", "Printable, fillable worksheets for coaching, peer-coaching groups, team sessions "
                      "and the manager value question, in A4 and Letter.",
                      ("coach", "facilitator", "organisation"), ["worksheet"])
        + "# Worksheets\n\nEvery worksheet can be filled in on screen (what you type stays in your browser), printed, "
          "or downloaded as a fillable PDF in A4 or Letter. Filter the list by who it is for, how long it takes and "
          "how confidential it is.\n\n"
        + cards
        + "\n"
    )


def practice_links(ids: list[str], titles: dict[str, str], from_page: str) -> str:
    """The "Put it into practice" section a knowledge page gets for the worksheets its front matter lists."""
    depth = from_page.count("/")
    prefix = "../" * depth
    items = "\n".join(f"- [{markdown_literal(titles[i])}]({prefix}worksheets/{i}.md)" for i in ids)
    return f"\n\n## Put it into practice\n\nWorksheets for this topic:\n\n{items}\n"
