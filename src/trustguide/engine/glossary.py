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

from trustguide.core.errors import TrustGuideError, TrustGuideErrors
from trustguide.engine.adapters import guide_of
from trustguide.output.markdown.glossary import glossary_terms


class GlossaryConfig(base.Config):
    enabled = c.Type(bool, default=True)
    tooltips = c.File(exists=True, default="docs/includes/abbreviations.md")


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Loads the glossary tooltips once per build and hands them to Python-Markdown's abbr extension."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.sources = guide_of(config).tooltips  # the guide's terms, then the organisation's
        try:  # the same terms as the glossary Markdown extension reads, for any engine
            glossary = glossary_terms([(source.path, source.display) for source in self.sources])
        except (TrustGuideError, TrustGuideErrors) as exc:
            raise PluginError(str(exc)) from exc
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
