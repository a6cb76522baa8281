"""The message for a citation key the bibliography does not hold, with the closest keys it does hold."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from trustguide.core.errors import Location, TrustGuideError


def unknown_key_error(key: str, where: Location, known: Iterable[str]) -> TrustGuideError:
    close = difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join('@' + c for c in close)}?" if close else "; add it to references.bib"
    return TrustGuideError(where, f"unknown citation key '@{key}'{hint}")
