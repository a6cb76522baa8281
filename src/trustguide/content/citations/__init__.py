"""Finding pandoc-style citations in Markdown, formatting them in APA 7 and composing the HTML; no MkDocs here."""
