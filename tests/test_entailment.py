"""The inferences the graph carries: symmetric relations both ways, the aligned vocabularies, and
each fact once in the default graph however many articles state it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from libgraph import Settings, build
from libgraph.build import BuildResult
from libgraph.entailment import Closure, closure_of
from libgraph.store import open_store, run_query

LG = "https://w3id.org/libgraph/ontology#"
SCHEMA = "https://schema.org/"
PREFIXES = f"PREFIX lg: <{LG}> PREFIX schema: <{SCHEMA}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


def _rows(result: BuildResult, query: str) -> list[dict[str, str]]:
    solutions = run_query(open_store(result.out / "store"), PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


def _n(result: BuildResult, query: str) -> int:
    return int(_rows(result, query)[0]["n"])


ONTOLOGY = f"""
@prefix lg: <{LG}> . @prefix schema: <{SCHEMA}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
lg:Organization rdfs:subClassOf schema:Organization .
lg:Library rdfs:subClassOf lg:Organization, schema:Library .
lg:signedAgreementWith a owl:SymmetricProperty .
lg:worksFor rdfs:subPropertyOf schema:worksFor .
lg:organized owl:inverseOf schema:organizer .
"""


def _t(s: str, p: str, o: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))


def test_the_closure_the_ontology_declares() -> None:
    closure = Closure.from_ontology(ox.parse(ONTOLOGY, format=ox.RdfFormat.TURTLE))
    a, b = "urn:a", "urn:b"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert set(closure.derived(_t(a, rdf_type, LG + "Library"))) == \
        {_t(a, rdf_type, SCHEMA + "Library"), _t(a, rdf_type, SCHEMA + "Organization")}  # no lg:Organization
    assert closure.derived(_t(a, LG + "signedAgreementWith", b)) == [_t(b, LG + "signedAgreementWith", a)]
    assert closure.derived(_t(a, LG + "worksFor", b)) == [_t(a, SCHEMA + "worksFor", b)]
    assert closure.derived(_t(a, LG + "organized", b)) == [_t(b, SCHEMA + "organizer", a)]
    assert closure.derived(_t(a, LG + "visited", b)) == []  # declares nothing


def test_the_project_ontology_aligns_without_clashing_with_lg_names() -> None:
    """A tool that matches relations by local name must not read one relation's alignment as another
    relation (``lg:worksFor`` is not aligned to ``org:memberOf``)."""
    from libgraph.model import PREDICATES

    closure = closure_of(str(Settings.load(env={}).ontology))
    assert closure.super_properties[ox.NamedNode(LG + "worksFor")] == (ox.NamedNode(SCHEMA + "worksFor"),)
    for relation, supers in closure.super_properties.items():
        local = relation.value.rsplit("#", 1)[-1]
        for aligned in supers:
            name = aligned.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            assert name == local or name not in PREDICATES, (relation, aligned)
    assert closure.symmetric == {ox.NamedNode(LG + "metWith"), ox.NamedNode(LG + "signedAgreementWith")}


def test_a_symmetric_agreement_is_found_from_either_side(seed_build: BuildResult) -> None:
    uzbekistan = ('?a skos:altLabel|rdfs:label "National Library of Uzbekistan" . '
                  '?b skos:altLabel|rdfs:label "National Library of China" .')
    assert _n(seed_build, f"SELECT (COUNT(*) AS ?n) WHERE {{ {uzbekistan} ?a lg:signedAgreementWith ?b }}") == 1
    assert _n(seed_build, f"SELECT (COUNT(*) AS ?n) WHERE {{ {uzbekistan} ?b lg:signedAgreementWith ?a }}") == 1
    # and every agreement is stored both ways
    assert _n(seed_build, """SELECT (COUNT(*) AS ?n) WHERE { ?a lg:signedAgreementWith ?b
                              FILTER NOT EXISTS { ?b lg:signedAgreementWith ?a } }""") == 0


def test_queries_in_the_aligned_vocabularies(seed_build: BuildResult) -> None:
    libraries = _n(seed_build, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a lg:Library }")
    assert libraries > 0
    assert _n(seed_build, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a schema:Library }") == libraries
    works = _n(seed_build, "SELECT (COUNT(*) AS ?n) WHERE { ?p lg:worksFor ?o }")
    assert works > 0 and _n(seed_build, "SELECT (COUNT(*) AS ?n) WHERE { ?p schema:worksFor ?o }") == works
    organized = _n(seed_build, "SELECT (COUNT(*) AS ?n) WHERE { ?o lg:organized ?e }")
    assert organized > 0
    assert _n(seed_build, "SELECT (COUNT(*) AS ?n) WHERE { ?o lg:organized ?e . ?e schema:organizer ?o }") == organized


def test_a_fact_stated_by_two_articles_is_counted_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = "The Ostland National Library signed a memorandum of cooperation with the Vesper State Archive."
    (corpus / "one.txt").write_text(f"Ostland library signs memorandum\n\n{sentence}\n", encoding="utf-8")
    (corpus / "two.txt").write_text(f"Archive news\n\nIn March, the two met again. {sentence}\n", encoding="utf-8")
    result = build(Settings.load(env={}, corpus=corpus, out=tmp_path / "build", cache_dir="off"))
    assert result.relations["signedAgreementWith"] == 1  # one pair
    # two statements, one per article, each with its sentence
    statements = _rows(result, """SELECT ?st ?g WHERE { GRAPH ?g { ?st a lg:Statement ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> lg:signedAgreementWith } }""")
    assert len({r["g"] for r in statements}) == 2
    # the fact itself, once each way, in the default graph (the union of the graphs)
    assert _n(result, "SELECT (COUNT(*) AS ?n) WHERE { ?s lg:signedAgreementWith ?o }") == 2
    everything = _n(result, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert everything == _n(result, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
