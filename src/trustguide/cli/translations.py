"""`trustguide translations [--strict]`: for each language, which translations are current, stale or missing."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from trustguide.cli.worksheet import add_org_dir
from trustguide.content.languages import SOURCE
from trustguide.content.languages.freshness import CURRENT, MISSING, STALE, Item, guide_items
from trustguide.core.errors import display_path

if TYPE_CHECKING:
    from trustguide.guide.model import Guide


def add_parser(commands) -> None:
    parser = commands.add_parser("translations", help="report, per language, each page, worksheet, plan and the "
                                 "tooltips as current, stale (its English source changed) or missing")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the guide's mkdocs.yml (default: %(default)s)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything is stale or missing")
    parser.add_argument("--all", action="store_true", help="list current items too (default: only the others)")
    add_org_dir(parser)
    parser.set_defaults(run=run)


def language_items(assembly: Guide) -> dict[str, list[Item]]:
    """Every translated language of the guide and its items, read from the Guide the command made."""
    english_tooltips = next((s.path for s in assembly.tooltip_files if not s.organisation), None)
    result = {}
    for language in assembly.languages:
        folder = assembly.translation_folder(language)
        if language == SOURCE or folder is None:
            continue
        pages = [uri for uri, source in assembly.guide_pages().items() if not source.organisation]
        worksheets = sorted(p for s in assembly.worksheet_folders if not s.organisation and not s.path.is_relative_to(folder)
                            for p in s.path.glob("*.y*ml"))
        plans = sorted(p for s in assembly.plan_folders if not s.organisation and not s.path.is_relative_to(folder)
                       for p in s.path.glob("*.y*ml"))
        items = guide_items(assembly.docs_dir, pages, worksheets, plans, english_tooltips, folder)
        if assembly.org_dir is not None and assembly.organisation_docs is not None:
            # the organisation's own pages, translated in its folder (DIR/translations/LANG/docs/)
            org_docs = assembly.organisation_docs.path
            items += [Item("page", uri, source.path,
                           assembly.org_dir / "translations" / language / "docs" / source.path.relative_to(org_docs))
                      for uri, source in assembly.organisation_pages().items()
                      if source.path.is_relative_to(org_docs)]
        result[language] = items
    return result


def _report_catalog(guide: Guide, language: str) -> int:
    """The language's catalog against the template: each message untranslated, fuzzy (to be checked) or missing
    (in messages.pot, not yet in the .po: run pybabel update); how many there are."""
    from trustguide.content.languages.catalog import TEMPLATE, catalog_path, load_catalog, template_msgids
    assembly = guide
    path = catalog_path(assembly.translation_folder(language))
    template = assembly.translations_root / TEMPLATE if assembly.translations_root is not None else None
    if path is None:
        return 0
    shown = display_path(path, Path.cwd())
    catalog = load_catalog(path, shown)
    wanted = template_msgids(template) if template is not None and template.is_file() else []
    problems = [(msgid, "untranslated") for msgid in catalog.untranslated]
    problems += [(msgid, "fuzzy: check the translation and remove the fuzzy flag") for msgid in catalog.fuzzy]
    problems += [(msgid, "missing: in messages.pot, not in the catalog; run pybabel update") for msgid in wanted
                 if msgid not in catalog.msgids]
    for msgid, what in problems:
        sys.stdout.write(f"{language}\tmessage\t{msgid}\t{what}\t({shown})\n")
    sys.stdout.write(f"{language} catalog: {len(catalog.messages)} translated, {len(catalog.untranslated)} untranslated, "
                     f"{len(catalog.fuzzy)} fuzzy, {len(problems) - len(catalog.untranslated) - len(catalog.fuzzy)} "
                     f"missing\n")
    return len(problems)


def run(args: argparse.Namespace) -> int:
    from trustguide.engine.building import load_guide

    guide = load_guide(Path(args.config_file), args.given)
    by_language = language_items(guide)
    behind = 0
    for language, items in by_language.items():
        counts = Counter(item.status for item in items)
        for item in items:
            if item.status != CURRENT or args.all:
                what = {STALE: "stale: its English source changed since; translate the change and set translated_from "
                        "to the new hash", MISSING: "missing"}.get(item.status, item.status)
                sys.stdout.write(f"{language}\t{item.kind}\t{item.name}\t{what}\t({display_path(item.translation, Path.cwd())})\n")
        sys.stdout.write(f"{language}: {counts[CURRENT]} current, {counts[STALE]} stale, {counts[MISSING]} missing "
                         f"of {len(items)}\n")
        behind += counts[STALE] + counts[MISSING]
        behind += _report_catalog(guide, language)
    if not by_language:
        sys.stdout.write("the guide has no translations (trustguide-languages in mkdocs.yml lists only English)\n")
    return 1 if args.strict and behind else 0
