"""HTML in pages that would run, fetch or leave the site: found in a page's Markdown (`check`, at its line) and in the
HTML a build makes of it (the build's last word, for what Markdown extensions write).

The guide promises readers that nothing runs but its own scripts and that nothing is fetched from another site.
Pages are written by several people (an organisation's folder is a repository many edit), so script, event
handlers, frames, forms that send, remote images, styles and fonts are refused wherever they come from. Links to
other sites are fine: following one is the reader's choice.
"""

from __future__ import annotations

import hashlib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from trustguide.content.citations.masking import MASK
from trustguide.core.memo import read_kept, write_kept

# Elements that run code, embed another document, change where the page's links go, or fetch a style sheet.
_REFUSED_ELEMENTS = {
    "script": "a script",
    "noscript": "a noscript block",
    "iframe": "a frame", "frame": "a frame", "frameset": "a frame", "portal": "a frame",
    "object": "an embedded object", "embed": "an embedded object", "applet": "an embedded object",
    "base": "a base address", "meta": "a meta element", "link": "a linked resource",
    "style": "a style block (its rules can fetch from other sites)",
}
# Attributes whose address the browser fetches (or runs, for javascript:) without the reader choosing it.
_FETCHED = {"src", "srcset", "poster", "background", "data", "action", "formaction", "manifest", "ping", "lowsrc",
            "dynsrc", "longdesc", "codebase", "cite", "archive", "xlink:href", "imagesrcset"}
# A browser drops tabs and line breaks inside an address and spaces and control characters around it, and reads
# "\" as "/": addresses are compared as it reads them ("java&#9;script:", "/\\evil.example/x.png").
_IGNORED_IN_ADDRESS = re.compile(r"[\t\n\r]")
_SCRIPT_ADDRESS = re.compile(r"(javascript|vbscript|livescript|data\s*:\s*text/html)\s*:?", re.I)
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)
_LOCAL_SCHEMES = re.compile(r"^(?:data:image/|#|mailto:|tel:)", re.I)
# What a style may not hold: anything that loads (url(), image-set(), @import), old script hooks, and CSS escapes,
# which can spell any of them ("\75 rl(" is url().
_STYLE_FETCH = re.compile(r"url\s*\(|image(?:-set)?\s*\(|cross-fade|element\s*\(|@import|expression\s*\(|"
                          r"behavio(?:u)?r|-moz-binding|\\", re.I)


def _address(value: str) -> str:
    return _IGNORED_IN_ADDRESS.sub("", value).strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                     "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
                                                     "\x1c\x1d\x1e\x1f")

HINT = "the guide runs no script from pages and fetches nothing from other sites"


def _attribute_problem(tag: str, name: str, value: str) -> str | None:
    if name.startswith("on"):
        return f"an event handler ({name}=) on <{tag}>: {HINT}"
    address = _address(value)
    if re.search(r"(?:javascript|vbscript|livescript)\s*:|data\s*:\s*text/html", address.replace(" ", ""), re.I):
        return f"a script address in {name}= on <{tag}>: {HINT}"  # in any attribute: SVG animations set href too
    if name == "style" and _STYLE_FETCH.search(value):
        return (f"a style attribute on <{tag}> that loads a resource or is escaped (url(), image-set(), @import, "
                f"\\): {HINT}; put images in docs/")
    fetched = name in _FETCHED or (name == "href" and tag in ("image", "use", "feimage"))
    if fetched and address and _REMOTE.match(address.replace("\\", "/")) and not _LOCAL_SCHEMES.match(address):
        if name in ("action", "formaction"):
            return f"a form that sends to {value!r}: nothing a reader types may leave the browser"
        return f"a resource from another site ({name}={value!r} on <{tag}>): {HINT}; put the file in docs/ and link it"
    return None


class _Finder(HTMLParser):
    """Collects (line, problem) for every refused element or attribute of an HTML text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _REFUSED_ELEMENTS:
            self.problems.append((line, f"{_REFUSED_ELEMENTS[tag]} (<{tag}>): {HINT}"))
        for name, value in attrs:
            problem = _attribute_problem(tag, name.lower(), value or "")
            if problem:
                self.problems.append((line, problem))

    handle_startendtag = handle_starttag


# Comments that browsers end where Python's parser does not (HTML's "abruptly closed" and "incorrectly closed"
# comments): "<!-->" and "<!--->" are whole comments, "--!>" ends one. Read as browsers read them, nothing hides in a
# comment that a browser would run.
_ABRUPT_COMMENT = re.compile(r"<!---?>")
_BANG_CLOSE = re.compile(r"--!>")
# Refused elements wherever their name appears as a tag, in a comment or not: no reading of HTML differs on these.
_REFUSED_TAG = re.compile(r"<\s*/?\s*(" + "|".join(sorted(_REFUSED_ELEMENTS, key=len, reverse=True)) + r")(?![\w-])", re.I)


def unsafe_html(html_text: str) -> list[tuple[int, str]]:
    """Every refused element or attribute of an HTML text, with its line in that text."""
    normalised = _BANG_CLOSE.sub("-->", _ABRUPT_COMMENT.sub("<!---->", html_text))
    finder = _Finder()
    finder.feed(normalised)
    finder.close()
    found = {line for line, _message in finder.problems}
    for match in _REFUSED_TAG.finditer(normalised):
        line = normalised.count("\n", 0, match.start()) + 1
        tag = match.group(1).lower()
        if line not in found:
            finder.problems.append((line, f"{_REFUSED_ELEMENTS[tag]} (<{tag}>): {HINT}"))
            found.add(line)
    return finder.problems


# Markdown's own ways to fetch or run: an image from another site, a link to javascript:, an attribute list
# ({ onclick=... }, attr_list) with an event handler or a fetched address.
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)")
_MD_LINK = re.compile(r"\]\(\s*<?((?:javascript|vbscript|data)\s*:[^)\s>]*)", re.I)
_MD_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:[ \t]|$)", re.M)
_MD_IMAGE_REFERENCE = re.compile(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\]|(?![(\[]))")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*=[^{}\n]*)\}")
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def unsafe_markdown(masked: str) -> list[tuple[int, str]]:
    """Every refused element, attribute, image or address of a page's Markdown, with its line.

    `masked`: the page with its code (fenced, indented, inline) masked, so that code shown as code is not read.
    """
    text = masked.replace(MASK, " ")
    problems = unsafe_html(text)

    def line_of(position: int) -> int:
        return text.count("\n", 0, position) + 1

    for match in _MD_IMAGE.finditer(text):
        address = _address(match.group(1))
        if _REMOTE.match(address.replace("\\", "/")) and not _LOCAL_SCHEMES.match(address):
            problems.append((line_of(match.start()), f"an image from another site ({address}): {HINT}; put the "
                                                     "image in docs/ and link it"))
    for match in _MD_LINK.finditer(text):
        problems.append((line_of(match.start()), f"a script address ({match.group(1)!r}): {HINT}"))
    definitions: dict[str, str] = {}
    for match in _MD_REFERENCE.finditer(text):
        label = match.group(0).split("]", 1)[0].strip(" \t[").lower()
        definitions.setdefault(label, match.group(1))
        if _SCRIPT_ADDRESS.match(_address(match.group(1))):
            problems.append((line_of(match.start()), f"a script address ({match.group(1)!r}): {HINT}"))
    for match in _MD_IMAGE_REFERENCE.finditer(text):
        label = (match.group(2) or match.group(1)).strip().lower()
        address = _address(definitions.get(label, ""))
        if address and _REMOTE.match(address.replace("\\", "/")) and not _LOCAL_SCHEMES.match(address):
            problems.append((line_of(match.start()), f"an image from another site ({address}): {HINT}; put the "
                                                     "image in docs/ and link it"))
    for match in _ATTR_LIST.finditer(text):
        for attribute in _ATTR.finditer(match.group(1)):
            value = next(v for v in attribute.groups()[1:] if v is not None)
            problem = _attribute_problem("element", attribute.group(1).lower(), value)
            if problem:
                problems.append((line_of(match.start()), problem.replace(" on <element>", " in an attribute list")))
    return sorted(set(problems))


_RULES = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]  # these rules: a change reads every page again


class KeptFindings:
    """What unsafe_html found in each built page, kept between builds by the digest of the page's HTML.

    Reading a page's HTML again with Python's HTMLParser was a tenth of each language's warm build, though one page
    changed. The file holds the last build's pages only, for these rules and this Python; `path` None keeps them in
    memory (a `serve` session still gains).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.key = f"{_RULES}|{sys.version_info[:2]}"
        self.found: dict[str, list[tuple[int, str]]] = read_kept(path, self.key, _findings_of)
        self.used: set[str] = set()
        self.changed = False

    def unsafe_html(self, html_text: str) -> list[tuple[int, str]]:
        digest = hashlib.blake2b(html_text.encode("utf-8"), digest_size=16).hexdigest()
        found = self.found.get(digest)
        if found is None:
            found = self.found[digest] = unsafe_html(html_text)
            self.changed = True
        self.used.add(digest)
        return list(found)

    def save(self) -> None:
        """Keep this build's pages, if anything changed, and start the next build's count."""
        unused = self.found.keys() - self.used
        for digest in unused:
            del self.found[digest]
        if (self.changed or unused) and self.path is not None:
            write_kept(self.path, self.key, {d: [list(f) for f in found] for d, found in self.found.items()})
        self.used = set()
        self.changed = False


def _findings_of(item: object) -> list[tuple[int, str]]:
    if not isinstance(item, list) or not all(
            isinstance(f, list) and len(f) == 2 and isinstance(f[0], int) and isinstance(f[1], str) for f in item):
        raise ValueError("a damaged entry")
    return [(line, message) for line, message in item]
