"""The SPARQL endpoint: a FastAPI application of routers over a query engine.

``create_app(settings, source)`` builds the application; ``libgraph serve`` runs it with uvicorn.
The routers (``routers/``):

* ``sparql`` — ``/sparql``: the SPARQL 1.1 Protocol query operation (GET, POST form, POST
  ``application/sparql-query``), content negotiation, dataset parameters; without a query, the
  SPARQL Service Description. ``/.well-known/void``: a VoID description of the dataset.
* ``graph_store`` — ``/graph-store``: the Graph Store HTTP Protocol.
* ``pages`` — ``/``: a query page; entity IRIs under the base IRI, as HTML or RDF; ``/docs``.
* ``search`` — ``/search?q=``: entities by name, for the search box on every page.
* ``curation`` — ``/curation/reject|assert|accept|merge|separate``: corrections from the web page, appended
  to the curation file and followed by a rebuild in the background (``rebuild``); ``/curation``: its state.
* ``operations`` — ``/health``, ``/metrics`` (Prometheus).

The engine is a pool of query worker processes (``pool``), or this process's threads (``threads``, run by
``supervisor``), evaluating with pure functions over the
store (``evaluate``), or a forwarding backend (``remote``); the routers reach it through the
:class:`~libgraph.server.endpoint.Endpoint`. The endpoint is read-only unless started with an
update token: then SPARQL Update (POST to ``/sparql``) and the Graph Store HTTP Protocol writes are
accepted from requests bearing that token.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from .._version import __version__
from ..config import Settings
from ..errors import ProtocolError
from .endpoint import Endpoint, Engine
from .middleware import LimitsAndMetrics
from .pool import WorkerPool
from .protocol import plain
from .rebuild import Rebuilder
from .remote import RemoteEngine, basic_auth
from .requests import Source
from .routers import browse, curation, graph_store, operations, pages, search, sparql, views
from .threads import SlowQueries, ThreadEngine

STATIC = Path(__file__).parent / "static"


def make_engine(settings: Settings, source: Source, on_runaway: Callable[[], None] | None = None,
                slow: SlowQueries | None = None) -> Engine:
    """The worker pool over the store or files, this process's threads (``query_isolation = "thread"``:
    ``on_runaway`` is called when a query passes its limit, ``slow`` counts the long queries of all the
    server processes), or the forwarding backend."""
    if source.backend:
        return RemoteEngine(source.backend, auth=basic_auth(settings.backend_auth))
    if settings.query_isolation == "thread":
        # threads enough that short queries do not wait behind long ones that hold some
        return ThreadEngine(source, 4 * (os.cpu_count() or 2), union_default_graph=settings.union_default_graph,
                            on_runaway=on_runaway or (lambda: None), slow=slow)
    if settings.updates_enabled:  # one worker owns the store read-write: queries and writes go through it in turn
        return WorkerPool(replace(source, writable=True, updates=settings.updates_path.resolve()), 1,
                          union_default_graph=settings.union_default_graph,
                          max_size=1, memory_mb=settings.worker_memory_mb,
                          max_slow=None if settings.max_slow_queries <= 0 else settings.max_slow_queries)
    return WorkerPool(source, settings.workers, union_default_graph=settings.union_default_graph,
                      max_size=settings.max_workers, memory_mb=settings.worker_memory_mb,
                      max_slow=None if settings.max_slow_queries <= 0 else settings.max_slow_queries)


def create_app(settings: Settings, source: Source, on_runaway: Callable[[], None] | None = None,
               slow: SlowQueries | None = None) -> FastAPI:
    ep = Endpoint(settings, make_engine(settings, source, on_runaway, slow))
    if settings.updates_enabled and source.store is not None and not source.backend:
        ep.rebuilder = Rebuilder.for_build(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await ep.engine.start()
        background = []
        if not settings.updates_enabled:
            background.append(asyncio.create_task(ep.engine.watch_slow_queries()))
        if source.store is not None and not source.backend:  # a rebuild swaps a new store in: serve it
            background.append(asyncio.create_task(ep.watch_store(source.store)))
        background.append(asyncio.create_task(search.keep_warm(ep)))
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            await ep.engine.close()

    app = FastAPI(title="libgraph SPARQL endpoint", version=__version__, lifespan=lifespan, docs_url=None,
                  redoc_url=None, description="SPARQL 1.1 query endpoint over the libgraph knowledge graph.")
    app.state.endpoint = ep
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "HEAD"],
                           allow_headers=["Accept", "Content-Type"], expose_headers=["X-Libgraph-Truncated"])
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(LimitsAndMetrics, settings=settings, metrics=ep.metrics)

    @app.exception_handler(ProtocolError)
    async def protocol_error(_request: Request, exc: ProtocolError) -> Response:
        return plain(exc.status, exc.message)

    for router in (sparql.router, graph_store.router, pages.router, browse.router, views.router, search.router,
                   curation.router, operations.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
