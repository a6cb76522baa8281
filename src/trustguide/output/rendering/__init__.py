"""Jinja rendering of the guide's templates with strict, located errors."""
