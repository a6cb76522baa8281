"""What kind of evidence a work is, and how the guide knows it: three fields of a references.bib entry.

- `evidencekind`: one word of a fixed vocabulary (KINDS), taken from what the seed says of the work;
- `participants`: the number of participants, where the seed gives it (a qualitative study of six clients);
- `knownvia`: the key of the entry the guide read the work in. Such a work is cited as APA 7 cites a secondary
  source (8.6): "(Dirks & Ferrin, 2002, as cited in Centre for Teams, n.d.)", and only the source the guide read
  is an entry of the reference list.

The vocabulary is fixed so that a label means the same on every page and in every language; a value outside it
is one located message, never a guessed label.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from trustguide.content.languages.catalog import N_

#: Each kind of evidence, in the order a page lists them (strongest research design first), with its label.
KINDS: dict[str, str] = {
    "meta-analysis": N_("Meta-analysis"),
    "interview-study": N_("Qualitative interview study"),
    "qualitative-study": N_("Qualitative study"),
    "study": N_("Research study"),
    "periodical-article": N_("Periodical article"),
    "practitioner-experience": N_("Practitioner article based on experience"),
    "practitioner-article": N_("Practitioner article"),
    "essay": N_("Essay: an argument, no study"),
    "book": N_("Book"),
}
FIELDS = ("evidencekind", "participants", "knownvia")
_COUNT = re.compile(r"^[1-9]\d{0,6}$")


@dataclass(frozen=True)
class Evidence:
    """A work's kind of evidence and the entry the guide knows it through ("" where it read the work itself)."""

    kind: str = ""
    participants: int | None = None
    via: str = ""


def evidence_of(fields: dict[str, str]) -> Evidence:
    """The evidence fields of a validated entry."""
    count = fields.get("participants", "").strip()
    return Evidence(fields.get("evidencekind", "").strip(), int(count) if _COUNT.match(count) else None,
                    fields.get("knownvia", "").strip())


def kind_problem(value: str) -> str | None:
    """What is wrong with an evidencekind value, as the end of a message, or None."""
    if value.strip() in KINDS:
        return None
    close = difflib.get_close_matches(value.strip().lower(), list(KINDS), n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return (f"evidencekind '{value}' is not a kind of evidence the guide knows; write the kind the seed gives, one "
            f"of: {', '.join(KINDS)}{hint}")


def participants_problem(value: str) -> str | None:
    if _COUNT.match(value.strip()):
        return None
    return f"participants '{value}' is not a number of participants; write it in digits, like 6"
