"""Session plans as pages, run sheets and facilitator packs."""
