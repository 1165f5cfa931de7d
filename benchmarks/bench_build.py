"""Whole-build throughput against bare spaCy, measured in one run.

    python benchmarks/bench_build.py [--corpus DIR] [--repeat N]

The baseline is ``nlp.pipe`` of the same installed spaCy pipeline over the same
texts (no libgraph components); the build is ``libgraph.build`` end to end
(read, NLP with libgraph's components, extraction, resolution, RDF, SHACL
validation, store and dumps). Both run ``--repeat`` times; the best time of
each is reported, with articles/s, words/s and the ratio build/baseline.
"""

from __future__ import annotations

import argparse
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
    args = ap.parse_args()

    settings = Settings.load(corpus=args.corpus)
    articles = list(iter_articles(args.corpus))
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    nlp = spacy.load(settings.model)
    list(nlp.pipe(texts[:1]))  # warm up: model loaded, vectors touched
    bare = best_of(args.repeat, lambda: list(nlp.pipe(texts, batch_size=settings.batch_size)))

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
    print(f"{'bare nlp.pipe (baseline)':28}{bare:9.3f}{len(texts) / bare:12.1f}{words / bare:10.0f}")
    print(f"{'libgraph build (whole)':28}{full:9.3f}{len(texts) / full:12.1f}{words / full:10.0f}")
    print(f"ratio build/baseline: {full / bare:.2f}x the time "
          f"({bare / full:.2f}x the baseline's throughput; includes loading the model once per build)")
    print("stages of the last build (s): " + ", ".join(f"{k} {v:.2f}" for k, v in result.seconds.items()))


if __name__ == "__main__":
    main()
