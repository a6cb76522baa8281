"""The evidence rule, kept mechanically where it can be: the bibliography says only what the seeds give, every
empirical-sounding paragraph is cited or marked as the guide's view, and every page is in the review record."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import evidence_check  # noqa: E402

BIB = ROOT / "references.bib"
REVIEW = ROOT / "review"


@pytest.fixture(scope="module")
def fields_record() -> dict:
    return evidence_check.load_yaml(REVIEW / "reference-fields.yml")


@pytest.fixture(scope="module")
def claims_record() -> dict:
    return evidence_check.load_yaml(REVIEW / "claims.yml")


def page_problems(record: dict, pages: list[Path] | None = None) -> list[str]:
    """Problems with these pages (all pages by default); with a subset, only those about the pages themselves."""
    problems = evidence_check.page_problems(
        record, evidence_check.knowledge_pages() if pages is None else pages, evidence_check.bib_surnames(BIB.read_text("utf-8"))
    )
    return [p for p in problems if pages is None or p.startswith("docs/")]


def test_every_reference_field_is_one_its_seed_gives(fields_record: dict) -> None:
    assert evidence_check.SEEDS.is_dir(), f"the seeds are expected beside the repository at {evidence_check.SEEDS}"
    assert evidence_check.reference_problems(BIB.read_text("utf-8"), fields_record, evidence_check.SEEDS) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # first names the seed gives only as initials
        ("Dirks, K. T. and Ferrin, D. L.", "Dirks, Kurt T. and Ferrin, Donald L.", "the record allows"),
        # a field the seed does not give
        ("  pages   = {611--628},\n", "  pages   = {611--628},\n  url     = {https://example.org/dirks},\n", "url"),
        # an untitled work's description must stay a [bracketed description]
        ("[Article on trust and team performance coaching]", "Trust and team performance coaching", "the record"),
    ],
    ids=["first-names", "added-field", "description-as-title"],
)
def test_a_planted_bibliography_change_is_caught(fields_record: dict, old: str, new: str, expected: str) -> None:
    text = BIB.read_text("utf-8")
    assert old in text
    problems = evidence_check.reference_problems(text.replace(old, new, 1), fields_record, evidence_check.SEEDS)
    assert problems and any(expected in p for p in problems), problems


def test_a_recorded_passage_must_be_in_its_seed_and_give_the_value(fields_record: dict) -> None:
    record = {key: dict(spec) for key, spec in fields_record.items()}
    dirks = {**record["dirks2002trust"], "fields": dict(record["dirks2002trust"]["fields"])}
    dirks["fields"]["volume"] = {"value": "87", "from": "Journal of Applied Psychology, 88(4)"}
    dirks["fields"]["pages"] = {"value": "611--628", "from": "Journal of Applied Psychology, 87(4)"}
    record["dirks2002trust"] = dirks
    problems = evidence_check.reference_problems(BIB.read_text("utf-8"), record, evidence_check.SEEDS)
    assert any("volume: passage not in" in p for p in problems), problems
    assert any("pages: the passage does not give it" in p for p in problems), problems


def test_a_value_the_guide_supplies_must_be_a_description(fields_record: dict) -> None:
    record = {key: dict(spec) for key, spec in fields_record.items()}
    building = {**record["building_trust_performance"], "fields": dict(record["building_trust_performance"]["fields"])}
    building["fields"]["howpublished"] = {"value": "Online article", "description": "the guide's guess"}
    record["building_trust_performance"] = building
    text = BIB.read_text("utf-8").replace("howpublished = {[Article]}", "howpublished = {Online article}")
    problems = evidence_check.reference_problems(text, record, evidence_check.SEEDS)
    assert any("write it as n.d. or [a description]" in p for p in problems), problems


def test_every_empirical_paragraph_is_cited_or_marked(claims_record: dict) -> None:
    assert page_problems(claims_record) == []


def test_every_page_is_in_the_review_record(claims_record: dict) -> None:
    pages = {p.relative_to(evidence_check.DOCS).as_posix() for p in evidence_check.knowledge_pages()}
    assert pages, "no pages found"
    assert pages - set(claims_record["pages"]) == set()
    for page, entry in claims_record["pages"].items():
        for claim in entry.get("claims") or []:
            assert claim.get("verdict") in {"supported", "fixed", "guide's view"}, (page, claim)
            assert claim.get("sentence") and claim.get("source"), (page, claim)


def test_an_unmarked_claim_in_a_page_is_caught(claims_record: dict, tmp_path: Path, monkeypatch) -> None:
    docs = tmp_path / "docs"
    page = docs / "foundations" / "why-trust-matters.md"
    page.parent.mkdir(parents=True)
    source = (evidence_check.DOCS / "foundations" / "why-trust-matters.md").read_text("utf-8")
    planted = "Research shows that coaching doubles trust within six weeks.\n\n## Why it matters"
    page.write_text(source.replace("## Why it matters", planted, 1), encoding="utf-8")
    monkeypatch.setattr(evidence_check, "DOCS", docs)
    problems = page_problems(claims_record, [page])
    assert len(problems) == 1 and "Research shows that coaching doubles" in problems[0], problems
    # the same sentence inside the guide's-view marker, or with a citation, passes
    marked = '!!! note "In this guide\'s view"\n    Research shows that coaching doubles trust.\n\n## Why it matters'
    page.write_text(source.replace("## Why it matters", marked, 1), encoding="utf-8")
    assert page_problems(claims_record, [page]) == []
    cited = "Research shows that trust matters [@goddard2011role].\n\n## Why it matters"
    page.write_text(source.replace("## Why it matters", cited, 1), encoding="utf-8")
    assert page_problems(claims_record, [page]) == []


def test_a_page_missing_from_the_record_is_caught(claims_record: dict) -> None:
    record = {"pages": {k: v for k, v in claims_record["pages"].items() if k != "peer-coaching/norms.md"}}
    problems = page_problems(record)
    assert any("docs/peer-coaching/norms.md:1: not in review/claims.yml" in p for p in problems), problems


def test_section_marker_covers_only_its_section() -> None:
    text = (
        '# Page\n\n## Practice\n\n!!! note "In this guide\'s view"\n    The rest of this section is advice.\n\n'
        "Studies say 3.\n\n### Sub\n\nStill advice, found 2.\n\n## Next\n\nResearch found 4.\n"
    )
    units = {u.text: u.marked for u in evidence_check.page_units(text, "x.md")}
    assert units["Studies say 3."] and units["Still advice, found 2."]
    assert units["Research found 4."] is False


@pytest.mark.parametrize("lang", ["en", "de", "es", "fr"])
def test_a_worksheet_or_plan_page_says_which_parts_are_the_guides_own(lang: str) -> None:
    """Issue 31: "This worksheet rests on [source]" read as if the whole sheet came from its source; the generated
    Basis section now says that the structure, prompts and notes are the guide's own advice, in every language."""
    from trustguide.content.languages.catalog import heading, load_catalog
    from trustguide.content.sessions.loader import load_plans
    from trustguide.content.worksheets.loader import load_worksheets
    from trustguide.output.sessions.pages import plan_markdown
    from trustguide.output.sessions.printing import Titles
    from trustguide.output.worksheets.pages import worksheet_markdown

    keys = set(evidence_check.raw_entries(BIB.read_text(encoding="utf-8")))
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    worksheets = load_worksheets(ROOT / "worksheets", ROOT, keys, pages)
    plans = load_plans(ROOT / "plans", ROOT, keys, pages, {w.id for w in worksheets})
    catalog = load_catalog(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po")
    own = {"en": "are this guide's own practice advice, not findings of those sources",
           "de": "sind Rat dieses Leitfadens für die Praxis, keine Befunde aus diesen Quellen",
           "es": "son consejo práctico de esta guía, no hallazgos de esas fuentes",
           "fr": "sont des conseils pratiques de ce guide, pas des résultats issus de ces sources"}[lang]
    sheet = next(w for w in worksheets if w.id == "team-trust-pulse")
    plan = next(p for p in plans if p.id == "team-trust-workshop")
    titles = Titles({w.id: w.title for w in worksheets}, {page: page for page in pages})
    for markdown in (worksheet_markdown(sheet, ROOT / "templates", {}, ["a4"], translations=catalog.translations),
                     plan_markdown(plan, ROOT / "templates", titles, ["a4"], translations=catalog.translations)):
        title = heading(catalog.translations.gettext, "Basis")
        basis = markdown.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
        assert "@{centrefor_teams_trust}" in basis, basis
        assert own in basis, basis
