"""The guide's practice advice as a reader finds it on the built site and in the printed sheets (issue 31, part 4).

Everything here reads the shared builds (built_site, warm_builds): no build of its own.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, warm_builds

MARK = "In this guide's view"


def _text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities and typographic apostrophes made plain."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


def _section(page: str, anchor: str) -> str:
    """The HTML of a section: from the heading with this id to the next heading of the same or a higher level."""
    found = re.search(rf'<h([1-6]) id="{re.escape(anchor)}"', page)
    assert found, f"no section #{anchor}"
    level = int(found.group(1))
    end = re.compile(rf"<h[1-{level}][ >]").search(page, found.end())
    return page[found.start():end.start() if end else len(page)]


def _marked(page: str, anchor: str) -> bool:
    """Whether a reader is told the section is the guide's own view: a box in it, or a box that opens its enclosing
    section and says it covers "the rest of this section" (README, "Marking the guide's own view")."""
    if MARK in _text(_section(page, anchor)):
        return True
    found = re.search(rf'<h([1-6]) id="{re.escape(anchor)}"', page)
    level = int(found.group(1))
    parents = list(re.finditer(rf'<h{level - 1} id="([^"]+)"', page[:found.start()]))
    if not parents:
        return False
    parent = _text(_section(page, parents[-1].group(1)))
    return MARK in parent and "The rest of this section" in parent


# (page, section id, what a reader looks for in it)
SECTIONS = [
    ("coaching-relationship/chemistry", "the-clients-choice-chemistry-meetings-mandated-coaching-and-changing-coach",
     ["A chemistry meeting the client can decline", "Coaching the client did not ask for",
      "The right to change coach"]),
    ("coaching-relationship/confidentiality", "what-it-looks-like-in-practice",
     ["Tell the client that you take your work to supervision", "Treat your notes as personal data",
      "what is kept", "who sees it", "how long it is kept"]),
    ("coaching-relationship/deep-material", "what-it-looks-like-in-practice",
     ["Employee Assistance Programme", "occupational health", "If a client is at acute risk in the session"]),
    ("team-coaching/team-performance-coaching", "before-the-first-session-who-is-the-client", ["who the client is"]),
    ("team-coaching/team-performance-coaching", "a-series-not-a-one-off", ["Agree a series of sessions"]),
    ("peer-coaching/running-a-group", "members-from-different-organisations",
     ["There is no shared route for misconduct", "Each member owes confidentiality to their own employer"]),
    ("peer-coaching/running-a-group", "ending-the-group", ["Plan the end at the start"]),
    ("accountability/value-question", "employee-representatives-and-data-protection",
     ["employee representatives", "data-protection lead"]),
    ("accountability/trust-divide", "owning-honest-mistakes-a-just-culture", ["just culture"]),
]


@pytest.mark.parametrize(("page", "anchor", "phrases"), SECTIONS, ids=[f"{p}#{a}" for p, a, _ in SECTIONS])
def test_the_practice_advice_is_on_the_page_and_marked_as_the_guides_view(built_site: Path, page: str, anchor: str,
                                                                         phrases: list[str]) -> None:
    built = (built_site / page / "index.html").read_text(encoding="utf-8")
    section = _text(_section(built, anchor))
    for phrase in phrases:
        assert phrase in section, f"{page}#{anchor}: {phrase!r} missing"
    assert _marked(built, anchor), f"{page}#{anchor} is not marked as the guide's view"


def test_the_german_edition_names_the_works_council_and_data_protection() -> None:
    built = (warm_builds() / "guide/de/accountability/value-question/index.html").read_text(encoding="utf-8")
    note = _text(_section(built, "employee-representatives-and-data-protection"))
    assert "Nach Auffassung dieses Leitfadens: Hinweis der deutschen Ausgabe" in note
    for term in ("Betriebsrat", "Mitbestimmung", "Datenschutz", "DSGVO"):
        assert term in note, term


def _tool_keys(built_site: Path, tool: str, fieldset: str) -> list[str]:
    page = (built_site / "tools" / tool / "index.html").read_text(encoding="utf-8")
    part = re.search(rf'<fieldset class="{fieldset}">(.*?)</fieldset>', page, re.S)
    assert part, f"{tool}: no {fieldset}"
    return re.findall(r'<select[^>]*data-key="([^"]+)"', part.group(1))


def test_the_managers_sheet_collects_the_ratings_the_comparison_asks_for(built_site: Path) -> None:
    """The alignment-gap tool asks for the manager's own rating per fundamental: the manager's printed sheet has a
    rating for each of the same items, as the team's sheet does, on the same five-point scale."""
    keys = _tool_keys(built_site, "alignment-gap", "tg-results-manager")
    assert len(keys) == 4, keys
    printed = {}
    for sheet in ("manager-value-question", "team-view-of-manager-value"):
        reader = PdfReader(built_site / "worksheets/pdf" / f"{sheet}-a4.pdf")
        fields = reader.get_fields() or {}
        printed[sheet] = text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
        for key in keys:
            assert f"{key}_rating" in fields, f"{sheet}: no rating field for {key}"
            label = key.replace("_", " ").capitalize()
            assert f"{label} in one number" in text, f"{sheet}: no printed rating for {label}"
    manager = printed["manager-value-question"]
    assert "Your own ratings, across the team" in manager
    assert manager.count("how much value have you brought to your team members?") == 4
    assert manager.count("Little value 1 2 3 4 5 A great deal") == 4


def test_the_pulse_asks_only_what_the_tally_reads(built_site: Path) -> None:
    """Every question on the printed Team trust pulse is one the tally takes in: nothing written on a sheet goes
    unused before the sheet is shredded."""
    tally = set(_tool_keys(built_site, "pulse-tally", "tg-results-entry"))
    definition = yaml.safe_load((ROOT / "worksheets/team-trust-pulse.yml").read_text(encoding="utf-8"))
    about = {field["name"] for field in definition["sections"][0]["fields"]}  # team, facilitator, date, minimum
    fields = PdfReader(built_site / "worksheets/pdf/team-trust-pulse-a4.pdf").get_fields() or {}
    asked = {name.split(".")[0] for name in fields} - about
    assert asked == tally, f"asked on the sheet but not tallied: {sorted(asked - tally)}"


def test_the_sponsor_is_booked_only_after_the_client_has_chosen_the_coach(built_site: Path) -> None:
    """The first coaching meeting's plan: the chemistry meeting is the client's and the coach's alone and ends with
    the client's choice; the sponsor and the coaching agreement come in a second meeting, once the client has chosen."""
    page = (built_site / "sessions/first-coaching-meeting/index.html").read_text(encoding="utf-8")
    first, second = _section(page, "meeting-1"), _section(page, "meeting-2")
    assert "chemistry meeting" in _text(first.split("</h3>")[0])
    assert "Once the client has chosen the coach" in _text(second.split("</h3>")[0])
    said = [_text(p) for p in re.findall(r"<p><strong>Participants:</strong>(.*?)</p>", first, re.S)]
    assert said and not any("sponsor" in p for p in said), said
    assert "worksheets/coaching-agreement/" not in first
    assert "the client's choice" in _text(first.rsplit("<tr", 1)[-1])
    assert "worksheets/coaching-agreement/" in second
    assert any("sponsor" in _text(p) for p in re.findall(r"<p><strong>Participants:</strong>(.*?)</p>", second, re.S))
    preparation = _text(_section(page, "preparation"))
    assert "only once the client has chosen you" in preparation
