"""The guide's languages: English is the source, every other language is a translation of it (see freshness)."""

from __future__ import annotations

SOURCE = "en"
# The names a reader picks a language by, in that language.
NAMES = {"en": "English", "de": "Deutsch"}
# The locale pandoc's citeproc formats citations with, and what a page's locators are written in.
CITATION_LOCALES = {"en": "en-US", "de": "de-DE"}


def language_name(code: str) -> str:
    return NAMES.get(code, code)


def site_prefix(code: str) -> str:
    """Where a language lives in the site: English at the root, each translation under /LANG/."""
    return "" if code == SOURCE else f"{code}/"


def format_date(iso: str, language: str) -> str:
    """A date (YYYY-MM-DD) as the language's readers write it: 01.12.2026 in German, as given in English."""
    if not iso or language != "de":
        return iso
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"
