"""The Markdown of the site's worksheet pages and of the worksheet index (MkDocs turns them into HTML)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trustguide.content.languages.catalog import N_, SOURCE_TRANSLATIONS, Gettext, heading
from trustguide.content.pages.frontmatter import render_front_matter
from trustguide.content.worksheets.model import CONFIDENTIALITY, Personalisation, Worksheet
from trustguide.output.rendering.templates import render_template
from trustguide.output.rendering.text import inline, markdown_literal

PDF_HREF_TOKEN = "TG-PDF-HREF-"  # replaced per page by the relative address of the PDF (depends on URL style)


# What a worksheet takes from its sources, and what is this guide's own (its page says both).
BASIS_NOTE = N_("The ideas this worksheet puts into practice come from [%(basis)s]; its structure, prompts and "
                "notes are this guide's own practice advice, not findings of those sources.")

def _relative_doc_link(page: str) -> str:
    return "../" + page


def worksheet_markdown(worksheet: Worksheet, templates_dir: Path, titles: dict[str, str], papers: list[str],
                       hold: Callable[[str], str] = inline, translations: Gettext = SOURCE_TRANSLATIONS) -> str:
    """A page per worksheet: purpose, how to use it, its cited basis, the fillable sheet, print and PDF links.
    `hold` gets the sheet's HTML and gives what the Markdown carries in its place; `translations` its words."""
    _ = translations.gettext
    esc = markdown_literal  # definitions hold text: never Markdown or HTML, wherever it lands
    sheet = hold(render_template(templates_dir, "worksheet/page.html.j2", translations, ws=worksheet,
                                 person=Personalisation(), papers=papers, pdf_href_token=PDF_HREF_TOKEN))
    basis = "; ".join(f"@{{{key}}}" for key in worksheet.basis)
    related = "\n".join(f"- [{esc(titles.get(p, p))}]({_relative_doc_link(p)})" for p in worksheet.related)
    facts = [
        (_("Length"), _("%(n)s minutes") % {"n": worksheet.minutes}),
        (_("Group size"), worksheet.group_size),
        (_("For"), ", ".join(map(_, worksheet.audience))),
        (_("Materials"), ", ".join(worksheet.materials)),
        (_("Confidentiality"), _(worksheet.confidentiality_label)),
        (_("Printed length"), translations.ngettext("%(n)s page per copy", "%(n)s pages per copy", worksheet.pages)
         % {"n": worksheet.pages}),
    ]
    # Babel reads no f-string: each message is a call of its own.
    about, details = _("About this worksheet"), _("Details")
    how, basis_heading = heading(_, N_("How to use it")), heading(_, N_("Basis"))
    related_heading, sheet_heading = heading(_, N_("Related pages")), heading(_, N_("The worksheet"))
    table = f"| {about} | {details} |\n| --- | --- |\n" + "\n".join(
        f"| {k} | {esc(v)} |" for k, v in facts)
    return (
        render_front_matter(worksheet.title, worksheet.purpose, worksheet.audience, [_("worksheet")])
        + f"# {esc(worksheet.title)}\n\n{esc(worksheet.purpose)}\n\n{table}\n\n"
        + f"## {how}\n\n{esc(worksheet.how_to_use)}\n\n"
        + f"## {basis_heading}\n\n" + _(BASIS_NOTE) % {"basis": basis} + "\n\n"
        + f"## {related_heading}\n\n{related}\n\n"
        + f"## {sheet_heading}\n\n"
        + sheet
        + "\n"
    )


def index_markdown(worksheets: list[Worksheet], templates_dir: Path, hold: Callable[[str], str] = inline,
                   translations: Gettext = SOURCE_TRANSLATIONS) -> str:
    _ = translations.gettext
    cards = hold(render_template(templates_dir, "worksheet/index.html.j2", translations, worksheets=worksheets,
                                 confidentiality=CONFIDENTIALITY))
    return (
        render_front_matter(_("Worksheets"), _("Printable, fillable worksheets for coaching, peer-coaching groups, "
                                               "team sessions and the manager value question, in A4 and Letter."),
                            ("coach", "facilitator", "organisation"), [_("worksheet")])
        + "# " + _("Worksheets") + "\n\n"
        + _("Every worksheet can be filled in on screen (what you type stays in your browser), printed, or downloaded "
            "as a fillable PDF in A4 or Letter. Filter the list by who it is for, how long it takes and how "
            "confidential it is.") + "\n\n"
        + cards
        + "\n"
    )


def practice_links(ids: list[str], titles: dict[str, str], from_page: str,
                   translations: Gettext = SOURCE_TRANSLATIONS) -> str:
    """The "Put it into practice" section a knowledge page gets for the worksheets its front matter lists."""
    _ = translations.gettext
    depth = from_page.count("/")
    prefix = "../" * depth
    items = "\n".join(f"- [{markdown_literal(titles[i])}]({prefix}worksheets/{i}.md)" for i in ids)
    practice, for_topic = heading(_, N_("Put it into practice")), _("Worksheets for this topic:")
    return f"\n\n## {practice}\n\n{for_topic}\n\n{items}\n"
