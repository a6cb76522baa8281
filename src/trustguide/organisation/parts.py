"""The guide's parts an organisation may leave out, and what leaving one out removes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from trustguide.sessions.model import Plan
from trustguide.worksheets.model import Worksheet

# Knowledge parts are folders of docs/; the generated parts are switched off in their own plugins.
KNOWLEDGE_PARTS: dict[str, str] = {
    "foundations": "foundations/",
    "coaching-relationship": "coaching-relationship/",
    "peer-coaching": "peer-coaching/",
    "team-coaching": "team-coaching/",
    "accountability": "accountability/",
}
GENERATED_PARTS: tuple[str, ...] = ("worksheets", "session-plans")
PARTS: tuple[str, ...] = (*KNOWLEDGE_PARTS, *GENERATED_PARTS)


# The results tools work on one worksheet within one kind of session: each goes with its knowledge part, and with
# the worksheets or session plans it links to.
TOOL_PAGES: dict[str, tuple[str, ...]] = {
    "tools/pulse-tally.md": ("team-coaching", "worksheets", "session-plans"),
    "tools/alignment-gap.md": ("accountability", "worksheets", "session-plans"),
}


def excluded_folders(parts: list[str]) -> tuple[str, ...]:
    """The docs folders (and single tool pages) that leaving out `parts` removes, as path prefixes."""
    folders = tuple(KNOWLEDGE_PARTS[p] for p in parts if p in KNOWLEDGE_PARTS)
    return folders + tuple(page for page, needs in TOOL_PAGES.items() if set(needs) & set(parts))


def is_in_folders(src_uri: str, folders: tuple[str, ...]) -> bool:
    return any(src_uri.startswith(folder) for folder in folders)


def prune_nav(nav: list, keep: Callable[[str], bool]) -> list:
    """The nav without the pages `keep` refuses, and without sections left empty."""
    pruned: list = []
    for item in nav:
        if isinstance(item, str):
            if keep(item):
                pruned.append(item)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    children = prune_nav(value, keep)
                    if children:
                        pruned.append({title: children})
                elif isinstance(value, str) and (value.startswith(("http://", "https://")) or keep(value)):
                    pruned.append({title: value})
    return pruned


def keep_worksheets(worksheets: list[Worksheet], left_out: set[str]) -> list[Worksheet]:
    """Worksheets still in the guide: one whose related pages were all left out goes with them."""
    kept = []
    for worksheet in worksheets:
        related = tuple(p for p in worksheet.related if p not in left_out)
        if related or not worksheet.related:
            kept.append(replace(worksheet, related=related))
    return kept


def keep_plans(plans: list[Plan], worksheet_ids: set[str], left_out: set[str]) -> list[Plan]:
    """Plans still in the guide: one that needs a worksheet left out, or whose related pages all went, goes too."""
    kept = []
    for plan in plans:
        related = tuple(p for p in plan.related if p not in left_out)
        if (plan.related and not related) or any(w not in worksheet_ids for w in plan.worksheet_ids()):
            continue
        meetings = tuple(
            replace(m, steps=tuple(replace(s, page="") if s.page in left_out else s for s in m.steps))
            for m in plan.meetings
        )
        kept.append(replace(plan, related=related, meetings=meetings))
    return kept
