"""MkDocs adapter for citations: loads the bibliography, resolves citations per page, builds the references page."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from trustguide.bibliography import Bibliography, load_bibliography
from trustguide.citations.formatter import FormattedWork, format_bibliography
from trustguide.citations.render import render_reference_list
from trustguide.citations.resolver import CitationResolver
from trustguide.citations.scanner import scan_citations
from trustguide.errors import TrustGuideError, TrustGuideErrors, display_path
from trustguide.plugins.adapters import as_plugin_error, front_matter_lines, page_display_path

log = get_plugin_logger(__name__)

_CITED_ON = '<span class="tg-cited-on" data-key="{}"></span>'


class CitationsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    bibliography = c.File(exists=True)
    bibliography_page = c.Type(str, default="references.md")
    cache_dir = c.Type(str, default=".cache/trustguide/citations")


class CitationsPlugin(BasePlugin[CitationsConfig]):
    """Pandoc-syntax citations in APA 7, a References section per page and a site bibliography."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, so the parsed and
        # formatted bibliography is reused until references.bib changes.
        self._loaded: tuple[str, Bibliography, list[FormattedWork]] | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.cited_on: dict[str, list[Page]] = {}
        self.bibliography_page: Page | None = None
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        path = Path(self.config.bibliography)
        self.bib_display = display_path(path, root)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise as_plugin_error(TrustGuideError(self.bib_display, f"cannot read the bibliography: {exc}")) from exc
        loaded = getattr(self, "_loaded", None)
        if loaded is None or loaded[0] != digest:
            try:
                bibliography = load_bibliography(path, self.bib_display, root / self.config.cache_dir)
            except (TrustGuideError, TrustGuideErrors) as exc:
                raise as_plugin_error(exc) from exc
            works = format_bibliography(bibliography, root / self.config.cache_dir)
            self._loaded = (digest, bibliography, works)
        self.resolver = CitationResolver(self._loaded[2])
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        bib_path = Path(self.config.bibliography)
        # A work cited only on pages left out of this build (an organisation's choice) is not an author's mistake.
        self.cited_elsewhere = {
            item.key for f in files if f.is_documentation_page() and f.inclusion.is_excluded()
            for cluster in scan_citations(f.content_string) for item in cluster.items
        }
        files.append(File.generated(config, "references.bib", abs_src_path=str(bib_path)))
        files.append(File.generated(config, self.config.bibliography_page, content=self._bibliography_markdown()))
        return files

    def _bibliography_markdown(self) -> str:
        works = self._loaded[2] if self._loaded else []
        entries = render_reference_list(works, extra=lambda key: _CITED_ON.format(html.escape(key)))
        return (
            "---\ntitle: References\n"
            "description: Every work the guide cites, in APA 7th edition style, with links to the pages that cite it.\n"
            "audience: [coach, facilitator, organisation]\ntags: [references]\n---\n\n"
            "# References\n\n"
            "Every source the guide draws on, formatted in APA 7th edition style. Each entry links back to the "
            "pages that cite it. [Download the bibliography as BibTeX](references.bib){ download }.\n\n"
            f"{entries}\n"
        )

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        if page.file.src_uri == self.config.bibliography_page:
            self.bibliography_page = page
            return None
        display = page_display_path(page, config.config_file_path)
        try:
            resolved = self.resolver.resolve(markdown, display, front_matter_lines(page))
        except (TrustGuideError, TrustGuideErrors) as exc:
            raise as_plugin_error(exc) from exc
        for key in resolved.cited:
            self.cited_on.setdefault(key, []).append(page)
        return resolved.markdown

    @event_priority(50)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled or self._loaded is None:
            return env
        bibliography = self._loaded[1]
        for key, entry in bibliography.entries.items():
            if key not in self.cited_on and key not in getattr(self, "cited_elsewhere", ()):
                log.warning(f"{self.bib_display}:{entry.line}: entry '{key}' is never cited; cite it or remove it")
        page = self.bibliography_page
        if page is not None and page.content is not None:
            content = page.content
            for key in bibliography.entries:
                citing = self.cited_on.get(key, [])
                # A page title is HTML already: MkDocs keeps a heading's entities, generated pages escape theirs.
                links = ", ".join(
                    f'<a href="{html.escape(get_relative_url(p.url, page.url))}">{p.title or html.escape(p.url)}</a>'
                    for p in citing
                )
                block = f' <span class="tg-cited-on">Cited on: {links}.</span>' if links else ""
                content = content.replace(_CITED_ON.format(html.escape(key)), block)
            page.content = content
        return env

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled:
            server.watch(str(Path(self.config.bibliography)))
        return server
