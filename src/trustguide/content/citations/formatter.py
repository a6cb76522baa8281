"""Format every bibliography entry once with pandoc's citeproc and the vendored APA 7 CSL style.

APA disambiguation (added initials, more names, 2020a/2020b) only ever concerns works whose first authors share
a surname, so entries are grouped by that surname and each group is formatted in one citeproc run together, which
keeps disambiguation site-wide and correct while citeproc's cost (which grows faster than linearly with the number
of citations in one run) stays small. Groups are packed into batches of about BATCH_SIZE entries; one pandoc
process per CPU formats a share of the batches, one citeproc run each (citeproc_reader.py), since starting pandoc
costs more than formatting a batch. Each group's result is cached on disk by a hash of its entries, the style,
the pandoc version and the reader.
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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache, partial
from importlib import resources
from pathlib import Path

from trustguide.content.bibliography import Bibliography, Entry
from trustguide.content.citations.citeproc_reader import BATCH_SEPARATOR, READER_LUA, write_reader

BATCH_SIZE = 40  # entries per citeproc run; per entry about the same from 30 to 80, more per entry below 20
_SEPARATOR = "TGSEPARATOR"
# A 64 MB allocation area for pandoc's garbage collector: fewer collections, 8% less pandoc time on 300 entries
# (0.69 s against 0.75 s, fastest of 3). A whole cold build hides pandoc behind MkDocs, and there the difference
# was within the noise (1.23x to 1.26x plain for -A1m to -A64m, median of 6 each).
_PANDOC_RUNTIME = ("+RTS", "-A64m", "-RTS")
_STYLE_NAME = "apa.csl"
_RETRIEVED_WITHOUT_DATE = re.compile(r"(?:Retrieved|Abgerufen) (<a href=)")  # the style's word, per locale


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
    digest.update(READER_LUA.encode())
    return digest.hexdigest()


def _group_digest(bibliography: Bibliography, entries: list[Entry], lang: str = "en-US") -> str:
    """What pandoc reads for a group: its entries, their crossref and xdata parents and the @string macros."""
    digest = hashlib.sha256((_engine_fingerprint() + ("" if lang == "en-US" else lang)).encode())
    digest.update(bibliography.pandoc_text(entries).encode("utf-8"))
    return digest.hexdigest()[:32]


def _sort_text(fragment: str) -> str:
    """Plain, accent-free, case-folded text of an entry: APA's letter-by-letter order for sorting units."""
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^(a|an|the)\s+", "", text)
    return re.sub(r"[^\w\s]", "", text)


def _run_pandoc(bibliography: Bibliography, batches: list[list[Entry]],
                lang: str = "en-US") -> list[tuple[dict[str, FormattedWork], list[str]]]:
    """One pandoc process, one citeproc run per batch: each work's pieces and the style's order, per batch."""
    import pypandoc  # only needed when something is not in the cache

    with tempfile.TemporaryDirectory(prefix="trustguide-citeproc-") as tmp:
        runs = []
        for number, entries in enumerate(batches):
            bib = Path(tmp, f"batch{number}.bib")  # .bib: read as BibLaTeX, as `pandoc --bibliography` does
            bib.write_text(bibliography.pandoc_text(entries), encoding="utf-8")
            runs.append({"bibliography": str(bib), "keys": [e.key for e in entries]})
        spec = {"csl": str(style_path()), "lang": lang, "separator": _SEPARATOR, "batches": runs}
        result = subprocess.run(
            [pypandoc.get_pandoc_path(), f"--from={write_reader(Path(tmp))}", "--to=html", "--wrap=none", *_PANDOC_RUNTIME],
            input=json.dumps(spec),
            capture_output=True,
            text=True,
            check=False,
        )
    outputs = result.stdout.split(BATCH_SEPARATOR)
    if result.returncode != 0 or len(outputs) != len(batches) + 1:
        raise RuntimeError(f"pandoc failed to format the bibliography: {result.stderr.strip()}")
    return [_parse_batch(entries, output, lang) for entries, output in zip(batches, outputs[:-1], strict=True)]


def _parse_batch(entries: list[Entry], output: str, lang: str = "en-US") -> tuple[dict[str, FormattedWork], list[str]]:
    """The pieces of each work from one batch's HTML, and the order of the batch's reference list."""
    refs_at = output.find('<div id="refs"')
    cited, refs = output[:refs_at], output[refs_at:]
    found = re.findall(r'<div id="ref-(.+?)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>', refs, re.DOTALL)
    entries_html = {html.unescape(key): entry for key, entry in found}
    order = [html.unescape(key) for key, _ in found]
    chunks = cited.split(f"<p>{_SEPARATOR}</p>")
    works: dict[str, FormattedWork] = {}
    for entry, chunk in zip(entries, chunks, strict=True):
        # Each citation is a paragraph of its own: the span closing the paragraph is the citation's own.
        spans = re.findall(r'<p><span class="citation"[^>]*>(.*?)</span></p>', chunk, re.DOTALL)
        parenthetical, year_only, narrative = (s.strip() for s in spans)
        year = year_only.removeprefix("(").removesuffix(")")
        inner = parenthetical.removeprefix("(").removesuffix(")")
        # A legal work keeps its name even with the author suppressed: its name and year are then one "year".
        author = inner[: -len(year)].rstrip().rstrip(",") if inner.endswith(year) else inner
        narrative_author = narrative[: narrative.rfind("(")].strip() if "(" in narrative else narrative
        # APA 7 joins the last two authors with "and" in running text, "&" only in parentheses; CSL 1.0
        # has one name form for both, so the narrative form gets its "and" here.
        narrative_author = re.sub(r",? &amp; ", partial(_narrative_and, lang), narrative_author)
        # APA 9.16: "Retrieved" goes with a retrieval date ("Retrieved May 6, 2024, from URL"); the style prints it
        # alone before the URL of an undated work that has none.
        reference = _RETRIEVED_WITHOUT_DATE.sub(r"\1", entries_html[entry.key])
        works[entry.key] = FormattedWork(entry.key, author, year, narrative_author, reference)
    return works, order


def _narrative_and(lang: str, match: re.Match[str]) -> str:
    """The word APA puts between the last two authors in running text (CSL has "&" for both), from the citation
    locale's own list patterns (Babel's CLDR data): " and " for two, ", and " after a list in en-US (APA's serial
    comma), " und " in German, " et " in French; no language is named here."""
    return _list_joins(lang)[1 if match.group(0).startswith(",") else 0]  # ", &" ends a list of three or more


@cache
def _list_joins(lang: str) -> tuple[str, str]:
    """(between two names, before the last of three or more) in the locale's list patterns."""
    from babel.lists import format_list

    locale = lang.replace("-", "_")
    two = format_list(["\x01", "\x02"], locale=locale)
    more = format_list(["\x01", "\x02", "\x03"], locale=locale)
    return two[two.index("\x01") + 1: two.index("\x02")], more[more.index("\x02") + 1: more.index("\x03")]


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


def _whole_digest(bibliography: Bibliography, lang: str = "en-US") -> str:
    return hashlib.sha256((_engine_fingerprint() + bibliography.digest + ("" if lang == "en-US" else lang))
                          .encode()).hexdigest()[:32]


def _read_whole(bibliography: Bibliography, cache_dir: Path | None, lang: str = "en-US") -> list[FormattedWork] | None:
    whole = _read_cache(cache_dir, f"all-{_whole_digest(bibliography, lang)}") if bibliography.digest else None
    if whole is not None and [w.key for w in whole] and {w.key for w in whole} == set(bibliography.entries):
        return whole
    return None


def format_bibliography(bibliography: Bibliography, cache_dir: Path | None, processes: int | None = None,
                        lang: str = "en-US") -> list[FormattedWork]:
    """Every entry formatted in APA 7, in reference-list order; an unchanged bibliography is read back whole.

    processes: how many pandoc processes share the work (one per CPU unless told).
    lang: the CSL locale ("de-DE": o. J., Hrsg., Aufl., S.); the cache is kept per locale.
    """
    whole = _read_whole(bibliography, cache_dir, lang)
    if whole is not None:
        return whole
    works = _format_groups(bibliography, cache_dir, processes or os.cpu_count() or 1, lang)
    if bibliography.digest:
        _write_cache(cache_dir, f"all-{_whole_digest(bibliography, lang)}", works)
    return works


def format_in_background(bibliography: Bibliography, cache_dir: Path | None,
                         lang: str = "en-US") -> Future[list[FormattedWork]]:
    """format_bibliography, started now and joined when the result is needed.

    The work is pandoc processes, which leave the interpreter free: a build starts it before MkDocs renders the
    pages, so formatting overlaps MkDocs' own work. A cached bibliography is read at once, without a thread.
    """
    whole = _read_whole(bibliography, cache_dir, lang)
    if whole is not None:
        done: Future[list[FormattedWork]] = Future()
        done.set_result(whole)
        return done
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trustguide-citeproc")
    # One CPU is left to MkDocs, which renders the pages meanwhile: a pandoc process on every CPU would make the
    # two compete, and the build wait for both (measured: 2.75 s against 2.09 s with a warm cache, realistic corpus).
    processes = max(1, (os.cpu_count() or 1) - 1)
    future = executor.submit(format_bibliography, bibliography, cache_dir, processes, lang)
    executor.shutdown(wait=False)  # the thread ends after its one task
    return future


def _format_groups(bibliography: Bibliography, cache_dir: Path | None, processes: int,
                   lang: str = "en-US") -> list[FormattedWork]:
    groups = _groups(bibliography.entries.values())
    results: dict[int, list[FormattedWork]] = {}
    todo: list[tuple[int, list[Entry], str]] = []
    for index, group in enumerate(groups):
        digest = _group_digest(bibliography, group, lang)
        cached = _read_cache(cache_dir, digest)
        if cached is not None and {w.key for w in cached} == {e.key for e in group}:
            results[index] = cached
        else:
            todo.append((index, group, digest))
    if todo:
        batches = [[e for g in batch for e in g] for batch in _batches([group for _, group, _ in todo])]
        processes = min(processes, len(batches))
        per_process = -(-len(batches) // processes)
        streams = [batches[i : i + per_process] for i in range(0, len(batches), per_process)]
        with ThreadPoolExecutor(max_workers=len(streams)) as pool:
            outputs = [output for stream in pool.map(lambda s: _run_pandoc(bibliography, s, lang), streams) for output in stream]
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
