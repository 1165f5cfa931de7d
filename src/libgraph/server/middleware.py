"""Pure ASGI middleware: limits on what a request may send, and the metrics of every response."""

from __future__ import annotations

import time
from typing import Any

from ..config import Settings
from .metrics import Metrics
from .protocol import plain


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
            await plain(413, f"request body larger than max_body_bytes={self.limit}")(scope, receive, send_status)
        elif len(scope.get("query_string", b"")) > self.limit:
            await plain(414, f"query string larger than max_body_bytes={self.limit}")(scope, receive, send_status)
        else:
            await self.app(scope, receive, send_status)
        route = scope.get("route")
        name = getattr(route, "path", None) or ("/sparql" if scope["path"].startswith("/sparql") else "other")
        self.metrics.observe(name, scope["method"], status, time.perf_counter() - started)
