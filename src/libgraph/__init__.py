"""libgraph: knowledge graphs of libraries' international cooperation, from news articles.

The pipeline, one module a stage::

    corpus.iter_articles -> nlp.load_pipeline (spaCy + libgraph's components: entities, mentions,
        references, relations, inference) -> extract.extract -> resolve.resolve
        -> rdf.to_dataset -> validate.enforce -> build.publish (Turtle, TriG, Oxigraph store)
        -> server (the SPARQL endpoint)

Importing the package does not load spaCy; the stages that need it do.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .build import BuildResult, build
from .config import Settings
from .corpus import iter_articles, make_article
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
from .resolve import resolve

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
