"""What the site search indexes beyond Material's own fields; knows nothing of MkDocs."""

from trustguide.output.search.entries import SearchEntryCache, page_entry_digest
from trustguide.output.search.index import add_descriptions, describe_entries

__all__ = ["SearchEntryCache", "add_descriptions", "describe_entries", "page_entry_digest"]
