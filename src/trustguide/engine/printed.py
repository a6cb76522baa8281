"""What the plugins that print PDFs (worksheets, session plans) share: their options and their PDF cache keys."""

from __future__ import annotations

import hashlib
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from trustguide.output.pdf.batch import code_digest, folder_digest
from trustguide.output.pdf.machine import renderer_key
from trustguide.output.pdf.weasy import PAPER_SIZES


class PrintedConfig(base.Config):
    enabled = c.Type(bool, default=True)
    templates = c.Dir(exists=True, default="templates")
    bibliography = c.File(exists=True, default="references.bib")
    cache_dir = c.Type(str, default=".cache/trustguide")
    pdf = c.Type(bool, default=True)
    papers = c.ListOfItems(c.Choice(tuple(PAPER_SIZES)), default=["a4", "letter"])


def pdf_cache_key(templates: Path, *parts: str) -> str:
    """Everything every PDF of a build depends on: templates, our code, the machine's WeasyPrint with its libraries
    and fonts (renderer_key), plus the caller's `parts`."""
    return hashlib.sha256("|".join([
        folder_digest(templates), renderer_key(), code_digest(), *parts,
    ]).encode()).hexdigest()


def published_site_url(config: MkDocsConfig) -> str:
    """The address the guide is published at, which the PDFs' footers and QR codes point to.

    `mkdocs serve` sets site_url to its own address (http://127.0.0.1:8000/) for every build; PDFs that pointed
    there would be useless on paper, and the address change made the first `serve` after a build render every PDF
    again. So under serve the address comes from mkdocs.yml itself.
    """
    host, port = config.dev_addr
    if config.site_url and config.config_file_path and config.site_url.startswith(f"http://{host}:{port}/"):
        with open(config.config_file_path, encoding="utf-8") as file:
            configured = yaml_load(file).get("site_url")
        if configured != config.site_url:
            return str(configured or "")
    return config.site_url or ""


def watch_sources(server, config: PrintedConfig) -> None:
    """`mkdocs serve` rebuilds when a definition or a template of a printing plugin changes."""
    if config.enabled:
        server.watch(str(Path(config.definitions)))
        server.watch(str(Path(config.templates)))


def digest_of(translations) -> str:
    """What a PDF depends on of the catalog: a cached PDF of one language is never reused for another."""
    return translations.key
