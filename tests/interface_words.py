"""English interface words where a translated page should have none: the text a reader meets (outside lang="en"
regions, quotations, code, scripts and reference entries, with the labels screen readers read) against the
catalog's messages whose translation differs, and a short list of English words the interface uses."""
from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "code", "pre", "blockquote", "q", "kbd", "samp", "svg", "math"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class _Text(HTMLParser):
    """The text a German reader meets: outside lang="en" regions, quotations, code and scripts; with labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is it skipped
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        english = (attributes.get("lang") or "").startswith("en") or "csl-entry" in (attributes.get("class") or "")
        skipped = bool(self.stack and self.stack[-1]) or tag in _SKIP or english
        if not skipped:
            self.texts.extend(v for k, v in attributes.items() if k in _ATTRIBUTES and v)
        if tag not in _VOID:
            self.stack.append(skipped)

    def handle_startendtag(self, tag, attrs):
        if not (self.stack and self.stack[-1]):
            self.texts.extend(v for k, v in dict(attrs).items() if k in _ATTRIBUTES and v)

    def handle_endtag(self, tag):
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(data)


def page_texts(html: str) -> list[str]:
    """The texts and labels of a page a reader of its language meets, white space squashed."""
    parser = _Text()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts]


PLACE = re.compile(r"%\(\w+\)[sd]|\$\{[^}]+\}|<[^>]+>")
KNOWN = re.compile(r"\b(Print|Download|Page|minutes|Facilitator|Answers|Sheet|sheets|Remove|Worksheets?)\b")


def english_probes(messages: dict[str, str]) -> tuple[set[str], list[str]]:  # the catalog's English, to look for
    """(whole texts, phrases): a short message is English only as a whole text; a longer one's longest fixed
    part anywhere."""
    whole, phrases = set(), []
    for msgid, msgstr in messages.items():
        if msgstr == msgid:
            continue
        parts = [" ".join(p.split()) for p in PLACE.split(msgid)]
        longest = max(parts, key=len).strip(" ,.;:()")
        if len(longest.split()) >= 3:
            phrases.append(longest)
        elif not PLACE.search(msgid):
            whole.add(" ".join(msgid.split()).strip())
    return whole, phrases


def leaks(texts: list[str], whole: set[str], phrases: list[str]) -> list[str]:
    """Each text that is, or holds, English interface words."""
    found = []
    for text in texts:
        core = text.strip()
        if core in whole or core.rstrip(":") in whole or KNOWN.search(core):
            found.append(core)
        else:
            found.extend(f"{phrase!r} in {core[:120]!r}" for phrase in phrases if phrase in core)
    return found
