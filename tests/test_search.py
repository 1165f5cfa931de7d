"""Finding an entity by name: the index's matching and ranking, and /search over the real server."""

from __future__ import annotations

import httpx

from libgraph.server.search import Entry, SearchIndex

LG = "https://w3id.org/libgraph/ontology#"


def _index() -> SearchIndex:
    return SearchIndex([
        Entry("urn:ostland-library", "National Library of Ostland", "National Library of Ostland", "Library", True),
        Entry("urn:ostland-library", "National Library of Ostland", "Ostland National Library", "Library", False),
        Entry("urn:ostland", "Ostland", "Ostland", "Country", True),
        Entry("urn:vesper", "Vesper Archive of Ostland", "Vesper Archive of Ostland", "Organization", True),
        Entry("urn:mira", "Mira Lenz", "Mira Lenz", "Person", True),
        Entry("urn:librarians", "Guild of Librarians", "Guild of Librarians", "Organization", True),
    ])


def test_a_word_start_matches_case_and_accents_aside() -> None:
    assert [e.iri for e in _index().search("LENZ")] == ["urn:mira"]
    assert [e.iri for e in _index().search("lénz")] == ["urn:mira"]
    assert _index().search("enz") == []  # inside a word: no match
    assert _index().search("   ") == []


def test_ranking_whole_name_then_its_start_then_a_later_word() -> None:
    found = _index().search("ostland")
    assert [e.iri for e in found] == ["urn:ostland", "urn:ostland-library", "urn:vesper"]
    assert found[1].name == "Ostland National Library"  # the alias that starts with the query
    # both match at a later word: the shorter name first
    assert [e.iri for e in _index().search("librar")] == ["urn:librarians", "urn:ostland-library"]
    assert len(_index().search("o", limit=2)) == 2


def test_search_endpoint_finds_a_seed_library(server: str) -> None:
    r = httpx.get(server + "/search", params={"q": "national library of chi"})
    assert r.status_code == 200
    first = r.json()["results"][0]
    assert first["label"] == "National Library of China" and first["type"] == "Library"
    assert first["page"] == "/id/organization/national-library-of-china"
    assert httpx.get(server + first["page"], headers={"Accept": "text/html"}).status_code == 200
    aliases = httpx.get(server + "/search", params={"q": "Republic of Uzbek"}).json()["results"]
    assert aliases and aliases[0]["label"] == "Uzbekistan" and aliases[0]["name"] == "Republic of Uzbekistan"
    assert httpx.get(server + "/search", params={"q": ""}).json()["results"] == []
