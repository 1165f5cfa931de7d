"""``/health`` (liveness and size) and ``/metrics`` (Prometheus)."""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, PlainTextResponse

from ..._version import __version__
from ..endpoint import Endpoint, endpoint

router = APIRouter(tags=["Operations"])
Ep = Annotated[Endpoint, Depends(endpoint)]


@router.get("/health", summary="Liveness and size")
async def health(ep: Ep) -> JSONResponse:
    return JSONResponse({"status": "ok", "version": __version__, "workers": ep.engine.size,
                         "triples": await ep.total_triples(), "process": os.getpid()})


@router.get("/metrics", response_class=PlainTextResponse, summary="Prometheus metrics")
async def prometheus(ep: Ep) -> PlainTextResponse:
    return PlainTextResponse(ep.metrics.render(ep.engine.size, ep.engine.restarts),
                             media_type="text/plain; version=0.0.4")
