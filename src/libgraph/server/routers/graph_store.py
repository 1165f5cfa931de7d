"""``/graph-store``: the SPARQL 1.1 Graph Store HTTP Protocol on one graph (``?graph=IRI`` or
``?default``). Reading is open; writing needs the update token."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...errors import ProtocolError
from ..endpoint import endpoint
from ..negotiate import GRAPH_TYPES, choose
from ..protocol import RawRoute, authorize, query_params, read_body, request_url, safe_iri
from ..requests import GraphRequest

router = APIRouter(route_class=RawRoute, tags=["Graph Store"])


async def graph_store(request: Request) -> Response:
    ep = endpoint(request)
    params = query_params(request)
    graphs = [v for k, v in params if k == "graph"]
    default = any(k == "default" for k, _ in params)
    if len(graphs) + int(default) != 1:
        raise ProtocolError(400, "name exactly one graph: ?graph=IRI or ?default")
    graph = graphs[0] if graphs else None
    if graph is not None and not safe_iri(graph):
        raise ProtocolError(400, f"invalid graph IRI {graph!r}")
    method = request.method
    if method in {"GET", "HEAD"}:
        graph_format = choose(request.headers.get("accept"), GRAPH_TYPES, "ttl") or "ttl"
        answer = await ep.submit(GraphRequest(method, graph, graph_format=graph_format))
        return Response(answer.body if method == "GET" else b"", status_code=answer.status,
                        media_type=answer.media_type)
    authorize(request, ep.settings)
    data = await read_body(request, ep.settings.max_body_bytes) if method in {"PUT", "POST"} else b""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    answer = await ep.submit(GraphRequest(method, graph, data, ctype or None, base_iri=graph or request_url(request)))
    ep.changed()
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type)


GRAPH_PARAMETERS = [{"name": "graph", "in": "query", "schema": {"type": "string"}, "description": "the graph's IRI"},
                    {"name": "default", "in": "query", "schema": {"type": "string"},
                     "description": "the default graph (give no value)"}]
SUMMARIES = {"GET": "Read one graph", "HEAD": "Whether one graph exists", "PUT": "Replace one graph",
             "POST": "Add to one graph", "DELETE": "Delete one graph"}
for _method, _summary in SUMMARIES.items():  # one route a method: each its own OpenAPI operation
    router.add_api_route("/graph-store", graph_store, methods=[_method], response_class=Response,
                         summary=f"Graph Store HTTP Protocol: {_summary.lower()}",
                         operation_id=f"graph_store_{_method.lower()}", openapi_extra={"parameters": GRAPH_PARAMETERS})
