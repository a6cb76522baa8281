"""Trust Guide: a static knowledge base and facilitator guide generator on trust in coaching."""


def __getattr__(name: str) -> str:
    """`__version__`: the one version of the guide is pyproject.toml's, as installed (read only when asked)."""
    if name == "__version__":
        from importlib.metadata import version

        return version("trustguide")
    raise AttributeError(f"module 'trustguide' has no attribute {name!r}")
