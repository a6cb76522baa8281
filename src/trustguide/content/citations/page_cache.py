"""Each page's citation work kept between builds, so a build scans and renders again only the pages that changed.

A page's entry is found by its Markdown; the file as a whole holds for one formatting of the bibliography (its
sources, the citation locale, the style and pandoc: `formatting`) and for this package's code, and is ignored
whole when either changed. An entry is only ever written for a page whose citations were all known, so a page read
from here needs no key check: the same Markdown against the same bibliography passes again.

The file keeps the entries of the last build's pages, so it does not grow with every edit. It is in Python's
marshal format (as Jinja's bytecode cache is), which reads in a third of JSON's time and, unlike pickle, runs no
code; the key includes the Python version, whose marshal format may change.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from trustguide.content.citations.resolver import CitationResolver, DeferredPage, FilledCitations
from trustguide.content.citations.search_text import index_text
from trustguide.core.memo import read_kept, write_kept

_FORMAT = 1


@dataclass(frozen=True)
class CitedPage:
    """What a page's citations came to: where they stand, the works they cite, their HTML and their search text."""

    spans: tuple[tuple[int, int], ...]  # each citation's start and end in the page's Markdown
    cited: tuple[str, ...]  # the keys of its References list, in reference-list order
    inline: tuple[str, ...]  # each citation's HTML
    searched: tuple[str, ...]  # each citation as the site search indexes it


def cited_page(page: DeferredPage, filled: FilledCitations, resolver: CitationResolver) -> CitedPage:
    """A deferred page's citations as the cache keeps them, once filled."""
    return CitedPage(tuple((c.start, c.end) for c in page.clusters), tuple(resolver.cited_in_order(page.cited)),
                     tuple(filled.inline), tuple(index_text(i) for i in filled.inline))


def filled_from_cache(page: CitedPage, resolver: CitationResolver) -> FilledCitations:
    """The HTML of a page read from the cache: its citations as kept, its References list made again (cheaply)."""
    return FilledCitations(list(page.inline), resolver.reference_list(page.cited) if page.cited else None,
                           resolver.kinds_line(page.cited) if page.cited else "")


@cache
def code_fingerprint() -> str:
    """This package's source: a change to how citations are scanned or rendered makes every entry stale."""
    digest = hashlib.sha256(str(_FORMAT).encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def page_digest(markdown: str) -> str:
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).hexdigest()


class PageCache:
    """The pages of one build language; `path` None keeps them in memory only (a `serve` session still gains)."""

    def __init__(self, path: Path | None, formatting: str, language: str = "") -> None:
        self.path = path
        self.language = language
        self.key = self.key_of(formatting)
        self.entries: dict[str, CitedPage] = self._read()
        self.used: set[str] = set()
        self.changed = False

    @staticmethod
    def key_of(formatting: str) -> str:
        return hashlib.sha256(f"{formatting}|{code_fingerprint()}|{sys.version_info[:2]}".encode()).hexdigest()

    def get(self, digest: str) -> CitedPage | None:
        entry = self.entries.get(digest)
        if entry is not None:
            self.used.add(digest)
        return entry

    def put(self, digest: str, page: CitedPage) -> None:
        self.entries[digest] = page
        self.used.add(digest)
        self.changed = True

    def save(self) -> None:
        """Write this build's pages, if anything changed, and start the next build's count."""
        unused = self.entries.keys() - self.used
        if unused:
            for digest in unused:
                del self.entries[digest]
            self.changed = True
        if self.changed and self.path is not None:
            write_kept(self.path, self.key, {d: _as_lists(p) for d, p in self.entries.items()})
        self.used = set()
        self.changed = False

    def _read(self) -> dict[str, CitedPage]:
        return read_kept(self.path, self.key, _from_lists)


def _as_lists(page: CitedPage) -> list:
    return [[list(span) for span in page.spans], list(page.cited), list(page.inline), list(page.searched)]


def _from_lists(item: list) -> CitedPage:
    spans, cited, inline, searched = item
    if not len(spans) == len(inline) == len(searched):
        raise ValueError("a damaged entry")
    return CitedPage(tuple((int(s), int(e)) for s, e in spans), tuple(cited), tuple(inline), tuple(searched))
