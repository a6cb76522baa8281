"""YAML that remembers where each mapping and key stood, so every validation error can name its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trustguide.core.errors import Location, TrustGuideError
from trustguide.core.sources import YAML_LIMIT, control_character, read_source, shown_text


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
            if type(value) is str and control_character(value):
                # Only an escape in double quotes ("\0", "\x07") makes one; it would reach the page and the PDF.
                raise yaml.constructor.ConstructorError(
                    None, None, f"the text '{shown_text(value)}' holds {control_character(value)}, an invisible "
                    "character; delete it (an escape such as \\0 or \\x07 in double quotes)", node.start_mark)
            return value
        except _UNBUILDABLE as exc:
            kind = node.tag.rsplit(":", 1)[-1]
            shown = shown_text(str(node.value)) if isinstance(node, yaml.ScalarNode) else node.tag
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
    return parse_located_yaml(read_source(path, display, YAML_LIMIT, "a YAML file"), display)


def parse_located_yaml(text: str, display: str) -> Located:
    too_deep = nesting_line(text)
    if too_deep is not None:  # libyaml builds nested lists recursively, in C: 50,000 '[' crashed the process
        raise TrustGuideError(Location(display, too_deep), NESTED_TOO_DEEPLY)
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, text, display) from exc
    if not isinstance(data, Located):
        raise TrustGuideError(Location(display, 1), "must be a YAML mapping of fields (key: value)")
    return data


MAX_NESTING = 20  # a worksheet nests six levels (sections, fields, items); front matter two
NESTED_TOO_DEEPLY = (f"lists and mappings are nested more than {MAX_NESTING} levels deep here, where a few are all "
                     "the guide reads: remove the extra brackets or indentation")


def nesting_line(text: str, limit: int = MAX_NESTING) -> int | None:
    """The line where lists and mappings first nest deeper than `limit`, or None. Read from libyaml's events,
    which it makes without recursion (a few milliseconds for all of the guide's definitions)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    return event.start_mark.line + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # reported by the parse itself, with its line
    return None


def yaml_error(exc: yaml.YAMLError, text: str, display: str, first_line: int = 1,
               what: str = "invalid YAML") -> TrustGuideError:
    """A YAML syntax error in the author's words, at its file line and column (`first_line`: the file's line of the
    text's first line, for front matter), with PyYAML's own words where there are none better."""
    if isinstance(exc, yaml.reader.ReaderError):  # a control character: PyYAML gives its offset, not its line
        line = text.count("\n", 0, exc.position) + first_line
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return TrustGuideError(Location(display, line), f"{what}: the character #x{code:04x} is not allowed in YAML; "
                                                        "delete it")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return TrustGuideError(display, f"{what}: {exc}")
    if isinstance(exc, yaml.constructor.ConstructorError) and exc.context is None and exc.problem \
            and not exc.problem.startswith("could not determine a constructor"):
        mark = exc.problem_mark  # one of ours (a key twice, a value it cannot build): said in our words already
        return TrustGuideError(Location(display, mark.line + first_line if mark else None), f"{what}: {exc.problem}")
    mark, advice = _advice(exc, text, first_line)
    if mark is None:
        return TrustGuideError(display, f"{what}: {advice}")
    return TrustGuideError(Location(display, mark.line + first_line), f"{what} at column {mark.column + 1}: {advice}")


def _advice(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[yaml.Mark | None, str]:
    """Where the mistake is and what to do about it, for the mistakes authors make; else PyYAML's words."""
    problem, context = exc.problem or "", exc.context or ""
    mark, opened = exc.problem_mark or exc.context_mark, exc.context_mark
    char = _char_at(text, mark)
    since = f" (opened on line {opened.line + first_line})" if opened is not None and opened.line != mark.line else ""
    if "mapping values are not allowed" in problem:
        return mark, ("a colon followed by a space inside a value: put the value in quotes (title: \"Trust: a "
                      "guide\"), or if this is a key of its own, start it in line with the keys above")
    if "expected '-' indicator" in problem:
        return mark, "a list item must start with '- ', in line with the items above it"
    if "could not find expected ':'" in problem and opened is not None:
        if _in_list(text, opened):
            return opened, "a list item must start with '- ', in line with the items above it"
        return opened, ("this line has no colon: write it as 'key: value', or indent it further if it goes on "
                        "from the value above")
    if "block sequence entries are not allowed" in problem:
        return mark, "a list item ('- ') must start a line of its own, under its key and indented"
    if "did not find expected key" in problem:
        if char == "-":
            return mark, "a list item ('- ') among 'key: value' lines: put the list under a key of its own, indented"
        if char in "\"'" or _after_quote(text, mark):
            return mark, ("text after a quoted value: put the whole value in quotes, or start the key on a line of "
                          "its own")
        return mark, ("this line does not fit the mapping above: give each key its own line, in line with the "
                      "keys above it (indent with spaces)")
    if "cannot start any token" in problem or "tab character" in problem:
        if char == "\t":
            return mark, "a tab: indent with spaces, not tabs"
        return mark, f"a value cannot start with '{char}': put the value in quotes"
    if "expected ',' or ']'" in problem:
        return mark, (f"a list in [brackets]{since} is not closed here: end it with ']', separate its items with "
                      "', ' and put an item that holds a colon, comma or bracket in quotes")
    if "expected ',' or '}'" in problem:
        return mark, (f"a mapping in {{braces}}{since} is not closed here: end it with '}}', separate its entries "
                      "with ', ' and put a value that holds a colon, comma or brace in quotes")
    if "while scanning a quoted scalar" in context and "end of stream" in problem and opened is not None:
        return opened, "a quote that is never closed: add the closing quote at the end of the value"
    if "unknown escape character" in problem:
        return mark, ("a backslash in double quotes starts an escape (\\n): write two backslashes for one, or use "
                      "single quotes")
    if "undefined alias" in problem or "while scanning an alias" in context or "while scanning an anchor" in context:
        return opened or mark, "a value that starts with '*' or '&' must be in quotes"
    if "another document" in problem:
        return mark, "a second '---' line starts another document; a file holds one: remove the line"
    if "expected node content" in problem:
        return mark, f"a value cannot start with '{char}': put the value in quotes"
    if "while scanning a block scalar" in context:
        return mark, "after '|' or '>' the value starts on the next line, indented; nothing may follow on this line"
    if "expected comment or line break" in problem:
        return mark, "text after the value: put the whole value in quotes"
    if "could not determine a constructor" in problem:
        return mark, "a value that starts with '!' must be in quotes"
    if "unknown directive" in problem:
        return mark, "a line that starts with '%' must be in quotes"
    return mark, " ".join(part for part in (problem, f"({context})" if context else "") if part) or str(exc)


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n", mark.line + 1)
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _in_list(text: str, mark: yaml.Mark) -> bool:
    """Whether the nearest line above the mark is a list item ('- ') at the mark's indentation."""
    lines = text.split("\n", mark.line + 1)
    for line in reversed(lines[: mark.line]):
        if line.strip() and not line.lstrip().startswith("#"):
            indent = len(line) - len(line.lstrip(" "))
            return indent == mark.column and line[indent:].startswith("- ")
    return False


def _after_quote(text: str, mark: yaml.Mark) -> bool:
    lines = text.split("\n", mark.line + 1)
    before = lines[mark.line][: mark.column].rstrip() if mark.line < len(lines) else ""
    return before.endswith(("\"", "'"))


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
