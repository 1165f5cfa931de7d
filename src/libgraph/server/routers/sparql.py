"""``/sparql``: the SPARQL 1.1 Protocol's query and update operations; without a query, the Service
Description. ``/.well-known/void``: a VoID description of the dataset."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ...errors import ProtocolError
from ..describe import (
    VOID_QUERY_CLASSES,
    VOID_QUERY_GEONAMES,
    VOID_QUERY_PROPERTIES,
    service_description,
    void_description,
)
from ..endpoint import Endpoint, endpoint
from ..html import turtle_page
from ..negotiate import FORMAT_PARAM, GRAPH_TYPES, RESULTS_TYPES, choose, prefers_html
from ..protocol import (
    FORM,
    SPARQL_QUERY,
    SPARQL_UPDATE,
    RawRoute,
    authorize,
    decode,
    decode_form,
    query_params,
    rdf_response,
    read_body,
    request_url,
)
from ..requests import UpdateRequest
from .pages import HTML_HEADERS

router = APIRouter(route_class=RawRoute, tags=["SPARQL"])

# the protocol's parameters, read from the raw query string and body (they repeat, and a query
# must not pay for FastAPI's parameter parsing): described here for the OpenAPI page
PARAMETERS: list[dict[str, Any]] = [
    {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "the SPARQL query"},
    {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
    {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
    {"name": "format", "in": "query", "schema": {"type": "string"},
     "description": "json, xml, csv, tsv, ttl, nt, jsonld, rdfxml (overrides Accept)"},
]
BODY: dict[str, Any] = {"content": {
    FORM: {"schema": {"type": "object", "properties": {
        "query": {"type": "string"}, "update": {"type": "string"}, "default-graph-uri": {"type": "string"},
        "named-graph-uri": {"type": "string"}}}},
    SPARQL_QUERY: {"schema": {"type": "string"}},
    SPARQL_UPDATE: {"schema": {"type": "string"}}}}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "results"}, 400: {"description": "malformed query"},
    403: {"description": "update refused (read-only)"}, 406: {"description": "no acceptable media type"},
    415: {"description": "unsupported content type"}, 503: {"description": "timeout"}}


@router.get("/sparql", response_class=Response, responses=RESPONSES, openapi_extra={"parameters": PARAMETERS},
            summary="SPARQL 1.1 query (Protocol); without a query, the Service Description")
@router.post("/sparql", response_class=Response, responses=RESPONSES, openapi_extra={"requestBody": BODY},
             summary="SPARQL 1.1 query or update by POST (form, application/sparql-query or -update)")
@router.api_route("/sparql/", methods=["GET", "POST"], response_class=Response, include_in_schema=False)
async def sparql(request: Request) -> Response:
    ep = endpoint(request)
    settings = ep.settings
    params = query_params(request)
    body_params: list[tuple[str, str]] = []
    query_text: str | None = None
    if request.method == "POST":
        full_type = request.headers.get("content-type", "")
        ctype = full_type.split(";")[0].strip().lower()
        charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in full_type.split(";")[1:]
                        if p.strip().lower().startswith("charset=")), "utf-8")
        if charset not in {"utf-8", "utf8"}:
            raise ProtocolError(415, f"unsupported charset {charset}: send UTF-8")
        raw = await read_body(request, settings.max_body_bytes)
        if ctype == FORM:
            body_params = decode_form(raw)
        elif ctype == SPARQL_QUERY:
            query_text = decode(raw)
        elif ctype == SPARQL_UPDATE:
            return await update(request, ep, decode(raw), params)
        else:
            raise ProtocolError(415, f"unsupported content type {ctype or '(none)'}: use {FORM} or {SPARQL_QUERY}")
    all_params = params + body_params
    updates = [v for k, v in body_params if k == "update"]
    if any(k == "update" for k, _ in params) or (updates and request.method != "POST"):
        raise ProtocolError(400 if settings.updates_enabled else 403,
                            "SPARQL Update is accepted only by POST" if settings.updates_enabled
                            else "this endpoint is read-only: SPARQL Update is not accepted")
    if updates:
        if len(updates) > 1 or any(k == "query" for k, _ in all_params):
            raise ProtocolError(400, "one 'update' parameter and no 'query' are allowed")
        return await update(request, ep, updates[0], all_params)
    queries = [v for k, v in all_params if k == "query"]
    if query_text is not None and queries:
        raise ProtocolError(400, "the query is given both in the body and as a 'query' parameter")
    if len(queries) > 1:
        raise ProtocolError(400, "more than one 'query' parameter")
    if query_text is None and queries:
        query_text = queries[0]
    fmt = next((v for k, v in all_params if k == "format"), None)
    accept = request.headers.get("accept")
    if query_text is None:
        return await describe_service(request, ep, fmt, accept)
    if not query_text.strip():
        raise ProtocolError(400, "empty query")
    if fmt is not None:
        if fmt.lower() not in FORMAT_PARAM:
            raise ProtocolError(400, f"unknown format {fmt!r}; use one of {', '.join(sorted(FORMAT_PARAM))}")
        results_format, graph_format = FORMAT_PARAM[fmt.lower()]
    else:
        results_format = choose(accept, RESULTS_TYPES, "json")
        graph_format = choose(accept, GRAPH_TYPES, "ttl")
    if results_format is None and graph_format is None:
        raise ProtocolError(406, "none of the media types in Accept can carry SPARQL results; accepted: "
                                 + ", ".join(sorted(set(RESULTS_TYPES) | set(GRAPH_TYPES))))
    default_graphs = tuple(v for k, v in all_params if k == "default-graph-uri")
    named_graphs = tuple(v for k, v in all_params if k == "named-graph-uri")
    for g in (*default_graphs, *named_graphs):
        if not g.startswith(("http://", "https://", "urn:", "file:")) or any(c in g for c in '<> "{}|\\^`'):
            raise ProtocolError(400, f"invalid graph IRI {g!r}")
    answer = await ep.query(query_text, results_format, graph_format, default_graphs, named_graphs,
                            request_url(request))
    media = answer.media_type
    if answer.status == 200 and media.startswith("text/"):
        media += "; charset=utf-8"
    return Response(answer.body, status_code=answer.status, media_type=media, headers=answer.headers)


async def update(request: Request, ep: Endpoint, text: str, params: list[tuple[str, str]]) -> Response:
    authorize(request, ep.settings)
    if any(k in {"using-graph-uri", "using-named-graph-uri"} for k, _ in params) and \
            any(w in text.upper() for w in ("USING", "WITH")):
        raise ProtocolError(400, "the dataset is given both by the protocol and in the update")
    if not text.strip():
        raise ProtocolError(400, "empty update")
    answer = await ep.submit(UpdateRequest(text, request_url(request)))
    ep.changed()
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type)


async def describe_service(request: Request, ep: Endpoint, fmt: str | None, accept: str | None) -> Response:
    if fmt is None and prefers_html(accept):  # a browser: a page to read
        ttl = service_description(request_url(request), await ep.total_triples(), ep.settings.union_default_graph)
        return HTMLResponse(turtle_page("Service Description", ttl, "/sparql?format=ttl"), headers=HTML_HEADERS)
    graph_format = FORMAT_PARAM.get((fmt or "").lower(), (None, None))[1] if fmt else choose(
        accept, GRAPH_TYPES, "ttl")
    if graph_format is None:
        if prefers_html(accept) or accept is None:
            graph_format = "ttl"
        else:
            raise ProtocolError(406, "the service description is available as RDF (Turtle, N-Triples, "
                                     "JSON-LD, RDF/XML)")
    ttl = service_description(request_url(request), await ep.total_triples(), ep.settings.union_default_graph)
    return rdf_response(ttl, graph_format)


@router.get("/.well-known/void", summary="VoID description of the dataset", response_class=Response,
            openapi_extra={"parameters": [PARAMETERS[-1]]})
async def void(request: Request) -> Response:
    ep = endpoint(request)
    format = request.query_params.get("format")
    graph_format = FORMAT_PARAM.get((format or "").lower(), (None, None))[1] if format else choose(
        request.headers.get("accept"), GRAPH_TYPES, "ttl")
    if graph_format is None:
        graph_format = "ttl"
    if "void" not in ep.cache:
        classes = {r["class"]: int(r["n"]) for r in await ep.select(VOID_QUERY_CLASSES)}
        properties = {r["p"]: int(r["n"]) for r in await ep.select(VOID_QUERY_PROPERTIES)}
        links = await ep.select(VOID_QUERY_GEONAMES)
        server = str(request.base_url).rstrip("/")
        ep.cache["void"] = void_description(server, ep.settings.base_iri, await ep.total_triples(), classes,
                                            properties, int(links[0]["n"]) if links else 0)
    if format is None and prefers_html(request.headers.get("accept")):  # a browser: a page to read
        return HTMLResponse(turtle_page("VoID description", ep.cache["void"], "/.well-known/void?format=ttl"),
                            headers=HTML_HEADERS)
    return rdf_response(ep.cache["void"], graph_format)
