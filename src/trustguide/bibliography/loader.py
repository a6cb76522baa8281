"""Parse references.bib with bibtexparser 2 and report every problem at its line."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from trustguide.bibliography.rules import (
    DATE_PATTERN,
    DOI_PATTERN,
    NO_DATE,
    SUPPORTED_TYPES,
    YEAR_PATTERN,
    missing_groups,
)
from trustguide.errors import Location, TrustGuideError, raise_if_any

if TYPE_CHECKING:
    from bibtexparser.middlewares.middleware import BlockMiddleware
    from bibtexparser.model import Entry as BibEntry

# Bump when what the loader stores changes, so old caches are not read.
_CACHE_FORMAT = "1"

# bibtexparser logs its own (unlocated) version of the problems we report with locations.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

# A value that ends at a line end and a next line that starts a new field: the comma between them is missing,
# and bibtexparser would silently swallow the second field into the first.
_MISSING_COMMA = re.compile(r"([}\"]|\b\d+)[ \t]*\r?\n[ \t]*([A-Za-z][\w-]*)[ \t]*=")


@dataclass(frozen=True)
class Entry:
    """One validated bibliography entry."""

    key: str
    entry_type: str
    fields: dict[str, str]
    raw: str
    line: int
    author_families: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.fields.get("title", "")

    @property
    def disambiguation_group(self) -> str:
        """Works whose APA citations could collide share a group: same first-author surname (or none)."""
        return (self.author_families[0] if self.author_families else "").casefold()

    def csl_ready_raw(self) -> str:
        """The entry's BibTeX as pandoc should read it: the 'no date' marker dropped, so APA prints n.d. itself."""
        return re.sub(r"(?im)^\s*year\s*=\s*[{\"]" + re.escape(NO_DATE) + r"[}\"]\s*,?\s*$\n?", "", self.raw)


@dataclass
class Bibliography:
    """All entries of one .bib file, in file order."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    digest: str = ""

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> Entry:
        return self.entries[key]


def load_bibliography(path: Path, display: str | None = None, cache_dir: Path | None = None) -> Bibliography:
    """Read and validate a .bib file; raises TrustGuideError(s) naming the file and line.

    Parsing with LaTeX decoding is the slow part of a build, so a valid file's entries are cached on disk by
    the hash of its content, and an unchanged file is never parsed twice.
    """
    shown = display or path.as_posix()
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError as exc:
        raise TrustGuideError(shown, "the bibliography file does not exist; create it or fix the path") from exc
    except UnicodeDecodeError as exc:
        raise TrustGuideError(shown, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    digest = hashlib.sha256(data).hexdigest()
    cache_file = cache_dir / f"bib-{_CACHE_FORMAT}-{digest[:32]}.json" if cache_dir else None
    if cache_file is not None and cache_file.is_file():
        try:
            items = json.loads(cache_file.read_text(encoding="utf-8"))
            entries = {item["key"]: Entry(**{**item, "author_families": tuple(item["author_families"])}) for item in items}
            return Bibliography(path=path, entries=entries, digest=digest)
        except (OSError, ValueError, TypeError, KeyError):
            pass  # a damaged cache is ignored and rewritten
    bibliography = parse_bibliography(text, path, shown)
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps([asdict(e) for e in bibliography.entries.values()]), encoding="utf-8")
        temporary.replace(cache_file)
    return bibliography


# A value without any of these needs no LaTeX parser: decoding it only turns "--" into an en dash.
_LATEX_SPECIAL = re.compile(r"[\\{}$%&~`]|''|---")


@cache
def _latex_decoding() -> BlockMiddleware:
    """bibtexparser's LaTeX decoding, skipping the values that have nothing to decode (most of them).

    pylatexenc builds a fresh parser context for every value it decodes, which made decoding most of the time
    of a cold build; for a plain value (a name, a title, "611--628") the result is computed directly, and
    tests/test_bibliography.py checks it is what pylatexenc returns.
    """
    from bibtexparser.middlewares import LatexDecodingMiddleware

    class PlainAwareLatexDecoding(LatexDecodingMiddleware):
        def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
            if _LATEX_SPECIAL.search(python_string) is None:
                return python_string.replace("--", "\u2013"), ""
            return super()._transform_python_value_string(python_string)

    return PlainAwareLatexDecoding()


def parse_bibliography(text: str, path: Path, display: str) -> Bibliography:
    """Validate BibTeX text; every problem found is reported, each at its 1-based line."""
    import bibtexparser  # imported here: an unchanged bibliography comes from the cache without it
    from bibtexparser import middlewares
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, ParsingFailedBlock

    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            _latex_decoding(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    problems: list[TrustGuideError] = []

    def problem(line: int, message: str) -> None:
        problems.append(TrustGuideError(Location(display, line), message))

    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problem(line, f"duplicate key '{block.key}': another entry already uses it; rename one of them")
        elif isinstance(block, DuplicateFieldKeyBlock):
            dup = block.ignore_error_block
            key = dup.key if dup is not None else "?"
            fields = sorted(getattr(block, "duplicate_keys", []) or [])
            which = ", ".join(f"'{f}'" for f in fields) or "a field"
            problem(line, f"entry '{key}' has {which} twice; keep one")
        elif isinstance(block, ParsingFailedBlock):
            head = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else ""
            reason = (str(block.error).strip().splitlines() or ["syntax error"])[0] if block.error else "syntax error"
            problem(line, f"cannot parse the entry starting '{head}': {reason}; check its braces, quotes and commas")
        else:
            problem(line, f"cannot read this block ({type(block).__name__}); check its syntax")

    bibliography = Bibliography(path=path, digest=hashlib.sha256(text.encode("utf-8")).hexdigest())
    for bib_entry in library.entries:
        entry = _validate_entry(bib_entry, problem)
        if entry is not None:
            bibliography.entries[entry.key] = entry
    problems.sort(key=lambda p: p.location.line or 0)
    raise_if_any(problems)
    return bibliography


def _validate_entry(bib_entry: BibEntry, problem) -> Entry | None:
    line = bib_entry.start_line + 1
    key = bib_entry.key
    entry_type = bib_entry.entry_type.lower()
    ok = True
    for match in _MISSING_COMMA.finditer(bib_entry.raw):
        field_line = line + bib_entry.raw[: match.start(2)].count("\n")
        problem(field_line, f"entry '{key}': missing comma before field '{match.group(2)}'; add ',' at the end of the line above")
        ok = False
    if not ok:  # the swallowed fields would only add misleading "missing field" messages
        return None
    if entry_type not in SUPPORTED_TYPES:
        problem(line, f"entry '{key}': type @{entry_type} cannot be formatted; use one of "
                + ", ".join(f"@{t}" for t in SUPPORTED_TYPES))
        return None
    fields: dict[str, str] = {}
    families: tuple[str, ...] = ()
    for f in bib_entry.fields:
        name = f.key.lower()
        if name in ("author", "editor") and isinstance(f.value, list):
            names = [" ".join(p.last) or " ".join(p.first) for p in f.value]
            if name == "author" or not families:
                families = tuple(names)
            fields[name] = " and ".join(" ".join(p.first + p.von + p.last) for p in f.value)
        else:
            fields[name] = str(f.value).strip()
    field_lines = {f.key.lower(): f.start_line + 1 for f in bib_entry.fields}
    for group in missing_groups(entry_type, fields):
        problem(line, f"entry '{key}' (@{entry_type}) needs the field '{' or '.join(group)}'; add it")
        ok = False
    doi = fields.get("doi")
    if doi is not None and not DOI_PATTERN.match(doi):
        problem(field_lines.get("doi", line), f"entry '{key}': malformed DOI '{doi}'; write it bare, like 10.1037/apl0000113")
        ok = False
    year = fields.get("year")
    if year is not None and not YEAR_PATTERN.match(year):
        problem(field_lines.get("year", line), f"entry '{key}': year '{year}' is not four digits or '{NO_DATE}'")
        ok = False
    date = fields.get("date")
    if date is not None and not DATE_PATTERN.match(date):
        problem(field_lines.get("date", line), f"entry '{key}': date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD")
        ok = False
    if not ok:
        return None
    return Entry(key=key, entry_type=entry_type, fields=fields, raw=bib_entry.raw, line=line, author_families=families)
