"""MkDocs adapter for the glossary tooltips: the terms go to the abbr extension as its glossary.

Appending the tooltip file to every page (snippets' auto_append) gave the same `<abbr>` output but made every block
processor scan the whole file on every page, most of a warm build's time.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from trustguide.errors import TrustGuideErrors, display_path
from trustguide.glossary import parse_tooltips


class GlossaryConfig(base.Config):
    enabled = c.Type(bool, default=True)
    tooltips = c.File(exists=True, default="docs/includes/abbreviations.md")


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Loads the glossary tooltips once per build and hands them to Python-Markdown's abbr extension."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        path = Path(self.config.tooltips)
        root = Path(config.config_file_path).parent if config.config_file_path else None
        tooltips, problems = parse_tooltips(path.read_text(encoding="utf-8"), display_path(path, root))
        if problems:
            raise PluginError(str(TrustGuideErrors(problems)))
        if "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")
        options = config.mdx_configs.setdefault("abbr", {})
        options["glossary"] = {**{t.term: t.definition for t in tooltips}, **options.get("glossary", {})}
        return config

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled:
            server.watch(str(Path(self.config.tooltips)))
        return server
