"""A catalogue of author and user mistakes, one case each, run end to end.

Each case breaks a copy of a published guide in one way and runs the command an author would run. It asserts the
exit code, the located message (file:line where the mistake has a line), no traceback, and that the published site
is byte-for-byte what it was. Source mistakes are also found by `trustguide check`, at the same place.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BIN, copy_project, run, tree_digest, trustguide


@dataclass(frozen=True)
class Mistake:
    id: str
    file: str  # the file the case breaks (relative to the project), "" for command-line mistakes
    old: str  # text replaced ("" appends `new`)
    new: str
    message: str  # part of the message after "file:line: "
    line_of: str | None = None  # the located line is where this text stands after the change (None: no line)
    command: tuple[str, ...] = ("build",)
    exit_code: int = 1
    checked: bool = True  # `trustguide check` finds it too


def _bib_entry(key: str, body: str) -> str:
    return f"\n@article{{{key},\n{body}}}\n"


ARTICLE = "  author = {Doe, Jane},\n  year = {2020},\n  title = {A title},\n  journal = {A journal}\n"

MISTAKES = [
    # The bibliography
    Mistake("bib-missing-comma", "references.bib", "", _bib_entry("doe2020a", ARTICLE.replace("{2020},", "{2020}")),
            "missing comma", line_of="  title = {A title}"),
    Mistake("bib-unclosed-entry", "references.bib", "", "\n@article{doe2020b,\n  author = {Doe, Jane,\n  year = {2020}\n",
            "", line_of="@article{doe2020b"),
    Mistake("bib-duplicate-key", "references.bib", "", _bib_entry("dirks2002trust", ARTICLE), "dirks2002trust",
            line_of="@article{dirks2002trust,\n  author = {Doe"),
    Mistake("bib-unsupported-type", "references.bib", "", "\n@patent{doe2020c,\n  title = {X},\n  year = {2020}\n}\n",
            "patent", line_of="@patent{doe2020c"),
    Mistake("bib-missing-required-field", "references.bib", "", _bib_entry("doe2020d", ARTICLE.replace("  journal = {A journal}\n", "")),
            "journal", line_of="@article{doe2020d"),
    Mistake("bib-bad-doi", "references.bib", "doi     = {10.1037/0021-9010.87.4.611}", "doi     = {doi.org/611}", "doi",
            line_of="doi     = {doi.org/611}"),
    Mistake("bib-bad-year", "references.bib", "year    = {2002}", "year    = {20O2}", "year", line_of="year    = {20O2}"),
    Mistake("bib-control-character", "references.bib", "year    = {2002}", "year    = {2002\x00}",
            "entry 'dirks2002trust': a control character (U+0000) at column 18, an invisible character; delete it",
            line_of="year    = {2002\x00}"),
    # 200,000 levels took pandoc six minutes; refused before anything reads the entry, its key still known
    Mistake("bib-braces-too-deep", "references.bib", "", _bib_entry("doe2020e", ARTICLE.replace(
        "{A title}", "{" + "{" * 200_000 + "A title" + "}" * 200_000 + "}")),
        "entry 'doe2020e': braces nested more than 20 levels deep", line_of="  title = {{{"),
    # Citations, links, images and glossary terms in pages
    Mistake("cite-unknown-key", "docs/peer-coaching/norms.md", "", "\n\nAs shown before [@nobody1999].\n",
            "unknown citation key '@nobody1999'; add it to references.bib", line_of="As shown before"),
    Mistake("cite-typo-suggests", "docs/peer-coaching/norms.md", "", "\n\nAs shown before [@steinberg2021suprising].\n",
            "did you mean @steinberg2021surprising?", line_of="As shown before"),
    Mistake("link-missing-page", "docs/glossary.md", "", "\n\nSee [the old page](no-such-page.md).\n", "no-such-page.md",
            line_of="See [the old page]"),
    Mistake("link-missing-anchor", "docs/glossary.md", "", "\n\nSee [norms](peer-coaching/norms.md#no-such-heading).\n",
            "no-such-heading", line_of="See [norms]"),
    Mistake("image-missing", "docs/glossary.md", "", "\n\n![A diagram](assets/diagram.png)\n", "assets/diagram.png",
            line_of="![A diagram]"),
    Mistake("snippet-missing", "docs/glossary.md", "", '\n\n--8<-- "includes/no-such-snippet.md"\n',
            "snippet 'includes/no-such-snippet.md' not found in docs/", line_of='--8<-- "includes/no-such'),
    Mistake("snippet-outside-docs", "docs/glossary.md", "", '\n\n--8<-- "../mkdocs.yml"\n',
            "snippet '../mkdocs.yml' is outside docs/", line_of='--8<-- "../mkdocs.yml"'),
    Mistake("glossary-tooltip-malformed", "docs/includes/abbreviations.md", "", "*[broken tooltip] no colon\n",
            "not a glossary tooltip", line_of="*[broken tooltip]", command=("check",)),
    Mistake("glossary-tooltip-without-entry", "docs/includes/abbreviations.md", "", "*[zebra crossing]: A crossing.\n",
            "tooltip 'zebra crossing' has no entry in the glossary", line_of="*[zebra crossing]", command=("check",)),
    # Front matter
    Mistake("front-matter-missing", "docs/team-coaching/team-performance-coaching.md", "---\n", "--\n",
            "has no front matter", line_of=None),
    Mistake("front-matter-invalid-yaml", "docs/peer-coaching/norms.md", "\naudience: [", "\naudience: [[",
            "front matter is not valid YAML", line_of="tags:\n  - peer coaching", command=("check",)),
    Mistake("front-matter-nested-too-deep", "docs/peer-coaching/norms.md", "\ntags:",
            "\nsubtitle: " + "[" * 4_000 + "]" * 4_000 + "\ntags:",  # within a page's line limit, far too deep
            "front matter: lists and mappings are nested more than 20 levels deep", line_of="subtitle: [[["),
    Mistake("front-matter-control-character", "docs/peer-coaching/norms.md", "\ntags:", '\nsubtitle: "Norms\\0"\ntags:',
            "front matter 'subtitle' holds a control character (U+0000)", line_of="subtitle:"),
    Mistake("front-matter-no-description", "docs/peer-coaching/norms.md", "\ndescription:", "\ndescriptio:",
            "unknown field 'descriptio'; did you mean 'description'?", line_of="descriptio:"),
    Mistake("front-matter-bad-audience", "docs/peer-coaching/norms.md", "\naudience: [", "\naudience: [manager, ",
            "front matter 'audience'", line_of="audience: [manager"),
    Mistake("front-matter-unknown-worksheet", "docs/peer-coaching/norms.md", "\nworksheets: [", "\nworksheets: [no-such-sheet, ",
            "no-such-sheet", line_of="worksheets: [no-such-sheet"),
    Mistake("front-matter-unknown-plan", "docs/peer-coaching/norms.md", "\nsession_plans: [", "\nsession_plans: [no-such-plan, ",
            "no-such-plan", line_of="session_plans: [no-such-plan"),
    # Worksheet definitions
    Mistake("worksheet-unknown-field-type", "worksheets/peer-session-run-sheet.yml", "- type: table", "- type: grid",
            "field 'type'", line_of="- type: grid"),
    Mistake("worksheet-rating-without-scale", "worksheets/client-trust-reflection.yml", "    scale: ", "    scael: ",
            "unknown field 'scael'", line_of="scael: "),
    Mistake("worksheet-unknown-basis", "worksheets/peer-session-run-sheet.yml", "basis: [steinberg2021surprising]",
            "basis: [steinberg2021]", "unknown bibliography key 'steinberg2021'", line_of="basis: [steinberg2021]"),
    Mistake("worksheet-id-not-file-name", "worksheets/peer-session-run-sheet.yml", "id: peer-session-run-sheet",
            "id: peer-session", "must match the file name", line_of="id: peer-session"),
    Mistake("worksheet-invalid-yaml", "worksheets/peer-session-run-sheet.yml", "title: Peer-coaching session run sheet",
            "title: [Peer-coaching session run sheet", "invalid YAML", line_of=None),
    Mistake("worksheet-yaml-colon-in-value", "worksheets/peer-session-run-sheet.yml",
            "title: Peer-coaching session run sheet", "title: Peer-coaching: session run sheet",
            "invalid YAML at column 21: a colon followed by a space inside a value: put the value in quotes",
            line_of="title: Peer-coaching:"),
    Mistake("worksheet-nested-too-deep", "worksheets/peer-session-run-sheet.yml", "title: Peer-coaching session run sheet",
            "title: " + "[" * 100_000 + "]" * 100_000, "lists and mappings are nested more than 20 levels deep",
            line_of="title: [[["),
    Mistake("worksheet-control-character", "worksheets/peer-session-run-sheet.yml",
            "title: Peer-coaching session run sheet", 'title: "Peer-coaching session\\x07 run sheet"',
            "'Peer-coaching session\\x07 run sheet' holds a control character (U+0007)", line_of="title:"),
    # Session plans
    Mistake("plan-yaml-list-item-without-dash", "plans/peer-coaching-launch.yml", "  - Flip chart and marker pens",
            "  Flip chart and marker pens", "invalid YAML at column 3: a list item must start with '- '",
            line_of="  Flip chart and marker pens"),
    Mistake("plan-minutes-do-not-add-up", "plans/peer-coaching-session.yml", "\nduration: ", "\nduration: 1",
            "the steps of the agenda add up to", line_of="\nduration: 1"),
    Mistake("plan-unknown-worksheet", "plans/peer-coaching-launch.yml", "worksheet: peer-group-charter",
            "worksheet: peer-group-charta", "unknown worksheet 'peer-group-charta'", line_of="worksheet: peer-group-charta"),
    Mistake("plan-unknown-page", "plans/peer-coaching-launch.yml", "page: peer-coaching/norms.md", "page: peer-coaching/nroms.md",
            "'peer-coaching/nroms.md', which does not exist", line_of="page: peer-coaching/nroms.md"),
    Mistake("plan-meetings-do-not-add-up", "plans/value-question-cycle.yml", "\nduration: ", "\nduration: 9",
            "the meetings last", line_of="\nduration: 9"),
    # Templates
    Mistake("template-syntax-error", "templates/worksheet/sheet.html.j2", "{%- endfor %}", "{%- endfore %}",
            "template syntax error", line_of="{%- endfore %}"),
    Mistake("template-undefined-name", "templates/session/runsheet.html.j2", "{{ plan.purpose }}", "{{ plan.purpse }}",
            "template error", line_of="{{ plan.purpse }}", checked=False),
    # Organisation settings
    Mistake("organisation-unknown-part", "organisation.yml", "", "name: Acme\nleave_out: [performance-management]\n",
            "unknown part 'performance-management'; the closest is 'accountability'", line_of="leave_out"),
    Mistake("organisation-misspelt-key", "organisation.yml", "", "name: Acme\nsite_nmae: Acme's guide\n",
            "unknown field 'site_nmae'; did you mean 'site_name'?", line_of="site_nmae"),
    Mistake("organisation-missing-logo", "organisation.yml", "", "name: Acme\nlogo: brand/logo.svg\n",
            "logo file 'brand/logo.svg' not found", line_of="logo:"),
    Mistake("organisation-bad-colour", "organisation.yml", "", "name: Acme\ncolours:\n  primary: blue\n  accent: '#ff0000'\n",
            "colours 'primary': 'blue' is not a colour", line_of="  primary: blue"),
    Mistake("organisation-missing-overlay", "organisation.yml", "", "name: Acme\noverlay: our-pages\n",
            "overlay folder 'our-pages' not found", line_of="overlay:"),
    # The site's configuration: MkDocs' own message for the option, not only "Aborted with a configuration error!"
    Mistake("config-custom-dir-typo", "mkdocs.yml", "custom_dir: overrides", "custom_dir: overides",
            "option 'theme': The path set in custom_dir", line_of="theme:", checked=False),
    Mistake("config-plugin-typo", "mkdocs.yml", "  - trustguide-pages\n", "  - trustguide-page\n",
            "option 'plugins': The \"trustguide-page\" plugin is not installed", line_of="plugins:", checked=False),
    # The command line
    Mistake("cli-pack-unknown-plan", "", "", "", "pack: unknown session plan 'launch'",
            command=("pack", "launch", "-o", "x.pdf"), checked=False),
    Mistake("cli-pack-bad-start", "", "", "", "--start: '1:30pm' is not a time",
            command=("pack", "peer-coaching-launch", "--start", "1:30pm", "-o", "x.pdf"), checked=False),
    Mistake("cli-pack-missing-participants", "", "", "", "names.txt: participants file not found",
            command=("pack", "peer-coaching-launch", "--participants", "names.txt", "-o", "x.pdf"), checked=False),
    Mistake("cli-worksheet-bad-date", "", "", "", "--date: '2026-13-01' is not a date",
            command=("worksheet", "peer-group-charter", "--date", "2026-13-01", "-o", "x.pdf"), checked=False),
    Mistake("cli-worksheet-too-many-participants", "", "", "", "--participant: 41 participants; a worksheet takes at "
            "most 40", command=("worksheet", "peer-group-charter", *(f"--participant=P{i}" for i in range(41)), "-o",
                                "x.pdf"), checked=False),
    Mistake("cli-worksheet-long-name", "", "", "", "--participant: a name is longer than 80 characters",
            command=("worksheet", "peer-group-charter", "--participant", "N" * 81, "-o", "x.pdf"), checked=False),
    Mistake("cli-worksheet-unknown", "", "", "", "unknown worksheet 'charter'",
            command=("worksheet", "charter", "-o", "x.pdf"), checked=False),
    Mistake("cli-missing-config", "", "", "", "elsewhere.yml: no such configuration file",
            command=("build", "-f", "elsewhere.yml"), checked=False),
    Mistake("cli-unknown-paper", "", "", "", "invalid choice: 'a3'",
            command=("worksheet", "peer-group-charter", "--paper", "a3", "-o", "x.pdf"), exit_code=2, checked=False),
]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A guide built and published once; every case starts from a copy of it."""
    project = copy_project(tmp_path_factory.mktemp("published") / "guide")
    result = trustguide("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


def _apply(project: Path, mistake: Mistake) -> None:
    if not mistake.file:
        return
    path = project / mistake.file
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if mistake.old:
        assert mistake.old in text, f"{mistake.id}: '{mistake.old}' not in {mistake.file}"
        text = text.replace(mistake.old, mistake.new, 1)
    else:
        text += mistake.new
    path.write_text(text, encoding="utf-8")


def _where(project: Path, mistake: Mistake) -> str:
    if not mistake.file:
        return ""
    if mistake.line_of is None:
        return f"{mistake.file}:"
    text = (project / mistake.file).read_text(encoding="utf-8")
    index = text.index(mistake.line_of) + (1 if mistake.line_of.startswith("\n") else 0)
    return f"{mistake.file}:{text.count(chr(10), 0, index) + 1}: "


def test_the_catalogue_is_large_and_distinct() -> None:
    assert len(MISTAKES) >= 30
    assert len({m.id for m in MISTAKES}) == len(MISTAKES)
    kinds = {m.file.split("/")[0] for m in MISTAKES if m.file}
    assert kinds == {"references.bib", "docs", "worksheets", "plans", "templates", "organisation.yml", "mkdocs.yml"}
    assert len([m for m in MISTAKES if not m.file]) >= 5  # and the command line


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.id)
def test_mistake_is_located_and_the_site_kept(published: Path, tmp_path: Path, mistake: Mistake) -> None:
    project = tmp_path / "guide"
    shutil.copytree(published, project, symlinks=True)
    before = tree_digest(project / "site")
    _apply(project, mistake)
    where = _where(project, mistake)

    result = trustguide(*mistake.command, cwd=project)
    assert result.returncode == mistake.exit_code, result.stderr
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert any(where in line and mistake.message in line for line in output.splitlines()), (where, output)
    assert tree_digest(project / "site") == before
    assert not (project / "x.pdf").exists()

    if mistake.checked:
        check = trustguide("check", cwd=project)
        assert check.returncode == 1, check.stdout + check.stderr
        assert "Traceback" not in check.stderr
        reported = check.stdout.splitlines()
        assert any(line.startswith(where) and mistake.message in line for line in reported), (where, check.stdout)


def test_check_passes_on_the_guide_and_is_fast(published: Path) -> None:
    result = trustguide("check", cwd=published)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems found" in result.stderr


def test_check_lists_every_problem_not_only_the_first(published: Path, tmp_path: Path) -> None:
    project = tmp_path / "guide"
    shutil.copytree(published, project, symlinks=True)
    chosen = [m for m in MISTAKES if m.checked and m.file.startswith(("docs/glossary", "plans/", "worksheets/peer-session"))
              and m.id != "worksheet-invalid-yaml"][:6]
    for mistake in chosen:
        _apply(project, mistake)
    result = trustguide("check", cwd=project)
    assert result.returncode == 1
    for mistake in chosen:
        assert mistake.message in result.stdout, mistake.id
    assert all(":" in line for line in result.stdout.splitlines())


@pytest.mark.parametrize("command", [("build",), ("check",), ("serve", "-a", "127.0.0.1:0")])
def test_a_configuration_mistake_names_its_cause_in_every_command(published: Path, tmp_path: Path,
                                                                  command: tuple[str, ...]) -> None:
    """One line with MkDocs' own reason, the file and the option, where MkDocs alone says only that it aborted."""
    project = tmp_path / "guide"
    shutil.copytree(published, project, symlinks=True)
    mistake = next(m for m in MISTAKES if m.id == "config-custom-dir-typo")
    _apply(project, mistake)
    result = run([str(BIN / "trustguide"), *command], cwd=project, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("trustguide: error:")]
    assert errors == [f"trustguide: error: {_where(project, mistake)}{mistake.message} "
                      f"('{(project / 'overides').as_posix()}') does not exist."], result.stderr
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr


def test_every_front_matter_problem_of_every_page_in_one_run(published: Path, tmp_path: Path) -> None:
    """A page with a title only lacks three fields: `check`, `trustguide build` and a plain MkDocs build name all
    three, with the problems of another page, in one run."""
    project = tmp_path / "guide"
    shutil.copytree(published, project, symlinks=True)
    before = tree_digest(project / "site")
    (project / "docs/new-page.md").write_text("---\ntitle: A new page\n---\n\n# A new page\n", encoding="utf-8")
    norms = project / "docs/peer-coaching/norms.md"
    text = norms.read_text(encoding="utf-8")
    assert "\naudience: [" in text and "\ntags:" in text
    norms.write_text(text.replace("\naudience: [", "\naudience: [manager, ").replace("\ntags:", "\ntagz:"),
                     encoding="utf-8")
    norms_text = norms.read_text(encoding="utf-8")

    def line(fragment: str) -> int:
        return norms_text[: norms_text.index(fragment)].count("\n") + 1

    expected = [
        "docs/new-page.md:1: front matter 'description': missing; add this field",
        "docs/new-page.md:1: front matter 'audience': missing; add this field",
        "docs/new-page.md:1: front matter 'tags': missing; add this field",
        f"docs/peer-coaching/norms.md:{line('audience: [manager')}: front matter 'audience'",
        f"docs/peer-coaching/norms.md:{line('tagz:')}: front matter has an unknown field 'tagz'; did you mean 'tags'?",
    ]
    # 'tagz' is one mistake: 'tags' is not reported missing as well.
    not_expected = "docs/peer-coaching/norms.md:1: front matter 'tags'"
    check = trustguide("check", cwd=project)
    build = trustguide("build", cwd=project)
    plain = run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "plain")], cwd=project)
    for result in (check, build, plain):
        assert result.returncode == 1
        output = (result.stdout + result.stderr).splitlines()
        missing = [e for e in expected if not any(e in line for line in output)]
        assert not missing, (missing, result.stdout + result.stderr)
        assert not any(not_expected in line for line in output), result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before
