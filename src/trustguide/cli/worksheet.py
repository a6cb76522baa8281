"""`trustguide worksheet`: a personalised PDF of one worksheet, one copy per participant."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from trustguide.content.languages import format_date, read_date, site_prefix
from trustguide.content.worksheets.model import Personalisation, Worksheet
from trustguide.core.errors import TrustGuideError, closest, raise_if_any
from trustguide.core.sources import control_character, shown_text
from trustguide.core.web_address import published

if TYPE_CHECKING:
    from trustguide.guide.model import Guide


def add_parser(commands) -> None:
    parser = commands.add_parser("worksheet", help="write a personalised worksheet PDF (one copy per participant)")
    parser.add_argument("id", nargs="?", help="the worksheet's id (see --list)")
    parser.add_argument("--list", action="store_true", help="list the worksheets' ids and titles")
    parser.add_argument("--participant", action="append", default=[], help="a participant (repeat for each)")
    add_print_options(parser)
    parser.set_defaults(run=run)


def add_print_options(parser) -> None:
    """What every personalised PDF command takes: who it is for, the paper, where to write it."""
    parser.add_argument("--org", default=None, help="organisation name to print (default: the name in the "
                        "organisation's settings)")
    parser.add_argument("--team", default="", help="team name to print")
    parser.add_argument("--facilitator", default="", help="facilitator or coach to print")
    parser.add_argument("--date", default="", help="session date: YYYY-MM-DD, or as the print's language writes "
                        "dates (14.01.2027 with --language de)")
    parser.add_argument("--copies", metavar="N", help="N blank copies, when no participants are named")
    parser.add_argument("--threshold", metavar="N",
                        help="the agreed minimum number of answers, printed on the worksheets that have one")
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4", type=str.lower,
                        help="paper size (default: %(default)s)")
    parser.add_argument("--language", metavar="LANG", help="the language to print in, one of the guide's (e.g. de; "
                        "default: English, or $TRUSTGUIDE_LANGUAGE)")
    parser.add_argument("-o", "--output", help="the PDF file to write")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the guide's mkdocs.yml (default: %(default)s)")
    add_org_dir(parser)


def add_org_dir(parser) -> None:
    """--org-dir DIR: the organisation's own folder (or TRUSTGUIDE_ORG_DIR), for every command that reads the guide."""
    parser.add_argument("--org-dir", metavar="DIR", help="the organisation's folder: organisation.yml, docs/, "
                        "references.bib, worksheets/, plans/ (default: $TRUSTGUIDE_ORG_DIR)")


def project_worksheets(guide: Guide) -> tuple[list[Worksheet], Path, str]:
    """The guide's worksheets (with the organisation's, less a part left out), templates folder and published
    address, as the site build sees them."""
    part = guide.config.worksheets
    if part is None:
        raise TrustGuideError(guide.config.config_file.name, "the trustguide-worksheets plugin is not enabled in "
                                                             "'plugins'")
    raise_if_any(guide.bibliography.problems)
    return guide.worksheets, part.templates, guide.site_url


def unknown_id_error(command: str, what: str, given: str, guide: Guide, known: Mapping[str, str]) -> TrustGuideError:
    """'unknown worksheet' (with the closest of the `known` ids, or of their titles: "did you mean"), or, where the
    guide has it but the organisation left its part out, that. In the print's language."""
    defined = guide.worksheet_ids() if what == "worksheet" else guide.plan_ids()
    if given in defined and guide.settings is not None:
        return TrustGuideError(command, f"{what} '{given}' is in a part the organisation leaves out ('leave_out' in "
                                        f"its organisation.yml); see 'trustguide {command} --list'")
    _ = guide.catalog.translations.gettext
    guess = closest(given, known, aliases=dict(known))
    words = {"given": given, "guess": guess}
    if what == "worksheet":
        message = _("unknown worksheet '%(given)s'; did you mean '%(guess)s'? See 'trustguide worksheet --list'") \
            if guess else _("unknown worksheet '%(given)s'; see 'trustguide worksheet --list'")
    else:
        message = _("unknown session plan '%(given)s'; did you mean '%(guess)s'? See 'trustguide pack --list'") \
            if guess else _("unknown session plan '%(given)s'; see 'trustguide pack --list'")
    return TrustGuideError(command, message % words)


def report_written(output: Path, pages: int) -> None:
    """The line `worksheet` and `pack` end with: what was written and how long it is."""
    sys.stderr.write(f"Wrote {output} ({pages} page{'s' if pages != 1 else ''})\n")


def address_note(guide: Guide, given_by: str = "") -> None:
    """Printed sheets lead readers to the guide's address (their QR codes and footers): say so when it is none a
    reader can open (not set, or the example address the guide ships with), which nothing else would show.

    given_by: the command's own way to give the address, if it has one (build's --site-url).
    """
    if not (guide.worksheets_enabled or guide.plans_enabled) or published(guide.site_url):
        return
    shown = (f"is {guide.site_url}, an example address, and the QR code and address on every printed sheet lead "
             "there" if guide.site_url else "is not set, so the QR code and address on every printed sheet lead nowhere")
    sys.stderr.write(f"trustguide: note: the guide's address {shown}: set site_url in organisation.yml (or mkdocs.yml)"
                     f"{given_by} to where you publish the guide before printing sheets for others.\n")


def parse_date(value: str, guide: Guide) -> str:
    """--date as the print's language writes dates (14.01.2027 with --language de), or YYYY-MM-DD; as YYYY-MM-DD."""
    if not value.strip():
        return ""
    try:
        return read_date(value, guide.record, guide.catalog.translations.gettext)
    except ValueError as exc:
        raise TrustGuideError("--date", str(exc)) from None


MAX_COPIES = 40
MAX_PARTICIPANTS = 40  # one copy each: as many as blank copies
MAX_NAME = 80


def check_participants(names: list[tuple[str, str]], given: str, command: str, advice: str) -> tuple[str, ...]:
    """The participants' names, `(where, name)` as the user gave them (`given`: the option or the file), within the
    limits `worksheet` and `pack` share: a name fits its box on the sheet, and a PDF stays printable."""
    for where, name in names:
        if len(name) > MAX_NAME:
            raise TrustGuideError(where, f"a name is longer than {MAX_NAME} characters; {advice}")
        if control_character(name):
            raise TrustGuideError(where, f"the name '{shown_text(name)}' holds {control_character(name)}, an "
                                         "invisible character; delete it")
    if len(names) > MAX_PARTICIPANTS:
        raise TrustGuideError(given, f"{len(names)} participants; a {command} takes at most {MAX_PARTICIPANTS}")
    return tuple(name for _, name in names)


def parse_count(value: str | None, option: str, low: int, high: int, what: str) -> int:
    """A whole number from the command line, or 0 when the option is not given."""
    if value is None:
        return 0
    text = value.strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise TrustGuideError(option, f"'{value}' is not {what}; give a whole number from {low} to {high}")
    return int(text)


def personalisation(args: argparse.Namespace, participants: tuple[str, ...], guide: Guide) -> Personalisation:
    """Who the copies are for, how many blank ones and the agreed minimum, checked as the user typed them."""
    copies = parse_count(args.copies, "--copies", 1, MAX_COPIES, "a number of copies")
    if copies and participants:
        raise TrustGuideError("--copies", "give either --copies or participants (one copy each), not both")
    organisation = guide.printed_for()  # the organisation's name (the default of --org) and logo
    return Personalisation(
        org=organisation.org if args.org is None else args.org, logo=organisation.logo, team=args.team,
        facilitator=args.facilitator, date=parse_date(args.date, guide),
        participants=participants, copies=copies,
        threshold=parse_count(args.threshold, "--threshold", 2, 1000, "a minimum number of answers"),
    )


def check_threshold(person: Personalisation, worksheets: list[Worksheet], problem: str) -> None:
    """--threshold must land somewhere: on a worksheet with a place for the agreed minimum."""
    if person.threshold and not any(w.has_threshold for w in worksheets):
        raise TrustGuideError("--threshold", f"{problem}; leave out --threshold")


def anonymity_note(worksheet: Worksheet, person: Personalisation) -> None:
    """Say why named participants give unnamed copies: the sheet promises anonymity."""
    if worksheet.anonymous and person.participants and worksheet.copies == "per-participant":
        sys.stderr.write(f"{worksheet.title} is anonymous: {len(person.participants)} unnamed copies, one per "
                         "participant; no name is printed on them\n")


def check_output(value: str | None) -> Path:
    if not value:
        raise TrustGuideError("-o/--output", "give the PDF file to write, e.g. -o charter.pdf")
    path = Path(value)
    if path.is_dir():
        raise TrustGuideError(value, "is a folder; give a file name such as charter.pdf")
    if path.suffix.lower() != ".pdf":
        raise TrustGuideError(value, "the output file must end in .pdf")
    if not path.parent.resolve().is_dir():
        raise TrustGuideError(value, f"the folder {path.parent} does not exist; create it first")
    return path



def run(args: argparse.Namespace) -> int:
    from trustguide.engine.building import load_guide

    guide = load_guide(Path(args.config_file), args.given)
    worksheets, templates, site_url = project_worksheets(guide)
    by_id = {w.id: w for w in worksheets}
    if args.list:
        for worksheet in worksheets:
            sys.stdout.write(f"{worksheet.id:30s} {worksheet.title}\n")
        return 0
    if not args.id:
        raise TrustGuideError("worksheet", "name a worksheet id, or use --list to see them")
    if args.id not in by_id:
        raise unknown_id_error("worksheet", "worksheet", args.id, guide, {w.id: w.title for w in worksheets})
    worksheet = by_id[args.id]
    record, translations, prefix = print_locale(guide)  # before the date is read in its language
    named = [("--participant", p) for p in args.participant if p.strip()]
    person = personalisation(args, check_participants(named, "--participant", "worksheet",
                                                      "give one name to each --participant"), guide)
    with_one = ", ".join(w.id for w in worksheets if w.has_threshold)
    check_threshold(person, [worksheet], f"worksheet '{worksheet.id}' has no place for a minimum number of answers "
                                         f"(worksheets that have one: {with_one})")
    output = check_output(args.output)
    person = replace(person, date=format_date(person.date, record))
    from trustguide.output.rendering.sources import source_lines
    from trustguide.output.worksheets.printing import render_worksheet_pdf  # WeasyPrint: only for a PDF

    pdf = render_worksheet_pdf(worksheet, templates, args.paper, site_url and site_url + prefix, person, record.print_lang,
                               translations, sources=source_lines(guide, translations)(worksheet.basis))
    output.write_bytes(pdf.data)
    anonymity_note(worksheet, person)
    report_written(output, pdf.pages)
    address_note(guide)
    return 0


def print_locale(guide: Guide):
    """For the commands that print (worksheet, pack): the record of the print's language (--language), its words
    (the catalog's gettext), and where its site lives (site_url + prefix)."""
    if guide.language not in guide.languages:
        raise TrustGuideError("--language", f"'{guide.language}' is not one of the guide's languages "
                              f"({', '.join(guide.languages)}); see trustguide-languages in mkdocs.yml")
    return guide.record, guide.catalog.translations, site_prefix(guide.language)
