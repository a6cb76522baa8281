"""Glossary tooltips: the terms of art and their short definitions; knows nothing of MkDocs."""

from trustguide.content.glossary.tooltips import Tooltip, parse_tooltips

__all__ = ["Tooltip", "parse_tooltips"]
