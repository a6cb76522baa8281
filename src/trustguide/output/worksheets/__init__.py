"""Worksheets as pages and PDFs."""
