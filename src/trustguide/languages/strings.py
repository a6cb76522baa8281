"""The reader-visible strings of templates, scripts and generated pages, in a language (translations/LANG/strings.yml).

Keys are the English strings exactly; a string with no translation stays English. Placeholders are kept by the
translators: Jinja's `{{ x }}`, Python's `{x}` and the scripts' `${x}`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from trustguide.errors import TrustGuideError


def load_strings(path: Path | None, display: str | None = None) -> dict[str, str]:
    if path is None or not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{display or path}:{mark.line + 1}" if mark else str(display or path)
        raise TrustGuideError(where, f"invalid YAML ({getattr(exc, 'problem', exc)}); fix the line") from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise TrustGuideError(display or str(path), "must map each English string to its translation, one a line")
    return data


class Translator:
    """t(text): the text in the language, or as it is when it has no translation (English, or not yet translated)."""

    def __init__(self, strings: dict[str, str] | None = None) -> None:
        self.strings = strings or {}

    def __call__(self, text: str, **values: object) -> str:
        translated = self.strings.get(text, text)
        return translated.format(**values) if values else translated
