"""What the source checks found in each file on its own, kept between runs by the file's digest.

A warm build starts with the checks, on its critical path (English builds once they passed): reading every
unchanged page's front matter, links, anchors and citations again, and parsing every translated definition again,
was most of what they cost once the worksheets and plans they load were shared with the build. Only what a file
says by itself is kept (its problems, and the facts the checks across files need: the links, anchors, citations
and worksheets a page names); the checks across files (does the link's page exist, is the work in the
bibliography) run on every run, and a changed file is read again. The file holds the last run's files only, for
these rules (the checks' code and the parsers' versions) and this Python; a damaged or foreign file is not used.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trustguide.core.errors import Location, TrustGuideError, TrustGuideErrors
from trustguide.core.memo import read_kept, write_kept
from trustguide.output.checks.links import Link

# The code whose rules decide what a file's checks find: a change to any of it reads every file again.
_RULE_FOLDERS = ("content", "core", "guide", "output/checks")

Problem = tuple[str, "int | None", str]  # where (the path as shown), the line, what to do


def _rules() -> str:
    import babel
    import markdown
    import yaml

    package = Path(__file__).resolve().parent.parent.parent
    digest = hashlib.blake2b(digest_size=16)
    for folder in _RULE_FOLDERS:
        for path in sorted((package / folder).rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    versions = (sys.version_info[:3], yaml.__version__, getattr(yaml, "__with_libyaml__", False),
                markdown.__version__, babel.__version__)  # the parsers of front matter, headings and catalogs
    return f"{digest.hexdigest()}|{versions}"


def as_problems(found: list[Problem]) -> list[TrustGuideError]:
    return [TrustGuideError(Location(path, line), message) for path, line, message in found]


def raised(check: Callable[[], object]) -> list[TrustGuideError]:
    """The located problems check() raises (none when it returns), as a report collects them."""
    try:
        check()
    except TrustGuideErrors as exc:
        return list(exc.problems)
    except TrustGuideError as exc:
        return [exc]
    return []


def located(errors: list[TrustGuideError]) -> list[Problem]:
    """Problems as kept: where, line, message."""
    return [(e.location.path, e.location.line, e.message) for e in errors]


@dataclass(frozen=True)
class PageFacts:
    """What one page says by itself, for the checks across pages."""

    unreadable: list[Problem] | None  # its front matter cannot be read: these are its only problems
    problems: list[Problem]  # its front matter's fields and its markup
    wanted: list[tuple[str, list[str], int]]  # the worksheets and plans it names (key, ids, line of the key)
    offset: int  # lines of front matter before the body
    citations: list[tuple[str, int]]  # each work it cites and the line
    links: list[Link]
    anchors: set[str]

    def entry(self) -> tuple:
        return (self.unreadable, self.problems, self.wanted, self.offset, self.citations,
                [(k.target, k.anchor, k.line, k.image, k.written) for k in self.links], sorted(self.anchors))


def _page_facts(item: object) -> PageFacts:
    """A kept entry back as facts; ValueError when it is not one this module wrote."""
    if not isinstance(item, tuple) or len(item) != 7:
        raise ValueError("a damaged entry")
    unreadable, problems, wanted, offset, citations, links, anchors = item
    if unreadable is not None:
        _problems(unreadable)
    if not (isinstance(offset, int) and isinstance(wanted, list) and isinstance(citations, list)
            and isinstance(links, list) and isinstance(anchors, list)):
        raise ValueError("a damaged entry")
    if not all(isinstance(w, tuple) and len(w) == 3 and isinstance(w[0], str) and _strings(w[1])
               and isinstance(w[2], int) for w in wanted):
        raise ValueError("a damaged entry")
    if not all(isinstance(c, tuple) and len(c) == 2 and isinstance(c[0], str) and isinstance(c[1], int)
               for c in citations):
        raise ValueError("a damaged entry")
    if not all(isinstance(k, tuple) and len(k) == 5 and isinstance(k[0], str) and isinstance(k[1], str)
               and isinstance(k[2], int) and isinstance(k[3], bool) and isinstance(k[4], str) for k in links):
        raise ValueError("a damaged entry")
    if not _strings(anchors):
        raise ValueError("a damaged entry")
    return PageFacts(unreadable, _problems(problems), wanted, offset, citations,
                     [Link(*k) for k in links], set(anchors))


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _problems(item: object) -> list[Problem]:
    if not isinstance(item, list) or not all(
            isinstance(p, tuple) and len(p) == 3 and isinstance(p[0], str) and (p[1] is None or isinstance(p[1], int))
            and isinstance(p[2], str) for p in item):
        raise ValueError("a damaged entry")
    return item


def _entry(item: object) -> object:
    if isinstance(item, tuple) and len(item) == 2 and item[0] == "page":
        return ("page", _page_facts(item[1]))
    if isinstance(item, tuple) and len(item) == 2 and item[0] == "problems":
        return ("problems", _problems(item[1]))
    raise ValueError("a damaged entry")


class KeptChecks:
    """The checks' findings for each file, by the digest of what was checked (its text, where it is shown, and
    what kind of check); `path` None keeps nothing between runs."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.key = _rules() if path is not None else ""
        self.kept: dict[str, object] = read_kept(path, self.key, _entry)
        self.used: dict[str, object] = {}

    def page(self, kind: str, text: str, where: str, facts: Callable[[], PageFacts]) -> PageFacts:
        """facts() of a page's `text`, or what it returned for the same text, kind and place before."""
        digest = _digest(kind, where, text.encode("utf-8"))
        held = self.used.get(digest) or self.kept.get(digest)
        if held is None:
            held = ("page", facts())
        self.used[digest] = held
        return held[1]  # type: ignore[index]

    def problems(self, kind: str, text: str, where: str, check: Callable[[], list[TrustGuideError]]) \
            -> list[TrustGuideError]:
        """check() of a file whose text is `text`, or what it found for the same text, kind and place before."""
        digest = _digest(kind, where, text.encode("utf-8"))
        held = self.used.get(digest) or self.kept.get(digest)
        if held is None:
            held = ("problems", located(check()))
        self.used[digest] = held
        return as_problems(held[1])  # type: ignore[index]

    def save(self) -> None:
        """Keep this run's files (and only them), if anything differs from what was kept."""
        if self.path is None or self.used.keys() == self.kept.keys():
            return
        write_kept(self.path, self.key, {digest: (kind, value.entry() if isinstance(value, PageFacts) else value)
                                         for digest, (kind, value) in self.used.items()})  # type: ignore[misc]


def _digest(kind: str, where: str, data: bytes) -> str:
    return hashlib.blake2b(f"{kind}\0{where}\0".encode() + data, digest_size=16).hexdigest()
