"""Self-hosting: the offline zip bundle and the helpers that keep builds reproducible."""
