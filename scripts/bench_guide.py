"""Benchmark the real guide against plain MkDocs + Material, side by side in one run, and citations on varied corpora.

  build     - `trustguide build` of the whole guide (English and German, about 20 generated pages more per language),
              warm caches, one knowledge page edited before each run, against `mkdocs build` of the same knowledge
              pages in both languages with plain MkDocs + Material (one site, German under de/; Material's search
              and tags plugins, the same Markdown extensions, no project plugin, citations replaced by plain text,
              no glossary tooltips); and the English-only guide against the English pages alone. Wall-clock and CPU
              seconds: the guide builds its translations beside English, on a second core where there is one
  serve     - save-to-reload: a knowledge page is saved while `trustguide serve` / plain `mkdocs serve` runs, timed
              until the server logs "Reloading browsers"; and how many PDFs each rebuild rendered (should be 0)
  languages - `trustguide build` of every language (English and German) against the English-only build of the same
              guide (`languages: [en]`), warm, one knowledge page edited before each run (target: at most 2.2x)
  citations - synthetic corpora of three page shapes and three seeds each: plain, cold (empty formatting cache) and
              warm (cache kept, one page edited), as scripts/bench_citations.py measures them
  instructions - the real guide (both languages, and English only) and the citations corpora once each, plain and
              warm, instructions of every process counted under valgrind: a steady figure where the machine's speed
              drifts (not part of "all"; needs valgrind)
Medians of --repeat runs, printed as ratios to plain.
Usage: .venv/bin/python scripts/bench_guide.py [--part build|serve|languages|citations|instructions|all] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
sys.path.insert(0, str(ROOT / "scripts"))

from bench_citations import WORDS, build, make_bib, make_citation, strip_citations  # noqa: E402

PROJECT_PARTS = ["mkdocs.yml", "docs", "overrides", "templates", "references.bib", "worksheets", "plans", "translations"]
KNOWLEDGE = ["foundations", "coaching-relationship", "peer-coaching", "team-coaching", "accountability"]
EDITED = "docs/foundations/cognitive-trust.md"


# ---------------------------------------------------------------------------------------------------------------------
# The real guide and its plain twin


def guide_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / part)
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", target / ".cache")
    return target


def plain_twin(guide: Path, target: Path, languages: tuple[str, ...] = ("en",)) -> Path:
    """The guide's knowledge pages (home, glossary and organisations page included) as a plain MkDocs + Material
    site; with "de", their German translations too, under de/ of the same site (one plain build for both)."""
    from trustguide.content.citations.render import replace_clusters
    from trustguide.content.citations.scanner import scan_citations

    docs = target / "docs"
    pages = [*(f"{folder}/" for folder in KNOWLEDGE), "index.md", "glossary.md", "organisations/index.md"]
    sources = [(guide / "docs", docs)]
    if "de" in languages:
        sources.append((guide / "translations" / "de" / "docs", docs / "de"))
    for source, into in sources:
        for page in sorted(source.rglob("*.md")):
            uri = page.relative_to(source).as_posix()
            if not uri.startswith(tuple(pages)):
                continue
            text = page.read_text(encoding="utf-8")
            clusters = scan_citations(text)
            (into / uri).parent.mkdir(parents=True, exist_ok=True)
            (into / uri).write_text(replace_clusters(text, clusters, ["(Author, 2000)"] * len(clusters)),
                                    encoding="utf-8")
    nav = "".join(f"  - {p.relative_to(docs).as_posix()}\n" for p in sorted(docs.rglob("*.md")))
    (target / "mkdocs.yml").write_text(
        "site_name: Plain twin\nsite_url: https://example.org/\nuse_directory_urls: true\n"
        "theme:\n  name: material\n  font: false\n  features: [navigation.sections, navigation.top, search.suggest, "
        "content.tooltips, toc.follow]\n"
        "validation:\n  links:\n    not_found: info\n    anchors: info\n    unrecognized_links: info\n"
        "plugins:\n  - search\n  - tags\n"
        "markdown_extensions:\n  - abbr\n  - admonition\n  - attr_list\n  - def_list\n  - md_in_html\n  - tables\n"
        "  - toc:\n      permalink: true\n  - pymdownx.details\n  - pymdownx.superfences\n"
        f"nav:\n{nav}", encoding="utf-8")
    return target


def edit(folder: Path, counter: int) -> None:
    page = folder / EDITED
    page.write_text(page.read_text(encoding="utf-8") + f"\n\nEdited for the benchmark {counter}.\n", encoding="utf-8")


def timed(args: list[str], cwd: Path) -> float:
    return timed_cpu(args, cwd)[0]


def timed_cpu(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds, and the CPU seconds (user and system) of the command and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{result.stderr[-3000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def english_only(guide: Path) -> Path:
    config = guide / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "languages: [en, de]" not in text:
        raise SystemExit("mkdocs.yml has no 'languages: [en, de]' to compare with")
    config.write_text(text.replace("languages: [en, de]", "languages: [en]"), encoding="utf-8")
    return guide


def bench_build(tmp: Path, repeat: int) -> None:
    """Two comparisons on the same knowledge pages: the whole guide (English and German) against plain MkDocs
    building those pages in both languages, and the English-only guide against plain MkDocs on the English ones."""
    guide = guide_copy(tmp / "guide")
    english = english_only(guide_copy(tmp / "guide-en"))
    plain_both = plain_twin(guide, tmp / "plain-en-de", ("en", "de"))
    plain_en = plain_twin(guide, tmp / "plain-en")
    builds = {
        "plain, English + German": ([str(BIN / "mkdocs"), "build", "-q", "-d", str(tmp / "site-plain-both")], plain_both),
        "trustguide, English + German": ([str(BIN / "trustguide"), "build", "-d", str(tmp / "site-guide")], guide),
        "plain, English": ([str(BIN / "mkdocs"), "build", "-q", "-d", str(tmp / "site-plain-en")], plain_en),
        "trustguide, English only": ([str(BIN / "trustguide"), "build", "-d", str(tmp / "site-guide-en")], english),
    }
    for args, folder in builds.values():
        timed(args, folder)  # fills every cache
    rows: dict[str, list[float]] = {name: [] for name in builds}
    cpu: dict[str, list[float]] = {name: [] for name in builds}
    for run in range(repeat):  # interleaved, so the machine's noise hits all alike
        for name, (args, folder) in builds.items():
            edit(folder, run)
            wall, used = timed_cpu(args, folder)
            rows[name].append(wall)
            cpu[name].append(used)
    pages = {name: len(list((folder / "docs").rglob("*.md"))) for name, (_, folder) in builds.items()
             if name.startswith("plain")}
    for language, plain, ours in (("English and German", "plain, English + German", "trustguide, English + German"),
                                  ("English only", "plain, English", "trustguide, English only")):
        _print_rows(f"warm build, {language}, one knowledge page edited before each build ({pages[plain]} knowledge "
                    "pages in both; the guide builds its worksheets, plans, planner and References too)",
                    {plain: rows[plain], ours: rows[ours]}, plain, cpu={plain: cpu[plain], ours: cpu[ours]})


def bench_languages(tmp: Path, repeat: int) -> None:
    both = guide_copy(tmp / "guide-languages")
    english = english_only(guide_copy(tmp / "guide-english"))
    for guide in (english, both):  # fills every cache
        timed([str(BIN / "trustguide"), "build", "-d", str(tmp / f"site-{guide.name}")], guide)
    rows: dict[str, list[float]] = {"English only": [], "English and German": []}
    for run in range(repeat):  # interleaved, so the machine's noise hits both alike
        for name, guide in (("English only", english), ("English and German", both)):
            edit(guide, run)
            rows[name].append(timed([str(BIN / "trustguide"), "build", "-d", str(tmp / f"site-{guide.name}")], guide))
    _print_rows("trustguide build, warm, one page edited before each build: every language against English only",
                rows, "English only")


# ---------------------------------------------------------------------------------------------------------------------
# Save to reload under serve


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Server:
    """A `serve` process whose log is read line by line."""

    def __init__(self, args: list[str], cwd: Path, log: Path) -> None:
        self.log = log
        self.handle = log.open("w")
        self.process = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=self.handle, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, after: int, timeout: float = 300.0) -> tuple[float, str]:
        """Seconds until the log holds `pattern` past offset `after`, and the log's text from `after` to there."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            text = self.text()
            found = text.find(pattern, after)
            if found >= 0:
                return time.perf_counter() - start, text[after:found]
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped:\n{text[-3000:]}")
            time.sleep(0.02)
        raise SystemExit(f"no {pattern!r} within {timeout} s:\n{self.text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.handle.close()


POLL_SECONDS = 0.5  # MkDocs' watcher (and ProperDocs') polls the watched folders every half second
GOLDEN_FRACTION = 0.6180339887  # steps of it modulo 1 spread evenly over [0, 1) for any number of runs


def bench_serve(tmp: Path, repeat: int) -> None:
    guide = guide_copy(tmp / "serve-guide")
    plain = plain_twin(guide, tmp / "serve-plain")
    timed([str(BIN / "trustguide"), "build", "-d", str(tmp / "site-warm")], guide)  # a warm build, as an author has
    commands = {
        "plain mkdocs serve": ([str(BIN / "mkdocs"), "serve", "-a"], plain),
        "trustguide serve": ([str(BIN / "trustguide"), "serve", "-a"], guide),
    }
    rows: dict[str, list[float]] = {name: [] for name in commands}
    seen: dict[str, list[float]] = {name: [] for name in commands}  # save to "Detected file changes" (the watcher)
    pdfs: dict[str, list[str]] = {name: [] for name in commands}
    for name, (args, folder) in commands.items():
        server = _Server([*args, f"127.0.0.1:{_free_port()}"], folder, tmp / f"{name.replace(' ', '-')}.log")
        try:
            _, first = server.wait_for("Serving on", 0)
            pdfs[name].append("first build: " + _pdf_counts(first))
            for run in range(repeat):
                offset = len(server.text())
                # The watcher must see a new modification time (0.5 s), and an author saves at any moment of its
                # 0.5 s poll: saving a fixed time after each reload would put every save at the same point of the
                # poll, early for one server and late for the other by how long each rebuild takes. The same spread
                # of moments for both (a low-discrepancy sequence over one poll) gives each the same mean wait.
                time.sleep(0.5 + (run * GOLDEN_FRACTION) % 1.0 * POLL_SECONDS)
                edit(folder, 1000 + run)
                detected, _ = server.wait_for("Detected file changes", offset)
                rebuilt_in, rebuilt = server.wait_for("Reloading browsers", offset)
                rows[name].append(detected + rebuilt_in)
                seen[name].append(detected)
                pdfs[name].append(_pdf_counts(rebuilt))
        finally:
            server.stop()
    _print_rows("save-to-reload of a knowledge page under serve (from the save to 'Reloading browsers')", rows,
                "plain mkdocs serve")
    for name in commands:  # the watcher polls every 0.5 s and then waits 0.1 s for more changes, whatever builds
        print(f"  of which until the watcher saw the change, {name}: median {statistics.median(seen[name]):.2f} s, "
              f"so the rebuild itself: {statistics.median(rows[name]) - statistics.median(seen[name]):.2f} s")
    # The watcher's wait is 0 to 0.5 s by where its poll happens to be when the file is saved; the saves are spread
    # over the poll the same way for both, so the mean over the runs compares like with like, as do the rebuilds.
    plain, ours = "plain mkdocs serve", "trustguide serve"
    rebuilt = {name: [total - wait for total, wait in zip(rows[name], seen[name], strict=True)] for name in commands}
    print(f"  mean save-to-reload: {statistics.mean(rows[plain]):.2f} s plain, {statistics.mean(rows[ours]):.2f} s "
          f"trustguide, {statistics.mean(rows[ours]) / statistics.mean(rows[plain]):.2f}x; the rebuild alone "
          f"(watcher's wait taken off each run), median: {statistics.median(rebuilt[plain]):.2f} s plain, "
          f"{statistics.median(rebuilt[ours]):.2f} s trustguide, "
          f"{statistics.median(rebuilt[ours]) / statistics.median(rebuilt[plain]):.2f}x")
    for name, counts in pdfs.items():
        if name.startswith("trustguide"):
            print(f"  PDFs rendered by {name}: " + "; ".join(counts))


def _pdf_counts(log: str) -> str:
    found = re.findall(r"(Worksheet|Run sheet) PDFs: (\d+) rendered", log)
    return ", ".join(f"{kind.lower()} {count}" for kind, count in found) or "no PDF step"


# ---------------------------------------------------------------------------------------------------------------------
# Citations on corpora of several shapes and seeds

SHAPES = {
    # name: pages, entries, citations per page, paragraphs per page, extras
    "long pages, many citations, lists and tables": (80, 300, 24, 24, ("list", "table", "admonition")),
    "short pages, few citations": (300, 200, 2, 3, ()),
    "mixed pages, admonitions": (200, 300, 5, 8, ("admonition", "list")),
}


def make_shaped_corpus(root: Path, shape: tuple, seed: int) -> None:
    pages, entries, per_page, paragraphs, extras = shape
    rng = random.Random(seed)
    bib, keys = make_bib(entries, rng)
    (root / "docs").mkdir(parents=True)
    (root / "references.bib").write_text(bib, encoding="utf-8")
    uncited = set(keys)
    for n in range(pages):
        parts = [f"# Page {n}"]
        for p in range(paragraphs):
            if p and p % 3 == 0:
                parts.append(f"## Section {p // 3}")
            cites = [make_citation(keys, rng) for _ in range(per_page // paragraphs + (p < per_page % paragraphs))]
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 50))).capitalize()
            body = " ".join([text, *(f"{c}." for c in cites)])
            kind = rng.choice((*extras, "paragraph", "paragraph"))
            if kind == "list":
                parts.append("\n".join(f"- {rng.choice(WORDS).capitalize()} {c}" for c in cites or ["item"]))
                parts.append(body)
            elif kind == "table":
                rows = "\n".join(f"| {rng.choice(WORDS)} | {c} |" for c in cites or ["-"])
                parts.append(f"| Topic | Source |\n| --- | --- |\n{rows}")
            elif kind == "admonition":
                parts.append('!!! note "Note"\n    ' + body)
            else:
                parts.append(body)
        if n == pages - 1 and uncited:
            parts.append("All: [" + "; ".join(f"@{k}" for k in sorted(uncited)) + "].")
        text = "\n\n".join(parts) + "\n"
        uncited -= {k for k in keys if f"@{k}" in text}
        (root / "docs" / f"page{n:04d}.md").write_text(text, encoding="utf-8")
    base = ("site_name: Bench\ntheme:\n  name: material\n  font: false\nmarkdown_extensions:\n  - attr_list\n"
            "  - admonition\n  - tables\nplugins:\n  - search\n")
    (root / "mkdocs.plain.yml").write_text(base, encoding="utf-8")
    (root / "mkdocs.yml").write_text(base + "  - trustguide-citations:\n      bibliography: references.bib\n", encoding="utf-8")


def bench_citations(tmp: Path, repeat: int, seeds: tuple[int, ...] = (1, 2, 3)) -> None:
    print("\ncitations: corpora of three shapes, three seeds each; median seconds over seeds and runs; 'paired':")
    print("the median of each run's ratio to the plain build of the same run (steadier where the machine's speed drifts)")
    for name, shape in SHAPES.items():
        rows: dict[str, list[float]] = {"plain": [], "cold": [], "warm": []}
        cpu: dict[str, list[float]] = {"plain": [], "cold": [], "warm": []}
        for seed in seeds:
            root = tmp / f"corpus-{abs(hash(name)) % 10000}-{seed}"
            make_shaped_corpus(root, shape, seed)
            plain = strip_citations(root)
            for run in range(repeat):
                _timed_build(plain, "plain", rows, cpu)
                shutil.rmtree(root / ".cache", ignore_errors=True)
                _timed_build(root, "cold", rows, cpu)
                page = root / "docs" / "page0000.md"
                page.write_text(page.read_text(encoding="utf-8") + f"\n\nEdited {run}.\n", encoding="utf-8")
                plain_page = plain / "docs" / "page0000.md"
                plain_page.write_text(plain_page.read_text(encoding="utf-8") + f"\n\nEdited {run}.\n", encoding="utf-8")
                _timed_build(root, "warm", rows, cpu)
            shutil.rmtree(root, ignore_errors=True)
        pages, entries, per_page, _, _ = shape
        _print_rows(f"{name}: {pages} pages, {entries} entries, {per_page} citations a page", rows, "plain", cpu)


def _timed_build(folder: Path, name: str, rows: dict[str, list[float]], cpu: dict[str, list[float]]) -> None:
    """One build's wall and CPU seconds, and its ratio to the plain build of the same run."""
    wall, used = build(folder)
    rows[name].append(wall)
    cpu[name].append(used)
    if name != "plain":
        rows.setdefault(f"_paired_{name}", []).append(wall / rows["plain"][-1])


def bench_instructions(tmp: Path, seed: int = 1) -> None:
    """Instructions of one plain and one warm build of the real guide and of each citations shape, counted by
    valgrind: the same count on a busy machine as on an idle one, where wall-clock medians move by a tenth from one
    run to the next."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--part instructions needs valgrind (Debian: apt-get install valgrind)")
    mkdocs, trustguide = str(BIN / "mkdocs"), str(BIN / "trustguide")

    def counted(args: list[str], folder: Path) -> int:
        """Every process of the command (a build forks one per language), one build, one knowledge page edited."""
        if (folder / EDITED).is_file():
            edit(folder, 0)
        outs = tmp / "cachegrind"
        shutil.rmtree(outs, ignore_errors=True)
        outs.mkdir()
        subprocess.run([valgrind, "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={outs}/%p.out", *args],
                       cwd=folder, env=ENV, capture_output=True, check=True)
        return sum(int(re.search(r"^summary: (\d+)", out.read_text(encoding="utf-8"), re.M).group(1))
                   for out in outs.glob("*.out"))

    print("\ninstructions (valgrind --tool=cachegrind --cache-sim=no), one build each, every process of it; warm: "
          "the caches kept, one page edited")
    guide = guide_copy(tmp / "instructions-guide")
    english = english_only(guide_copy(tmp / "instructions-guide-en"))
    for label, ours, plain, languages in (("the guide, English and German", guide, "plain-both", ("en", "de")),
                                          ("the guide, English only", english, "plain-en", ("en",))):
        twin = plain_twin(guide, tmp / f"instructions-{plain}", languages)
        for args, folder in (([mkdocs, "build", "-q"], twin), ([trustguide, "build"], ours)):
            timed(args, folder)  # fills every cache
        base, built = counted([mkdocs, "build", "-q"], twin), counted([trustguide, "build"], ours)
        print(f"  {label}: plain {base / 1e9:.3f} G, trustguide build {built / 1e9:.3f} G, {built / base:.3f}x")
    for name, shape in SHAPES.items():
        root = tmp / f"instructions-{abs(hash(name)) % 10000}"
        make_shaped_corpus(root, shape, seed)
        plain = strip_citations(root)
        build(root)  # fills the formatting and page caches
        counts = {}
        for label, folder in (("plain", plain), ("warm", root)):
            page = folder / "docs" / "page0000.md"
            page.write_text(page.read_text(encoding="utf-8") + "\n\nEdited.\n", encoding="utf-8")
            counts[label] = counted([mkdocs, "build", "-q", "-d", str(folder / "site")], folder)
        shutil.rmtree(root, ignore_errors=True)
        pages, entries, per_page, _, _ = shape
        print(f"  {name} (seed {seed}): {pages} pages, {entries} entries, {per_page} citations a page: plain "
              f"{counts['plain'] / 1e9:.3f} G, warm {counts['warm'] / 1e9:.3f} G, {counts['warm'] / counts['plain']:.3f}x")


def _print_rows(title: str, rows: dict[str, list[float]], base: str, cpu: dict[str, list[float]] | None = None) -> None:
    reference = statistics.median(rows[base])
    print(f"\n{title}")
    for name, values in rows.items():
        if name.startswith("_"):
            continue
        median = statistics.median(values)
        runs = ", ".join(f"{v:.2f}" for v in values)
        used = ""
        if cpu:
            used = f"  CPU {statistics.median(cpu[name]):5.2f} s ({statistics.median(cpu[name]) / statistics.median(cpu[base]):4.2f}x)"
        paired = rows.get(f"_paired_{name}")
        pairs = f"  paired {statistics.median(paired):4.2f}x" if paired else ""
        print(f"  {name:28s} {median:6.2f} s  {median / reference:5.2f}x {base}{used}{pairs}   runs: {runs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["build", "serve", "languages", "citations", "instructions", "all"], default="all")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="bench-guide-") as folder:
        tmp = Path(folder)
        if args.part in ("build", "all"):
            bench_build(tmp, args.repeat)
        if args.part in ("serve", "all"):
            bench_serve(tmp, args.repeat)
        if args.part in ("languages", "all"):
            bench_languages(tmp, args.repeat)
        if args.part in ("citations", "all"):
            bench_citations(tmp, max(1, args.repeat // 2))
        if args.part == "instructions":  # not in "all": it takes minutes a shape under valgrind
            bench_instructions(tmp)


if __name__ == "__main__":
    main()
