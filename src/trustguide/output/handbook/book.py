"""The handbook's HTML and PDF: the pages as the site built them, the glossary, the references and, as an
appendix, every worksheet and run sheet from the templates their own PDFs use. Pure: no engine, no site folder.

Each page's HTML is the site's (citations, glossary tooltips and language exactly as published); its ids get the
page's prefix, so that anchors stay unique in one document, and its links are made to point inside the PDF where
their target is in it, and at the published site where it is not.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from trustguide.content.languages.catalog import Gettext
from trustguide.content.sessions.model import Plan
from trustguide.content.worksheets.model import Personalisation, Worksheet
from trustguide.output.pdf.qr import qr_data_uri
from trustguide.output.pdf.weasy import PAPER_SIZES, RenderedPdf, render_pdf
from trustguide.output.rendering.templates import render_template
from trustguide.output.sessions.printing import Titles, plan_slots

HANDBOOK_FOLDER = "handbook"


def handbook_pdf_name(paper: str) -> str:
    """The handbook's file in the site (under the language's folder): handbook/trust-guide-a4.pdf."""
    return f"{HANDBOOK_FOLDER}/trust-guide-{paper}.pdf"


@dataclass(frozen=True)
class BookPage:
    """One page of the site as it was built: where it is (its URL in the site, "foundations/cognitive-trust/"),
    its title, the navigation section it is in, and the HTML of its content."""

    url: str
    title: str
    section: str
    html: str

    @property
    def anchor(self) -> str:
        return "p-" + (re.sub(r"[^A-Za-z0-9]+", "-", self.url).strip("-") or "home")


@dataclass(frozen=True)
class Handbook:
    """Everything one handbook is made of, besides the templates and the paper."""

    title: str
    version: str
    date: str
    site_url: str
    pages: tuple[BookPage, ...]  # the knowledge pages in the navigation's order, then glossary and references
    lang: str  # the language's print tag (its record's print_lang): <html lang>, the PDF's language, hyphenation
    worksheets: tuple[Worksheet, ...] = ()
    plans: tuple[Plan, ...] = ()
    titles: Titles = field(default_factory=lambda: Titles({}, {}))
    person: Personalisation = field(default_factory=Personalisation)
    worksheet_section: str = "worksheets"
    plan_section: str = "sessions"

    def digest(self) -> str:
        """A hash of the content (the templates, the code and the machine are the caller's cache key). Not the date:
        a handbook whose content did not change is not made again the next day (see the engine's `_date`)."""
        digest = hashlib.sha256()
        for part in (self.title, self.version, self.site_url, self.lang, self.person.org, self.person.logo,
                     self.worksheet_section, self.plan_section, repr(sorted(self.titles.worksheets.items())),
                     repr(sorted(self.titles.pages.items()))):
            digest.update(part.encode() + b"\0")
        for page in self.pages:
            digest.update(f"{page.url}\0{page.title}\0{page.section}\0{page.html}\0".encode())
        for item in (*self.worksheets, *self.plans):
            digest.update(f"{item.id}\0{item.digest}\0".encode())
        return digest.hexdigest()


_ID = re.compile(r'(\sid=")([^"]*)(")')
_HREF = re.compile(r'(\shref=")([^"]*)(")')
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'\ssrc="([^"]*)"')
_ALT = re.compile(r'\salt="([^"]*)"')
_DROPPED = re.compile(r"<(script|style|form|button)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
# A citation's evidence label shown on hover (content.citations.evidence: EvidenceLabels.tip): on paper it would be
# printed after every citation; the label stays where the site lists it, after the entry in the references.
_EVIDENCE_TIP = re.compile(r'<span class="tg-evidence-tip"[^>]*>.*?</span>', re.DOTALL)


def _worksheet_anchor(worksheet_id: str) -> str:
    return f"ws-{worksheet_id}"


def _plan_anchor(plan_id: str) -> str:
    return f"plan-{plan_id}"


class _Links:
    """Where a link of the site points in the handbook: a page, a worksheet or a plan in it, else the site."""

    def __init__(self, book: Handbook) -> None:
        self.site = book.site_url.rstrip("/") + "/" if book.site_url else "/"
        self.pages = {page.url: page.anchor for page in book.pages}
        self.worksheets = {f"{book.worksheet_section}/{w.id}/": _worksheet_anchor(w.id) for w in book.worksheets}
        self.plans = {f"{book.plan_section}/{p.id}/": _plan_anchor(p.id) for p in book.plans}

    def resolve(self, href: str, page_url: str) -> str:
        if href.startswith("#"):
            return href
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return href  # https:, mailto:: the reader's own program opens them
        target = urlsplit(urljoin("/" + page_url, href))
        path = target.path.lstrip("/")
        if path.endswith("index.html"):
            path = path.removesuffix("index.html")
        anchor = self.pages.get(path)
        if anchor is not None:
            return f"#{anchor}--{target.fragment}" if target.fragment else f"#{anchor}"
        anchor = self.worksheets.get(path) or self.plans.get(path)
        if anchor is not None:
            return f"#{anchor}"
        return self.site + path + (f"#{target.fragment}" if target.fragment else "")


def localise(page: BookPage, links: _Links) -> str:
    """The page's HTML with ids unique in the handbook, links inside it, and nothing fetched or run."""
    text = _DROPPED.sub("", page.html)
    text = _HEADERLINK.sub("", text)
    text = _EVIDENCE_TIP.sub("", text)

    def image(match: re.Match[str]) -> str:  # only data: images; any other would be a read outside the templates
        source = _SRC.search(match.group(0))
        if source and source.group(1).startswith("data:"):
            return match.group(0)
        alt = _ALT.search(match.group(0))
        return f"<span>{alt.group(1)}</span>" if alt else ""

    text = _IMG.sub(image, text)
    text = _ID.sub(lambda m: f"{m.group(1)}{page.anchor}--{m.group(2)}{m.group(3)}", text)

    def href(match: re.Match[str]) -> str:
        value = html.unescape(match.group(2))
        if value.startswith("#"):
            value = f"#{page.anchor}--{value[1:]}" if len(value) > 1 else f"#{page.anchor}"
        else:
            value = links.resolve(value, page.url)
        return f"{match.group(1)}{html.escape(value)}{match.group(3)}"

    return _HREF.sub(href, text)


def _href_in(book: Handbook, links: _Links) -> Callable[[str, str], str]:
    """The run sheets' links (a worksheet, a page of the guide) as places in the handbook where they are in it."""
    def href(kind: str, target: str) -> str:
        if kind == "worksheet":
            return links.resolve(f"/{book.worksheet_section}/{target}/", "")
        path = target.removesuffix(".md")
        path = path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"
        return links.resolve("/" + path, "")

    return href


def handbook_html(book: Handbook, templates_dir: Path, paper: str, translations: Gettext | None = None) -> str:
    links = _Links(book)
    gettext = translations.gettext if translations is not None else str
    return render_template(
        templates_dir, "handbook/book.html.j2", translations=translations,
        book=book, lang=book.lang, person=book.person, paper_css=PAPER_SIZES[paper],
        pages=[(page, localise(page, links)) for page in book.pages],
        sections=_sections(book.pages),
        plans=[(plan, plan_slots(plan, None, gettext)) for plan in book.plans],
        href=_href_in(book, links), titles=book.titles, worksheet_anchor=_worksheet_anchor, plan_anchor=_plan_anchor,
        qr_data_uri=qr_data_uri(book.site_url or "/"), footer_licence=book.person.footer_licence,
    )


def _sections(pages: Sequence[BookPage]) -> list[tuple[str, list[BookPage]]]:
    """The pages grouped by their navigation section, in order (for the contents)."""
    grouped: list[tuple[str, list[BookPage]]] = []
    for page in pages:
        if grouped and grouped[-1][0] == page.section:
            grouped[-1][1].append(page)
        else:
            grouped.append((page.section, [page]))
    return grouped


def render_handbook_pdf(book: Handbook, templates_dir: Path, paper: str,
                        translations: Gettext | None = None) -> RenderedPdf:
    return render_pdf(handbook_html(book, templates_dir, paper, translations), templates_dir)


def handbook_pdf_bytes(book: Handbook, templates_dir: Path, paper: str, translations: Gettext | None = None) -> bytes:
    """Module-level (picklable) entry point for rendering in a worker process."""
    return render_handbook_pdf(book, templates_dir, paper, translations).data
