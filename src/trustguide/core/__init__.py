"""The core: errors with their locations, one cache with one atomic writer, reading sources safely."""
