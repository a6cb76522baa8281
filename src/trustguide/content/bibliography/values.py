"""BibTeX text as biber reads it: '%' comments, @string macros (month macros included) and '#' concatenation.

bibtexparser 2 splits a file into blocks; these functions do what it leaves to the reader, as biber does it:
- a '%' outside any entry, or between the fields of one, starts a comment to the end of its line, so an entry
  commented out line by line (`%@book{...`) is no entry at all;
- a field's value is its pieces joined by '#': braced or quoted text, a number, or a macro name defined by
  @string (case-insensitive; a later definition wins) or one of the month macros jan..dec.
"""

from __future__ import annotations

import re

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_MACRO = re.compile(r"[^\s\"#%'(),={}]+")


def blank_comments(text: str) -> str:
    """The text with every '%' comment that biber skips replaced by spaces (lines and columns stay where they were).

    A '%' inside a value (in braces, or in quotes) is text, as in `title = {50% of teams}`.
    """
    if "%" not in text:
        return text
    out = list(text)
    depth = 0
    quoted = False
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif char == '"' and depth == 1:
            quoted = not quoted
        elif char == "%" and depth <= 1 and not quoted and not (i and text[i - 1] == "\\"):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
            continue
        i += 1
    return "".join(out)


def _pieces(raw: str) -> list[str] | None:
    """The '#'-joined pieces of a raw value, or None if it is not a well-formed concatenation."""
    pieces: list[str] = []
    i, n = 0, len(raw)
    while True:
        while i < n and raw[i].isspace():
            i += 1
        if i >= n:
            return None
        if raw[i] == "{":
            depth, start = 0, i
            while i < n:
                depth += {"{": 1, "}": -1}.get(raw[i], 0)
                i += 1
                if depth == 0:
                    break
            if depth:
                return None
            pieces.append(raw[start:i])
        elif raw[i] == '"':
            start, depth = i, 0
            i += 1
            while i < n and (raw[i] != '"' or depth):
                depth += {"{": 1, "}": -1}.get(raw[i], 0)
                i += 1
            if i >= n:
                return None
            i += 1
            pieces.append(raw[start:i])
        else:
            match = _MACRO.match(raw, i)
            if match is None:
                return None
            pieces.append(match.group(0))
            i = match.end()
        while i < n and raw[i].isspace():
            i += 1
        if i >= n:
            return pieces
        if raw[i] != "#":
            return None
        i += 1


def resolve_value(raw: str, macros: dict[str, str], field: str = "") -> tuple[str, list[str]]:
    """A raw field value as biber reads it, and the names of any macros it uses that nobody defined.

    macros: @string definitions by lower-case name, already resolved. A month macro in the month field is the
    month's number, as biber stores it; elsewhere it is the month's name, as BibTeX defines it.
    """
    pieces = _pieces(raw)
    if pieces is None:
        return raw.strip(), []
    parts: list[str] = []
    undefined: list[str] = []
    for piece in pieces:
        if piece[0] in '{"':
            parts.append(piece[1:-1])
        elif piece.isdigit():
            parts.append(piece)
        elif piece.lower() in macros:
            parts.append(macros[piece.lower()])
        elif piece.lower() in MONTHS:
            number = MONTHS.index(piece.lower())
            parts.append(str(number + 1) if field == "month" else _MONTH_NAMES[number])
        else:
            undefined.append(piece)
    return "".join(parts), undefined
