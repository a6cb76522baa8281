"""The code stays ruff clean (the style the team agreed on)."""

from __future__ import annotations

from pathlib import Path

from conftest import BIN, run


def test_ruff_finds_nothing(repo_root: Path) -> None:
    result = run([str(BIN / "ruff"), "check", "src", "tests", "scripts"], cwd=repo_root)
    assert result.returncode == 0, result.stdout + result.stderr
