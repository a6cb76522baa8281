"""The interface words as gettext catalogs: the template is a fresh extraction, the German catalog is complete, a
broken catalog is one message at its line, no English interface word is left on the German site (pages, PDFs, the
tools in a browser), and a third language is data only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import BIN, ROOT, copy_project, run, warm_builds
from interface_words import english_probes, leaks, page_texts
from trustguide.content.languages import format_date, language_record
from trustguide.content.languages.catalog import load_catalog
from trustguide.content.languages.extract import nav_titles

PO = Path("translations/de/LC_MESSAGES/messages.po")
QUOTATION = "What value are you bringing to each team member?"


def _messages(pot: Path) -> set[tuple]:
    from babel.messages.pofile import read_po

    with pot.open("rb") as handle:
        return {(m.id, tuple(sorted(m.locations)), tuple(sorted(m.flags))) for m in read_po(handle) if m.id}


def test_the_catalog_template_is_a_fresh_extraction(tmp_path: Path) -> None:
    """Nobody adds a word without its catalog entry: translations/messages.pot is what pybabel extracts now."""
    fresh = tmp_path / "messages.pot"
    result = run([str(BIN / "pybabel"), "extract", "-F", "babel.cfg", "--no-wrap", "--sort-by-file", "-o", str(fresh),
                  "."], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    kept, now = _messages(ROOT / "translations" / "messages.pot"), _messages(fresh)
    assert kept == now, f"run pybabel extract (README 'Adding a translation'): new {sorted(now - kept)[:5]}, " \
                        f"gone {sorted(kept - now)[:5]}"
    ids = {m[0] for m in now}
    navigation = nav_titles(yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)["nav"])
    assert navigation and set(navigation) <= ids, "every title mkdocs.yml's nav gives is a catalog message"
    assert {"How to use it", "Destroy after the session", "Facilitator: %(name)s", "404 - Not found",
            "Team summary", "Foundations of trust"} <= ids


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def test_the_german_catalog_is_complete_and_the_report_says_so(tmp_path: Path) -> None:
    result = run([str(BIN / "trustguide"), "translations", "--strict"], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^de catalog: \d+ translated, 0 untranslated, 0 fuzzy, 0 missing$", result.stdout, re.M)
    project = copy_project(tmp_path / "guide")
    po = project / PO
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "So nutzen Sie es"', 'msgstr ""')  # untranslated
    text = text.replace('msgid "Agenda"\nmsgstr', '#, fuzzy\nmsgid "Agenda"\nmsgstr')
    text = re.sub(r'\n(#[^\n]*\n)*msgid "Team summary"\nmsgstr "[^"]*"\n', "\n", text)  # stale: not yet updated
    po.write_text(text, encoding="utf-8")
    result = run([str(BIN / "trustguide"), "translations", "--strict"], cwd=project)
    assert result.returncode == 1
    assert "de\tmessage\tHow to use it\tuntranslated\t" in result.stdout
    assert "de\tmessage\tAgenda\tfuzzy: " in result.stdout
    assert "de\tmessage\tTeam summary\tmissing: in messages.pot, not in the catalog; run pybabel update" in result.stdout
    assert "0 untranslated, 0 fuzzy, 0 missing" not in result.stdout


BREAKS = {
    "syntax": ('msgstr "Für %(name)s"', 'msgstr Für %(name)s"', "not a catalog line"),
    "renamed place": ('msgstr "Für %(name)s"', 'msgstr "Für %(nom)s"', "must keep its places exactly"),
    "dropped place": ('msgstr "%(n)s Minuten"', 'msgstr "Minuten"', "must keep its places exactly"),
    "script place": ('msgstr "${time} am Folgetag"', 'msgstr "${zeit} am Folgetag"', "must keep its places exactly"),
    "control character": ('msgstr "Uhrzeit"', 'msgstr "Uhr\x01zeit"', "control character"),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_broken_catalog_is_one_message_at_its_line(tmp_path: Path, name: str) -> None:
    english, broken, words = BREAKS[name]
    project = copy_project(tmp_path / "guide")
    po = project / PO
    text = po.read_text(encoding="utf-8")
    assert english in text
    po.write_text(text.replace(english, broken, 1), encoding="utf-8")
    line = next(n for n, item in enumerate(po.read_text(encoding="utf-8").split("\n"), start=1) if broken in item)
    commands = [["check"], ["build"]] if name == "renamed place" else [["check"]]
    for command in commands:
        result = run([str(BIN / "trustguide"), *command], cwd=project)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        said = result.stdout + result.stderr
        located = re.findall(rf"^.*{re.escape(str(PO))}:(\d+): (.*)$", said, re.M)
        assert len(located) == 1, said
        assert int(located[0][0]) in (line, line - 1) and words in located[0][1]  # at the msgstr or its msgid
    assert not (project / "site").exists()


def _german_pages(site: Path) -> dict[str, list[str]]:
    return {p.relative_to(site).as_posix(): page_texts(p.read_text(encoding="utf-8")) for p in (site / "de").rglob("*.html")}


def test_no_english_interface_words_on_the_german_site() -> None:
    """Every German page and PDF of the real build: no text is a catalog message whose German differs."""
    site = warm_builds() / "guide"
    whole, phrases = english_probes(load_catalog(ROOT / PO).messages)
    assert len(whole) > 50 and len(phrases) > 50
    pages = _german_pages(site)
    assert len(pages) > 40
    found = {uri: leaks(texts, whole, phrases) for uri, texts in pages.items()}
    assert {uri: words[:3] for uri, words in found.items() if words} == {}
    sheet = pages["de/worksheets/coaching-agreement/index.html"]
    assert "So nutzen Sie es" in sheet and "Dauer" in sheet  # a worksheet's length, not a clock time
    search = (site / "de" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "How bis use it" not in search and "How to use it" not in search
    quoted = []
    messages = load_catalog(ROOT / PO).messages
    for pdf in sorted((site / "de").rglob("*.pdf")):
        texts = [page.extract_text() for page in PdfReader(pdf).pages]
        text = "\n".join(texts)
        if pdf.parent.name == "handbook":
            # Its pages are the site's, checked above as HTML, where a German word wrapped alone onto a line of a
            # table ("Agenda") or a reference's English title is not taken for an interface word. Here: its own
            # words, on the cover and the contents, every page's foot, and the appendix (from its heading on).
            appendix = messages["Appendix: worksheets and session plans"]
            start = next(i for i, page in enumerate(texts) if i > 1 and appendix in " ".join(page.split()))
            texts = texts[:2] + ["\n".join(page.split("\n")[-3:]) for page in texts[2:start]] + texts[start:]
        lines = [" ".join(line.split()) for page in texts for line in page.split("\n")]
        assert leaks(lines, whole, phrases) == [], pdf.name
        if QUOTATION in " ".join(text.replace("\u2010\n", "").replace("\u2010 ", "").split()):
            quoted.append(pdf.name)
    # the English source quotation stays exactly English where German hyphenation breaks it ("mem‐ ber")
    assert sorted(quoted) == ["manager-value-question-a4.pdf", "trust-guide-a4.pdf",  # the handbook prints it too
                              "value-question-cycle-run-sheet-a4.pdf"], quoted


@pytest.mark.browser
def test_the_german_tools_show_no_english_once_used(browser_page) -> None:
    """The results tools after entering sheets, and the planner with steps: what the scripts write is German."""
    site = warm_builds() / "guide"
    whole, phrases = english_probes(load_catalog(ROOT / PO).messages)
    page = browser_page
    page.goto((site / "de/tools/pulse-tally/index.html").as_uri())
    page.locator(".tg-results-minimum").fill("3")
    for sheet in ([4, 5, 3], [2, 3, 4], [5, 4, 4], [3, 3, 2]):
        for key, value in zip(["keeping_promises", "sharing_information", "having_backs"], sheet, strict=True):
            page.select_option(f"#tg-pulse-{key}", str(value))
        page.locator(".tg-results-add").click()
    summary = page.locator(".tg-results-summary").inner_text()
    assert "Teamübersicht" in summary and "3,5" in summary  # a median with the German decimal comma
    texts = [" ".join(line.split()) for line in page.locator("main").inner_text().split("\n")]
    labels = page.eval_on_selector_all("main [aria-label]", "els => els.map(e => e.getAttribute('aria-label'))")
    assert leaks(texts + labels, whole, phrases) == []
    page.goto((site / "de/planner/index.html").as_uri())
    for _ in range(2):
        page.locator("#tg-planner-add").click()
    texts = [" ".join(line.split()) for line in page.locator("main").inner_text().split("\n")]
    labels = page.eval_on_selector_all("main [aria-label]", "els => els.map(e => e.getAttribute('aria-label'))")
    assert "Moderator:in" in " ".join(texts) or "Moderation" in " ".join(texts)
    assert leaks(texts + labels, whole, phrases) == []


def test_dates_and_the_narrative_and_come_from_the_locale_data() -> None:
    from trustguide.content.citations.formatter import _list_joins

    translations = ROOT / "translations"
    assert format_date("2026-12-01", language_record("de", translations)) == "01.12.2026"
    assert format_date("2026-12-01", language_record("en", translations)) == "2026-12-01"
    assert language_record("fr", None).name == "français"  # no record: Babel's name of the language
    assert _list_joins("en-US") == (" and ", ", and ") and _list_joins("de-DE") == (" und ", " und ")
    assert _list_joins("fr-FR") == (" et ", " et ")


def test_a_third_language_is_data_only(tmp_path: Path) -> None:
    """Dutch (which the guide does not have) added with a record, a tiny catalog and one page, no code: built, its
    words Dutch where the catalog has them, English elsewhere, its home page Dutch."""
    project = copy_project(tmp_path / "guide")
    french = project / "translations" / "nl"
    (french / "LC_MESSAGES").mkdir(parents=True)
    (french / "language.yml").write_text("code: nl\nname: Nederlands\nlocale: nl_NL\ncitation_locale: nl-NL\n"
                                         "print_lang: nl\ndate_format: medium\npapers: [a4]\n", encoding="utf-8")
    (french / "LC_MESSAGES" / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: nl\\n"\n\n'
        'msgid "How to use it"\nmsgstr "Zo gebruikt u het"\n\n'
        'msgid "Foundations of trust"\nmsgstr "De grondslagen van vertrouwen"\n\n'
        'msgid "%(n)s minutes"\nmsgstr "%(n)s minuten (nl)"\n', encoding="utf-8")
    (french / "docs").mkdir()
    from trustguide.content.languages.freshness import source_hash

    # the German home page's headings and front matter, its title and first paragraph in French
    german = (project / "translations" / "de" / "docs" / "index.md").read_text(encoding="utf-8")
    body = re.sub(r"^# .*$", "# Gids over vertrouwen\n\nWelkom.", german, count=1, flags=re.M)
    body = re.sub(r"translated_from: \w+", f"translated_from: {source_hash(project / 'docs' / 'index.md')}", body)
    (french / "docs" / "index.md").write_text(body, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [en, de]", "languages: [en, nl]"),
                      encoding="utf-8")
    site = tmp_path / "site"
    result = run([str(BIN / "trustguide"), "build", "--site-dir", str(site)], cwd=project)
    assert result.returncode == 0, result.stderr
    sheet = (site / "nl" / "worksheets" / "coaching-agreement" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in sheet
    assert re.search(r"<h2 id=\"how-to-use-it\">Zo gebruikt u het", sheet)  # Dutch, with the English anchor
    assert 'id="how-to-use-it"' in sheet  # the English anchor
    assert "De grondslagen van vertrouwen" in sheet and "minuten (nl)" in sheet
    assert "Related pages" in sheet  # no Dutch for it: English
    home = (site / "nl" / "index.html").read_text(encoding="utf-8")
    assert "Welkom." in home and "Nederlands" in home  # the switcher names it
    assert sorted(p.name for p in (site / "nl" / "worksheets" / "pdf").glob("*.pdf"))[0].endswith("-a4.pdf")


@pytest.mark.parametrize("language", ["de", "es", "fr"])
def test_every_plural_message_has_each_form_its_language_counts(language: str) -> None:
    """A message with a plural has as many forms as the language's plural rule names (Spanish and French: three in
    CLDR's rule); one missing is what gettext's msgfmt refuses and what a count in that form would print wrong."""
    from babel.messages.pofile import read_po

    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po)
    short = [message.id[0] for message in catalog if message.pluralizable and message.id
             and len([form for form in message.string if form]) != catalog.num_plurals]
    assert short == []
