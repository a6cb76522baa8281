"""Check the guide's evidence rule where a machine can: cited claims, marked views, seed-backed references.

The review record (review/claims.yml, review/reference-fields.yml) is kept by people, claim by claim; this script
checks what can be checked mechanically against it, so that the review stays true as pages change:

- every paragraph, list item or table row of a page that sounds empirical (a number, a named source, words such as
  "research", "found", "shows") carries a citation, sits inside the guide's-view marker, or is an exception the
  review record explains;
- every page under docs/ is in the review record;
- every references.bib field is one the record allows, with the recorded value, and the recorded seed passage is
  really in that seed and says that value.

Usage: python scripts/evidence_check.py   (prints one `file:line: message` per problem; exit 1 if any)
tests/test_evidence.py runs the same functions.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REVIEW = ROOT / "review"
SEEDS = ROOT.parent / "shared" / "seeds"

# The guide's-view marker (README, "Marking the guide's own view"): an admonition whose title contains it marks
# its content; if that admonition opens a section and says "rest of this section", it marks the whole section;
# a paragraph that contains the phrase is marked too.
MARKER = "this guide's view"
SECTION_SCOPE = "rest of this section"
# Sections that are the guide's own by definition, as the home page tells readers.
GUIDE_SECTIONS = ("questions to ask", "where to go next")

TRIGGER_WORDS = (
    r"research\w*",
    r"stud(?:y|ies)",
    r"found",
    r"findings?",
    r"shows",
    r"evidence",
    r"reported",
    r"participants?",
    r"meta-analys[ie]s",
    r"according to",
    r"articles?",
    r"authors?",
    r"argues?",
)
# Named sources: the surnames of works the guide cites, and those it cites as secondary sources.
SECONDARY_NAMES = ("Passmore", "O'Broin", "Palmer")

ADMONITION = re.compile(r'^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+"(?P<title>[^"]*)")?\s*$')
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
TABLE_SEPARATOR = re.compile(r"^\s*\|?[\s:|-]+\|[\s:|-]*$")
CITATION = re.compile(r"(?<![\w.@])-?@[A-Za-z0-9_][\w:./-]*")
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?!\w)")
LINK_TARGET = re.compile(r"\]\([^)]*\)")


@dataclass(frozen=True)
class Unit:
    """One paragraph, list item or table row of a page, with where it starts and whether the guide's marker covers
    it."""

    page: str
    line: int
    text: str
    marked: bool

    @property
    def start(self) -> str:
        return " ".join(self.text.split())[:80]


def _normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).lower()


def page_units(text: str, page: str) -> list[Unit]:
    """Split a page's Markdown into units (paragraphs, list items, table rows), each marked or not."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0) + 1
    units: list[Unit] = []
    current: list[str] = []
    current_line = 0
    current_marked = False
    in_fence = False
    admonitions: list[tuple[int, bool]] = []  # (content indent, marks its content)
    section_mark_level: int | None = None  # heading level whose section the marker covers
    guide_section_level: int | None = None
    heading_level = 0
    first_block_in_section = False

    def flush() -> None:
        nonlocal current
        if current:
            units.append(Unit(page, current_line, "\n".join(current), current_marked))
        current = []

    for number, raw in enumerate(lines[start:], start=start + 1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        indent = len(raw) - len(raw.lstrip())
        while admonitions and stripped and indent < admonitions[-1][0]:
            admonitions.pop()
            flush()
        heading = HEADING.match(raw)
        if heading:
            flush()
            admonitions.clear()
            heading_level = len(heading.group(1))
            if section_mark_level is not None and heading_level <= section_mark_level:
                section_mark_level = None
            if guide_section_level is not None and heading_level <= guide_section_level:
                guide_section_level = None
            if heading.group(2).strip().lower() in GUIDE_SECTIONS:
                guide_section_level = heading_level
            first_block_in_section = True
            continue
        admonition = ADMONITION.match(raw)
        if admonition:
            flush()
            title_marks = MARKER in _normal(admonition.group("title") or "")
            admonitions.append((len(admonition.group("indent")) + 4, title_marks))
            if title_marks and first_block_in_section:
                body = _normal(" ".join(lines[number : number + 4]))
                if SECTION_SCOPE in body:
                    section_mark_level = heading_level
            first_block_in_section = False
            continue
        if not stripped:
            flush()
            continue
        if stripped.startswith("<") or stripped.startswith("*[") or stripped.startswith("--8<--"):
            flush()
            continue
        first_block_in_section = False
        is_row = stripped.startswith("|")
        if is_row and TABLE_SEPARATOR.match(stripped):
            continue
        if is_row or LIST_ITEM.match(raw) or not current:
            flush()
            current_line = number
            current_marked = section_mark_level is not None or guide_section_level is not None or any(marks for _, marks in admonitions)
        current.append(stripped)
        if is_row:
            flush()
    flush()
    return units


def trigger_pattern(names: Iterable[str]) -> re.Pattern[str]:
    alternatives = list(TRIGGER_WORDS) + [re.escape(n) for n in sorted(set(names), key=len, reverse=True)]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def needs_source(unit: Unit, triggers: re.Pattern[str]) -> str | None:
    """What makes a unit sound empirical (a number or a trigger word), or None."""
    text = LIST_ITEM.sub("", unit.text.replace("\u2019", "'"), count=1).lstrip("| ")
    text = LIST_ITEM.sub("", text, count=1)  # a numbered step in a table's first cell
    text = CITATION.sub(" ", LINK_TARGET.sub("]", text))
    found = NUMBER.search(text) or triggers.search(text)
    return found.group(0) if found else None


def has_citation(unit: Unit) -> bool:
    return CITATION.search(unit.text) is not None


def unmarked_claims(page: Path, exceptions: list[str], triggers: re.Pattern[str]) -> list[tuple[Unit, str]]:
    """Units that sound empirical yet carry no citation, no guide's-view marker and no recorded exception."""
    page_id = page.relative_to(DOCS).as_posix()
    found = []
    for unit in page_units(page.read_text(encoding="utf-8"), page_id):
        if unit.marked or MARKER in _normal(unit.text) or has_citation(unit):
            continue
        if any(_normal(unit.text).startswith(_normal(e)) for e in exceptions):
            continue
        trigger = needs_source(unit, triggers)
        if trigger:
            found.append((unit, trigger))
    return found


def knowledge_pages() -> list[Path]:
    """Every page of docs/ that a person wrote (not generated pages, not includes)."""
    return sorted(p for p in DOCS.rglob("*.md") if not {"includes", "generated"} & set(p.relative_to(DOCS).parts))


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


# --- references.bib against review/reference-fields.yml ---------------------------------------------------------


def raw_entries(bib_text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Each entry's type and fields exactly as written (no LaTeX decoding), so the record can compare them."""
    import bibtexparser

    library = bibtexparser.parse_string(bib_text)
    return {e.key: (e.entry_type, {f.key: f.value for f in e.fields}) for e in library.entries}


def plain(value: str) -> str:
    """A field value as a reader sees it: LaTeX decoded, dashes and quotes plain, lower case."""
    from pylatexenc.latex2text import LatexNodes2Text

    text = LatexNodes2Text().latex_to_text(value) if re.search(r"[\\{}]", value) else value
    return _normal(text.replace("--", "-").replace("\u2013", "-").replace("\u2014", "-"))


MONTHS = ("january february march april may june july august september october november december").split()


# The words a seed passage must hold to give each kind of evidence (evidencekind): every group, one word of each.
KIND_WORDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "meta-analysis": (("meta-analy",),),
    "interview-study": (("qualitative",), ("interview",)),
    "qualitative-study": (("qualitative", "phenomenological analysis"),),
    "study": (("study", "studies", "research"),),
    "periodical-article": (("journal",),),
    "practitioner-experience": (("i've found", "we've found", "we facilitate"),),
    "practitioner-article": (("experts", "practitioner"),),
    "essay": (("this article",),),
    "book": (("ed.", "author of"),),
}
NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve").split()


def passage_says(field: str, value: str, passage: str) -> bool:
    """Whether a seed passage gives this field's value (names part by part, dates by year, month and day; a kind
    of evidence by the words that name it; a number of participants in digits or words)."""
    said = plain(passage)
    if field == "evidencekind":
        groups = KIND_WORDS.get(value)
        return groups is not None and all(any(word in said for word in group) for group in groups)
    if field == "participants":
        number = int(value) if value.isdigit() else -1
        words = [value] + ([NUMBER_WORDS[number]] if 0 <= number < len(NUMBER_WORDS) else [])
        return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", said) for word in words)
    if field == "knownvia":
        return True  # the passage is where the source read cites the work: reference_problems checks its seed
    if field in ("author", "editor"):
        names = [n.strip() for n in plain(value).split(" and ")]
        return all(all(part.strip() in said for part in name.split(",") if part.strip()) for name in names)
    if field == "date":
        year, month, day = (int(p) for p in value.split("-"))
        return str(year) in said and MONTHS[month - 1] in said and re.search(rf"(?<!\d){day}(?!\d)", said) is not None
    return plain(value) in said


def is_description(value: str) -> bool:
    """A value the guide supplies must look like one: APA's n.d. or a [bracketed description]."""
    shown = plain(value)
    return shown == "n.d." or (shown.startswith("[") and shown.endswith("]"))


def reference_problems(bib_text: str, record: dict, seeds: Path) -> list[str]:
    """Every way references.bib departs from the recorded fields, or a recorded passage from its seed."""
    problems: list[str] = []
    entries = raw_entries(bib_text)
    for key in sorted(set(entries) - set(record)):
        problems.append(f"references.bib: entry '{key}' is not in review/reference-fields.yml; record its fields")
    for key in sorted(set(record) - set(entries)):
        problems.append(f"review/reference-fields.yml: '{key}' is not in references.bib; remove it or add the entry")
    for key in sorted(set(entries) & set(record)):
        entry_type, fields = entries[key]
        allowed = record[key]
        if allowed.get("type") != entry_type:
            problems.append(f"references.bib: '{key}' is @{entry_type}, the record says @{allowed.get('type')}")
        allowed_fields = allowed.get("fields") or {}
        for name in sorted(set(fields) - set(allowed_fields)):
            problems.append(f"references.bib: '{key}' has field '{name}', which its seed does not give")
        for name in sorted(set(allowed_fields) - set(fields)):
            problems.append(f"references.bib: '{key}' lacks the recorded field '{name}'")
        seed_text = ""
        seed_name = allowed.get("seed")
        if seed_name:
            seed_path = seeds / seed_name
            if not seed_path.is_file():
                problems.append(f"review/reference-fields.yml: '{key}' names seed {seed_name}, which does not exist")
            else:
                seed_text = plain(seed_path.read_text(encoding="utf-8", errors="ignore"))
        for name, spec in sorted(allowed_fields.items()):
            if name not in fields:
                continue
            if fields[name] != spec.get("value"):
                problems.append(f"references.bib: '{key}' {name} = {fields[name]!r}, the record allows {spec.get('value')!r}")
                continue
            passage = spec.get("from")
            if passage:
                if plain(passage) not in seed_text:
                    problems.append(f"review/reference-fields.yml: '{key}' {name}: passage not in {seed_name}")
                elif not passage_says(name, fields[name], passage):
                    problems.append(f"review/reference-fields.yml: '{key}' {name}: the passage does not give it")
                elif name == "knownvia" and (record.get(fields[name]) or {}).get("seed") != seed_name:
                    problems.append(f"review/reference-fields.yml: '{key}' knownvia: {fields[name]!r} is not the "
                                    f"seed {seed_name}, whose passage cites the work; name the entry of that seed")
            elif not spec.get("description"):
                problems.append(f"review/reference-fields.yml: '{key}' {name} has neither a seed passage nor a reason")
            elif not is_description(fields[name]):
                problems.append(f"references.bib: '{key}' {name} is supplied by the guide; write it as n.d. or [a description]")
    return problems


# --- pages against review/claims.yml --------------------------------------------------------------------------


def page_problems(record: dict, pages: list[Path], bib_names: Iterable[str]) -> Iterator[str]:
    reviewed = record.get("pages") or {}
    triggers = trigger_pattern(list(bib_names) + list(SECONDARY_NAMES))
    for page in pages:
        page_id = page.relative_to(DOCS).as_posix()
        entry = reviewed.get(page_id)
        if entry is None:
            yield f"docs/{page_id}:1: not in review/claims.yml; review the page claim by claim and record it"
            continue
        exceptions = [e["starts"] for e in entry.get("exceptions") or []]
        flagged = [unit for unit, _ in unmarked_claims(page, [], triggers)]
        for start in exceptions:
            if not any(_normal(u.text).startswith(_normal(start)) for u in flagged):
                yield f"review/claims.yml: exception for docs/{page_id} matches no flagged paragraph: {start[:60]!r}"
        for unit, trigger in unmarked_claims(page, exceptions, triggers):
            yield (
                f"docs/{page_id}:{unit.line}: {trigger!r} sounds empirical, but the paragraph has no citation and "
                f"no guide's-view marker: {unit.start!r}"
            )
    for page_id in sorted(set(reviewed) - {p.relative_to(DOCS).as_posix() for p in pages}):
        yield f"review/claims.yml: docs/{page_id} does not exist; remove it or fix the path"


def bib_surnames(bib_text: str) -> set[str]:
    names: set[str] = set()
    for _, fields in raw_entries(bib_text).values():
        for person in plain(fields.get("author", "")).split(" and "):
            family = person.split(",")[0].strip()
            if family and " " not in family:  # an organisation ("centre for teams") is not a surname
                names.add(family)
    return names


def main() -> int:
    bib_text = (ROOT / "references.bib").read_text(encoding="utf-8")
    problems = reference_problems(bib_text, load_yaml(REVIEW / "reference-fields.yml"), SEEDS)
    problems += list(page_problems(load_yaml(REVIEW / "claims.yml"), knowledge_pages(), bib_surnames(bib_text)))
    for problem in problems:
        sys.stdout.write(problem + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
