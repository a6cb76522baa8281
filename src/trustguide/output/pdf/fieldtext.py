"""Right-to-left values in PDF form fields: printed as the page's text, the field over them drawing nothing.

WeasyPrint 70 writes a text field's value (/V) and its font (/DA) and sets /NeedAppearances, so that the PDF viewer
draws the value itself. Viewers draw it glyph by glyph from left to right in the order of the characters, without
shaping or the Unicode bidirectional algorithm (poppler, PDFium): an Arabic name comes out with its letters unjoined
and each word reversed, a Hebrew one reversed. The PDF format leaves that drawing to the viewer; WeasyPrint has no
option to draw it (it writes no appearance stream for text fields).

So a value with right-to-left letters is printed in the field's box as ordinary page text (the template's
tg-value-drawn, laid out by Pango and HarfBuzz like every other line of the page), and the finisher below gives its
field an appearance of its own that draws nothing, and a white background and right alignment for the appearance a
viewer makes once someone edits the value. /NeedAppearances is turned off in such a PDF (a viewer would otherwise
replace that empty appearance with its reversed drawing); every other field has no appearance, which viewers make
(poppler and pdf.js always, PDFium on loading the form). The field's value stays the name in logical order: what a
viewer's editor, copying and a form-data export read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trustguide.content.worksheets.model import right_to_left

_RIGHT_ALIGNED = 2  # /Q: the field's quadding


def draw_nothing_over_printed_values(_document: Any, pdf: Any) -> None:
    """A WeasyPrint `finisher`: every text field whose value is right-to-left gets an empty appearance."""
    import pydyf

    changed = False
    for obj in list(pdf.objects):
        if not isinstance(obj, dict) or obj.get("FT") != "/Tx" or obj.get("Subtype") != "/Widget":
            continue
        value = getattr(obj.get("V"), "string", "")
        if not isinstance(value, str) or not right_to_left(value):
            continue
        left, bottom, right, top = (float(v) for v in obj["Rect"])
        empty = pydyf.Stream([], extra={"Type": "/XObject", "Subtype": "/Form",
                                        "BBox": pydyf.Array((0, 0, abs(right - left), abs(top - bottom)))})
        pdf.add_object(empty)
        obj["AP"] = pydyf.Dictionary({"N": empty.reference})
        obj["MK"] = pydyf.Dictionary({"BG": pydyf.Array((1,))})
        obj["Q"] = _RIGHT_ALIGNED
        changed = True
    form = pdf.catalog.get("AcroForm")
    if changed and form is not None:
        form["NeedAppearances"] = "false"


def both(*finishers: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    """One finisher that runs each in turn."""

    def finish(document: Any, pdf: Any) -> None:
        for finisher in finishers:
            finisher(document, pdf)

    return finish
