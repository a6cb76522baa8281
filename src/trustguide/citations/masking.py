"""Hide the parts of a Markdown page where an '@' is never a citation.

Code (fenced, indented, inline), HTML tags and comments, URLs, link destinations and e-mail addresses are
replaced by NUL characters of the same length, so offsets and line numbers stay those of the page.
"""

from __future__ import annotations

import re

MASK = "\0"

_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CONTAINER = re.compile(r"^[ \t]{0,3}([-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===|:::)")
_INLINE_PATTERNS = [
    re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL),  # code spans, possibly across lines
    re.compile(r"<!--.*?-->", re.DOTALL),  # HTML comments
    re.compile(r"<[A-Za-z/!?][^<>]*>"),  # HTML tags with their attributes, and <autolinks>
    re.compile(r"\b(?:https?|ftp|file|mailto):[^\s<>\]\)]+", re.IGNORECASE),  # bare URLs
    re.compile(r"\bwww\.[^\s<>\]\)]+", re.IGNORECASE),
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # link and image destinations
    re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.MULTILINE),  # reference-style link definitions
    re.compile(r"\w[\w.+-]*@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses (not the '-' of [-@smith.2020])
    re.compile(r"\\@"),  # an escaped @ is literal text
]


def _blank(text: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if text[i] != "\n":
            text[i] = MASK


def mask_non_prose(markdown: str) -> str:
    """Return the page with every non-citation region masked, same length and same line breaks."""
    chars = list(markdown)
    _mask_code_blocks(markdown, chars)
    partly_masked = "".join(chars)
    for pattern in _INLINE_PATTERNS:
        for match in pattern.finditer(partly_masked):
            _blank(chars, match.start(), match.end())
        partly_masked = "".join(chars)
    return partly_masked


def _mask_code_blocks(markdown: str, chars: list[str]) -> None:
    """Mask fenced code blocks and indented code blocks (but not indented list or admonition content)."""
    offset = 0
    fence: str | None = None
    in_container = False
    previous_blank = True
    for line in markdown.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        start, end = offset, offset + len(stripped)
        offset += len(line)
        if fence is not None:
            _blank(chars, start, end)
            if stripped.strip().startswith(fence) and set(stripped.strip()) == {fence[0]}:
                fence = None
            continue
        opening = _FENCE_OPEN.match(stripped)
        if opening:
            fence = opening.group(1)
            _blank(chars, start, end)
            previous_blank = False
            if not stripped[:1].isspace():  # a fence at the margin ends any list or admonition before it
                in_container = False
            continue
        if not stripped.strip():
            previous_blank = True
            continue
        indent = len(stripped) - len(stripped.lstrip(" \t").replace("\t", "    "))
        indented = stripped.startswith("\t") or indent >= 4
        if not indented:
            in_container = bool(_CONTAINER.match(stripped))
        elif previous_blank and not in_container:
            _blank(chars, start, end)
            previous_blank = False
            continue
        previous_blank = False
