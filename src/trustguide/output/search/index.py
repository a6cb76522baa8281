"""A page's description joins its entry in the search index, as a field of its own.

Every page's front matter has a one-sentence description "with the words a coach would search for" (the README's
rule for authors): the terms the page explains. Material indexes titles, text and tags only, so a page that explains
a term in its text ranked below the glossary entry and every page tagged with a related topic. Indexed as its own
field, weighted between tags and titles in mkdocs.yml, the description lets the page that explains a term come
first; the text of the description is not shown in the results, which show Material's fields only.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

FIELD = "description"


def add_descriptions(index: str, descriptions: Mapping[str, str]) -> str:
    """The search index JSON with each page's description on the entry of the page itself (not of its sections).

    descriptions: by page URL, as the entries' locations have it ("" for the home page, "foundations/x/").
    """
    data = json.loads(index)
    describe_entries(data.get("docs", []), descriptions)
    return json.dumps(data, separators=(",", ":"), default=str)


def describe_entries(docs: list[dict], descriptions: Mapping[str, str]) -> None:
    """Each page's description on its own entry, in place: the index's entries before the search plugin writes them."""
    for doc in docs:
        location = doc.get("location", "")
        if "#" not in location and location in descriptions:
            doc[FIELD] = html.unescape(descriptions[location])
