"""Writes that are never lost: the update log and the working copy of the store.

A writable server never writes into a build's store: a rebuild replaces that store, and a store
written while a build copies it is corrupted. Instead, every write it accepts (a SPARQL Update, a
Graph Store PUT, POST or DELETE) is appended to an update log, kept outside the build folder, and
flushed to disk (fsync) before the client is answered. The server answers from a working copy of
the build's store (a checkpoint: hard links, made in a moment) with the log replayed onto it. When
a rebuild swaps in a new store, and whenever the server starts, a new working copy is made from the
new store and the whole log replayed: every write holds through every rebuild and every crash.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ..errors import EngineError
from .requests import GraphRequest, Request, UpdateRequest

LOG_NAME = "updates.jsonl"
WRITES = {"PUT", "POST", "DELETE"}


def is_write(req: Request) -> bool:
    return isinstance(req, UpdateRequest) or (isinstance(req, GraphRequest) and req.method in WRITES)


class UpdateLog:
    """An append-only file of JSON lines, one accepted write each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOG_NAME

    def append(self, req: Request) -> None:
        if isinstance(req, UpdateRequest):
            entry = {"kind": "update", "update": req.update, "base_iri": req.base_iri}
        elif isinstance(req, GraphRequest):
            entry = {"kind": "graph", "method": req.method, "graph": req.graph, "rdf_format": req.rdf_format,
                     "base_iri": req.base_iri, "data": base64.b64encode(req.data).decode("ascii")}
        else:
            raise TypeError(f"not a write: {req!r}")
        entry["at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def entries(self) -> Iterator[Request]:
        """The writes in order. A last line cut short (the machine stopped while it was written, before
        its client was answered) is left out."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        for line in data.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("kind") == "update":
                yield UpdateRequest(entry["update"], entry.get("base_iri"))
            elif entry.get("kind") == "graph":
                yield GraphRequest(entry["method"], entry.get("graph"), base64.b64decode(entry.get("data", "")),
                                   entry.get("rdf_format"), base_iri=entry.get("base_iri"))


def working_store(published: Path, folder: Path) -> ox.Store:
    """A new working copy of the build's store at ``published``, with the update log replayed."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("store-*"):  # earlier copies: the log, not they, holds the writes
        shutil.rmtree(stale, ignore_errors=True)
    path = folder / f"store-{os.getpid()}-{time.time_ns()}"
    try:
        ox.Store.read_only(str(published)).backup(str(path))
    except OSError as exc:
        raise EngineError(f"cannot copy the store {published} to {path}: {exc}") from exc
    store = ox.Store(str(path))
    replay(store, folder)
    return store


def replay(store: ox.Store, folder: Path) -> None:
    """Apply the update log in ``folder`` to ``store``, in order."""
    from .evaluate import handle

    for n, req in enumerate(UpdateLog(folder).entries(), 1):
        answer = handle(store, req, union_default_graph=True)
        if answer.status >= 400:  # it was accepted once; on another build it may no longer apply
            print(f"libgraph: update {n} of {folder / LOG_NAME} no longer applies: "
                  f"{answer.body.decode('utf-8', 'replace')}", file=sys.stderr, flush=True)
    store.flush()
