"""Corrections from the web page: reject, assert or accept a fact, merge entities or keep them apart.

Each action appends an entry to the curation file beside the corpus (``libgraph.curation``: atomic,
durable) and asks for a rebuild in the background (``server.rebuild``); the server serves the new
build when it is in place. The routes need the update token (as a form field ``token``, or
``Authorization: Bearer``); a server started without one shows no actions and answers 403.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ...curation import add_assertion, add_merge, add_rejection, add_separation
from ...errors import LibgraphError, ProtocolError
from ...vocab import LG, SPARQL_PREFIXES
from ..endpoint import Endpoint, endpoint
from ..negotiate import prefers_html

router = APIRouter(tags=["Curation"])

STATEMENT_FACT = SPARQL_PREFIXES + """
SELECT ?s ?p ?o ?sentence ?source WHERE {
  $this a lg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; lg:sentence ?sentence ;
        prov:wasDerivedFrom ?article .
  OPTIONAL { ?article lg:sourcePath ?source }
} LIMIT 1"""


async def _form(request: Request, ep: Endpoint) -> dict[str, str]:
    """The action's fields, once the token is checked (403 when corrections are off or the token is wrong,
    401 without one)."""
    if not ep.settings.updates_enabled or ep.rebuilder is None:
        raise ProtocolError(403, "corrections are off: start the server on a build with --update-token")
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
    token = fields.pop("token", "") or (bearer if scheme.lower() == "bearer" else "")
    if not token:
        raise ProtocolError(401, "corrections need the update token (form field 'token' or 'Authorization: Bearer')")
    if not hmac.compare_digest(token.strip().encode(), ep.settings.update_token.encode()):
        raise ProtocolError(403, "wrong update token")
    return fields


def _need(fields: dict[str, str], *names: str) -> list[str]:
    missing = [n for n in names if not fields.get(n, "").strip()]
    if missing:
        raise ProtocolError(400, f"missing field(s): {', '.join(missing)}")
    return [fields[n].strip() for n in names]


def _done(request: Request, ep: Endpoint, fields: dict[str, str], entry: str) -> Response:
    """Start the rebuild; a browser goes back to the page it came from, a program gets 202 and the entry."""
    assert ep.rebuilder is not None
    ep.rebuilder.request()
    back = fields.get("back", "")
    if prefers_html(request.headers.get("accept")) and back.startswith("/") and not back.startswith("//"):
        return RedirectResponse(back + ("&" if "?" in back else "?") + "curated=1", status_code=303)
    return JSONResponse({"entry": entry, "curation": str(ep.rebuilder.curation), "rebuilding": True},
                        status_code=202)


def _predicate(value: str) -> str:
    return value.removeprefix(str(LG)).removeprefix("lg:")


async def _apply(request: Request, action: Callable[[Path, dict[str, str]], str]) -> Response:
    """Check the token, append the entry ``action`` makes to the curation file, start the rebuild."""
    ep = endpoint(request)
    fields = await _form(request, ep)
    assert ep.rebuilder is not None  # _form refuses otherwise
    try:
        entry = action(ep.rebuilder.curation, fields)
    except LibgraphError as exc:
        raise ProtocolError(400, str(exc)) from None
    return _done(request, ep, fields, entry)


@router.post("/curation/reject", summary="Reject a fact: it stays out of every build")
async def reject(request: Request) -> Response:
    def act(curation: Path, f: dict[str, str]) -> str:
        s, p, o = _need(f, "subject", "predicate", "object")
        return add_rejection(curation, s, _predicate(p), o, f.get("who", ""), f.get("why", "")).entry
    return await _apply(request, act)


@router.post("/curation/assert", summary="Assert a fact the articles do not give")
async def assert_fact(request: Request) -> Response:
    def act(curation: Path, f: dict[str, str]) -> str:
        s, p, o, why = _need(f, "subject", "predicate", "object", "why")
        return add_assertion(curation, s, _predicate(p), o, why, f.get("who", ""), date=f.get("date", "").strip(),
                             source=f.get("source", "").strip()).entry
    return await _apply(request, act)


@router.post("/curation/accept", summary="Accept a statement: it holds even if the extraction changes")
async def accept(request: Request) -> Response:
    ep = endpoint(request)
    fields = await _form(request, ep)
    (statement,) = _need(fields, "statement")
    if not statement.startswith(ep.settings.base_iri) or any(c in statement for c in '<> "{}|\\^`'):
        raise ProtocolError(400, "not a statement of this graph")
    rows = await ep.select(STATEMENT_FACT.replace("$this", f"<{statement}>"))
    if not rows:
        raise ProtocolError(404, f"no statement {statement}")
    r = rows[0]
    why = f"Accepted on review: \u201c{r['sentence']}\u201d ({r.get('source', 'article')})"
    assert ep.rebuilder is not None
    try:
        entry = add_assertion(ep.rebuilder.curation, r["s"], _predicate(r["p"]), r["o"], why,
                              fields.get("who", "")).entry
    except LibgraphError as exc:
        raise ProtocolError(400, str(exc)) from None
    return _done(request, ep, fields, entry)


@router.post("/curation/merge", summary="Merge entities that are one thing")
async def merge(request: Request) -> Response:
    def act(curation: Path, f: dict[str, str]) -> str:
        keep, other = _need(f, "keep", "merge")
        return add_merge(curation, keep, [other], f.get("who", ""), f.get("why", "")).entry
    return await _apply(request, act)


@router.post("/curation/separate", summary="Keep apart what was made one")
async def separate(request: Request) -> Response:
    def act(curation: Path, f: dict[str, str]) -> str:
        entity, name = _need(f, "entity", "name")
        return add_separation(curation, entity, [name], f.get("who", ""), f.get("why", "")).entry
    return await _apply(request, act)


@router.get("/curation", summary="The background rebuild: running, queued, how the last one ended")
async def status(request: Request) -> JSONResponse:
    ep = endpoint(request)
    if ep.rebuilder is None:
        return JSONResponse({"enabled": False})
    return JSONResponse({"enabled": True, **ep.rebuilder.status()})
