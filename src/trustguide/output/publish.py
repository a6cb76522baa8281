"""Publish a build atomically: build beside the live site, swap it in only when the whole build succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from trustguide.core.errors import TrustGuideError
from trustguide.core.stopping import not_stopped_here, removed_if_stopped

# Written into every site the guide publishes: a folder that holds it may be replaced by the next build.
MARKER = ".trustguide-site"
# What a site the guide published before it left its marker holds (its own script among them): such a folder may be
# replaced too. Another site that merely has an index and a sitemap may not.
_EARLIER_SITE = ("index.html", "sitemap.xml", "assets/javascripts/trustguide.js")


def refuse_unsafe_site_dir(site_dir: Path, written_as: str, keep: dict[Path, str], sources: dict[Path, str]) -> None:
    """Publishing replaces the whole folder: refuse a folder whose loss would lose anything else.

    `keep`: folders that must survive (the checkout, the organisation's folder, every source folder), by what to
    call them: the site folder may be none of them and may not hold one. `sources`: folders the site may not lie
    inside (the checkout and the organisation's folder may hold `site/`; `docs/` may not). An existing site folder
    must be one the guide published, or empty.
    """
    target = site_dir.expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise TrustGuideError(written_as, "is a file, not a folder; publish to a folder of its own, e.g. site")
    for parent in target.parents:
        if parent.exists() and not parent.is_dir():
            raise TrustGuideError(written_as, f"lies inside {parent}, which is a file; publish to a folder, e.g. site")
    for folder, what in keep.items():
        folder = folder.resolve()
        if target == folder or folder.is_relative_to(target):
            held = "is" if target == folder else "holds"
            raise TrustGuideError(written_as, f"{held} {what}, and publishing replaces the whole folder; publish to a "
                                              "folder of its own, e.g. site")
    for folder, what in sources.items():
        if target.is_relative_to(folder.resolve()):
            raise TrustGuideError(written_as, f"is inside {what}, which would publish the site into the sources; "
                                              "publish to a folder of its own outside it, e.g. site")
    earlier = all((target / name).is_file() for name in _EARLIER_SITE) and not (target / ".git").exists()
    if target.is_dir() and not (target / MARKER).is_file() and not earlier:
        held = sorted(p.name for p in target.iterdir())
        if held:
            shown = ", ".join(held[:5]) + (", ..." if len(held) > 5 else "")
            raise TrustGuideError(written_as, f"is a folder the guide did not publish (it holds {shown}), and "
                                              "publishing replaces the whole folder; give a new or empty folder, or "
                                              "move its files away first")


def publish_atomically(site_dir: Path, build_into: Callable[[Path], None]) -> None:
    """Run `build_into(staging)`; on success the staging folder replaces `site_dir`, on any failure nothing changes.

    The staging folder sits next to `site_dir` so the final swap is a rename on one file system, and a reader of the
    published site never sees a half-written tree.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    try:
        with removed_if_stopped(staging):
            build_into(staging)
            (staging / MARKER).write_text("Published by trustguide build: the next build replaces this whole "
                                          "folder.\n", encoding="utf-8")
            _set_permissions(staging)
        retired: Path | None = None
        with not_stopped_here():  # stopped between the two renames, there would be no site at all
            if site_dir.exists():
                retired = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
                retired.rmdir()
                site_dir.rename(retired)
            staging.rename(site_dir)
        if retired is not None:
            with removed_if_stopped(retired):
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
