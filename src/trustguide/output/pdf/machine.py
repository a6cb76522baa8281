"""What a PDF's bytes depend on beyond the guide's sources: the machine's libraries and fonts WeasyPrint renders with.

The PDF cache must not hand a build a PDF made by another state of the machine. The case that broke the README's
two commands in a row: `scripts/build.sh` rendered on a machine without HarfBuzz-subset, and `scripts/test.sh`
then installed Chromium, which brings it. WeasyPrint subsets fonts with HarfBuzz-subset when it can load it and
with fontTools otherwise: another font subset in every PDF (DejaVu Sans Bold 4,796 bytes against 14,636), and
fontTools stamps the time of the render into it (its `head.modified`, unless SOURCE_DATE_EPOCH is set).

The libraries are identified through ctypes, by the names WeasyPrint loads them by (weasyprint/text/ffi.py):
importing WeasyPrint itself takes half a second, which a warm build, reusing every PDF, does not spend.
"""

from __future__ import annotations

import ctypes
import importlib.metadata
import os
import re
from functools import cache

# The library files WeasyPrint 70 opens (text/ffi.py), on Linux, macOS and Windows.
_LIBRARIES: dict[str, tuple[str, ...]] = {
    "pango": ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"),
    "harfbuzz": ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"),
    "harfbuzz-subset": ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll"),
    "fontconfig": ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll"),
}
# WeasyPrint 70 subsets with HarfBuzz from this version on (pdf/fonts.py), with fontTools below it or without the library.
_HARFBUZZ_SUBSET_FROM = (4, 1, 0)
# What else shapes a PDF's bytes: the HTML (Jinja), the QR code, and WeasyPrint with what it requires.
_PACKAGES = ("trustguide", "jinja2", "qrcode", "weasyprint")


def _load(name: str) -> ctypes.CDLL | None:
    for file in _LIBRARIES[name]:
        try:
            return ctypes.CDLL(file)
        except OSError:
            continue
    return None


def _version_string(library: ctypes.CDLL | None, function: str) -> str:
    if library is None:
        return "missing"
    call = getattr(library, function)
    call.restype = ctypes.c_char_p
    return call().decode("ascii", "replace")


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


def _font_files(fontconfig: ctypes.CDLL | None) -> list[str]:
    """Every font file fontconfig offers WeasyPrint (the fonts the CSS names, and any a missing letter falls back to),
    each with its size and modification time: a font installed, removed or updated changes the PDFs."""
    if fontconfig is None:
        return []
    fc = fontconfig
    fc.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    fc.FcPatternCreate.restype = ctypes.c_void_p
    fc.FcObjectSetCreate.restype = ctypes.c_void_p
    fc.FcObjectSetAdd.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    fc.FcFontList.restype = ctypes.POINTER(_FontSet)
    fc.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    fc.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    for destroy in (fc.FcFontSetDestroy, fc.FcObjectSetDestroy, fc.FcPatternDestroy, fc.FcConfigDestroy):
        destroy.argtypes = [ctypes.c_void_p]
    config = fc.FcInitLoadConfigAndFonts()  # as WeasyPrint's FontConfiguration does: FONTCONFIG_FILE etc. apply
    pattern = fc.FcPatternCreate()
    objects = fc.FcObjectSetCreate()  # not FcObjectSetBuild: a variadic call through ctypes is not portable
    fc.FcObjectSetAdd(objects, b"file")
    fonts = fc.FcFontList(config, pattern, objects)
    files = set()
    try:
        for i in range(fonts.contents.nfont if fonts else 0):
            value = ctypes.c_char_p()
            if fc.FcPatternGetString(fonts.contents.fonts[i], b"file", 0, ctypes.byref(value)) == 0 and value.value:
                files.add(os.fsdecode(value.value))
    finally:
        if fonts:
            fc.FcFontSetDestroy(fonts)
        fc.FcObjectSetDestroy(objects)
        fc.FcPatternDestroy(pattern)
        fc.FcConfigDestroy(config)
    listed = []
    for file in sorted(files):
        try:
            stat = os.stat(file)
        except OSError:
            continue
        listed.append(f"{file}:{stat.st_size}:{stat.st_mtime_ns}")
    return listed


def _packages() -> list[str]:
    names = list(_PACKAGES)
    for requirement in importlib.metadata.requires("weasyprint") or []:
        if "extra ==" not in requirement:
            names.append(re.match(r"[A-Za-z0-9._-]+", requirement).group())
    return [f"{name} {importlib.metadata.version(name)}" for name in names]


@cache
def subsets_with_fonttools() -> bool:
    """Whether WeasyPrint will subset fonts with fontTools (no HarfBuzz-subset, or a HarfBuzz before 4.1.0)."""
    harfbuzz = _version_string(_load("harfbuzz"), "hb_version_string")
    if _load("harfbuzz-subset") is None or harfbuzz == "missing":
        return True
    return tuple(int(part) for part in harfbuzz.split(".")[:3] if part.isdigit()) < _HARFBUZZ_SUBSET_FROM


@cache
def renderer_identity() -> str:
    """The Python packages, native libraries and font files that make this machine's PDFs; worked out once per
    process (a few milliseconds: the libraries are loaded, not WeasyPrint)."""
    fontconfig = _load("fontconfig")
    libraries = [
        f"pango {_version_string(_load('pango'), 'pango_version_string')}",
        f"harfbuzz {_version_string(_load('harfbuzz'), 'hb_version_string')}",
        f"subset with {'fonttools' if subsets_with_fonttools() else 'harfbuzz'}",
        f"fontconfig {fontconfig.FcGetVersion() if fontconfig is not None else 'missing'}",
    ]
    return "\n".join([*_packages(), *libraries, *_font_files(fontconfig)])


def renderer_key() -> str:
    """renderer_identity, and the SOURCE_DATE_EPOCH fontTools stamps into each font it subsets (the time of the
    render when it is not set): with HarfBuzz-subset the PDFs are the same bytes with or without it."""
    if not subsets_with_fonttools():
        return renderer_identity()
    return f"{renderer_identity()}\nSOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}"
