"""Thin MkDocs adapters over the pure modules: they translate MkDocs events and errors, nothing more."""
