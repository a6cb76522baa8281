"""Which static-site engine builds the guide: MkDocs 1.6, or ProperDocs, its maintained drop-in fork.

ProperDocs reads the same mkdocs.yml and loads the same `mkdocs.plugins` entry points; importing its
`properdocs.replacement` module makes every later `import mkdocs...` (ours, Material's) load ProperDocs instead.
That import must come before anything imports MkDocs, so the choice is made first thing in `trustguide`'s main().
"""

from __future__ import annotations

import os
import sys

ENGINES = ("mkdocs", "properdocs")
ENVIRONMENT = "TRUSTGUIDE_ENGINE"


class EngineError(Exception):
    """An unknown or uninstalled engine was asked for."""


def choose_engine(argv: list[str]) -> str:
    """The engine named by `--engine NAME` in argv (removed from it) or by TRUSTGUIDE_ENGINE; MkDocs by default."""
    name = os.environ.get(ENVIRONMENT, "mkdocs") or "mkdocs"
    for index, arg in enumerate(list(argv)):
        if arg == "--engine" and index + 1 < len(argv):
            name = argv[index + 1]
            del argv[index : index + 2]
            break
        if arg.startswith("--engine="):
            name = arg.split("=", 1)[1]
            del argv[index]
            break
    if name not in ENGINES:
        raise EngineError(f"unknown engine '{name}'; use one of {', '.join(ENGINES)}")
    if name == "properdocs":
        if "mkdocs" in sys.modules and "properdocs" not in sys.modules:
            raise EngineError("ProperDocs must be chosen before MkDocs is imported")
        try:
            import properdocs.replacement  # noqa: F401 - redirects every mkdocs.* import to properdocs.*
        except ImportError as exc:
            raise EngineError("ProperDocs is not installed; run `bash scripts/setup.sh`") from exc
    return name


def engine_logger() -> str:
    """The name of the engine's own logger (its messages carry the located errors of a build)."""
    return "properdocs" if "properdocs" in sys.modules else "mkdocs"


def engine_versions() -> str:
    """'MkDocs 1.6.1' or 'ProperDocs 1.6.7', with Material's version."""
    import importlib.metadata

    name = "ProperDocs" if "properdocs" in sys.modules else "MkDocs"
    version = importlib.metadata.version(name.lower())
    return f"{name} {version}, Material for MkDocs {importlib.metadata.version('mkdocs-material')}"
