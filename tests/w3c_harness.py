"""Running the W3C SPARQL 1.1 test data (``tests/w3c``) against a SPARQL endpoint over HTTP.

Query-evaluation tests: every data file of the manifests is loaded as a named
graph (named by the file's IRI) into one N-Quads file that both endpoints
serve; a test asks its query with ``default-graph-uri`` / ``named-graph-uri``
naming its data, and its answer is compared with the expected result (solution
multisets with blank nodes matched by shape, or graph isomorphism).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

W3C = Path(__file__).parent / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
EVAL_FOLDERS = ["aggregates", "bind", "bindings", "cast", "construct", "exists", "functions", "grouping",
                "negation", "project-expression", "property-path", "subquery"]


@dataclass(frozen=True)
class EvalTest:
    name: str
    query: Path
    data: tuple[Path, ...]
    graph_data: tuple[Path, ...]
    result: Path | None
    kind: str  # select/ask (results file) or graph


def _list(g: Graph, head: object) -> list[object]:
    out = []
    while head and head != RDF.nil:
        out.append(g.value(head, RDF.first))
        head = g.value(head, RDF.rest)
    return out


def _local(iri: object) -> Path:
    return Path(str(iri).removeprefix("file://"))


def eval_tests() -> list[EvalTest]:
    tests = []
    for folder in EVAL_FOLDERS:
        manifest = W3C / folder / "manifest.ttl"
        g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        entries = _list(g, g.value(URIRef(manifest.as_uri()), MF.entries))
        for t in entries:
            if g.value(t, RDF.type) != MF.QueryEvaluationTest:
                continue
            action = g.value(t, MF.action)
            result = g.value(t, MF.result)
            query = _local(g.value(action, QT.query))
            data = tuple(_local(d) for d in g.objects(action, QT.data))
            graph_data = tuple(_local(d) for d in g.objects(action, QT.graphData))
            res = _local(result) if result is not None else None
            kind = "graph" if res is not None and res.suffix in {".ttl", ".nt", ".rdf"} else "results"
            tests.append(EvalTest(f"{folder}/{t.split('#')[-1]}", query, data, graph_data, res, kind))
    return tests


def write_dataset(tests: list[EvalTest], out: Path) -> None:
    """One N-Quads file: every data file as a named graph named by its file IRI."""
    files = sorted({p for t in tests for p in (*t.data, *t.graph_data)})
    quads = []
    for path in files:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        if fmt is None or not path.exists():
            continue
        graph = ox.NamedNode(path.as_uri())
        for q in ox.parse(path=str(path), format=fmt, base_iri=path.as_uri()):
            quads.append(ox.Quad(q.subject, q.predicate, q.object, graph))
    with out.open("wb") as fh:
        ox.serialize(quads, fh, format=ox.RdfFormat.N_QUADS)


def _row_key(row: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), "_:b" if isinstance(v, BNode) else v.n3()) for k, v in row.items()
                        if v is not None))


def _expected_rows(path: Path) -> tuple[list[dict[str, object]] | None, bool | None]:
    fmt = {".srx": "xml", ".srj": "json", ".tsv": "tsv", ".csv": "csv"}.get(path.suffix)
    if fmt is None:
        return None, None
    res = Result.parse(io.BytesIO(path.read_bytes()), format=fmt)
    if res.type == "ASK":
        return None, bool(res.askAnswer)
    return [{str(k): v for k, v in row.asdict().items()} for row in res], None


def run_eval(endpoint: str, test: EvalTest, client: httpx.Client) -> str:
    """``pass``, ``fail`` or ``skip`` (a result format this harness cannot read)."""
    query = test.query.read_text(encoding="utf-8")
    params: list[tuple[str, str]] = [("default-graph-uri", p.as_uri()) for p in test.data]
    params += [("named-graph-uri", p.as_uri()) for p in test.graph_data]
    if test.result is None:
        return "skip"
    if test.kind == "graph":
        r = client.post(endpoint, params=params, content=query.encode(),
                        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
        if r.status_code != 200:
            return "fail"
        got = Graph().parse(data=r.text, format="nt")
        fmt = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}[test.result.suffix]
        expected = Graph().parse(test.result, format=fmt, publicID=test.result.as_uri())
        return "pass" if isomorphic(got, expected) else "fail"
    rows, boolean = _expected_rows(test.result)
    if rows is None and boolean is None:
        return "skip"
    r = client.post(endpoint, params=params, content=query.encode(),
                    headers={"Content-Type": "application/sparql-query",
                             "Accept": "application/sparql-results+json"})
    if r.status_code != 200:
        return "fail"
    data = json.loads(r.text)
    if boolean is not None:
        return "pass" if data.get("boolean") == boolean else "fail"
    if "results" not in data:
        return "fail"
    got = Result.parse(io.BytesIO(r.content), format="json")
    got_rows = [{str(k): v for k, v in row.asdict().items()} for row in got]
    return "pass" if Counter(map(_row_key, got_rows)) == Counter(map(_row_key, rows or [])) else "fail"


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected_status: tuple[int, ...]  # allowed status classes, e.g. (2, 3)
    expected_boolean: bool | None
    expected_format: str | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    graph_data: tuple[tuple[Path, str], ...]
    requests: tuple[ProtocolRequest, ...]


def protocol_tests() -> list[ProtocolTest]:
    manifest = W3C / "protocol" / "manifest.ttl"
    g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    out = []
    for t in _list(g, g.value(URIRef(manifest.as_uri()), MF.entries)):
        graph_data = tuple((_local(g.value(gd, UT.graph)), str(g.value(gd, RDFS_LABEL)))
                           for gd in g.objects(t, UT.graphData))
        action = g.value(t, MF.action)
        requests = []
        for req in _list(g, g.value(action, HT.requests)):
            headers = {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
                       for h in _list(g, g.value(req, HT.headers))}
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                chars = g.value(body_node, CNT.chars)
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(chars).encode(encoding) if chars is not None else None
                if body_node and g.value(body_node, CNT.bytes) is not None:
                    body = bytes.fromhex(str(g.value(body_node, CNT.bytes)).replace(" ", ""))
            resp = g.value(req, HT.resp)
            statuses = tuple(sorted(int(str(s).rsplit("StatusCode", 1)[1][0])
                                    for s in g.objects(resp, MF.expectedStatus)))
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            requests.append(ProtocolRequest(str(g.value(req, HT.methodName)), str(g.value(req, HT.absolutePath)),
                                            headers, body, statuses,
                                            bool(boolean.toPython()) if isinstance(boolean, Literal) else None,
                                            str(fmt) if fmt is not None else None))
        out.append(ProtocolTest(str(t).split("#")[-1], graph_data, tuple(requests)))
    return out
