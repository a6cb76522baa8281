"""Find pandoc-syntax citations in Markdown: [@key], [see @a, p. 3; @b], [-@key], @key and @key [p. 5]."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from trustguide.content.citations.masking import mask_non_prose

# Keys: letters, digits and _ - : . / inside; never ending in punctuation (so "@key." ends a sentence).
KEY = r"[A-Za-z0-9_](?:[A-Za-z0-9_:./-]*[A-Za-z0-9_])?"
_ITEM = re.compile(
    rf"^(?P<prefix>.*?)(?:(?<=\s)|^)(?P<suppress>-?)@(?:\{{(?P<braced>[^{{}}\s]+)\}}|(?P<key>{KEY}))(?P<suffix>.*)$",
    re.DOTALL,
)
# Not a link "[...](url)" or "[...][ref]"; "[...]:" is a citation too ("like this [@key]:") unless the line is a
# link reference definition, as Python-Markdown reads one: the label first on its line, then one destination.
_BRACKET = re.compile(r"\[(?P<body>[^\[\]\0]*@[^\[\]\0]*)\](?![(\[])")
_REFERENCE_DEFINITION = re.compile(
    r"[ ]{0,3}\[[^\[\]]*\]:[ \t]*\n?[ \t]*[^\s]+[ \t]*(?:\n[ \t]*)?(?:([\"']).*?\1[ \t]*|\(.*?\)[ \t]*)?(?:\n|$)"
)
# The "@" first and the look-behind after it (two characters back: the one before the "@"), so the regex engine
# jumps from "@" to "@" instead of trying every position of the page; same matches as (?<![...])@.
_NARRATIVE = re.compile(
    rf"@(?<![\w@\\\0\[`].)(?:\{{(?P<braced>[^{{}}\s]+)\}}|(?P<key>{KEY}))(?:[ \t]?\[(?P<locator>[^\[\]@\0]+)\](?![(\[]))?"
)


@dataclass(frozen=True)
class CitationItem:
    """One cited work inside a cluster."""

    key: str
    prefix: str = ""
    locator: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass(frozen=True)
class Cluster:
    """A citation as written on the page: bracketed (parenthetical) or narrative, with its place."""

    items: tuple[CitationItem, ...]
    narrative: bool
    start: int
    end: int
    line: int
    source: str


def _split_suffix(suffix: str) -> tuple[str, str]:
    """', p. 12' is a locator; other text after the key is a free suffix."""
    text = suffix.strip()
    if text.startswith(","):
        return text[1:].strip(), ""
    return "", text


def _parse_item(part: str) -> CitationItem | None:
    match = _ITEM.match(part.strip())
    if not match:
        return None
    key = match.group("braced") or match.group("key")
    locator, suffix = _split_suffix(match.group("suffix"))
    return CitationItem(
        key=key,
        prefix=match.group("prefix").strip(),
        locator=locator,
        suffix=suffix,
        suppress_author=bool(match.group("suppress")),
    )


def _is_reference_definition(masked: str, start: int) -> bool:
    """Whether the "[...]:" at `start` opens a link reference definition rather than a sentence."""
    line_start = masked.rfind("\n", 0, start) + 1
    return start - line_start <= 3 and _REFERENCE_DEFINITION.match(masked, line_start) is not None


def scan_citations(markdown: str) -> list[Cluster]:
    """Every citation cluster on a page, in order, with 1-based line numbers."""
    masked = mask_non_prose(markdown)
    clusters: list[Cluster] = []
    taken_starts: list[int] = []  # bracketed clusters, in order and not overlapping
    taken_ends: list[int] = []
    for match in _BRACKET.finditer(masked):
        if masked.startswith(":", match.end()) and _is_reference_definition(masked, match.start()):
            continue
        parts = match.group("body").split(";")
        items = [_parse_item(p) for p in parts]
        if not items or any(i is None for i in items):
            continue
        clusters.append(
            Cluster(
                items=tuple(i for i in items if i is not None),
                narrative=False,
                start=match.start(),
                end=match.end(),
                line=markdown.count("\n", 0, match.start()) + 1,
                source=markdown[match.start() : match.end()],
            )
        )
        taken_starts.append(match.start())
        taken_ends.append(match.end())
    for match in _NARRATIVE.finditer(masked):
        inside = bisect_right(taken_starts, match.start()) - 1
        if inside >= 0 and match.start() < taken_ends[inside]:
            continue  # an item of a bracketed cluster
        key = match.group("braced") or match.group("key")
        locator, suffix = _split_suffix("," + match.group("locator")) if match.group("locator") else ("", "")
        clusters.append(
            Cluster(
                items=(CitationItem(key=key, locator=locator, suffix=suffix),),
                narrative=True,
                start=match.start(),
                end=match.end(),
                line=markdown.count("\n", 0, match.start()) + 1,
                source=markdown[match.start() : match.end()],
            )
        )
    clusters.sort(key=lambda c: c.start)
    return clusters
