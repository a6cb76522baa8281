"""Worksheets: located definition and template errors, real PDFs read back with pypdf, site pages, personal copies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_with_epoch, trustguide, warm_builds
from trustguide.content.definitions.yamlfile import parse_located_yaml
from trustguide.content.worksheets.loader import build_worksheet
from trustguide.core.errors import TrustGuideError, TrustGuideErrors
from trustguide.output.pdf.weasy import render_pdf
from trustguide.output.rendering.templates import render_template

ROOT = Path(__file__).resolve().parent.parent
POINTS = {"a4": (595, 842), "letter": (612, 792)}
VALID = """id: sample
title: Sample sheet
purpose: A purpose.
how_to_use: Use it well.
audience: [coach]
minutes: 10
group_size: One
materials: [Pen]
confidentiality: private
basis: [known2020]
related: [foundations/cognitive-trust.md]
pages: 1
copies: per-participant
sections:
  - title: Only section
    fields:
      - type: text
        name: who
        label: Name
        prefill: participant
      - type: lines
        name: notes
        label: Notes
        lines: 3
"""


def problems(text: str) -> list[str]:
    try:
        build_worksheet(parse_located_yaml(text, "worksheets/sample.yml"), "worksheets/sample.yml", "sample",
                        {"known2020"}, {"foundations/cognitive-trust.md"})
    except TrustGuideErrors as exc:
        return [str(p) for p in exc.problems]
    except TrustGuideError as exc:
        return [str(exc)]
    return []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "", None),
        ("        lines: 3\n", "", "worksheets/sample.yml:21: field 'notes' of type lines needs 'lines'"),
        ("type: lines", "type: essay", "worksheets/sample.yml:21: field 'type': Expected one of"),
        ("basis: [known2020]", "basis: [unknown1999]",
         "worksheets/sample.yml:10: basis cites unknown bibliography key 'unknown1999'"),
        ("related: [foundations/cognitive-trust.md]", "related: [nowhere.md]",
         "worksheets/sample.yml:11: related page 'nowhere.md' does not exist in docs/"),
        ("id: sample", "id: other", "worksheets/sample.yml:1: id 'other' must match the file name 'sample'"),
        ("minutes: 10\n", "", "worksheets/sample.yml:1: worksheet 'minutes': missing; add this field"),
        ("confidentiality: private", "confidentiality: secret", "worksheets/sample.yml:9: worksheet 'confidentiality'"),
        ("        name: who\n", "        name: who\n        colour: red\n",
         "worksheets/sample.yml:19: field: unknown field 'colour'"),
        ("purpose: A purpose.", "purpose: [unclosed", "worksheets/sample.yml:4: invalid YAML"),
        ("        name: notes", "        name: who", "worksheets/sample.yml:14: field names must be unique; repeated: who"),
    ],
    ids=["valid", "missing lines", "unknown type", "unknown bib key", "unknown page", "id mismatch", "missing field",
         "bad confidentiality", "unknown setting", "bad yaml", "duplicate names"],
)

def test_definition_errors_are_located(old: str, new: str, expected: str | None) -> None:
    found = problems(VALID.replace(old, new, 1) if old else VALID)
    if expected is None:
        assert found == []
    else:
        assert any(m.startswith(expected) for m in found), found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("minutes: 10", "minuts: 10", "worksheets/sample.yml:6: worksheet: unknown field 'minuts'; did you mean 'minutes'?"),
        ("basis: [known2020]", "basis: known2020",
         "worksheets/sample.yml:10: worksheet 'basis': expected a list, e.g. [first, second] (one item is written [item])"),
    ],
    ids=["misspelt required field", "one item not in a list"],
)
def test_one_mistake_is_one_message_in_the_authors_words(old: str, new: str, expected: str) -> None:
    # A misspelt required field was also reported missing, in MkDocs' words; a list gave Python's "<class 'str'>".
    assert old in VALID
    found = problems(VALID.replace(old, new, 1))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_template_errors_name_template_and_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "broken.html.j2").write_text("line one\n{{ missing_name }}\n", encoding="utf-8")
    with pytest.raises(TrustGuideError) as caught:
        render_template(templates, "broken.html.j2")
    assert str(caught.value).startswith("templates/broken.html.j2:2: template error:")
    (templates / "syntax.html.j2").write_text("a\nb\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TrustGuideError) as caught:
        render_template(templates, "syntax.html.j2")
    assert str(caught.value).startswith("templates/syntax.html.j2:3: template syntax error")


def test_pdf_rendering_refuses_the_network(tmp_path: Path) -> None:
    page = '<html lang="en"><head><title>t</title></head><body><img src="http://127.0.0.1:9/x.png" alt="x"></body></html>'
    with pytest.raises(BaseException, match=r"127\.0\.0\.1|disallowed|fetching"):
        render_pdf(page, tmp_path)


def _worksheet_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / "worksheets").glob("*.yml"))


def _declared_pages(worksheet_id: str) -> int:
    text = (ROOT / "worksheets" / f"{worksheet_id}.yml").read_text(encoding="utf-8")
    return int(re.search(r"(?m)^pages:\s*(\d+)", text).group(1))


def test_the_whole_set_of_worksheets_exists() -> None:
    assert len(_worksheet_ids()) >= 11


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("worksheet_id", _worksheet_ids())
def test_site_pdfs_read_back(built_site: Path, worksheet_id: str, paper: str) -> None:
    reader = PdfReader(built_site / "worksheets" / "pdf" / f"{worksheet_id}-{paper}.pdf")
    assert len(reader.pages) == _declared_pages(worksheet_id)
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == POINTS[paper]
    fields = reader.get_fields() or {}
    assert fields, "no fillable form fields"
    for number, page in enumerate(reader.pages, start=1):  # every field box lies inside the page's printable area
        width, height = POINTS[paper]
        for annotation in page.get("/Annots", []):
            xa, ya, xb, yb = (float(v) for v in annotation.get_object()["/Rect"])
            x1, x2, y1, y2 = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
            assert 0 < x1 < x2 < width and 60 < y1 < y2 < height, f"page {number}: a field box outside the page"
    assert all(f.get("/TU") for f in fields.values()), "a form field without a label tooltip"
    text = reader.pages[0].extract_text()
    assert "Page 1 of" in text and "CC BY-SA 4.0" in text
    assert f"/worksheets/{worksheet_id}/" in text  # the online address in the footer
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    assert root["/Lang"]
    assert reader.metadata.title
    fonts = [f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    assert all("/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] or
               "/FontFile3" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts
               if "/DescendantFonts" in f), "a font is not embedded"


def test_site_has_worksheet_pages_and_index(built_site: Path) -> None:
    index = (built_site / "worksheets/index.html").read_text(encoding="utf-8")
    assert index.count('class="tg-card"') == len(_worksheet_ids())
    assert 'data-confidentiality="destroy-after"' in index and 'name="audience"' in index
    page = (built_site / "worksheets/peer-group-charter/index.html").read_text(encoding="utf-8")
    assert 'class="tg-worksheet"' in page and "tg-print" in page and "tg-clear" in page
    assert 'id="references"' in page  # the cited basis
    for href in re.findall(r'href="([^"]+\.pdf)"', page):
        assert (built_site / "worksheets/peer-group-charter" / href).resolve().is_file(), href
    knowledge = (built_site / "peer-coaching/norms/index.html").read_text(encoding="utf-8")
    assert "Put it into practice" in knowledge and "worksheets/peer-group-charter/" in knowledge


def test_personalised_copies_one_per_participant(tmp_path: Path) -> None:
    output = tmp_path / "charter.pdf"
    result = trustguide(
        "worksheet", "peer-group-charter", "--org", "Acme", "--team", "Ops leadership", "--facilitator", "Sam Lee",
        "--date", "2026-12-01", "--participant", "Ana", "--participant", "<script>alert(1)</script>",
        "--paper", "letter", "-o", str(output), cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    reader = PdfReader(output)
    assert len(reader.pages) == 2 * _declared_pages("peer-group-charter")
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (612, 792)
    fields = reader.get_fields()
    values = {name: field.get("/V") for name, field in fields.items()}
    assert "Ana" in values.values()
    assert "<script>alert(1)</script>" in values.values()  # shown literally, as text
    assert "Ops leadership" in values.values() and "2026-12-01" in values.values()
    assert "Acme" in reader.pages[0].extract_text()
    second = reader.pages[_declared_pages("peer-group-charter")].extract_text()
    assert "For <script>alert(1)</script>" in second


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "-o", "x.pdf"], "unknown worksheet 'nope'"),
        (["peer-group-charter", "--date", "2026-13-01", "-o", "x.pdf"], "is not a date"),
        (["peer-group-charter", "--paper", "a5", "-o", "x.pdf"], "invalid choice: 'a5'"),
        (["peer-group-charter", "-o", "/nonexistent-folder/x.pdf"], "does not exist"),
        (["peer-group-charter", "-o", "x.txt"], "must end in .pdf"),
    ],
)
def test_worksheet_command_rejects_bad_values(args: list[str], message: str) -> None:
    result = trustguide("worksheet", *args, cwd=ROOT)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_worksheet_list(repo_root: Path) -> None:
    result = trustguide("worksheet", "--list", cwd=repo_root)
    assert result.returncode == 0
    assert set(_worksheet_ids()) <= {line.split()[0] for line in result.stdout.splitlines()}


def test_unchanged_rebuild_renders_no_pdf(project: Path) -> None:
    first = trustguide("build", cwd=project)
    assert first.returncode == 0, first.stderr
    # A test's build leaves the handbook out (conftest: TRUSTGUIDE_HANDBOOK=false), as a user's may: no handbook is
    # rendered or published, and no page links to one.
    assert "Handbook PDFs" not in first.stderr and not list((project / "site").rglob("handbook/*.pdf"))
    assert not [p for p in (project / "site").rglob("index.html") if "trust-guide-a4.pdf" in p.read_text(encoding="utf-8")]
    # With the handbook, as the run's first build made it (its SOURCE_DATE_EPOCH): a build of the same pages in
    # another checkout renders none, and says so, per language.
    second = run_with_epoch(["build"], project, handbook=True)
    assert second.returncode == 0, second.stderr
    assert "Worksheet PDFs: 0 rendered" in second.stderr
    handbooks = re.findall(r"Handbook PDFs: (\d+) rendered, (\d+) reused", second.stderr)
    built = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("handbook/*.pdf"))
    assert len(handbooks) == second.stderr.count("Worksheet PDFs:") > 0 and built, second.stderr  # each language
    assert [int(rendered) for rendered, _ in handbooks] == [0] * len(handbooks), second.stderr
    assert sum(int(reused) for _, reused in handbooks) == len(built)
    assert all((project / "site" / p).read_bytes() == (warm_builds() / "guide" / p).read_bytes() for p in built)


def test_a_link_into_a_sheet_is_checked_like_any_anchor_and_an_edit_renders_no_pdf(project: Path) -> None:
    """The sheets' HTML is kept out of the pages' Markdown while they render: its ids are still the page's anchors
    (a link to one builds, to a missing one stops the strict build), and editing a page prints no PDF again."""
    assert trustguide("build", cwd=project).returncode == 0
    sheet = (project / "site/worksheets/team-trust-pulse/index.html").read_text(encoding="utf-8")
    form = sheet.partition('<form class="tg-worksheet"')[2]
    anchor = re.search(r'\sid="([^"]+)"', form)
    assert anchor, "the sheet has no id to link to"
    target = anchor.group(1)
    page = project / "docs/foundations/cognitive-trust.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + f"\n\nFill in [the pulse](../worksheets/team-trust-pulse.md#{target}).\n", encoding="utf-8")
    linked = trustguide("build", cwd=project)
    assert linked.returncode == 0, linked.stderr
    assert "Worksheet PDFs: 0 rendered" in linked.stderr and "Run sheet PDFs: 0 rendered" in linked.stderr
    built = (project / "site/foundations/cognitive-trust/index.html").read_text(encoding="utf-8")
    assert f'href="../../worksheets/team-trust-pulse/#{target}"' in built
    page.write_text(original + "\n\nFill in [the pulse](../worksheets/team-trust-pulse.md#no-such-question).\n",
                    encoding="utf-8")
    broken = trustguide("build", cwd=project)
    assert broken.returncode != 0
    assert "does not contain an anchor '#no-such-question'" in broken.stderr
    assert "Traceback" not in broken.stderr
    assert f'#{target}"' in (project / "site/foundations/cognitive-trust/index.html").read_text(encoding="utf-8")


def test_worksheet_page_has_one_h1_and_nested_sheet_headings(built_site: Path) -> None:
    text = (built_site / "worksheets/peer-group-charter/index.html").read_text(encoding="utf-8")
    assert text.count("<h1") == 1
    assert '<h3 class="tg-sheet-title">' in text and "<h4>" in text


def test_the_paper_is_named_in_any_case(tmp_path: Path) -> None:
    from conftest import ROOT

    output = tmp_path / "pulse.pdf"
    result = trustguide("worksheet", "team-trust-pulse", "--paper", "Letter", "-o", str(output), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(output)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792)  # US Letter in points
    count = len(reader.pages)
    assert f"({count} page{'s' if count != 1 else ''})" in result.stderr
