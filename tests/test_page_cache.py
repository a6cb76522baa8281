"""The page cache: a build that reads a page's citations from it makes exactly the site a build that scans them does.

What a user would check: the site and its search index are the same bytes, an edited page shows its new citation,
a changed bibliography shows its new year, a mistake on an edited page is still reported at its line, and a
damaged cache costs time only.
"""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import tree_digest
from trustguide.content.citations.page_cache import CitedPage, PageCache, page_digest

BIB = r"""
@article{lee2019, author = {Lee, Sam and Okafor, Ada and Nowak, Piotr}, title = {Three authors on trust},
  journal = {Journal of Trust \& Teams}, year = {2019}, volume = {4}, pages = {45--67}}
@book{mueller2010, author = {M{\"u}ller, J{\"o}rg}, title = {Vertrauen im Team}, publisher = {Verlag}, year = {2010}}
@article{osullivan2021, author = {O'Sullivan, Siobh{\'a}n}, title = {Who speaks first}, journal = {J}, year = {2021}}
"""

PAGES = {
    "index.md": "# Home\n\nTrust grows [see @lee2019, pp. 3-4; @mueller2010].\n\n## Teams\n\n@osullivan2021 agrees.\n",
    "second.md": "# Second\n\n- A list item [@mueller2010]\n\n| Topic | Source |\n| --- | --- |\n| trust | [@lee2019] |\n",
    "plain.md": "# Plain\n\nNo citations here; write to a@b.org.\n",
}


def _project(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Cache\ntheme:\n  name: material\n  font: false\nmarkdown_extensions:\n  - attr_list\n  - tables\n"
        "plugins:\n  - search\n  - trustguide-citations:\n      bibliography: references.bib\n",
        encoding="utf-8",
    )
    return root


def _build(root: Path, site: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict`, without -q: MkDocs counts no warning under -q."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    return subprocess.run([str(mkdocs), "build", "--strict", "-d", site], cwd=root, capture_output=True,
                          text=True, check=False, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})


def _pages_file(root: Path) -> Path:
    return root / ".cache" / "trustguide" / "citations" / "pages-en.marshal"


def _differing(one: Path, other: Path) -> set[str]:
    first, second = tree_digest(one), tree_digest(other)
    return {p for p in set(first) | set(second) if first.get(p) != second.get(p)} - {"sitemap.xml.gz"}


def test_pages_read_from_the_cache_give_the_site_a_scan_gives(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    assert _build(root, "first").returncode == 0
    assert _pages_file(root).is_file()
    assert _build(root, "second").returncode == 0  # every page from the cache
    assert not _differing(root / "first", root / "second")
    docs = json.loads((root / "second" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    texts = {d["title"]: d["text"] for d in docs}
    assert texts["Home"] == "<p>Trust grows (see Lee et al., 2019, pp. 3\u20134; M\u00fcller, 2010).</p>"
    assert texts["Teams"] == "<p>O\u2019Sullivan (2021) agrees.</p>"
    assert not [d["title"] for d in docs if "TGCITE" in d["text"]]


def test_an_edited_page_shows_its_new_citation_and_the_others_stay(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    assert _build(root, "first").returncode == 0
    second = root / "docs" / "second.md"
    second.write_text(second.read_text(encoding="utf-8") + "\nAdded later [@osullivan2021, p. 7].\n", encoding="utf-8")
    assert _build(root, "edited").returncode == 0
    assert _differing(root / "first", root / "edited") == {
        "second/index.html", "search/search_index.json", "references/index.html"  # "Cited on" gains the page
    }
    edited = (root / "edited" / "second" / "index.html").read_text(encoding="utf-8")
    assert '<a class="tg-cite" href="#ref-osullivan2021">O\u2019Sullivan, 2021</a>, p. 7)' in edited
    assert 'id="ref-osullivan2021"' in edited, "the page's own References list gains the work"
    # The same edit built without any cache: the same bytes.
    fresh = _project(tmp_path / "fresh")
    (fresh / "docs" / "second.md").write_text(second.read_text(encoding="utf-8"), encoding="utf-8")
    assert _build(fresh, "site").returncode == 0
    assert not _differing(root / "edited", fresh / "site")


def test_a_changed_bibliography_is_not_read_from_an_old_cache(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    assert _build(root, "first").returncode == 0
    bib = root / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("year = {2010}", "year = {2011}"), encoding="utf-8")
    assert _build(root, "after").returncode == 0
    home = (root / "after" / "index.html").read_text(encoding="utf-8")
    assert "M\u00fcller, 2011" in home and "M\u00fcller, 2010" not in home


def test_a_mistake_on_an_edited_page_is_reported_at_its_line_while_the_rest_is_cached(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    assert _build(root, "first").returncode == 0
    (root / "docs" / "second.md").write_text("# Second\n\nFine.\n\nWrong key [@leee2019].\n", encoding="utf-8")
    result = _build(root, "broken")
    assert result.returncode == 1
    assert "docs/second.md:5" in result.stderr and "leee2019" in result.stderr and "lee2019" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_cache_costs_time_only(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    assert _build(root, "first").returncode == 0
    pages = _pages_file(root)
    data = marshal.loads(pages.read_bytes())
    digest = next(iter(data["pages"]))
    data["pages"][digest][2] = data["pages"][digest][2][:-1]  # one citation's HTML lost
    pages.write_bytes(marshal.dumps(data))
    assert _build(root, "damaged").returncode == 0
    pages.write_bytes(marshal.dumps(data)[:-100])  # a write that was cut short
    assert _build(root, "cut").returncode == 0
    assert not _differing(root / "first", root / "damaged")
    assert not _differing(root / "first", root / "cut")


def test_the_cache_keeps_the_last_builds_pages_only(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    page = root / "docs" / "index.md"
    for edit in range(4):
        page.write_text(PAGES["index.md"] + f"\nEdit {edit} [@lee2019].\n", encoding="utf-8")
        assert _build(root, "site").returncode == 0
    kept = marshal.loads(_pages_file(root).read_bytes())["pages"]
    assert len(kept) == len(PAGES)  # one entry a page: old versions of the edited page are gone
    assert page_digest(page.read_text(encoding="utf-8")) in kept


def test_a_cache_of_other_code_or_formatting_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "pages-en.marshal"
    cache = PageCache(path, "formatting A", "en")
    cache.put("d1", CitedPage(((0, 5),), ("k",), ("<span>x</span>",), ("x",)))
    cache.save()
    assert PageCache(path, "formatting A", "en").get("d1") == CitedPage(((0, 5),), ("k",), ("<span>x</span>",), ("x",))
    assert PageCache(path, "formatting B", "en").get("d1") is None
    data = marshal.loads(path.read_bytes())
    data["key"] = "another version of the code"
    path.write_bytes(marshal.dumps(data))
    assert PageCache(path, "formatting A", "en").get("d1") is None


@pytest.mark.parametrize("pages", [[], {"d": [[], [], ["x"], []]}, {"d": [[[0, "x"]], [], ["a"], ["a"]]}, {"d": 3}])
def test_a_cache_file_of_the_wrong_shape_is_empty(tmp_path: Path, pages: object) -> None:
    path = tmp_path / "pages-en.marshal"
    path.write_bytes(marshal.dumps({"key": PageCache.key_of("formatting"), "pages": pages}))
    assert PageCache(path, "formatting", "en").entries == {}
    path.write_bytes(b"not marshal at all")
    assert PageCache(path, "formatting", "en").entries == {}


def test_a_build_scans_only_the_pages_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    from trustguide.engine import citations as citations_plugin

    scanned: list[str] = []
    defer = citations_plugin.defer_citations

    def counted(markdown: str, page: str, *args, **kwargs):
        scanned.append(page)
        return defer(markdown, page, *args, **kwargs)

    monkeypatch.setattr(citations_plugin, "defer_citations", counted)
    root = _project(tmp_path / "project")

    def build_once() -> list[str]:
        scanned.clear()
        MkDocsConfig.plugins.plugin_cache.clear()  # a new process's plugin, as `mkdocs build` has
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
        return sorted(scanned)

    assert build_once() == ["index.md", "plain.md", "second.md"]
    assert build_once() == []
    (root / "docs" / "second.md").write_text(PAGES["second.md"] + "\nMore [@lee2019].\n", encoding="utf-8")
    assert build_once() == ["second.md"]


def test_a_work_no_page_cites_any_more_is_reported_and_one_cited_on_a_left_out_page_is_not(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    assert _build(root, "site").returncode == 0
    for name in ("index.md", "second.md"):  # the only pages citing Müller (2010), edited while the rest is cached
        page = root / "docs" / name
        page.write_text(page.read_text(encoding="utf-8").replace("; @mueller2010", "").replace("[@mueller2010]", ""),
                        encoding="utf-8")
    result = _build(root, "site")
    assert result.returncode == 1, result.stderr
    line = next(n for n, text in enumerate(BIB.splitlines(), 1) if "@book{mueller2010" in text)
    assert f"references.bib:{line}: entry 'mueller2010' is never cited" in result.stderr
    assert result.stderr.count("never cited") == 1 and "Traceback" not in result.stderr
    # A page the site leaves out still cites it: not the author's mistake.
    (root / "docs" / "draft.md").write_text("# Draft\n\nOn teams [@mueller2010].\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "exclude_docs: |\n  draft.md\n", encoding="utf-8")
    assert _build(root, "site").returncode == 0
