"""Read worksheet definitions (worksheets/*.yml) and report every mistake at its file and line."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from trustguide.content.definitions import schema as c
from trustguide.content.definitions.common import check_common
from trustguide.content.definitions.validation import validate_mapping
from trustguide.content.definitions.yamlfile import Located, load_located_yaml
from trustguide.content.worksheets.model import AUDIENCES, CONFIDENTIALITY, COPIES, FIELD_TYPES, PREFILLS, Field, Section, Worksheet
from trustguide.core.errors import Location, TrustGuideError, TrustGuideErrors, display_path, raise_if_any
from trustguide.core.memo import file_digest, remembered

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class WorksheetSchema(c.Schema):
    id = c.Type(str)
    translated_from = c.Optional(c.Type((str, int)))  # a translation's English source (languages.freshness)
    title = c.Type(str)
    purpose = c.Type(str)
    how_to_use = c.Type(str)
    audience = c.ListOfItems(c.Choice(AUDIENCES))
    minutes = c.WholeNumber()
    group_size = c.Type(str)
    materials = c.ListOfItems(c.Type(str))
    confidentiality = c.Choice(tuple(CONFIDENTIALITY))
    basis = c.ListOfItems(c.Type(str))
    related = c.ListOfItems(c.Type(str))
    pages = c.WholeNumber()
    copies = c.Choice(COPIES)
    anonymous = c.Type(bool, default=False)
    sections = c.Type(list)


class SectionSchema(c.Schema):
    title = c.Type(str)
    note = c.Type(str, default="")
    fields = c.Type(list)


class FieldSchema(c.Schema):
    type = c.Choice(FIELD_TYPES)
    name = c.Type(str)
    label = c.Type(str)
    prefill = c.Optional(c.Choice(PREFILLS))
    lines = c.Optional(c.WholeNumber())
    items = c.Optional(c.ListOfItems(c.Type(str)))
    scale = c.Optional(c.WholeNumber())
    low = c.Optional(c.Type(str))
    high = c.Optional(c.Type(str))
    columns = c.Optional(c.ListOfItems(c.Type(str)))
    rows = c.Optional(c.WholeNumber())


# For each field type: which extra settings it needs, and their allowed ranges.
_NEEDS: dict[str, dict[str, tuple[int, int]]] = {
    "text": {},
    "lines": {"lines": (1, 12)},
    "textbox": {"lines": (1, 12)},
    "checklist": {"items": (1, 12)},
    "rating": {"scale": (2, 10)},
    "table": {"columns": (1, 6), "rows": (1, 20)},
    "signature": {},
}


def load_worksheets(
    folder: Path, root: Path, bib_keys: Collection[str], pages: Collection[str]
) -> list[Worksheet]:
    """Every worksheets/*.yml, validated; raises all problems of all files together."""
    problems: list[TrustGuideError] = []
    worksheets: list[Worksheet] = []
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        display = display_path(path, root)
        try:
            worksheets.append(load_worksheet(path, display, bib_keys, pages))
        except TrustGuideErrors as exc:
            problems.extend(exc.problems)
        except TrustGuideError as exc:
            problems.append(exc)
    raise_if_any(problems)
    return worksheets


def load_worksheet(path: Path, display: str, bib_keys: Collection[str], pages: Collection[str]) -> Worksheet:
    """One definition; the same text with the same keys and pages is read once in a process (see trustguide.core.memo)."""
    digest = file_digest(path)

    def load() -> Worksheet:
        return build_worksheet(load_located_yaml(path, display), display, path.stem, bib_keys, pages, digest)

    return remembered("worksheet", (digest, display, path.stem, frozenset(bib_keys), frozenset(pages)), load)


def build_worksheet(
    node: Located, display: str, stem: str, bib_keys: Collection[str], pages: Collection[str], digest: str = ""
) -> Worksheet:
    config, problems = validate_mapping(node, WorksheetSchema, display, "worksheet")
    if config is None:
        raise_if_any(problems)
        raise AssertionError("unreachable")

    def at(key: str, message: str) -> None:
        problems.append(TrustGuideError(Location(display, node.line_of(key)), message))

    check_common(config, stem, bib_keys, pages, at)
    if config.minutes <= 0:
        at("minutes", "minutes must be a positive whole number")
    if config.pages not in range(1, 9):
        at("pages", "pages must be between 1 and 8")
    if not config.sections:
        at("sections", "a worksheet needs at least one section")
    sections = tuple(_section(s, display, node.line_of("sections"), problems, config.anonymous)
                     for s in config.sections)
    names = [f.name for s in sections for f in s.fields]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        at("sections", f"field names must be unique; repeated: {', '.join(duplicates)}")
    raise_if_any(problems)
    return Worksheet(
        id=config.id, title=config.title, purpose=config.purpose, how_to_use=config.how_to_use,
        audience=tuple(config.audience), minutes=config.minutes, group_size=config.group_size,
        materials=tuple(config.materials), confidentiality=config.confidentiality, basis=tuple(config.basis),
        related=tuple(config.related), pages=config.pages, copies=config.copies, sections=sections,
        anonymous=config.anonymous, source=display, digest=digest,
    )


def _section(node: object, display: str, line: int, problems: list[TrustGuideError], anonymous: bool) -> Section:
    config, found = validate_mapping(node, SectionSchema, display, "section", line)
    problems.extend(found)
    if config is None:
        return Section(title="", fields=())
    assert isinstance(node, Located)
    if not config.fields:
        problems.append(TrustGuideError(Location(display, node.line_of("fields")), f"section '{config.title}' has no fields"))
    fields = tuple(
        f for f in (_field(item, display, node.line_of("fields"), problems, anonymous) for item in config.fields)
        if f is not None
    )
    return Section(title=config.title, note=config.note, fields=fields)


def _field(node: object, display: str, line: int, problems: list[TrustGuideError], anonymous: bool) -> Field | None:
    config, found = validate_mapping(node, FieldSchema, display, "field", line)
    problems.extend(found)
    if config is None:
        return None
    assert isinstance(node, Located)
    where = Location(display, node.line)
    if not _NAME.match(config.name):
        problems.append(TrustGuideError(Location(display, node.line_of("name")),
                                        f"field name '{config.name}' must be snake_case (a-z, 0-9, _)"))
    if anonymous and config.prefill == "participant":
        problems.append(TrustGuideError(Location(display, node.line_of("prefill")),
                                        f"field '{config.name}': this worksheet is anonymous, so no field may be "
                                        "prefilled with a participant's name; remove 'prefill: participant'"))
    ok = True
    for setting, (low, high) in _NEEDS[config.type].items():
        value = config[setting]
        size = len(value) if isinstance(value, list) else value
        if value is None:
            problems.append(TrustGuideError(where, f"field '{config.name}' of type {config.type} needs '{setting}'"))
            ok = False
        elif not low <= size <= high:
            problems.append(TrustGuideError(Location(display, node.line_of(setting)),
                                            f"field '{config.name}': '{setting}' must be between {low} and {high}"))
            ok = False
    if not ok:
        return None
    return Field(
        type=config.type, name=config.name, label=config.label, prefill=config.prefill,
        lines=config.lines or 0, items=tuple(config.items or ()), scale=config.scale or 0,
        low=config.low or "", high=config.high or "", columns=tuple(config.columns or ()), rows=config.rows or 0,
    )
