"""Property tests: whatever an author writes, the readers of their files either return a result or raise the
project's own located error (file, and line where the input has lines); never any other exception.

Covered: the citation scanner, the citation key check, the .bib loader, the located YAML reader and the worksheet
and session-plan definition loaders. Inputs are arbitrary text plus generators that start from valid files and
break them the way authors do. Every bug these found is kept as an @example.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trustguide.content.bibliography.loader import Bibliography, load_bibliography, parse_bibliography
from trustguide.content.citations.formatter import FormattedWork
from trustguide.content.citations.masking import mask_non_prose
from trustguide.content.citations.resolver import CitationResolver
from trustguide.content.citations.scanner import KEY, scan_citations
from trustguide.content.definitions.yamlfile import Located, parse_located_yaml
from trustguide.content.sessions.loader import parse_plan
from trustguide.content.sessions.model import Plan
from trustguide.content.worksheets.loader import build_worksheet
from trustguide.content.worksheets.model import Worksheet
from trustguide.core.errors import TrustGuideError, TrustGuideErrors

# No example database in the shared working tree: each run starts from the @examples and fresh random inputs.
# TRUSTGUIDE_FUZZ_SCALE=20 runs twenty times as many examples, for a deeper search than the test suite has time for.
SCALE = int(os.environ.get("TRUSTGUIDE_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=150 * SCALE, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(FUZZ, max_examples=400 * SCALE)

BIB = "references.bib"
WORKSHEET = "worksheets/sample.yml"
PLAN = "plans/sample.yml"
BIB_KEYS = frozenset({"known2020"})
PAGES = frozenset({"peer-coaching/norms.md"})
WORKSHEETS = frozenset({"peer-group-charter"})
HUGE = "9" * 5000  # more digits than Python turns into an int by default


# ---------------------------------------------------------------------------------------------------- checks


def line_count(text: str) -> int:
    """Lines as any of our parsers may count them (YAML also breaks lines at \\r, NEL and U+2028/9)."""
    return len(text.splitlines()) + 1


def problems_of(exc: TrustGuideError | TrustGuideErrors) -> list[TrustGuideError]:
    return exc.problems if isinstance(exc, TrustGuideErrors) else [exc]


def assert_located(exc: TrustGuideError | TrustGuideErrors, display: str, text: str | None) -> None:
    """Every problem names the file as the caller showed it, a line inside the text, and a message."""
    problems = problems_of(exc)
    assert problems, "an error with no problem in it"
    for problem in problems:
        assert isinstance(problem, TrustGuideError)
        assert problem.location.path == display, str(problem)
        assert problem.message.strip(), str(problem)
        assert "Traceback" not in problem.message
        if text is not None:
            assert problem.location.line is not None, f"no line in: {problem}"
            assert 1 <= problem.location.line <= line_count(text), f"line outside the file ({line_count(text)} lines): {problem}"


def outcome(call: Callable[[], Any], display: str, text: str | None) -> Any:
    """The call's result, or None after checking its located error; any other exception fails the test."""
    try:
        return call()
    except (TrustGuideError, TrustGuideErrors) as exc:
        assert_located(exc, display, text)
        return None


def tokens(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Text made of the characters and words that mean something to a parser, so inputs reach past the first one."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


# ---------------------------------------------------------------------------------------------------- citations

MARKDOWN_PIECES = [*"@[]{}-;,.`<>!:/\\\n\t #~*_=\"'()p0aZ", "\r\n", "\u2028", "\ufeff", "é", "\0", "    ", "```", "- "]
markdown_text = st.one_of(st.text(), tokens(MARKDOWN_PIECES, 80))

KEYS = st.from_regex(rf"\A{KEY}\Z").filter(lambda k: len(k) < 30)


def assert_clusters_consistent(markdown: str) -> None:
    clusters = scan_citations(markdown)
    previous_end = 0
    for cluster in clusters:
        assert previous_end <= cluster.start < cluster.end <= len(markdown)
        assert cluster.source == markdown[cluster.start : cluster.end]
        assert cluster.line == markdown.count("\n", 0, cluster.start) + 1
        assert cluster.items and all(item.key and not re.search(r"\s", item.key) for item in cluster.items)
        assert "@" in cluster.source
        previous_end = cluster.end


@QUICK
@given(markdown_text)
@example("[@a] `[@b]` @c")
@example("```\n@a\n```\n[see @b, p. 3; -@c]")
def test_scanner_takes_any_text(markdown: str) -> None:
    assert_clusters_consistent(markdown)


# Prose pieces that hold an '@' that is never a citation, and citations with the keys they cite.
NOT_CITATIONS = st.sampled_from(
    ["`@inline`", "`` a @b ``", "mail@example.org", "<https://x.org/@user>", "https://x.org/@user", "\\@escaped",
     "<!-- @comment -->", '<span data-x="@attr">', "[link](https://x.org/@a)"]
)


@st.composite
def citation(draw: st.DrawFn) -> tuple[str, list[str]]:
    keys = draw(st.lists(KEYS, min_size=1, max_size=3))
    form = draw(st.sampled_from(["bracket", "narrative", "locator", "suppress", "prefix"]))
    if form == "narrative":
        return f"@{keys[0]}", keys[:1]
    if form == "locator":
        return f"[@{keys[0]}, p. {draw(st.integers(1, 999))}]", keys[:1]
    if form == "suppress":
        return f"[-@{keys[0]}]", keys[:1]
    if form == "prefix":
        return f"[see @{keys[0]}]", keys[:1]
    return "[" + "; ".join(f"@{k}" for k in keys) + "]", keys


@st.composite
def page_with_citations(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A page of paragraphs, code blocks and lists; returns it with the keys it cites in prose, in order."""
    blocks: list[str] = []
    cited: list[str] = []
    words = st.sampled_from(["trust", "the", "coach", "client", "and", "team", "is", "built"])
    in_list = False  # after a list item, an indented paragraph continues the item; elsewhere it is code
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["paragraph", "fence", "indented", "list"]))
        if kind == "fence":
            blocks.append(f"```\n{draw(citation())[0]} and {draw(NOT_CITATIONS)}\n```")
            in_list = False
            continue
        if kind == "indented" and not in_list:
            blocks.append(f"    {draw(citation())[0]}")
            continue
        in_list = kind in ("list", "indented")
        pieces: list[str] = []
        for _ in range(draw(st.integers(1, 6))):
            choice = draw(st.sampled_from(["word", "word", "citation", "not"]))
            if choice == "citation":
                text, keys = draw(citation())
                pieces.append(text)
                cited.extend(keys)
            else:
                pieces.append(draw(NOT_CITATIONS) if choice == "not" else draw(words))
        paragraph = " ".join(pieces) + "."
        blocks.append({"list": "- ", "indented": "    "}.get(kind, "") + paragraph)
    return "\n\n".join(blocks) + "\n", cited


@FUZZ
@given(page_with_citations())
@example(("Trust [@a; @b] and mail@example.org and `@code`.\n", ["a", "b"]))
@example(("- trust.\n\n    [@a] continues the item.\n", ["a"]))
@example(("Trust [-@smith.2020].\n", ["smith.2020"]))  # '-@smith.2020' was masked as an e-mail address
@example(("- trust.\n\n```\n[@0]\n```\n\n    [@0]\n", []))  # the fence ended the list: the last line is code
def test_scanner_finds_exactly_the_citations_in_prose(page: tuple[str, list[str]]) -> None:
    markdown, cited = page
    assert [item.key for cluster in scan_citations(markdown) for item in cluster.items] == cited
    assert_clusters_consistent(markdown)


EMAIL = re.compile(r"\w[\w.+-]*@[\w-]+(?:\.[\w-]+)+")  # what the masking documents as an e-mail address


@QUICK
@given(tokens(["a", "-", ".", "+", "@", "_", " ", "é", "x.y", "1", "[", "]", ";"], 40))
@example("-.a@b.c and x@y.z@q.r")
@example("[-@smith.2020]")
def test_email_masking_is_the_documented_pattern(text: str) -> None:
    """Only e-mail addresses are masked in such text, exactly where the plain pattern matches (the scan is optimised)."""
    text = "x " + text  # never an indented code block
    expected = EMAIL.sub(lambda m: "\0" * len(m.group()), text)
    assert mask_non_prose(text) == expected


def work(key: str) -> FormattedWork:
    """A formatted work as the CSL step hands it over (the resolver only joins these pieces)."""
    return FormattedWork(key=key, author="Smith &amp; Jones", year="2020", narrative_author="Smith and Jones",
                         entry=f"Smith, A. (2020). <i>Work {key}</i>.")


@QUICK
@given(markdown_text, st.frozensets(KEYS, max_size=3), st.integers(0, 40))
@example("# Heading [@known2020]\n", frozenset({"known2020"}), 0)
@example("text @nope and\n[@known2020; @missing]\n", frozenset({"known2020"}), 3)
@example("[see @known2020, pp. 3-4; -@known2020]", frozenset({"known2020"}), 0)
def test_citation_resolver_takes_any_text(markdown: str, known: frozenset[str], offset: int) -> None:
    """Unknown keys are reported on their page line (after the front matter's lines), each one; known ones render."""
    page = "docs/page.md"
    resolver = CitationResolver([work(k) for k in sorted(known)])
    clusters = scan_citations(markdown)
    unknown = [(c.line + offset, i.key) for c in clusters for i in c.items if i.key not in known]
    try:
        result = resolver.resolve(markdown, page, line_offset=offset)
    except (TrustGuideError, TrustGuideErrors) as exc:
        reported = [(p.location.line, p.message) for p in problems_of(exc)]
        assert len(reported) == len(unknown)
        for (line, key), (got_line, message) in zip(unknown, reported, strict=True):
            assert got_line == line and f"'@{key}'" in message
        assert_located(exc, page, "\n" * offset + markdown)
        return
    assert unknown == []
    assert set(result.cited) == {i.key for c in clusters for i in c.items}
    assert result.markdown.count('<span class="citation"') >= len(clusters)


# ---------------------------------------------------------------------------------------------------- bibliography

BIB_PIECES = [*"@{}\",=#%\\ \n\t()~$&'`^_-.", "article", "book", "author", "title", "and", "a", "1", "é", "\r\n"]
bib_text = st.one_of(st.text(), tokens(BIB_PIECES, 120))

VALUE_PIECES = st.sampled_from(
    ["Trust", " and ", "Ana", "O'Neil", "{\\'e}", "\\\"o", "{\\textless}b{\\textgreater}", "<script>", "$x^2$", "%", "\\&",
     "&", "~", "--", "---", "{", "}", "{{", "}}", "\\", "\\emph{x}", "\\begin{quote}", "#", "@", ",", ",,", "\"",
     "ß", "\u200b", "😀", "\n", "\t", "Smith, J.", "van der Berg", "{Ltd}", "10.1037/x", "2020", "n.d."]
)
FIELD_NAMES = st.sampled_from(
    ["author", "title", "journal", "journaltitle", "year", "date", "doi", "url", "publisher", "editor", "howpublished",
     "volume", "pages", "AUTHOR", "Title", "x-y", "9bad", ""]
)


@st.composite
def bib_value(draw: st.DrawFn) -> str:
    inner = "".join(draw(st.lists(VALUE_PIECES, max_size=5)))
    form = draw(st.sampled_from(["braced", "braced", "quoted", "number", "macro", "concatenated", "open"]))
    if form == "quoted":
        return f'"{inner}"'
    if form == "number":
        return str(draw(st.integers(-5, 10**6)))
    if form == "macro":
        return draw(st.sampled_from(["jan", "undefined_macro", "x"]))
    if form == "concatenated":
        return f"{{{inner}}} # {{{draw(VALUE_PIECES)}}}"
    if form == "open":
        return "{" + inner
    return f"{{{inner}}}"


@st.composite
def bib_entry(draw: st.DrawFn) -> str:
    entry_type = draw(st.sampled_from(["article", "book", "online", "misc", "ARTICLE", "inproceedings", "string", "comment", ""]))
    key = draw(st.one_of(KEYS, st.sampled_from(["", "dup", "a b", "k,", "ké", "<b>", "{x}"])))
    required = {"article": ["author", "title", "journal", "year"], "book": ["author", "title", "publisher", "year"]}
    names = required.get(entry_type.lower(), ["title", "year", "url"]) + draw(st.lists(FIELD_NAMES, max_size=4))
    names = draw(st.permutations(names))
    fields = [f"{name} = {draw(bib_value())}" for name in names if draw(st.integers(0, 5))]
    separators = [draw(st.sampled_from([",\n  ", ",\n  ", ", ", "\n  ", ",,", ""])) for _ in fields]
    body = "".join(sep + field for sep, field in zip(separators, fields, strict=True))
    close = draw(st.sampled_from(["\n}", "\n}", ",\n}", "", "\n}}", ")"]))
    opening = draw(st.sampled_from(["{", "{", "("]))
    return f"@{entry_type}{opening}{key}{body}{close}"


@st.composite
def bib_file(draw: st.DrawFn) -> str:
    entries = draw(st.lists(bib_entry(), min_size=1, max_size=4))
    junk = draw(st.sampled_from(["", "% a comment\n", "free text between entries\n", "@\n", "\ufeff", "@comment{x}\n"]))
    return junk + "\n\n".join(entries) + draw(st.sampled_from(["\n", "", "\r\n"]))


def check_bibliography(text: str) -> None:
    result = outcome(lambda: parse_bibliography(text, Path(BIB), BIB), BIB, text)
    if result is not None:
        assert isinstance(result, Bibliography)
        for key, entry in result.entries.items():
            assert entry.key == key and isinstance(entry.title, str)
            assert all(isinstance(v, str) for v in entry.fields.values())
            assert 1 <= entry.line <= line_count(text)


VALID_ENTRY = "@article{known2020,\n  author = {Ana Smith},\n  title = {Trust},\n  journal = {J},\n  year = {2020}\n}\n"


@QUICK
@given(bib_text)
@example(VALID_ENTRY)
@example("@article{a, author={A, B, C, D}, title={t}, journal={j}, year={2020}}")
def test_bib_loader_takes_any_text(text: str) -> None:
    check_bibliography(text)


@FUZZ
@given(bib_file())
@example(VALID_ENTRY + VALID_ENTRY)  # the same key twice
@example(VALID_ENTRY.replace("{Trust},", "{Trust}"))  # a missing comma
def test_bib_loader_takes_broken_entries(text: str) -> None:
    check_bibliography(text)


@pytest.fixture(scope="module")
def bib_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bib")


@settings(FUZZ, max_examples=60 * SCALE)
@given(st.one_of(st.binary(max_size=200), bib_file().map(lambda t: t.encode("utf-8")),
                 bib_file().map(lambda t: t.encode("utf-16"))))
@example(b"\xff\xfe@article{a,}")
def test_bib_file_with_any_bytes(bib_folder: Path, data: bytes) -> None:
    """The loader reads the file itself: bytes that are not UTF-8 are a located mistake too."""
    path = bib_folder / "references.bib"
    path.write_bytes(data)
    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None  # the message names the file and the byte; there are no lines to speak of
    outcome(lambda: load_bibliography(path, BIB, None), BIB, text)


# ---------------------------------------------------------------------------------------------------- YAML documents

YAML_PIECES = [*":-[]{},&*!|>'\"#%@`?\t\n ", "\ufeff", "a", "1", "id", "\r", "\x85", "\0", "é", "  ", "!!int", "<<", "---"]
yaml_text = st.one_of(st.text(), tokens(YAML_PIECES, 80))


@QUICK
@given(yaml_text)
@example(f"minutes: {HUGE}\n")  # PyYAML raised ValueError (int digit limit), not a located error
@example("title: ok\nnote: a\x00b\n")  # a reader error carried no line
@example("a: &x [*x]\n")
@example("\ufeffid: sample\n")
@example("when: 2024-02-30\n")  # PyYAML raised ValueError: day is out of range for month
@example("a: !!bool maybe\nb: !!timestamp x\n")  # KeyError, AttributeError from PyYAML's constructors
@example("!!int")  # IndexError
@example("a: 0x" + "f" * 4000 + "\n")  # builds, but no message could ever print it
@example("a:\n  b: " + "[" * 1000 + "\n")  # RecursionError in PyYAML's composer
def test_yaml_reader_takes_any_text(text: str) -> None:
    result = outcome(lambda: parse_located_yaml(text, WORKSHEET), WORKSHEET, text)
    assert result is None or isinstance(result, Located)


class HugeNumber:
    """A whole number with more digits than Python turns into an int by default, as an author might paste one."""


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(HugeNumber, lambda dumper, _value: dumper.represent_scalar("tag:yaml.org,2002:int", HUGE))


def dump(tree: Any, **options: Any) -> str:
    return yaml.dump(tree, Dumper=Dumper, sort_keys=False, **options)


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.builds(HugeNumber), st.sampled_from([2**64, -(2**70), 0, -1]),
    st.floats(), st.text(max_size=12), st.dates(), st.datetimes(), st.binary(max_size=4),
    st.sampled_from(["<script>alert(1)</script>", "text", "coach", "per-participant", "private", "rating", "09:00"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.none(), st.booleans()), children, max_size=3),
    max_leaves=8,
)
EXTRA_KEYS = st.sampled_from(["tilte", "minute", "fields", "type", "agenda", "meetings", "id", "x", "<b>", ""])

WORKSHEET_DOC: dict[str, Any] = {
    "id": "sample", "title": "Sample sheet", "purpose": "A purpose.", "how_to_use": "Use it.", "audience": ["coach"],
    "minutes": 10, "group_size": "One", "materials": ["Pen"], "confidentiality": "private", "basis": ["known2020"],
    "related": ["peer-coaching/norms.md"], "pages": 1, "copies": "per-participant",
    "sections": [
        {"title": "First", "note": "A note.", "fields": [
            {"type": "text", "name": "who", "label": "Name", "prefill": "participant"},
            {"type": "lines", "name": "notes", "label": "Notes", "lines": 3},
            {"type": "checklist", "name": "checks", "label": "Checks", "items": ["One", "Two"]},
        ]},
        {"title": "Second", "fields": [
            {"type": "rating", "name": "score", "label": "Score", "scale": 5, "low": "Low", "high": "High"},
            {"type": "table", "name": "grid", "label": "Grid", "columns": ["A", "B"], "rows": 3},
            {"type": "textbox", "name": "box", "label": "Box", "lines": 2},
            {"type": "signature", "name": "sign", "label": "Signed"},
        ]},
    ],
}
STEP = {"title": "Open", "minutes": 10, "facilitator": "Welcome.", "participants": "Listen.", "page": "peer-coaching/norms.md"}
PLAN_DOC: dict[str, Any] = {
    "id": "sample", "title": "Sample", "purpose": "A purpose.", "audience": ["facilitator"], "duration": 30,
    "group_size": "Four", "preparation": ["Book a room"], "materials": ["Pens"], "basis": ["known2020"],
    "related": ["peer-coaching/norms.md"],
    "agenda": [STEP, {**STEP, "title": "Charter", "minutes": 20, "worksheet": "peer-group-charter", "watch": "Quiet."}],
}
MULTI_PLAN_DOC: dict[str, Any] = {
    **{k: v for k, v in PLAN_DOC.items() if k != "agenda"},
    "meetings": [
        {"title": "One", "when": "Week 1", "duration": 10, "agenda": [STEP]},
        {"title": "Two", "duration": 20, "agenda": [{**STEP, "minutes": 20}]},
    ],
}


def positions(tree: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key-or-index) in a tree of dicts and lists, once each even where the tree repeats itself."""
    seen: set[int] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in list(items):
            yield node, key
            stack.append(value)


@st.composite
def mutated_document(draw: st.DrawFn, base: dict[str, Any]) -> str:
    """A valid definition broken as authors break them, then written as YAML and perhaps damaged as text."""
    tree = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, 4))):
        places = list(positions(tree))
        parent, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "replace", "delete", "extra", "wrap", "alias", "self", "huge", "markup"]))
        if action == "replace":
            parent[key] = draw(VALUES)
        elif action == "delete":
            del parent[key]
        elif action == "extra":
            if isinstance(parent, dict):
                parent[draw(EXTRA_KEYS)] = draw(VALUES)
            else:
                parent.append(draw(VALUES))
        elif action == "wrap":
            parent[key] = [parent[key]]
        elif action == "alias":  # the same object twice becomes an anchor and an alias in YAML
            other_parent, other_key = draw(st.sampled_from(places))
            parent[key] = other_parent[other_key]
        elif action == "self" and isinstance(parent[key], (dict, list)):  # a structure holding itself
            inner = parent[key]
            if isinstance(inner, dict):
                inner["loop"] = inner
            else:
                inner.append(inner)
        elif action == "huge":
            parent[key] = draw(st.sampled_from([HugeNumber(), 10**400, float("inf"), -(2**70)]))
        elif action == "markup":
            parent[key] = "<script>window.__xss=1</script> {\\textless}b"
    text = dump(tree, allow_unicode=draw(st.booleans()), default_flow_style=draw(st.sampled_from([False, None, True])))
    lines = text.split("\n")
    crlf = False
    for _ in range(draw(st.integers(0, 2))):
        index = draw(st.integers(0, len(lines) - 1))
        damage = draw(st.sampled_from(["tab", "drop", "duplicate", "insert", "truncate", "bom", "crlf"]))
        if damage == "tab":
            lines[index] = re.sub(r"^ +", "\t", lines[index])
        elif damage == "drop":
            del lines[index]
        elif damage == "duplicate":
            lines.insert(index, lines[index])
        elif damage == "insert":
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + draw(tokens(MARKDOWN_PIECES, 3)) + lines[index][at:]
        elif damage == "truncate":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
            del lines[index + 1 :]
        elif damage == "bom":
            lines[0] = "\ufeff" + lines[0]
        elif damage == "crlf":
            crlf = True
        if not lines:
            break
    return ("\r\n" if crlf else "\n").join(lines)


def load_worksheet_text(text: str) -> Worksheet | None:
    return outcome(lambda: build_worksheet(parse_located_yaml(text, WORKSHEET), WORKSHEET, "sample", BIB_KEYS, PAGES),
                   WORKSHEET, text)


def load_plan_text(text: str) -> Plan | None:
    return outcome(lambda: parse_plan(text, PLAN, "sample", BIB_KEYS, PAGES, WORKSHEETS), PLAN, text)


def assert_typed(value: Any, where: str = "") -> None:
    """A returned definition holds what its model says: text is text, whole numbers are ints (never True), flags bool."""
    for name, item in vars(value).items():
        if isinstance(item, tuple):
            for index, part in enumerate(item):
                if hasattr(part, "__dataclass_fields__"):
                    assert_typed(part, f"{where}{name}[{index}].")
                else:
                    assert isinstance(part, str), f"{where}{name}[{index}] = {part!r}"
        elif name in {"minutes", "duration", "pages", "lines", "scale", "rows"}:
            assert type(item) is int, f"{where}{name} = {item!r}"
        elif name == "anonymous":
            assert type(item) is bool, f"{where}{name} = {item!r}"
        elif name == "max_participants":  # optional: a whole number where the plan gives one
            assert item is None or type(item) is int, f"{where}{name} = {item!r}"
        elif name != "prefill" or item is not None:
            assert isinstance(item, str), f"{where}{name} = {item!r}"


def test_the_unbroken_documents_load() -> None:
    """The generators start from valid definitions, so every failure below is the mutation's doing."""
    assert load_worksheet_text(dump(WORKSHEET_DOC)) is not None
    assert load_plan_text(dump(PLAN_DOC)) is not None
    assert load_plan_text(dump(MULTI_PLAN_DOC)) is not None


# Nine aliases of nine aliases, eight levels deep: 9**8 leaves if each alias were copied.
ALIAS_BOMB = "purpose:\n  l0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))


def _doc(base: dict[str, Any], **changes: Any) -> str:
    return dump({**base, **changes})


@FUZZ
@given(st.one_of(mutated_document(WORKSHEET_DOC), yaml_text))
@example(_doc(WORKSHEET_DOC, minutes=HugeNumber()))
@example(_doc(WORKSHEET_DOC, minutes=True))
@example(_doc(WORKSHEET_DOC, purpose="x").replace("purpose: x\n", ALIAS_BOMB))  # plain() took minutes on this
def test_worksheet_loader_takes_any_document(text: str) -> None:
    worksheet = load_worksheet_text(text)
    if worksheet is not None:
        assert_typed(worksheet)


@FUZZ
@given(st.one_of(mutated_document(PLAN_DOC), mutated_document(MULTI_PLAN_DOC), yaml_text))
@example(_doc(PLAN_DOC, duration=HugeNumber()))
@example(_doc(PLAN_DOC, duration=True, agenda=[{**STEP, "minutes": True}]))
def test_plan_loader_takes_any_document(text: str) -> None:
    plan = load_plan_text(text)
    if plan is not None:
        assert_typed(plan)
