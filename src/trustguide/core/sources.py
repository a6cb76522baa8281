"""Reading the guide's source files: pages, YAML definitions and settings, bibliographies.

Every command reads them through here, so a file that is too large, or is not UTF-8, is one located message
(`docs/x.md:12: not valid UTF-8 ...`) before anything slow or fragile reads it, never a traceback. A UTF-8 byte
order mark (as some Windows editors write) is accepted and dropped, as MkDocs drops it from pages.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from trustguide.core.errors import Location, TrustGuideError

MB = 1_000_000
# Generous for real content (the guide's largest page is 16 kB, its largest definition 18 kB): a larger file is a
# mistake (a pasted export, a generated file), and would only make the build slow.
PAGE_LIMIT = 2 * MB
YAML_LIMIT = 1 * MB
BIBLIOGRAPHY_LIMIT = 10 * MB
# A line of a page: the guide's longest is under 2,000 characters. Python-Markdown's and the citation scanner's
# patterns take time that grows with the square of a line's length on some hostile lines ("](" repeated).
PAGE_LINE_LIMIT = 10_000

# C0 and C1 control characters but tab, line feed and carriage return: invisible, and no reader's output has a use
# for them (a NUL in a title reached the HTML).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_source(path: Path, display: str, limit: int, what: str) -> str:
    """The text of a source file: at most `limit` bytes (`what` names the kind of file in the message), UTF-8,
    a leading byte order mark dropped."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise TrustGuideError(display, too_large(size, limit, what))
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise TrustGuideError(display, "is a folder, not a file") from exc
    except OSError as exc:
        raise TrustGuideError(display, f"cannot read the file: {exc.strerror or exc}") from exc
    text = decode_source(data, display)
    if limit == PAGE_LIMIT:
        long_line = next((n for n, line in enumerate(text.split("\n"), start=1) if len(line) > PAGE_LINE_LIMIT), None)
        if long_line is not None:
            raise TrustGuideError(Location(display, long_line), (
                f"a line of {len(text.split(chr(10))[long_line - 1]):,} characters, more than the {PAGE_LINE_LIMIT:,} "
                f"{what} may have on one line: break it into paragraphs, or remove what was pasted in by mistake"))
    return text


def too_large(size: int, limit: int, what: str) -> str:
    return (f"is {size:,} bytes, more than the {limit / MB:g} MB {what} may have: split it into smaller files, or "
            "remove what was pasted in by mistake")


def decode_source(data: bytes, display: str) -> str:
    """UTF-8 bytes as text, without a leading byte order mark; the first byte that is not UTF-8 is a message at its
    line and column."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TrustGuideError(*not_utf8(data, exc.start, display)) from None


def not_utf8(data: bytes, start: int, display: str) -> tuple[Location, str]:
    """Where the byte at `start` stands (line, and column in characters), and what to do about it."""
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    return (Location(display, line), f"not valid UTF-8 (byte 0x{data[start]:02X} at column {column}); save the file "
                                     "as UTF-8 (in your editor: Save with encoding, UTF-8)")


def control_character(text: str) -> str | None:
    """The first control character in `text`, as a phrase for a message, or None."""
    found = CONTROL.search(text)
    return f"a control character (U+{ord(found.group()):04X})" if found else None


def shown_text(text: str, length: int = 40) -> str:
    """The start of a text for a message, its control characters written as escapes (\\x00)."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text[:length])
