"""Glossary tooltips as a Python-Markdown extension: the terms of tooltip files (`*[term]: definition`, one a line)
become `<abbr title="definition">` wherever a page uses them, through Python-Markdown's own abbr extension.

    markdown_extensions:
      - trustguide.output.markdown.glossary:
          files: [docs/includes/abbreviations.md]

A later file's definition of a term wins (an organisation's over the guide's). A malformed line stops with its
file and line.
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension, Markdown
from markdown.extensions.abbr import AbbrExtension

from trustguide.content.glossary import parse_tooltips
from trustguide.core.errors import TrustGuideError, raise_if_any
from trustguide.core.sources import PAGE_LIMIT, read_source


def glossary_terms(files: list[tuple[Path, str]]) -> dict[str, str]:
    """Every term and its definition, from (path, the path its messages show) in order; all problems raised."""
    glossary: dict[str, str] = {}
    problems: list[TrustGuideError] = []
    for path, display in files:
        try:
            text = read_source(path, display, PAGE_LIMIT, "a page")
        except TrustGuideError as exc:
            problems.append(exc)
            continue
        tooltips, found = parse_tooltips(text, display)
        problems.extend(found)
        glossary.update({t.term: t.definition for t in tooltips})
    raise_if_any(problems)
    return glossary


class GlossaryExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {"files": [[], "tooltip files, the guide's first: a later definition of a term wins"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        files = [(Path(name), str(name)) for name in self.getConfig("files")]
        AbbrExtension(glossary=glossary_terms(files)).extendMarkdown(md)


def makeExtension(**kwargs) -> GlossaryExtension:
    return GlossaryExtension(**kwargs)
