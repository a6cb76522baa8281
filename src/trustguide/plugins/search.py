"""MkDocs adapter for the guide's search rules: page-type weights and descriptions in Material's search index.

The rules themselves live in mkdocs.yml (the search plugin's field weights, this plugin's page weights) and are held
to what readers type by tests/data/search_queries.yml.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

from trustguide.search import add_descriptions


class SearchRulesConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Page weights by page (docs-relative path, or a pattern such as "worksheets/*.md"; the first that matches,
    # exact paths before patterns): a listing or reference page repeats the words of the pages it lists, so it is
    # weighted down to let those pages come first.
    weights = c.Type(dict, default={})
    descriptions = c.Type(bool, default=True)


class SearchRulesPlugin(BasePlugin[SearchRulesConfig]):
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Kept across `mkdocs serve` rebuilds: a dirty rebuild indexes only the pages it renders again.
        self.descriptions: dict[str, str] = {}

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

    @event_priority(-60)  # after the search plugin (and the citations plugin) wrote the index, before offline copies it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not (self.config.enabled and self.config.descriptions):
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            index.write_text(add_descriptions(index.read_text(encoding="utf-8"), self.descriptions), encoding="utf-8")


def page_weight(weights: dict[str, float], src_uri: str) -> float | None:
    """The weight for a page: its own entry, else the first pattern that matches its path."""
    if src_uri in weights:
        return weights[src_uri]
    return next((w for pattern, w in weights.items() if any(ch in pattern for ch in "*?[") and fnmatchcase(src_uri, pattern)), None)
