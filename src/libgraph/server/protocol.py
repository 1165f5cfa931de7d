"""The SPARQL 1.1 Protocol's HTTP side: reading parameters and bodies, checking IRIs and tokens,
plain-text errors. Every refusal is a :class:`~libgraph.errors.ProtocolError` with its status."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from fastapi.routing import APIRoute

from ..config import Settings
from ..errors import ProtocolError
from .results import RDF_MEDIA

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


class RawRoute(APIRoute):
    """A route whose endpoint takes the request and returns the response itself, with none of FastAPI's
    parameter parsing or response encoding (about 0.15 ms a request, on the endpoint's hot path); it is
    still described in the OpenAPI document, by the route's ``openapi_extra``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler: Callable[[Request], Coroutine[Any, Any, Response]] = self.endpoint
        return handler


RETRY_AFTER = "2"  # seconds a client told 503 (overloaded, a worker replaced) waits before asking again


def plain(status: int, message: str) -> PlainTextResponse:
    """An error as the endpoint answers it: plain text, with the challenge a 401 needs and the
    ``Retry-After`` a 503 gives (the query may well be answered a moment later)."""
    headers = {"WWW-Authenticate": 'Bearer realm="libgraph"'} if status == 401 else \
        {"Retry-After": RETRY_AFTER} if status == 503 else None
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def authorize(request: Request, settings: Settings) -> None:
    """Refuse a write without the update token (403 on a read-only endpoint, 401 without a token)."""
    if not settings.updates_enabled:
        raise ProtocolError(403, "this endpoint is read-only: start it with --update-token to allow writes")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ProtocolError(401, "writes need 'Authorization: Bearer <update token>'")
    if not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
        raise ProtocolError(403, "wrong update token")


def request_url(request: Request) -> str:
    """The request's URL without query and fragment: the base IRI of what it sends."""
    return str(request.url.replace(query="", fragment=""))


def query_params(request: Request) -> list[tuple[str, str]]:
    raw = request.scope.get("query_string", b"")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the query string is not valid percent-encoded ASCII") from None
    return parse_qs(text)


def parse_qs(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError(400, "the parameters are not valid percent-encoded UTF-8") from None


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not valid UTF-8") from None


def decode_form(raw: bytes) -> list[tuple[str, str]]:
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise ProtocolError(400, "a form body must be percent-encoded ASCII") from None
    return parse_qs(text)


async def read_body(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"request body larger than max_body_bytes={limit}")
        chunks.append(chunk)
    return b"".join(chunks)


def safe_iri(iri: str) -> bool:
    return not any(c in iri for c in '<> "{}|\\^`\n\r\t') and "/../" not in iri and not iri.endswith("/..")


def rdf_response(turtle: str, graph_format: str) -> Response:
    media, rdf_format = RDF_MEDIA[graph_format]
    if graph_format in {"nq", "trig"}:  # a single graph: the triple syntaxes carry it
        media, rdf_format = RDF_MEDIA["ttl" if graph_format == "trig" else "nt"]
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    body = ox.serialize(triples, format=rdf_format) if rdf_format != ox.RdfFormat.TURTLE else turtle.encode()
    return Response(body or b"", media_type=media, headers={"Vary": "Accept"})
