"""Python-Markdown extensions: the guide's citations and glossary tooltips as any engine that renders Markdown with
Python-Markdown can load them (MkDocs, ProperDocs, Zensical), by name in `markdown_extensions`."""
