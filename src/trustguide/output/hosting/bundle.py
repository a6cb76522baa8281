"""Pack a built site into a zip that is the same bytes every time for the same files and timestamp."""

from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

_FILE_MODE = 0o100644  # regular file, rw-r--r--
_DIR_MODE = 0o040755  # directory, rwxr-xr-x
_UNIX = 3  # "made by" system: Unix, so unzip applies the modes above


@dataclass(frozen=True)
class BundleSummary:
    path: Path
    files: int
    size: int


def write_zip(folder: Path, target: Path, top: str, date_time: tuple[int, int, int, int, int, int]) -> BundleSummary:
    """Zip everything under `folder` into `target`, inside one top folder `top/`, written atomically.

    Entries are sorted by path and carry one fixed timestamp and fixed permissions, so nothing of the machine or the
    moment (file order on disk, mtimes, umask) reaches the archive.
    """
    paths = sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix())
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    files = 0
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            archive.writestr(_entry(f"{top}/", date_time, _DIR_MODE), b"")
            for path in paths:
                name = f"{top}/{path.relative_to(folder).as_posix()}"
                if path.is_dir():
                    archive.writestr(_entry(name + "/", date_time, _DIR_MODE), b"")
                elif path.is_file():
                    archive.writestr(_entry(name, date_time, _FILE_MODE), path.read_bytes(), compresslevel=9)
                    files += 1
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return BundleSummary(path=target, files=files, size=target.stat().st_size)


def _entry(name: str, date_time: tuple[int, int, int, int, int, int], mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.create_system = _UNIX
    info.external_attr = mode << 16
    if name.endswith("/"):
        info.external_attr |= 0x10  # MS-DOS directory flag
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
    return info
