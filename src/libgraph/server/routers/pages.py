"""Pages for people: the query page (``/``), entity pages (HTML or RDF by content negotiation, at
every IRI under the base IRI), and the API page (``/docs``)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...corpus import article_text
from ...errors import ProtocolError
from ...vocab import SPARQL_PREFIXES
from ..endpoint import endpoint
from ..html import VENDOR, article_page, entity_page, index_page, ontology_page, review_page, statement_page
from ..negotiate import GRAPH_TYPES, choose, prefers_html
from ..protocol import safe_iri

router = APIRouter(tags=["Pages"])
QUERIES = Path(__file__).resolve().parents[2] / "resources" / "queries"
HTML_HEADERS = {
    # scripts only from this server; the editor sets inline styles
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
ENTITY_PREFIXES = ("id/", "article/", "statement/", "rule/", "merge/", "graph/", "ontology/")


def example_queries() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(QUERIES.glob("*.rq"))} if QUERIES.is_dir() else {}


@router.get("/", response_class=HTMLResponse, summary="Query page")
async def index(request: Request) -> HTMLResponse:
    return HTMLResponse(index_page(example_queries(), endpoint(request).settings.base_iri), headers=HTML_HEADERS)


async def entity(request: Request) -> Response:
    ep = endpoint(request)
    base_iri = ep.settings.base_iri
    iri = base_iri + request.url.path.lstrip("/")
    if not safe_iri(iri):
        raise ProtocolError(400, "invalid resource path")
    accept = request.headers.get("accept")
    if request.url.path.startswith("/id/"):
        # an IRI a curated merge retired: the entity it names now (owl:sameAs), permanently
        kept = await ep.select(f"SELECT ?kept WHERE {{ ?kept <http://www.w3.org/2002/07/owl#sameAs> <{iri}> "
                               f"FILTER NOT EXISTS {{ <{iri}> a ?type }} }} LIMIT 1")
        if kept and kept[0]["kept"].startswith(base_iri):
            return RedirectResponse("/" + kept[0]["kept"][len(base_iri):], status_code=301)
    if prefers_html(accept) and request.url.path.startswith("/article/"):
        return await _article(ep, iri)
    if prefers_html(accept) and request.url.path.startswith("/statement/"):
        rows = await ep.select(STATEMENT.replace("$this", f"<{iri}>"))
        if not rows:
            raise ProtocolError(404, f"nothing is known about {iri}")
        _data, terms = _ontology(str(ep.settings.ontology))
        labels = {t["iri"]: t.get("label", "") for t in map(dict, terms)}
        return HTMLResponse(statement_page(iri, rows[0], labels, base_iri), headers=HTML_HEADERS)
    if prefers_html(accept):
        term = f"<{iri}>"
        facts = await ep.select(f"SELECT ?p ?o WHERE {{ {term} ?p ?o }}")
        incoming = await ep.select(f"SELECT ?s ?p WHERE {{ ?s ?p {term} }} LIMIT 1")
        if not facts and not incoming:
            raise ProtocolError(404, f"nothing is known about {iri}")
        out_rel = with_reversed(await ep.select(RELATIONS_OUT.replace("$this", term)),
                                await ep.select(RELATIONS_REVERSED.replace("$this", term)))
        in_rel = await ep.select(RELATIONS_IN.replace("$this", term))
        return HTMLResponse(entity_page(iri, facts, out_rel, in_rel, base_iri, curate=ep.rebuilder is not None),
                            headers=HTML_HEADERS)
    graph_format = choose(accept, GRAPH_TYPES, "ttl")
    if graph_format is None:
        raise ProtocolError(406, "this resource is available as HTML, Turtle, N-Triples, JSON-LD or RDF/XML")
    answer = await ep.query(f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} "
                            f"UNION {{ ?s ?q <{iri}> }} }}", None, graph_format)
    if answer.status == 200 and len(answer.body.strip()) == 0:
        raise ProtocolError(404, f"nothing is known about {iri}")
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                    headers={"Vary": "Accept"})


ARTICLE_INFO = SPARQL_PREFIXES + """
SELECT ?source ?hash ?headline ?date WHERE {
  $this lg:sourcePath ?source ; lg:contentHash ?hash .
  OPTIONAL { $this schema:headline ?headline } OPTIONAL { $this schema:datePublished ?date }
} LIMIT 1"""
ARTICLE_FACTS = SPARQL_PREFIXES + """
SELECT ?st ?s ?sl ?p ?o ?ol ?start ?end WHERE {
  ?st prov:wasDerivedFrom $this ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      lg:sentenceStart ?start ; lg:sentenceEnd ?end .
  OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?o rdfs:label ?ol }
} ORDER BY ?start ?p ?s ?o"""
ARTICLE_NAMES = SPARQL_PREFIXES + """
SELECT DISTINCT ?e ?name ?type WHERE {
  ?st prov:wasDerivedFrom $this . { ?st rdf:subject ?e } UNION { ?st rdf:object ?e }
  ?e a ?type . FILTER (STRSTARTS(STR(?type), STR(lg:)))
  { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name }
}"""


def _corpus_of(settings: Any) -> Path | None:
    """The corpus the served build was read from (its ``build-info.json``)."""
    try:
        info = json.loads((Path(settings.out) / "build-info.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Path(info["corpus"]) if info.get("corpus") else None


def _mentions(text: str, names: list[dict[str, str]]) -> list[tuple[int, int, str, str]]:
    """Where the text names the entities: every occurrence of a label or other name, as a word."""
    found = []
    for row in names:
        name = row["name"].strip()
        if len(name) < 2:
            continue
        kind = row["type"].rsplit("#", 1)[-1]
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            found.append((m.start(), m.end(), row["e"], kind))
    return found


async def _article(ep: Any, iri: str) -> Response:
    rows = await ep.select(ARTICLE_INFO.replace("$this", f"<{iri}>"))
    if not rows:
        raise ProtocolError(404, f"nothing is known about {iri}")
    info = rows[0]
    facts = await ep.select(ARTICLE_FACTS.replace("$this", f"<{iri}>"))
    root = _corpus_of(ep.settings)
    text = article_text(root, info["source"], info["hash"]) if root is not None else None
    mentions = _mentions(text, await ep.select(ARTICLE_NAMES.replace("$this", f"<{iri}>"))) if text else []
    return HTMLResponse(article_page(iri, info, text, facts, mentions, ep.settings.base_iri), headers=HTML_HEADERS)


def with_reversed(out_rel: list[dict[str, str]], reversed_rel: list[dict[str, str]]) -> list[dict[str, str]]:
    """The outgoing relations, each symmetric one with the statements that put it the other way
    round instead of an empty provenance (it is stored both ways, stated one way)."""
    stated = {(r["p"], r["o"]) for r in reversed_rel}
    kept = [r for r in out_rel if "sentence" in r or (r["p"], r["o"]) not in stated]
    return sorted(kept + reversed_rel, key=lambda r: (r["p"], r.get("label", ""), r["o"]))


for _prefix in ENTITY_PREFIXES:
    router.add_api_route(f"/{_prefix}{{rest:path}}", entity, methods=["GET"], include_in_schema=_prefix == "id/",
                         summary="An entity of the graph, as HTML or RDF", response_class=Response)


@router.get("/docs", include_in_schema=False)
async def docs(request: Request) -> HTMLResponse:
    """Swagger UI from this server's static folder (installed from npm), not from a CDN."""
    if not (VENDOR / "swagger-ui-bundle.js").exists():
        return HTMLResponse('<p>The OpenAPI description is at <a href="/openapi.json">/openapi.json</a>; '
                            "install the front-end packages (make install) for the interactive page.</p>")
    page = get_swagger_ui_html(openapi_url="/openapi.json", title=request.app.title,
                               swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                               swagger_css_url="/static/vendor/swagger-ui.css",
                               swagger_favicon_url="data:,")
    return HTMLResponse(bytes(page.body).decode(), headers={**HTML_HEADERS, "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'")})


RELATIONS_OUT = SPARQL_PREFIXES + """
SELECT ?p ?o ?label ?sentence ?article ?source ?date ?role ?date_source ?confidence ?rule ?rule_label WHERE {
  $this ?p ?o . FILTER (STRSTARTS(STR(?p), STR(lg:)) && ?p NOT IN (lg:isoCode))
  OPTIONAL { ?o rdfs:label ?label }
  OPTIONAL { ?st rdf:subject $this ; rdf:predicate ?p ; rdf:object ?o ; lg:sentence ?sentence ;
                 prov:wasDerivedFrom ?article . ?article lg:sourcePath ?source .
             OPTIONAL { ?st lg:eventDate ?date } OPTIONAL { ?st lg:role ?role }
             OPTIONAL { ?st lg:dateSource ?date_source } OPTIONAL { ?st lg:confidence ?confidence }
             OPTIONAL { ?st lg:extractionRule ?rule . ?rule rdfs:label ?rule_label } }
} ORDER BY ?p ?label LIMIT 1000"""

# a symmetric relation is stored both ways (see entailment): the statements that put it the other way
RELATIONS_REVERSED = SPARQL_PREFIXES + """
SELECT ?p ?o ?label ?sentence ?article ?source ?date ?role ?date_source ?confidence ?rule ?rule_label WHERE {
  ?st rdf:object $this ; rdf:predicate ?p ; rdf:subject ?o ; lg:sentence ?sentence ; prov:wasDerivedFrom ?article .
  FILTER (?p IN (lg:metWith, lg:signedAgreementWith))
  ?article lg:sourcePath ?source .
  OPTIONAL { ?o rdfs:label ?label } OPTIONAL { ?st lg:eventDate ?date } OPTIONAL { ?st lg:role ?role }
  OPTIONAL { ?st lg:dateSource ?date_source } OPTIONAL { ?st lg:confidence ?confidence }
  OPTIONAL { ?st lg:extractionRule ?rule . ?rule rdfs:label ?rule_label }
} ORDER BY ?p ?label LIMIT 1000"""

RELATIONS_IN = SPARQL_PREFIXES + """
SELECT ?s ?p ?label ?sentence ?article ?source ?date ?role ?date_source ?confidence ?rule ?rule_label WHERE {
  ?s ?p $this . FILTER (STRSTARTS(STR(?p), STR(lg:)) && ?p NOT IN (lg:mergedInto, lg:metWith, lg:signedAgreementWith))
  OPTIONAL { ?s rdfs:label ?label }
  OPTIONAL { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object $this ; lg:sentence ?sentence ;
                 prov:wasDerivedFrom ?article . ?article lg:sourcePath ?source .
             OPTIONAL { ?st lg:eventDate ?date } OPTIONAL { ?st lg:role ?role }
             OPTIONAL { ?st lg:dateSource ?date_source } OPTIONAL { ?st lg:confidence ?confidence }
             OPTIONAL { ?st lg:extractionRule ?rule . ?rule rdfs:label ?rule_label } }
} ORDER BY ?p ?label LIMIT 1000"""


ONTOLOGY_TERMS = SPARQL_PREFIXES + """
SELECT ?iri ?kind ?label ?definition (GROUP_CONCAT(DISTINCT STR(?parent); SEPARATOR=" ") AS ?parents)
       (GROUP_CONCAT(DISTINCT ?flag; SEPARATOR=" ") AS ?flags) WHERE {
  { ?iri a owl:Class BIND ("class" AS ?kind) } UNION { ?iri a owl:ObjectProperty BIND ("property" AS ?kind) }
  UNION { ?iri a owl:DatatypeProperty BIND ("property" AS ?kind) }
  FILTER (isIRI(?iri) && STRSTARTS(STR(?iri), STR(lg:)))
  OPTIONAL { ?iri rdfs:label ?label } OPTIONAL { ?iri skos:definition ?definition }
  OPTIONAL { ?iri rdfs:subClassOf|rdfs:subPropertyOf|owl:inverseOf ?parent FILTER isIRI(?parent) }
  OPTIONAL { ?iri a owl:SymmetricProperty BIND ("symmetric" AS ?flag) }
} GROUP BY ?iri ?kind ?label ?definition ORDER BY ?kind ?iri"""


@lru_cache(maxsize=4)
def _ontology(path: str) -> tuple[bytes, tuple[tuple[tuple[str, str], ...], ...]]:
    """The ontology file's Turtle and its terms (read once per server process)."""
    data = Path(path).read_bytes()
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    result = store.query(ONTOLOGY_TERMS)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    terms = tuple(tuple((n, row[n].value) for n in names if row[n] is not None) for row in result)
    return data, terms


@router.get("/ontology", response_class=Response, summary="The ontology, as HTML or Turtle")
async def ontology(request: Request) -> Response:
    ep = endpoint(request)
    data, terms = _ontology(str(ep.settings.ontology))
    accept = request.headers.get("accept")
    if request.query_params.get("format") in {"ttl", "turtle"} or not prefers_html(accept):
        return Response(data, media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
    return HTMLResponse(ontology_page([dict(t) for t in terms], ep.settings.base_iri), headers=HTML_HEADERS)


REVIEW = SPARQL_PREFIXES + """
SELECT ?st ?s ?sl ?p ?o ?ol ?confidence ?sentence ?article ?source ?rule ?rule_label WHERE {
  ?st a lg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; lg:confidence ?confidence ;
      lg:sentence ?sentence ; prov:wasDerivedFrom ?article ; lg:extractionRule ?rule .
  OPTIONAL { ?rule rdfs:label ?rule_label } OPTIONAL { ?article lg:sourcePath ?source }
  OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?o rdfs:label ?ol }
} ORDER BY ?confidence ?source ?sentence LIMIT %d"""


@router.get("/review", response_class=HTMLResponse, summary="The least certain statements first")
async def review(request: Request) -> HTMLResponse:
    ep = endpoint(request)
    limit = request.query_params.get("limit", "200")
    rows = await ep.select(REVIEW % max(1, min(int(limit) if limit.isdigit() else 200, 2000)))
    return HTMLResponse(review_page(rows, ep.settings.base_iri, curate=ep.rebuilder is not None), headers=HTML_HEADERS)


STATEMENT = SPARQL_PREFIXES + """
SELECT ?s ?sl ?p ?o ?ol ?sentence ?article ?source ?headline ?confidence ?rule ?rule_label ?date ?date_source ?role
WHERE {
  $this rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; lg:sentence ?sentence ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?o rdfs:label ?ol } OPTIONAL { ?article lg:sourcePath ?source }
  OPTIONAL { ?article schema:headline ?headline } OPTIONAL { $this lg:confidence ?confidence }
  OPTIONAL { $this lg:extractionRule ?rule . ?rule rdfs:label ?rule_label }
  OPTIONAL { $this lg:eventDate ?date } OPTIONAL { $this lg:dateSource ?date_source } OPTIONAL { $this lg:role ?role }
} LIMIT 1"""
