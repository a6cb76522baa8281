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


def print_locale(config_file):
    """For the commands that print (worksheet, pack): the language of the print (TRUSTGUIDE_LANGUAGE, which
    --language sets), its HTML lang and strings, and where its site lives (site_url + prefix)."""
    from trustguide.assembly import assemble
    from trustguide.cli.building import load_site_config
    from trustguide.plugins.adapters import print_language

    config = load_site_config(config_file)
    assembly = assemble(config)
    if assembly.language not in assembly.languages:
        from trustguide.errors import TrustGuideError

        raise TrustGuideError("--language", f"'{assembly.language}' is not one of the guide's languages "
                              f"({', '.join(assembly.languages)}); see trustguide-languages in mkdocs.yml")
    lang, t = print_language(config)
    return assembly.language, lang, t, site_prefix(assembly.language)
