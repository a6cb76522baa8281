"""Benchmark: build time with citations against the same pages built by plain MkDocs with the citations stripped.

Generates synthetic corpora (fixed seed, varied names with diacritics, particles and shared surnames) and builds
each one side by side in one run, so the ratios compare like with like on a noisy machine:
  plain  - the pages with every citation replaced by plain text, MkDocs + Material, no citation plugin
  cold   - with citations, an empty formatting cache
  warm   - with citations, the cache kept and one page edited
Usage: .venv/bin/python scripts/bench_citations.py [--corpus realistic|stress|all] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import random
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


def make_corpus(root: Path, pages: int, entries: int, per_page: int, seed: int = 7) -> None:
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
            paragraphs.append(f"{text.capitalize()} {cite}.")
        (root / "docs" / f"page{n:04d}.md").write_text(f"# Page {n}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    base = "site_name: Bench\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
    (root / "mkdocs.plain.yml").write_text(base, encoding="utf-8")
    (root / "mkdocs.yml").write_text(base + "  - trustguide-citations:\n      bibliography: references.bib\n", encoding="utf-8")


def strip_citations(root: Path) -> Path:
    """The same pages with each citation replaced by plain text of similar length."""
    from trustguide.citations.render import replace_clusters
    from trustguide.citations.scanner import scan_citations

    plain = root / "plain"
    shutil.copytree(root / "docs", plain / "docs")
    for page in (plain / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        clusters = scan_citations(text)
        page.write_text(replace_clusters(text, clusters, ["(Author, 2000)"] * len(clusters)), encoding="utf-8")
    shutil.copy(root / "mkdocs.plain.yml", plain / "mkdocs.yml")
    return plain


def build(folder: Path) -> float:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run([str(mkdocs), "build", "-q", "-d", str(folder / "site")], cwd=folder, env=env,
                            capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {folder}:\n{result.stderr[-2000:]}")
    return elapsed


def edit_one_page(folder: Path, counter: int) -> None:
    page = folder / "docs" / "page0000.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\nEdited {counter}.\n", encoding="utf-8")


def bench(name: str, repeat: int) -> None:
    pages, entries, per_page = CORPORA[name]
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        root = Path(tmp)
        make_corpus(root, pages, entries, per_page)
        plain = strip_citations(root)
        rows: dict[str, list[float]] = {"plain": [], "cold": [], "warm": []}
        for r in range(repeat):  # interleaved, so machine noise hits every variant alike
            rows["plain"].append(build(plain))
            shutil.rmtree(root / ".cache", ignore_errors=True)
            rows["cold"].append(build(root))
            edit_one_page(root, r)
            edit_one_page(plain, r)
            rows["warm"].append(build(root))
        med = {k: statistics.median(v) for k, v in rows.items()}
        print(f"\n{name}: {pages} pages, {entries} entries, {per_page} citations per page, {repeat} run(s), median seconds")
        for k in ("plain", "cold", "warm"):
            print(f"  {k:5s} {med[k]:7.2f} s   {med[k] / med['plain']:5.2f}x plain   runs: {', '.join(f'{v:.2f}' for v in rows[k])}")


def bench_scaling() -> None:
    """The citation work itself (scan, check, compose) per page count, formatting cached: should be linear."""
    from trustguide.bibliography import parse_bibliography
    from trustguide.citations.formatter import format_bibliography
    from trustguide.citations.resolver import CitationResolver

    rng = random.Random(11)
    bib, keys = make_bib(2000, rng)
    resolver = CitationResolver(format_bibliography(parse_bibliography(bib, Path("b.bib"), "b.bib"), None))
    print("\ncitation work alone (scan + resolve + compose, 20 citations per page):")
    for pages in (250, 500, 1000, 2000):
        texts = [" ".join(f"Text {make_citation(keys, rng)}." for _ in range(20)) for _ in range(pages)]
        start = time.perf_counter()
        for text in texts:
            resolver.resolve(text, "p.md")
        elapsed = time.perf_counter() - start
        print(f"  {pages:5d} pages: {elapsed:6.3f} s  ({elapsed / pages * 1000:.3f} ms per page)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    for name in CORPORA if args.corpus == "all" else [args.corpus]:
        bench(name, args.repeat)
    bench_scaling()


if __name__ == "__main__":
    main()
