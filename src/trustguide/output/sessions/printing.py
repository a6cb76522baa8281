"""Run sheets and facilitator packs: printable HTML with clock times, rendered to tagged PDFs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from trustguide.content.languages.catalog import Gettext
from trustguide.content.sessions.clock import Slot, format_clock, format_elapsed, parse_start, schedule
from trustguide.content.sessions.model import Plan
from trustguide.content.worksheets.model import Personalisation, Worksheet
from trustguide.guide.site_paths import run_sheet_pdf
from trustguide.output.pdf.qr import qr_data_uri
from trustguide.output.pdf.weasy import PAPER_SIZES, RenderedPdf, render_pdf
from trustguide.output.rendering.templates import render_template
from trustguide.output.worksheets.printing import Copy, copies_for


@dataclass(frozen=True)
class Titles:
    """Display titles of what a plan links to, keyed by worksheet id and by docs page."""

    worksheets: Mapping[str, str]
    pages: Mapping[str, str]


@dataclass(frozen=True)
class PackItem:
    worksheet: Worksheet
    copies: list[Copy]


def plan_slots(plan: Plan, start: str | None, gettext: Callable[[str], str] = str) -> list[list[Slot]]:
    """Clock times of every meeting's steps, each meeting starting at `start`; without one, time since the start.
    `gettext`: the words of a time past midnight in the print's language."""
    if start is None:
        return [schedule([s.minutes for s in meeting.steps], 0, format_elapsed) for meeting in plan.meetings]
    minutes = parse_start(start)
    return [schedule([s.minutes for s in meeting.steps], minutes, lambda m: format_clock(m, gettext))
            for meeting in plan.meetings]


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


def _common(plan: Plan, paper: str, site_url: str, start: str | None, person: Personalisation,
            translations: Gettext | None = None) -> dict:
    url = plan_url(site_url, plan)
    return {
        "plan": plan,
        "slots": plan_slots(plan, start, translations.gettext if translations is not None else str),
        "start": start,
        "paper_css": PAPER_SIZES[paper],
        "qr_data_uri": qr_data_uri(url),
        "url": url,
        "footer_licence": person.footer_licence,
        "href": absolute_href(site_url),
    }


def runsheet_html(plan: Plan, templates_dir: Path, paper: str, site_url: str, titles: Titles,
                  start: str | None = None, person: Personalisation | None = None, lang: str = "en-GB",
                  translations: Gettext | None = None, sources: str = "") -> str:
    """The run sheet; without a start time (the site's PDFs, made before anyone chose one) it counts from 0:00.

    lang and translations: the print's language (German hyphenation with "de") and its template strings;
    sources: the line naming its basis and their kinds of evidence (rendering.sources), printed at the top.
    """
    person = person or Personalisation()
    return render_template(templates_dir, "session/print.html.j2", titles=titles, person=person, lang=lang,
                           translations=translations, sources=sources,
                           **_common(plan, paper, site_url, start, person, translations))


def render_runsheet_pdf(plan: Plan, templates_dir: Path, paper: str, site_url: str, titles: Titles,
                        start: str | None = None, person: Personalisation | None = None, lang: str = "en-GB",
                        translations: Gettext | None = None, sources: str = "") -> RenderedPdf:
    html = runsheet_html(plan, templates_dir, paper, site_url, titles, start, person, lang=lang, translations=translations,
                         sources=sources)
    return render_pdf(html, templates_dir)


def runsheet_pdf_bytes(plan: Plan, templates_dir: Path, paper: str, site_url: str, titles: Titles,
                       person: Personalisation | None = None, lang: str = "en-GB", translations: Gettext | None = None,
                       sources: str = "") -> bytes:
    """Module-level (picklable) entry point for rendering in a worker process."""
    return render_runsheet_pdf(plan, templates_dir, paper, site_url, titles, None, person, lang=lang,
                               translations=translations, sources=sources).data


def pack_items(plan: Plan, worksheets: Mapping[str, Worksheet], person: Personalisation) -> list[PackItem]:
    return [PackItem(worksheets[i], copies_for(worksheets[i], person)) for i in plan.worksheet_ids()]


def pack_html(plan: Plan, worksheets: Mapping[str, Worksheet], templates_dir: Path, paper: str, site_url: str,
              titles: Titles, start: str, person: Personalisation, lang: str = "en-GB",
              translations: Gettext | None = None, sources: str = "") -> str:
    """The session pack (the run sheet and every worksheet's copies); sources: its basis and their kinds of
    evidence, printed at the top of each page."""
    return render_template(templates_dir, "session/pack.html.j2", titles=titles, person=person, lang=lang,
                           translations=translations, contents=pack_items(plan, worksheets, person), sources=sources,
                           **_common(plan, paper, site_url, start, person, translations))


def render_pack_pdf(plan: Plan, worksheets: Mapping[str, Worksheet], templates_dir: Path, paper: str, site_url: str,
                    titles: Titles, start: str, person: Personalisation, lang: str = "en-GB",
                    translations: Gettext | None = None, sources: str = "") -> RenderedPdf:
    html = pack_html(plan, worksheets, templates_dir, paper, site_url, titles, start, person, lang, translations, sources)
    return render_pdf(html, templates_dir)


def runsheet_pdf_name(plan: Plan, paper: str) -> str:
    return run_sheet_pdf(plan.id, paper, "").removeprefix("/pdf/")
