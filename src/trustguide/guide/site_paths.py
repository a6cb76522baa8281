"""Where the guide's generated pages and PDFs are in the site, and what a page may name: asked by the build (the
engine's plugins) and by `check` alike, so the two cannot disagree."""

from __future__ import annotations

from collections.abc import Collection

from trustguide.guide.config import GuideConfig
from trustguide.guide.model import Guide

REFERENCES_PAGE = "references.md"
PLANNER_PAGE = "planner.md"
ALL_PAPERS = ("a4", "letter")  # every size a PDF link may name: a language prints fewer (German: A4)


def worksheet_pdf(worksheet_id: str, paper: str, section: str = "worksheets") -> str:
    return f"{section}/pdf/{worksheet_id}-{paper}.pdf"


def run_sheet_pdf(plan_id: str, paper: str, section: str = "sessions") -> str:
    return f"{section}/pdf/{plan_id}-run-sheet-{paper}.pdf"


def generated_pages(guide: Guide, worksheet_ids: Collection[str], plan_ids: Collection[str]) -> set[str]:
    """The pages the build makes from data: a page per worksheet and plan, their indexes, planner, References."""
    config = guide.config
    pages: set[str] = set()
    if config.worksheets is not None and guide.worksheets_enabled and worksheet_ids:
        section = config.worksheets.section
        pages |= {f"{section}/{w}.md" for w in worksheet_ids} | {f"{section}/index.md"}
    if config.plans is not None and guide.plans_enabled:
        section = config.plans.section
        pages |= {f"{section}/{p}.md" for p in plan_ids} | {f"{section}/index.md", PLANNER_PAGE}
    if config.bibliography is not None:
        pages.add(REFERENCES_PAGE)
    return pages


def generated_pdfs(config: GuideConfig, worksheet_ids: Collection[str], plan_ids: Collection[str]) -> set[str]:
    """Every PDF a page may link to (any paper size: a size a language does not print is the link's problem)."""
    pdfs: set[str] = set()
    if config.worksheets is not None:
        pdfs |= {worksheet_pdf(w, p, config.worksheets.section) for w in worksheet_ids for p in ALL_PAPERS}
    if config.plans is not None:
        pdfs |= {run_sheet_pdf(p, paper, config.plans.section) for p in plan_ids for paper in ALL_PAPERS}
    return pdfs


def unknown_ids_message(key: str, unknown: Collection[str], known: Collection[str]) -> str:
    """A page's front matter names a worksheet or plan the guide does not have (said the same by check and build)."""
    what = "worksheet(s)" if key == "worksheets" else "plan(s)"
    return f"front matter '{key}' names unknown {what} {', '.join(unknown)}; known: {', '.join(sorted(known))}"
