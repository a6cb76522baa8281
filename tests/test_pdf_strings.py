"""Every string that reaches a PDF arrives exactly as written: apostrophes, quotes, ampersands, backslashes and
non-Latin letters in footers, titles, labels, tooltips, names and values from the command line, read back with pypdf.

Footers come from CSS (`content:` in @page), where HTML escaping would print "Client&#39;s"; they are CSS strings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import copy_project, trustguide
from trustguide.output.rendering.templates import css_string

TRICKY = 'O\'Brien & "Ko" \\ Jürgen Müller, 王秀英, Ἀθηνᾶ'
WORKSHEET = "peer-group-charter"
PLAN = "peer-coaching-launch"
ESCAPES = ("&#39;", "&#34;", "&quot;", "&amp;", "\\\\", "\\22", "\\5c")


def squash(text: str) -> str:
    return "".join(text.split())


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def _worksheet(data: dict) -> None:
    data["title"] = f"Sheet {TRICKY}"
    data["sections"][0]["title"] = f"Section {TRICKY}"
    fields = [f for s in data["sections"] for f in s["fields"]]
    next(f for f in fields if f.get("prefill") == "participant")["label"] = f"Label {TRICKY}"
    next(f for f in fields if f["type"] == "checklist")["items"][0] = f"Item {TRICKY}"


def _plan(data: dict) -> None:
    data["title"] = f"Plan {TRICKY}"
    data["agenda"][0]["title"] = f"Step {TRICKY}"


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("tricky") / "guide")
    _edit(project / "worksheets" / f"{WORKSHEET}.yml", _worksheet)
    _edit(project / "plans" / f"{PLAN}.yml", _plan)
    return project


def test_css_string_escapes_for_css_not_html() -> None:
    assert css_string("Client's \"trust\" \\ <b>&</b>\nnext") == (
        '"Client\'s \\"trust\\" \\\\ \\3c b\\3e &\\3c /b\\3e \\a next"')


def test_worksheet_pdf_keeps_every_string(tricky: Path, tmp_path: Path) -> None:
    output = tmp_path / "sheet.pdf"
    result = trustguide("worksheet", WORKSHEET, "--participant", TRICKY, "--team", f"Team {TRICKY}", "--org",
                        f"Org {TRICKY}", "--facilitator", f"Fac {TRICKY}", "-o", str(output), cwd=tricky)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(output)
    pages = [page.extract_text() for page in reader.pages]
    assert reader.metadata.title == f"Sheet {TRICKY}"
    total = len(pages)
    for number, text in enumerate(pages, start=1):  # the footer, exactly
        assert f"Sheet {TRICKY} · Page {number} of {total}" in text.splitlines(), text[-300:]
    everything = "\n".join(pages)
    lines = everything.splitlines()
    assert f"Sheet {TRICKY}" in lines  # the title
    assert f"Section {TRICKY}" in lines and f"Label {TRICKY}" in lines and f"Item {TRICKY}" in lines
    assert squash(f"For {TRICKY} · Team {TRICKY} · Org {TRICKY}") in squash(everything)  # a long line wraps
    assert not [e for e in ESCAPES if e in everything]
    fields = (reader.get_fields() or {}).values()
    values = {str(f.get("/V", "")) for f in fields}
    assert {TRICKY, f"Team {TRICKY}", f"Fac {TRICKY}"} <= values
    tooltips = {str(f.get("/TU", "")) for f in fields}
    assert {f"Label {TRICKY}", f"Item {TRICKY}"} <= tooltips


def test_pack_and_run_sheet_keep_every_string(tricky: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text(TRICKY + "\n", encoding="utf-8")
    output = tmp_path / "pack.pdf"
    result = trustguide("pack", PLAN, "--participants", str(names), "--team", f"Team {TRICKY}", "-o", str(output),
                        cwd=tricky)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(output)
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    footers = [next(line for line in text.splitlines() if f" · Page {n} of {total}" in line)
               for n, text in enumerate(pages, start=1)]
    assert footers[0] == f"Plan {TRICKY} · Page 1 of {total}"
    assert footers[1] == f"Run sheet: Plan {TRICKY} · Page 2 of {total}"
    assert any(f.startswith(f"Sheet {TRICKY} · Page ") for f in footers)  # the worksheet's running title
    everything = "\n".join(pages)
    assert squash(f"Step {TRICKY}") in squash(everything)
    assert reader.metadata.title == f"Facilitator pack: Plan {TRICKY} · Team {TRICKY}"
    assert not [e for e in ESCAPES if e in everything]
