"""Turn a page's citations into HTML against the site's formatted bibliography, and say where keys are wrong."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from trustguide.citations.formatter import FormattedWork
from trustguide.citations.render import render_cluster, render_reference_list, replace_clusters
from trustguide.citations.scanner import scan_citations
from trustguide.errors import Location, TrustGuideError, raise_if_any

REFERENCES_HEADING = "References"


@dataclass(frozen=True)
class ResolvedPage:
    markdown: str
    cited: tuple[str, ...]  # keys in reference-list order


class CitationResolver:
    """Knows every formatted work of the site; resolves one page at a time."""

    def __init__(self, works: list[FormattedWork]) -> None:
        self.works = {w.key: w for w in works}
        self.order = {w.key: i for i, w in enumerate(works)}

    def unknown_key_error(self, key: str, where: Location) -> TrustGuideError:
        close = difflib.get_close_matches(key, list(self.works), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join('@' + c for c in close)}?" if close else "; add it to references.bib"
        return TrustGuideError(where, f"unknown citation key '@{key}'{hint}")

    def resolve(self, markdown: str, page: str, line_offset: int = 0, with_references: bool = True) -> ResolvedPage:
        clusters = scan_citations(markdown)
        problems = [
            self.unknown_key_error(item.key, Location(page, cluster.line + line_offset))
            for cluster in clusters
            for item in cluster.items
            if item.key not in self.works
        ]
        raise_if_any(problems)
        if not clusters:
            return ResolvedPage(markdown, ())
        rendered = [render_cluster(c, self.works, self.order) for c in clusters]
        cited = sorted({item.key for c in clusters for item in c.items}, key=self.order.__getitem__)
        text = replace_clusters(markdown, clusters, rendered)
        if with_references:
            entries = render_reference_list([self.works[k] for k in cited])
            text = f"{text.rstrip()}\n\n## {REFERENCES_HEADING} {{ #references }}\n\n{entries}\n"
        return ResolvedPage(text, tuple(cited))
