"""Publishing a build to an external SPARQL 1.1 server (``libgraph publish --endpoint URL``).

Every named graph of the build (one per article, and the entities graph) replaces the graph of the
same name on the server: with the Graph Store HTTP Protocol when a graph store URL is given (one
``PUT`` per graph), else with SPARQL Update (``DROP SILENT GRAPH`` then ``INSERT DATA``, several
graphs per request). Each graph is replaced atomically by the server; the publish as a whole is not
one transaction, so a reader may briefly see some graphs new and some old. Graphs under the build's
graph namespace that the build no longer has (deleted articles) are dropped last. Nothing outside
that namespace is touched.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

from .errors import StoreError
from .store import open_store


@dataclass
class PublishResult:
    graphs: int = 0
    quads: int = 0
    dropped: list[str] = field(default_factory=list)
    remote_quads: int = 0
    seconds: float = 0.0

    def summary(self, target: str) -> str:
        return (f"Published {self.graphs} graph(s), {self.quads} quads, to {target} in {self.seconds:.1f}s; "
                f"dropped {len(self.dropped)} graph(s) no longer in the build; the server now holds "
                f"{self.remote_quads} quads in the build's graphs.")


class SparqlServer:
    """A SPARQL 1.1 server: its query, update and (optional) graph store URLs."""

    def __init__(self, query_url: str, update_url: str | None = None, graph_store_url: str | None = None,
                 auth: httpx.Auth | None = None, timeout: float = 300.0) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_store_url = graph_store_url
        self._http = httpx.Client(auth=auth, timeout=timeout, follow_redirects=True)

    def close(self) -> None:
        self._http.close()

    def _check(self, response: httpx.Response, what: str) -> httpx.Response:
        if response.status_code >= 400:
            raise StoreError(f"{what} failed at {response.request.url}: HTTP {response.status_code} "
                             f"{response.text[:500]}")
        return response

    def _send(self, what: str, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            return self._check(self._http.request(method, url, **kwargs), what)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise StoreError(f"{what}: cannot reach {url}: {exc}") from exc

    # URL-encoded POST: the form of the protocol every server takes (Virtuoso 7 does not read
    # application/sparql-query bodies)
    def select(self, query: str) -> list[dict[str, str]]:
        r = self._send("query", "POST", self.query_url, data={"query": query},
                       headers={"Accept": "application/sparql-results+json"})
        return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]

    def update(self, update: str) -> None:
        self._send("update", "POST", self.update_url, data={"update": update})

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        assert self.graph_store_url is not None
        self._send("graph store PUT", "PUT", self.graph_store_url, params={"graph": graph}, content=ntriples,
                   headers={"Content-Type": "application/n-triples"})

    def drop_graph(self, graph: str) -> None:
        if self.graph_store_url is not None:
            r = self._http.delete(self.graph_store_url, params={"graph": graph})
            if r.status_code != 404:
                self._check(r, "graph store DELETE")
        else:
            self.update(f"DROP SILENT GRAPH <{graph}>")

    def graphs(self, prefix: str) -> set[str]:
        rows = self.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                           f'FILTER(STRSTARTS(STR(?g), "{_escape(prefix)}")) }}')
        return {r["g"] for r in rows}

    def count(self, prefix: str) -> int:
        rows = self.select(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                           f'FILTER(STRSTARTS(STR(?g), "{_escape(prefix)}")) }}')
        return int(rows[0]["n"]) if rows else 0


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _graph_triples(store: ox.Store, graph: ox.NamedNode) -> bytes:
    triples = (q.triple for q in store.quads_for_pattern(None, None, None, graph))
    return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")


def _batches(store: ox.Store, graphs: list[ox.NamedNode], max_bytes: int) -> Iterator[list[tuple[str, bytes]]]:
    batch: list[tuple[str, bytes]] = []
    size = 0
    for g in graphs:
        body = _graph_triples(store, g)
        if batch and size + len(body) > max_bytes:
            yield batch
            batch, size = [], 0
        batch.append((g.value, body))
        size += len(body)
    if batch:
        yield batch


def publish_remote(build_dir: Path, server: SparqlServer, graph_prefix: str,
                   batch_bytes: int = 2_000_000) -> PublishResult:
    """Replace the build's graphs on ``server``, then drop the graphs under ``graph_prefix`` it no longer has."""
    t0 = time.perf_counter()
    store = open_store(build_dir / "store")
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    result = PublishResult(graphs=len(graphs), quads=len(store))
    if not graphs:
        raise StoreError(f"the build in {build_dir} has no named graphs to publish")
    if any(not g.value.startswith(graph_prefix) for g in graphs):
        raise StoreError(f"the build's graphs are not under {graph_prefix}; was it built with another base_iri?")
    before = server.graphs(graph_prefix)
    for batch in _batches(store, graphs, batch_bytes):
        if server.graph_store_url is not None:
            for name, body in batch:
                server.put_graph(name, body)
        else:
            server.update(" ;\n".join(f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n"
                                      f"{body.decode('utf-8')}}} }}" for name, body in batch))
    keep = {g.value for g in graphs}
    for stale in sorted(before - keep):
        server.drop_graph(stale)
        result.dropped.append(stale)
    result.remote_quads = server.count(graph_prefix)
    result.seconds = time.perf_counter() - t0
    return result
