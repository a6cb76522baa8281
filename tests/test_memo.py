"""What a warm build keeps from one reading to the next (trustguide.core.memo and the compiled templates) never hides an
edit, and the quick translation lookup finds exactly what a plain look through every pattern finds."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from conftest import ROOT
from trustguide.content.worksheets.loader import load_worksheet
from trustguide.core.errors import TrustGuideError
from trustguide.core.memo import remembered
from trustguide.output.rendering.templates import CompiledTemplates

PAGES = {"foundations/trust-is-a-team-property.md", "tools/pulse-tally.md", "team-coaching/team-performance-coaching.md",
         "foundations/why-trust-matters.md"}


def test_an_edit_that_keeps_size_and_time_is_still_read(tmp_path: Path) -> None:
    """Keys hold the content: a quick edit of the same length within the file system's time step is seen."""
    path = tmp_path / "team-trust-pulse.yml"
    original = (ROOT / "worksheets" / "team-trust-pulse.yml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    first = load_worksheet(path, "worksheets/team-trust-pulse.yml", {"centrefor_teams_trust"}, PAGES)
    assert first.title == "Team trust pulse"
    edited = original.replace("title: Team trust pulse", "title: Team trust PULSE")
    assert len(edited) == len(original)
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert load_worksheet(path, "worksheets/team-trust-pulse.yml", {"centrefor_teams_trust"}, PAGES).title == \
        "Team trust PULSE"
    # and a key the definition cites that is gone from the bibliography is an error again, not a remembered success
    with pytest.raises(TrustGuideError, match="centrefor_teams_trust"):
        load_worksheet(path, "worksheets/team-trust-pulse.yml", set(), PAGES)


def test_a_failure_is_not_remembered() -> None:
    calls = []

    def failing() -> int:
        calls.append(1)
        raise ValueError("no")

    for _ in range(2):
        with pytest.raises(ValueError):
            remembered("test-failure", "same key", failing)
    assert len(calls) == 2
    assert remembered("test-failure", "same key", lambda: 3) == 3


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    """The theme's templates are compiled once per content, in memory and on disk, across environments."""
    templates = tmp_path / "templates"
    templates.mkdir()
    page = templates / "page.html"
    page.write_text("Hello {{ name }}", encoding="utf-8")

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
                                 bytecode_cache=CompiledTemplates(f"test:{tmp_path}", tmp_path / "compiled"))
        return env.get_template("page.html").render(name="Ana")

    assert render() == "Hello Ana"
    assert list((tmp_path / "compiled").iterdir()), "nothing kept on disk for the next process"
    page.write_text("Goodbye {{ name }}", encoding="utf-8")
    assert render() == "Goodbye Ana"
    CompiledTemplates._memory.pop(f"test:{tmp_path}")  # a new process: only the disk is left
    page.write_text("Welcome {{ name }}", encoding="utf-8")
    assert render() == "Welcome Ana"

