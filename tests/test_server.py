"""The SPARQL endpoint, driven over HTTP with real clients."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from rdflib import Graph

from .conftest import running_server, until

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PERSONS = "PREFIX lg: <https://w3id.org/libgraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
          "SELECT ?n WHERE { ?x a lg:Person ; rdfs:label ?n } ORDER BY ?n"
PREFIXES = ("PREFIX lg: <https://w3id.org/libgraph/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
            "PREFIX schema: <https://schema.org/>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")


def names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["n"]["value"] for b in response.json()["results"]["bindings"]]


def test_server_three_ways_to_ask_give_one_answer(server: str) -> None:
    get = httpx.get(server + "/sparql", params={"query": PERSONS})
    form = httpx.post(server + "/sparql", data={"query": PERSONS})
    direct = httpx.post(server + "/sparql", content=PERSONS.encode(),
                        headers={"Content-Type": "application/sparql-query"})
    assert get.headers["content-type"].startswith("application/sparql-results+json")
    assert names(get) == names(form) == names(direct)
    assert "Heydar Aliyev" in names(get)


@pytest.mark.parametrize(("accept", "media", "marker"), [
    ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
    ("text/csv", "text/csv", "n\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", "?n\n"),
    ("application/json;q=0.5, text/csv", "text/csv", "n\r\n"),
    ("*/*", "application/sparql-results+json", '"vars"'),
])
def test_server_negotiates_select_results(server: str, accept: str, media: str, marker: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": PERSONS}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert marker in r.text and "Heydar Aliyev" in r.text


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                            ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_server_negotiates_graphs(server: str, accept: str, fmt: str) -> None:
    q = PREFIXES + "CONSTRUCT { ?x rdfs:label ?n } WHERE { ?x a lg:Country ; rdfs:label ?n }"
    r = httpx.get(server + "/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    if fmt == "json-ld":  # read back with Oxigraph's JSON-LD parser
        import pyoxigraph as ox

        objects = [q.object.value for q in ox.parse(r.content, format=ox.RdfFormat.JSON_LD)]
    else:
        objects = [str(o) for o in Graph().parse(data=r.text, format=fmt).objects()]
    assert "Japan" in objects


def test_server_format_parameter_and_ask(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": PERSONS, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    r = httpx.get(server + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.json() == {"head": {}, "boolean": True}


def test_server_refuses_what_it_cannot_do(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": PERSONS}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = httpx.get(server + "/sparql", params={"query": "SELECT WHERE {"})
    assert r.status_code == 400 and "malformed query: syntax error at line 1, column" in r.text
    assert len(r.text.strip().splitlines()) == 1
    r = httpx.get(server + "/sparql", params={"query": "SELECT ?x WHERE {\n  ?x dbo:birthPlace ?y }"})
    assert r.status_code == 400 and "undeclared prefix dbo: at line 2" in r.text
    # the usual prefixes need no declaration, and the Service Description lists them
    r = httpx.get(server + "/sparql", params={"query": "ASK { ?x a lg:Library ; rdfs:label ?n . ?x a schema:Library }"})
    assert r.status_code == 200 and r.json()["boolean"] is True
    sd = Graph().parse(data=httpx.get(server + "/sparql", headers={"Accept": "text/turtle"}).text, format="turtle")
    declared = {str(p): str(ns) for p, ns in sd.query(
        "SELECT ?p ?ns WHERE { ?s <http://www.w3.org/ns/shacl#declare> [ <http://www.w3.org/ns/shacl#prefix> ?p ; "
        "<http://www.w3.org/ns/shacl#namespace> ?ns ] }")}
    assert declared["lg"] == "https://w3id.org/libgraph/ontology#" and "dcterms" in declared
    r = httpx.get(server + f"/sparql?query={quote(PERSONS)}&query={quote(PERSONS)}")
    assert r.status_code == 400 and "more than one" in r.text
    r = httpx.post(server + "/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = httpx.post(server + "/sparql", data={"update": "CLEAR ALL"})
    assert r.status_code == 403 and "read-only" in r.text
    r = httpx.post(server + "/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403
    r = httpx.get(server + "/sparql?query=%E0%A4%A")
    assert r.status_code == 400
    r = httpx.post(server + "/sparql", content=b"x" * 2_000_000, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    r = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "SERVICE" in r.text


def test_server_dataset_parameters(server: str) -> None:
    graphs = httpx.get(server + "/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a <https://schema.org/NewsArticle> } }"}).json()
    article_graphs = [b["g"]["value"] for b in graphs["results"]["bindings"]]
    assert len(article_graphs) == 3
    q = PREFIXES + "SELECT ?n WHERE { ?x a lg:Statement ; rdf:subject/rdfs:label ?n }"
    one = httpx.get(server + "/sparql", params=[("query", q), ("default-graph-uri", article_graphs[0])])
    assert one.status_code == 200
    union = httpx.get(server + "/sparql", params={"query": q})
    assert one.json()["results"]["bindings"] == []  # the labels live in the entities graph, not an article's
    assert union.json()["results"]["bindings"]
    count = PREFIXES + "SELECT (COUNT(?x) AS ?n) WHERE { ?x a lg:Statement }"
    in_one = httpx.get(server + "/sparql", params=[("query", count), ("default-graph-uri", article_graphs[0])])
    in_all = httpx.get(server + "/sparql", params={"query": count})
    n_in_one = int(in_one.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < n_in_one < int(in_all.json()["results"]["bindings"][0]["n"]["value"])
    named = httpx.get(server + "/sparql", params=[
        ("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"), ("named-graph-uri", article_graphs[0])])
    total = httpx.get(server + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    n_one = int(named.json()["results"]["bindings"][0]["n"]["value"])
    n_all = int(total.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < n_one < n_all


def test_server_describes_itself(server: str) -> None:
    sd = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=sd.text, format="turtle")
    assert any("SPARQL11Query" in str(o) for o in g.objects())
    void = httpx.get(server + "/.well-known/void", headers={"Accept": "text/turtle"})
    vg = Graph().parse(data=void.text, format="turtle")
    counts = {str(vg.value(part, next(p for p in vg.predicates(part) if str(p).endswith("property")))):
              int(vg.value(part, next(p for p in vg.predicates(part) if str(p).endswith("triples"))))
              for part in vg.objects(None, next(p for p in vg.predicates() if str(p).endswith("propertyPartition")))}
    assert counts["https://w3id.org/libgraph/ontology#signedAgreementWith"] >= 15
    health = httpx.get(server + "/health").json()
    assert health["status"] == "ok" and health["triples"] > 1000


def test_server_entity_pages(server: str) -> None:
    q = PREFIXES + 'SELECT ?x WHERE { ?x rdfs:label "Heydar Aliyev" }'
    iri = httpx.get(server + "/sparql", params={"query": q}).json()["results"]["bindings"][0]["x"]["value"]
    path = "/" + iri.split("w3id.org/libgraph/", 1)[1]
    page = httpx.get(server + path, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Heydar Aliyev" in page.text
    assert "visited the National Library four times" in page.text
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    ttl = httpx.get(server + path, headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and "Heydar Aliyev" in ttl.text
    assert httpx.get(server + "/id/person/nobody-at-all", headers={"Accept": "text/html"}).status_code == 404
    assert httpx.get(server + "/static/../../config.py").status_code == 404


def test_server_entity_page_shows_a_symmetric_relation_stated_the_other_way(server: str) -> None:
    """The National Library of China is the object of the seed sentence; its page lists the agreement
    with the National Library of Uzbekistan, with that sentence."""
    page = httpx.get(server + "/id/organization/national-library-of-china", headers={"Accept": "text/html"})
    assert page.status_code == 200
    row = next(line for line in page.text.split("<tr") if "National Library of Uzbekistan" in line
               and "signed" in line.lower())
    assert "signed agreements and memorandums of cooperation" in row


def test_server_a_get_too_long_for_a_url_is_414(server: str) -> None:
    """httpx will not send a URL this long: the request is written by hand."""
    import socket

    host, port = server.removeprefix("http://").split(":")
    query = "ASK%20%7B%7D%20%23" + "x" * 100_000
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET /sparql?query={query} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 414 ")
    assert b"send the query by POST" in answer
    short = httpx.get(server + "/sparql", params={"query": "ASK {} #" + "x" * 30_000})
    assert short.status_code == 200


def test_server_ontology_review_and_provenance_pages(server: str) -> None:
    page = httpx.get(server + "/id/organization/national-library-of-china", headers={"Accept": "text/html"})
    assert 'href="/ontology#Library"' in page.text  # the type link resolves
    assert "confidence 0." in page.text and "rule " in page.text
    ontology = httpx.get(server + "/ontology", headers={"Accept": "text/html"})
    assert ontology.status_code == 200 and 'id="Library"' in ontology.text
    assert 'id="signedAgreementWith"' in ontology.text
    assert "symmetric" in ontology.text
    ttl = httpx.get(server + "/ontology", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    assert Graph().parse(data=ttl.text, format="turtle")
    rule = httpx.get(server + "/ontology/rule/title-post", headers={"Accept": "text/html"})
    assert rule.status_code == 200
    review = httpx.get(server + "/review", params={"limit": "5"}, headers={"Accept": "text/html"})
    assert review.status_code == 200
    confidences = [float(c) for c in re.findall(r"<tr><td>(0\.\d+|1)</td>", review.text)]
    assert len(confidences) == 5 and confidences == sorted(confidences)


def test_server_descriptions_read_as_pages_in_a_browser(server: str) -> None:
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for path, title in (("/sparql", "Service Description"), ("/.well-known/void", "VoID description")):
        page = httpx.get(server + path, headers={"Accept": browser_accept})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert f"<h1>{title}</h1>" in page.text and "&lt;" in page.text  # the Turtle, escaped
        ttl = httpx.get(server + path, params={"format": "ttl"}, headers={"Accept": browser_accept})
        assert ttl.headers["content-type"].startswith("text/turtle")
        assert len(Graph().parse(data=ttl.text, format="turtle")) > 5


def test_server_class_pages_with_facets(server: str) -> None:
    html = {"Accept": "text/html"}
    index = httpx.get(server + "/class", headers=html).text
    assert re.search(r'href="/class/Library">Library</a> \((\d+)\)', index)
    libraries = httpx.get(server + "/class/Library", headers=html).text
    total = int(re.search(r"<h1>Library \((\d+)\)</h1>", libraries)[1])  # type: ignore[index]
    assert 'data-facet="country">Kazakhstan</a>' in libraries
    kz = httpx.get(server + "/class/Library", params={"country": "https://w3id.org/libgraph/id/country/kz"},
                   headers=html).text
    shown = int(re.search(r"<h1>Library \((\d+)\)</h1>", kz)[1])  # type: ignore[index]
    assert 0 < shown < total and "Kazakhstan National Academic Library" in kz
    assert "National Library of China" not in kz.split("<table", 1)[1]
    signed = httpx.get(server + "/class/Library", params={"relation": "signedAgreementWith"}, headers=html).text
    assert "National Library of China" in signed
    assert httpx.get(server + "/class/Nothing", headers=html).status_code == 404
    assert httpx.get(server + "/class/Library", params={"year": "19x"}, headers=html).status_code == 400
    assert httpx.get(server + "/class/Library", params={"country": "<x>"}, headers=html).status_code == 400


def test_server_statement_page_reads_as_a_sentence(server: str) -> None:
    q = PREFIXES + """SELECT ?st WHERE { ?st rdf:predicate lg:signedAgreementWith ; rdf:object ?o .
                      ?o rdfs:label "National Library of China" }"""
    iri = httpx.get(server + "/sparql", params={"query": q}).json()["results"]["bindings"][0]["st"]["value"]
    page = httpx.get(server + "/" + iri.split("w3id.org/libgraph/", 1)[1], headers={"Accept": "text/html"})
    assert page.status_code == 200
    heading = re.search(r"<h1>(.*?)</h1>", page.text)[1]  # type: ignore[index]
    assert "signed agreement with" in heading and "National Library of China" in heading
    assert "signed agreements and memorandums of cooperation" in page.text and "confidence" in page.text


def test_server_timeline_and_country_views(server: str) -> None:
    timeline = httpx.get(server + "/timeline", headers={"Accept": "text/html"}).text
    years = re.findall(r'<tr data-year="(\d{4})">', timeline)
    assert years and years == sorted(years)
    countries = httpx.get(server + "/countries", headers={"Accept": "text/html"}).text
    row = next(r for r in countries.split("<tr>") if ">China</a>" in r and ">Uzbekistan</a>" in r)
    assert "signedAgreementWith" in row  # the National Libraries of China and Uzbekistan


def test_server_query_page_offline(server: str) -> None:
    page = httpx.get(server + "/")
    assert page.status_code == 200
    assert "signed agreements" in page.text  # the example queries are one click away
    import re

    assets = [a for a in re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page.text)
              if not a.startswith("data:")]
    assert assets and all(a.startswith("/static/") for a in assets)  # no CDN: everything from this server
    for asset in assets:
        assert httpx.get(server + asset).status_code == 200


def test_server_example_queries_answer(server: str) -> None:
    answers = {}
    for path in sorted((ROOT / "docs" / "queries").glob("*.rq")):
        r = httpx.post(server + "/sparql", content=(PREFIXES + path.read_text()).encode(),
                       headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 200, (path.name, r.text)
        answers[path.stem] = [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]
    signed = answers["signed-agreements"]
    assert any(r["b"] == "National Library of China" and "001_b657f221a84557c0" in r["source"] for r in signed)
    members = {(r["member"], r["association"], r.get("since")) for r in answers["memberships"]}
    assert ("Kazakhstan National Academic Library", "Conference of Directors of National Libraries", "1992") in members
    per_country = {r["country"]: int(r["libraries"]) for r in answers["libraries-per-country"]}
    assert per_country["Kazakhstan"] >= 2 and per_country["China"] == 1
    assert sum(int(r["visits"]) for r in answers["visits-per-year"]) == 2


def test_server_stops_slow_queries_and_keeps_serving(server: str) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    r = httpx.get(server + "/sparql", params={"query": slow}, timeout=30)
    elapsed = time.monotonic() - started
    assert r.status_code == 503 and "limit" in r.text
    assert r.headers["retry-after"] == "2"
    assert elapsed < 10
    assert names(httpx.get(server + "/sparql", params={"query": PERSONS}))  # still answering
    metrics = httpx.get(server + "/metrics").text
    timeouts = next(line for line in metrics.splitlines() if line.startswith("libgraph_query_timeouts_total"))
    assert float(timeouts.split()[-1]) >= 1  # the slow query above was stopped
    assert 'libgraph_requests_total{route="/sparql",method="GET",status="200"}' in metrics


def test_server_with_sparqlwrapper_and_rdflib_store(server: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(PERSONS)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert "Heydar Aliyev" in [b["n"]["value"] for b in data["results"]["bindings"]]  # type: ignore[index]
    store = Graph(SPARQLStore(server + "/sparql", returnFormat="json"))
    rows = list(store.query(PERSONS))
    assert any(str(r[0]) == "Heydar Aliyev" for r in rows)
    assert json.loads(httpx.get(server + "/openapi.json").text)["paths"]["/sparql"]


TOKEN = "a-test-token-of-enough-length"


@pytest.fixture(scope="module")
def writable_server(seed_build, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An endpoint with updates enabled, over a copy of the seed build."""
    import shutil

    from .conftest import running_server

    build = tmp_path_factory.mktemp("writable") / "build"
    shutil.copytree(seed_build.out, build)
    with running_server("--build-dir", str(build), env={"LIBGRAPH_UPDATE_TOKEN": TOKEN}, capture=True) as (url, proc):
        yield url, build, proc
    if proc.stdout:
        output = proc.stdout.read().decode()
        proc.stdout.close()
        assert TOKEN not in output  # the token is never logged


def test_server_updates_need_the_token(writable_server) -> None:  # type: ignore[no-untyped-def]
    url = writable_server[0]
    insert = 'INSERT DATA { <https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "Added" }'
    r = httpx.post(url + "/sparql", data={"update": insert})
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    r = httpx.post(url + "/sparql", data={"update": insert}, headers={"Authorization": "Bearer wrong-token-xxxxxxxx"})
    assert r.status_code == 403
    r = httpx.post(url + "/sparql", content=insert.encode(),
                   headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"})
    assert r.status_code == 204, r.text
    ask = httpx.get(url + "/sparql", params={"query": 'ASK { ?x ?p "Added" }'}).json()
    assert ask["boolean"] is True
    load = httpx.post(url + "/sparql", data={"update": "LOAD <http://example.org/data.ttl>"},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert load.status_code == 403 and "LOAD" in load.text


def test_server_graph_store_protocol(writable_server) -> None:  # type: ignore[no-untyped-def]
    url = writable_server[0]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    g = "https://example.org/graphs/notes"
    ttl = '<https://example.org/n1> <http://www.w3.org/2000/01/rdf-schema#label> "Note one" .'
    assert httpx.put(url + "/graph-store", params={"graph": g}, content=ttl.encode(),
                     headers={"Content-Type": "text/turtle"}).status_code == 401
    r = httpx.put(url + "/graph-store", params={"graph": g}, content=ttl.encode(),
                  headers={**auth, "Content-Type": "text/turtle"})
    assert r.status_code == 201
    more = '<https://example.org/n2> <http://www.w3.org/2000/01/rdf-schema#label> "Note two" .'
    assert httpx.post(url + "/graph-store", params={"graph": g}, content=more.encode(),
                      headers={**auth, "Content-Type": "text/turtle"}).status_code == 204
    got = httpx.get(url + "/graph-store", params={"graph": g}, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and "Note one" in got.text and "Note two" in got.text
    assert httpx.delete(url + "/graph-store", params={"graph": g}, headers=auth).status_code == 204
    assert httpx.get(url + "/graph-store", params={"graph": g}).status_code == 404
    assert httpx.get(url + "/graph-store").status_code == 400


def test_server_writes_are_durable(writable_server) -> None:  # type: ignore[no-untyped-def]
    """An accepted write is in the update log, on disk, before the client is answered; the build's
    own store is never written."""
    url, build, proc = writable_server
    insert = 'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/d> <https://example.org/p> "kept" } }'
    r = httpx.post(url + "/sparql", data={"update": insert}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204
    proc.kill()  # no clean shutdown
    proc.wait(timeout=10)
    log = build.parent / f"{build.name}-updates" / "updates.jsonl"
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert entries[-1]["kind"] == "update" and entries[-1]["update"] == insert  # the last write accepted
    import pyoxigraph as ox

    assert not bool(ox.Store.read_only(str(build / "store")).query('ASK { GRAPH ?g { ?s ?p "kept" } }'))


def test_server_read_only_refuses_graph_store_writes(server: str) -> None:
    r = httpx.put(server + "/graph-store", params={"default": ""}, content=b"", headers={"Authorization": "Bearer x"})
    assert r.status_code == 403 and "read-only" in r.text
    assert httpx.get(server + "/graph-store", params={"default": ""}).status_code == 200


def test_server_docs_cors_and_gzip(server: str) -> None:
    docs = httpx.get(server + "/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower() and "/static/vendor/swagger-ui" in docs.text
    r = httpx.get(server + "/sparql", params={"query": PERSONS}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    big = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                    headers={"Accept-Encoding": "gzip"})
    assert big.headers.get("content-encoding") == "gzip" and big.json()["results"]["bindings"]


def test_server_hostile_requests_get_clear_4xx(server: str) -> None:
    nested = "SELECT * WHERE " + "{" * 20000 + " ?s ?p ?o " + "}" * 20000
    r = httpx.post(server + "/sparql", content=nested.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "nests" in r.text
    r = httpx.post(server + "/sparql", content=b"SELECT * WHERE { ?s ?p \xff\xfe }",
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "UTF-8" in r.text
    r = httpx.get(server + "/sparql?query=SELECT%20%2A%20WHERE%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D")
    assert r.status_code == 400
    import http.client
    from urllib.parse import urlsplit

    host = urlsplit(server)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    try:
        conn.request("GET", "/sparql?query=" + "x" * (10 * 1024 * 1024))
        status = conn.getresponse().status
    except (ConnectionError, http.client.HTTPException):
        status = 414  # the server may close the connection on an oversized request line: refused either way
    finally:
        conn.close()
    assert status in {400, 413, 414, 431}
    assert httpx.delete(server + "/sparql").status_code == 405
    assert httpx.put(server + "/sparql", content=b"x").status_code == 405
    r = httpx.post(server + "/sparql", content=b"query=%ZZ",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
    r = httpx.get(server + "/sparql", params={"query": PERSONS}, headers={"Accept": "\x01\x02;;q=zz,,"})
    assert r.status_code in {200, 400, 406}
    r = httpx.get(server + "/sparql", params={"query": PERSONS}, headers={"Accept": "text/csv;q=oops, */*;q=0.1"})
    assert r.status_code == 200
    health = httpx.get(server + "/health")
    assert health.status_code == 200  # and the server is still up


def test_server_article_page_highlights_mentions_and_lists_its_facts(server: str) -> None:
    q = 'SELECT ?a WHERE { ?a lg:sourcePath ?p FILTER(CONTAINS(?p, "001")) } LIMIT 1'
    rows = httpx.get(server + "/sparql", params={"query": q}, timeout=30).json()["results"]["bindings"]
    article = rows[0]["a"]["value"]
    path = article.replace("https://w3id.org/libgraph/", "/")
    page = httpx.get(server + path, headers={"Accept": "text/html"}, timeout=30).text
    assert page.count('class="mention"') >= 5
    assert '<mark class="stated"' in page
    assert 'href="/id/organization/national-library-of-uzbekistan-named-after-alisher-navoi"' in page
    assert page.count('>statement</a>') >= 5 and "Facts it states" in page
    # as RDF, the article is still its description
    ttl = httpx.get(server + path, headers={"Accept": "text/turtle"}, timeout=30).text
    assert "contentHash" in ttl


def test_server_country_view_has_a_chart_of_the_pairs(server: str) -> None:
    page = httpx.get(server + "/countries", timeout=30).text
    assert '<svg id="countries-chart"' in page and "<rect" in page
    assert re.search(r"<title>[^<]*Uzbekistan[^<]*: \d+</title>", page)


@pytest.fixture(scope="module")
def threaded_server(seed_build):  # type: ignore[no-untyped-def]
    """The other design: two server processes on one socket, queries in their own threads."""
    with running_server("--build-dir", str(seed_build.out), "--workers", "2", "--query-timeout", "1",
                        "--query-isolation", "thread") as (url, proc):
        yield url, proc


def test_server_in_threads_answers_and_replaces_a_process_whose_query_ran_too_long(threaded_server) -> None:  # type: ignore[no-untyped-def]
    import psutil

    url, proc = threaded_server
    assert names(httpx.get(url + "/sparql", params={"query": PERSONS}))
    before = {c.pid for c in psutil.Process(proc.pid).children()}
    assert len(before) == 2  # the supervisor and its two server processes
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    r = httpx.get(url + "/sparql", params={"query": slow}, timeout=30)
    assert r.status_code == 503 and "limit" in r.text and r.headers["retry-after"] == "2"
    assert time.monotonic() - started < 5  # answered at the limit, though the query cannot be stopped in a thread
    # the process that ran it exits (ending the query) and a new one takes its place
    assert until(lambda: len(before - {c.pid for c in psutil.Process(proc.pid).children()}) == 1)
    assert until(lambda: len(psutil.Process(proc.pid).children()) == 2)
    for _ in range(20):  # and nothing was lost meanwhile
        assert names(httpx.get(url + "/sparql", params={"query": PERSONS}))


def test_server_in_threads_refuses_a_writable_store(seed_build) -> None:  # type: ignore[no-untyped-def]
    r = subprocess.run([sys.executable, "-m", "libgraph", "serve", "--build-dir", str(seed_build.out),
                        "--query-isolation", "thread", "--update-token", "x" * 20, "--port", "1"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "query_isolation 'process'" in r.stderr


def test_server_stopping_answers_a_request_already_on_a_kept_alive_connection(seed_build) -> None:  # type: ignore[no-untyped-def]
    import socket
    from urllib.parse import urlsplit

    with running_server("--build-dir", str(seed_build.out), "--workers", "1") as (url, proc):
        parts = urlsplit(url)
        request = (f"GET /sparql?query={quote(PERSONS)} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                   f"Accept: application/sparql-results+json\r\n\r\n").encode()

        def read_response(sock: socket.socket) -> bytes:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(65536)
                assert chunk, "the connection closed without an answer"
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))  # type: ignore[union-attr]
            while len(body) < length:
                chunk = sock.recv(65536)
                assert chunk, "the connection closed before the answer"
                body += chunk
            return head

        with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
            sock.sendall(request)
            assert read_response(sock).startswith(b"HTTP/1.1 200")  # the connection is kept alive, idle
            proc.terminate()  # a graceful stop begins while the client sends its next request
            time.sleep(0.2)
            sock.sendall(request)
            head = read_response(sock)
            assert head.startswith(b"HTTP/1.1 200") and b"connection: close" in head.lower()
