"""Run sheets and facilitator packs: printable HTML with clock times, rendered to tagged PDFs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from trustguide.languages.strings import Translator
from trustguide.pdf.qr import qr_data_uri
from trustguide.pdf.weasy import PAPER_SIZES, RenderedPdf, render_pdf
from trustguide.rendering.templates import render_template
from trustguide.sessions.clock import DEFAULT_START, Slot, parse_start, schedule
from trustguide.sessions.model import Plan
from trustguide.worksheets.model import Personalisation, Worksheet
from trustguide.worksheets.printing import LICENCE, Copy, copies_for


@dataclass(frozen=True)
class Titles:
    """Display titles of what a plan links to, keyed by worksheet id and by docs page."""

    worksheets: Mapping[str, str]
    pages: Mapping[str, str]


@dataclass(frozen=True)
class PackItem:
    worksheet: Worksheet
    copies: list[Copy]


def plan_slots(plan: Plan, start: str) -> list[list[Slot]]:
    """Clock times of every meeting's steps; each meeting starts at `start`."""
    minutes = parse_start(start)
    return [schedule([s.minutes for s in meeting.steps], minutes) for meeting in plan.meetings]


def plan_url(site_url: str, plan: Plan) -> str:
    base = site_url.rstrip("/") + "/" if site_url else ""
    return f"{base}sessions/{plan.id}/"


def absolute_href(site_url: str) -> Callable[[str, str], str]:
    """Links printed on paper point at the published site (a PDF has no relative place)."""
    base = site_url.rstrip("/") + "/" if site_url else ""

    def href(kind: str, target: str) -> str:
        if kind == "worksheet":
            return f"{base}worksheets/{target}/"
        path = target.removesuffix(".md")
        return base + (path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/")

    return href


def _common(plan: Plan, paper: str, site_url: str, start: str) -> dict:
    url = plan_url(site_url, plan)
    return {
        "plan": plan,
        "slots": plan_slots(plan, start),
        "start": start,
        "paper_css": PAPER_SIZES[paper],
        "qr_data_uri": qr_data_uri(url),
        "url": url,
        "footer_licence": LICENCE,
        "href": absolute_href(site_url),
    }


def runsheet_html(plan: Plan, templates_dir: Path, paper: str, site_url: str, titles: Titles,
                  start: str = DEFAULT_START, person: Personalisation | None = None, lang: str = "en-GB",
                  t: Translator | None = None) -> str:
    """lang and t: the print's language (German hyphenation with "de") and its template strings."""
    return render_template(templates_dir, "session/print.html.j2", titles=titles, person=person or Personalisation(),
                           lang=lang, t=t or Translator(), **_common(plan, paper, site_url, start))


def render_runsheet_pdf(plan: Plan, templates_dir: Path, paper: str, site_url: str, titles: Titles,
                        start: str = DEFAULT_START, lang: str = "en-GB", t: Translator | None = None) -> RenderedPdf:
    return render_pdf(runsheet_html(plan, templates_dir, paper, site_url, titles, start, lang=lang, t=t), templates_dir)


def runsheet_pdf_bytes(plan: Plan, templates_dir: Path, paper: str, site_url: str, titles: Titles,
                       lang: str = "en-GB", t: Translator | None = None) -> bytes:
    """Module-level (picklable) entry point for rendering in a worker process."""
    return render_runsheet_pdf(plan, templates_dir, paper, site_url, titles, lang=lang, t=t).data


def pack_items(plan: Plan, worksheets: Mapping[str, Worksheet], person: Personalisation) -> list[PackItem]:
    return [PackItem(worksheets[i], copies_for(worksheets[i], person)) for i in plan.worksheet_ids()]


def pack_html(plan: Plan, worksheets: Mapping[str, Worksheet], templates_dir: Path, paper: str, site_url: str,
              titles: Titles, start: str, person: Personalisation, lang: str = "en-GB",
              t: Translator | None = None) -> str:
    return render_template(templates_dir, "session/pack.html.j2", titles=titles, person=person, lang=lang,
                           t=t or Translator(), contents=pack_items(plan, worksheets, person),
                           **_common(plan, paper, site_url, start))


def render_pack_pdf(plan: Plan, worksheets: Mapping[str, Worksheet], templates_dir: Path, paper: str, site_url: str,
                    titles: Titles, start: str, person: Personalisation, lang: str = "en-GB",
                    t: Translator | None = None) -> RenderedPdf:
    html = pack_html(plan, worksheets, templates_dir, paper, site_url, titles, start, person, lang, t)
    return render_pdf(html, templates_dir)


def runsheet_pdf_name(plan: Plan, paper: str) -> str:
    return f"{plan.id}-run-sheet-{paper}.pdf"
