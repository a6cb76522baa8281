"""Evidence kinds (issue 31): every work's kind of evidence and how the guide knows it, on the References page, in
each page's references, at each citation (hover, keyboard focus, screen readers), in German, in the search index;
and a bad kind value is one located message. The expected labels are worked out from references.bib itself."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest

from conftest import warm_builds
from trustguide.content.bibliography import parse_bibliography
from trustguide.content.bibliography.evidence import KINDS, evidence_of

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
PAGE = "foundations/why-trust-matters/"


def _bibliography():
    source = (ROOT / "references.bib").read_text(encoding="utf-8")
    return parse_bibliography(source, Path("references.bib"), "references.bib")


def _label(key: str) -> str:
    """The English label the guide must show for a work, from its references.bib fields."""
    entries = _bibliography().entries
    found = evidence_of(entries[key].fields)
    kind = KINDS[found.kind] + (f", {found.participants} participants" if found.participants else "")
    if not found.via:
        return f"Evidence: {kind}; the guide read it."
    return f"Evidence: {kind}; the guide knows it only as cited in {{source}}."


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def test_every_work_has_a_kind_and_the_references_page_shows_it(built_site: Path) -> None:
    entries = _bibliography().entries
    page = (built_site / "references/index.html").read_text(encoding="utf-8")
    for key, entry in entries.items():
        found = evidence_of(entry.fields)
        assert found.kind in KINDS, f"{key} says no kind of evidence"
        label = re.search(rf'<span class="tg-evidence" id="tg-evidence-{re.escape(key)}">(.*?)</span>', page)
        assert label, f"no evidence label after {key}"
        source = f"{_text_of_narrative(entries, found.via)}" if found.via else ""
        assert _text(label.group(1)) == _label(key).format(source=source)
    # APA 7 (8.6): a work the guide knows only through a source is listed inside that source's entry
    goddard = re.search(r'<div id="ref-goddard2011role" class="csl-entry".*?<div class="tg-read-through">(.*?)</div></div>',
                        page, re.DOTALL)
    assert goddard and 'id="ref-hall1999behind"' in goddard.group(1)
    assert "Works the guide knows only as cited in this source:" in goddard.group(1)
    # the seeds' DOIs are links
    assert 'href="https://doi.org/10.1037/apl0000113"' in page


def _text_of_narrative(entries, key: str) -> str:
    """How a label names the source: the narrative citation, as on the page ("Goddard (2011)")."""
    return {"goddard2011role": "Goddard (2011)", "centrefor_teams_trust": "Centre for Teams (n.d.)",
            "steinberg2021surprising": "Steinberg and Watkins (2021)"}[key]


def test_a_page_cites_as_cited_in_and_lists_the_source_it_read(built_site: Path) -> None:
    page = (built_site / PAGE / "index.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "Dirks & Ferrin, 2002 , as cited in Centre for Teams, n.d." not in text  # no stray space from the tip
    cited = [_text(re.sub(r'<span class="tg-evidence-tip".*?</span>', "", c))
             for c in re.findall(r'<span class="citation" data-cites="[^"]*dirks2002trust[^"]*">(.*?</span>)\)?</span>',
                                 page, re.DOTALL)]
    assert any("Dirks & Ferrin, 2002, as cited in Centre for Teams, n.d." in c for c in cited), cited
    references = page[page.index('id="references"'):]
    top = re.findall(r'<div class="tg-references[^>]*>\s*((?:.|\n)*)', references)[0]
    # the reference list's own entries are the sources read; Dirks & Ferrin are inside Centre for Teams' entry
    assert 'id="ref-centrefor_teams_trust"' in top and top.index('id="ref-centrefor_teams_trust"') < top.index(
        'id="ref-dirks2002trust"')
    kinds = re.search(r'<p class="tg-kinds">(.*?)</p>', page)
    assert kinds and "Meta-analysis" in kinds.group(1)
    assert page.index('class="tg-kinds"') < page.index('id="references"')


def test_search_for_a_kind_finds_the_pages_resting_on_one(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    found = {d["location"].split("#")[0] for d in index["docs"] if "Meta-analysis" in d.get("text", "")}
    assert PAGE in found
    assert not any("TGCITE" in d.get("text", "") for d in index["docs"])


def test_german_labels() -> None:
    site = warm_builds() / "guide"  # the guide in every language (the strict build is English only)
    page = (site / "de/references/index.html").read_text(encoding="utf-8")
    assert "Evidenz: Metaanalyse; der Leitfaden kennt das Werk nur zitiert nach" in _text(page)
    assert "Evidence:" not in _text(page)
    german = (site / "de" / PAGE / "index.html").read_text(encoding="utf-8")
    assert "zitiert nach" in _text(german) and "Arten von Evidenz, auf denen diese Seite beruht" in _text(german)


@pytest.mark.browser
def test_a_citation_is_described_on_focus(root_server, browser_page) -> None:
    page = browser_page
    page.goto(root_server.url + PAGE, wait_until="load")
    link = page.locator('a.tg-cite[aria-describedby="tg-evidence-dirks2002trust"]').first
    link.focus()
    described = page.evaluate(
        "document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent")
    assert " ".join(described.split()) == _label("dirks2002trust").format(source="Centre for Teams (n.d.)")
    tip = page.evaluate("getComputedStyle(document.activeElement.nextElementSibling).display")
    assert tip != "none", "the label is not shown beside the focused citation"


def test_an_unknown_kind_is_one_located_message() -> None:
    source = (ROOT / "references.bib").read_text(encoding="utf-8")
    broken = source.replace("evidencekind = {interview-study}", "evidencekind = {interviews}", 1)
    line = broken[: broken.index("{interviews}")].count("\n") + 1
    problems = parse_bibliography(broken, Path("references.bib"), "references.bib", raise_problems=False).problems
    assert [str(p) for p in problems] == [
        f"references.bib:{line}: entry 'goddard2011role': evidencekind 'interviews' is not a kind of evidence the "
        f"guide knows; write the kind the seed gives, one of: {', '.join(KINDS)}; did you mean 'interview-study'?"]


def test_a_kind_its_passage_does_not_give_is_reported() -> None:
    import yaml

    from evidence_check import SEEDS, reference_problems  # scripts/

    record = yaml.safe_load((ROOT / "review/reference-fields.yml").read_text(encoding="utf-8"))
    source = (ROOT / "references.bib").read_text(encoding="utf-8")
    record["goddard2011role"]["fields"]["evidencekind"]["value"] = "meta-analysis"
    broken = source.replace("evidencekind = {interview-study}", "evidencekind = {meta-analysis}", 1)
    assert reference_problems(broken, record, SEEDS) == [
        "review/reference-fields.yml: 'goddard2011role' evidencekind: the passage does not give it"]


def test_a_worksheet_pdf_prints_its_sources_and_their_kinds() -> None:
    from pypdf import PdfReader

    site = warm_builds() / "guide"  # with its PDFs
    pdfs = sorted((site / "worksheets/pdf").glob("coaching-agreement*.pdf"))
    assert pdfs
    text = " ".join(PdfReader(pdfs[0]).pages[0].extract_text().split())
    assert f"Sources: Goddard (2011). {_label('goddard2011role')}" in text
    german = sorted((site / "de/worksheets/pdf").glob("coaching-agreement*.pdf"))
    assert german
    text = " ".join(PdfReader(german[0]).pages[0].extract_text().split())
    assert "Quellen: Goddard (2011). Evidenz: Qualitative Interviewstudie, 6 Teilnehmende" in text


def test_a_source_is_cited_when_a_work_read_in_it_is() -> None:
    """A page that cites only Dirks & Ferrin cites them as cited in the Centre for Teams article, which its reference
    list shows: the strict build must not call that article uncited."""
    bibliography = _bibliography()
    via = evidence_of(bibliography.entries["dirks2002trust"].fields).via
    uncited = {p.message.split("'")[1] for p in bibliography.uncited({"dirks2002trust"})}
    assert via and via not in uncited and "breuer2016trust" in uncited
