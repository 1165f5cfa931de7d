"""External triple stores: publish a build to a real Oxigraph server and a real Virtuoso, and serve
/sparql from them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from libgraph import Settings, build
from libgraph.build import BuildResult
from libgraph.remote import SparqlServer

from .conftest import CORPUS, free_port, require_system, running_server, stop, wait_until_serving

pytestmark = pytest.mark.slow

SIGNING = """
    PREFIX lg: <https://w3id.org/libgraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?sentence ?g WHERE {
      GRAPH ?e { ?a skos:altLabel|rdfs:label "National Library of Uzbekistan" .
                 ?b rdfs:label "National Library of China" . }
      GRAPH ?g { ?st rdf:subject ?a ; rdf:predicate lg:signedAgreementWith ; rdf:object ?b ; lg:sentence ?sentence . }
    }"""
PREFIX = "https://w3id.org/libgraph/graph/"


@dataclass(frozen=True)
class Server:
    name: str
    query: str
    update: str
    graph_store: str


def _oxigraph(tmp_path: Path) -> Iterator[Server]:
    """``oxigraph serve`` (the Oxigraph server from PyPI) on a free port, with a store in ``tmp_path``."""
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("the oxigraph server is not installed (it is a dev dependency: make install)")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + "/query?query=ASK%7B%7D", proc)
        yield Server("oxigraph", f"{url}/query", f"{url}/update", f"{url}/store")
    finally:
        stop(proc)


DEBIAN_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def _virtuoso_ini(folder: Path, sql: int, http: int) -> str:
    """Debian's virtuoso.ini with the database in ``folder`` and the given ports."""
    text = DEBIAN_INI.read_text()
    text = text.replace("/var/lib/virtuoso-opensource-7/db", str(folder))
    text = re.sub(r"(?m)^ServerPort(\s*)=\s*1111\b", rf"ServerPort\g<1>= {sql}", text)
    text = re.sub(r"(?m)^ServerPort(\s*)=\s*8890\b", rf"ServerPort\g<1>= {http}", text)
    return re.sub(r"(?m)^DirsAllowed(\s*)=", rf"DirsAllowed\g<1>= {folder},", text)


def _virtuoso(tmp_path: Path) -> Iterator[Server]:
    """Virtuoso (Debian's virtuoso-opensource, which .ci/run installs) with a fresh database in ``tmp_path``,
    SPARQL Update allowed on its public endpoint."""
    require_system(("virtuoso-t", "virtuoso-opensource"), ("isql-vt", "virtuoso-opensource"))
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if exe is None or isql is None or not DEBIAN_INI.exists():
        pytest.fail(f"Virtuoso is installed without Debian's {DEBIAN_INI}: reinstall virtuoso-opensource")
    folder = tmp_path / "virtuoso"
    folder.mkdir()
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_virtuoso_ini(folder, sql, http))
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http}"
    try:
        wait_until_serving(url + "/sparql?query=ASK%7B%7D", proc, timeout=120)
        subprocess.run([isql, str(sql), "dba", "dba", 'exec=grant SPARQL_UPDATE to "SPARQL";'], check=True,
                       capture_output=True, timeout=60)
        yield Server("virtuoso", f"{url}/sparql", f"{url}/sparql", f"{url}/sparql-graph-crud")
    finally:
        stop(proc, timeout=60)  # Virtuoso writes a checkpoint as it stops


@pytest.fixture(params=["oxigraph", "virtuoso"])
def triplestore(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    yield from (_oxigraph if request.param == "oxigraph" else _virtuoso)(tmp_path)


def _publish(build_dir: Path, store: Server, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "libgraph", "publish", "--build-dir", str(build_dir),
                           "--endpoint", store.query, "--update-endpoint", store.update, *extra],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("protocol", ["graph-store", "update"])
def test_publish_replaces_the_builds_graphs(seed_build: BuildResult, triplestore: Server, tmp_path: Path,
                                            protocol: str) -> None:
    extra = ("--graph-store", triplestore.graph_store) if protocol == "graph-store" else ()
    done = _publish(seed_build.out, triplestore, *extra)
    assert done.returncode == 0, done.stderr
    server = SparqlServer(triplestore.query)
    try:
        assert server.count(PREFIX) == seed_build.quads
        rows = server.select(SIGNING)
        assert rows and "signed agreements and memorandums of cooperation" in rows[0]["sentence"]
        assert rows[0]["g"].startswith(PREFIX + "article/")
        graphs = server.graphs(PREFIX)
        assert len(graphs) == seed_build.articles + 2  # the articles, the entities and the facts

        # a graph outside the build's namespace is left alone
        server_update = SparqlServer(triplestore.query, triplestore.update)
        server_update.update('INSERT DATA { GRAPH <urn:other> { <urn:a> <urn:b> "kept" } }')
        server_update.close()

        # publish again a build without the article that states the signing: its graph is dropped
        smaller = tmp_path / "corpus"
        smaller.mkdir()
        for article in sorted(CORPUS.glob("*.txt")):
            if not article.name.startswith("001_"):
                shutil.copy(article, smaller / article.name)
        rebuilt = build(Settings.load(env={}, corpus=smaller, out=tmp_path / "build", cache_dir=tmp_path / "cache"))
        done = _publish(rebuilt.out, triplestore, *extra)
        assert done.returncode == 0, done.stderr
        assert "dropped 1 graph" in done.stdout
        assert server.count(PREFIX) == rebuilt.quads
        assert not server.select(SIGNING)
        assert server.select('SELECT ?o WHERE { GRAPH <urn:other> { <urn:a> <urn:b> ?o } }') == [{"o": "kept"}]
    finally:
        server.close()


def test_publish_reports_an_unreachable_server(seed_build: BuildResult) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/sparql"
    done = _publish(seed_build.out, Server("none", nowhere, nowhere, nowhere))
    assert done.returncode == 6
    assert "cannot reach" in done.stderr


def test_serve_backend_answers_from_the_external_server(seed_build: BuildResult, triplestore: Server) -> None:
    assert _publish(seed_build.out, triplestore, "--graph-store", triplestore.graph_store).returncode == 0
    with running_server("--backend", triplestore.query, "--max-rows", "200") as (url, _proc):
        # the same protocol as over the built store: formats, limits, errors
        r = httpx.post(f"{url}/sparql", data={"query": SIGNING}, headers={"Accept": "text/csv"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert "signed agreements and memorandums of cooperation" in r.text
        r = httpx.get(f"{url}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"},
                      headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 200
        assert r.headers["x-libgraph-truncated"] == "200"
        r = httpx.get(f"{url}/sparql", params={"query": "ASK { ?s a <https://w3id.org/libgraph/ontology#Library> }"},
                      headers={"Accept": "application/sparql-results+xml"})
        assert r.status_code == 200 and "<boolean>true</boolean>" in r.text
        r = httpx.get(f"{url}/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 3"},
                      headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
        r = httpx.get(f"{url}/sparql", params={"query": "SELECT WHERE {"})
        assert r.status_code == 400 and "backend refused" in r.text
        r = httpx.post(f"{url}/sparql", data={"update": "CLEAR ALL"})
        assert r.status_code in {403, 405}
        # entity pages are drawn from the backend too
        page = f"{url}/id/organization/national-library-of-uzbekistan-named-after-alisher-navoi"
        r = httpx.get(page, headers={"Accept": "text/html"})
        assert r.status_code == 200 and "National Library of China" in r.text, r.text[:600]


def test_serve_backend_refuses_to_start_without_its_backend(seed_build: BuildResult) -> None:
    done = subprocess.run([sys.executable, "-m", "libgraph", "serve", "--backend",
                           f"http://127.0.0.1:{free_port()}/query", "--port", str(free_port())],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "does not answer" in done.stdout + done.stderr


def test_query_form_is_read_past_prologue_comments_and_subqueries() -> None:
    from libgraph.server.remote import query_form

    assert query_form("PREFIX select: <http://example.org/select#>\n# SELECT in a comment\n"
                      "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } } }") == "CONSTRUCT"
    assert query_form('ASK { ?s ?p "SELECT" }') == "ASK"
    assert query_form("describe <http://example.org/a>") == "DESCRIBE"
