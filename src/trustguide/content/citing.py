"""How to cite the guide and each of its pages: APA 7 text, BibTeX and RIS, made from plain values.

The guide is cited as a web document with a version (APA 7, 10.16 webpages on a website, with the version as
software and reference works give it, 10.10): Author. (Year). *Title* (Version X). Publisher. URL. Its author is the
group of its contributors; the publisher is the organisation that hosts its copy (an organisation's copy carries ITS
name, address and version), and is left out when there is none (9.29). A page is a work on that website:
Author. (Year). *Page title* (Version X). Site name. URL (10.16). The values come from the Guide model
(`Guide.citation`); nothing here reads files, the clock or the engine.

Names and titles may hold anything a person types ("Zoë O'Connor-Łukasiewicz GmbH", "李小龍", quotes, braces): BibTeX
escapes LaTeX's special characters and braces, so that BibTeX, biber and bibtexparser read back the same text; RIS
is UTF-8, one tag a line, with no line break inside a value.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, replace
from urllib.parse import quote

GUIDE_AUTHOR = "Trust Guide contributors"

# LaTeX's special characters, as a BibTeX value must write them to be read back as the same text.
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
_SPACES = re.compile(r"\s+")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_\-:./]+")
# biblatex's langid is a babel language name.
_BABEL = {"en": "english", "de": "ngerman", "es": "spanish", "fr": "french"}


@dataclass(frozen=True)
class Citation:
    """One citable work: the guide as a whole (page_title empty) or one of its pages."""

    site_name: str  # "Trust Guide", or an organisation's "Trust Guide for Northwind Health"
    version: str
    year: str
    url: str = ""  # the work's own address; empty where the guide is not given one
    publisher: str = ""  # the organisation that publishes this copy; empty for the guide's own site
    language: str = "en"
    page_title: str = ""
    author: str = GUIDE_AUTHOR
    key_path: str = ""  # the page's path, for its BibTeX key

    def for_page(self, title: str, url: str, path: str) -> Citation:
        """The citation of one page of this guide, at its own address in its language."""
        return replace(self, page_title=title, url=url, key_path=path.strip("/") or "home")

    @property
    def title(self) -> str:
        return self.page_title or self.site_name

    @property
    def key(self) -> str:
        base = f"trustguide{self.year}"
        return f"{base}:{_KEY_UNSAFE.sub('-', self.key_path)}" if self.page_title else base

    @property
    def source(self) -> str:
        """What APA prints after the title: the site for a page, the publisher for the guide (when not the author)."""
        source = self.site_name if self.page_title else self.publisher
        return "" if _plain(source) == _plain(self.author) else _plain(source)


def _plain(text: str) -> str:
    """One line of text: control characters and line breaks become spaces (a name may come from any YAML)."""
    cleaned = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return _SPACES.sub(" ", cleaned).strip()


def _sentence(text: str) -> str:
    """The text ended by one full stop, as APA ends each element (not after a title that ends in ? or !)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def apa_parts(citation: Citation, version_label: str = "Version {version}") -> list[tuple[str, bool]]:
    """The APA 7 reference as (text, italic) pieces; version_label is the translated "Version %(version)s"."""
    title = _plain(citation.title)
    parts: list[tuple[str, bool]] = [(f"{_sentence(_plain(citation.author))} ({_plain(citation.year)}). ", False),
                                     (title, True)]
    if citation.version:
        parts.append((f" ({version_label.format(version=_plain(citation.version))}).", False))
    elif not title.endswith((".", "?", "!")):
        parts.append((".", False))
    if citation.source:
        parts.append((" " + _sentence(citation.source), False))
    if citation.url:
        parts.append((" " + citation.url, False))
    return parts


def apa_text(citation: Citation, version_label: str = "Version {version}") -> str:
    """The APA 7 reference as plain text, for copying."""
    return "".join(text for text, _ in apa_parts(citation, version_label))


def apa_html(citation: Citation, version_label: str = "Version {version}") -> str:
    """The APA 7 reference as HTML: the title in italics, the address a link."""
    pieces = []
    for text, italic in apa_parts(citation, version_label):
        if citation.url and text == " " + citation.url:
            escaped = html.escape(citation.url)
            pieces.append(f' <a href="{escaped}">{escaped}</a>')
        else:
            pieces.append(f"<em>{html.escape(text)}</em>" if italic else html.escape(text))
    return "".join(pieces)


def bibtex_escape(text: str) -> str:
    """A value BibTeX and biber read back as `text`: LaTeX's special characters escaped, other characters UTF-8."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in _plain(text))


def _url_value(url: str) -> str:
    """An address as a verbatim field may hold it: characters that would end or break the field percent-encoded."""
    return quote(_plain(url), safe=":/?#[]@!$&'()*+,;=-._~%")


def bibtex(citation: Citation) -> str:
    """The citation as a biblatex @online entry (Zotero, JabRef and biber read it; BibTeX reads it as @misc)."""
    fields = [
        ("author", "{" + bibtex_escape(citation.author) + "}"),  # a group: braced whole, not a person's name
        ("title", bibtex_escape(citation.title)),
    ]
    if citation.page_title:
        fields.append(("organization", bibtex_escape(citation.site_name)))
    elif citation.publisher:
        fields.append(("organization", bibtex_escape(citation.publisher)))
    fields += [("version", bibtex_escape(citation.version)), ("year", bibtex_escape(citation.year))]
    if citation.url:
        fields.append(("url", _url_value(citation.url)))
    fields.append(("langid", _BABEL.get(citation.language, "")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@online{{{citation.key},\n{body}\n}}\n"


def ris(citation: Citation) -> str:
    """The citation as RIS (UTF-8, CRLF, "TAG  - value"): a web page (ELEC)."""
    lines = [("TY", "ELEC"), ("AU", citation.author), ("TI", citation.title)]
    if citation.page_title:
        lines.append(("T2", citation.site_name))
    if citation.publisher:
        lines.append(("PB", citation.publisher))
    lines += [("ET", citation.version), ("PY", citation.year), ("UR", citation.url), ("LA", citation.language)]
    text = "".join(f"{tag}  - {_plain(value)}\r\n" for tag, value in lines if _plain(value))
    return text + "ER  - \r\n"


def data_url(text: str, media_type: str) -> str:
    """The file as a data: address, so that a download needs no request and works from the offline zip on disk."""
    return f"data:{media_type};charset=utf-8,{quote(text, safe='')}"


BIBTEX_TYPE = "application/x-bibtex"
RIS_TYPE = "application/x-research-info-systems"
