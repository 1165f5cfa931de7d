"""The build's tasks: what one worker does with one shard of the corpus.

- ``extract_shard``: read a shard of articles with the spaCy pipeline and write each article's
  extraction record (entities and statements, named by the article's content hash) to the
  extraction cache; skipped for articles already there, so tasks are idempotent and can be retried.
- ``check_entities``: emit one bucket of resolved entities (descriptions, merge decisions) and
  check the corpus-scope shapes on them with every fact the corpus states about them.
- ``check_articles``: emit one shard of articles (statements and provenance), remove what the
  entity checks removed, check the article-scope shapes, and write the shard as N-Quads.

Outputs are named by a fingerprint of everything they depend on (inputs, rules, shapes, code), so
an unchanged shard is never emitted or checked again, and a changed article re-does two shards.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import msgspec
import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef

from .cache import atomic_write
from .model import Article, ArticleGraph, MergeDecision
from .rdf import Emitter, NamedGraphs, literal_object
from .resolve import Resolution, ResolvedEntity
from .store import dataset_quads, from_ox_term
from .validate import Drop, ValidationReport, Validator, apply_drops, enforce, load_graph, split_shapes
from .vocab import LG, LITERAL_PREDICATES, PREFIXES, SCHEMA, Minter, class_iri, digest, predicate_iri

CODE = Path(__file__).parent
EMIT_FILES = ("rdf.py", "validate.py", "vocab.py", "tasks.py", "model.py")
VIEW = URIRef("urn:libgraph:validation-view")  # facts a shard needs to be checked, not published by it


@cache
def emit_version() -> str:
    h = hashlib.sha256()
    for name in EMIT_FILES:
        h.update((CODE / name).read_bytes())
    return h.hexdigest()[:16]


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


@lru_cache(maxsize=2)
def _pipeline(model: str, max_length: int) -> Any:
    """The spaCy pipeline of this worker process, loaded once per process."""
    from .nlp import load_pipeline

    nlp = load_pipeline(model)
    nlp.max_length = max(nlp.max_length, max_length)
    return nlp


def extract_shard(task: ExtractTask) -> list[ArticleGraph]:
    """Extract every article of the shard that the cache does not hold yet."""
    from .cache import ExtractionCache
    from .extract import extract

    store = ExtractionCache.at(Path(task.cache_folder)) if task.cache_folder else None
    done: dict[str, ArticleGraph] = {}
    todo = []
    for article in task.articles:
        hit = store.get(article) if store is not None else None
        if hit is not None:
            done[article.id] = hit
        else:
            todo.append(article)
    if todo:
        nlp = _pipeline(task.model, task.max_length)
        for doc, article in zip(nlp.pipe((a.text for a in todo), batch_size=task.batch_size), todo, strict=True):
            graph = extract(doc, article)
            if store is not None:
                store.put(graph)
            done[article.id] = graph
    if not task.return_graphs:
        return []
    return [done[a.id] for a in task.articles]


# ------------------------------------------------------------------ entities --

@dataclass(frozen=True)
class EntityTask:
    bucket: str
    key: str  # fingerprint: names the outputs
    entities: tuple[ResolvedEntity, ...]  # without their members
    merges: tuple[MergeDecision, ...]
    countries: tuple[tuple[str, str], ...]  # ISO code -> country key, for the whole graph
    relations: tuple[tuple[str, str, str, str], ...]  # (subject key, predicate, object key or literal, type)
    base_iri: str
    shapes: str
    ontology: str
    out: str
    drops: tuple[Drop, ...] = ()
    validator: str = "shacl"  # the SHACL engine


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


def _emit_relations(task: EntityTask, minter: Minter, g: Graph) -> None:
    """The relations the bucket's entities are the subject of, from every article. (Not the objects'
    descriptions: they belong to other buckets, and the corpus-scope shapes do not look at them.)"""
    types = {e.key: e.type for e in task.entities}
    for s_key, pred, obj, obj_type in task.relations:
        o = literal_object(pred, obj) if pred in LITERAL_PREDICATES else minter.entity(obj_type, obj)
        g.add((minter.entity(types[s_key], s_key), predicate_iri(pred), o))


def check_entities(task: EntityTask) -> ShardOutcome:
    """(Run only when ``done_before`` found no outcome for this task.)"""
    out = Path(task.out)
    minter = Minter(task.base_iri)
    res = Resolution(entities={e.key: e for e in task.entities}, member_key={}, merges=list(task.merges))
    ds = NamedGraphs()
    graph = ds.graph(minter.entities_graph())
    Emitter(minter, res).entities_graph(graph, dict(task.countries))
    _emit_relations(task, minter, ds.graph(VIEW))
    _, corpus_shapes = _validators(task.shapes, task.ontology, task.validator)
    removed = apply_drops(ds, list(task.drops))
    report = enforce(ds, corpus_shapes)
    report.removed_triples += removed
    return _save_outcome(out, task.key, task.bucket, ds, report, all_own=True)


# ------------------------------------------------------------------ articles --

@dataclass(frozen=True)
class ArticleTask:
    shard: str
    key: str
    graphs: tuple[ArticleGraph, ...]
    member_keys: tuple[tuple[str, str, str], ...]  # (article id, local id, entity key)
    types: tuple[tuple[str, str], ...]  # (entity key, type) of every entity the shard mentions
    base_iri: str
    shapes: str
    ontology: str
    out: str
    drops: tuple[Drop, ...] = ()
    validator: str = "shacl"  # the SHACL engine


def check_articles(task: ArticleTask) -> ShardOutcome:
    """(Run only when ``done_before`` found no outcome for this task.)"""
    out = Path(task.out)
    minter = Minter(task.base_iri)
    types = dict(task.types)
    res = Resolution(entities={k: ResolvedEntity(key=k, type=t, name="") for k, t in types.items()},
                     member_key={(a, loc): k for a, loc, k in task.member_keys}, merges=[])
    emitter = Emitter(minter, res)
    ds = NamedGraphs()
    for ag in task.graphs:
        emitter.article_graph(ag, ds.graph(minter.article_graph(ag.article.id)))
    view = ds.graph(VIEW)
    for key, entity_type in types.items():
        view.add((minter.entity(entity_type, key), RDF.type, class_iri(entity_type)))
    article_shapes, _ = _validators(task.shapes, task.ontology, task.validator)
    removed = apply_drops(ds, list(task.drops))
    report = enforce(ds, article_shapes)
    report.removed_triples += removed
    return _save_outcome(out, task.key, task.shard, ds, report)


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
                  all_own: bool = False) -> ShardOutcome:
    """Write the shard: N-Quads (for the store), and its part of the dumps: a TriG fragment, a Turtle
    fragment of the triples only this shard can have (about its statements and articles; all of them
    for an entity bucket), and the triples other shards may have too (direct relations, rules) as
    N-Triples, which the dump writes once."""
    nq_path, meta_path = _paths(out, key)
    quads = sorted(dataset_quads(ds, leave_out={VIEW}), key=str)  # the view is for checking, not published
    own = {q.subject for q in quads if q.predicate == RDF_TYPE and q.object in OWN_CLASSES}
    mine = sorted({q.triple for q in quads if all_own or q.subject in own}, key=str)
    shared = sorted({q.triple for q in quads if not (all_own or q.subject in own)}, key=str)
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


def relation_rows(graphs: Iterable[ArticleGraph], res: Resolution) -> list[tuple[str, str, str, str]]:
    """Every direct relation of the corpus: (subject key, predicate, object key or literal, object type)."""
    rows = set()
    member_key, entities = res.member_key, res.entities
    for ag in graphs:
        aid = ag.article.id
        for st in ag.statements:
            if st.predicate in LITERAL_PREDICATES:
                rows.add((member_key[(aid, st.subject)], st.predicate, st.object, ""))
            else:
                key = member_key[(aid, st.object)]
                rows.add((member_key[(aid, st.subject)], st.predicate, key, entities[key].type))
    return sorted(rows)


def entity_record(e: ResolvedEntity) -> list[Any]:
    return [e.key, e.type, e.name, sorted(e.aliases), sorted(e.external_ids.items())]


def merge_record(m: MergeDecision) -> list[Any]:
    return [m.key, m.entity_type, list(m.names), list(m.articles), m.rule]


def graph_signature(ag: ArticleGraph) -> list[Any]:
    """An article's part in a shard's fingerprint: its statements follow from its content hash and the
    pipeline fingerprint (part of ``emit_inputs``); the rest is where and how it was published."""
    a = ag.article
    return [a.id, a.source, a.title, a.date, a.url]


def emit_inputs(shapes: Path, ontology: Path, *settings: Any) -> str:
    """What every shard's output depends on besides its own data: the code, the shapes, the pipeline
    and the settings that change the graph."""
    return fingerprint(emit_version(), file_digest(shapes, ontology), *settings)
