"""Overviews: ``/timeline`` (statements per year, by relation) and ``/countries`` (which countries'
institutions cooperate: agreements, meetings and visits between them)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...vocab import SPARQL_PREFIXES
from ..endpoint import endpoint
from ..html import countries_page, timeline_page
from .browse import WHERE_PATH
from .pages import HTML_HEADERS

router = APIRouter(tags=["Pages"])

TIMELINE = SPARQL_PREFIXES + """
SELECT ?year ?p (COUNT(DISTINCT ?st) AS ?n) WHERE {
  ?st a lg:Statement ; rdf:predicate ?p ; lg:eventDate ?date .
  FILTER (?p NOT IN (lg:founded, lg:locatedIn, lg:collectionSize, lg:namedAfter, lg:partOf))
  BIND (SUBSTR(STR(?date), 1, 4) AS ?year)
} GROUP BY ?year ?p ORDER BY ?year ?p"""

COUNTRIES = SPARQL_PREFIXES + """
SELECT ?a ?al ?b ?bl ?p (COUNT(DISTINCT ?pair) AS ?n) WHERE {
  ?x ?p ?y . FILTER (?p IN (lg:signedAgreementWith, lg:metWith, lg:visited))
  ?x $WHERE ?a . ?y $WHERE ?b . ?a a lg:Country ; skos:prefLabel ?al . ?b a lg:Country ; skos:prefLabel ?bl .
  FILTER (?a != ?b && (?p = lg:visited || STR(?a) < STR(?b)))
  BIND (CONCAT(STR(?x), " ", STR(?y)) AS ?pair)
} GROUP BY ?a ?al ?b ?bl ?p ORDER BY DESC(?n) ?al ?bl LIMIT 500""".replace("$WHERE", WHERE_PATH)


@router.get("/timeline", response_class=HTMLResponse, summary="Statements per year, by relation")
async def timeline(request: Request) -> HTMLResponse:
    ep = endpoint(request)
    return HTMLResponse(timeline_page(await ep.select(TIMELINE)), headers=HTML_HEADERS)


@router.get("/countries", response_class=HTMLResponse, summary="Which countries' institutions cooperate")
async def countries(request: Request) -> HTMLResponse:
    ep = endpoint(request)
    return HTMLResponse(countries_page(await ep.select(COUNTRIES), ep.settings.base_iri), headers=HTML_HEADERS)
