"""Anonymous worksheets never carry a name, from any command; copies and the agreed minimum, read back with pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, trustguide
from trustguide.content.definitions.yamlfile import parse_located_yaml
from trustguide.content.worksheets.loader import build_worksheet
from trustguide.core.errors import TrustGuideError, TrustGuideErrors

NAMES = ["Jürgen Müller", "Aoife O'Brien", "王秀英"]
ANONYMOUS = sorted(p.stem for p in (ROOT / "worksheets").glob("*.yml")
                   if yaml.safe_load(p.read_text(encoding="utf-8")).get("anonymous"))


def squash(text: str) -> str:
    return "".join(text.split())


def field_values(reader: PdfReader) -> dict[str, str]:
    return {name: str(field.get("/V", "")) for name, field in (reader.get_fields() or {}).items()}


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_the_anonymous_worksheets_are_declared() -> None:
    assert ANONYMOUS == ["team-trust-pulse", "team-view-of-manager-value"]


def test_a_name_prefill_on_an_anonymous_sheet_is_a_located_error() -> None:
    text = (ROOT / "worksheets" / "team-trust-pulse.yml").read_text(encoding="utf-8")
    broken = text.replace("        prefill: team\n", "        prefill: participant\n", 1)
    line = broken.splitlines().index("        prefill: participant") + 1
    with pytest.raises((TrustGuideError, TrustGuideErrors)) as caught:
        build_worksheet(parse_located_yaml(broken, "worksheets/team-trust-pulse.yml"), "worksheets/team-trust-pulse.yml",
                        "team-trust-pulse", {"centrefor_teams_trust"},
                        {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")})
    error = caught.value
    messages = [str(p) for p in error.problems] if isinstance(error, TrustGuideErrors) else [str(error)]
    assert messages == [f"worksheets/team-trust-pulse.yml:{line}: field 'team_name': this worksheet is anonymous, so no "
                        "field may be prefilled with a participant's name; remove 'prefill: participant'"]


def test_worksheet_with_participants_gives_unnamed_copies_of_an_anonymous_sheet(tmp_path: Path) -> None:
    output = tmp_path / "pulse.pdf"
    args = [a for name in NAMES for a in ("--participant", name)]
    result = trustguide("worksheet", "team-trust-pulse", *args, "--team", "Team Nord", "--org", "Acme Ltd",
                        "--threshold", "5", "-o", str(output), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "Team trust pulse is anonymous: 3 unnamed copies" in result.stderr
    reader = PdfReader(output)
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 3
    for name in NAMES:
        assert all(squash(name) not in squash(text) for text in texts), name
        assert name not in field_values(reader).values()
    for text in texts:  # each copy carries the agreed minimum and the team, and no "For ..." line
        assert "Agreed minimum: 5 answers." in text and not text.startswith("For ")
    values = field_values(reader)
    assert sorted(v for k, v in values.items() if k.endswith("anonymity_threshold")) == ["5", "5", "5"]
    assert sorted(v for k, v in values.items() if k.endswith("team_name")) == ["Team Nord"] * 3


@pytest.mark.parametrize("plan_id", ["team-trust-workshop", "value-question-cycle"])
def test_pack_prints_one_unnamed_copy_per_participant(tmp_path: Path, plan_id: str) -> None:
    names = tmp_path / "names.txt"
    names.write_text("\n".join(NAMES) + "\n", encoding="utf-8")
    output = tmp_path / "pack.pdf"
    result = trustguide("pack", plan_id, "--participants", str(names), "--team", "Team Nord", "--threshold", "7",
                        "-o", str(output), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(output)
    texts = [page.extract_text() for page in reader.pages]
    titles = {yaml.safe_load((ROOT / "worksheets" / f"{w}.yml").read_text(encoding="utf-8"))["title"]: w for w in ANONYMOUS}
    anonymous_pages = [t for t in texts if t.splitlines()[0] in titles]
    assert len(anonymous_pages) == len(NAMES), [t.splitlines()[0] for t in texts]
    for text in anonymous_pages:
        assert all(squash(name) not in squash(text) for name in NAMES), text[:200]
        assert "Agreed minimum: 7 answers." in text
    values = {k: v for k, v in field_values(reader).items() if k.startswith(tuple(ANONYMOUS))}
    assert values and not set(NAMES) & set(values.values())
    assert [v for k, v in values.items() if k.endswith("anonymity_threshold")] == ["7"] * len(NAMES)
    cover = squash(texts[0])
    assert all(squash(name) in cover for name in NAMES)  # the facilitator's own cover lists who takes part
    assert "copies,unnamed(ananonymoussheet),agreedminimum7answers" in cover


def test_copies_gives_n_blank_copies(tmp_path: Path) -> None:
    output = tmp_path / "charter.pdf"
    result = trustguide("worksheet", "peer-group-charter", "--copies", "3", "-o", str(output), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    declared = yaml.safe_load((ROOT / "worksheets/peer-group-charter.yml").read_text(encoding="utf-8"))["pages"]
    reader = PdfReader(output)
    assert len(reader.pages) == 3 * declared
    firsts = [reader.pages[i * declared].extract_text().splitlines()[0] for i in range(3)]
    assert firsts == ["Peer-coaching group charter"] * 3
    assert len(reader.get_fields() or {}) == 3 * len({k.split("-", 1)[1] for k in reader.get_fields()})


def test_pack_copies_apply_to_per_participant_sheets(tmp_path: Path) -> None:
    output = tmp_path / "pack.pdf"
    result = trustguide("pack", "team-trust-workshop", "--copies", "4", "-o", str(output), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    firsts = [text.splitlines()[0] for text in page_texts(output)]
    assert firsts.count("Team trust pulse") == 4
    assert firsts.count("Shared goals and team norms canvas") == 1  # a group sheet: one copy


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["worksheet", "peer-group-charter", "--threshold", "5"],
         "--threshold: worksheet 'peer-group-charter' has no place for a minimum number of answers (worksheets that "
         "have one: team-trust-pulse, team-view-of-manager-value); leave out --threshold"),
        (["pack", "peer-coaching-launch", "--threshold", "5"],
         "--threshold: no worksheet of plan 'peer-coaching-launch' has a place for a minimum number of answers"),
        (["worksheet", "team-trust-pulse", "--threshold", "1"],
         "--threshold: '1' is not a minimum number of answers; give a whole number from 2 to 1000"),
        (["worksheet", "team-trust-pulse", "--copies", "0"], "--copies: '0' is not a number of copies"),
        (["worksheet", "team-trust-pulse", "--copies", "two"], "--copies: 'two' is not a number of copies"),
        (["worksheet", "team-trust-pulse", "--copies", "2", "--participant", "Ana"],
         "--copies: give either --copies or participants (one copy each), not both"),
    ],
)
def test_bad_copies_and_thresholds_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = trustguide(*args, "-o", str(tmp_path / "x.pdf"), "-f", str(ROOT / "mkdocs.yml"), cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_the_site_page_of_an_anonymous_sheet_has_no_name_field(built_site: Path) -> None:
    html = (built_site / "worksheets/team-trust-pulse/index.html").read_text(encoding="utf-8")
    assert "Anonymous: no names" in html
    assert "Do not write your name" in html
