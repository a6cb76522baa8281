"""Read the glossary's tooltip file (`*[term]: definition`, one a line), keeping each term's line for messages.

The same file used to be appended to every page through snippets, which made every block processor of
Python-Markdown scan it on every page (most of a warm build's time). Handed to the abbr extension as its
glossary instead, the `<abbr>` output is the same at a fraction of the cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trustguide.core.errors import Location, TrustGuideError
from trustguide.core.sources import control_character, shown_text

_TOOLTIP = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<definition>.*)$")


@dataclass(frozen=True)
class Tooltip:
    term: str
    definition: str
    line: int


def parse_tooltips(text: str, display: str) -> tuple[list[Tooltip], list[TrustGuideError]]:
    """Every well-formed tooltip, and a located problem for each line that is not one (or repeats a term)."""
    tooltips: list[Tooltip] = []
    problems: list[TrustGuideError] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):  # file lines: splitlines() splits at \x0c too
        if not line.strip() or (number == 1 and line.startswith("<!--") and line.rstrip().endswith("-->")):
            continue  # a first comment line records the source a translation was made from
        where = Location(display, number)
        match = _TOOLTIP.match(line)
        if not match:
            problems.append(TrustGuideError(where, "not a glossary tooltip; write it as *[term]: definition"))
            continue
        term, definition = match.group("term"), match.group("definition").strip()
        if control_character(line):  # it would reach every page that uses the term
            problems.append(TrustGuideError(where, f"tooltip '{shown_text(term)}' holds {control_character(line)}, an "
                                                   "invisible character; delete it"))
            continue
        if not definition:
            problems.append(TrustGuideError(where, f"tooltip '{term}' has no definition; add one after the colon"))
            continue
        if term in seen:
            problems.append(TrustGuideError(where, f"tooltip '{term}' is defined twice (first at line {seen[term]}); "
                                                   "keep one"))
            continue
        seen[term] = number
        tooltips.append(Tooltip(term, definition, number))
    return tooltips, problems
