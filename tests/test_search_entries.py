"""Search entries kept between builds: a warm build's index is the index a build that parses every page writes.

What a user would check: the search finds an edited page's new heading, tag and text and not the old ones, a page
taken out of search stays out, the index is the same bytes whether its entries were parsed or kept, and a damaged
or foreign cache file costs time only.
"""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from trustguide.output.search.entries import SearchEntryCache, page_entry_digest

PAGES = {
    "index.md": "---\ntags: [trust, Vertrauen]\n---\n# Home\n\nTrust grows.\n\n## Teams\n\nTeams work.\n",
    "o-sullivan.md": "---\ndescription: Fear-driven teams and what helps.\n---\n# O’Sullivan’s «fear-driven» teams\n\n"
                     "Łódź, Ærøskøbing and 信任 in one line.\n",
    "hidden.md": "---\nsearch:\n  exclude: true\n---\n# Hidden\n\nNever in the index.\n",
    "weighted.md": "---\nsearch:\n  boost: 3\n---\n# Weighted\n\nCounted thrice.\n\n## A section {#custom-id}\n\nText.\n",
}


def _project(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Entries\ntheme:\n  name: material\n  font: false\nmarkdown_extensions:\n  - attr_list\n"
        "  - toc:\n      permalink: true\nplugins:\n  - search\n  - tags\n  - trustguide-search\n",
        encoding="utf-8",
    )
    return root


def _build(root: Path, site: str) -> str:
    """`mkdocs build --strict`; the written search index."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "build", "--strict", "-d", site], cwd=root, capture_output=True, text=True,
                            check=False, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return (root / site / "search" / "search_index.json").read_text(encoding="utf-8")


def _cache_file(root: Path) -> Path:
    return root / ".cache" / "trustguide" / "search" / "entries-en.marshal"


def _docs(index: str) -> dict[str, dict]:
    return {d["location"]: d for d in json.loads(index)["docs"]}


def test_a_warm_build_writes_the_index_a_parsing_build_writes(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    parsed = _build(root, "first")
    assert _cache_file(root).is_file()
    assert _build(root, "second") == parsed  # every page's entries from the cache
    docs = _docs(parsed)
    assert not [location for location in docs if location.startswith("hidden/")]
    assert docs["o-sullivan/"]["title"] == "O’Sullivan’s «fear-driven» teams"
    assert docs["o-sullivan/"]["description"] == "Fear-driven teams and what helps."
    assert "信任" in docs["o-sullivan/"]["text"]
    assert docs[""]["tags"] == ["trust", "Vertrauen"]
    assert docs["weighted/#custom-id"]["boost"] == 3


def test_an_edited_page_is_found_by_its_new_words_and_the_others_stay(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    before = _docs(_build(root, "first"))
    (root / "docs" / "index.md").write_text(
        "---\ntags: [confidentiality]\n---\n# Home\n\nTrust grows.\n\n## Groups\n\nGroups work.\n", encoding="utf-8")
    (root / "docs" / "hidden.md").write_text("# Hidden no more\n\nNow in the index.\n", encoding="utf-8")
    edited = _build(root, "second")
    docs = _docs(edited)
    assert "#teams" not in docs and docs["#groups"]["title"] == "Groups"
    assert docs[""]["tags"] == ["confidentiality"]
    assert docs["hidden/"]["title"] == "Hidden no more"
    assert docs["o-sullivan/"] == before["o-sullivan/"]
    _cache_file(root).unlink()
    assert _build(root, "parsed") == edited  # the same as a build that parsed every page


def test_a_moved_heading_id_is_indexed_again(tmp_path: Path) -> None:
    """Headings given other ids (another slugify in mkdocs.yml) are found at their new links."""
    root = _project(tmp_path / "project")
    _build(root, "first")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("permalink: true", "permalink: true\n"
                      "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {}}"),
                      encoding="utf-8")
    docs = _docs(_build(root, "second"))
    assert "#Teams" in docs and "#teams" not in docs  # pymdownx keeps the heading's case


def test_a_damaged_or_foreign_cache_costs_time_only(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    parsed = _build(root, "first")
    cache = _cache_file(root)
    for damage in (b"not marshal at all", marshal.dumps({"key": "another version", "pages": {}}),
                   marshal.dumps({"key": marshal.loads(cache.read_bytes())["key"], "pages": {"d": "not a list"}})):
        cache.write_bytes(damage)
        assert _build(root, "again") == parsed


def test_a_warm_build_parses_only_the_pages_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from material.plugins.search import plugin as material_search
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    parsed: list[int] = []
    feed = material_search.Parser.feed
    monkeypatch.setattr(material_search.Parser, "feed", lambda self, data: parsed.append(len(data)) or feed(self, data))
    root = _project(tmp_path / "project")

    def build_once() -> int:
        parsed.clear()
        MkDocsConfig.plugins.plugin_cache.clear()  # a new process's plugins, as `mkdocs build` has
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
        return len(parsed)

    assert build_once() == 3  # home, O’Sullivan, weighted (the hidden page is never parsed)
    assert build_once() == 0
    (root / "docs" / "weighted.md").write_text(PAGES["weighted.md"] + "\nMore text.\n", encoding="utf-8")
    assert build_once() == 1


def _page(html: str = "<h1 id='a'>A</h1>", url: str = "a/", title: str = "A", meta: dict | None = None,
          toc: tuple = (("a", "#a"),)) -> str:
    items = [SimpleNamespace(id=i, url=u, children=[]) for i, u in toc]
    return page_entry_digest(html, url, title, meta or {}, items)


def test_each_part_an_entry_is_made_of_changes_its_digest() -> None:
    same = _page()
    assert _page() == same
    changed = [_page(html="<h1 id='a'>B</h1>"), _page(url="b/"), _page(title="B"), _page(meta={"tags": ["x"]}),
               _page(meta={"title": "B"}), _page(meta={"search": {"boost": 2}}), _page(toc=(("a", "#b"),)),
               _page(toc=(("b", "#a"),)), _page(toc=())]
    assert same not in changed and len(set(changed)) == len(changed)
    assert _page(meta={"description": "not read by the search plugin"}) == same


def test_kept_entries_are_copies_and_only_the_last_builds_pages_are_written(tmp_path: Path) -> None:
    path = tmp_path / "entries.marshal"
    cache = SearchEntryCache(path, "material 9")
    made = [{"location": "a/", "title": "A", "text": "x", "tags": ["t"]}]
    cache.put("one", made)
    cache.put("two", [])
    made[0]["tags"].append("changed after")
    taken = cache.get("one")
    taken[0]["text"] = "filled by a later step"
    assert cache.get("one") == [{"location": "a/", "title": "A", "text": "x", "tags": ["t"]}]
    cache.save()
    again = SearchEntryCache(path, "material 9")
    assert again.get("two") == [] and again.get("one")[0]["tags"] == ["t"]
    again.save()  # "one" and "two" used
    third = SearchEntryCache(path, "material 9")
    assert third.get("one") is not None
    third.save()  # "two" not used in this build
    assert set(SearchEntryCache(path, "material 9").entries) == {"one"}
    assert SearchEntryCache(path, "material 10").entries == {}
