"""MkDocs adapter for the guide's languages: one build per language, each with its own pages, theme language and
search, joined by a language switcher that leads to the same page (Material recommends one build per language).

English is the source, built at the site root; `trustguide build` builds each translation under /LANG/ with
`build: LANG` (TRUSTGUIDE_LANGUAGE for a plain `mkdocs build`). A translated build takes each page from
translations/LANG/docs/ where there is one (with the English page's heading ids), and the English page otherwise,
marked as not translated; a translation behind its source says so, with a link to the English page. The interface
words (templates, theme overrides, navigation section titles, notices, the site scripts' JSON block) are looked up
in the language's catalog (trustguide.content.languages.catalog) as they are rendered.
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from trustguide.content.citations.resolver import REFERENCES_HEADING
from trustguide.content.languages import SOURCE, SearchSettings, freshness, language_record, site_prefix
from trustguide.content.languages.catalog import N_
from trustguide.content.languages.headings import heading_ids, with_ids
from trustguide.core.errors import TrustGuideError, display_path
from trustguide.core.sources import PAGE_LIMIT, read_source
from trustguide.core.web_address import published
from trustguide.engine.adapters import as_plugin_error, guide_of, search_plugin

log = get_plugin_logger(__name__)

UNTRANSLATED = N_("This page is not translated yet; it is shown in English.")
STALE = N_("This translation is older than its English source, which has changed since: see the %(link)s.")
STALE_LINK = N_("English page")


class LanguagesConfig(base.Config):
    enabled = c.Type(bool, default=True)
    languages = c.ListOfItems(c.Type(str), default=[SOURCE])
    build = c.Type(str, default=SOURCE)  # the language this build publishes: `trustguide build` sets it
    translations = c.Type(str, default="translations")
    # The paper sizes a language's PDFs are printed on, where not every size the printing plugins offer (German
    # readers print on A4); each is checked against the pages a worksheet declares.
    papers = c.Type(dict, default={})
    # The language switcher and hreflang alternates, for a build whose other languages are published beside it
    # (`trustguide build` sets it); a one-language `mkdocs build` would link to pages that are not there.
    together = c.Type(bool, default=False)


class LanguagesPlugin(BasePlugin[LanguagesConfig]):
    @event_priority(105)  # after the organisation plugin (its site_url), before Material's search reads the language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.english: dict[str, Path] = {}  # translated page -> its English source
        self.status: dict[str, str] = {}  # translated page -> current or stale
        self.fallback: set[str] = set()
        if not self.config.enabled:
            return None
        assembly = guide_of(config)
        self.language = assembly.language
        languages = assembly.published_languages
        if self.language not in assembly.languages:
            raise as_plugin_error(TrustGuideError(
                config.config_file_path or "mkdocs.yml",
                f"trustguide-languages: build '{self.language}' is not one of the guide's languages "
                f"({', '.join(assembly.languages)})"))
        try:
            self.catalog = assembly.catalog
            self.record = assembly.record  # a broken language record is a message at its line, here
        except TrustGuideError as exc:
            raise as_plugin_error(exc) from exc
        self.translations = self.catalog.translations
        _search_settings(config, self.record.search)
        self._ = self.translations.gettext
        english_url = config.site_url or ""
        # The site scripts' words (msgid -> msgstr of the catalog's messages from the scripts), as a JSON block in
        # every page (overrides/main.html) that they read.
        config.extra["tg_strings"] = dict(self.catalog.scripts)
        # A printed page names its canonical address only where the guide has a published one (overrides/main.html);
        # with none (the guide's example address, `serve`) it names where it was opened from.
        config.extra["tg_published"] = published(english_url)
        if self.language != SOURCE:
            config.theme["language"] = self.language
            self._translate_interface(config)
            if english_url:
                config.site_url = english_url + site_prefix(self.language)
        if len(languages) > 1 and self.config.together:
            # Material's switcher and <link rel="alternate" hreflang> (to each language's home page; its script
            # then looks the same page up in that language's sitemap); `root` is the language's folder relative to
            # this build's, from which overrides/partials/alternate.html links the same page.
            up = "../" if self.language != SOURCE else ""
            offline = config.plugins.get("material/offline")
            # From disk a folder is no page: the offline bundle links each home page's index.html.
            home = "" if config.use_directory_urls and not (offline and offline.config.enabled) else "index.html"
            config.extra["tg_alternate"] = [
                {"name": language_record(lang, assembly.translations_root).name, "lang": lang,
                 "link": (up + site_prefix(lang) if lang != self.language else "./") + home,
                 "root": up + site_prefix(lang) if lang != self.language else "",
                 "site_url": english_url + site_prefix(lang) if english_url else ""}
                for lang in languages]
            # Material links each language's home page from <head> (its script then fetches that language's
            # sitemap.xml, which a browser refuses from disk): the offline bundle keeps only the switcher.
            config.extra["alternate"] = _SwitcherOnly() if home else config.extra["tg_alternate"]
        return config

    def _translate_interface(self, config: MkDocsConfig) -> None:
        """The interface text that mkdocs.yml gives in English, where Material's translations do not reach: the
        colour-scheme toggle's label and the headings' permanent-link title (read aloud by screen readers)."""
        for scheme in config.theme["palette"] if isinstance(config.theme.get("palette"), list) else ():
            toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
            if isinstance(toggle, dict) and isinstance(toggle.get("name"), str):
                scheme["toggle"] = {**toggle, "name": self._(toggle["name"])}
        toc = config.mdx_configs.get("toc")
        if isinstance(toc, dict) and toc.get("permalink"):
            config.mdx_configs["toc"] = {**toc, "permalink_title": self._(toc.get("permalink_title", N_("Permanent link")))}

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        """The theme overrides' words ({% trans %}, _()) in the build's language."""
        if not self.config.enabled:
            return None
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """The titles mkdocs.yml's nav gives (sections; pages it names itself, "Home"), catalog entries of their own,
        in the build's language; a page the nav does not name keeps its own title."""
        if not self.config.enabled or self.language == SOURCE:
            return None
        for item in _items(nav.items):
            if item.title:
                item.title = self._(item.title)
        return nav

    @event_priority(95)  # after the organisation plugin added its pages, before the other plugins read the pages
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.language == SOURCE:
            return None
        assembly = guide_of(config)
        for file in files.documentation_pages():
            if file.generated_by:
                continue
            translation = assembly.translated_page(file.src_uri)
            if translation is None:
                self.fallback.add(file.src_uri)
                continue
            english = Path(file.abs_src_path)
            self.english[file.src_uri] = english
            try:
                text = read_source(translation, display_path(translation, assembly.root), PAGE_LIMIT, "a page")
            except TrustGuideError as exc:
                raise as_plugin_error(exc) from exc
            self.status[file.src_uri] = freshness.status_of(text, english)
            file.abs_src_path = str(translation)
        return files

    @event_priority(-50)  # after the citations plugin added a page's References section
    def _references_heading(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """A page's own References heading in the build's language (its id stays #references)."""
        if not self.config.enabled or self.language == SOURCE:
            return None
        english = f"## {REFERENCES_HEADING} {{"
        return markdown.replace(english, f"## {self._(REFERENCES_HEADING)} {{")

    @event_priority(110)  # before the citations plugin adds a page's References heading
    def _heading_ids(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """The English page's heading ids on the translation's headings, so its anchors and links are the same."""
        english = self.english.get(page.file.src_uri) if self.config.enabled else None
        if english is None:
            return None
        ids = heading_ids(english.read_text(encoding="utf-8-sig"))  # read by `check`: UTF-8
        marked, count = with_ids(markdown, ids)
        if count != len(ids):
            log.warning(f"{page.file.abs_src_path}: has {count} headings, its English source {len(ids)}; "
                        "translate every heading, in the same order, so that anchors are the same in both languages")
        return marked

    on_page_markdown = CombinedEvent(_heading_ids, _references_heading)

    @event_priority(-90)  # after the other plugins added their sections
    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.language == SOURCE:
            return None
        uri = page.file.src_uri
        if page.file.generated_by:
            return None  # its words come from the catalog already
        if uri in self.fallback:
            notice = f'<p class="tg-language-notice" role="note">{html.escape(self._(UNTRANSLATED))}</p>'
            return f'{notice}\n<div class="tg-untranslated" lang="{SOURCE}">\n{html_text}\n</div>'
        if self.status.get(uri) == freshness.STALE:
            href = html.escape(self.english_href(page))
            link = f'<a href="{href}" hreflang="{SOURCE}" target="_self">{html.escape(self._(STALE_LINK))}</a>'
            text = html.escape(self._(STALE)).replace("%(link)s", link)
            return f'<p class="tg-language-notice tg-stale" role="note">{text}</p>\n{html_text}'
        return None

    @staticmethod
    def english_href(page: Page) -> str:
        """The address of the same page in English, relative to this page (from disk too): up to this language's
        root, one more to the English root, then the page's own path."""
        return "../" * (page.url.count("/") + 1) + page.url


def _search_settings(config: MkDocsConfig, settings: SearchSettings) -> None:
    """The language record's search settings (lunr language, separator, pipeline) on the search plugin, before it
    reads them: each language's search follows its own record, and no code names a language."""
    plugin = search_plugin(config)
    options = getattr(plugin, "config", None)
    if options is None:
        return
    if settings.lang and "lang" in options:
        options["lang"] = list(settings.lang)
    if settings.separator and "separator" in options:
        options["separator"] = settings.separator
    if settings.pipeline is not None and "pipeline" in options:
        options["pipeline"] = list(settings.pipeline)


def _items(items):
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _items(item.children)


class _SwitcherOnly:
    """Truthy, so Material's header includes the language switcher (overrides/partials/alternate.html, which lists
    extra.tg_alternate); not iterable, so Material's <head> links no language's home page."""

    def __bool__(self) -> bool:
        return True
