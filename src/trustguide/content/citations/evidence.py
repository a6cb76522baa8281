"""The evidence labels a reader sees: after each reference entry, at each citation, and a page's kinds of evidence.

A work the guide knows only through another (knownvia) is cited as APA 7 cites a secondary source (8.6): "(Dirks &
Ferrin, 2002, as cited in Centre for Teams, n.d.)"; only the source the guide read is an entry of a reference list,
and the works read through it are listed under that entry with their kind and their DOI, so that a reader can still
find them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import cached_property

from trustguide.content.bibliography.evidence import KINDS, Evidence
from trustguide.content.citations.formatter import FormattedWork
from trustguide.content.languages.catalog import SOURCE_TRANSLATIONS, Gettext


def label_id(key: str) -> str:
    """The id of a work's evidence label in a page's References list (what its citations are described by)."""
    return f"tg-evidence-{key}"


class EvidenceLabels:
    """Each work's kind of evidence and how the guide knows it, in the words of the build's language."""

    def __init__(self, evidence: Mapping[str, Evidence], works: Mapping[str, FormattedWork],
                 translations: Gettext = SOURCE_TRANSLATIONS) -> None:
        self.evidence = evidence
        self.works = works
        self.translations = translations
        self._labels: dict[str, str] = {}

    def via(self, key: str) -> str:
        """The key of the source the guide read this work in, or "" where it read the work itself."""
        found = self.evidence.get(key)
        return found.via if found is not None and found.via in self.works else ""

    @cached_property
    def as_cited_in(self) -> str:
        return html.escape(self.translations.gettext("as cited in"))

    @cached_property
    def read_through_note(self) -> str:
        return html.escape(self.translations.gettext("Works the guide knows only as cited in this source:"))

    def kind(self, key: str) -> str:
        """The kind of evidence, as text ("Qualitative interview study, 6 participants"), or "" where none is given."""
        found = self.evidence.get(key)
        if found is None or found.kind not in KINDS:
            return ""
        kind = self.translations.gettext(KINDS[found.kind])
        if found.participants is None:
            return kind
        return self.translations.ngettext("%(kind)s, %(count)s participant", "%(kind)s, %(count)s participants",
                                          found.participants) % {"kind": kind, "count": found.participants}

    def label(self, key: str) -> str:
        """The label's text (escaped): its kind and how the guide knows it; "" for a work with no kind given."""
        if key not in self._labels:
            kind, via = self.kind(key), self.via(key)
            _ = self.translations.gettext
            if not kind:
                text = ""
            elif via:
                source = self.works[via]
                named = f"{source.narrative_author} ({source.year})" if source.author else f"({source.year})"
                text = _("Evidence: %(kind)s; the guide knows it only as cited in %(source)s.") % {
                    "kind": kind, "source": _plain(named)}
            else:
                text = _("Evidence: %(kind)s; the guide read it.") % {"kind": kind}
            self._labels[key] = html.escape(text, quote=False)
        return self._labels[key]

    def label_html(self, key: str) -> str:
        """The label after a reference entry, with the id its citations' accessible description points to."""
        text = self.label(key)
        return f' <span class="tg-evidence" id="{html.escape(label_id(key))}">{text}</span>' if text else ""

    def tip(self, key: str) -> str:
        """The label shown beside a citation on hover and focus; hidden from screen readers, which read the same
        words as the citation's description (aria-describedby)."""
        text = self.label(key)
        return f'<span class="tg-evidence-tip" aria-hidden="true">{text}</span>' if text else ""

    def kinds_line(self, keys: Iterable[str]) -> str:
        """A page's kinds of evidence (in the vocabulary's order) as a paragraph, or "" where none is given."""
        kinds = {self.evidence[k].kind for k in keys if k in self.evidence and self.evidence[k].kind in KINDS}
        if not kinds:
            return ""
        _ = self.translations.gettext
        names = "; ".join(_(label) for name, label in KINDS.items() if name in kinds)
        text = html.escape(_("Kinds of evidence this page rests on: %(kinds)s.") % {"kinds": names}, quote=False)
        return f'<p class="tg-kinds">{text}</p>'

    def source_line(self, keys: Iterable[str]) -> str:
        """A printed sheet's sources as one line of text: each work as cited in running text, with its label."""
        named = []
        for key in keys:
            work = self.works.get(key)
            if work is None:
                continue
            name = _plain(f"{work.narrative_author} ({work.year})" if work.author else f"({work.year})")
            label = html.unescape(self.label(key))
            named.append(f"{name}. {label}" if label else name)
        if not named:
            return ""
        return self.translations.gettext("Sources: %(sources)s") % {"sources": " · ".join(named)}

    def listed(self, keys: Iterable[str]) -> list[str]:
        """The entries of a reference list for works cited (keys): a work known through another is listed under
        the source the guide read (APA 7, 8.6), which takes its place."""
        return list(dict.fromkeys(self.via(k) or k for k in keys))

    def read_through(self, source: str, keys: Iterable[str]) -> list[str]:
        """The works among keys that the guide knows only through this source."""
        return [k for k in keys if self.via(k) == source]


def _plain(fragment: str) -> str:
    """An HTML fragment as text (a formatted author may hold markup)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))

