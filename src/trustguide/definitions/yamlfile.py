"""YAML that remembers where each mapping and key stood, so every validation error can name its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trustguide.errors import Location, TrustGuideError


@dataclass
class Located:
    """A mapping's values with the 1-based line of the mapping and of each key."""

    values: dict[str, Any]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# What PyYAML's constructors raise for a value they recognise but cannot build: a number too long for Python
# (ValueError), 2024-02-30 (ValueError), `!!int x` (ValueError), `!!int` alone (IndexError), `!!bool x` (KeyError),
# `!!timestamp x` (AttributeError).
_UNBUILDABLE = (ValueError, TypeError, LookupError, AttributeError, ArithmeticError)
_KINDS = {"int": "a whole number", "float": "a number", "timestamp": "a date", "bool": "true or false"}
# Larger whole numbers are mistakes, and Python refuses to turn one of over 4300 digits into text for a message.
_TOO_BIG = 10**1000


# libyaml parses, PyYAML's constructors build: the same values and marks, several times faster than the pure-Python
# parser, which was most of the time of `trustguide check` and of a warm build's reading of worksheets and plans.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's own, with a value it cannot build reported at the value's line."""
        try:
            value = super().construct_object(node, deep=deep)
            if type(value) is int and abs(value) >= _TOO_BIG:
                raise ValueError("too many digits")
            return value
        except _UNBUILDABLE as exc:
            kind = node.tag.rsplit(":", 1)[-1]
            shown = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else node.tag
            detail = f" ({exc})" if isinstance(exc, ValueError) and kind == "timestamp" else ""
            if "digits" in str(exc):  # ours above, or Python's limit on turning text into an int
                detail = " (it has too many digits)"
            raise yaml.constructor.ConstructorError(
                None, None, f"'{shown}' is not {_KINDS.get(kind, 'valid ' + kind)}{detail}; correct it, or quote it to make it text",
                node.start_mark,
            ) from exc


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    values: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(None, None, f"keys must be text, not {key!r}", key_node.start_mark)
        if key in values:
            raise yaml.constructor.ConstructorError(None, None, f"the key '{key}' appears twice", key_node.start_mark)
        values[key] = loader.construct_object(value_node, deep=True)
        key_lines[key] = key_node.start_mark.line + 1
    return Located(values, node.start_mark.line + 1, key_lines)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_located_yaml(path: Path, display: str) -> Located:
    """Parse one YAML file whose top level is a mapping; syntax errors become located errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrustGuideError(display, f"cannot read the file: {exc}") from exc
    return parse_located_yaml(text, display)


def parse_located_yaml(text: str, display: str) -> Located:
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise TrustGuideError(Location(display, line), f"invalid YAML: {exc.problem or exc.context}") from exc
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML gives its offset, not its line
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"invalid YAML: the character #x{code:04x} is not allowed in YAML; delete it"
        raise TrustGuideError(Location(display, line), message) from exc
    except yaml.YAMLError as exc:
        raise TrustGuideError(display, f"invalid YAML: {exc}") from exc
    except RecursionError:  # PyYAML builds nested lists and mappings recursively
        raise TrustGuideError(Location(display, _deepest_line(text)), "lists and mappings are nested too deeply here; "
                                                                      "a definition needs only a few levels") from None
    if not isinstance(data, Located):
        raise TrustGuideError(Location(display, 1), "must be a YAML mapping of fields (key: value)")
    return data


def _deepest_line(text: str, enough: int = 100) -> int:
    """The line where the document first nests `enough` levels deep (or nests deepest), found with PyYAML's event
    parser, which does not recurse."""
    depth, deepest, line = 0, -1, 1
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > deepest:
                    deepest, line = depth, event.start_mark.line + 1
                if depth >= enough:
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the nesting was found before the syntax error, or the syntax error will be reported once fixed
    return line


def plain(value: Any, _done: dict[int, Any] | None = None) -> Any:
    """The same data with Located mappings turned back into dicts.

    Each object is converted once, so YAML aliases stay shared: nine aliases of nine aliases of ... would
    otherwise grow exponentially (a few nested lines took minutes).
    """
    done = {} if _done is None else _done
    if not isinstance(value, (Located, list)):
        return value
    if id(value) not in done:
        if isinstance(value, Located):
            done[id(value)] = {k: plain(v, done) for k, v in value.values.items()}
        else:
            done[id(value)] = [plain(v, done) for v in value]
    return done[id(value)]
