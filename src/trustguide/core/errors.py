"""The one error type for user mistakes: it always says where the mistake is and what to do."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in a user's file, 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class TrustGuideError(Exception):
    """A mistake in the user's input, located in a file (and line, where there is one)."""

    def __init__(self, location: Location | str | Path, message: str) -> None:
        self.location = location if isinstance(location, Location) else Location(str(location))
        self.message = message
        super().__init__(f"{self.location}: {message}")

    def __reduce__(self):  # survives the trip back from a worker process
        return (type(self), (self.location, self.message))


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A path as the user would type it: relative to the project root when inside it."""
    p = Path(path)
    if root is not None:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return p.as_posix()


class TrustGuideErrors(Exception):
    """Several located mistakes found in one pass, so an author can fix them all at once."""

    def __init__(self, problems: list[TrustGuideError]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self):
        return (type(self), (self.problems,))


def raise_if_any(problems: list[TrustGuideError]) -> None:
    """Raise the single problem itself, or all of them together."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise TrustGuideErrors(problems)


def closest(word: str, names: Iterable[str], aliases: Mapping[str, str] | None = None,
            cutoff: float = 0.5) -> str | None:
    """The known name most like `word` (difflib's ratio, to the name or to its alias, such as a part's title),
    or None when none comes near: a suggestion must help, not mislead."""

    def likeness(name: str) -> float:
        candidates = [name, *([aliases[name]] if aliases and name in aliases else [])]
        return max(difflib.SequenceMatcher(None, word.lower(), c.lower()).ratio() for c in candidates)

    scored = sorted(((likeness(name), name) for name in names), key=lambda pair: -pair[0])
    return scored[0][1] if scored and scored[0][0] >= cutoff else None


def unknown_field_message(key: str, known: Iterable[str]) -> str:
    """"unknown field 'X'; did you mean 'Y'? Known fields: ...", the same for every file the guide reads."""
    known = sorted(known)
    guess = closest(key, known, cutoff=0.6)
    hint = f"; did you mean '{guess}'? Known fields: " if guess else "; known fields: "
    return f"unknown field '{key}'{hint}{', '.join(known)}"


class BuildFailed(Exception):
    """The build stopped; the message says why, and the published site is untouched."""
