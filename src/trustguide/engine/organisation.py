"""MkDocs adapter for an organisation's settings: branding, its own pages in nav and search, parts left out."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from trustguide.content.languages.catalog import N_
from trustguide.content.organisation.colours import brand_css
from trustguide.content.organisation.parts import excluded_folders, is_in_folders, prune_nav, without_links
from trustguide.content.organisation.settings import Settings
from trustguide.core.errors import TrustGuideError, TrustGuideErrors
from trustguide.engine.adapters import as_plugin_error, guide_of
from trustguide.guide.model import Guide

log = get_plugin_logger(__name__)

BRAND_CSS = "assets/organisation/brand.css"
ATTRIBUTION = N_("Based on Trust Guide, licensed CC BY-SA 4.0.")


class OrganisationConfig(base.Config):
    enabled = c.Type(bool, default=True)
    settings = c.Optional(c.File(exists=True))
    # The organisation's own folder (organisation.yml, docs/, references.bib, worksheets/, plans/): in mkdocs.yml
    # `folder: !ENV TRUSTGUIDE_ORG_DIR`, which `--org-dir DIR` of every trustguide command sets.
    folder = c.Optional(c.Type(str))


class OrganisationPlugin(BasePlugin[OrganisationConfig]):
    """Applies organisation.yml: runs first, so the other plugins see the guide the organisation chose."""

    @event_priority(110)  # before the other plugins (citations start at 100), which read the guide from this assembly
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.settings: Settings | None = None
        self.left_out: tuple[str, ...] = ()
        self.overlay_pages: list[str] = []
        self.assembly: Guide | None = None
        if not self.config.enabled:
            return None
        self.assembly = guide_of(config)
        settings = self.assembly.settings
        if settings is None:
            return None
        self.settings = settings
        self.left_out = excluded_folders(list(settings.leave_out))
        if settings.site_url and not self.assembly.config.site_url_given:
            config.site_url = settings.site_url
        # Material prints the site's name unescaped in places (the header logo's aria-label, <title>): as Markup, it
        # is printed escaped once wherever it goes, `| e` included.
        config.site_name = escape(settings.site_name)
        try:
            attribution = self.assembly.catalog.translations.gettext(ATTRIBUTION)  # in the build's language
        except TrustGuideError as exc:
            raise as_plugin_error(exc) from exc
        notice = html.escape(settings.licence + " " if settings.licence else "") + attribution
        if settings.contact:
            href = settings.contact if settings.contact.startswith(("http", "mailto:")) else "mailto:" + settings.contact
            notice += f' <a href="{html.escape(href)}">{html.escape(settings.contact_label)}</a>'
        config.copyright = notice
        if settings.logo is not None:
            config.theme["logo"] = f"assets/organisation/logo{settings.logo.suffix.lower()}"
        if settings.primary is not None:
            config.extra_css.append(BRAND_CSS)
            _use_custom_palette(config)
        config.nav = self._nav(config)
        return config


    def _nav(self, config: MkDocsConfig) -> list | None:
        """The organisation's nav: parts left out are pruned, its own pages form a section before References."""
        assert self.settings is not None
        left_out = set(self.settings.leave_out)

        def keep(path: str) -> bool:
            if is_in_folders(path, self.left_out):
                return False
            if "worksheets" in left_out and path.startswith("worksheets/"):
                return False
            return not ("session-plans" in left_out and (path.startswith("sessions/") or path == "planner.md"))

        nav = prune_nav(config.nav, keep) if config.nav else config.nav
        assert self.assembly is not None
        pages = list(self.assembly.organisation_pages())
        if pages and nav is not None:
            pages.sort(key=lambda p: (p.count("/"), not p.endswith("index.md"), p))
            self.overlay_pages = pages
            section = {escape(self.settings.overlay_title): pages}  # nav titles are printed unescaped, as site_name
            titles = [next(iter(item)) if isinstance(item, dict) else item for item in nav]
            position = titles.index("References") if "References" in titles else len(nav)
            nav.insert(position, section)
        return nav

    @event_priority(100)  # before the worksheets, sessions and citations plugins read the files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.assembly is None:
            return None
        links = self.assembly.unsafe_files()
        if links:
            raise as_plugin_error(TrustGuideErrors(links) if len(links) > 1 else links[0])
        if self.settings is None:
            return None
        clashes = self.assembly.clashes()
        if clashes:
            raise as_plugin_error(TrustGuideErrors(clashes) if len(clashes) > 1 else clashes[0])
        sources = {**self.assembly.organisation_pages(), **self.assembly.organisation_files()}
        for uri, source in sources.items():
            if files.get_file_from_path(uri) is not None:
                raise as_plugin_error(TrustGuideError(source.display, f"has the same path as the guide's own "
                                                                      f"docs/{uri}; give it another name or folder"))
            file = File.generated(config, uri, abs_src_path=str(source.path))
            file.generated_by = None  # the organisation's own pages follow the page rules, like the guide's
            files.append(file)
        if self.settings.logo is not None:
            files.append(File.generated(config, f"assets/organisation/logo{self.settings.logo.suffix.lower()}",
                                        abs_src_path=str(self.settings.logo)))
        if self.settings.primary is not None and self.settings.accent is not None:
            files.append(File.generated(config, BRAND_CSS, content=brand_css(self.settings.primary, self.settings.accent)))
        for file in files:
            if file.is_documentation_page() and is_in_folders(file.src_uri, self.left_out):
                file.inclusion = InclusionLevel.EXCLUDED
        return files

    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """No trace of a part left out: a list item that only linked to it goes (and a list or heading it leaves
        empty), other links to it become plain text. The reader never meets a page that is not there."""
        if not self.left_out:
            return None
        gone = {f.url for f in files if f.is_documentation_page() and f.inclusion.is_excluded()}

        def is_gone(href: str) -> bool:
            if urlsplit(href).scheme or href.startswith("#"):
                return False
            return urljoin("/" + page.url, urlsplit(href).path).lstrip("/") in gone

        text, removed_headings = without_links(html_text, is_gone)
        if removed_headings:
            page.toc.items = _without_anchors(page.toc.items, set(removed_headings))
        return text

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """`serve` rebuilds when the organisation's settings, pages, references, worksheets or plans change."""
        if self.assembly is not None:
            watched = [self.assembly.org_dir] if self.assembly.org_dir is not None else []
            if self.settings is not None:
                watched.append(Path(self.config.settings) if self.config.settings else self.assembly.root / "organisation.yml")
            if self.assembly.overlay is not None:
                watched.append(self.assembly.overlay.path)
            for path in watched:
                if path.exists():
                    server.watch(str(path))
        return server


def _use_custom_palette(config: MkDocsConfig) -> None:
    """Material's own way to brand a site: `custom` palette colours, so none of its named colours' rules (such as
    the dark palette's link colour for indigo) outweigh the brand CSS."""
    palette = config.theme.get("palette")
    for scheme in palette if isinstance(palette, list) else [palette] if isinstance(palette, dict) else []:
        scheme["primary"] = scheme["accent"] = "custom"


def _without_anchors(items: list[AnchorLink], ids: set[str]) -> list[AnchorLink]:
    kept = []
    for item in items:
        if item.id not in ids:
            item.children = _without_anchors(item.children, ids)
            kept.append(item)
    return kept
