"""Format every bibliography entry once with pandoc's citeproc and the vendored APA 7 CSL style.

APA disambiguation (added initials, more names, 2020a/2020b) only ever concerns works whose first authors share
a surname, so entries are grouped by that surname and each group is formatted in one pandoc run together, which
keeps disambiguation site-wide and correct while pandoc's cost (which grows faster than linearly with the number
of citations in one run) stays small. Groups are packed into batches that run in parallel, and each group's
result is cached on disk by a hash of its entries, the style and the pandoc version.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import os
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from trustguide.bibliography import Bibliography, Entry

BATCH_SIZE = 60
_SEPARATOR = "TGSEPARATOR"
_STYLE_NAME = "apa.csl"


@dataclass(frozen=True)
class FormattedWork:
    """The APA pieces of one work, as HTML fragments produced by the CSL processor."""

    key: str
    author: str  # "Dirks &amp; Ferrin" (parenthetical form, without the year)
    year: str  # "2002", "2020a", "n.d."
    narrative_author: str  # "Dirks and Ferrin"
    entry: str  # the reference-list entry


@cache
def style_path() -> Path:
    return Path(str(resources.files("trustguide") / "styles" / _STYLE_NAME))


@cache
def _engine_fingerprint() -> str:
    digest = hashlib.sha256(style_path().read_bytes())
    digest.update(importlib.metadata.version("pypandoc-binary").encode())  # pins the bundled pandoc
    return digest.hexdigest()


def _group_digest(entries: list[Entry]) -> str:
    digest = hashlib.sha256(_engine_fingerprint().encode())
    for entry in entries:
        digest.update(entry.csl_ready_raw().encode("utf-8"))
    return digest.hexdigest()[:32]


def _sort_text(fragment: str) -> str:
    """Plain, accent-free, case-folded text of an entry: APA's letter-by-letter order for sorting units."""
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^(a|an|the)\s+", "", text)
    return re.sub(r"[^\w\s]", "", text)


def _run_pandoc(entries: list[Entry]) -> tuple[dict[str, FormattedWork], list[str]]:
    """One citeproc run over some groups: returns each work's pieces and the style's order of the entries."""
    import pypandoc  # only needed when something is not in the cache

    body = f"\n\n{_SEPARATOR}\n\n".join(f"[@{{{e.key}}}]\n\n[-@{{{e.key}}}]\n\n@{{{e.key}}}" for e in entries)
    with tempfile.TemporaryDirectory(prefix="trustguide-citeproc-") as tmp:
        bib = Path(tmp, "batch.bib")
        bib.write_text("\n\n".join(e.csl_ready_raw() for e in entries), encoding="utf-8")
        result = subprocess.run(
            [
                pypandoc.get_pandoc_path(),
                "--from=markdown",
                "--to=html",
                "--wrap=none",
                "--citeproc",
                f"--csl={style_path()}",
                f"--bibliography={bib}",
                "--metadata=lang:en-US",
                "--metadata=link-citations:false",
                "--metadata=suppress-bibliography:false",
            ],
            input=body,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"pandoc failed to format the bibliography: {result.stderr.strip()}")
    output = result.stdout
    refs_at = output.find('<div id="refs"')
    cited, refs = output[:refs_at], output[refs_at:]
    found = re.findall(r'<div id="ref-(.+?)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>', refs, re.DOTALL)
    entries_html = {html.unescape(key): entry for key, entry in found}
    order = [html.unescape(key) for key, _ in found]
    chunks = cited.split(f"<p>{_SEPARATOR}</p>")
    works: dict[str, FormattedWork] = {}
    for entry, chunk in zip(entries, chunks, strict=True):
        spans = re.findall(r'<span class="citation"[^>]*>(.*?)</span>', chunk, re.DOTALL)
        parenthetical, year_only, narrative = (s.strip() for s in spans)
        year = year_only.removeprefix("(").removesuffix(")")
        inner = parenthetical.removeprefix("(").removesuffix(")")
        author = inner[: -len(year)].rstrip().rstrip(",") if inner.endswith(year) else inner
        narrative_author = narrative[: narrative.rfind("(")].strip() if "(" in narrative else narrative
        # APA 7 joins the last two authors with "and" in running text, "&" only in parentheses; CSL 1.0
        # has one name form for both, so the narrative form gets its "and" here.
        narrative_author = re.sub(r",? &amp; ", lambda m: ", and " if m.group(0).startswith(",") else " and ", narrative_author)
        works[entry.key] = FormattedWork(entry.key, author, year, narrative_author, entries_html[entry.key])
    return works, order


def _batches(groups: list[list[Entry]]) -> list[list[list[Entry]]]:
    batches: list[list[list[Entry]]] = []
    size = 0
    for group in groups:
        if not batches or size + len(group) > BATCH_SIZE:
            batches.append([])
            size = 0
        batches[-1].append(group)
        size += len(group)
    return batches


def _groups(entries: Iterable[Entry]) -> list[list[Entry]]:
    """Works that APA could disambiguate against each other; title-first works each stand alone."""
    by_group: dict[str, list[Entry]] = {}
    for entry in entries:
        group = entry.disambiguation_group or f"\0{entry.key}"
        by_group.setdefault(group, []).append(entry)
    return list(by_group.values())


def format_bibliography(bibliography: Bibliography, cache_dir: Path | None) -> list[FormattedWork]:
    """Every entry formatted in APA 7, in reference-list order; an unchanged bibliography is read back whole."""
    whole_digest = hashlib.sha256((_engine_fingerprint() + bibliography.digest).encode()).hexdigest()[:32]
    whole = _read_cache(cache_dir, f"all-{whole_digest}") if bibliography.digest else None
    if whole is not None and [w.key for w in whole] and {w.key for w in whole} == set(bibliography.entries):
        return whole
    works = _format_groups(bibliography, cache_dir)
    if bibliography.digest:
        _write_cache(cache_dir, f"all-{whole_digest}", works)
    return works


def _format_groups(bibliography: Bibliography, cache_dir: Path | None) -> list[FormattedWork]:
    groups = _groups(bibliography.entries.values())
    results: dict[int, list[FormattedWork]] = {}
    todo: list[tuple[int, list[Entry], str]] = []
    for index, group in enumerate(groups):
        digest = _group_digest(group)
        cached = _read_cache(cache_dir, digest)
        if cached is not None and {w.key for w in cached} == {e.key for e in group}:
            results[index] = cached
        else:
            todo.append((index, group, digest))
    if todo:
        batches = _batches([group for _, group, _ in todo])
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            outputs = list(pool.map(lambda batch: _run_pandoc([e for g in batch for e in g]), batches))
        works: dict[str, FormattedWork] = {}
        position: dict[str, int] = {}
        for batch_works, order in outputs:
            works.update(batch_works)
            position.update({key: i for i, key in enumerate(order)})
        for index, group, digest in todo:
            ordered = sorted((works[e.key] for e in group), key=lambda w: position[w.key])
            results[index] = ordered
            _write_cache(cache_dir, digest, ordered)
    units = [results[i] for i in range(len(groups))]
    units.sort(key=lambda unit: _sort_text(unit[0].entry))
    return [work for unit in units for work in unit]


def _read_cache(cache_dir: Path | None, digest: str) -> list[FormattedWork] | None:
    if cache_dir is None:
        return None
    path = cache_dir / f"{digest}.json"
    try:
        return [FormattedWork(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None


def _write_cache(cache_dir: Path | None, digest: str, works: list[FormattedWork]) -> None:
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"{digest}.json"
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps([asdict(w) for w in works], ensure_ascii=False), encoding="utf-8")
    temporary.replace(target)
