"""The handbook: the whole guide of one language (or organisation) as one tagged PDF."""
