"""Helpers every plugin uses to speak MkDocs: errors, locations, front-matter offsets."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from trustguide.errors import TrustGuideError, TrustGuideErrors


def as_plugin_error(exc: TrustGuideError | TrustGuideErrors) -> PluginError:
    """A user mistake becomes MkDocs' fatal plugin error with the located message and no traceback."""
    return PluginError(str(exc))


def page_display_path(page: Page, config_file: str | None) -> str:
    """'docs/foundations/cognitive-trust.md', as an author finds the file from the project root."""
    source = page.file.abs_src_path
    if source is None:
        return page.file.src_uri
    if config_file:
        try:
            return Path(source).resolve().relative_to(Path(config_file).resolve().parent).as_posix()
        except ValueError:
            pass
    return Path(source).as_posix()


def front_matter_lines(page: Page) -> int:
    """How many lines of the source file come before the Markdown body MkDocs hands to plugins.

    Read from the source itself (as MkDocs strips it), not from the Markdown, which other plugins may have changed.
    """
    try:
        source = page.file.content_string
    except (OSError, TypeError, ValueError):
        return 0
    match = YAML_RE.match(source)
    if not match:
        return 0
    body = source[match.end() :].lstrip("\n")
    return source[: len(source) - len(body)].count("\n")
