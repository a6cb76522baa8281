"""The source checks kept between runs: an unchanged file is not read again, and what the checks report is exactly
what reading every file again reports.

What an author relies on: a mistake in a file is reported on every run, whether the file was read or its findings
were kept; a changed file is read again; a damaged cache file costs time, never a missed mistake. The checks run
on a copy of the guide's sources (no build: they read sources only).
"""

from __future__ import annotations

import dataclasses
import marshal
import shutil
from pathlib import Path

import pytest

from conftest import PROJECT_PARTS, ROOT
from trustguide.engine.building import load_guide_config
from trustguide.guide.config import GuideConfig
from trustguide.output.checks import kept, runner

EDITED = "docs/foundations/cognitive-trust.md"
CACHE = ".cache/trustguide/checks-en.marshal"


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    """A copy of the guide's sources, without any cache."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / part)
    return tmp_path


def _config(guide: Path) -> GuideConfig:
    return load_guide_config(guide / "mkdocs.yml")


def _found(config: GuideConfig) -> list[str]:
    return [str(p) for p in runner.run_checks(config).problems]


def _append(path: Path, text: str) -> int:
    """Append `text` to a file; returns the line it starts at."""
    old = path.read_text(encoding="utf-8")
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1 + (not old.endswith("\n"))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Count the calls of one of the checks' readers (each call reads one file)."""
    calls: list[str] = []
    original = getattr(runner, name)

    def counted(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)
    monkeypatch.setattr(runner, name, counted)
    return calls


def _refusing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reader of a single file's own problems fails: what the checks report comes from what was kept."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a file was read again")
    for name in ("page_anchors", "internal_links", "scan_citations", "_front_matter", "parse_located_yaml",
                 "compiled_catalog", "validate_front_matter"):
        monkeypatch.setattr(runner, name, refuse)


def _break(guide: Path) -> None:
    """One mistake of each kind that a file shows by itself, in English pages and in the German translation."""
    page = guide / EDITED
    _append(page, "\n[Gone](nowhere.md) and [no heading](cognitive-trust.md#no-such-heading) "
                  "[@nobody-wrote-this-2020].\n\n<script>alert(1)</script>\n")
    _replace(page, "worksheets: [client-trust-reflection,", "worksheets: [no-such-sheet,")
    _replace(guide / "docs/foundations/relational-trust.md", "title:", "title: [unclosed\ncolour:")
    _replace(guide / "translations/de/docs/foundations/cognitive-trust.md", "audience:", "colour: red\naudience:")
    _append(guide / "translations/de/worksheets/alignment-gap-comparison.yml", "\n: : [broken\n")
    _append(guide / "translations/de/LC_MESSAGES/messages.po", '\nmsgid "unterminated\n')


def test_findings_are_the_same_read_again_or_kept(guide: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break(guide)
    config = _config(guide)
    without = _found(dataclasses.replace(config, checks_cache=None))
    assert not (guide / CACHE).exists()
    first = _found(config)  # reads every file and keeps what each said
    assert (guide / CACHE).is_file()
    _refusing(monkeypatch)
    again = _found(config)
    assert again == first == without
    # Each mistake is among them, at its file: the comparison is not of empty lists.
    for where, what in ((EDITED, "a page that does not exist"), (EDITED, "#no-such-heading"),
                        (EDITED, "nobody-wrote-this-2020"), (EDITED, "a script"), (EDITED, "no-such-sheet"),
                        ("docs/foundations/relational-trust.md", "not valid YAML"),
                        ("translations/de/docs/foundations/cognitive-trust.md", "colour"),
                        ("translations/de/worksheets/alignment-gap-comparison.yml", ""),
                        ("translations/de/LC_MESSAGES/messages.po", "")):
        assert any(p.startswith(f"{where}:") and what in p for p in again), (where, what, again)


def test_only_a_changed_file_is_read_again_and_its_new_mistake_reported(guide: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(guide)
    assert _found(config) == []
    line = _append(guide / EDITED, "\nSee [the missing page](missing-page.md).\n") + 1
    _append(guide / "translations/de/worksheets/alignment-gap-comparison.yml", "\n: : [broken\n")
    anchors = _counting(monkeypatch, "page_anchors")
    parsed = _counting(monkeypatch, "parse_located_yaml")
    found = _found(config)
    assert f"{EDITED}:{line}: link to 'missing-page.md', a page that does not exist" in found
    assert any(p.startswith("translations/de/worksheets/alignment-gap-comparison.yml:") for p in found), found
    assert len(anchors) == 1 and len(parsed) == 1  # the edited page and the edited definition, nothing else
    # Mended: the mistakes are gone (the kept findings of the broken texts are not used for the mended ones).
    _replace(guide / EDITED, "See [the missing page](missing-page.md).", "Mended.")
    yml = guide / "translations/de/worksheets/alignment-gap-comparison.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("\n: : [broken\n", ""), encoding="utf-8")
    assert _found(config) == []


def _damaged(path: Path) -> list[bytes]:
    """The kept file cut short, its bytes garbled, and whole but with one entry of the wrong shape."""
    whole = path.read_bytes()
    data = marshal.loads(whole)
    digest = next(iter(data["pages"]))
    data["pages"][digest] = ("page", ("not", "facts"))
    return [whole[: len(whole) // 2], b"\xe9\x00" * 40, b"", marshal.dumps(data)]


def test_a_damaged_cache_file_is_ignored_and_written_again(guide: Path) -> None:
    _break(guide)
    config = _config(guide)
    expected = _found(config)
    path = guide / CACHE
    for content in _damaged(path):
        path.write_bytes(content)
        assert _found(config) == expected
        rewritten = marshal.loads(path.read_bytes())  # the next run has whole findings again
        assert len(rewritten["pages"]) > 20 and all(kind in ("page", "problems")
                                                     for kind, _ in rewritten["pages"].values())


def test_findings_kept_under_other_rules_are_not_used(guide: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(guide)
    _found(config)
    _append(guide / EDITED, "\n[Gone](nowhere.md)\n")
    anchors = _counting(monkeypatch, "page_anchors")
    _found(config)
    assert len(anchors) == 1  # the same rules: the unchanged pages' findings are used
    anchors.clear()
    monkeypatch.setattr(kept, "_rules", lambda: "other rules")
    assert any("nowhere.md" in p for p in _found(config))
    assert len(anchors) > 20  # every page read again


def test_a_build_checks_the_configuration_it_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The checks take the configuration the build loaded (mkdocs.yml is loaded once, on the critical path): what they
    see is what the build builds, so a build given --site-url does not tell the author the address is the example
    one. The pages themselves are not built here (the checks and the note are what is looked at)."""
    from trustguide.cli import main
    from trustguide.core import stopping
    from trustguide.engine import building

    # The command runs in this process: the test run's logging and signal handlers stay as they are.
    monkeypatch.setattr(main, "_setup_logging", lambda _verbose: None)
    monkeypatch.setattr(stopping, "stop_on_termination", lambda _said="": None)
    loads: list[str] = []
    load_config = building.load_config
    monkeypatch.setattr(building, "load_config", lambda **kw: loads.append(kw["config_file"]) or load_config(**kw))
    checked: list[str] = []
    monkeypatch.setattr(building, "_build_into", lambda *_a, before, **_kw: checked.append("checks") or before())
    monkeypatch.chdir(ROOT)
    real = "https://coaching.northwind-health.org/guide/"
    for given, note in ((["--site-url", real], False), ([], True)):
        loads.clear()
        assert main.main(["build", "-d", str(tmp_path / "site"), *given]) == 0
        notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("trustguide: note:")]
        assert len(loads) == 1
        assert bool(notes) is note and all("trustguide.example.org" in line for line in notes), notes
    assert checked == ["checks", "checks"]
