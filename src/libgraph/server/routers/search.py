"""``/search?q=``: entities by name, as you type (JSON), for the search box on every page."""

from __future__ import annotations

import asyncio
import contextlib
import gc

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ...errors import ProtocolError
from ..endpoint import Endpoint, endpoint
from ..search import ENTRIES, SearchIndex

router = APIRouter(tags=["Pages"])
MAX_LIMIT = 50
ALL_ROWS = 1 << 40  # the index holds every name, not the first max_rows


async def search_index(ep: Endpoint) -> SearchIndex:
    """The index of the data served now: built once per change of the data (by ``keep_warm`` as soon as
    the server starts or the data changes, or by the first search), never twice at once, and sorted
    off the event loop."""
    index = ep.cache.get("search")
    if isinstance(index, SearchIndex):
        return index
    lock = ep.cache.setdefault("search-lock", asyncio.Lock())
    async with lock:
        built = ep.cache.get("search")
        if isinstance(built, SearchIndex):
            return built
        rows = await ep.select(ENTRIES, max_rows=ALL_ROWS)
        fresh = await asyncio.to_thread(SearchIndex.from_rows, rows)
        ep.cache["search"] = fresh
        # the index lives until the data changes: keep its objects out of the collector's full
        # passes (a pass over them stalled a request for 100-200 ms at 10,000 articles)
        gc.collect()
        gc.freeze()
    return fresh


async def keep_warm(ep: Endpoint, every: float = 1.0) -> None:
    """Build the index whenever the served data has none (at start, after a rebuild or a write), so that
    the first keystroke does not wait for it."""
    while True:
        if not isinstance(ep.cache.get("search"), SearchIndex):
            # the engine busy or restarting: the next round, or the first search, builds it
            with contextlib.suppress(ProtocolError):
                await search_index(ep)
        await asyncio.sleep(every)


@router.get("/search", summary="Entities by name (labels and aliases), best matches first")
async def search(request: Request, q: str = "", limit: int = 10) -> JSONResponse:
    ep = endpoint(request)
    base = ep.settings.base_iri
    found = (await search_index(ep)).search(q[:200], max(1, min(limit, MAX_LIMIT)))
    return JSONResponse({"query": q, "results": [
        {"iri": e.iri, "label": e.label, "name": e.name, "type": e.type,
         "page": "/" + e.iri[len(base):] if e.iri.startswith(base) else e.iri} for e in found]})
