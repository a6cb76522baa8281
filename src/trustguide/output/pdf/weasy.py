"""Render HTML to a tagged (PDF/UA-1), fillable PDF with WeasyPrint, refusing anything but local files."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from trustguide.output.pdf.fieldtext import both, draw_nothing_over_printed_values
from trustguide.output.pdf.tooltips import field_names, name_fields

PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}
PAPER_POINTS: dict[str, tuple[int, int]] = {"a4": (595, 842), "letter": (612, 792)}

# WeasyPrint reports unsupported CSS and fonts through logging; the guide's own tests check the output instead.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def _own_files_only_fetcher(base_dir: Path):
    """A fetcher that reads the guide's own template files (under `base_dir`) and data: addresses, nothing else: no
    http(s), and no file of the build machine outside the templates, even one an SVG logo points to."""
    from weasyprint.urls import URLFetcher

    allowed = base_dir.resolve()

    class OwnFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not path.is_relative_to(allowed):
                    raise ValueError(f"refused to read a file outside the guide's templates: {url}")
            return super().fetch(url, headers)

    # file: for the stylesheet next to the templates, data: for the QR code and the logo; everything else refused.
    return OwnFilesOnly(allowed_protocols={"file", "data"}, fail_on_errors=True)


def render_pdf(html: str, base_dir: Path, lang: str = "en-GB") -> RenderedPdf:
    """Render once; the PDF is tagged, carries its form fields and embeds its fonts."""
    from weasyprint import HTML

    source = HTML(string=html, base_url=str(base_dir) + os.sep, url_fetcher=_own_files_only_fetcher(base_dir))
    document = source.render(pdf_forms=True, pdf_variant="pdf/ua-1")
    identifier = b"trustguide"  # a fixed identifier keeps builds reproducible
    data = document.write_pdf(pdf_forms=True, pdf_variant="pdf/ua-1", pdf_identifier=identifier,
                              finisher=both(name_fields(field_names(source.etree_element)),
                                            draw_nothing_over_printed_values))
    return RenderedPdf(data=data, pages=len(document.pages))
