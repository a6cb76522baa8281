"""The handbook: the whole guide as one PDF per language and paper, read back with pypdf and pdftotext and looked at
with pdftoppm. Reads the shared warm build and the branded site (no build of its own)."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from conftest import BUILD_LOG, ROOT, warm_builds
from trustguide.content.languages import language_record
from trustguide.content.organisation.parts import KNOWLEDGE_PARTS
from trustguide.output.pdf.batch import BatchResult

A4, LETTER = (595, 842), (612, 792)


def _languages() -> list[str]:
    """The languages mkdocs.yml publishes (trustguide-languages)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "trustguide-languages" in plugin:
            return list(plugin["trustguide-languages"]["languages"])
    return ["en"]


def _site(language: str) -> Path:
    site = warm_builds() / "guide"
    return site if language == "en" else site / language


def _papers(language: str) -> tuple[str, ...]:
    return language_record(language, ROOT / "translations").papers or ("a4", "letter")


def _norm(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u00ad", "").split())


def _h1(page: Path) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.DOTALL)
    assert found, f"{page} has no title"
    return _norm(re.sub(r'<a class="headerlink".*?</a>', "", found.group(1)))


def _titles(site: Path, folders: list[str]) -> list[str]:
    """The titles of the built pages under `folders`, in the order of the site's navigation (its home page's)."""
    links = re.findall(r'<a href="([^"#.][^"]*)" class="md-nav__link', (site / "index.html").read_text(encoding="utf-8"))
    wanted = [link for link in dict.fromkeys(links) if link.startswith(tuple(f"{f}/" for f in folders))]
    return [_h1(site / link / "index.html") for link in wanted if (site / link / "index.html").is_file()]


def _text(pdf: Path) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def _flat(text: str) -> str:
    """pdftotext's text as one line: words hyphenated at a line end joined again."""
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", text).replace("\u00ad", "").split())


def _outline(reader: PdfReader) -> list[str]:
    titles: list[str] = []
    stack = list(reader.outline)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        else:
            titles.append(_norm(item.title))
    return titles


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _fonts_not_embedded(reader: PdfReader) -> set[str]:
    missing: set[str] = set()
    for page in reader.pages:
        fonts = _resolve(_resolve(page.get("/Resources", {})).get("/Font", {})) or {}
        for font in (_resolve(f) for f in fonts.values()):
            for part in [font, *(_resolve(d) for d in font.get("/DescendantFonts", []))]:
                descriptor = _resolve(part.get("/FontDescriptor"))
                if isinstance(descriptor, DictionaryObject) and not any(
                        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(part.get("/BaseFont")))
    return missing


def _internal_links(reader: PdfReader) -> int:
    count = 0
    for page in reader.pages:
        for annotation in (_resolve(a) for a in page.get("/Annots", [])):
            action = _resolve(annotation.get("/A")) or {}
            if annotation.get("/Subtype") == "/Link" and ("/Dest" in annotation or action.get("/S") == "/GoTo"):
                count += 1
    return count


def _check_handbook(pdf: Path, site: Path, language: str, paper: str, knowledge: list[str]) -> str:
    """Everything a reader checks in one handbook; returns its text for the caller's own checks."""
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert str(root.get("/Lang")) == language_record(language, ROOT / "translations").print_lang, pdf
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root, f"{pdf} is not tagged"
    assert not _fonts_not_embedded(reader), f"{pdf}: fonts not embedded: {_fonts_not_embedded(reader)}"
    size = tuple(round(float(v)) for v in reader.pages[0].mediabox[2:])
    assert size == (A4 if paper == "a4" else LETTER), f"{pdf} is {size}"
    text = _flat(_text(pdf))
    appendix = [_h1(page) for folder in ("worksheets", "sessions") for page in sorted((site / folder).glob("*/index.html"))]
    glossary, references = _h1(site / "glossary/index.html"), _h1(site / "references/index.html")
    assert knowledge and len(appendix) > 2
    missing = [t for t in [*knowledge, glossary, references, *appendix] if t not in text]
    assert not missing, f"{pdf} lacks {missing}"
    assert "[@" not in text and "TGCITE" not in text, f"{pdf} has a raw citation"
    outline = _outline(reader)
    assert not [t for t in [*knowledge, glossary, references] if t not in outline], f"{pdf}: bookmarks {outline}"
    # The contents give each page its page number, and the pages come in the navigation's order.
    contents = _flat(_text_of_page(pdf, 2))
    numbers = [int(m.group(1)) for t in knowledge if (m := re.search(re.escape(t) + r"[ .]*(\d+)", contents))]
    assert len(numbers) == len(knowledge) and numbers == sorted(numbers), f"{pdf}: contents {contents[:500]}"
    assert _internal_links(reader) > len(knowledge) * 2, f"{pdf}: too few links inside the PDF"
    return text


def _text_of_page(pdf: Path, number: int) -> str:
    result = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(pdf), "-"],
                            capture_output=True, text=True, check=True)
    return result.stdout


@pytest.mark.parametrize("language", _languages())
def test_the_handbook_of_every_language_holds_the_whole_guide(language: str) -> None:
    site = _site(language)
    knowledge = _titles(site, [folder.rstrip("/") for folder in KNOWLEDGE_PARTS.values()])
    for paper in _papers(language):
        pdf = site / f"handbook/trust-guide-{paper}.pdf"
        assert pdf.is_file(), f"no handbook {pdf}"
        text = _check_handbook(pdf, site, language, paper, knowledge)
        assert text.count("·") > len(knowledge)  # a running foot with the page number on every page
    for other in {"a4", "letter"} - set(_papers(language)):
        assert not (site / f"handbook/trust-guide-{other}.pdf").exists()


@pytest.mark.parametrize("language", _languages())
def test_home_and_organisations_pages_link_the_handbook(language: str) -> None:
    site = _site(language)
    for page in (site / "index.html", site / "organisations/index.html"):
        built = page.read_text(encoding="utf-8")
        links = re.search(r'<p class="tg-handbook-links">(.*?)</p>', built, re.DOTALL)
        assert links, f"{page} does not offer the handbook"
        targets = re.findall(r'href="([^"]+\.pdf)"', links.group(1))
        assert len(targets) == len(_papers(language))
        for target in targets:
            assert (page.parent / target).resolve().is_file(), f"{page}: {target} is missing"
        if language != "en":
            assert "Handbook" not in links.group(1) and "offline" not in links.group(1), "English words leaked"


def test_an_organisations_handbook_has_its_pages_and_name_and_not_what_it_leaves_out(branded_site: Path) -> None:
    guide = _site("en")
    left_out = _titles(guide, ["accountability"])  # the example organisation leaves out `accountability`
    assert left_out
    settings = yaml.safe_load((ROOT / "examples/organisation/organisation.yml").read_text(encoding="utf-8"))
    # The organisation's own pages: what its navigation has that the guide's has not.
    theirs, ours = (re.findall(r'<a href="([^"#.][^"]*)" class="md-nav__link', (site / "index.html").read_text(
        encoding="utf-8")) for site in (branded_site, guide))
    own = [_h1(branded_site / link / "index.html") for link in dict.fromkeys(theirs) if link not in ours
           and not link.startswith(("organisations/", "tools/")) and (branded_site / link / "index.html").is_file()]
    kept = [folder.rstrip("/") for part, folder in KNOWLEDGE_PARTS.items() if part != "accountability"]
    pdf = branded_site / "handbook/trust-guide-a4.pdf"
    text = _check_handbook(pdf, branded_site, "en", "a4", _titles(branded_site, kept))
    assert own and not [t for t in own if t not in text], f"the organisation's own pages are missing: {own}"
    # No page of the part left out: not in the contents, not among the bookmarks (the site's pages may still
    # name one in plain text, where the organisation plugin took the link out; the handbook has their words).
    contents, outline = _flat(_text_of_page(pdf, 2)), _outline(PdfReader(pdf))
    assert not [t for t in left_out if t in contents or t in outline], "a page of the part left out is in it"
    cover = _flat(_text_of_page(pdf, 1))
    assert settings["name"] in cover and settings["site_name"] in cover


def _ink(pdf: Path, page: int, box: tuple[float, float, float, float], tmp_path: Path) -> float:
    """The share of non-white pixels in a box (fractions of the page) of one rendered page."""
    out = tmp_path / f"{pdf.parent.parent.name}-{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out)], check=True)
    data = (out.with_suffix(".pgm")).read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(header.group(1)), int(header.group(2))
    pixels = data[header.end():]
    x0, y0, x1, y1 = (int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height))
    dark = sum(1 for y in range(y0, y1) for x in range(x0, x1) if pixels[y * width + x] < 200)
    return dark / max(1, (x1 - x0) * (y1 - y0))


def test_rendered_pages_look_right(branded_site: Path, tmp_path: Path) -> None:
    """The cover carries the organisation's logo at the top (and the guide's own cover none); the pages after the
    contents have text and a running foot."""
    plain = _site("en") / "handbook/trust-guide-a4.pdf"
    branded = branded_site / "handbook/trust-guide-a4.pdf"
    logo_box = (0.0, 0.0, 0.45, 0.1)
    assert _ink(branded, 1, logo_box, tmp_path) > 0.01
    assert _ink(plain, 1, logo_box, tmp_path) == 0
    for page in (3, 4):
        assert _ink(plain, page, (0.05, 0.1, 0.95, 0.8), tmp_path) > 0.01, f"page {page} is blank"
        assert _ink(plain, page, (0.0, 0.88, 0.7, 1.0), tmp_path) > 0.001, f"page {page} has no foot"


def _labels(page: Path) -> list[str]:
    """The evidence labels a built page shows after its references' entries (not the citations' hover tips)."""
    return [_norm(t) for t in re.findall(r'<span class="tg-evidence" id="[^"]*">(.*?)</span>',
                                         page.read_text(encoding="utf-8"), re.DOTALL)]


@pytest.mark.parametrize("language", _languages())
def test_the_handbooks_references_show_each_entrys_kind_of_evidence_as_the_site_does(language: str) -> None:
    """Each entry's label ("Evidence: Meta-analysis; the guide read it.", in the language's words) is in the
    handbook where the site's references show it, and nowhere else: a citation's hover tip is not printed."""
    site = _site(language)
    reference_list = _labels(site / "references/index.html")
    assert reference_list, "the site's References show no kind of evidence"
    # Every page the handbook holds (its knowledge pages, the glossary, the references) lists the labels it shows.
    shown: dict[str, int] = {}
    for page in [site / "references/index.html", site / "glossary/index.html",
                 *(site / folder / "index.html" for folder in _knowledge_links(site))]:
        for label in _labels(page):
            shown[label] = shown.get(label, 0) + 1
    for paper in _papers(language):
        text = _flat(_text(site / f"handbook/trust-guide-{paper}.pdf"))
        assert not [label for label in reference_list if label not in text], "a reference lacks its kind of evidence"
        printed_more = {label: text.count(label) for label, count in shown.items() if text.count(label) > count}
        assert not printed_more, f"labels printed beside citations too: {printed_more}"


def _knowledge_links(site: Path) -> list[str]:
    links = re.findall(r'<a href="([^"#.][^"]*)" class="md-nav__link', (site / "index.html").read_text(encoding="utf-8"))
    folders = tuple(KNOWLEDGE_PARTS.values())
    return [link.rstrip("/") for link in dict.fromkeys(links) if link.startswith(folders)]


def test_the_warm_builds_log_says_what_each_language_rendered_of_its_handbook() -> None:
    """The run's first build (cold on a new machine) names, per language, the handbooks it rendered and reused; an
    unchanged rebuild renders none (test_worksheets: test_unchanged_rebuild_renders_no_pdf)."""
    log = (warm_builds() / BUILD_LOG).read_text(encoding="utf-8")
    counts = [(int(r), int(u)) for r, u in re.findall(r"Handbook PDFs: (\d+) rendered, (\d+) reused", log)]
    assert [r + u for r, u in counts] == [len(_papers(language)) for language in _languages()], log


def small_handbook_pdf(target: str, built_site: str) -> None:
    """A small handbook (a page of the built site, one worksheet, one plan: cover, contents, running heads, the
    appendix), rendered in this process into `target`."""
    from trustguide.content.languages.catalog import SOURCE_TRANSLATIONS
    from trustguide.engine.building import load_guide
    from trustguide.output.handbook.book import BookPage, Handbook, render_handbook_pdf
    from trustguide.output.sessions.printing import Titles

    site = Path(built_site)
    article = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
    link = _knowledge_links(site)[0]
    built = (site / link / "index.html").read_text(encoding="utf-8")
    pages = (BookPage(url=f"{link}/", title=_h1(site / link / "index.html"), section="Part",
                      html=article.search(built).group(1)),)
    guide = load_guide(ROOT / "mkdocs.yml")
    book = Handbook(title="Trust Guide", version="1", date="14 November 2023", site_url="https://example.org/",
                    pages=pages, lang=language_record("en", ROOT / "translations").print_lang,
                    worksheets=tuple(guide.worksheets[:1]), plans=tuple(guide.plans[:1]),
                    titles=Titles({w.id: w.title for w in guide.worksheets}, {}))
    Path(target).write_bytes(render_handbook_pdf(book, ROOT / "templates", "a4", SOURCE_TRANSLATIONS).data)


def test_a_handbook_renders_to_the_same_bytes_twice(tmp_path: Path) -> None:
    """The handbook's render is reproducible: a small one rendered here and in another process (another hash seed)
    gives the same bytes. The full handbooks are rendered once a run (warm_builds); test_hosting proves that a cold
    build finds them under the same key."""
    here, there = tmp_path / "here.pdf", tmp_path / "there.pdf"
    small_handbook_pdf(str(here), str(_site("en")))
    other = subprocess.run([sys.executable, "-c", "import sys, test_handbook; test_handbook.small_handbook_pdf(*sys.argv[1:])",
                            str(there), str(_site("en"))], cwd=Path(__file__).parent,
                           env={**os.environ, "PYTHONHASHSEED": "4242"}, capture_output=True, text=True, check=False)
    assert other.returncode == 0, other.stderr
    first = here.read_bytes()
    assert first == there.read_bytes() and first.startswith(b"%PDF") and b"/CreationDate" not in first
    assert len(PdfReader(here).pages) > 3  # cover, contents, the page, the appendix: not an empty PDF


def _timed_job(seconds: float) -> bytes:
    """A stand-in for a PDF render: when it started and ended (monotonic clock, shared by the pool's processes)."""
    start = time.monotonic()
    time.sleep(seconds)
    return f"{start} {time.monotonic()}".encode()


def test_the_handbook_renders_beside_the_other_pdfs_of_the_build_not_after_them(tmp_path: Path) -> None:
    """The worksheets' plugin adds its PDFs before the handbook's can (its pages are complete only after the
    citations plugin's on_post_build); the build's PDF queue still starts the handbook first and renders all in one
    pool, where one plugin after the other made the handbook wait for every worksheet."""
    from trustguide.engine.printed import PdfQueue
    from trustguide.output.pdf.batch import PdfJob

    def jobs(name: str, count: int, seconds: float) -> list[PdfJob]:
        return [PdfJob(tmp_path / f"{name}-{i}.pdf", f"{name}-{i}", partial(_timed_job, seconds)) for i in range(count)]

    queue = PdfQueue()
    queue.add("worksheets", jobs("sheet", 3, 0.4), tmp_path / "cache")
    queue.add("handbook", jobs("handbook", 1, 0.6), tmp_path / "cache", first=True)
    assert queue.result("worksheets") == BatchResult(rendered=3, reused=0)
    assert queue.result("handbook") == BatchResult(rendered=1, reused=0)  # rendered with the rest, not again
    times = {p.stem: [float(t) for t in p.read_text().split()] for p in tmp_path.glob("*.pdf")}
    handbook_start = times.pop("handbook-0")[0]
    assert handbook_start < max(end for _, end in times.values()), "the handbook waited for the worksheets"
    again = PdfQueue()  # the next build of the same pages: every PDF from the cache
    again.add("handbook", jobs("handbook", 1, 0.6), tmp_path / "cache", first=True)
    assert again.result("handbook") == BatchResult(rendered=0, reused=1)
