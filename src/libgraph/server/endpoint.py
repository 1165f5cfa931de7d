"""The endpoint's state and its one way to the query engine, shared by the routers.

An :class:`Endpoint` holds the settings, the engine (the worker pool or a forwarding backend), the
metrics and what is cached between requests (the number of triples, the VoID description); the
routers get it from the application (``endpoint(request)``, also a FastAPI dependency).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from fastapi import Request

from ..config import Settings
from ..errors import EngineError, ProtocolError, QueryTimeout
from .describe import VOID_QUERY_TOTAL
from .metrics import Metrics
from .rebuild import Rebuilder
from .requests import QueryRequest, QueryResponse
from .requests import Request as EngineRequest


class Engine(Protocol):
    """What answers requests: ``pool.WorkerPool``, ``threads.ThreadEngine`` or ``remote.RemoteEngine``."""

    size: int
    restarts: int

    async def start(self) -> None: ...
    async def close(self) -> None: ...
    async def reload(self) -> None: ...
    async def watch_slow_queries(self) -> None: ...
    async def execute(self, req: EngineRequest, timeout: float) -> QueryResponse: ...


@dataclass
class Endpoint:
    settings: Settings
    engine: Engine
    metrics: Metrics = field(default_factory=Metrics)
    cache: dict[str, Any] = field(default_factory=dict)
    rebuilder: Rebuilder | None = None  # corrections from the web page (a served build, with the update token)

    async def submit(self, req: EngineRequest) -> QueryResponse:
        """The engine's answer, within the query time limit; a timeout or a failed worker is a 503."""
        try:
            answer = await self.engine.execute(req, self.settings.query_timeout)
        except QueryTimeout as exc:
            self.metrics.query_timeouts += 1
            raise ProtocolError(503, str(exc)) from None
        except EngineError as exc:
            self.metrics.query_errors += 1
            raise ProtocolError(503, f"{exc}; try again") from None
        if answer.status >= 400:
            self.metrics.query_errors += 1
        return answer

    async def query(self, query: str, results_format: str | None, graph_format: str | None,
                    default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = (),
                    base_iri: str | None = None, max_rows: int | None = None) -> QueryResponse:
        """A client's query (at most ``max_rows`` rows: the setting's, unless the server asks itself)."""
        return await self.submit(QueryRequest(query, results_format, graph_format, default_graphs, named_graphs,
                                              self.settings.max_rows if max_rows is None else max_rows, base_iri))

    async def select(self, query: str, max_rows: int | None = None) -> list[dict[str, Any]]:
        """The rows of a SELECT query, each variable's value as a string."""
        answer = await self.query(query, "json", None, max_rows=max_rows)
        if answer.status != 200:
            raise ProtocolError(answer.status, answer.body.decode("utf-8", "replace"))
        data = json.loads(answer.body)
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]

    async def total_triples(self) -> int:
        if "triples" not in self.cache:
            rows = await self.select(VOID_QUERY_TOTAL)
            self.cache["triples"] = int(rows[0]["n"]) if rows else 0
        return int(self.cache["triples"])

    def changed(self) -> None:
        """The data changed (an update, a new build): forget what was worked out from it."""
        self.cache.clear()

    async def watch_store(self, path: Path, every: float = 1.0) -> None:
        """A rebuild swaps a new store in at the same path: notice it and serve it."""
        def identity() -> tuple[int, int] | None:
            try:
                info = (path / "CURRENT").stat()
                return (path.stat().st_ino, info.st_mtime_ns)
            except OSError:
                return None

        seen = identity()
        while True:
            await asyncio.sleep(every)
            now = identity()
            if now is not None and now != seen:
                seen = now
                await self.engine.reload()
                self.changed()


def endpoint(request: Request) -> Endpoint:
    """The application's endpoint (a FastAPI dependency)."""
    found: Endpoint = request.app.state.endpoint
    return found
