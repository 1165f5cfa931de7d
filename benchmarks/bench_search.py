"""The search box's endpoint (``/search?q=``) on a real build: latency as a person types.

    python benchmarks/bench_search.py --build-dir DIR [--queries 600] [--seed 7]

Starts ``libgraph serve`` over the build, asks ``/search`` once to build its index (reported apart),
then times, one request after another over HTTP, the prefixes a person types of names the graph
holds: the first 1 to 12 characters of a label or alias, and from a later word on ("librar",
"of chi"). Reports the median, 95th percentile and maximum latency, the same for the prefixes of one
or two letters (the largest answers), and the size of the index.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

NAMES = """SELECT DISTINCT ?name WHERE { { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }
  UNION { ?e <http://www.w3.org/2004/02/skos/core#altLabel> ?name } }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prefixes(names: list[str], n: int, rnd: random.Random) -> list[str]:
    out = []
    for _ in range(n):
        name = rnd.choice(names)
        words = name.split()
        start = rnd.randrange(len(words)) if len(words) > 1 and rnd.random() < 0.4 else 0
        text = " ".join(words[start:])
        out.append(text[: rnd.randint(1, min(12, len(text)))])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    store = ox.Store.read_only(str(args.build_dir / "store"))
    names = sorted(str(row["name"].value) for row in store.query(NAMES, use_default_graph_as_union=True))
    articles = sum(1 for _ in store.query("SELECT ?a WHERE { ?a <https://w3id.org/libgraph/ontology#contentHash> ?h }",
                                          use_default_graph_as_union=True))
    del store
    queries = prefixes(names, args.queries, random.Random(args.seed))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "libgraph", "serve", "--build-dir", str(args.build_dir),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(timeout=60) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.get(url + "/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            t0 = time.perf_counter()
            client.get(url + "/search", params={"q": "library"}).raise_for_status()
            first = time.perf_counter() - t0
            timings: list[tuple[str, float, int]] = []
            for q in queries:
                t0 = time.perf_counter()
                r = client.get(url + "/search", params={"q": q, "limit": 10})
                elapsed = time.perf_counter() - t0
                r.raise_for_status()
                timings.append((q, elapsed, len(r.json()["results"])))
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    def line(label: str, values: list[float]) -> str:
        values = sorted(values)
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        return (f"{label:28s} n={len(values):4d}  median {statistics.median(values) * 1000:6.2f} ms  "
                f"p95 {p95 * 1000:6.2f} ms  max {values[-1] * 1000:6.2f} ms")

    print(f"build {args.build_dir}: {articles} articles, {len(names)} distinct names in the index")
    print(f"first request (builds the index): {first * 1000:.0f} ms")
    print(line("all prefixes", [t for _q, t, _n in timings]))
    print(line("prefixes of 1-2 characters", [t for q, t, _n in timings if len(q) <= 2]))
    print(line("prefixes of 3+ characters", [t for q, t, _n in timings if len(q) > 2]))
    slowest = sorted(timings, key=lambda x: -x[1])[:3]
    print("slowest:", ", ".join(f"{q!r} {t * 1000:.1f} ms" for q, t, _n in slowest))
    print(f"queries answered with at least one entity: {sum(1 for *_x, n in timings if n)} of {len(timings)}")


if __name__ == "__main__":
    main()
