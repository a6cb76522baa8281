"""The search entries made of each page, kept between builds, so a build parses again only the pages that changed.

Material's search plugin reads every page's HTML through Python's HTMLParser on every build: on the guide that is
about a sixth of a warm build, and of every `serve` rebuild, though one page changed. What it makes of a page
depends only on what is looked up here: the page's HTML, its address, its title, its table of contents (the
sections' links) and the front matter it reads (title, tags, search). An entry is found by their digest, so a
changed page, a moved heading or a new tag is indexed again; the file as a whole holds for one version of the
search plugin and of Python, and is ignored whole when either changed.

The file keeps the entries of the last build's pages (it does not grow with every edit) in Python's marshal
format, as the citations' page cache does: it reads quickly and, unlike pickle, runs no code.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from trustguide.core.memo import read_kept, write_kept

_FORMAT = 1

Entry = dict[str, object]


def page_entry_digest(html: str, url: str, title: str, meta: Mapping[str, object], toc: Iterable) -> str:
    """The digest of everything a page's search entries are made of (toc: items with id, url and children)."""
    digest = hashlib.blake2b(html.encode("utf-8"), digest_size=16)
    digest.update(repr((url, title, meta.get("title"), meta.get("tags"), meta.get("search"), _links(toc))).encode())
    return digest.hexdigest()


def _links(toc: Iterable) -> tuple:
    return tuple((item.id, item.url, _links(item.children)) for item in toc)


def _copied(entries: Iterable[Entry]) -> list[Entry]:
    """Entries that a later step may change (the citations fill their text) without changing the kept ones."""
    return [{k: list(v) if isinstance(v, list) else v for k, v in entry.items()} for entry in entries]


class SearchEntryCache:
    """One build's pages and their entries; `path` None keeps them in memory only (a `serve` session still gains)."""

    def __init__(self, path: Path | None, key: str) -> None:
        self.path = path
        self.source = key  # the search plugin's module and version
        self.key = f"{_FORMAT}|{key}|{sys.version_info[:2]}"
        self.entries: dict[str, list[Entry]] = self._read()
        self.used: set[str] = set()
        self.changed = False

    def get(self, digest: str) -> list[Entry] | None:
        entries = self.entries.get(digest)
        if entries is None:
            return None
        self.used.add(digest)
        return _copied(entries)

    def put(self, digest: str, entries: Iterable[Entry]) -> None:
        self.entries[digest] = _copied(entries)
        self.used.add(digest)
        self.changed = True

    def save(self) -> None:
        """Write this build's pages, if anything changed, and start the next build's count."""
        unused = self.entries.keys() - self.used
        for digest in unused:
            del self.entries[digest]
        if (self.changed or unused) and self.path is not None:
            write_kept(self.path, self.key, self.entries)
        self.used = set()
        self.changed = False

    def _read(self) -> dict[str, list[Entry]]:
        return read_kept(self.path, self.key, _entries_of)


def _entries_of(item: object) -> list[Entry]:
    if not (isinstance(item, list) and all(isinstance(entry, dict) for entry in item)):
        raise ValueError("a damaged entry")
    return item
