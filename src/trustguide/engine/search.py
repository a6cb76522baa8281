"""MkDocs adapter for the guide's search rules: page-type weights and descriptions in Material's search index, and
the entries of unchanged pages taken from the last build instead of parsed again.

The rules themselves live in mkdocs.yml (the search plugin's field weights, this plugin's page weights) and are held
to what readers type by tests/data/search_queries.yml.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from fnmatch import fnmatchcase
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.pages import Page

from trustguide.content.languages.words import Decompounder
from trustguide.engine.adapters import guide_of, search_entries, search_index, search_plugin
from trustguide.output.search import SearchEntryCache, add_descriptions, describe_entries, page_entry_digest
from trustguide.output.search.forms import add_word_forms


class SearchRulesConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Page weights by page (docs-relative path, or a pattern such as "worksheets/*.md"; the first that matches,
    # exact paths before patterns): a listing or reference page repeats the words of the pages it lists, so it is
    # weighted down to let those pages come first.
    weights = c.Type(dict, default={})
    descriptions = c.Type(bool, default=True)
    # Where each page's search entries are kept for the next build (relative to mkdocs.yml).
    cache_dir = c.Type(str, default=".cache/trustguide/search")


class SearchRulesPlugin(BasePlugin[SearchRulesConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.descriptions: dict[str, str] = {}
        self.entry_cache: SearchEntryCache | None = None  # kept with the instance: a `serve` rebuild reads no file
        self.described = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance across `mkdocs serve` rebuilds: a dirty rebuild indexes only
        the pages it renders again, and the descriptions and entries of the others are still here."""

    @event_priority(-50)  # after Material's search plugin made this build's index
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.described = False
        self.compounds: dict[str, list[str]] = {}
        index = search_index(config)
        add = getattr(index, "add_entry_from_context", None)
        if not self.config.enabled or not isinstance(getattr(index, "entries", None), list) or not callable(add):
            self.entry_cache = None  # another search plugin, or another version of Material's: it parses every page
            return config
        package = sys.modules.get(type(index).__module__.split(".")[0])
        # Material segments Chinese text with jieba where it is installed: entries made without it are not kept for it.
        segmented = getattr(sys.modules.get(type(index).__module__), "jieba", None) is not None
        key = f"{type(index).__module__}|{getattr(package, '__version__', '')}|{segmented}"
        language = config.theme.get("language") or "en"
        name = f"entries-{language}{'' if config.use_directory_urls else '-files'}.marshal"  # the offline zip's links
        path = Path(config.config_file_path or ".").resolve().parent / self.config.cache_dir / name
        if self.entry_cache is None or (self.entry_cache.path, self.entry_cache.source) != (path, key):
            self.entry_cache = SearchEntryCache(path, key)
        index.add_entry_from_context = _remembering(index.entries, add, self.entry_cache)
        return config

    @event_priority(50)  # before Material's search plugin reads page.meta["search"]
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if not self.config.enabled:
            return context
        weight = page_weight(self.config.weights, page.file.src_uri)
        if weight is not None:
            search = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
            page.meta["search"] = {"boost": weight, **search}
        description = page.meta.get("description")
        if self.config.descriptions and isinstance(description, str) and description.strip():
            self.descriptions[page.url] = description
        return context

    def _post_build_before_search(self, *, config: MkDocsConfig) -> None:
        """Descriptions joined to the entries before the search plugin writes them; this build's entries kept."""
        if self.entry_cache is not None:
            self.entry_cache.save()
        entries = search_entries(config) if self.config.enabled and self.config.descriptions else None
        if entries is not None:
            describe_entries(entries, self.descriptions)
            self.described = True
        if self.config.enabled and entries is not None:
            self.compounds = self._word_forms(entries, config)

    def _word_forms(self, entries: list[dict], config: MkDocsConfig) -> dict[str, list[str]]:
        """The other forms of the entries' words that the language's record asks for (parts, no accents)."""
        settings = guide_of(config).record.search
        options = getattr(search_plugin(config), "config", None) or {}
        separator = options.get("separator") or r"[\s\-]+"
        cache = Path(config.config_file_path or ".").resolve().parent / self.config.cache_dir / "compounds.marshal"
        return add_word_forms(entries, settings, separator, Decompounder(cache) if settings.decompound else None)

    def _post_build_after_search(self, *, config: MkDocsConfig) -> None:
        """The compounds' parts joined to the written index, for the search worker (before offline copies it); and
        another search plugin's index read, described and written again."""
        index = Path(config.site_dir) / "search" / "search_index.json"
        if not self.config.enabled or not index.is_file():
            return
        if self.compounds:
            data = json.loads(index.read_text(encoding="utf-8"))
            data["compounds"] = self.compounds
            index.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        if self.config.descriptions and not self.described:
            index.write_text(add_descriptions(index.read_text(encoding="utf-8"), self.descriptions), encoding="utf-8")

    on_post_build = CombinedEvent(event_priority(50)(_post_build_before_search),
                                  event_priority(-60)(_post_build_after_search))


def _remembering(entries: list[dict], add: Callable[[Page], None], cache: SearchEntryCache) -> Callable[[Page], None]:
    """The search index's add_entry_from_context, taking a page's entries from the cache when nothing they are made
    of has changed, and keeping them when it parsed the page."""

    def add_entry_from_context(page: Page) -> None:
        digest = page_entry_digest(page.content or "", page.url, str(page.title), page.meta, page.toc)
        kept = cache.get(digest)
        if kept is not None:
            entries.extend(kept)
            return
        start = len(entries)
        add(page)
        cache.put(digest, entries[start:])

    return add_entry_from_context


def page_weight(weights: dict[str, float], src_uri: str) -> float | None:
    """The weight for a page: its own entry, else the first pattern that matches its path."""
    if src_uri in weights:
        return weights[src_uri]
    return next((w for pattern, w in weights.items() if any(ch in pattern for ch in "*?[") and fnmatchcase(src_uri, pattern)), None)
