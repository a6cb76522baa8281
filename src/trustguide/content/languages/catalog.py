"""The interface words of a language as a gettext catalog (translations/LANG/LC_MESSAGES/messages.po).

Templates, generated pages, PDFs and site scripts look each word up by its English message (the msgid) when they
are rendered; nothing rewrites rendered text. The .po is compiled in memory (Babel's read_po and write_mo) once per
content, so a build needs no compile step. A broken catalog is one `file:line: message`.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from trustguide.core.errors import Location, TrustGuideError
from trustguide.core.memo import remembered
from trustguide.core.sources import YAML_LIMIT, control_character, read_source, shown_text

CATALOG = Path("LC_MESSAGES") / "messages.po"
TEMPLATE = "messages.pot"
# The places a message holds: Python's and the templates' %(name)s, the site scripts' ${name}.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\$\{([^}]+)\}")


class Gettext(gettext.NullTranslations):
    """A language's gettext: each message's translation, the message itself where it has none (English, the source,
    has none at all). Jinja's i18n extension and the Python text call gettext/ngettext; unlike the standard
    library's GNUTranslations it can be pickled, so a PDF worker process gets the same words."""

    def __init__(self, messages: dict[str, str] | None = None, plurals: dict[str, tuple[str, ...]] | None = None,
                 plural_expr: str = "(n != 1)") -> None:
        super().__init__()
        self.messages = messages or {}
        self.plurals = plurals or {}
        self.plural_expr = plural_expr

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.plurals.get(singular)
        if not forms:
            return singular if n == 1 else plural
        return forms[min(int(gettext.c2py(self.plural_expr)(n)), len(forms) - 1)]

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n)

    def __bool__(self) -> bool:
        return bool(self.messages or self.plurals)

    @cached_property
    def key(self) -> str:
        """The content's digest: what a cache of things made with these words is keyed by."""
        text = json.dumps([self.messages, self.plurals, self.plural_expr], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def __reduce__(self):
        return (Gettext, (self.messages, self.plurals, self.plural_expr))


SOURCE_TRANSLATIONS = Gettext()


def N_(message: str) -> str:
    """A message marked for the catalog where it is defined, translated where it is shown."""
    return message


def heading(gettext: Callable[[str], str], english: str) -> str:
    """A generated page's heading in the language, with the English heading's id where the words differ, so its
    anchors and links are the same in every language."""
    from markdown.extensions.toc import slugify

    translated = gettext(english)
    return translated if translated == english else f"{translated} {{#{slugify(english, '-')}}}"


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}


@dataclass(frozen=True)
class Catalog:
    """A language's compiled catalog: `translations` for gettext, `messages` msgid -> msgstr (translated only),
    `fuzzy` and `untranslated` the msgids a translator still has to see to."""

    translations: Gettext
    messages: dict[str, str]
    fuzzy: tuple[str, ...]
    untranslated: tuple[str, ...]
    scripts: dict[str, str] = field(default_factory=dict)  # the site scripts' messages (a .js location)
    msgids: frozenset[str] = frozenset()  # every message the catalog has, translated or not


EMPTY = Catalog(SOURCE_TRANSLATIONS, {}, (), ())


def catalog_path(folder: Path | None) -> Path | None:
    return None if folder is None else folder / CATALOG


def load_catalog(path: Path | None, display: str | None = None) -> Catalog:
    """The catalog at `path` (none there: the English words), read and compiled once per content in a process."""
    if path is None or not path.is_file():
        return EMPTY
    shown = display or str(path)
    return compiled_catalog(read_source(path, shown, YAML_LIMIT, "a catalog"), shown)


def compiled_catalog(text: str, shown: str) -> Catalog:
    """A catalog's text, compiled once per content in a process (`shown`: the file, for its messages)."""
    return remembered("catalog", (text, shown), lambda: _compile(text, shown))


def _compile(text: str, display: str) -> Catalog:
    from babel.messages.pofile import PoFileError, read_po

    found = control_character(text.replace("\n", "").replace("\t", ""))
    if found:  # an escape in a msgstr ("\0") would reach every page
        number = next(n for n, line in enumerate(text.split("\n"), start=1) if control_character(line.replace("\t", "")))
        raise TrustGuideError(Location(display, number), f"holds {found}, an invisible character; delete it")
    _check_lines(text, display)
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as exc:
        raise TrustGuideError(Location(display, getattr(exc, "lineno", None)), f"not a valid catalog: {exc.args[0]}; "
                              "fix it as the gettext .po format says (an editor such as Poedit shows where)") from exc
    messages: dict[str, str] = {}
    scripts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    fuzzy, untranslated = [], []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        line = message.lineno
        for string in strings:
            if string and placeholders(string) != placeholders(msgid):
                raise TrustGuideError(Location(display, line), f"the translation of '{shown_text(msgid)}' must keep its "
                                      f"places exactly ({', '.join(sorted(placeholders(msgid))) or 'none'}); it has "
                                      f"{', '.join(sorted(placeholders(string))) or 'none'}")
        for problem in _babel_checks(catalog, message):
            raise TrustGuideError(Location(display, line), f"'{shown_text(msgid)}': {problem}")
        if message.fuzzy:
            fuzzy.append(msgid)
        elif not all(strings):
            untranslated.append(msgid)
        elif isinstance(message.id, str):
            messages[msgid] = strings[0]
            if any(str(location[0]).endswith(".js") for location in message.locations):
                scripts[msgid] = strings[0]
        else:
            plurals[msgid] = tuple(strings)
    # Compiled to what gettext reads: the fuzzy and untranslated ones left out, as msgfmt does.
    translations = Gettext(messages, plurals, catalog.plural_expr or "(n != 1)")
    ids = frozenset(m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id)
    return Catalog(translations, messages, tuple(fuzzy), tuple(untranslated), scripts, ids)


_QUOTED = r'"(?:[^"\\]|\\[\\"nt])*"'
_LINE = re.compile(rf'\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_QUOTED}|{_QUOTED})?\s*')


def _check_lines(text: str, display: str) -> None:
    """Each line a comment, a keyword with its quoted text, or more quoted text: Babel's reader passes over some
    broken lines (a missing quote loses a letter), so they are refused here, at their line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not _LINE.fullmatch(line):
            raise TrustGuideError(Location(display, number), f"not a catalog line: '{shown_text(line.strip())}'; a line is "
                                  'a #comment, msgid "...", msgstr "..." or "..." (quotes around the text, \\" for a '
                                  "quote in it, \\n \\t \\\\ the only escapes)")


def _babel_checks(catalog, message) -> list[str]:
    """Babel's own checks of a message (python-format: the same %(name)s places, none dropped or renamed)."""
    from babel.messages.catalog import TranslationError
    from babel.messages.checkers import checkers

    problems = []
    for checker in checkers:
        try:
            checker(catalog, message)
        except TranslationError as exc:
            problems.append(str(exc))
    return problems


def template_msgids(path: Path) -> list[str]:
    """The msgids of a catalog template (messages.pot), in its order."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id]
