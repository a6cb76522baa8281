"""PDF output: WeasyPrint rendering with local files only, in parallel and cached by content hash."""
