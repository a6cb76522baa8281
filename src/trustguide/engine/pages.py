"""MkDocs adapter for the guide's page rules: front matter is checked before anything renders."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from trustguide.content.pages.frontmatter import unsafe_markup_problems, validate_front_matter
from trustguide.content.pages.markup import KeptFindings
from trustguide.content.pages.snippets import snippet_checker
from trustguide.core.errors import TrustGuideError, TrustGuideErrors
from trustguide.core.sources import PAGE_LIMIT, read_source
from trustguide.engine.adapters import as_plugin_error, front_matter_lines, page_display_path
from trustguide.output.rendering.templates import CompiledTemplates, theme_environments


class PagesConfig(base.Config):
    enabled = c.Type(bool, default=True)
    skip = c.ListOfItems(c.Type(str), default=[])
    cache_dir = c.Type(str, default=".cache/trustguide")  # the theme's compiled templates, beside the other caches
    # Scripts published under a name with their content's hash (md-bootstrap.1a2b3c4d.js), which a server may cache
    # for ever (deploy/nginx.conf); the theme's templates name them through the `fingerprinted` filter.
    fingerprint = c.ListOfItems(c.Type(str), default=[
        "assets/javascripts/md-bootstrap.js", "assets/javascripts/md-content.js", "assets/javascripts/md-palette.js",
        "assets/javascripts/tg-search.js", "assets/javascripts/workers/tg-search-worker.js"])


class PagesPlugin(BasePlugin[PagesConfig]):
    """Validates every authored page's front matter, and reports the problems of all pages together."""

    @event_priority(100)  # before Material's search plugin makes an environment to read its translations
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.problems: list[TrustGuideError] = []
        # Each build makes new environments for the theme, which compiled Material's hundred templates again (a
        # third of a warm build) and listed its 14,500 files (a tenth): compiled once, listed once.
        theme = config.theme
        theme.get_env = theme_environments(theme.get_env, self._namespace(config), self._compiled(config))
        self.snippets = snippet_checker(config)
        # One file per language and kind of links: the languages build side by side, each keeping its own pages.
        language = theme.get("language") or "en"
        name = f"built-markup-{language}{'' if config.use_directory_urls else '-files'}.marshal"
        self.kept = KeptFindings(Path(config.config_file_path or ".").resolve().parent / self.config.cache_dir / name)
        return None

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """The page's text as MkDocs reads it (a byte order mark dropped, line ends as '\n'), where a byte that is
        not UTF-8 or a page too large is one located message, not a traceback."""
        if page.file.generated_by or page.file.abs_src_path is None:
            return None
        display = page_display_path(page, config.config_file_path)
        try:
            text = read_source(Path(page.file.abs_src_path), display, PAGE_LIMIT, "a page")
        except TrustGuideError as exc:
            raise as_plugin_error(exc) from exc
        return text.replace("\r\n", "\n").replace("\r", "\n")

    @event_priority(100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.generated_by:
            return None
        if self.snippets is not None and "8<" in markdown:  # pymdownx.snippets would raise in a traceback
            display = page_display_path(page, config.config_file_path)
            missing = self.snippets.problems(markdown, display, front_matter_lines(page) + 1)
            if missing:
                raise PluginError(str(TrustGuideErrors(self.problems + missing)))
        if page.file.src_uri in self.config.skip:
            return None
        display = page_display_path(page, config.config_file_path)
        problems = validate_front_matter(page.meta, page.file.content_string, display)
        problems += unsafe_markup_problems(page.file.content_string, display)
        if problems:
            self.problems += problems  # reported once every page is read (on_env), so all of them at once
            return None
        # Material writes the description into <meta content="..."> as it is: a quote in it would end the attribute.
        page.meta["description"] = html.escape(page.meta["description"])
        return None

    @event_priority(-100)  # after every plugin changed the page: what the reader would get
    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """The last word on markup that runs or fetches: what Markdown extensions and plugins made of an authored
        page is read again (`check` and on_page_markdown read the Markdown, with lines)."""
        if not self.config.enabled or page.file.generated_by:
            return None
        found = self.kept.unsafe_html(html_text)
        if found:
            display = page_display_path(page, config.config_file_path)
            self.problems += [TrustGuideError(display, f"the page as built has {message}") for _line, message in found]
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Each fingerprinted script is published under its content's hash, computed here for this build."""
        self.fingerprints: dict[str, str] = {}
        for uri in self.config.fingerprint:
            file = files.get_file_from_path(uri)
            if file is None or file.abs_src_path is None:
                continue
            digest = hashlib.sha256(Path(file.abs_src_path).read_bytes()).hexdigest()[:8]
            stem, _, suffix = uri.rpartition(".")
            file.dest_uri = self.fingerprints[uri] = f"{stem}.{digest}.{suffix}"
            for derived in ("url", "abs_dest_path"):  # worked out from dest_uri when first asked
                file.__dict__.pop(derived, None)
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            self.kept.save()

    @event_priority(100)  # every page has been read; nothing is written yet
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.problems:
            raise PluginError(str(TrustGuideErrors(self.problems)))
        fingerprints = getattr(self, "fingerprints", {})

        # pass_context: Jinja would otherwise work a filter of a constant out when it compiles the template, and the
        # compiled templates are kept between builds (CompiledTemplates): an edited script's page would name the
        # file under its old hash, which is not published, and search would never start.
        @jinja2.pass_context
        def fingerprinted(context, uri: str) -> str:
            return fingerprints.get(uri, uri)

        env.filters["fingerprinted"] = fingerprinted
        if env.bytecode_cache is None:  # an engine that made the build's environment some other way
            env.bytecode_cache = CompiledTemplates(self._namespace(config), self._compiled(config))
        return None

    @staticmethod
    def _namespace(config: MkDocsConfig) -> str:
        return f"theme:{config.theme.name}"

    def _compiled(self, config: MkDocsConfig) -> Path:
        # "templates-2": the templates compiled before `fingerprinted` took the context held the scripts' old names
        return Path(config.config_file_path or "mkdocs.yml").resolve().parent / self.config.cache_dir / "templates-2"
