"""The fields a data file (worksheet, session plan, organisation settings, page front matter) may hold, and their
checks: a few option types with the messages MkDocs' config options give, so errors read the same as a plugin's
configuration errors, without importing MkDocs (the data files are content; only the engine folder knows MkDocs).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

REQUIRED = "Required configuration not provided."


class ValidationError(Exception):
    """One field's value is not what its option accepts; the message is MkDocs' wording."""


class Option:
    """A field: required unless it has a default or is wrapped in Optional."""

    def __init__(self, default: Any = None) -> None:
        self.default = default

    def validate(self, value: Any) -> Any:
        if value is None:
            if self.default is None:
                raise ValidationError(REQUIRED)
            value = self.default
        return self.check(value)

    def check(self, value: Any) -> Any:
        return value


class Type(Option):
    """A value of a Python type (or one of several)."""

    def __init__(self, type_: type | tuple[type, ...], default: Any = None) -> None:
        super().__init__(default)
        self.type = type_

    def check(self, value: Any) -> Any:
        if not isinstance(value, self.type):
            raise ValidationError(f"Expected type: {self.type} but received: {type(value)}")
        return value


class WholeNumber(Type):
    """An int that is not a bool: YAML reads `minutes: yes` as True, which Python would count as 1 minute."""

    def __init__(self, default: int | None = None) -> None:
        super().__init__(int, default)

    def check(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValidationError(f"expected a whole number, not {str(value).lower()}")
        return super().check(value)


class Choice(Option):
    """One of a fixed set of values."""

    def __init__(self, choices: Collection[Any], default: Any = None) -> None:
        super().__init__(default)
        self.choices = choices

    def check(self, value: Any) -> Any:
        if value not in self.choices:
            raise ValidationError(f"Expected one of: {self.choices} but received: {value!r}")
        return value


class ListOfItems(Option):
    """A list whose every item the item option accepts."""

    def __init__(self, item: Option, default: list | None = None) -> None:
        super().__init__(default)
        self.item = item

    def check(self, value: Any) -> Any:
        if not isinstance(value, list):
            raise ValidationError(f"Expected a list of items, but a {type(value)} was given.")
        return [self.item.check(item) for item in value]


class Optional(Option):
    """A field that may be left out (None)."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        self.option = option

    def validate(self, value: Any) -> Any:
        return None if value is None else self.option.validate(value)


class Schema:
    """The fields of one kind of mapping, as class attributes; an instance holds one mapping's checked values."""

    @classmethod
    def schema_options(cls) -> Iterator[tuple[str, Option]]:
        for klass in reversed(cls.__mro__):
            for name, option in vars(klass).items():
                if isinstance(option, Option):
                    yield name, option

    @classmethod
    def field_names(cls) -> set[str]:
        return {name for name, _ in cls.schema_options()}

    def __init__(self, values: dict[str, Any]) -> None:
        self._given = values
        self.failed: list[tuple[str, ValidationError]] = []
        for name, option in self.schema_options():
            try:
                setattr(self, name, option.validate(values.get(name)))
            except ValidationError as exc:
                setattr(self, name, None)
                self.failed.append((name, exc))

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)
