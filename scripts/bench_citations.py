"""Benchmark: build time with citations against the same pages built by plain MkDocs with the citations stripped.

Generates synthetic corpora (fixed seed, varied names with diacritics, particles and shared surnames) and builds
each one side by side in one run, so the ratios compare like with like on a noisy machine:
  plain  - the pages with every citation replaced by plain text, MkDocs + Material, no citation plugin
  cold   - with citations, an empty formatting cache
  warm   - with citations, the cache kept and one page edited
Usage: .venv/bin/python scripts/bench_citations.py [--corpus realistic|stress|all] [--repeat N] [--phases] [--flat]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPORA = {"realistic": (200, 300, 5), "stress": (1000, 2000, 20)}
SURNAMES = (
    "Smith Müller García Nguyen Kowalski Okafor Rossi Dubois Johansson Novák Yılmaz Tanaka Kim Singh Cohen Öztürk "
    "Fernández O'Brien MacLeod Van der Berg De Haan Da Silva Lee Patel Brown Wilson Schmidt Ivanova Horváth Nowak "
    "Andersen Bianchi Moreau Costa Papadopoulos Ali Hussain Mensah Adeyemi Zhang Wang Li Chen Liu Sato Suzuki Park "
    "Choi Gupta Sharma Khan Ahmed Rahman Kaur Murphy Kelly Walsh Ryan Byrne Evans Thomas Roberts Hughes Lewis Clarke "
    "Jørgensen Łukasz Šimek Dvořák Ñúñez Ó'Súilleabháin Björk Åberg Lindqvist Virtanen Korhonen Nieminen Mäkinen"
).split()
GIVEN = "Ana Ben Chloé Dmitri Eszter Farid Grace Hiro Ines Jonas Kwame Leila Mateo Nia Oskar Priya Quinn Rosa Sven Tomás".split()
WORDS = ("trust coaching team leader group feedback norm safety client coach change practice session relationship "
         "confidence evidence learning support goal routine culture meeting question answer value").split()


def make_bib(entries: int, rng: random.Random) -> tuple[str, list[str]]:
    lines, keys = [], []
    for i in range(entries):
        # A small pool of surnames shared by many entries makes APA disambiguation work hard.
        authors = [f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}" for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 6)))]
        year = rng.randint(1995, 2024)
        surname = authors[0].split(",")[0].lower().encode("ascii", "ignore").decode()
        key = f"w{i}:{''.join(c for c in surname if c.isalnum())}{year}"
        keys.append(key)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))).capitalize()
        lines.append(
            f"@article{{{key},\n  author = {{{' and '.join(authors)}}},\n  title = {{{title}}},\n"
            f"  journal = {{Journal of {rng.choice(WORDS).capitalize()} Studies}},\n  year = {{{year}}},\n"
            f"  volume = {{{rng.randint(1, 60)}}},\n  pages = {{{(p := rng.randint(1, 900))}--{p + rng.randint(5, 30)}}}\n}}\n"
        )
    return "\n".join(lines), keys


def make_citation(keys: list[str], rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.2:
        return f"@{rng.choice(keys)}"
    items = []
    for key in rng.sample(keys, rng.choice((1, 1, 1, 2, 3))):
        locator = f", p. {rng.randint(1, 300)}" if rng.random() < 0.25 else ""
        items.append(f"@{key}{locator}")
    return "[" + "; ".join(items) + "]"


def make_corpus(root: Path, pages: int, entries: int, per_page: int, seed: int = 7, sections: bool = True) -> None:
    """Pages of prose with citations; with sections, a "##" heading every two paragraphs, as the guide's pages have.

    Without any section heading (--flat, the shape of the first measurements) Material renders no table of contents
    for the plain pages but one for the cited pages, whose References heading is their only one: the comparison
    then measures that table of contents, not the citations.
    """
    rng = random.Random(seed)
    bib, keys = make_bib(entries, rng)
    (root / "docs").mkdir(parents=True)
    (root / "references.bib").write_text(bib, encoding="utf-8")
    uncited = set(keys)
    for n in range(pages):
        paragraphs = []
        for c in range(per_page):
            cite = make_citation(keys, rng)
            if n == pages - 1 and c == per_page - 1:
                cite = "[" + "; ".join(f"@{k}" for k in sorted(uncited)) + "]" if uncited else cite
            uncited -= {k for k in keys if f"@{k}" in cite}
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60)))
            if sections and c and c % 2 == 0:
                paragraphs.append(f"## Section {c // 2}")  # no random draw: the same citations with or without
            paragraphs.append(f"{text.capitalize()} {cite}.")
        (root / "docs" / f"page{n:04d}.md").write_text(f"# Page {n}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    # attr_list as in the guide's mkdocs.yml: the References heading carries its id with it.
    base = "site_name: Bench\ntheme:\n  name: material\n  font: false\nmarkdown_extensions:\n  - attr_list\nplugins:\n  - search\n"
    (root / "mkdocs.plain.yml").write_text(base, encoding="utf-8")
    (root / "mkdocs.yml").write_text(base + "  - trustguide-citations:\n      bibliography: references.bib\n", encoding="utf-8")


def strip_citations(root: Path) -> Path:
    """The same pages with each citation replaced by plain text of similar length."""
    from trustguide.content.citations.render import replace_clusters
    from trustguide.content.citations.scanner import scan_citations

    plain = root / "plain"
    shutil.copytree(root / "docs", plain / "docs")
    for page in (plain / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        clusters = scan_citations(text)
        page.write_text(replace_clusters(text, clusters, ["(Author, 2000)"] * len(clusters)), encoding="utf-8")
    shutil.copy(root / "mkdocs.plain.yml", plain / "mkdocs.yml")
    return plain


def build(folder: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the build and its pandoc processes) of one `mkdocs build`."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([str(mkdocs), "build", "-q", "-d", str(folder / "site")], cwd=folder, env=env,
                            capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {folder}:\n{result.stderr[-2000:]}")
    return elapsed, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def edit_one_page(folder: Path, counter: int) -> None:
    page = folder / "docs" / "page0000.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\nEdited {counter}.\n", encoding="utf-8")


def bench(name: str, repeat: int, phases: bool, sections: bool) -> None:
    pages, entries, per_page = CORPORA[name]
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        root = Path(tmp)
        make_corpus(root, pages, entries, per_page, sections=sections)
        plain = strip_citations(root)
        rows: dict[str, list[tuple[float, float]]] = {"plain": [], "cold": [], "warm": []}
        load = os.getloadavg()[0]
        for r in range(repeat):  # interleaved, so machine noise hits every variant alike
            rows["plain"].append(build(plain))
            shutil.rmtree(root / ".cache", ignore_errors=True)
            rows["cold"].append(build(root))
            edit_one_page(root, r)
            edit_one_page(plain, r)
            rows["warm"].append(build(root))
        wall = {k: statistics.median(w for w, _ in v) for k, v in rows.items()}
        cpu = {k: statistics.median(c for _, c in v) for k, v in rows.items()}
        shape = "a section heading every two paragraphs" if sections else "no section headings (--flat)"
        print(f"\n{name}: {pages} pages ({shape}), {entries} entries, {per_page} citations per page, {repeat} run(s), median seconds")
        print(f"  load average {load:.1f} at the start, {os.cpu_count()} CPUs: wall ratios need a quiet machine, CPU is steadier")
        for k in ("plain", "cold", "warm"):
            runs = ", ".join(f"{w:.2f}" for w, _ in rows[k])
            print(f"  {k:5s} {wall[k]:7.2f} s   {wall[k] / wall['plain']:5.2f}x plain   "
                  f"CPU {cpu[k]:6.2f} s {cpu[k] / cpu['plain']:5.2f}x   wall runs: {runs}")
        bench_formatting(root)
        if phases:
            bench_phases(root, plain, repeat)


# Run in a child process: one build with the time of each plugin event, Markdown and page templates added up.
_PHASES_CHILD = r"""
import collections, json, os, sys, time
os.environ["NO_MKDOCS_2_WARNING"] = "1"
os.chdir(sys.argv[1])
import markdown
from mkdocs.commands import build as B
from mkdocs.config import load_config
from mkdocs.plugins import PluginCollection
T = collections.Counter()
def timed(label, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            T[label] += time.perf_counter() - start
    return wrapper
def run_event(self, name, item=None, **kwargs):
    pass_item = item is not None
    for method in self.events[name]:
        self._current_plugin = self._event_origins.get(method, "<unknown>")
        label = f"on_{name} {type(getattr(method, '__self__', None)).__name__}"
        result = timed(label, method)(item, **kwargs) if pass_item else timed(label, method)(**kwargs)
        item = item if result is None else result
    self._current_plugin = None
    return item
PluginCollection.run_event = run_event
markdown.Markdown.convert = timed("Markdown to HTML", markdown.Markdown.convert)
B._build_page = timed("page templates (with on_page_context)", B._build_page)
config = load_config("mkdocs.yml", site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
start = time.perf_counter()
B.build(config)
T["whole build (after imports)"] = time.perf_counter() - start
print(json.dumps(T))
"""


def bench_phases(root: Path, plain: Path, repeat: int) -> None:
    """Where a build's time goes, plain against warm and cold: the fastest of the runs per phase."""
    rows: dict[str, dict[str, list[float]]] = {"plain": {}, "warm": {}, "cold": {}}
    for _ in range(repeat):
        for variant, folder in (("plain", plain), ("warm", root), ("cold", root)):
            if variant == "cold":
                shutil.rmtree(root / ".cache", ignore_errors=True)
            result = subprocess.run([sys.executable, "-c", _PHASES_CHILD, str(folder), str(folder / "site")],
                                    capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise SystemExit(f"build failed in {folder}:\n{result.stderr[-2000:]}")
            for phase, seconds in json.loads(result.stdout.strip().splitlines()[-1]).items():
                rows[variant].setdefault(phase, []).append(seconds)
    best = {v: {phase: min(times) for phase, times in phases.items()} for v, phases in rows.items()}
    print(f"  phases, fastest of {repeat} (seconds)            plain    warm    cold")
    for phase in sorted(set(best["plain"]) | set(best["warm"]), key=lambda p: -best["cold"].get(p, 0)):
        values = [best[v].get(phase, 0.0) for v in ("plain", "warm", "cold")]
        if max(values) >= 0.005:
            print(f"    {phase:42s} {values[0]:6.2f}  {values[1]:6.2f}  {values[2]:6.2f}")


def bench_formatting(root: Path) -> None:
    """Formatting the corpus's bibliography alone, no cache: the part of a cold build MkDocs cannot hide."""
    from trustguide.content.bibliography import load_bibliography
    from trustguide.content.citations.formatter import format_bibliography

    bibliography = load_bibliography(root / "references.bib")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    format_bibliography(bibliography, None)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(f"  formatting alone (pandoc, no cache): {elapsed:.2f} s wall, {cpu:.2f} s pandoc CPU, {len(bibliography.entries)} entries")


def make_varied_bib(entries: int, rng: random.Random) -> str:
    """A reference manager's export of about `entries` works: articles, and every fifth work another kind (a chapter
    inheriting from its book by crossref, a report, a thesis, a webpage), with @string macros, month macros, LaTeX,
    comments and the fields reference managers add."""
    articles, _ = make_bib(entries - entries // 5 * 2, rng)
    kinds = []
    for i in range(entries // 5):
        name = f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}"
        title = " ".join(rng.choice(WORDS) for _ in range(5)).capitalize()
        kind = i % 4
        if kind == 0:
            kinds.append(f"@collection{{book{i},\n  editor = {{{name}}},\n  title = {{{title}}},\n  publisher = pub,\n"
                         f"  year = {{{rng.randint(1995, 2024)}}}\n}}\n@incollection{{ch{i},\n  author = {{{name}}},\n"
                         f"  title = {{Chapter on {title.lower()}}},\n  crossref = {{book{i}}},\n  pages = {{1--20}}\n}}\n")
        elif kind == 1:
            kinds.append(f"@TECHREPORT{{rep{i},\n  Author = {{{{Institute of {rng.choice(WORDS).capitalize()}}}}},\n"
                         f"  Title = {{{title}}},\n  Institution = {{Example Institute}},\n  Month = mar,\n"
                         f"  Year = {{{rng.randint(1995, 2024)}}},\n  abstract = {{An abstract with 5\\% of {{LaTeX}}.}}\n}}\n"
                         f"@misc{{rep{i}b,\n  author = {{{name}}},\n  title = {{{title}}},\n  year = {{n.d.}}\n}}\n")
        elif kind == 2:
            kinds.append(f"% exported thesis\n@phdthesis{{th{i},\n  author = {{{name}}},\n  title = {{{title}}},\n"
                         f"  school = {{Universit{{\\'e}} {rng.choice(WORDS)}}},\n  year = {{{rng.randint(1995, 2024)}}}\n}}\n"
                         f"@book{{bk{i},\n  author = {{van der {name}}},\n  title = {{{title}}},\n  publisher = pub,\n"
                         f"  year = {{{rng.randint(1995, 2024)}}}\n}}\n")
        else:
            kinds.append(f"@online{{web{i},\n  author = {{{name}}},\n  title = {{{title}}},\n  date = {{2021-05-04}},\n"
                         f"  url = {{https://example.org/{i}}},\n  urldate = {{2024-01-02}},\n  keywords = {{a, b}}\n}}\n"
                         f"@article{{ep{i},\n  author = {{{name}}},\n  title = {{{title}}},\n  journal = {{J}},\n"
                         f"  year = {{2020}},\n  eprint = {{2001.{i:05d}}},\n  eprinttype = {{arxiv}}\n}}\n")
    return "@string{pub = {Example Press}}\n" + articles + "\n" + "\n".join(kinds)


def bench_parsing(entries: int) -> None:
    """Reading and validating a large bibliography (no cache): seconds and peak memory of the Python heap."""
    import tracemalloc

    from trustguide.content.bibliography import parse_bibliography

    text = make_varied_bib(entries, random.Random(5))
    tracemalloc.start()
    start = time.perf_counter()
    bibliography = parse_bibliography(text, Path("b.bib"), "b.bib")
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"parse and validate {len(bibliography.entries)} entries ({len(text) / 1e6:.1f} MB of BibTeX): "
          f"{elapsed:.2f} s, peak memory {peak / 2**20:.0f} MiB (tracemalloc; it slows the parse itself)")


def bench_scaling() -> None:
    """The citation work itself, as the build does it (scan, check, tokens; then compose), formatting cached."""
    from trustguide.content.bibliography import parse_bibliography
    from trustguide.content.citations.formatter import format_bibliography
    from trustguide.content.citations.resolver import CitationResolver, defer_citations

    rng = random.Random(11)
    bib, keys = make_bib(2000, rng)
    resolver = CitationResolver(format_bibliography(parse_bibliography(bib, Path("b.bib"), "b.bib"), None))
    print("\ncitation work alone (scan + check + compose, 20 citations per page):")
    for pages in (250, 500, 1000, 2000):
        texts = [" ".join(f"Text {make_citation(keys, rng)}." for _ in range(20)) for _ in range(pages)]
        timings = []
        for _ in range(3):  # the fastest of three: the machine's noise only ever adds time
            start = time.perf_counter()
            for text in texts:
                deferred = defer_citations(text, "p.md", resolver.works)
                if deferred is not None:
                    resolver.fill(deferred.markdown, deferred)
            timings.append(time.perf_counter() - start)
        elapsed = min(timings)
        print(f"  {pages:5d} pages: {elapsed:6.3f} s  ({elapsed / pages * 1000:.3f} ms per page)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--phases", action="store_true", help="also time each build phase (plugin events, Markdown, templates)")
    parser.add_argument("--flat", action="store_true", help="pages without section headings, as in the first measurements")
    parser.add_argument("--parse", type=int, metavar="ENTRIES",
                        help="only parse and validate a generated bibliography of this many entries (e.g. 5000)")
    args = parser.parse_args()
    if args.parse:
        bench_parsing(args.parse)
        return
    for name in CORPORA if args.corpus == "all" else [args.corpus]:
        bench(name, args.repeat, args.phases, sections=not args.flat)
    bench_scaling()


if __name__ == "__main__":
    main()
