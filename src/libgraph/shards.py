"""The build in shards: what each worker does, what it depends on, and reusing what is unchanged.

- ``extract_shard``: read a shard of articles with the spaCy pipeline and write each article's
  extraction record (entities and statements, named by the article's content hash) to the
  extraction cache; skipped for articles already there, so tasks are idempotent and can be retried.
- ``check_entities``: emit one bucket of resolved entities (``rdf.emit_entities``: descriptions,
  merge decisions) and check the corpus-scope shapes on them (``validate.enforce``) with every fact
  the corpus states about them.
- ``check_articles``: emit one shard of articles (``rdf.emit_articles``: statements and
  provenance), remove what the entity checks removed and check the article-scope shapes
  (``validate.enforce``), and write the shard as N-Quads.
- ``emit_and_check``: split a resolved corpus into those tasks, run them, and merge their reports.

Outputs are named by a fingerprint of everything they depend on (inputs, rules, shapes, and the
code of ``EMIT_CODE``), so an unchanged shard is never emitted or checked again, and a changed
article re-does two shards.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import signal
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import msgspec
import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef

from .cache import atomic_write
from .codehash import CodeInputs
from .entailment import Closure, closure_of
from .model import Article, ArticleGraph, MergeDecision
from .rdf import NamedGraphs, country_keys, emit_articles, emit_entities, relation_triples, type_triples
from .resolve import Relation, Resolution, ResolvedEntity, relations
from .store import dataset_quads, from_ox_term
from .validate import MAX_ROUNDS, Drop, ValidationReport, Validator, enforce, load_graph, merge_reports, split_shapes
from .vocab import LG, LITERAL_PREDICATES, PREFIXES, SCHEMA, Minter, digest

if TYPE_CHECKING:
    from .config import Settings
    from .executors import Executor

T = TypeVar("T")
# what an emitted, checked shard follows from besides its data, the shapes and the settings
EMIT_CODE = CodeInputs(("libgraph.shards",))
VIEW = URIRef("urn:libgraph:validation-view")  # facts a shard needs to be checked, not published by it


@cache
def emit_version() -> str:
    return EMIT_CODE.version()


def file_digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def fingerprint(*parts: Any) -> str:
    """A hash of ``parts`` (JSON-like values; other objects by their ``str``)."""
    return hashlib.sha256(msgspec.json.encode(parts, enc_hook=str, order="sorted")).hexdigest()[:32]


def shard_prefix_length(n: int, per_shard: int) -> int:
    """Hex digits of the hash that name a shard: shards of about ``per_shard`` items, at most 16**4."""
    length = 0
    while length < 4 and n / 16 ** length > per_shard:
        length += 1
    return length


def shard_of(key: str, length: int) -> str:
    """The shard of an article id (a hex hash) or of an entity key (hashed): stable across builds,
    so adding or changing one article changes only the shards it falls in."""
    h = key if all(c in "0123456789abcdef" for c in key[:length]) and len(key) >= 64 else digest(key, length=32)
    return h[:length] or "all"


# ------------------------------------------------------------------ extraction --

@dataclass(frozen=True)
class ExtractTask:
    articles: tuple[Article, ...]
    model: str
    batch_size: int
    max_length: int
    cache_folder: str | None  # the extraction cache of this pipeline fingerprint; None: no cache
    return_graphs: bool = True  # False on a cluster: the records stay on shared storage
    article_seconds: float = 0.0  # the longest reading one article may take; 0: no limit


@lru_cache(maxsize=2)
def _pipeline(model: str, max_length: int) -> Any:
    """The spaCy pipeline of this worker process, loaded once per process."""
    from .nlp import load_pipeline

    nlp = load_pipeline(model)
    nlp.max_length = max(nlp.max_length, max_length)
    return nlp


class ExtractResult(NamedTuple):
    graphs: list[ArticleGraph]  # in the shard's order; empty when the task does not return them
    failures: list[tuple[str, str]]  # (article id, why its extraction failed): left out, not cached


class ArticleTooSlow(Exception):
    """Reading an article took longer than ``article_seconds``: a component or rule that does not finish."""


# what a bug in a rule or component raises on some text (spaCy wraps a component's error in a ValueError)
EXTRACTION_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError, ArticleTooSlow)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[Callable[[], None]]:
    """A limit of ``seconds`` from now, restarted by calling what it yields: past it, the code running
    raises :class:`ArticleTooSlow`. Only in a process's main thread, where signals are delivered (a build
    worker's, or a one-process build's); elsewhere, or with ``seconds`` 0, there is no limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "setitimer"):
        yield lambda: None
        return

    def expired(_signum: int, _frame: object) -> None:
        raise ArticleTooSlow(f"reading it took longer than article_seconds={seconds:g} s")

    def restart() -> None:
        signal.setitimer(signal.ITIMER_REAL, seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    try:
        restart()
        yield restart
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_shard(task: ExtractTask) -> ExtractResult:
    """Extract every article of the shard that the cache does not hold yet. An article the pipeline
    fails on is reported, not cached, and does not stop the others."""
    from .cache import ExtractionCache
    from .extract import extract

    store = ExtractionCache.at(Path(task.cache_folder)) if task.cache_folder else None
    done: dict[str, ArticleGraph] = {}
    failures: list[tuple[str, str]] = []
    todo = []
    for article in task.articles:
        hit = store.get(article) if store is not None else None
        if hit is not None:
            done[article.id] = hit
        else:
            todo.append(article)
    if todo:
        nlp = _pipeline(task.model, task.max_length)

        def keep(graph: ArticleGraph) -> None:
            if store is not None:
                store.put(graph)
            done[graph.article.id] = graph

        try:
            # (the limit in batches: a batch's reading at most one article's limit, else one at a time)
            with time_limit(task.article_seconds) as restart:
                for doc, article in zip(nlp.pipe((a.text for a in todo), batch_size=task.batch_size), todo,
                                        strict=True):
                    keep(extract(doc, article))
                    restart()
        except EXTRACTION_ERRORS:
            for article in todo:  # one article at a time, to find the one(s) it fails on
                if article.id in done:
                    continue
                try:
                    with time_limit(task.article_seconds):
                        graph = extract(nlp(article.text), article)
                    keep(graph)
                except EXTRACTION_ERRORS as exc:
                    cause = exc.__cause__ if isinstance(exc.__cause__, Exception) else exc
                    failures.append((article.id, f"{type(cause).__name__}: {cause}"))
                    done[article.id] = ArticleGraph(article)
    if not task.return_graphs:
        return ExtractResult([], failures)
    return ExtractResult([done[a.id] for a in task.articles], failures)


# ------------------------------------------------------------------ entities --

class CountryKey(NamedTuple):
    code: str  # ISO 3166
    key: str  # the country entity's key


class Typed(NamedTuple):
    key: str  # an entity key
    type: str


class MemberKey(NamedTuple):
    article: str  # article id
    local_id: str  # the entity's id in the article
    key: str  # the resolved entity's key


@dataclass(frozen=True)
class CheckContext:
    """What every emit-and-check task of a build shares."""

    base_iri: str
    shapes: str
    ontology: str
    out: str  # the folder of the shard outputs
    validator: str = "shacl"  # the SHACL engine


@dataclass(frozen=True)
class EntityTask:
    bucket: str
    key: str  # fingerprint: names the outputs
    entities: tuple[ResolvedEntity, ...]  # without their members
    merges: tuple[MergeDecision, ...]
    countries: tuple[CountryKey, ...]  # of the whole graph
    relations: tuple[Relation, ...]  # the relations the bucket's entities are the subject of
    context: CheckContext
    drops: tuple[Drop, ...] = ()


@dataclass
class ShardOutcome:
    """What a task left: its N-Quads file, its validation report and what it removed."""

    shard: str
    nquads: str
    quads: int
    report: ValidationReport = field(default_factory=lambda: ValidationReport(conforms=True))
    reused: bool = False  # found done by an earlier build (same fingerprint)


@lru_cache(maxsize=4)
def _validators(shapes: str, ontology: str, engine: str) -> tuple[Validator, Validator]:
    """(article shapes, corpus shapes), compiled once per worker process."""
    article, corpus = split_shapes(load_graph(Path(shapes)))
    onto = load_graph(Path(ontology))
    return Validator(article, onto, engine), Validator(corpus, onto, engine)


def check_entities(task: EntityTask) -> ShardOutcome:
    """(Run only when ``done_before`` found no outcome for this task.)"""
    ctx = task.context
    minter = Minter(ctx.base_iri)
    res = Resolution(entities={e.key: e for e in task.entities}, member_key={}, merges=list(task.merges))
    ds = NamedGraphs()
    emit_entities(ds, res, minter, dict(task.countries))
    # the relations the bucket's entities are the subject of, from every article (not the objects'
    # descriptions: they belong to other buckets, and the corpus-scope shapes do not look at them)
    relation_triples(ds.graph(VIEW), task.relations, {e.key: e.type for e in task.entities}, minter)
    _, corpus_shapes = _validators(ctx.shapes, ctx.ontology, ctx.validator)
    report = enforce(ds, corpus_shapes, task.drops)
    return _save_outcome(Path(ctx.out), task.key, task.bucket, ds, report, all_own=True,
                         closure=closure_of(ctx.ontology))


# ------------------------------------------------------------------ articles --

@dataclass(frozen=True)
class ArticleTask:
    shard: str
    key: str
    graphs: tuple[ArticleGraph, ...]
    member_keys: tuple[MemberKey, ...]  # of every entity the shard's statements name
    types: tuple[Typed, ...]  # of every entity the shard's statements name
    context: CheckContext
    drops: tuple[Drop, ...] = ()  # what the entity checks removed about the shard's entities


def check_articles(task: ArticleTask) -> ShardOutcome:
    """(Run only when ``done_before`` found no outcome for this task.)"""
    ctx = task.context
    minter = Minter(ctx.base_iri)
    types = dict(task.types)
    res = Resolution(entities={k: ResolvedEntity(key=k, type=t, name="") for k, t in types.items()},
                     member_key={(m.article, m.local_id): m.key for m in task.member_keys}, merges=[])
    ds = NamedGraphs()
    emit_articles(ds, task.graphs, res, minter)
    type_triples(ds.graph(VIEW), types, minter)  # the types the article shapes check objects against
    article_shapes, _ = _validators(ctx.shapes, ctx.ontology, ctx.validator)
    report = enforce(ds, article_shapes, task.drops)
    return _save_outcome(Path(ctx.out), task.key, task.shard, ds, report)


# ------------------------------------------------------------------ outputs --

PART_SUFFIXES = (".ttl", ".trig", ".shared.nt")  # beside the shard's .nq: see _save_outcome
RDF_TYPE = ox.NamedNode(str(RDF.type))
OWN_CLASSES = {ox.NamedNode(str(LG.Statement)), ox.NamedNode(str(SCHEMA.NewsArticle))}


def _paths(out: Path, key: str) -> tuple[Path, Path]:
    folder = out / key[:2]
    return folder / f"{key}.nq", folder / f"{key}.json"


def part_path(nquads: str, suffix: str) -> Path:
    return Path(nquads[: -len(".nq")] + suffix)


def remove_outputs(nquads_paths: list[str], folder: Path) -> int:
    """Remove shard outputs (the N-Quads file, its dump parts and its record) from ``folder``; paths
    outside it are left alone. Returns how many shards were removed."""
    root = folder.resolve()
    removed = 0
    for name in nquads_paths:
        nq = Path(name)
        if not nq.resolve().is_relative_to(root) or nq.suffix != ".nq":
            continue
        for path in (nq, *(part_path(name, suffix) for suffix in PART_SUFFIXES), nq.with_suffix(".json")):
            path.unlink(missing_ok=True)
        removed += 1
    return removed


def without_prefixes(data: bytes) -> bytes:
    """A Turtle or TriG document without its prefix lines (the dump writes them once)."""
    return b"".join(line for line in data.splitlines(keepends=True) if not line.startswith(b"@prefix "))


def _save_outcome(out: Path, key: str, shard: str, ds: NamedGraphs, report: ValidationReport,
                  all_own: bool = False, closure: Closure | None = None) -> ShardOutcome:
    """Write the shard: N-Quads of what only this shard can have (about its statements and articles;
    all of it for an entity bucket, with the aligned types ``closure`` derives), for the store; its
    part of the dumps: a TriG and a Turtle fragment of the same; and the triples other shards may
    have too (direct relations, rules) as N-Triples, which the build publishes once, in the facts
    graph (see ``build.write_facts``)."""
    nq_path, meta_path = _paths(out, key)
    emitted = dataset_quads(ds, leave_out={VIEW})  # the view is for checking, not published
    own = {q.subject for q in emitted if q.predicate == RDF_TYPE and q.object in OWN_CLASSES}
    quads = sorted({q for q in emitted if all_own or q.subject in own}, key=str)
    if closure is not None:
        quads = sorted(set(quads) | {ox.Quad(d.subject, d.predicate, d.object, q.graph_name) for q in quads
                                     if q.predicate == RDF_TYPE for d in closure.derived(q.triple)}, key=str)
    mine = sorted({q.triple for q in quads}, key=str)
    shared = sorted({q.triple for q in emitted if not (all_own or q.subject in own)}, key=str)
    atomic_write(part_path(str(nq_path), ".ttl"),
                  without_prefixes(ox.serialize(mine, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""))
    atomic_write(part_path(str(nq_path), ".trig"),
                  without_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""))
    atomic_write(part_path(str(nq_path), ".shared.nt"), ox.serialize(shared, format=ox.RdfFormat.N_TRIPLES) or b"")
    atomic_write(nq_path, ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    meta = {"quads": len(quads), "conforms": report.conforms, "removed": report.removed_triples,
            "violations": [asdict(v) for v in report.violations], "drops": [list(d) for d in report.drops],
            "report": report.report_graph.serialize(format="nt") if report.violations else ""}
    atomic_write(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))  # written last: marks done
    return ShardOutcome(shard, str(nq_path), len(quads), report)


def done_before(out: Path, key: str, shard: str) -> ShardOutcome | None:
    """The outcome an earlier build left in ``out`` for the task with this fingerprint, if any."""
    return _load_outcome(out, key, shard)


def _load_outcome(out: Path, key: str, shard: str) -> ShardOutcome | None:
    from .validate import Violation

    nq_path, meta_path = _paths(out, key)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if not nq_path.exists() or not all(part_path(str(nq_path), s).exists() for s in PART_SUFFIXES):
            return None
        report_graph = Graph()
        for t in ox.parse(meta["report"].encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            report_graph.add((from_ox_term(t.subject), from_ox_term(t.predicate), from_ox_term(t.object)))
        report = ValidationReport(conforms=meta["conforms"], removed_triples=meta["removed"],
                                  violations=[Violation(**v) for v in meta["violations"]],
                                  report_graph=report_graph, drops=[tuple(d) for d in meta["drops"]])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, SyntaxError):
        return None  # a damaged entry is done again
    return ShardOutcome(shard, str(nq_path), int(meta["quads"]), report, reused=True)


def slim(entity: ResolvedEntity) -> ResolvedEntity:
    """An entity without the list of its mentions' articles (not needed to emit it)."""
    return replace(entity, members=[], rules=set())


def entity_record(e: ResolvedEntity) -> list[Any]:
    return [e.key, e.type, e.name, sorted(e.aliases), sorted(e.external_ids.items()), sorted(e.same_as)]


def merge_record(m: MergeDecision) -> list[Any]:
    return [m.key, m.entity_type, list(m.names), list(m.articles), m.rule]


def graph_signature(ag: ArticleGraph) -> list[Any]:
    """An article's part in a shard's fingerprint: where and how it was published, and which of its
    statements are kept (they follow from its content hash and the pipeline fingerprint, part of
    ``emit_inputs``, unless the curation file rejected some: those are numbered out)."""
    a = ag.article
    kept = [(s.subject, s.predicate, s.object, s.evidence.sentence_start, s.evidence.rule) for s in ag.statements]
    return [a.id, a.source, a.title, a.date, a.url, a.kind, digest(*map(repr, kept), length=16)]


def emit_inputs(shapes: Path, ontology: Path, *settings: Any) -> str:
    """What every shard's output depends on besides its own data: the code, the shapes, the pipeline
    and the settings that change the graph."""
    return fingerprint(emit_version(), file_digest(shapes, ontology), *settings)


# ------------------------------------------------------------------ the plan --

@dataclass
class Shards:
    """The checked, emitted graph of a build: one N-Quads file per shard, and the merged report."""

    files: list[str]
    report: ValidationReport
    entity_shards: int
    article_shards: int
    reused: int  # shards an earlier build had already emitted and checked
    used: list[str]  # every shard output the build made or reused, earlier entity rounds included


def emit_and_check(settings: Settings, graphs: list[ArticleGraph], resolution: Resolution, folder: Path,
                   executor: Executor, timings: dict[str, float]) -> Shards:
    """Emit the graph in shards and check the shapes on each, in parallel (see ``validate``). What the
    curation file changed is in the inputs of the shards it touches (their articles' statements, their
    entities' records), and only those are emitted again."""
    shapes, ontology = settings.shapes.resolve(), settings.ontology.resolve()
    common = emit_inputs(shapes, ontology, settings.base_iri, settings.min_confidence, _pipeline_id(settings),
                         settings.validator)
    context = CheckContext(settings.base_iri, str(shapes), str(ontology), str(folder), settings.validator)

    t0 = time.perf_counter()
    countries = tuple(sorted(CountryKey(code, key) for code, key in country_keys(resolution).items()))
    length = shard_prefix_length(len(resolution.entities), settings.shard_size * 16)
    bucket_of = {key: shard_of(key, length) for key in resolution.entities}
    buckets: dict[str, list[ResolvedEntity]] = defaultdict(list)
    for key, ent in resolution.entities.items():
        buckets[bucket_of[key]].append(ent)
    merges: dict[str, list[MergeDecision]] = defaultdict(list)
    for m in resolution.merges:
        merges[bucket_of[m.key]].append(m)
    by_bucket: dict[str, list[Relation]] = defaultdict(list)
    for row in relations(graphs, resolution):
        by_bucket[bucket_of[row.subject]].append(row)
    types = {k: e.type for k, e in resolution.entities.items()}
    # what a bucket's output follows from, besides the drops of the round: worked out once
    names = sorted(buckets)
    contents = []
    for bucket in names:
        ents = sorted(buckets[bucket], key=lambda e: e.key)
        ms = sorted(merges[bucket], key=lambda m: m.key)
        contents.append((ents, ms, tuple(by_bucket[bucket]), [entity_record(e) for e in ents],
                         [merge_record(m) for m in ms]))

    def entity_round(drops: tuple[Drop, ...]) -> list[ShardOutcome]:
        keys = [fingerprint(common, "entities", bucket, records, merge_records, countries, rels, drops)
                for bucket, (_e, _m, rels, records, merge_records) in zip(names, contents, strict=True)]

        def task(i: int) -> EntityTask:
            ents, ms, rels, _records, _merge_records = contents[i]
            return EntityTask(names[i], keys[i], tuple(slim(e) for e in ents), tuple(ms), countries, rels, context,
                              drops=drops)

        return _run(executor, check_entities, folder, list(zip(keys, names, strict=True)), task)

    drops: tuple[Drop, ...] = ()
    earlier: list[ValidationReport] = []  # of rounds done again: their results, not their removals
    used: list[str] = []
    for _round in range(MAX_ROUNDS):  # what one bucket removes is removed from the others too, in another round
        entity_outcomes = entity_round(drops)
        used += [o.nquads for o in entity_outcomes]
        # only a removed entity can change another bucket's check (a removed statement is about
        # a subject of the bucket that removed it)
        found = {d for o in entity_outcomes for d in o.report.drops if d[0] == "node"}
        if found <= set(drops):
            break
        earlier += [replace(o.report, removed_triples=0, drops=[]) for o in entity_outcomes if o.report.violations]
        drops = tuple(sorted(set(drops) | found))
    timings["entities"] = time.perf_counter() - t0

    # what the entity checks removed, by the key of the entity it is about (a shard gets only its own)
    removals = set(drops) | {d for o in entity_outcomes for d in o.report.drops}
    removed: dict[str, set[Drop]] = defaultdict(set)
    if removals:
        minter = Minter(settings.base_iri)
        key_of_term = {minter.entity(e.type, k).n3(): k for k, e in resolution.entities.items()}
        for d in removals:
            if d[1] in key_of_term:
                removed[key_of_term[d[1]]].add(d)

    t0 = time.perf_counter()
    length = shard_prefix_length(len(graphs), settings.shard_size)
    shards: dict[str, list[ArticleGraph]] = defaultdict(list)
    for g in graphs:
        shards[shard_of(g.article.id, length)].append(g)
    member_key = resolution.member_key
    names = sorted(shards)
    keys = []
    for shard in names:
        # the shard's output follows from its articles (their statements from their content hash), the
        # keys and types of the entities they name, and what the entity checks removed about those
        named = [[member_key[(g.article.id, loc)] for loc in g.entities] for g in shards[shard]]
        typed = sorted({(k, types[k]) for ks in named for k in ks})
        keys.append(fingerprint(common, "articles", shard, [graph_signature(g) for g in shards[shard]], named, typed,
                                sorted({d for k, _kind in typed for d in removed.get(k, ())})))

    def article_task(i: int) -> ArticleTask:
        shard = names[i]
        locs = {(g.article.id, loc) for g in shards[shard] for st in g.statements
                for loc in ((st.subject,) if st.predicate in LITERAL_PREDICATES else (st.subject, st.object))}
        members = sorted(MemberKey(a, loc, member_key[(a, loc)]) for a, loc in locs)
        shard_types = tuple(sorted({Typed(m.key, types[m.key]) for m in members}))
        own = tuple(sorted({d for k, _kind in shard_types for d in removed.get(k, ())}))
        return ArticleTask(shard, keys[i], tuple(shards[shard]), tuple(members), shard_types, context, drops=own)

    article_outcomes = _run(executor, check_articles, folder, list(zip(keys, names, strict=True)), article_task)
    timings["articles"] = time.perf_counter() - t0
    outcomes = entity_outcomes + article_outcomes
    report = merge_reports([o.report for o in outcomes] + earlier)
    used += [o.nquads for o in article_outcomes]
    return Shards([o.nquads for o in outcomes], report,
                  len(entity_outcomes), len(article_outcomes), sum(o.reused for o in outcomes), used)


def _pipeline_id(settings: Settings) -> str:
    from .cache import pipeline_fingerprint

    return pipeline_fingerprint(settings.model)


def _run(executor: Executor, fn: Callable[[T], ShardOutcome], folder: Path, shards: list[tuple[str, str]],
         task: Callable[[int], T]) -> list[ShardOutcome]:
    """The outcome of every shard (its fingerprint, its name), in order: the outputs an earlier build left
    in ``folder`` for the same fingerprint, else those of ``task(i)`` run on ``executor`` (a task is
    made only for the shards that run)."""
    outcomes = [done_before(folder, key, shard) for key, shard in shards]
    todo = [i for i, o in enumerate(outcomes) if o is None]
    for j, outcome in executor.map_unordered(fn, [task(i) for i in todo]):
        outcomes[todo[j]] = outcome
    return [o for o in outcomes if o is not None]
