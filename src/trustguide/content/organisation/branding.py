"""An organisation's name and logo on every PDF: as what a personalised copy carries by default."""

from __future__ import annotations

import base64
from pathlib import Path

_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def logo_data_uri(path: Path | None) -> str:
    """The logo as a data: address (PDF rendering reads no other address); '' without a logo."""
    if path is None:
        return ""
    return f"data:{_MIME[path.suffix.lower()]};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
