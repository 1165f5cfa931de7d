"""Build time, throughput and peak memory against corpus size, with bare ``nlp.pipe`` as the baseline.

    python benchmarks/bench_scale.py [--sizes 100 1000]

For each size: a seeded synthetic corpus (benchmarks/generate_corpus.py); bare ``nlp.pipe`` of the
same spaCy pipeline over the same texts, in this process, on one core with one BLAS thread (on this
machine about 15% faster than OpenBLAS's default thread pool, so the stricter baseline); a full
build in a fresh process with an empty cache (wall time, time per stage from build-info.json, peak
memory of the build's whole process tree, sampled every 0.5 s: the sum of the processes' proportional
set sizes, which count a page shared by forked workers once); then one article changed and the build
run again (the incremental rebuild, timed without the memory sampler). Before each timed build the
file system is synced, so that no build pays for the write-back of what the previous step wrote (the
full build and the bare bulk load leave gigabytes of dirty pages; writing the 190 MB of dumps of a 10k
build under that backlog took 0.5 s instead of 0.04 s).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BUILD_ENV = dict(os.environ)  # builds run with the environment the benchmark was started with
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # before numpy loads: bare nlp.pipe on one BLAS thread

import psutil  # noqa: E402
import pyoxigraph as ox  # noqa: E402
import spacy  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_corpus import generate  # noqa: E402

from libgraph import Settings  # noqa: E402
from libgraph.corpus import iter_articles  # noqa: E402


def bare_bulk_load(store: Path, scratch: Path) -> float:
    """Quads per second of pyoxigraph's bulk loader alone, on the build's quads as one N-Quads file,
    with the parser options the build uses (``lenient``)."""
    scratch.mkdir()
    nq = scratch / "all.nq"
    with nq.open("wb") as fh:
        ox.Store.read_only(str(store)).dump(fh, format=ox.RdfFormat.N_QUADS)
    t0 = time.perf_counter()
    target = ox.Store(str(scratch / "store"))
    target.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS, lenient=True)
    target.flush()
    return len(target) / (time.perf_counter() - t0)


SAMPLE_SECONDS = 0.5  # reading a process's PSS walks its page tables: ~5 ms for a 600 MB process


def run_build(corpus: Path, out: Path, cache: Path, jobs: int, sample: bool = True) -> tuple[float, float]:
    """Wall seconds and peak memory (MB of PSS, summed over the build process and its workers; 0 when
    not ``sample``: the sampling costs CPU the build would use)."""
    env = {**BUILD_ENV, "LIBGRAPH_CACHE_DIR": str(cache), "LIBGRAPH_JOBS": str(jobs)}
    # what the previous step wrote (a build, the bare bulk load) is on disk before the clock starts:
    # otherwise the kernel throttles this build's writes while it flushes that backlog
    os.sync()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "libgraph", "build", "--corpus", str(corpus), "--out", str(out)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                # PSS: shared pages (forked workers) are divided among the processes sharing them
                peak = max(peak, sum(p.memory_full_info().pss for p in procs if p.is_running()) / 2**20)
            except psutil.Error:
                pass
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample:
        sampler.start()
    _out, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    if sample:
        sampler.join()
    if proc.returncode:
        raise SystemExit(f"build failed: {err.decode()}")
    return wall, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--jobs", type=int, default=0, help="build worker processes (0: one per CPU)")
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
            t0 = time.perf_counter()  # on as many processes as the build's workers
            for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=args.jobs or os.cpu_count() or 1):
                pass
            bare_all = time.perf_counter() - t0
            out, cache = Path(tmp) / f"b{size}", Path(tmp) / f"cache{size}"
            wall, peak = run_build(corpus, out, cache, args.jobs)
            info = json.loads((out / "build-info.json").read_text())
            bare_load = bare_bulk_load(out / "store", Path(tmp) / f"nq{size}")
            changed = sorted(corpus.rglob("*.txt"))[size // 2]
            changed.write_text(changed.read_text(encoding="utf-8") + "\nThe library opened a new reading room.\n",
                               encoding="utf-8")
            again, _peak = run_build(corpus, out, cache, args.jobs, sample=False)
            info2 = json.loads((out / "build-info.json").read_text())
            rows.append((size, words, bare, bare_all, wall, peak, info, again, info2, bare_load))
    print(f"spaCy pipeline {settings.model}; {os.cpu_count()} CPUs; builds in a fresh process, jobs={args.jobs}")
    print(f"{'articles':>8} {'words':>8} {'bare 1 proc s':>13} {'bare all s':>10} {'build s':>8} "
          f"{'all/build':>9} {'1/build':>7} "
          f"{'articles/s':>10} {'words/s':>8} {'peak MB':>8} {'quads':>8} {'load q/s':>9} {'bare load q/s':>13} "
          f"{'1 changed s':>11}")
    for size, words, bare, bare_all, wall, peak, info, again, _info2, bare_load in rows:
        print(f"{size:8d} {words:8d} {bare:13.2f} {bare_all:10.2f} {wall:8.2f} {bare_all / wall:9.2f} "
              f"{bare / wall:7.2f} {size / wall:10.1f} "
              f"{words / wall:8.0f} {peak:8.0f} {info['quads']:8d} {info['store_load_quads_per_second']:9d} "
              f"{bare_load:13.0f} {again:8.2f} ({100 * again / wall:.1f}%)")
    print("time per stage (s), full build | after one changed article:")
    for size, *_rest, info, _again, info2, _bare_load in rows:
        print(f"{size:8d} " + ", ".join(f"{k} {v:.2f}" for k, v in info["seconds"].items()))
        print(f"{'':8} " + ", ".join(f"{k} {v:.2f}" for k, v in info2["seconds"].items())
              + f"  (shards reused {info2['shards']['reused']} of "
              f"{info2['shards']['entities'] + info2['shards']['articles']})")
    if len(rows) > 1:
        for a, b in itertools.pairwise(rows):
            print(f"time ratio {b[0]}/{a[0]} articles: {b[3] / a[3]:.2f} (linear would be {b[0] / a[0]:.0f})")


if __name__ == "__main__":
    main()
