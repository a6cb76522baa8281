"""The guide's languages: English is the source, every other language is a translation of it (see freshness).

A language is data: its record translations/LANG/language.yml (code, name, locale, citation locale, print tag,
paper sizes; English's is translations/en/language.yml) and its catalog translations/LANG/LC_MESSAGES/messages.po.
Nothing here names a language but the source; dates come from Babel's locale data for the record's locale.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = "en"
RECORD = "language.yml"
# What a record's keys mean (and what a language without a record gets: Babel's data for its code).
_KEYS = {"code", "name", "locale", "citation_locale", "print_lang", "date_format", "papers", "search"}
# What a record's `search:` holds: the settings of that language's search index.
_SEARCH_KEYS = {"lang", "separator", "pipeline", "decompound", "fold_accents"}
_PIPELINE = ("stemmer", "stopWordFilter", "trimmer")  # lunr's, as Material's search plugin names them


@dataclass(frozen=True)
class SearchSettings:
    """How a language's site search reads words: a language's words are data, so each record says it."""

    lang: tuple[str, ...] = ()  # lunr-languages' stemmers and stop words ("de"); empty: the theme language's
    separator: str = ""  # the regular expression between words; empty: mkdocs.yml's
    pipeline: tuple[str, ...] | None = None  # lunr's steps for each word ("stemmer", ...); None: Material's default
    decompound: bool = False  # each compound's parts indexed too ("Vertrauenspuls": "Vertrauen", "Puls")
    fold_accents: bool = False  # each word indexed without its accents too ("confidentialite")


@dataclass(frozen=True)
class Language:
    """One language's record."""

    code: str
    name: str  # the name a reader picks it by, in that language ("Deutsch")
    locale: str  # Babel/CLDR locale of its dates and numbers ("de_DE")
    citation_locale: str  # pandoc citeproc's CSL locale ("de-DE"): citations and the narrative "and"
    print_lang: str  # <html lang> of its PDFs ("en-GB", "de"): hyphenation
    date_format: str = ""  # a CLDR date format ("medium", or a pattern "dd.MM.yyyy"); empty: as written (ISO)
    papers: tuple[str, ...] = field(default=())  # the paper sizes of its PDFs, where not every size offered
    search: SearchSettings = field(default_factory=SearchSettings)


def language_record(code: str, translations: Path | None) -> Language:
    """The record of `code` from translations/CODE/language.yml; a language without one gets Babel's name of it
    and its code as locale. A broken record is a message at its line."""
    from trustguide.core.errors import Location, TrustGuideError, display_path

    path = translations / code / RECORD if translations is not None else None
    data: dict = {}
    if path is not None and path.is_file():
        shown = display_path(path, path.parent.parent.parent)
        data = _read_record(path, shown)
        unknown = sorted(set(data) - _KEYS)
        if unknown:
            raise TrustGuideError(Location(shown, _key_line(path, unknown[0])),
                                  f"'{unknown[0]}' is not a key of a language record; it has {', '.join(sorted(_KEYS))}")
    locale = str(data.get("locale") or code)
    return Language(
        code=code,
        name=str(data.get("name") or _babel_name(code)),
        locale=locale,
        citation_locale=str(data.get("citation_locale") or locale.replace("_", "-")),
        print_lang=str(data.get("print_lang") or code),
        date_format=str(data.get("date_format") or ""),
        papers=tuple(data.get("papers") or ()),
        search=_search_settings(data.get("search"), path, shown) if path is not None else SearchSettings(),
    )


def _search_settings(data: object, path: Path, shown: str) -> SearchSettings:
    """A record's `search:` block; a wrong key or value is a message at the block's line."""
    from trustguide.core.errors import Location, TrustGuideError

    if data is None:
        return SearchSettings()
    where = Location(shown, _key_line(path, "search"))
    if not isinstance(data, dict):
        raise TrustGuideError(where, "search: must be a mapping (lang, separator, pipeline, decompound, fold_accents)")
    unknown = sorted(set(data) - _SEARCH_KEYS)
    if unknown:
        raise TrustGuideError(where, f"search: '{unknown[0]}' is not a search setting; "
                                     f"it has {', '.join(sorted(_SEARCH_KEYS))}")
    lang = data.get("lang") or []
    lang = [lang] if isinstance(lang, str) else lang
    if not isinstance(lang, list) or not all(isinstance(code, str) and code.isalpha() for code in lang):
        raise TrustGuideError(where, "search: lang must be a list of lunr-languages codes, such as [de]")
    separator = data.get("separator") or ""
    if not isinstance(separator, str):
        raise TrustGuideError(where, "search: separator must be a regular expression, in quotes")
    pipeline = data.get("pipeline")
    if pipeline is not None and (not isinstance(pipeline, list) or not set(pipeline) <= set(_PIPELINE)):
        raise TrustGuideError(where, f"search: pipeline must be a list of {', '.join(_PIPELINE)}")
    flags = {}
    for key in ("decompound", "fold_accents"):
        if not isinstance(data.get(key, False), bool):
            raise TrustGuideError(where, f"search: {key} must be true or false")
        flags[key] = data.get(key, False)
    return SearchSettings(tuple(lang), separator, tuple(pipeline) if pipeline is not None else None, **flags)


def _read_record(path: Path, shown: str) -> dict:
    import yaml

    from trustguide.content.definitions.yamlfile import yaml_error
    from trustguide.core.errors import TrustGuideError
    from trustguide.core.memo import remembered
    from trustguide.core.sources import YAML_LIMIT, read_source

    text = read_source(path, shown, YAML_LIMIT, "a YAML file")

    def parse() -> dict:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise yaml_error(exc, text, shown) from exc
        if not isinstance(data, dict):
            raise TrustGuideError(shown, "must be a language record: code, name, locale, citation_locale, ...")
        return data

    return remembered("language-record", (text, shown), parse)


def _key_line(path: Path, key: str) -> int | None:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next((n for n, line in enumerate(lines, start=1) if line.startswith(f"{key}:")), None)


def _babel_name(code: str) -> str:
    try:
        from babel import Locale

        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, LookupError):
        return code


def language_name(code: str, translations: Path | None = None) -> str:
    return language_record(code, translations).name


def site_prefix(code: str) -> str:
    """Where a language lives in the site: English at the root, each translation under /LANG/."""
    return "" if code == SOURCE else f"{code}/"


def format_date(iso: str, language: Language) -> str:
    """A date (YYYY-MM-DD) as the language's readers write it (Babel's CLDR data for the record's locale and date
    format: 01.12.2026 in German); as given where the record names no format (English)."""
    if not iso or not language.date_format:
        return iso
    import datetime

    from babel.dates import format_date as babel_date

    return babel_date(datetime.date.fromisoformat(iso), language.date_format, locale=language.locale)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"\d+")


def read_date(text: str, language: Language, gettext: Callable[[str], str] = str) -> str:
    """A date as a reader of the language types it, as YYYY-MM-DD: ISO everywhere, and the language's own numeric
    form (Babel's parse_date with the record's locale: 14.01.2027 in German, 14/01/2027 in Spanish and French).

    The numbers must be the date's as the language writes it back (a four-digit year, day and month where its form
    puts them: Babel would swap a month above 12 with the day, or expand a two-digit year). A language whose record
    names no date format (English, read day first and month first) takes a numeric date only when it reads one way.
    A ValueError says, in `gettext`'s words, which forms it takes."""
    import datetime

    from babel.dates import ParseError, get_date_format, parse_date
    from babel.dates import format_date as babel_date

    value = text.strip()
    pattern = _four_digit_year(get_date_format("short", locale=language.locale).pattern)
    example = datetime.date(datetime.date.today().year, 12, 31)
    forms = {"value": text, "local": babel_date(example, pattern, locale=language.locale), "iso": example.isoformat()}
    not_a_date = ValueError(gettext("'%(value)s' is not a date; write the day, month and year (four digits) as "
                                    "%(local)s, or as %(iso)s") % forms)
    if _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            raise not_a_date from None
    try:
        date = parse_date(value, locale=language.locale, format="short")
    except (ParseError, ValueError, IndexError):  # IndexError: Babel's, for too few numbers
        raise not_a_date from None
    given = [int(n) for n in _DIGITS.findall(value)]
    if given != [int(n) for n in _DIGITS.findall(babel_date(date, pattern, locale=language.locale))] \
            or len(_DIGITS.findall(value)[given.index(date.year)]) != 4:
        raise not_a_date
    if not language.date_format and date.day <= 12 and date.day != date.month:
        other = date.replace(day=date.month, month=date.day)
        raise ValueError(gettext("'%(value)s' may be %(one)s or %(other)s; write it as %(iso)s or %(other_iso)s "
                                 "(year-month-day)") % {
            "value": text, "one": babel_date(date, "long", locale=language.locale),
            "other": babel_date(other, "long", locale=language.locale), "iso": date.isoformat(),
            "other_iso": other.isoformat()})
    return date.isoformat()


def _four_digit_year(pattern: str) -> str:
    """A CLDR short date pattern with two-digit day and month and a four-digit year (dd.MM.yyyy)."""
    return re.sub("y+", "yyyy", re.sub("M+", "MM", re.sub("d+", "dd", pattern)))


def format_decimal(number: float, language: Language) -> str:
    """A number as the language writes it (2.5, 2,5)."""
    from babel.numbers import format_decimal as babel_decimal

    return babel_decimal(number, locale=language.locale)
