"""Run a real MkDocs build in-process and turn every failure into one clear message."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from trustguide.core.errors import BuildFailed, Location, TrustGuideError, TrustGuideErrors
from trustguide.core.stopping import removed_if_stopped
from trustguide.engine import parallel
from trustguide.engine.adapters import CommandLine, guide_config, use_guide
from trustguide.engine.choice import engine_logger
from trustguide.engine.segmenting import defer_chinese_segmenter
from trustguide.guide.config import GuideConfig
from trustguide.guide.model import ORG_DIR_VARIABLE, Guide, make_guide
from trustguide.output.hosting.bundle import BundleSummary, write_zip
from trustguide.output.hosting.reproducible import source_date_epoch, zip_date_time
from trustguide.output.publish import publish_atomically, refuse_unsafe_site_dir

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
defer_chinese_segmenter()  # before any configuration loads Material's search plugin

OFFLINE_ZIP = "trustguide-offline.zip"
OFFLINE_TOP = "trustguide-offline"  # the folder the zip unpacks into


class _ErrorCollector(logging.Handler):
    """Keeps the ERROR messages of a build, which carry the file and line of what went wrong."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_CONFIG_VALUE = re.compile(r"^Config value '([^']+)': (.*)$", re.S)


@contextlib.contextmanager
def configuration_errors(config_file: Path) -> Iterator[None]:
    """MkDocs logs each invalid option and then aborts with "Aborted with a configuration error!": report what
    it logged instead, one line per cause, at the option's line of mkdocs.yml where it is written there."""
    errors = _ErrorCollector()
    logger = logging.getLogger(engine_logger())
    logger.addHandler(errors)
    try:
        yield
    except MkDocsException as exc:  # Abort, which MkDocs raises here, is a SystemExit too: caught by name
        causes = [_located_config_error(config_file, m) for m in errors.messages if _CONFIG_VALUE.match(m)]
        raise BuildFailed("\n".join(causes) or f"{config_file.as_posix()}: {exc}") from exc
    finally:
        logger.removeHandler(errors)


def _located_config_error(config_file: Path, message: str) -> str:
    option, problem = _CONFIG_VALUE.match(message).groups()  # type: ignore[union-attr]
    line, _ = _option_as_written(config_file, option)
    return f"{Location(config_file.as_posix(), line)}: option '{option}': {problem.strip()}"


def _option_as_written(config_file: Path, option: str) -> tuple[int | None, str]:
    """The line of a top-level option of mkdocs.yml and its value as written there; (None, '') where it is not."""
    try:
        text = config_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None, ""
    written = re.search(rf"(?m)^{re.escape(option)}\s*:\s*(.*)$", text)
    if written is None:
        return None, ""
    return text.count("\n", 0, written.start()) + 1, written.group(1).strip()


def load_site_config(config_file: Path, given: CommandLine | None = None, **overrides):
    """mkdocs.yml, loaded by MkDocs, with the command's options (`given`) set on the plugins they are for."""
    if not config_file.is_file():
        raise TrustGuideError(config_file.as_posix(), "no such configuration file; run from the guide's folder or "
                              "pass --config-file")
    with configuration_errors(config_file):
        config = load_config(config_file=str(config_file), **overrides)
    _check_site_url(config_file, config.site_url)
    if given is not None:
        given.apply(config)
    return config


def _check_site_url(config_file: Path, site_url: str | None) -> None:
    """mkdocs.yml's site_url follows the same rule as the settings' and --site-url: it is printed into every page."""
    from trustguide.core.web_address import web_address_problem

    problem = web_address_problem(site_url) if site_url else None
    if problem:
        line, _ = _option_as_written(config_file, "site_url")
        raise TrustGuideError(Location(config_file.as_posix(), line), f"site_url {problem}")


def _overrides(strict: bool, site_url: str | None) -> dict:
    overrides: dict = {"strict": strict}
    if site_url is not None:
        overrides["site_url"] = site_url
    return overrides


def _enable_offline(config, config_file: Path) -> None:
    """Switch on Material's offline plugin for this build only: file:// links and search without a server."""
    from material.plugins.offline.plugin import OfflinePlugin

    plugins = [p for p in config.plugins.values() if isinstance(p, OfflinePlugin)]
    if not plugins:
        raise TrustGuideError(config_file.as_posix(), "the offline bundle needs Material's offline plugin: add "
                              "'- offline:' with 'enabled: !ENV [TRUSTGUIDE_OFFLINE, false]' under 'plugins:'")
    for plugin in plugins:
        plugin.config.enabled = True


def load_guide_config(config_file: Path, given: CommandLine | None = None) -> GuideConfig:
    """What mkdocs.yml says of the guide, for a command (a mistake in mkdocs.yml is reported as a build reports it)."""
    return guide_config(load_site_config(config_file, given), given=given)


def load_guide(config_file: Path, given: CommandLine | None = None) -> Guide:
    """The guide a command reads: mkdocs.yml read once, the guide made once from it."""
    return make_guide(load_guide_config(config_file, given))


def _build_into(config_file: Path, staging: Path, strict: bool, site_url: str | None, languages: tuple[str, ...],
                offline: bool = False, before: Callable[[], None] | None = None, loaded=None,
                given: CommandLine | None = None) -> None:
    """One real MkDocs build per language: English into `staging`, each translation into staging/LANG/; `before`
    (the source checks) runs first, and a build is published only when it returned.

    Where the machine has a second core, each language builds in a process of its own, started before `before`
    runs: the checks and the builds share the cores, and the wait is the longest of them, not their sum. Their
    logs are shown in order once the checks passed, as if they had run one after the other.

    `loaded`: the configuration as loaded from `config_file` with these options, not yet built with. One build uses
    it instead of loading it again (each forked build has a copy of its own); every other build loads its own.
    """
    from trustguide.content.languages import SOURCE, site_prefix

    together = len(languages) > 1
    if not parallel.available(len(languages) + (before is not None)):
        if before is not None:
            before()
        for language in languages:
            target = staging / site_prefix(language) if language != SOURCE else staging
            _build_language(config_file, target, strict, site_url, offline, language, together, loaded, given)
            loaded = None  # built with: plugins keep state from their build
        return
    # Each translation builds into a folder of its own (the English build empties `staging` as it starts), moved
    # into place once every build succeeded.
    folders = {language: Path(tempfile.mkdtemp(prefix=f".{staging.name}-{language}-", dir=staging.parent))
               for language in languages if language != SOURCE}
    stack = contextlib.ExitStack()
    for folder in folders.values():
        stack.enter_context(removed_if_stopped(folder))
    # With a core for each, English builds beside the checks too; with fewer, here, once the checks passed.
    beside = [language for language in languages
              if language != SOURCE or parallel.cores() >= len(languages) + (before is not None)]
    children: list[parallel.Child] = []
    try:
        children = [parallel.start(_build_language, config_file, folders.get(language, staging), strict, site_url,
                                   offline, language, together, loaded, given) for language in beside]
        if before is not None:
            before()
        if SOURCE not in beside:
            _build_language(config_file, staging, strict, site_url, offline, SOURCE, together, loaded, given)
        while children:
            children.pop(0).result()  # its log, then its failure if it failed, in the order of the languages
        for language, folder in folders.items():
            target = staging / site_prefix(language)
            target.parent.mkdir(parents=True, exist_ok=True)
            folder.rename(target)
    finally:
        for child in children:
            child.cancel()  # the checks' or an earlier build's message is the one to read; a later build repeats it
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
        stack.close()


def _build_language(config_file: Path, staging: Path, strict: bool, site_url: str | None, offline: bool,
                    language: str, together: bool = False, loaded=None, given: CommandLine | None = None) -> None:
    """One real MkDocs build (plugin start-up and shut-down included) of one language into `staging`; `loaded`, the
    configuration loaded with the same options and not built with yet, saves loading it again."""
    if loaded is None:
        staged = load_site_config(config_file, given, site_dir=str(staging), **_overrides(strict, site_url))
    else:
        staged = loaded
        staged.site_dir = os.path.abspath(staging)  # as MkDocs' own option gives it
    languages = staged.plugins.get("trustguide-languages")
    if languages is not None:
        languages.config.build = language  # as TRUSTGUIDE_LANGUAGE sets it for a plain `mkdocs build`
        languages.config.together = together  # the switcher links to the other languages built beside it
    with contextlib.suppress(TrustGuideError, TrustGuideErrors):  # a mistake is the organisation plugin's to report
        use_guide(staged, make_guide(guide_config(staged, language, given)))  # every plugin of this build reads it
    if offline:
        _enable_offline(staged, config_file)
    errors = _ErrorCollector()
    logging.getLogger(engine_logger()).addHandler(errors)
    try:
        staged.plugins.on_startup(command="build", dirty=False)
        try:
            build(staged)
        finally:
            staged.plugins.on_shutdown()
    except MkDocsException as exc:
        # MkDocs logs the located error and then aborts with a generic message: report the located one.
        raise BuildFailed("\n".join(errors.messages) or str(exc)) from exc
    finally:
        logging.getLogger(engine_logger()).removeHandler(errors)


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = True, site_url: str | None = None,
               before: Callable[[GuideConfig], None] | None = None, given: CommandLine | None = None) -> Path:
    """Build the guide and publish it atomically into its site_dir; returns the published folder. `before` (the
    source checks, given what mkdocs.yml says of the guide as this build read it) runs before the English build
    starts; when it raises, nothing is published."""
    source_date_epoch()  # a malformed SOURCE_DATE_EPOCH is the user's mistake, not a traceback from MkDocs
    given = given or CommandLine(site_url=site_url)
    config = load_site_config(config_file, given, **_overrides(strict, site_url))
    target = Path(site_dir) if site_dir else Path(config.site_dir)
    refuse_unsafe_site_dir(target, _site_dir_as_written(config_file, site_dir), *_protected_folders(config, config_file))
    first = _checks_of(config, before, given)
    languages = _languages_or_checks(config, first, given)
    publish_atomically(target, lambda staging: _build_into(config_file, staging, strict, site_url, languages=languages,
                                                           before=first, loaded=config, given=given))
    logging.getLogger("trustguide").info("Published the guide to %s", target)
    return target


def _site_dir_as_written(config_file: Path, site_dir: Path | None) -> str:
    """Where the site folder was given, for its message: the option, or site_dir's line of mkdocs.yml."""
    if site_dir is not None:
        return f"--site-dir {site_dir}"
    line, value = _option_as_written(config_file, "site_dir")
    if line is None:
        return f"{config_file.as_posix()}: site_dir (default 'site')"
    return f"{config_file.as_posix()}:{line}: site_dir {value}"


def _protected_folders(config, config_file: Path) -> tuple[dict[Path, str], dict[Path, str]]:
    """What publishing must never replace (the checkout, the organisation's folder, every source folder) and the
    source folders a site may not be published into."""
    root = config_file.resolve().parent
    sources: dict[Path, str] = {Path(config.docs_dir): "the guide's docs folder"}
    if config.theme.custom_dir:
        sources[Path(config.theme.custom_dir)] = "the guide's theme overrides"
    for name, option in (("trustguide-worksheets", "templates"), ("trustguide-worksheets", "definitions"),
                         ("trustguide-sessions", "templates"), ("trustguide-sessions", "definitions"),
                         ("trustguide-languages", "translations")):
        plugin = config.plugins.get(name)
        value = plugin.config.get(option) if plugin is not None else None
        if value:
            sources[(root / value)] = f"a source folder of the guide ({Path(value).name}/)"
    for name in ("src", ".git", "tests"):
        if (root / name).exists():  # .git is a file in a worktree
            sources[root / name] = f"a folder of the guide's checkout ({name}/)"
    keep = {root: "the guide's checkout (mkdocs.yml, the sources)", **sources}
    organisation = config.plugins.get("trustguide-organisation")
    folder = organisation.config.get("folder") if organisation is not None else None
    if folder and Path(folder).expanduser().is_dir():
        org = Path(folder).expanduser()
        keep[org] = "the organisation's folder"
        for name in ("docs", "worksheets", "plans", "translations"):
            if (org / name).is_dir():
                sources[org / name] = f"the organisation's {name} folder"
                keep[org / name] = f"the organisation's {name} folder"
    return keep, sources


def _checks_of(config, before: Callable[[GuideConfig], None] | None,
               given: CommandLine) -> Callable[[], None] | None:
    """`before` given the guide's configuration as the build loaded it: mkdocs.yml is not loaded a second time for
    the checks, which run on the build's critical path."""
    if before is None:
        return None
    described = guide_config(config, given=given)  # before any build sets its language on the plugins
    return lambda: before(described)


def _languages_or_checks(config, before: Callable[[], None] | None, given: CommandLine) -> tuple[str, ...]:
    """The languages to build; where the organisation's settings hide them, the checks say what is wrong."""
    try:
        return make_guide(guide_config(config, given=given)).published_languages
    except (TrustGuideError, TrustGuideErrors):
        if before is not None:
            before()
        raise


def build_offline_zip(config_file: Path, dist_dir: Path | None = None, strict: bool = True,
                      site_url: str | None = None, before: Callable[[GuideConfig], None] | None = None,
                      given: CommandLine | None = None) -> BundleSummary:
    """Build the offline variant of the guide and pack it as dist/trustguide-offline.zip; the site_dir is untouched.

    The zip is written only when the whole build succeeded (an existing zip stays as it was otherwise), and with
    SOURCE_DATE_EPOCH set it is the same bytes on every build.
    """
    epoch = source_date_epoch()
    given = given or CommandLine(site_url=site_url)
    config = load_site_config(config_file, given, **_overrides(strict, site_url))
    first = _checks_of(config, before, given)
    languages = _languages_or_checks(config, first, given)
    dist = Path(dist_dir) if dist_dir else Path(config_file).resolve().parent / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".offline-build-", dir=dist))
    try:
        with removed_if_stopped(staging):
            _build_into(config_file, staging, strict, site_url, offline=True, languages=languages, before=first,
                        loaded=config, given=given)
            # The 404 page is a web server's error page, with links from the server's root: nothing shows it on disk.
            for page in [staging / "404.html", *staging.glob("*/404.html")]:
                page.unlink(missing_ok=True)
            summary = write_zip(staging, dist / OFFLINE_ZIP, OFFLINE_TOP, zip_date_time(epoch))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logging.getLogger("trustguide").info("Wrote the offline guide to %s (%d files, %.1f MB): unzip it and open %s/index.html",
                                         summary.path, summary.files, summary.size / 1e6, OFFLINE_TOP)
    return summary


def serve_site(config_file: Path, dev_addr: str | None, given: CommandLine | None = None) -> None:
    """`trustguide serve`: MkDocs' server with live reload; a mistake in mkdocs.yml is reported as `build` reports
    it, before serving. MkDocs' server loads mkdocs.yml again for every rebuild, so --org-dir reaches it as plain
    `mkdocs serve` is given it: TRUSTGUIDE_ORG_DIR, which mkdocs.yml reads."""
    from mkdocs.commands.serve import serve

    if given is not None and given.org_dir:
        os.environ[ORG_DIR_VARIABLE] = given.org_dir
    load_site_config(config_file)
    with configuration_errors(config_file):
        serve(config_file=str(config_file), open_in_browser=False, dev_addr=dev_addr, livereload=True)
