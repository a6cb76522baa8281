"""Time one cold handbook render (wall-clock and CPU seconds) from the pages of a built site, in this process.

The CPU seconds hold on a loaded machine, where the wall-clock does not. Usage (after `trustguide build`):
    .venv/bin/python scripts/bench_handbook.py site [--paper a4|letter] [--no-appendix]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from trustguide.content.bibliography import load_bibliography  # noqa: E402
from trustguide.content.languages import language_record  # noqa: E402
from trustguide.content.organisation.parts import KNOWLEDGE_PARTS  # noqa: E402
from trustguide.content.sessions.loader import load_plans  # noqa: E402
from trustguide.content.worksheets.loader import load_worksheets  # noqa: E402
from trustguide.output.handbook.book import BookPage, Handbook, render_handbook_pdf  # noqa: E402
from trustguide.output.sessions.printing import Titles  # noqa: E402

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def pages(site: Path) -> list[BookPage]:
    """The knowledge pages in the home page's navigation order, then the glossary and the references."""
    links = re.findall(r'<a href="([^"#.][^"]*)" class="md-nav__link', (site / "index.html").read_text(encoding="utf-8"))
    chosen = [link for link in dict.fromkeys(links) if link.startswith(tuple(KNOWLEDGE_PARTS.values()))]
    found = []
    for link in [*chosen, "glossary/", "references/"]:
        text = (site / link / "index.html").read_text(encoding="utf-8")
        title = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", text, re.DOTALL).group(1)).strip()
        found.append(BookPage(link, title, link.split("/")[0], _ARTICLE.search(text).group(1)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--paper", default="a4", choices=("a4", "letter"))
    parser.add_argument("--no-appendix", action="store_true")
    parser.add_argument("--language", default="en", help="the language of the site's pages (its hyphenation)")
    args = parser.parse_args()
    docs = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    keys = load_bibliography(ROOT / "references.bib").entries
    worksheets = load_worksheets(ROOT / "worksheets", ROOT, keys, docs)
    plans = load_plans(ROOT / "plans", ROOT, keys, docs, [w.id for w in worksheets])
    appendix = not args.no_appendix
    book = Handbook(title="Trust Guide", version="bench", date="2026-12-07", site_url="https://trustguide.example.org/",
                    pages=tuple(pages(args.site)), lang=language_record(args.language, ROOT / "translations").print_lang,
                    worksheets=tuple(worksheets) if appendix else (),
                    plans=tuple(plans) if appendix else (), titles=Titles({w.id: w.title for w in worksheets}, {}))
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = render_handbook_pdf(book, ROOT / "templates", args.paper)
    print(f"{len(book.pages)} pages of the site, {pdf.pages} PDF pages, appendix {appendix}: "
          f"{time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
