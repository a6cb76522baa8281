"""The guide builds on MkDocs 1.6 and on ProperDocs, its maintained fork: the same site, byte for byte, but for the
generator tag that names the engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BIN, EPOCH, copy_project, run

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def _build(project: Path, engine: str, site: Path):
    return run(["env", f"SOURCE_DATE_EPOCH={EPOCH}", str(BIN / "trustguide"), "--engine", engine, "build", "-d", str(site)],
               cwd=project)


@pytest.mark.slow
def test_mkdocs_and_properdocs_build_the_same_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "guide")
    for engine in ("mkdocs", "properdocs"):
        result = _build(project, engine, tmp_path / engine)
        assert result.returncode == 0, result.stderr
    mkdocs_files = {p.relative_to(tmp_path / "mkdocs") for p in (tmp_path / "mkdocs").rglob("*") if p.is_file()}
    properdocs_files = {p.relative_to(tmp_path / "properdocs") for p in (tmp_path / "properdocs").rglob("*") if p.is_file()}
    assert mkdocs_files == properdocs_files
    assert len(mkdocs_files) > 100
    different, generators = [], set()
    for name in sorted(mkdocs_files):
        ours, theirs = (tmp_path / "mkdocs" / name).read_bytes(), (tmp_path / "properdocs" / name).read_bytes()
        if ours == theirs:
            continue
        generators |= {m.decode() for m in GENERATOR.findall(ours) + GENERATOR.findall(theirs)}
        if GENERATOR.sub(b"", ours) != GENERATOR.sub(b"", theirs):
            different.append(str(name))
    assert different == [], f"the engines built different files: {different[:10]}"
    assert any(g.startswith("mkdocs-1.6") for g in generators) and any("ProperDocs" in g for g in generators), generators


def test_the_engine_is_named_in_the_version_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    assert "MkDocs 1.6" in run([str(BIN / "trustguide"), "--version"], cwd=tmp_path).stdout
    assert "ProperDocs 1.6" in run([str(BIN / "trustguide"), "--engine", "properdocs", "--version"], cwd=tmp_path).stdout
    refused = run([str(BIN / "trustguide"), "--engine", "hugo", "build"], cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == ["trustguide: error: unknown engine 'hugo'; use one of mkdocs, properdocs"]
