"""Orchestration: read -> NLP -> extract -> resolve -> RDF -> validate -> publish.

``build(settings)`` writes the whole output into a fresh sibling directory and
swaps it in only when everything is written, so a failed or interrupted build
leaves the previous one in place.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Dataset

from . import __version__
from .config import Settings
from .corpus import iter_articles
from .errors import CorpusError, ValidationFailed
from .model import ArticleGraph, InputProblem
from .rdf import to_dataset, union_graph
from .resolve import resolve
from .store import export, load_store
from .validate import ValidationReport, enforce, load_graph
from .vocab import ENTITY_TYPES, LG, PREDICATES, Minter

Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    out: Path
    articles: int
    entities: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    statements: int = 0
    quads: int = 0
    merges: int = 0
    extracted: int = 0  # articles read by the NLP pipeline
    cached: int = 0  # articles taken from the extraction cache
    problems: list[InputProblem] = field(default_factory=list)
    validation: ValidationReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"Built {self.out}/ from {self.articles} article(s) in {sum(self.seconds.values()):.1f}s "
                 f"({self.extracted} read, {self.cached} from the cache)"]
        lines.append("entities:  " + ", ".join(f"{t} {self.entities.get(t, 0)}" for t in ENTITY_TYPES))
        lines.append("relations: " + ", ".join(f"{p} {self.relations[p]}" for p in PREDICATES if self.relations[p]))
        missing = [p for p in PREDICATES if not self.relations[p]]
        if missing:
            lines.append("           (none of: " + ", ".join(missing) + ")")
        lines.append(f"statements with provenance: {self.statements}; merges across articles: {self.merges}; "
                     f"quads in store: {self.quads}")
        n_viol = len(self.validation.violations) if self.validation else 0
        lines.append(f"SHACL violations left out: {n_viol}" + (" (see validation-summary.txt)" if n_viol else ""))
        if self.problems:
            lines.append(f"input files with problems: {len(self.problems)}")
            lines += [f"  {p.source}: {p.reason} -> {p.action}" for p in self.problems]
        return "\n".join(lines)


def read_corpus(settings: Settings, problems: list[InputProblem]) -> list:  # type: ignore[type-arg]
    articles = []
    for article in iter_articles(settings.corpus, problems=problems, max_file_bytes=settings.max_file_bytes):
        if len(article.text) > settings.max_article_chars:
            problems.append(InputProblem(article.source, f"{len(article.text)} characters exceeds "
                                                         f"max_article_chars={settings.max_article_chars}", "skipped"))
            continue
        articles.append(article)
    if not articles:
        raise CorpusError(f"no readable article in {settings.corpus} (.txt, .md or .jsonl files)")
    return articles


def extract_all(settings: Settings, articles: list, progress: Progress | None = None,  # type: ignore[type-arg]
                result: BuildResult | None = None) -> list[ArticleGraph]:
    """Every article's graph: from the extraction cache when the article and the pipeline are
    unchanged, else read by the NLP pipeline (loaded only when some article needs it)."""
    from .cache import ExtractionCache, pipeline_fingerprint

    cache = ExtractionCache(settings.cache_dir, pipeline_fingerprint(settings.model)) \
        if str(settings.cache_dir).lower() not in {"", ".", "off", "none"} else None
    graphs: dict[str, ArticleGraph] = {}
    todo = []
    for article in articles:
        cached = cache.get(article) if cache is not None else None
        if cached is not None:
            graphs[article.id] = cached
        else:
            todo.append(article)
    if todo:
        from .extract import extract  # spaCy is loaded only when an article needs reading
        from .nlp import load_pipeline

        nlp = load_pipeline(settings.model)
        nlp.max_length = max(nlp.max_length, settings.max_article_chars + 1)
        docs = nlp.pipe((a.text for a in todo), batch_size=settings.batch_size)
        for n, (doc, article) in enumerate(zip(docs, todo, strict=True), 1):
            g = extract(doc, article)
            graphs[article.id] = g
            if cache is not None:
                cache.put(g)
            if progress:
                progress(n, len(todo))
    if result is not None:
        result.extracted = len(todo)
        result.cached = len(articles) - len(todo)
    out = []
    for article in articles:
        g = graphs[article.id]
        g.statements = [s for s in g.statements if s.evidence.confidence >= settings.min_confidence]
        out.append(g)
    return out


def build(settings: Settings, *, progress: Progress | None = None) -> BuildResult:
    """Build the graph of ``settings.corpus`` and publish it to ``settings.out``."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    problems: list[InputProblem] = []
    articles = read_corpus(settings, problems)
    timings["read"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = BuildResult(out=settings.out, articles=len(articles), problems=problems)
    graphs = extract_all(settings, articles, progress, result)
    timings["nlp+extract"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    resolution = resolve(graphs)
    ds = to_dataset(graphs, resolution, Minter(settings.base_iri))
    timings["resolve+rdf"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    report = enforce(ds, load_graph(settings.shapes), load_graph(settings.ontology))
    timings["validate"] = time.perf_counter() - t0
    if settings.strict and (report.violations or problems):
        raise ValidationFailed(
            f"strict build: {len(report.violations)} SHACL violation(s), {len(problems)} input problem(s); "
            f"nothing was published.\n" + report.summary()
            + "".join(f"  {p.source}: {p.reason} -> {p.action}\n" for p in problems))

    t0 = time.perf_counter()
    result.validation = report
    result.merges = len(resolution.merges)
    _count(ds, result)
    result.seconds = timings
    publish(ds, report, result, settings)
    timings["publish"] = time.perf_counter() - t0
    return result


def _count(ds: Dataset, result: BuildResult) -> None:
    g = union_graph(ds)
    for t in ENTITY_TYPES:
        result.entities[t] = len(set(g.subjects(RDF.type, LG[t])))
    for p in PREDICATES:
        result.relations[p] = len(set(g.subject_objects(LG[p])))
    result.statements = len(set(g.subjects(RDF.type, LG.Statement)))


def publish(ds: Dataset, report: ValidationReport, result: BuildResult, settings: Settings) -> None:
    out = settings.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        store = load_store(tmp / "store", ds)
        result.quads = len(store)
        for name, fmt in (("graph.ttl", "ttl"), ("graph.trig", "trig")):
            with (tmp / name).open("wb") as fh:
                export(store, fmt, fh)
        del store
        report.report_graph.serialize(tmp / "validation-report.ttl", format="turtle")
        (tmp / "validation-summary.txt").write_text(report.summary(), encoding="utf-8")
        info = {
            "libgraph": __version__, "model": settings.model, "corpus": str(settings.corpus),
            "base_iri": settings.base_iri, "articles": result.articles, "quads": result.quads,
            "entities": dict(result.entities), "relations": dict(result.relations),
            "violations": len(report.violations),
            "read_by_nlp": result.extracted, "from_cache": result.cached,
            "seconds": {k: round(v, 3) for k, v in result.seconds.items()},
            "input_problems": [p.__dict__ for p in result.problems],
        }
        (tmp / "build-info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return int(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)) == 0


def _swap(new: Path, out: Path) -> None:
    """Put the complete build ``new`` in place of ``out``.

    On Linux the two directories are exchanged atomically, so ``out`` is never missing or partial,
    whenever the process is killed. The previous build is kept beside it as ``.<out>.previous``
    until the next build, so a server still reading it keeps working until it has switched."""
    previous = out.parent / f".{out.name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if not out.exists():
        os.rename(new, out)
    elif _exchange(new, out):
        os.rename(new, previous)  # ``new`` now holds the previous build
    else:  # no atomic exchange here: two renames, with a moment where ``out`` is missing
        os.rename(out, previous)
        os.rename(new, out)


def remove_stale(out: Path) -> None:
    """Remove what killed builds left behind (their unfinished ``.<out>.new-*`` folders)."""
    for stale in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
