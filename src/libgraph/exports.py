"""Exports for researchers' own tools, read from the built store.

- ``csv``: one row per statement, with labels and IRIs, date, date source, confidence, rule,
  sentence and article: a table for a spreadsheet or pandas.
- ``gexf`` and ``graphml``: the network of entities and their relations (each edge weighted by the
  statements that state it; the symmetric relations undirected), for Gephi, Cytoscape or networkx.
- ``compact_jsonld``: JSON-LD with a ``@context`` of the graph's prefixes (compact IRIs).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.etree import ElementTree as ET

import pyoxigraph as ox

from .model import SYMMETRIC_PREDICATES
from .store import EXPORT_FORMATS, export, run_query, term_text
from .vocab import LG, PREDICATES, PREFIXES, SPARQL_PREFIXES

STATEMENT_COLUMNS = ("subject_label", "subject", "predicate", "object_label", "object", "date", "date_source",
                     "role", "confidence", "rule", "sentence", "article", "source")

STATEMENTS = SPARQL_PREFIXES + """
SELECT ?subject_label ?subject ?p ?object_label ?object ?date ?date_source ?role ?confidence ?rule ?sentence
       ?article ?source WHERE {
  ?st a lg:Statement ; rdf:subject ?subject ; rdf:predicate ?p ; rdf:object ?object ; lg:sentence ?sentence ;
      lg:confidence ?confidence ; lg:extractionRule/rdfs:label ?rule ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?article lg:sourcePath ?source }
  OPTIONAL { ?subject skos:prefLabel ?subject_label }
  OPTIONAL { ?object skos:prefLabel ?object_label }
  OPTIONAL { ?st lg:eventDate ?date } OPTIONAL { ?st lg:dateSource ?date_source } OPTIONAL { ?st lg:role ?role }
} ORDER BY ?source ?subject_label ?p ?object_label ?sentence"""

NODES = SPARQL_PREFIXES + """
SELECT ?node ?label ?type WHERE {
  ?node a ?type ; skos:prefLabel ?label . FILTER (?type IN (%s))
} ORDER BY ?node"""

EDGES = SPARQL_PREFIXES + """
SELECT ?s ?p ?o (COUNT(DISTINCT ?st) AS ?weight) WHERE {
  ?s ?p ?o . FILTER (?p IN (%s) && isIRI(?o))
  FILTER (?p NOT IN (%s) || STR(?s) <= STR(?o))
  OPTIONAL { { ?st rdf:subject ?s ; rdf:object ?o } UNION { ?st rdf:subject ?o ; rdf:object ?s } ?st rdf:predicate ?p }
} GROUP BY ?s ?p ?o ORDER BY ?s ?p ?o"""


def _local(iri: str) -> str:
    return iri.removeprefix(str(LG))


def statement_rows(store: ox.Store) -> Iterator[list[str]]:
    for row in run_query(store, STATEMENTS):
        values = [term_text(row[v]) for v in ("subject_label", "subject", "p", "object_label", "object", "date",
                                               "date_source", "role", "confidence", "rule", "sentence", "article",
                                               "source")]
        values[2] = _local(values[2])
        yield values


def write_csv(store: ox.Store, out: BinaryIO) -> int:
    """One row per statement; the number of rows."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(STATEMENT_COLUMNS)
    n = 0
    for values in statement_rows(store):
        writer.writerow(values)
        n += 1
    text.detach()
    return n


def network(store: ox.Store) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, int, bool]]]:
    """(nodes: IRI, label, type), (edges: subject, relation, object, statements, directed)."""
    classes = ", ".join(f"lg:{t}" for t in ("Library", "Organization", "Person", "Country", "City", "Event"))
    nodes: dict[str, tuple[str, str, str]] = {}
    for row in run_query(store, NODES % classes):
        iri = term_text(row["node"])
        nodes.setdefault(iri, (iri, term_text(row["label"]), _local(term_text(row["type"]))))
    relations = ", ".join(f"lg:{p}" for p in PREDICATES)
    symmetric = ", ".join(f"lg:{p}" for p in sorted(SYMMETRIC_PREDICATES))
    edges = []
    for row in run_query(store, EDGES % (relations, symmetric)):
        s, p, o = term_text(row["s"]), _local(term_text(row["p"])), term_text(row["o"])
        if s in nodes and o in nodes:
            edges.append((s, p, o, int(term_text(row["weight"])), p not in SYMMETRIC_PREDICATES))
    return sorted(nodes.values()), edges


def write_gexf(store: ox.Store, out: BinaryIO) -> None:
    nodes, edges = network(store)
    root = ET.Element("gexf", xmlns="http://gexf.net/1.3", version="1.3")
    graph = ET.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    node_attrs = ET.SubElement(graph, "attributes", {"class": "node"})
    ET.SubElement(node_attrs, "attribute", id="type", title="type", type="string")
    edge_attrs = ET.SubElement(graph, "attributes", {"class": "edge"})
    ET.SubElement(edge_attrs, "attribute", id="relation", title="relation", type="string")
    xml_nodes = ET.SubElement(graph, "nodes")
    for iri, label, kind in nodes:
        node = ET.SubElement(xml_nodes, "node", id=iri, label=label)
        ET.SubElement(ET.SubElement(node, "attvalues"), "attvalue", {"for": "type", "value": kind})
    xml_edges = ET.SubElement(graph, "edges")
    for i, (s, p, o, weight, directed) in enumerate(edges):
        edge = ET.SubElement(xml_edges, "edge", id=str(i), source=s, target=o, label=p, weight=str(max(weight, 1)),
                             type="directed" if directed else "undirected")
        ET.SubElement(ET.SubElement(edge, "attvalues"), "attvalue", {"for": "relation", "value": p})
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)


def write_graphml(store: ox.Store, out: BinaryIO) -> None:
    nodes, edges = network(store)
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for key, target, name, kind in (("label", "node", "label", "string"), ("type", "node", "type", "string"),
                                    ("relation", "edge", "relation", "string"), ("weight", "edge", "weight", "int")):
        ET.SubElement(root, "key", {"id": key, "for": target, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", id="libgraph", edgedefault="directed")
    for iri, label, kind in nodes:
        node = ET.SubElement(graph, "node", id=iri)
        ET.SubElement(node, "data", key="label").text = label
        ET.SubElement(node, "data", key="type").text = kind
    for i, (s, p, o, weight, directed) in enumerate(edges):
        edge = ET.SubElement(graph, "edge", id=f"e{i}", source=s, target=o, directed=str(directed).lower())
        ET.SubElement(edge, "data", key="relation").text = p
        ET.SubElement(edge, "data", key="weight").text = str(max(weight, 1))
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)


def _compact_iri(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _compact(value: Any) -> Any:
    if isinstance(value, list):
        return [_compact(v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in {"@id", "@type"}:
            out[key] = [_compact_iri(t) for t in item] if isinstance(item, list) else \
                _compact_iri(item) if isinstance(item, str) and not item.startswith("_:") else item
        elif key.startswith("@"):
            out[key] = _compact(item)
        else:
            out[_compact_iri(key)] = _compact(item)
    return out


def compact_jsonld(expanded: bytes) -> bytes:
    """Oxigraph's expanded JSON-LD with the graph's prefixes as ``@context`` and compact IRIs."""
    data = json.loads(expanded or b"[]")
    document = {"@context": dict(PREFIXES), "@graph": _compact(data)}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


TABLE_FORMATS = ("csv", "gexf", "graphml")
FORMATS = (*EXPORT_FORMATS, *TABLE_FORMATS)


def export_as(store: ox.Store, fmt: str, out: BinaryIO) -> None:
    """Write the build in ``fmt``: an RDF syntax (``store.EXPORT_FORMATS``; JSON-LD with a
    ``@context``), the statements as CSV, or the network as GEXF or GraphML."""
    if fmt == "csv":
        write_csv(store, out)
    elif fmt == "gexf":
        write_gexf(store, out)
    elif fmt == "graphml":
        write_graphml(store, out)
    elif fmt == "jsonld":
        buffer = io.BytesIO()
        export(store, fmt, buffer)
        out.write(compact_jsonld(buffer.getvalue()))
    else:
        export(store, fmt, out)
