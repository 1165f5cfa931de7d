"""The extraction cache: an article's entities and statements, keyed by its content hash and by the
pipeline that read it (libgraph's version, the hash of its extraction code, the spaCy model and its
version). An unchanged article is not read again; changing the model or the rules invalidates all."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .model import Article, ArticleGraph, Entity, Evidence, Mention, Statement

CODE = Path(__file__).parent
RULE_FILES = ("extract.py", "names.py", "places.py", "dates.py", "corpus.py", "model.py", "nlp/entities.py",
              "nlp/lexicon.py", "nlp/pipeline.py")


@cache
def rules_version() -> str:
    """Hash of the extraction code: editing a rule gives a new version."""
    h = hashlib.sha256()
    for name in RULE_FILES:
        h.update(name.encode())
        h.update((CODE / name).read_bytes())
    return h.hexdigest()[:16]


def _package_version(name: str) -> str | None:
    """The installed version of a package (as ``spacy.util.get_package_version``, without importing spaCy)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def pipeline_fingerprint(model: str) -> str:
    parts = [__version__, rules_version(), model, _package_version(model) or "unversioned",
             _package_version("spacy") or "unversioned"]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _graph_to_json(g: ArticleGraph) -> dict[str, Any]:
    return {
        "entities": [{"local_id": e.local_id, "type": e.type, "name": e.name, "aliases": sorted(e.aliases),
                      "mentions": [m.__dict__ for m in e.mentions], "external_ids": e.external_ids}
                     for e in g.entities.values()],
        "statements": [{"subject": s.subject, "predicate": s.predicate, "object": s.object, "date": s.date,
                        "role": s.role, "evidence": s.evidence.__dict__} for s in g.statements],
    }


def _graph_from_json(article: Article, data: dict[str, Any]) -> ArticleGraph:
    g = ArticleGraph(article=article)
    for e in data["entities"]:
        g.entities[e["local_id"]] = Entity(local_id=e["local_id"], type=e["type"], name=e["name"],
                                           aliases=set(e["aliases"]), mentions=[Mention(**m) for m in e["mentions"]],
                                           external_ids=dict(e["external_ids"]))
    g.statements = [Statement(s["subject"], s["predicate"], s["object"], Evidence(**s["evidence"]), date=s["date"],
                              role=s["role"]) for s in data["statements"]]
    return g


class ExtractionCache:
    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder / fingerprint
        self.hits = 0
        self.misses = 0

    @classmethod
    def at(cls, folder: Path) -> ExtractionCache:
        """The cache in ``folder`` (a cache folder already joined with its pipeline fingerprint)."""
        return cls(folder.parent, folder.name)

    def _path(self, article: Article) -> Path:
        return self.folder / article.id[:2] / f"{article.id}.json"

    def has(self, article: Article) -> bool:
        return self._path(article).exists()

    def get(self, article: Article) -> ArticleGraph | None:
        path = self._path(article)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            graph = _graph_from_json(article, data)
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1  # a damaged entry is read again, and rewritten
            return None
        self.hits += 1
        return graph

    def put(self, graph: ArticleGraph) -> None:
        path = self._path(graph.article)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entry-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(_graph_to_json(graph), fh, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
