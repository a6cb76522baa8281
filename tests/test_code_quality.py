"""The code stays ruff clean (the style the team agreed on)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from conftest import BIN, run


def test_ruff_finds_nothing(repo_root: Path) -> None:
    result = run([str(BIN / "ruff"), "check", "src", "tests", "scripts"], cwd=repo_root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layers_hold(repo_root: Path) -> None:
    """commands > engine adapter > output > guide > content > core, and only the engine adapter imports MkDocs,
    Material or ProperDocs (the contracts are in pyproject.toml)."""
    result = run([str(BIN / "lint-imports"), "--no-cache"], cwd=repo_root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout, result.stdout


def test_every_package_has_its_layer(repo_root: Path) -> None:
    """A new folder of the package must take its place in the layers, or the contract would not see it."""
    import tomllib

    contracts = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = {layer for contract in contracts["contracts"] if contract["type"] == "layers" for layer in contract["layers"]}
    package = repo_root / "src" / "trustguide"
    modules = {f"trustguide.{p.stem}" for p in package.iterdir()
               if (p.is_dir() and (p / "__init__.py").is_file()) or (p.suffix == ".py" and p.stem != "__init__")}
    assert modules == layers, sorted(modules ^ layers)


def test_no_module_imports_itself_round_a_cycle() -> None:
    """An import cycle ties modules that should be apart (a model importing its printing, a checker its command)."""
    import grimp

    graph = grimp.build_graph("trustguide")
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if imported.startswith("trustguide") and back:
                cycles.append(" -> ".join([importer, *back]))
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("command", [["worksheet", "peer-group-charter", "--participant", "Zoë"],
                                     ["pack", "peer-coaching-launch", "--start", "13:30"]])
def test_a_command_reads_the_guide_once(command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        repo_root: Path) -> None:
    """`worksheet` and `pack` make one Guide: mkdocs.yml read once, the bibliography read once."""
    from trustguide.cli import main as cli
    from trustguide.engine import building
    from trustguide.guide import model

    counts = {"config": 0, "bibliography": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(building, "load_site_config", counted("config", building.load_site_config))
    monkeypatch.setattr(model, "read_bibliography", counted("bibliography", model.read_bibliography))
    monkeypatch.chdir(repo_root)
    handler = signal.getsignal(signal.SIGTERM)  # the command sets its own stop handler: this worker keeps its own
    try:
        assert cli.main([*command, "-o", str(tmp_path / "out.pdf")]) == 0
    finally:
        signal.signal(signal.SIGTERM, handler)
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert counts == {"config": 1, "bibliography": 1}
