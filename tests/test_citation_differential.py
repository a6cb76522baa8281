"""The guide's APA 7 output against bare `pandoc --citeproc` with the same CSL file, entry by entry.

tests/data/apa_differential.bib holds every entry type, alias and field the guide formats. For each entry, the
guide's reference entry and its parenthetical, year-only and narrative citations must equal what pandoc itself
prints for the same bibliography, except for the corrections the README lists under "Corrections to pandoc's
output", each with its APA rule. Those are applied here, by hand and entry by entry, to the copy bare pandoc reads,
so the expectation never comes from the guide's own code. Golden tests below check the APA 7 form of each category.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from trustguide.content.bibliography import read_bibliography
from trustguide.content.citations.formatter import FormattedWork, format_bibliography, style_path
from trustguide.content.citations.resolver import CitationResolver

DATA = Path(__file__).parent / "data" / "apa_differential.bib"

# The corrections the README lists, as edits of the bibliography bare pandoc reads (key: what changes).
RETYPED = {"conference2018": "inproceedings", "suppbook2010": "inbook", "suppcollection2011": "incollection"}
ADDED = {
    "article_eprintdoi2022": ("doi", "10.5555/jtr.2022.0001"),
    "phdthesis2016": ("type", "Unpublished doctoral dissertation"),
    "thesis_type2012": ("type", "Unpublished doctoral dissertation"),
}
REMOVED = {  # the publisher that is the author (APA 9.29)
    "corporate2020": "institution", "corporate_publisher2019": "publisher", "report_whitepaper2021": "institution",
    "manual2018": "organization", "booklet2017": "howpublished",
    "thesis_type2012": "type",
}
RETRIEVED_ALONE = {"samenodate_a", "samenodate_b"}  # "Retrieved" without a retrieval date (APA 9.16)
AS_AUTHOR = {"report_institution_only2022"}  # a report with no author is its institution's (APA 9.11, 9.29)


def _entry_span(text: str, key: str) -> tuple[int, int]:
    start = re.search(rf"^@\w+\{{{re.escape(key)},", text, re.MULTILINE)
    assert start, key
    end = text.index("\n}\n", start.start())
    return start.start(), end


def corrected(text: str) -> str:
    """The test bibliography with the README's corrections applied by hand."""
    text = re.sub(r"(?m)^\s*year\s*=\s*\{n\.d\.\},\n", "", text)  # the n.d. marker: APA's own n.d. comes from the style
    text = re.sub(r"(?m)^(@(?!string|comment|xdata)\w+\{[^,\n]+,)$", r"\1\n  options = {useprefix=true},", text,
                  flags=re.IGNORECASE)  # name particles stay with the surname
    for key, field in REMOVED.items():
        start, end = _entry_span(text, key)
        text = text[:start] + re.sub(rf"(?m)^\s*{field}\s*=.*\n", "", text[start:end], count=1) + text[end:]
    for key in AS_AUTHOR:
        start, end = _entry_span(text, key)
        moved = re.sub(r"(?m)^\s*institution\s*=\s*(\{.*\}),\n", r"  author = {\1},\n", text[start:end], count=1)
        text = text[:start] + moved + text[end:]
    for key, (field, value) in ADDED.items():
        text = text.replace(f"{{{key},\n", f"{{{key},\n  {field} = {{{value}}},\n", 1)
    for key, kind in RETYPED.items():
        text = re.sub(rf"^@\w+\{{{key},", f"@{kind}{{{key},", text, count=1, flags=re.MULTILINE)
    return text


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def bare_pandoc(bib_text: str, keys: list[str], tmp: Path) -> dict[str, tuple[str, str, str, str]]:
    """Each key's (entry HTML, parenthetical, year-only, narrative) from one plain pandoc citeproc run."""
    import pypandoc

    bib = tmp / "bare.bib"
    bib.write_text(bib_text, encoding="utf-8")
    page = "\n\n".join(f"[@{k}]\n\n[-@{k}]\n\n@{k}" for k in keys)
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "--citeproc", f"--csl={style_path()}", f"--bibliography={bib}",
         "--from=markdown", "--to=html", "--wrap=none", "--metadata=lang:en-US"],
        input=page, capture_output=True, text=True, check=True,
    )
    out = result.stdout
    spans = re.findall(r'<p><span class="citation" data-cites="([^"]+)">(.*?)</span></p>', out, re.DOTALL)
    forms: dict[str, list[str]] = {}
    for key, span in spans:
        forms.setdefault(html.unescape(key), []).append(_plain(span))
    entries = dict(re.findall(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>', out, re.DOTALL))
    return {k: (" ".join(entries[k].split()), *forms[k]) for k in keys}


@pytest.fixture(scope="module")
def bibliography():
    return read_bibliography(DATA, "apa_differential.bib")


@pytest.fixture(scope="module")
def guide(bibliography) -> tuple[dict[str, FormattedWork], CitationResolver]:
    works = format_bibliography(bibliography, None)
    return {w.key: w for w in works}, CitationResolver(works)


@pytest.fixture(scope="module")
def pandoc(bibliography, tmp_path_factory) -> tuple[dict, dict]:
    keys = list(bibliography.entries)
    text = DATA.read_text(encoding="utf-8")
    tmp = tmp_path_factory.mktemp("bare")
    return bare_pandoc(corrected(text), keys, tmp), bare_pandoc(text, keys, tmp)


def test_the_test_bibliography_is_valid_and_varied(bibliography) -> None:
    assert bibliography.problems == []
    assert "commented_out2001" not in bibliography.known_keys  # a '%' entry is a comment, as biber reads it
    kinds = {e.entry_type for e in bibliography.entries.values()}
    assert len(bibliography.entries) >= 75 and len(kinds) >= 45, sorted(kinds)


def _guide_forms(key: str, guide) -> tuple[str, str, str, str]:
    works, resolver = guide
    cite = lambda text: _plain(resolver.resolve(text, "p.md", with_references=False).markdown)  # noqa: E731
    return " ".join(works[key].entry.split()), cite(f"[@{key}]"), cite(f"[-@{key}]"), cite(f"@{key}")


def _narrative_and(text: str) -> str:
    """APA 8.17: "and" between the last two authors in running text, "&" only in parentheses."""
    return re.sub(r",? & ", lambda m: ", and " if m.group(0).startswith(",") else " and ", text)


def test_every_entry_equals_bare_pandoc_but_for_the_listed_corrections(bibliography, guide, pandoc) -> None:
    expected_all, _ = pandoc
    differences = []
    for key in bibliography.entries:
        entry, parenthetical, year_only, narrative = expected_all[key]
        if key in RETRIEVED_ALONE:
            entry = entry.replace("Retrieved <a", "<a")
        expected = (entry, parenthetical, year_only, _narrative_and(narrative))
        found = _guide_forms(key, guide)
        if found != expected:
            differences.append((key, found, expected))
    assert differences == []


def test_each_correction_changes_what_bare_pandoc_prints(guide, pandoc) -> None:
    """A correction that made no difference would be a listed correction of nothing."""
    _, uncorrected = pandoc
    for key in {*RETYPED, *ADDED, *REMOVED, *RETRIEVED_ALONE, *AS_AUTHOR, "particle_van2015", "webpage_retrieved"}:
        assert _guide_forms(key, guide)[0] != uncorrected[key][0], key


# APA 7 (Publication Manual, chapter 10) forms, written from its examples; the text of each guide entry.
GOLDEN = {
    # periodicals (10.1)
    "article_doi2019": "Lee, S., Okafor, A., & Novak, P. (2019). Trust and candour in coaching dyads: A longitudinal "
                       "study. Journal of Trust Research, 12(3), 45–67. https://doi.org/10.5555/jtr.2019.0045",
    "article_magazine2020": "Rivera, C. (2020, May). Why teams stop talking. Example Monthly, 31(5), 22–27.",
    "article_newspaper2021": "Byrne, N. (2021, February 14). Coaching comes to the boardroom. The Example Times. "
                             "https://news.example.org/2021/02/14/coaching",
    "article_nodate": "Ferreira, L. (n.d.). Trust without a date. Example Quarterly.",
    "article_many2021": "Abbott, A., Baker, B., Clarke, C., Dunn, D., Evans, E., Fox, F., Grant, G., Hill, H., Irwin, "
                        "I., Jones, J., Khan, K., Lewis, L., Moore, M., Nash, N., Owen, O., Price, P., Quinn, Q., "
                        "Reid, R., Shaw, S., … Vance, V. (2021). Twenty-two authors on one paper. Journal of Trust "
                        "Research, 14, 200–230. https://doi.org/10.5555/jtr.2021.0200",
    # books and reference works (10.2, 10.3)
    "book_edition2006": "Bluckert, P. (2006). Psychological dimensions of executive coaching (2nd ed.). Example "
                        "University Press.",
    "book_edited2014": "Cox, E., & Bachkirova, T. (Eds.). (2014). The handbook of example coaching. SAGE.",
    "book_translated1990": "Freud, A. (1990). The ego and mechanisms of defence (J. Strachey, Trans.). Example "
                           "Classics. (Original work published 1936)",
    "corporate_publisher2019": "American Psychological Association. (2019). Publication manual of the American "
                               "Psychological Association (7th ed.). https://doi.org/10.5555/apa.manual.7",
    "particle_van2015": "van der Berg, A. (2015). Coaching across cultures. Oxford University Press.",
    "inreference_online": "American Psychological Association. (n.d.). Trust. In Example dictionary of psychology. "
                          "Retrieved May 6, 2024, from https://dictionary.example.org/trust",
    # edited book chapters (10.3)
    "chapter2014": "O’Broin, A., & Palmer, S. (2014). The coaching relationship. In E. Cox & T. Bachkirova (Eds.), "
                   "The handbook of example coaching (pp. 305–319). SAGE.",
    "chapter_crossref2014": "Stober, D. (2014). Coaching from the humanistic perspective. In E. Cox & T. Bachkirova "
                            "(Eds.), The handbook of example coaching (pp. 17–50). SAGE.",
    "chapter_republished2005": "Rogers, C. (2005). The necessary and sufficient conditions of change. In D. Hall "
                               "(Ed.), Classic readings in example coaching (pp. 11–24). Example Classics. (Original "
                               "work published 1957)",
    # reports and grey literature (10.4)
    "report_whitepaper2021": "Acme Coaching Ltd. (2021). Trust in peer coaching: A white paper [White paper]. "
                             "https://acme.example.org/whitepaper.pdf",
    "corporate2020": "World Health Organization. (2020). Trust in health workers. https://www.example.org/who/trust",
    # ... as reference managers export them: the group author that is its own publisher, with only a URL (9.29),
    # and the organisation named only as the institution, which is the group author (9.11)
    "report_group_url2021": "World Health Organization. (2021). Mental health atlas 2020. "
                            "https://www.who.example.org/publications/mental-health-atlas-2020",
    "report_institution_only2022": "Zoë O’Connor-Łukasiewicz GmbH. (2022). Peer support in the workplace. "
                                   "https://oconnor.example.org/peer-support",
    # an entry of an online reference work with its permanent link (10.3), as BibTeX and biblatex exporters write it
    "wikipedia_incollection2019": "Oil painting. (2019). In Wikipedia. "
                                  "https://en.wikipedia.org/w/index.php?title=Oil_painting&oldid=929802398",
    "wikipedia_inreference2020": "Trust (social science). (2020). In Wikipedia. "
                                 "https://en.wikipedia.org/w/index.php?title=Trust_(social_science)&oldid=943611228",
    # conference sessions (10.5)
    "session2022": "Ahmed, S. (2022, June 9–11). Contracting for confidentiality [Paper presentation]. Annual "
                   "Conference of the Example Coaching Federation, Dublin, Ireland. "
                   "https://coaching.example.org/2022/ahmed",
    "conference2018": "Said, O. (2018). Trust in virtual teams. Proceedings of the Example Conference on Coaching, "
                      "12–20.",
    # dissertations and theses (10.6)
    "phdthesis2016": "Goddard, H. (2016). The role of trust in coaching [Unpublished doctoral dissertation]. "
                     "University of Example.",
    "mastersthesis2015": "Duckworth, A. (2015). What clients need [Master’s thesis, Example College]. "
                         "https://repository.example.org/duckworth",
    # unpublished works (10.8)
    "unpublished2020": "Price, P. (2020). Trust in peer groups [Unpublished manuscript]. University of Example.",
    # data sets (10.9), software (10.10), tests and scales (10.11)
    "dataset2020": "Reid, R. (2020). Coaching trust survey (Version 2) [Data set]. Example Data Archive. "
                   "https://doi.org/10.5555/eda.2020.7",
    # unpublished raw data (10.9): where they are kept is printed when known
    "rawdata2015": "Baer, R. A. (2015). Correlations between five facets of mindfulness and well-being [Unpublished "
                   "raw data]. Department of Psychology, University of Kentucky.",
    "rawdata_nowhere2016": "Baer, R. A. (2016). Mindfulness facets in coaching clients [Unpublished raw data].",
    "rawdata_misc2017": "Evans, S. K. (2017). Personnel survey [Unpublished raw data]. University of Southern "
                        "California.",
    "software2023": "Todd, T. (2023). Trustkit (Version 1.4) [Computer software]. Zenodo. "
                    "https://software.example.org/trustkit",
    "scale2004": "Usher, U., & Vance, V. (2004). Coaching Trust Scale [Database record]. Example Tests Database. "
                 "https://doi.org/10.5555/t.2004.1",
    # audiovisual (10.12), audio (10.13) and visual works (10.14)
    "movie2012": "Moore, M. (2012). The trusting team [Film]. Example Pictures.",
    "video2019": "Example Coaching Channel. (2019, October 1). How trust grows in coaching [Video]. YouTube. "
                 "https://video.example.org/watch?v=abc",
    "podcast2020": "Owen, O. (2020, January 15). Trust on the line [Audio podcast episode]. Example Podcasts. "
                   "https://podcast.example.org/episodes/12",
    # social media (10.15) and webpages (10.16)
    "tweet2021": "Example Coaching Federation. (2021, March 2). Confidentiality is the first promise a coach makes "
                 "[Tweet]. Twitter. https://twitter.example.org/ecf/status/1",
    "webpage2022": "Khan, K. (2022, August 30). Five signs of a trusting team. Example Coaching Blog. "
                   "https://blog.example.org/five-signs",
    "webpage_retrieved": "Example Coaching Federation. (n.d.). Find a coach. Retrieved January 15, 2024, from "
                         "https://coaching.example.org/find",
}


@pytest.mark.parametrize("key", sorted(GOLDEN))
def test_apa_7_reference_forms(key: str, guide) -> None:
    works, _ = guide
    assert _plain(works[key].entry) == GOLDEN[key]


def test_titles_journals_and_volumes_are_italic_as_apa_asks(guide) -> None:
    works, _ = guide
    assert "<em>Journal of Trust Research</em>, <em>12</em>(3)" in works["article_doi2019"].entry
    assert "<em>Psychological dimensions of executive coaching</em> (2nd ed.)" in works["book_edition2006"].entry
    assert 'href="https://doi.org/10.5555/jtr.2019.0045"' in works["article_doi2019"].entry  # DOIs are links


CITATIONS = {  # APA 8.10-8.22: in-text forms
    "[@article_doi2019]": "(Lee et al., 2019)",
    "@chapter2014 found": "O’Broin and Palmer (2014) found",
    "[@book_translated1990]": "(Freud, 1936/1990)",
    "[@sameyear2020a; @sameyear2020b]": "(J. Smith, 2020a, 2020b)",
    "[@samenodate_a; @samenodate_b]": "(J. Smith, n.d.-a, n.d.-b)",
    "[@corporate2020]": "(World Health Organization, 2020)",
    "[@particle_dela2012]": "(de la Cruz & von Humboldt, 2012)",
    "[Rogers, 1957, as cited in @secondary2011]": "(Rogers, 1957, as cited in Goddard, 2011)",
    "[@legislation2018]": "(Example Data Protection Act, 2018)",
}


@pytest.mark.parametrize(("written", "expected"), sorted(CITATIONS.items()))
def test_apa_7_in_text_forms(written: str, expected: str, guide) -> None:
    _, resolver = guide
    assert _plain(resolver.resolve(written, "p.md", with_references=False).markdown) == expected
