"""Session plans: located validation errors (golden cases) and clock times."""

from __future__ import annotations

import pytest

from trustguide.content.sessions.clock import parse_start, schedule
from trustguide.content.sessions.loader import parse_plan
from trustguide.core.errors import TrustGuideError, TrustGuideErrors

DISPLAY = "plans/sample.yml"
VALID = """id: sample
title: Sample session
purpose: A purpose.
audience: [facilitator]
duration: 30
group_size: Four to six
preparation: [Book a room]
materials: [Pens]
basis: [known2020]
related: [peer-coaching/norms.md]
agenda:
  - title: Open
    minutes: 10
    facilitator: Welcome everyone.
    participants: Listen.
    page: peer-coaching/norms.md
  - title: Charter
    minutes: 20
    facilitator: Draft the charter.
    participants: Sign it.
    worksheet: peer-group-charter
    watch: Who stays quiet.
"""

MULTI = """id: sample
title: Sample cycle
purpose: A purpose.
audience: [facilitator]
duration: 50
group_size: A manager and a team
preparation: [Book a room]
materials: [Pens]
basis: [known2020]
meetings:
  - title: One
    when: Week 1
    duration: 20
    agenda:
      - title: Ask
        minutes: 20
        facilitator: Ask.
        participants: Answer.
  - title: Two
    when: Week 3
    duration: 30
    agenda:
      - title: Compare
        minutes: 25
        facilitator: Compare.
        participants: Discuss.
      - title: Close
        minutes: 5
        facilitator: Close.
        participants: Commit.
"""


def problems(text: str) -> list[str]:
    try:
        parse_plan(text, DISPLAY, "sample", {"known2020"}, {"peer-coaching/norms.md"}, {"peer-group-charter"})
    except TrustGuideErrors as exc:
        return [str(p) for p in exc.problems]
    except TrustGuideError as exc:
        return [str(exc)]
    return []


def test_valid_plans_load() -> None:
    plan = parse_plan(VALID, DISPLAY, "sample", {"known2020"}, {"peer-coaching/norms.md"}, {"peer-group-charter"})
    assert [s.minutes for s in plan.meetings[0].steps] == [10, 20]
    assert plan.worksheet_ids() == ["peer-group-charter"]
    multi = parse_plan(MULTI, DISPLAY, "sample", {"known2020"}, set(), set())
    assert multi.multi_meeting and [m.when for m in multi.meetings] == ["Week 1", "Week 3"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VALID.replace("duration: 30", "duration: 35"),
         "plans/sample.yml:5: the steps of the agenda add up to 30 minutes but duration is 35 (5 minutes are unplanned)"),
        (VALID.replace("minutes: 20", "minutes: 25"),
         "plans/sample.yml:5: the steps of the agenda add up to 35 minutes but duration is 30 (the steps overrun by 5"),
        (VALID.replace("worksheet: peer-group-charter", "worksheet: peer-group-charta"),
         "plans/sample.yml:21: step 'Charter' uses unknown worksheet 'peer-group-charta'; known: peer-group-charter"),
        (VALID.replace("    page: peer-coaching/norms.md", "    page: peer-coaching/nroms.md"),
         "plans/sample.yml:16: step 'Open' links to 'peer-coaching/nroms.md', which does not exist in docs/"),
        (VALID.replace("basis: [known2020]", "basis: [unknown1999]"),
         "plans/sample.yml:9: basis cites unknown bibliography key 'unknown1999'"),
        (VALID.replace("related: [peer-coaching/norms.md]", "related: [nowhere.md]"),
         "plans/sample.yml:10: related page 'nowhere.md' does not exist in docs/"),
        (VALID.replace("id: sample", "id: other"), "plans/sample.yml:1: id 'other' must match the file name 'sample'"),
        (VALID.replace("    minutes: 10", "    minutes: ten"), "plans/sample.yml:13: step 'minutes'"),
        (VALID.replace("    watch: Who stays quiet.", "    wach: Who stays quiet."),
         "plans/sample.yml:22: step: unknown field 'wach'"),
        (VALID.replace("  - title: Open\n    minutes: 10", "  - title: Open\n    minutes: 0").replace("duration: 30", "duration: 20"),
         "plans/sample.yml:13: step 'Open': minutes must be between 1 and 480"),
        (VALID.replace("    facilitator: Welcome everyone.\n", ""),
         "plans/sample.yml:12: step 'facilitator': missing; add this field"),
        (VALID + "meetings: []\n", "plans/sample.yml:11: give either 'agenda' (one meeting) or 'meetings'"),
        (VALID.split("agenda:")[0] + "agenda: []\n", "plans/sample.yml:11: the agenda is empty"),
        (MULTI.replace("duration: 50", "duration: 60"),
         "plans/sample.yml:5: the meetings last 50 minutes in all but duration says 60; make duration 50"),
        (MULTI.replace("duration: 30", "duration: 35"),
         "plans/sample.yml:21: the steps of meeting 'Two' add up to 30 minutes but duration is 35"),
        (VALID.replace("group_size: Four to six\n", "group_size: Four to six\nmax_participants: 0\n"),
         "plans/sample.yml:7: max_participants must be a whole number of people, 1 or more"),
        (VALID.replace("group_size: Four to six\n", "group_size: Four to six\nmax_participants: six\n"),
         "plans/sample.yml:7: session plan 'max_participants': Expected type: a whole number"),
        ("id: sample\ntitle: [unclosed\n", "plans/sample.yml:3: invalid YAML"),
        ("- just\n- a list\n", "plans/sample.yml:1: must be a YAML mapping"),
    ],
)
def test_plan_errors_are_located(text: str, expected: str) -> None:
    found = problems(text)
    assert any(p.startswith(expected) for p in found), found


def test_a_broken_step_does_not_also_report_a_wrong_sum() -> None:
    found = problems(VALID.replace("    minutes: 10", "    minutes: ten"))
    assert len(found) == 1, found


def test_every_problem_is_reported_at_once() -> None:
    text = VALID.replace("duration: 30", "duration: 31").replace("worksheet: peer-group-charter", "worksheet: nope")
    found = problems(text)
    assert len(found) == 2, found


def test_clock_times_follow_the_steps() -> None:
    slots = schedule([10, 20, 45], parse_start("13:30"))
    assert [(s.start, s.end) for s in slots] == [("13:30", "13:40"), ("13:40", "14:00"), ("14:00", "14:45")]
    assert [s.end for s in schedule([30, 40], parse_start("23:15"))] == ["23:45", "00:25 next day"]
    assert schedule([60 * 24 + 60], parse_start("23:15"))[0].end == "00:15 on day 3"  # never a wrap round the clock


@pytest.mark.parametrize("value", ["25:00", "9", "09:60", "nine", "", "13.30"])
def test_bad_start_times_are_refused(value: str) -> None:
    with pytest.raises(TrustGuideError, match="write it as HH:MM"):
        parse_start(value)
