"""Brand colours as CSS for Material, with the contrast the guide promises readers (WCAG 2.1 AA).

An organisation names two colours; readers meet them on many controls, in two palettes. The header keeps the
primary colour as given (its text turns black or white, whichever reads better). Everything drawn in the brand
colours on the page itself (links, outlined and filled buttons, focus rings, hovered controls, tags, search
highlights, the planner's and the worksheets' controls) takes a shade of the colour, darkened on the light page and
lightened on the dark one just enough to keep text at 4.5:1, which also keeps boundaries and focus rings over the
3:1 that non-text contrast needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_HEX = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
SLATE_BACKGROUND: RGB = (30, 33, 41)  # Material's dark ("slate") page background
PAGE_BACKGROUNDS: dict[str, RGB] = {"default": WHITE, "slate": SLATE_BACKGROUND}  # Material's scheme names
MINIMUM_CONTRAST = 4.5  # text (WCAG 1.4.3)
NON_TEXT_CONTRAST = 3.0  # boundaries of controls and focus rings (WCAG 1.4.11)
# Material's search field in the header is the header colour shaded by 26 % (12 % under the pointer).
SEARCH_SHADE, SEARCH_HOVER_SHADE = 0.26, 0.12
HOVER_TINT = 0.1  # Material's hovered search results and pagination: the accent at 10 % over the page


def parse_colour(value: str) -> RGB | None:
    match = _HEX.match(value.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _luminance(rgb: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _towards(rgb: RGB, target: RGB, share: float) -> RGB:
    return tuple(round(c + (t - c) * share) for c, t in zip(rgb, target, strict=True))  # type: ignore[return-value]


def _shade_until(colour: RGB, background: RGB, readable: Callable[[RGB], bool]) -> RGB:
    """`colour`, moved towards black on a light background (white on a dark one) until `readable` holds."""
    target = WHITE if _luminance(background) < 0.5 else BLACK
    for step in range(41):
        candidate = _towards(colour, target, step / 40)
        if readable(candidate):
            return candidate
    return target


def readable_on(background: RGB, colour: RGB) -> RGB:
    """`colour`, lightened or darkened just enough to be readable as text on `background`."""
    return _shade_until(colour, background, lambda c: contrast(c, background) >= MINIMUM_CONTRAST)


def text_on(background: RGB) -> RGB:
    """Black or white, whichever reads better on `background` (always over 4.5:1: the worse case is 4.58:1)."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK


@dataclass(frozen=True)
class Header:
    """The header in the primary colour, and its search field (a shade that moves away from the header text)."""

    background: RGB
    text: RGB
    search: RGB
    search_hover: RGB
    placeholder: RGB


@dataclass(frozen=True)
class PaletteColours:
    """The brand colours as drawn on one palette's page background."""

    background: RGB
    link: RGB  # links, outlined buttons (text and border), filled buttons, the current page in the navigation
    on_link: RGB  # text on a filled button
    accent: RGB  # hovered and focused controls, focus rings, search highlights
    on_accent: RGB


def header_colours(primary: RGB) -> Header:
    text = text_on(primary)
    away = BLACK if text == WHITE else WHITE
    search, hover = _towards(primary, away, SEARCH_SHADE), _towards(primary, away, SEARCH_HOVER_SHADE)
    # Material writes the placeholder at 70 % of the header text; more where that would not read.
    placeholder = text
    for step in range(7, 10):
        candidate = _towards(search, text, step / 10)
        if min(contrast(candidate, search), contrast(candidate, hover)) >= MINIMUM_CONTRAST:
            placeholder = candidate
            break
    return Header(primary, text, search, hover, placeholder)


def palette_colours(background: RGB, primary: RGB, accent: RGB) -> PaletteColours:
    """Shades that read on the page and on the accent's hover tint of it (links and accent text sit on both)."""

    def tint(colour: RGB) -> RGB:
        return _towards(background, colour, HOVER_TINT)

    accent_shade = _shade_until(accent, background, lambda c: min(contrast(c, background), contrast(c, tint(c)))
                                >= MINIMUM_CONTRAST)
    tinted = tint(accent_shade)
    link = _shade_until(primary, background, lambda c: min(contrast(c, background), contrast(c, tinted))
                        >= MINIMUM_CONTRAST)
    return PaletteColours(background, link, text_on(link), accent_shade, text_on(accent_shade))


def brand_css(primary: RGB, accent: RGB) -> str:
    """Custom properties for both palettes, and the few rules that make Material's controls use them."""
    header = header_colours(primary)
    lines = [
        "/* Organisation colours, generated from the organisation settings. */",
        ":root, [data-md-color-scheme=default], [data-md-color-scheme=slate] {",
        f"  --md-primary-fg-color: {_hex(primary)};",
        f"  --md-primary-fg-color--light: {_hex(header.search_hover)};",
        f"  --md-primary-fg-color--dark: {_hex(header.search)};",
        f"  --md-primary-bg-color: {_hex(header.text)};",
        f"  --md-primary-bg-color--light: {_hex(header.placeholder)};",
        "}",
    ]
    for scheme, background in PAGE_BACKGROUNDS.items():
        colours = palette_colours(background, primary, accent)
        lines += [
            f"[data-md-color-scheme={scheme}] {{",
            f"  --md-typeset-a-color: {_hex(colours.link)};",
            f"  --tg-on-link-color: {_hex(colours.on_link)};",
            f"  --md-accent-fg-color: {_hex(colours.accent)};",
            f"  --md-accent-fg-color--transparent: {_hex(colours.accent)}1a;",
            f"  --md-accent-bg-color: {_hex(colours.on_accent)};",
            f"  --md-accent-bg-color--light: {_hex(colours.on_accent)}b3;",
            "}",
        ]
    lines += [
        # Material draws outlined buttons in the primary colour as given: the readable shade instead.
        ".md-typeset .md-button { color: var(--md-typeset-a-color); border-color: currentColor; }",
        ".md-typeset .md-button--primary { color: var(--tg-on-link-color); background-color: var(--md-typeset-a-color);"
        " border-color: var(--md-typeset-a-color); }",
        ".md-typeset .md-button:is(:focus, :hover) { color: var(--md-accent-bg-color);"
        " background-color: var(--md-accent-fg-color); border-color: var(--md-accent-fg-color); }",
        # Focus rings on the header are drawn on the primary colour: they take the header text colour.
        ".md-header .md-header__button, .md-header .md-option.focus-visible + label, .md-header .md-search__input,"
        " .md-tabs .md-tabs__link, .md-skip { outline-color: var(--md-primary-bg-color); }",
        "@media screen and (min-width: 60em) {",
        "  .md-search__form { background-color: var(--md-primary-fg-color--dark); }",
        "  .md-search__form:hover { background-color: var(--md-primary-fg-color--light); }",
        "}",
    ]
    return "\n".join(lines) + "\n"
