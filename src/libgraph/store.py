"""The Oxigraph store that holds a published build (``build/store/``).

Articles are named graphs; queries see their union as the default graph, so a
plain ``SELECT`` finds every fact and ``GRAPH ?g`` tells which article states it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Container, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast

import pyoxigraph as ox
import rdflib

from .errors import QueryError, StoreError
from .query_errors import describe
from .vocab import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    # name: (format, carries named graphs)
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "xml": (ox.RdfFormat.RDF_XML, False),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
}


def to_ox_term(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store RDF term {term!r}")


class HasGraphs(Protocol):
    """An rdflib ``Dataset``, or anything else that lists its named graphs."""

    def graphs(self) -> Iterable[rdflib.Graph]: ...


def dataset_quads(ds: HasGraphs, leave_out: Container[Any] = ()) -> list[ox.Quad]:
    """Every quad of ``ds`` (but those of the graphs named in ``leave_out``) as a pyoxigraph quad."""
    return [ox.Quad(s, p, o, g) for s, p, o, g in _converted(ds, leave_out)]


def dataset_triples(ds: HasGraphs) -> set[ox.Triple]:
    """The triples of all of ``ds``'s graphs, as pyoxigraph triples."""
    return {ox.Triple(s, p, o) for s, p, o, _g in _converted(ds, ())}


def _converted(ds: HasGraphs, leave_out: Container[Any]) -> Iterator[tuple[Any, Any, Any, ox.NamedNode]]:
    """Graph by graph, each distinct term converted once: a shard's quads hold a few thousand distinct
    terms in tens of thousands of places."""
    converted: dict[Any, Any] = {}

    def convert(term: Any) -> Any:
        found = converted.get(term)
        if found is None:
            found = converted[term] = to_ox_term(term)
        return found

    for graph in ds.graphs():
        if graph.identifier in leave_out:
            continue
        name = ox.NamedNode(str(graph.identifier))
        for s, p, o in graph:
            yield convert(s), convert(p), convert(o), name


def from_ox_term(term: Any) -> Any:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:  # RDF 1.1 simple literal
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise StoreError(f"cannot convert RDF term {term!r}")


def read_rdf(path: Path) -> rdflib.Graph:
    """Any RDF file (format from its extension) as one rdflib graph, named graphs merged."""
    try:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
        if fmt is None:
            raise StoreError(f"cannot tell the RDF format of {path} from its extension")
        g = rdflib.Graph()
        for q in ox.parse(path=str(path), format=fmt):
            g.add((from_ox_term(q.subject), from_ox_term(q.predicate), from_ox_term(q.object)))
        return g
    except SyntaxError as exc:
        raise StoreError(f"cannot parse {path}: {exc}") from exc


# N-Quads per bulk load call. The loader's memory grows with it, and so, past a few MB, does its time
# per quad: 1.57M quads loaded at 190k quads/s in 8 MB batches, 120k/s in 64 MB ones, 140k/s in one call.
BULK_LOAD_BYTES = 8_000_000


def load_files(path: Path, files: list[str], batch_bytes: int = BULK_LOAD_BYTES) -> ox.Store:
    """Create a store at ``path`` holding the quads of N-Quads files (bulk loading, no transaction).

    Files are loaded in batches of about ``batch_bytes``: one bulk load per file costs a set of index
    files each (slow for many small files), one for everything holds it all in memory at once. The
    files are the build's own output, written by Oxigraph's serializer from validated graphs, so the
    parser skips re-checking IRIs and literals (``lenient``: 1.3x faster loading)."""
    store = ox.Store(str(path))
    batch: list[str] = []
    size = 0
    for name in files:
        batch.append(name)
        size += Path(name).stat().st_size
        if size >= batch_bytes:
            store.bulk_load(cast(BinaryIO, Concatenation(batch)), format=ox.RdfFormat.N_QUADS, lenient=True)
            batch, size = [], 0
    if batch:
        store.bulk_load(cast(BinaryIO, Concatenation(batch)), format=ox.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    return store


class Concatenation(io.RawIOBase):
    """Several files read as one stream (N-Quads files concatenate into one N-Quads document)."""

    def __init__(self, files: list[str]) -> None:
        self._files = iter(files)
        self._current: io.BufferedReader | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._current is None:
                name = next(self._files, None)
                if name is None:
                    return 0
                self._current = open(name, "rb")  # noqa: SIM115 - closed when exhausted
            n = int(self._current.readinto(buffer))
            if n:
                return n
            self._current.close()
            self._current = None

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
        super().close()


def open_store(path: Path) -> ox.Store:
    """Open a built store read-only (several processes may do so at once)."""
    if not (path / "CURRENT").exists():
        raise StoreError(f"no store at {path}; run `libgraph build` (or `make build-graph`) first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc


def run_query(store: ox.Store, query: str) -> Any:
    """Evaluate a SPARQL query over the union of the article graphs."""
    try:
        return store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {describe(query, str(exc))}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc


def term_text(term: Any) -> str:
    if term is None:
        return ""
    return str(term.value) if hasattr(term, "value") else str(term)


def solutions_table(result: ox.QuerySolutions) -> tuple[list[str], list[list[str]]]:
    names = [v.value for v in result.variables]
    rows = [[term_text(sol[n]) for n in names] for sol in result]
    return names, rows


RESULT_FORMATS = ("table", "csv", "json")  # for SELECT and ASK
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                 "xml": ox.RdfFormat.RDF_XML}  # for CONSTRUCT and DESCRIBE


def format_result(result: Any, fmt: str) -> str:
    """Render a query result: solutions and booleans as ``table``, ``csv`` or ``json`` (SPARQL
    results JSON); triples as ``ttl`` (also for ``table``), ``nt``, ``jsonld`` or ``xml``."""
    if isinstance(result, ox.QueryBoolean | bool):
        if fmt in GRAPH_FORMATS:
            raise QueryError(f"an ASK query answers true or false: use --format {'|'.join(RESULT_FORMATS)}")
        return json.dumps({"head": {}, "boolean": bool(result)}) + "\n" if fmt == "json" \
            else str(bool(result)).lower() + "\n"
    if isinstance(result, ox.QuerySolutions):
        if fmt in GRAPH_FORMATS:
            raise QueryError(f"a SELECT query answers rows: use --format {'|'.join(RESULT_FORMATS)} "
                             f"({'|'.join(GRAPH_FORMATS)} are for CONSTRUCT and DESCRIBE)")
        if fmt == "json":
            return bytes(result.serialize(format=ox.QueryResultsFormat.JSON) or b"").decode("utf-8")
        names, rows = solutions_table(result)
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(names)
            writer.writerows(rows)
            return buf.getvalue()
        return _table(names, rows)
    # CONSTRUCT / DESCRIBE
    if fmt not in GRAPH_FORMATS and fmt != "table":
        raise QueryError(f"a CONSTRUCT or DESCRIBE query answers triples: use --format {'|'.join(GRAPH_FORMATS)}")
    rdf_format = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
    prefixes = PREFIXES if rdf_format in {ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML} else None
    return bytes(ox.serialize(list(result), format=rdf_format, prefixes=prefixes) or b"").decode("utf-8")


def _table(names: list[str], rows: list[list[str]], width: int = 80) -> str:
    cols = [min(width, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]

    def fmt_row(cells: list[str]) -> str:
        return " | ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, cols, strict=True))

    lines = [fmt_row(names), "-+-".join("-" * w for w in cols)]
    lines += [fmt_row(r) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def export(store: ox.Store, fmt: str, out: BinaryIO) -> None:
    """Write the whole store in ``fmt`` (see ``EXPORT_FORMATS``)."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    rdf_format, with_graphs = EXPORT_FORMATS[fmt]
    prefixes = PREFIXES if rdf_format in {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML} else None
    if with_graphs:
        store.dump(out, format=rdf_format, prefixes=prefixes) if prefixes else store.dump(out, format=rdf_format)
    else:
        # the union of the graphs, each triple once (CONSTRUCT removes duplicates), streamed
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        assert isinstance(triples, ox.QueryTriples)
        if prefixes:
            ox.serialize(triples, out, format=rdf_format, prefixes=prefixes)
        else:
            ox.serialize(triples, out, format=rdf_format)
