"""MkDocs adapter for citations: loads the bibliography, resolves citations per page, builds the references page.

Formatting (pandoc, a second or more on a cold cache) starts in on_config and runs while MkDocs renders the pages.
Pages get plain-text tokens in on_page_markdown (unknown keys are reported there, at once). The search plugin
indexes the tokens, not the citation HTML (which its HTML parser is slow to read), and each page gets its HTML in
on_page_context, after the search plugin and before the page template, if the formatting is done by then. A page
rendered before it is done gets its HTML in on_post_build, in the written file, so the build waits for pandoc
only at its very end, if at all. on_post_build also puts the citations' text into the written search index.
"""

from __future__ import annotations

import hashlib
import html
from concurrent.futures import Future
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from trustguide.content.bibliography import Bibliography
from trustguide.content.bibliography.evidence import evidence_of
from trustguide.content.citations.evidence import EvidenceLabels
from trustguide.content.citations.formatter import FormattedWork, format_in_background
from trustguide.content.citations.page_cache import CitedPage, PageCache, cited_page, filled_from_cache, page_digest
from trustguide.content.citations.resolver import CitationResolver, DeferredPage, FilledCitations, defer_citations, tokenised
from trustguide.content.citations.search_text import fill_search_entries, fill_search_index
from trustguide.content.languages import SOURCE, language_record
from trustguide.content.languages.catalog import SOURCE_TRANSLATIONS, Gettext
from trustguide.core.errors import Location, TrustGuideError, TrustGuideErrors
from trustguide.engine.adapters import (
    as_plugin_error,
    front_matter_lines,
    guide_of,
    lenient_source,
    page_display_path,
    print_language,
    search_entries,
)

log = get_plugin_logger(__name__)

_BIBLIOGRAPHY_TOKEN = "TGCITE0TG"  # the bibliography page's whole list: token 0 of a page with no citations


class CitationsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    bibliography = c.File(exists=True)
    bibliography_page = c.Type(str, default="references.md")
    cache_dir = c.Type(str, default=".cache/trustguide/citations")


class CitationsPlugin(BasePlugin[CitationsConfig]):
    """Pandoc-syntax citations in APA 7, a References section per page and a site bibliography."""

    def __init__(self) -> None:
        super().__init__()
        self._loaded: tuple[str, Bibliography, Future[list[FormattedWork]]] | None = None
        # What each page's tokens stand for, by URL; kept across `mkdocs serve --dirty` rebuilds, whose search
        # index still holds the tokens of the pages it did not render again.
        self.filled_pages: dict[str, FilledCitations] = {}
        self.searched: dict[str, tuple[str, ...]] = {}  # by URL: the search text of its in-text citations
        self.page_cache: PageCache | None = None  # kept with the instance: a `serve` session reads no file

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance across `mkdocs serve` rebuilds: the parsed and formatted
        bibliography is reused until references.bib changes."""

    @event_priority(100)  # before the other plugins' on_config: formatting starts as early as it can
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.cited_on: dict[str, list[Page]] = {}
        self.bibliography_page: Page | None = None
        # By page URL: the pages whose tokens are still to fill, scanned in this build or read from the page cache.
        self.deferred: dict[str, DeferredPage | CitedPage] = {}
        self.digests: dict[str, str] = {}  # by page URL: the Markdown's digest, for a page to put in the cache
        self.rendered_early: list[Page] = []  # rendered before the formatting was done: filled in the written file
        self.resolver: CitationResolver | None = None
        self.enabled = self.config.enabled  # read for every page: an attribute, not a config lookup
        self.search_filled = False  # whether the search plugin's entries got their citations before it wrote them
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        assembly = guide_of(config)  # made again by each call where no organisation plugin keeps it
        self.sources = assembly.bibliographies  # the guide's references.bib, and the organisation's
        self.bib_display = ", ".join(s.display for s in self.sources)
        # One instance serves every build of a process (MkDocs keeps it, as for `serve`): the formatting is
        # the bibliography's in this build's citation locale.
        locale = language_record(assembly.language, assembly.translations_root).citation_locale
        digest = hashlib.sha256(locale.encode())
        for source in self.sources:
            try:
                digest.update(source.path.read_bytes())
            except OSError as exc:
                raise as_plugin_error(TrustGuideError(source.display, f"cannot read the bibliography: {exc}")) from exc
        loaded = self._loaded
        failed = loaded is not None and loaded[2].done() and loaded[2].exception() is not None
        if loaded is None or loaded[0] != digest.hexdigest() or failed:
            try:
                bibliography = assembly.load_bibliography(root / self.config.cache_dir)
            except (TrustGuideError, TrustGuideErrors) as exc:
                raise as_plugin_error(exc) from exc
            self._loaded = (digest.hexdigest(), bibliography, format_in_background(
                bibliography, root / self.config.cache_dir, locale))
        # the References page and "Cited on" in the build's language
        self.translations = print_language(config, assembly)[1]
        language = assembly.language
        # A page's citations hold the evidence labels, in the build's words: a change of words is a new formatting.
        formatting = self._loaded[0] + self.translations.key
        if self.page_cache is None or self.page_cache.key != PageCache.key_of(formatting) or self.page_cache.language != language:
            self.page_cache = PageCache(root / self.config.cache_dir / f"pages-{language}.marshal", formatting, language)
        return config

    def _resolver(self) -> CitationResolver:
        """The site's formatted bibliography, waiting for the formatting started in on_config if need be."""
        if self.resolver is None and self._loaded is not None:
            try:
                works = self._loaded[2].result()
            except RuntimeError as exc:  # pandoc itself failed: not the author's mistake, but said in one message
                raise as_plugin_error(TrustGuideError(self.bib_display, str(exc))) from exc
            bibliography = self._loaded[1]
            evidence = {key: evidence_of(entry.fields) for key, entry in bibliography.entries.items()}
            self.resolver = CitationResolver(works, EvidenceLabels(evidence, {w.key: w for w in works},
                                                                   self.translations))
        return self.resolver or CitationResolver([])

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        # A work cited only on pages left out of this build (an organisation's choice) is not an author's mistake.
        left_out = [f for f in files if f.is_documentation_page() and f.inclusion.is_excluded()]
        self.cited_elsewhere = _cited_keys(left_out) if left_out else set()
        if len(self.sources) == 1:
            files.append(File.generated(config, "references.bib", abs_src_path=str(self.sources[0].path)))
        else:  # the download holds every work the References page lists: the guide's and the organisation's
            text = "\n\n".join(f"% From {s.display}\n{s.path.read_text(encoding='utf-8')}" for s in self.sources)
            files.append(File.generated(config, "references.bib", content=text))
        files.append(File.generated(config, self.config.bibliography_page, content=bibliography_markdown(self.translations)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.enabled or self._loaded is None:
            return None
        if page.file.src_uri == self.config.bibliography_page:
            self.bibliography_page = page
            return None
        entries = self._loaded[1].entries
        digest = page_digest(markdown)
        cached = self.page_cache.get(digest) if self.page_cache else None
        if cached is not None:  # the same Markdown against the same bibliography: scanned and checked before
            if not cached.spans:
                return None
            self.deferred[page.url] = cached
            for key in cached.cited:
                self.cited_on.setdefault(key, []).append(page)
            return tokenised(markdown, cached.spans)
        try:
            deferred = defer_citations(markdown, page.file.src_uri, entries)
            if deferred is None:  # a citation in a heading or with Markdown in its text: through Markdown, now
                resolved = self._resolver().resolve(markdown, page.file.src_uri)
                cited, text = resolved.cited, resolved.markdown
            else:
                cited, text = tuple(deferred.cited), deferred.markdown
                if deferred.clusters:
                    self.deferred[page.url] = deferred
                    self.digests[page.url] = digest
                elif self.page_cache:
                    self.page_cache.put(digest, CitedPage((), (), (), ()))
        except (TrustGuideError, TrustGuideErrors) as exc:
            raise as_plugin_error(_as_the_author_sees_it(exc, page, config)) from exc
        for key in cited:
            self.cited_on.setdefault(key, []).append(page)
        return text

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled or self._loaded is None:
            return env
        if guide_of(config).language != SOURCE:
            return env  # the English pages cite every entry (checked in their build); a translation may lag behind
        for problem in self._loaded[1].uncited(self.cited_on.keys() | getattr(self, "cited_elsewhere", set())):
            log.warning(str(problem))
        return env

    @event_priority(-100)  # after the search plugin has indexed the page's tokens, before the page template
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if not self._has_tokens(page) or page.content is None:
            return context
        if self._loaded is not None and self._loaded[2].done():
            page.content = self._filled(page).into(page.content)
        else:
            self.rendered_early.append(page)
        return context

    def _post_build_before_search(self, *, config: MkDocsConfig) -> None:
        """Pages rendered before pandoc was done get their citations in the written file; the search plugin's
        entries get theirs before it writes its index, where its entries can be found (Material's, MkDocs')."""
        if not self.enabled or self._loaded is None:
            return
        for page in self.rendered_early:
            written = Path(page.file.abs_dest_path)
            written.write_text(self._filled(page).into(written.read_text(encoding="utf-8")), encoding="utf-8")
        if self.rendered_early:
            log.debug(f"{len(self.rendered_early)} pages got their citations after they were written (pandoc was late)")
        self.rendered_early = []
        self.deferred = {}  # the scanned clusters are done with: fewer objects for the garbage collector to walk
        entries = search_entries(config)
        if entries is not None and self.filled_pages:
            fill_search_entries(entries, self.filled_pages, self.searched)
            self.search_filled = True
        if self.page_cache:
            self.page_cache.save()

    def _post_build_after_search(self, *, config: MkDocsConfig) -> None:
        """Another search plugin: its written index, read, filled and written again (before the offline plugin
        copies it)."""
        if not self.enabled or self._loaded is None or self.search_filled:
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file() and self.filled_pages:
            text = fill_search_index(index.read_text(encoding="utf-8"), self.filled_pages, self.searched)
            index.write_text(text, encoding="utf-8")

    on_post_build = CombinedEvent(event_priority(50)(_post_build_before_search),
                                  event_priority(-50)(_post_build_after_search))

    def _has_tokens(self, page: Page) -> bool:
        return self.enabled and (page.url in self.deferred or page is self.bibliography_page)

    def _filled(self, page: Page) -> FilledCitations:
        """What the page's tokens stand for, waiting for the formatting if need be; remembered for the search index."""
        resolver = self._resolver()
        if page is self.bibliography_page:
            links = _CitedOnLinks(page, self.translations)
            support = self._loaded[1].support if self._loaded else {}
            # A parent no page cites is in the list only through the entries that inherit from it, as in biblatex.
            works = [w for w in resolver.works.values() if w.key in self.cited_on or w.key not in support]
            # The search finds each entry here, but not by the titles of the pages that cite it: a search for a
            # page's title should lead to that page, not to this one.
            keys = [w.key for w in works]
            self.filled_pages[page.url] = FilledCitations([], resolver.reference_list(keys))
            return FilledCitations([], resolver.reference_list(keys, extra=lambda key: links(self.cited_on.get(key, []))))
        deferred = self.deferred[page.url]
        if isinstance(deferred, CitedPage):
            filled = filled_from_cache(deferred, resolver)
            self.searched[page.url] = deferred.searched
        else:
            filled = resolver.filled(deferred)
            kept = cited_page(deferred, filled, resolver)
            self.searched[page.url] = kept.searched
            if self.page_cache:
                self.page_cache.put(self.digests[page.url], kept)
        self.filled_pages[page.url] = filled
        return filled

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled:
            for source in getattr(self, "sources", []) or []:
                server.watch(str(source.path))
        return server


def _cited_keys(pages: list[File]) -> set[str]:
    from trustguide.content.citations.scanner import scan_citations  # loaded only when needed: the page cache spares it

    return {item.key for f in pages for cluster in scan_citations(lenient_source(f)) for item in cluster.items}


class _CitedOnLinks:
    """The "Cited on" links of a bibliography entry; each page's link is made once, not once per work it cites."""

    def __init__(self, bibliography_page: Page, translations: Gettext = SOURCE_TRANSLATIONS) -> None:
        _ = translations.gettext
        self.bibliography_page = bibliography_page
        # "Cited on: " and "." around the links, in the page's language
        self.cited_on, _places, self.after = _("Cited on: %(pages)s.").partition("%(pages)s")
        self.links: dict[str, str] = {}

    def link(self, page: Page) -> str:
        if page.url not in self.links:
            href = html.escape(get_relative_url(page.url, self.bibliography_page.url))
            # A page title is HTML already: MkDocs keeps a heading's entities, generated pages escape theirs.
            self.links[page.url] = f'<a href="{href}">{page.title or html.escape(page.url)}</a>'
        return self.links[page.url]

    def __call__(self, citing: list[Page]) -> str:
        return f' <span class="tg-cited-on">{self.cited_on}{", ".join(map(self.link, citing))}{self.after}</span>' if citing else ""


def _as_the_author_sees_it(exc: TrustGuideError | TrustGuideErrors, page: Page, config: MkDocsConfig) -> TrustGuideErrors:
    """Errors found in a page's Markdown, at the file path and line in the source (after its front matter).

    Worked out only when there is an error: resolving the path took a third of the plugin's time per page.
    """
    display, offset = page_display_path(page, config.config_file_path), front_matter_lines(page)
    problems = exc.problems if isinstance(exc, TrustGuideErrors) else [exc]
    return TrustGuideErrors([
        TrustGuideError(Location(display, p.location.line + offset if p.location.line else None), p.message) for p in problems
    ])


def bibliography_markdown(translations: Gettext = SOURCE_TRANSLATIONS) -> str:
    """The References page, in the build's language."""
    _ = translations.gettext
    title, tag = _("References"), _("references")  # Babel reads no f-string: each message is a call of its own
    description = _("Every work the guide cites, in APA 7th edition style, with links to the pages that cite it.")
    return (
        f"---\ntitle: {title}\ndescription: {description}\n"
        f"audience: [coach, facilitator, organisation]\ntags: [{tag}]\n---\n\n"
        f"# {title}\n\n"
        + _("Every source the guide draws on, formatted in APA 7th edition style. Each entry links back to the "
            "pages that cite it. [Download the bibliography as BibTeX](references.bib){ download }.") + "\n\n"
        + _("After each entry: the kind of evidence it is, and whether the guide read it or knows it only as cited "
            "in another source. A work known only through another source is listed under that source, as APA 7th "
            "edition lists secondary sources.") + "\n\n"
        f"{_BIBLIOGRAPHY_TOKEN}\n"
    )
