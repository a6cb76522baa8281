"""Read and check organisation.yml: every mistake is reported at its line, all at once."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from trustguide.content.definitions import schema as c
from trustguide.content.definitions.validation import validate_mapping
from trustguide.content.definitions.yamlfile import Located, load_located_yaml, parse_located_yaml
from trustguide.content.organisation.colours import parse_colour
from trustguide.content.organisation.parts import PARTS, unknown_part_message
from trustguide.core.errors import Location, TrustGuideError, closest, raise_if_any
from trustguide.core.web_address import normalised, web_address_problem

LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
_EMAIL_OR_URL = re.compile(r"^(mailto:)?[^@\s]+@[^@\s]+\.[^@\s]+$|^https?://\S+$")


class SettingsSchema(c.Schema):
    name = c.Type(str)
    site_name = c.Optional(c.Type(str))
    logo = c.Optional(c.Type(str))
    colours = c.Optional(c.Type(dict))
    contact = c.Optional(c.Type(str))
    contact_label = c.Optional(c.Type(str))
    licence = c.Optional(c.Type(str))
    leave_out = c.ListOfItems(c.Type(str), default=[])  # each name is checked below, with a suggestion
    overlay = c.Optional(c.Type(str))
    overlay_title = c.Optional(c.Type(str))
    prefix = c.Optional(c.Type(str))
    site_url = c.Optional(c.Type(str))
    # The languages to publish, of those the guide has (mkdocs.yml, trustguide-languages); English always.
    languages = c.Optional(c.ListOfItems(c.Type(str)))


class ColoursSchema(c.Schema):
    # One brand colour is enough, as for Material: the other one is the same.
    primary = c.Optional(c.Type(str))
    accent = c.Optional(c.Type(str))


@dataclass(frozen=True)
class Settings:
    name: str
    site_name: str
    logo: Path | None
    primary: tuple[int, int, int] | None
    accent: tuple[int, int, int] | None
    contact: str
    contact_label: str
    licence: str
    leave_out: tuple[str, ...]
    overlay: Path | None
    overlay_title: str
    source: str
    prefix: str = "organisation"  # the site folder of the pages in the organisation folder's docs/
    site_url: str = ""  # where the organisation publishes the guide: PDFs' footers and QR codes point there
    languages: tuple[str, ...] | None = None  # None: every language the guide has


def load_settings(path: Path, display: str, guide_languages: Collection[str] | None = None) -> Settings:
    node = load_located_yaml(path, display)
    text = path.read_text(encoding="utf-8-sig", errors="replace")  # read as UTF-8 just above: bad bytes were said
    return build_settings(node, display, path.parent, guide_languages, text)


def parse_settings(text: str, display: str, folder: Path, guide_languages: Collection[str] | None = None) -> Settings:
    return build_settings(parse_located_yaml(text, display), display, folder, guide_languages, text)


def build_settings(node: Located, display: str, folder: Path, guide_languages: Collection[str] | None = None,
                   text: str = "") -> Settings:
    """Paths in the settings are relative to the settings file's folder; `guide_languages`: the languages the guide
    has, which are all the settings may choose from (None: not known here, not checked); `text`: the file as
    written, for mistakes YAML hides (an unquoted colour is a comment)."""
    config, problems = validate_mapping(node, SettingsSchema, display, "organisation settings")
    if config is None:
        raise_if_any(problems)
        raise AssertionError("unreachable")

    def at(key: str, message: str, where: Located = node) -> None:
        problems.append(TrustGuideError(Location(display, where.line_of(key)), message))

    if not config.name.strip():
        at("name", "name is empty; give the organisation's name")
    # The theme prints names into titles and navigation as they are: no markup may reach it.
    for key in ("name", "site_name", "overlay_title", "contact_label"):
        if any(ch in (config[key] or "") for ch in "<>"):
            at(key, f"{key} may not contain '<' or '>'; write it as plain text")
    logo = None
    if config.logo is not None:
        logo = folder / config.logo
        if logo.suffix.lower() not in LOGO_TYPES:
            at("logo", f"logo '{config.logo}' must be one of {', '.join(LOGO_TYPES)}")
        elif not logo.resolve().is_relative_to(folder.resolve()):
            # the logo is published and embedded in every PDF: never a file of the build machine
            linked = " (it is a symbolic link to a file there)" if logo.is_symlink() else ""
            at("logo", f"logo '{config.logo}' is outside the organisation's folder{linked}; copy the file into the "
                       "folder and name it there")
        elif not logo.is_file():
            at("logo", f"logo file '{config.logo}' not found (paths are relative to {display}); add it or fix the path")
        elif logo.suffix.lower() == ".svg":
            problem = svg_problem(logo)
            if problem:
                at("logo", f"logo '{config.logo}' {problem}")
    primary = accent = None
    colours_node = node.values.get("colours")
    if config.colours is not None:
        colours, found = validate_mapping(colours_node, ColoursSchema, display, "colours", node.line_of("colours"))
        problems.extend(found)
        if colours is not None:
            given: dict[str, str] = {}
            for key in ("primary", "accent"):
                if colours[key] is not None:
                    given[key] = colours[key]
                elif key in colours_node.values:
                    at(key, _missing_colour(key, text.splitlines()[colours_node.line_of(key) - 1:][:1]), colours_node)
            if not colours_node.values:
                at("colours", 'colours: give a primary colour, an accent colour or both, e.g. primary: "#1f4e79"')
            parsed = {key: parse_colour(value) for key, value in given.items()}
            for key, value in given.items():
                if parsed[key] is None:
                    at(key, f"colours '{key}': '{value}' is not a colour; write it as #rrggbb, e.g. #1f4e79",
                       colours_node)
            if parsed and all(parsed.values()):
                primary = parsed.get("primary") or parsed["accent"]
                accent = parsed.get("accent") or primary
    if config.contact is not None and not _EMAIL_OR_URL.match(config.contact.strip()):
        at("contact", f"contact '{config.contact}' must be an e-mail address or an http(s) address")
    for part in config.leave_out:
        if part not in PARTS:
            at("leave_out", unknown_part_message(part))
    if len(set(config.leave_out)) != len(config.leave_out):
        at("leave_out", "a part is named twice in leave_out")
    if "worksheets" in config.leave_out and "session-plans" not in config.leave_out:
        at("leave_out", "session plans use the worksheets: leave out 'session-plans' too, or keep 'worksheets'")
    overlay = None
    if config.overlay is not None:
        overlay = folder / config.overlay
        if not overlay.is_dir():
            at("overlay", f"overlay folder '{config.overlay}' not found (paths are relative to {display}); create it or "
                          "fix the path")
        elif not any(overlay.rglob("*.md")):
            at("overlay", f"overlay folder '{config.overlay}' has no Markdown pages")
    prefix = (config.prefix or default_prefix(config.name or "")).strip().strip("/")
    if not _PREFIX.match(prefix):
        at("prefix", f"prefix '{config.prefix}' must be one folder name of lower-case letters, digits and hyphens, "
                     "e.g. northwind")
    elif prefix in _GUIDE_FOLDERS:
        at("prefix", f"prefix '{prefix}' is a folder of the guide itself; choose another, e.g. {prefix}-local")
    site_url = (config.site_url or "").strip()
    address_problem = web_address_problem(site_url) if site_url else None
    if address_problem:
        at("site_url", f"site_url {address_problem}")
    elif site_url:
        site_url = normalised(site_url)
    if config.languages is not None and len(set(config.languages)) != len(config.languages):
        at("languages", "a language is named twice in languages")
    for language in config.languages or ():
        if guide_languages is not None and language not in guide_languages:
            close = closest(language, guide_languages, cutoff=0.6)
            hint = f"did you mean '{close}'? " if close else ""
            at("languages", f"languages: the guide has no language '{language}'; {hint}it has "
                            f"{', '.join(guide_languages)} (English is always published)")
    raise_if_any(problems)
    name = config.name.strip()
    return Settings(
        name=name,
        site_name=(config.site_name or f"Trust Guide for {name}").strip(),
        logo=logo,
        primary=primary,
        accent=accent,
        contact=(config.contact or "").strip(),
        contact_label=(config.contact_label or f"Contact {name}").strip(),
        licence=(config.licence or "").strip(),
        leave_out=tuple(config.leave_out),
        overlay=overlay,
        overlay_title=(config.overlay_title or name).strip(),
        source=display,
        prefix=prefix,
        site_url=site_url,
        languages=tuple(config.languages) if config.languages is not None else None,
    )


def _missing_colour(key: str, written: list[str]) -> str:
    """A colour key with no value: most often `primary: #1f4e79` unquoted, which YAML reads as a comment."""
    comment = written[0].split(":", 1)[-1].split("#", 1) if written else []
    if len(comment) == 2:
        shown = (comment[1].split() or ["rrggbb"])[0]
        return (f'colours \'{key}\': put the colour in quotes, as in {key}: "#{shown}" (unquoted, YAML reads # as '
                "the start of a comment, and the colour as missing)")
    return f'colours \'{key}\' is empty; write it as "#rrggbb", e.g. "#1f4e79", or leave it out'


# What an SVG may not hold to be published and embedded in PDFs: script, event handlers, and references to any
# other file or address (a PDF renderer or a browser would fetch them). References inside the file (#id) and
# data: addresses are fine.
_SVG_UNSAFE = (
    (re.compile(r"<\s*script", re.I), "holds a script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "holds an event handler (an on...= attribute)"),
    (re.compile(r"<\s*foreignObject", re.I), "holds a foreignObject (HTML inside the image)"),
    # the W3C's own SVG document type, as drawing programs write it, is fine; any other may name files or entities
    (re.compile(r"<!ENTITY|<!DOCTYPE(?!\s+svg\s+PUBLIC\s+\"-//W3C//DTD SVG [^\"]*\"\s+"
                r"\"http://www\.w3\.org/Graphics/SVG/[^\"]*\"\s*>)", re.I),
     "declares a document type or entities (which may name other files)"),
    (re.compile(r"image-set\s*\(|\\[0-9a-f]", re.I), "refers to another file or address in its styles"),
    (re.compile(r"""\b(?:xlink:)?href\s*=\s*["']\s*(?!#|data:)""", re.I), "refers to another file or address"),
    (re.compile(r"""url\(\s*["']?\s*(?!#|data:)""", re.I), "refers to another file or address in its styles"),
    (re.compile(r"@import", re.I), "imports a style sheet"),
)


def svg_problem(path: Path) -> str | None:
    """Why an SVG logo cannot be published, with its line, or None: it must be a picture and nothing else."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    for pattern, what in _SVG_UNSAFE:
        found = pattern.search(text)
        if found:
            return (f"{what} at its line {text.count(chr(10), 0, found.start()) + 1}; a logo must be a picture "
                    "alone: embed images in it as data: or use a PNG")
    return None


_PREFIX = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# The guide's own top-level folders and generated pages: an organisation's prefix may not take one of them.
_GUIDE_FOLDERS = {"foundations", "coaching-relationship", "peer-coaching", "team-coaching", "accountability",
                  "worksheets", "sessions", "assets", "search", "references", "glossary", "planner", "tags",
                  "organisations", "includes", "tools", "de"}


_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                               "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ı": "i",
                               "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T"})


def suggested_prefix(name: str) -> str:
    """The prefix `org init` writes: as the default, but with the letters Unicode does not decompose into a base
    letter and an accent spelt out ("Łódź" -> "lodz", where the default has "odz"). The default itself stays as it
    was, so the addresses of a published site whose settings name no prefix do not move."""
    return default_prefix(name.translate(_UNDECOMPOSED))


def default_prefix(name: str) -> str:
    """'Northwind Health' -> 'northwind-health': the default folder of an organisation's own pages."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "organisation"
