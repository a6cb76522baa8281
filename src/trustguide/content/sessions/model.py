"""What a session plan is: one or more meetings, each an agenda of timed steps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    title: str
    minutes: int
    facilitator: str
    participants: str
    worksheet: str = ""  # a worksheet id
    page: str = ""  # a docs page, e.g. peer-coaching/norms.md
    watch: str = ""  # what to watch for: trust signals, confidentiality moments


@dataclass(frozen=True)
class Meeting:
    title: str
    duration: int
    steps: tuple[Step, ...]
    when: str = ""  # e.g. "Week 1"; empty for single-meeting plans


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    purpose: str
    audience: tuple[str, ...]
    duration: int
    group_size: str
    preparation: tuple[str, ...]
    materials: tuple[str, ...]
    basis: tuple[str, ...]
    related: tuple[str, ...]
    meetings: tuple[Meeting, ...]
    source: str = ""  # the definition file, for messages
    max_participants: int | None = None  # group_size counted: the most names a pack's participants file should hold
    digest: str = field(default="", compare=False)

    @property
    def multi_meeting(self) -> bool:
        return len(self.meetings) > 1

    def worksheet_ids(self) -> list[str]:
        """The worksheets the plan uses, once each, in the order they first appear."""
        seen: list[str] = []
        for meeting in self.meetings:
            for step in meeting.steps:
                if step.worksheet and step.worksheet not in seen:
                    seen.append(step.worksheet)
        return seen
