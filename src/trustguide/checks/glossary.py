"""Glossary terms: every tooltip abbreviation is well formed, defined once, and has an entry in the glossary."""

from __future__ import annotations

import re

from trustguide.errors import Location, TrustGuideError

_ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<definition>.*)$")


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _base(text: str) -> str:
    """Lower case, hyphens as spaces, each word singular: 'Competence boundaries' matches 'competence boundary'."""
    return " ".join(_singular(w) for w in re.findall(r"[a-z0-9']+", text.lower().replace("-", " ")))


def check_glossary(abbreviations: str, abbreviations_path: str, glossary: str | None) -> list[TrustGuideError]:
    problems: list[TrustGuideError] = []
    # A term is covered by an entry of its own or by being named in the glossary ("Also called ...").
    covered = f" {_base(glossary)} " if glossary is not None else None
    seen: dict[str, int] = {}
    for number, line in enumerate(abbreviations.splitlines(), start=1):
        if not line.strip():
            continue
        where = Location(abbreviations_path, number)
        match = _ABBREVIATION.match(line)
        if not match:
            problems.append(TrustGuideError(where, "not a glossary tooltip; write it as *[term]: definition"))
            continue
        term, definition = match.group("term"), match.group("definition").strip()
        if not definition:
            problems.append(TrustGuideError(where, f"tooltip '{term}' has no definition"))
        if term in seen:
            problems.append(TrustGuideError(where, f"tooltip '{term}' is defined twice (first at line {seen[term]}); "
                                                   "keep one"))
        seen.setdefault(term, number)
        if covered is not None and f" {_base(term)} " not in covered:
            problems.append(TrustGuideError(where, f"tooltip '{term}' has no entry in the glossary; add '## {term}' to "
                                                   "docs/glossary.md or remove the tooltip"))
    return problems
