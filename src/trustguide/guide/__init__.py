"""The guide as one build or command sees it, made once and passed explicitly."""
