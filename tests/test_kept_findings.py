"""The built-page markup check kept between builds: a kept page reports exactly what reading it again would report.

What a reader relies on: a page whose HTML would run script is refused on every build, parsed or kept; a changed
page is read again; a damaged or foreign cache file costs time only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trustguide.content.pages import markup
from trustguide.content.pages.markup import KeptFindings

HOSTILE = '<p>Text</p>\n<a href="x.html" onclick="alert(1)">link</a>\n<img src="https://evil.example/x.png">\n'
PLAIN = "<p>Trust grows.</p>\n"


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_html: str) -> list:
        raise AssertionError("the page was parsed again")
    monkeypatch.setattr(markup, "unsafe_html", refuse)


def test_a_kept_page_reports_what_parsing_it_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kept.marshal"
    first = KeptFindings(path)
    found = first.unsafe_html(HOSTILE)
    assert [line for line, _message in found] == [2, 3]
    assert "event handler (onclick=)" in found[0][1] and "another site" in found[1][1]
    assert first.unsafe_html(PLAIN) == []
    first.save()
    _no_parsing(monkeypatch)
    second = KeptFindings(path)
    assert second.unsafe_html(HOSTILE) == found
    assert second.unsafe_html(PLAIN) == []


def test_a_changed_page_is_read_again_and_only_the_last_builds_pages_are_kept(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kept.marshal"
    first = KeptFindings(path)
    first.unsafe_html(PLAIN)
    first.save()
    second = KeptFindings(path)
    assert second.unsafe_html(PLAIN + '<iframe src="/x"></iframe>\n')[0][0] == 2  # changed: found, not the kept []
    second.save()
    assert len(KeptFindings(path).found) == 1  # the unchanged old page is no longer kept


@pytest.mark.parametrize("content", [b"", b"not marshal", b"\xe9\x00" * 40])
def test_a_damaged_cache_file_costs_only_time(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kept.marshal"
    path.write_bytes(content)
    assert [line for line, _ in KeptFindings(path).unsafe_html(HOSTILE)] == [2, 3]


def test_findings_kept_under_other_rules_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kept.marshal"
    first = KeptFindings(path)
    first.unsafe_html(PLAIN)
    first.save()
    monkeypatch.setattr(markup, "_RULES", "other rules")
    assert KeptFindings(path).found == {}
