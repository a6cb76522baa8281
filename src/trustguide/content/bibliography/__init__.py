"""Reading and validating references.bib; knows nothing of MkDocs."""

from trustguide.content.bibliography.loader import Bibliography, Entry, load_bibliography, parse_bibliography, read_bibliography

__all__ = ["Bibliography", "Entry", "load_bibliography", "parse_bibliography", "read_bibliography"]
