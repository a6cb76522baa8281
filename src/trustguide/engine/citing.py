"""MkDocs adapter for citing the guide: "How to cite this guide" on the home page and "Cite this page" on every page.

The citation comes from the Guide model (`Guide.citation`: the site's name, the organisation's, the version, the
year of SOURCE_DATE_EPOCH or of the build, the address in the build's language). The home page's section holds
`<div class="tg-cite-guide" markdown="0"></div>`, which becomes the APA 7 reference with two files made at build
time, cite/trust-guide.bib and cite/trust-guide.ris. Every page gets its own reference (overrides/partials/
cite-page.html), with its BibTeX and RIS as data: addresses: a download makes no request and works from the offline
zip opened from disk.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from trustguide.content.citing import BIBTEX_TYPE, RIS_TYPE, Citation, apa_html, apa_text, bibtex, data_url, ris
from trustguide.content.languages.catalog import N_
from trustguide.core.errors import TrustGuideError
from trustguide.engine.adapters import as_plugin_error, guide_of
from trustguide.output.hosting.reproducible import source_date_epoch

GUIDE_FILES = "cite/trust-guide"  # .bib and .ris, in each language's folder
MARKER = re.compile(r'<div class="tg-cite-guide"[^>]*>\s*</div>')
VERSION = N_("Version %(version)s")
DOWNLOAD_BIBTEX = N_("BibTeX (.bib)")
DOWNLOAD_RIS = N_("RIS (.ris)")
DOWNLOADS = N_("Download the reference for a reference manager")


class CitingConfig(base.Config):
    enabled = c.Type(bool, default=True)


class CitingPlugin(BasePlugin[CitingConfig]):
    """The guide's and each page's citation, in the build's language."""

    @event_priority(90)  # after the organisation (its name, address) and languages plugins (the build's language)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.citation: Citation | None = None
        if not self.config.enabled:
            return None
        guide = guide_of(config)
        try:
            self.citation = guide.citation(source_date_epoch())
            self._ = guide.catalog.translations.gettext
        except TrustGuideError as exc:
            raise as_plugin_error(exc) from exc
        return None

    def _label(self) -> str:
        return self._(VERSION).replace("%(version)s", "{version}")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.citation is None:
            return None
        files.append(File.generated(config, f"{GUIDE_FILES}.bib", content=bibtex(self.citation)))
        files.append(File.generated(config, f"{GUIDE_FILES}.ris", content=ris(self.citation)))
        return files

    @event_priority(-80)  # after the other plugins changed the page, before the last check of its markup
    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """The home page's "How to cite this guide": the reference and its two files."""
        if self.citation is None or not MARKER.search(html_text):
            return None
        up = "../" * page.url.count("/")
        block = (f'<div class="tg-cite-guide">\n<p class="tg-cite-reference">{apa_html(self.citation, self._label())}'
                 f'</p>\n<p class="tg-cite-downloads">{html.escape(self._(DOWNLOADS))}: '
                 f'<a href="{up}{GUIDE_FILES}.bib" download>{html.escape(self._(DOWNLOAD_BIBTEX))}</a> · '
                 f'<a href="{up}{GUIDE_FILES}.ris" download>{html.escape(self._(DOWNLOAD_RIS))}</a></p>\n</div>')
        return MARKER.sub(lambda _match: block, html_text, count=1)

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        """The page's own citation for the template (overrides/partials/cite-page.html)."""
        if self.citation is None:
            return context
        path = page_path(page.file.src_uri)
        title = re.sub(r"<[^>]+>", "", html.unescape(str(page.title or "")))  # a page title may be HTML already
        cited = self.citation.for_page(title, self.citation.url + path if self.citation.url else "", path)
        name = "trust-guide-" + (re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home")
        context["tg_cite"] = {
            "html": Markup(apa_html(cited, self._label())),  # escaped piece by piece
            "text": apa_text(cited, self._label()),
            "bibtex": data_url(bibtex(cited), BIBTEX_TYPE),
            "ris": data_url(ris(cited), RIS_TYPE),
            "filename": name,
        }
        return context


def page_path(src_uri: str) -> str:
    """The page's address below the site's, as the guide publishes it (directory addresses), whatever this build
    writes (the offline zip writes page.html): docs/a/b.md is a/b/, docs/a/index.md is a/."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"
