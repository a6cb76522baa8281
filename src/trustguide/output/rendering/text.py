"""Plain text from definitions (titles, purposes, list items) placed into the Markdown of generated pages.

HTML-escaping alone is not enough there: Markdown would still read `[x](javascript:...)` as a link,
`{: onclick=... }` as attributes (attr_list), `@key` as a citation, `--8<--` as a snippet to include and a leading
`#`, `-` or `1.` as block syntax. Every character Markdown or its extensions act on becomes a character reference,
which Markdown passes through and the browser (and the search index) shows as the character itself.
"""

from __future__ import annotations

# Backslash escapes, emphasis, code, links, images, attr_list, tables, headings, lists, quotes, def_list,
# admonitions, citations, snippets, abbreviations, and HTML's own five.
_ACTIVE = "\\`*_{}[]()#+-.!|:@~=^%$&<>\"'"
_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in _ACTIVE})


def markdown_literal(text: str) -> str:
    """The text as Markdown that renders to exactly these characters on one line, never to markup."""
    return " ".join(text.split()).translate(_REFERENCES)


def inline(part: str) -> str:
    """A generated page's HTML part, left inside its Markdown (the plugins hold it apart instead: see HeldHtml)."""
    return part
