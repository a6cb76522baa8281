"""Brand colours as CSS for Material, with the contrast the guide promises readers (WCAG 2.1 AA, 4.5:1)."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
SLATE_BACKGROUND = (30, 33, 41)  # Material's dark ("slate") page background
MINIMUM_CONTRAST = 4.5


def parse_colour(value: str) -> tuple[int, int, int] | None:
    match = _HEX.match(value.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _towards(rgb: tuple[int, int, int], target: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    return tuple(round(c + (t - c) * share) for c, t in zip(rgb, target, strict=True))  # type: ignore[return-value]


def readable_on(background: tuple[int, int, int], colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """`colour`, lightened or darkened just enough to be readable as text on `background`."""
    target = WHITE if _luminance(background) < 0.5 else BLACK
    for step in range(21):
        candidate = _towards(colour, target, step / 20)
        if contrast(candidate, background) >= MINIMUM_CONTRAST:
            return candidate
    return target


def brand_css(primary: tuple[int, int, int], accent: tuple[int, int, int]) -> str:
    """Custom properties for both palettes: header text picks black or white, links keep AA contrast."""
    on_primary = WHITE if contrast(WHITE, primary) >= contrast(BLACK, primary) else BLACK
    on_accent = WHITE if contrast(WHITE, accent) >= contrast(BLACK, accent) else BLACK
    light_link = readable_on(WHITE, primary)
    dark_link = readable_on(SLATE_BACKGROUND, primary)
    return (
        "/* Organisation colours, generated from the organisation settings. */\n"
        ":root, [data-md-color-scheme=default], [data-md-color-scheme=slate] {\n"
        f"  --md-primary-fg-color: {_hex(primary)};\n"
        f"  --md-primary-fg-color--light: {_hex(_towards(primary, WHITE, 0.2))};\n"
        f"  --md-primary-fg-color--dark: {_hex(_towards(primary, BLACK, 0.2))};\n"
        f"  --md-primary-bg-color: {_hex(on_primary)};\n"
        f"  --md-primary-bg-color--light: {_hex(on_primary)}b3;\n"
        f"  --md-accent-fg-color: {_hex(accent)};\n"
        f"  --md-accent-bg-color: {_hex(on_accent)};\n"
        "}\n"
        f"[data-md-color-scheme=default] {{ --md-typeset-a-color: {_hex(light_link)}; }}\n"
        f"[data-md-color-scheme=slate] {{ --md-typeset-a-color: {_hex(dark_link)}; }}\n"
    )
