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


class _LineLoader(yaml.SafeLoader):
    pass


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
    except yaml.YAMLError as exc:
        raise TrustGuideError(display, f"invalid YAML: {exc}") from exc
    if not isinstance(data, Located):
        raise TrustGuideError(Location(display, 1), "must be a YAML mapping of fields (key: value)")
    return data


def plain(value: Any) -> Any:
    """The same data with Located mappings turned back into dicts."""
    if isinstance(value, Located):
        return {k: plain(v) for k, v in value.values.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
