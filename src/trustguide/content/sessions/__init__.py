"""Session plans as data: their model, loader and clock times."""
