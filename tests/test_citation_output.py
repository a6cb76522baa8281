"""APA 7 output: in-text forms, composition of clusters, page ranges and the site's references."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from trustguide.content.bibliography import parse_bibliography
from trustguide.content.citations.formatter import BATCH_SIZE, format_bibliography, format_in_background
from trustguide.content.citations.resolver import CitationResolver, defer_citations
from trustguide.core.errors import TrustGuideError

BIB = r"""
@article{smith2020a, author = {Smith, Jane and Doe, Ann}, title = {first study of trust}, journal = {J}, year = {2020}}
@article{smith2020b, author = {Smith, Jane and Roe, Bo}, title = {second study of trust}, journal = {J}, year = {2020}}
@article{smith2020c, author = {Smith, Jane}, title = {alpha}, journal = {J}, year = {2020}}
@article{smith2020d, author = {Smith, Jane}, title = {beta}, journal = {J}, year = {2020}}
@article{lee2019, author = {Lee, Sam and Okafor, Ada and Novak, Petr}, title = {Three authors}, journal = {J},
  year = {2019}, pages = {45--67}, doi = {10.1000/abc}}
@misc{weird:key.v1/x, title = {A <script>alert(1)</script> title}, year = {2001}, howpublished = {Blog}}
"""


@pytest.fixture(scope="module")
def resolver() -> CitationResolver:
    bibliography = parse_bibliography(BIB, Path("refs.bib"), "refs.bib")
    return CitationResolver(format_bibliography(bibliography, None))


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")


def cite(resolver: CitationResolver, markdown: str) -> str:
    return text(resolver.resolve(markdown, "p.md", with_references=False).markdown)


def test_parenthetical_and_narrative_forms(resolver: CitationResolver) -> None:
    assert cite(resolver, "[@lee2019]") == "(Lee et al., 2019)"
    assert cite(resolver, "@lee2019 found") == "Lee et al. (2019) found"
    assert cite(resolver, "[-@lee2019]") == "(2019)"
    assert cite(resolver, "@lee2019 [p. 50]") == "Lee et al. (2019, p. 50)"


def test_page_ranges_get_an_en_dash(resolver: CitationResolver) -> None:
    assert cite(resolver, "[@lee2019, pp. 45-67]") == "(Lee et al., 2019, pp. 45\u201367)"
    assert cite(resolver, "[@lee2019, pp. 45--67]") == "(Lee et al., 2019, pp. 45\u201367)"
    entry = resolver.works["lee2019"].entry
    assert "45\u201367" in entry and "--" not in entry


def test_same_first_author_same_year_is_disambiguated(resolver: CitationResolver) -> None:
    # APA: different co-authors are named; same author list gets 2020a/2020b.
    assert cite(resolver, "[@smith2020a]") == "(Smith & Doe, 2020)"
    assert cite(resolver, "[@smith2020b]") == "(Smith & Roe, 2020)"
    assert cite(resolver, "[@smith2020c]") == "(Smith, 2020a)"
    assert cite(resolver, "[@smith2020d]") == "(Smith, 2020b)"


def test_cluster_sorted_and_same_author_collapsed(resolver: CitationResolver) -> None:
    assert cite(resolver, "[@smith2020d; @lee2019; @smith2020c]") == "(Lee et al., 2019; Smith, 2020a, 2020b)"
    assert cite(resolver, "[see @lee2019, p. 3; @smith2020c]") == "(see Lee et al., 2019, p. 3; Smith, 2020a)"


def test_each_item_links_to_its_entry(resolver: CitationResolver) -> None:
    html = resolver.resolve("[@lee2019; @weird:key.v1/x]", "p.md").markdown
    assert 'href="#ref-lee2019"' in html
    assert 'href="#ref-weird:key.v1/x"' in html
    assert 'id="ref-weird:key.v1/x"' in html  # keys with : . / keep their entry


def test_page_ends_with_its_references(resolver: CitationResolver) -> None:
    page = resolver.resolve("Body [@lee2019].\n", "p.md").markdown
    assert "## References" in page
    assert page.index("## References") > page.index("Body")
    assert "Lee, S., Okafor, A., &amp; Novak, P. (2019). Three authors." in page
    assert 'href="https://doi.org/10.1000/abc"' in page


def test_markup_in_bib_fields_is_text(resolver: CitationResolver) -> None:
    entry = resolver.works["weird:key.v1/x"].entry
    assert "<script>" not in entry and "&lt;script&gt;" in entry


def test_unknown_key_names_page_line_and_suggests(resolver: CitationResolver) -> None:
    with pytest.raises(TrustGuideError) as caught:
        resolver.resolve("One.\n\nTwo [@lee2018].", "docs/p.md", line_offset=5)
    assert str(caught.value) == "docs/p.md:8: unknown citation key '@lee2018'; did you mean @lee2019?"


def test_formatting_is_cached_on_disk(tmp_path: Path) -> None:
    bibliography = parse_bibliography(BIB, Path("refs.bib"), "refs.bib")
    first = format_bibliography(bibliography, tmp_path)
    assert list(tmp_path.glob("*.json"))
    for cached in tmp_path.glob("*.json"):  # a poisoned cache proves the second run reads it
        cached.write_text(cached.read_text(encoding="utf-8").replace("Three authors", "From cache"), encoding="utf-8")
    second = format_bibliography(bibliography, tmp_path)
    assert [w.key for w in second] == [w.key for w in first]
    assert "From cache" in {w.key: w for w in second}["lee2019"].entry


def test_real_site_citations_and_bibliography(built_site: Path) -> None:
    page = (built_site / "foundations/why-trust-matters/index.html").read_text(encoding="utf-8")
    assert re.search(r"Dirks (&amp;|and) Ferrin", page)
    assert 'id="references"' in page
    bibliography = (built_site / "references/index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div id="ref-([^"]+)" class="csl-entry"', bibliography)
    source = (Path(__file__).resolve().parent.parent / "references.bib").read_text(encoding="utf-8")
    in_bib = parse_bibliography(source, Path("references.bib"), "references.bib").entries
    assert sorted(entries) == sorted(in_bib) and len(entries) >= 19
    # APA 7 (8.6): a work known only through another source is listed under that source, in reference-list order
    assert entries.index("alvey2007characteristics") < entries.index("gyllensten2007coaching") < entries.index("wasylyshyn2003executive")
    assert entries.index("centrefor_teams_trust") < entries.index("breuer2016trust") < entries.index("dirks2002trust")
    assert "Dirks, K. T., &amp; Ferrin, D. L. (2002). Trust in leadership" in bibliography
    assert 'href="https://doi.org/10.1037/0021-9010.87.4.611"' in bibliography
    cited_on = re.search(r'id="ref-dirks2002trust".*?Cited on: (.*?)</span>', bibliography, re.DOTALL)
    assert cited_on and "why-trust-matters/" in cited_on.group(1)
    assert (built_site / "references.bib").read_text(encoding="utf-8") == source
    # an untitled work's bracketed description is upright, not italic like a title (APA 7)
    assert '<span class="nodecor">[Article on trust and team performance coaching]</span>' in bibliography


PAGE = """# A page

Body [@lee2019] and @smith2020a [p. 4] say *so [see @smith2020c, pp. 3-4; @smith2020d]*.

- A list item citing [-@lee2019].
- Another with [@weird:key.v1/x].

| Claim | Source |
|-------|--------|
| Trust | [@smith2020b] |

> Quoted, as @lee2019 found.

!!! note "Evidence"

    An admonition citing [@smith2020a; @lee2019].

[@smith2020c]
"""


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "toc", "tables", "admonition"])


def test_deferred_citations_render_as_inline_ones(resolver: CitationResolver) -> None:
    """The build puts tokens in the Markdown and the HTML after rendering: the page must come out the same."""
    inline = _html(resolver.resolve(PAGE, "p.md").markdown)
    deferred = defer_citations(PAGE, "p.md", resolver.works)
    assert deferred is not None and "TGCITE" in deferred.markdown
    filled = resolver.fill(_html(deferred.markdown), deferred)
    assert filled == inline
    assert "TGCITE" not in filled and "Smith and Doe (2020, p. 4)" in text(filled)


@pytest.mark.parametrize("heading", ["## Trust [@lee2019]\n", "Trust @lee2019\n---------\n", "# @lee2019 [p. 3]\n"])
def test_citation_in_a_heading_is_not_deferred(resolver: CitationResolver, heading: str) -> None:
    assert defer_citations(f"Intro.\n\n{heading}\nText [@smith2020a].\n", "p.md", resolver.works) is None


def test_markdown_in_a_citation_prefix_is_still_formatted(resolver: CitationResolver) -> None:
    """Tokens are filled in after Markdown, so a page whose citation text has Markdown in it is resolved before."""
    page = "Text [see *especially* @lee2019, p. 3]."
    assert defer_citations(page, "p.md", resolver.works) is None
    assert "(see <em>especially</em> Lee et al., 2019, p. 3)" in _html(resolver.resolve(page, "p.md").markdown).replace(
        '<a class="tg-cite" href="#ref-lee2019">', "").replace("</a>", "")


def test_deferred_unknown_key_is_reported_at_once(resolver: CitationResolver) -> None:
    with pytest.raises(TrustGuideError) as caught:
        defer_citations("One.\n\nTwo [@lee2018].", "docs/p.md", set(resolver.works), line_offset=5)
    assert str(caught.value) == "docs/p.md:8: unknown citation key '@lee2018'; did you mean @lee2019?"


def test_background_formatting_gives_the_same_works(tmp_path: Path) -> None:
    bibliography = parse_bibliography(BIB, Path("refs.bib"), "refs.bib")
    background = format_in_background(bibliography, tmp_path).result(timeout=120)
    assert background == format_bibliography(bibliography, None)
    again = format_in_background(bibliography, tmp_path)
    assert again.done() and again.result() == background  # read from the cache, no thread


def _many_entries() -> str:
    """Groups of three works by one first author in one year, more groups than one citeproc batch holds."""
    lines = []
    for group in range(BATCH_SIZE):
        for n, coauthor in enumerate(("", " and Doe, Ann", "")):
            lines.append(f"@article{{g{group}n{n}, author = {{Author{group}, Jo{coauthor}}}, title = {{Work {n} of {group}}}, "
                         f"journal = {{J}}, year = {{2020}}}}")
    return "\n".join(lines)


def test_disambiguation_does_not_depend_on_batching() -> None:
    whole = {w.key: w for w in format_bibliography(parse_bibliography(_many_entries(), Path("b.bib"), "b.bib"), None)}
    assert len(whole) > 2 * BATCH_SIZE  # three batches at least, in more than one citeproc run
    for group in range(BATCH_SIZE):
        assert {whole[f"g{group}n0"].year, whole[f"g{group}n2"].year} == {"2020a", "2020b"}
        assert whole[f"g{group}n1"].year == "2020" and whole[f"g{group}n1"].author == f"Author{group} &amp; Doe"
    alone_text = "\n".join(line for line in _many_entries().splitlines() if line.startswith("@article{g7n"))
    alone = format_bibliography(parse_bibliography(alone_text, Path("b.bib"), "b.bib"), None)
    assert alone == [whole[w.key] for w in alone]
