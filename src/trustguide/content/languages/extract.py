"""Babel extraction of the interface words mkdocs.yml gives: the navigation's titles (sections, and pages it names
itself: "Home", "References"), the colour-scheme
toggle's labels and the headings' permanent-link title (babel.cfg: `[trustguide_mkdocs: mkdocs.yml]`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's own tags (!ENV, !!python/name:) read as nothing: only the plain words matter here."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def extract_mkdocs(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    """(line, funcname, message, comments) of each word: a nav title (a section's, or a page's the nav names),
    each palette toggle's name and the toc's permalink_title."""
    text = fileobj.read().decode("utf-8") if isinstance(fileobj.read(0), bytes) else fileobj.read()
    root = yaml.compose(text, Loader=_Loader)
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if key.value == "nav":
            yield from _sections(value)
        elif key.value == "theme":
            for name in _find(value, "name", inside="toggle"):
                yield name.start_mark.line + 1, "_", name.value, ["mkdocs.yml: the colour-scheme toggle's label"]
        elif key.value == "markdown_extensions":
            for title in _find(value, "permalink_title"):
                yield title.start_mark.line + 1, "_", title.value, ["mkdocs.yml: a heading's permanent link"]


def nav_titles(nav: Any) -> list[str]:
    """The titles a nav gives, as MkDocs reads it (a test keeps the catalog complete with them)."""
    titles: list[str] = []
    for item in nav or ():
        if isinstance(item, dict):
            for title, value in item.items():
                titles.append(title)
                if isinstance(value, list):
                    titles.extend(nav_titles(value))
    return titles


def _sections(node: yaml.Node) -> Iterator[tuple[int, str, str, list[str]]]:
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                for key, value in item.value:
                    kind = "section" if isinstance(value, yaml.SequenceNode) else "page"
                    yield key.start_mark.line + 1, "_", key.value, [f"mkdocs.yml: the navigation's title of a {kind}"]
                    yield from _sections(value)


def _find(node: yaml.Node, name: str, inside: str | None = None, within: bool = False) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == name and isinstance(value, yaml.ScalarNode) and (inside is None or within):
                yield value
            yield from _find(value, name, inside, within or key.value == inside)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _find(item, name, inside, within)
