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
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from trustguide.bibliography import Bibliography, read_bibliography
from trustguide.bibliography.merge import merge_bibliographies
from trustguide.errors import Location, TrustGuideError, TrustGuideErrors, display_path, raise_if_any
from trustguide.languages import SOURCE
from trustguide.organisation.parts import excluded_folders, is_in_folders, keep_plans, keep_worksheets

if TYPE_CHECKING:  # the settings' module (MkDocs' config options) is read only where a guide has settings
    from trustguide.organisation.settings import Settings

SETTINGS_FILE = "organisation.yml"
ORG_DIR_VARIABLE = "TRUSTGUIDE_ORG_DIR"
INCLUDES = "includes/"


@dataclass(frozen=True)
class Source:
    """A file or folder of the guide or of the organisation, with the path its messages show."""

    path: Path
    display: str
    organisation: bool = False
    fallback: bool = False  # the English definitions behind a translation: used where it has none


@dataclass
class Assembly:
    """Everything a build of the guide reads, and the loaders that every command shares."""

    root: Path  # the guide's checkout (the folder of mkdocs.yml)
    docs_dir: Path
    settings: Settings | None = None
    org_dir: Path | None = None
    bibliographies: list[Source] = field(default_factory=list)
    worksheet_folders: list[Source] = field(default_factory=list)
    plan_folders: list[Source] = field(default_factory=list)
    tooltip_files: list[Source] = field(default_factory=list)
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

    def load_worksheets(self, bib_keys: Collection[str]) -> list:
        """Every worksheet the site has: the guide's and the organisation's, less those of a part left out."""
        from trustguide.worksheets.loader import load_worksheets

        if not self.worksheets_enabled:
            return []
        pages = set(self.pages()) | self.left_out_pages()
        loaded = self._load_all(self.worksheet_folders, lambda folder: load_worksheets(folder, self.root, bib_keys, pages),
                                "worksheet")
        return keep_worksheets(loaded, self.left_out_pages())

    def load_plans(self, bib_keys: Collection[str], worksheets: list) -> list:
        """Every session plan the site has, from the guide and the organisation, less those of a part left out."""
        from trustguide.sessions.loader import load_plans

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
        from trustguide.pdf.branding import logo_data_uri
        from trustguide.worksheets.model import Personalisation

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
        from trustguide.organisation.settings import svg_problem

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


def assemble(config, problems: list[TrustGuideError] | None = None) -> Assembly:
    """The guide as the MkDocs configuration `config` builds it (mkdocs.yml, loaded but not built).

    problems: where a mistake in the organisation's settings goes, instead of being raised (`check` reports it
    with the others, and goes on checking the guide without the organisation's settings).
    """
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    docs = Path(config.docs_dir)

    def plugin(name: str):
        entry = config.plugins.get(name)
        return entry.config if entry is not None and entry.config.enabled else None

    assembly = Assembly(root=root, docs_dir=docs)
    citations = plugin("trustguide-citations")
    if citations is not None:
        bib = Path(citations.bibliography)
        assembly.bibliographies.append(Source(bib, display_path(bib, root)))
    sheets = plugin("trustguide-worksheets")
    plans = plugin("trustguide-sessions")
    assembly.worksheets_enabled, assembly.plans_enabled = sheets is not None, plans is not None
    if sheets is not None:
        assembly.worksheet_folders.append(Source(Path(sheets.definitions), display_path(sheets.definitions, root)))
    if plans is not None:
        assembly.plan_folders.append(Source(Path(plans.definitions), display_path(plans.definitions, root)))
    glossary = plugin("trustguide-glossary")
    if glossary is not None:
        assembly.tooltip_files.append(Source(Path(glossary.tooltips), display_path(glossary.tooltips, root)))
    _choose_language(assembly, plugin("trustguide-languages"), Path(config.docs_dir))

    organisation = plugin("trustguide-organisation")
    if organisation is None:
        return assembly
    folder = getattr(organisation, "folder", None)
    if folder:
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
        assembly.org_dir = org_dir.resolve()
    else:
        settings_path = Path(organisation.settings) if organisation.settings else root / SETTINGS_FILE
        if not settings_path.is_file():
            return assembly
    from trustguide.organisation.settings import load_settings

    try:
        settings = load_settings(settings_path, display_path(settings_path, root), assembly.languages)
    except (TrustGuideError, TrustGuideErrors) as exc:
        if problems is None:
            raise
        problems.extend(exc.problems if isinstance(exc, TrustGuideErrors) else [exc])
        return assembly
    assembly.settings = settings
    if settings.overlay is not None:
        assembly.overlay = Source(settings.overlay, display_path(settings.overlay, root), organisation=True)
    if assembly.org_dir is not None:
        org = assembly.org_dir
        for relative, target in (("references.bib", assembly.bibliographies),):
            if (org / relative).is_file() and citations is not None:
                target.append(Source(org / relative, display_path(org / relative, root), organisation=True))
        if (org / "docs").is_dir():
            assembly.organisation_docs = Source(org / "docs", display_path(org / "docs", root), organisation=True)
            tooltips = org / "docs" / "includes" / "abbreviations.md"
            if tooltips.is_file() and glossary is not None:
                assembly.tooltip_files.append(Source(tooltips, display_path(tooltips, root), organisation=True))
        if (org / "worksheets").is_dir() and sheets is not None:
            assembly.worksheet_folders.append(Source(org / "worksheets", display_path(org / "worksheets", root), True))
        if (org / "plans").is_dir() and plans is not None:
            assembly.plan_folders.append(Source(org / "plans", display_path(org / "plans", root), True))
    if "worksheets" in settings.leave_out:
        assembly.worksheets_enabled = False
    if "session-plans" in settings.leave_out:
        assembly.plans_enabled = False
    return assembly


def _choose_language(assembly: Assembly, languages, docs: Path) -> None:
    """A translated build reads the translation's tooltips, worksheets and plans, the English ones where it has none
    (its pages are chosen page by page: see translated_page)."""
    if languages is None:
        return
    assembly.languages = tuple(dict.fromkeys([SOURCE, *languages.languages]))
    assembly.language = languages.build or SOURCE
    assembly.translations_root = assembly.root / languages.translations
    folder = assembly.translation_folder()
    if folder is None:
        return
    root = assembly.root

    def translated(english: list[Source], relative: str) -> list[Source]:
        own = folder / relative
        fallback = [Source(s.path, s.display, s.organisation, fallback=True) for s in english]
        return ([Source(own, display_path(own, root))] if own.is_dir() else []) + fallback

    tooltips = folder / "docs" / "includes" / "abbreviations.md"
    if assembly.tooltip_files and tooltips.is_file():
        assembly.tooltip_files = [Source(tooltips, display_path(tooltips, root))]
    assembly.worksheet_folders = translated(assembly.worksheet_folders, "worksheets") if assembly.worksheet_folders else []
    assembly.plan_folders = translated(assembly.plan_folders, "plans") if assembly.plan_folders else []


def assembly_of(config) -> Assembly:
    """The assembly the organisation plugin made for this build (every plugin reads the same one)."""
    entry = config.plugins.get("trustguide-organisation")
    made = getattr(entry, "assembly", None) if entry is not None else None
    return made if made is not None else assemble(config)
