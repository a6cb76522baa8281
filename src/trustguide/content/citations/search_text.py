"""The site search's text for citations it indexed as tokens, written into its index afterwards.

The search plugin indexes each page as MkDocs renders it. Citation HTML was the costliest part of that (its HTML
parser walks every tag of every citation and reference list), and on a cold build pandoc may still be formatting
then. So the index reads the plain-text tokens, and this module puts in the text it would have held, by the
index's own rules: tags dropped except the few it keeps (bare, without attributes), entities decoded and escaped
again, a newline read as a space, whitespace between tags as one space.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from trustguide.content.citations.resolver import FilledCitations, fill_tokens

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
_KEPT_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})  # what the index keeps of HTML


# The evidence label beside a citation, shown on hover: the page's line of its kinds of evidence is what the search
# finds them by, and a result's excerpt stays the sentence as written.
_TIP = re.compile(r'<span class="tg-evidence-tip"[^>]*>[^<]*</span>')


@lru_cache(maxsize=8192)  # a citation cited on many pages, or twice on one, is the same fragment
def index_text(fragment: str) -> str:
    """The search index's text for an HTML fragment."""
    if "tg-evidence-tip" in fragment:
        fragment = _TIP.sub("", fragment)
    pieces: list[str] = []
    for chunk in _TAG.split(fragment):
        if not chunk:
            continue
        if chunk[0] == "<":
            kept = _kept_tag(chunk)
            if kept:
                pieces.append(kept)
            continue
        text = html.unescape(chunk) if "&" in chunk else chunk
        if text.isspace():
            if not pieces or not pieces[-1].isspace():
                pieces.append(" ")
        else:
            pieces.append(html.escape(text.replace("\n", " "), quote=False))
    return "".join(pieces)


@lru_cache(maxsize=4096)
def _kept_tag(tag: str) -> str:
    """A tag as the index keeps it (bare, lower case), or "" for one it drops."""
    name = _TAG_NAME.match(tag)
    return f"<{name.group(1)}{name.group(2).lower()}>" if name and name.group(2).lower() in _KEPT_TAGS else ""


def fill_search_index(index: str, pages: Mapping[str, FilledCitations],
                      searched: Mapping[str, Sequence[str]] | None = None) -> str:
    """A search index (the JSON that MkDocs' and Material's search plugins write) with its tokens filled."""
    data = json.loads(index)
    fill_search_entries(data.get("docs", []), pages, searched)
    return json.dumps(data, separators=(",", ":"), default=str)


def fill_search_entries(docs: list[dict], pages: Mapping[str, FilledCitations],
                        searched: Mapping[str, Sequence[str]] | None = None) -> None:
    """The index's entries (each a dict with "location" and "text") with their tokens filled, in place.

    pages: the filled citations of each page, by its URL (an entry's location up to the '#').
    searched: the index text of a page's in-text citations, where it is known already (the page cache keeps it).
    """
    texts: dict[str, _SearchText | None] = {}
    for doc in docs:
        if "TGCITE" not in doc.get("text", ""):
            continue
        url = doc.get("location", "").split("#", 1)[0]
        if url not in texts:
            filled = pages.get(url)
            texts[url] = filled and _SearchText(filled, (searched or {}).get(url))
        if texts[url] is not None:
            doc["text"] = texts[url].into(doc["text"])


class _SearchText:
    """A page's filled citations as the index reads them. A page's own References list is kept out of the index
    (the References page lists every work once), so the list's text is worked out only where its token is."""

    def __init__(self, filled: FilledCitations, searched: Sequence[str] | None) -> None:
        self.inline = list(searched) if searched is not None else [index_text(i) for i in filled.inline]
        self.block_html = filled.block
        self.block: str | None = None
        self.kinds = index_text(filled.kinds).strip() if filled.kinds else ""

    def into(self, text: str) -> str:
        if self.block is None and self.block_html is not None and f"TGCITE{len(self.inline)}TG" in text:
            self.block = index_text(self.block_html).strip()
        kinds_token = f"<p>TGCITE{len(self.inline) + 1}TG</p>"
        if not self.kinds and kinds_token in text:  # no kinds given: the paragraph goes, with the space before it
            text = re.sub(rf"\s*{kinds_token}", "", text)
        return fill_tokens(text, self.inline, self.block if self.block is not None else "", self.kinds)
