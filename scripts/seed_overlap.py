"""Report runs of 12 or more words that a page shares with the seed texts.

The guide's content must be written anew from the seeds, not copied; this is the
check authors run (and the test suite runs) to find copied passages.
Usage: python scripts/seed_overlap.py [SEEDS_DIR] [PATH ...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RUN_LENGTH = 12


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def seed_runs(seeds_dir: Path) -> set[str]:
    runs: set[str] = set()
    for seed in sorted(seeds_dir.glob("*.txt")):
        w = words(seed.read_text(encoding="utf-8", errors="ignore"))
        runs.update(" ".join(w[i : i + RUN_LENGTH]) for i in range(len(w) - RUN_LENGTH + 1))
    return runs


def shared_runs(text: str, runs: set[str]) -> list[str]:
    w = words(text)
    return [
        " ".join(w[i : i + RUN_LENGTH])
        for i in range(len(w) - RUN_LENGTH + 1)
        if " ".join(w[i : i + RUN_LENGTH]) in runs
    ]


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    seeds_dir = Path(argv[0]) if argv else root.parent / "shared" / "seeds"
    targets = [Path(a) for a in argv[1:]] or [root / "docs", root / "templates", root / "worksheets", root / "plans"]
    runs = seed_runs(seeds_dir)
    found = 0
    for target in targets:
        files = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())
        for path in files:
            hits = shared_runs(path.read_text(encoding="utf-8", errors="ignore"), runs)
            for hit in hits:
                found += 1
                sys.stdout.write(f"{path}: shares with a seed: {hit!r}\n")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
