"""Headings of a translated page get the English page's ids, by heading order, so anchors are the same in both.

The translators keep the headings in the same number and order as the English; the ids are those Python-Markdown's
toc extension gives the English headings (its slugify, made unique the same way), written as `{#id}` (attr_list).
"""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify, unique

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_OWN_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")


def _headings(markdown: str) -> list[tuple[int, str]]:
    """(line index, heading text) of every ATX heading outside code fences and front matter."""
    lines = markdown.splitlines()
    found, fenced, start = [], False, 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    for index in range(start, len(lines)):
        line = lines[index]
        if _FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            found.append((index, match.group(2)))
    return found


def _plain(text: str) -> str:
    """The heading's text as toc sees it for its slug: without Markdown emphasis, code marks, links or attributes."""
    text = re.sub(r"\{[^}]*\}\s*$", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)


def heading_ids(markdown: str) -> list[str]:
    """The ids the toc extension gives the page's headings, in order."""
    used: set[str] = set()
    ids = []
    for _index, text in _headings(markdown):
        own = _OWN_ID.search(text)
        ids.append(own.group(1) if own else unique(slugify(_plain(text), "-"), used))
        used.add(ids[-1])
    return ids


def with_ids(markdown: str, ids: list[str]) -> tuple[str, int]:
    """The translated Markdown with each heading given the id at its position; and how many headings it has."""
    lines = markdown.splitlines(keepends=True)
    headings = _headings(markdown)
    for (index, text), wanted in zip(headings, ids, strict=False):  # a count that differs is reported
        if _OWN_ID.search(text):
            continue
        ending = "\n" if lines[index].endswith("\n") else ""
        lines[index] = lines[index].rstrip("\r\n").rstrip().rstrip("#").rstrip() + f" {{#{wanted}}}" + ending
    return "".join(lines), len(headings)
