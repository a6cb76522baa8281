"""Render many PDFs across the machine's cores, reusing any PDF whose inputs have not changed."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class PdfJob:
    """One PDF to produce: `render()` runs in a worker; `fingerprint` is a hash of everything that shapes it."""

    target: Path
    fingerprint: str
    render: Callable[[], bytes]


@dataclass(frozen=True)
class BatchResult:
    rendered: int
    reused: int


def _run(job: PdfJob) -> bytes:
    return job.render()


def render_all(jobs: Sequence[PdfJob], cache_dir: Path | None, workers: int | None = None,
               progress: bool | None = None) -> BatchResult:
    """Write every job's target; changed ones are rendered in parallel, the rest copied from the cache."""
    return render_groups([(jobs, cache_dir)], workers, progress)[0]


def render_groups(groups: Sequence[tuple[Sequence[PdfJob], Path | None]], workers: int | None = None,
                  progress: bool | None = None) -> list[BatchResult]:
    """render_all for several kinds of PDF at once, in one pool: a long job (a handbook) renders beside the short
    ones instead of after them. Jobs start in the order given, so the caller puts the longest first. One result
    per group, in their order."""
    todo: list[tuple[int, PdfJob, Path | None]] = []
    reused = [0] * len(groups)
    for index, (jobs, cache_dir) in enumerate(groups):
        for job in jobs:
            cached = cache_dir / f"{job.fingerprint}.pdf" if cache_dir else None
            if cached is not None and cached.is_file():
                _write(job.target, cached.read_bytes())
                reused[index] += 1
            else:
                todo.append((index, job, cache_dir))
    show = sys.stderr.isatty() if progress is None else progress
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    if workers == 1:
        for done, (_, job, cache_dir) in enumerate(todo, start=1):
            _store(job, job.render(), cache_dir)
            _progress(show, done, len(todo))
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed  # only when PDFs are rendered

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_run, job): (job, cache_dir) for _, job, cache_dir in todo}
            for done, future in enumerate(as_completed(futures), start=1):
                job, cache_dir = futures[future]
                _store(job, future.result(), cache_dir)
                _progress(show, done, len(todo))
    if show and todo:
        sys.stderr.write("\n")
    return [BatchResult(rendered=sum(1 for i, _, _ in todo if i == index), reused=reused[index])
            for index in range(len(groups))]


def _progress(show: bool, done: int, total: int) -> None:
    if show:
        sys.stderr.write(f"\rRendering PDFs: {done}/{total}")
        sys.stderr.flush()


def _store(job: PdfJob, data: bytes, cache_dir: Path | None) -> None:
    _write(job.target, data)
    if cache_dir is not None:
        _write(cache_dir / f"{job.fingerprint}.pdf", data)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def folder_digest(folder: Path) -> str:
    """A hash of every file under a folder (names and contents): templates shape every PDF."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """A hash of the package's own source: a change to how PDFs are made must not reuse PDFs made before it.

    Worked out once per process: the code that runs is the code that was imported (`serve` loads no edit of it)."""
    package = Path(__file__).resolve().parents[2]  # the trustguide package
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
