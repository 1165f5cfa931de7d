"""The SPARQL endpoint: a FastAPI application over a pool of query worker processes.

``create_app(settings, source)`` builds the application; ``libgraph serve``
runs it with uvicorn. Routes:

* ``/sparql`` — SPARQL 1.1 Protocol query operation (GET, POST form, POST
  ``application/sparql-query``), content negotiation, dataset parameters; without
  a query, the SPARQL Service Description.
* ``/.well-known/void`` — a VoID description of the dataset.
* ``/`` — a query page; entity IRIs under the base IRI — HTML or RDF.
* ``/health``, ``/metrics`` (Prometheus), ``/docs`` and ``/openapi.json``.

The endpoint is read-only unless started with an update token: then SPARQL
Update (POST to ``/sparql``) and the Graph Store HTTP Protocol writes
(``/graph-store``) are accepted from requests bearing that token.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.routing import Route

from .._version import __version__
from ..config import Settings
from ..vocab import SPARQL_PREFIXES
from .describe import (
    VOID_QUERY_CLASSES,
    VOID_QUERY_GEONAMES,
    VOID_QUERY_PROPERTIES,
    VOID_QUERY_TOTAL,
    service_description,
    void_description,
)
from .engine import (
    EngineError,
    GraphRequest,
    QueryRequest,
    QueryResponse,
    QueryTimeout,
    Source,
    UpdateRequest,
    WorkerPool,
)
from .metrics import Metrics
from .negotiate import FORMAT_PARAM, GRAPH_TYPES, RESULTS_TYPES, choose, prefers_html
from .pages import VENDOR, entity_page, index_page
from .remote import RemoteEngine, basic_auth
from .results import RDF_MEDIA

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
HTML_HEADERS = {
    # scripts only from this server; the editor sets inline styles
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
ENTITY_PREFIXES = ("id/", "article/", "statement/", "rule/", "merge/", "graph/")


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _plain(status: int, message: str) -> PlainTextResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="libgraph"'} if status == 401 else None
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def example_queries() -> dict[str, str]:
    folder = Path(__file__).resolve().parents[1] / "resources" / "queries"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))} if folder.is_dir() else {}


def create_app(settings: Settings, source: Source) -> FastAPI:
    if settings.updates_enabled:
        # one worker owns the store read-write: queries and writes go through it in turn
        source = replace(source, writable=True)
    size = 1 if settings.updates_enabled else settings.workers
    pool: WorkerPool | RemoteEngine
    if source.backend:
        pool = RemoteEngine(source.backend, auth=basic_auth(settings.backend_auth))
    else:
        pool = WorkerPool(source, size, union_default_graph=settings.union_default_graph,
                          max_size=1 if settings.updates_enabled else settings.max_workers,
                          memory_mb=settings.worker_memory_mb,
                          max_slow=None if settings.max_slow_queries <= 0 else settings.max_slow_queries)
    metrics = Metrics()
    cache: dict[str, Any] = {}

    async def watch_store(path: Path) -> None:
        """A rebuild swaps a new store in at the same path: notice it and serve it."""
        def identity() -> tuple[int, int] | None:
            try:
                info = (path / "CURRENT").stat()
                return (path.stat().st_ino, info.st_mtime_ns)
            except OSError:
                return None

        seen = identity()
        while True:
            await asyncio.sleep(1.0)
            now = identity()
            if now is not None and now != seen:
                seen = now
                await pool.reload()
                cache.clear()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        slow_watch = asyncio.create_task(pool.watch_slow_queries()) if not settings.updates_enabled else None
        watcher = None
        if source.store is not None and not settings.updates_enabled and not source.backend:
            watcher = asyncio.create_task(watch_store(source.store))
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
            if slow_watch is not None:
                slow_watch.cancel()
            await pool.close()

    app = FastAPI(title="libgraph SPARQL endpoint", version=__version__, lifespan=lifespan, docs_url=None,
                  redoc_url=None,
                  description="SPARQL 1.1 query endpoint over the libgraph knowledge graph.")
    app.state.settings = settings
    app.state.pool = pool
    app.state.metrics = metrics
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "HEAD"],
                           allow_headers=["Accept", "Content-Type"], expose_headers=["X-Libgraph-Truncated"])
    app.add_middleware(GZipMiddleware, minimum_size=1024)

    app.add_middleware(LimitsAndMetrics, settings=settings, metrics=metrics)

    async def run(query: str, results_format: str | None, graph_format: str | None,
                  default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = (),
                  base_iri: str | None = None) -> QueryResponse:
        req = QueryRequest(query, results_format, graph_format, default_graphs, named_graphs, settings.max_rows,
                           base_iri)
        return await submit(req)

    async def submit(req: QueryRequest | UpdateRequest | GraphRequest) -> QueryResponse:
        try:
            answer = await pool.execute(req, settings.query_timeout)
        except QueryTimeout as exc:
            metrics.query_timeouts += 1
            raise ProtocolError(503, str(exc)) from None
        except EngineError as exc:
            metrics.query_errors += 1
            raise ProtocolError(503, f"{exc}; try again") from None
        if answer.status >= 400:
            metrics.query_errors += 1
        return answer

    async def select_json(query: str) -> list[dict[str, Any]]:
        answer = await run(query, "json", None)
        if answer.status != 200:
            raise ProtocolError(answer.status, answer.body.decode("utf-8", "replace"))
        data = json.loads(answer.body)
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]

    async def total_triples() -> int:
        if "triples" not in cache:
            rows = await select_json(VOID_QUERY_TOTAL)
            cache["triples"] = int(rows[0]["n"]) if rows else 0
        return int(cache["triples"])

    @app.exception_handler(ProtocolError)
    async def protocol_error(_request: Request, exc: ProtocolError) -> Response:
        return _plain(exc.status, exc.message)

    # ------------------------------------------------------------ SPARQL --
    async def sparql(request: Request) -> Response:
        params = _query_params(request)
        body_params: list[tuple[str, str]] = []
        query_text: str | None = None
        if request.method == "POST":
            full_type = request.headers.get("content-type", "")
            ctype = full_type.split(";")[0].strip().lower()
            charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in full_type.split(";")[1:]
                            if p.strip().lower().startswith("charset=")), "utf-8")
            if charset not in {"utf-8", "utf8"}:
                raise ProtocolError(415, f"unsupported charset {charset}: send UTF-8")
            raw = await _read_body(request, settings.max_body_bytes)
            if ctype == FORM:
                body_params = _decode_form(raw)
            elif ctype == SPARQL_QUERY:
                query_text = _decode(raw)
            elif ctype == SPARQL_UPDATE:
                return await update(request, _decode(raw), params)
            else:
                raise ProtocolError(415, f"unsupported content type {ctype or '(none)'}: use {FORM} or "
                                         f"{SPARQL_QUERY}")
        all_params = params + body_params
        updates = [v for k, v in body_params if k == "update"]
        if any(k == "update" for k, _ in params) or (updates and request.method != "POST"):
            raise ProtocolError(400 if settings.updates_enabled else 403,
                                "SPARQL Update is accepted only by POST" if settings.updates_enabled
                                else "this endpoint is read-only: SPARQL Update is not accepted")
        if updates:
            if len(updates) > 1 or any(k == "query" for k, _ in all_params):
                raise ProtocolError(400, "one 'update' parameter and no 'query' are allowed")
            return await update(request, updates[0], all_params)
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
            return await describe_service(request, fmt, accept)
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
        base = str(request.url.replace(query="", fragment=""))
        answer = await run(query_text, results_format, graph_format, default_graphs, named_graphs, base)
        media = answer.media_type
        if answer.status == 200 and media.startswith("text/"):
            media += "; charset=utf-8"
        return Response(answer.body, status_code=answer.status, media_type=media, headers=answer.headers)

    def authorize(request: Request) -> None:
        if not settings.updates_enabled:
            raise ProtocolError(403, "this endpoint is read-only: start it with --update-token to allow writes")
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ProtocolError(401, "writes need 'Authorization: Bearer <update token>'")
        if not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
            raise ProtocolError(403, "wrong update token")

    async def update(request: Request, text: str, params: list[tuple[str, str]]) -> Response:
        authorize(request)
        if any(k in {"using-graph-uri", "using-named-graph-uri"} for k, _ in params) and \
                any(w in text.upper() for w in ("USING", "WITH")):
            raise ProtocolError(400, "the dataset is given both by the protocol and in the update")
        if not text.strip():
            raise ProtocolError(400, "empty update")
        answer = await submit(UpdateRequest(text, str(request.url.replace(query="", fragment=""))))
        cache.clear()
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type)

    async def graph_store(request: Request) -> Response:
        params = _query_params(request)
        graphs = [v for k, v in params if k == "graph"]
        default = any(k == "default" for k, _ in params)
        if len(graphs) + int(default) != 1:
            raise ProtocolError(400, "name exactly one graph: ?graph=IRI or ?default")
        graph = graphs[0] if graphs else None
        if graph is not None and not _safe_iri(graph):
            raise ProtocolError(400, f"invalid graph IRI {graph!r}")
        method = request.method
        if method in {"GET", "HEAD"}:
            graph_format = choose(request.headers.get("accept"), GRAPH_TYPES, "ttl") or "ttl"
            answer = await submit(GraphRequest(method, graph, graph_format=graph_format))
            return Response(answer.body if method == "GET" else b"", status_code=answer.status,
                            media_type=answer.media_type)
        authorize(request)
        data = await _read_body(request, settings.max_body_bytes) if method in {"PUT", "POST"} else b""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        answer = await submit(GraphRequest(method, graph, data, ctype or None,
                                           base_iri=graph or str(request.url.replace(query=""))))
        cache.clear()
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type)

    async def graph_store_endpoint(request: Request) -> Response:
        try:
            return await graph_store(request)
        except ProtocolError as exc:
            return _plain(exc.status, exc.message)

    app.router.routes.insert(0, Route("/graph-store", graph_store_endpoint,
                                      methods=["GET", "HEAD", "PUT", "POST", "DELETE"]))

    async def describe_service(request: Request, fmt: str | None, accept: str | None) -> Response:
        graph_format = FORMAT_PARAM.get((fmt or "").lower(), (None, None))[1] if fmt else choose(
            accept, GRAPH_TYPES, "ttl")
        if graph_format is None:
            if prefers_html(accept) or accept is None:
                graph_format = "ttl"
            else:
                raise ProtocolError(406, "the service description is available as RDF (Turtle, N-Triples, "
                                         "JSON-LD, RDF/XML)")
        endpoint = str(request.url.replace(query="", fragment=""))
        ttl = service_description(endpoint, await total_triples(), settings.union_default_graph)
        return _rdf_response(ttl, graph_format)

    async def sparql_endpoint(request: Request) -> Response:
        try:
            return await sparql(request)
        except ProtocolError as exc:
            return _plain(exc.status, exc.message)

    # the hot path is a plain Starlette route (FastAPI's request parsing costs more than a query);
    # it is documented in the OpenAPI description by hand
    app.router.routes.insert(0, Route("/sparql", sparql_endpoint, methods=["GET", "POST"]))
    app.router.routes.insert(0, Route("/sparql/", sparql_endpoint, methods=["GET", "POST"]))
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]

    @app.get("/.well-known/void", summary="VoID description of the dataset", response_class=Response)
    async def void(request: Request, format: str | None = None) -> Response:
        graph_format = FORMAT_PARAM.get((format or "").lower(), (None, None))[1] if format else choose(
            request.headers.get("accept"), GRAPH_TYPES, "ttl")
        if graph_format is None:
            graph_format = "ttl"
        if "void" not in cache:
            classes = {r["class"]: int(r["n"]) for r in await select_json(VOID_QUERY_CLASSES)}
            properties = {r["p"]: int(r["n"]) for r in await select_json(VOID_QUERY_PROPERTIES)}
            links = await select_json(VOID_QUERY_GEONAMES)
            server = str(request.base_url).rstrip("/")
            cache["void"] = void_description(server, settings.base_iri, await total_triples(), classes, properties,
                                             int(links[0]["n"]) if links else 0)
        return _rdf_response(cache["void"], graph_format)

    # ------------------------------------------------------------ people --
    @app.get("/", response_class=HTMLResponse, summary="Query page")
    async def index() -> HTMLResponse:
        return HTMLResponse(index_page(example_queries(), settings.base_iri), headers=HTML_HEADERS)

    async def entity(request: Request) -> Response:
        path = request.url.path.lstrip("/")
        iri = settings.base_iri + path
        if not _safe_iri(iri):
            raise ProtocolError(400, "invalid resource path")
        accept = request.headers.get("accept")
        if prefers_html(accept):
            term = f"<{iri}>"
            facts = await select_json(f"SELECT ?p ?o WHERE {{ {term} ?p ?o }}")
            incoming = await select_json(f"SELECT ?s ?p WHERE {{ ?s ?p {term} }} LIMIT 1")
            if not facts and not incoming:
                raise ProtocolError(404, f"nothing is known about {iri}")
            out_rel = await select_json(RELATIONS_OUT.replace("$this", term))
            in_rel = await select_json(RELATIONS_IN.replace("$this", term))
            html = entity_page(iri, facts, out_rel, in_rel, settings.base_iri)
            return HTMLResponse(html, headers=HTML_HEADERS)
        graph_format = choose(accept, GRAPH_TYPES, "ttl")
        if graph_format is None:
            raise ProtocolError(406, "this resource is available as HTML, Turtle, N-Triples, JSON-LD or RDF/XML")
        answer = await run(f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} "
                           f"UNION {{ ?s ?q <{iri}> }} }}", None, graph_format)
        if answer.status == 200 and len(answer.body.strip()) == 0:
            raise ProtocolError(404, f"nothing is known about {iri}")
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                        headers={"Vary": "Accept"})

    for prefix in ENTITY_PREFIXES:
        app.add_api_route(f"/{prefix}{{rest:path}}", entity, methods=["GET"], include_in_schema=prefix == "id/",
                          summary="An entity of the graph, as HTML or RDF", response_class=Response)

    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        """Swagger UI from this server's static folder (installed from npm), not from a CDN."""
        if not (VENDOR / "swagger-ui-bundle.js").exists():
            return HTMLResponse('<p>The OpenAPI description is at <a href="/openapi.json">/openapi.json</a>; '
                                "install the front-end packages (make install) for the interactive page.</p>")
        page = get_swagger_ui_html(openapi_url="/openapi.json", title=app.title,
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css",
                                   swagger_favicon_url="data:,")
        return HTMLResponse(bytes(page.body).decode(), headers={**HTML_HEADERS, "Content-Security-Policy": (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; frame-ancestors 'none'")})

    # ------------------------------------------------------------ ops --
    @app.get("/health", summary="Liveness and size")
    async def health() -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__, "workers": pool.size,
                             "triples": await total_triples()})

    @app.get("/metrics", response_class=PlainTextResponse, summary="Prometheus metrics")
    async def prometheus() -> PlainTextResponse:
        return PlainTextResponse(metrics.render(pool.size, pool.restarts),
                                 media_type="text/plain; version=0.0.4")

    return app


RELATIONS_OUT = SPARQL_PREFIXES + """
SELECT ?p ?o ?label ?sentence ?article ?source ?date ?role WHERE {
  $this ?p ?o . FILTER (STRSTARTS(STR(?p), STR(lg:)) && ?p NOT IN (lg:isoCode))
  OPTIONAL { ?o rdfs:label ?label }
  OPTIONAL { ?st rdf:subject $this ; rdf:predicate ?p ; rdf:object ?o ; lg:sentence ?sentence ;
                 prov:wasDerivedFrom ?article . ?article lg:sourcePath ?source .
             OPTIONAL { ?st lg:eventDate ?date } OPTIONAL { ?st lg:role ?role } }
} ORDER BY ?p ?label LIMIT 1000"""

RELATIONS_IN = SPARQL_PREFIXES + """
SELECT ?s ?p ?label ?sentence ?article ?source ?date ?role WHERE {
  ?s ?p $this . FILTER (STRSTARTS(STR(?p), STR(lg:)) && ?p NOT IN (lg:mergedInto))
  OPTIONAL { ?s rdfs:label ?label }
  OPTIONAL { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object $this ; lg:sentence ?sentence ;
                 prov:wasDerivedFrom ?article . ?article lg:sourcePath ?source .
             OPTIONAL { ?st lg:eventDate ?date } OPTIONAL { ?st lg:role ?role } }
} ORDER BY ?p ?label LIMIT 1000"""


SPARQL_OPENAPI: dict[str, Any] = {
    "get": {
        "summary": "SPARQL 1.1 query (Protocol); without a query, the Service Description",
        "parameters": [
            {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "the SPARQL query"},
            {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
            {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
            {"name": "format", "in": "query", "schema": {"type": "string"},
             "description": "json, xml, csv, tsv, ttl, nt, jsonld, rdfxml (overrides Accept)"},
        ],
        "responses": {"200": {"description": "results"}, "400": {"description": "malformed query"},
                      "406": {"description": "no acceptable media type"}, "503": {"description": "timeout"}},
    },
    "post": {
        "summary": "SPARQL 1.1 query by POST (form or application/sparql-query)",
        "requestBody": {"content": {
            "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                "query": {"type": "string"}, "default-graph-uri": {"type": "string"},
                "named-graph-uri": {"type": "string"}}}},
            "application/sparql-query": {"schema": {"type": "string"}}}},
        "responses": {"200": {"description": "results"}, "400": {"description": "malformed query"},
                      "403": {"description": "update refused (read-only)"},
                      "415": {"description": "unsupported content type"}, "503": {"description": "timeout"}},
    },
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema["paths"]["/sparql"] = SPARQL_OPENAPI
        app.openapi_schema = schema
    return app.openapi_schema


class LimitsAndMetrics:
    """Pure ASGI middleware: refuses oversized requests before they are read, and records every
    response's route, status and latency."""

    def __init__(self, app: Any, settings: Settings, metrics: Metrics) -> None:
        self.app = app
        self.limit = settings.max_body_bytes
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _plain(413, f"request body larger than max_body_bytes={self.limit}")(scope, receive, send_status)
        elif len(scope.get("query_string", b"")) > self.limit:
            await _plain(414, f"query string larger than max_body_bytes={self.limit}")(scope, receive, send_status)
        else:
            await self.app(scope, receive, send_status)
        route = scope.get("route")
        name = getattr(route, "path", None) or ("/sparql" if scope["path"].startswith("/sparql") else "other")
        self.metrics.observe(name, scope["method"], status, time.perf_counter() - started)


def _query_params(request: Request) -> list[tuple[str, str]]:
    raw = request.scope.get("query_string", b"")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the query string is not valid percent-encoded ASCII") from None
    return _parse_qs(text)


def _parse_qs(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError(400, "the parameters are not valid percent-encoded UTF-8") from None


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not valid UTF-8") from None


def _decode_form(raw: bytes) -> list[tuple[str, str]]:
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise ProtocolError(400, "a form body must be percent-encoded ASCII") from None
    return _parse_qs(text)


async def _read_body(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"request body larger than max_body_bytes={limit}")
        chunks.append(chunk)
    return b"".join(chunks)


def _safe_iri(iri: str) -> bool:
    return not any(c in iri for c in '<> "{}|\\^`\n\r\t') and "/../" not in iri and not iri.endswith("/..")


def _rdf_response(turtle: str, graph_format: str) -> Response:
    media, rdf_format = RDF_MEDIA[graph_format]
    if graph_format in {"nq", "trig"}:  # a single graph: the triple syntaxes carry it
        media, rdf_format = RDF_MEDIA["ttl" if graph_format == "trig" else "nt"]
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    body = ox.serialize(triples, format=rdf_format) if rdf_format != ox.RdfFormat.TURTLE else turtle.encode()
    return Response(body or b"", media_type=media, headers={"Vary": "Accept"})
