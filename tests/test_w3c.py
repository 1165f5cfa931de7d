"""W3C SPARQL 1.1 conformance through the endpoint: the protocol tests that apply to a read-only
query service, and the query-evaluation tests compared with Oxigraph's own server on the same data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

from .conftest import free_port, running_server, stop, wait_until_serving
from .w3c_harness import eval_tests, protocol_tests, run_eval, write_dataset

pytestmark = pytest.mark.slow


def _libgraph(data: Path) -> Iterator[str]:
    with running_server("--data", str(data), "--workers", "2", env={"LIBGRAPH_UNION_DEFAULT_GRAPH": "0"}) as (url, _):
        yield url + "/sparql"


@pytest.fixture(scope="module")
def eval_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("w3c") / "all.nq"
    write_dataset(eval_tests(), path)
    return path


@pytest.fixture(scope="module")
def libgraph_endpoint(eval_data: Path) -> Iterator[str]:
    yield from _libgraph(eval_data)


@pytest.fixture(scope="module")
def oxigraph_endpoint(eval_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.fail("the oxigraph server (PyPI package 'oxigraph', a dev dependency) is not installed")
    location = tmp_path_factory.mktemp("oxigraph-store")
    subprocess.run([binary, "load", "--location", str(location), "--file", str(eval_data)], check=True,
                   capture_output=True)
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", proc)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(proc)
        if proc.stdout:
            proc.stdout.close()


def test_w3c_query_evaluation_as_good_as_oxigraph_server(libgraph_endpoint: str, oxigraph_endpoint: str) -> None:
    tests = eval_tests()
    ours: dict[str, str] = {}
    theirs: dict[str, str] = {}
    with httpx.Client(timeout=30) as client:
        for t in tests:
            ours[t.name] = run_eval(libgraph_endpoint, t, client)
            theirs[t.name] = run_eval(oxigraph_endpoint, t, client)
    passed = sum(v == "pass" for v in ours.values())
    passed_oxigraph = sum(v == "pass" for v in theirs.values())
    worse = sorted(n for n in ours if theirs[n] == "pass" and ours[n] != "pass")
    print(f"\nW3C query evaluation through /sparql: libgraph {passed}, oxigraph serve {passed_oxigraph} "
          f"of {len(tests)} ({sum(v == 'skip' for v in ours.values())} skipped)")
    assert not worse, f"tests oxigraph serve passes and libgraph does not: {worse}"
    assert passed >= passed_oxigraph and passed > 0.8 * len(tests)


@pytest.fixture(scope="module")
def protocol_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import pyoxigraph as ox

    path = tmp_path_factory.mktemp("protocol") / "protocol.nq"
    quads = []
    seen = set()
    for t in protocol_tests():
        for file, name in t.graph_data:
            if name in seen:
                continue
            seen.add(name)
            for q in ox.parse(path=str(file), format=ox.RdfFormat.N_TRIPLES):
                quads.append(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(name)))
    with path.open("wb") as fh:
        ox.serialize(quads, fh, format=ox.RdfFormat.N_QUADS)
    yield from _libgraph(path)


RDF_MEDIA_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
                   "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}


def _parses_as_rdf(r: httpx.Response) -> bool:
    """The answer is RDF in the syntax its Content-Type names (the protocol tests ask for a graph)."""
    fmt = RDF_MEDIA_TYPES.get(r.headers.get("content-type", "").split(";")[0].strip())
    if fmt is None:
        return False
    try:
        Graph().parse(data=r.text, format=fmt)
    except (SyntaxError, ValueError):
        return False
    return True


def test_w3c_protocol_tests_for_a_query_service(protocol_endpoint: str) -> None:
    base = protocol_endpoint.removesuffix("/sparql")
    failures = []
    ran = 0
    for t in protocol_tests():
        for req in t.requests:
            if t.name.startswith("update") and 2 in req.expected_status:
                break  # a read-only service accepts no update; its refusals are tested below
            ran += 1
            url = base + req.path.replace("/sparql/", "/sparql", 1)
            r = httpx.request(req.method, url, headers=req.headers, content=req.body, timeout=30)
            ok = r.status_code // 100 in req.expected_status
            if ok and req.expected_boolean is not None:
                ok = r.json().get("boolean") == req.expected_boolean
            if ok and req.expected_format == "RDF":
                ok = _parses_as_rdf(r)
            if ok and req.expected_format == "tabular":
                ok = "results" in r.json()
            if not ok:
                failures.append(f"{t.name}: {req.method} {req.path[:60]} -> {r.status_code} {r.text[:120]}")
    assert ran >= 25
    assert not failures, "\n".join(failures)
