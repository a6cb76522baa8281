"""Pandoc-syntax citations ([@key, p. 4], @key) as a Python-Markdown extension: each citation becomes its APA 7
in-text form, and a page that cites gets a References section listing what it cites.

    markdown_extensions:
      - trustguide.output.markdown.citations:
          bibliography: references.bib
          locale: en-US

The same resolver and formatter as the guide's MkDocs build (which adds a site bibliography, "cited on" links and
formatting in the background); an unknown key or a bad bibliography stops the page with its file and line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from trustguide.content.bibliography import read_bibliography
from trustguide.content.bibliography.evidence import evidence_of
from trustguide.content.citations.evidence import EvidenceLabels
from trustguide.content.citations.formatter import format_bibliography
from trustguide.content.citations.resolver import CitationResolver
from trustguide.core.errors import raise_if_any


@cache
def _resolver(bibliography: Path, locale: str, cache_dir: Path | None) -> CitationResolver:
    """The formatted bibliography, once per file, locale and process (pages share it)."""
    loaded = read_bibliography(bibliography, bibliography.name, cache_dir)
    raise_if_any(loaded.problems)
    works = format_bibliography(loaded, cache_dir, lang=locale)
    evidence = {key: evidence_of(entry.fields) for key, entry in loaded.entries.items()}
    return CitationResolver(works, EvidenceLabels(evidence, {w.key: w for w in works}))


class CitationsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: CitationsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        options = self.extension.getConfigs()
        cache_dir = Path(options["cache_dir"]) if options["cache_dir"] else None
        resolver = _resolver(Path(options["bibliography"]).resolve(), options["locale"], cache_dir)
        page = options["page"] or "the page"
        return resolver.resolve("\n".join(lines), page, with_references=options["references"]).markdown.split("\n")


class CitationsExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {
            "bibliography": ["references.bib", "the BibTeX file the citations' keys are in"],
            "locale": ["en-US", "the CSL locale of the formatted citations (de-DE: 'und', 'o. J.')"],
            "cache_dir": [".cache/trustguide/citations", "where formatted references are kept ('' for none)"],
            "references": [True, "add a References section listing the works the page cites"],
            "page": ["", "the page's name in messages"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After snippets (32) put in included text, before the HTML blocks are stashed (20).
        md.preprocessors.register(CitationsPreprocessor(md, self), "trustguide-citations", 31)


def makeExtension(**kwargs) -> CitationsExtension:
    return CitationsExtension(**kwargs)
