"""One Jinja environment for every template: autoescaped, strict about undefined names, errors located."""

from __future__ import annotations

import os
import sysconfig
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from markupsafe import Markup

from trustguide.content.languages.catalog import SOURCE_TRANSLATIONS, Gettext
from trustguide.content.worksheets.model import printed_field_classes
from trustguide.core.errors import Location, TrustGuideError


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the process and on disk for the next one.

    Every build makes a new Jinja environment for the theme, which compiled Material's hundred templates again: a
    third of a warm build. Jinja checks each template's source against the code it kept (a changed template is
    compiled again), and the code is per Python version. `namespace` keeps environments with different settings
    apart: Jinja's key is the template's name and file only.
    """

    _memory: ClassVar[dict[str, dict[str, bytes]]] = {}

    def __init__(self, namespace: str, folder: Path | None = None) -> None:
        self.code = self._memory.setdefault(namespace, {})
        self.disk = jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self.code.get(bucket.key)
        if kept is not None:
            bucket.bytecode_from_string(kept)  # resets the bucket when the source changed
        if bucket.code is None and self.disk is not None:
            self.disk.load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            try:
                Path(self.disk.directory).mkdir(parents=True, exist_ok=True)
                self.disk.dump_bytecode(bucket)
            except OSError:
                pass  # a read-only folder: the templates compile again next time, nothing else changes


class ThemeLoader(jinja2.FileSystemLoader):
    """The theme's templates, listed without their hidden folders, and once per process where a folder is installed.

    MkDocs lists every file of the theme on every build, to copy its assets (`Files.add_files_from_theme`), and
    tests each name against a dozen patterns: for Material that is 14,500 names, 14,000 of them icons under
    `.icons/`, about a tenth of a warm build. MkDocs copies no hidden name (its filter skips `.*` and `*/.*`) and
    nothing else lists templates, so hidden folders are left out here; a folder inside the installed packages does
    not change while a process runs, so it is listed once. A project's own templates (custom_dir) are listed on
    every build, as they may be edited under `serve`. Loading a template is Jinja's own, hidden folders included.
    """

    _listed: ClassVar[dict[str, frozenset[str]]] = {}
    _installed = tuple({os.path.realpath(sysconfig.get_paths()[p]) + os.sep for p in ("purelib", "platlib")})

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            listed = self._listed.get(searchpath)
            if listed is None:
                listed = _visible_files(searchpath, self.followlinks)
                if os.path.realpath(searchpath).startswith(self._installed):
                    self._listed[searchpath] = listed
            found |= listed
        return sorted(found)


def _visible_files(folder: str, followlinks: bool) -> frozenset[str]:
    names = set()
    for directory, subdirectories, files in os.walk(folder, followlinks=followlinks):
        subdirectories[:] = [d for d in subdirectories if not d.startswith(".")]
        relative = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        names.update(prefix + f for f in files if not f.startswith("."))
    return frozenset(names)


def theme_environments(get_env: Callable[[], jinja2.Environment], namespace: str,
                       folder: Path | None) -> Callable[[], jinja2.Environment]:
    """A theme's get_env whose environments keep compiled templates (CompiledTemplates) and list the theme's files
    with ThemeLoader: the build's, and those the theme's plugins make for themselves (Material's search makes one
    to read its translations)."""

    def environment() -> jinja2.Environment:
        env = get_env()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:
            env.loader = ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        env.bytecode_cache = CompiledTemplates(namespace, folder)
        return env

    return environment


PRINTED_CACHE = ".cache/trustguide/printed-templates"  # beside the templates folder, as the guide's other caches


def environment(templates_dir: Path, translations: Gettext = SOURCE_TRANSLATIONS) -> jinja2.Environment:
    """The printed templates' environment in a language: its words ({% trans %}, _()) from `translations`.

    One environment per templates folder and catalog content (a PDF worker's unpickled catalog finds its own);
    compiled templates are shared by all of them (the code does not depend on the words) and kept in the guide's
    cache for the next command."""
    key = (str(templates_dir), translations.key)
    env = _ENVIRONMENTS.get(key)
    if env is None:
        env = _ENVIRONMENTS[key] = _environment(templates_dir, translations)
    return env


_ENVIRONMENTS: dict[tuple[str, str], jinja2.Environment] = {}


def _environment(templates_dir: Path, translations: Gettext) -> jinja2.Environment:
    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=CompiledTemplates(f"printed:{templates_dir}", Path(templates_dir).resolve().parent / PRINTED_CACHE),
        autoescape=True,  # every value (names, labels, bib fields) is text, never markup
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["printed_field_classes"] = printed_field_classes
    # The words in the render's language: newstyle gettext, so %(name)s places are filled and autoescaped.
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(lang="en-GB")
    env.filters["translated"] = translations.gettext  # a word that is a value (a label, an audience id)
    return env


def css_string(value: object) -> Markup:
    """A quoted CSS string holding exactly `value`, for CSS inside a <style> element (`content:`, `url()`).

    HTML-escaping is wrong there: a <style> element's text is not decoded, so "&#39;" would be printed as typed.
    CSS escapes are used instead: quote and backslash escaped, line breaks and control characters as hex escapes,
    and "<" and ">" too, so that no value can close the <style> element.
    """
    out = []
    for char in str(value):
        if char in '"\\':
            out.append("\\" + char)
        elif char in "<>" or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


def _display(path: str | None, templates_dir: Path, name: str) -> str:
    if not path:
        return f"templates/{name}"
    try:
        return "templates/" + Path(path).resolve().relative_to(templates_dir.resolve()).as_posix()
    except ValueError:
        return path


def render_template(templates_dir: Path, name: str, translations: Gettext | None = None, **context: Any) -> str:
    """Render templates/NAME with the words of `translations` (English without); a syntax error or an undefined name
    is a TrustGuideError at the template line."""
    env = environment(templates_dir, translations or SOURCE_TRANSLATIONS)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = Location(_display(exc.filename, templates_dir, exc.name or name), exc.lineno)
        raise TrustGuideError(where, f"template syntax error: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise TrustGuideError(f"templates/{exc.name}", "template not found; restore it or fix the include") from exc
    except (jinja2.UndefinedError, jinja2.TemplateError, TypeError, AttributeError) as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".j2", ".html"))]
        if not frames:
            raise
        frame = frames[-1]
        where = Location(_display(frame.filename, templates_dir, name), frame.lineno)
        raise TrustGuideError(where, f"template error: {exc}; check the names the template uses") from exc
