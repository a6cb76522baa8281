"""The Markdown of the site's session-plan pages, their index and the session planner (MkDocs renders them)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlencode

from trustguide.content.languages.catalog import N_, SOURCE_TRANSLATIONS, Gettext, heading
from trustguide.content.pages.frontmatter import render_front_matter
from trustguide.content.sessions.clock import DEFAULT_START, format_clock, parse_start
from trustguide.content.sessions.model import Plan
from trustguide.content.worksheets.model import Worksheet
from trustguide.output.rendering.templates import render_template
from trustguide.output.rendering.text import inline, markdown_literal
from trustguide.output.sessions.printing import Titles, plan_slots

PDF_HREF_TOKEN = "TG-RUNSHEET-HREF-"  # replaced per page by the relative address of the run sheet PDF
DOC_HREF_TOKEN = "TG-DOC-HREF:"  # TG-DOC-HREF:<docs path>: becomes a relative link to that page


# What a plan takes from its sources, and what is this guide's own (its page says both).
BASIS_NOTE = N_("The ideas this plan puts into practice come from [%(basis)s]; its structure, timings, "
                "activities and facilitator notes are this guide's own practice advice, not findings of those sources.")

def doc_href(src_uri: str) -> str:
    return f"{DOC_HREF_TOKEN}{src_uri}:"


def _token_href(kind: str, target: str) -> str:
    return doc_href(f"worksheets/{target}.md" if kind == "worksheet" else target)


def step_id(plan: Plan, meeting: int, step: int) -> str:
    """The planner's id of a plan's step (1-based meeting and step numbers), as in its catalogue and addresses."""
    return f"{plan.id}.{meeting}.{step}"


def planner_state(plan: Plan, meeting: int, start: str) -> str:
    """The planner's address fragment (without '#') holding one meeting of a plan: name, start, length, steps."""
    chosen = plan.meetings[meeting - 1]
    title = f"{plan.title}: {chosen.title}" if plan.multi_meeting else plan.title
    params = [("t", title), ("s", start), ("l", str(chosen.duration))]
    params += [("a", f"{step.minutes}*{step_id(plan, meeting, s)}") for s, step in enumerate(chosen.steps, start=1)]
    return urlencode(params, quote_via=quote)


def plan_markdown(plan: Plan, templates_dir: Path, titles: Titles, papers: list[str], planner: str = "",
                  hold: Callable[[str], str] = inline, translations: Gettext = SOURCE_TRANSLATIONS) -> str:
    """A page per plan: purpose, facts, preparation, materials, clock-timed agendas, cited basis, worksheets.

    `planner` is the planner's docs page (empty when there is none): the page offers to open the plan in it.
    `hold` gets the agenda's HTML and gives what the Markdown carries in its place; `translations` its words.
    """
    _ = translations.gettext
    esc = markdown_literal  # definitions hold text: never Markdown or HTML, wherever it lands
    start = DEFAULT_START
    slots = plan_slots(plan, start, _)
    planner_links = [doc_href(planner) + "#" + planner_state(plan, m, start)
                     for m in range(1, len(plan.meetings) + 1)] if planner else []
    interactive = hold(render_template(
        templates_dir, "session/page.html.j2", translations, plan=plan, slots=slots, start=start,
        end=format_clock(parse_start(start) + plan.duration, _), papers=papers, pdf_href_token=PDF_HREF_TOKEN,
        href=_token_href, titles=titles, planner_links=planner_links,
    ))
    length = (_("%(n)s minutes over %(count)s meetings") % {"n": plan.duration, "count": len(plan.meetings)}
              if plan.multi_meeting else _("%(n)s minutes") % {"n": plan.duration})
    facts = [
        (_("Length"), length),
        (_("Group"), plan.group_size),
        (_("For"), ", ".join(map(_, plan.audience))),
        (_("Worksheets"), ", ".join(titles.worksheets[w] for w in plan.worksheet_ids()) or _("none")),
    ]
    # Babel reads no f-string: each message is a call of its own.
    about, details = _("About this session"), _("Details")
    titles_of = {english: heading(_, english) for english in (
        N_("Preparation"), N_("Materials"), N_("Agenda"), N_("Basis"), N_("Worksheets in this plan"), N_("Related pages"))}
    table = f"| {about} | {details} |\n| --- | --- |\n" + "\n".join(
        f"| {k} | {esc(v)} |" for k, v in facts)
    preparation = "\n".join(f"- {esc(item)}" for item in plan.preparation)
    materials = "\n".join(f"- {esc(item)}" for item in plan.materials)
    basis = "; ".join(f"@{{{key}}}" for key in plan.basis)
    worksheets = "\n".join(f"- [{esc(titles.worksheets[w])}](../worksheets/{w}.md)" for w in plan.worksheet_ids())
    related = "\n".join(f"- [{esc(titles.pages.get(p, p))}](../{p})" for p in plan.related)
    return (
        render_front_matter(plan.title, plan.purpose, plan.audience, [_("session plan")])
        + f"# {esc(plan.title)}\n\n{esc(plan.purpose)}\n\n{table}\n\n"
        + f"## {titles_of['Preparation']}\n\n{preparation}\n\n## {titles_of['Materials']}\n\n{materials}\n\n"
        + f"## {titles_of['Agenda']}\n\n" + interactive + "\n\n"
        + f"## {titles_of['Basis']}\n\n" + _(BASIS_NOTE) % {"basis": basis} + "\n\n"
        + (f"## {titles_of['Worksheets in this plan']}\n\n{worksheets}\n\n" if worksheets else "")
        + (f"## {titles_of['Related pages']}\n\n{related}\n" if related else "")
    )


def index_markdown(plans: list[Plan], templates_dir: Path, titles: Titles, hold: Callable[[str], str] = inline,
                   translations: Gettext = SOURCE_TRANSLATIONS) -> str:
    _ = translations.gettext
    cards = hold(render_template(templates_dir, "session/index.html.j2", translations, plans=plans, titles=titles,
                                 href=_token_href))
    return (
        render_front_matter(_("Session plans"), _("Timed plans for coaching meetings, peer-coaching groups and team "
                                                  "workshops, with run sheets and facilitator packs."),
                            ("facilitator", "coach"), [_("session plan")])
        + "# " + _("Session plans") + "\n\n"
        + _("Each plan gives the agenda minute by minute, what the facilitator does and says, what participants do, "
            "and what to watch for. Set a start time on a plan's page to get clock times, print its run sheet, or "
            "build a personalised facilitator pack with `trustguide pack`. To put together your own session, use the "
            "[session planner](%(planner)s).") % {"planner": "../planner.md"} + "\n\n"
        + cards + "\n"
    )


def planner_catalogue(plans: list[Plan], worksheets: list[Worksheet],
                      translations: Gettext = SOURCE_TRANSLATIONS) -> list[dict]:
    """Every activity the planner offers: each worksheet, and each step of each plan, with its minutes."""
    _ = translations.gettext
    activities: list[dict] = [
        {"id": f"ws.{w.id}", "group": _("Worksheets"), "title": w.title, "minutes": w.minutes,
         "href": doc_href(f"worksheets/{w.id}.md"), "purpose": w.purpose}
        for w in worksheets
    ]
    worksheet_titles = {w.id: w.title for w in worksheets}
    for plan in plans:
        for m, meeting in enumerate(plan.meetings, start=1):
            for s, step in enumerate(meeting.steps, start=1):
                activities.append({
                    "id": step_id(plan, m, s), "group": plan.title, "title": step.title, "minutes": step.minutes,
                    "href": doc_href(f"sessions/{plan.id}.md"),
                    "facilitator": step.facilitator, "participants": step.participants, "watch": step.watch,
                    "worksheet": step.worksheet and {"title": worksheet_titles.get(step.worksheet, step.worksheet),
                                                     "href": doc_href(f"worksheets/{step.worksheet}.md")},
                })
    return activities


def planner_markdown(plans: list[Plan], worksheets: list[Worksheet], templates_dir: Path,
                     hold: Callable[[str], str] = inline, translations: Gettext = SOURCE_TRANSLATIONS) -> str:
    _ = translations.gettext
    activities = planner_catalogue(plans, worksheets, translations)
    groups: dict[str, list[dict]] = {}
    for activity in activities:
        groups.setdefault(activity["group"], []).append(activity)
    # JSON inside <script type="application/json">: "<" escaped so no text can close the element.
    catalogue = json.dumps(activities, ensure_ascii=True).replace("<", "\\u003c")
    body = hold(render_template(templates_dir, "session/planner.html.j2", translations, catalogue=catalogue,
                                groups=groups, start=DEFAULT_START))
    return (
        render_front_matter(_("Session planner"), _("Build your own session from the guide's activities and "
                                                    "worksheets, with clock times, a running total and a printable "
                                                    "run sheet."), ("facilitator", "coach"), [_("session plan")])
        + "# " + _("Session planner") + "\n\n"
        + _("Pick activities and worksheets from the library, put them in order and set their minutes. The planner "
            "keeps the plan in this page's address, so you can bookmark it or send it as a link; nothing is sent to a "
            "server.") + "\n\n"
        + body + "\n"
    )
