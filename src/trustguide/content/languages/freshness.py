"""Whether each translation is current: it records, as a content hash, the English source it was translated from.

A hash (not a commit or a date) works in shallow clones and in zips: `translated_from` is the first 16 hex digits of
the SHA-256 of the English file's bytes. A translation is current when that hash is the English file's hash now,
stale when the English file has changed since, and missing when there is no translation of it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

CURRENT, STALE, MISSING = "current", "stale", "missing"
HASH_LENGTH = 16
_RECORDED = re.compile(r"(?m)^(?:<!--\s*)?translated_from:\s*[\"']?([0-9a-fA-F]+)[\"']?\s*(?:-->)?\s*$")
_TOOLTIP_STAMP = re.compile(r"\A<!--\s*translated_from:[^>]*-->[ \t]*\n?")


def source_hash(path: Path) -> str:
    """The hash a translation of `path` records: the first 16 hex digits of the SHA-256 of its bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]


def recorded_hash(text: str) -> str | None:
    """The `translated_from:` a translation records: a front-matter or YAML key, or a first comment line."""
    match = _RECORDED.search(text)
    return match.group(1).lower() if match else None


def without_stamp(text: str) -> str:
    """The tooltip file without its first line `<!-- translated_from: ... -->` (the abbr extension reads the rest)."""
    return _TOOLTIP_STAMP.sub("", text, count=1)


@dataclass(frozen=True)
class Item:
    """One thing a language translates: a page, a worksheet, a plan or the tooltip file."""

    kind: str  # page, worksheet, plan, tooltips
    name: str  # docs-relative path or id
    source: Path  # the English file
    translation: Path  # where its translation is (or would be)

    @property
    def status(self) -> str:
        if not self.translation.is_file():
            return MISSING
        # Only the ASCII record is read: a byte that is not UTF-8 is reported by `check` and the build, not here.
        return status_of(self.translation.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff"),
                         self.source)


def status_of(translation: str, english: Path) -> str:
    """Current when the translation records the English file as it is now, stale otherwise."""
    return CURRENT if recorded_hash(translation) == source_hash(english) else STALE


def translation_items(sources: dict[str, tuple[str, Path]], translations: Path) -> list[Item]:
    """Every item of a language: `sources` maps a path under the language's folder to (kind, English file)."""
    return [Item(kind, name_of(kind, relative), source, translations / relative)
            for relative, (kind, source) in sorted(sources.items())]


def name_of(kind: str, relative: str) -> str:
    if kind in ("worksheet", "plan"):
        return Path(relative).stem
    return relative.removeprefix("docs/")


def guide_items(docs_dir: Path, pages: list[str], worksheets: list[Path], plans: list[Path],
                tooltips: Path | None, translations: Path) -> list[Item]:
    """Every item of the guide that a language translates, English file -> where its translation goes."""
    sources: dict[str, tuple[str, Path]] = {f"docs/{uri}": ("page", docs_dir / uri) for uri in pages}
    sources.update({f"worksheets/{p.name}": ("worksheet", p) for p in worksheets})
    sources.update({f"plans/{p.name}": ("plan", p) for p in plans})
    if tooltips is not None and tooltips.is_file():
        sources["docs/includes/abbreviations.md"] = ("tooltips", tooltips)
    return translation_items(sources, translations)
