"""Every page says what it is, for whom, and how to find it: title, description, audience and tags."""

from __future__ import annotations

import html
import re
from typing import Any

from trustguide.content.definitions import schema as c
from trustguide.content.definitions.validation import misspelt_fields, plain_message
from trustguide.content.worksheets.model import AUDIENCES  # who the guide is for: one list for pages and sheets
from trustguide.core.errors import Location, TrustGuideError, unknown_field_message
from trustguide.core.memo import remembered
from trustguide.core.sources import control_character

# A page's front matter: a YAML block between '---' lines at its very start (as MkDocs reads it).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
# Front-matter keys Material for MkDocs itself understands; accepted as they are.
MATERIAL_KEYS = {"hide", "icon", "status", "template", "search", "subtitle", "comments", "social"}
# A translated page records the English source it was translated from (see trustguide.content.languages.freshness).
TRANSLATION_KEYS = {"translated_from"}


class PageMeta(c.Schema):
    """The front matter every page of the guide carries."""

    title = c.Type(str)
    description = c.Type(str)
    audience = c.ListOfItems(c.Choice(AUDIENCES))
    tags = c.ListOfItems(c.Type(str))
    worksheets = c.ListOfItems(c.Type(str), default=[])
    session_plans = c.ListOfItems(c.Type(str), default=[])


def key_line(source: str, key: str) -> int:
    """The 1-based line of a top-level front-matter key, or 1 (the front matter's start) when absent."""
    match = re.search(rf"(?m)^{re.escape(key)}\s*:", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def validate_front_matter(meta: dict[str, Any], source: str, display: str) -> list[TrustGuideError]:
    """All front-matter problems of one page, each at its line."""
    if not source.startswith("---"):
        return [TrustGuideError(Location(display, 1), "has no front matter; start the page with a '---' block "
                                "holding title, description, audience and tags")]
    known = PageMeta.field_names()
    schema = PageMeta({k: v for k, v in meta.items() if k in known})
    misspelt = misspelt_fields(meta, known)
    problems = [
        TrustGuideError(Location(display, key_line(source, key)), f"front matter '{key}': {plain_message(message)}")
        for key, message in schema.failed
        if key not in misspelt
    ]
    for key in meta:
        if key not in known and key not in MATERIAL_KEYS | TRANSLATION_KEYS:
            problems.append(TrustGuideError(Location(display, key_line(source, key)),
                                            f"front matter has an {unknown_field_message(key, known)}"))
    for key in ("title", "description"):
        if isinstance(meta.get(key), str) and not meta[key].strip():
            problems.append(TrustGuideError(Location(display, key_line(source, key)), f"front matter '{key}' is empty"))
    problems.extend(_unprintable_values(meta, source, display))
    for key in ("audience", "tags"):
        if isinstance(meta.get(key), list) and not meta[key]:
            problems.append(TrustGuideError(Location(display, key_line(source, key)),
                                            f"front matter '{key}' is empty; give at least one"))
    for key, value in meta.items():
        found = _control_character(value)
        if found:  # only an escape in double quotes makes one ("\0"); it would reach the page's HTML
            problems.append(TrustGuideError(Location(display, key_line(source, key)),
                                            f"front matter '{key}' holds {found}, an invisible character; delete it"))
    return sorted(problems, key=lambda problem: problem.location.line or 0)


# The theme prints front-matter values into the page as they are, in text and in attributes, on every page (a
# subtitle and a status in the navigation, tags in links): they are plain text or plain names, never markup.
# The description is escaped by the pages plugin; the title is text (quotes are fine there).
_NAME = re.compile(r"^[A-Za-z0-9_./-]*$")
_NAMES = {"status": "a status name such as new", "icon": "an icon name such as material/book",
          "template": "a template file name such as main.html"}


def _unprintable_values(meta: dict[str, Any], source: str, display: str) -> list[TrustGuideError]:
    problems = []

    def refuse(key: str, message: str) -> None:
        problems.append(TrustGuideError(Location(display, key_line(source, key)), f"front matter '{key}' {message}"))

    def strings(value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for item in value.values() for s in strings(item)]
        if isinstance(value, list):
            return [s for item in value for s in strings(item)]
        return []

    for key, value in meta.items():
        if key in ("description", "translated_from"):
            continue
        texts = strings(value)
        if key in _NAMES:
            if any(not _NAME.match(text) or ".." in text for text in texts):
                refuse(key, f"must be {_NAMES[key]} (letters, digits, '-', '_', '.', '/')")
        elif key == "title":
            if any(ch in text for text in texts for ch in "<>"):
                refuse(key, "may not contain '<' or '>'; write it as plain text")
        elif any(ch in text for text in texts for ch in '<>"'):
            refuse(key, "may not contain '<', '>' or '\"'; write it as plain text (typographic quotes “ ” are fine)")
    return problems


def unsafe_markup_problems(source: str, display: str) -> list[TrustGuideError]:
    """Script, event handlers, frames, forms that send and resources from other sites in a page, at their lines."""
    from trustguide.content.citations.masking import mask_code
    from trustguide.content.pages.markup import unsafe_markdown

    def found() -> tuple[tuple[int, str], ...]:
        front = _FRONT_MATTER.match(source)
        body = "\n" * source.count("\n", 0, front.end()) + source[front.end():] if front else source  # lines kept
        return tuple(unsafe_markdown(mask_code(body)))

    # A build reads each page here after its checks read it: once per content in a process.
    return [TrustGuideError(Location(display, line), message)
            for line, message in remembered("unsafe-markup", source, found)]


# The front matter block, whose values are checked field by field (validate_front_matter), not read as markup.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?^(?:-{3}|\.{3})[ \t]*$", re.S | re.M)


def _control_character(value: Any) -> str | None:
    if isinstance(value, str):
        return control_character(value)
    if isinstance(value, (list, dict)):
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        return next((found for item in items if (found := _control_character(item))), None)
    return None


def render_front_matter(title: str, description: str, audience: tuple[str, ...], tags: list[str]) -> str:
    """Front matter for a generated page, with every value quoted so titles may hold any character.

    Title and description are text from a definition, HTML-escaped here: MkDocs and Material put a page's title
    and description into the page (header, nav, tags, <meta>) as HTML.
    """
    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return (
        f"---\ntitle: {quoted(html.escape(title))}\ndescription: {quoted(html.escape(description))}\n"
        f"audience: [{', '.join(audience)}]\ntags: [{', '.join(quoted(t) for t in tags)}]\n---\n\n"
    )
