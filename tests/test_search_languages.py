"""Search in the reader's language: the Spanish and French query sets (compounds are German's: its set is held by
tests/test_languages.py on the bilingual build) typed into the real search box in Chromium, each language's whole
set in one page; what each language's record asks of its index (parts of compounds, words without accents) and
that readers never see it; words in other scripts, and "no results" when there are none.

Spanish and French are not published by default: one build of the guide with both (spanish_french_site) serves
every test here. `.venv/bin/python scripts/search_report.py --language es` prints a language's ranking.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, warm_builds
from searchbox import NO_RESULTS, _open_search, load_queries, report, type_query_set
from servers import nginx

DATA = Path(__file__).resolve().parent / "data"
# What each language's set must cover, beyond titles, worksheets and plans: the words its readers type.
KINDS = {"de": {"compound", "synonym", "misspelling", "glossary", "author"},
         "es": {"accent", "synonym", "misspelling", "glossary", "author"},
         "fr": {"accent", "synonym", "misspelling", "glossary", "author"}}


def _queries(language: str):
    return load_queries(DATA / f"search_queries_{language}.yml")


def _index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", ["de", "es", "fr"])
def test_each_language_has_its_query_set(language: str) -> None:
    queries = _queries(language)
    kinds = Counter(q.kind for q in queries)
    assert len(queries) >= 40, len(queries)
    assert KINDS[language] | {"title", "worksheet", "plan"} <= set(kinds), kinds
    assert len({q.text.casefold() for q in queries}) == len(queries), "a query is listed twice"
    pages = {p.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/" for p in (ROOT / "docs").rglob("*.md")}
    pages |= {f"worksheets/{p.stem}/" for p in (ROOT / "worksheets").glob("*.yml")}
    pages |= {f"sessions/{p.stem}/" for p in (ROOT / "plans").glob("*.yml")}
    pages |= {"", "references/", "worksheets/", "sessions/"}
    pages = {p.removesuffix("index/") for p in pages}
    for query in queries:
        for expectation in query.expect:
            assert expectation.page.split("#")[0] in pages, f"{query.text!r} expects {expectation.page}"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_query_set_of_each_language_in_its_site(language: str, spanish_french_site: Path, tmp_path: Path,
                                                   browser_page) -> None:
    with nginx(tmp_path / "nginx", spanish_french_site, "/") as server:
        outcomes = type_query_set(browser_page, f"{server.url}{language}/", _queries(language))
    print(f"\n{language}:\n{report(outcomes)}")
    failed = [problem for outcome in outcomes for problem in outcome.failures()]
    assert failed == [], "\n".join(failed) + "\n\n" + report(outcomes)
    assert all(not r.startswith(("http", "../")) for o in outcomes for r in o.results), "results of another language"


def test_each_index_holds_what_its_record_asks_and_readers_never_see_it(spanish_french_site: Path) -> None:
    english, german = _index(warm_builds() / "guide"), _index(warm_builds() / "guide" / "de")
    spanish, french = _index(spanish_french_site / "es"), _index(spanish_french_site / "fr")
    assert [i["config"]["lang"] for i in (english, german, spanish, french)] == [["en"], ["de"], ["es"], ["fr"]]
    # German: compounds' parts, confirmed by the German text, and the compounds for the search worker.
    assert german["compounds"]["teamcoaching"] == ["team", "coaching"]
    assert german["compounds"]["vertrauenskluft"][-1] == "kluft"
    assert "schweigepf" not in json.dumps(german["compounds"])  # the model's wrong split of a word, not kept
    pulse = next(d for d in german["docs"] if d["location"] == "worksheets/team-trust-pulse/")
    assert "puls" in pulse["title_forms"].split() and pulse["title"] == "Team-Vertrauenspuls"
    # Spanish and French: words without accents; no compounds.
    confidentiality = next(d for d in french["docs"] if d["location"] == "coaching-relationship/confidentiality/")
    assert "confidentialite" in confidentiality["title_forms"].split()
    assert "confidentialité" in confidentiality["title"]
    assert "compounds" not in spanish and "compounds" not in french and "compounds" not in english
    assert not any("title_forms" in d or "forms" in d for d in english["docs"])
    # Readers never see the forms: the pages are the same words as written.
    page = (spanish_french_site / "fr" / "coaching-relationship" / "confidentiality" / "index.html").read_text(
        encoding="utf-8")
    assert "confidentialite" not in page


@pytest.mark.browser
def test_words_in_other_scripts_typed_as_they_arrive_are_found_or_said_to_be_nowhere(branded_site: Path,
                                                                                    tmp_path: Path,
                                                                                    browser_page) -> None:
    """Chinese, Greek, Cyrillic and Arabic typed as such words arrive (inserted, with no key released: an input
    method, another keyboard layout, a paste) find the organisation's page that holds them, and a word held nowhere
    shows Material's "no results"; they used to leave the box at "Type to start searching"."""
    with nginx(tmp_path / "nginx", branded_site, "/") as server:
        browser_page.goto(server.url, wait_until="load")
        _open_search(browser_page)
        box, meta = browser_page.locator(".md-search__input"), browser_page.locator(".md-search-result__meta")
        first = browser_page.locator(".md-search-result__list > .md-search-result__item a.md-search-result__link")
        # "信任工作坊" (trust workshops) is written as Chinese is, with no space: "工作坊" is found as a word of it
        for word, found in (("信任", True), ("工作坊", True), ("Ἀθηνᾶ", True), ("София", True), ("القاهرة", True), ("Ωκεανός", False),
                            ("海洋", False), ("Океан", False)):
            box.fill("")
            meta.filter(has_text="Type to start searching").wait_for(timeout=10000)
            browser_page.keyboard.insert_text(word)
            if found:
                meta.filter(has_text="matching document").wait_for(timeout=10000)
                assert first.first.get_attribute("href").rstrip("/").endswith("northwind/contacts"), word
            else:
                meta.filter(has_text=NO_RESULTS["en"]).wait_for(timeout=10000)


def test_a_records_search_settings_are_read_and_a_wrong_one_is_one_message_at_its_line(tmp_path: Path) -> None:
    from trustguide.content.languages import language_record
    from trustguide.core.errors import TrustGuideError

    record = tmp_path / "translations" / "xx" / "language.yml"
    record.parent.mkdir(parents=True)
    record.write_text("code: xx\nname: X\nsearch:\n  lang: [de]\n  decompound: true\n", encoding="utf-8")
    settings = language_record("xx", tmp_path / "translations").search
    assert (settings.lang, settings.decompound, settings.fold_accents, settings.separator) == (("de",), True, False, "")
    for body, said in (("  decompund: true\n", "search: 'decompund' is not a search setting; it has decompound, "
                                                  "fold_accents, lang, pipeline, separator"),
                       ("  fold_accents: yes please\n", "search: fold_accents must be true or false"),
                       ("  lang: de fr\n", "search: lang must be a list of lunr-languages codes, such as [de]")):
        record.write_text(f"code: xx\nname: X\nsearch:\n{body}", encoding="utf-8")
        with pytest.raises(TrustGuideError) as error:
            language_record("xx", tmp_path / "translations")
        assert str(error.value) == f"translations/xx/language.yml:3: {said}"


def test_chinese_text_is_split_into_words_and_the_splitter_loads_only_for_it() -> None:
    """Material's search plugin splits Han text with jieba; a build of pages without Han text does not pay for
    loading it (0.2-0.3 s in every build process), and its dictionary messages never reach the build's output."""
    script = (
        "import sys, trustguide.engine.building\n"
        "from material.plugins.search.plugin import SearchIndex\n"
        "assert 'jieba.finalseg' not in sys.modules, 'jieba was loaded for nothing'\n"
        "print(SearchIndex._segment_chinese(None, 'Taipei: 信任工作坊 in Mandarin').split('\\u200b'))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['Taipei: ', '信任', '工作坊', ' in Mandarin']"
    assert "prefix dict" not in result.stderr
