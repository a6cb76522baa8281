"""Clock times of an agenda: each step starts when the one before it ends, from a start time such as 09:00."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from trustguide.core.errors import TrustGuideError

DEFAULT_START = "09:00"
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DAY = 24 * 60


@dataclass(frozen=True)
class Slot:
    start: str
    end: str
    offset: int  # minutes from the start of the meeting


def parse_start(value: str, where: str = "--start") -> int:
    """Minutes after midnight of an HH:MM time; anything else is a user error."""
    match = _TIME.match(value.strip())
    if not match:
        raise TrustGuideError(where, f"'{value}' is not a time; write it as HH:MM on a 24-hour clock, e.g. 13:30")
    return int(match.group(1)) * 60 + int(match.group(2))


def format_clock(minutes: int, gettext: Callable[[str], str] = str) -> str:
    """HH:MM, and past midnight the day it falls on ("01:30 next day"), as the plan pages and the planner say it:
    a time that wrapped round would read as the morning of the same day. `gettext`: the words in the print's
    language (the same catalog messages as the site scripts', with their ${...} places)."""
    days, minutes = divmod(minutes, _DAY)
    time = f"{minutes // 60:02d}:{minutes % 60:02d}"
    if days == 0:
        return time
    if days == 1:
        return gettext("${time} next day").replace("${time}", time)
    return gettext("${time} on day ${day}").replace("${time}", time).replace("${day}", str(days + 1))


def format_elapsed(minutes: int) -> str:
    """Time since the start, H:MM (0:00, 1:45): for run sheets printed before anyone chose a start time."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def schedule(durations: list[int], start: int, fmt: Callable[[int], str] = format_clock) -> list[Slot]:
    """One slot per step; a time past midnight names its day."""
    slots: list[Slot] = []
    offset = 0
    for minutes in durations:
        slots.append(Slot(fmt(start + offset), fmt(start + offset + minutes), offset))
        offset += minutes
    return slots
