"""Evaluation: pure functions over an Oxigraph store, one request in, one response out.

They run in the query worker processes (``pool``); nothing here knows about processes, HTTP or
time limits. Results are serialised here (capped at ``max_rows``), so the bytes that come back are
the response body.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import EngineError
from ..query_errors import describe
from ..vocab import PREFIXES
from .requests import (
    TRUNCATED_HEADER,
    GraphRequest,
    QueryRequest,
    QueryResponse,
    Request,
    Source,
    UpdateRequest,
    error_response,
)
from .results import RDF_MEDIA, RESULTS_MEDIA, SELECT_WRITERS, boolean_result

COMMENTS_AND_STRINGS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'
    r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*")


def query_keywords(query: str) -> set[str]:
    """Upper-cased bare words of a query, with strings, IRIs and comments removed."""
    stripped = COMMENTS_AND_STRINGS.sub(" ", query)
    return {w.upper() for w in re.findall(r"[A-Za-z_]+", stripped)}


MAX_NESTING = 256  # deeper queries are refused: the parser's recursion could overflow the worker's stack


def nesting_depth(query: str) -> int:
    """The deepest nesting of ``{ ( [`` in a query, strings, IRIs and comments aside."""
    depth = deepest = 0
    for c in COMMENTS_AND_STRINGS.sub(" ", query):
        if c in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "})]":
            depth -= 1
    return deepest


def open_source(source: Source) -> ox.Store:
    if source.store is not None:
        if source.writable:
            if source.updates is None:
                raise EngineError("a writable server needs a folder for its update log (updates_dir)")
            from .updatelog import working_store

            return working_store(source.store, source.updates)
        return ox.Store.read_only(str(source.store))
    store = ox.Store()
    for path in source.files:
        store.bulk_load(path=str(path), format=rdf_format(path), base_iri=source.base_iri or path.resolve().as_uri())
    if source.writable and source.updates is not None:  # the files are never written: the log is replayed
        from .updatelog import replay

        replay(store, source.updates)
    return store


def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise EngineError(f"cannot tell the RDF format of {path} from its extension "
                          f"(.ttl, .nt, .nq, .trig, .rdf, .jsonld, .n3)")
    return fmt


def check_files(files: tuple[Path, ...], base_iri: str | None = None) -> None:
    """Parse each file once, so that one that cannot be read is reported with its name and the position
    of the error before any worker starts (:class:`EngineError`)."""
    for path in files:
        fmt = rdf_format(path)
        try:
            for _ in ox.parse(path=str(path), format=fmt, base_iri=base_iri or path.resolve().as_uri()):
                pass
        except SyntaxError as exc:
            raise EngineError(f"cannot parse {path}: {exc.msg if hasattr(exc, 'msg') else exc}") from exc
        except (OSError, ValueError) as exc:
            raise EngineError(f"cannot read {path}: {exc}") from exc


def precheck(req: QueryRequest) -> QueryResponse | None:
    """Refuse what no engine should run: too deep nesting, SERVICE. ``None`` when the query may run."""
    depth = nesting_depth(req.query)
    if depth > MAX_NESTING:
        return error_response(400, f"the query nests {depth} levels deep; at most {MAX_NESTING} are accepted")
    if "SERVICE" in query_keywords(req.query):
        return error_response(400, "SERVICE (federated query) is disabled on this endpoint")
    return None


def evaluate(store: ox.Store, req: QueryRequest, union_default_graph: bool) -> QueryResponse:
    """Run one query and serialise its results (in a worker process)."""
    refused = precheck(req)
    if refused is not None:
        return refused
    keywords = query_keywords(req.query)
    options: dict[str, Any] = {"base_iri": req.base_iri} if req.base_iri else {}
    if req.default_graphs or req.named_graphs:
        try:
            if req.default_graphs:
                options["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
            if req.named_graphs:
                options["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
        except ValueError as exc:
            return error_response(400, f"invalid graph IRI: {exc}")
    elif union_default_graph and "FROM" not in keywords:
        options["use_default_graph_as_union"] = True
    try:
        return respond(store.query(req.query, prefixes=PREFIXES, **options), req)
    except SyntaxError as exc:
        return error_response(400, f"malformed query: {describe(req.query, str(exc))}")
    except (ValueError, OSError, RuntimeError) as exc:
        return error_response(400, f"query failed: {exc}")


def respond(result: Any, req: QueryRequest) -> QueryResponse:
    """A query result (an ASK boolean, solutions, or triples) as the response body the client asked for,
    cut at ``req.max_rows``."""
    if isinstance(result, ox.QueryBoolean | bool):
        if req.results_format is None:
            return error_response(406, "no acceptable media type for an ASK result")
        fmt = req.results_format
        return QueryResponse(200, RESULTS_MEDIA[fmt], boolean_result(bool(result), fmt), kind="ask")
    if isinstance(result, ox.QuerySolutions):
        if req.results_format is None:
            return error_response(406, "no acceptable media type for a SELECT result")
        variables = [v.value for v in result.variables]
        rows: list[tuple[Any, ...]] = []
        truncated = False
        for solution in result:
            if len(rows) >= req.max_rows:
                truncated = True
                break
            rows.append(tuple(solution))  # the values in the order of the variables (None: unbound)
        fmt = req.results_format
        headers = {TRUNCATED_HEADER: str(req.max_rows)} if truncated else {}
        return QueryResponse(200, RESULTS_MEDIA[fmt], SELECT_WRITERS[fmt](variables, rows), headers, "select")
    if req.graph_format is None:
        return error_response(406, "no acceptable media type for a CONSTRUCT or DESCRIBE result")
    triples: list[ox.Triple] = []
    truncated = False
    for triple in result:
        if len(triples) >= req.max_rows:
            truncated = True
            break
        triples.append(triple)
    media, rdf_format = RDF_MEDIA[req.graph_format]
    body = ox.serialize(triples, format=rdf_format) or b""
    headers = {TRUNCATED_HEADER: str(req.max_rows)} if truncated else {}
    return QueryResponse(200, media, bytes(body), headers, "graph")


def apply_update(store: ox.Store, req: UpdateRequest) -> QueryResponse:
    if nesting_depth(req.update) > MAX_NESTING:
        return error_response(400, f"the update nests more than {MAX_NESTING} levels deep")
    keywords = query_keywords(req.update)
    for refused in ("LOAD", "SERVICE"):
        if refused in keywords:
            return error_response(403, f"{refused} is disabled on this endpoint (it would make the server fetch URLs)")
    try:
        store.update(req.update, base_iri=req.base_iri or None, prefixes=PREFIXES)
    except SyntaxError as exc:
        return error_response(400, f"malformed update: {describe(req.update, str(exc))}")
    except (ValueError, OSError, RuntimeError) as exc:
        return error_response(400, f"update failed: {exc}")
    return QueryResponse(204, "text/plain", b"", kind="update")


def graph_operation(store: ox.Store, req: GraphRequest) -> QueryResponse:
    try:
        graph: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(req.graph) if req.graph else ox.DefaultGraph()
    except ValueError as exc:
        return error_response(400, f"invalid graph IRI {req.graph!r}: {exc}")
    exists = req.graph is None or store.contains_named_graph(graph)
    if req.method in {"GET", "HEAD"}:
        if not exists:
            return error_response(404, f"no graph {req.graph}")
        media, rdf_format = RDF_MEDIA[req.graph_format]
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, graph)]
        body = b"" if req.method == "HEAD" else bytes(ox.serialize(triples, format=rdf_format) or b"")
        return QueryResponse(200, media, body, kind="graph")
    if req.method == "DELETE":
        if not exists:
            return error_response(404, f"no graph {req.graph}")
        if req.graph is None:
            store.clear_graph(ox.DefaultGraph())
        else:
            store.remove_graph(graph)
        return QueryResponse(204, "text/plain", b"", kind="update")
    fmt = ox.RdfFormat.from_media_type(req.rdf_format or "")
    if fmt is None:
        return error_response(415, f"unsupported RDF media type {req.rdf_format!r}")
    try:
        incoming = [ox.Quad(q.subject, q.predicate, q.object, graph)
                    for q in ox.parse(req.data, format=fmt, base_iri=req.base_iri)]
    except SyntaxError as exc:
        return error_response(400, f"malformed RDF: {exc}")
    if req.method == "PUT" and exists:
        store.clear_graph(graph)
    store.extend(incoming)
    store.flush()
    return QueryResponse(204 if exists else 201, "text/plain", b"", kind="update")


def handle(store: ox.Store, req: Request, union_default_graph: bool) -> QueryResponse:
    """Answer any request: a query, an update or a Graph Store operation."""
    if isinstance(req, UpdateRequest):
        return apply_update(store, req)
    if isinstance(req, GraphRequest):
        return graph_operation(store, req)
    return evaluate(store, req, union_default_graph)
