"""`trustguide`: build, serve and check the guide; every user mistake ends in one message and a non-zero exit."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trustguide.core.errors import TrustGuideError, TrustGuideErrors

if TYPE_CHECKING:
    from trustguide.guide.config import GuideConfig

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as argparse does, without the usage dump
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    # Errors end the command and are printed once, as its final message (see main()).
    handler.addFilter(lambda record: record.levelno < logging.ERROR)
    from trustguide.engine.choice import engine_logger

    for name in (engine_logger(), "trustguide"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.DEBUG if verbose else logging.INFO)
        logger.propagate = False


def _site_url(value: str) -> str:
    """--site-url must be a plain http(s) address (the same rule as site_url in the settings): it is printed into
    every page and PDF."""
    from trustguide.core.web_address import normalised, web_address_problem

    problem = web_address_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return normalised(value)


class _ChecksFailed(Exception):
    """The source checks found problems, already printed as `trustguide check` prints them."""


def _check_first(config: GuideConfig) -> GuideConfig:
    """A build starts with the source checks, so it stops on the same messages `trustguide check` prints."""
    from trustguide.cli.check import write_report
    from trustguide.output.checks.runner import run_checks

    report = run_checks(config)
    if report.problems:
        write_report(report, sys.stderr)
        raise _ChecksFailed()
    return config


def _cmd_build(args: argparse.Namespace) -> int:
    from trustguide.engine.building import build_offline_zip, build_site

    if args.offline and args.site_dir:
        raise TrustGuideError("--site-dir", "does not apply to --offline, which writes dist/trustguide-offline.zip; "
                              "leave one of them out")
    config_file = Path(args.config_file)
    checked: list[GuideConfig] = []
    checks = lambda config: checked.append(_check_first(config))  # noqa: E731 - run while the translations start building
    if args.offline:
        build_offline_zip(config_file, strict=not args.no_strict, site_url=args.site_url, before=checks,
                          given=args.given)
    else:
        build_site(config_file, Path(args.site_dir) if args.site_dir else None, strict=not args.no_strict,
                   site_url=args.site_url, before=checks, given=args.given)
    if checked:
        from trustguide.cli.worksheet import address_note
        from trustguide.guide.model import make_guide

        address_note(make_guide(checked[0]), given_by=", or build with --site-url URL,")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from trustguide.engine.building import serve_site

    serve_site(Path(args.config_file), args.dev_addr, args.given)
    return 0


def add_org_dir(parser) -> None:
    from trustguide.cli.worksheet import add_org_dir as add

    add(parser)


def _from_an_organisation_folder(args: argparse.Namespace) -> None:
    """Run in an organisation's own folder (organisation.yml, no mkdocs.yml), a command reads the guide this command
    belongs to, with this folder as the organisation's: `cd our-guide && trustguide build` does what it says."""
    from trustguide.guide.model import ORG_DIR_VARIABLE, SETTINGS_FILE

    if getattr(args, "config_file", None) != "mkdocs.yml" or Path("mkdocs.yml").is_file():
        return
    guide = Path(__file__).resolve().parents[3] / "mkdocs.yml"  # the checkout this command is installed from
    here = Path.cwd()
    folder = next((f for f in (here, *here.parents) if (f / SETTINGS_FILE).is_file() or (f / "mkdocs.yml").is_file()),
                  None)  # this folder or one it is in (docs/, worksheets/ of the organisation's folder)
    if folder is None or not (folder / SETTINGS_FILE).is_file() or (folder / "mkdocs.yml").is_file() \
            or not guide.is_file():
        return
    args.config_file = str(guide)
    if not getattr(args, "org_dir", None) and not os.environ.get(ORG_DIR_VARIABLE):
        args.org_dir = str(folder)
    logging.getLogger("trustguide").info("Reading the guide at %s, with the organisation folder %s", guide.parent,
                                         Path(args.org_dir or os.environ[ORG_DIR_VARIABLE]).resolve())


def _use_org_dir(args: argparse.Namespace) -> None:
    """--org-dir, --language and --site-url go to the configuration each command loads (args.given), set on the
    plugins' own options, as MkDocs' command line sets its options; not through the environment."""
    from trustguide.engine.adapters import CommandLine

    folder = getattr(args, "org_dir", None)
    args.given = CommandLine(org_dir=str(Path(folder).expanduser().resolve()) if folder else None,
                             language=getattr(args, "language", None) or None,
                             site_url=getattr(args, "site_url", None) or None)


class _Version(argparse.Action):
    """--version: worked out only when asked (reading the packages' versions costs a tenth of a second)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from trustguide import __version__
        from trustguide.engine.choice import engine_versions

        sys.stdout.write(f"trustguide {__version__} ({engine_versions()})\n")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="trustguide", description="Build and check the Trust Guide knowledge base. "
                             "--engine properdocs (or TRUSTGUIDE_ENGINE=properdocs) builds with ProperDocs instead "
                             "of MkDocs.")
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the guide's version and engine, and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_ArgumentParser)

    build = commands.add_parser("build", help="build the whole guide (site, worksheets, PDFs) and publish it atomically")
    build.add_argument("-f", "--config-file", default="mkdocs.yml", help="the guide's mkdocs.yml (default: %(default)s)")
    build.add_argument("-d", "--site-dir", help="where to publish (default: site_dir of mkdocs.yml)")
    build.add_argument("--no-strict", action="store_true", help="publish even when the build has warnings")
    build.add_argument("--site-url", type=_site_url, metavar="URL",
                       help="the address the guide is served at, overriding site_url of mkdocs.yml (e.g. a sub-path)")
    build.add_argument("--offline", action="store_true", help="instead of the site, write dist/trustguide-offline.zip: "
                       "the guide to unzip and open from disk, search included (the published site is untouched)")
    add_org_dir(build)
    build.set_defaults(run=_cmd_build)

    serve = commands.add_parser("serve", help="serve the guide with live reload for authors")
    serve.add_argument("-f", "--config-file", default="mkdocs.yml", help="the guide's mkdocs.yml (default: %(default)s)")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: %(default)s)")
    add_org_dir(serve)
    serve.set_defaults(run=_cmd_serve)

    from trustguide.cli import check, organisation, pack, translations, worksheet

    worksheet.add_parser(commands)
    pack.add_parser(commands)
    check.add_parser(commands)
    organisation.add_parser(commands)
    translations.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    from trustguide.engine.choice import EngineError, choose_engine

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        choose_engine(argv)
    except EngineError as exc:
        sys.stderr.write(f"trustguide: error: {exc}\n")
        return 2
    args = build_parser().parse_args(argv)
    from trustguide.core.stopping import stop_on_termination

    kept = "offline zip" if getattr(args, "offline", False) else "published site"
    stop_on_termination(f"trustguide: stopped; the {kept} was left unchanged." if args.command == "build" else
                        "trustguide: stopped.")
    _setup_logging(args.verbose)
    _from_an_organisation_folder(args)
    _use_org_dir(args)
    from trustguide.engine.building import BuildFailed

    try:
        return args.run(args)
    except (TrustGuideError, TrustGuideErrors, BuildFailed, _ChecksFailed) as exc:
        if not isinstance(exc, _ChecksFailed):
            sys.stderr.write(f"trustguide: error: {exc}\n")
        if args.command == "build":
            kept = "offline zip" if args.offline else "published site"
            sys.stderr.write(f"trustguide: the {kept} was left unchanged.\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (`| head`): what it wanted was written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
        return 141


if __name__ == "__main__":
    raise SystemExit(main())
