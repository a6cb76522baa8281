"""Hide the parts of a Markdown page where an '@' is never a citation.

Code (fenced, indented, inline), HTML tags and comments, URLs, link destinations and e-mail addresses are
replaced by NUL characters of the same length, so offsets and line numbers stay those of the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MASK = "\0"

_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CONTAINER = re.compile(r"^[ \t]{0,3}([-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===|:::)")


def _blank(text: str) -> str:
    """The same text masked, line breaks kept."""
    if "\n" not in text:
        return MASK * len(text)
    return "\n".join(MASK * len(line) for line in text.split("\n"))


def _blank_match(match: re.Match[str]) -> str:
    return _blank(match.group())


def _masker(literal: str, pattern: re.Pattern[str]) -> Callable[[str], str]:
    """Masks the pattern's matches; a page without the literal the pattern needs is not searched at all."""

    def mask(text: str) -> str:
        return pattern.sub(_blank_match, text) if literal in text else text

    return mask


# E-mail addresses. A regex search tries every position of the page, which made this the slowest step of scanning
# prose; _mask_emails looks only around each "@" and masks exactly what _EMAIL.sub would.
_EMAIL = re.compile(r"\w[\w.+-]*@[\w-]+(?:\.[\w-]+)+")  # starts with a letter or digit: not the '-' of [-@key]
_LOCAL_PART_CHAR = re.compile(r"[\w.+-]")
_WORD_CHAR = re.compile(r"\w")


def _mask_emails(text: str) -> str:
    """_EMAIL.sub(_blank_match, text), found from the "@" signs: a match is the run of local-part characters
    (not before the previous match) ending at the first "@" after it, when a domain follows."""
    if "@" not in text:
        return text
    pieces: list[str] = []
    cursor = 0
    at = text.find("@")
    while at != -1:
        start = at
        while start > cursor and _LOCAL_PART_CHAR.match(text, start - 1):
            start -= 1
        while start < at and not _WORD_CHAR.match(text, start):  # where _EMAIL.sub would begin its match
            start += 1
        match = _EMAIL.match(text, start) if start < at else None
        if match is None:
            at = text.find("@", at + 1)
            continue
        pieces.append(text[cursor:start])
        pieces.append(_blank(match.group()))
        cursor = match.end()
        at = text.find("@", cursor)
    pieces.append(text[cursor:])
    return "".join(pieces)


# In order: each step sees what the earlier ones masked, so a URL inside a code span is never looked at twice.
_INLINE_MASKERS: tuple[Callable[[str], str], ...] = (
    _masker("`", re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)),  # code spans, possibly across lines
    _masker("<!--", re.compile(r"<!--.*?-->", re.DOTALL)),  # HTML comments
    _masker("<", re.compile(r"<[A-Za-z/!?][^<>]*>")),  # HTML tags with their attributes, and <autolinks>
    # Bare URLs, case-insensitive, at a word start. Spelt with one plain first letter (no letter outside ASCII
    # matches h, f, m or w ignoring case), then the word-start test and the rest of the scheme for that letter, so
    # the regex engine can skip ahead to those letters: four times faster than \b(?:https?|ftp|file|mailto): with
    # re.IGNORECASE on prose, the same matches (tests/test_citation_scanner.py compares them).
    _masker(":", re.compile(r"[hHfFmM](?<!\w.)(?:(?<=[hH])(?i:ttps?)|(?<=[fF])(?i:tp|ile)|(?<=[mM])(?i:ailto)):[^\s<>\]\)]+")),
    _masker(".", re.compile(r"[wW](?<!\w.)(?i:ww)\.[^\s<>\]\)]+")),
    _masker("](", re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")),  # link and image destinations
    _masker("]:", re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.MULTILINE)),  # reference-style link definitions
    _mask_emails,
    _masker("\\@", re.compile(r"\\@")),  # an escaped @ is literal text
)


def mask_code(markdown: str) -> str:
    """The page with its code (fenced, indented, inline) masked: what Markdown shows as code, never as markup."""
    return _INLINE_MASKERS[0](_mask_code_blocks(markdown))


def mask_non_prose(markdown: str) -> str:
    """Return the page with every non-citation region masked, same length and same line breaks."""
    masked = _mask_code_blocks(markdown)
    for mask in _INLINE_MASKERS:
        masked = mask(masked)
    return masked


def _mask_code_blocks(markdown: str) -> str:
    """Mask fenced code blocks and indented code blocks (but not indented list or admonition content)."""
    if not any(sign in markdown for sign in ("```", "~~~", "    ", "\t")):
        return markdown  # neither a fence nor an indented line: no code block, no need to walk the lines
    spans: list[tuple[int, int]] = []  # (start, end) of each line to mask, without its line break
    offset = 0
    fence: str | None = None
    in_container = False
    previous_blank = True
    for line in markdown.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        start, end = offset, offset + len(stripped)
        offset += len(line)
        if fence is not None:
            spans.append((start, end))
            if stripped.strip().startswith(fence) and set(stripped.strip()) == {fence[0]}:
                fence = None
            continue
        opening = _FENCE_OPEN.match(stripped)
        if opening:
            fence = opening.group(1)
            spans.append((start, end))
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
            spans.append((start, end))
            previous_blank = False
            continue
        previous_blank = False
    if not spans:
        return markdown
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        pieces.append(markdown[cursor:start])
        pieces.append(_blank(markdown[start:end]))
        cursor = end
    pieces.append(markdown[cursor:])
    return "".join(pieces)
