"""The guide's languages: English is the source, every other language is a translation of it (see freshness)."""

from __future__ import annotations

SOURCE = "en"
# The names a reader picks a language by, in that language.
NAMES = {"en": "English", "de": "Deutsch"}
# The locale pandoc's citeproc formats citations with, and what a page's locators are written in.
CITATION_LOCALES = {"en": "en-US", "de": "de-DE"}
# The paper a language's readers print on unless they ask for another.
DEFAULT_PAPER = {"en": "a4", "de": "a4"}


def language_name(code: str) -> str:
    return NAMES.get(code, code)


def site_prefix(code: str) -> str:
    """Where a language lives in the site: English at the root, each translation under /LANG/."""
    return "" if code == SOURCE else f"{code}/"
