"""The guide's bibliography and an organisation's, as one: their works side by side, a key in both an error."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from trustguide.content.bibliography.loader import Bibliography
from trustguide.core.errors import Location, TrustGuideError


def merge_bibliographies(parts: list[tuple[Bibliography, str]]) -> Bibliography:
    """One bibliography from several (each with the path shown in messages); a key in two files is a problem at the
    later file's line, naming the earlier file and line. Read with read_bibliography: problems are kept, not raised."""
    if not parts:
        return Bibliography(path=Path("references.bib"))
    if len(parts) == 1:
        only, display = parts[0]
        return replace(only, origins=dict.fromkeys(only.entries, display))
    first = parts[0][0]
    merged = replace(first, entries=dict(first.entries), support=dict(first.support), refused=dict(first.refused),
                     problems=list(first.problems), origins=dict.fromkeys(first.entries, parts[0][1]))
    where: dict[str, tuple[str, int]] = {k: (parts[0][1], e.line) for k, e in first.entries.items()}
    where |= {k: (parts[0][1], line) for k, line in first.refused.items()}
    strings, containers, digests = [first.strings], set(first.containers), [first.digest]
    for bibliography, display in parts[1:]:
        merged.problems.extend(bibliography.problems)
        for key, line in [*((k, e.line) for k, e in bibliography.entries.items()), *bibliography.refused.items()]:
            if key in where:
                other, other_line = where[key]
                merged.problems.append(TrustGuideError(
                    Location(display, line),
                    f"key '{key}' is already used by {other}:{other_line}; rename one of them (and the citations of "
                    "the renamed one)"))
                merged.refused[key] = line  # known, so citing it adds no second message
            else:
                where[key] = (display, line)
        merged.entries.update({k: e for k, e in bibliography.entries.items() if k not in merged.refused})
        merged.origins.update({k: display for k in bibliography.entries if k not in merged.refused})
        merged.refused.update({k: v for k, v in bibliography.refused.items() if k not in merged.entries})
        merged.support.update(bibliography.support)
        strings.append(bibliography.strings)
        containers |= bibliography.containers
        digests.append(bibliography.digest)
    merged.strings = "\n\n".join(s for s in strings if s)
    merged.containers = frozenset(containers)
    merged.digest = hashlib.sha256("|".join(digests).encode()).hexdigest() if all(digests) else ""
    return merged
