"""Build time, throughput and peak memory against corpus size, with bare ``nlp.pipe`` as the baseline.

    python benchmarks/bench_scale.py [--sizes 100 1000]

For each size: a seeded synthetic corpus (benchmarks/generate_corpus.py), a full build in a fresh
process without the extraction cache (wall time, time per stage from build-info.json, peak RSS of
that process), and bare ``nlp.pipe`` of the same spaCy pipeline over the same texts, in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_corpus import generate

from libgraph import Settings
from libgraph.corpus import iter_articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args = ap.parse_args()
    settings = Settings.load()
    nlp = spacy.load(settings.model)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted(args.sizes):
            corpus = Path(tmp) / f"c{size}"
            generate(corpus, size)
            texts = [a.text for a in iter_articles(corpus)]
            words = sum(len(t.split()) for t in texts)
            t0 = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=settings.batch_size):
                pass
            bare = time.perf_counter() - t0
            out = Path(tmp) / f"b{size}"
            env = {**os.environ, "LIBGRAPH_CACHE_DIR": "off"}
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "libgraph", "build", "--corpus", str(corpus), "--out", str(out)],
                           env=env, check=True, capture_output=True)
            wall = time.perf_counter() - t0
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            info = json.loads((out / "build-info.json").read_text())
            rows.append((size, words, bare, wall, peak_mb, info["seconds"], info["quads"]))
    print(f"spaCy pipeline {settings.model}; build without the extraction cache, in a fresh process")
    print(f"{'articles':>8} {'words':>8} {'bare nlp.pipe s':>15} {'build s':>8} {'build/bare':>10} "
          f"{'articles/s':>10} {'words/s':>8} {'peak MB':>8} {'quads':>8}")
    for size, words, bare, wall, peak, _seconds, quads in rows:
        print(f"{size:8d} {words:8d} {bare:15.2f} {wall:8.2f} {wall / bare:10.2f} {size / wall:10.1f} "
              f"{words / wall:8.0f} {peak:8.0f} {quads:8d}")
    print("time per stage (s):")
    for size, *_rest, seconds, _quads in rows:
        print(f"{size:8d} " + ", ".join(f"{k} {v:.2f}" for k, v in seconds.items()))
    if len(rows) > 1:
        (s0, *_a, w0, _p0, _t0, _q0), (s1, *_b, w1, _p1, _t1, _q1) = rows[0], rows[-1]
        print(f"time ratio {s1}/{s0} articles: {w1 / w0:.2f} (linear would be {s1 / s0:.0f})")


if __name__ == "__main__":
    main()
