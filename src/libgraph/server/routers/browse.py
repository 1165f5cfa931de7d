"""Browsing without SPARQL: ``/class`` (each entity class with its count) and ``/class/{name}`` (the
entities of a class, with facets by country, relation and year, each a link that filters)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...errors import ProtocolError
from ...model import ENTITY_TYPES, PREDICATES
from ...vocab import SPARQL_PREFIXES
from ..endpoint import endpoint
from ..html import class_index_page, class_page
from ..protocol import safe_iri
from .pages import HTML_HEADERS

router = APIRouter(tags=["Pages"])
MAX_ENTITIES = 1000

COUNTS = SPARQL_PREFIXES + """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?type FILTER (?type IN (%s)) } GROUP BY ?type"""

# where an entity is: its country, directly or through its city
WHERE_PATH = "lg:locatedIn|(lg:locatedIn/lg:locatedIn)|(lg:locatedIn/schema:containedInPlace)"

ENTITIES = SPARQL_PREFIXES + """
SELECT ?e ?label (SAMPLE(?country) AS ?where) (COUNT(DISTINCT ?st) AS ?statements) WHERE {
  ?e a lg:%(type)s ; skos:prefLabel ?label .
  %(filters)s
  OPTIONAL { ?e $WHERE ?place . ?place a lg:Country ; skos:prefLabel ?country }
  OPTIONAL { { ?st rdf:subject ?e } UNION { ?st rdf:object ?e } ?st a lg:Statement }
} GROUP BY ?e ?label ORDER BY DESC(?statements) ?label LIMIT %(limit)d""".replace("$WHERE", WHERE_PATH)

FACET_COUNTRY = SPARQL_PREFIXES + """
SELECT ?c ?label (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a lg:%(type)s . %(filters)s
  ?e $WHERE ?c .
  ?c a lg:Country ; skos:prefLabel ?label .
} GROUP BY ?c ?label ORDER BY DESC(?n) ?label LIMIT 50""".replace("$WHERE", WHERE_PATH)

FACET_RELATION = SPARQL_PREFIXES + """
SELECT ?p (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a lg:%(type)s . %(filters)s
  { ?e ?p ?x } UNION { ?x ?p ?e } FILTER (?p IN (%(relations)s))
} GROUP BY ?p ORDER BY DESC(?n)"""

FACET_YEAR = SPARQL_PREFIXES + """
SELECT ?year (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a lg:%(type)s . %(filters)s
  { ?st rdf:subject ?e } UNION { ?st rdf:object ?e } ?st lg:eventDate ?date .
  BIND (SUBSTR(STR(?date), 1, 4) AS ?year)
} GROUP BY ?year ORDER BY DESC(?year) LIMIT 60"""


def _filters(country: str | None, relation: str | None, year: str | None) -> str:
    parts = []
    if country:
        parts.append(f"?e {WHERE_PATH} <{country}> .")
    if relation:
        parts.append(f"{{ ?e lg:{relation} ?fx }} UNION {{ ?fx lg:{relation} ?e }}")
    if year:
        parts.append(f"{{ ?fs rdf:subject ?e }} UNION {{ ?fs rdf:object ?e }} ?fs lg:eventDate ?fd . "
                     f'FILTER (STRSTARTS(STR(?fd), "{year}"))')
    return "\n  ".join(parts)


@router.get("/class", response_class=HTMLResponse, summary="The entity classes, with counts")
async def classes(request: Request) -> HTMLResponse:
    ep = endpoint(request)
    rows = await ep.select(COUNTS % ", ".join(f"lg:{t}" for t in ENTITY_TYPES))
    counts = {r["type"].rsplit("#", 1)[-1]: int(r["n"]) for r in rows}
    return HTMLResponse(class_index_page({t: counts.get(t, 0) for t in ENTITY_TYPES}), headers=HTML_HEADERS)


@router.get("/class/{name}", response_class=HTMLResponse, summary="The entities of a class, with facets")
async def class_entities(request: Request, name: str, country: str | None = None, relation: str | None = None,
                         year: str | None = None) -> HTMLResponse:
    ep = endpoint(request)
    if name not in ENTITY_TYPES:
        raise ProtocolError(404, f"no class {name}; the classes are {', '.join(ENTITY_TYPES)}")
    if country is not None and not (country.startswith(("http://", "https://")) and safe_iri(country)):
        raise ProtocolError(400, f"invalid country IRI {country!r}")
    if relation is not None and relation not in PREDICATES:
        raise ProtocolError(400, f"unknown relation {relation!r}")
    if year is not None and not (len(year) == 4 and year.isdigit()):
        raise ProtocolError(400, f"a year is four digits, not {year!r}")
    values = {"type": name, "filters": _filters(country, relation, year), "limit": MAX_ENTITIES,
              "relations": ", ".join(f"lg:{p}" for p in PREDICATES)}
    entities = await ep.select(ENTITIES % values)
    facets = {
        "country": await ep.select(FACET_COUNTRY % values),
        "relation": await ep.select(FACET_RELATION % values),
        "year": await ep.select(FACET_YEAR % values),
    }
    chosen = {k: v for k, v in (("country", country), ("relation", relation), ("year", year)) if v}
    return HTMLResponse(class_page(name, entities, facets, chosen, ep.settings.base_iri), headers=HTML_HEADERS)
