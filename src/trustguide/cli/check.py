"""`trustguide check`: every problem in the guide's sources as file:line: message, without building."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from trustguide.cli.worksheet import add_org_dir, address_note

if TYPE_CHECKING:
    from trustguide.output.checks.runner import Report


def add_parser(commands) -> None:
    parser = commands.add_parser("check", help="check the sources for every mistake, without building (fast)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the guide's mkdocs.yml (default: %(default)s)")
    add_org_dir(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trustguide.engine.building import load_guide_config
    from trustguide.output.checks.runner import run_checks

    config = load_guide_config(Path(args.config_file), args.given)
    report = run_checks(config)
    write_report(report)
    if report.problems:
        return 1
    from trustguide.guide.model import make_guide

    address_note(make_guide(config))  # what a build will print, said before it
    return 0


def write_report(report: Report, problems: TextIO | None = None) -> None:
    """Every problem as file:line: message, the bibliography's first, then a summary; `build` prints the same.

    problems: where the problems go (standard output for `check`, standard error for a build that stops).
    """
    for problem in report.problems:
        (problems or sys.stdout).write(f"{problem}\n")
    summary = (f"{report.pages} pages, {report.worksheets} worksheets, {report.plans} session plans and "
               f"{report.references} references checked in {report.seconds:.1f} s")
    if report.problems:
        count = len(report.problems)
        in_bib = (f"; {report.bibliography_problems} of them in {report.bibliography}, listed first"
                  if report.bibliography_problems else "")
        sys.stderr.write(f"trustguide: {count} problem{'s' if count > 1 else ''} found{in_bib} ({summary}).\n")
        if report.unread_settings:
            sys.stderr.write(f"trustguide: the organisation's pages, references, worksheets and plans were not "
                             f"checked yet, because {report.unread_settings} has problems: fix them and run check "
                             "again.\n")
        return
    sys.stderr.write(f"trustguide: no problems found ({summary}).\n")
