"""What a worksheet is: its metadata, its sections and its typed fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from trustguide.content.languages.catalog import N_

FieldType = Literal["text", "lines", "textbox", "checklist", "rating", "table", "signature"]
FIELD_TYPES: tuple[str, ...] = ("text", "lines", "textbox", "checklist", "rating", "table", "signature")
# threshold: the agreed minimum number of answers before results are shared (anonymous sheets), from --threshold
PREFILLS: tuple[str, ...] = ("participant", "team", "org", "facilitator", "date", "threshold")
CONFIDENTIALITY: dict[str, str] = {  # N_: catalog entries, translated where they are shown
    "private": N_("Private to the writer"),
    "shared": N_("Shared in the group"),
    "destroy-after": N_("Destroy after the session"),
}
AUDIENCES: tuple[str, ...] = ("coach", "facilitator", "organisation")
LICENCE = "Trust Guide · CC BY-SA 4.0"  # the footer of every printed page
AUDIENCE_WORDS = (N_("coach"), N_("facilitator"), N_("organisation"))  # the ids as shown in "For" lines
COPIES: tuple[str, ...] = ("per-participant", "group")


@dataclass(frozen=True)
class Field:
    type: str
    name: str
    label: str
    prefill: str | None = None
    lines: int = 0
    items: tuple[str, ...] = ()
    scale: int = 0
    low: str = ""
    high: str = ""
    columns: tuple[str, ...] = ()
    rows: int = 0


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]
    note: str = ""


@dataclass(frozen=True)
class Worksheet:
    id: str
    title: str
    purpose: str
    how_to_use: str
    audience: tuple[str, ...]
    minutes: int
    group_size: str
    materials: tuple[str, ...]
    confidentiality: str
    basis: tuple[str, ...]
    related: tuple[str, ...]
    pages: int
    copies: str
    sections: tuple[Section, ...]
    anonymous: bool = False  # no copy ever carries a participant's name
    source: str = ""  # the definition file, for messages
    digest: str = field(default="", compare=False)  # hash of the definition's text

    @property
    def has_threshold(self) -> bool:
        """Whether the sheet has a place for the agreed minimum number of answers."""
        return any(f.prefill == "threshold" for s in self.sections for f in s.fields)

    @property
    def confidentiality_label(self) -> str:
        return CONFIDENTIALITY[self.confidentiality]


@dataclass(frozen=True)
class Personalisation:
    """What a personalised copy pre-fills: values are plain text, shown literally."""

    org: str = ""
    team: str = ""
    facilitator: str = ""
    date: str = ""
    participants: tuple[str, ...] = ()
    copies: int = 0  # blank copies of a per-participant sheet when no participants are named (0: one)
    threshold: int = 0  # the agreed minimum number of answers (0: not set; the sheet keeps an empty box)
    logo: str = ""  # the organisation's logo as a data: address, printed at the top of every page

    @property
    def footer_licence(self) -> str:
        """The licence line of every page's footer, with the organisation's name when there is one."""
        return f"{self.org} · {LICENCE}" if self.org else LICENCE

    def value_for(self, prefill: str | None, participant: str) -> str:
        return {
            "participant": participant,
            "team": self.team,
            "org": self.org,
            "facilitator": self.facilitator,
            "date": self.date,
            "threshold": str(self.threshold) if self.threshold else "",
        }.get(prefill or "", "")


# A single-line field shows its value in the PDF viewer's own drawing, at the field's font size, and cuts what does
# not fit: a value longer than this many characters is drawn at the viewer's automatic size, which fits it to the
# field (about 30 characters fill the narrowest prefilled field, half the sheet's width, at 9.5pt).
LONG_VALUE = 30
# Letters the sheet's first font (DejaVu Sans) lacks and WenQuanYi Micro Hei has: CJK ideographs, kana, Hangul,
# and their punctuation and full-width forms. A field names one font for its whole value, so it names that one.
_WIDE_LETTERS = re.compile("[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f"
                           "\uff00-\uffef\U00020000-\U0003134f]")


# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, their presentation forms). A PDF viewer
# draws a field's value letter by letter from left to right, unshaped (poppler, PDFium): such a value is printed
# as the page's own text instead, laid out like every other line, under a field that draws nothing of its own
# (see trustguide.output.pdf.fieldtext).
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")


def right_to_left(value: str) -> bool:
    """Whether the value has right-to-left letters, which a PDF viewer cannot draw in a field."""
    return bool(_RIGHT_TO_LEFT.search(value))


def printed_field_classes(value: str) -> str:
    """The classes a prefilled single-line field needs to show its whole value in the PDF (see print.css)."""
    classes = ["tg-value-long"] if len(value) > LONG_VALUE else []
    if _WIDE_LETTERS.search(value):
        classes.append("tg-value-cjk")
    if right_to_left(value):
        classes.append("tg-value-rtl")
    return " ".join(classes)
