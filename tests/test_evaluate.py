"""The endpoint's evaluation: pure functions over a store, one request in, one response out (no
processes, no HTTP); and the routers' description of the protocol in the OpenAPI document."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from libgraph import Settings
from libgraph.errors import EngineError, LibgraphError, ProtocolError, QueryError, QueryTimeout, ServeError
from libgraph.server.evaluate import handle
from libgraph.server.requests import GraphRequest, QueryRequest, Source, UpdateRequest

EX = "http://example.org/"


@pytest.fixture
def store() -> ox.Store:
    s = ox.Store()
    g = ox.NamedNode(EX + "article/1")
    s.add(ox.Quad(ox.NamedNode(EX + "ostland-library"), ox.NamedNode(EX + "signedWith"),
                  ox.NamedNode(EX + "vesper-archive"), g))
    return s


def test_a_select_over_the_union_of_the_article_graphs(store: ox.Store) -> None:
    answer = handle(store, QueryRequest(f"SELECT ?o WHERE {{ <{EX}ostland-library> <{EX}signedWith> ?o }}",
                                        "json", None), union_default_graph=True)
    assert answer.status == 200 and answer.kind == "select"
    rows = json.loads(answer.body)["results"]["bindings"]
    assert [r["o"]["value"] for r in rows] == [EX + "vesper-archive"]
    # without the union, the default graph is empty
    alone = handle(store, QueryRequest("ASK { ?s ?p ?o }", "json", None), union_default_graph=False)
    assert json.loads(alone.body)["boolean"] is False


def test_rows_past_the_limit_are_cut_and_said_so(store: ox.Store) -> None:
    answer = handle(store, QueryRequest("SELECT * WHERE { VALUES ?n { 1 2 3 } }", "csv", None, max_rows=2),
                    union_default_graph=True)
    assert answer.body.decode().split() == ["n", "1", "2"]
    assert answer.headers == {"X-Libgraph-Truncated": "2"}


def test_a_malformed_query_and_a_federated_one_are_refused(store: ox.Store) -> None:
    bad = handle(store, QueryRequest("SELECT ?x WHERE { ?x", "json", None), union_default_graph=True)
    assert bad.status == 400 and bad.body.startswith(b"malformed query")
    federated = handle(store, QueryRequest("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "json", None),
                       union_default_graph=True)
    assert federated.status == 400 and b"SERVICE" in federated.body


def test_an_update_and_a_graph_store_read(store: ox.Store) -> None:
    done = handle(store, UpdateRequest(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}b> <{EX}c> }} }}"),
                  union_default_graph=True)
    assert done.status == 204
    read = handle(store, GraphRequest("GET", EX + "g", graph_format="nt"), union_default_graph=True)
    assert read.body.decode().strip() == f"<{EX}a> <{EX}b> <{EX}c> ."
    assert handle(store, GraphRequest("GET", EX + "nowhere"), union_default_graph=True).status == 404
    assert handle(store, GraphRequest("GET", "0"), union_default_graph=True).status == 400  # not an IRI
    refused = handle(store, UpdateRequest("LOAD <http://example.org/data.ttl>"), union_default_graph=True)
    assert refused.status == 403


def test_the_endpoint_errors_are_libgraph_errors() -> None:
    assert issubclass(QueryTimeout, QueryError) and issubclass(EngineError, ServeError)
    assert issubclass(ProtocolError, LibgraphError)
    assert ProtocolError(415, "send UTF-8").status == 415


def test_the_openapi_document_describes_the_protocol_routes() -> None:
    from libgraph.server.app import create_app

    app = create_app(Settings.load(env={}), Source(files=()))
    paths = app.openapi()["paths"]
    assert [p["name"] for p in paths["/sparql"]["get"]["parameters"]] == \
        ["query", "default-graph-uri", "named-graph-uri", "format"]
    assert set(paths["/sparql"]["post"]["requestBody"]["content"]) == \
        {"application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"}
    assert {"get", "put", "post", "delete"} <= set(paths["/graph-store"])
    assert {"/", "/id/{rest}", "/health", "/metrics", "/.well-known/void"} <= set(paths)
