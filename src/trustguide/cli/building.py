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


class _ErrorCollector(logging.Handler):
    """Keeps the ERROR messages of a build, which carry the file and line of what went wrong."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


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
        errors = _ErrorCollector()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            staged.plugins.on_startup(command="build", dirty=False)
            try:
                build(staged)
            finally:
                staged.plugins.on_shutdown()
        except MkDocsException as exc:
            # MkDocs logs the located error and then aborts with a generic message: report the located one.
            raise BuildFailed("\n".join(errors.messages) or str(exc)) from exc
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)

    publish_atomically(target, build_into)
    logging.getLogger("trustguide").info("Published the guide to %s", target)
    return target
