"""MkDocs adapter for the glossary tooltips: the terms go to the abbr extension as its glossary.

Appending the tooltip file to every page (snippets' auto_append) gave the same `<abbr>` output but made every block
processor scan the whole file on every page, most of a warm build's time.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from trustguide.content.glossary import parse_tooltips
from trustguide.core.errors import TrustGuideError, TrustGuideErrors
from trustguide.core.sources import PAGE_LIMIT, read_source
from trustguide.engine.adapters import guide_of


class GlossaryConfig(base.Config):
    enabled = c.Type(bool, default=True)
    tooltips = c.File(exists=True, default="docs/includes/abbreviations.md")


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Loads the glossary tooltips once per build and hands them to Python-Markdown's abbr extension."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.sources = guide_of(config).tooltips  # the guide's terms, then the organisation's
        glossary: dict[str, str] = {}
        problems = []
        for source in self.sources:
            try:
                text = read_source(source.path, source.display, PAGE_LIMIT, "a page")
            except TrustGuideError as exc:
                problems.append(exc)
                continue
            tooltips, found = parse_tooltips(text, source.display)
            problems.extend(found)
            glossary.update({t.term: t.definition for t in tooltips})  # an organisation's definition wins
        if problems:
            raise PluginError(str(TrustGuideErrors(problems)))
        if "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")
        options = config.mdx_configs.setdefault("abbr", {})
        options["glossary"] = {**glossary, **options.get("glossary", {})}
        return config

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled:
            for source in getattr(self, "sources", []):
                server.watch(str(source.path))
        return server
