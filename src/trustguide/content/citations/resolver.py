"""Turn a page's citations into HTML against the site's formatted bibliography, and say where keys are wrong.

Two ways, with the same result:
- `CitationResolver.resolve` writes the HTML into the Markdown, for when the formatted bibliography is at hand;
- `defer_citations` checks the keys and leaves a plain-text token where each citation and the References list go,
  and `CitationResolver.fill` puts the HTML in the page's rendered HTML later. The build uses this one: Markdown
  need not parse the citation HTML (a large part of a warm build's extra time), and pandoc can format the
  bibliography while MkDocs renders the pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trustguide.content.citations.evidence import EvidenceLabels
from trustguide.content.citations.formatter import FormattedWork
from trustguide.content.citations.render import (
    read_through_of,
    reference_entry,
    reference_list_of,
    render_cluster,
    replace_clusters,
    replace_spans,
)
from trustguide.content.citations.unknown import unknown_key_error
from trustguide.core.errors import Location, TrustGuideError, raise_if_any

if TYPE_CHECKING:
    from trustguide.content.citations.scanner import Cluster

REFERENCES_HEADING = "References"
# A page's own References list stays out of the site search: the References page lists every work once, and the
# in-text citations lead to the pages that cite it.
_REFERENCES_SECTION = f"## {REFERENCES_HEADING} {{ #references data-search-exclude }}"

# Letters and digits only, so no Markdown extension changes it; the paragraph holding only the References token
# is replaced as a whole (the list is a block), an in-text token keeps whatever surrounds it.
_TOKEN = "TGCITE{}TG"
_TOKEN_IN_HTML = re.compile(r"TGCITE(\d+)TG")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_MARKDOWN_SIGNS = ("*", "_", "`", "\\", "\n")  # emphasis, code, escapes, line breaks in an author's citation text


@dataclass(frozen=True)
class ResolvedPage:
    markdown: str
    cited: tuple[str, ...]  # keys in reference-list order


@dataclass(frozen=True)
class DeferredPage:
    """A page whose citations stand as tokens until the formatted bibliography is ready."""

    markdown: str
    clusters: tuple[Cluster, ...]
    cited: frozenset[str]
    with_references: bool



def check_keys(clusters: list[Cluster], known: Collection[str], page: str, line_offset: int = 0) -> None:
    """Every unknown key on the page at once, each at its line, with the closest known keys."""
    problems = [
        unknown_key_error(item.key, Location(page, cluster.line + line_offset), known)
        for cluster in clusters
        for item in cluster.items
        if item.key not in known
    ]
    raise_if_any(problems)


def _needs_markdown(markdown: str, clusters: list[Cluster]) -> bool:
    """Where a citation's HTML must go through Markdown, so tokens filled in after it won't do.

    A citation in a heading also goes into the table of contents and the heading's id; an author's prefix,
    locator or suffix with Markdown in it ("see *especially*") is formatted by Markdown, as pandoc would.
    """
    if any(sign in text for c in clusters for i in c.items for text in (i.prefix, i.locator, i.suffix) for sign in _MARKDOWN_SIGNS):
        return True
    lines = markdown.split("\n")
    for cluster in clusters:
        number = cluster.line - 1
        if _ATX_HEADING.match(lines[number]):
            return True
        if number + 1 < len(lines) and lines[number].strip() and _SETEXT_UNDERLINE.match(lines[number + 1]):
            return True
    return False


def defer_citations(
    markdown: str, page: str, known: Collection[str], line_offset: int = 0, with_references: bool = True
) -> DeferredPage | None:
    """The page with a token for each citation and for its References list; None where tokens won't do.

    Raises the located unknown-key errors first, so an author sees them without waiting for any formatting.
    """
    from trustguide.content.citations.scanner import scan_citations  # loaded only for a page the page cache does not hold

    clusters = scan_citations(markdown)
    check_keys(clusters, known, page, line_offset)
    if not clusters:
        return DeferredPage(markdown, (), frozenset(), with_references)
    if _needs_markdown(markdown, clusters):
        return None
    text = tokenised(markdown, [(c.start, c.end) for c in clusters], with_references)
    cited = frozenset(item.key for cluster in clusters for item in cluster.items)
    return DeferredPage(text, tuple(clusters), cited, with_references)


_MADE_TOKENS: list[str] = []  # token 0, 1, ...: made once for every page of the process


def _tokens(count: int) -> list[str]:
    while len(_MADE_TOKENS) < count:
        _MADE_TOKENS.append(_TOKEN.format(len(_MADE_TOKENS)))
    return _MADE_TOKENS[:count]


def tokenised(markdown: str, spans: Sequence[tuple[int, int]], with_references: bool = True) -> str:
    """The page with a token in each citation's place (start, end), one for its References list, and one before
    that for the line saying the kinds of evidence the page rests on (outside the References section, which the
    search leaves out, so that a search for a kind of evidence finds the page)."""
    text = replace_spans(markdown, spans, _tokens(len(spans)))
    if with_references:
        text = (f"{text.rstrip()}\n\n{_TOKEN.format(len(spans) + 1)}\n\n{_REFERENCES_SECTION}\n\n"
                f"{_TOKEN.format(len(spans))}\n")
    return text


@dataclass(frozen=True)
class FilledCitations:
    """What a page's tokens stand for: the in-text citations (token i), then the References list, if any."""

    inline: list[str]
    block: str | None = None
    kinds: str = ""  # the paragraph saying what kinds of evidence the page rests on (token n + 1)

    def into(self, text: str) -> str:
        return fill_tokens(text, self.inline, self.block, self.kinds)


def fill_tokens(html: str, inline: list[str], block: str | None = None, kinds: str = "") -> str:
    """Tokens 0..n-1 become the in-text HTML, token n (a paragraph of its own) the block, token n + 1 (a paragraph
    before the References heading) the kinds of evidence, or nothing."""
    if block is not None:
        html = html.replace(f"<p>{_TOKEN.format(len(inline))}</p>", block)
        kinds_token = f"<p>{_TOKEN.format(len(inline) + 1)}</p>"
        html = html.replace(kinds_token, kinds) if kinds else html.replace(kinds_token + "\n", "").replace(kinds_token, "")
    # Split at the tokens (their numbers at the odd places): a lookup each, rather than a call back per match.
    pieces = _TOKEN_IN_HTML.split(html)
    for place in range(1, len(pieces), 2):
        number = int(pieces[place])
        if number < len(inline):
            pieces[place] = inline[number]
        elif number == len(inline) and block is not None:
            pieces[place] = block  # not a paragraph of its own after all (another plugin moved it): still the list
        elif number == len(inline) + 1 and block is not None:
            pieces[place] = kinds
        else:
            pieces[place] = _TOKEN.format(pieces[place])  # not one of ours: leave the author's text alone
    return "".join(pieces)


class CitationResolver:
    """Knows every formatted work of the site; resolves one page at a time."""

    def __init__(self, works: list[FormattedWork], evidence: EvidenceLabels | None = None) -> None:
        """evidence: the works' kinds of evidence and the sources the guide knows some of them through (labels
        and "as cited in"); None for none."""
        self.works = {w.key: w for w in works}
        self.order = {w.key: i for i, w in enumerate(works)}
        self.evidence = evidence
        self._entries: dict[str, str] = {}  # each work's reference-list entry, made once for every page citing it

    def reference_list(self, keys: Iterable[str], extra: Callable[[str], str] | None = None) -> str:
        """The reference list of these works (keys in reference-list order): each work the guide read, with its
        evidence label, and under a source the works the guide knows only through it (APA 7, 8.6: only the source
        read is an entry). extra: HTML after each entry's label ("cited on" links)."""
        keys = list(keys)
        evidence = self.evidence
        if evidence is None:
            return reference_list_of([self._entry(key, extra) for key in keys])
        listed = sorted(evidence.listed(keys), key=self.order.__getitem__)
        note = evidence.read_through_note
        return reference_list_of([
            self._entry(key, extra, read_through_of(note, [self._entry(k, extra) for k in through]) if through else "")
            for key in listed for through in [evidence.read_through(key, keys)]
        ])

    def _entry(self, key: str, extra: Callable[[str], str] | None = None, inner: str = "") -> str:
        if extra is not None or inner:
            label = self.evidence.label_html(key) if self.evidence else ""
            return reference_entry(self.works[key], label + (extra(key) if extra else "") + inner)
        if key not in self._entries:
            self._entries[key] = reference_entry(self.works[key], self.evidence.label_html(key) if self.evidence else "")
        return self._entries[key]

    def kinds_line(self, keys: Iterable[str]) -> str:
        return self.evidence.kinds_line(keys) if self.evidence else ""

    def unknown_key_error(self, key: str, where: Location) -> TrustGuideError:
        return unknown_key_error(key, where, self.works)

    def cited_in_order(self, keys: Iterable[str]) -> list[str]:
        return sorted(set(keys), key=self.order.__getitem__)

    def resolve(self, markdown: str, page: str, line_offset: int = 0, with_references: bool = True) -> ResolvedPage:
        from trustguide.content.citations.scanner import scan_citations

        clusters = scan_citations(markdown)
        check_keys(clusters, self.works, page, line_offset)
        if not clusters:
            return ResolvedPage(markdown, ())
        rendered = [render_cluster(c, self.works, self.order, evidence=self.evidence, describe=with_references)
                    for c in clusters]
        cited = self.cited_in_order(item.key for c in clusters for item in c.items)
        text = replace_clusters(markdown, clusters, rendered)
        if with_references:
            entries = self.reference_list(cited)
            kinds = self.kinds_line(cited)
            text = f"{text.rstrip()}\n\n{kinds + chr(10) * 2 if kinds else ''}{_REFERENCES_SECTION}\n\n{entries}\n"
        return ResolvedPage(text, tuple(cited))

    def filled(self, page: DeferredPage) -> FilledCitations:
        """The HTML of a deferred page's citations and References list."""
        inline = [render_cluster(c, self.works, self.order, evidence=self.evidence, describe=page.with_references)
                  for c in page.clusters]
        cited = self.cited_in_order(page.cited)
        listed = page.with_references and cited
        return FilledCitations(inline, self.reference_list(cited) if listed else None,
                               self.kinds_line(cited) if listed else "")

    def fill(self, html: str, page: DeferredPage) -> str:
        """The rendered HTML of a deferred page with its citations and References list in place."""
        return self.filled(page).into(html) if page.clusters else html
