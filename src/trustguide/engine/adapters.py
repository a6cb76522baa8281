"""Helpers every plugin uses to speak MkDocs: errors, locations, front-matter offsets."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import YAML_RE

from trustguide.core.errors import TrustGuideError, TrustGuideErrors
from trustguide.guide.config import GuideConfig, PrintedPart
from trustguide.guide.model import Guide, make_guide

SITE_URL_OVERRIDE = "TRUSTGUIDE_SITE_URL"  # plain `mkdocs build`'s way to say what `--site-url` says


@dataclass(frozen=True)
class CommandLine:
    """What a `trustguide` command was told beyond mkdocs.yml, handed to the configuration it loads (plain `mkdocs
    build` reads the same from TRUSTGUIDE_ORG_DIR, TRUSTGUIDE_LANGUAGE and TRUSTGUIDE_SITE_URL through mkdocs.yml)."""

    org_dir: str | None = None  # --org-dir
    language: str | None = None  # --language of worksheet and pack
    site_url: str | None = None  # --site-url of build: it wins over the organisation's site_url

    def apply(self, config: MkDocsConfig) -> None:
        """Set the plugins' own options from the command line, as MkDocs' command line sets its options."""
        organisation = config.plugins.get("trustguide-organisation")
        if self.org_dir and organisation is not None:
            organisation.config.folder = self.org_dir
        languages = config.plugins.get("trustguide-languages")
        if self.language and languages is not None:
            languages.config.build = self.language


def as_plugin_error(exc: TrustGuideError | TrustGuideErrors) -> PluginError:
    """A user mistake becomes MkDocs' fatal plugin error with the located message and no traceback."""
    return PluginError(str(exc))


def page_display_path(page: Page, config_file: str | None) -> str:
    """'docs/foundations/cognitive-trust.md', as an author finds the file from the project root."""
    source = page.file.abs_src_path
    if source is None:
        return page.file.src_uri
    if config_file:
        try:
            return Path(source).resolve().relative_to(Path(config_file).resolve().parent).as_posix()
        except ValueError:
            pass
    return Path(source).as_posix()


def front_matter_lines(page: Page) -> int:
    """How many lines of the source file come before the Markdown body MkDocs hands to plugins.

    Read from the source itself (as MkDocs strips it), not from the Markdown, which other plugins may have changed.
    """
    try:
        source = page.file.content_string
    except (OSError, TypeError, ValueError):
        return 0
    match = YAML_RE.match(source)
    if not match:
        return 0
    body = source[match.end() :].lstrip("\n")
    return source[: len(source) - len(body)].count("\n")


def search_plugin(config: MkDocsConfig) -> object | None:
    """The build's search plugin (Material's, or MkDocs' own), or None where there is none."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith(("material.plugins.search", "mkdocs.contrib.search")):
            return plugin
    return None


def search_index(config: MkDocsConfig) -> object | None:
    """The index the search plugin (Material's, or MkDocs' own) builds in this build, or None where there is none."""
    return getattr(search_plugin(config), "search_index", None)


def search_entries(config: MkDocsConfig) -> list[dict] | None:
    """The entries of the build's search index before the search plugin writes them, or None where they cannot
    be found (another plugin, another version): then its written index is read instead."""
    index = search_index(config)
    entries = getattr(index, "entries", getattr(index, "_entries", None))
    if isinstance(entries, list) and all(isinstance(e, dict) for e in entries[:1]):
        return entries
    return None


def page_title(file: File) -> str:
    """A page's title from its front matter, read cheaply before MkDocs parses pages."""
    match = re.search(r"(?m)^title:\s*[\"']?(.+?)[\"']?\s*$", lenient_source(file))
    return match.group(1) if match else file.src_uri


def lenient_source(file: File) -> str:
    """A page's text for a glance before MkDocs reads it, with a byte that is not UTF-8 replaced: the page itself
    is read, and such a byte reported at its line, by the pages plugin (on_page_read_source) and by `check`."""
    try:
        return file.content_string
    except ValueError:
        return Path(file.abs_src_path or "").read_bytes().decode("utf-8", errors="replace")


_DOC_HREF = re.compile(r"TG-DOC-HREF:([^:\s\"'<>]+):")


def resolve_doc_links(text: str, page: Page, files: Files) -> str:
    """Replace each TG-DOC-HREF:<docs path>: token with the relative address of that page (any URL style)."""

    def relative(match: re.Match[str]) -> str:
        target = files.get_file_from_path(match.group(1))
        if target is None:
            raise PluginError(f"{page.file.src_uri}: internal link to '{match.group(1)}', which is not part of the site")
        return get_relative_url(target.url, page.url)

    return _DOC_HREF.sub(relative, text)


def left_out_pages(files: Files) -> set[str]:
    """Pages excluded from this build (e.g. a part an organisation left out): they exist, but are not published."""
    return {f.src_uri for f in files if f.is_documentation_page() and f.inclusion.is_excluded()}


_HELD = re.compile(r"<!--tg-held-(\d+)-->")
_ANCHOR = re.compile(r'<(\w+)\s[^>]*?(?<![\w-])(id|name)="([^"]*)"')


class HeldHtml:
    """The generated pages' own HTML (fillable sheets, agendas, the planner), kept out of their Markdown.

    Python-Markdown and MkDocs each read a page's raw HTML with Python's HTML parser (where it ends, which ids it
    has): about an eighth of a serve rebuild, most of it on these pages. Their Markdown holds a placeholder, an HTML
    comment, and the page's HTML gets the part back first thing (`fill`), before any plugin reads it.
    """

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {}

    def holder(self, uri: str) -> Callable[[str], str]:
        """What a generated page's Markdown holds in place of each of its HTML parts."""
        parts = self.parts.setdefault(uri, [])
        parts.clear()

        def hold(part: str) -> str:
            parts.append(part.strip("\n"))  # as Markdown keeps a block of HTML: without its blank lines
            return f"<!--tg-held-{len(parts) - 1}-->"

        return hold

    def fill(self, html_text: str, page: Page, links: Callable[[str], str]) -> str:
        """The page's HTML with its parts back, their links resolved by `links` as the Markdown's were; their ids
        are the page's anchors, as MkDocs would have found them."""
        parts = self.parts.get(page.file.src_uri)
        if not parts:
            return html_text
        filled = [links(part) for part in parts]
        if page.present_anchor_ids is not None:
            for part in filled:
                page.present_anchor_ids |= {html.unescape(m.group(3)) for m in _ANCHOR.finditer(part)
                                            if m.group(2) == "id" or m.group(1).lower() == "a"}
        return _HELD.sub(lambda m: filled[int(m.group(1))], html_text)


def print_language(config: MkDocsConfig, assembly=None):
    """This build's language record (its print tag: <html lang> of the PDFs, "en-GB", "de") and its words (the
    gettext of its catalog); `assembly`: the build's Guide, where the caller has it already."""
    guide = assembly or guide_of(config)
    return guide.record, guide.catalog.translations


def guide_config(config: MkDocsConfig, language: str | None = None, given: CommandLine | None = None) -> GuideConfig:
    """What mkdocs.yml says of the guide, as plain values: the plugins' options, read here and nowhere else."""
    from trustguide.content.languages import SOURCE

    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()

    def options(name: str):
        entry = config.plugins.get(name)
        return entry.config if entry is not None and entry.config.enabled else None

    def printed(name: str) -> PrintedPart | None:
        part = options(name)
        if part is None:
            return None
        return PrintedPart(definitions=Path(part.definitions), templates=Path(part.templates),
                           cache_dir=root / part.cache_dir, section=part.section, pdf=part.pdf, papers=tuple(part.papers))

    citations, glossary = options("trustguide-citations"), options("trustguide-glossary")
    languages, organisation = options("trustguide-languages"), options("trustguide-organisation")
    snippets = "pymdownx.snippets" in config.markdown_extensions
    return GuideConfig(
        config_file=Path(config.config_file_path or "mkdocs.yml").resolve(),
        docs_dir=Path(config.docs_dir),
        site_url=config.site_url or "",
        site_name=str(config.site_name or "Trust Guide"),
        site_url_given=bool(given and given.site_url) or bool(os.environ.get(SITE_URL_OVERRIDE)),
        bibliography=Path(citations.bibliography) if citations is not None else None,
        citations_cache=root / citations.cache_dir if citations is not None else None,
        worksheets=printed("trustguide-worksheets"),
        plans=printed("trustguide-sessions"),
        tooltips=Path(glossary.tooltips) if glossary is not None else None,
        languages=tuple(dict.fromkeys([SOURCE, *languages.languages])) if languages is not None else (SOURCE,),
        language=language or (languages.build if languages is not None else SOURCE) or SOURCE,
        translations=root / languages.translations if languages is not None else None,
        language_papers={lang: tuple(sizes) for lang, sizes in (languages.papers if languages else {}).items()},
        organisation=organisation is not None,
        org_folder=getattr(organisation, "folder", None) if organisation is not None else None,
        org_settings=Path(organisation.settings) if organisation is not None and organisation.settings else None,
        snippets=dict(config.mdx_configs.get("pymdownx.snippets", {})) if snippets else None,
        checks_cache=root / pages.cache_dir if (pages := options("trustguide-pages")) is not None else None,
    )


# The guide each build was given or made: one per loaded configuration, so that every plugin of a build reads the
# same Guide, made once, whichever plugin asks first (`trustguide` commands hand theirs in with use_guide).
_GUIDES: dict[int, tuple[MkDocsConfig, Guide]] = {}


def use_guide(config: MkDocsConfig, guide: Guide) -> None:
    """The guide a command made, for the build of `config`."""
    while len(_GUIDES) >= 8:  # a long `serve` loads a configuration per rebuild: keep the latest few
        del _GUIDES[next(iter(_GUIDES))]
    _GUIDES[id(config)] = (config, guide)


def guide_of(config: MkDocsConfig) -> Guide:
    """The guide of this build: the one a command handed in, else made once from mkdocs.yml (plain `mkdocs build`)."""
    held = _GUIDES.get(id(config))
    if held is not None and held[0] is config:
        return held[1]
    try:
        guide = make_guide(guide_config(config))
    except (TrustGuideError, TrustGuideErrors) as exc:
        raise as_plugin_error(exc) from exc
    use_guide(config, guide)
    return guide
