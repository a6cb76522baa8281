"""The citations and glossary tooltips as Python-Markdown extensions, which any engine that renders with
Python-Markdown loads by name: rendered without MkDocs, a page's citations, References and tooltips are those of the
built site."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from trustguide.core.errors import TrustGuideError

ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS = ["trustguide.output.markdown.citations", "trustguide.output.markdown.glossary", "attr_list",
              "admonition", "md_in_html", "toc", "tables", "def_list"]


def render(text: str, **citations: object) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs={
        "trustguide.output.markdown.citations": {"bibliography": str(ROOT / "references.bib"), "cache_dir": "",
                                                 **citations},
        "trustguide.output.markdown.glossary": {"files": [str(ROOT / "docs/includes/abbreviations.md")]}})


def body(page: str) -> str:
    return (ROOT / "docs" / page).read_text(encoding="utf-8").split("---", 2)[2]


def reference_list(html: str) -> str:
    found = re.search(r'<div class="tg-references.*?</div>\n</div>', html, re.S)
    assert found, "no References section"
    return found.group(0)


@pytest.mark.parametrize("page", ["foundations/cognitive-trust.md", "peer-coaching/norms.md",
                                  "accountability/trust-divide.md"])
def test_a_page_rendered_by_the_extensions_cites_as_the_built_site(page: str, built_site: Path) -> None:
    built = (built_site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    rendered = render(body(page))
    assert reference_list(rendered) == reference_list(built)
    citation = re.compile(r'<a class="tg-cite" href="#ref-[^"]+"[^>]*>.*?</a>')  # with its evidence description
    assert set(citation.findall(rendered)) == set(citation.findall(built)) != set()
    tooltip = re.compile(r'<abbr title="[^"]*">[^<]*</abbr>')
    assert set(tooltip.findall(rendered)) and set(tooltip.findall(rendered)) <= set(tooltip.findall(built))


def test_an_unknown_key_names_the_page_and_line() -> None:
    with pytest.raises(TrustGuideError, match=r"notes\.md:3: unknown citation key '@nobody2020'"):
        render("Intro.\n\nAs shown [@nobody2020].\n", page="notes.md")


def test_the_locale_formats_the_citation() -> None:
    """German pages join two authors with "und" (de-DE), English ones with "and"."""
    assert "Dirks and Ferrin" in render("@dirks2002trust says so.", references=False)
    assert "Dirks und Ferrin" in render("@dirks2002trust says so.", references=False, locale="de-DE")
