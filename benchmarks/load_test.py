"""Load test of the endpoint on loopback: many concurrent clients, cheap lookups mixed with
pathological queries, bounded in time and count.

    python benchmarks/load_test.py [--clients 200] [--seconds 60] [--timeout 5]

Starts `libgraph serve` over a generated graph (the endpoint benchmark's generator) with the given
query time limit, runs ``--clients`` asyncio clients for ``--seconds``: most ask cheap lookups; one in
ten asks a pathological query (a cartesian product, an unbounded property path, a huge result).
Reports: responses by status, cheap-query latency p50/p99, how long pathological queries took
(each must be cut at the time limit), and the server's peak memory (its process and its workers).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_endpoint import ID, PREFIXES, free_port, generate, wait

CHEAP = [
    PREFIXES + 'SELECT ?x WHERE {{ ?x rdfs:label "Library {n}" }}',
    PREFIXES + "SELECT ?p ?o WHERE {{ <" + ID + "organization/library-{n}> ?p ?o }}",
    PREFIXES + "ASK {{ <" + ID + "organization/library-{n}> lg:locatedIn ?c }}",
]
PATHOLOGICAL = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # cartesian product
    PREFIXES + "SELECT ?x ?y WHERE { ?x (lg:signedAgreementWith|^lg:signedAgreementWith)* ?y }",  # unbounded path
    "SELECT * WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 }",  # a huge result (capped at max_rows)
]


def descendants(pid: int) -> list[int]:
    try:
        kids = [int(c) for c in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                               text=True).stdout.split()]
    except (OSError, ValueError):
        return []
    return kids + [d for k in kids for d in descendants(k)]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (fork server, workers), in MB."""
    total = 0
    pids = [pid, *descendants(pid)]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


async def client(url: str, stop: float, seed: int, out: dict[str, list[tuple[int, float]]],
                 failures: Counter[str]) -> None:
    rnd = random.Random(seed)
    async with httpx.AsyncClient(timeout=120) as c:
        while time.monotonic() < stop:
            pathological = rnd.random() < 0.1
            query = rnd.choice(PATHOLOGICAL) if pathological else rnd.choice(CHEAP).format(n=rnd.randrange(20000))
            t0 = time.monotonic()
            try:
                r = await c.post(url, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
                status = r.status_code
            except httpx.HTTPError as exc:
                status = 0
                failures[type(exc).__name__] += 1  # ReadError: the server closed the connection unanswered
            else:
                if status == 503 and not pathological and "retry-after" not in r.headers:
                    failures["503 without Retry-After"] += 1
            out["pathological" if pathological else "cheap"].append((status, time.monotonic() - t0))


async def monitor(pid: int, stop: float, peaks: list[float]) -> None:
    while time.monotonic() < stop:
        peaks.append(rss_mb(pid))
        await asyncio.sleep(0.5)


async def run(url: str, pid: int, clients: int, seconds: float
              ) -> tuple[dict[str, list[tuple[int, float]]], float, Counter[str]]:
    out: dict[str, list[tuple[int, float]]] = {"cheap": [], "pathological": []}
    peaks: list[float] = []
    failures: Counter[str] = Counter()
    stop = time.monotonic() + seconds
    await asyncio.gather(monitor(pid, stop, peaks), *(client(url, stop, i, out, failures) for i in range(clients)))
    return out, max(peaks or [0.0]), failures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--timeout", type=float, default=5)
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--query-isolation", choices=["process", "thread"], default="process",
                    help="the server's design: worker processes, or server processes evaluating in threads")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="libgraph-load-"))
    try:
        (tmp / "build").mkdir()
        store = ox.Store(str(tmp / "build" / "store"))
        store.bulk_extend(generate(args.entities))
        store.flush()
        triples = len(store)
        del store
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "libgraph", "serve", "--build-dir", str(tmp / "build"),
                                   "--port", str(port), "--workers", str(args.workers),
                                   "--query-timeout", str(args.timeout), "--query-isolation", args.query_isolation],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait(f"http://127.0.0.1:{port}/health")
            idle = rss_mb(server.pid)
            out, peak, failures = asyncio.run(run(f"http://127.0.0.1:{port}/sparql", server.pid, args.clients,
                                                  args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=20)
        cheap = out["cheap"]
        bad = out["pathological"]
        cheap_ok = sorted(t for s, t in cheap if s == 200)
        print(f"{triples} triples; {args.clients} clients for {args.seconds:g} s; query time limit "
              f"{args.timeout:g} s; {args.workers} query workers; isolation {args.query_isolation}")
        print(f"cheap queries:        {len(cheap)} answered, statuses {dict(Counter(s for s, _ in cheap))}")
        if cheap_ok:
            p50 = statistics.median(cheap_ok) * 1000
            p99 = cheap_ok[int(len(cheap_ok) * 0.99) - 1] * 1000
            print(f"  latency p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        print(f"pathological queries: {len(bad)} answered, statuses {dict(Counter(s for s, _ in bad))}")
        if bad:
            longest = max(t for _, t in bad)
            print(f"  took at most {longest:.2f} s (limit {args.timeout:g} s, plus waiting for a worker)")
        print(f"server memory: {idle:.0f} MB idle, {peak:.0f} MB peak (server process and its workers)")
        server_errors = [s for s, _ in cheap if s >= 500 or s == 0]
        print("5xx or failed cheap queries:", len(server_errors))
        print("failed requests by kind (cheap and pathological):", dict(failures) or "none")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
