"""What the endpoint asks its query engine, and what the engine answers: plain, picklable records
(they cross to the worker processes), the same for the local workers and a forwarding backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

TRUNCATED_HEADER = "X-Libgraph-Truncated"


@dataclass(frozen=True)
class Source:
    """What the workers serve: a built store (``store``) or RDF files loaded in memory (``files``)."""

    store: Path | None = None
    files: tuple[Path, ...] = ()
    base_iri: str | None = None  # relative IRIs of the files resolve against it (default: each file's URI)
    writable: bool = False  # writes accepted (one worker then owns a working copy of the store)
    updates: Path | None = None  # writable: the folder of the update log and the working copy (updatelog)
    backend: str | None = None  # a SPARQL endpoint that answers the queries instead (server.remote)


@dataclass(frozen=True)
class QueryRequest:
    query: str
    results_format: str | None  # json, xml, csv, tsv; None when the client accepts none of them
    graph_format: str | None  # ttl, nt, jsonld, xml, nq, trig; None likewise
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the request's URL)


@dataclass(frozen=True)
class QueryResponse:
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "error"  # select, ask, graph, update, error


@dataclass(frozen=True)
class UpdateRequest:
    update: str
    base_iri: str | None = None


@dataclass(frozen=True)
class GraphRequest:
    """A Graph Store HTTP Protocol operation on one graph (``graph`` None: the default graph)."""

    method: str  # GET, PUT, POST, DELETE, HEAD
    graph: str | None
    data: bytes = b""
    rdf_format: str | None = None  # media type of ``data``
    graph_format: str = "ttl"  # answer format for GET
    base_iri: str | None = None


Request = QueryRequest | UpdateRequest | GraphRequest


def error_response(status: int, message: str) -> QueryResponse:
    """A plain-text error answer (the local engine's and a forwarding backend's)."""
    return QueryResponse(status, "text/plain; charset=utf-8", message.encode("utf-8"))
