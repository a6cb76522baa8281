"""Run a real MkDocs build in-process and turn every failure into one clear message."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from trustguide.errors import TrustGuideError
from trustguide.publish import publish_atomically

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildFailed(Exception):
    """The build stopped; the message says why, and the published site is untouched."""


def load_site_config(config_file: Path, **overrides):
    if not config_file.is_file():
        raise TrustGuideError(config_file.as_posix(), "no such configuration file; run from the guide's folder or "
                              "pass --config-file")
    try:
        return load_config(config_file=str(config_file), **overrides)
    except MkDocsException as exc:
        raise BuildFailed(f"{config_file}: {exc}") from exc


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = True) -> Path:
    """Build the guide and publish it atomically into its site_dir; returns the published folder."""
    config = load_site_config(config_file, strict=strict)
    target = Path(site_dir) if site_dir else Path(config.site_dir)

    def build_into(staging: Path) -> None:
        staged = load_site_config(config_file, strict=strict, site_dir=str(staging))
        try:
            staged.plugins.on_startup(command="build", dirty=False)
            try:
                build(staged)
            finally:
                staged.plugins.on_shutdown()
        except MkDocsException as exc:
            raise BuildFailed(str(exc)) from exc

    publish_atomically(target, build_into)
    logging.getLogger("trustguide").info("Published the guide to %s", target)
    return target
