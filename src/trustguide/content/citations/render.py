"""Compose in-text citations and reference lists from the CSL-formatted pieces of each work.

Each work is formatted once by the CSL processor (formatter.py); a cluster is only those pieces joined the way the
APA style joins them: items in reference-list order, "; " between works, one author's works collapsed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from trustguide.content.citations.formatter import FormattedWork

if TYPE_CHECKING:  # the scanner itself is loaded only for a page the page cache does not hold
    from trustguide.content.citations.scanner import CitationItem, Cluster

_RANGE = re.compile(r"(?<=[0-9ivxlcdm])\s*-{1,3}\s*(?=[0-9ivxlcdm])", re.IGNORECASE)


def _text(value: str) -> str:
    """Author-written text around a citation (prefix, locator): shown as text, page ranges with an en dash."""
    return html.escape(_RANGE.sub("\u2013", value), quote=False)


def anchor_id(key: str) -> str:
    return f"ref-{key}"


def _link(key: str, label: str, href_for: Callable[[str], str]) -> str:
    return f'<a class="tg-cite" href="{html.escape(href_for(key))}">{label}</a>'


def _own_anchor(key: str) -> str:
    return f"#{anchor_id(key)}"


def render_cluster(
    cluster: Cluster,
    works: dict[str, FormattedWork],
    order: dict[str, int],
    href_for: Callable[[str], str] = _own_anchor,
) -> str:
    """HTML for one citation as it stands in the text."""
    cites = html.escape(" ".join(i.key for i in cluster.items))
    if cluster.narrative:
        item = cluster.items[0]
        work = works[item.key]
        inside = work.year + (f", {_text(item.locator)}" if item.locator else "")
        label = f"{work.narrative_author} ({inside})" if work.author else f"({inside})"
        return f'<span class="citation" data-cites="{cites}">{_link(item.key, label, href_for)}</span>'
    items = sorted(cluster.items, key=lambda i: order.get(i.key, 0))
    parts: list[str] = []
    previous: tuple[CitationItem, FormattedWork] | None = None
    for item in items:
        work = works[item.key]
        simple = not (item.prefix or item.locator or item.suffix or item.suppress_author)
        if previous and simple and not previous[0].suppress_author and previous[1].author == work.author:
            parts[-1] += ", " + _link(item.key, work.year, href_for)
        else:
            # A title in the author's place ends in its quotes, with the comma inside them: (“Title,” 2015).
            joint = " " if re.sub(r"<[^>]+>", "", work.author).endswith(",\u201d") else ", "
            label = work.year if item.suppress_author or not work.author else f"{work.author}{joint}{work.year}"
            part = _link(item.key, label, href_for)
            if item.prefix:
                part = f"{_text(item.prefix)} {part}"
            if item.locator:
                part += f", {_text(item.locator)}"
            if item.suffix:
                part += f" {_text(item.suffix)}"
            parts.append(part)
        previous = (item, work)
    return f'<span class="citation" data-cites="{cites}">({"; ".join(parts)})</span>'


def render_reference_list(works: Sequence[FormattedWork], extra: Callable[[str], str] | None = None) -> str:
    """A reference list as an HTML block, entries in the order given (reference-list order)."""
    return reference_list_of([reference_entry(work, extra(work.key) if extra else "") for work in works])


def reference_entry(work: FormattedWork, more: str = "") -> str:
    """One entry of a reference list (more: HTML after the entry's own text)."""
    return f'<div id="{html.escape(anchor_id(work.key))}" class="csl-entry" role="listitem">{work.entry}{more}</div>'


def reference_list_of(entries: Sequence[str]) -> str:
    """A reference list as an HTML block, from its entries' HTML (reference_entry)."""
    return "\n".join(['<div class="tg-references csl-bib-body hanging-indent" role="list">', *entries, "</div>"])


def replace_clusters(markdown: str, clusters: Sequence[Cluster], rendered: Sequence[str]) -> str:
    """The page with each cluster's source text replaced by its HTML."""
    return replace_spans(markdown, [(cluster.start, cluster.end) for cluster in clusters], rendered)


def replace_spans(markdown: str, spans: Sequence[tuple[int, int]], replacements: Sequence[str]) -> str:
    """The text with each (start, end) span, in order and not overlapping, replaced by its replacement."""
    pieces: list[str] = []
    cursor = 0
    for (start, end), replacement in zip(spans, replacements, strict=True):
        pieces.append(markdown[cursor:start])
        pieces.append(replacement)
        cursor = end
    pieces.append(markdown[cursor:])
    return "".join(pieces)
