"""MkDocs adapter for worksheets: generated pages, the index, practice links and the PDFs of a build."""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from trustguide.content.pages.frontmatter import key_line
from trustguide.content.worksheets.model import Worksheet
from trustguide.core.errors import Location, TrustGuideError, TrustGuideErrors
from trustguide.engine.adapters import HeldHtml, as_plugin_error, guide_of, page_display_path, page_title, print_language
from trustguide.engine.printed import QUEUE_RENDERED, PrintedConfig, digest_of, pdf_cache_key, pdf_queue, published_site_url, watch_sources
from trustguide.guide.site_paths import unknown_ids_message
from trustguide.output.pdf.batch import PdfJob
from trustguide.output.rendering.sources import source_lines
from trustguide.output.worksheets.pages import PDF_HREF_TOKEN, index_markdown, practice_links, worksheet_markdown
from trustguide.output.worksheets.printing import pdf_name, worksheet_pdf_bytes

log = get_plugin_logger(__name__)

_CACHE_VERSION = "1"


class WorksheetsConfig(PrintedConfig):
    definitions = c.Dir(exists=True, default="worksheets")
    section = c.Type(str, default="worksheets")


class WorksheetsPlugin(BasePlugin[WorksheetsConfig]):
    """Worksheets defined as data become site pages, an index and A4/Letter PDFs."""

    def _papers(self, config: MkDocsConfig) -> list[str]:
        """The paper sizes of this build's language (Guide.papers_for: German prints on A4 only)."""
        return list(guide_of(config).papers_for(self.config.papers))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command  # kept across `mkdocs serve` rebuilds

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.worksheets: dict[str, Worksheet] = {}
        self.held = HeldHtml()
        self.root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        # Off where mkdocs.yml or the organisation (its `leave_out`) turns the part off: the guide says which.
        self.active = self.config.enabled and guide_of(config).worksheets_enabled
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.active:
            return None
        try:
            loaded = guide_of(config).worksheets
        except (TrustGuideError, TrustGuideErrors) as exc:
            raise as_plugin_error(exc) from exc
        self.worksheets = {w.id: w for w in loaded}
        titles = {f.src_uri: page_title(f) for f in files.documentation_pages()}
        templates = Path(self.config.templates)
        section = self.config.section
        try:
            self.translations = translations = print_language(config)[1]
            for worksheet in loaded:
                uri = f"{section}/{worksheet.id}.md"
                content = worksheet_markdown(worksheet, templates, titles, self._papers(config) if self.config.pdf else [],
                                             hold=self.held.holder(uri), translations=translations)
                files.append(File.generated(config, uri, content=content))
            index = f"{section}/index.md"
            files.append(File.generated(config, index, content=index_markdown(loaded, templates, self.held.holder(index),
                                                                              translations)))
        except (TrustGuideError, TrustGuideErrors) as exc:
            raise as_plugin_error(exc) from exc
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.active:
            return None
        section = self.config.section
        uri = page.file.src_uri
        if uri.startswith(f"{section}/"):
            return self._links(markdown, page, config)
        wanted = page.meta.get("worksheets") or []
        if not wanted:
            return None
        unknown = [w for w in wanted if w not in self.worksheets]
        if unknown:
            display = page_display_path(page, config.config_file_path)
            line = key_line(page.file.content_string, "worksheets")
            raise as_plugin_error(TrustGuideError(
                Location(display, line),
                unknown_ids_message("worksheets", unknown, self.worksheets),
            ))
        titles = {i: w.title for i, w in self.worksheets.items()}
        return markdown.rstrip() + practice_links(wanted, titles, uri, self.translations)

    def _links(self, text: str, page: Page, config: MkDocsConfig) -> str:
        """A worksheet page's (or the index's) links to worksheet pages and to its PDFs, relative to the page."""
        section = self.config.section
        for worksheet in self.worksheets.values():
            text = text.replace(
                f"TG-WS-HREF-{worksheet.id}", get_relative_url(f"{section}/{worksheet.id}/" if config.use_directory_urls
                                                                else f"{section}/{worksheet.id}.html", page.url))
        worksheet_id = Path(page.file.src_uri).stem
        if worksheet_id in self.worksheets:
            for paper in self._papers(config):
                target = f"{section}/pdf/{pdf_name(self.worksheets[worksheet_id], paper)}"
                text = text.replace(f"{PDF_HREF_TOKEN}{paper}", get_relative_url(target, page.url))
        return text

    @event_priority(100)  # the sheets are back before any plugin reads a page's HTML
    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.active or not page.file.generated_by:
            return None
        return self.held.fill(html_text, page, lambda part: self._links(part, page, config))

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        watch_sources(server, self.config)
        return server

    def _queue_pdfs(self, *, config: MkDocsConfig) -> None:
        """This build's PDFs, added to the build's queue (printed.PdfQueue), which renders them with the others."""
        if not (self.active and self.config.pdf and self.worksheets):
            return
        templates = Path(self.config.templates)
        site_url = published_site_url(config)
        person = guide_of(config).printed_for()  # the organisation's name and logo
        record, translations = print_language(config)
        lang = record.print_lang
        shared = pdf_cache_key(templates, _CACHE_VERSION, site_url, person.org, person.logo, lang, digest_of(translations))
        source_line = source_lines(guide_of(config), translations)  # each basis and its kinds of evidence
        jobs = []
        for worksheet in self.worksheets.values():
            for paper in self._papers(config):
                sources = source_line(worksheet.basis)
                fingerprint = hashlib.sha256(f"{shared}|{worksheet.digest}|{paper}|{sources}".encode()).hexdigest()[:40]
                jobs.append(PdfJob(
                    target=Path(config.site_dir) / self.config.section / "pdf" / pdf_name(worksheet, paper),
                    fingerprint=fingerprint,
                    render=partial(worksheet_pdf_bytes, worksheet, templates, paper, site_url, person, lang=lang,
                                   translations=translations, sources=sources),
                ))
        pdf_queue(config).add("worksheets", jobs, self.root / self.config.cache_dir / "pdf")

    def _report_pdfs(self, *, config: MkDocsConfig) -> None:
        try:
            result = pdf_queue(config).result("worksheets")
        except (TrustGuideError, TrustGuideErrors) as exc:
            raise as_plugin_error(exc) from exc
        if result is not None:
            log.info(f"Worksheet PDFs: {result.rendered} rendered, {result.reused} reused from the cache")

    on_post_build = CombinedEvent(event_priority(0)(_queue_pdfs), event_priority(QUEUE_RENDERED)(_report_pdfs))

