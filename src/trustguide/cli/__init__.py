"""The `trustguide` command line."""
