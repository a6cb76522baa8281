"""A QR code for the footer, as an inline SVG data URI (no file, no network)."""

from __future__ import annotations

import base64
import re


def qr_data_uri(text: str, size_mm: int = 14) -> str:
    import qrcode  # only when a PDF is rendered: a warm build reuses every PDF, and qrcode takes 40 ms to import
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    svg = re.sub(rb'width="[^"]+" height="[^"]+"', f'width="{size_mm}mm" height="{size_mm}mm"'.encode(), image.to_string(), count=1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
