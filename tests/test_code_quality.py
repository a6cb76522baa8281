"""The code stays ruff clean (the style the team agreed on)."""

from __future__ import annotations

from pathlib import Path

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
