"""What the site search indexes beyond Material's own fields; knows nothing of MkDocs."""

from trustguide.search.index import add_descriptions

__all__ = ["add_descriptions"]
