"""Snippets (`--8<-- "file.md"`, pymdownx.snippets) checked before any page is converted.

pymdownx.snippets raises an exception from inside Markdown's conversion when a snippet is missing (mkdocs.yml sets
`check_paths: true`), which ended the build in a traceback after `check` had passed. Here every snippet line of a
page is resolved with the extension's own preprocessor, configured as mkdocs.yml configures it (its `base_path`
folders, `restrict_base_path`), so `check` and the build say where the snippet line is and what is wrong.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from trustguide.core.errors import Location, TrustGuideError, display_path
from trustguide.core.sources import PAGE_LIMIT, read_source

EXTENSION = "pymdownx.snippets"
_MARK = "8<"  # every snippet line holds it; a page without it is not read further


class SnippetChecker:
    """Resolves snippet lines as the build's pymdownx.snippets does, and says what is wrong with each."""

    def __init__(self, options: dict[str, Any], root: Path, tab_length: int = 4) -> None:
        from pymdownx.snippets import SnippetExtension, SnippetPreprocessor

        self.preprocessor = SnippetPreprocessor(SnippetExtension(**options).getConfigs(),
                                                SimpleNamespace(tab_length=tab_length))
        self.root = root
        self.texts: dict[str, str | None] = {}  # the snippet files read, by path (None: not readable)
        folders = [display_path(base, root) for base in self.preprocessor.base_path]
        self.folders = " or ".join(f"{folder}/" for folder in folders) or "the snippet folder"

    def problems(self, markdown: str, display: str, first_line: int = 1, seen: frozenset[str] = frozenset()
                 ) -> list[TrustGuideError]:
        """Every snippet of a page (or of a snippet file) that the build could not include, at its line;
        `first_line`: the file's line of the markdown's first line."""
        if _MARK not in markdown:
            return []
        problems: list[TrustGuideError] = []
        for number, path in self._snippet_lines(markdown.split("\n")):
            problems += self._check(path, Location(display, number + first_line), seen)
        return problems

    def _snippet_lines(self, lines: list[str]):
        """(index, written path) of each snippet the preprocessor would include, as its parse_snippets reads them."""
        pattern = self.preprocessor.RE_ALL_SNIPPETS
        block = False
        for index, line in enumerate(lines):
            match = pattern.match(line)
            if match and match.group("escape"):
                continue
            if match and match.group("inline_marker"):
                if not block:  # an inline snippet right under a block marker is skipped by the extension too
                    yield index, match.group("snippet")[1:-1].strip()
            elif match:
                block = not block
            elif block and line.strip():
                yield index, line.strip()

    def _check(self, written: str, where: Location, seen: frozenset[str]) -> list[TrustGuideError]:
        if written.startswith(";"):  # commented out
            return []
        pre = self.preprocessor
        target = pre.parse_snippet_target(written)
        if target is None:
            return [TrustGuideError(where, f"snippet '{written}' names no file; write the file's path, e.g. "
                                           "--8<-- \"includes/notice.md\"")]
        name = target["path"]
        link = name.lower().startswith(("http://", "https://"))
        if link and pre.url_download:
            return []  # fetched by the build; not checked without the network
        pre.bases = None
        found = None if link else pre.get_snippet_path(name)
        if found is None and not pre.check_paths:
            return []  # the build leaves it out without a word: so does the check
        if found is None and link:
            return [TrustGuideError(where, f"snippet '{name}' is a web address, and the guide includes only its own "
                                           f"files (url_download is off): copy the text into a file under "
                                           f"{self.folders}")]
        if found is None:
            if any(os.path.exists(os.path.join(base, name)) for base in pre.base_path):
                return [TrustGuideError(where, f"snippet '{name}' is outside {self.folders}, the only folder snippets "
                                               "are taken from (base_path in mkdocs.yml); move the file there")]
            return [TrustGuideError(where, f"snippet '{name}' not found in {self.folders}; fix the path (it is "
                                           f"relative to {self.folders}) or create the file")]
        if found in seen or os.path.isdir(found):
            return [] if found in seen else [TrustGuideError(where, f"snippet '{name}' is a folder; name a file")]
        shown = display_path(found, self.root)
        problems: list[TrustGuideError] = []
        if found not in self.texts:  # each file is read, and its own snippets checked, once
            try:
                self.texts[found] = read_source(Path(found), shown, PAGE_LIMIT, "a snippet")
            except TrustGuideError as exc:
                self.texts[found] = None
                return [exc]
            problems = self.problems(self.texts[found] or "", shown, 1, seen | {found})
        text = self.texts[found]
        if text is not None and target["section"] and pre.check_paths:
            from pymdownx.snippets import SnippetMissingError

            try:
                pre.extract_section(target["section"], text.split("\n"))
            except SnippetMissingError:
                problems.append(TrustGuideError(where, f"snippet '{name}' has no section '{target['section']}'; mark "
                                                       f"it in {shown} with --8<-- [start:{target['section']}] and "
                                                       f"--8<-- [end:{target['section']}]"))
        return problems


def snippet_checker(config) -> SnippetChecker | None:
    """The checker for a loaded MkDocs configuration, or None where it does not use pymdownx.snippets."""
    if EXTENSION not in config.markdown_extensions:
        return None
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    return SnippetChecker(dict(config.mdx_configs.get(EXTENSION, {})), root)
