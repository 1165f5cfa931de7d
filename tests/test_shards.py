"""Validation in shards gives what one whole-graph run gives: the same graph and the same violations."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from libgraph import Settings
from libgraph.entailment import closure_of
from libgraph.executors import InlineExecutor, LocalExecutor
from libgraph.model import Article, ArticleGraph, Entity, Evidence, Statement
from libgraph.rdf import to_dataset
from libgraph.resolve import resolve
from libgraph.shards import emit_and_check, part_path, shard_of, shard_prefix_length
from libgraph.store import dataset_triples, from_ox_term
from libgraph.validate import Validator, enforce, load_graph, split_shapes
from libgraph.vocab import LG, Minter


def _article(n: int, entities: list[tuple[str, str, str]], statements: list[tuple[str, str, str]]) -> ArticleGraph:
    text = f"Article {n}, written for the shard tests."
    art = Article(id=hashlib.sha256(text.encode()).hexdigest(), text=text, source=f"a{n}.txt", title=f"A{n}")
    g = ArticleGraph(article=art)
    for local, kind, name in entities:
        g.entities[local] = Entity(local_id=local, type=kind, name=name)
    for i, (s, p, o) in enumerate(statements):
        g.statements.append(Statement(s, p, o, Evidence(f"Sentence {i} of article {n}.", i * 40, i * 40 + 30,
                                                        "test-rule", 0.9)))
    return g


def _corpus() -> list[ArticleGraph]:
    """Invented articles with every kind of violation: a founding year that two articles disagree on
    (corpus scope), a relation whose subject has the wrong type and a collection size of 0 (article
    scope), and a country without an ISO code (an entity removed, and every statement about it)."""
    return [
        _article(1, [("o", "Library", "Harbour City Library"), ("p", "Person", "Mira Lenz")],
                 [("o", "founded", "1950"), ("p", "worksFor", "o")]),
        _article(2, [("o", "Library", "Harbour City Library"), ("q", "Organization", "Reading Society")],
                 [("o", "founded", "1961"), ("o", "memberOf", "q"), ("q", "worksFor", "o")]),
        _article(3, [("o", "Library", "Hill County Library"), ("c", "Country", "Nowhereland")],
                 [("o", "locatedIn", "c"), ("o", "collectionSize", "0")]),
        _article(4, [("o", "Library", "Hill County Library"), ("r", "Organization", "Reading Society")],
                 [("o", "signedAgreementWith", "r")]),
        # enough entities for several entity buckets
        _article(5, [(f"m{i}", "Organization", f"Guild of Bookbinders No. {i}") for i in range(20)],
                 [("m0", "memberOf", "m1")]),
    ]


def _key(v: object) -> tuple[str, ...]:
    return (v.focus, v.path or "", v.value or "", v.message, v.severity, v.shape)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("parallel", "engine"), [(False, "shacl"), (True, "shacl"), (False, "pyshacl")])
def test_sharded_validation_equals_one_whole_graph_run(tmp_path: Path, parallel: bool, engine: str) -> None:
    """Sharded, with either engine, gives what one whole-graph run of the reference engine gives."""
    settings = Settings.load(env={}, shard_size=1, cache_dir="off", validator=engine)
    graphs = _corpus()
    resolution = resolve(graphs)

    whole = to_dataset(graphs, resolution, Minter(settings.base_iri))
    expected = enforce(whole, Validator(load_graph(settings.shapes), load_graph(settings.ontology), "pyshacl"))
    assert len(expected.violations) >= 4

    executor = LocalExecutor(2) if parallel else InlineExecutor()
    try:
        shards = emit_and_check(settings, graphs, resolution, tmp_path, executor, {})
    finally:
        executor.close()
    assert shards.article_shards > 1 and shards.entity_shards > 1
    # a shard's output: its own quads (with the aligned types of its entities) and the facts other
    # shards may state too, published once in the default graph
    got_ox = {q.triple for path in shards.files for q in ox.parse(path=path, format=ox.RdfFormat.N_QUADS)}
    got_ox |= {q.triple for path in shards.files
               for q in ox.parse(path=str(part_path(path, ".shared.nt")), format=ox.RdfFormat.N_TRIPLES)}
    closure = closure_of(str(settings.ontology))
    assert closure.close(got_ox) == closure.close(dataset_triples(whole))
    got = Graph()
    for t in got_ox:
        got.add((from_ox_term(t.subject), from_ox_term(t.predicate), from_ox_term(t.object)))
    assert sorted(map(_key, shards.report.violations)) == sorted(map(_key, expected.violations))

    # the facts the violations were about are gone; the rest is there
    assert not list(got.triples((None, LG.founded, None)))
    assert not list(got.triples((None, LG.collectionSize, None)))
    assert not list(got.triples((None, LG.locatedIn, None)))
    assert len(list(got.triples((None, LG.signedAgreementWith, None)))) == 1
    assert len(list(got.triples((None, LG.memberOf, None)))) == 2
    assert len(list(got.triples((None, LG.worksFor, None)))) == 1  # the person's, not the society's


def _quads(path: str) -> list[tuple[object, object, object, object]]:
    return [(from_ox_term(q.subject), from_ox_term(q.predicate), from_ox_term(q.object), q.graph_name)
            for q in ox.parse(path=path, format=ox.RdfFormat.N_QUADS)]


def test_shapes_split_by_scope() -> None:
    settings = Settings.load(env={})
    shapes = load_graph(settings.shapes)
    article, corpus = split_shapes(shapes)
    lgsh = "https://w3id.org/libgraph/shapes#"
    corpus_shapes = {str(s) for s in corpus.subjects() if str(s).startswith(lgsh)}
    article_shapes = {str(s) for s in article.subjects() if str(s).startswith(lgsh)}
    assert {lgsh + "EntityShape", lgsh + "FoundedOnceShape", lgsh + "CountryShape"} <= corpus_shapes
    assert {lgsh + "WorksForShape", lgsh + "StatementShape", lgsh + "ProvenancePresentShape"} <= article_shapes
    assert not (corpus_shapes - {lgsh + "prefixes"}) & article_shapes
    assert len(article) + len(corpus) >= len(shapes)


def test_shards_are_stable_and_sized() -> None:
    assert shard_prefix_length(3, 64) == 0 and shard_prefix_length(1000, 64) == 1
    assert shard_prefix_length(10_000, 64) == 2
    article_id = "ab" + "0" * 62
    assert shard_of(article_id, 2) == "ab" and shard_of(article_id, 0) == "all"
    assert shard_of("Org:harbour city library", 1) == shard_of("Org:harbour city library", 1)
