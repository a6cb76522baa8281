"""The guide as a build sees it: the guide's own sources, an organisation's folder, and the parts it left out.

`trustguide check`, the build (its plugins), `serve`, `worksheet` and `pack` all read the guide from here, so they
cannot disagree about which pages, references, worksheets and plans there are.

An organisation keeps everything of its own in one folder, anywhere, laid out like the guide:
    organisation.yml      its settings (name, branding, parts left out, ...)
    docs/                 its pages, published under a prefix of their own (`prefix:`, e.g. northwind/)
    docs/includes/abbreviations.md   its glossary tooltips
    references.bib        its references, joined to the guide's
    worksheets/, plans/   its worksheets and session plans, next to the guide's
The folder comes from `--org-dir DIR` or TRUSTGUIDE_ORG_DIR (the organisation plugin's `folder` option in
mkdocs.yml reads the variable); an organisation.yml beside mkdocs.yml (with its `overlay` pages) keeps working.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from trustguide.content.bibliography import Bibliography, read_bibliography
from trustguide.content.bibliography.merge import merge_bibliographies
from trustguide.content.citing import Citation
from trustguide.content.languages import SOURCE, Language, language_record, site_prefix
from trustguide.content.languages.catalog import Catalog, catalog_path, load_catalog
from trustguide.content.organisation.parts import excluded_folders, is_in_folders, keep_plans, keep_worksheets
from trustguide.core.errors import Location, TrustGuideError, TrustGuideErrors, display_path, raise_if_any
from trustguide.guide.config import GuideConfig

if TYPE_CHECKING:  # the settings' module (MkDocs' config options) is read only where a guide has settings
    from trustguide.content.organisation.settings import Settings

SETTINGS_FILE = "organisation.yml"
ORG_DIR_VARIABLE = "TRUSTGUIDE_ORG_DIR"  # how plain `mkdocs build` is given the folder (mkdocs.yml reads it)
INCLUDES = "includes/"


@dataclass(frozen=True)
class Source:
    """A file or folder of the guide or of the organisation, with the path its messages show."""

    path: Path
    display: str
    organisation: bool = False
    fallback: bool = False  # the English definitions behind a translation: used where it has none


@dataclass(frozen=True)
class Guide:
    """The guide as one build or command sees it: its sources, the organisation's folder and settings, the parts
    left out, the language. Made once (make_guide) and passed explicitly; what it loads it loads once."""

    root: Path  # the guide's checkout (the folder of mkdocs.yml)
    docs_dir: Path
    config: GuideConfig
    settings: Settings | None = None
    org_dir: Path | None = None
    bibliographies: tuple[Source, ...] = ()
    worksheet_folders: tuple[Source, ...] = ()
    plan_folders: tuple[Source, ...] = ()
    tooltip_files: tuple[Source, ...] = ()
    organisation_docs: Source | None = None  # DIR/docs: published under `prefix`
    overlay: Source | None = None  # the old-style overlay folder: published at the site root
    worksheets_enabled: bool = True
    plans_enabled: bool = True
    language: str = SOURCE  # the language this build publishes
    languages: tuple[str, ...] = (SOURCE,)  # the languages the guide has (mkdocs.yml, trustguide-languages)
    translations_root: Path | None = None  # translations/: one folder per language, laid out like the guide

    # ------------------------------------------------------------------------------------------------------------
    # Parts and pages

    @property
    def left_out(self) -> tuple[str, ...]:
        return self.settings.leave_out if self.settings else ()

    @property
    def left_out_folders(self) -> tuple[str, ...]:
        return excluded_folders(list(self.left_out))

    @property
    def published_languages(self) -> tuple[str, ...]:
        """The guide's languages that the organisation publishes (all when it names none); English first."""
        chosen = self.settings.languages if self.settings and self.settings.languages is not None else self.languages
        return tuple(lang for lang in self.languages if lang == SOURCE or lang in chosen)

    def translation_folder(self, language: str | None = None) -> Path | None:
        language = language or self.language
        if language == SOURCE or self.translations_root is None:
            return None
        return self.translations_root / language

    def translated_page(self, uri: str) -> Path | None:
        """The translation of the guide's page `uri` in this build's language, if there is one."""
        folder = self.translation_folder()
        if folder is None:
            return None
        path = folder / "docs" / uri
        if self.org_dir is not None and self.prefix and uri.startswith(f"{self.prefix}/"):
            # an organisation's page: its translation is in its own folder, DIR/translations/LANG/docs/
            path = self.org_dir / "translations" / self.language / "docs" / uri.removeprefix(f"{self.prefix}/")
        return path if path.is_file() else None

    @property
    def prefix(self) -> str:
        return self.settings.prefix if self.settings else ""

    def guide_pages(self) -> dict[str, Source]:
        """The guide's own pages, by docs-relative path (left-out ones included: see left_out_pages)."""
        return dict(self._guide_pages)

    @cached_property
    def _guide_pages(self) -> dict[str, Source]:
        """Found once per assembly, that is once per build or check: the loaders of worksheets and plans, the
        checks and the plugins each ask, and walking the docs folder resolves every path."""
        pages = {}
        for path in sorted(self.docs_dir.rglob("*.md")):
            uri = path.relative_to(self.docs_dir).as_posix()
            if not uri.startswith(INCLUDES):
                pages[uri] = Source(path, display_path(path, self.root))
        return pages

    def organisation_pages(self) -> dict[str, Source]:
        """The organisation's pages, by their path in the site (under its prefix; overlay pages at the root)."""
        pages: dict[str, Source] = {}
        for folder, prefix in ((self.overlay, ""), (self.organisation_docs, f"{self.prefix}/")):
            if folder is None or not folder.path.is_dir():
                continue
            for path in sorted(folder.path.rglob("*.md")):
                relative = path.relative_to(folder.path).as_posix()
                if relative.startswith(INCLUDES):
                    continue
                pages[prefix + relative] = Source(path, display_path(path, self.root), organisation=True)
        return pages

    def translation_pages(self) -> list[Source]:
        """The pages of every translation published (the guide's and the organisation's), read by their builds."""
        folders = [folder for language in self.published_languages if language != SOURCE for folder in (
            (self.translation_folder(language) or self.root) / "docs",
            *([self.org_dir / "translations" / language / "docs"] if self.org_dir is not None else []))]
        return [Source(path, display_path(path, self.root), organisation=self.org_dir in path.parents)
                for folder in folders if folder.is_dir() for path in sorted(folder.rglob("*.md"))]

    def translation_definitions(self) -> list[Source]:
        """The worksheets, plans, catalog and record of every translation published, read by their builds."""
        folders = [self.translation_folder(language) for language in self.published_languages if language != SOURCE]
        return [Source(path, display_path(path, self.root)) for folder in folders if folder is not None
                for path in sorted([*folder.glob("worksheets/*.y*ml"), *folder.glob("plans/*.y*ml"),
                                    *folder.glob("LC_MESSAGES/*.po"), *folder.glob("language.yml")])]

    def organisation_files(self) -> dict[str, Source]:
        """Every other file of the organisation's pages (images, downloads), by its path in the site."""
        files: dict[str, Source] = {}
        for folder, prefix in ((self.overlay, ""), (self.organisation_docs, f"{self.prefix}/")):
            if folder is None or not folder.path.is_dir():
                continue
            for path in sorted(folder.path.rglob("*")):
                relative = path.relative_to(folder.path).as_posix()
                if path.is_file() and path.suffix != ".md" and not relative.startswith(INCLUDES) \
                        and not _hidden(Path(relative)):
                    files[prefix + relative] = Source(path, display_path(path, self.root), organisation=True)
        return files

    def unsafe_files(self) -> list[TrustGuideError]:
        """Files that would publish what must not be: symbolic links that lead out of their folder (the guide's
        docs and translations, the organisation's folder) or into a hidden one (a `.git/config` with a CI token), and
        an organisation's files that a browser would run (scripts, HTML, SVG with script), which the site's own
        Content-Security-Policy allows as the site's own."""
        folders = [self.docs_dir, *([self.translations_root] if self.translations_root else []),
                   *([self.org_dir] if self.org_dir else []), *([self.overlay.path] if self.overlay else [])]
        problems = []
        for folder in folders:
            if not folder.is_dir():
                continue
            top = folder.resolve()
            for parent, names, files in os.walk(folder):
                names[:] = [name for name in names if not name.startswith(".")]  # hidden: never published
                for name in [*names, *(name for name in files if not name.startswith("."))]:
                    path = Path(parent) / name
                    if not path.is_symlink():
                        continue
                    target = path.resolve()
                    if not target.is_relative_to(top) or _hidden(target.relative_to(top)):
                        where = "a hidden file or folder" if target.is_relative_to(top) else \
                            f"outside {display_path(folder, self.root)}"
                        problems.append(TrustGuideError(display_path(path, self.root), (
                            f"is a symbolic link to {os.readlink(path)}, {where}; such files are never published: "
                            "copy the file in instead of linking")))
        for source in self.organisation_files().values():
            problem = _runnable(source.path)
            if problem:
                problems.append(TrustGuideError(source.display, problem))
        return problems

    def left_out_pages(self) -> set[str]:
        return {uri for uri in self.guide_pages() if is_in_folders(uri, self.left_out_folders)}

    def pages(self) -> dict[str, Source]:
        """Every page the site publishes from Markdown sources: the guide's (but the parts left out) and the
        organisation's. An organisation page at a guide page's path is a problem (see clashes)."""
        kept = {uri: s for uri, s in self.guide_pages().items() if not is_in_folders(uri, self.left_out_folders)}
        return {**kept, **{u: s for u, s in self.organisation_pages().items() if u not in self.guide_pages()}}

    def clashes(self) -> list[TrustGuideError]:
        guide = self.guide_pages()
        return [TrustGuideError(source.display, f"has the same path as the guide's own docs/{uri}; give your page "
                                                "another name or folder")
                for uri, source in self.organisation_pages().items() if uri in guide]

    # ------------------------------------------------------------------------------------------------------------
    # Sources, loaded the same way for every command

    def read_bibliography(self, cache_dir: Path | None) -> Bibliography:
        """The guide's references and the organisation's as one; problems are kept in it, not raised."""
        parts = [(read_bibliography(s.path, s.display, cache_dir), s.display) for s in self.bibliographies]
        return merge_bibliographies(parts)

    def load_bibliography(self, cache_dir: Path | None) -> Bibliography:
        bibliography = self.read_bibliography(cache_dir)
        raise_if_any(bibliography.problems)
        return bibliography

    @cached_property
    def bibliography(self) -> Bibliography:
        """The guide's and the organisation's references, read once for this guide (problems kept in it)."""
        return self.read_bibliography(self.config.citations_cache)

    @cached_property
    def worksheets(self) -> list:
        """Every worksheet the site has, loaded once (raises the definitions' problems)."""
        return self.load_worksheets(self.bibliography.known_keys)

    @cached_property
    def plans(self) -> list:
        """Every session plan the site has, loaded once (raises the definitions' problems)."""
        return self.load_plans(self.bibliography.known_keys, self.worksheets)

    @cached_property
    def record(self) -> Language:
        """This guide's language: its record (name, locales, print tag, date format, papers)."""
        return language_record(self.language, self.translations_root)

    @cached_property
    def catalog(self) -> Catalog:
        """The interface words of this guide's language, read once (English: none, each message its own words);
        a broken catalog raises its problem at its line."""
        path = catalog_path(self.translation_folder())
        return load_catalog(path, display_path(path, self.root) if path is not None else None)

    @property
    def site_url(self) -> str:
        """Where this guide is published: the organisation's address, unless the command was given one."""
        if self.settings is not None and self.settings.site_url and not self.config.site_url_given:
            return self.settings.site_url
        return self.config.site_url

    def citation(self, epoch: int | None = None) -> Citation:
        """How to cite this copy of the guide: its site's name, the organisation that publishes it, its version, the
        year it was built (SOURCE_DATE_EPOCH's, given as `epoch`, for a reproducible build) and its address in this
        build's language. An organisation's copy is cited with its own name, address and version."""
        from trustguide import __version__

        moment = datetime.now(UTC) if epoch is None else datetime.fromtimestamp(epoch, tz=UTC)
        settings = self.settings
        return Citation(
            site_name=settings.site_name if settings is not None else self.config.site_name,
            version=__version__, year=str(moment.year), url=self.language_url,
            publisher=settings.name if settings is not None else "", language=self.language)

    @property
    def language_url(self) -> str:
        """This build's address: the site's, under /LANG/ for a translation (empty when the site has none)."""
        base = self.site_url
        if not base:
            return ""
        base = base if base.endswith("/") else base + "/"
        return base if self.language == SOURCE else f"{base}{site_prefix(self.language)}"

    def papers_for(self, offered: list[str] | tuple[str, ...]) -> tuple[str, ...]:
        """The paper sizes this language's worksheets and plans are printed on: mkdocs.yml's for the language, else
        its record's (German: A4), else every size the part offers."""
        return tuple(self.config.language_papers.get(self.language) or self.record.papers or offered)

    def load_worksheets(self, bib_keys: Collection[str]) -> list:
        """Every worksheet the site has: the guide's and the organisation's, less those of a part left out."""
        from trustguide.content.worksheets.loader import load_worksheets

        if not self.worksheets_enabled:
            return []
        pages = set(self.pages()) | self.left_out_pages()
        loaded = self._load_all(self.worksheet_folders, lambda folder: load_worksheets(folder, self.root, bib_keys, pages),
                                "worksheet")
        return keep_worksheets(loaded, self.left_out_pages())

    def load_plans(self, bib_keys: Collection[str], worksheets: list) -> list:
        """Every session plan the site has, from the guide and the organisation, less those of a part left out."""
        from trustguide.content.sessions.loader import load_plans

        if not self.plans_enabled:
            return []
        pages = set(self.pages()) | self.left_out_pages()
        known = self.worksheet_ids() | {w.id for w in worksheets}
        loaded = self._load_all(self.plan_folders, lambda folder: load_plans(folder, self.root, bib_keys, pages, known),
                                "plan")
        return keep_plans(loaded, {w.id for w in worksheets}, self.left_out_pages())

    def worksheet_ids(self) -> set[str]:
        """The ids of every worksheet definition, left-out ones included (a plan may name one: it goes with it)."""
        return {p.stem for s in self.worksheet_folders for p in s.path.glob("*.y*ml")}

    def plan_ids(self) -> set[str]:
        """The ids of every session plan definition, left-out ones included."""
        return {p.stem for s in self.plan_folders for p in s.path.glob("*.y*ml")}

    def _load_all(self, folders: list[Source], load, what: str) -> list:
        problems: list[TrustGuideError] = []
        loaded: list = []
        seen: dict[str, str] = {}
        seen_paths: dict[str, Path] = {}
        for folder in folders:
            try:
                items = load(folder.path)
            except TrustGuideErrors as exc:
                problems.extend(exc.problems)
                continue
            except TrustGuideError as exc:
                problems.append(exc)
                continue
            for item in items:
                if item.id in seen and folder.fallback:
                    # translated: the English definition is not needed, but what keeps a sheet anonymous is not the
                    # translator's to drop
                    translated = next(i for i in loaded if i.id == item.id)
                    if getattr(item, "anonymous", False) and not translated.anonymous:
                        english = display_path(_definition(folder, item.id), self.root)
                        where = Location(seen[item.id], _line_of(seen_paths[item.id], "anonymous"))
                        problems.append(TrustGuideError(where, (
                            f"the English {what} '{item.id}' is anonymous ({english}); its translation must say "
                            "'anonymous: true' too, so that no copy carries a name")))
                    if getattr(item, "max_participants", None) and getattr(translated, "max_participants", 1) is None:
                        # a plan's group size counted is the English plan's, unless the translation says otherwise
                        loaded[loaded.index(translated)] = replace(translated, max_participants=item.max_participants)
                    continue
                if item.id in seen:
                    path = _definition(folder, item.id)
                    problems.append(TrustGuideError(
                        Location(display_path(path, self.root), 1),
                        f"{what} id '{item.id}' is already the guide's ({seen[item.id]}); rename your file, e.g. "
                        f"{item.id}-{self.prefix or 'ours'}.yml"))
                    continue
                seen_paths[item.id] = _definition(folder, item.id)
                seen[item.id] = display_path(seen_paths[item.id], self.root)
                loaded.append(item)
        raise_if_any(problems)
        return loaded

    def printed_for(self):
        """What every PDF of this guide carries: the organisation's name and logo (nothing without one)."""
        from trustguide.content.organisation.branding import logo_data_uri
        from trustguide.content.worksheets.model import Personalisation

        if self.settings is None:
            return Personalisation()
        return Personalisation(org=self.settings.name, logo=logo_data_uri(self.settings.logo))

    @cached_property
    def tooltips(self) -> list[Source]:
        return [s for s in self.tooltip_files if s.path.is_file()]


def _hidden(relative: Path) -> bool:
    """A path with a hidden part (.git/, .env): never published, as MkDocs leaves out the guide's own."""
    return any(part.startswith(".") for part in relative.parts)


# Files a browser runs when the site links or loads them: the site's policy allows scripts of its own origin.
_RUNNABLE = {".js", ".mjs", ".cjs", ".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".swf"}


def _runnable(path: Path) -> str | None:
    """Why an organisation's file may not be published, or None."""
    if path.suffix.lower() in _RUNNABLE:
        return (f"a {path.suffix} file would run in readers' browsers as the site's own; pages are Markdown, and a "
                "download must be another kind of file (a PDF, an image)")
    if path.suffix.lower() == ".svg":
        from trustguide.content.organisation.settings import svg_problem

        problem = svg_problem(path)
        if problem:
            return f"this image {problem}"
    return None


def _definition(folder: Source, item_id: str) -> Path:
    """The file that defines a worksheet or plan in a folder (or the folder, where it cannot be found)."""
    return next(iter(sorted(folder.path.glob(f"{item_id}.y*ml"))), folder.path)


def _line_of(path: Path, key: str) -> int:
    """The line of a top-level key of a YAML file (1 where it is not written)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, start=1) if line.startswith(f"{key}:")), 1)


def make_guide(config: GuideConfig, problems: list[TrustGuideError] | None = None) -> Guide:
    """The guide as `config` (mkdocs.yml, read by the engine adapter) describes it, in config.language.

    problems: where a mistake in the organisation's settings goes, instead of being raised (`check` reports it
    with the others, and goes on checking the guide without the organisation's settings).
    """
    root = config.root
    bibliographies: list[Source] = []
    if config.bibliography is not None:
        bibliographies.append(Source(config.bibliography, display_path(config.bibliography, root)))
    sheets, plans = config.worksheets, config.plans
    worksheet_folders = [Source(sheets.definitions, display_path(sheets.definitions, root))] if sheets else []
    plan_folders = [Source(plans.definitions, display_path(plans.definitions, root))] if plans else []
    tooltip_files = [Source(config.tooltips, display_path(config.tooltips, root))] if config.tooltips else []
    parts = dict(root=root, docs_dir=config.docs_dir, config=config, language=config.language,
                 languages=tuple(dict.fromkeys([SOURCE, *config.languages])), translations_root=config.translations,
                 worksheets_enabled=sheets is not None, plans_enabled=plans is not None)

    def finished(**more) -> Guide:
        return _in_language(Guide(**{**parts, "bibliographies": tuple(bibliographies),
                                     "worksheet_folders": tuple(worksheet_folders), "plan_folders": tuple(plan_folders),
                                     "tooltip_files": tuple(tooltip_files), **more}))

    if not config.organisation:
        return finished()
    org_dir: Path | None = None
    if config.org_folder:
        folder = config.org_folder
        org_dir = Path(folder).expanduser()
        if org_dir.is_file():
            raise TrustGuideError(str(folder), "this is a file, not an organisation folder; give the folder that "
                                               f"holds {SETTINGS_FILE}")
        if not org_dir.is_dir():
            raise TrustGuideError(str(folder), "the organisation folder does not exist; create it with "
                                               "`trustguide org init DIR` or fix the path")
        settings_path = org_dir / SETTINGS_FILE
        if not settings_path.is_file():
            raise TrustGuideError(display_path(settings_path, root), "the organisation folder has no organisation.yml; "
                                  "create one with `trustguide org init DIR`")
        org_dir = org_dir.resolve()
    else:
        settings_path = config.org_settings if config.org_settings else root / SETTINGS_FILE
        if not settings_path.is_file():
            return finished()
    from trustguide.content.organisation.settings import load_settings

    try:
        settings = load_settings(settings_path, display_path(settings_path, root), parts["languages"])
    except (TrustGuideError, TrustGuideErrors) as exc:
        if problems is None:
            raise
        problems.extend(exc.problems if isinstance(exc, TrustGuideErrors) else [exc])
        return finished(org_dir=org_dir)
    more: dict = {"settings": settings, "org_dir": org_dir}
    if settings.overlay is not None:
        more["overlay"] = Source(settings.overlay, display_path(settings.overlay, root), organisation=True)
    if org_dir is not None:
        org = org_dir
        if (org / "references.bib").is_file() and config.bibliography is not None:
            bibliographies.append(Source(org / "references.bib", display_path(org / "references.bib", root),
                                         organisation=True))
        if (org / "docs").is_dir():
            more["organisation_docs"] = Source(org / "docs", display_path(org / "docs", root), organisation=True)
            tooltips = org / "docs" / "includes" / "abbreviations.md"
            if tooltips.is_file() and config.tooltips is not None:
                tooltip_files.append(Source(tooltips, display_path(tooltips, root), organisation=True))
        if (org / "worksheets").is_dir() and sheets is not None:
            worksheet_folders.append(Source(org / "worksheets", display_path(org / "worksheets", root), True))
        if (org / "plans").is_dir() and plans is not None:
            plan_folders.append(Source(org / "plans", display_path(org / "plans", root), True))
    if "worksheets" in settings.leave_out:
        more["worksheets_enabled"] = False
    if "session-plans" in settings.leave_out:
        more["plans_enabled"] = False
    return finished(**more)


def _in_language(guide: Guide) -> Guide:
    """A translated build reads the translation's tooltips, worksheets and plans, the English ones where it has none
    (its pages are chosen page by page: see translated_page)."""
    folder = guide.translation_folder()
    if folder is None:
        return guide
    root = guide.root

    def translated(english: tuple[Source, ...], relative: str) -> tuple[Source, ...]:
        own = folder / relative
        fallback = tuple(Source(s.path, s.display, s.organisation, fallback=True) for s in english)
        return ((Source(own, display_path(own, root)),) if own.is_dir() else ()) + fallback

    tooltips = folder / "docs" / "includes" / "abbreviations.md"
    return replace(
        guide,
        tooltip_files=(Source(tooltips, display_path(tooltips, root)),) if guide.tooltip_files and tooltips.is_file()
        else guide.tooltip_files,
        worksheet_folders=translated(guide.worksheet_folders, "worksheets") if guide.worksheet_folders else (),
        plan_folders=translated(guide.plan_folders, "plans") if guide.plan_folders else ())
