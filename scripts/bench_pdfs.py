"""Benchmark worksheet PDF rendering: PDFs per second cold (serial and parallel), and a warm rebuild with the cache.

Everything is measured side by side in one run. Usage: .venv/bin/python scripts/bench_pdfs.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from trustguide.content.bibliography import load_bibliography  # noqa: E402
from trustguide.content.worksheets.loader import load_worksheets  # noqa: E402
from trustguide.output.pdf.batch import PdfJob, render_all  # noqa: E402
from trustguide.output.worksheets.printing import worksheet_pdf_bytes  # noqa: E402


def jobs(out: Path) -> list[PdfJob]:
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    worksheets = load_worksheets(ROOT / "worksheets", ROOT, load_bibliography(ROOT / "references.bib").entries, pages)
    return [
        PdfJob(out / f"{w.id}-{paper}.pdf", f"{w.id}-{paper}",
               partial(worksheet_pdf_bytes, w, ROOT / "templates", paper, "https://trustguide.example.org/"))
        for w in worksheets for paper in ("a4", "letter")
    ]


def timed_batch(workers: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        batch = jobs(Path(tmp))
        start = time.perf_counter()
        render_all(batch, Path(tmp) / "cache", workers=workers, progress=False)
        return time.perf_counter() - start, len(batch)


def timed_build(folder: Path) -> tuple[float, str]:
    """The build's wall-clock seconds and its log (where the handbook plugin says what it rendered, and how long)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).parent / "trustguide"), "build"], cwd=folder, env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return time.perf_counter() - start, result.stderr


def handbook_lines(log: str) -> list[str]:
    """The handbook plugin's line of each language's build: PDFs rendered and reused, and the seconds it took."""
    return [line.split("trustguide: ", 1)[-1] for line in log.splitlines() if "Handbook PDFs:" in line]


def main() -> None:
    serial, count = timed_batch(1)
    parallel, _ = timed_batch(os.cpu_count() or 1)
    print(f"{count} worksheet PDFs (A4 and Letter), {os.cpu_count()} cores")
    print(f"  cold, serial:   {serial:6.2f} s  {count / serial:5.2f} PDFs/s")
    print(f"  cold, parallel: {parallel:6.2f} s  {count / parallel:5.2f} PDFs/s  speed-up {serial / parallel:.2f}x")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "guide"
        project.mkdir()
        for part in ("mkdocs.yml", "docs", "overrides", "templates", "references.bib", "worksheets", "plans",
                     "translations"):
            source = ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
        cold, cold_log = timed_build(project)
        warm, warm_log = timed_build(project)
        page = project / "docs" / "glossary.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        edited, edited_log = timed_build(project)
        print(f"  full build, empty cache:          {cold:6.2f} s")
        print(f"  rebuild, nothing changed:         {warm:6.2f} s  ({warm / cold:.2f}x cold)")
        print(f"  rebuild, one page edited:         {edited:6.2f} s  ({edited / cold:.2f}x cold; no worksheet PDF "
              "re-rendered; the handbook, which holds the page, is)")
        for name, log in (("empty cache", cold_log), ("nothing changed", warm_log), ("one page edited", edited_log)):
            for line in handbook_lines(log):
                print(f"  handbook, {name}: {line}")


if __name__ == "__main__":
    main()
