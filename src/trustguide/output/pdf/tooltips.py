"""Tooltips (/TU) of PDF form fields: the name each field has on the web page, which is what a screen reader reads.

WeasyPrint 70 writes a tooltip for each field from its <label> (else its title), but:
- it takes the text of the label as laid out, so a label that wraps loses the space at the line break
  ("the client be toldfirst?");
- it names a radio group after its *first radio's* label ("1 (Rarely)"), so the question is lost for the group.
The finisher below rewrites every tooltip from the HTML instead, by the same rules as a browser's accessible name
(aria-label, else the <label>, else the title), and names each radio group after the <legend> of its <fieldset>
(on the web page the group has role=radiogroup and that legend as its name). Each radio keeps its own label.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

_RADIO_FLAG = 1 << 15  # /Ff bit 16: the /Btn field is a radio group


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


@dataclass(frozen=True)
class FieldNames:
    """Accessible names from the HTML: per field name, per radio group (its legend) and per radio, in order."""

    fields: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)


def field_names(root: Element) -> FieldNames:
    """Read every form control's accessible name from the document WeasyPrint renders."""
    labels = {label.get("for"): _text(label) for label in root.iter("label") if label.get("for")}
    names = FieldNames()
    for fieldset in root.iter("fieldset"):
        legend = fieldset.find("legend")
        for element in fieldset.iter("input"):
            name = element.get("name")
            if legend is not None and _text(legend) and element.get("type") == "radio" and name:
                names.groups.setdefault(name, _text(legend))
    for element in root.iter():
        name = element.get("name")
        if element.tag not in ("input", "textarea", "select") or not name:
            continue
        accessible = (element.get("aria-label") or "").strip() or labels.get(element.get("id")) or element.get("title", "")
        accessible = " ".join(accessible.split())
        if element.get("type") == "radio":
            names.choices.setdefault(name, []).append(accessible)
        elif accessible:
            names.fields.setdefault(name, accessible)
    return names


def name_fields(names: FieldNames) -> Callable[[Any, Any], None]:
    """A WeasyPrint `finisher` that sets /TU on every field it has a name for; others keep WeasyPrint's."""
    import pydyf

    def finish(_document: Any, pdf: Any) -> None:
        radios_seen: dict[str, int] = {}
        for obj in pdf.objects:  # objects are numbered in the order WeasyPrint met the inputs: document order
            if not isinstance(obj, dict):
                continue
            name = getattr(obj.get("T"), "string", None)
            if name is None:
                continue
            if obj.get("FT") == "/Btn" and "Kids" in obj and int(obj.get("Ff", 0)) & _RADIO_FLAG:
                tooltip = names.groups.get(name)
            elif obj.get("Subtype") == "/Widget" and "Parent" in obj:  # one radio button of a group
                position = radios_seen.get(name, 0)
                radios_seen[name] = position + 1
                choices = names.choices.get(name, [])
                tooltip = choices[position] if position < len(choices) else None
            elif obj.get("Subtype") == "/Widget":
                tooltip = names.fields.get(name)
            else:
                tooltip = None
            if tooltip:
                obj["TU"] = pydyf.String(tooltip)

    return finish
