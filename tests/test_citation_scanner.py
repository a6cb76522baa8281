"""Golden cases for the citation scanner: what is a citation, and everything that is not."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from trustguide.content.citations.masking import MASK, mask_non_prose
from trustguide.content.citations.scanner import CitationItem, scan_citations


def found(text: str) -> list[tuple[bool, list[tuple[str, str, str, bool]]]]:
    return [
        (c.narrative, [(i.key, i.prefix, i.locator, i.suppress_author) for i in c.items]) for c in scan_citations(text)
    ]


CITATIONS = [
    ("Trust matters [@dirks2002trust].", [(False, [("dirks2002trust", "", "", False)])]),
    ("[@dirks2002trust, p. 12]", [(False, [("dirks2002trust", "", "p. 12", False)])]),
    ("[see @a, pp. 3-4; @b]", [(False, [("a", "see", "pp. 3-4", False), ("b", "", "", False)])]),
    ("Goddard [-@goddard2011role] says", [(False, [("goddard2011role", "", "", True)])]),
    ("@goddard2011role reports", [(True, [("goddard2011role", "", "", False)])]),
    ("@goddard2011role [p. 5] reports", [(True, [("goddard2011role", "", "p. 5", False)])]),
    ("As @key.", [(True, [("key", "", "", False)])]),
    ("[@doi:10.1037/apl.113]", [(False, [("doi:10.1037/apl.113", "", "", False)])]),
    ("[@a_b-c:d.e/f]", [(False, [("a_b-c:d.e/f", "", "", False)])]),
    ("[O'Broin & Palmer, 2006, as cited in @goddard2011role]",
     [(False, [("goddard2011role", "O'Broin & Palmer, 2006, as cited in", "", False)])]),
    ("- a list item\n\n    with @key in its paragraph", [(True, [("key", "", "", False)])]),
    ('!!! tip "Note"\n\n    An admonition citing [@key].', [(False, [("key", "", "", False)])]),
    # A colon after a citation introduces what follows; only a link reference definition is not a citation.
    ("The pattern runs like this [@key]:\n\n- first", [(False, [("key", "", "", False)])]),
    ("building both kinds of trust\n[@key]:\n\n- first", [(False, [("key", "", "", False)])]),
    ("As @key [p. 5]: the steps", [(True, [("key", "", "p. 5", False)])]),
]

NOT_CITATIONS = [
    "Write to coach@example.org for details.",
    "Write to <coach@example.org>.",
    "Inline `@key` and `[@key]` code.",
    "Double ``code with ` and @key`` span.",
    "```\n[@key]\n```",
    "~~~python\n@decorator\n~~~",
    "Paragraph.\n\n    @indented code block\n",
    '<span title="@key">x</span>',
    "<!-- [@key] -->",
    "See https://example.org/@key/page and www.example.org/@key.",
    "[a link](https://example.org/@key)",
    "[ref]: https://example.org/@key",
    "[@ref]: https://example.org/page",
    '  [@ref]: https://example.org/page "A title"',
    "Escaped \\@key is text.",
    "[a footnote][^1] and [^1]",
    "Two addresses glued a@b.com+c@d.org and x.y+z@mail.example.co.uk.",
]


@pytest.mark.parametrize(("text", "expected"), CITATIONS)
def test_citations_are_found(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_a_citation(text: str) -> None:
    assert scan_citations(text) == []


def test_line_numbers_are_those_of_the_page() -> None:
    text = "Intro.\n\n```\n[@ignored]\n```\n\nLater [@a]\nand @b here."
    assert [(c.line, c.items[0].key) for c in scan_citations(text)] == [(7, "a"), (8, "b")]


def test_cluster_items_keep_their_source_text() -> None:
    (cluster,) = scan_citations("x [see @a, p. 3] y")
    assert cluster.source == "[see @a, p. 3]"
    assert cluster.items == (CitationItem(key="a", prefix="see", locator="p. 3"),)


PIECES = [" ", "\n", "\n\n", "    ", "\t", "word", "@key", "[@a]", "`", "```", "~~~", "<b x='@k'>", "<!--", "-->",
          "https://e.org/@k", "www.e.org", "](u)", "[r]: ", "a@b.com", "+", ".", "\\@", "- ", "1. ", "!!! note", "\r\n", "\u00e9"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_masking_keeps_offsets_and_lines(text: str) -> None:
    """Line numbers and source offsets of citations come from the masked text, so only masks may differ."""
    masked = mask_non_prose(text)
    assert len(masked) == len(text)
    assert all(m == c or (m == MASK and c != "\n") for m, c in zip(masked, text, strict=True))


# The masking spells some patterns for speed; they must find what the plain patterns find.
PLAIN_URL = re.compile(r"\b(?:https?|ftp|file|mailto):[^\s<>\]\)]+", re.IGNORECASE)
PLAIN_WWW = re.compile(r"\bwww\.[^\s<>\]\)]+", re.IGNORECASE)
ADDRESS_PIECES = ["a", "Z", "1", "_", ".", "+", "-", "@", " ", "\n", "é", "x.org", "b.co.uk", "http", "HTTPS", "ftp", "fİle",
                  "maılto", "httpſ", ":", "//h", "www", "WwW", ".", "]", ")", "<"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ADDRESS_PIECES), max_size=30).map("".join))
@example("glued a@b.com+c@d.org and x.y@z.org.a@b.co, a@@b.org, @k.org")
@example("see http://a.org/x, HTTPS://b.org, fİle:/c, httpſ:d, xhttp:e, WWW.f.org, awww.g.org")
def test_fast_patterns_mask_what_the_plain_ones_match(text: str) -> None:
    from trustguide.content.citations import masking

    assert masking._mask_emails(text) == masking._EMAIL.sub(masking._blank_match, text)
    url, www = masking._INLINE_MASKERS[3], masking._INLINE_MASKERS[4]
    assert url(text) == PLAIN_URL.sub(masking._blank_match, text)
    assert www(text) == PLAIN_WWW.sub(masking._blank_match, text)
