"""Rules for the guide's Markdown pages (front matter), independent of MkDocs' build."""
