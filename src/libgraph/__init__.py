"""libgraph: knowledge graphs of libraries' international cooperation, from news articles.

The pipeline, one module a stage::

    corpus.iter_articles -> nlp.load_pipeline (spaCy + libgraph's components: entities, mentions,
        references, relations, inference) -> extract.extract -> resolve.resolve
        -> shards (in parallel, per shard: rdf.emit_entities / rdf.emit_articles -> validate.enforce)
        -> build.publish (Turtle, TriG, Oxigraph store)
        -> server (the SPARQL endpoint)

Importing the package loads none of the stages (nor spaCy, rdflib or Oxigraph): each is imported
when first used. `__all__` is the public API (tests/test_exported_members.py).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    CorpusError,
    LibgraphError,
    ModelError,
    QueryError,
    ServeError,
    SettingsError,
    StoreError,
    ValidationFailed,
)
from .model import Article, ArticleGraph, Entity, Evidence, Mention, MergeDecision, Statement

if TYPE_CHECKING:
    from .build import BuildResult, build
    from .config import Settings
    from .corpus import iter_articles, make_article
    from .resolve import resolve

# the stages are imported when first used: importing the package (or libgraph.config) stays cheap
_LAZY = {"BuildResult": "build", "Settings": "config", "iter_articles": "corpus", "make_article": "corpus"}


class _Package(types.ModuleType):
    """``libgraph.build`` and ``libgraph.resolve`` are the functions, loaded when first used. Their modules
    have the same names, and the import system binds a submodule to its package when it loads it: these
    properties keep the functions public whatever was imported first (``from libgraph.build import ...``
    still finds the module)."""

    @property
    def build(self) -> Any:
        from .build import build

        return build

    @build.setter
    def build(self, module: Any) -> None:
        """The import system binding the submodule: the function stays the public name."""

    @property
    def resolve(self) -> Any:
        from .resolve import resolve

        return resolve

    @resolve.setter
    def resolve(self, module: Any) -> None:
        """As for ``build``."""


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'libgraph' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Article",
    "ArticleGraph",
    "BuildResult",
    "CorpusError",
    "Entity",
    "Evidence",
    "LibgraphError",
    "Mention",
    "MergeDecision",
    "ModelError",
    "QueryError",
    "ServeError",
    "Settings",
    "SettingsError",
    "Statement",
    "StoreError",
    "ValidationFailed",
    "__version__",
    "build",
    "iter_articles",
    "make_article",
    "resolve",
]
