"""Parse references.bib with bibtexparser 2 and report every problem at its line.

The file is read as biber reads it (values.py: comments, @string and month macros, '#'), every BibTeX and
biblatex type is accepted under its biber name (rules.py), and crossref and xdata fields are inherited by biber's
rules before an entry is validated, so a chapter that takes its book's title from its crossref parent is complete.
An entry that cannot be used is reported once and its key stays known: citing it is not a second mistake.
"""

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

from trustguide.content.bibliography.evidence import kind_problem, participants_problem
from trustguide.content.bibliography.rules import (
    ANY_SOURCE,
    CONTAINER_TYPES,
    DATE_FIELDS,
    DATE_PATTERN,
    DOI_PATTERN,
    KNOWN_TYPES,
    NO_DATE,
    NOT_WORKS,
    OWN_PUBLISHER,
    PUBLISHER,
    YEAR_PATTERN,
    canonical_type,
    closest_type,
    inherited_fields,
    is_group_author,
    missing_groups,
)
from trustguide.content.bibliography.values import blank_comments, resolve_value
from trustguide.core.errors import Location, TrustGuideError, raise_if_any
from trustguide.core.sources import BIBLIOGRAPHY_LIMIT, CONTROL, control_character, decode_source, too_large

if TYPE_CHECKING:
    from collections.abc import Collection

    from bibtexparser.middlewares.middleware import BlockMiddleware
    from bibtexparser.model import Entry as BibEntry

# Bump when what the loader stores, or what pandoc is given of an entry (csl_ready), changes: old caches, the
# loader's and the formatter's (whose whole-bibliography key is the digest below), are then not read.
_CACHE_FORMAT = "3"

# bibtexparser logs its own (unlocated) version of the problems we report with locations.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

# A value that ends at a line end and a next line that starts a new field: the comma between them is missing,
# and bibtexparser would silently swallow the second field into the first.
_MISSING_COMMA = re.compile(r"([}\"]|\b\d+)[ \t]*\r?\n[ \t]*([A-Za-z][\w-]*)[ \t]*=")
_COMMENTARY = re.compile(r"@(commentary)(?=\s*[{(])", re.IGNORECASE)
_STAND_IN = "tgstandin"
# An entry's key, where it starts: enough to keep the keys of a file that cannot be read known.
_ENTRY_KEY = re.compile(r"@[ \t]*(?!(?:string|comment|preamble)\b)[A-Za-z]\w*\s*[{(]\s*([^\s,{}()\"#%'=]+)\s*,",
                        re.IGNORECASE)
# pandoc's time grows with the square of the braces' depth (200,000 deep took six minutes); {{NASA}} needs two.
MAX_BRACE_DEPTH = 20
_HAZARD = re.compile(rf"[{{}}@]|{CONTROL.pattern}")
_NAME_FIELDS = ("author", "editor", "translator", "bookauthor")
# biblatex's verbatim fields: no LaTeX in them to decode ("\_" in a URL is not an escape, a file path has '\:').
_VERBATIM = frozenset({"url", "doi", "eprint", "file", "pdf", "verba", "verbb", "verbc", "urlraw"})
# What reference managers add and APA never prints: kept in the entry pandoc reads, not decoded or stored here.
_NOT_PRINTED = frozenset({
    "abstract", "annotation", "annote", "comment", "file", "keywords", "mendeley-groups", "mendeley-tags", "owner",
    "timestamp", "groups", "ranking", "readstatus", "priority", "pdf", "qualityassured", "relevance", "printed",
    "creationdate", "modificationdate", "shorttitle", "sortkey", "library", "langidopts",
})
_GROUP_HINTS = {
    ("year", "date"): f"; add it (year = {{{NO_DATE}}} for a work without a date)",
    ("booktitle",): " (the title of the book that holds it); add it",
}


@dataclass(frozen=True)
class Entry:
    """One validated bibliography entry."""

    key: str
    entry_type: str  # as written, lower case: "techreport"
    fields: dict[str, str]  # LaTeX decoded, macros resolved, crossref and xdata fields inherited
    raw: str
    line: int
    author_families: tuple[str, ...] = ()
    kind: str = ""  # the type biber works with: "report"
    support: tuple[str, ...] = ()  # the entries it inherits from (crossref, xdata), which pandoc must read with it

    @property
    def title(self) -> str:
        return self.fields.get("title", "")

    @property
    def disambiguation_group(self) -> str:
        """Works whose APA citations could collide share a group: same first-author surname (or none)."""
        return (self.author_families[0] if self.author_families else "").casefold()

    def csl_ready_raw(self) -> str:
        """The entry's BibTeX as pandoc should read it (see csl_ready)."""
        return csl_ready(self.raw, self.entry_type, self.fields)


# Types pandoc formats without the book that holds them; biblatex's standard styles print them as parts of a book.
_AS_PART_OF_BOOK = {"suppbook": "inbook", "suppcollection": "incollection", "conference": "inproceedings"}
_THESIS_GENRES = {"phdthesis": "doctoral dissertation", "mastersthesis": "master\u2019s thesis",
                  "mathesis": "master\u2019s thesis"}


def _balanced_or_kept(match: re.Match[str]) -> str:
    """A field's line removed only if the whole value is on it."""
    line = match.group(0)
    return "" if line.count("{") == line.count("}") and line.count('"') % 2 == 0 else line


_INSTITUTION_LINE = re.compile(r"(?im)^[ \t]*(?:institution|organization)[ \t]*=[ \t]*(\{.*\}|\".*\")[ \t]*,?[ \t]*\n")


def _institution_as_author(raw: str) -> tuple[str, str | None]:
    """The entry without its (one-line) institution, and that institution's value in braces, to be its author."""
    match = _INSTITUTION_LINE.search(raw)
    if match is None:
        return raw, None
    value = match.group(1)
    braced = value if value.startswith("{") else "{" + value[1:-1] + "}"
    if not is_group_author(braced) or (value.startswith('"') and re.search(r'"(?![^{}]*\})', value[1:-1])):
        return raw, None  # more than one value on the line: left as it is
    return raw[:match.start()] + raw[match.end():], braced


def csl_ready(raw: str, entry_type: str, fields: dict[str, str]) -> str:
    """The entry's BibTeX as pandoc should read it. Each change is a correction the README lists with its APA rule:

    - the 'no date' marker dropped, so that APA's n.d. (and "Retrieved ... from") comes from the style itself;
    - @conference read as @inproceedings, its biblatex alias, and @suppbook/@suppcollection as @inbook/
      @incollection (pandoc would drop the conference or the book);
    - an eprint of type doi given as the doi (pandoc would print no DOI at all);
    - name particles kept with the surname ("van der Berg, A."), as the CSL style asks;
    - a doctoral or master's thesis described as APA describes it ("Unpublished doctoral dissertation");
    - a publisher that is the author left out (APA 9.29: a group author that is its own publisher);
    - a report that names no author or editor is its institution's, as a group author (9.11; 10.4: "World Health
      Organization. (2021). Title."), its publisher, the same, then left out (9.29).
    """
    text = re.sub(r"(?im)^\s*year\s*=\s*[{\"]" + re.escape(NO_DATE) + r"[}\"]\s*,?\s*$\n?", "", raw)
    if entry_type in _AS_PART_OF_BOOK:
        text = re.sub(r"^@\w+", f"@{_AS_PART_OF_BOOK[entry_type]}", text, count=1)
    author = fields.get("author", "").strip()
    added: dict[str, str] = {}
    if entry_type in ("report", "techreport") and not author and not fields.get("editor", "").strip():
        text, group = _institution_as_author(text)
        if group is not None:
            added["author"] = "{" + group + "}"
    for name in ("publisher", "institution", "organization", "howpublished"):
        if author and fields.get(name, "").strip() == author:
            text = re.sub(rf"(?im)^[ \t]*{name}[ \t]*=[^\n]*\n", _balanced_or_kept, text)
    if fields.get("eprinttype", "").lower() == "doi" and fields.get("eprint") and "doi" not in fields:
        added["doi"] = fields["eprint"]
    if "options" not in fields:
        added["options"] = "useprefix=true"
    genre = _THESIS_GENRES.get(fields.get("type", entry_type).lower().replace(" ", ""))
    if genre is not None and (entry_type == "thesis" or "type" not in fields):
        published = any(fields.get(f) for f in ("url", "doi", "eprint"))
        text = re.sub(r"(?im)^\s*type\s*=\s*[{\"][^}\"]*[}\"]\s*,?\s*$\n?", "", text)
        added["type"] = genre[0].upper() + genre[1:] if published else f"Unpublished {genre}"
    if added:
        fields_text = "".join(f"\n  {name} = {{{value}}}," for name, value in added.items())
        text = re.sub(r"^(@\w+\s*[{(][^,]*,)", lambda m: m.group(1) + fields_text, text, count=1)
    return text


@dataclass
class Bibliography:
    """All entries of one .bib file, in file order."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    digest: str = ""
    strings: str = ""  # the file's @string blocks, which pandoc must read before any entry using them
    support: dict[str, str] = field(default_factory=dict)  # CSL-ready text of the entries others inherit from
    refused: dict[str, int] = field(default_factory=dict)  # keys of entries reported as unusable, with their line
    containers: frozenset[str] = frozenset()  # @xdata keys: they lend fields and are never cited
    problems: list[TrustGuideError] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # key: the file it is in, as shown (several merged)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> Entry:
        return self.entries[key]

    @property
    def known_keys(self) -> frozenset[str]:
        """Every key a page may cite without an 'unknown key' message: the usable entries and the refused ones,
        whose own message says what to fix."""
        return frozenset(self.entries) | frozenset(self.refused)

    def uncited(self, cited: Collection[str]) -> list[TrustGuideError]:
        """The entries no page cites, each at its file and line; `check` and the build say the same.

        A crossref or xdata parent serves the entries that inherit from it; it need not be cited itself. A source
        the guide read a cited work in (knownvia) is cited with it: "as cited in" it, and listed in its place."""
        through = {self.entries[k].fields.get("knownvia", "").strip() for k in cited if k in self.entries}
        return [
            TrustGuideError(Location(self.origins.get(key, self.path.as_posix()), entry.line),
                            f"entry '{key}' is never cited; cite it or remove it")
            for key, entry in self.entries.items()
            if key not in cited and key not in through and key not in self.support and key not in self.containers
        ]

    def pandoc_text(self, entries: list[Entry]) -> str:
        """A .bib pandoc can format these entries from: the @string macros, the entries, and their parents."""
        keys = {e.key for e in entries}
        parents = list(dict.fromkeys(k for e in entries for k in e.support if k not in keys))
        return "\n\n".join([self.strings, *(e.csl_ready_raw() for e in entries), *(self.support[k] for k in parents)])


def load_bibliography(path: Path, display: str | None = None, cache_dir: Path | None = None) -> Bibliography:
    """Read and validate a .bib file; raises TrustGuideError(s) naming the file and line."""
    bibliography = read_bibliography(path, display, cache_dir)
    raise_if_any(bibliography.problems)
    return bibliography


def read_bibliography(path: Path, display: str | None = None, cache_dir: Path | None = None) -> Bibliography:
    """Read and validate a .bib file: its usable entries, and its problems, each at its file and line.

    Parsing with LaTeX decoding is the slow part of a build, so a valid file's entries are cached on disk by
    the hash of its content, and an unchanged file is never parsed twice.
    """
    shown = display or path.as_posix()
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise TrustGuideError(shown, "the bibliography file does not exist; create it or fix the path") from exc
    except OSError as exc:
        raise TrustGuideError(shown, f"cannot read the bibliography: {exc.strerror or exc}") from exc
    try:
        if len(data) > BIBLIOGRAPHY_LIMIT:
            raise TrustGuideError(shown, too_large(len(data), BIBLIOGRAPHY_LIMIT, "a bibliography"))
        text = decode_source(data, shown)
    except TrustGuideError as exc:
        # Not read at all: its keys stay known, so that no citation of one is a second message.
        keys = _ENTRY_KEY.findall(data.decode("utf-8", errors="replace"))
        return Bibliography(path=path, problems=[exc], refused=dict.fromkeys(keys, 1))
    digest = hashlib.sha256(data).hexdigest()
    cache_file = cache_dir / f"bib-{_CACHE_FORMAT}-{digest[:32]}.json" if cache_dir else None
    if cache_file is not None and cache_file.is_file():
        try:
            stored = json.loads(cache_file.read_text(encoding="utf-8"))
            entries = {
                item["key"]: Entry(**{**item, "author_families": tuple(item["author_families"]),
                                      "support": tuple(item["support"])})
                for item in stored["entries"]
            }
            return Bibliography(path=path, entries=entries, digest=digest, strings=stored["strings"],
                                support=stored["support"], containers=frozenset(stored["containers"]))
        except (OSError, ValueError, TypeError, KeyError):
            pass  # a damaged cache is ignored and rewritten
    bibliography = parse_bibliography(text, path, shown, raise_problems=False)
    if cache_file is not None and not bibliography.problems:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
        stored = {"entries": [asdict(e) for e in bibliography.entries.values()], "strings": bibliography.strings,
                  "support": bibliography.support, "containers": sorted(bibliography.containers)}
        temporary.write_text(json.dumps(stored), encoding="utf-8")
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


def _decode(value: str) -> str:
    return _latex_decoding()._transform_python_value_string(value)[0].strip()


@dataclass
class _Parsed:
    """An entry as read, before inheritance: its fields with macros resolved and LaTeX not yet decoded."""

    block: BibEntry
    raw: str  # the entry's text as written
    kind: str
    fields: dict[str, str]
    lines: dict[str, int]
    ok: bool = True


class _Reader:
    """One pass over a file's blocks, collecting every problem at its line."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[TrustGuideError] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(TrustGuideError(Location(self.display, line), message))


def parse_bibliography(text: str, path: Path, display: str, raise_problems: bool = True) -> Bibliography:
    """Validate BibTeX text; every problem found is reported, each at its 1-based line.

    raise_problems: raise them (the default), or leave them in the Bibliography's `problems`.
    """
    import bibtexparser  # imported here: an unchanged bibliography comes from the cache without it
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, ParsingFailedBlock, String

    # bibtexparser 2.1 reads "@commentary{" as an @comment block: the type is renamed for it and back after.
    reader = _Reader(display)
    bibliography = Bibliography(path=path, digest=hashlib.sha256((_CACHE_FORMAT + text).encode("utf-8")).hexdigest())
    readable = _without_hazards(blank_comments(text), reader, bibliography.refused)
    library = bibtexparser.parse_string(_COMMENTARY.sub(f"@{_STAND_IN}\\1", readable), parse_stack=[])
    for bib_entry in library.entries:
        if bib_entry.entry_type.lower().startswith(_STAND_IN):
            bib_entry.entry_type = bib_entry.entry_type[len(_STAND_IN):]

    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            reader.problem(line, f"duplicate key '{block.key}': another entry already uses it; rename one of them")
        elif isinstance(block, DuplicateFieldKeyBlock):
            dup = block.ignore_error_block
            key = dup.key if dup is not None else "?"
            fields = sorted(getattr(block, "duplicate_keys", []) or [])
            which = ", ".join(f"'{f}'" for f in fields) or "a field"
            reader.problem(line, f"entry '{key}' has {which} twice; keep one")
            bibliography.refused.setdefault(key, line)
        elif isinstance(block, ParsingFailedBlock):
            head = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else ""
            reason = (str(block.error).strip().splitlines() or ["syntax error"])[0] if block.error else "syntax error"
            reader.problem(line, f"cannot parse the entry starting '{head}': {reason}; check its braces, quotes and commas")
            key = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)\s*,", block.raw)
            if key:
                bibliography.refused.setdefault(key.group(1), line)
        else:
            reader.problem(line, f"cannot read this block ({type(block).__name__}); check its syntax")

    macros: dict[str, str] = {}
    strings = [b for b in library.blocks if isinstance(b, String)]
    for string in strings:
        value, undefined = resolve_value(string.value, macros)
        for name in undefined:
            reader.problem(string.start_line + 1, f"@string '{string.key}' uses '{name}', which no @string defines "
                                                  "before it; define it first, or put the text in braces")
        macros[string.key.lower()] = value
    bibliography.strings = "\n".join(s.raw for s in strings)

    parsed: dict[str, _Parsed] = {}
    for bib_entry in library.entries:
        item = _read_entry(bib_entry, macros, reader)
        if item is not None:
            parsed[bib_entry.key] = item
        else:
            bibliography.refused[bib_entry.key] = bib_entry.start_line + 1

    resolved: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {}
    for key in parsed:
        _inherit(key, parsed, resolved, reader, ())
    supporting = {k for _, support in resolved.values() for k in support}
    bibliography.containers = frozenset(k for k, item in parsed.items() if item.kind in CONTAINER_TYPES)
    for key, item in parsed.items():
        fields, support = resolved[key]
        if key in supporting:
            bibliography.support[key] = csl_ready(item.raw, item.block.entry_type.lower(), fields)
        if item.kind in CONTAINER_TYPES:
            continue
        entry = _validate_entry(item, fields, support, reader) if item.ok else None
        if entry is None:
            bibliography.refused[key] = item.block.start_line + 1
        else:
            bibliography.entries[key] = entry
    _check_known_via(parsed, bibliography, reader)
    reader.problems.sort(key=lambda p: p.location.line or 0)
    bibliography.problems = reader.problems
    if raise_problems:
        raise_if_any(bibliography.problems)
    return bibliography


def _without_hazards(text: str, reader: _Reader, refused: dict[str, int]) -> str:
    """The text with each entry that holds a control character or braces nested too deeply blanked out (its
    lines kept), each reported once at the character's line, its key kept known (refused), before any parser or
    pandoc reads it."""
    if CONTROL.search(text) is None and text.count("{") <= MAX_BRACE_DEPTH:
        return text
    starts: list[int] = []  # where each block starts: an '@' outside any braces
    found: dict[int, tuple[int, str, int | None]] = {}  # a block's start -> its first hazard: where, what, its end
    depth = 0
    for match in _HAZARD.finditer(text):
        char, at = match.group(), match.start()
        if char == "@":
            if depth == 0:
                starts.append(at)
            continue
        if char == "}":
            depth = max(0, depth - 1)
            continue
        if char == "{":
            depth += 1
            if depth != MAX_BRACE_DEPTH + 2:  # the entry's own brace, and the field's levels
                continue
        if depth == 0:  # between entries, which nothing reads: the character alone goes
            found.setdefault(at, (at, char, at + 1))
        elif (starts[-1] if starts else 0) not in found:
            found[starts[-1] if starts else 0] = (at, char, None)
    pieces, done = [], 0
    for start, (at, char, end) in sorted(found.items()):
        end = end or next((s for s in starts if s > start), len(text))
        key = _ENTRY_KEY.match(text, start)
        line = text.count("\n", 0, at) + 1
        what = f"entry '{key.group(1)}': " if key else ""
        if char == "{":
            reader.problem(line, f"{what}braces nested more than {MAX_BRACE_DEPTH} levels deep; a field needs a "
                                 "few at most ({{NASA}} keeps capitals): remove the extra braces")
        else:
            column = at - text.rfind("\n", 0, at)
            reader.problem(line, f"{what}{control_character(char)} at column {column}, an invisible character; "
                                 "delete it")
        if key:
            refused.setdefault(key.group(1), text.count("\n", 0, start) + 1)
        pieces += [text[done:start], re.sub(r"[^\n]", " ", text[start:end])]
        done = end
    return "".join([*pieces, text[done:]])


def _read_entry(bib_entry: BibEntry, macros: dict[str, str], reader: _Reader) -> _Parsed | None:
    """The entry's type and fields as biber reads them; None (after saying why) if it cannot be used at all."""
    line = bib_entry.start_line + 1
    key = bib_entry.key
    written = bib_entry.entry_type.lower()
    ok = True
    for match in _MISSING_COMMA.finditer(bib_entry.raw):
        field_line = line + bib_entry.raw[: match.start(2)].count("\n")
        reader.problem(field_line, f"entry '{key}': missing comma before field '{match.group(2)}'; add ',' at the end of the line above")
        ok = False
    if not ok:  # the swallowed fields would only add misleading "missing field" messages
        return None
    if written not in KNOWN_TYPES:
        close = closest_type(written)
        hint = f"; did you mean @{close}?" if close else "; use a BibTeX or biblatex type such as @article or @book"
        reader.problem(line, f"entry '{key}': @{bib_entry.entry_type} is not a BibTeX or biblatex entry type{hint}")
        return None
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    for f in bib_entry.fields:
        name = f.key.lower()
        if name in fields:
            reader.problem(f.start_line + 1, f"entry '{key}' has '{name}' twice (in any capitalisation); keep one")
            ok = False
            continue
        value, undefined = resolve_value(f.value, macros, name)
        for macro in undefined:
            reader.problem(f.start_line + 1, f"entry '{key}': field '{name}' uses '{macro}', which no @string defines; "
                                             f"define it with @string{{{macro} = {{...}}}}, or put the text in braces")
            ok = False
        fields[name] = value
        lines[name] = f.start_line + 1
        address = _unsafe_address(name, value)
        if address:
            reader.problem(f.start_line + 1, f"entry '{key}': field '{name}' links to '{address[:60]}', which is not a "
                                             "web address; a reference links only to http(s) addresses and DOIs")
            ok = False
    return _Parsed(bib_entry, bib_entry.raw.replace(f"@{_STAND_IN}", "@", 1), canonical_type(written), fields, lines, ok)


# Every address a reference prints as a link: the url field, and \url{} or \href{} in any field (howpublished, note).
_LINKED = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}")


def _unsafe_address(name: str, value: str) -> str | None:
    """A linked address that a reader's click would run or that leads off the web (javascript:, file:), or None.
    Compared as a browser reads an address: without the tabs and line breaks it drops."""
    linked = [*_LINKED.findall(value), *([value] if name == "url" else [])]
    return next((a.strip() for a in linked if not re.match(r"^https?://", re.sub(r"[\t\n\r]", "", a).strip(), re.I)),
                None)


def _inherit(key: str, parsed: dict[str, _Parsed], resolved: dict, reader: _Reader, chain: tuple[str, ...]):
    """The entry's fields with those of its xdata and crossref parents (biber's rules), and the parents' keys."""
    if key in resolved:
        return resolved[key]
    item = parsed[key]
    if key in chain:  # a loop: reported once, at the entry that closes it
        reader.problem(item.lines.get("crossref", item.block.start_line + 1),
                       f"entry '{key}' inherits from itself through {' -> '.join((*chain, key))}; remove one crossref or xdata")
        item.ok = False
        return dict(item.fields), ()
    fields = dict(item.fields)
    support: list[str] = []
    for name in ("xdata", "crossref"):
        targets = [t.strip() for t in fields.get(name, "").split(",") if t.strip()] if name == "xdata" else (
            [fields["crossref"].strip()] if fields.get("crossref", "").strip() else [])
        for target in targets:
            parent = target if target in parsed else next((k for k in parsed if k.lower() == target.lower()), None)
            if parent is None:
                reader.problem(item.lines[name], f"entry '{key}': {name} '{target}' is not an entry of this file; add "
                                                 f"that entry or remove the {name} field")
                item.ok = False
                continue
            parent_fields, parent_support = _inherit(parent, parsed, resolved, reader, (*chain, key))
            if name == "xdata":
                given = {k: v for k, v in parent_fields.items() if k not in ("xdata", "crossref")}
            else:
                given = inherited_fields(parsed[parent].kind, item.kind, parent_fields)
            for field_name, value in given.items():
                fields.setdefault(field_name, value)
            support += [parent, *parent_support]
    xref = fields.get("xref", "").strip()
    if xref and xref not in parsed:
        reader.problem(item.lines["xref"], f"entry '{key}': xref '{xref}' is not an entry of this file; add that "
                                           "entry or remove the xref field")
    resolved[key] = (fields, tuple(dict.fromkeys(support)))
    return resolved[key]


def _check_known_via(parsed: dict[str, _Parsed], bibliography: Bibliography, reader: _Reader) -> None:
    """A knownvia field names the entry the guide read the work in: an entry of this file that the guide read
    itself (APA 7 cites a work as cited in the source one read, not as cited in another secondary source)."""
    for key, entry in list(bibliography.entries.items()):
        via = entry.fields.get("knownvia", "").strip()
        if not via or via in bibliography.refused:  # a refused source has its own message: not a second one
            continue
        line = parsed[key].lines.get("knownvia", entry.line)
        if via == key:
            problem = "knownvia names the entry itself; name the entry the guide read this work in"
        elif via not in bibliography.entries:
            problem = (f"knownvia '{via}' is not an entry of this file; name the key of the entry the guide read "
                       "this work in")
        elif bibliography.entries[via].fields.get("knownvia", "").strip():
            problem = (f"knownvia '{via}' is itself known only through another entry; name the source the guide "
                       "read (APA 7 cites a work as cited in the source you read)")
        else:
            continue
        reader.problem(line, f"entry '{key}': {problem}")
        del bibliography.entries[key]
        bibliography.refused[key] = entry.line


def _names(value: str) -> list[tuple[str, str]]:
    """Each person's (family name, full name) in a name list, LaTeX decoded; a {{Corporate Author}} stays whole."""
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names

    people = []
    for name in split_multiple_persons_names(value):
        try:
            parts = parse_single_name_into_parts(name, strict=False)
        except InvalidNameError:
            people.append((_decode(name), _decode(name)))
            continue
        family = _decode(" ".join(parts.last)) or _decode(" ".join(parts.first))
        people.append((family, _decode(" ".join(parts.first + parts.von + parts.last + parts.jr))))
    return people


def _validate_entry(item: _Parsed, raw_fields: dict[str, str], support: tuple[str, ...], reader: _Reader) -> Entry | None:
    bib_entry = item.block
    line = bib_entry.start_line + 1
    key = bib_entry.key
    written = bib_entry.entry_type.lower()
    if item.kind in NOT_WORKS:
        reader.problem(line, f"entry '{key}': {NOT_WORKS[item.kind]}")
        return None
    fields: dict[str, str] = {}
    families: tuple[str, ...] = ()
    first_names = "author" if "author" in raw_fields else "editor"  # whom APA names first
    for name, value in raw_fields.items():
        if name in _NOT_PRINTED:
            continue
        if name in _NAME_FIELDS:
            people = _names(value)
            fields[name] = " and ".join(full for _, full in people)
            if name == first_names:
                families = tuple(family for family, _ in people)
        else:
            fields[name] = value.strip() if name in _VERBATIM else _decode(value)
    ok = True
    parent = raw_fields.get("crossref", "").strip()
    for group in missing_groups(item.kind, fields, is_group_author(raw_fields.get("author", ""))):
        where = f"; add it here or to its crossref parent '{parent}'" if parent else "; add it"
        hint = _GROUP_HINTS.get(group, "; add it").replace("; add it", where)
        if group == PUBLISHER and item.kind in OWN_PUBLISHER:
            hint += (" (an organisation that is both the author and the publisher is written whole, in double braces, "
                     "as the author: author = {{Name of the organisation}})")
        if group == ANY_SOURCE and item.kind == "dataset":
            hint += "; for data that were never published, say so: type = {Unpublished raw data}"
        reader.problem(line, f"entry '{key}' (@{written}) needs the field '{' or '.join(group)}'{hint}")
        ok = False
    at = item.lines.get
    for name in ("doi", "eprint"):
        doi = fields.get(name)
        if doi is not None and (name == "doi" or fields.get("eprinttype", "").lower() == "doi") and not DOI_PATTERN.match(doi):
            reader.problem(at(name, line), f"entry '{key}': malformed DOI '{doi}'; write it bare, like 10.1037/apl0000113")
            ok = False
    for name, problem in (("evidencekind", kind_problem), ("participants", participants_problem)):
        said = problem(fields[name]) if name in fields else None
        if said:
            reader.problem(at(name, line), f"entry '{key}': {said}")
            ok = False
    year = fields.get("year")
    if year is not None and not YEAR_PATTERN.match(year):
        reader.problem(at("year", line), f"entry '{key}': year '{year}' is not four digits or '{NO_DATE}'; write it "
                                         f"like 2020, or {NO_DATE} for a work without a date")
        ok = False
    for name in DATE_FIELDS:
        date = fields.get(name)
        if date is not None and not DATE_PATTERN.match(date):
            reader.problem(at(name, line), f"entry '{key}': {name} '{date}' is not a date; write it as YYYY, YYYY-MM "
                                           "or YYYY-MM-DD (a range as 2019/2020)")
            ok = False
    if not ok:
        return None
    return Entry(key=key, entry_type=written, fields=fields, raw=item.raw, line=line, author_families=families,
                 kind=item.kind, support=support)
