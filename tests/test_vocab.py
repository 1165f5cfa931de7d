from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from libgraph import Settings
from libgraph.vocab import ENTITY_TYPES, LG, PREDICATES, Minter, slug


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    g.parse(Settings.load(env={}).ontology, format="turtle")
    return g


def test_vocab_terms_match_the_ontology(ontology: Graph) -> None:
    declared = {str(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(LG._NS))}
    in_code = {str(LG[name]) for name in LG.__annotations__}
    assert declared == in_code


def test_vocab_every_term_has_label_and_definition(ontology: Graph) -> None:
    for name in LG.__annotations__:
        term = URIRef(LG[name])
        assert ontology.value(term, RDFS.label) is not None, name
        assert ontology.value(term, SKOS.definition) is not None, name


def test_vocab_guideline_names_and_alignment(ontology: Graph) -> None:
    for t in ENTITY_TYPES:
        assert (URIRef(LG[t]), RDF.type, OWL.Class) in ontology
        assert list(ontology.objects(URIRef(LG[t]), RDFS.subClassOf)), t
    for p in PREDICATES:
        assert (URIRef(LG[p]), RDF.type, None) in ontology
    assert (LG.Library, RDFS.subClassOf, LG.Organization) in ontology
    assert (LG.signedAgreementWith, RDF.type, OWL.SymmetricProperty) in ontology


def test_vocab_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        LG.signedWith  # noqa: B018


def test_vocab_minting_is_deterministic_and_readable() -> None:
    m = Minter("https://example.org/kg/")
    a = m.entity("Library", "Org:national library of china")
    assert a == m.entity("Organization", "Org:national library of china")  # retyping keeps the IRI
    assert str(a) == "https://example.org/kg/id/organization/national-library-of-china"
    assert str(m.entity("Country", "country:jp")) == "https://example.org/kg/id/country/jp"
    assert slug("Bibliothèque nationale de France") == "bibliotheque-nationale-de-france"
    assert m.statement("abc", "x") == m.statement("abc", "x") != m.statement("abc", "y")
