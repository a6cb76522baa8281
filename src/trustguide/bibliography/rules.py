"""What an entry must hold for the guide to format it in APA 7."""

from __future__ import annotations

import re

# Each type maps to groups of fields; every group needs at least one of its fields.
REQUIRED_FIELDS: dict[str, list[tuple[str, ...]]] = {
    "article": [("author",), ("title",), ("journal", "journaltitle"), ("year", "date")],
    "book": [("author", "editor"), ("title",), ("publisher",), ("year", "date")],
    "online": [("title",), ("year", "date"), ("url", "howpublished")],
    "misc": [("title",), ("year", "date"), ("url", "howpublished")],
}

SUPPORTED_TYPES = tuple(REQUIRED_FIELDS)

#: The bib marker for a work its source gives no date for; APA prints it as "n.d.".
NO_DATE = "n.d."

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
YEAR_PATTERN = re.compile(rf"^(\d{{4}}|{re.escape(NO_DATE)})$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def missing_groups(entry_type: str, fields: dict[str, str]) -> list[tuple[str, ...]]:
    """The required field groups an entry leaves empty."""
    return [group for group in REQUIRED_FIELDS[entry_type] if not any(fields.get(f, "").strip() for f in group)]
