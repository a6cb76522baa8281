"""Compose in-text citations and reference lists from the CSL-formatted pieces of each work.

Each work is formatted once by the CSL processor (formatter.py); a cluster is only those pieces joined the way the
APA style joins them: items in reference-list order, "; " between works, one author's works collapsed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from trustguide.content.citations.evidence import EvidenceLabels, label_id
from trustguide.content.citations.formatter import FormattedWork

if TYPE_CHECKING:  # the scanner itself is loaded only for a page the page cache does not hold
    from trustguide.content.citations.scanner import CitationItem, Cluster

_RANGE = re.compile(r"(?<=[0-9ivxlcdm])\s*-{1,3}\s*(?=[0-9ivxlcdm])", re.IGNORECASE)


def _text(value: str) -> str:
    """Author-written text around a citation (prefix, locator): shown as text, page ranges with an en dash."""
    return html.escape(_RANGE.sub("\u2013", value), quote=False)


def anchor_id(key: str) -> str:
    return f"ref-{key}"


def _link(key: str, label: str, href_for: Callable[[str], str], evidence: EvidenceLabels | None = None,
          describe: bool = False) -> str:
    """A citation's link to its entry; with its evidence label shown on hover and focus, and read as the link's
    description (the label in the page's References list) where the page has one."""
    if evidence is None or not evidence.label(key):
        return f'<a class="tg-cite" href="{html.escape(href_for(key))}">{label}</a>'
    described = f' aria-describedby="{html.escape(label_id(key))}"' if describe else ""
    return f'<a class="tg-cite" href="{html.escape(href_for(key))}"{described}>{label}</a>{evidence.tip(key)}'


def _own_anchor(key: str) -> str:
    return f"#{anchor_id(key)}"


def render_cluster(
    cluster: Cluster,
    works: dict[str, FormattedWork],
    order: dict[str, int],
    href_for: Callable[[str], str] = _own_anchor,
    evidence: EvidenceLabels | None = None,
    describe: bool = False,
) -> str:
    """HTML for one citation as it stands in the text.

    A work the guide knows only through another source is cited as APA 7 cites a secondary source (8.6): "(Dirks
    & Ferrin, 2002, as cited in Centre for Teams, n.d.)", "Hall et al. (1999, as cited in Goddard, 2011)".
    describe: the page lists its references, whose evidence labels describe the citations (aria-describedby).
    """
    cites = html.escape(" ".join(i.key for i in cluster.items))

    def link(key: str, label: str) -> str:
        return _link(key, label, href_for, evidence, describe)

    def as_cited(key: str) -> str:
        """The words after a work the guide knows only through another source ("as cited in" it), or nothing."""
        via = evidence.via(key) if evidence is not None else ""
        if not via:
            return ""
        source = works[via]
        named = f"{source.author}, {source.year}" if source.author else source.year
        # The source's own label is in the References list; the primary work's label already names it.
        return f", {evidence.as_cited_in} {_link(via, named, href_for)}"  # type: ignore[union-attr]

    if cluster.narrative:
        item = cluster.items[0]
        work = works[item.key]
        inside = work.year + (f", {_text(item.locator)}" if item.locator else "")
        secondary = as_cited(item.key)
        if secondary:  # the primary work's link, then its source's: "Hall et al. (1999, as cited in Goddard, 2011)"
            label = f"{work.narrative_author} ({inside}" if work.author else f"({inside}"
            return f'<span class="citation" data-cites="{cites}">{link(item.key, label)}{secondary})</span>'
        label = f"{work.narrative_author} ({inside})" if work.author else f"({inside})"
        return f'<span class="citation" data-cites="{cites}">{link(item.key, label)}</span>'
    items = sorted(cluster.items, key=lambda i: order.get(i.key, 0))
    parts: list[str] = []
    previous: tuple[CitationItem, FormattedWork] | None = None
    for item in items:
        work = works[item.key]
        secondary = as_cited(item.key)
        simple = not (item.prefix or item.locator or item.suffix or item.suppress_author or secondary)
        if previous and simple and not previous[0].suppress_author and previous[1].author == work.author:
            parts[-1] += ", " + link(item.key, work.year)
        else:
            # A title in the author's place ends in its quotes, with the comma inside them: (“Title,” 2015).
            joint = " " if re.sub(r"<[^>]+>", "", work.author).endswith(",\u201d") else ", "
            label = work.year if item.suppress_author or not work.author else f"{work.author}{joint}{work.year}"
            part = link(item.key, label)
            if item.prefix:
                part = f"{_text(item.prefix)} {part}"
            if item.locator:
                part += f", {_text(item.locator)}"
            part += secondary
            if item.suffix:
                part += f" {_text(item.suffix)}"
            parts.append(part)
        # A work cited through a source is not collapsed with the next one by the same author.
        previous = (item, work) if not secondary else None
    return f'<span class="citation" data-cites="{cites}">({"; ".join(parts)})</span>'


def render_reference_list(works: Sequence[FormattedWork], extra: Callable[[str], str] | None = None) -> str:
    """A reference list as an HTML block, entries in the order given (reference-list order)."""
    return reference_list_of([reference_entry(work, extra(work.key) if extra else "") for work in works])


def reference_entry(work: FormattedWork, more: str = "") -> str:
    """One entry of a reference list (more: HTML after the entry's own text)."""
    return f'<div id="{html.escape(anchor_id(work.key))}" class="csl-entry" role="listitem">{work.entry}{more}</div>'


def read_through_of(note: str, entries: Sequence[str]) -> str:
    """The works a reference entry's source cites that the guide knows only through it: a list inside the entry
    (not entries of the reference list, APA 7 8.6), each with its own anchor, kind and DOI."""
    return "".join([f'<div class="tg-read-through"><span class="tg-read-through-note">{note}</span>',
                    '<div role="list">', *entries, "</div></div>"])


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
