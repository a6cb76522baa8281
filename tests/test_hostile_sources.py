"""Bad bytes and pathological sources: each is one located message from every command that reads the file, fast,
never a traceback; a byte order mark is accepted. (Payloads of a red-team pass; the text cases are in
test_catalogue.py.)"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import EPOCH, PROJECT_PARTS, ROOT, run_with_epoch, trustguide, warm_builds

ORGANISATION = ROOT / "tests" / "data" / "organisation"
NOT_UTF8 = "not valid UTF-8 (byte 0xE9 at column {column}); save the file as UTF-8"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide's sources and an organisation's folder, unbuilt: every case here stops at the checks."""
    folder = tmp_path_factory.mktemp("sources")
    (folder / "guide").mkdir()
    for part in PROJECT_PARTS:
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, folder / "guide" / part)
    shutil.copytree(ORGANISATION, folder / "org")
    return folder


@pytest.fixture
def guide(sources: Path, tmp_path: Path) -> Path:
    shutil.copytree(sources, tmp_path, dirs_exist_ok=True)
    return tmp_path / "guide"


def _spoil(path: Path, word: bytes, bad: bytes = b"\xe9") -> tuple[int, int]:
    """`bad` put into the file just after the first `word`; the line and (character) column of the bad byte."""
    data = path.read_bytes()
    at = data.index(word) + len(word)
    path.write_bytes(data[:at] + bad + data[at:])
    line_start = data.rfind(b"\n", 0, at) + 1
    return data.count(b"\n", 0, at) + 1, len(data[line_start:at].decode("utf-8")) + 1


def _no_traceback(*results) -> None:
    for result in results:
        assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]


# (file, where a byte goes, the commands that read the file besides check and build, with --org-dir for the org's)
NOT_UTF8_CASES = [
    ("docs/glossary.md", b"The terms of art used", ("pack",)),
    ("docs/includes/abbreviations.md", b"*[accountability gaps]: Uneven", ()),
    ("translations/de/docs/peer-coaching/norms.md", b"title: \"Normen", ()),
    ("worksheets/peer-group-charter.yml", b"title: Peer", ("worksheet", "pack")),
    ("plans/peer-coaching-launch.yml", b"title: Peer", ("pack",)),
    ("translations/de/worksheets/peer-group-charter.yml", b"title: Charta", ("worksheet-de",)),
    ("references.bib", b"title   = {", ("worksheet", "pack")),
    ("../org/docs/promise.md", b"title: ", ("pack",)),
    ("../org/organisation.yml", b"name: \"", ("worksheet", "pack")),
    ("../org/references.bib", b"title", ("worksheet", "pack")),
]
COMMANDS = {
    "worksheet": ("worksheet", "peer-group-charter", "-o", "x.pdf"),
    "worksheet-de": ("worksheet", "peer-group-charter", "--language", "de", "-o", "x.pdf"),
    "pack": ("pack", "peer-coaching-launch", "-o", "x.pdf"),
}


@pytest.mark.parametrize(("file", "word", "readers"), NOT_UTF8_CASES, ids=[c[0] for c in NOT_UTF8_CASES])
def test_a_byte_that_is_not_utf8_is_one_located_message(guide: Path, file: str, word: bytes,
                                                        readers: tuple[str, ...]) -> None:
    path = (guide / file).resolve()
    line, column = _spoil(path, word)
    shown = file if not file.startswith("../") else path.as_posix()
    expected = f"{shown}:{line}: {NOT_UTF8.format(column=column)}"
    org = ("--org-dir", str(guide.parent / "org")) if file.startswith("../") else ()

    check = trustguide("check", *org, cwd=guide)
    build = trustguide("build", "--site-dir", "out", *org, cwd=guide)
    others = [trustguide(*COMMANDS[name], *org, cwd=guide) for name in readers]
    _no_traceback(check, build, *others)
    assert check.returncode == 1 and check.stdout.splitlines() == [expected + " (in your editor: Save with encoding, UTF-8)"]
    assert build.returncode == 1 and expected in build.stderr and not (guide / "out").exists()
    for result in others:
        assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert not (guide / "x.pdf").exists()


def test_one_bad_byte_in_the_bibliography_is_one_message_not_every_citation(guide: Path) -> None:
    """The file cannot be read, but its keys stay known: no citation, basis or entry is reported as well."""
    line, column = _spoil(guide / "references.bib", b"@article{dirks2002trust,\n  author  = {Dirks, K")
    check = trustguide("check", cwd=guide)
    assert check.stdout.splitlines() == [f"references.bib:{line}: {NOT_UTF8.format(column=column)} "
                                         "(in your editor: Save with encoding, UTF-8)"]
    assert "1 problem found; 1 of them in references.bib" in check.stderr


BOM = b"\xef\xbb\xbf"
# (An English file with a mark is a changed file to its translation, whose `translated_from` is the hash of its bytes:
# the German pages compared are translated from files left alone.)
BOM_FILES = ["docs/peer-coaching/norms.md", "docs/includes/abbreviations.md", "translations/de/docs/glossary.md",
             "translations/de/docs/includes/abbreviations.md", "worksheets/peer-group-charter.yml",
             "translations/de/worksheets/peer-group-charter.yml", "plans/peer-coaching-launch.yml",
             "translations/de/LC_MESSAGES/messages.po", "translations/de/language.yml", "references.bib"]


def test_a_byte_order_mark_is_accepted_and_changes_nothing(project: Path) -> None:
    """Windows editors write one: the pages, definitions, tooltips and bibliography build byte for byte as without."""
    for file in BOM_FILES:
        (project / file).write_bytes(BOM + (project / file).read_bytes())
    check = trustguide("check", cwd=project)
    assert check.returncode == 0, check.stdout
    built = run_with_epoch(["build", "--site-dir", "site"], project, EPOCH)
    assert built.returncode == 0, built.stderr
    reference = warm_builds() / "guide"  # the repository's guide, built with the same SOURCE_DATE_EPOCH
    for page in ["peer-coaching/norms/index.html", "de/glossary/index.html", "glossary/index.html",
                 "worksheets/peer-group-charter/index.html", "sessions/peer-coaching-launch/index.html",
                 "references/index.html", "de/worksheets/peer-group-charter/index.html", "search/search_index.json",
                 "worksheets/pdf/peer-group-charter-a4.pdf"]:
        expected = (reference / page).read_bytes()
        if page == "search/search_index.json":  # the reference links its handbook from the home page; this build has
            expected = re.sub(rb" <p>Handbook \(PDF\): [^<]*</p>", b"", expected)  # none (TRUSTGUIDE_HANDBOOK=false)
        assert (project / "site" / page).read_bytes() == expected, page


def test_a_control_character_in_the_bibliography_is_refused_and_its_key_stays_known(guide: Path) -> None:
    """A NUL in a field reached the HTML: now the entry is refused at the character's line, and the pages citing
    it add no message of their own."""
    line, column = _spoil(guide / "references.bib", b"title   = {", b"\x00")
    check = trustguide("check", cwd=guide)
    build = trustguide("build", "--site-dir", "out", cwd=guide)
    _no_traceback(check, build)
    expected = (f"references.bib:{line}: entry 'dirks2002trust': a control character (U+0000) at column {column}, an "
                "invisible character; delete it")
    assert check.returncode == 1 and check.stdout.splitlines() == [expected]
    assert build.returncode == 1 and build.stderr.splitlines()[0] == expected and not (guide / "out").exists()


@pytest.mark.parametrize(("file", "limit"), [("docs/glossary.md", "2 MB a page"), ("references.bib", "10 MB a bibliography"),
                                             ("worksheets/peer-group-charter.yml", "1 MB a YAML file")])
def test_a_file_too_large_is_refused_before_it_is_read(guide: Path, file: str, limit: str) -> None:
    path = guide / file
    with path.open("a", encoding="utf-8") as stream:
        stream.write("\n" + "a line of a pasted export\n" * 500_000)  # 13 MB
    size = path.stat().st_size
    started = time.perf_counter()
    check = trustguide("check", cwd=guide)
    seconds = time.perf_counter() - started
    _no_traceback(check)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [f"{file}: is {size:,} bytes, more than the {limit} may have: split it into "
                                         "smaller files, or remove what was pasted in by mistake"]
    assert seconds < 30


def test_braces_nested_200000_deep_are_refused_in_seconds(guide: Path) -> None:
    """pandoc's time grows with the square of the depth: six minutes for this entry, before the limit."""
    bib = guide / "references.bib"
    text = bib.read_text(encoding="utf-8")
    deep = "{" * 200_000 + "Deep" + "}" * 200_000
    bib.write_text(text + f"\n@article{{deep2020,\n  author = {{Doe, Jane}},\n  title = {{{deep}}},\n"
                          "  journal = {J}, year = {2020}\n}\n", encoding="utf-8")
    page = guide / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nDeep, as shown [@deep2020].\n", encoding="utf-8")
    line = text.count("\n") + 4
    expected = (f"references.bib:{line}: entry 'deep2020': braces nested more than 20 levels deep; a field needs a few "
                "at most ({{NASA}} keeps capitals): remove the extra braces")
    started = time.perf_counter()
    check = trustguide("check", cwd=guide)
    _no_traceback(check)
    assert check.stdout.splitlines() == [expected]  # the page citing it adds nothing
    build = trustguide("build", "--site-dir", "out", cwd=guide)
    seconds = time.perf_counter() - started
    _no_traceback(build)
    assert build.returncode == 1 and build.stderr.splitlines()[0] == expected
    assert seconds < 60, seconds


YAML_MISTAKES = [  # what an author writes, and what they read: line, column, the words
    ("title: Trust: a guide\n", 1, 13, "a colon followed by a space inside a value: put the value in quotes"),
    ("items:\n  - one\n  two\n", 3, 3, "a list item must start with '- '"),
    ("items:\n  - one\n  -two\n", 3, 3, "a list item must start with '- '"),
    ("title: x\naudience: [coach, facilitator\ntags: [a]\n", 3, 5, "a list in [brackets] (opened on line 2) is not closed"),
    ("title: \"Trust\nminutes: 5\n", 1, 8, "a quote that is never closed: add the closing quote"),
    ("a:\n\tb: 1\n", 2, 1, "a tab: indent with spaces, not tabs"),
    ("title: @home\n", 1, 8, "a value cannot start with '@': put the value in quotes"),
    ("title: x\ntitle2\nminutes: 5\n", 2, 1, "this line has no colon: write it as 'key: value'"),
    ("title: \"C:\\dir\"\n", 1, 11, "a backslash in double quotes starts an escape"),
    ("title: *bold*\n", 1, 8, "a value that starts with '*' or '&' must be in quotes"),
    ("title: x\n---\nminutes: 5\n", 2, 1, "a second '---' line starts another document"),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), YAML_MISTAKES, ids=[m[3][:30] for m in YAML_MISTAKES])
def test_yaml_mistakes_are_said_in_the_authors_words(text: str, line: int, column: int, words: str) -> None:
    from trustguide.content.definitions.yamlfile import parse_located_yaml
    from trustguide.core.errors import TrustGuideError

    with pytest.raises(TrustGuideError) as raised:
        parse_located_yaml(text, "worksheets/x.yml")
    assert str(raised.value).startswith(f"worksheets/x.yml:{line}: invalid YAML at column {column}: {words}"), raised.value


@pytest.mark.parametrize(("added", "message"), [
    (b'\n--8<-- "includes/gone.md"\n', "snippet 'includes/gone.md' not found in docs/"),
    (b"\nCaf\xe9\n", NOT_UTF8.format(column=4)),
], ids=["missing snippet", "not UTF-8"])
def test_a_plain_mkdocs_build_says_where_a_page_is_wrong(guide: Path, added: bytes, message: str) -> None:
    """Without `trustguide check` before it: pymdownx.snippets raised from inside the conversion, and MkDocs could
    not decode the page, each in a traceback."""
    from conftest import BIN, run

    page = guide / "docs" / "glossary.md"
    lines = page.read_bytes().count(b"\n")
    page.write_bytes(page.read_bytes() + added)
    result = run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(guide / "out")], cwd=guide)
    _no_traceback(result)
    assert result.returncode == 1
    assert f"docs/glossary.md:{lines + 2}: {message}" in result.stderr


@pytest.mark.parametrize("run", ["{", "[", "`", "```", "![", "[a](", "[-@"])
def test_a_long_run_of_markup_on_one_line_is_checked_in_linear_time(run: str) -> None:
    """Each '{' of such a line started a match for an attribute list ({#id}) that ran to the line's end and back
    (a page with 100,000 of them took the checks 27 s), and so did each '[' for a link and each '`' for code: a
    line of 30,000 '[a](' took 90 s; this is 100,000 of each."""
    from trustguide.output.checks.links import internal_links, page_anchors

    text = "Deep " + run * 100_000 + " [kept](glossary.md) {#kept}\n"
    started = time.perf_counter()
    assert page_anchors(text) >= {"kept"}
    assert [link.target for link in internal_links(text, "index.md")][-1:] == ["glossary.md"]
    assert time.perf_counter() - started < 2
