"""What the guide's configuration (mkdocs.yml) says about the guide, as plain values.

The engine adapter reads it once from the engine's own configuration (`trustguide.engine.adapters.guide_config`);
everything below the engine (the guide model, checks, output) reads these values and never the engine's objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from trustguide.content.languages import SOURCE


@dataclass(frozen=True)
class PrintedPart:
    """The worksheets or the session plans: where their definitions and templates are, and which PDFs they print."""

    definitions: Path
    templates: Path
    cache_dir: Path
    section: str  # the site folder of its pages and PDFs (worksheets/, sessions/)
    pdf: bool = True
    papers: tuple[str, ...] = ("a4", "letter")


@dataclass(frozen=True)
class GuideConfig:
    """The guide's sources and options, for one language; `for_language` gives another language's."""

    config_file: Path
    docs_dir: Path
    site_url: str = ""
    site_name: str = "Trust Guide"  # mkdocs.yml's; an organisation's settings name its own copy
    site_url_given: bool = False  # `--site-url` of the command: it wins over the organisation's site_url
    bibliography: Path | None = None  # None: the citations part is not used
    citations_cache: Path | None = None
    worksheets: PrintedPart | None = None
    plans: PrintedPart | None = None
    tooltips: Path | None = None
    languages: tuple[str, ...] = (SOURCE,)  # the languages the guide has (trustguide-languages)
    language: str = SOURCE  # the language this build or command publishes
    translations: Path | None = None  # translations/: one folder per language
    language_papers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    organisation: bool = False  # the organisation part is used
    org_folder: str | None = None  # --org-dir (or TRUSTGUIDE_ORG_DIR read by mkdocs.yml)
    org_settings: Path | None = None  # an organisation.yml named in mkdocs.yml
    snippets: Mapping | None = None  # pymdownx.snippets' options, None where pages use no snippets
    checks_cache: Path | None = None  # where the source checks keep what each file said (None: nowhere)

    @property
    def root(self) -> Path:
        """The guide's checkout: the folder of its configuration file."""
        return self.config_file.resolve().parent

    def for_language(self, language: str) -> GuideConfig:
        return replace(self, language=language)
