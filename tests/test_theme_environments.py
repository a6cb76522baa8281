"""The theme's environments: listed without hidden folders and once per process, compiled once.

What a user would check: the built site holds exactly the theme files plain MkDocs copies, an asset added to the
project's own theme folder while `serve` runs is published by the next rebuild, and an edited override shows.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from trustguide.output.rendering.templates import ThemeLoader, theme_environments


def _project(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text(
        "---\ntitle: Home\ndescription: The home page.\naudience: [coach]\ntags: [trust]\n---\n# Home\n\nText.\n",
        encoding="utf-8")
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="tg-mark">first override</p>{{ super() }}{% endblock %}\n',
        encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Themes\ntheme:\n  name: material\n  font: false\n  custom_dir: overrides\n"
        "plugins:\n  - search\n  - trustguide-pages\n", encoding="utf-8")
    return root


def _theme_files(config: MkDocsConfig, env: jinja2.Environment) -> list[str]:
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted(f.src_uri for f in files)


def test_the_site_gets_the_theme_files_plain_mkdocs_copies(tmp_path: Path) -> None:
    config = load_config(str(_project(tmp_path / "project") / "mkdocs.yml"))
    plain = config.theme.get_env()
    ours = theme_environments(config.theme.get_env, "theme:test", None)()
    assert isinstance(ours.loader, ThemeLoader) and type(plain.loader) is jinja2.FileSystemLoader
    copied = _theme_files(config, ours)
    assert copied == _theme_files(config, plain)
    assert any(name.startswith("assets/javascripts/bundle.") for name in copied)  # the theme's own assets
    assert any(name.startswith("assets/stylesheets/main.") for name in copied)
    assert len(plain.list_templates()) > 10 * len(ours.list_templates())  # the icons are not listed
    assert ours.get_template(".icons/material/handshake-outline.svg")  # but still found by name


def test_a_rebuild_in_the_same_process_sees_the_projects_new_asset_and_edited_override(tmp_path: Path) -> None:
    """`serve`: one process, a new configuration per rebuild; the project's theme folder is listed each time."""
    root = _project(tmp_path / "project")

    def build_once() -> Path:
        MkDocsConfig.plugins.plugin_cache.clear()
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        config.plugins.on_shutdown()
        return root / "site"

    site = build_once()
    assert "first override" in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / "assets" / "brand.css").exists()
    (root / "overrides" / "assets").mkdir()
    (root / "overrides" / "assets" / "brand.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    main = root / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("first override", "second override"), encoding="utf-8")
    site = build_once()
    assert (site / "assets" / "brand.css").read_text(encoding="utf-8") == "body { color: #123456; }\n"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "second override" in page and "first override" not in page
