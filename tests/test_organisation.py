"""Organisation settings: located errors, branding, its own pages in nav and search, parts left out everywhere."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, tree_digest, trustguide
from trustguide.content.organisation.colours import (
    HOVER_TINT,
    PAGE_BACKGROUNDS,
    SLATE_BACKGROUND,
    WHITE,
    brand_css,
    contrast,
    header_colours,
    palette_colours,
    parse_colour,
    readable_on,
)
from trustguide.content.organisation.parts import without_links
from trustguide.content.organisation.settings import parse_settings
from trustguide.core.errors import TrustGuideError, TrustGuideErrors

EXAMPLE = ROOT / "examples" / "organisation"
VALID = (EXAMPLE / "organisation.yml").read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    try:
        parse_settings(text, "organisation.yml", EXAMPLE)
    except TrustGuideErrors as exc:
        return [str(p) for p in exc.problems]
    except TrustGuideError as exc:
        return [str(exc)]
    return []


def line_of(fragment: str) -> int:
    return VALID[: VALID.index(fragment)].count("\n") + 1


def test_the_example_settings_are_valid() -> None:
    settings = parse_settings(VALID, "organisation.yml", EXAMPLE)
    assert settings.leave_out == ("accountability",) and settings.overlay == EXAMPLE / "pages"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("leave_out: [accountability]", "leave_out: [acountability]", "leave_out"),
        ("logo: logo.svg", "logo: missing.svg", "logo file 'missing.svg' not found"),
        ("logo: logo.svg", "logo: logo.gif", "logo 'logo.gif' must be one of"),
        ('primary: "#0b5563"', 'primary: "teal-ish"', "colours 'primary': 'teal-ish' is not a colour; write it as #rrggbb"),
        ('accent: "#b3541e"', 'accent: "#12345"', "colours 'accent': '#12345' is not a colour"),
        ("contact: coaching@northwind.example", "contact: the coaching team",
         "contact 'the coaching team' must be an e-mail address or an http(s) address"),
        ("leave_out: [accountability]", "leave_out: [worksheets]", "session plans use the worksheets"),
        ("overlay: pages", "overlay: no-such-folder", "overlay folder 'no-such-folder' not found"),
        ("name: Northwind Health", "name: ''", "name is empty"),
        ("site_name: Northwind coaching guide", "site_nmae: Northwind coaching guide",
         "organisation settings: unknown field 'site_nmae'"),
    ],
)
def test_settings_errors_are_located(old: str, new: str, expected: str) -> None:
    assert old in VALID
    found = problems(VALID.replace(old, new))
    line = line_of(old.strip().split("\n")[0])
    assert any(p.startswith(f"organisation.yml:{line}:") and expected in p for p in found), found


@pytest.mark.parametrize("colour", ["#ffff00", "#0b5563", "#777777", "#ff4081", "#000080", "#fff"])
def test_brand_colours_keep_text_readable(colour: str) -> None:
    rgb = parse_colour(colour)
    assert rgb is not None
    assert contrast(readable_on(WHITE, rgb), WHITE) >= 4.5
    assert contrast(readable_on(SLATE_BACKGROUND, rgb), SLATE_BACKGROUND) >= 4.5
    css = brand_css(rgb, rgb)
    header_text = parse_colour(re.search(r"--md-primary-bg-color: (#\w{6});", css).group(1))
    assert contrast(header_text, rgb) >= 4.5


@pytest.mark.parametrize(
    ("name", "closest"),
    [("performance-management", "accountability"), ("acountability", "accountability"), ("worksheet", "worksheets"),
     ("sessions", "session-plans"), ("relationship", "coaching-relationship"), ("foundations-of-trust", "foundations"),
     ("xyzzy", None)],
)
def test_an_unknown_part_names_the_closest_and_every_part(name: str, closest: str | None) -> None:
    found = problems(VALID.replace("leave_out: [accountability]", f"leave_out: [peer-coaching, {name}]"))
    assert len(found) == 1, found
    message = found[0]
    assert message.startswith(f"organisation.yml:{line_of('leave_out')}: leave_out: unknown part '{name}'")
    hint = f"; the closest is '{closest}' (" if closest else "'. The parts are: "
    assert hint in message
    assert "The parts are: foundations (Foundations of trust), coaching-relationship" in message
    assert message.endswith("worksheets (Worksheets), session-plans (Session plans)")


@pytest.mark.parametrize(("key", "closest"), [("site_nmae", "site_name"), ("colors", "colours"), ("leaveout", "leave_out"),
                                              ("contact-label", "contact_label"), ("homepage", None)])
def test_a_misspelt_key_names_the_closest(key: str, closest: str | None) -> None:
    found = problems(VALID + f"{key}: x\n")
    line = VALID.count("\n") + 1
    expected = (f"organisation.yml:{line}: organisation settings: unknown field '{key}'"
                + (f"; did you mean '{closest}'? Known fields: colours, contact" if closest else "; known fields: colours"))
    assert [p for p in found if p.startswith(expected)] == found and len(found) == 1, found


# Every 51st step of each channel: 216 colours from black to white, greys, pure and muted hues.
COLOUR_GRID = [(r, g, b) for r in range(0, 256, 51) for g in range(0, 256, 51) for b in range(0, 256, 51)]


def test_every_brand_colour_pair_keeps_controls_readable_in_both_palettes() -> None:
    """What tests/test_accessibility.py measures in Chromium for four brands, here for every pair of a grid."""
    problems = []
    for primary in COLOUR_GRID:
        header = header_colours(primary)
        for name, (text, background) in {"header text": (header.text, primary),
                                          "search field": (header.text, header.search),
                                          "search field hovered": (header.text, header.search_hover),
                                          "placeholder": (header.placeholder, header.search),
                                          "placeholder hovered": (header.placeholder, header.search_hover)}.items():
            if contrast(text, background) < 4.5:
                problems.append(f"{primary} {name}: {contrast(text, background):.2f}")
    for primary in COLOUR_GRID[::7]:
        for accent in COLOUR_GRID[::5]:
            for scheme, page in PAGE_BACKGROUNDS.items():
                c = palette_colours(page, primary, accent)
                tinted = tuple(round(p + (a - p) * HOVER_TINT) for p, a in zip(page, c.accent, strict=True))
                pairs = {"link": (c.link, page, 4.5), "link on a hovered result": (c.link, tinted, 4.5),
                         "filled button text": (c.on_link, c.link, 4.5), "filled button edge": (c.link, page, 3),
                         "hovered button text": (c.on_accent, c.accent, 4.5), "focus ring": (c.accent, page, 3),
                         "accent text": (c.accent, page, 4.5), "accent text on its tint": (c.accent, tinted, 4.5)}
                problems += [f"{primary}/{accent} {scheme} {name}: {contrast(a, b):.2f}"
                             for name, (a, b, minimum) in pairs.items() if contrast(a, b) < minimum]
    assert not problems, "\n".join(problems[:20])


def test_brand_colours_change_only_what_they_must() -> None:
    """A colour that already reads keeps its value; the header keeps the organisation's colour as given."""
    navy, white_page = (0, 0, 128), PAGE_BACKGROUNDS["default"]
    assert palette_colours(white_page, navy, navy).link == navy
    css = brand_css((255, 204, 0), (255, 204, 0))
    assert "--md-primary-fg-color: #ffcc00;" in css and "--md-primary-bg-color: #000000;" in css
    assert palette_colours(white_page, (255, 204, 0), (255, 204, 0)).link != (255, 204, 0)


@pytest.fixture(scope="module")
def organisation_site(branded_site: Path) -> Path:
    """The guide built for the example organisation (Northwind), accountability left out (conftest builds it once
    in the run)."""
    return branded_site


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_a_part_left_out_is_absent_from_pages_nav_and_search(organisation_site: Path) -> None:
    assert not (organisation_site / "accountability").exists()
    assert not (organisation_site / "sessions/value-question-cycle").exists()
    assert not list((organisation_site / "worksheets/pdf").glob("manager-value-question-*.pdf"))
    for page in _html_files(organisation_site):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*accountability/(trust-divide|value-question)', text), page
        assert "value-question-cycle" not in text, page
    index = json.loads((organisation_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not [loc for loc in locations if loc.startswith("accountability/")]
    assert "worksheets/manager-value-question/" not in locations
    # Text that linked to a page left out stays, as plain text.
    home = (organisation_site / "index.html").read_text(encoding="utf-8")
    assert "manager" in home.lower()


@pytest.mark.parametrize(
    ("page", "expected", "headings_removed"),
    [
        # A list item that was only a link goes; one with more to say keeps its text.
        ('<ul>\n<li><a href="a/">A</a></li>\n<li><a href="gone/">Gone</a></li>\n<li><a href="gone/">Gone</a>, and why</li>\n</ul>',
         '<ul>\n<li><a href="a/">A</a></li>\n\n<li>Gone, and why</li>\n</ul>', []),
        # A loose list (items in paragraphs); glossary terms inside the link.
        ('<ul>\n<li>\n<p><a href="gone/">The <abbr title="t">value question</abbr></a></p>\n</li>\n<li><p>Kept</p></li>\n</ul>',
         '<ul>\n\n<li><p>Kept</p></li>\n</ul>', []),
        # A list left empty goes, and the heading over it, and the section over that; the next section stays.
        ('<h2 id="more">More</h2>\n<h3 id="reading">Reading</h3>\n<ul>\n<li><a href="gone/">G</a></li>\n</ul>\n'
         '<h2 id="next">Next</h2>\n<p>Text</p>',
         '\n\n\n<h2 id="next">Next</h2>\n<p>Text</p>', ["reading", "more"]),
        # A heading with text of its own stays; one emptied at the end of its card goes.
        ('<h2 id="s">S</h2>\n<p>Own text</p>\n<ul><li><a href="gone/">G</a></li></ul>\n<div><h3 id="c">C</h3>\n'
         '<ol><li><a href="gone/#x">G</a></li></ol>\n</div>',
         '<h2 id="s">S</h2>\n<p>Own text</p>\n\n<div>\n\n</div>', ["c"]),
        # A heading that was empty before stays; a list item with two links keeps the one that is there.
        ('<h2 id="e">E</h2>\n<h2 id="f">F</h2>\n<ul><li><a href="gone/">G</a> <a href="a/">A</a></li></ul>',
         '<h2 id="e">E</h2>\n<h2 id="f">F</h2>\n<ul><li>G <a href="a/">A</a></li></ul>', []),
        # Code shows markup as text: nothing in it is touched.
        ('<pre><code>&lt;li&gt;&lt;a href="gone/"&gt;G&lt;/a&gt;&lt;/li&gt;</code></pre>',
         '<pre><code>&lt;li&gt;&lt;a href="gone/"&gt;G&lt;/a&gt;&lt;/li&gt;</code></pre>', []),
    ],
)
def test_links_to_a_part_left_out_leave_no_trace(page: str, expected: str, headings_removed: list[str]) -> None:
    assert without_links(page, lambda href: href.startswith("gone/")) == (expected, headings_removed)


def test_the_home_page_lists_no_path_to_a_part_left_out(organisation_site: Path) -> None:
    """The organisation reader's path on the home page, with accountability left out: its two pages are not listed
    even as text, the rest of the path is."""
    home = (organisation_site / "index.html").read_text(encoding="utf-8")
    cards = re.search(r'<div class="grid cards">(.*?)</div>', home, re.S)
    assert cards, "the reader paths are missing from the home page"
    card = cards.group(1).split("<strong>Organisation</strong>")[1]
    items = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", card, re.S)]
    assert items == ["For organisations", "Trust is a team property", "Team performance coaching"], items
    text = re.sub(r"<[^>]+>", "", home)
    assert "trust divide in performance management" not in text and "The value question" not in text
    emptied = [page for page in _html_files(organisation_site)
               if re.search(r"<(ul|ol)>\s*</\1>", page.read_text(encoding="utf-8"))]
    assert not emptied, emptied


def test_overlay_pages_join_nav_and_search(organisation_site: Path) -> None:
    home = (organisation_site / "index.html").read_text(encoding="utf-8")
    assert "At Northwind" in home and 'href="northwind/confidentiality-policy/"' in home
    index = json.loads((organisation_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("northwind/confidentiality-policy/") for doc in index["docs"])
    policy = (organisation_site / "northwind/confidentiality-policy/index.html").read_text(encoding="utf-8")
    assert 'href="../../coaching-relationship/confidentiality/"' in policy


def test_branding_name_logo_colours_contact_and_licence(organisation_site: Path) -> None:
    home = (organisation_site / "index.html").read_text(encoding="utf-8")
    assert "Northwind coaching guide" in home
    assert 'src="assets/organisation/logo.svg"' in home and (organisation_site / "assets/organisation/logo.svg").is_file()
    assert 'href="assets/organisation/brand.css"' in home
    css = (organisation_site / "assets/organisation/brand.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #0b5563;" in css
    assert "Local pages © Northwind Health. Based on Trust Guide, licensed CC BY-SA 4.0." in home
    assert '<a href="mailto:coaching@northwind.example">Contact the coaching team</a>' in home


def test_every_invalid_setting_is_reported_at_once() -> None:
    """MkDocs' own validation stops at the first invalid option; the settings report each of them."""
    found = problems(VALID.replace("name: Northwind Health", "name: [Northwind]")
                     .replace("contact_label: Contact the coaching team", "contact_label: 5"))
    assert [p.split(": ", 1)[0] for p in found] == [f"organisation.yml:{line_of('name:')}",
                                                    f"organisation.yml:{line_of('contact_label:')}"], found


def test_one_colour_stands_for_both_and_an_empty_one_is_located() -> None:
    assert problems(VALID.replace('  accent: "#b3541e"\n', "")) == []  # as in Material, one brand colour is enough
    found = problems(VALID.replace('  accent: "#b3541e"', "  accent:"))
    assert found == [f"organisation.yml:{line_of('  accent:')}: colours 'accent' is empty; write it as \"#rrggbb\", "
                     'e.g. "#1f4e79", or leave it out']


def test_markup_in_names_is_refused() -> None:
    found = problems(VALID.replace("name: Northwind Health", 'name: "<script>alert(1)</script>"'))
    assert found == [f"organisation.yml:{line_of('name:')}: name may not contain '<' or '>'; write it as plain text"]


def test_markup_in_the_licence_is_text(tmp_path: Path) -> None:
    """The example organisation with markup in its licence (its PDFs, which do not print the licence, come from
    the run's cache: the test is about the site)."""
    project = copy_project(tmp_path / "guide")
    shutil.copy2(EXAMPLE / "logo.svg", project / "logo.svg")
    shutil.copytree(EXAMPLE / "pages", project / "pages")
    assert "licence: Local pages © Northwind Health." in VALID
    (project / "organisation.yml").write_text(
        VALID.replace("licence: Local pages © Northwind Health.", 'licence: "<b>Bold</b> notice"'), encoding="utf-8")
    result = trustguide("build", cwd=project)
    assert result.returncode == 0, result.stderr
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in home and "<b>Bold</b>" not in home
    assert "&lt;b&gt;Bold&lt;/b&gt; notice" in home


def test_bad_settings_stop_the_build_and_keep_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "guide")
    shutil.copy2(EXAMPLE / "organisation.yml", project / "organisation.yml")
    shutil.copy2(EXAMPLE / "logo.svg", project / "logo.svg")
    shutil.copytree(EXAMPLE / "pages", project / "pages")
    assert trustguide("build", cwd=project).returncode == 0
    before = tree_digest(project / "site")
    (project / "organisation.yml").write_text(VALID.replace("[accountability]", "[performance]"), encoding="utf-8")
    result = trustguide("build", cwd=project)
    assert result.returncode == 1
    assert f"organisation.yml:{line_of('leave_out')}: leave_out: unknown part 'performance'" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


def test_overlay_page_may_not_replace_a_guide_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "guide")
    (project / "local").mkdir()
    (project / "local/glossary.md").write_text("---\ntitle: X\n---\n", encoding="utf-8")
    (project / "organisation.yml").write_text("name: Acme\noverlay: local\n", encoding="utf-8")
    result = trustguide("build", cwd=project)
    assert result.returncode == 1
    assert "local/glossary.md: has the same path as the guide's own docs/glossary.md" in result.stderr


@pytest.mark.parametrize(("chosen", "expected"), [
    ("[en, de]", []),
    ("[en, dee]", ["organisation.yml:2: languages: the guide has no language 'dee'; did you mean 'de'? it has en, de"]),
    ("[fr]", ["organisation.yml:2: languages: the guide has no language 'fr'; it has en, de"]),
])
def test_languages_are_chosen_from_the_guides(chosen: str, expected: list[str]) -> None:
    text = f"name: Acme\nlanguages: {chosen}\n"
    try:
        parse_settings(text, "organisation.yml", EXAMPLE, guide_languages=("en", "de"))
        found: list[str] = []
    except (TrustGuideError, TrustGuideErrors) as exc:
        found = [str(p) for p in (exc.problems if isinstance(exc, TrustGuideErrors) else [exc])]
    assert [f.split(" (English")[0] for f in found] == expected


def test_the_default_prefix_stays_as_published_and_init_spells_letters_out() -> None:
    from trustguide.content.organisation.settings import default_prefix, suggested_prefix

    # The default decides the addresses of sites whose settings name no prefix: it must not move between versions.
    assert default_prefix("Łódź Coaching & Søn") == "odz-coaching-sn"
    assert suggested_prefix("Łódź Coaching & Søn") == "lodz-coaching-son"
    assert suggested_prefix("Straße Þór Æsir") == "strasse-thor-aesir"
    assert suggested_prefix("李小龍") == default_prefix("李小龍") == "organisation"
