"""Brand colours: the example organisation's guide in four hard colour pairs, light and dark: axe on a set of pages
and the search results, and the contrast of what Chromium draws for each control, at rest, focused and hovered
(axe checks text only, not the edges of buttons nor focus rings)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, trustguide
from test_accessibility import _SETTLED, _served, _violations

# --------------------------------------------------------------------------------------------------------------------
# 4. Brand colours: every control readable in an organisation's colours, light and dark
# --------------------------------------------------------------------------------------------------------------------

# Primary colours that are hard in one palette or the other, each with an accent that is hard too.
BRAND_COLOURS = {
    "yellow": ("#ffcc00", "#ffeb3b"),
    "light-grey": ("#d9d9d9", "#7f1d1d"),
    "mid-blue": ("#3b82f6", "#3b82f6"),
    "dark-red": ("#7f1d1d", "#ffcc00"),
}
BRAND_PAGES = ["", "foundations/cognitive-trust/", "worksheets/", "worksheets/peer-group-charter/",
               "sessions/team-trust-workshop/", "planner/", "glossary/"]
TEXT, NON_TEXT = 4.5, 3.0  # WCAG 1.4.3 for text, 1.4.11 for boundaries and focus rings


@pytest.fixture(scope="module")
def brand_sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example organisation's guide built once per brand colour pair, into ROOT/<name>/. The settings differ
    from the example's only in their colours, so every build takes its PDFs from the example build's cache
    (copy_project brings it); they publish English only, the pages measured (colours do not depend on language)."""
    root = tmp_path_factory.mktemp("brands")
    project = copy_project(root / "guide")
    example = ROOT / "examples" / "organisation"
    for item in example.iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy2)(item, project / item.name)
    settings = (example / "organisation.yml").read_text(encoding="utf-8")
    assert 'primary: "#0b5563"' in settings and 'accent: "#b3541e"' in settings
    assert "\nlanguages:" not in settings
    for name, (primary, accent) in BRAND_COLOURS.items():
        (project / "organisation.yml").write_text(
            settings.replace("#0b5563", primary).replace("#b3541e", accent) + "\nlanguages: [en]\n", encoding="utf-8")
        result = trustguide("build", "--site-dir", str(root / name), cwd=project)
        assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def brand_url(brand_sites: Path) -> Iterator[str]:
    with _served(brand_sites) as url:
        yield url


@dataclass(frozen=True)
class Control:
    """A control as a reader meets it: what is measured, in which state (`focus` by keyboard, `hover` by pointer)."""

    page: str
    name: str
    selector: str
    measures: tuple[str, ...]  # text, placeholder (each 4.5:1); fill, border, ring (each 3:1)
    state: str = ""
    target: str = ""  # what takes the focus or the pointer, when it is not the measured element itself


def _controls() -> list[Control]:
    worksheet, plan = "worksheets/peer-group-charter/", "sessions/team-trust-workshop/"
    controls = [Control(page, "header title", ".md-header__topic", ("text",)) for page in BRAND_PAGES]
    controls += [Control(page, "current page in the navigation", ".md-nav__link--active", ("text",))
                 for page in BRAND_PAGES[1:] if page not in (worksheet, plan)]  # those two are not in the nav
    controls += [
        Control("", "search field in the header", ".md-search__input", ("placeholder",)),
        Control("", "search field in the header", ".md-search__input", ("placeholder",), "hover", ".md-search__form"),
        Control("", "palette toggle", ".md-header .md-option:has(+ label:not([hidden])) + label", ("ring",), "focus",
                ".md-header .md-option:has(+ label:not([hidden]))"),
        Control("", "header logo", ".md-header__button.md-logo", ("ring",), "focus"),
        Control("foundations/cognitive-trust/", "link in text", ".md-content p a[href]:not(.md-button)", ("text",)),
        Control("foundations/cognitive-trust/", "link in text", ".md-content p a[href]:not(.md-button)",
                ("text", "ring"), "focus"),
        Control("foundations/cognitive-trust/", "link in text", ".md-content p a[href]:not(.md-button)", ("text",),
                "hover"),
        Control("foundations/cognitive-trust/", "tag", ".md-content a.md-tag", ("text",), "hover"),
        Control("foundations/cognitive-trust/", "tag", ".md-content a.md-tag", ("ring",), "focus"),
        Control("worksheets/", "filter", ".tg-filters select", ("ring",), "focus"),
        Control("worksheets/", "worksheet title", ".tg-card-title a", ("text",)),
        Control(worksheet, "text field", "form.tg-worksheet input[type=text]", ("ring",), "focus"),
        Control(worksheet, "checkbox", "form.tg-worksheet input[type=checkbox]", ("ring",), "focus"),
        Control(plan, "start time", ".tg-start-time", ("ring",), "focus"),
        Control("planner/", "session title", "#tg-planner-title", ("ring",), "focus"),
        Control("planner/", "worksheet picker", "#tg-planner-pick", ("ring",), "focus"),
    ]
    buttons = [(worksheet, "print button", ".tg-print", True), (worksheet, "clear button", ".tg-clear", False),
               (worksheet, "PDF button", ".tg-download", False), (plan, "print button", ".tg-print", True),
               (plan, "PDF button", ".tg-download", False), ("planner/", "add button", "#tg-planner-add", True),
               ("planner/", "add-your-step button", "#tg-planner-add-custom", False),
               ("planner/", "start-again button", ".tg-planner-clear", False)]
    for page, name, selector, filled in buttons:
        controls += [Control(page, name, selector, ("text", "fill" if filled else "border")),
                     Control(page, name, selector, ("text", "fill", "ring"), "focus"),
                     Control(page, name, selector, ("text", "fill"), "hover")]
    return controls


# Contrast of what Chromium draws, from computed styles: a colour with alpha is laid over what is behind it, and the
# background of an element is its own laid over its ancestors' (the page is white below everything).
_MEASURE = """([selector, measure]) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const parse = (value) => {
    const parts = value.match(/rgba?\\(([^)]*)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  const background = (node) => {
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const colour = parse(getComputedStyle(n).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = (c) => {
    const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  };
  const ratio = (a, b) => {
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high + 0.05) / (low + 0.05);
  };
  const style = getComputedStyle(el);
  const own = background(el), behind = background(el.parentElement);
  switch (measure) {
    case "text": return ratio(over(parse(style.color), own), own);
    case "placeholder": return ratio(over(parse(getComputedStyle(el, "::placeholder").color), own), own);
    case "fill": return ratio(own, behind);
    case "border": return ratio(over(parse(style.borderTopColor), behind), behind);
    case "ring":
      if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) === 0) return 0;
      return ratio(over(parse(style.outlineColor), behind), behind);
  }
}"""


def _measure(page, control: Control) -> list[str]:
    """One line per measure under its minimum, for a control put into its state."""
    target = control.target or control.selector
    if control.state:  # nothing keeps the focus of a control measured before
        page.evaluate("document.activeElement && document.activeElement.blur()")
    if control.state == "focus":
        page.keyboard.press("Shift")  # a keyboard user's focus: :focus-visible, and Material's .focus-visible
        page.focus(target)
        assert page.evaluate("(s) => document.querySelector(s).matches(':focus-visible')", target), target
    elif control.state == "hover":
        page.hover(target)
    page.evaluate(_SETTLED)
    problems = []
    for measure in control.measures:
        ratio = page.evaluate(_MEASURE, [control.selector, measure])
        assert ratio is not None, f"{control.page or '/'}: {control.selector} not found"
        minimum = TEXT if measure in ("text", "placeholder") else NON_TEXT
        if ratio < minimum:
            state = f" ({control.state})" if control.state else ""
            problems.append(f"{control.page or '/'}: {control.name}{state}: {measure} {ratio:.2f}:1, under {minimum}:1")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "palette"), [("light", "default"), ("dark", "slate")])
@pytest.mark.parametrize("brand", list(BRAND_COLOURS))
def test_brand_colours_keep_every_control_readable(brand_url: str, browser_page, brand: str, scheme: str,
                                                   palette: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    primary = BRAND_COLOURS[brand][0]
    page = browser_page
    # A reader who asked for reduced motion: Material then draws each state's colours at once, without its
    # transitions, so each state is measured when it is set, not a quarter of a second later (same colours).
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    axe = Axe()
    controls = _controls()
    problems: list[str] = []
    for relative in BRAND_PAGES:
        page.goto(f"{brand_url}{brand}/{relative}", wait_until="load")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == palette
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header == "rgb({}, {}, {})".format(*(int(primary[i:i + 2], 16) for i in (1, 3, 5))), header
        problems += _violations(axe.run(page).response, relative, f"{brand}, {scheme}")
        for control in (c for c in controls if c.page == relative):
            problems += _measure(page, control)
    # Search results: highlighted words, as they are and under the pointer.
    page.goto(f"{brand_url}{brand}/", wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type("trust")
    page.locator(".md-search-result mark").first.wait_for()
    page.evaluate(_SETTLED)
    problems += _violations(axe.run(page).response, "search results", f"{brand}, {scheme}")
    mark = Control("search results", "highlighted word", ".md-search-result mark", ("text",))
    problems += _measure(page, mark)
    problems += _measure(page, Control(mark.page, mark.name, mark.selector, mark.measures, "hover",
                                       ".md-search-result__link"))
    assert not problems, f"{len(problems)} problem(s) with {brand} {BRAND_COLOURS[brand]}:\n" + "\n".join(problems)
