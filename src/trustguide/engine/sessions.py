"""MkDocs adapter for session plans: plan pages, their index, the planner, practice links and run sheet PDFs."""

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

from trustguide.content.languages.catalog import N_, heading
from trustguide.content.pages.frontmatter import key_line
from trustguide.content.sessions.model import Plan
from trustguide.core.errors import Location, TrustGuideError, TrustGuideErrors
from trustguide.engine.adapters import HeldHtml, as_plugin_error, guide_of, page_display_path, page_title, print_language, resolve_doc_links
from trustguide.engine.printed import QUEUE_RENDERED, PrintedConfig, digest_of, pdf_cache_key, pdf_queue, published_site_url, watch_sources
from trustguide.guide.site_paths import unknown_ids_message
from trustguide.output.pdf.batch import PdfJob
from trustguide.output.rendering.sources import source_lines
from trustguide.output.rendering.text import markdown_literal
from trustguide.output.sessions.pages import PDF_HREF_TOKEN, index_markdown, plan_markdown, planner_markdown
from trustguide.output.sessions.printing import Titles, runsheet_pdf_bytes, runsheet_pdf_name

log = get_plugin_logger(__name__)

_CACHE_VERSION = "1"


class SessionsConfig(PrintedConfig):
    definitions = c.Dir(exists=True, default="plans")
    worksheets = c.Dir(exists=True, default="worksheets")
    section = c.Type(str, default="sessions")
    planner = c.Type(bool, default=True)
    planner_page = c.Type(str, default="planner.md")


class SessionsPlugin(BasePlugin[SessionsConfig]):
    """Session plans defined as data become pages with clock times, a planner and A4/Letter run sheets."""

    def _papers(self, config: MkDocsConfig) -> list[str]:
        """The paper sizes of this build's language (Guide.papers_for: German prints on A4 only)."""
        return list(guide_of(config).papers_for(self.config.papers))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.plans: dict[str, Plan] = {}
        self.titles = Titles({}, {})
        self.held = HeldHtml()
        self.root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        # Off where mkdocs.yml or the organisation (its `leave_out`) turns the part off: the guide says which.
        self.active = self.config.enabled and guide_of(config).plans_enabled
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.active:
            return None
        templates = Path(self.config.templates)
        guide = guide_of(config)
        try:
            worksheets, plans = guide.worksheets, guide.plans
            self.plans = {p.id: p for p in plans}
            self.titles = Titles({w.id: w.title for w in worksheets},
                                 {f.src_uri: page_title(f) for f in files.documentation_pages()})
            papers = self._papers(config) if self.config.pdf else []
            section = self.config.section
            planner = self.config.planner_page if self.config.planner else ""
            hold = self.held.holder
            self.translations = translations = print_language(config)[1]
            for plan in plans:
                uri = f"{section}/{plan.id}.md"
                files.append(File.generated(config, uri, content=plan_markdown(plan, templates, self.titles, papers,
                                                                               planner, hold(uri), translations)))
            index = f"{section}/index.md"
            files.append(File.generated(config, index, content=index_markdown(plans, templates, self.titles, hold(index),
                                                                                translations)))
            if self.config.planner:
                files.append(File.generated(config, self.config.planner_page,
                                            content=planner_markdown(plans, worksheets, templates,
                                                                     hold(self.config.planner_page), translations)))
        except (TrustGuideError, TrustGuideErrors) as exc:
            raise as_plugin_error(exc) from exc
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.active:
            return None
        uri = page.file.src_uri
        section = self.config.section
        if uri.startswith(f"{section}/") or uri == self.config.planner_page:
            return self._links(markdown, page, files, config)
        wanted = page.meta.get("session_plans") or []
        if not wanted:
            return None
        unknown = [p for p in wanted if p not in self.plans]
        if unknown:
            raise as_plugin_error(TrustGuideError(
                Location(page_display_path(page, config.config_file_path),
                         key_line(page.file.content_string, "session_plans")),
                unknown_ids_message("session_plans", unknown, self.plans),
            ))
        prefix = "../" * uri.count("/")
        items = "\n".join(f"- [{markdown_literal(self.plans[p].title)}]({prefix}{section}/{p}.md)" for p in wanted)
        _ = self.translations.gettext
        practice = "\n## " + heading(_, N_("Put it into practice")) + "\n"  # the worksheets plugin's, if it added one
        section_heading = "" if practice in markdown else "\n" + practice
        return markdown.rstrip() + f"{section_heading}\n\n" + _("Session plans for this topic:") + f"\n\n{items}\n"

    def _links(self, text: str, page: Page, files: Files, config: MkDocsConfig) -> str:
        """A plan page's (the index's, the planner's) links to pages and to its run sheets, relative to the page."""
        plan = self.plans.get(Path(page.file.src_uri).stem)
        if plan is not None:
            for paper in self._papers(config):
                target = f"{self.config.section}/pdf/{runsheet_pdf_name(plan, paper)}"
                text = text.replace(f"{PDF_HREF_TOKEN}{paper}", get_relative_url(target, page.url))
        return resolve_doc_links(text, page, files)

    @event_priority(100)  # the agendas are back before any plugin reads a page's HTML
    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.active or not page.file.generated_by:
            return None
        return self.held.fill(html_text, page, lambda part: self._links(part, page, files, config))

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        watch_sources(server, self.config)
        return server

    def _queue_pdfs(self, *, config: MkDocsConfig) -> None:
        """This build's PDFs, added to the build's queue (printed.PdfQueue), which renders them with the others."""
        if not (self.active and self.config.pdf and self.plans):
            return
        templates = Path(self.config.templates)
        site_url = published_site_url(config)
        person = guide_of(config).printed_for()  # the organisation's name and logo
        record, translations = print_language(config)
        lang = record.print_lang
        shared = pdf_cache_key(templates, _CACHE_VERSION, site_url, person.org, person.logo, lang, digest_of(translations),
                               repr(sorted(self.titles.worksheets.items())), repr(sorted(self.titles.pages.items())))
        source_line = source_lines(guide_of(config), translations)  # each basis and its kinds of evidence
        jobs = [
            PdfJob(
                target=Path(config.site_dir) / self.config.section / "pdf" / runsheet_pdf_name(plan, paper),
                fingerprint=hashlib.sha256(f"{shared}|{plan.digest}|{paper}|{sources}".encode()).hexdigest()[:40],
                render=partial(runsheet_pdf_bytes, plan, templates, paper, site_url, self.titles, person, lang=lang,
                               translations=translations, sources=sources),
            )
            for plan in self.plans.values()
            for sources in [source_line(plan.basis)]
            for paper in self._papers(config)
        ]
        pdf_queue(config).add("sessions", jobs, self.root / self.config.cache_dir / "pdf")

    def _report_pdfs(self, *, config: MkDocsConfig) -> None:
        try:
            result = pdf_queue(config).result("sessions")
        except (TrustGuideError, TrustGuideErrors) as exc:
            raise as_plugin_error(exc) from exc
        if result is not None:
            log.info(f"Run sheet PDFs: {result.rendered} rendered, {result.reused} reused from the cache")

    on_post_build = CombinedEvent(event_priority(0)(_queue_pdfs), event_priority(QUEUE_RENDERED)(_report_pdfs))
