"""Run every source check of a guide and collect all problems, each at its file and line.

Nothing is rendered: this reads the same sources a build reads, with the same loaders, so it finds the same
mistakes in a fraction of the time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

from trustguide.content.citations.scanner import scan_citations
from trustguide.content.citations.unknown import unknown_key_error
from trustguide.content.definitions.yamlfile import NESTED_TOO_DEEPLY, nesting_line, parse_located_yaml, yaml_error
from trustguide.content.languages import RECORD, SOURCE, language_record
from trustguide.content.languages.catalog import compiled_catalog, load_catalog
from trustguide.content.pages.frontmatter import FRONT_MATTER, key_line, unsafe_markup_problems, validate_front_matter
from trustguide.content.pages.snippets import SnippetChecker
from trustguide.core.errors import Location, TrustGuideError, TrustGuideErrors, display_path
from trustguide.core.sources import PAGE_LIMIT, YAML_LIMIT, read_source
from trustguide.guide.config import GuideConfig
from trustguide.guide.model import SETTINGS_FILE, make_guide
from trustguide.guide.site_paths import generated_pages, generated_pdfs, unknown_ids_message
from trustguide.output.checks.glossary import check_glossary
from trustguide.output.checks.kept import KeptChecks, PageFacts, as_problems, located, raised
from trustguide.output.checks.links import internal_links, page_anchors
from trustguide.output.rendering.templates import environment

ABBREVIATIONS = "includes/abbreviations.md"
GLOSSARY = "glossary.md"


@dataclass
class Report:
    problems: list[TrustGuideError] = field(default_factory=list)
    bibliography_problems: int = 0  # how many of the problems are in the bibliography (they come first)
    bibliography: str = ""  # the paths, as shown, of the bibliographies with problems
    pages: int = 0
    worksheets: int = 0
    plans: int = 0
    references: int = 0
    seconds: float = 0.0
    # The organisation's settings that could not be read: its pages, references, worksheets and plans were not
    # checked (their prefix and parts depend on the settings), which the summary says.
    unread_settings: str = ""

    def collect(self, check: Callable[[], object]) -> object | None:
        """Run one check; its located errors join the report instead of stopping the others."""
        try:
            return check()
        except TrustGuideErrors as exc:
            self.problems.extend(exc.problems)
        except TrustGuideError as exc:
            self.problems.append(exc)
        return None


@dataclass(frozen=True)
class Page:
    uri: str  # docs-relative, e.g. peer-coaching/norms.md
    path: Path
    display: str
    source: str


# The loader MkDocs reads front matter with (libyaml's where PyYAML has it): the same values as the build reads,
# and the pure-Python parser was two fifths of the checks every build starts with.
_FRONT_MATTER_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _front_matter(page: Page) -> tuple[dict, int]:
    """The page's front matter and how many lines it takes (citations in the body are counted after them)."""
    match = FRONT_MATTER.match(page.source)
    if not match:
        return {}, 0
    too_deep = nesting_line(match.group(1))
    if too_deep is not None:  # libyaml would crash on 50,000 '['
        raise TrustGuideError(Location(page.display, too_deep + 1), f"front matter: {NESTED_TOO_DEEPLY}")
    try:
        data = yaml.load(match.group(1), Loader=_FRONT_MATTER_LOADER)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, match.group(1), page.display, 2, "front matter is not valid YAML") from exc
    body = page.source[match.end():].lstrip("\n")
    return (data if isinstance(data, dict) else {}), page.source[: len(page.source) - len(body)].count("\n")


def run_checks(config: GuideConfig) -> Report:
    """Every problem of the guide's sources, as the build of `config` would meet them (config: mkdocs.yml as the
    engine adapter read it)."""
    started = time.perf_counter()
    report = Report()
    root = config.root
    docs = config.docs_dir

    # The guide as the build sees it: the organisation's folder, its pages, references, worksheets and plans.
    assembly = report.collect(lambda: make_guide(config, report.problems))
    if assembly is None:
        # No guide to check (the organisation folder is missing, say): its pages would be checked without their
        # references, worksheets and plans, and every citation reported as unknown would bury the one cause.
        report.seconds = time.perf_counter() - started
        return report
    if assembly.settings is None and assembly.org_dir is not None:  # type: ignore[union-attr]
        report.unread_settings = next((p.location.path for p in report.problems
                                       if p.location.path.endswith(SETTINGS_FILE)), SETTINGS_FILE)
    report.problems.extend(assembly.clashes())  # type: ignore[union-attr]
    report.problems.extend(assembly.unsafe_files())  # type: ignore[union-attr]
    sources = assembly.pages()  # type: ignore[union-attr]
    pages = [Page(uri, source.path, source.display, text) for uri, source in sources.items()
             if (text := report.collect(lambda s=source: read_source(s.path, s.display, PAGE_LIMIT, "a page")))
             is not None]  # a page that cannot be read is one message, and is not checked further
    report.pages = len(sources)
    uris = set(sources)
    snippets = SnippetChecker(dict(config.snippets), root) if config.snippets is not None else None
    left_out = assembly.left_out_pages()  # type: ignore[union-attr]

    citations = config.bibliography
    bibliography = None
    bib_keys: set[str] = set()
    containers: frozenset[str] = frozenset()
    bibliography_files = {s.display for s in assembly.bibliographies}  # type: ignore[union-attr]
    if citations is not None:
        # The parsed bibliography is cached by content, as the build caches it: an unchanged file is parsed once.
        cache = config.citations_cache
        bibliography = report.collect(lambda: assembly.read_bibliography(cache))  # type: ignore[union-attr]
        if bibliography is not None:
            report.problems.extend(bibliography.problems)  # type: ignore[attr-defined]
            # An entry reported as unusable is still known: citing it is not a second mistake.
            bib_keys = set(bibliography.known_keys)  # type: ignore[attr-defined]
            containers = bibliography.containers  # type: ignore[attr-defined]
            report.references = len(bibliography.entries)  # type: ignore[attr-defined]

    worksheet_ids: set[str] = set()
    sheets = config.worksheets
    loaded_worksheets: list = []
    if sheets is not None and assembly.worksheets_enabled:  # type: ignore[union-attr]
        loaded_worksheets = report.collect(lambda: assembly.load_worksheets(bib_keys)) or []  # type: ignore[union-attr]
        worksheet_ids = {w.id for w in loaded_worksheets} if loaded_worksheets else assembly.worksheet_ids()  # type: ignore
        report.worksheets = len(loaded_worksheets) if loaded_worksheets else len(worksheet_ids)
        report.collect(lambda: _check_templates(sheets.templates, root))
    plan_ids: set[str] = set()
    plans = None
    sessions = config.plans
    if sessions is not None and assembly.plans_enabled:  # type: ignore[union-attr]
        plans = report.collect(lambda: assembly.load_plans(bib_keys, loaded_worksheets))  # type: ignore[union-attr]
        plan_ids = ({p.id for p in plans} if plans else  # type: ignore[union-attr]
                    assembly.plan_ids())  # type: ignore[union-attr]
        report.plans = len(plans) if plans else len(plan_ids)  # type: ignore[arg-type]
    # What each file says by itself, kept between runs for an unchanged file (kept.py).
    kept = KeptChecks(config.checks_cache / f"checks-{assembly.language}.marshal"  # type: ignore[union-attr]
                      if config.checks_cache is not None else None)
    _check_translations(config, assembly, bib_keys, loaded_worksheets, report, kept)
    sheets = sheets if assembly.worksheets_enabled else None  # type: ignore[union-attr]
    sessions = sessions if assembly.plans_enabled else None  # type: ignore[union-attr]

    generated = generated_pages(assembly, worksheet_ids, plan_ids)  # type: ignore[arg-type]
    # What each page says by itself, kept between runs for an unchanged page; checked across pages below.
    facts = {p.uri: kept.page(f"page|{citations is not None}", p.source, f"{p.uri}\0{p.display}",
                              lambda p=p: _page_facts(p, citations is not None)) for p in pages}
    anchors = {uri: found.anchors for uri, found in facts.items()}
    if citations is not None:
        anchors["references.md"] = {f"ref-{key}" for key in bib_keys}
    static = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.suffix != ".md"}
    static |= set(assembly.organisation_files())  # type: ignore[union-attr]
    static |= generated_pdfs(config, worksheet_ids if sheets else (), plan_ids if sessions else ())
    static.add("references.bib")

    # What the build counts as cited: its pages (the generated ones cite their worksheet's or plan's basis) and the
    # pages of a part left out, whose works are not the author's mistake.
    cited: set[str] = {key for item in [*loaded_worksheets, *(plans or ())] for key in item.basis}  # type: ignore[union-attr]
    if citations is not None and left_out:
        guide_pages = assembly.guide_pages()  # type: ignore[union-attr]
        cited |= {item.key for uri in left_out for cluster in scan_citations(report.collect(
            lambda uri=uri: read_source(guide_pages[uri].path, guide_pages[uri].display, PAGE_LIMIT, "a page")) or "")
                  for item in cluster.items}
    known_ids = {"worksheets": worksheet_ids if sheets else None, "session_plans": plan_ids if sessions else None}
    for page in pages:
        found = facts[page.uri]
        if found.unreadable is not None:
            report.problems.extend(as_problems(found.unreadable))
            continue
        offset = found.offset
        report.problems.extend(as_problems(found.problems))
        report.problems.extend(unsafe_markup_problems(page.source, page.display))  # the build reads it too: shared
        for key, wanted, line in found.wanted:
            known = known_ids[key]
            unknown = [i for i in wanted if known is not None and i not in known]
            if unknown:
                report.problems.append(TrustGuideError(Location(page.display, line),
                                                       unknown_ids_message(key, unknown, known or ())))
        if snippets is not None:  # not kept: what it finds depends on the files a page includes
            body = page.source.split("\n", offset)[-1] if offset else page.source
            report.problems.extend(snippets.problems(body, page.display, offset + 1))
        if citations is not None:
            for key, line in found.citations:
                cited.add(key)
                if key in containers:
                    report.problems.append(TrustGuideError(Location(page.display, line),
                                                           f"'@{key}' is an @xdata entry, which only lends "
                                                           "fields to other entries; cite a work instead"))
                elif key not in bib_keys:
                    report.problems.append(unknown_key_error(key, Location(page.display, line), bib_keys))
        for link in found.links:
            # A link to a page of a part left out is not a mistake: the build shows its text without the link.
            report.problems.extend(_check_link(link, page, uris | left_out | generated, static, anchors))

    for translated in assembly.translation_pages():  # type: ignore[union-attr]
        text = report.collect(lambda t=translated: read_source(t.path, t.display, PAGE_LIMIT, "a page"))
        if text is not None and snippets is not None:
            report.problems.extend(snippets.problems(text, translated.display))  # type: ignore[arg-type]
    for definition in assembly.translation_definitions():  # type: ignore[union-attr]
        # Read as their builds read them; validated by those builds.
        if definition.path.name == RECORD:
            report.collect(lambda d=definition: language_record(d.path.parent.name, d.path.parent.parent))
        else:
            report.problems.extend(_definition_problems(definition, kept))
    for tooltips in assembly.tooltips:  # type: ignore[union-attr]
        # The organisation's terms are defined on its own glossary page, if it has one, else on the guide's.
        own = tooltips.path.parent.parent / GLOSSARY if tooltips.organisation else None
        glossary = own if own is not None and own.is_file() else docs / GLOSSARY
        terms = report.collect(lambda t=tooltips: read_source(t.path, t.display, PAGE_LIMIT, "a page"))
        try:
            defined = read_source(glossary, "", PAGE_LIMIT, "a page") if glossary.is_file() else None
        except TrustGuideError:
            continue  # reported with the pages
        if terms is not None:
            report.problems.extend(check_glossary(terms, tooltips.display, defined))  # type: ignore[arg-type]
    if bibliography is not None and not report.problems and assembly.language == SOURCE:  # type: ignore[union-attr]
        # Only on an otherwise clean guide, as the build (which stops at the first mistake) and as its English
        # build: a page that failed to load would make the works it cites look uncited.
        report.problems.extend(bibliography.uncited(cited))  # type: ignore[attr-defined]
    kept.save()
    # Each problem once: a translation's build reads some of the same files as the English one.
    report.problems = list({str(p): p for p in report.problems}.values())
    # The bibliography's problems first: a broken entry explains what would otherwise look wrong elsewhere.
    report.problems.sort(key=lambda p: (p.location.path not in bibliography_files, p.location.path, p.location.line or 0))
    in_bibliographies = [p.location.path for p in report.problems if p.location.path in bibliography_files]
    report.bibliography_problems = len(in_bibliographies)
    report.bibliography = ", ".join(sorted(set(in_bibliographies)))  # the files with problems, not every one read
    report.seconds = time.perf_counter() - started
    return report


def _check_translations(config: GuideConfig, assembly, bib_keys: set[str], worksheets: list, report: Report,
                        kept: KeptChecks) -> None:
    """Each published translation as its build reads it: its worksheets and plans (which may not drop what the
    English definition promises, such as anonymity), and its pages' front matter and markup. Only what is wrong in a
    translation's own files is reported here: the rest is the English pass's."""
    if config.translations is None or report.unread_settings:
        return
    for language in assembly.published_languages:
        if language == SOURCE or language == assembly.language:
            continue
        found = Report()
        translated = found.collect(lambda language=language: make_guide(config.for_language(language)))
        if translated is None:
            continue
        if assembly.worksheets_enabled:
            found.collect(lambda translated=translated: translated.load_worksheets(bib_keys))
        if assembly.plans_enabled:
            found.collect(lambda translated=translated: translated.load_plans(bib_keys, worksheets))
        for uri in assembly.pages():
            path = translated.translated_page(uri)
            if path is None:
                continue
            display = display_path(path, assembly.root)
            text = found.collect(lambda path=path, display=display: read_source(path, display, PAGE_LIMIT, "a page"))
            if text is None:
                continue  # said where the translations' pages are read
            page = Page(uri, path, display, text)  # type: ignore[arg-type]
            found.problems.extend(kept.problems("translated-page", page.source, page.display,
                                                lambda page=page: _translated_page_problems(page)))
        own = f"translations/{language}/"
        report.problems.extend(p for p in found.problems if own in p.location.path)


def _page_facts(page: Page, citations: bool) -> PageFacts:
    """What a page of the guide says by itself: its own problems, and what the checks across pages need."""
    anchors = page_anchors(page.source)
    unreadable = Report()
    meta = unreadable.collect(lambda: _front_matter(page))
    if meta is None:
        return PageFacts(located(unreadable.problems), [], [], 0, [], [], anchors)
    data, offset = meta  # type: ignore[misc]
    wanted = []
    for key in ("worksheets", "session_plans"):
        ids = [i for i in data.get(key) or [] if isinstance(i, str)]
        wanted.append((key, ids, key_line(page.source, key) if ids else 1))
    body = page.source.split("\n", offset)[-1] if offset else page.source
    cited = [(item.key, cluster.line + offset) for cluster in scan_citations(body) for item in cluster.items] \
        if citations else []
    return PageFacts(None, located(validate_front_matter(data, page.source, page.display)), wanted, offset, cited,
                     internal_links(body, page.uri, offset), anchors)


def _translated_page_problems(page: Page) -> list[TrustGuideError]:
    """A translated page's own problems: its front matter, and markup that would run or fetch."""
    found = Report()
    meta = found.collect(lambda: _front_matter(page))
    if meta is not None:
        found.problems.extend(validate_front_matter(meta[0], page.source, page.display))  # type: ignore[index]
    return [*found.problems, *unsafe_markup_problems(page.source, page.display)]


def _definition_problems(definition, kept: KeptChecks) -> list[TrustGuideError]:
    """A translation's worksheet, plan or catalog read as its build reads it (which validates it): the problems of
    its text, kept for that text."""
    found = Report()
    if definition.path.suffix == ".po":
        if not definition.path.is_file():
            found.collect(lambda: load_catalog(definition.path, definition.display))
            return found.problems
        shown = definition.display or str(definition.path)
        text = found.collect(lambda: read_source(definition.path, shown, YAML_LIMIT, "a catalog"))
        if text is not None:
            found.problems.extend(kept.problems("catalog", text, shown,  # type: ignore[arg-type]
                                                lambda: raised(lambda: compiled_catalog(text, shown))))
        return found.problems
    text = found.collect(lambda: read_source(definition.path, definition.display, YAML_LIMIT, "a YAML file"))
    if text is not None:
        found.problems.extend(kept.problems("yaml", text, definition.display,  # type: ignore[arg-type]
                                            lambda: raised(lambda: parse_located_yaml(text, definition.display))))
    return found.problems


def _check_link(link, page: Page, pages: set[str], static: set[str], anchors: dict[str, set[str]]) -> list[TrustGuideError]:
    where = Location(page.display, link.line)
    target = link.target or page.uri
    if link.image:
        if target not in static:
            return [TrustGuideError(where, f"image '{link.written}' not found; add the file under docs/ or fix the path")]
        return []
    if target.endswith(".md") or not link.target:
        if target not in pages:
            return [TrustGuideError(where, f"link to '{link.written}', a page that does not exist")]
        if link.anchor and target in anchors and link.anchor not in anchors[target]:
            return [TrustGuideError(where, f"link to '{link.written}': the page has no heading or anchor "
                                           f"'#{link.anchor}'")]
        return []
    if target.rstrip("/") + ".md" in pages or target.rstrip("/") + "/index.md" in pages:
        return [TrustGuideError(where, f"link to '{link.written}' uses the page's web address; link to the "
                                       f"Markdown file instead, e.g. '{target.rstrip('/')}.md'")]
    if target not in static:
        return [TrustGuideError(where, f"link to '{link.written}', a file that does not exist")]
    return []


def _check_templates(folder: Path, root: Path) -> None:
    """Every Jinja template compiles; a syntax error is reported at its line. A template compiled before, unchanged
    since, is taken from the compiled templates the build keeps (Jinja compares its source)."""
    env = environment(folder)
    problems = []
    for path in sorted(folder.rglob("*.j2")):
        try:
            env.get_template(path.relative_to(folder).as_posix())
        except jinja2.TemplateSyntaxError as exc:
            problems.append(TrustGuideError(Location(display_path(path, root), exc.lineno), f"template syntax error: {exc.message}"))
    if problems:
        raise TrustGuideErrors(problems)
