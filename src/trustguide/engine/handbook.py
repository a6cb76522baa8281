"""MkDocs adapter for the handbook: the pages of this build as it wrote them, made into one PDF per paper size.

The pages are read back from the built site in on_post_build, after every other plugin (the citations plugin fills
a page's citations into the written file when pandoc finished after the page was rendered), so the handbook has
exactly the site's HTML. It is rendered in the PDF worker pool and cached by content: a build that changed nothing
it is made of renders no handbook.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import importlib.metadata
import os
import re
import time
from functools import partial
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from trustguide.content.languages import Language, format_date
from trustguide.core.errors import TrustGuideError, TrustGuideErrors
from trustguide.engine.adapters import as_plugin_error, guide_of, page_title, print_language
from trustguide.engine.printed import QUEUE_RENDERED, PrintedConfig, digest_of, pdf_cache_key, pdf_queue, published_site_url
from trustguide.guide.site_paths import PLANNER_PAGE, REFERENCES_PAGE
from trustguide.output.handbook.book import BookPage, Handbook, handbook_pdf_bytes, handbook_pdf_name
from trustguide.output.pdf.batch import PdfJob
from trustguide.output.sessions.printing import Titles

log = get_plugin_logger(__name__)

_CACHE_VERSION = "1"
GLOSSARY_PAGE = "glossary.md"
# Pages that are not the guide's knowledge: the home page (the cover replaces it), what is about the site itself,
# the interactive tools, and what the appendix prints from its definitions.
_NOT_KNOWLEDGE = ("index.md", "tags.md", PLANNER_PAGE, GLOSSARY_PAGE, REFERENCES_PAGE)
_NOT_KNOWLEDGE_FOLDERS = ("organisations/", "tools/")
# Where the handbook is offered: the home page and "For organisations".
LINKED_FROM = ("index.md", "organisations/index.md")
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


class HandbookConfig(PrintedConfig):
    worksheets_section = c.Type(str, default="worksheets")
    sessions_section = c.Type(str, default="sessions")


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """The whole guide of this build's language as one tagged PDF, in A4 and (where the language prints it) Letter."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.active = self.config.enabled and self.config.pdf
        self.nav: Navigation | None = None
        return None

    def _papers(self, config: MkDocsConfig) -> list[str]:
        return list(guide_of(config).papers_for(self.config.papers))

    @event_priority(-100)  # after the languages plugin put the section titles into the build's language
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.nav = nav
        return None

    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """The home page and "For organisations" offer the handbook."""
        if not self.active or page.file.src_uri not in LINKED_FROM:
            return None
        _ = print_language(config)[1].gettext
        names = {"a4": _("A4"), "letter": _("Letter")}
        links = " · ".join(
            f'<a href="{html.escape(get_relative_url(handbook_pdf_name(paper), page.url))}" type="application/pdf">'
            f'{html.escape(names[paper])}</a>'
            for paper in self._papers(config))
        title = html.escape(_("Handbook (PDF)"))
        text = html.escape(_("The whole guide in one file, to print or to read offline."))
        return f'{html_text}\n<p class="tg-handbook-links"><strong>{title}</strong>: {links}. {text}</p>'

    def _pages(self, config: MkDocsConfig) -> list[BookPage]:
        """The knowledge pages in the navigation's order, then the glossary and the references, as written."""
        if self.nav is None:
            return []
        knowledge: list[Page] = []
        ending: dict[str, Page] = {}
        for page in self.nav.pages:
            uri = page.file.src_uri
            if uri in (GLOSSARY_PAGE, REFERENCES_PAGE):
                ending[uri] = page
            elif not (uri in _NOT_KNOWLEDGE or uri.startswith(_NOT_KNOWLEDGE_FOLDERS) or page.file.generated_by):
                knowledge.append(page)
        pages = []
        for page in knowledge + [ending[uri] for uri in (GLOSSARY_PAGE, REFERENCES_PAGE) if uri in ending]:
            built = Path(page.file.abs_dest_path)
            found = _ARTICLE.search(built.read_text(encoding="utf-8")) if built.is_file() else None
            if found is None:
                continue
            title = page.title or page_title(page.file)
            # The glossary and the references stand on their own in the contents, whatever section they are in.
            section = page.parent.title if page.parent is not None and page in knowledge else title
            pages.append(BookPage(url=page.url, title=title, section=section, html=found.group(1)))
        return pages

    @event_priority(-100)  # after the citations and search plugins finished the written pages
    def _queue_pdfs(self, *, config: MkDocsConfig) -> None:
        """The handbook of each paper, added first to the build's PDF queue (printed.PdfQueue)."""
        if not self.active:
            return
        guide = guide_of(config)
        record, translations = print_language(config)
        templates = Path(self.config.templates)
        site_url = published_site_url(config)
        worksheets = tuple(guide.worksheets) if guide.worksheets_enabled else ()
        plans = tuple(guide.plans) if guide.plans_enabled else ()
        pages = self._pages(config)
        book = Handbook(
            title=config.site_name, version=_version(), date=_date(record), site_url=site_url, pages=tuple(pages),
            worksheets=worksheets, plans=plans,
            titles=Titles({w.id: w.title for w in guide.worksheets} if plans else {},
                          {p.file.src_uri: p.title for p in (self.nav.pages if self.nav else [])}),
            person=guide.printed_for(), lang=record.print_lang,
            worksheet_section=self.config.worksheets_section, plan_section=self.config.sessions_section,
        )
        # SOURCE_DATE_EPOCH (a reproducible build) sets the cover's date, so it is part of the key; without it the
        # date is that of the first render, and a rebuild on another day reuses the PDF.
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        shared = pdf_cache_key(templates, _CACHE_VERSION, digest_of(translations), book.digest(), epoch)
        jobs = [
            PdfJob(target=Path(config.site_dir) / handbook_pdf_name(paper),
                   fingerprint=hashlib.sha256(f"{shared}|{paper}".encode()).hexdigest()[:40],
                   render=partial(handbook_pdf_bytes, book, templates, paper, translations))
            for paper in self._papers(config)
        ]
        pdf_queue(config).add("handbook", jobs, self.root / self.config.cache_dir / "pdf", first=True)
        self.queued = time.perf_counter()

    @event_priority(QUEUE_RENDERED)  # every plugin has added its PDFs: they render together
    def _report_pdfs(self, *, config: MkDocsConfig) -> None:
        try:
            result = pdf_queue(config).result("handbook")
        except (TrustGuideError, TrustGuideErrors) as exc:
            raise as_plugin_error(exc) from exc
        if result is not None:  # "0 rendered" on a build that changed nothing the handbook is made of
            took = (f" ({time.perf_counter() - self.queued:.2f} s, beside this build's other PDFs)"
                    if result.rendered else "")
            log.info(f"Handbook PDFs: {result.rendered} rendered, {result.reused} reused from the cache{took}")

    on_post_build = CombinedEvent(_queue_pdfs, _report_pdfs)


def _version() -> str:
    try:
        return importlib.metadata.version("trustguide")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _date(record: Language) -> str:
    """The edition's date, as the language writes dates: SOURCE_DATE_EPOCH's for a reproducible build, else today's
    (a PDF reused from the cache keeps the date it was made on: the day its contents last changed)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch.isdigit()
            else datetime.datetime.now(datetime.UTC))
    return format_date(when.date().isoformat(), record)
