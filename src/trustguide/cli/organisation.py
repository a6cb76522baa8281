"""`trustguide org init DIR`: a commented starting folder for an organisation's own guide content."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trustguide.core.errors import TrustGuideError

SETTINGS = """\
# Your organisation's settings for Trust Guide. Build with:  trustguide build --org-dir {folder}
# (or set TRUSTGUIDE_ORG_DIR={folder}). Paths are relative to this file. Only `name` is required.
name: {quoted_name}
# site_name: Trust Guide for {name}     # the site's title
# site_url: https://guide.example.org/  # where you publish it: PDFs' footers and QR codes point there
# prefix: {prefix}                      # the site folder of your pages in docs/ (https://.../{prefix}/...)
# logo: logo.svg                        # .svg, .png, .jpg or .webp, shown in the header and on PDFs
# colours: {{primary: "#1f4e79", accent: "#b3541e"}}   # controls and links stay readable in light and dark
# contact: coaching@example.org         # an e-mail or web address shown in the footer
# contact_label: Contact the coaching team
# licence: Local pages (c) {name}.
# leave_out: []   # parts to leave out: foundations, coaching-relationship, peer-coaching, team-coaching,
#                 # accountability, worksheets, session-plans
"""

PAGE = """\
---
title: {quoted_title}
description: {quoted_description}
audience: [coach, facilitator, organisation]
tags: [organisation]
---

# Coaching at {name}

Your own pages go in this folder. They are published under `{prefix}/` and listed in their own section of the
navigation. Link to the guide's pages as if this folder sat inside the guide's `docs/`, for example
[Confidentiality in executive coaching](../coaching-relationship/confidentiality.md).
"""

REFERENCES = """\
% Your own references, in BibTeX or biblatex, as a reference manager exports them. They join the guide's
% references.bib: cite them on your pages as [@key]. A key the guide already uses is an error.
"""

TOOLTIPS = """\
"""

README = """\
Your own worksheets (one YAML file each, as in the guide's worksheets/ folder) and session plans (plans/) go
here. Their ids (file names) must differ from the guide's. See the README's "Adding a worksheet".
"""


def add_parser(commands) -> None:
    parser = commands.add_parser("org", help="start an organisation's own folder (org init DIR)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    init = actions.add_parser("init", help="write a commented starting folder for an organisation")
    init.add_argument("folder", metavar="DIR", help="the folder to create (it must not exist or be empty)")
    init.add_argument("--name", default="Our organisation", help="the organisation's name (default: %(default)s)")
    init.set_defaults(run=run_init)


def run_init(args: argparse.Namespace) -> int:
    from trustguide.content.organisation.settings import default_prefix, suggested_prefix

    folder = Path(args.folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TrustGuideError(args.folder, "already exists and is not empty; choose a new folder")
    if any(ch in args.name for ch in "<>\n"):
        raise TrustGuideError("--name", "may not contain '<', '>' or a line break; write it as plain text")
    prefix = suggested_prefix(args.name)
    values = {"name": args.name, "quoted_name": json.dumps(args.name, ensure_ascii=False), "prefix": prefix,
              "folder": args.folder, "quoted_title": json.dumps(f"Coaching at {args.name}", ensure_ascii=False),
              "quoted_description": json.dumps(f"How coaching and peer coaching are organised at {args.name}, and "
                                               "whom to contact.", ensure_ascii=False)}
    settings = SETTINGS.format(**values)
    if prefix != default_prefix(args.name):  # written out, so that the pages are where the comment says
        settings = settings.replace(f"# prefix: {prefix}", f"prefix: {prefix}  ", 1)
    files = {
        "organisation.yml": settings,
        "docs/index.md": PAGE.format(**values),
        "docs/includes/abbreviations.md": TOOLTIPS,
        "references.bib": REFERENCES,
        "worksheets/README.txt": README,
        "plans/README.txt": README,
    }
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sys.stderr.write(f"Wrote {folder}/ ({len(files)} files). Build with: trustguide build --org-dir {folder}\n")
    return 0
