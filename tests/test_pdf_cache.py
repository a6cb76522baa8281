"""The PDF cache's key holds what WeasyPrint renders with on this machine, besides the guide's sources: a PDF made
before a library or a font changed is rendered again (test_hosting runs the README's build and test run in a row)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

KEY = "from pathlib import Path; from trustguide.engine.printed import pdf_cache_key; print(pdf_cache_key(Path('templates')))"
HIDDEN_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # setup.sh installs it, for CJK names


def cache_key(tmp_path: Path, *, hide_harfbuzz_subset: bool = False, hide_font: bool = False,
              epoch: str | None = None) -> str:
    """The key every PDF of a build starts from, worked out in a new process on the machine as it is, or with
    HarfBuzz-subset hidden from the dynamic loader, or with a font hidden from fontconfig."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    if hide_harfbuzz_subset:
        hidden = tmp_path / "no-harfbuzz-subset"
        hidden.mkdir(exist_ok=True)
        (hidden / "libharfbuzz-subset.so.0").write_bytes(b"")  # found first, cannot be loaded: as if missing
        env["LD_LIBRARY_PATH"] = str(hidden)
    if hide_font:
        config = tmp_path / "fonts.conf"
        config.write_text('<?xml version="1.0"?>\n<fontconfig>\n  <include>/etc/fonts/fonts.conf</include>\n'
                          f"  <selectfont><rejectfont><glob>{HIDDEN_FONT}</glob></rejectfont></selectfont>\n</fontconfig>\n")
        env["FONTCONFIG_FILE"] = str(config)
    result = subprocess.run([sys.executable, "-c", KEY], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_pdfs_made_without_harfbuzz_subset_are_not_reused_with_it(tmp_path: Path) -> None:
    """Without it WeasyPrint subsets fonts with fontTools: other bytes (scripts/build.sh before test.sh's Chromium)."""
    assert cache_key(tmp_path, hide_harfbuzz_subset=True) != cache_key(tmp_path)


@pytest.mark.skipif(not Path(HIDDEN_FONT).is_file(), reason="scripts/setup.sh installs fonts-wqy-microhei")
def test_pdfs_made_before_a_font_was_installed_are_not_reused(tmp_path: Path) -> None:
    """A letter missing from DejaVu falls back to any font fontconfig offers; each PDF embeds the fonts it uses."""
    assert cache_key(tmp_path, hide_font=True) != cache_key(tmp_path)


def test_source_date_epoch_is_in_the_key_only_where_the_pdfs_carry_it(tmp_path: Path) -> None:
    """fontTools stamps each font it subsets with SOURCE_DATE_EPOCH (else the time); HarfBuzz-subset does not, so
    there scripts/build.sh's PDFs (no SOURCE_DATE_EPOCH) serve the test run's builds (with it). Two processes on
    the same machine find the same key."""
    assert cache_key(tmp_path, epoch="1700000000") == cache_key(tmp_path)
    assert cache_key(tmp_path, hide_harfbuzz_subset=True, epoch="1700000000") != cache_key(tmp_path, hide_harfbuzz_subset=True)
