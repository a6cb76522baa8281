"""The reader-visible strings of templates, scripts and generated pages, in a language (translations/LANG/strings.yml).

Keys are the English strings exactly; a string with no translation stays English. Placeholders are kept by the
translators: Jinja's `{{ x }}`, Python's `{x}` and the scripts' `${x}`.
"""

from __future__ import annotations

import html
import re
from functools import cached_property
from pathlib import Path

import yaml

from trustguide.core.errors import Location, TrustGuideError
from trustguide.core.memo import remembered
from trustguide.core.sources import YAML_LIMIT, control_character, read_source, shown_text

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: a few times faster than PyYAML's own parser


def load_strings(path: Path | None, display: str | None = None) -> dict[str, str]:
    """The strings of a language: read once per content in a process (each build of a language reads them more
    than once: its plugins, its PDFs, its templates)."""
    if path is None or not path.is_file():
        return {}
    text = read_source(path, display or str(path), YAML_LIMIT, "a YAML file")
    return dict(remembered("strings", (text, display or str(path)), lambda: _parse_strings(text, display or str(path))))


def _parse_strings(text: str, display: str) -> dict[str, str]:
    from trustguide.content.definitions.yamlfile import NESTED_TOO_DEEPLY, nesting_line, yaml_error

    too_deep = nesting_line(text)
    if too_deep is not None:
        raise TrustGuideError(Location(display, too_deep), NESTED_TOO_DEEPLY)
    try:
        data = yaml.load(text, Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        raise yaml_error(exc, text, display) from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise TrustGuideError(display, "must map each English string to its translation, one a line")
    for english, translated in data.items():
        found = control_character(english + translated)
        if found:  # an escape in double quotes ("\0") makes one; it would reach every page
            keys = yaml.compose(text, Loader=_LOADER).value
            line = next(k.start_mark.line for k, _ in reversed(keys) if k.value == english) + 1
            raise TrustGuideError(Location(display, line), f"the string '{shown_text(english)}' or its translation "
                                                           f"holds {found}, an invisible character; delete it")
    return data


_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\$\{[^}]*\}|\{[^{}]*\}")
_TEXT = re.compile(r">([^<>]+)<")
_ATTRIBUTE = re.compile(r'\b(aria-label|placeholder|title|alt)="([^"]*)"')
_CSS_STRING = re.compile(r'"([^"]*)" counter\(')


class Translator:
    """t(text): the text in the language, or as it is when it has no translation (English, or not yet translated).

    html(rendered): a rendered template or page with each text and label that is an English string of the table
    replaced by its translation; a string with placeholders matches any values in their places, which go to the
    same placeholders of the translation. So templates, generated pages and their Python text need no change to be
    translated, and a string nobody translated stays English.
    """

    def __init__(self, strings: dict[str, str] | None = None) -> None:
        self.strings = strings or {}
        self._texts: dict[str, str | None] = {}  # a text's translation, looked up once (pages repeat their labels)

    def __call__(self, text: str, **values: object) -> str:
        translated = self.strings.get(text, text)
        return translated.format(**values) if values else translated

    def __bool__(self) -> bool:
        return bool(self.strings)

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], list[str], str, str]]:
        """(pattern, its placeholders, the translation, the pattern's longest fixed part): a text without that
        part cannot match, and testing for it is much faster than the match (a pattern that starts with a value
        tries every length of it)."""
        patterns = []
        for english, translated in self.strings.items():
            holes = _PLACEHOLDER.findall(english)
            if not holes or translated == english or any(hole not in translated for hole in holes):
                continue  # a place the translation words differently (a Python expression) is not a pattern
            parts = _PLACEHOLDER.split(english.strip())
            regex = "(.+?)".join(re.escape(part) for part in parts)
            patterns.append((re.compile(f"^{regex}$", re.S), holes, translated.strip(), max(parts, key=len)))
        patterns.sort(key=lambda p: -len(p[0].pattern))  # the most specific first
        return patterns

    def text(self, text: str) -> str:
        """One text (plain, not markup) in the language; surrounding white space is kept."""
        core = text.strip()
        if not core:
            return text
        if core not in self._texts:
            self._texts[core] = self._translate(core)
        translated = self._texts[core]
        if translated is None:
            return text
        start = text.index(core[0])
        return text[:start] + translated.strip() + text[start + len(core):]

    def _translate(self, core: str) -> str | None:
        translated = self.strings.get(core)
        if translated is not None or not self._patterns:
            return translated
        for pattern, holes, target, fixed in self._patterns:
            match = pattern.match(core) if fixed in core else None
            if match:
                translated = target
                for hole, value in zip(holes, match.groups(), strict=True):
                    # a value may be an English string itself ("Private to the writer"), never a pattern
                    translated = translated.replace(hole, self.strings.get(value, value), 1)
                return translated
        return None

    def html(self, rendered: str) -> str:
        if not self.strings:
            return rendered

        def node(match: re.Match[str]) -> str:
            plain = html.unescape(match.group(1))
            translated = self.text(plain)
            return match.group(0) if translated == plain else f">{html.escape(translated, quote=False)}<"

        def attribute(match: re.Match[str]) -> str:
            plain = html.unescape(match.group(2))
            translated = self.text(plain)
            return match.group(0) if translated == plain else f'{match.group(1)}="{html.escape(translated)}"'

        rendered = _TEXT.sub(node, rendered)
        rendered = _ATTRIBUTE.sub(attribute, rendered)
        return _CSS_STRING.sub(lambda m: f'"{self._css(m.group(1))}" counter(', rendered)

    def _css(self, text: str) -> str:
        """A string of the print footer (`"Title · Page " counter(page) " of " counter(pages)`): it or its end."""
        if text in self.strings:
            return self.strings[text]
        ending = next((k for k in self.strings if k.startswith(" ") and len(k) > 1 and text.endswith(k)), None)
        return text[: -len(ending)] + self.strings[ending] if ending else text
