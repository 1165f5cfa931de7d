"""The version of libgraph (one place; the package root, caches and the server read it)."""

__version__ = "0.1.0"
