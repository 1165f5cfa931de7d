"""The build's caches.

- The extraction cache: an article's entities and statements, keyed by its content hash and by the
  pipeline that read it (libgraph's version, the hash of its extraction code, the spaCy model and its
  version). An unchanged article is not read again; changing the model or the rules invalidates all.
- The file index: what each corpus file gave when it was last read (its articles and problems), by
  its path and file state (size, modification and change times, inode), so that an unchanged file
  is not opened again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from ._version import __version__
from .codehash import CodeInputs
from .model import Article, ArticleGraph, Entity, InputProblem, Statement

# what an extraction record follows from (besides the article, the model and the versions): the
# extraction's modules and everything they import, and the rule files
EXTRACTION_CODE = CodeInputs(("libgraph.extract", "libgraph.nlp.pipeline"), data=("nlp/patterns/*.json",))
READER_CODE = CodeInputs(("libgraph.corpus",))  # what a corpus file gives: see FileIndex


@cache
def rules_version() -> str:
    """Hash of the extraction code: editing a rule gives a new version."""
    return EXTRACTION_CODE.version()


@cache
def reader_version() -> str:
    """Hash of the code that reads a corpus file into articles."""
    return READER_CODE.version()


def package_version(name: str) -> str | None:
    """The installed version of a package (as ``spacy.util.get_package_version``, without importing spaCy)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def pipeline_fingerprint(model: str) -> str:
    parts = [__version__, rules_version(), model, package_version(model) or "unversioned",
             package_version("spacy") or "unversioned"]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def atomic_write(path: Path, data: bytes, durable: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place: a reader sees the old
    file or the whole new one, never a part. ``durable``: on disk (fsync) before it is renamed, for
    what is not a cache (a user's file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _graph_to_json(g: ArticleGraph) -> dict[str, Any]:
    return {
        "entities": [{"local_id": e.local_id, "type": e.type, "name": e.name, "aliases": sorted(e.aliases),
                      "mentions": [m.__dict__ for m in e.mentions], "external_ids": e.external_ids}
                     for e in g.entities.values()],
        "statements": [{"subject": s.subject, "predicate": s.predicate, "object": s.object, "date": s.date,
                        "role": s.role, "date_source": s.date_source, "evidence": s.evidence.__dict__}
                       for s in g.statements],
    }


@dataclass
class _Record:
    """An extraction cache entry, as ``_graph_to_json`` writes it: decoded straight into the model's
    dataclasses (and checked against their types) by msgspec."""

    entities: list[Entity]
    statements: list[Statement]


_DECODE_RECORD = msgspec.json.Decoder(_Record)


def _graph_from_json(article: Article, data: bytes) -> ArticleGraph:
    record = _DECODE_RECORD.decode(data)
    return ArticleGraph(article=article, entities={e.local_id: e for e in record.entities},
                        statements=record.statements)


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
            graph = _graph_from_json(article, path.read_bytes())
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, msgspec.MsgspecError):
            self.misses += 1  # a damaged entry is read again, and rewritten
            return None
        self.hits += 1
        return graph

    def put(self, graph: ArticleGraph) -> None:
        atomic_write(self._path(graph.article), msgspec.json.encode(_graph_to_json(graph)))


FileState = tuple[int, int, int, int]  # size, modification time (ns), change time (ns), inode


def file_state(st: os.stat_result) -> FileState:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass
class FileRecord:
    state: FileState
    articles: list[Article]
    problems: list[InputProblem]


# a file changed within this many nanoseconds before it was read may change again with the same
# modification time (coarse file-system clocks): it is read again next time ("racily clean" in git)
RACY_NS = 2_000_000_000


@dataclass
class _IndexData:
    identity: str
    read_at: int  # when the files were read (ns since the epoch)
    files: dict[str, tuple[FileState, list[Article], list[InputProblem]]]


_DECODE_INDEX = msgspec.json.Decoder(_IndexData)


class FileIndex:
    """What each corpus file gave when it was last read, by path and file state.

    ``lookup`` answers for a file whose state is the one recorded, and that was not modified just
    before it was read; ``record`` notes what a file gave; ``save`` writes the files seen since
    ``open`` (files no longer in the corpus drop out). The index is a cache: when it cannot be read
    (damaged, written by another version of the reading code, another ``max_file_bytes``), every file
    is read, and the index written anew.
    """

    def __init__(self, path: Path, identity: str) -> None:
        self.path = path
        self.identity = identity
        self.read_at = time.time_ns()
        self._old: dict[str, FileRecord] = {}
        self._new: dict[str, FileRecord] = {}
        self.hits = 0

    @classmethod
    def open(cls, cache_dir: Path, corpus: Path, max_file_bytes: int) -> FileIndex:
        """The index of ``corpus`` in ``cache_dir``, read when it matches this reading code."""
        root = str(corpus.resolve())
        identity = hashlib.sha256("\x1f".join([__version__, reader_version(), root,
                                                str(max_file_bytes)]).encode()).hexdigest()[:16]
        index = cls(cache_dir / "files" / f"{hashlib.sha256(root.encode()).hexdigest()[:16]}.json", identity)
        index._load()
        return index

    def _load(self) -> None:
        try:
            data = _DECODE_INDEX.decode(self.path.read_bytes())
        except FileNotFoundError:
            return
        except (OSError, msgspec.MsgspecError):
            return  # a damaged index: every file is read again
        if data.identity != self.identity:
            return
        self._old = {source: FileRecord(state, articles, problems)
                     for source, (state, articles, problems) in data.files.items()
                     if state[1] < data.read_at - RACY_NS}

    def lookup(self, source: str, state: FileState) -> FileRecord | None:
        rec = self._old.get(source)
        if rec is None or rec.state != state:
            return None
        self.hits += 1
        self._new[source] = rec
        return rec

    def record(self, source: str, state: FileState, articles: list[Article], problems: list[InputProblem]) -> None:
        self._new[source] = FileRecord(state, articles, problems)

    def save(self) -> None:
        data = _IndexData(self.identity, self.read_at,
                          {source: (r.state, r.articles, r.problems) for source, r in self._new.items()})
        atomic_write(self.path, msgspec.json.encode(data))
