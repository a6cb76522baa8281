"""Results worked out from a source's text, kept for the rest of the process while that text stays the same.

`trustguide build` reads the same sources for its checks and then once more for each language it builds, and
`serve` reads them again on every rebuild: parsing each content once, not once per reader, is much of what a warm
build saves. A key holds the content itself (or its digest), never a modification time, which a quick edit can
leave unchanged. Values must be immutable, or copied by the caller before any change.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_LIMIT = 2048  # entries; a guide has a few hundred sources, and an old entry is only worth its memory
_RESULTS: OrderedDict[tuple[str, Hashable], object] = OrderedDict()


def remembered(kind: str, key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), or what it returned before for the same kind and key. An exception is not remembered."""
    entry = (kind, key)
    if entry in _RESULTS:
        _RESULTS.move_to_end(entry)
        return _RESULTS[entry]  # type: ignore[return-value]
    value = compute()
    _RESULTS[entry] = value
    if len(_RESULTS) > _LIMIT:
        _RESULTS.popitem(last=False)
    return value


def file_digest(path: Path) -> str:
    """The digest of a file's bytes (of nothing, when it cannot be read: its reader then says why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return hashlib.sha256(b"").hexdigest()


def write_kept(path: Path, key: str, pages: dict[str, object]) -> None:
    """A cache file of entries by digest, written whole or not at all (another build may read it meanwhile), in
    marshal format: it reads in a third of JSON's time and, unlike pickle, runs no code. A file that cannot be
    written only costs the next build its time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps({"key": key, "pages": pages}))
        temporary.replace(path)
    except (OSError, ValueError):  # ValueError: a value marshal cannot write
        pass


def read_kept(path: Path | None, key: str, entry: Callable[[object], T]) -> dict[str, T]:
    """The entries write_kept wrote under the same key, each through entry(), which raises ValueError for a damaged
    one; nothing when the file is missing, half-written by a build that was stopped, or of another version."""
    if path is None:
        return {}
    try:
        data = marshal.loads(path.read_bytes())
        if data.get("key") != key:
            return {}
        return {digest: entry(item) for digest, item in data["pages"].items()}
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
        return {}
