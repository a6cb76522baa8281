"""Golden cases for references.bib: every problem is reported at its 1-based line with the entry key."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustguide.content.bibliography import load_bibliography, parse_bibliography
from trustguide.core.errors import TrustGuideError, TrustGuideErrors

GOOD_ARTICLE = """@article{good2020,
  author  = {Lee, Sam and Okafor, Ada},
  title   = {A good article},
  journal = {Journal of Trust},
  year    = {2020},
  pages   = {1--10},
  doi     = {10.1000/xyz123}
}
"""


def messages(text: str) -> list[str]:
    try:
        parse_bibliography(text, Path("references.bib"), "references.bib")
    except TrustGuideErrors as exc:
        return [str(p) for p in exc.problems]
    except TrustGuideError as exc:
        return [str(exc)]
    return []


GROUP_AUTHOR_HINT = (" (an organisation that is both the author and the publisher is written whole, in double "
                     "braces, as the author: author = {{Name of the organisation}})")

CASES = [
    pytest.param(GOOD_ARTICLE, [], id="valid article"),
    pytest.param(
        GOOD_ARTICLE + "\n@article{good2020,\n  author={X, Y}, title={T}, journal={J}, year={2001}\n}\n",
        ["references.bib:10: duplicate key 'good2020': another entry already uses it; rename one of them"],
        id="duplicate key",
    ),
    pytest.param(
        "@book{b1,\n  author = {A, B},\n  title = {T},\n  title = {U},\n  publisher = {P},\n  year = {2000}\n}\n",
        ["references.bib:1: entry 'b1' has 'title' twice; keep one"],
        id="duplicate field",
    ),
    pytest.param(
        "@article{c1,\n  author = {A, B}\n  title = {T},\n  journal = {J},\n  year = {2000}\n}\n",
        ["references.bib:3: entry 'c1': missing comma before field 'title'; add ',' at the end of the line above"],
        id="missing comma swallows next field",
    ),
    pytest.param(
        "@inproceedings{d1,\n  author = {A, B}, title = {T}, year = {2000}\n}\n",
        ["references.bib:1: entry 'd1' (@inproceedings) needs the field 'booktitle or eventtitle'; add it"],
        id="conference paper without its proceedings or conference",
    ),
    pytest.param(
        "@artcle{d2,\n  author = {A, B}, title = {T}, journal = {J}, year = {2000}\n}\n",
        ["references.bib:1: entry 'd2': @artcle is not a BibTeX or biblatex entry type; did you mean @article?"],
        id="unknown type names the closest",
    ),
    pytest.param(
        "@article{e1,\n  author = {A, B},\n  title = {T},\n  year = {2000}\n}\n",
        ["references.bib:1: entry 'e1' (@article) needs the field 'journal or journaltitle'; add it"],
        id="article without journal",
    ),
    pytest.param(  # APA 9.12: a work without an author is still a work; its title moves to the author's place
        "@book{f1,\n  title = {T},\n  publisher = {P},\n  year = {2000}\n}\n",
        [],
        id="book without author or editor",
    ),
    pytest.param(
        "@book{f2,\n  author = {A, B},\n  title = {T},\n  year = {2000}\n}\n",
        ["references.bib:1: entry 'f2' (@book) needs the field 'publisher or organization or institution'; add it"
         + GROUP_AUTHOR_HINT],
        id="book without publisher",
    ),
    # What APA 7 accepts without a publisher, as reference managers export it (Zotero: {{Group}} authors, an
    # encyclopedia article as a part of a book): refused before, identified by APA.
    pytest.param(  # 9.29, 10.4: a group author that is its own publisher; the publisher is omitted
        "@techreport{who,\n  author = {{World Health Organization}},\n  title = {T},\n  year = {2021},\n"
        "  url = {https://who.example.org/t}\n}\n",
        [],
        id="report of a group author with only a URL",
    ),
    pytest.param(  # 10.3: "Title. (2019). In Wikipedia. URL"
        "@incollection{wiki,\n  title = {Oil painting},\n  booktitle = {Wikipedia},\n  date = {2019-12-09},\n"
        "  url = {https://en.wikipedia.org/w/index.php?title=Oil_painting&oldid=929802398},\n  urldate = {2020-01-21}\n}\n",
        [],
        id="entry of an online reference work",
    ),
    pytest.param(  # 10.9: "[Unpublished raw data]"; where the data are kept is printed when known
        "@dataset{raw,\n  author = {Baer, Ruth A.},\n  title = {T},\n  year = {2015},\n"
        "  type = {Unpublished raw data}\n}\n",
        [],
        id="unpublished raw data",
    ),
    # ... and what APA cannot identify stays refused, with what to add
    pytest.param(  # a person's report: who published it?
        "@techreport{r2,\n  author = {Smith, Jane},\n  title = {T},\n  year = {2021},\n  url = {https://x.example/t}\n}\n",
        ["references.bib:1: entry 'r2' (@techreport) needs the field 'publisher or organization or institution'; add "
         "it" + GROUP_AUTHOR_HINT],
        id="report of a person with only a URL",
    ),
    pytest.param(  # a group author written as a person's name list is not a group: "World Health Organization" would
        # be W. H. Organization
        "@report{r3,\n  author = {World Health Organization},\n  title = {T},\n  year = {2021}\n}\n",
        ["references.bib:1: entry 'r3' (@report) needs the field 'publisher or organization or institution'; add it"
         + GROUP_AUTHOR_HINT],
        id="report of an organisation not in braces",
    ),
    pytest.param(  # a chapter with neither its book's publisher nor an address
        "@incollection{c2,\n  author = {A, B},\n  title = {T},\n  booktitle = {B},\n  year = {2000}\n}\n",
        ["references.bib:1: entry 'c2' (@incollection) needs the field 'publisher or organization or institution'; "
         "add it"],
        id="chapter without publisher or URL",
    ),
    pytest.param(  # data that say nothing of where they are, or that they were never published
        "@dataset{d2,\n  author = {A, B},\n  title = {T},\n  year = {2000}\n}\n",
        ["references.bib:1: entry 'd2' (@dataset) needs the field 'publisher or organization or institution or url "
         "or doi or eprint or howpublished'; add it; for data that were never published, say so: type = "
         "{Unpublished raw data}"],
        id="data set without source",
    ),
    pytest.param(
        "@online{g1,\n  title = {T},\n  year = {2000}\n}\n",
        ["references.bib:1: entry 'g1' (@online) needs the field 'url or doi or eprint or howpublished'; add it"],
        id="online without url",
    ),
    pytest.param(
        GOOD_ARTICLE.replace("10.1000/xyz123", "https://doi.org/10.1000/xyz123"),
        ["references.bib:7: entry 'good2020': malformed DOI 'https://doi.org/10.1000/xyz123'; write it bare, "
         "like 10.1037/apl0000113"],
        id="malformed DOI",
    ),
    pytest.param(
        "@article{h1,\n  author = {A, B},\n  title = {T,\n  journal = {J},\n  year = {2000}\n}\n"
        "@article{ok,\n  author = {A, B}, title = {T}, journal = {J}, year = {2000}\n}\n",
        None,
        id="unbalanced brace",
    ),
    pytest.param(
        "@misc{i1,\n  title = {T},\n  year = {20},\n  howpublished = {Blog}\n}\n",
        ["references.bib:3: entry 'i1': year '20' is not four digits or 'n.d.'; write it like 2020, or n.d. for a "
         "work without a date"],
        id="bad year",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_bibliography_problems_are_located(text: str, expected: list[str] | None) -> None:
    found = messages(text)
    if expected is None:  # parser-dependent wording: assert the location and the advice only
        assert found and found[0].startswith("references.bib:1: ") and "braces" in found[0], found
    else:
        assert found == expected


def test_several_problems_are_all_reported() -> None:
    text = "@article{a,\n  title = {T}\n}\n@book{b,\n  title = {T}, year = {2000}\n}\n"
    found = messages(text)
    assert any(m.startswith("references.bib:1: entry 'a'") for m in found)
    assert any(m.startswith("references.bib:4: entry 'b'") for m in found)


def test_repository_bibliography_is_valid(repo_root: Path) -> None:
    bibliography = load_bibliography(repo_root / "references.bib")
    assert "dirks2002trust" in bibliography
    assert bibliography["breuer2016trust"].author_families[1] == "Hüffmeier"  # LaTeX decoded


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TrustGuideError, match="the bibliography file does not exist"):
        load_bibliography(tmp_path / "nope.bib", "nope.bib")


# LaTeX decoding skips pylatexenc for values with nothing to decode; the result must be pylatexenc's own.
LATEX_VALUES = [
    "Trust in leadership: Meta-analytic findings",
    "611--628",
    "45 -- 67 and 1--2--3",
    "An em---dash and an en--dash",
    "H{\\\"u}ffmeier",
    "M\u00fcller and \u00d3'S\u00failleabh\u00e1in",
    "{Centre for Teams}",
    "Costs of 5\\% and R\\&D",
    "A $\\beta$ test",
    "``Quoted'' words",
    "Non~breaking",
    "A title\n  continued on a second line",
    "it's O'Brien's -- not ''quoted''",
]


def _decoded(middleware, values: list[str]) -> list[str]:
    return [middleware._transform_python_value_string(v) for v in values]


def test_fast_latex_decoding_gives_pylatexenc_results() -> None:
    from bibtexparser.middlewares import LatexDecodingMiddleware

    from trustguide.content.bibliography.loader import _latex_decoding

    assert _decoded(_latex_decoding(), LATEX_VALUES) == _decoded(LatexDecodingMiddleware(), LATEX_VALUES)


PIECES = [*"aZ\u00e9\u00df 1-.,:;'\"!?()/@#^_*+=<>[]|\n\t", "--", "---", "''", "\\", "{", "}", "$", "~", "&", "%", "`"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_fast_latex_decoding_matches_on_any_text(value: str) -> None:
    from bibtexparser.middlewares import LatexDecodingMiddleware

    from trustguide.content.bibliography.loader import _latex_decoding

    assert _decoded(_latex_decoding(), [value]) == _decoded(LatexDecodingMiddleware(), [value])


def test_bibliography_cache_is_keyed_by_content(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text(GOOD_ARTICLE, encoding="utf-8")
    cache = tmp_path / "cache"
    first = load_bibliography(bib, "references.bib", cache)
    (cached,) = cache.glob("bib-*.json")
    bib.write_text(GOOD_ARTICLE.replace("A good article", "A changed article"), encoding="utf-8")
    second = load_bibliography(bib, "references.bib", cache)
    assert first["good2020"].title == "A good article"
    assert second["good2020"].title == "A changed article"
    assert len(list(cache.glob("bib-*.json"))) == 2 and cached.exists()


def _read(text: str):
    return parse_bibliography(text, Path("references.bib"), "references.bib", raise_problems=False)


@pytest.mark.parametrize("written", ["ARTICLE", "Article", "phdthesis", "MastersThesis", "techreport", "conference",
                                     "electronic", "www", "Booklet", "unpublished", "dataset", "software", "video",
                                     "audio", "image", "legislation", "inbook", "incollection", "inproceedings",
                                     "collection", "mvbook", "mvcollection", "manual", "patent", "periodical",
                                     "report", "thesis", "online", "misc", "commentary"])
def test_every_type_and_alias_in_any_case_is_accepted(written: str) -> None:
    fields = ("title = {T}, date = {2020}, journal = {J}, publisher = {P}, booktitle = {B}, school = {S}, "
              "institution = {I}, url = {https://example.org/}, number = {1}")
    bibliography = _read(f"@{written}{{k1,\n  author = {{Lee, Sam}}, {fields}\n}}\n")
    assert bibliography.problems == [] and "k1" in bibliography


def test_a_commented_out_entry_is_a_comment_as_biber_reads_it() -> None:
    text = "%@book{gone,\n%  title = {Gone},\n%}\n" + GOOD_ARTICLE.replace("  pages", "  % pages = {old},\n  pages")
    bibliography = _read(text)
    assert bibliography.problems == [] and "gone" not in bibliography.known_keys
    assert "% pages" not in bibliography["good2020"].fields and bibliography["good2020"].fields["pages"] == "1\u201310"


def test_string_and_month_macros_and_concatenation() -> None:
    text = ('@String{pub = {Acme Press}}\n@string{city = "Leeds"}\n'
            "@BOOK{b1,\n  Author = {Lee, Sam},\n  Title = {T},\n  Publisher = pub # { and } # city,\n"
            "  Month = jan,\n  Year = 2001\n}\n")
    entry = _read(text)["b1"]
    assert entry.fields["publisher"] == "Acme Press and Leeds" and entry.fields["month"] == "1"


def test_an_undefined_macro_is_located_with_what_to_do() -> None:
    text = "@book{b2,\n  title = {T},\n  publisher = acme,\n  year = 2001\n}\n"
    assert messages(text) == ["references.bib:3: entry 'b2': field 'publisher' uses 'acme', which no @string defines; "
                              "define it with @string{acme = {...}}, or put the text in braces"]


CHAPTER_PARENT = "@collection{book1,\n  editor = {Cox, Elaine},\n  title = {The handbook},\n  publisher = {SAGE},\n  year = {2014}\n}\n"


def test_a_chapter_inherits_its_book_by_biber_rules() -> None:
    text = CHAPTER_PARENT + "@incollection{ch1,\n  author = {Stober, D.},\n  title = {A chapter},\n  crossref = {book1}\n}\n"
    bibliography = _read(text)
    chapter = bibliography["ch1"]
    assert bibliography.problems == []
    assert chapter.fields["booktitle"] == "The handbook" and chapter.fields["title"] == "A chapter"
    assert chapter.fields["publisher"] == "SAGE" and chapter.fields["year"] == "2014"
    assert chapter.support == ("book1",) and "book1" in bibliography.support
    assert "@collection{book1" in bibliography.pandoc_text([chapter])  # pandoc reads the parent with the child


def test_a_chapter_whose_parent_is_a_book_gets_no_book_title_as_in_biber() -> None:
    """biber gives @incollection the title of a @collection, not of a @book: the chapter then lacks its book title."""
    text = CHAPTER_PARENT.replace("@collection", "@book") + "@incollection{ch2,\n  title = {C},\n  crossref = {book1}\n}\n"
    assert messages(text) == ["references.bib:7: entry 'ch2' (@incollection) needs the field 'booktitle' (the title "
                              "of the book that holds it); add it here or to its crossref parent 'book1'"]


def test_xdata_fields_are_inherited_and_xdata_is_no_work() -> None:
    text = ("@xdata{pub,\n  publisher = {SAGE},\n  location = {London}\n}\n"
            "@book{b3,\n  author = {Hall, D.},\n  title = {T},\n  year = {2011},\n  xdata = {pub}\n}\n")
    bibliography = _read(text)
    assert bibliography.problems == [] and bibliography["b3"].fields["publisher"] == "SAGE"
    assert "pub" not in bibliography and "pub" in bibliography.containers


def test_a_missing_crossref_is_one_message() -> None:
    text = "@incollection{ch3,\n  title = {C},\n  crossref = {nowhere}\n}\n"
    assert messages(text) == ["references.bib:3: entry 'ch3': crossref 'nowhere' is not an entry of this file; add "
                              "that entry or remove the crossref field"]


def test_a_refused_entry_stays_known() -> None:
    bibliography = _read(GOOD_ARTICLE + "@techreport{r1,\n  title = {T},\n  year = {2021}\n}\n")
    assert "r1" not in bibliography and "r1" in bibliography.known_keys and "good2020" in bibliography
    assert [p.message for p in bibliography.problems] == [
        "entry 'r1' (@techreport) needs the field 'publisher or organization or institution'; add it" + GROUP_AUTHOR_HINT]


def test_a_set_is_refused_with_what_to_do_instead() -> None:
    (message,) = messages("@set{s1,\n  entryset = {a,b}\n}\n")
    assert message.startswith("references.bib:1: entry 's1': an @set groups entries") and "cite its entries" in message


def test_names_keep_particles_suffixes_and_corporate_authors() -> None:
    text = ("@book{n1,\n  author = {van der Berg, Anna and King, Jr., Martin and {World Health Organization} and "
            "M{\\\"u}ller, J{\\\"o}rg},\n  title = {T},\n  publisher = {P},\n  year = {2015}\n}\n")
    entry = _read(text)["n1"]
    assert entry.author_families == ("Berg", "King", "World Health Organization", "Müller")
    assert entry.fields["author"] == "Anna van der Berg and Martin King Jr. and World Health Organization and Jörg Müller"
