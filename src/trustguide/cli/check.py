"""`trustguide check`: every problem in the guide's sources as file:line: message, without building."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trustguide.checks.runner import run_checks


def add_parser(commands) -> None:
    parser = commands.add_parser("check", help="check the sources for every mistake, without building (fast)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the guide's mkdocs.yml (default: %(default)s)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    report = run_checks(Path(args.config_file))
    for problem in report.problems:
        sys.stdout.write(f"{problem}\n")
    summary = (f"{report.pages} pages, {report.worksheets} worksheets, {report.plans} session plans and "
               f"{report.references} references checked in {report.seconds:.1f} s")
    if report.problems:
        count = len(report.problems)
        sys.stderr.write(f"trustguide: {count} problem{'s' if count > 1 else ''} found ({summary}).\n")
        return 1
    sys.stderr.write(f"trustguide: no problems found ({summary}).\n")
    return 0
