"""Worksheets: defined once as data, validated with located errors, rendered to HTML pages and PDFs."""
