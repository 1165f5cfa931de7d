from __future__ import annotations

from rdflib import RDF, XSD, Dataset, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from libgraph import Settings
from libgraph.validate import enforce, load_graph
from libgraph.vocab import LG, SCHEMA

EX = "https://example.org/"


def _dataset() -> Dataset:
    ds = Dataset()
    g = ds.graph(URIRef(EX + "g"))
    art = URIRef(EX + "article")
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, LG.contentHash, Literal("a" * 64)))
    g.add((art, LG.sourcePath, Literal("a.txt")))
    rule = URIRef(EX + "rule")
    g.add((rule, RDF.type, LG.ExtractionRule))
    g.add((rule, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("test-rule")))
    for name, cls in (("lib", LG.Library), ("org", LG.Organization), ("bob", LG.Person)):
        n = URIRef(EX + name)
        g.add((n, RDF.type, cls))
        g.add((n, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(name)))
        g.add((n, SKOS.prefLabel, Literal(name)))

    def state(s: str, p: URIRef, o: str) -> None:
        st = URIRef(EX + f"st-{s}-{o}")
        g.add((URIRef(EX + s), p, URIRef(EX + o)))
        for pp, oo in ((RDF.type, LG.Statement), (RDF.subject, URIRef(EX + s)), (RDF.predicate, p),
                       (RDF.object, URIRef(EX + o)), (PROV.wasDerivedFrom, art),
                       (LG.sentence, Literal("A sentence.")), (LG.extractionRule, rule),
                       (LG.sentenceStart, Literal(0, datatype=XSD.integer)),
                       (LG.sentenceEnd, Literal(11, datatype=XSD.integer)),
                       (LG.confidence, Literal("0.9", datatype=XSD.decimal))):
            g.add((st, pp, oo))

    state("lib", LG.signedAgreementWith, "org")  # fine: Library is an Organization
    state("org", LG.worksFor, "lib")  # wrong: only persons work for organizations
    g.add((URIRef(EX + "bob"), LG.visited, URIRef(EX + "lib")))  # no statement: no provenance
    return ds


def test_validate_removes_and_reports_violations() -> None:
    settings = Settings.load(env={})
    ds = _dataset()
    report = enforce(ds, load_graph(settings.shapes), load_graph(settings.ontology))
    assert not report.conforms
    messages = " ".join(v.message for v in report.violations)
    assert "worksFor" in messages and "no lg:Statement" in messages
    left = {(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))}
    assert (URIRef(EX + "lib"), LG.signedAgreementWith, URIRef(EX + "org")) in left
    assert (URIRef(EX + "org"), LG.worksFor, URIRef(EX + "lib")) not in left
    assert (URIRef(EX + "bob"), LG.visited, URIRef(EX + "lib")) not in left
    assert not [t for t in left if t[1] == RDF.predicate and t[2] == LG.worksFor]  # provenance went too
    again = enforce(ds, load_graph(settings.shapes), load_graph(settings.ontology))
    assert again.conforms and not again.violations
