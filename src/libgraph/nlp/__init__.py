"""Building the spaCy pipeline: the pinned English model plus libgraph's components."""

from .pipeline import load_pipeline

__all__ = ["load_pipeline"]
