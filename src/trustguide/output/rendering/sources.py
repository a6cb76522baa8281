"""The sources line of a printed worksheet or plan: each work of its basis with its kind of evidence (issue 31).

The works are formatted by pandoc's citeproc as the site's citations are (a build has them in its cache already),
so a PDF names a work exactly as the site does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from trustguide.content.bibliography.evidence import evidence_of
from trustguide.content.citations.evidence import EvidenceLabels
from trustguide.content.citations.formatter import format_bibliography
from trustguide.content.languages.catalog import Gettext
from trustguide.guide.model import Guide


def source_lines(guide: Guide, translations: Gettext) -> Callable[[Iterable[str]], str]:
    """A function from a basis (bibliography keys) to its printed line, in the guide's language; one that prints
    nothing where the bibliography cannot be read (its own messages say why)."""
    bibliography = guide.bibliography
    if bibliography.problems or not bibliography.entries:
        return lambda keys: ""
    works = format_bibliography(bibliography, guide.config.citations_cache, lang=guide.record.citation_locale)
    evidence = {key: evidence_of(entry.fields) for key, entry in bibliography.entries.items()}
    return EvidenceLabels(evidence, {w.key: w for w in works}, translations).source_line
