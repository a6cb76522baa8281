"""`trustguide check`: every author mistake in the sources, found without building the site."""
