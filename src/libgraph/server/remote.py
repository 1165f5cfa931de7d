"""Answering ``/sparql`` from another SPARQL 1.1 server (``libgraph serve --backend URL``).

For graphs past what one machine's embedded store serves well, the data lives in a server built for
it (Virtuoso, QLever, an Oxigraph server) and libgraph stays the front: the same protocol, content
negotiation, limits, pages and metrics. Each query is forwarded with the SPARQL 1.1 Protocol (URL-encoded POST, the
form every server reads; dataset parameters passed on); the answer is read as SPARQL JSON results
or N-Triples and written out again in the format the client asked for, cut at ``max_rows``, exactly
as for the embedded store. A query past ``query_timeout`` is answered 503 and its connection closed;
whether the backend then stops evaluating it is up to the backend (Virtuoso:
``MaxQueryExecutionTime``; QLever: its ``timeout`` parameter).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from ..errors import EngineError, QueryTimeout
from .evaluate import COMMENTS_AND_STRINGS, precheck, respond
from .requests import GraphRequest, QueryRequest, QueryResponse, UpdateRequest, error_response

RESULTS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.5, text/turtle;q=0.4"
_FORM = re.compile(r"(?<![\w:?$])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", re.IGNORECASE)  # not in ex:ask, ?select


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these words outside strings, IRIs and comments
    (a subquery's SELECT comes after its CONSTRUCT)."""
    match = _FORM.search(COMMENTS_AND_STRINGS.sub(" ", query))
    return match.group(1).upper() if match else "SELECT"


def basic_auth(credentials: str) -> httpx.BasicAuth | None:
    """``USER:PASSWORD`` as HTTP basic authentication (``None`` for an empty setting)."""
    if not credentials:
        return None
    user, _, password = credentials.partition(":")
    return httpx.BasicAuth(user, password)


class RemoteEngine:
    """Forwards queries to ``url``; the pool interface of :class:`~libgraph.server.pool.WorkerPool`."""

    def __init__(self, url: str, *, auth: httpx.Auth | None = None, concurrency: int = 16) -> None:
        self.url = url
        self.size = concurrency
        self.restarts = 0
        self._auth = auth
        self._client: httpx.AsyncClient | None = None
        self._slots = asyncio.Semaphore(concurrency)

    async def start(self) -> None:
        self._client = httpx.AsyncClient(auth=self._auth, follow_redirects=True,
                                         limits=httpx.Limits(max_connections=self.size))
        try:  # fail at start, not at the first query, when the backend is not there
            probe = await self._client.post(self.url, data={"query": "ASK {}"}, timeout=10.0,
                                            headers={"Accept": "application/sparql-results+json"})
        except httpx.HTTPError as exc:
            raise EngineError(f"the SPARQL backend at {self.url} does not answer: {exc}") from exc
        if probe.status_code >= 400:
            raise EngineError(f"the SPARQL backend at {self.url} answered {probe.status_code} to ASK {{}}: "
                              f"{probe.text[:200]}")

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def reload(self) -> None:
        return None  # the backend serves its own data

    async def watch_slow_queries(self) -> None:
        return None

    async def execute(self, req: QueryRequest | UpdateRequest | GraphRequest, timeout: float) -> QueryResponse:
        if not isinstance(req, QueryRequest):
            return error_response(405, "this endpoint forwards queries to a SPARQL backend; "
                                       "send updates to the backend")
        refused = precheck(req)
        if refused is not None:
            return refused
        if self._client is None:
            raise EngineError("the backend connection is not open")
        form = [("query", req.query)]
        form += [("default-graph-uri", g) for g in req.default_graphs]
        form += [("named-graph-uri", g) for g in req.named_graphs]
        body = urlencode(form).encode("ascii")
        # ask for what the result is read back from: results as JSON, graphs as N-Triples
        accept = GRAPH_ACCEPT if query_form(req.query) in {"CONSTRUCT", "DESCRIBE"} else RESULTS_ACCEPT
        async with self._slots:
            try:
                answer = await self._client.post(
                    self.url, content=body, timeout=timeout,
                    headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
            except httpx.TimeoutException:
                raise QueryTimeout(f"the query ran past the {timeout:g} s limit (on the backend)") from None
            except httpx.HTTPError as exc:
                raise EngineError(f"the SPARQL backend failed: {exc}") from exc
        if 400 <= answer.status_code < 500:
            return error_response(400, f"the backend refused the query: {answer.text[:2000]}")
        if answer.status_code >= 500:
            raise EngineError(f"the SPARQL backend answered {answer.status_code}: {answer.text[:200]}")
        return await asyncio.to_thread(_reformat, answer.content, answer.headers.get("content-type", ""), req)


def _reformat(body: bytes, content_type: str, req: QueryRequest) -> QueryResponse:
    media = content_type.split(";")[0].strip().lower()
    try:
        result: Any
        if media in {"application/sparql-results+json", "application/json"}:
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        elif media in {"application/n-triples", "text/plain", "text/turtle"}:
            fmt = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
            result = (q.triple for q in ox.parse(body, format=fmt))
        else:
            return error_response(502, f"the backend answered in {media or 'no media type'}, "
                                       "which libgraph cannot read")
        return respond(result, req)
    except SyntaxError as exc:
        return error_response(502, f"the backend's answer could not be read: {exc}")
