"""Whole-build throughput against bare spaCy, measured in one run.

    python benchmarks/bench_build.py [--corpus DIR] [--repeat N]

The baselines are ``nlp.pipe`` of the same installed spaCy pipeline over the same
texts (no libgraph components), on one core and on as many processes as the
build's workers (``n_process`` = ``--jobs``, 0: one per CPU); the build is
``libgraph.build`` end to end (read, NLP with libgraph's components, extraction,
resolution, RDF, SHACL validation, store and dumps) with those workers. All run
``--repeat`` times; the best time of each is reported, with articles/s, words/s
and the build's throughput as a share of each baseline's.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import spacy

from libgraph import Settings, build
from libgraph.corpus import iter_articles


def best_of(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0, help="build workers and baseline processes (0: one per CPU)")
    args = ap.parse_args()

    settings = Settings.load(corpus=args.corpus, jobs=args.jobs)
    cores = args.jobs or os.cpu_count() or 1
    articles = list(iter_articles(args.corpus))
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    nlp = spacy.load(settings.model)
    list(nlp.pipe(texts[:1]))  # warm up: model loaded, vectors touched
    bare = best_of(args.repeat, lambda: list(nlp.pipe(texts, batch_size=settings.batch_size)))
    # on all the cores the build uses: each process loads the pipeline, as each build worker does
    bare_all = best_of(args.repeat, lambda: list(nlp.pipe(texts, batch_size=settings.batch_size, n_process=cores)))

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        result = None

        def run() -> None:
            nonlocal result
            # Without the extraction cache: every repeat reads every article again.
            result = build(settings.replace(out=out, cache_dir=Path("off")))

        full = best_of(args.repeat, run)
    assert result is not None

    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}, "
          f"spaCy {spacy.__version__}, model {settings.model}")
    print(f"corpus: {args.corpus} — {len(texts)} articles, {words} words; "
          f"best of {args.repeat}, without the extraction cache")
    print(f"{'':28}{'seconds':>9}{'articles/s':>12}{'words/s':>10}")
    print(f"{'bare nlp.pipe, 1 process':28}{bare:9.3f}{len(texts) / bare:12.1f}{words / bare:10.0f}")
    print(f"{f'bare nlp.pipe, {cores} processes':28}{bare_all:9.3f}{len(texts) / bare_all:12.1f}"
          f"{words / bare_all:10.0f}")
    print(f"{f'libgraph build, {cores} workers':28}{full:9.3f}{len(texts) / full:12.1f}{words / full:10.0f}")
    print(f"build throughput: {bare_all / full:.2f}x the all-core baseline's, {bare / full:.2f}x the one-core "
          f"baseline's (each includes loading the model in its processes)")
    print("stages of the last build (s): " + ", ".join(f"{k} {v:.2f}" for k, v in result.seconds.items()))


if __name__ == "__main__":
    main()
