"""Session plans in the built site, run sheet PDFs and facilitator packs, read back as a facilitator would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, tree_digest, trustguide
from trustguide.content.sessions.clock import parse_start, schedule

PLAN_IDS = sorted(p.stem for p in (ROOT / "plans").glob("*.yml"))
POINTS = {"a4": (595, 842), "letter": (612, 792)}
CLOCK = re.compile(r"(?m)^(\d\d:\d\d)–(\d\d:\d\d)\b")  # an agenda row starts with its clock times


def plan_data(plan_id: str) -> dict:
    return yaml.safe_load((ROOT / "plans" / f"{plan_id}.yml").read_text(encoding="utf-8"))


def meetings(plan: dict) -> list[dict]:
    return plan["meetings"] if "meetings" in plan else [{"agenda": plan["agenda"], "duration": plan["duration"]}]


def expected_clock(plan: dict, start: str) -> list[tuple[str, str]]:
    return [(s.start, s.end) for m in meetings(plan) for s in schedule([x["minutes"] for x in m["agenda"]], parse_start(start))]


ELAPSED = re.compile(r"(?m)^(\d:\d\d)–(\d:\d\d)\b")  # a row of a run sheet timed from the start (0:00)


def expected_elapsed(plan: dict) -> list[tuple[str, str]]:
    rows = []
    for meeting in meetings(plan):
        offset = 0
        for step in meeting["agenda"]:
            end = offset + step["minutes"]
            rows.append((f"{offset // 60}:{offset % 60:02d}", f"{end // 60}:{end % 60:02d}"))
            offset = end
    return rows


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_the_six_plans_of_the_outline_exist() -> None:
    assert set(PLAN_IDS) >= {"first-coaching-meeting", "peer-coaching-launch", "peer-coaching-session",
                             "team-trust-workshop", "value-question-cycle", "repairing-trust"}
    assert any("meetings" in plan_data(i) and len(plan_data(i)["meetings"]) > 1 for i in PLAN_IDS)


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_plan_page_has_clock_times_links_and_basis(built_site: Path, plan_id: str) -> None:
    plan = plan_data(plan_id)
    page = built_site / "sessions" / plan_id / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "<h1 id=" in html and plan["title"].replace("'", "&#39;").split(":")[0] in html
    clocks = re.findall(r'<time class="tg-from">(\d\d:\d\d)</time>–<time class="tg-to">(\d\d:\d\d)</time>', html)
    assert clocks == expected_clock(plan, "09:00")
    assert 'id="tg-start-time"' in html and 'value="09:00"' in html
    for step in (s for m in meetings(plan) for s in m["agenda"]):
        if "worksheet" in step:
            assert f'href="../../worksheets/{step["worksheet"]}/"' in html
            assert (built_site / "worksheets" / step["worksheet"] / "index.html").is_file()
    for key in plan["basis"]:  # the cited basis resolves to APA citations linked to the bibliography
        assert f"#ref-{key}" in html
    for paper in ("a4", "letter"):
        assert f'href="../pdf/{plan_id}-run-sheet-{paper}.pdf"' in html


def test_plans_index_and_practice_links(built_site: Path) -> None:
    index = (built_site / "sessions/index.html").read_text(encoding="utf-8")
    for plan_id in PLAN_IDS:
        assert f'href="../{plan_id}/"' in index or f'href="{plan_id}/"' in index
    norms = (built_site / "peer-coaching/norms/index.html").read_text(encoding="utf-8")
    assert "Session plans for this topic" in norms
    assert 'href="../../sessions/peer-coaching-launch/"' in norms


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_run_sheet_pdfs_read_back(built_site: Path, plan_id: str, paper: str) -> None:
    plan = plan_data(plan_id)
    path = built_site / "sessions" / "pdf" / f"{plan_id}-run-sheet-{paper}.pdf"
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == POINTS[paper]
    text = pdf_text(path)
    assert flat(text[0]).startswith(f"Run sheet: {plan['title']}")
    # Made once for everyone, before anyone chose a start time: it counts from 0:00 and says so, with a box to fill.
    assert "Times on this sheet count from the start of" in flat(text[0])
    assert ELAPSED.findall("\n".join(text)) == expected_elapsed(plan)
    assert not CLOCK.findall("\n".join(text))
    assert reader.metadata.title == f"Run sheet: {plan['title']}"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def flat(text: str) -> str:
    return " ".join(text.split())


def names_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "names.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_pack_has_cover_run_sheet_and_personal_copies(tmp_path: Path) -> None:
    names = names_file(tmp_path, "Ana Pérez\n\n# a comment\nBo <b>Li</b>\n  Chris   O'Neil  \n")
    out = tmp_path / "pack.pdf"
    result = trustguide("pack", "peer-coaching-launch", "--start", "13:30", "--org", "Acme", "--team", "Ops leadership",
                        "--participants", str(names), "--paper", "letter", "-o", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    plan = plan_data("peer-coaching-launch")
    reader = PdfReader(out)
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == POINTS["letter"]
    pages = pdf_text(out)
    cover = pages[0]
    assert cover.startswith("FACILITATOR PACK") and "Acme" in cover and "Ops leadership" in cover
    assert all(n in cover for n in ("Ana Pérez", "Bo <b>Li</b>", "Chris O'Neil")), cover
    assert "13:30" in cover
    assert flat(pages[1]).startswith(f"Run sheet: {plan['title']}")
    assert CLOCK.findall("\n".join(pages)) == expected_clock(plan, "13:30")
    # After the run sheet: each worksheet the plan uses, in agenda order, once per participant or once for the group.
    used: list[str] = []
    for step in plan["agenda"]:
        if "worksheet" in step and step["worksheet"] not in used:
            used.append(step["worksheet"])
    sheets = [yaml.safe_load((ROOT / "worksheets" / f"{w}.yml").read_text(encoding="utf-8")) for w in used]
    expected: list[tuple[str, str]] = []
    for sheet in sheets:
        people = ["Ana Pérez", "Bo <b>Li</b>", "Chris O'Neil"] if sheet["copies"] == "per-participant" else [""]
        expected += [(sheet["title"], person) for person in people]
    starts = []
    for text in pages[2:]:
        for sheet in sheets:
            lines = text.splitlines()
            head = lines[1] if lines[0].startswith("For ") else lines[0]
            if head == sheet["title"]:
                starts.append((sheet["title"], lines[0].removeprefix("For ").split(" · ")[0] if lines[0].startswith("For ") else ""))
    assert starts == expected
    fields = reader.get_fields() or {}
    assert len(fields) == len(set(fields))
    assert any(name.startswith("peer-group-charter-p3-") for name in fields)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pack", "no-such-plan", "-o", "x.pdf"], "unknown session plan 'no-such-plan'; see 'trustguide pack --list'"),
        (["pack", "peer-coaching-launch", "--start", "9.30", "-o", "x.pdf"], "--start: '9.30' is not a time"),
        (["pack", "peer-coaching-launch", "--start", "24:00", "-o", "x.pdf"], "--start: '24:00' is not a time"),
        (["pack", "peer-coaching-launch", "--participants", "missing.txt", "-o", "x.pdf"], "missing.txt: participants file not found"),
        (["pack", "peer-coaching-launch", "--participants", "empty.txt", "-o", "x.pdf"], "empty.txt: the participants file is empty"),
        (["pack", "peer-coaching-launch", "--participants", "latin1.txt", "-o", "x.pdf"], "latin1.txt: cannot be read as UTF-8"),
        (["pack", "peer-coaching-launch", "--participants", "folder", "-o", "x.pdf"], "folder: is a folder"),
        (["pack", "peer-coaching-launch"], "-o/--output: give the PDF file to write"),
        (["pack", "peer-coaching-launch", "-o", "pack.txt"], "the output file must end in .pdf"),
        (["pack", "peer-coaching-launch", "--date", "12/31/2026", "-o", "x.pdf"], "--date: '12/31/2026' is not a date"),
        (["pack"], "name a session plan id, or use --list"),
    ],
)
def test_pack_rejects_bad_input_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "empty.txt").write_text("\n  \n# only a comment\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Zoë\n".encode("latin-1"))
    (tmp_path / "folder").mkdir()
    result = trustguide(*args, "-f", str(ROOT / "mkdocs.yml"), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_pack_refuses_a_bad_paper_size() -> None:
    result = trustguide("pack", "peer-coaching-launch", "--paper", "a5", "-o", "x.pdf", cwd=ROOT)
    assert result.returncode == 2 and "invalid choice: 'a5'" in result.stderr and "Traceback" not in result.stderr


def test_pack_list_names_every_plan() -> None:
    result = trustguide("pack", "--list", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == PLAN_IDS


def test_planner_page_offers_every_worksheet_and_step(built_site: Path) -> None:
    html = (built_site / "planner/index.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="tg-planner-catalogue">(.*?)</script>', html, re.S)
    assert data is not None
    activities = json.loads(data.group(1))
    ids = {a["id"] for a in activities}
    assert {f"ws.{p.stem}" for p in (ROOT / "worksheets").glob("*.yml")} <= ids
    steps = sum(len(m["agenda"]) for i in PLAN_IDS for m in meetings(plan_data(i)))
    assert len([a for a in activities if not a["id"].startswith("ws.")]) == steps
    for activity in activities:
        target = (built_site / "planner" / activity["href"]).resolve()
        assert (target / "index.html").is_file(), activity


def test_a_broken_plan_stops_the_build_and_keeps_the_site(project: Path) -> None:
    assert trustguide("build", cwd=project).returncode == 0
    before = tree_digest(project / "site")
    path = project / "plans" / "peer-coaching-session.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nduration: ", "\nduration: 1", 1), encoding="utf-8")
    line = text[: text.index("\nduration: ") + 1].count("\n") + 1
    result = trustguide("build", cwd=project)
    assert result.returncode == 1
    assert f"plans/peer-coaching-session.yml:{line}: the steps of the agenda add up to" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


def test_unknown_plan_in_front_matter_is_located(project: Path) -> None:
    page = project / "docs/peer-coaching/norms.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("session_plans: [peer-coaching-launch", "session_plans: [peer-coaching-lunch"), encoding="utf-8")
    line = text[: text.index("session_plans:")].count("\n") + 1
    result = trustguide("build", cwd=project)
    assert result.returncode == 1
    assert f"docs/peer-coaching/norms.md:{line}: front matter 'session_plans' names unknown plan(s) peer-coaching-lunch" in result.stderr
