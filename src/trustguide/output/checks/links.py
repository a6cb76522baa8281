"""Internal links, anchors and images in Markdown, each with its line, and the anchors a page offers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from posixpath import dirname, normpath
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify

_FENCE = re.compile(r"(?ms)^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$")
# A code span starts at the start of a run of backticks, and a link's text and address hold no '[' (the link in
# "[see [x](y)" is "[x](y)"): tried at every position of a long run of '`', '[' or '[a](', each match ran to the
# line's end, and a line of them took the checks minutes (quadratic).
_INLINE_CODE = re.compile(r"(?<!`)(`++)(?!`).+?(?<!`)\1(?!`)", re.S)
_LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\[\]\n]*+)\]\((?P<target><[^>\n]+>|[^)\s\[]++)(?:\s+\"[^\"\n]*\")?\)")
_HTML_SOURCE = re.compile(r"<(?:img|a)\b[^>]*?\b(?P<attr>src|href)=\"(?P<target>[^\"]+)\"", re.I)
_HEADING = re.compile(r"(?m)^#{1,6}[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$")
# An attribute list holds no brace: with one allowed, a line of 100,000 '{' took the checks 27 s (each brace's match
# ran to the line's end and back).
_ATTR_ID = re.compile(r"\{[^{}\n]*#(?P<id>[\w-]+)[^{}\n]*\}")
_HTML_ID = re.compile(r"\bid=\"(?P<id>[^\"]+)\"")


@dataclass(frozen=True)
class Link:
    target: str  # the docs-relative path, e.g. peer-coaching/norms.md ("" for a link within the page)
    anchor: str
    line: int
    image: bool
    written: str  # as the author wrote it


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(markdown: str) -> str:
    """Code blocks and spans blanked out (same length and lines): links inside code are examples, not links."""
    return _INLINE_CODE.sub(_blank, _FENCE.sub(_blank, markdown))


def internal_links(markdown: str, page: str, line_offset: int = 0) -> list[Link]:
    """Links and images to files of the site (not web addresses or e-mail), resolved against the page's folder."""
    masked = mask_code(markdown)
    found: list[Link] = []
    matches = [(m.start(), m.group("target").strip("<>"), m.group("image") == "!") for m in _LINK.finditer(masked)]
    matches += [(m.start(), m.group("target"), m.group("attr").lower() == "src") for m in _HTML_SOURCE.finditer(masked)]
    for start, written, image in sorted(matches):
        parts = urlsplit(written)
        if parts.scheme or parts.netloc or written.startswith(("mailto:", "tel:", "data:")):
            continue
        path = unquote(parts.path)
        if path.startswith("/"):
            target = path.lstrip("/")
        elif path:
            target = normpath(f"{dirname(page)}/{path}" if dirname(page) else path)
        else:
            target = ""
        line = masked.count("\n", 0, start) + 1 + line_offset
        found.append(Link(target=target, anchor=parts.fragment, line=line, image=image, written=written))
    return found


def page_anchors(markdown: str) -> set[str]:
    """Anchors a page offers: heading slugs (as the toc extension makes them), {#id} attributes and HTML ids."""
    masked = mask_code(markdown)
    anchors: set[str] = set()
    for match in _HEADING.finditer(masked):
        text = match.group("text")
        explicit = _ATTR_ID.search(text)
        if explicit:
            anchors.add(explicit.group("id"))
            text = _ATTR_ID.sub("", text)
        anchors.add(slugify(re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text).strip(), "-"))
    anchors.update(m.group("id") for m in _ATTR_ID.finditer(masked))
    anchors.update(m.group("id") for m in _HTML_ID.finditer(masked))
    return anchors
