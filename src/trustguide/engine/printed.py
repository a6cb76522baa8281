"""What the plugins that print PDFs (worksheets, session plans, the handbook) share: their options, their PDF cache
keys, and the build's one batch of PDFs (PdfQueue)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from trustguide.output.pdf.batch import BatchResult, PdfJob, code_digest, folder_digest, render_groups
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


class PdfQueue:
    """The PDFs of one build, rendered together in one worker pool.

    Each printing plugin adds its jobs in on_post_build and asks for its result at QUEUE_RENDERED, after every
    plugin added its own: the first to ask renders them all. So the handbook (whose pages are complete only after
    the citations plugin's on_post_build) renders beside the worksheets and run sheets, not after them; it is added
    first (`first=True`), as the longest jobs start first."""

    def __init__(self) -> None:
        self._groups: dict[str, tuple[list[PdfJob], Path]] = {}
        self._first: list[str] = []
        self._results: dict[str, BatchResult] | None = None

    def add(self, name: str, jobs: list[PdfJob], cache_dir: Path, *, first: bool = False) -> None:
        if self._results is not None:  # the same configuration built again: a new batch
            self.__init__()
        self._groups[name] = (jobs, cache_dir)
        if first:
            self._first.append(name)

    def result(self, name: str) -> BatchResult | None:
        """What was rendered and reused of `name`'s jobs (None where it added none); renders the queue once."""
        if self._results is None:
            names = self._first + [n for n in self._groups if n not in self._first]
            results = render_groups([self._groups[n] for n in names])
            self._results = dict(zip(names, results, strict=True))
        return self._results.get(name)


QUEUE_RENDERED = -110  # the on_post_build priority at which the plugins collect their PDFs: after the handbook's -100
_QUEUES: dict[int, tuple[MkDocsConfig, PdfQueue]] = {}


def pdf_queue(config: MkDocsConfig) -> PdfQueue:
    """The PDF queue of the build of `config` (a `serve` rebuild loads a new configuration: a new queue)."""
    held = _QUEUES.get(id(config))
    if held is None or held[0] is not config:
        while len(_QUEUES) >= 8:  # a long `serve`: keep the latest few
            del _QUEUES[next(iter(_QUEUES))]
        held = _QUEUES[id(config)] = (config, PdfQueue())
    return held[1]
