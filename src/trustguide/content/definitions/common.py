"""Checks every definition file shares (worksheets, session plans): its id, its audience, what it cites and links."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from trustguide.content.worksheets.model import AUDIENCES

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

Report = Callable[[str, str], None]  # at(key, message): a problem at the line of `key`


def check_common(config, stem: str, bib_keys: Collection[str], pages: Collection[str], at: Report) -> None:
    """The id is the file name in kebab case; the audience is given; every bib key and related page exists."""
    if config.id != stem:
        at("id", f"id '{config.id}' must match the file name '{stem}'")
    elif not _ID.match(config.id):
        at("id", f"id '{config.id}' must be lower-case words joined by hyphens")
    if not config.audience:
        at("audience", "audience is empty; give one or more of " + ", ".join(AUDIENCES))
    for key in config.basis:
        if key not in bib_keys:
            at("basis", f"basis cites unknown bibliography key '{key}'; add it to references.bib or fix the key")
    for page in config.related:
        if page not in pages:
            at("related", f"related page '{page}' does not exist in docs/; give a path under docs/, e.g. "
                          "peer-coaching/norms.md")
