"""Worksheets as data: their model and loader."""
