"""An organisation keeps everything of its own in one folder outside the guide's checkout, and every command honours
it: build, check, serve's sources, worksheet and pack; the checkout stays untouched, so upgrading is `git pull`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import BIN, ROOT, run

SOURCE = ROOT / "tests" / "data" / "organisation"
NAME = "Ōtautahi Coaching & O'Brien Søn"


def trustguide(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "trustguide"), *args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


def git_status(folder: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=folder, capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def org_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The organisation's folder, somewhere outside the guide's checkout (its own repository, say)."""
    folder = tmp_path_factory.mktemp("elsewhere") / "otautahi-guide"
    shutil.copytree(SOURCE, folder)
    return folder


@pytest.fixture(scope="module")
def org_site(org_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The guide built with the organisation's folder; the checkout's git status before and after."""
    before = git_status(ROOT)
    site = tmp_path_factory.mktemp("org-site") / "site"
    result = trustguide("build", "--org-dir", str(org_dir), "-d", str(site))
    assert result.returncode == 0, result.stderr
    return site, before, git_status(ROOT)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_check_and_build_count_the_same_guide(org_dir: Path, org_site) -> None:
    site, _, _ = org_site
    result = trustguide("check", "--org-dir", str(org_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    counts = re.search(r"\((\d+) pages, (\d+) worksheets, (\d+) session plans and (\d+) references", result.stderr)
    assert counts is not None, result.stderr
    pages, worksheets, plans, references = map(int, counts.groups())
    assert worksheets == len(list((site / "worksheets").glob("*/index.html")))
    assert plans == len(list((site / "sessions").glob("*/index.html")))
    assert references == len(re.findall(r'class="csl-entry"', _text(site / "references" / "index.html")))
    generated = ("worksheets/", "sessions/", "references/", "planner/", "de/")  # English pages; de/ is German
    authored = [p for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith(generated)]
    assert pages == len(authored), "check counts the pages the site publishes from Markdown"
    assert (site / "otautahi" / "promise" / "index.html") in authored


def test_the_organisations_pages_have_a_section_and_addresses_of_their_own(org_site) -> None:
    site, _, _ = org_site
    home = _text(site / "index.html")
    for address in ("otautahi/", "otautahi/promise/", "otautahi/glossary/"):
        assert f'href="{address}"' in home, address
    assert "O&#39;Brien Søn" in home or "O'Brien Søn" in home  # the section is titled by the organisation
    promise = re.sub(r"<[^>]+>", "", _text(site / "otautahi" / "promise" / "index.html"))
    assert 'href="../coaching-relationship/confidentiality/"' in _text(site / "otautahi" / "index.html")
    assert "(Ōtautahi Coaching, 2024)" in promise and "Ngata and O’Brien (2021)" in promise
    assert '<abbr title="A monthly meeting' in _text(site / "otautahi" / "index.html"), "the organisation's tooltip"
    assert "Guide for" not in home or "Ōtautahi coaching guide" in home
    assert "Ōtautahi coaching guide" in home
    assert 'href="https://guide.example.org/otautahi/"' in home  # its site_url is the canonical address


def test_its_references_join_the_guides(org_site) -> None:
    site, _, _ = org_site
    references = _text(site / "references" / "index.html")
    assert "Ngata, A., &amp; O’Brien, S. (2021). Supervision circles in workplace coaching. In J. Müller (Ed.)" in references
    assert "Ōtautahi Coaching. (2024)" in references and "[White paper]" in references
    assert "Dirks" in references, "the guide's own works stay"
    assert "../otautahi/promise/" in references, "'Cited on' links to the organisation's page"
    download = _text(site / "references.bib")
    assert "@TechReport{otautahi_whitepaper2024" in download and "@article{dirks2002trust" in download


def test_its_worksheet_and_plan_are_rendered_like_the_guides(org_site) -> None:
    site, _, _ = org_site
    page = _text(site / "worksheets" / "otautahi-circle-notes" / "index.html")
    assert "Supervision circle notes" in page
    assert "Supervision circle notes" in _text(site / "worksheets" / "index.html")
    for paper in ("a4", "letter"):
        pdf = PdfReader(site / "worksheets" / "pdf" / f"otautahi-circle-notes-{paper}.pdf")
        text = "".join(p.extract_text() for p in pdf.pages)
        assert "Supervision circle notes" in text
        assert "guide.example.org/otautahi/worksheets/otautahi-circle-notes" in text.replace("\n", "")
        run_sheet = site / "sessions" / "pdf" / f"otautahi-circle-run-sheet-{paper}.pdf"
        assert "Ōtautahi supervision circle" in "".join(p.extract_text() for p in PdfReader(run_sheet).pages)
    assert "Ōtautahi supervision circle" in _text(site / "planner" / "index.html"), "the planner's library"
    assert "otautahi-circle" in _text(site / "sessions" / "index.html")


def _top_left_colour(pdf: Path, tmp_path: Path) -> tuple[int, int, int]:
    """The colour at the top left of the first page, where the organisation's logo is printed."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    return image.getpixel((40, 20))


def test_every_pdf_carries_the_organisations_name_and_logo(org_site, tmp_path: Path) -> None:
    site, _, _ = org_site
    pdfs = sorted((site / "worksheets" / "pdf").glob("*.pdf")) + sorted((site / "sessions" / "pdf").glob("*.pdf"))
    assert len(pdfs) >= 20
    for pdf in pdfs:
        footer = PdfReader(pdf).pages[0].extract_text()
        assert f"{NAME} · Trust Guide · CC BY-SA 4.0\nhttps://guide.example.org/otautahi/" in footer, pdf.name
    for pdf in (pdfs[0], pdfs[-1]):
        folder = tmp_path / pdf.stem
        folder.mkdir()
        red, green, blue = _top_left_colour(pdf, folder)
        assert (red, green, blue) != (255, 255, 255) and red > green + 40, f"{pdf.name}: no logo at the top left"


def test_the_part_left_out_is_nowhere(org_site) -> None:
    site, _, _ = org_site
    assert not (site / "accountability").exists()
    for worksheet in ("manager-value-question", "team-view-of-manager-value", "alignment-gap-comparison"):
        assert not (site / "worksheets" / worksheet).exists(), worksheet
    assert "accountability/" not in _text(site / "search" / "search_index.json")
    assert "The value question" not in _text(site / "index.html")


def test_the_checkout_is_not_written_to(org_site) -> None:
    _, before, after = org_site
    assert after == before, f"the build changed the guide's checkout:\n{after}"


def test_worksheet_and_pack_honour_the_organisation(org_dir: Path, tmp_path: Path) -> None:
    listed = trustguide("worksheet", "--list", "--org-dir", str(org_dir))
    assert listed.returncode == 0, listed.stderr
    assert "otautahi-circle-notes" in listed.stdout and "manager-value-question" not in listed.stdout
    plans = trustguide("pack", "--list", "--org-dir", str(org_dir))
    assert "otautahi-circle" in plans.stdout and "value-question-cycle" not in plans.stdout
    output = tmp_path / "notes.pdf"
    made = trustguide("worksheet", "otautahi-circle-notes", "--participant", "Aroha", "--org-dir", str(org_dir),
                      "-o", str(output))
    assert made.returncode == 0, made.stderr
    text = "".join(p.extract_text() for p in PdfReader(output).pages)
    fields = {f.get("/T"): f.get("/V") for f in PdfReader(output).get_fields().values()} if PdfReader(output).get_fields() else {}
    assert NAME in text or NAME in fields.values(), "the organisation's name comes from its settings"
    assert "guide.example.org/otautahi/" in text.replace("\n", "")
    left_out = trustguide("worksheet", "manager-value-question", "--org-dir", str(org_dir), "-o", str(tmp_path / "x.pdf"))
    assert left_out.returncode != 0 and "worksheet 'manager-value-question' is in a part the organisation leaves out" in left_out.stderr
    pack = trustguide("pack", "otautahi-circle", "--start", "09:30", "--org-dir", str(org_dir), "-o", str(tmp_path / "p.pdf"))
    assert pack.returncode == 0, pack.stderr
    assert "Ōtautahi supervision circle" in "".join(p.extract_text() for p in PdfReader(tmp_path / "p.pdf").pages)


def test_the_environment_variable_serves_plain_mkdocs_too(org_dir: Path, tmp_path: Path) -> None:
    # No -q: under -q MkDocs counts no warning, and --strict would pass whatever the build said.
    result = run(["env", f"TRUSTGUIDE_ORG_DIR={org_dir}", str(BIN / "mkdocs"), "build", "--strict", "-d",
                  str(tmp_path / "site")], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "otautahi" / "promise" / "index.html").is_file()


def test_org_init_writes_a_folder_that_builds_and_checks(tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    made = trustguide("org", "init", str(folder), "--name", "Zoë's Team & Co")
    assert made.returncode == 0, made.stderr
    assert "#" in _text(folder / "organisation.yml") and "Zoë's Team & Co" in _text(folder / "organisation.yml")
    checked = trustguide("check", "--org-dir", str(folder))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    again = trustguide("org", "init", str(folder))
    assert again.returncode == 1 and "already exists and is not empty" in again.stderr


# ---------------------------------------------------------------------------------------------------------------------
# Mistakes in the organisation's folder: one located message each, the same from check and build


def _broken(org_dir: Path, tmp_path: Path, relative: str, text: str) -> Path:
    folder = tmp_path / "broken"
    shutil.copytree(org_dir, folder)
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return folder


MISTAKES = [
    ("key clash", "references.bib", _text(SOURCE / "references.bib") +
     "\n@article{dirks2002trust,\n  author = {Someone, A.},\n  title = {Another work},\n  journal = {J},\n  year = {2020},\n}\n",
     r"references\.bib:\d+: key 'dirks2002trust' is already used by references\.bib:\d+"),
    ("broken worksheet", "worksheets/otautahi-circle-notes.yml",
     _text(SOURCE / "worksheets" / "otautahi-circle-notes.yml").replace("minutes: 15", "minutes: fifteen"),
     r"worksheets/otautahi-circle-notes\.yml:\d+: .*minutes"),
    ("worksheet id of the guide's", "worksheets/team-trust-pulse.yml", _text(ROOT / "worksheets" / "team-trust-pulse.yml"),
     r"worksheets/team-trust-pulse\.yml:1: worksheet id 'team-trust-pulse' is already the guide's"),
    ("broken plan", "plans/otautahi-circle.yml",
     _text(SOURCE / "plans" / "otautahi-circle.yml").replace("minutes: 50", "minutes: 40"),
     r"plans/otautahi-circle\.yml:\d+: .*(add up|adds up|minutes)"),
    # As a reference manager exports it (Zotero's Better BibTeX), cited nowhere: the build refuses it, so check must.
    ("uncited reference", "references.bib", _text(SOURCE / "references.bib") +
     "\n@article{nganeko_whakawhanaungatanga_2021,\n\ttitle = {Whakawhanaungatanga: building trust in peer groups},"
     "\n\tvolume = {12},\n\tissn = {1234-5678},\n\tjournal = {Aotearoa Coaching Review},\n\tauthor = {Ngāneko, "
     "Mereana and O'Sullivan, Ciarán},\n\tyear = {2021},\n\tpages = {1--14},\n}\n",
     r"references\.bib:\d+: entry 'nganeko_whakawhanaungatanga_2021' is never cited; cite it or remove it"),
    ("unknown language", "organisation.yml", _text(SOURCE / "organisation.yml") + "languages: [en, fr]\n",
     r"organisation\.yml:10: languages: the guide has no language 'fr'; it has en, de"),
    ("bad setting", "organisation.yml", _text(SOURCE / "organisation.yml").replace("prefix: otautahi", "prefix: Our Pages"),
     r"organisation\.yml:\d+: prefix 'Our Pages' must be one folder name"),
]


@pytest.mark.parametrize(("what", "relative", "text", "message"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_mistake_in_the_folder_is_one_located_message(org_dir: Path, tmp_path: Path, what: str, relative: str,
                                                        text: str, message: str) -> None:
    folder = _broken(org_dir, tmp_path, relative, text)
    checked = trustguide("check", "--org-dir", str(folder))
    assert checked.returncode != 0, what
    output = checked.stdout + checked.stderr
    problems = [line for line in output.splitlines() if not line.startswith("trustguide:")]
    assert len(problems) == 1, f"{what}: expected one message, got:\n{output}"
    assert re.search(message, problems[0]), problems[0]
    assert str(folder) in problems[0] or folder.name in problems[0], "located in the organisation's folder"
    assert "Traceback" not in output


@pytest.mark.parametrize("case", ["key clash", "uncited reference"])
def test_a_build_stops_on_the_same_message_and_keeps_the_site(org_dir: Path, tmp_path: Path, case: str) -> None:
    _, relative, text, message = next(m for m in MISTAKES if m[0] == case)
    folder = _broken(org_dir, tmp_path, relative, text)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("published", encoding="utf-8")
    (site / ".trustguide-site").write_text("", encoding="utf-8")  # published by the guide
    built = trustguide("build", "--org-dir", str(folder), "-d", str(site))
    assert built.returncode != 0
    assert re.search(message, built.stderr), built.stderr
    assert "Traceback" not in built.stderr
    assert _text(site / "index.html") == "published"


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(("what", "expected"), [
    ("a folder that does not exist", "the organisation folder does not exist"),
    ("an empty folder", "the organisation folder has no organisation.yml"),
    ("the settings file itself", "this is a file, not an organisation folder"),
])
def test_a_wrong_folder_is_one_message_not_the_guides_pages(org_dir: Path, tmp_path: Path, command: str, what: str,
                                                            expected: str) -> None:
    # Once, every page of the guide followed the one real message with its citations as "unknown" (321 lines).
    folder = {"a folder that does not exist": tmp_path / "no-such-folder", "an empty folder": tmp_path / "empty",
              "the settings file itself": org_dir / "organisation.yml"}[what]
    (tmp_path / "empty").mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("published", encoding="utf-8")
    (site / ".trustguide-site").write_text("", encoding="utf-8")  # published by the guide: a build may replace it
    args = ("build", "-d", str(site)) if command == "build" else ("check",)
    result = trustguide(*args, "--org-dir", str(folder))
    output = result.stdout + result.stderr
    problems = [line for line in output.splitlines() if line.strip() and not line.startswith("trustguide:")]
    assert result.returncode == 1, output
    assert len(problems) == 1 and expected in problems[0], output
    assert "Traceback" not in output
    assert _text(site / "index.html") == "published"


# ---------------------------------------------------------------------------------------------------------------------
# Upgrading: the organisation's folder stays where it is, the guide is pulled


@pytest.mark.slow
def test_a_newer_guide_is_pulled_with_the_folder_in_place(org_dir: Path, tmp_path: Path) -> None:
    upstream, checkout = tmp_path / "upstream", tmp_path / "checkout"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(upstream)], check=True)
    # On a branch of its own, whatever state the repository under test is in (CI may check out a bare commit).
    subprocess.run(["git", "checkout", "-q", "-B", "guide"], cwd=upstream, check=True)
    subprocess.run(["git", "clone", "-q", "-b", "guide", str(upstream), str(checkout)], check=True)
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", checkout / ".cache")  # ignored by git: formatted references and PDFs
    first = trustguide("build", "--org-dir", str(org_dir), cwd=checkout)
    assert first.returncode == 0, first.stderr
    assert git_status(checkout) == "", "the build wrote to the guide's checkout"
    page = upstream / "docs" / "foundations" / "cognitive-trust.md"
    page.write_text(_text(page) + "\nA sentence of a newer guide version.\n", encoding="utf-8")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "commit", "-qam", "A newer guide"], cwd=upstream, check=True, env={**os.environ, **env})
    pulled = subprocess.run(["git", "pull", "-q", "--ff-only"], cwd=checkout, capture_output=True, text=True)
    assert pulled.returncode == 0, pulled.stderr
    second = trustguide("build", "--org-dir", str(org_dir), cwd=checkout)
    assert second.returncode == 0, second.stderr
    assert "A sentence of a newer guide version." in _text(checkout / "site" / "foundations" / "cognitive-trust" / "index.html")
    assert (checkout / "site" / "otautahi" / "promise" / "index.html").is_file()
    assert git_status(checkout) == ""


# ---------------------------------------------------------------------------------------------------------------------
# A coach on the organisation's site, in Chromium behind nginx


@pytest.mark.browser
def test_a_coach_finds_the_organisations_pages_worksheet_and_plan_in_the_browser(org_site, tmp_path: Path,
                                                                                 browser_page) -> None:
    from searchbox import Expectation, Outcome, Query, run_query_set
    from servers import nginx

    site, _, _ = org_site
    with nginx(tmp_path / "nginx", site) as server:
        page = browser_page
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(server.url, wait_until="networkidle")
        nav = page.locator("nav.md-nav--primary")
        assert nav.get_by_text("Ōtautahi Coaching & O'Brien Søn", exact=True).count() >= 1, "the section, titled by it"
        nav.locator('a[href$="otautahi/promise/"]').first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.inner_text().rstrip("¶") == "Our confidentiality promise"
        assert nav.locator('a[href*="accountability/"]').count() == 0
        page.goto(server.url + "worksheets/", wait_until="networkidle")
        card = page.get_by_role("link", name="Supervision circle notes")
        assert card.count() >= 1, "the worksheet index lists the organisation's worksheet"
        page.goto(server.url + "planner/", wait_until="networkidle")
        assert page.locator('optgroup[label="Ōtautahi supervision circle"]').count() == 1, "the planner's library"
        page.select_option("#tg-planner-pick", value="otautahi-circle.1.1")
        page.get_by_role("button", name="Add to session").click()
        assert "Ōtautahi supervision circle" in page.locator(".tg-planner-table").inner_text()
        queries = [
            Query("our confidentiality promise", "organisation", (Expectation("otautahi/promise/", 1),),
                  ("accountability/",)),
            Query("supervision circle notes", "organisation", (Expectation("worksheets/otautahi-circle-notes/", 1),),
                  ("accountability/",)),
            Query("supervision circle", "organisation", (Expectation("sessions/otautahi-circle/", 3),
                                                         Expectation("worksheets/otautahi-circle-notes/", 3)),
                  ("accountability/",)),
            Query("our terms", "organisation", (Expectation("otautahi/glossary/", 1),), ("accountability/",)),
            Query("Ngata", "organisation", (Expectation("otautahi/promise/", 3), Expectation("references/", 3)),
                  ("accountability/",)),
            Query("value question", "left-out", (), ("accountability/", "worksheets/manager-value-question/",
                                                     "sessions/value-question-cycle/", "tools/alignment-gap/")),
        ]
        outcomes: list[Outcome] = run_query_set(page, server.url, queries)
        failed = [problem for outcome in outcomes for problem in outcome.failures()]
        assert failed == [], "\n".join(failed)
        response = page.goto(server.url + "accountability/value-question/", wait_until="networkidle")
        assert response is not None and response.status == 404
    assert [u for u in requests if not u.startswith((server.origin, "data:"))] == []


@pytest.mark.parametrize(("command", "given", "expected"), [
    ("worksheet", "manager-value-question", "worksheet 'manager-value-question' is in a part the organisation leaves out"),
    ("pack", "value-question-cycle", "session plan 'value-question-cycle' is in a part the organisation leaves out"),
    ("pack", "no-such-plan", "unknown session plan 'no-such-plan'; see 'trustguide pack --list'"),
])
def test_a_sheet_of_a_part_left_out_is_named_as_such(org_dir: Path, tmp_path: Path, command: str, given: str,
                                                     expected: str) -> None:
    result = trustguide(command, given, "--org-dir", str(org_dir), "-o", str(tmp_path / "out.pdf"))
    assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out.pdf").exists()


def test_org_init_spells_out_letters_in_the_prefix_it_writes(tmp_path: Path) -> None:
    # NFKD leaves "Ł" and "ø" without a base letter: the default prefix drops them ("odz"); init writes "lodz" out,
    # uncommented, so the pages are where its comment says.
    folder = tmp_path / "lodz"
    made = trustguide("org", "init", str(folder), "--name", "Ní Dhomhnaill & O'Connor Łódź Søn")
    assert made.returncode == 0, made.stderr
    settings = _text(folder / "organisation.yml")
    assert "\nprefix: ni-dhomhnaill-o-connor-lodz-son " in settings
    assert "# prefix:" not in settings
    checked = trustguide("check", "--org-dir", str(folder))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    plain = trustguide("org", "init", str(tmp_path / "plain"), "--name", "Northwind Health")
    assert plain.returncode == 0 and "# prefix: northwind-health " in _text(tmp_path / "plain" / "organisation.yml")
