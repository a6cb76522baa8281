"""Validate one located mapping with a schema (definitions.schema), so data files report errors like plugin config."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from trustguide.content.definitions.schema import Schema, ValidationError
from trustguide.content.definitions.yamlfile import Located, plain
from trustguide.core.errors import Location, TrustGuideError, closest, unknown_field_message


def validate_mapping(
    node: object, schema: type[Schema], display: str, what: str, fallback_line: int = 1
) -> tuple[Schema | None, list[TrustGuideError]]:
    """Check one mapping against `schema`; unknown keys are errors too (a typo must not pass silently)."""
    if not isinstance(node, Located):
        return None, [TrustGuideError(Location(display, fallback_line), f"{what} must be a mapping of fields")]
    known = schema.field_names()
    unknown = [key for key in node.values if key not in known]
    problems = [
        TrustGuideError(Location(display, node.line_of(key)), f"{what}: {unknown_field_message(key, known)}")
        for key in unknown
    ]
    misspelt = misspelt_fields(node.values, known)
    config = schema({k: plain(v) if not isinstance(v, list) else v for k, v in node.values.items() if k in known})
    failed = [(key, message) for key, message in config.failed if key not in misspelt]
    problems += [TrustGuideError(Location(display, node.line_of(key)), f"{what} '{key}': {plain_message(message)}")
                 for key, message in failed]
    return (None if problems else config), problems


def misspelt_fields(given: Iterable[str], known: Collection[str]) -> set[str]:
    """The known fields that a given unknown one misspells. A misspelt field is one mistake: its message says "did
    you mean 'minutes'?", and 'minutes' is not also reported as missing."""
    given = set(given)
    return {guess for key in given - set(known) if (guess := closest(key, sorted(known), cutoff=0.6))} - given


def plain_message(error: ValidationError) -> str:
    """The option's message (MkDocs' wording), without the Python type names an author never wrote."""
    message = str(error)
    if message == "Required configuration not provided.":
        return "missing; add this field"
    if message.startswith("Expected a list of items, but a "):
        return "expected a list, e.g. [first, second] (one item is written [item])"
    return re.sub(r"<class '(\w+)'>", lambda m: _TYPE_NAMES.get(m.group(1), m.group(1)), message)


_TYPE_NAMES = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false", "list": "a list",
               "dict": "a mapping of fields", "NoneType": "nothing"}
