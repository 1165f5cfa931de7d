"""Descriptions of the service: SPARQL 1.1 Service Description and VoID."""

from __future__ import annotations

from ..vocab import ENTITY_TYPES, LG, PREDICATES, PREFIXES

SD_FORMATS = [
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG",
]

VOID_QUERY_CLASSES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
VOID_QUERY_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
VOID_QUERY_TOTAL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
VOID_QUERY_GEONAMES = ("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o "
                       "FILTER (STRSTARTS(STR(?o), \"https://sws.geonames.org/\")) }")


def service_description(endpoint: str, triples: int | None, union_default_graph: bool) -> str:
    formats = ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in SD_FORMATS)
    union = "\n    sd:feature sd:UnionDefaultGraph ;" if union_default_graph else ""
    size = f" ; void:triples {triples}" if triples is not None else ""
    # the predeclared prefixes, in SHACL's vocabulary for prefix declarations
    declared = " ,\n        ".join(f'[ sh:prefix "{p}" ; sh:namespace "{ns}"^^xsd:anyURI ]'
                                   for p, ns in PREFIXES.items())
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{endpoint}#service> a sd:Service ;
    rdfs:label "libgraph SPARQL endpoint" ;
    rdfs:comment "Queries and updates may use these prefixes without declaring them." ;
    sh:declare {declared} ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;{union}
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph{size} ] ] .
"""


def void_description(server: str, base_iri: str, total: int, classes: dict[str, int],
                     properties: dict[str, int], geonames_links: int) -> str:
    lines = [
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        f"@prefix lg: <{LG._NS}> .",
        "",
        f"<{server}/.well-known/void#dataset> a void:Dataset ;",
        '    dcterms:title "libgraph: libraries\' international cooperation, from news articles" ;',
        f"    void:sparqlEndpoint <{server}/sparql> ;",
        f'    void:uriSpace "{base_iri}" ;',
        "    void:vocabulary <https://w3id.org/libgraph/ontology> ;",
        f"    void:triples {total} ;",
        f"    void:entities {sum(classes.get(str(LG[t]), 0) for t in ENTITY_TYPES)} ;",
    ]
    for t in ENTITY_TYPES:
        lines.append(f"    void:classPartition [ void:class lg:{t} ; void:entities {classes.get(str(LG[t]), 0)} ] ;")
    for p in PREDICATES:
        lines.append(f"    void:propertyPartition [ void:property lg:{p} ; void:triples "
                     f"{properties.get(str(LG[p]), 0)} ] ;")
    lines.append(f"    void:subset <{server}/.well-known/void#geonames> .")
    lines += [
        "",
        f"<{server}/.well-known/void#geonames> a void:Linkset ;",
        "    void:linkPredicate owl:sameAs ;",
        f"    void:subjectsTarget <{server}/.well-known/void#dataset> ;",
        "    void:objectsTarget <https://www.geonames.org/> ;",
        f"    void:triples {geonames_links} .",
        "",
    ]
    return "\n".join(lines)
