"""Model objects -> RDF: entity descriptions, direct triples, and one provenance
node per statement (who said it: article, sentence, offsets, rule, confidence, date).

The dataset has one named graph per article (its statements, their provenance
and the article's description) and one for the entities and merge decisions;
``graph.ttl`` is their union.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from .dates import xsd_datatype
from .model import ArticleGraph, Statement
from .resolve import Relation, Resolution
from .vocab import (
    LG,
    LGC,
    LITERAL_PREDICATES,
    PREFIXES,
    SCHEMA,
    Minter,
    class_iri,
    geonames_iri,
    predicate_iri,
)


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)


def date_literal(value: str) -> Literal:
    return Literal(value, datatype=XSD[xsd_datatype(value)])


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal with two decimals at most, in canonical form ("0.9", "1"), as stores keep it."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=XSD.decimal)


def literal_object(predicate: str, value: str) -> Literal:
    if predicate == "collectionSize":
        return Literal(int(value), datatype=XSD.integer)
    return date_literal(value)


def country_keys(resolution: Resolution) -> dict[str, str]:
    """ISO 3166 code -> key of the country entity, for the countries the graph has."""
    return {ent.external_ids["iso3166"]: key for key, ent in resolution.entities.items()
            if ent.type == "Country" and "iso3166" in ent.external_ids}


class Emitter:
    def __init__(self, minter: Minter, resolution: Resolution) -> None:
        self.mint = minter
        self.res = resolution

    def entity_iri(self, key: str) -> URIRef:
        ent = self.res.entities[key]
        return self.mint.entity(ent.type, key)

    def entities_graph(self, g: Graph, countries: dict[str, str] | None = None) -> None:
        """The entity descriptions and merge decisions of ``self.res`` (all of it, or one bucket of
        entities, given the country keys of the whole graph)."""
        country_iris = {code: self.mint.entity("Country", key)
                        for code, key in (countries if countries is not None else country_keys(self.res)).items()}
        for key, ent in sorted(self.res.entities.items()):
            iri = self.entity_iri(key)
            g.add((iri, RDF.type, class_iri(ent.type)))
            g.add((iri, RDFS.label, Literal(ent.name)))
            g.add((iri, SKOS.prefLabel, Literal(ent.name)))
            for alias in sorted(ent.aliases):
                g.add((iri, SKOS.altLabel, Literal(alias)))
            if "geonames" in ent.external_ids:
                g.add((iri, OWL.sameAs, geonames_iri(int(ent.external_ids["geonames"]))))
            for retired in sorted(ent.same_as):  # merged into this one by the curation file
                g.add((iri, OWL.sameAs, URIRef(retired)))
            if ent.type == "Country" and "iso3166" in ent.external_ids:
                g.add((iri, LG.isoCode, Literal(ent.external_ids["iso3166"])))
            # what the gazetteer (not an article) says: the city's country, when the graph has it
            if ent.type == "City" and ent.external_ids.get("country") in country_iris:
                g.add((iri, SCHEMA.containedInPlace, country_iris[ent.external_ids["country"]]))
        for decision in self.res.merges:
            node = self.mint.merge(decision.key)
            g.add((node, RDF.type, LG.MergeDecision))
            g.add((node, LG.mergedInto, self.entity_iri(decision.key)))
            g.add((node, LG.mergeRule, Literal(decision.rule)))
            for name in decision.names:
                g.add((node, LG.mergedLabel, Literal(name)))
            for art in decision.articles:
                g.add((node, PROV.wasDerivedFrom, self.mint.article(art)))

    def article_graph(self, ag: ArticleGraph, g: Graph) -> None:
        art = ag.article
        a_iri = self.mint.article(art.id)
        if art.kind == "curation":  # a fact asserted in the curation file: the entry is the source
            g.add((a_iri, RDF.type, LGC.Assertion))
            g.add((a_iri, RDFS.comment, Literal(art.text)))
            if art.title:
                g.add((a_iri, PROV.wasAttributedTo, Literal(art.title)))
            if art.date:
                g.add((a_iri, DCTERMS.created, date_literal(art.date)))
            if art.url:
                g.add((a_iri, DCTERMS.source, URIRef(art.url)))
        else:
            g.add((a_iri, RDF.type, SCHEMA.NewsArticle))
        if art.title and art.kind != "curation":
            g.add((a_iri, SCHEMA.headline, Literal(art.title)))
        if art.date and art.kind != "curation":
            g.add((a_iri, SCHEMA.datePublished, date_literal(art.date)))
        if art.url and art.kind != "curation":
            g.add((a_iri, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI)))
        g.add((a_iri, LG.sourcePath, Literal(art.source)))
        g.add((a_iri, LG.contentHash, Literal(art.id)))
        for stmt in ag.statements:
            self.statement(ag, stmt, a_iri, g)

    def statement(self, ag: ArticleGraph, stmt: Statement, a_iri: URIRef, g: Graph) -> None:
        art_id = ag.article.id
        s = self.entity_iri(self.res.key_of(art_id, stmt.subject))
        p = predicate_iri(stmt.predicate)
        o: URIRef | Literal
        if stmt.predicate in LITERAL_PREDICATES:
            o = literal_object(stmt.predicate, stmt.object)
        else:
            o = self.entity_iri(self.res.key_of(art_id, stmt.object))
        ev = stmt.evidence
        node = self.mint.statement(art_id, str(s), stmt.predicate, str(o), str(ev.sentence_start))
        g.add((s, p, o))
        g.add((node, RDF.type, LG.Statement))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, PROV.wasDerivedFrom, a_iri))
        g.add((node, LG.sentence, Literal(ev.sentence)))
        g.add((node, LG.sentenceStart, Literal(ev.sentence_start, datatype=XSD.integer)))
        g.add((node, LG.sentenceEnd, Literal(ev.sentence_end, datatype=XSD.integer)))
        if ev.start is not None and ev.end is not None:
            g.add((node, LG.mentionStart, Literal(ev.start, datatype=XSD.integer)))
            g.add((node, LG.mentionEnd, Literal(ev.end, datatype=XSD.integer)))
        rule = self.mint.rule(ev.rule)
        g.add((node, LG.extractionRule, rule))
        g.add((rule, RDF.type, LG.ExtractionRule))
        g.add((rule, RDFS.label, Literal(ev.rule)))
        g.add((node, LG.confidence, decimal_literal(ev.confidence)))
        if stmt.date:
            g.add((node, LG.eventDate, date_literal(stmt.date)))
            if stmt.date_source:
                g.add((node, LG.dateSource, Literal(stmt.date_source)))
        if stmt.role:
            g.add((node, LG.role, Literal(stmt.role)))


def emit_entities(ds: Quads, resolution: Resolution, minter: Minter,
                  countries: dict[str, str] | None = None) -> None:
    """The entities graph of ``resolution`` into ``ds`` (all of it, or one bucket of entities, given
    the country keys of the whole graph)."""
    Emitter(minter, resolution).entities_graph(ds.graph(minter.entities_graph()), countries)


def emit_articles(ds: Quads, graphs: Iterable[ArticleGraph], resolution: Resolution, minter: Minter) -> None:
    """One named graph per article into ``ds``: its description, statements and their provenance."""
    emitter = Emitter(minter, resolution)
    for ag in graphs:
        emitter.article_graph(ag, ds.graph(minter.article_graph(ag.article.id)))


def relation_triples(g: Graph, relations: Iterable[Relation], types: Mapping[str, str], minter: Minter) -> None:
    """The direct triples of ``relations`` (``types``: the subjects' types) into ``g``."""
    for s_key, pred, obj, obj_type in relations:
        o = literal_object(pred, obj) if pred in LITERAL_PREDICATES else minter.entity(obj_type, obj)
        g.add((minter.entity(types[s_key], s_key), predicate_iri(pred), o))


def type_triples(g: Graph, types: Mapping[str, str], minter: Minter) -> None:
    """``rdf:type`` of each entity (key -> type) into ``g``."""
    for key, entity_type in types.items():
        g.add((minter.entity(entity_type, key), RDF.type, class_iri(entity_type)))


def to_dataset(graphs: Iterable[ArticleGraph], resolution: Resolution, minter: Minter) -> Dataset:
    """The whole build as one dataset: one named graph per article plus the entities graph (what
    the build's shards emit, each its part; see ``shards``)."""
    ds = Dataset()
    bind_prefixes(ds)
    emit_entities(ds, resolution, minter)
    emit_articles(ds, graphs, resolution, minter)
    return ds


class NamedGraphs:
    """Named graphs, each in a plain (not context-aware) rdflib store: the part of ``Dataset`` that a
    shard's emission and checks use (``graph``, ``graphs``, ``quads``), at about half the cost of
    adding to and reading from one context-aware store."""

    def __init__(self) -> None:
        self._graphs: dict[Node, Graph] = {}

    def graph(self, identifier: Node) -> Graph:
        found = self._graphs.get(identifier)
        if found is None:
            found = self._graphs[identifier] = Graph(store="SimpleMemory", identifier=identifier)  # type: ignore[arg-type]
        return found

    def graphs(self) -> Iterator[Graph]:
        return iter(list(self._graphs.values()))

    def quads(self, quad: tuple[Node | None, Node | None, Node | None, Node | None]
              ) -> Iterator[tuple[Node, Node, Node, Node]]:
        """The quads matching a pattern (its graph part must be ``None``)."""
        s, p, o, g = quad
        if g is not None:
            raise ValueError("NamedGraphs.quads matches within every graph: give None as the graph")
        for graph in list(self._graphs.values()):
            for t in graph.triples((s, p, o)):
                yield t[0], t[1], t[2], graph.identifier


Quads = Dataset | NamedGraphs  # what emission, checks and shard outputs read and change


def union_graph(ds: Quads) -> Graph:
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
