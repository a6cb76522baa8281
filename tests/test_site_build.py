"""Real builds of the guide: strict MkDocs build, the CLI's atomic publishing, and a self-contained site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

from conftest import BIN, run, tree_digest, trustguide


def test_strict_build_produces_the_guide(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "search" / "search_index.json").is_file()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*Trust Guide[^<]*</title>", home)


def test_cli_lists_its_commands(repo_root: Path) -> None:
    result = run([str(BIN / "trustguide"), "--help"], cwd=repo_root)
    assert result.returncode == 0
    for command in ("build", "serve"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), result.stdout


def test_cli_rejects_unknown_command_in_one_line(repo_root: Path) -> None:
    result = run([str(BIN / "trustguide"), "bulid"], cwd=repo_root)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _break(project: Path, page: str, text: str) -> None:
    path = project / "docs" / page
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_failed_build_leaves_published_site_identical(project: Path) -> None:
    first = trustguide("build", cwd=project)
    assert first.returncode == 0, first.stderr
    before = tree_digest(project / "site")
    assert "index.html" in before

    _break(project, "foundations/cognitive-trust.md", "\n\nAs shown by [@no_such_work2020].\n")
    second = trustguide("build", cwd=project)

    assert second.returncode != 0
    assert "Traceback" not in second.stderr
    lines = (project / "docs/foundations/cognitive-trust.md").read_text(encoding="utf-8").count("\n")
    assert f"docs/foundations/cognitive-trust.md:{lines}: unknown citation key '@no_such_work2020'" in second.stderr
    assert tree_digest(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")], "staging folders left behind"


def test_strict_warning_also_keeps_published_site(project: Path) -> None:
    assert trustguide("build", cwd=project).returncode == 0
    before = tree_digest(project / "site")
    _break(project, "glossary.md", "\n\nSee [a page that is not there](no-such-page.md).\n")
    result = trustguide("build", cwd=project)
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


_ASSET_ATTRIBUTES = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=[\"']([^\"']+)"
    r"|<link\b[^>]*\bhref=[\"']([^\"']+)"
    r"|url\(\s*[\"']?([^\"')]+)"
    r"|@import\s+[\"']([^\"']+)",
    re.IGNORECASE,
)
_CDN_HOSTS = re.compile(r"unpkg\.com|jsdelivr|googleapis|gstatic|cdnjs|cloudflare|google-analytics|googletagmanager")


def test_built_site_loads_nothing_from_another_host(built_site: Path) -> None:
    offenders: list[str] = []
    for path in built_site.rglob("*"):
        if path.suffix not in {".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for match in _ASSET_ATTRIBUTES.finditer(text):
            url = next(g for g in match.groups() if g)
            if urlparse(url).netloc or url.startswith("//"):
                if 'rel="canonical"' in text[max(0, match.start() - 200) : match.end()]:
                    continue  # the canonical link names the public address; nothing is loaded from it
                offenders.append(f"{path.relative_to(built_site)}: {url}")
        if path.suffix == ".html" and 'class="mermaid"' in text:
            offenders.append(f"{path.relative_to(built_site)}: a mermaid diagram would load mermaid from unpkg")
        for found in _CDN_HOSTS.finditer(_without_guarded_fallbacks(text)):
            offenders.append(f"{path.relative_to(built_site)}: mentions {found.group(0)}")
    assert offenders == []


# Material's bundle names two scripts it loads only on demand: a ResizeObserver polyfill (only in browsers that lack
# ResizeObserver, which every browser Material supports has) and mermaid (only on pages with a mermaid diagram, which
# the guide has none of: asserted above). Nothing else may mention a CDN.
_GUARDED_FALLBACKS = ("https://unpkg.com/resize-observer-polyfill", "https://unpkg.com/mermaid@11/dist/mermaid.min.js")


def _without_guarded_fallbacks(text: str) -> str:
    for url in _GUARDED_FALLBACKS:
        text = text.replace(url, "")
    return text


def test_search_works_from_file_urls_with_vendored_shim(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "assets/vendor/iframe-worker/shim.js" in home
    assert (built_site / "assets/vendor/iframe-worker/shim.js").is_file()


def test_the_worksheet_and_plan_indexes_are_nav_entries_of_their_own(built_site: Path) -> None:
    """Facilitator resources lists Worksheets and Session plans as entries, not only through the section's title."""
    import re

    home = (built_site / "index.html").read_text(encoding="utf-8")
    links = {(href, re.sub(r"<[^>]+>|\s+", " ", text).strip())
             for href, text in re.findall(r'<a href="([^"]+)" class="md-nav__link">(.*?)</a>', home, re.S)}
    assert ("worksheets/", "Worksheets") in links, sorted(links)
    assert ("sessions/", "Session plans") in links
    section = re.search(r'<label class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*Facilitator resources', home)
    assert section is not None, "Facilitator resources is a section title, not a link to the worksheet index"
