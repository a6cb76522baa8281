"""Trust Guide: a static knowledge base and facilitator guide generator on trust in coaching."""

__version__ = "0.1.0"
