"""worksheet and pack as a facilitator meets them: dates as their language writes them, a close id suggested, a
group larger than the plan's, and right-to-left names read back from the PDF as a viewer draws them (poppler)."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, _copy_sources, trustguide

ARABIC, HEBREW, CHINESE, LATIN = "محمد عبد الله", "שרה כהן", "李小龍", "Zoë O'Connor-Łukasiewicz"
ARABIC_TEAM = "فريق العمليات"
BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069"))


@pytest.fixture(scope="module")
def four_languages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide's sources with Spanish and French published beside English and German (no build: the commands
    read the sources)."""
    project = tmp_path_factory.mktemp("languages") / "guide"
    _copy_sources(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [en, de]", "languages: [en, de, es, fr]"),
                      encoding="utf-8")
    return project


def field_values(pdf: Path) -> dict[str, str]:
    return {name: str(field.get("/V")) for name, field in PdfReader(pdf).get_fields().items() if field.get("/V")}


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# 1. Dates ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "typed", "printed"), [
    ("de", "14.01.2027", "14.01.2027"),
    ("es", "14/01/2027", "14 ene 2027"),
    ("fr", "14/01/2027", "14 janv. 2027"),
    ("en", "14/01/2027", "2027-01-14"),
])
def test_a_date_as_the_language_writes_it(four_languages: Path, tmp_path: Path, language: str, typed: str,
                                          printed: str) -> None:
    output = tmp_path / "charter.pdf"
    made = trustguide("worksheet", "peer-group-charter", "--language", language, "--date", typed, "-o", str(output),
                      cwd=four_languages)
    assert made.returncode == 0, made.stderr
    assert field_values(output)["charter_date"] == printed


def test_a_wrong_date_names_the_forms_the_language_takes(four_languages: Path) -> None:
    year = datetime.date.today().year
    german = one_error(trustguide("worksheet", "peer-group-charter", "--language", "de", "--date", "32.01.2027",
                                  "-o", "x.pdf", cwd=four_languages))
    assert german == (f"trustguide: error: --date: „32.01.2027“ ist kein Datum; schreiben Sie Tag, Monat und Jahr "
                      f"(vierstellig) als 31.12.{year} oder als {year}-12-31")
    two_digit_year = one_error(trustguide("worksheet", "peer-group-charter", "--language", "fr", "--date", "14/01/27",
                                          "-o", "x.pdf", cwd=four_languages))
    assert "n'est pas une date" in two_digit_year and f"31/12/{year}" in two_digit_year
    ambiguous = one_error(trustguide("worksheet", "peer-group-charter", "--date", "01/02/2027", "-o", "x.pdf",
                                     cwd=four_languages))
    assert ambiguous == ("trustguide: error: --date: '01/02/2027' may be 1 February 2027 or 2 January 2027; write it "
                         "as 2027-02-01 or 2027-01-02 (year-month-day)")


# 2. A close id ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("command", "given", "message"), [
    ("pack", "peer-coaching-lanch", "trustguide: error: pack: unknown session plan 'peer-coaching-lanch'; did you "
                                    "mean 'peer-coaching-launch'? See 'trustguide pack --list'"),
    ("worksheet", "peer-grup-charter", "trustguide: error: worksheet: unknown worksheet 'peer-grup-charter'; did you "
                                       "mean 'peer-group-charter'? See 'trustguide worksheet --list'"),
    ("worksheet", "nope", "trustguide: error: worksheet: unknown worksheet 'nope'; see 'trustguide worksheet --list'"),
])
def test_an_unknown_id_suggests_the_closest(command: str, given: str, message: str) -> None:
    assert one_error(trustguide(command, given, "-o", "x.pdf", cwd=ROOT)) == message


def test_the_suggestion_is_in_the_print_language() -> None:
    line = one_error(trustguide("pack", "peer-coaching-lanch", "--language", "de", "-o", "x.pdf", cwd=ROOT))
    assert line.endswith("unbekannter Ablaufplan „peer-coaching-lanch“; meinten Sie „peer-coaching-launch“? Siehe "
                         "„trustguide pack --list“")


# 3 and 4. A larger group, right-to-left names ------------------------------------------------------------------------

def _raw_pages(pdf: Path) -> list[list[str]]:
    """Each page's lines as pdftotext -raw reads them (content order; the fields as poppler draws them), bidi
    marks dropped and presentation forms as letters (NFKC), so that the page's text and a field compare."""
    pages = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[unicodedata.normalize("NFKC", line.translate(BIDI_MARKS)).strip() for line in page.splitlines()
             if line.strip()] for page in pages.split("\f")]


def _drawn(name: str) -> str:
    """A right-to-left name as poppler reads it drawn correctly: words from left to right on the page, each word's
    letters in reading order (a pure right-to-left name: its words in reverse)."""
    return " ".join(reversed(name.split())) if re.search("[\u0590-\u08ff]", name) else name


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by setup.sh test")
def test_a_larger_group_is_warned_of_and_right_to_left_names_read_right(tmp_path: Path) -> None:
    names = [ARABIC, HEBREW, CHINESE, LATIN, "Ana", "Ben", "Cai"]
    listing = tmp_path / "names.txt"
    listing.write_text("\n".join(names) + "\n", encoding="utf-8")
    output = tmp_path / "pack.pdf"
    made = trustguide("pack", "peer-coaching-session", "--participants", str(listing), "--team", ARABIC_TEAM,
                      "-o", str(output), cwd=ROOT)
    assert made.returncode == 0, made.stderr
    warning = [line for line in made.stderr.splitlines() if "warning" in line]
    assert warning == [f"trustguide: warning: {listing} names 7 participants; the plan 'peer-coaching-session' is made "
                       "for at most 6 (A small peer group (four to six members) and a facilitator; two members "
                       "present); the pack is made for all 7"]
    assert f"Wrote {output}" in made.stderr
    # Every member's tracker, read as poppler draws it: the name's field under its label, the name as printed in
    # the page's "For" line, and the team's field the same way.
    trackers = [page for page in _raw_pages(output) if page and page[0].startswith("For ")
                and "Goals, action plan and accountability tracker" in page]
    assert len(trackers) == len(names)
    for name, page in zip(names, trackers, strict=True):
        assert _drawn(name) in page, (name, page)  # the field: after the page's text (a viewer's drawing) ...
        if name in (ARABIC, HEBREW):  # ... or printed as the page's text, in its place
            assert page[page.index("Your name") + 1] == _drawn(name), (name, page[:12])
        assert page[page.index("Group") + 1] == _drawn(ARABIC_TEAM)
        assert page[0] == f"For {_drawn(name)} · {_drawn(ARABIC_TEAM)}"  # printed by WeasyPrint, name first
    # The fields hold the names in logical order (what an editor, copying and a form export read), right-aligned.
    values = field_values(output)
    assert [values[f"goals-accountability-tracker-p{i}-member_name"] for i in range(1, 8)] == names
    widgets = {str(w.get_object()["/T"]): w.get_object() for page in PdfReader(output).pages
               for w in page.get("/Annots", []) if w.get_object().get("/FT") == "/Tx"}
    assert widgets["goals-accountability-tracker-p1-member_name"].get("/Q") == 2
    assert widgets["goals-accountability-tracker-p3-member_name"].get("/Q") is None


def test_no_warning_within_the_group_size(tmp_path: Path) -> None:
    listing = tmp_path / "names.txt"
    listing.write_text("Ana\n", encoding="utf-8")
    made = trustguide("pack", "repairing-trust", "--participants", str(listing), "-o", str(tmp_path / "p.pdf"),
                      cwd=ROOT)
    assert made.returncode == 0, made.stderr
    assert made.stderr.startswith("Wrote ") and "trustguide: warning" not in made.stderr


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by setup.sh test")
def test_an_anonymous_sheet_carries_no_right_to_left_name(tmp_path: Path) -> None:
    output = tmp_path / "pulse.pdf"
    made = trustguide("worksheet", "team-trust-pulse", "--participant", ARABIC, "--participant", HEBREW,
                      "--team", ARABIC_TEAM, "-o", str(output), cwd=ROOT)
    assert made.returncode == 0, made.stderr
    text = "\n".join("\n".join(page) for page in _raw_pages(output))
    for word in (*ARABIC.split(), *HEBREW.split()):
        assert word not in text
    assert _drawn(ARABIC_TEAM) in text  # the team is printed, right
    assert not {ARABIC, HEBREW} & set(field_values(output).values())
