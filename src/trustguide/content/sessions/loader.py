"""Read session plans (plans/*.yml) and report every mistake at its file and line.

A plan either has one `agenda` or several `meetings` (each with its own agenda), never both. Minutes must add up:
the steps of an agenda to its meeting's duration, the meetings to the plan's duration.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from trustguide.content.definitions import schema as c
from trustguide.content.definitions.common import check_common
from trustguide.content.definitions.validation import validate_mapping
from trustguide.content.definitions.yamlfile import Located, load_located_yaml
from trustguide.content.sessions.model import Meeting, Plan, Step
from trustguide.content.worksheets.model import AUDIENCES
from trustguide.core.errors import Location, TrustGuideError, TrustGuideErrors, display_path, raise_if_any
from trustguide.core.memo import file_digest, remembered

MAX_MINUTES = 8 * 60  # one meeting; longer is almost certainly a typo


class PlanSchema(c.Schema):
    id = c.Type(str)
    translated_from = c.Optional(c.Type((str, int)))  # a translation's English source (languages.freshness)
    title = c.Type(str)
    purpose = c.Type(str)
    audience = c.ListOfItems(c.Choice(AUDIENCES))
    duration = c.WholeNumber()
    group_size = c.Type(str)
    max_participants = c.Optional(c.WholeNumber())  # the most people a participants file names (group_size, counted)
    preparation = c.ListOfItems(c.Type(str))
    materials = c.ListOfItems(c.Type(str))
    basis = c.ListOfItems(c.Type(str))
    related = c.ListOfItems(c.Type(str), default=[])
    agenda = c.Optional(c.Type(list))
    meetings = c.Optional(c.Type(list))


class MeetingSchema(c.Schema):
    title = c.Type(str)
    when = c.Type(str, default="")
    duration = c.WholeNumber()
    agenda = c.Type(list)


class StepSchema(c.Schema):
    title = c.Type(str)
    minutes = c.WholeNumber()
    facilitator = c.Type(str)
    participants = c.Type(str)
    worksheet = c.Type(str, default="")
    page = c.Type(str, default="")
    watch = c.Type(str, default="")


@dataclass(frozen=True)
class _References:
    """What a plan may point at: bibliography keys, docs pages and worksheet ids."""

    bib_keys: Collection[str]
    pages: Collection[str]
    worksheets: Collection[str]


def load_plans(folder: Path, root: Path, bib_keys: Collection[str], pages: Collection[str],
               worksheets: Collection[str]) -> list[Plan]:
    """Every plans/*.yml, validated; raises all problems of all files together."""
    refs = _References(bib_keys, pages, worksheets)
    problems: list[TrustGuideError] = []
    plans: list[Plan] = []
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        display = display_path(path, root)
        try:
            plans.append(_load_plan(path, display, refs))
        except TrustGuideErrors as exc:
            problems.extend(exc.problems)
        except TrustGuideError as exc:
            problems.append(exc)
    raise_if_any(problems)
    return plans


def _load_plan(path: Path, display: str, refs: _References) -> Plan:
    """One plan; the same text with the same references is read once in a process (see trustguide.core.memo)."""
    digest = file_digest(path)
    key = (digest, display, path.stem, frozenset(refs.bib_keys), frozenset(refs.pages), frozenset(refs.worksheets))
    return remembered("plan", key, lambda: build_plan(load_located_yaml(path, display), display, path.stem, refs, digest))


def parse_plan(text: str, display: str, stem: str, bib_keys: Collection[str], pages: Collection[str],
               worksheets: Collection[str]) -> Plan:
    """One plan from its YAML text (for tests and tools that hold the text already)."""
    from trustguide.content.definitions.yamlfile import parse_located_yaml

    node = parse_located_yaml(text, display)
    return build_plan(node, display, stem, _References(bib_keys, pages, worksheets))


def build_plan(node: Located, display: str, stem: str, refs: _References, digest: str = "") -> Plan:
    config, problems = validate_mapping(node, PlanSchema, display, "session plan")
    if config is None:
        raise_if_any(problems)
        raise AssertionError("unreachable")

    def at(key: str, message: str) -> None:
        problems.append(TrustGuideError(Location(display, node.line_of(key)), message))

    check_common(config, stem, refs.bib_keys, refs.pages, at)

    meetings: list[Meeting] = []
    if (config.agenda is None) == (config.meetings is None):
        at("agenda", "give either 'agenda' (one meeting) or 'meetings' (several, each with its own agenda), not both")
    elif config.agenda is not None:
        steps = _steps(config.agenda, display, node.line_of("agenda"), refs, problems)
        _check_sum(steps, config.duration, Location(display, node.line_of("duration")), "the agenda", problems)
        meetings.append(Meeting(title=config.title, duration=config.duration, steps=steps or ()))
    else:
        if not config.meetings:
            at("meetings", "'meetings' is empty; give at least one meeting")
        meetings = [m for m in (_meeting(item, display, node.line_of("meetings"), refs, problems)
                                for item in config.meetings) if m is not None]
        total = sum(m.duration for m in meetings)
        if meetings and len(meetings) == len(config.meetings) and total != config.duration:
            at("duration", f"the meetings last {total} minutes in all but duration says {config.duration}; "
                           f"make duration {total} or change a meeting")
    if config.duration <= 0:
        at("duration", "duration must be a positive number of minutes")
    if config.max_participants is not None and config.max_participants < 1:
        at("max_participants", "max_participants must be a whole number of people, 1 or more; or leave it out")
    raise_if_any(problems)
    return Plan(
        id=config.id, title=config.title, purpose=config.purpose, audience=tuple(config.audience),
        duration=config.duration, group_size=config.group_size, max_participants=config.max_participants,
        preparation=tuple(config.preparation),
        materials=tuple(config.materials), basis=tuple(config.basis), related=tuple(config.related),
        meetings=tuple(meetings), source=display, digest=digest,
    )


def _check_sum(steps: tuple[Step, ...] | None, duration: int, where: Location, what: str,
               problems: list[TrustGuideError]) -> None:
    """Minutes must add up; skipped when a step is itself broken (its minutes are unknown)."""
    if not steps:
        return
    total = sum(s.minutes for s in steps)
    if total != duration:
        difference = duration - total
        hint = f"{difference} minutes are unplanned" if difference > 0 else f"the steps overrun by {-difference} minutes"
        problems.append(TrustGuideError(where, f"the steps of {what} add up to {total} minutes but duration is {duration} "
                                               f"({hint}); change a step's minutes or the duration"))


def _meeting(node: object, display: str, line: int, refs: _References, problems: list[TrustGuideError]) -> Meeting | None:
    config, found = validate_mapping(node, MeetingSchema, display, "meeting", line)
    problems.extend(found)
    if config is None:
        return None
    assert isinstance(node, Located)
    steps = _steps(config.agenda, display, node.line_of("agenda"), refs, problems)
    _check_sum(steps, config.duration, Location(display, node.line_of("duration")), f"meeting '{config.title}'", problems)
    return Meeting(title=config.title, when=config.when, duration=config.duration, steps=steps or ())


def _steps(items: list, display: str, line: int, refs: _References,
           problems: list[TrustGuideError]) -> tuple[Step, ...] | None:
    """The agenda's steps, or None when one of them is broken."""
    if not items:
        problems.append(TrustGuideError(Location(display, line), "the agenda is empty; give at least one step"))
    steps = [_step(item, display, line, refs, problems) for item in items]
    return None if None in steps else tuple(s for s in steps if s is not None)


def _step(node: object, display: str, line: int, refs: _References, problems: list[TrustGuideError]) -> Step | None:
    config, found = validate_mapping(node, StepSchema, display, "step", line)
    problems.extend(found)
    if config is None:
        return None
    assert isinstance(node, Located)

    def at(key: str, message: str) -> None:
        problems.append(TrustGuideError(Location(display, node.line_of(key)), message))

    if not 1 <= config.minutes <= MAX_MINUTES:
        at("minutes", f"step '{config.title}': minutes must be between 1 and {MAX_MINUTES}")
    if config.worksheet and config.worksheet not in refs.worksheets:
        at("worksheet", f"step '{config.title}' uses unknown worksheet '{config.worksheet}'; known: "
                        + ", ".join(sorted(refs.worksheets)))
    if config.page and config.page not in refs.pages:
        at("page", f"step '{config.title}' links to '{config.page}', which does not exist in docs/")
    return Step(title=config.title, minutes=config.minutes, facilitator=config.facilitator,
                participants=config.participants, worksheet=config.worksheet, page=config.page, watch=config.watch)
