"""The knowledge base: every page complete, reachable, cited, written anew, and findable."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

from trustguide.content.bibliography import load_bibliography
from trustguide.content.citations.scanner import scan_citations
from trustguide.content.pages.frontmatter import validate_front_matter

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SEEDS = ROOT.parent / "shared" / "seeds"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "includes" not in p.relative_to(DOCS).parts)

sys.path.insert(0, str(ROOT / "scripts"))
import seed_overlap  # noqa: E402


def nav_paths(nav: list) -> set[str]:
    found: set[str] = set()
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= nav_paths(value)
        else:
            found.add(value)
    return found


def page_id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def test_the_whole_outline_is_written() -> None:
    # CONTENT.md's 19 pages: 16 authored topic pages, glossary, organisations and home, plus the generated references.
    assert len(PAGES) >= 19, [page_id(p) for p in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_has_front_matter(page: Path) -> None:
    source = page.read_text(encoding="utf-8")
    meta = yaml.safe_load(source.split("---", 2)[1]) if source.startswith("---") else {}
    assert validate_front_matter(meta, source, page_id(page)) == []
    for field in ("title", "description", "audience", "tags"):
        assert meta.get(field), f"{page_id(page)} lacks {field}"


def test_every_page_is_in_the_navigation() -> None:
    from mkdocs.utils.yaml import get_yaml_loader  # mkdocs.yml may use MkDocs' own tags such as !ENV

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    in_nav = nav_paths(config["nav"])
    assert {page_id(p) for p in PAGES} - in_nav == set()
    assert "references.md" in in_nav


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_placeholder_text(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"\b(TODO|TBD|FIXME|XXX|lorem ipsum|coming soon|placeholder)\b", text, re.IGNORECASE)


def test_every_bibliography_entry_is_cited() -> None:
    cited = {item.key for p in PAGES for c in scan_citations(p.read_text(encoding="utf-8")) for item in c.items}
    entries = set(load_bibliography(ROOT / "references.bib").entries)
    assert entries - cited == set()
    assert cited - entries == set()


def test_no_page_copies_a_seed() -> None:
    assert SEEDS.is_dir(), f"the seeds are expected beside the repository at {SEEDS}"
    runs = seed_overlap.seed_runs(SEEDS)
    assert runs, "no seed text read"
    copied = {page_id(p): seed_overlap.shared_runs(p.read_text(encoding="utf-8"), runs) for p in PAGES}
    assert {k: v for k, v in copied.items() if v} == {}


def test_overlap_check_catches_a_copied_sentence() -> None:
    runs = seed_overlap.seed_runs(SEEDS)
    copied = "Trust functions as the social lubricant that turns a collection of high-calibre individuals into a unit."
    assert seed_overlap.shared_runs(copied, runs)


SEARCHES = {
    "confidentiality": "coaching-relationship/confidentiality/",
    "cognitive trust": "foundations/cognitive-trust/",
    "peer group norms": "peer-coaching/norms/",
    "value question": "accountability/value-question/",
    "chemistry": "coaching-relationship/chemistry/",
    "psychological safety": None,  # any page whose title or headings carry it
    "team norms": "team-coaching/team-performance-coaching/",
}


@pytest.mark.parametrize(("query", "expected"), SEARCHES.items())
def test_search_index_leads_to_the_right_page(built_site: Path, query: str, expected: str | None) -> None:
    """A coach's query words appear in the title or a heading of the page that answers it (what search ranks on)."""
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    words = query.lower().split()
    strong = {doc["location"].split("#")[0] for doc in index["docs"] if all(w in doc["title"].lower() for w in words)}
    if expected is None:
        assert strong, f"no page title or heading mentions {query!r}"
    else:
        assert expected in strong, f"{query!r} is in the headings of {sorted(strong)}"


def test_glossary_terms_show_as_tooltips(built_site: Path) -> None:
    page = (built_site / "foundations/cognitive-trust/index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">[Cc]ognitive trust</abbr>', page)


def test_home_offers_three_reader_paths(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8").lower()
    for reader in ("coach", "facilitator", "organisation"):
        assert reader in home
