"""`trustguide pack`: one facilitator pack PDF for a session plan: cover, run sheet, every worksheet it uses."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from trustguide.cli.worksheet import (
    add_print_options,
    address_note,
    anonymity_note,
    check_output,
    check_participants,
    check_threshold,
    personalisation,
    print_locale,
    project_worksheets,
    report_written,
    unknown_id_error,
)
from trustguide.content.languages import format_date
from trustguide.content.sessions.clock import parse_start
from trustguide.content.sessions.model import Plan
from trustguide.content.worksheets.model import Personalisation
from trustguide.core.errors import TrustGuideError
from trustguide.core.sources import PAGE_LIMIT, read_source

if TYPE_CHECKING:
    from trustguide.guide.model import Guide


def add_parser(commands) -> None:
    parser = commands.add_parser("pack", help="write a facilitator pack PDF for a session plan")
    parser.add_argument("id", nargs="?", help="the session plan's id (see --list)")
    parser.add_argument("--list", action="store_true", help="list the session plans' ids and titles")
    parser.add_argument("--start", default="09:00", help="start time, HH:MM on a 24-hour clock (default: %(default)s)")
    parser.add_argument("--participants", help="a text file with one participant name per line")
    add_print_options(parser)
    parser.set_defaults(run=run)


def read_participants(value: str | None) -> tuple[str, ...]:
    """Names, one per line; blank lines and lines starting with # are skipped."""
    if value is None:
        return ()
    path = Path(value)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise TrustGuideError(value, "participants file not found; give a text file with one name per line") from exc
    except IsADirectoryError as exc:
        raise TrustGuideError(value, "is a folder; give a text file with one name per line") from exc
    except UnicodeDecodeError as exc:
        raise TrustGuideError(value, "cannot be read as UTF-8 text; save it as plain text (UTF-8), one name per line") from exc
    except OSError as exc:
        raise TrustGuideError(value, f"cannot read the participants file: {exc.strerror}") from exc
    names = []
    for number, line in enumerate(text.splitlines(), start=1):
        name = " ".join(line.split())
        if name and not name.startswith("#"):
            names.append((f"{value}:{number}", name))
    if not names:
        raise TrustGuideError(value, "the participants file is empty; write one name per line")
    return check_participants(names, value, "pack", "one name per line")


def group_size_warning(plan: Plan, person: Personalisation, given: str | None, gettext: Callable[[str], str]) -> None:
    """A warning, not an error: a facilitator may well run the session with more people than it is made for, and
    the pack is still made for all of them; the numbers say by how many."""
    if plan.max_participants is None or len(person.participants) <= plan.max_participants:
        return
    sys.stderr.write("trustguide: warning: " + gettext(
        "%(file)s names %(n)s participants; the plan '%(plan)s' is made for at most %(max)s (%(group)s); the pack "
        "is made for all %(n)s") % {
        "file": given, "n": len(person.participants), "plan": plan.id, "max": plan.max_participants,
        "group": plan.group_size} + "\n")


def project_plans(guide: Guide):
    """The guide's plans and worksheets (with the organisation's, less a part left out), as the site build has them."""
    worksheets, templates, site_url = project_worksheets(guide)
    if guide.config.plans is None:
        raise TrustGuideError(guide.config.config_file.name, "the trustguide-sessions plugin is not enabled in "
                                                             "'plugins'")
    plans = guide.plans
    from trustguide.output.sessions.printing import Titles  # WeasyPrint: only for a pack

    titles = Titles({w.id: w.title for w in worksheets},
                    {uri: _title(source.path, source.display) for uri, source in guide.pages().items()})
    return plans, {w.id: w for w in worksheets}, templates, site_url, titles


def _title(path: Path, display: str) -> str:
    for line in read_source(path, display, PAGE_LIMIT, "a page").splitlines()[1:20]:
        if line.startswith("title:"):
            return line.removeprefix("title:").strip().strip("\"'")
    return path.stem


def run(args: argparse.Namespace) -> int:
    from trustguide.engine.building import load_guide

    guide = load_guide(Path(args.config_file), args.given)
    plans, worksheets, templates, site_url, titles = project_plans(guide)
    by_id: dict[str, Plan] = {p.id: p for p in plans}
    if args.list:
        for plan in plans:
            sys.stdout.write(f"{plan.id:26s} {plan.duration:4d} min  {plan.title}\n")
        return 0
    if not args.id:
        raise TrustGuideError("pack", "name a session plan id, or use --list to see them")
    if args.id not in by_id:
        raise unknown_id_error("pack", "session plan", args.id, guide, {p.id: p.title for p in plans})
    parse_start(args.start)
    plan = by_id[args.id]
    record, translations, prefix = print_locale(guide)  # before the date is read in its language
    person = personalisation(args, read_participants(args.participants), guide)
    group_size_warning(plan, person, args.participants, translations.gettext)
    used = [worksheets[i] for i in plan.worksheet_ids()]
    check_threshold(person, used, f"no worksheet of plan '{plan.id}' has a place for a minimum number of answers")
    output = check_output(args.output)
    start = args.start.strip().zfill(5)
    person = replace(person, date=format_date(person.date, record))
    from trustguide.output.rendering.sources import source_lines
    from trustguide.output.sessions.printing import render_pack_pdf

    basis = list(dict.fromkeys([*plan.basis, *(key for worksheet in used for key in worksheet.basis)]))
    pdf = render_pack_pdf(plan, worksheets, templates, args.paper, site_url and site_url + prefix, titles, start,
                          person, record.print_lang, translations, sources=source_lines(guide, translations)(basis))
    output.write_bytes(pdf.data)
    for worksheet in used:
        anonymity_note(worksheet, person)
    report_written(output, pdf.pages)
    address_note(guide)
    return 0
