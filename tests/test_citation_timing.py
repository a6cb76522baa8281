"""Citations that arrive late: the site search's text for them, and pages written before pandoc was done.

The search plugin indexes pages with tokens in place of citations; the citations plugin writes the citation text
into the index afterwards. A page MkDocs renders while pandoc is still formatting gets its citations in the
written file. Either way the site must be exactly the one a build with the formatting at hand makes.
"""

from __future__ import annotations

import json
from concurrent.futures import Future
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from conftest import tree_digest
from trustguide.content.bibliography import parse_bibliography
from trustguide.content.citations import formatter
from trustguide.content.citations.formatter import format_bibliography
from trustguide.content.citations.render import render_reference_list
from trustguide.content.citations.resolver import CitationResolver, FilledCitations, defer_citations
from trustguide.content.citations.search_text import fill_search_index, index_text
from trustguide.engine import citations as citations_plugin

BIB = r"""
@article{lee2019, author = {Lee, Sam and Okafor, Ada and Novak, Petr}, title = {Three authors on trust},
  journal = {Journal of Trust \& Teams}, year = {2019}, volume = {4}, pages = {45--67}, doi = {10.1000/abc}}
@book{mueller2010, author = {M{\"u}ller, J{\"o}rg}, title = {Vertrauen im Team}, publisher = {Verlag <B>},
  year = {2010}}
@misc{blog2021, title = {What "trust" means & why}, year = {2021}, howpublished = {Blog},
  url = {https://example.org/trust?a=1&b=2}}
@article{smith2020a, author = {Smith, Jane}, title = {alpha}, journal = {J}, year = {2020}}
@article{smith2020b, author = {Smith, Jane}, title = {beta}, journal = {J}, year = {2020}}
"""

PAGES = {
    "index.md": "# Home\n\nTrust grows [see @lee2019, pp. 3-4; @mueller2010].\n\n## Teams\n\n@smith2020a and "
    "[-@smith2020b] agree; so does [@blog2021, ch. 2].\n",
    "plain.md": "# Plain\n\nNo citations here, only TGCITE0TG as the author typed it.\n",
}


def _material_index_text(fragment: str) -> str:
    """What Material's own search indexer makes of a fragment inside a paragraph."""
    parser = Parser()
    parser.feed(f"<h1 id='x'>X</h1>{fragment}")
    parser.close()
    return "".join(parser.data[-1].text).strip()


@pytest.fixture(scope="module")
def resolver() -> CitationResolver:
    return CitationResolver(format_bibliography(parse_bibliography(BIB, Path("refs.bib"), "refs.bib"), None))


def test_index_text_is_what_the_search_indexer_makes(resolver: CitationResolver) -> None:
    page = defer_citations(PAGES["index.md"], "index.md", resolver.works)
    assert page is not None and len(page.clusters) == 4
    filled = resolver.filled(page)
    fragments = [*filled.inline, filled.block or "", render_reference_list(list(resolver.works.values()))]
    fragments += ["a <sup>2</sup> b <code>x &lt; y</code>", "<div>\n\n<div>one</div>\n  <div>two</div>\n</div>"]
    for fragment in fragments:
        assert index_text(fragment).strip() == _material_index_text(fragment), fragment
    assert index_text(filled.inline[0]) == "(see Lee et al., 2019, pp. 3\u20134; M\u00fcller, 2010)"


def test_search_index_tokens_are_filled_per_page() -> None:
    docs = [
        {"location": "", "title": "Home", "text": "<p>Trust TGCITE0TG and TGCITE1TG.</p>"},
        {"location": "#teams", "title": "Teams", "text": "<p>TGCITE2TG agree.</p>"},
        {"location": "other/", "title": "Other", "text": "<p>Typed TGCITE0TG by hand.</p>"},
        {"location": "references/", "title": "References", "text": "<p>Intro.</p> <p>TGCITE0TG</p>"},
    ]
    index = json.dumps({"config": {"lang": ["en"]}, "docs": docs})
    pages = {
        "": FilledCitations(['<span class="citation">(<a href="#ref-a">A &amp; B, 2001</a>)</span>', "(C, 2002)", "D (2003)"]),
        "references/": FilledCitations([], '<div role="list">\n<div class="csl-entry">A, B. (2001). <em>T</em>.</div>\n</div>'),
    }
    filled = json.loads(fill_search_index(index, pages))
    assert filled["config"] == {"lang": ["en"]}
    assert [d["text"] for d in filled["docs"]] == [
        "<p>Trust (A &amp; B, 2001) and (C, 2002).</p>",
        "<p>D (2003) agree.</p>",
        "<p>Typed TGCITE0TG by hand.</p>",  # a page without citations of ours keeps the author's text
        "<p>Intro.</p> A, B. (2001). T.",
    ]


class _LateFuture(Future):
    """Formatting that is done only when someone waits for it: every page is rendered before pandoc ends."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def result(self, timeout: float | None = None):
        if not super().done():
            self.set_result(self.compute())
        return super().result(timeout)


def _site(root: Path, name: str) -> Path:
    # MkDocs keeps a plugin that has on_startup for the rest of the process (for `mkdocs serve`): each build
    # here starts as `mkdocs build` does, with a new one.
    MkDocsConfig.plugins.plugin_cache.clear()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / name))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    return root / name


def test_pages_rendered_before_pandoc_is_done_get_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs").mkdir()
    for name, text in PAGES.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Timing\ntheme:\n  name: material\n  font: false\nmarkdown_extensions:\n  - attr_list\n"
        "plugins:\n  - search\n  - offline\n  - trustguide-citations:\n      bibliography: references.bib\n"
        "      cache_dir: .cache\n",  # formatting is done by the two functions below, without a cache
        encoding="utf-8",
    )
    def on_time_formatting(bibliography, cache_dir, lang="en-US"):
        done: Future = Future()
        done.set_result(format_bibliography(bibliography, None, lang=lang))
        return done

    monkeypatch.setattr(citations_plugin, "format_in_background", on_time_formatting)
    on_time = _site(tmp_path, "on-time")

    written_before_formatting: list[str] = []

    def formatting_after_the_pages(bibliography, lang):
        written_before_formatting.extend(p.name for p in (tmp_path / "late").glob("*.html"))
        return format_bibliography(bibliography, None, lang=lang)

    def late(bibliography, cache_dir, lang="en-US"):
        return _LateFuture(lambda: formatting_after_the_pages(bibliography, lang))

    monkeypatch.setattr(citations_plugin, "format_in_background", late)
    monkeypatch.setattr(formatter, "BATCH_SIZE", 2)  # batching must not change a thing either
    late_site = _site(tmp_path, "late")
    assert {"index.html", "references.html"} <= set(written_before_formatting)

    differing = {
        path for path, digest in tree_digest(late_site).items() if tree_digest(on_time).get(path) != digest
    } - {"sitemap.xml.gz"}  # gzip stamps the time
    assert not differing
    docs = json.loads((late_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    for path in late_site.rglob("*.html"):
        if path.name != "plain.html":  # the author typed a token there: it stays
            assert "TGCITE" not in path.read_text(encoding="utf-8"), path
    assert [d["title"] for d in docs if "TGCITE" in d["text"]] == ["Plain"]
    home = next(d for d in docs if d["title"] == "Home")
    assert "Trust grows (see Lee et al., 2019, pp. 3–4; Müller, 2010)." in home["text"]
    assert [d["location"] for d in docs if d["title"] == "References"] == ["references.html"], (
        "a page's own References list is not indexed: the References page holds every work once"
    )
    bibliography = next(d for d in docs if d["title"] == "References")
    assert "Lee, S., Okafor, A., &amp; Novak, P. (2019). Three authors on trust." in bibliography["text"]
    assert "Cited on" not in bibliography["text"], "a search for a page's title leads to that page, not to References"
    assert "Cited on: <a" in (late_site / "references.html").read_text(encoding="utf-8")
    offline_index = (late_site / "search/search_index.js").read_text(encoding="utf-8")
    assert offline_index.count("TGCITE") == 1 and "Lee et al., 2019" in offline_index


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_the_search_index_is_the_same_filled_in_memory_or_in_its_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """The search plugin's entries get their citations before it writes them (Material's and MkDocs' own search);
    a search plugin whose entries cannot be found gets them in the index it wrote. The two give the same index."""
    (tmp_path / "docs").mkdir()
    for name, text in PAGES.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Search\ntheme:\n  name: {theme}\n" + ("  font: false\n" if theme == "material" else "")
        + "markdown_extensions:\n  - attr_list\nplugins:\n  - search\n  - trustguide-citations:\n"
        "      bibliography: references.bib\n      cache_dir: .cache\n",
        encoding="utf-8",
    )
    in_memory = _site(tmp_path, "in-memory")
    found = []
    monkeypatch.setattr(citations_plugin, "search_entries", lambda config: found.append(config) and None)
    in_the_file = _site(tmp_path, "in-the-file")
    assert found, "the build looked for the search plugin's entries"
    written = (in_memory / "search/search_index.json").read_text(encoding="utf-8")
    docs = json.loads(written)["docs"]
    assert json.loads((in_the_file / "search/search_index.json").read_text(encoding="utf-8"))["docs"] == docs
    assert {d["location"].split("#")[0] for d in docs if "TGCITE" in d["text"]} == {"plain/"}  # the author's own
    home = next(d for d in docs if d["location"] == "")
    assert "Trust grows (see Lee et al., 2019, pp. 3–4; Müller, 2010)." in home["text"]
