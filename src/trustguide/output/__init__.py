"""What the guide becomes: pages, PDFs, search entries, checks' reports, the published site."""
