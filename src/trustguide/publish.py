"""Publish a build atomically: build beside the live site, swap it in only when the whole build succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def publish_atomically(site_dir: Path, build_into: Callable[[Path], None]) -> None:
    """Run `build_into(staging)`; on success the staging folder replaces `site_dir`, on any failure nothing changes.

    The staging folder sits next to `site_dir` so the final swap is a rename on one file system, and a reader of the
    published site never sees a half-written tree.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    try:
        build_into(staging)
        _set_permissions(staging)
        retired: Path | None = None
        if site_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
            retired.rmdir()
            site_dir.rename(retired)
        staging.rename(site_dir)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _set_permissions(root: Path) -> None:
    """mkdtemp creates 0700 folders (the staging folder, and each translation's, moved into it as de/): a web server
    that runs as another user must be able to read every folder of the published site."""
    os.chmod(root, 0o755)
    for folder, subfolders, _files in os.walk(root):
        for name in subfolders:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | 0o755)
