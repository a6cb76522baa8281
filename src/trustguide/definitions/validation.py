"""Validate one located mapping with an mkdocs Config schema, so data files report errors like plugin config."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from mkdocs.config import base
from mkdocs.config import config_options as c

from trustguide.definitions.yamlfile import Located, plain
from trustguide.errors import Location, TrustGuideError, closest, unknown_field_message


class WholeNumber(c.Type[int]):
    """An int that is not a bool: YAML reads `minutes: yes` as True, which Python would count as 1 minute."""

    def __init__(self, **kwargs) -> None:
        super().__init__(int, **kwargs)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool):
            raise base.ValidationError(f"expected a whole number, not {str(value).lower()}")
        return super().run_validation(value)


def validate_every_option(config: base.Config) -> list[tuple[str, base.ValidationError]]:
    """Every invalid option of `config`. MkDocs' Config.validate() stops at the first (an author with three
    missing fields would learn of them in three runs); this runs its same steps over every option."""
    failed, _warnings = config._pre_validate()
    for key, option in config._schema:
        try:
            config[key] = option.validate(config.get(key))
        except base.ValidationError as exc:
            failed.append((key, exc))
        option.reset_warnings()
    if not failed:
        failed += config._post_validate()[0]
    return failed


def validate_mapping(
    node: object, schema: type[base.Config], display: str, what: str, fallback_line: int = 1
) -> tuple[base.Config | None, list[TrustGuideError]]:
    """Check one mapping against `schema`; unknown keys are errors too (a typo must not pass silently)."""
    if not isinstance(node, Located):
        return None, [TrustGuideError(Location(display, fallback_line), f"{what} must be a mapping of fields")]
    config = schema()
    known = {name for name, _ in schema._schema}
    unknown = [key for key in node.values if key not in known]
    problems = [
        TrustGuideError(Location(display, node.line_of(key)), f"{what}: {unknown_field_message(key, known)}")
        for key in unknown
    ]
    misspelt = misspelt_fields(node.values, known)
    config.load_dict({k: plain(v) if not isinstance(v, list) else v for k, v in node.values.items() if k in known})
    failed = [(key, message) for key, message in validate_every_option(config) if key not in misspelt]
    problems += [TrustGuideError(Location(display, node.line_of(key)), f"{what} '{key}': {plain_message(message)}")
                 for key, message in failed]
    return (None if problems else config), problems


def misspelt_fields(given: Iterable[str], known: Collection[str]) -> set[str]:
    """The known fields that a given unknown one misspells. A misspelt field is one mistake: its message says "did
    you mean 'minutes'?", and 'minutes' is not also reported as missing."""
    given = set(given)
    return {guess for key in given - set(known) if (guess := closest(key, sorted(known), cutoff=0.6))} - given


def plain_message(error: base.ValidationError) -> str:
    """MkDocs' message, without the Python type names an author never wrote."""
    message = str(error)
    if message == "Required configuration not provided.":
        return "missing; add this field"
    if message.startswith("Expected a list of items, but a "):
        return "expected a list, e.g. [first, second] (one item is written [item])"
    return re.sub(r"<class '(\w+)'>", lambda m: _TYPE_NAMES.get(m.group(1), m.group(1)), message)


_TYPE_NAMES = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false", "list": "a list",
               "dict": "a mapping of fields", "NoneType": "nothing"}
