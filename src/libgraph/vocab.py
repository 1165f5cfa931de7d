"""Namespaces, ontology terms and IRI minting: the only place IRIs are made.

``LG`` is a closed namespace: using a term the ontology does not define raises
at import/attribute time, and ``tests/test_vocab.py`` checks that every term
here is declared in ``ontology/libgraph.ttl`` and the other way round.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

# the types and relations are the model's; re-exported here beside their IRIs
from .model import ENTITY_TYPES as ENTITY_TYPES
from .model import LITERAL_PREDICATES as LITERAL_PREDICATES
from .model import PREDICATES as PREDICATES
from .model import SYMMETRIC_PREDICATES as SYMMETRIC_PREDICATES
from .model import family
from .text import strip_accents

ONTOLOGY_IRI = "https://w3id.org/libgraph/ontology"
RULE_BASE = ONTOLOGY_IRI + "/rule/"


class LG(DefinedNamespace):
    """The libgraph ontology (``ontology/libgraph.ttl``)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes: the six entity types of the guidelines, plus statements
    Library: URIRef
    Organization: URIRef
    Person: URIRef
    Country: URIRef
    City: URIRef
    Event: URIRef
    Statement: URIRef
    ExtractionRule: URIRef
    MergeDecision: URIRef

    # the twelve relations
    visited: URIRef
    metWith: URIRef
    signedAgreementWith: URIRef
    memberOf: URIRef
    locatedIn: URIRef
    worksFor: URIRef
    namedAfter: URIRef
    partOf: URIRef
    founded: URIRef
    collectionSize: URIRef
    organized: URIRef
    donatedTo: URIRef

    # provenance and statement properties
    sentence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    mentionStart: URIRef
    mentionEnd: URIRef
    extractionRule: URIRef
    confidence: URIRef
    eventDate: URIRef
    dateSource: URIRef
    rulePredicate: URIRef
    ruleKind: URIRef
    role: URIRef
    contentHash: URIRef
    sourcePath: URIRef
    isoCode: URIRef
    mergedLabel: URIRef
    mergeRule: URIRef
    mergedInto: URIRef


SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
LGC = Namespace("https://w3id.org/libgraph/curation#")  # the curation file's vocabulary (libgraph.curation)
GEONAMES = Namespace("https://sws.geonames.org/")

PREFIXES: dict[str, str] = {
    "lg": str(LG._NS),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}

SPARQL_PREFIXES: str = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
"""The prefixes above as a SPARQL prologue."""



def class_iri(entity_type: str) -> URIRef:
    if entity_type not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {entity_type!r}")
    return URIRef(LG[entity_type])


def predicate_iri(name: str) -> URIRef:
    if name not in PREDICATES:
        raise ValueError(f"unknown predicate {name!r}")
    return URIRef(LG[name])


def slug(text: str) -> str:
    """Lower-case, accent-free, hyphen-joined words; keeps non-Latin letters.

    Injective on the normalised names resolution keys on: two names with the
    same slug are, by construction, the same resolution key.
    """
    words = re.findall(r"\w+", strip_accents(text).lower())
    return "-".join(words) or "unnamed"


def digest(*parts: str, length: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:length]


class Minter:
    """Mints the IRIs of one build from the ``base_iri`` setting."""

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(quote(s, safe="-._~") for s in segments))

    def entity(self, entity_type: str, key: str) -> URIRef:
        """``key`` is the resolution key (already normalised): stable across builds."""
        kind = family(entity_type).replace("Org", "organization").lower()
        return self._iri("id", kind, slug(key.split(":", 1)[-1]))

    def article(self, content_hash: str) -> URIRef:
        return self._iri("article", content_hash[:16])

    def statement(self, article_hash: str, *parts: str) -> URIRef:
        return self._iri("statement", digest(article_hash, *parts))

    @staticmethod
    def rule(name: str) -> URIRef:
        """Rules are terms of the ontology (``ontology/rules.ttl``), the same in every build."""
        return URIRef(RULE_BASE + quote(slug(name), safe="-._~"))

    def merge(self, key: str) -> URIRef:
        return self._iri("merge", digest(key))

    def graph(self, name: str) -> URIRef:
        return self._iri("graph", name)

    def article_graph(self, content_hash: str) -> URIRef:
        """The named graph holding one article's statements and their provenance."""
        return self._iri("graph", "article", content_hash[:16])

    def entities_graph(self) -> URIRef:
        """The named graph holding the entity descriptions and merge decisions."""
        return self.graph("entities")

    def facts_graph(self) -> URIRef:
        """The named graph holding each direct relation once, however many articles state it, with
        what the ontology's closure derives from them, and the extraction rules."""
        return self.graph("facts")


def geonames_iri(geoname_id: int) -> URIRef:
    return URIRef(f"{GEONAMES}{geoname_id}/")

