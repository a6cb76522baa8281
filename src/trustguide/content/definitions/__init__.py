"""Data files (worksheets, session plans, settings) read as YAML with line numbers and validated like MkDocs config."""
