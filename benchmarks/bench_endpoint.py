"""The endpoint against Oxigraph in-process, `oxigraph serve` and rdflib-endpoint, in one run.

    python benchmarks/bench_endpoint.py [--entities 20000] [--repeat 15] [--seconds 10]

Generates a seeded graph of this genre (libraries, organisations, persons,
places, events; relations with statement nodes) of 200k+ triples, loads it
into an Oxigraph store, and starts, on loopback: libgraph's endpoint over that
store, `oxigraph serve-read-only` over a copy, and rdflib-endpoint (from its own
virtual environment under benchmarks/.venv-rdflib-endpoint, created on first
use) over the same data. Each query of the mix is timed ``--repeat`` times
sequentially per engine (median reported); then 16 concurrent clients run the
mix for ``--seconds`` against each server and the throughput is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
LG = "https://w3id.org/libgraph/ontology#"
ID = "https://w3id.org/libgraph/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PREFIXES = f"PREFIX lg: <{LG}> PREFIX rdf: <{RDF}> PREFIX rdfs: <{RDFS}> "

QUERIES = {
    "lookup by label": PREFIXES + 'SELECT ?x WHERE { ?x rdfs:label "Library 42" }',
    "relations of one entity": PREFIXES + f"SELECT ?p ?o WHERE {{ <{ID}organization/library-42> ?p ?o }}",
    "signings with sentence": PREFIXES + "SELECT ?a ?b ?s WHERE { ?st rdf:predicate lg:signedAgreementWith ; "
                              "rdf:subject ?a ; rdf:object ?b ; lg:sentence ?s } LIMIT 100",
    "count per class (aggregate)": PREFIXES + "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c",
    "relations per predicate (aggregate)": PREFIXES + "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
                                           "FILTER(STRSTARTS(STR(?p), STR(lg:))) } GROUP BY ?p ORDER BY DESC(?n)",
    "libraries per country (join+aggregate)": PREFIXES + "SELECT ?c (COUNT(DISTINCT ?l) AS ?n) WHERE { "
                                              "?l a lg:Library ; lg:locatedIn ?c . ?c a lg:Country } "
                                              "GROUP BY ?c ORDER BY DESC(?n)",
    "two hops (property path)": PREFIXES + f"SELECT DISTINCT ?x WHERE {{ <{ID}organization/library-42> "
                                           "(lg:signedAgreementWith|^lg:signedAgreementWith)/"
                                           "(lg:signedAgreementWith|^lg:signedAgreementWith) ?x }",
}


def generate(entities: int, seed: int = 7) -> list[ox.Quad]:
    rnd = random.Random(seed)
    quads: list[ox.Quad] = []
    g = ox.DefaultGraph()

    def node(kind: str, i: int) -> ox.NamedNode:
        return ox.NamedNode(f"{ID}{kind}/{'library' if kind == 'organization' and i % 2 == 0 else kind}-{i}")

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(s, ox.NamedNode(p), o, g))

    countries = [ox.NamedNode(f"{ID}country/c{i}") for i in range(150)]
    for i, c in enumerate(countries):
        add(c, RDF + "type", ox.NamedNode(LG + "Country"))
        add(c, RDFS + "label", ox.Literal(f"Country {i}"))
    orgs = []
    for i in range(entities):
        o = ox.NamedNode(f"{ID}organization/library-{i}" if i % 2 == 0 else f"{ID}organization/org-{i}")
        orgs.append(o)
        add(o, RDF + "type", ox.NamedNode(LG + ("Library" if i % 2 == 0 else "Organization")))
        add(o, RDFS + "label", ox.Literal(f"Library {i}" if i % 2 == 0 else f"Organization {i}"))
        add(o, LG + "locatedIn", rnd.choice(countries))
    persons = [ox.NamedNode(f"{ID}person/p{i}") for i in range(entities // 2)]
    for i, p in enumerate(persons):
        add(p, RDF + "type", ox.NamedNode(LG + "Person"))
        add(p, RDFS + "label", ox.Literal(f"Person {i}"))
    preds = ["signedAgreementWith", "visited", "metWith", "memberOf", "partOf", "donatedTo"]
    n_statements = entities * 2
    for i in range(n_statements):
        p = rnd.choice(preds)
        s = rnd.choice(orgs)
        o = rnd.choice(orgs)
        add(s, LG + p, o)
        st = ox.NamedNode(f"https://w3id.org/libgraph/statement/s{i}")
        add(st, RDF + "type", ox.NamedNode(LG + "Statement"))
        add(st, RDF + "subject", s)
        add(st, RDF + "predicate", ox.NamedNode(LG + p))
        add(st, RDF + "object", o)
        add(st, LG + "sentence", ox.Literal(f"Sentence {i} says that the two institutions cooperate."))
    for i, p in enumerate(persons):
        add(p, LG + "worksFor", orgs[i % len(orgs)])
    return quads


def wait(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url}")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rdflib_endpoint_python() -> Path:
    venv = HERE / ".venv-rdflib-endpoint"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "rdflib-endpoint==0.6.3", "uvicorn"],
                       check=True)
    return venv / "bin" / "rdflib-endpoint"


def ask(client: httpx.Client, url: str, query: str) -> float:
    t0 = time.perf_counter()
    r = client.post(url, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    elapsed = time.perf_counter() - t0
    if r.status_code != 200:
        raise RuntimeError(f"{url}: {r.status_code} {r.text[:200]}")
    json.loads(r.text)
    return elapsed


async def throughput(url: str, seconds: float, clients: int = 16) -> tuple[float, int]:
    """Queries answered 200 per second, and how many were not (a 503 under overload, or a failure)."""
    queries = list(QUERIES.values())
    done = refused = 0
    stop = time.monotonic() + seconds

    async def client(i: int) -> None:
        nonlocal done, refused
        async with httpx.AsyncClient(timeout=120) as c:
            k = i
            while time.monotonic() < stop:
                try:
                    r = await c.post(url, data={"query": queries[k % len(queries)]},
                                     headers={"Accept": "application/sparql-results+json"})
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                done += ok
                refused += not ok
                k += 1

    t0 = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    return done / (time.monotonic() - t0), refused


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--skip-rdflib-endpoint", action="store_true")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="libgraph-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        quads = generate(args.entities)
        data = tmp / "data.nt"
        with data.open("wb") as fh:
            ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], fh,
                         format=ox.RdfFormat.N_TRIPLES)
        build = tmp / "build"
        build.mkdir()
        store = ox.Store(str(build / "store"))
        store.bulk_extend(quads)
        store.flush()
        print(f"data: {len(store)} triples")
        del store
        shutil.copytree(build / "store", tmp / "oxigraph-store")

        endpoints: dict[str, str] = {}
        port = free_port()
        procs.append(subprocess.Popen([sys.executable, "-m", "libgraph", "serve", "--build-dir", str(build),
                                       "--port", str(port), "--workers", "2", "--max-rows", "1000000"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        endpoints["libgraph"] = f"http://127.0.0.1:{port}/sparql"
        wait(f"http://127.0.0.1:{port}/health")
        port = free_port()  # the other design: two server processes on one socket, queries in their threads
        procs.append(subprocess.Popen([sys.executable, "-m", "libgraph", "serve", "--build-dir", str(build),
                                       "--port", str(port), "--workers", "2", "--max-rows", "1000000",
                                       "--query-isolation", "thread"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        endpoints["libgraph threads"] = f"http://127.0.0.1:{port}/sparql"
        wait(f"http://127.0.0.1:{port}/health")
        oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        port = free_port()
        procs.append(subprocess.Popen([oxigraph, "serve-read-only", "--location", str(tmp / "oxigraph-store"),
                                       "--bind", f"127.0.0.1:{port}"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        endpoints["oxigraph serve"] = f"http://127.0.0.1:{port}/query"
        wait(f"http://127.0.0.1:{port}/")
        if not args.skip_rdflib_endpoint:
            port = free_port()
            procs.append(subprocess.Popen([str(rdflib_endpoint_python()), "serve", "--host", "127.0.0.1", "--port",
                                           str(port), str(data)], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
            endpoints["rdflib-endpoint"] = f"http://127.0.0.1:{port}/"
            wait(f"http://127.0.0.1:{port}/", timeout=600)

        local = ox.Store.read_only(str(build / "store"))
        medians: dict[str, dict[str, float]] = {name: {} for name in ["pyoxigraph in-process", *endpoints]}
        with httpx.Client(timeout=600) as client:
            for qname, query in QUERIES.items():
                times = []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    local.query(query).serialize(format=ox.QueryResultsFormat.JSON)
                    times.append(time.perf_counter() - t0)
                medians["pyoxigraph in-process"][qname] = statistics.median(times)
                for name, url in endpoints.items():
                    ask(client, url, query)  # warm up
                    repeat = args.repeat if name != "rdflib-endpoint" else max(3, args.repeat // 5)
                    medians[name][qname] = statistics.median(ask(client, url, query) for _ in range(repeat))

        names = list(medians)
        print(f"\nmedian latency per query (ms), {args.repeat} runs; ratio = libgraph / other")
        header = f"{'query':40}" + "".join(f"{n:>24}" for n in names)
        print(header)
        for qname in QUERIES:
            cells = "".join(f"{medians[n][qname] * 1000:24.2f}" for n in names)
            print(f"{qname:40}{cells}")
        print("\nratios (libgraph / other, lower is better for libgraph)")
        for qname in QUERIES:
            ours = medians["libgraph"][qname]
            print(f"{qname:40}" + "".join(f"{n}: {ours / medians[n][qname]:6.2f}x   " for n in names
                                          if n not in {"libgraph", "libgraph threads"}))
        for ours_name in ("libgraph", "libgraph threads"):
            ratios = [medians[ours_name][q] / medians["oxigraph serve"][q] for q in QUERIES]
            print(f"{ours_name} / oxigraph serve: geometric mean {statistics.geometric_mean(ratios):.2f}, "
                  f"worst {max(ratios):.2f}")
        print(f"\nthroughput with 16 concurrent clients, {args.seconds:g} s each (queries/s)")
        for name, url in endpoints.items():
            seconds = args.seconds if name != "rdflib-endpoint" else min(args.seconds, 20)
            rate, refused = asyncio.run(throughput(url, seconds))
            print(f"{name:24}{rate:10.1f}" + (f"   ({refused} not answered 200)" if refused else ""))
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
