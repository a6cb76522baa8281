"""The guide in English and German: one real `trustguide build` of both (once for this module), read back as a reader
meets it: addresses, lang attributes, the switcher, anchors, citations, search, PDFs; and freshness of translations."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import BIN, ROOT, copy_project, run
from searchbox import load_queries, report, run_query_set, type_query_set

GERMAN_QUERIES = Path(__file__).resolve().parent / "data" / "search_queries_de.yml"
_SWITCH = re.compile(r'<a href="([^"]*)" hreflang="(en|de)" lang="\2"\s+target="_self" class="md-select__link"')


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("bilingual") / "site"
    jobs = os.environ.get("TRUSTGUIDE_JOBS")
    os.environ["TRUSTGUIDE_JOBS"] = "2"  # the languages side by side, even on a machine with one core
    try:
        result = run([str(BIN / "trustguide"), "build", "--site-dir", str(site)], cwd=ROOT)
    finally:
        if jobs is None:
            os.environ.pop("TRUSTGUIDE_JOBS")
        else:
            os.environ["TRUSTGUIDE_JOBS"] = jobs
    assert result.returncode == 0, result.stderr
    (site.parent / "build.log").write_text(result.stderr, encoding="utf-8")
    return site


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("de/")]


def test_english_at_the_root_and_german_under_de_at_the_same_paths(bilingual: Path) -> None:
    english = _pages(bilingual)
    assert len(english) > 30
    for page in english:
        german = bilingual / "de" / page.relative_to(bilingual)
        assert german.is_file(), f"no German page for {page.relative_to(bilingual)}"
        assert '<html lang="en"' in page.read_text(encoding="utf-8")
        assert '<html lang="de"' in german.read_text(encoding="utf-8")
    assert (bilingual / "sitemap.xml").is_file() and (bilingual / "de" / "sitemap.xml").is_file()
    sitemap = (bilingual / "de" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://trustguide.example.org/de/foundations/cognitive-trust/</loc>" in sitemap
    assert 'hreflang="en" href="https://trustguide.example.org/foundations/cognitive-trust/"' in sitemap
    assert (bilingual / "de" / "search" / "search_index.json").is_file()
    index = yaml.safe_load((bilingual / "de" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["de"]


def test_every_switcher_link_leads_to_the_same_page_in_the_other_language(bilingual: Path) -> None:
    checked = 0
    for page in [*_pages(bilingual), *(bilingual / "de").rglob("index.html")]:
        text = page.read_text(encoding="utf-8")
        links = dict((lang, href) for href, lang in _SWITCH.findall(text))
        assert set(links) == {"en", "de"}, f"{page}: switcher links {links}"
        relative = page.relative_to(bilingual).as_posix()
        same = relative.removeprefix("de/")
        for lang, href in links.items():
            target = (page.parent / href / "index.html").resolve()
            wanted = bilingual / ("de/" if lang == "de" else "") / same
            assert target == wanted.resolve(), f"{relative}: the {lang} link {href} leads to {target}"
            checked += 1
    assert checked > 60


def test_german_headings_keep_the_english_anchors(bilingual: Path) -> None:
    for source in (ROOT / "docs").rglob("*.md"):
        uri = source.relative_to(ROOT / "docs").as_posix()
        if uri.startswith("includes/"):
            continue
        html = Path(uri).with_suffix("").as_posix()
        html = "index.html" if html == "index" else html.removesuffix("/index") + "/index.html"
        ids = [re.findall(r'<h[1-6][^>]* id="([^"]+)"', (bilingual / d / html).read_text(encoding="utf-8"))
               for d in ("", "de")]
        if uri == "tags.md":  # the tags are German words on the German page
            continue
        # the same anchors (the glossary is in German order: its headings name their English ids)
        assert sorted(ids[0]) == sorted(ids[1]) and len(ids[0]) == len(set(ids[0])), \
            f"{uri}: English ids {ids[0]}, German {ids[1]}"


def test_german_citations_follow_the_german_locale(bilingual: Path) -> None:
    references = (bilingual / "de" / "references" / "index.html").read_text(encoding="utf-8")
    assert "(o.\xa0J.)" in references and "n.d." not in references
    assert "2.\xa0Aufl." in references or "2. Aufl." in references
    assert "Zitiert auf:" in references
    page = (bilingual / "de" / "foundations" / "why-trust-matters" / "index.html").read_text(encoding="utf-8")
    assert '<h2 data-search-exclude id="references">Literatur' in page
    # German locators, written `[@key, S. 168]` on the German page, as the English page has `p. 168`
    clients = "coaching-relationship/what-clients-need/index.html"

    def cited(path: Path) -> str:  # the citations as read, without the evidence label shown beside each on hover
        return re.sub(r'<span class="tg-evidence-tip"[^>]*>.*?</span>', "", path.read_text(encoding="utf-8"))
    assert "Gyllensten &amp; Palmer, 2007</a>, S. 168, zitiert nach " in cited(bilingual / "de" / clients)
    assert "Gyllensten &amp; Palmer, 2007</a>, p. 168, as cited in " in cited(bilingual / clients)
    english = (bilingual / "references" / "index.html").read_text(encoding="utf-8")
    assert "(n.d.)" in english and "o.\xa0J." not in english


def test_german_pdfs_are_german_a4_and_fit_their_pages(bilingual: Path) -> None:
    pdfs = sorted((bilingual / "de" / "worksheets" / "pdf").glob("*.pdf"))
    assert pdfs and all(p.name.endswith("-a4.pdf") for p in pdfs)
    for pdf in pdfs:
        worksheet = yaml.safe_load((ROOT / "translations/de/worksheets" / (pdf.name.removesuffix("-a4.pdf") + ".yml"))
                                   .read_text(encoding="utf-8"))
        reader = PdfReader(pdf)
        assert len(reader.pages) == worksheet["pages"], pdf.name
        text = " ".join(page.extract_text() for page in reader.pages)
        assert "Seite 1" in text or worksheet["title"].split()[0] in text, pdf.name
    charter = PdfReader(bilingual / "de/worksheets/pdf/peer-group-charter-a4.pdf")
    tooltips = {f.get("/TU") for f in (charter.get_fields() or {}).values()}
    # the fields' tooltips (what a screen reader reads) are German: the labels, and the template's own words
    assert {"Mitglied: Unterschrift", "Datum", "direktes Feedback zu geben und offen dafür zu sein, es zu hören"} <= tooltips
    assert not {"Date", "Member: signature"} & tooltips


def test_the_german_query_set_finds_its_german_pages(bilingual: Path, tmp_path: Path, browser_page) -> None:
    """Titles, compounds and their parts, practitioners' words, misspellings: the whole set typed in one page."""
    from servers import nginx

    queries = load_queries(GERMAN_QUERIES)
    assert len(queries) >= 40
    with nginx(tmp_path / "nginx", bilingual, "/") as server:
        outcomes = type_query_set(browser_page, server.url + "de/", queries)
    print(f"\nde:\n{report(outcomes)}")
    failures = [problem for outcome in outcomes for problem in outcome.failures()]
    assert not failures, "\n".join(failures) + "\n\n" + report(outcomes)
    # Results never mix: the German site's results are German pages.
    assert all(not r.startswith("http") for outcome in outcomes for r in outcome.results)


def _translatable(root: Path) -> int:
    """What a translation covers: every page of docs/ (the tooltip file included), worksheet and session plan."""
    pages = [p for p in (root / "docs").rglob("*.md") if "includes" not in p.relative_to(root / "docs").parts]
    return len(pages) + 1 + len(list((root / "worksheets").glob("*.yml"))) + len(list((root / "plans").glob("*.yml")))


def _messages(log: str) -> list[str]:
    """What the terminal said, less what changes from one build to the next (times, temporary folders, how many
    PDFs the cache held)."""
    return [re.sub(r"\d+|/\S*build\S*|/tmp/\S*", "N", line) for line in log.splitlines()]


def test_languages_built_side_by_side_publish_what_one_after_the_other_publishes(bilingual: Path, tmp_path: Path,
                                                                                  monkeypatch) -> None:
    """On a machine with a second core the German build runs beside the English one: the same site, byte for byte,
    and the same messages in the same order as TRUSTGUIDE_JOBS=1, which builds one language after the other."""
    from conftest import tree_digest

    monkeypatch.setenv("TRUSTGUIDE_JOBS", "1")
    site = tmp_path / "site"
    result = run([str(BIN / "trustguide"), "build", "--site-dir", str(site)], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert tree_digest(site) == tree_digest(bilingual)
    side_by_side = _messages((bilingual.parent / "build.log").read_text(encoding="utf-8"))
    assert _messages(result.stderr) == side_by_side
    assert sum("Documentation built in" in line for line in side_by_side) == 2


def _broken_twice(project: Path) -> None:
    german = project / "translations/de/docs/foundations/cognitive-trust.md"
    text = german.read_text(encoding="utf-8")
    german.write_text(text.replace("\n# ", "\nSiehe [@keinsolcherschluessel2020].\n\n# ", 1), encoding="utf-8")


def test_a_mistake_in_a_translation_or_in_both_languages_gives_one_message(tmp_path: Path, monkeypatch) -> None:
    """A mistake only the German build meets (the checks read the English sources) stops the build with its own
    message, once, with the builds side by side and one after the other; a mistake both languages would meet is
    reported once, by the checks, not again by each build. The published site stays as it was."""
    from conftest import tree_digest

    monkeypatch.setenv("TRUSTGUIDE_JOBS", "2")
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert run([str(BIN / "trustguide"), "build", "--site-dir", str(site)], cwd=project).returncode == 0
    published = tree_digest(site)
    _broken_twice(project)
    said = {}
    for jobs in ("2", "1"):
        monkeypatch.setenv("TRUSTGUIDE_JOBS", jobs)
        german = run([str(BIN / "trustguide"), "build", "--site-dir", str(site)], cwd=project)
        assert german.returncode == 1
        lines = [line for line in german.stderr.splitlines() if "keinsolcherschluessel2020" in line]
        assert len(lines) == 1, german.stderr[-2000:]
        assert lines[0].startswith("translations/de/docs/foundations/cognitive-trust.md:"), lines
        assert "Traceback" not in german.stderr and "the published site was left unchanged" in german.stderr
        assert tree_digest(site) == published
        said[jobs] = lines[0]
    assert said["2"] == said["1"]
    # the same key cited in English too: the checks say it once, and no build starts repeating it
    monkeypatch.setenv("TRUSTGUIDE_JOBS", "2")
    english = project / "docs/foundations/cognitive-trust.md"
    english.write_text(english.read_text(encoding="utf-8").replace("\n# ", "\nSee [@keinsolcherschluessel2020].\n\n# ", 1),
                       encoding="utf-8")
    both = run([str(BIN / "trustguide"), "build", "--site-dir", str(site)], cwd=project)
    assert both.returncode == 1
    lines = [line for line in both.stderr.splitlines() if "keinsolcherschluessel2020" in line]
    assert len(lines) == 1 and lines[0].startswith("docs/foundations/cognitive-trust.md:"), both.stderr[-2000:]
    assert "Documentation built" not in both.stderr and "Traceback" not in both.stderr
    assert tree_digest(site) == published
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")], "a build folder was left behind"


def test_the_guides_german_translation_is_current() -> None:
    result = run([str(BIN / "trustguide"), "translations", "--strict"], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    total = _translatable(ROOT)
    assert f"de: {total} current, 0 stale, 0 missing of {total}" in result.stdout


def test_an_edited_english_page_makes_its_translation_stale_and_a_missing_one_falls_back(tmp_path: Path,
                                                                                        monkeypatch) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "foundations" / "cognitive-trust.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence in this guide's view.\n", encoding="utf-8")
    (project / "translations/de/docs/foundations/relational-trust.md").unlink()
    report = run([str(BIN / "trustguide"), "translations", "--strict"], cwd=project)
    assert report.returncode == 1
    assert re.search(r"de\tpage\tfoundations/cognitive-trust\.md\tstale", report.stdout), report.stdout
    assert re.search(r"de\tpage\tfoundations/relational-trust\.md\tmissing", report.stdout), report.stdout
    total = _translatable(project)
    assert f"de: {total - 2} current, 1 stale, 1 missing of {total}" in report.stdout
    # The German build alone, without PDFs, is enough to see both notices on the pages.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - trustguide-worksheets\n",
                      "  - trustguide-worksheets:\n      pdf: false\n").replace("  - trustguide-sessions\n",
                      "  - trustguide-sessions:\n      pdf: false\n"), encoding="utf-8")
    # An organisation's pages may have translations too (DIR/translations/LANG/docs/), with the same fallback.
    org = tmp_path / "org"
    page_text = "---\ntitle: {title}\ndescription: {title}.\naudience: [coach]\ntags: [trust]\n---\n\n# {title}\n\n{body}\n"
    for path, title, body in (("docs/welcome.md", "Welcome", "Our coaching pool."),
                              ("docs/contacts.md", "Contacts", "Who to call."),
                              ("translations/de/docs/welcome.md", "Willkommen", "Unser Coaching-Pool.")):
        (org / path).parent.mkdir(parents=True, exist_ok=True)
        (org / path).write_text(page_text.format(title=title, body=body), encoding="utf-8")
    (org / "organisation.yml").write_text("name: Otautahi Health\nprefix: otautahi\n", encoding="utf-8")
    translated = org / "translations/de/docs/welcome.md"
    stamp = hashlib.sha256((org / "docs/welcome.md").read_bytes()).hexdigest()[:16]
    translated.write_text(translated.read_text(encoding="utf-8").replace("---\n\n", f"translated_from: {stamp}\n---\n\n", 1),
                          encoding="utf-8")
    org_report = run([str(BIN / "trustguide"), "translations", "--org-dir", str(org)], cwd=project)
    assert re.search(r"de\tpage\totautahi/contacts\.md\tmissing", org_report.stdout), org_report.stdout
    assert "otautahi/welcome.md" not in org_report.stdout  # current
    monkeypatch.setenv("TRUSTGUIDE_ORG_DIR", str(org))
    site = tmp_path / "de"
    monkeypatch.setenv("TRUSTGUIDE_LANGUAGE", "de")
    built = run([str(BIN / "mkdocs"), "build", "--site-dir", str(site)], cwd=project)
    assert built.returncode == 0, built.stderr
    stale = (site / "foundations/cognitive-trust/index.html").read_text(encoding="utf-8")
    assert 'class="tg-language-notice tg-stale"' in stale
    assert '<a href="../../../foundations/cognitive-trust/" hreflang="en" target="_self">' in stale
    fallback = (site / "foundations/relational-trust/index.html").read_text(encoding="utf-8")
    assert "Diese Seite ist noch nicht übersetzt" in fallback
    assert '<div class="tg-untranslated" lang="en">' in fallback
    assert "Relational (affective) trust" in fallback
    welcome = (site / "otautahi/welcome/index.html").read_text(encoding="utf-8")
    assert "Unser Coaching-Pool." in welcome and "tg-language-notice" not in welcome
    contacts = (site / "otautahi/contacts/index.html").read_text(encoding="utf-8")
    assert "Diese Seite ist noch nicht übersetzt" in contacts and '<div class="tg-untranslated" lang="en">' in contacts
    shutil.rmtree(site)


def test_the_offline_zip_holds_both_languages_and_german_works_from_disk(offline_project: Path, tmp_path: Path,
                                                                         browser_page) -> None:
    from conftest import unzip_offline

    root = unzip_offline(offline_project, tmp_path)
    german = root / "de" / "foundations" / "cognitive-trust.html"
    assert german.is_file() and (root / "foundations" / "cognitive-trust.html").is_file()
    assert not (root / "de" / "404.html").exists()
    browser_page.goto(german.as_uri(), wait_until="load")
    assert browser_page.evaluate("document.documentElement.lang") == "de"
    english = browser_page.locator('a.md-select__link[hreflang="en"]')
    assert english.get_attribute("href") == "../../foundations/cognitive-trust.html"
    browser_page.goto(german.as_uri(), wait_until="load")
    browser_page.locator(".md-header__option .md-select button").hover()
    english.click()
    browser_page.wait_for_load_state("load")
    assert browser_page.url == (root / "foundations" / "cognitive-trust.html").as_uri()
    assert browser_page.evaluate("document.documentElement.lang") == "en"
    outcomes = run_query_set(browser_page, (root / "de" / "index.html").as_uri(), load_queries(GERMAN_QUERIES)[:6])
    failures = [problem for outcome in outcomes for problem in outcome.failures()]
    assert not failures, "\n".join(failures)


def test_a_personalised_german_worksheet_and_pack(tmp_path: Path) -> None:
    sheet, pack = tmp_path / "charta.pdf", tmp_path / "mappe.pdf"
    made = run([str(BIN / "trustguide"), "worksheet", "peer-group-charter", "--language", "de", "--team", "Betrieb",
                "--date", "2026-12-01", "--participant", "Ana", "--participant", "Ben", "-o", str(sheet)], cwd=ROOT)
    assert made.returncode == 0, made.stderr
    reader = PdfReader(sheet)
    assert len(reader.pages) == 2  # one page per participant, as declared
    text = reader.pages[0].extract_text()
    assert "Für Ana · Betrieb" in text and "Charta der Peer-Coaching-Gruppe · Seite 1 von 2" in text
    values = [f.get("/V") for f in (reader.get_fields() or {}).values()]
    assert "01.12.2026" in values and "2026-12-01" not in values
    names = tmp_path / "names.txt"
    names.write_text("Ana\nBen\n", encoding="utf-8")
    made = run([str(BIN / "trustguide"), "pack", "peer-coaching-launch", "--language", "de", "--start", "13:30",
                "--date", "2026-12-01", "--participants", str(names), "-o", str(pack)], cwd=ROOT)
    assert made.returncode == 0, made.stderr
    cover = PdfReader(pack).pages[0].extract_text()
    assert "MODERATIONSMAPPE" in cover.upper() and "Datum 01.12.2026" in cover and "13:30–16:00 (150 Minuten)" in cover
    wrong = run([str(BIN / "trustguide"), "worksheet", "peer-group-charter", "--language", "fr", "-o", str(sheet)],
                cwd=ROOT)
    assert wrong.returncode == 1 and "'fr' is not one of the guide's languages" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_both_languages_load_cleanly_from_nginx(bilingual: Path, tmp_path: Path, browser_page) -> None:
    """German pages as the deploy/nginx.conf server serves them at the root, beside the English ones: no failed
    request, no console error (Material's switcher script fetches each language's sitemap.xml), nothing from
    another origin. One page of each section here: test_hosting walks every English page at the root, and every
    page of both languages under /guide/."""
    from servers import nginx
    from test_hosting import visit_every_page

    with nginx(tmp_path / "nginx", bilingual, "/") as server:
        visit_every_page(server, bilingual, browser_page, under="de/", one_per_section=True)
        response = browser_page.goto(server.url, wait_until="networkidle")
        assert response is not None and response.status == 200 and browser_page.locator("article").count() == 1
        response = browser_page.goto(server.url + "de/keine-solche-seite/", wait_until="networkidle")
        assert response is not None and response.status == 404
        assert browser_page.evaluate("document.documentElement.lang") == "de", "the German 404 page is German"


def _visible_prose(html: str) -> str:
    """The page's text outside code, scripts and tags: what a reader sees as prose."""
    html = re.sub(r"(?s)<(script|style|pre|code|textarea)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_no_page_shows_a_citation_as_written(bilingual: Path) -> None:
    # "[@key]" left on a page means the citation was not read (as "like this [@key]:" once was on four pages).
    pages = sorted(bilingual.rglob("*.html"))
    assert len(pages) > 80  # English and German
    raw = {
        page.relative_to(bilingual).as_posix(): found
        for page in pages
        if (found := re.findall(r"\[-?@[\w{][^\]\n]{0,60}\]", _visible_prose(page.read_text(encoding="utf-8"))))
    }
    assert raw == {}
    indexes = sorted(bilingual.rglob("search_index.json"))
    assert len(indexes) >= 2  # English and German
    in_index = [
        (index.parent.parent.name, doc["location"])
        for index in indexes
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]
        if re.search(r"\[-?@\w", _visible_prose(doc["text"]))
    ]
    assert in_index == []


def test_every_folder_and_file_of_the_site_is_readable_by_the_web_server(bilingual: Path) -> None:
    # The web server runs as another user: de/ was once published 0700 (a temporary folder moved into place), and
    # nginx answered 403 on every German page.
    paths = [bilingual, *bilingual.rglob("*")]
    unreadable = sorted(
        f"{oct(p.stat().st_mode & 0o777)} {p.relative_to(bilingual).as_posix() or '.'}"
        for p in paths
        if (p.is_dir() and p.stat().st_mode & 0o005 != 0o005) or (p.is_file() and not p.stat().st_mode & 0o004)
    )
    assert (bilingual / "de").is_dir() and unreadable == []


def test_the_german_interface_reads_aloud_in_german(bilingual: Path) -> None:
    # mkdocs.yml gives the colour-scheme toggle's label and the headings' permanent-link title in English; a screen
    # reader read them out in English on every German page.
    german = [p for p in (bilingual / "de").rglob("*.html")]
    assert len(german) > 40
    english_labels = {p.relative_to(bilingual).as_posix() for p in german
                      if re.search(r'Switch to (dark|light) mode|title="Permanent link"', p.read_text(encoding="utf-8"))}
    assert english_labels == set()
    page = (bilingual / "de" / "foundations" / "cognitive-trust" / "index.html").read_text(encoding="utf-8")
    assert 'title="Dauerhafter Link"' in page and "Zum dunklen Modus wechseln" in page
    english = (bilingual / "foundations" / "cognitive-trust" / "index.html").read_text(encoding="utf-8")
    assert 'title="Permanent link"' in english and "Switch to dark mode" in english
