"""Chinese words findable in search, without the segmenter's cost in every build.

Material's search plugin splits Han text into words with jieba when jieba is installed, and imports it with its own
module (0.2-0.3 s for the probability tables, in every build process). The guide's own pages hold no Han text: only an
organisation's page may. So jieba stands in `sys.modules` as a placeholder until a page needs a word split, and its
dictionary messages ("Building prefix dict ...") stay out of the build's output.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
import types

SEGMENTER = "jieba"


class _DeferredSegmenter(types.ModuleType):
    """Stands in for jieba; the first attribute read (Material calls `jieba.cut`) imports it and hands that over."""

    def __getattr__(self, name: str):
        return getattr(_imported(), name)


def _imported() -> types.ModuleType:
    held = sys.modules.get(SEGMENTER)
    if held is not None and not isinstance(held, _DeferredSegmenter):
        return held  # imported by an earlier read: Material keeps calling through the placeholder it holds
    placeholder = sys.modules.pop(SEGMENTER, None)
    try:
        module = importlib.import_module(SEGMENTER)
    except BaseException:
        if placeholder is not None:
            sys.modules[SEGMENTER] = placeholder
        raise
    return module


def defer_chinese_segmenter() -> None:
    """Put the placeholder in place before MkDocs loads Material's search plugin (a no-op if jieba is missing or
    already imported)."""
    if SEGMENTER in sys.modules or importlib.util.find_spec(SEGMENTER) is None:
        return
    logging.getLogger(SEGMENTER).disabled = True  # jieba logs its dictionary's loading at DEBUG to stderr
    sys.modules[SEGMENTER] = _DeferredSegmenter(SEGMENTER, "jieba, imported when a page has Han text to split")
