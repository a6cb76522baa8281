"""The printed layout of worksheet fields, checked on the site's PDFs as a reader sees them.

A table's label prints above its column headings; a writing field of N lines prints N rules, the last one once
(it used to be doubled by a border under the last ruled line). Rules are counted on the page rendered to pixels by
poppler's pdftoppm, down a column through the field's own box (the PDF form field's /Rect).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader

from conftest import ROOT

DPI = 150


def definition(worksheet_id: str) -> dict:
    return yaml.safe_load((ROOT / "worksheets" / f"{worksheet_id}.yml").read_text(encoding="utf-8"))


def fields_of(worksheet_id: str, kind: str) -> list[dict]:
    return [f for s in definition(worksheet_id)["sections"] for f in s["fields"] if f["type"] == kind]


WITH_TABLES = sorted(p.stem for p in (ROOT / "worksheets").glob("*.yml") if fields_of(p.stem, "table"))
WITH_LINES = sorted(p.stem for p in (ROOT / "worksheets").glob("*.yml") if fields_of(p.stem, "lines"))


@pytest.mark.parametrize("worksheet_id", WITH_TABLES)
def test_table_labels_print_above_their_column_headings(built_site: Path, worksheet_id: str) -> None:
    reader = PdfReader(built_site / "worksheets" / "pdf" / f"{worksheet_id}-a4.pdf")
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    for table in fields_of(worksheet_id, "table"):
        heading = next(i for i, line in enumerate(lines) if line.startswith(table["columns"][0])
                       and all(c in line for c in table["columns"]))
        assert lines[heading - 1] == table["label"], (table["label"], lines[heading - 2:heading + 1])


def _dark_runs(column: list[int]) -> int:
    """How many separate dark stretches a column of grey values crosses (a rule is one stretch)."""
    runs, inside = 0, False
    for value in column:
        dark = value < 200
        runs += dark and not inside
        inside = dark
    return runs


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is installed by setup.sh test")
@pytest.mark.parametrize("worksheet_id", WITH_LINES)
def test_a_field_of_n_lines_prints_n_rules(built_site: Path, tmp_path: Path, worksheet_id: str) -> None:
    pdf = built_site / "worksheets" / "pdf" / f"{worksheet_id}-a4.pdf"
    reader = PdfReader(pdf)
    wanted = {f["name"]: f["lines"] for f in fields_of(worksheet_id, "lines")}
    checked = 0
    for number, page in enumerate(reader.pages, start=1):
        boxes = {}
        for annotation in page.get("/Annots", []):
            widget = annotation.get_object()
            name = str(widget.get("/T", ""))
            if name in wanted:
                boxes[name] = [float(v) for v in widget["/Rect"]]
        if not boxes:
            continue
        prefix = tmp_path / f"p{number}"
        subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(number), "-l", str(number), str(pdf),
                        str(prefix)], check=True)
        image = Image.open(next(tmp_path.glob(f"p{number}*.pgm")))
        height_pt = float(page.mediabox.height)
        scale = DPI / 72
        for name, (x1, y1, x2, y2) in boxes.items():
            x = int((x1 + x2) / 2 * scale)
            top = int((height_pt - max(y1, y2)) * scale)
            bottom = int((height_pt - min(y1, y2)) * scale)
            margin = int(3 / 25.4 * DPI)  # 3 mm beyond the box: a doubled rule below it would show here
            column = [image.getpixel((x, y)) for y in range(top + 2, min(bottom + margin, image.height))]
            assert _dark_runs(column) == wanted[name], f"{worksheet_id} page {number}: field {name}"
            checked += 1
    assert checked == len(wanted)


LONG_TEAM = ("The Ōtautahi–Łódź Cross-Regional Peer Coaching Circle for Senior Clinical Leaders (EMEA/APAC) — Łódź, "
             "Zürich and Saint-Étienne")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_prefilled_field_shows_its_whole_value_in_a_pdf_viewer(tmp_path: Path, paper: str) -> None:
    """A Chinese name and a long team name, read back as poppler draws the fields (pdftotext): once, the name's
    field was blank (its font had no Chinese letters) and the team's was cut off mid-word."""
    from conftest import trustguide

    output = tmp_path / "charter.pdf"
    made = trustguide("worksheet", "peer-group-charter", "--participant", "李小龍", "--team", LONG_TEAM,
                      "--facilitator", "Zoë O'Connor", "--paper", paper, "-o", str(output), cwd=ROOT)
    assert made.returncode == 0, made.stderr
    drawn = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True, check=True)
    lines = [line.strip() for line in drawn.stdout.splitlines() if line.strip()]
    after = {label: lines[lines.index(label) + 1] for label in ("Member", "Group", "Facilitator")}
    assert after == {"Member": "李小龍", "Group": LONG_TEAM, "Facilitator": "Zoë O'Connor"}
    assert "couldn't find a font" not in drawn.stderr
    # Only the long value is drawn at the viewer's automatic size; a short one keeps the sheet's.
    widgets = [a.get_object() for a in PdfReader(output).pages[0]["/Annots"]]
    sizes = {str(w["/T"]): str(w["/DA"]).split(" Tf")[0].split()[-1] for w in widgets if w.get("/FT") == "/Tx"}
    assert sizes["p1-group_name"] == "0", sizes
    assert sizes["p1-facilitator_name"] != "0" and sizes["p1-member_name"] != "0", sizes
