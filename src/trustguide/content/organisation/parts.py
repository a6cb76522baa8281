"""The guide's parts an organisation may leave out, and what leaving one out removes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from trustguide.core.errors import closest

if TYPE_CHECKING:
    from trustguide.content.sessions.model import Plan
    from trustguide.content.worksheets.model import Worksheet

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
# What each part is called in the guide's navigation: a reader names a part by what they saw there.
PART_TITLES: dict[str, str] = {
    "foundations": "Foundations of trust",
    "coaching-relationship": "The coaching relationship",
    "peer-coaching": "Peer coaching",
    "team-coaching": "Team coaching",
    "accountability": "Performance and accountability",
    "worksheets": "Worksheets",
    "session-plans": "Session plans",
}


def unknown_part_message(name: str) -> str:
    """An unknown name in leave_out: the closest part (by name or by its title), and all of them."""
    guess = closest(str(name), PARTS, {part: title.lower().replace(" ", "-") for part, title in PART_TITLES.items()})
    hint = f"; the closest is '{guess}' ({PART_TITLES[guess]})" if guess else ""
    listed = ", ".join(f"{part} ({PART_TITLES[part]})" for part in PARTS)
    return f"leave_out: unknown part '{name}'{hint}. The parts are: {listed}"


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


# Python-Markdown's HTML, not the page's Markdown: code is escaped there, so these never match inside a code block.
_ANCHOR = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S)
_GONE = "\x00"  # stands, while the page is pruned, where something emptied by a page left out was
_LONE_LINK_ITEM = re.compile(r'<li>\s*(?:<p>\s*)?<a\b[^>]*?\bhref="([^"]*)"[^>]*>(?:(?!</a>).)*</a>\s*(?:</p>\s*)?</li>',
                             re.S)
_EMPTIED_LIST = re.compile(rf"<(ul|ol)\b[^>]*>[\s{_GONE}]*</\1>")
_HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.S)
_HEADING_ID = re.compile(r'\bid="([^"]*)"')
_EMPTIED_SECTION = re.compile(rf"([\s{_GONE}]*)(?:$|</|<h([1-6])\b)")


def without_links(html_text: str, is_gone: Callable[[str], bool]) -> tuple[str, list[str]]:
    """The page with no trace of the pages `is_gone` names (by href): a list item that was only a link to one goes,
    and so do a list and a heading it leaves empty; other links to them become their text. Returns the page and the
    ids of the headings removed (for the table of contents)."""
    text = _LONE_LINK_ITEM.sub(lambda m: _GONE if is_gone(m.group(1)) else m.group(0), html_text)
    while True:
        emptied = _EMPTIED_LIST.sub(_GONE, text)
        if emptied == text:
            break
        text = emptied
    removed: list[str] = []
    if _GONE in text:
        text = _without_emptied_headings(text, removed)
    text = _ANCHOR.sub(lambda m: m.group(2) if is_gone(m.group(1)) else m.group(0), text)
    return text.replace(_GONE, ""), removed


def _without_emptied_headings(text: str, removed: list[str]) -> str:
    """Headings followed by nothing but what was removed, up to the next heading of the same or a higher level or
    the end of the enclosing element. From the last heading up, so a section whose subsections all went goes too."""
    for heading in reversed(list(_HEADING.finditer(text))):
        after = _EMPTIED_SECTION.match(text, heading.end())
        level = after.group(2) if after else None
        if after and _GONE in after.group(1) and (level is None or int(level) <= int(heading.group(1))):
            identifier = _HEADING_ID.search(heading.group(0))
            if identifier:
                removed.append(identifier.group(1))
            text = text[:heading.start()] + _GONE + text[heading.end():]
    return text
