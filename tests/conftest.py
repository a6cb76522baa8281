"""Shared fixtures: the repository, copies of it to break on purpose, and one real strict build of the guide."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROJECT_PARTS = ["mkdocs.yml", "docs", "overrides", "templates", "references.bib", "worksheets", "plans", "translations"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# The handbook (one PDF of the whole guide, 15-25 CPU seconds a language and paper) is rendered only by the run's
# warm builds, once each; every other build of the tests, of a copy or of the repository, leaves it out. A test that
# needs it in a copy's build says so: run_with_epoch(..., handbook=True), which reuses what the warm builds cached.
HANDBOOK_VARIABLE = "TRUSTGUIDE_HANDBOOK"
os.environ[HANDBOOK_VARIABLE] = "false"


def run(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False, **kwargs)


EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC
# The warm builds of a test run: outside the checkout, one folder per checkout (one run at a time in each).
WARM = Path(tempfile.gettempdir()) / "trustguide-tests" / hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
_warmed: list[bool] = []
BUILD_LOG = "guide-build.log"  # in warm_builds(): the output of `trustguide build` of the repository's guide


def warm_builds() -> Path:
    """Two builds at the start of a test run, before the first test that builds; returns their folder.

    - `guide/`: the repository's guide, every language, SOURCE_DATE_EPOCH set (test_hosting compares a cold build
      with it), and what that build printed (BUILD_LOG);
    - `branded/site/`: the guide with the example organisation's settings (the branded_site fixture).

    They are the run's only builds that render the handbook (HANDBOOK_VARIABLE): one per language and paper.

    What they leave in .cache (PDFs, the organisation's PDFs too, formatted references, compiled templates) is
    content-addressed, and every copy of the project takes a copy of it (copy_project): a test's build renders only
    what the test changed. On a new machine (CI) that is each PDF once in the run, not once in every test that
    builds. With the tests in several processes (pytest-xdist), the first one builds while the others wait.
    """
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    folder = WARM / run_id
    if _warmed:
        return folder
    WARM.mkdir(parents=True, exist_ok=True)
    with open(WARM / "lock", "a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").is_file():
            for earlier in WARM.iterdir():  # an earlier run's
                if earlier.is_dir():
                    shutil.rmtree(earlier)
            result = run_with_epoch(["build", "--site-dir", str(folder / "guide")], ROOT, handbook=True)
            assert result.returncode == 0, result.stderr
            (folder / BUILD_LOG).write_text(result.stderr, encoding="utf-8")  # what the build said, for the tests
            branded = folder / "branded"
            _copy_sources(branded)
            (branded / ".cache").symlink_to(ROOT / ".cache")  # its organisation's PDFs, for every later copy
            for item in (ROOT / "examples/organisation").iterdir():
                (shutil.copytree if item.is_dir() else shutil.copy2)(item, branded / item.name)
            # Its handbook in A4 only (the tests read that one): a Letter render less, some 15 CPU seconds.
            config = branded / "mkdocs.yml"
            handbook = "  - trustguide-handbook:\n      enabled: !ENV [TRUSTGUIDE_HANDBOOK, true]\n"
            assert handbook in config.read_text(encoding="utf-8")
            config.write_text(config.read_text(encoding="utf-8").replace(handbook, handbook + "      papers: [a4]\n"),
                              encoding="utf-8")
            result = run_with_epoch(["build", "--site-dir", "site"], branded, handbook=True)
            assert result.returncode == 0, result.stderr
            (folder / "done").touch()
    _warmed.append(True)
    return folder


def _copy_sources(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)


def copy_project(target: Path) -> Path:
    """A private copy of the guide's sources that a test may break."""
    warm_builds()
    _copy_sources(target)
    cache = ROOT / ".cache"
    if cache.is_dir():  # content-addressed: sharing it only saves time
        shutil.copytree(cache, target / ".cache")
    return target


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own guide, built once with `mkdocs build --strict` into a temporary folder."""
    warm_builds()
    site = tmp_path_factory.mktemp("site")
    result = run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "guide")


def trustguide(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "trustguide"), *args], cwd=cwd)


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def browser_page(tmp_path: Path):
    """A page in Debian's Chromium with a fresh profile, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


# ---------------------------------------------------------------------------------------------------------------------
# Built guides served and bundled as organisations host them, shared by the hosting and search tests

OFFLINE_ZIP = "dist/trustguide-offline.zip"


@pytest.fixture(scope="session")
def root_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory):
    from servers import nginx

    with nginx(tmp_path_factory.mktemp("nginx-root"), built_site, "/") as server:
        yield server


@pytest.fixture(scope="session")
def branded_site() -> Path:
    """The guide with the example organisation's settings (logo, colours, own pages, a part left out), built once
    in the run (see warm_builds); tests only read it."""
    return warm_builds() / "branded" / "site"


@pytest.fixture(scope="session")
def offline_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the guide with its offline zip built (SOURCE_DATE_EPOCH set), as a facilitator would get it."""
    project = copy_project(tmp_path_factory.mktemp("offline") / "guide")
    result = run_with_epoch(["build", "--offline"], project)
    assert result.returncode == 0, result.stderr
    assert not (project / "site").exists(), "--offline must leave the published site alone"
    return project


@pytest.fixture(scope="session")
def spanish_french_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide with Spanish and French published beside English (they are not by default), built once in the run
    without worksheet and plan PDFs (search reads none), shared by every Spanish and French test; /es/ and /fr/."""
    project = copy_project(tmp_path_factory.mktemp("es-fr") / "guide")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      languages: [en, de]\n" in text
    config.write_text(text.replace("      languages: [en, de]\n", "      languages: [en, es, fr]\n")
                      .replace("  - trustguide-worksheets\n", "  - trustguide-worksheets:\n      pdf: false\n")
                      .replace("  - trustguide-sessions\n", "  - trustguide-sessions:\n      pdf: false\n"), encoding="utf-8")
    started = time.monotonic()
    result = run([str(BIN / "trustguide"), "build", "--site-dir", str(project / "site")], cwd=project)
    assert result.returncode == 0, result.stderr
    print(f"\nspanish_french_site: built in {time.monotonic() - started:.0f} s")
    return project / "site"


def run_with_epoch(args: list[str], cwd: Path, epoch: str | None = EPOCH, handbook: bool = False):
    """`trustguide ARGS` with SOURCE_DATE_EPOCH set to `epoch` (or unset for None); with the handbook where
    `handbook` (in a copy, only where the warm builds cached it: with their epoch and unchanged pages)."""
    env_args = ["env", f"SOURCE_DATE_EPOCH={epoch}"] if epoch is not None else ["env", "-u", "SOURCE_DATE_EPOCH"]
    env_args.append(f"{HANDBOOK_VARIABLE}={'true' if handbook else 'false'}")
    return run([*env_args, str(BIN / "trustguide"), *args], cwd=cwd)



def unzip_offline(project: Path, tmp_path: Path) -> Path:
    with zipfile.ZipFile(project / OFFLINE_ZIP) as bundle:
        bundle.extractall(tmp_path / "unzipped")
    return tmp_path / "unzipped" / "trustguide-offline"


