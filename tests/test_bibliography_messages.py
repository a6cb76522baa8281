"""One message per cause: a broken entry in a copy of the guide's references.bib, as `check` and `build` report it."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import trustguide

BROKEN_CHAPTER = """
@incollection{okafor2020chapter,
  author    = {Okafor, Ada},
  title     = {Trust in peer groups},
  publisher = {Example Press},
  year      = {2020}
}
"""


def _break_bibliography(project: Path) -> int:
    """Append a chapter without its book title and cite it next to an existing key; the chapter's line."""
    bib = project / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text + BROKEN_CHAPTER, encoding="utf-8")
    page = project / "docs" / "foundations" / "why-trust-matters.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nPeer groups [@okafor2020chapter; @dirks2002trust].\n",
                    encoding="utf-8")
    return text.count("\n") + 2


def test_a_broken_entry_is_one_message_in_check_and_in_build(project: Path) -> None:
    line = _break_bibliography(project)
    check = trustguide("check", cwd=project)
    build = trustguide("build", "--site-dir", str(project / "out"), cwd=project)
    expected = (f"references.bib:{line}: entry 'okafor2020chapter' (@incollection) needs the field 'booktitle' "
                "(the title of the book that holds it); add it")
    assert check.returncode == 1 and build.returncode == 1
    assert check.stdout.splitlines() == [expected]  # no "unknown citation key" for it, nor for any other key
    assert build.stderr.splitlines()[0] == expected
    summary = [s for s in check.stderr.splitlines() if s.startswith("trustguide: 1 problem found")]
    assert summary and "1 of them in references.bib, listed first" in summary[0]
    timing = re.compile(r" in \d+\.\d s\)")  # the seconds the checks took differ from run to run
    assert [timing.sub(" in N s)", s) for s in build.stderr.splitlines()[:2]] == [expected, timing.sub(" in N s)", summary[0])]
    assert "Traceback" not in build.stderr and not (project / "out").exists()


def test_bibliography_problems_come_first_with_their_count(project: Path) -> None:
    _break_bibliography(project)
    (project / "docs" / "glossary.md").write_text(
        (project / "docs" / "glossary.md").read_text(encoding="utf-8") + "\nSee [@no_such_work2020].\n", encoding="utf-8")
    check = trustguide("check", cwd=project)
    lines = check.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("references.bib:") and lines[1].startswith("docs/glossary.md:")
    assert "unknown citation key '@no_such_work2020'" in lines[1]
    assert "2 problems found; 1 of them in references.bib, listed first" in check.stderr
