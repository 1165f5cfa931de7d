"""Orchestration: read -> NLP -> extract -> resolve -> RDF + validate (in shards) -> publish.

``build(settings)`` writes the whole output into a fresh sibling directory and
swaps it in only when everything is written, so a failed or interrupted build
leaves the previous one in place.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from . import collector
from ._version import __version__
from .cache import ExtractionCache, FileIndex, atomic_write
from .config import Settings
from .corpus import iter_articles
from .curation import CurationReport, apply_curation, read_curation
from .entailment import Closure, closure_of
from .errors import CorpusError, SettingsError, StoreError, ValidationFailed
from .executors import Executor, make_executor
from .model import Article, ArticleGraph, InputProblem
from .places import default_gazetteer
from .resolve import resolve
from .shards import (
    ExtractTask,
    emit_and_check,
    extract_shard,
    part_path,
    remove_outputs,
    shard_prefix_length,
    without_prefixes,
)
from .store import load_files, run_query, to_ox_term
from .validate import ValidationReport
from .vocab import ENTITY_TYPES, LG, PREDICATES, PREFIXES, SYMMETRIC_PREDICATES, Minter

Progress = Callable[[int, int], None]
T = TypeVar("T")


@dataclass
class BuildResult:
    out: Path
    articles: int
    entities: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    statements: int = 0
    quads: int = 0
    merges: int = 0
    files_unchanged: int = 0  # corpus files not opened: unchanged since the last build (file index)
    extracted: int = 0  # articles read by the NLP pipeline
    cached: int = 0  # articles taken from the extraction cache
    problems: list[InputProblem] = field(default_factory=list)
    validation: ValidationReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    shards: tuple[int, int, int] = (0, 0, 0)  # entity buckets, article shards, shards reused
    store_updated: bool = False  # the previous store was copied and updated, not loaded anew
    pruned: int = 0  # shard outputs of the previous build that this one superseded, removed from the cache
    curation: CurationReport = field(default_factory=CurationReport)

    def summary(self) -> str:
        lines = [f"Built {self.out}/ from {self.articles} article(s) in {sum(self.seconds.values()):.1f}s "
                 f"({self.extracted} read, {self.cached} from the cache)"]
        if self.pruned:
            lines.append(f"superseded shard outputs removed from the cache: {self.pruned}")
        lines.append("entities:  " + ", ".join(f"{t} {self.entities.get(t, 0)}" for t in ENTITY_TYPES))
        lines.append("relations: " + ", ".join(f"{p} {self.relations[p]}" for p in PREDICATES if self.relations[p]))
        missing = [p for p in PREDICATES if not self.relations[p]]
        if missing:
            lines.append("           (none of: " + ", ".join(missing) + ")")
        lines.append(f"statements with provenance: {self.statements}; merges across articles: {self.merges}; "
                     f"quads in store: {self.quads}")
        n_viol = len(self.validation.violations) if self.validation else 0
        lines.append(f"SHACL violations left out: {n_viol}" + (" (see validation-summary.txt)" if n_viol else ""))
        if self.curation:
            c = self.curation
            lines.append(f"curation: {sum(c.rejected.values())} statement(s) rejected, {len(c.asserted)} fact(s) "
                         f"asserted, {len(c.merged)} merged, {len(c.separated)} separated, {len(c.overridden)} "
                         f"overridden" + (f"; entries that match nothing: {', '.join(c.unmatched)}"
                                          if c.unmatched else ""))
        if self.problems:
            lines.append(f"input files with problems: {len(self.problems)}")
            lines += [f"  {p.source}: {p.reason} -> {p.action}" for p in self.problems]
        return "\n".join(lines)


def read_corpus(settings: Settings, problems: list[InputProblem], result: BuildResult | None = None) -> list[Article]:
    """The corpus's articles. With the cache on, files unchanged since the last build are not opened
    again (see ``cache.FileIndex``)."""
    index = FileIndex.open(Path(settings.cache_dir), settings.corpus, settings.max_file_bytes) \
        if _cache_enabled(settings) else None
    articles = []
    for article in iter_articles(settings.corpus, problems=problems, max_file_bytes=settings.max_file_bytes,
                                 index=index):
        if len(article.text) > settings.max_article_chars:
            problems.append(InputProblem(article.source, f"{len(article.text)} characters exceeds "
                                                         f"max_article_chars={settings.max_article_chars}", "skipped"))
            continue
        articles.append(article)
    if not articles:
        raise CorpusError(f"no readable article in {settings.corpus} (.txt, .md, .html, .jsonl, .pdf or .docx files)")
    if index is not None:
        try:
            index.save()
        except OSError as exc:  # the next build reads every file again
            problems.append(InputProblem(str(index.path), f"cannot write the file index: {exc.strerror or exc}",
                                         "every file is read again next time"))
        if result is not None:
            result.files_unchanged = index.hits
    return articles


def _cache_enabled(settings: Settings) -> bool:
    return str(settings.cache_dir).lower() not in {"", ".", "off", "none"}


def extract_all(settings: Settings, articles: list[Article], progress: Progress | None = None,
                result: BuildResult | None = None, executor: Executor | None = None) -> list[ArticleGraph]:
    """Every article's graph: from the extraction cache when the article and the pipeline are
    unchanged, else read by the NLP pipeline in shards on ``executor`` (spaCy is loaded only by the
    workers that read an article)."""
    from .cache import ExtractionCache, pipeline_fingerprint

    cache = ExtractionCache(settings.cache_dir, pipeline_fingerprint(settings.model)) \
        if _cache_enabled(settings) else None
    graphs: dict[str, ArticleGraph] = {}
    problems = result.problems if result is not None else []
    cached_ids = {a.id for a in articles if cache is not None and cache.has(a)}
    present = [a for a in articles if a.id in cached_ids]
    todo = [a for a in articles if a.id not in cached_ids]
    # the cached records are read in a thread while the workers load spaCy and read the new articles
    with ThreadPoolExecutor(max_workers=1) as reader:
        hits = reader.submit(lambda: [(a, cache.get(a)) for a in present] if cache is not None else [])
        if todo:
            _extract(settings, todo, cache, executor, graphs, progress, problems)
        damaged = []
        for article, graph in hits.result():
            if graph is None:
                damaged.append(article)  # unreadable entry: read the article again
            else:
                graphs[article.id] = graph
    if damaged:
        _extract(settings, damaged, cache, executor, graphs, None, problems)
        todo += damaged
    if result is not None:
        result.extracted = len(todo)
        result.cached = len(articles) - len(todo)
    out = []
    for article in articles:
        g = graphs[article.id]
        g.statements = [s for s in g.statements if s.evidence.confidence >= settings.min_confidence]
        out.append(g)
    return out


def _extract(settings: Settings, todo: list[Article], cache: ExtractionCache | None, executor: Executor | None,
             graphs: dict[str, ArticleGraph], progress: Progress | None, problems: list[InputProblem]) -> None:
    """Read ``todo`` with the NLP pipeline, in shards on ``executor``, into ``graphs``."""
    own = executor is None
    executor = executor or make_executor("local", 1)
    remote = executor.name == "dask"
    if remote and cache is None:
        raise SettingsError("the dask executor writes each article's extraction to the cache folder, "
                            "which its workers must share: set --cache-dir to shared storage, not 'off'")
    per_task = max(1, min(settings.batch_size * 4, -(-len(todo) // (executor.workers * 4))))
    shards = [tuple(todo[i:i + per_task]) for i in range(0, len(todo), per_task)]
    tasks = [ExtractTask(shard, settings.model, settings.batch_size, settings.max_article_chars + 1,
                         str(cache.folder) if cache is not None else None, return_graphs=not remote,
                         article_seconds=settings.article_seconds)
             for shard in shards]
    done = 0
    try:
        for i, (extracted, failures) in executor.map_unordered(extract_shard, tasks):
            failed = dict(failures)
            if remote:
                assert cache is not None
                extracted = [ArticleGraph(a) if a.id in failed else _cached(cache, a) for a in shards[i]]
            for g in extracted:
                graphs[g.article.id] = g
                if g.article.id in failed:
                    problems.append(InputProblem(g.article.source, f"the extraction failed ({failed[g.article.id]})",
                                                 "article left out of the graph; please report it"))
            done += len(shards[i])
            if progress:
                progress(done, len(todo))
    finally:
        if own:
            executor.close()


def _cached(cache: ExtractionCache, article: Article) -> ArticleGraph:
    g = cache.get(article)
    if g is None:
        raise StoreError(f"a worker reported {article.source} done, but its extraction is not in {cache.folder}; "
                         "is the cache folder on storage every worker and this machine share?")
    return g


def build(settings: Settings, *, progress: Progress | None = None) -> BuildResult:
    """Build the graph of ``settings.corpus`` and publish it to ``settings.out``."""
    with collector.paused():  # see collector: the build's objects are freed by reference counting
        return _build(settings, progress)


def _build(settings: Settings, progress: Progress | None) -> BuildResult:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    problems: list[InputProblem] = []
    result = BuildResult(out=settings.out, articles=0, problems=problems)
    articles = read_corpus(settings, problems, result)
    result.articles = len(articles)
    timings["read"] = time.perf_counter() - t0

    out = settings.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if _cache_enabled(settings):
        folder, scratch = Path(settings.cache_dir).resolve() / "shards", None
    else:
        scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.shards-", dir=out.parent))
        folder = scratch
    try:
        t0 = time.perf_counter()
        # the gazetteer is made here, before the extraction workers are forked: they share it instead
        # of making one each, and resolution needs it here anyway
        default_gazetteer(Path(settings.cache_dir) if _cache_enabled(settings) else None)
        # extraction workers hold a spaCy pipeline each; they are stopped before validation starts
        extractor = make_executor("dask", 0, settings.scheduler) if settings.executor == "dask" \
            else make_executor("local", settings.jobs, tasks=len(articles))
        try:
            graphs = extract_all(settings, articles, progress, result, extractor)
        finally:
            extractor.close()
        del articles
        timings["nlp+extract"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        resolution = resolve(graphs)
        timings["resolve"] = time.perf_counter() - t0
        # the researcher's corrections: after resolution, before validation, in every build
        curation = read_curation(settings.curation_path)
        graphs, resolution, result.curation = apply_curation(graphs, resolution, Minter(settings.base_iri),
                                                             curation, settings.curation_path.name)

        shards_expected = 16 ** shard_prefix_length(len(graphs), settings.shard_size)
        checker = make_executor("local", settings.jobs, tasks=shards_expected)
        try:
            shards = emit_and_check(settings, graphs, resolution, folder, checker, timings)
        finally:
            checker.close()
        result.merges = len(resolution.merges)
        del graphs, resolution  # the store is loaded from the shard files: free the corpus's graphs first
    except BaseException:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        raise
    report = shards.report
    try:
        if settings.strict and (report.violations or problems):
            raise ValidationFailed(
                f"strict build: {len(report.violations)} SHACL violation(s), {len(problems)} input problem(s); "
                f"nothing was published.\n" + report.summary()
                + "".join(f"  {p.source}: {p.reason} -> {p.action}\n" for p in problems))
        result.validation = report
        result.seconds = timings
        result.shards = (shards.entity_shards, shards.article_shards, shards.reused)
        t0 = time.perf_counter()
        facts_file, facts = write_facts(shards.files, shards.files[:shards.entity_shards], folder,
                                        closure_of(str(settings.ontology.resolve())),
                                        Minter(settings.base_iri).facts_graph())
        timings["facts"] = time.perf_counter() - t0
        publish([*shards.files, facts_file], report, result, settings, [*shards.used, facts_file],
                 folder if scratch is None else None, facts)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return result


COUNT_TYPES = """SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t"""
# a symmetric relation is stored both ways (see entailment): each pair is counted once
COUNT_RELATIONS = """SELECT ?p (COUNT(*) AS ?n) WHERE {
    SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?p { %s } ?s ?p ?o
        FILTER (?p NOT IN (%s) || STR(?s) <= STR(?o)) } } GROUP BY ?p"""


def _count(store: ox.Store, result: BuildResult) -> None:
    by_type = {str(row["t"].value): int(row["n"].value) for row in run_query(store, COUNT_TYPES)}
    for t in ENTITY_TYPES:
        result.entities[t] = by_type.get(str(LG[t]), 0)
    result.statements = by_type.get(str(LG.Statement), 0)
    values = " ".join(f"<{LG[p]}>" for p in PREDICATES)
    symmetric = ", ".join(f"<{LG[p]}>" for p in sorted(SYMMETRIC_PREDICATES))
    by_pred = {str(row["p"].value): int(row["n"].value)
               for row in run_query(store, COUNT_RELATIONS % (values, symmetric))}
    for p in PREDICATES:
        result.relations[p] = by_pred.get(str(LG[p]), 0)


def write_facts(files: list[str], entity_files: list[str], folder: Path, closure: Closure,
                graph: URIRef) -> tuple[str, set[ox.Triple]]:
    """The facts graph (``graph``): every fact the shards state (direct relations, extraction rules), once, and
    what the ontology's closure derives from them (see ``entailment``) but the entity descriptions
    already say (a city's ``schema:containedInPlace`` from the gazetteer), as N-Quads in ``folder``
    named by their content (an unchanged graph is the same file; the store update diffs it)."""
    stated: set[ox.Triple] = set()
    for name in files:
        stated.update(q.triple for q in ox.parse(path=str(part_path(name, ".shared.nt")),
                                                 format=ox.RdfFormat.N_TRIPLES))
    facts = closure.close(stated)
    derived_predicates = {t.predicate for t in facts - stated}
    for name in entity_files:
        facts.difference_update(q.triple for q in ox.parse(path=name, format=ox.RdfFormat.N_QUADS)
                                if q.predicate in derived_predicates)
    graph_name = ox.NamedNode(str(graph))
    quads = sorted((ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in facts), key=str)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    path = folder / "facts" / f"{hashlib.sha256(data).hexdigest()[:32]}.nq"
    if not path.exists():
        # its parts of the dumps (the TriG graph block; the Turtle is written by write_dumps, once),
        # then the N-Quads, last: a file there means its parts are too
        atomic_write(part_path(str(path), ".trig"), without_prefixes(
            ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""))
        atomic_write(part_path(str(path), ".ttl"), b"")
        atomic_write(part_path(str(path), ".shared.nt"), b"")
        atomic_write(path, data)
    return str(path), facts


def publish(files: list[str], report: ValidationReport, result: BuildResult, settings: Settings,
            used: list[str], cache_folder: Path | None, facts: set[ox.Triple] | None = None) -> None:
    """Load the store, write the dumps and the build's records into a new folder, put it in place of
    ``settings.out``; then remove from ``cache_folder`` the shard outputs the previous build used and
    this one no longer does (so a corpus rebuilt every day does not grow the cache for ever)."""
    out = settings.out.resolve()
    superseded = set(_manifest(out, "used")) - set(used)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    timings = result.seconds
    try:
        t0 = time.perf_counter()
        updated = _updated_store(out, tmp / "store", files)
        result.store_updated = updated is not None
        if updated is not None:
            store, quads = updated
            result.quads = len(store) if quads is None else quads
        else:
            store = load_files(tmp / "store", files)
            result.quads = len(store)
        timings["store load"] = time.perf_counter() - t0
        with ThreadPoolExecutor(max_workers=1) as compactor:
            # a bulk load leaves many overlapping index files: they are compacted now (outside the
            # interpreter lock, while the dumps are written), or the first process that opens the store
            # for writing (the next build, on its copy) spends seconds of CPU on it
            compaction = compactor.submit(store.optimize) if updated is None else None
            (tmp / SHARDS_MANIFEST).write_text(json.dumps({"files": files, "used": used}, indent=0) + "\n",
                                               encoding="utf-8")
            t0 = time.perf_counter()
            write_dumps(files, tmp, facts)
            write_turtle(report.report_graph, tmp / "validation-report.ttl")
            (tmp / "validation-summary.txt").write_text(report.summary(), encoding="utf-8")
            timings["dumps"] = time.perf_counter() - t0
            _count(store, result)
            if compaction is not None:  # the time it went on after the dumps (the stages add up to the build)
                t0 = time.perf_counter()
                compaction.result()
                timings["store compaction"] = time.perf_counter() - t0
        del store
        load = timings["store load"]
        info = {
            "libgraph": __version__, "model": settings.model, "corpus": str(settings.corpus),
            "base_iri": settings.base_iri, "articles": result.articles, "quads": result.quads,
            "entities": dict(result.entities), "relations": dict(result.relations),
            "violations": len(report.violations),
            "files_unchanged": result.files_unchanged,
            "read_by_nlp": result.extracted, "from_cache": result.cached,
            "executor": settings.executor, "jobs": settings.jobs,
            "shards": {"entities": result.shards[0], "articles": result.shards[1], "reused": result.shards[2]},
            "seconds": {k: round(v, 3) for k, v in timings.items()},
            "store": "previous store updated" if result.store_updated else "loaded from the shards",
            "store_load_quads_per_second": round(result.quads / load) if load > 0 and not result.store_updated
            else None,
            "input_problems": [p.__dict__ for p in result.problems],
            "curation": {"file": str(settings.curation_path), **result.curation.as_dict()},
        }
        (tmp / "build-info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if cache_folder is not None:
        result.pruned = remove_outputs(sorted(superseded), cache_folder)


def write_turtle(graph: Graph, path: Path) -> None:
    """An rdflib graph as Turtle, written by Oxigraph's serialiser (rdflib's is slow on large reports)."""
    triples = [ox.Triple(to_ox_term(s), to_ox_term(p), to_ox_term(o)) for s, p, o in graph]
    ox.serialize(triples, str(path), format=ox.RdfFormat.TURTLE, prefixes={**PREFIXES, "sh": str(SH)})


def write_dumps(files: list[str], folder: Path, facts: set[ox.Triple] | None = None) -> None:
    """``graph.trig`` and ``graph.ttl`` from the shards' parts, in shard order: each shard's TriG and
    own Turtle fragments, then in Turtle the ``facts`` (direct relations, however many articles
    state them, the extraction rules, and what the closure derives), written once (in TriG, the facts
    graph is a shard part of its own: see ``write_facts``). A changed shard
    changes only its own fragment."""
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode("utf-8")
    if facts is None:
        facts = set()
        for name in files:
            facts.update(q.triple for q in ox.parse(path=str(part_path(name, ".shared.nt")),
                                                    format=ox.RdfFormat.N_TRIPLES))
    with (folder / "graph.trig").open("wb") as trig, (folder / "graph.ttl").open("wb") as ttl:
        trig.write(header)
        ttl.write(header)
        for name in files:
            with part_path(name, ".trig").open("rb") as part:
                shutil.copyfileobj(part, trig)
            with part_path(name, ".ttl").open("rb") as part:
                shutil.copyfileobj(part, ttl)
        body = without_prefixes(ox.serialize(sorted(facts, key=str), format=ox.RdfFormat.TURTLE,
                                             prefixes=PREFIXES) or b"")
        ttl.write(body)


SHARDS_MANIFEST = "shards.json"  # the shard files the store holds: lets the next build update a copy of it


def _manifest(out: Path, key: str) -> list[str]:
    """A list from the previous build's shard manifest ("files": in its store; "used": every shard
    output it made or reused); empty when there is none or it cannot be read."""
    try:
        data = json.loads((out / SHARDS_MANIFEST).read_text(encoding="utf-8"))
        names = data.get(key, data["files"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _updated_store(out: Path, path: Path, files: list[str]) -> tuple[ox.Store, int | None] | None:
    """The previous build's store, copied (a RocksDB checkpoint: hard links) and brought up to date by
    removing the quads of the shards that changed and adding those of the new ones, with its number
    of quads (worked out from the previous build's, which saves counting them all; ``None`` when that
    is not known); ``None`` when that is not possible or not worth it (no previous build, its shard
    files gone, most shards new)."""
    old = set(_manifest(out, "files"))
    if not old:
        return None
    try:
        previous = ox.Store.read_only(str(out / "store"))
    except OSError:
        return None
    gone, new = sorted(old - set(files)), [f for f in files if f not in old]
    if len(gone) + len(new) > len(files) // 2 or not all(Path(f).exists() for f in gone):
        return None
    previous.backup(str(path))
    del previous
    # a changed shard keeps most of its quads: only the difference is written
    before = {q for name in gone for q in ox.parse(path=name, format=ox.RdfFormat.N_QUADS, lenient=True)}
    after = {q for name in new for q in ox.parse(path=name, format=ox.RdfFormat.N_QUADS, lenient=True)}
    count = _previous_quads(out)
    store = ox.Store(str(path))
    for quad in before - after:
        if count is not None and quad in store:
            count -= 1
        store.remove(quad)
    added = [quad for quad in after - before if quad not in store]
    store.extend(added)
    store.flush()
    return store, None if count is None else count + len(added)


def _previous_quads(out: Path) -> int | None:
    """The number of quads in the previous build's store, from its build record."""
    try:
        quads = json.loads((out / "build-info.json").read_text(encoding="utf-8"))["quads"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return quads if isinstance(quads, int) and not isinstance(quads, bool) and quads >= 0 else None


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
