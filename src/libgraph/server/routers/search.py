"""``/search?q=``: entities by name, as you type (JSON), for the search box on every page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..endpoint import Endpoint, endpoint
from ..search import ENTRIES, SearchIndex

router = APIRouter(tags=["Pages"])
MAX_LIMIT = 50
ALL_ROWS = 1 << 40  # the index holds every name, not the first max_rows


async def search_index(ep: Endpoint) -> SearchIndex:
    """The index of the data served now (built at the first search after a change)."""
    index = ep.cache.get("search")
    if not isinstance(index, SearchIndex):
        index = SearchIndex.from_rows(await ep.select(ENTRIES, max_rows=ALL_ROWS))
        ep.cache["search"] = index
    return index


@router.get("/search", summary="Entities by name (labels and aliases), best matches first")
async def search(request: Request, q: str = "", limit: int = 10) -> JSONResponse:
    ep = endpoint(request)
    base = ep.settings.base_iri
    found = (await search_index(ep)).search(q[:200], max(1, min(limit, MAX_LIMIT)))
    return JSONResponse({"query": q, "results": [
        {"iri": e.iri, "label": e.label, "name": e.name, "type": e.type,
         "page": "/" + e.iri[len(base):] if e.iri.startswith(base) else e.iri} for e in found]})
