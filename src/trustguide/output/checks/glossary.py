"""Glossary terms: every tooltip abbreviation is well formed, defined once, and has an entry in the glossary."""

from __future__ import annotations

import re

from trustguide.content.glossary import parse_tooltips
from trustguide.core.errors import Location, TrustGuideError


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _base(text: str) -> str:
    """Lower case, hyphens as spaces, each word singular: 'Competence boundaries' matches 'competence boundary'."""
    return " ".join(_singular(w) for w in re.findall(r"[a-z0-9']+", text.lower().replace("-", " ")))


def check_glossary(abbreviations: str, abbreviations_path: str, glossary: str | None) -> list[TrustGuideError]:
    tooltips, problems = parse_tooltips(abbreviations, abbreviations_path)
    # A term is covered by an entry of its own or by being named in the glossary ("Also called ...").
    covered = f" {_base(glossary)} " if glossary is not None else None
    for tooltip in tooltips:
        if covered is not None and f" {_base(tooltip.term)} " not in covered:
            problems.append(TrustGuideError(Location(abbreviations_path, tooltip.line),
                                            f"tooltip '{tooltip.term}' has no entry in the glossary; add "
                                            f"'## {tooltip.term}' to docs/glossary.md or remove the tooltip"))
    problems.sort(key=lambda p: p.location.line or 0)
    return problems
