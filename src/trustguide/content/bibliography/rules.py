"""What an entry must hold for the guide to format it in APA 7: entry types, aliases and required fields.

APA 7 identifies a work by its author, date, title and source (Publication Manual, 9.4). A work without an author
is still a work (the title moves to the author's place, 9.12), and a work without a date says n.d. (9.17), so the
only fields required here are the title, a date (or year = {n.d.}) and, per kind of work, what its source needs:
a journal's name, a book's publisher, a chapter's book, a thesis's institution, a report's institution or
publisher. Everything else (pages, volume, editors, DOI, URL, edition) is printed when present and never required.
"""

from __future__ import annotations

import difflib
import re

# BibTeX's and biblatex's aliases, resolved as biber resolves them (biblatex manual, 2.1.2) before anything else.
ALIASES: dict[str, str] = {
    "conference": "inproceedings",
    "electronic": "online",
    "www": "online",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "techreport": "report",
}

# Kinds of source, by the fields that can name them (pandoc reads all of these as the CSL publisher).
TITLE = ("title",)
DATE = ("year", "date")
PUBLISHER = ("publisher", "organization", "institution")
JOURNAL = ("journal", "journaltitle")
BOOK = ("booktitle",)
ONLINE = ("url", "doi", "eprint", "howpublished")
ANY_SOURCE = (*PUBLISHER, "url", "doi", "eprint", "howpublished")

# Each type (after its alias is resolved) maps to groups of fields; every group needs at least one of its fields.
REQUIRED_FIELDS: dict[str, list[tuple[str, ...]]] = {
    # periodicals (APA 10.1)
    "article": [TITLE, JOURNAL, DATE],
    "suppperiodical": [TITLE, JOURNAL, DATE],
    "periodical": [TITLE, DATE],
    # books and reference works (10.2, 10.3)
    "book": [TITLE, DATE, PUBLISHER],
    "mvbook": [TITLE, DATE, PUBLISHER],
    "collection": [TITLE, DATE, PUBLISHER],
    "mvcollection": [TITLE, DATE, PUBLISHER],
    "reference": [TITLE, DATE, PUBLISHER],
    "mvreference": [TITLE, DATE, PUBLISHER],
    "proceedings": [TITLE, DATE, PUBLISHER],
    "mvproceedings": [TITLE, DATE, PUBLISHER],
    "commentary": [TITLE, DATE, PUBLISHER],
    "manual": [TITLE, DATE, PUBLISHER],
    # parts of a book (10.3): the book's title and publisher; its editors are printed where there are any
    "inbook": [TITLE, BOOK, DATE, PUBLISHER],
    "bookinbook": [TITLE, BOOK, DATE, PUBLISHER],
    "suppbook": [TITLE, BOOK, DATE, PUBLISHER],
    "incollection": [TITLE, BOOK, DATE, PUBLISHER],
    "suppcollection": [TITLE, BOOK, DATE, PUBLISHER],
    "inreference": [TITLE, BOOK, DATE, (*PUBLISHER, "url", "doi")],
    # conference sessions and papers (10.5): the proceedings or the event
    "inproceedings": [TITLE, (*BOOK, "eventtitle"), DATE],
    # dissertations and theses (10.6), reports and grey literature (10.4)
    "thesis": [TITLE, DATE, ("institution", "school")],
    "report": [TITLE, DATE, PUBLISHER],
    "booklet": [TITLE, DATE],
    "unpublished": [TITLE, DATE],
    "patent": [TITLE, DATE, ("number",)],
    # data sets (10.9), software (10.10), webpages and social media (10.15, 10.16)
    "dataset": [TITLE, DATE, ANY_SOURCE],
    "software": [TITLE, DATE, ANY_SOURCE],
    "online": [TITLE, DATE, ONLINE],
    "misc": [TITLE, DATE],
    # biblatex's types that its standard styles leave unsupported; pandoc formats each as its kind of work
    "audio": [TITLE, DATE, ANY_SOURCE],
    "music": [TITLE, DATE, ANY_SOURCE],
    "video": [TITLE, DATE, ANY_SOURCE],
    "movie": [TITLE, DATE, ANY_SOURCE],
    "artwork": [TITLE, DATE, (*ANY_SOURCE, "location")],
    "image": [TITLE, DATE, (*ANY_SOURCE, "location")],
    "performance": [TITLE, DATE],
    "review": [TITLE, DATE, (*JOURNAL, "url", "doi")],
    "standard": [TITLE, DATE],
    "legislation": [TITLE, DATE],
    "jurisdiction": [TITLE, DATE],
    "legal": [TITLE, DATE],
}

# Types that are not works: what to do instead of citing them.
NOT_WORKS: dict[str, str] = {
    "set": "an @set groups entries that biblatex cites together, which APA 7 does not do; cite its entries "
           "(its 'entryset') one by one instead",
    "letter": "APA 7 cites a personal communication such as a letter in the text only, with no reference entry "
              "(8.9): write it in the page as (J. Jones, personal communication, May 3, 1950); a letter held in an "
              "archive is an @unpublished entry with the archive as its 'institution'",
    "bibnote": "an @bibnote is a note, not a work, and has no APA 7 reference; put the note in the page's text",
}

#: Types that only lend their fields to other entries (biblatex's @xdata): never cited, never formatted.
CONTAINER_TYPES = frozenset({"xdata"})

KNOWN_TYPES = frozenset(REQUIRED_FIELDS) | frozenset(ALIASES) | frozenset(NOT_WORKS) | CONTAINER_TYPES

#: The bib marker for a work its source gives no date for; APA prints it as "n.d.".
NO_DATE = "n.d."

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
YEAR_PATTERN = re.compile(rf"^(\d{{4}}|{re.escape(NO_DATE)})$")
# biblatex dates (ISO 8601-2 level 1 as biber reads them): a day, month or year, approximate or uncertain, or a range.
_ONE_DATE = r"(\d{4}(-\d{2}(-\d{2})?)?[?~%]?)"
DATE_PATTERN = re.compile(rf"^({_ONE_DATE}(/({_ONE_DATE}|\.\.)?)?|\.\./{_ONE_DATE})$")
DATE_FIELDS = ("date", "urldate", "origdate", "eventdate")


def canonical_type(entry_type: str) -> str:
    """The type biber works with: lower case, aliases resolved (@PhDThesis is @thesis)."""
    lowered = entry_type.lower()
    return ALIASES.get(lowered, lowered)


def closest_type(entry_type: str) -> str | None:
    close = difflib.get_close_matches(entry_type.lower(), sorted(KNOWN_TYPES), n=1, cutoff=0.5)
    return close[0] if close else None


# What APA 7 identifies without a publisher (the issue "references that reference managers export"):
#: a report or book whose group author is its publisher: "When the author and publisher are the same, omit the
#: publisher" (9.29; 10.4 reports by a government agency or other organisation, 10.2 books by a group author);
OWN_PUBLISHER = frozenset({"report", "book", "mvbook", "manual", "reference", "mvreference"})
#: an entry of an online reference work, "In Wikipedia. URL" (10.3): its address stands for the publisher (Zotero
#: exports an encyclopedia article as a part of a book);
ONLINE_ENTRY = frozenset({"inbook", "incollection", "inreference"})
#: unpublished raw data, "[Unpublished raw data]. Department, University." (10.9): no publisher, no address; where
#: the data are kept is printed when given.
UNPUBLISHED = re.compile(r"\bunpublished\b", re.IGNORECASE)
_SAYS_UNPUBLISHED = ("type", "pubstate", "howpublished", "note")


def missing_groups(entry_type: str, fields: dict[str, str], group_author: bool = False) -> list[tuple[str, ...]]:
    """The required field groups an entry (of a canonical type) leaves empty, less the source APA 7 does without:
    the publisher of a group author's report or book, of an entry with its address in an online reference work,
    the source of unpublished raw data. A person's report with only a URL still needs its publisher."""
    def given(name: str) -> bool:
        return bool(fields.get(name, "").strip())

    def needed(group: tuple[str, ...]) -> bool:
        if group == PUBLISHER and entry_type in OWN_PUBLISHER and group_author:
            return False
        if group == PUBLISHER and entry_type in ONLINE_ENTRY and given("url"):
            return False
        return not (group == ANY_SOURCE and entry_type == "dataset"
                    and any(UNPUBLISHED.search(fields.get(name, "")) for name in _SAYS_UNPUBLISHED))

    return [group for group in REQUIRED_FIELDS[entry_type] if not any(given(f) for f in group) and needed(group)]


def is_group_author(raw_author: str) -> bool:
    """Whether a name list is one group's name, braced whole as BibTeX needs it and Zotero exports it
    (`author = {{World Health Organization}}`): a person's name has no such braces."""
    value = raw_author.strip()
    if not (value.startswith("{") and value.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(value) - 1:
            return False  # the first brace closes before the end: "{van} Gogh, V." is a person
    return True


# biber's default data inheritance for crossref (biblatex manual, appendix B): which fields of a parent arrive in
# a child under another name. Fields not named here arrive under their own name; _NOT_INHERITED never arrive.
_NOT_INHERITED = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options", "presort",
    "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand", "shorthandintro", "sortkey",
})
_NO_TITLES = {"shorttitle": None, "sorttitle": None, "indextitle": None, "indexsorttitle": None}
_AS_MAIN = {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon", **_NO_TITLES}
_AS_BOOK = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon", **_NO_TITLES}
_AS_JOURNAL = {"title": "journaltitle", "subtitle": "journalsubtitle", "titleaddon": "journaltitleaddon", **_NO_TITLES}
_INHERITANCE: list[tuple[frozenset[str], frozenset[str], dict[str, str | None]]] = [
    (frozenset({"mvbook"}), frozenset({"book", "inbook", "bookinbook", "suppbook"}), _AS_MAIN),
    (frozenset({"mvcollection", "mvreference"}),
     frozenset({"collection", "reference", "incollection", "inreference", "suppcollection"}), _AS_MAIN),
    (frozenset({"mvproceedings"}), frozenset({"proceedings", "inproceedings"}), _AS_MAIN),
    (frozenset({"book"}), frozenset({"inbook", "bookinbook", "suppbook"}), _AS_BOOK),
    (frozenset({"collection", "reference"}), frozenset({"incollection", "inreference", "suppcollection"}), _AS_BOOK),
    (frozenset({"proceedings"}), frozenset({"inproceedings"}), _AS_BOOK),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}), _AS_JOURNAL),
]
# A book's author is also the author of the parts it holds (\inherit{author}{bookauthor} in biblatex.def).
_ALSO_BOOKAUTHOR = (frozenset({"mvbook", "book"}), frozenset({"inbook", "bookinbook", "suppbook"}))


def inherited_fields(parent_type: str, child_type: str, parent: dict[str, str]) -> dict[str, str]:
    """The fields a crossref parent gives a child, under the names the child receives them (biber's rules)."""
    mapping: dict[str, str | None] = {}
    for sources, targets, renames in _INHERITANCE:
        if parent_type in sources and child_type in targets:
            mapping = renames
            break
    given: dict[str, str] = {}
    for name, target in mapping.items():  # a renamed field first: a parent's title is a chapter's booktitle
        if target is not None and name in parent:
            given[target] = parent[name]
    for name, value in parent.items():
        if name not in _NOT_INHERITED and name not in mapping:
            given.setdefault(name, value)
    if "author" in parent and parent_type in _ALSO_BOOKAUTHOR[0] and child_type in _ALSO_BOOKAUTHOR[1]:
        given.setdefault("bookauthor", parent["author"])
    return given
