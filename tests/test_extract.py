"""Each construction of the language, in sentences written for these tests, with the exact triples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from libgraph import ArticleGraph, places
from libgraph.places import Gazetteer, default_gazetteer
from libgraph.shards import time_limit

from .conftest import triples

pytestmark = pytest.mark.slow
Read = Callable[..., ArticleGraph]


def test_extract_active_signing_with_partner(read: Read) -> None:
    g = read("The National Library of Estonia signed a memorandum of cooperation with the Goethe Institute.")
    assert ("National Library of Estonia", "signedAgreementWith", "Goethe Institute") in triples(g)


def test_extract_passive_signing_between(read: Read) -> None:
    g = read("An agreement was signed between the National Library of Chile and the University of Lagos.")
    t = triples(g)
    assert ("National Library of Chile", "signedAgreementWith", "University of Lagos") in t or \
        ("University of Lagos", "signedAgreementWith", "National Library of Chile") in t


def test_extract_passive_by_agents(read: Read) -> None:
    g = read("The contract was concluded by the Riga Central Library and the Latvian Library Association.")
    pairs = {frozenset((s, o)) for s, p, o in triples(g) if p == "signedAgreementWith"}
    assert frozenset(("Riga Central Library", "Latvian Library Association")) in pairs


def test_extract_coordination_gives_one_relation_per_conjunct(read: Read) -> None:
    g = read("The National Library of Peru has signed agreements with national libraries of Spain, "
             "Portugal and Mexico.")
    t = triples(g)
    for country in ("Spain", "Portugal", "Mexico"):
        assert ("National Library of Peru", "signedAgreementWith", f"National Library of {country}") in t
        assert (f"National Library of {country}", "locatedIn", country) in t


def test_extract_negation_and_plans_give_nothing(read: Read) -> None:
    g = read("The National Library of Chile did not visit the Lima Municipal Library. "
             "The Lima Municipal Library hoped to sign an agreement with the National Library of Chile.")
    assert not [t for t in triples(g) if t[1] in {"visited", "signedAgreementWith"}]


def test_extract_apposition_post_and_abbreviation(read: Read) -> None:
    g = read("The Lusaka City Library (LCL) hosted a workshop. "
             "Mary Banda, Deputy Director of the LCL, met with the guests.")
    t = triples(g)
    lcl = next(e for e in g.entities.values() if e.name == "Lusaka City Library")
    assert "LCL" in lcl.aliases
    assert ("Mary Banda", "worksFor", "Lusaka City Library") in t
    role = next(s.role for s in g.statements if s.predicate == "worksFor")
    assert role == "Deputy Director"


def test_extract_reference_to_the_library(read: Read) -> None:
    g = read("The Oslo Public Library opened its new hall. In 2019 the library joined the "
             "International Association of Music Libraries.")
    assert ("Oslo Public Library", "memberOf", "International Association of Music Libraries") in triples(g)


def test_extract_membership_since_year(read: Read) -> None:
    g = read("Since 1995, the Tartu University Library has been a member of the Ligue des Bibliothèques "
             "Européennes de Recherche Association.")
    st = next(s for s in g.statements if s.predicate == "memberOf")
    assert g.entities[st.subject].name == "Tartu University Library"
    assert st.date == "1995"


def test_extract_founding_and_collection_size(read: Read) -> None:
    g = read("The Vilnius County Library was founded in 1952. "
             "Today the library holds approximately three million books.")
    t = triples(g)
    assert ("Vilnius County Library", "founded", "1952") in t
    assert ("Vilnius County Library", "collectionSize", "3000000") in t


def test_extract_visit_with_date_resolved_against_article(read: Read) -> None:
    g = read("On 12 May, a delegation of the Minsk City Library visited the Warsaw Public Library.",
             date="2023-06-30")
    st = next(s for s in g.statements if s.predicate == "visited")
    assert (g.entities[st.subject].name, g.entities[st.object].name) == ("Minsk City Library",
                                                                         "Warsaw Public Library")
    assert st.date == "2023-05-12"
    assert st.evidence.sentence.startswith("On 12 May")


def test_extract_named_after_and_located_in_from_the_name(read: Read) -> None:
    g = read("Students visited the Central Library of Bolivia named after Simon Patino.")
    t = triples(g)
    assert ("Central Library of Bolivia named after Simon Patino", "namedAfter", "Simon Patino") in t
    assert ("Central Library of Bolivia named after Simon Patino", "locatedIn", "Bolivia") in t


def test_extract_donation_and_quoted_event(read: Read) -> None:
    g = read('The Ministry of Culture launched the project "Books for Every Village". '
             "Anna Kovacs donated 200 books to the Szeged City Library.")
    t = triples(g)
    assert ("Ministry of Culture", "organized", "Books for Every Village") in t
    assert ("Anna Kovacs", "donatedTo", "Szeged City Library") in t
    assert g.entities[next(e for e in g.entities if g.entities[e].name == "Books for Every Village")].type == "Event"


def test_extract_part_of_and_city_in_country(read: Read) -> None:
    g = read("The Map Department of the Royal Library of Denmark is in Copenhagen, Denmark.")
    t = triples(g)
    assert ("Map Department", "partOf", "Royal Library of Denmark") in t or \
        ("Map Department of the Royal Library of Denmark", "partOf", "Royal Library of Denmark") in t
    assert ("Copenhagen", "locatedIn", "Denmark") in t


def test_extract_titles_stripped_from_person_names(read: Read) -> None:
    g = read("The delegation met with Mr. Tomas Novak and with Prof. Eva Dvorak at the National "
             "Library of the Czech Republic.")
    names = {e.name for e in g.entities.values() if e.type == "Person"}
    assert {"Tomas Novak", "Eva Dvorak"} <= names


def test_extract_posts_before_the_name_and_in_relative_clauses(read: Read) -> None:
    g = read("The Tallinn Central Library opened a reading room. Its director, Anna Berg, thanked the donors. "
             "Jonas Petras, who is Director General of the Kaunas County Library, attended.")
    t = triples(g)
    assert ("Anna Berg", "worksFor", "Tallinn Central Library") in t
    assert ("Jonas Petras", "worksFor", "Kaunas County Library") in t
    roles = {s.role for s in g.statements if s.predicate == "worksFor"}
    assert {"director", "Director General"} <= roles


def test_extract_signatories_stand_for_their_institutions(read: Read) -> None:
    g = read("The agreement was signed by Olena Koval, Director of the Lviv City Library, and by Piotr Nowak, "
             "President of the Polish Library Association.")
    pairs = {frozenset((s, o)) for s, p, o in triples(g) if p == "signedAgreementWith"}
    assert pairs == {frozenset(("Lviv City Library", "Polish Library Association"))}


def test_extract_meetings_each_other_and_passive_reception(read: Read) -> None:
    g = read("A delegation of the Riga Central Library visited the Oslo Public Library. "
             "The guests were received by Kari Lunde, Director of the Oslo Public Library. "
             "Later, Kari Lunde and Ilze Ozola met in Oslo.")
    t = {(s, o) for s, p, o in triples(g) if p == "metWith"} | {(o, s) for s, p, o in triples(g) if p == "metWith"}
    assert ("Riga Central Library", "Kari Lunde") in t
    assert ("Kari Lunde", "Ilze Ozola") in t


def test_extract_agreed_that_is_reported_agreed_to_is_planned(read: Read) -> None:
    g = read("The Minsk City Library agreed that it had met with the Vilnius City Library. "
             "The Minsk City Library agreed to visit the Warsaw Public Library.")
    t = triples(g)
    assert ("Minsk City Library", "metWith", "Vilnius City Library") in t
    assert not [x for x in t if x[1] == "visited"]


def test_extract_abbreviation_reused_alone(read: Read) -> None:
    g = read("The Ghana Library Authority (GhLA) opened a branch. Later GhLA signed a memorandum with the "
             "University of Cape Coast.")
    assert ("Ghana Library Authority", "signedAgreementWith", "University of Cape Coast") in triples(g)


def test_extract_list_after_a_plural_with_its_place(read: Read) -> None:
    g = read("The National Library of Chile has agreements with universities across Chile, among them "
             "the University of Talca and the University of Concepcion.")
    t = triples(g)
    for uni in ("University of Talca", "University of Concepcion"):
        assert ("National Library of Chile", "signedAgreementWith", uni) in t
        assert (uni, "locatedIn", "Chile") in t


def test_extract_places_named_by_kind_and_by_comma(read: Read) -> None:
    g = read("New reading rooms will open in the provinces of Ha Giang, Cao Bang and Lai Chau. "
             "The Kenya National Library Service opened a branch in Nakuru, Kenya.")
    cities = {e.name for e in g.entities.values() if e.type == "City"}
    assert {"Ha Giang", "Cao Bang", "Lai Chau", "Nakuru"} <= cities
    assert ("Nakuru", "locatedIn", "Kenya") in triples(g)
    assert not any(e.type == "Person" for e in g.entities.values())


def test_extract_event_owned_by_the_organisation_before_it(read: Read) -> None:
    g = read('The library joined the UNESCO programme "Memory of the World" in 1997.')
    assert ("UNESCO", "organized", "Memory of the World") in triples(g)


def test_extract_library_named_after_its_eponym_is_one_entity(read: Read) -> None:
    g = read("The Lviv Regional Library is a large library. Since 1950, the library has borne the name of "
             "Ivan Franko. In 2001 the Ivan Franko Library opened a new hall.")
    libraries = [e for e in g.entities.values() if e.type == "Library"]
    assert len(libraries) == 1 and "Ivan Franko Library" in libraries[0].aliases
    st = next(s for s in g.statements if s.predicate == "namedAfter")
    assert st.date == "1950"


def test_extract_no_collection_size_from_a_gift(read: Read) -> None:
    g = read("The Alliance Francaise supplied more than 600 French books to the Hue City Library.")
    assert not [s for s in g.statements if s.predicate == "collectionSize"]


def test_extract_dateline_gives_dates(read: Read) -> None:
    g = read("Librarians visit Tartu\n\nTARTU, 4 March 2021 — The Riga Central Library visited the Tartu "
             "City Library.")
    assert g.article.date == "2021-03-04" and g.article.title == "Librarians visit Tartu"
    st = next(s for s in g.statements if s.predicate == "visited")
    assert st.date == "2021-03-04"
    assert st.evidence.sentence.startswith("The Riga Central Library visited")


def test_extract_possessive_country_description_and_section(read: Read) -> None:
    g = read("The Tallinn Central Library (TCL) is a large library. Estonia's national library joined the "
             "European Association of Research Libraries in 1995. The TCL staff joined the sessions of "
             "IFLA's Rare Books Section.")
    t = triples(g)
    assert ("Tallinn Central Library", "memberOf", "European Association of Research Libraries") in t
    assert ("Tallinn Central Library", "locatedIn", "Estonia") in t
    assert ("Rare Books Section", "partOf", "IFLA") in t
    assert not [x for x in t if x[1] == "memberOf" and x[2] == "IFLA"]


def test_extract_partners_and_units_of_a_countrys_ministry(read: Read) -> None:
    g = read("The Riga Central Library (RCL) is a city library. The RCL is a partner in the Baltic Reading Network "
             "Working Group. Anna Berzina, Director General of the General Directorate of Public Libraries of "
             "Latvia's Ministry of Culture, visited the RCL.")
    t = triples(g)
    assert ("Riga Central Library", "memberOf", "Baltic Reading Network Working Group") in t
    assert ("General Directorate of Public Libraries of Latvia", "partOf", "Ministry of Culture") in t
    assert ("Anna Berzina", "worksFor", "General Directorate of Public Libraries of Latvia") in t


def test_place_lookups_read_the_same_text_as_spans(nlp: object) -> None:
    """The place look-up works on token strings; every span's text must come out as spaCy's."""
    from libgraph.nlp.entities import Words

    doc = nlp("SOFIA, 3 May 2021 — The Netherlands' Royal Library (KB) and\n\nthe U.S. Library of Congress "  # type: ignore[operator]
              "met in Guinea-Bissau; “Maps of the Sea” opened in Côte d’Ivoire.  Then: done.")
    words = Words(doc)
    for start in range(len(doc) + 1):
        for end in range(start, min(len(doc), start + 6) + 1):
            assert words.span(start, end) == doc[start:end].text, (start, end)


def test_extract_places_by_name_and_context(read: Read) -> None:
    g = read("VILNIUS, 4 March 2022 - The Netherlands and Guinea-Bissau sent delegations to the library "
             "in Kaunas, while the U.S. delegation stayed in Riga.")
    names = {(e.name, e.type) for e in g.entities.values()}
    assert {("Netherlands", "Country"), ("Guinea-Bissau", "Country"), ("Kaunas", "City"), ("Riga", "City"),
            ("Vilnius", "City")} <= names
    assert {e.external_ids.get("iso3166") for e in g.entities.values() if e.type == "Country"} == {"NL", "GW", "US"}


def test_gazetteer_tables_are_kept_in_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = Gazetteer.cached(tmp_path)
    kept = list((tmp_path / "gazetteer").glob("*.json"))
    assert len(kept) == 1
    with monkeypatch.context() as m:
        m.setattr(places, "_build_tables", lambda _population: pytest.fail("the tables must be read, not built"))
        read = Gazetteer.cached(tmp_path)
    assert read.cities == built.cities == default_gazetteer().cities
    assert read.countries == built.countries and read._country_names == built._country_names
    assert read.city("Tashkent") == built.city("Tashkent") and read.country("Uzbekistan").code == "UZ"
    kept[0].write_bytes(b"\x00damaged")
    assert Gazetteer.cached(tmp_path).cities == built.cities  # built again, and written again
    assert kept[0].read_bytes().startswith(b"{")


def test_extract_initials_and_mixed_case_abbreviations(read: Read) -> None:
    g = read("The Tarvo State University (TarSU) hosted the meeting. Its rector, Ivanova G.K., spoke first; "
             "G. Ivanova later thanked the staff of TarSU.")
    persons = [e for e in g.entities.values() if e.type == "Person"]
    assert [p.name for p in persons] == ["Ivanova G.K"]
    university = next(e for e in g.entities.values() if e.name == "Tarvo State University")
    assert "TarSU" in university.aliases
    assert not any(e.name == "TarSU" for e in g.entities.values())


def test_extract_date_source_stated_or_article(read: Read) -> None:
    g = read("Mara Voss visited the Tarvo City Library last October. Ivo Lund visited the Varna Music Archive.",
             date="2023-06-14")
    dated = {g.entities[s.object].name: (s.date, s.date_source) for s in g.statements if s.predicate == "visited"}
    assert dated == {"Tarvo City Library": ("2022-10", "stated"), "Varna Music Archive": ("2023-06-14", "article")}


def test_extract_founding_day_and_abbreviated_collection_size(read: Read) -> None:
    g = read("Founded on 2 March 1921, the National Library of Estonia today holds more than 3mn resources.")
    t = triples(g)
    assert ("National Library of Estonia", "founded", "1921-03-02") in t
    assert ("National Library of Estonia", "collectionSize", "3000000") in t


def test_extract_meeting_whose_with_phrase_hangs_off_the_verb(read: Read) -> None:
    g = read("Mara Voss, director of the Ostland City Library, visited Tarvo. "
             "On 14 May, Mara Voss held a meeting with the rector of the Tarvo State University, Anna Karlsson.")
    t = triples(g)
    assert ("Mara Voss", "metWith", "Anna Karlsson") in t or ("Anna Karlsson", "metWith", "Mara Voss") in t


def test_extract_membership_in_two_bodies_since_two_years(read: Read) -> None:
    g = read("The Varna Library has been a member of the Ostland Library Association since 1992 "
             "and of the Tarvo Book Union since 2004.")
    t = triples(g)
    assert ("Varna Library", "memberOf", "Ostland Library Association") in t
    assert ("Varna Library", "memberOf", "Tarvo Book Union") in t


def test_extract_the_university_library_is_the_universitys(read: Read) -> None:
    g = read("The Ostland National Library and the Tarvo State University signed an agreement. "
             "Mara Voss presented the university library with a set of books.")
    assert ("Mara Voss", "donatedTo", "Tarvo State University") in triples(g)


def test_extract_relative_pronoun_refers_to_its_antecedent(read: Read) -> None:
    g = read("The Varna Public Library, which was established in 1907, is the oldest library of the region.")
    assert ("Varna Public Library", "founded", "1907") in triples(g)


def test_extract_city_named_after_its_country_and_adjectives_that_are_towns(read: Read) -> None:
    g = read("The delegation of the Tarvo University visited Mexico City and the Central Scientific Library "
             "of the Ostland Academy.")
    places = {(e.name, e.type) for e in g.entities.values() if e.type in {"City", "Country"}}
    assert ("Mexico City", "City") in places
    assert not any(name in {"Mexico", "Central"} for name, _ in places)


def test_extract_gifts_to_examples_of_a_plural_and_not_collection_sizes(read: Read) -> None:
    g = read("The Ostland National Library donated more than 300 books to libraries in Varna, including the "
             "Varna Public Library. Karl Brenn thanked the Ostland National Library for the donation of 300 books.")
    t = triples(g)
    assert ("Ostland National Library", "donatedTo", "Varna Public Library") in t
    assert not [x for x in t if x[1] == "collectionSize"]  # books given are no collection's size


def test_extract_gift_whose_donor_is_a_participle(read: Read) -> None:
    g = read("The books, donated by the Ostland National Library, were handed over to the Varna Public Library.")
    assert ("Ostland National Library", "donatedTo", "Varna Public Library") in triples(g)


def test_extract_event_titles_after_their_noun_and_meetings_named_by_topic(read: Read) -> None:
    t = triples(read('The Ostland National Library presented the exhibition Maps and Memories to the public. '
                     'The round table "Readers and Memory" was organised by the Ostland National Library and the '
                     'Vesper City Library. The Vesper City Library organised the International Conference on '
                     'Digital Heritage.'))
    assert ("Ostland National Library", "organized", "Maps and Memories") in t
    assert ("Ostland National Library", "organized", "Readers and Memory") in t
    assert ("Vesper City Library", "organized", "Readers and Memory") in t
    assert ("Vesper City Library", "organized", "International Conference on Digital Heritage") in t
    # a member of a conference of libraries: the body is an organisation, not an event
    g = read("The Ostland National Library is a member of the Conference of Baltic Libraries.")
    assert {e.name: e.type for e in g.entities.values()}["Conference of Baltic Libraries"] == "Organization"
    # an ordinary table is no event noun
    g = read('The Vesper Foundation set the table "Gold Cups" in the hall.')
    assert all(e.type != "Event" for e in g.entities.values())


def test_extract_the_library_described_by_its_country_or_a_word_of_its_name(read: Read) -> None:
    t = triples(read("The Condor Library of Peru signed a memorandum with the Vesper State Library. Among the "
                     "guests of honour were two of the Peruvian library's former directors, Ibu Mara Voss and "
                     "Pak Hernando Ruiz."))
    assert ("Mara Voss", "worksFor", "Condor Library of Peru") in t
    assert ("Hernando Ruiz", "worksFor", "Condor Library of Peru") in t
    assert ("Mara Voss", "worksFor", "Vesper State Library") not in t
    t = triples(read("The Ostland National Library signed a memorandum with the Vesper State Library. The guests "
                     "included the director of the Ostland library, Mara Voss, and Tom Reed."))
    assert ("Mara Voss", "worksFor", "Ostland National Library") in t
    assert not any(s == "Tom Reed" and p == "worksFor" for s, p, _ in t)


def test_extract_the_library_of_the_sentence_before_is_its_topic(read: Read) -> None:
    t = triples(read("The Ostland National Library signed a memorandum with the Vesper State Library. "
                     "The library was established in 1895 by the city council."))
    assert ("Ostland National Library", "founded", "1895") in t
    assert not any(p == "founded" and s == "Vesper State Library" for s, p, _ in t)
    t = triples(read("The history of the Ostland National Library dates back to 1870, when it was founded as a "
                     "city reading room."))
    assert ("Ostland National Library", "founded", "1870") in t


def test_extract_its_inside_a_phrase_is_the_phrases_organisation(read: Read) -> None:
    t = triples(read("The Vesper State Library welcomed a delegation of the Ostland National Library led by its "
                     "director Mara Voss."))
    assert ("Mara Voss", "worksFor", "Ostland National Library") in t
    assert ("Mara Voss", "worksFor", "Vesper State Library") not in t
    t = triples(read("The Ostland National Library is one of the founding members of the Baltic Library Federation."))
    assert ("Ostland National Library", "memberOf", "Baltic Library Federation") in t


def test_extract_a_name_before_a_verb_that_is_also_an_event_noun_is_no_event(read: Read) -> None:
    g = read("During her stay in Tartu, Mara Voss toured the Vesper State Library.")
    assert {e.name: e.type for e in g.entities.values()}["Mara Voss"] == "Person"
    assert ("Mara Voss", "visited", "Vesper State Library") in triples(g)


def test_extract_an_office_named_by_its_city_is_a_part_in_that_city(read: Read) -> None:
    t = triples(read("The memorandum was signed between the Tartu office of the Ostland National Library and the "
                     "Vesper Foundation."))
    assert ("Tartu office of the Ostland National Library", "partOf", "Ostland National Library") in t
    assert ("Tartu office of the Ostland National Library", "locatedIn", "Tartu") in t
    assert {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"} == {
        frozenset(("Tartu office of the Ostland National Library", "Vesper Foundation"))}
    t = triples(read("The Ostland National Library opened an office in Tartu."))
    assert not any(p == "partOf" for _, p, _ in t)


def test_extract_gifts_without_a_recipient_light_verbs_and_enriched_collections(read: Read) -> None:
    t = triples(read("The Ostland City Library received guests from Tartu. Ivo Lund, for his part, donated 40 books "
                     "on behalf of the Varna University."))
    assert ("Ivo Lund", "donatedTo", "Ostland City Library") in t
    assert ("Varna University", "donatedTo", "Ostland City Library") in t
    t = triples(read("The Ostland City Library's collection was enriched with 300 books from the Varna University."))
    assert ("Varna University", "donatedTo", "Ostland City Library") in t
    assert not any(p == "collectionSize" for _, p, _ in t)
    t = triples(read("The Ostland City Library and the Varna University cooperate under an agreement signed in "
                     "2015."))
    assert {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"} == {
        frozenset(("Ostland City Library", "Varna University"))}


def test_extract_a_person_right_after_an_institutions_name_is_not_part_of_it(read: Read) -> None:
    for text, person, org in [
            ("Director General of the Ostland National Library Mara Voss opened the exhibition.", "Mara Voss",
             "Ostland National Library"),
            ("Rector of the Vesper University Tom Reed signed the memorandum.", "Tom Reed", "Vesper University"),
            ("The event was attended by Ostland National Library Director Mara Voss.", "Mara Voss",
             "Ostland National Library")]:
        g = read(text)
        assert {e.name: e.type for e in g.entities.values()} == {person: "Person", org: g.entities[
            next(k for k, e in g.entities.items() if e.name == org)].type}, text
        assert (person, "worksFor", org) in triples(g), text
    g = read("The Ostland National Library Board met in May.")
    assert "Ostland National Library Board" in {e.name for e in g.entities.values()}


def test_extract_visits_stated_by_stay_tour_and_acquaintance_and_listed_places(read: Read) -> None:
    t = triples(read("Mara Voss, director of the Ostland City Library, was in Tartu on a working visit."))
    assert ("Mara Voss", "visited", "Tartu") in t
    t = triples(read("The delegation of the Varna University was given a tour of the Ostland City Library."))
    assert ("Varna University", "visited", "Ostland City Library") in t
    t = triples(read("The guests from the Varna University were shown around the Ostland City Library."))
    assert ("Varna University", "visited", "Ostland City Library") in t
    t = triples(read("Mara Voss and Tom Reed travelled to Riga and Vilnius."))
    assert {("Mara Voss", "visited", "Riga"), ("Mara Voss", "visited", "Vilnius")} <= t
    g = read("SHANGHAI, March 1, 2012 — Tom Reed visited the Ostland City Library.")
    assert "March" not in {e.name for e in g.entities.values()}


def test_extract_units_listed_after_their_plural_and_possessive_units(read: Read) -> None:
    t = triples(read("The Ostland City Library has two branches: the Tartu Branch Library and the Narva Branch "
                     "Library. The Ostland National Library's Centre for Digital Heritage hosted a seminar."))
    assert {("Tartu Branch Library", "partOf", "Ostland City Library"),
            ("Narva Branch Library", "partOf", "Ostland City Library"),
            ("Centre for Digital Heritage", "partOf", "Ostland National Library")} <= t


def test_extract_a_name_with_its_country_and_the_countrys_possessive_are_one_entity(read: Read) -> None:
    g = read("The Vesper National Library (VNL) of Estonia welcomed guests. Estonia's Vesper National Library "
             "was founded in 1918. The Vesper National Library holds 2 million books.")
    libraries = [e for e in g.entities.values() if e.type == "Library"]
    assert len(libraries) == 1, [e.name for e in libraries]
    assert libraries[0].name == "Vesper National Library of Estonia"
    assert "Estonia's Vesper National Library" in libraries[0].aliases


def test_extract_co_organisers_and_events_named_after_an_adjective_and_their_noun(read: Read) -> None:
    t = triples(read("The Baltic Book Festival was organised by the Ostland National Library in cooperation with "
                     "the Vesper Foundation."))
    assert {("Ostland National Library", "organized", "Baltic Book Festival"),
            ("Vesper Foundation", "organized", "Baltic Book Festival")} <= t
    g = read("The Ostland National Library launched the international project Open Baltic Shelves.")
    assert ("Ostland National Library", "organized", "Open Baltic Shelves") in triples(g)
    g = read("The library took part in the Year of Ostland Culture. On the eve of the New Year holiday, the "
             "library opened.")
    assert {e.name for e in g.entities.values() if e.type == "Event"} == {"Year of Ostland Culture"}


def test_extract_a_project_named_like_an_institution_is_an_event(read: Read) -> None:
    g = read("The Vesper Foundation launched the Digital Library of Ostland project in 2020.")
    assert ("Vesper Foundation", "organized", "Digital Library of Ostland") in triples(g)
    # named alone elsewhere in the article, it is the institution
    g = read("The Digital Library of Ostland opened in 2019. The Vesper Foundation supports the Digital Library "
             "of Ostland project.")
    assert {e.name: e.type for e in g.entities.values()}["Digital Library of Ostland"] == "Library"
    # an acronym before the noun is the programme's owner, not the end of a project's name
    g = read('The Ostland Library Federation (OLF) grew. The library leads the Ostland National Committee for '
             'the OLF program "Memory of the North".')
    assert ("Ostland Library Federation", "organized", "Memory of the North") in triples(g)
    assert "Ostland National Committee" in {e.name for e in g.entities.values()}


def test_extract_members_among_and_united_and_guests_received_at(read: Read) -> None:
    t = triples(read("The Ostland National Library is among the members of the Baltic Library Federation."))
    assert ("Ostland National Library", "memberOf", "Baltic Library Federation") in t
    t = triples(read("The Tarvo Library Federation unites the Ostland City Library and the Narva Library."))
    assert {("Ostland City Library", "memberOf", "Tarvo Library Federation"),
            ("Narva Library", "memberOf", "Tarvo Library Federation")} <= t
    t = triples(read("Mara Voss was received at the Varna Public Library by its director."))
    assert ("Mara Voss", "visited", "Varna Public Library") in t


def test_extract_two_posts_before_two_names_in_one_list(read: Read) -> None:
    t = triples(read("Director of the Ostland National Library Mara Voss and Rector of the Vesper University Tom "
                     "Reed signed the memorandum."))
    assert {("Mara Voss", "worksFor", "Ostland National Library"), ("Tom Reed", "worksFor", "Vesper University")} <= t
    assert {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"} == {
        frozenset(("Ostland National Library", "Vesper University"))}


def test_extract_an_envoy_with_a_long_title_works_for_the_mission(read: Read) -> None:
    t = triples(read("RIGA, July 20, 2022 — Tom Reed, Ambassador Extraordinary and Plenipotentiary of the Republic "
                     "of Estonia to Latvia, has paid a visit to the Vesper State Library, according to the Embassy of "
                     "Estonia in Latvia."))
    assert ("Tom Reed", "worksFor", "Embassy of Estonia in Latvia") in t


def test_extract_a_hyphenated_given_name_is_a_person(read: Read) -> None:
    t = triples(read("The memorandum was first proposed in June, when Heo Yong-beom visited the Vesper State "
                     "Library."))
    assert ("Heo Yong-beom", "visited", "Vesper State Library") in t
    g = read("The North-west region and the Ostland Self-government met.")
    assert not any(e.type == "Person" for e in g.entities.values())


def test_extract_its_after_a_possessive_is_the_possessives_owner_unless_another_is_named(read: Read) -> None:
    t = triples(read("The Baltic Library Federation (BLF) grew. In 1995 a session of the Executive Bureau of BLF was "
                     "held in Riga, and the federation's President, Mara Voss, and its General Secretary, Leo Vogt, "
                     "took part in its work."))
    assert {("Mara Voss", "worksFor", "Baltic Library Federation"),
            ("Leo Vogt", "worksFor", "Baltic Library Federation")} <= t
    t = triples(read("The memorandum was signed on behalf of the Vesper Commission by Ana Lind, the Commission's "
                     "Director, and on behalf of the Ostland Library Association by its President, Tom Reed."))
    assert ("Tom Reed", "worksFor", "Ostland Library Association") in t
    assert ("Tom Reed", "worksFor", "Vesper Commission") not in t


def test_extract_taken_on_a_tour_of_the_librarys_facilities(read: Read) -> None:
    t = triples(read("The Condor Library of Peru grew. Before the signing, Tan Wei was taken on a comprehensive tour "
                     "of the Peruvian library's facilities."))
    assert ("Tan Wei", "visited", "Condor Library of Peru") in t


def test_extract_a_consulate_general_and_its_consul(read: Read) -> None:
    t = triples(read("RIGA, March 1, 2012 — Tom Reed, Consul General of the Republic of Estonia in Riga, visited the "
                     "Vesper Library today. A staff member of the Consulate General of Estonia in Riga came too."))
    assert ("Tom Reed", "worksFor", "Consulate General of Estonia in Riga") in t
    assert ("Consulate General of Estonia in Riga", "locatedIn", "Riga") in t
    assert not any(s == "Consulate General of Estonia in Riga" and o.endswith("Estonia") for s, p, o in t
                   if p == "locatedIn")
    g = read("The Director General of the Vesper Library spoke.")
    assert {e.name for e in g.entities.values()} == {"Vesper Library"}


def test_extract_the_event_and_it_refer_back_to_the_named_event(read: Read) -> None:
    t = triples(read('The international conference "Archives Tomorrow" was held at the Vesper State University. '
                     "The conference was organised by the Ostland Library Association and the Vesper Library."))
    assert {("Ostland Library Association", "organized", "Archives Tomorrow"),
            ("Vesper Library", "organized", "Archives Tomorrow")} <= t
    t = triples(read('The exhibition "Maps of Tarvo" opened at the Vesper Library on Monday. It was organised by '
                     "the library together with the Embassy of Peru."))
    assert ("Embassy of Peru", "organized", "Maps of Tarvo") in t
    # a kind of event the article has not named is no reference to another one
    t = triples(read('The festival "Book Bridge" opened in Riga. The seminar was organised by the Vesper Library.'))
    assert not [x for x in t if x[1] == "organized" and x[0] == "Vesper Library"]


def test_extract_an_organiser_in_a_fronted_participle(read: Read) -> None:
    t = triples(read('Organised by the Vesper Library, the "Reading Summer" marathon brought together 300 children.'))
    assert ("Vesper Library", "organized", "Reading Summer") in t
    t = triples(read("Organised by the Vesper Library, the marathon brought together 300 children."))
    assert not [x for x in t if x[1] == "organized"]


def test_extract_a_name_after_a_post_and_a_comma_is_a_person(read: Read) -> None:
    t = triples(read("Ana Lind, Minister of Culture of Peru, was on a visit to Chile, where she met the Minister of "
                     "Culture of Chile, Pablo Soto."))
    assert ("Ana Lind", "metWith", "Pablo Soto") in t
    g = read("She met the Director of the Vesper Library, Lima City Council.")
    assert not any(e.type == "Person" for e in g.entities.values())


def test_extract_an_adjective_opening_a_name_is_no_town(read: Read) -> None:
    g = read("The Vesper Foundation has been running the Young Readers Programme since 2015.")
    assert {e.name for e in g.entities.values()} == {"Vesper Foundation", "Young Readers Programme"}
    t = triples(read("The Lima Municipal Library opened."))
    assert ("Lima Municipal Library", "locatedIn", "Lima") in t


def test_extract_unquoted_titles_after_called_or_entitled(read: Read) -> None:
    t = triples(read("The Vesper Library launched a project called Libraries Without Borders."))
    assert ("Vesper Library", "organized", "Libraries Without Borders") in t
    t = triples(read("The Vesper Library organized an exhibition of rare books entitled Treasures of Lima."))
    assert ("Vesper Library", "organized", "Treasures of Lima") in t
    g = read("The Vesper Library, named after Jose Marti, held an exhibition.")
    assert not any(e.type == "Event" for e in g.entities.values())


def test_extract_titles_of_events_and_of_works(read: Read) -> None:
    g = read('The Vesper Library hosted the presentation of the book "Roads of Peru".')
    assert not any(e.type == "Event" for e in g.entities.values())
    g = read('The Vesper Library organized a Book Exposition "Pages of History".')
    assert sorted(e.name for e in g.entities.values() if e.type == "Event") == ["Pages of History"]
    g = read("The Vesper Library hosted the Memory of the Sea Programme and an International Scientific and "
             "Practical Conference on Archives.")
    assert {e.name for e in g.entities.values() if e.type == "Event"} == {
        "Memory of the Sea Programme", "International Scientific and Practical Conference on Archives"}
    g = read("The document was signed by Ana Lind, the Law Librarian of Congress.")
    assert not any(e.type == "Event" for e in g.entities.values())


def test_extract_an_institution_does_not_visit_its_own_city(read: Read) -> None:
    t = triples(read('Specialists of the Vesper Library took part in the "Book Bridge" festival held in Lima.'))
    assert ("Vesper Library", "visited", "Lima") in t
    t = triples(read('The Lima City Library took part in the "Book Bridge" festival held in Lima.'))
    assert not [x for x in t if x[1] == "visited"]


def test_extract_one_of_the_organisers_and_guests_from(read: Read) -> None:
    t = triples(read("The Vesper Library was one of the organisers of the Festival of Baltic Literature."))
    assert ("Vesper Library", "organized", "Festival of Baltic Literature") in t
    t = triples(read("On 5 May, the Vesper Library received guests from the Ostland State University."))
    assert ("Ostland State University", "visited", "Vesper Library") in t


def test_extract_members_named_by_the_association(read: Read) -> None:
    t = triples(read("The Tarvo Library Consortium, which brings together the Vesper Library and the Ostland City "
                     "Library, met in Riga."))
    assert {("Vesper Library", "memberOf", "Tarvo Library Consortium"),
            ("Ostland City Library", "memberOf", "Tarvo Library Consortium")} <= t
    t = triples(read("Members of the Tarvo Library Association include the Vesper Library and the Ostland City "
                     "Library."))
    assert ("Vesper Library", "memberOf", "Tarvo Library Association") in t


def test_extract_admitted_accepted_and_founders(read: Read) -> None:
    t = triples(read("In 2005 the Vesper Library was admitted to the Tarvo Library Association."))
    assert ("Vesper Library", "memberOf", "Tarvo Library Association") in t
    t = triples(read("The Vesper Library was accepted as a member of the Baltic Library Network."))
    assert ("Vesper Library", "memberOf", "Baltic Library Network") in t
    t = triples(read("The Vesper Library is one of the founders of the Tarvo Library Association."))
    assert ("Vesper Library", "memberOf", "Tarvo Library Association") in t
    t = triples(read("The Vesper Library is one of the founders of the Ostland University."))
    assert not [x for x in t if x[1] == "memberOf"]


def test_extract_more_heads_of_organisations(read: Read) -> None:
    t = triples(read("The Vesper Library and Tarvo Polytechnic signed an agreement with the Alliance Francaise."))
    assert {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"} >= {
        frozenset(("Tarvo Polytechnic", "Alliance Francaise")), frozenset(("Vesper Library", "Alliance Francaise"))}


def test_extract_posts_after_a_dash_and_with_the_organisation_first(read: Read) -> None:
    t = triples(read("Mara Voss – director of the Vesper Library – welcomed the guests."))
    assert ("Mara Voss", "worksFor", "Vesper Library") in t
    g = read("Mara Voss, Vesper Library Director, welcomed the guests.")
    assert ("Mara Voss", "worksFor", "Vesper Library") in triples(g)
    assert {e.name for e in g.entities.values()} == {"Mara Voss", "Vesper Library"}


def test_extract_the_subject_of_a_post_is_not_a_name(read: Read) -> None:
    g = read("Tom Reed, Head of Digital Services at the Vesper Library, spoke.")
    assert {e.name for e in g.entities.values()} == {"Tom Reed", "Vesper Library"}
    assert ("Tom Reed", "worksFor", "Vesper Library") in triples(g)
    g = read("Ana Lind, Head of the Rare Books Department of the Vesper Library, spoke.")
    assert ("Ana Lind", "worksFor", "Rare Books Department of the Vesper Library") in triples(g)


def test_extract_a_post_in_apposition_is_not_the_next_names(read: Read) -> None:
    t = triples(read("The ceremony was attended by Ana Lind, Director of the Vesper Library, Tom Reed, Rector of "
                     "the Ostland State University, and Mara Voss, Head of the Tarvo Museum."))
    assert {(p, o) for p, r, o in t if r == "worksFor"} == {
        ("Ana Lind", "Vesper Library"), ("Tom Reed", "Ostland State University"), ("Mara Voss", "Tarvo Museum")}


def test_extract_works_at_possessive_apposition_and_headed_by(read: Read) -> None:
    t = triples(read("Ana Lind, who has worked for the Vesper Library since 1990, presented the book."))
    assert ("Ana Lind", "worksFor", "Vesper Library") in t
    g = read("Ana Lind, the Vesper Library's deputy director, spoke.")
    assert ("Ana Lind", "worksFor", "Vesper Library") in triples(g)
    assert next(s.role for s in g.statements if s.predicate == "worksFor") == "deputy director"
    g = read("Since 2015 the Vesper Library has been headed by Ana Lind.")
    assert next((s.role for s in g.statements if s.predicate == "worksFor"), None) == "Head"


def test_extract_a_host_receiving_a_group_the_text_does_not_place(read: Read) -> None:
    t = triples(read("The Tarvo University sent its librarians. The Vesper Library hosted a delegation."))
    assert not [x for x in t if x[1] == "metWith"]  # no crash, and no meeting with nobody in particular


def test_extract_names_of_one_institution_or_person_in_one_article(read: Read) -> None:
    g = read("The Vesper State University named after A. Lind grew. Later the VSU signed an agreement with the "
             "Ostland Library.")
    assert ("Vesper State University named after A. Lind", "signedAgreementWith", "Ostland Library") in triples(g)
    g = read("The National Anna Karlsson Library grew. The director of the National Karlsson Library spoke.")
    assert [e.name for e in g.entities.values() if e.type in {"Library", "Organization"}] == [
        "National Anna Karlsson Library"]
    g = read("Ali Mojtaba Rouzbehani visited the library. Ambassador Ali Mojtaba Ruzbehani gave a book. "
             "Anna Berg and Anna Bergh met.")
    assert sorted(e.name for e in g.entities.values()) == ["Ali Mojtaba Rouzbehani", "Anna Berg", "Anna Bergh"]
    g = read("Peru's National Library (BNP) opened. The BNP grew.")
    assert [e.name for e in g.entities.values() if e.type == "Library"] == ["Peru's National Library"]


def test_extract_a_visit_in_an_opening_participle(read: Read) -> None:
    t = triples(read("Visiting the Vesper Library, Tom Reed said that the collection was impressive."))
    assert ("Tom Reed", "visited", "Vesper Library") in t
    t = triples(read("Visiting hours of the Vesper Library were extended, Tom Reed said."))
    assert not [x for x in t if x[1] == "visited"]


def test_extract_titles_in_single_quotes_and_apostrophes_that_are_not(read: Read) -> None:
    t = triples(read("The Vesper Library launched the ‘Read with Us’ campaign and organised the exhibition "
                     "'Old Maps of Peru'."))
    assert {("Vesper Library", "organized", "Read with Us"), ("Vesper Library", "organized", "Old Maps of Peru")} <= t
    g = read("The teachers’ day at the Vesper Library's hall was 'a success', said Ana Lind.")
    assert not any(e.type == "Event" for e in g.entities.values())


def test_extract_organisers_in_relative_and_participle_clauses(read: Read) -> None:
    t = triples(read('The exhibition "Old Maps", which the Vesper Library prepared, opened on Monday.'))
    assert ("Vesper Library", "organized", "Old Maps") in t
    t = triples(read('The "Book Bridge" festival, organised every year by the Vesper Library and the Tarvo Museum, '
                     "opened."))
    assert {("Vesper Library", "organized", "Book Bridge"), ("Tarvo Museum", "organized", "Book Bridge")} <= t
    t = triples(read('The Vesper Library started the "Read Together" project in 2015.'))
    assert ("Vesper Library", "organized", "Read Together") in t
    t = triples(read('The exhibition "Old Maps", which the Vesper Library praised, opened on Monday.'))
    assert not [x for x in t if x[1] == "organized" and x[0] == "Vesper Library"]


def test_extract_a_founding_noun_and_a_gift_that_is_no_collection(read: Read) -> None:
    t = triples(read("Since its foundation in 1920, the Vesper Library has collected rare books."))
    assert ("Vesper Library", "founded", "1920") in t
    t = triples(read("The establishment of the Vesper Library in 1920 was a milestone."))
    assert ("Vesper Library", "founded", "1920") in t
    t = triples(read("The Tarvo Foundation's donation to the Vesper Library includes 500 books."))
    assert ("Tarvo Foundation", "donatedTo", "Vesper Library") in t
    assert not [x for x in t if x[1] == "collectionSize"]


def test_extract_named_units_and_no_signing_with_ones_own_parent(read: Read) -> None:
    t = triples(read("The Vesper Library has a Children's Department and a Music Department."))
    assert {("Children's Department", "partOf", "Vesper Library"),
            ("Music Department", "partOf", "Vesper Library")} <= t
    t = triples(read("The Tarvo Branch Library belongs to the Vesper Library."))
    assert ("Tarvo Branch Library", "partOf", "Vesper Library") in t
    t = triples(read("The Centre for Digital Humanities at the Ostland State University signed an agreement."))
    assert not [x for x in t if x[1] == "signedAgreementWith"]
    t = triples(read("The Vesper Library, the Tarvo Museum and the Riga City Library signed a memorandum."))
    assert len([x for x in t if x[1] == "signedAgreementWith"]) == 3


def test_extract_an_annual_conference_is_an_event_and_a_conference_of_members_a_body(read: Read) -> None:
    g = read("The Vesper Library hosted the Annual Conference of the Tarvo Library Association.")
    assert {e.name: e.type for e in g.entities.values()}["Annual Conference of the Tarvo Library Association"] == \
        "Event"
    assert not [x for x in triples(g) if x[1] == "visited"]
    g = read("The Conference of Baltic National Librarians met in Riga, and the library joined the Tarvo Scientific "
             "Council.")
    types = {e.name: e.type for e in g.entities.values()}
    assert types["Conference of Baltic National Librarians"] == "Organization"
    assert types["Tarvo Scientific Council"] == "Organization"


def test_extract_a_units_holdings_are_not_its_librarys_collection(read: Read) -> None:
    t = triples(read("The Vesper Library's Department of Manuscripts holds 3,000 items."))
    assert not [x for x in t if x[1] == "collectionSize"]
    t = triples(read("The Vesper Library holds 3,000,000 items."))
    assert ("Vesper Library", "collectionSize", "3000000") in t


def _orgs(g: ArticleGraph) -> dict[str, set[str]]:
    return {e.name: e.aliases for e in g.entities.values() if e.type in {"Library", "Organization"}}


def test_extract_unit_named_again_without_its_institution(read: Read) -> None:
    g = read("Students of the Faculty of Law of Brenn University met librarians. The Faculty of Law has 300 students.")
    orgs = _orgs(g)
    assert "Faculty of Law" in orgs["Faculty of Law of Brenn University"]
    assert "Faculty of Law" not in orgs
    assert ("Faculty of Law of Brenn University", "partOf", "Brenn University") in triples(g)


def test_extract_unit_of_another_name_stays_apart(read: Read) -> None:
    # "of Verse" is not an institution: the Faculty of Law and the Faculty of Law of Verse are two names
    g = read("The Faculty of Law of Verse opened. The Faculty of Law hosted a seminar.")
    assert {"Faculty of Law", "Faculty of Law of Verse"} <= set(_orgs(g))


def test_extract_name_with_and_without_its_legal_form(read: Read) -> None:
    g = read('The charitable foundation "Open Shelf" donated 300 books to the Brenn City Library. '
             "The Open Shelf Charitable Foundation has supported libraries since 2015.")
    orgs = _orgs(g)
    assert "Open Shelf" in orgs["Open Shelf Charitable Foundation"] and "Open Shelf" not in orgs
    assert ("Open Shelf Charitable Foundation", "donatedTo", "Brenn City Library") in triples(g)


def test_extract_library_and_its_foundation_stay_apart(read: Read) -> None:
    # the foundation of a library is not the library: "Library" is a head of its own
    g = read("The Hope Library Charitable Foundation supports the Hope Library. The Hope Library opened in 2001.")
    assert {"Hope Library", "Hope Library Charitable Foundation"} <= set(_orgs(g))


def test_extract_members_of_the_delegation_are_the_visitors(read: Read) -> None:
    # "members of the delegation" refers to the visitors; reading it once raised a KeyError
    g = read("A delegation of the Varna University visited the Ostland City Library. "
             "Members of the delegation met with Tom Reed, director of the Ostland City Library.")
    t = triples(g)
    assert ("Varna University", "visited", "Ostland City Library") in t
    assert ("Tom Reed", "worksFor", "Ostland City Library") in t


def test_extract_each_signatory_works_for_the_institution_named_with_them(read: Read) -> None:
    g = read("The agreement was signed by Mara Voss on behalf of the Ostland City Library "
             "and by Tom Reed on behalf of the Varna University.")
    t = triples(g)
    assert ("Mara Voss", "worksFor", "Ostland City Library") in t
    assert ("Tom Reed", "worksFor", "Varna University") in t
    assert ("Tom Reed", "worksFor", "Ostland City Library") not in t


def test_extract_a_stated_post_outranks_acting_on_behalf(read: Read) -> None:
    g = read("The memorandum was signed on behalf of the Varna University by Mara Voss, "
             "Chief Executive Officer of the Tarvo Media Group.")
    t = triples(g)
    assert ("Mara Voss", "worksFor", "Tarvo Media Group") in t
    assert ("Mara Voss", "worksFor", "Varna University") not in t


def test_extract_a_room_named_for_a_people_is_a_unit(read: Read) -> None:
    g = read("The Polish Reading Room of the Brenn City Library was opened in 2012.")
    t = triples(g)
    assert ("Polish Reading Room of the Brenn City Library", "partOf", "Brenn City Library") in t
    assert ("Polish Reading Room of the Brenn City Library", "founded", "2012") in t
    assert ("Brenn City Library", "founded", "2012") not in t


def test_extract_a_room_named_for_its_use_is_no_entity(read: Read) -> None:
    g = read("The ceremony took place in Conference Room 1 of the Brenn City Library.")
    assert set(_orgs(g)) == {"Brenn City Library"}


def test_extract_the_opening_of_a_unit_does_not_found_its_library(read: Read) -> None:
    g = read("The Reading Room of Tarvo Literature at the Brenn City Library was opened in 2012.")
    assert ("Brenn City Library", "founded", "2012") not in triples(g)


def test_extract_second_subject_coordinated_inside_the_first_name(read: Read) -> None:
    # the parse hangs "and the Ostland Council of Rectors" on "University", inside the first name
    g = read("The Faculty of Philology of Brenn University and the Ostland Council of Rectors signed an agreement.")
    pairs = {frozenset((s, o)) for s, p, o in triples(g) if p == "signedAgreementWith"}
    assert pairs == {frozenset(("Faculty of Philology of Brenn University", "Ostland Council of Rectors"))}


def test_extract_a_body_named_only_by_its_function_is_no_entity(read: Read) -> None:
    g = read("The Tarvo Library Federation held its congress. Its Executive Committee met in June, "
             "and the Standing Committee of the Tarvo Library Federation adopted a plan.")
    orgs = set(_orgs(g))
    assert "Executive Committee" not in orgs
    assert "Standing Committee of the Tarvo Library Federation" in orgs


def test_extract_a_partner_with_its_own_place_phrase_is_one_party(read: Read) -> None:
    g = read("The Ostland National Library signed a memorandum with the Confucius Institute at Tarvo University.")
    t = triples(g)
    pairs = {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"}
    assert pairs == {frozenset(("Ostland National Library", "Confucius Institute"))}
    assert ("Confucius Institute", "partOf", "Tarvo University") in t


def test_extract_donation_recipient_on_the_gift(read: Read) -> None:
    # the parse hangs "to the library" on "documents", not on the verb
    g = read("The National Archives of Ostland donated documents to the Tarvo State University Library.")
    assert ("National Archives of Ostland", "donatedTo", "Tarvo State University Library") in triples(g)


def test_extract_a_numbered_school_keeps_its_number(read: Read) -> None:
    g = read("Teachers of School No. 5 visited the Ostland City Library. "
             "The Ostland City Library and School No. 7 signed an agreement.")
    orgs = set(_orgs(g))
    assert {"School No. 5", "School No. 7", "Ostland City Library"} <= orgs
    assert not [e for e in g.entities.values() if e.type == "City"]  # "No" is no town
    pairs = {frozenset((s, o)) for s, p, o in triples(g) if p == "signedAgreementWith"}
    assert frozenset(("Ostland City Library", "School No. 7")) in pairs


def test_extract_coordinated_possessive_modifiers_in_one_name(read: Read) -> None:
    g = read("The Ostland Children's and Youth Library signed an agreement with the Tarvo University.")
    assert ("Ostland Children's and Youth Library", "signedAgreementWith", "Tarvo University") in triples(g)
    assert not [e for e in g.entities.values() if e.type == "Person"]


def test_extract_guests_from_two_institutions_visited_the_host(read: Read) -> None:
    g = read("The Tarvo University hosted colleagues from the Ostland National Library and the Brenn City Library.")
    t = triples(g)
    assert ("Ostland National Library", "visited", "Tarvo University") in t
    assert ("Brenn City Library", "visited", "Tarvo University") in t


def test_extract_a_group_of_students_from_an_institution(read: Read) -> None:
    g = read("A group of students from the Tarvo University came to the Ostland National Library.")
    assert ("Tarvo University", "visited", "Ostland National Library") in triples(g)


def test_extract_a_supporter_is_no_organiser(read: Read) -> None:
    g = read("The Lviv City Library, with the support of the Lviv Regional Council, organized the Lviv Book Forum. "
             "The Odesa City Library along with the Kherson City Library organized the Odesa Book Forum.")
    t = triples(g)
    assert ("Lviv City Library", "organized", "Lviv Book Forum") in t
    assert ("Lviv Regional Council", "organized", "Lviv Book Forum") not in t
    assert ("Kherson City Library", "organized", "Odesa Book Forum") in t


def test_extract_organiser_of_a_titled_event(read: Read) -> None:
    g = read('The Lviv City Library became the organizer of the festival "Lviv Reads".')
    assert ("Lviv City Library", "organized", "Lviv Reads") in triples(g)


def test_extract_a_year_inside_or_closing_a_meeting_name(read: Read) -> None:
    g = read("The Tarvo 2023 Annual Conference was hosted by the Istanbul City Library. "
             "The Baltic Library Conference 2024 was hosted by the Ostland City Library.")
    t = triples(g)
    assert ("Istanbul City Library", "organized", "Tarvo 2023 Annual Conference") in t
    assert ("Ostland City Library", "organized", "Baltic Library Conference 2024") in t
    assert not [x for x in t if x[1] == "visited"]


def test_extract_unquoted_title_after_a_project_noun(read: Read) -> None:
    g = read("The Lviv City Library initiated the campaign Read Ukrainian. "
             "The Lviv City Library launched a joint project, Library Without Borders. "
             "Later in the programme, Ivo Lund, Secretary of the Tarvo Writers' Union, spoke.")
    t = triples(g)
    assert ("Lviv City Library", "organized", "Read Ukrainian") in t
    assert ("Lviv City Library", "organized", "Library Without Borders") in t
    assert {e.name for e in g.entities.values() if e.type == "Event"} == {"Read Ukrainian", "Library Without Borders"}


def test_extract_it_refers_to_the_described_subject_of_the_sentence_before(read: Read) -> None:
    g = read("The corner holds books donated by the Tarvo Institute. The Ostland City Library thanked the "
             "institute. The library, founded in 1886, is the oldest in the region. "
             "Since 2004 it has been a member of the Ostland Library Association.")
    t = triples(g)
    assert ("Ostland City Library", "memberOf", "Ostland Library Association") in t
    assert ("Tarvo Institute", "memberOf", "Ostland Library Association") not in t


def test_extract_its_after_a_person_subject_is_the_organisation_just_named(read: Read) -> None:
    g = read("The Brenn State Library signed an agreement with the Tarvo University. "
             "Mara Voss also visited the Ostland City Library and met with its director, Ivo Lund.")
    t = triples(g)
    assert ("Ivo Lund", "worksFor", "Ostland City Library") in t
    assert ("Ivo Lund", "worksFor", "Brenn State Library") not in t


def test_extract_it_as_object_is_the_organisation_named_before_in_the_clause(read: Read) -> None:
    g = read("The Tarvo Institute donated maps to the Brenn State Library. "
             "Ambassador Mara Voss thanked the Ostland City Library and presented it with a collection of books.")
    t = triples(g)
    assert ("Mara Voss", "donatedTo", "Ostland City Library") in t
    assert ("Mara Voss", "donatedTo", "Tarvo Institute") not in t


def test_extract_posts_before_names_in_a_list_belong_to_the_name_after(read: Read) -> None:
    g = read("The ceremony was attended by the Consul of Tarvo, Ivo Lund, the director of the Ostland City Library, "
             "Olena Marchenko, and guests. Mara Voss, Director of the Brenn State Library, Tom Reed, Rector of the "
             "Varna University, and students attended.")
    t = triples(g)
    assert ("Olena Marchenko", "worksFor", "Ostland City Library") in t
    assert ("Ivo Lund", "worksFor", "Ostland City Library") not in t
    assert ("Mara Voss", "worksFor", "Brenn State Library") in t
    assert ("Tom Reed", "worksFor", "Varna University") in t


def test_extract_a_library_with_a_collection_of_n_items(read: Read) -> None:
    g = read("The Ostland City Library opened a Tarvo Corner. The corner holds more than 1,500 books. "
             "The library is one of the largest in the region, with a collection of over 7 million items.")
    t = triples(g)
    assert ("Ostland City Library", "collectionSize", "7000000") in t
    assert ("Ostland City Library", "collectionSize", "1500") not in t


def test_extract_a_collection_given_is_no_collection_size(read: Read) -> None:
    g = read("The Tarvo Institute donated a collection of 500 books to the Ostland City Library.")
    t = triples(g)
    assert ("Tarvo Institute", "donatedTo", "Ostland City Library") in t
    assert not [x for x in t if x[1] == "collectionSize"]


def test_extract_a_participle_names_a_co_organiser(read: Read) -> None:
    g = read('The Ostland City Library hosted the exhibition "Maps of Tarvo", prepared together with the Tarvo Museum.')
    t = triples(g)
    assert ("Ostland City Library", "organized", "Maps of Tarvo") in t
    assert ("Tarvo Museum", "organized", "Maps of Tarvo") in t


def test_extract_books_held_and_donated_by_others(read: Read) -> None:
    g = read("The Ostland City Library holds 300 books, donated by the Tarvo Institute and by the Brenn Foundation.")
    t = triples(g)
    assert ("Tarvo Institute", "donatedTo", "Ostland City Library") in t
    assert ("Brenn Foundation", "donatedTo", "Ostland City Library") in t
    assert not [x for x in t if x[1] == "collectionSize"]


def test_extract_an_apposition_says_what_a_name_is(read: Read) -> None:
    g = read("The two institutions will collaborate on the Digital Heritage Partnership, a programme launched by "
             "the Ostland City Library in 2017. The Tarvo Foundation, a charity founded in 2001, supports the library.")
    t = triples(g)
    assert next(e for e in g.entities.values() if e.name == "Digital Heritage Partnership").type == "Event"
    assert ("Ostland City Library", "organized", "Digital Heritage Partnership") in t
    assert ("Tarvo Foundation", "founded", "2001") in t


def test_extract_an_organisation_described_by_a_post_noun_stays_one(read: Read) -> None:
    g = read("The Tarvo Partnership, a network of libraries, met in May.")
    assert next(e for e in g.entities.values() if e.name == "Tarvo Partnership").type == "Organization"


def test_extract_its_inside_a_participle_is_the_group_s_institution(read: Read) -> None:
    g = read("The Ostland City Library hosted a meeting with a delegation of the Varna University headed by its "
             "rector, Tom Reed. A memorandum was signed between the libraries.")
    t = triples(g)
    assert ("Tom Reed", "worksFor", "Varna University") in t
    assert ("Tom Reed", "worksFor", "Ostland City Library") not in t
    assert ("Varna University", "visited", "Ostland City Library") in t


def test_extract_a_description_is_an_organisation_named_with_its_word(read: Read) -> None:
    g = read("The Hope Charitable Foundation donated books to the Ostland City Library. "
             "The library is part of the network of regional libraries.")
    assert not [x for x in triples(g) if x[1] == "partOf"]


def test_extract_a_radio_and_television_corporation_is_one_name(read: Read) -> None:
    g = read("The Ostland Radio and Television Corporation (ORTC) signed an agreement with the Tarvo University.")
    assert ("Ostland Radio and Television Corporation", "signedAgreementWith", "Tarvo University") in triples(g)


def test_extract_a_person_name_with_a_particle_is_one_name(read: Read) -> None:
    g = read("The agreement was signed by Pedr ap Llwyd, Chief Executive of the Ostland City Library, "
             "in the presence of Hind bint Hamad Al Tarvi, Vice Chairperson of the Tarvo Foundation.")
    t = triples(g)
    assert ("Pedr ap Llwyd", "worksFor", "Ostland City Library") in t
    assert ("Hind bint Hamad Al Tarvi", "worksFor", "Tarvo Foundation") in t


def test_extract_opened_in_a_year_and_headquartered_in(read: Read) -> None:
    g = read("The Varna Public Library, which opened in 2017, is a member of the Ostland Library Association. "
             "The Tarvo Library Federation, founded in 2013 and headquartered in Accra, met in May.")
    t = triples(g)
    assert ("Varna Public Library", "founded", "2017") in t
    assert ("Tarvo Library Federation", "founded", "2013") in t
    assert ("Tarvo Library Federation", "locatedIn", "Accra") in t


def test_extract_an_agreement_the_parties_concluded_in_a_relative_clause(read: Read) -> None:
    g = read("The Ostland City Library visited the Tarvo University. The visit took place under the "
             "cooperation agreement that the two institutions concluded in 2006.")
    pairs = {frozenset((s, o)) for s, p, o in triples(g) if p == "signedAgreementWith"}
    assert frozenset(("Ostland City Library", "Tarvo University")) in pairs


def test_extract_a_room_its_owner_has_is_a_unit(read: Read) -> None:
    g = read("The guests toured the Ostland City Library and its Rare Books Room.")
    assert next(e for e in g.entities.values() if e.name == "Rare Books Room").type == "Organization"


def test_extract_a_title_its_apposition_calls_an_event(read: Read) -> None:
    g = read("Maps of the North, an exhibition of rare maps, opened at the Ostland City Library. "
             "The Tarvo City Library presented Tarvo Stories, a new reading programme for children.")
    t = triples(g)
    assert ("Ostland City Library", "organized", "Maps of the North") in t
    assert ("Tarvo City Library", "organized", "Tarvo Stories") in t
    assert not [e for e in g.entities.values() if e.type == "City"]


def test_extract_the_venue_of_an_exhibition_that_opened(read: Read) -> None:
    g = read('The exhibition "Maps of Tarvo" opened at the Ostland City Library.')
    assert ("Ostland City Library", "organized", "Maps of Tarvo") in triples(g)


def test_extract_its_unit_after_a_possessive_unit_is_the_same_owner_s(read: Read) -> None:
    g = read("The BNP's Peruvian Literature Section and its Children's Library will host the readings.")
    t = triples(g)
    assert ("Peruvian Literature Section", "partOf", "BNP") in t
    assert ("Children's Library", "partOf", "BNP") in t
    assert ("Children's Library", "partOf", "Peruvian Literature Section") not in t


def test_extract_what_a_unit_holds_in_a_relative_clause_is_not_the_library_s(read: Read) -> None:
    g = read("The Ostland City Library's Institute of Manuscripts, which holds more than 500,000 manuscripts, "
             "will take part.")
    assert not [x for x in triples(g) if x[1] == "collectionSize"]


def test_extract_a_network_both_libraries_joined(read: Read) -> None:
    g = read("The National Library of Latvia visited the Ostland City Library. "
             "They discussed the Baltic Heritage Network, which both libraries joined in 2015.")
    t = triples(g)
    assert ("National Library of Latvia", "memberOf", "Baltic Heritage Network") in t
    assert ("Ostland City Library", "memberOf", "Baltic Heritage Network") in t


def test_extract_books_an_institution_donated_are_no_collection(read: Read) -> None:
    g = read("The Ostland City Library thanked the Tarvo Institute for the 300 German books it donated last year.")
    assert not [x for x in triples(g) if x[1] == "collectionSize"]


def test_extract_memberships_in_their_other_wordings(read: Read) -> None:
    g = read("The Ostland City Library has been a member of IFLA since 1995, and of the Tarvo Library Association "
             "since 2001. The Varna Public Library is affiliated with the Tarvo Library Association. "
             "The Brenn State Library became IFLA's 1,500th member in 2010. In 2012 the Narva Library was "
             "accepted into IFLA. The Tarvo Library Association has 120 member libraries, including the Parnu "
             "Library.")
    t = triples(g)
    for member, body in (("Ostland City Library", "IFLA"), ("Ostland City Library", "Tarvo Library Association"),
                         ("Varna Public Library", "Tarvo Library Association"), ("Brenn State Library", "IFLA"),
                         ("Narva Library", "IFLA"), ("Parnu Library", "Tarvo Library Association")):
        assert (member, "memberOf", body) in t
    assert ("Parnu Library", "partOf", "Tarvo Library Association") not in t


def test_extract_an_acronym_is_no_person(read: Read) -> None:
    g = read("The Ostland City Library joined IFLA as an institutional member in 2010.")
    assert ("Ostland City Library", "memberOf", "IFLA") in triples(g)


def test_extract_a_visit_told_from_the_visitors_side(read: Read) -> None:
    g = read("Latvian librarians paid a working visit to the Ostland City Library on 6 September. "
             "The delegation included Mara Voss, director of the National Library of Latvia, and Ivo Lund, head "
             "of the library's automation department. The Latvian side handed over to its Ostland colleagues a "
             "set of books. During their stay, the librarians also visited the Ostland Museum of Books.",
             date="2021-09-09")
    t = triples(g)
    assert ("National Library of Latvia", "visited", "Ostland City Library") in t
    assert ("Ivo Lund", "worksFor", "National Library of Latvia") in t
    assert ("National Library of Latvia", "visited", "Ostland Museum of Books") in t
    assert ("Ostland City Library", "visited", "Ostland Museum of Books") not in t


def test_extract_a_guest_welcomed_to_the_library_and_an_agreement_with_which_it_signed(read: Read) -> None:
    g = read("The Ostland City Library opened a hall. Mara Voss welcomed Tom Reed to the library. "
             "The Ostland City Library has a partnership with the Tarvo University, with which it signed a "
             "memorandum in 2002.")
    t = triples(g)
    assert ("Tom Reed", "visited", "Ostland City Library") in t
    pairs = {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"}
    assert frozenset(("Ostland City Library", "Tarvo University")) in pairs


def test_extract_a_plural_common_noun_ends_no_person_s_name(read: Read) -> None:
    g = read("The ambassador toured the Ostland City Library's Asian Collections.")
    assert not [e for e in g.entities.values() if e.type == "Person"]


def test_extract_a_short_name_is_the_longer_one_it_begins(read: Read) -> None:
    g = read("The State Library of Tarvia hosted a conference. The State Library signed an agreement with the "
             "National Library of Ostland. Ivo Lund presented the State Library with copies of old manuscripts.")
    t = triples(g)
    assert ("Ivo Lund", "donatedTo", "State Library of Tarvia") in t
    assert ("Ivo Lund", "donatedTo", "National Library of Ostland") not in t


def test_extract_the_national_library_a_plural_implies_is_the_one_named_otherwise(read: Read) -> None:
    g = read("The national libraries of Hungary and Montenegro have concluded an agreement. The document was "
             "signed at the National Karlsson Library (NKL), which a delegation of the National Library of "
             "Montenegro visited. The national libraries of Azerbaijan and Kazakhstan signed a memorandum, "
             "said the Kazakhstan National Academic Library and the Azerbaijan National Library.")
    t = triples(g)
    nkl = next(e for e in g.entities.values() if e.name == "National Karlsson Library")
    assert "National Library of Hungary" in nkl.aliases
    assert ("National Karlsson Library", "locatedIn", "Hungary") in t
    pairs = {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"}
    assert frozenset(("National Karlsson Library", "National Library of Montenegro")) in pairs
    assert frozenset(("Kazakhstan National Academic Library", "Azerbaijan National Library")) in pairs


def test_extract_a_post_as_a_main_verb_and_a_professor_after_the_post(read: Read) -> None:
    g = read("Tom Reed heads the Ostland City Library. Speaking at the event, the Rector of the Tarvo University, "
             "Professor Ivo Lund, stressed the importance of reading.")
    t = triples(g)
    assert ("Tom Reed", "worksFor", "Ostland City Library") in t
    assert ("Ivo Lund", "worksFor", "Tarvo University") in t


def test_extract_meeting_a_group_is_no_hosting_and_the_delegation_is_its_institution(read: Read) -> None:
    g = read("The agreement was reached during a visit to Tallinn by a delegation of the Ostland City Library "
             "headed by its director, Mara Voss. The delegation met Ivo Lund, Director of the Tarvo Library. "
             "The guests also met representatives of the Tarvo Ministry of Culture.")
    t = triples(g)
    assert ("Ostland City Library", "metWith", "Ivo Lund") in t
    assert ("Tarvo Ministry of Culture", "visited", "Ostland City Library") not in t


def test_extract_a_corner_named_for_a_country_is_not_in_it(read: Read) -> None:
    g = read("The Ostland City Library in Hanoi opened the Korea Corner. The Korea Corner is the fifth such space "
             "opened by the Tarvo Library since 2015.")
    t = triples(g)
    assert ("Korea Corner", "locatedIn", "Korea") not in t
    assert ("Tarvo Library", "founded", "2015") not in t


def test_extract_items_worked_on_are_no_collection_size(read: Read) -> None:
    g = read("The Ostland City Library digitised 5,000 books last year and will make images of more than 1,000 "
             "manuscripts available online. The Ostland City Library holds more than 8 million items.")
    sizes = [x for x in triples(g) if x[1] == "collectionSize"]
    assert sizes == [("Ostland City Library", "collectionSize", "8000000")]


def test_extract_a_list_of_partners_hung_inside_the_first_name(read: Read) -> None:
    # the parse hangs the rest of the list on a word inside the first name; none is a unit of another
    g = read("The Ostland City Library has signed agreements with the National Library of Latvia, the National "
             "Library of Belarus and the National Library of Honduras.")
    t = triples(g)
    for other in ("Latvia", "Belarus", "Honduras"):
        assert ("Ostland City Library", "signedAgreementWith", f"National Library of {other}") in t
    assert not [x for x in t if x[1] == "partOf"]


def test_extract_a_quoted_title_an_organising_verb_takes_and_more_event_nouns(read: Read) -> None:
    g = read('The Ostland City Library launched "Reading Together" in May. The Tarvo City Library held a quest '
             '"Secrets of the Library" and a flash mob "Read Poetry Aloud". The Brenn Library presented '
             '"Roads of Tarvo", a new book.')
    t = triples(g)
    assert ("Ostland City Library", "organized", "Reading Together") in t
    assert ("Tarvo City Library", "organized", "Secrets of the Library") in t
    assert ("Tarvo City Library", "organized", "Read Poetry Aloud") in t
    assert not [x for x in t if x[0] == "Brenn Library" and x[1] == "organized"]


def test_extract_a_summer_school_is_an_event(read: Read) -> None:
    g = read("The Ostland City Library organised the Tarvo Summer School for young librarians. "
             "The Tarvo Secondary School signed an agreement with the Ostland City Library.")
    types = {e.name: e.type for e in g.entities.values()}
    assert types["Tarvo Summer School"] == "Event" and types["Tarvo Secondary School"] == "Organization"
    assert ("Ostland City Library", "organized", "Tarvo Summer School") in triples(g)


def test_extract_a_place_said_of_the_other_conjuncts(read: Read) -> None:
    g = read("The library serves the Supreme Court of Ostland, the Ostland Trade Institute and the other "
             "tribunals located in Geneva. It also serves the Tarvo Arbitration Board and the courts located in Bern.")
    t = triples(g)
    assert ("Supreme Court of Ostland", "locatedIn", "Geneva") in t
    assert ("Ostland Trade Institute", "locatedIn", "Geneva") in t
    assert ("Tarvo Arbitration Board", "locatedIn", "Bern") not in t


def test_extract_a_town_read_as_a_gerund_is_no_place(read: Read) -> None:
    g = read("The Ministry of Culture of Ostland proclaimed the Year of Reading. The Tarvo Library organised the "
             "Reading Festival Days and opened two English Reading Rooms. The University of Reading sent a "
             "delegation, which travelled from Reading to London.")
    cities = [e for e in g.entities.values() if e.type == "City"]
    assert sorted(e.name for e in cities) == ["London", "Reading"]
    reading = next(e for e in cities if e.name == "Reading")
    # the one town is the one of the university and of the journey, not of the festival or the rooms
    assert ("University of Reading", "locatedIn", "Reading") in triples(g)
    assert all(m.start > g.article.text.index("University of Reading") for m in reading.mentions)


def test_extract_an_apposition_describing_the_object_names_no_party(read: Read) -> None:
    g = read("The Varna City Library visited the Tarvo Library, a library founded by the Ostland Library "
             "Association. The Varna City Library took part in the Night of Libraries, an annual event held by "
             "the Ostland Library Association.")
    t = triples(g)
    assert ("Varna City Library", "visited", "Tarvo Library") in t
    assert ("Varna City Library", "visited", "Ostland Library Association") not in t
    assert ("Ostland Library Association", "organized", "Night of Libraries") in t


def test_extract_a_visit_noun_whose_destination_hangs_on_the_visitors(read: Read) -> None:
    g = read("The visit of the delegation of the Tarvo State Library to the National Library of Lithuania "
             "ended on Monday. The planned visit of Mara Voss to Vilnius was cancelled.")
    t = triples(g)
    assert ("Tarvo State Library", "visited", "National Library of Lithuania") in t
    # the destination is no visitor of itself, and a cancelled plan is no visit
    assert ("National Library of Lithuania", "visited", "National Library of Lithuania") not in t
    assert not [x for x in t if x[0] == "Mara Voss" and x[1] == "visited"]


def test_extract_a_sentence_the_parser_roots_on_a_noun_is_read(read: Read) -> None:
    # "numbers" parsed as the noun root: climbing from "Its" to its clause's verb must stop at the root
    with time_limit(30):  # (fails with ArticleTooSlow rather than hang)
        g = read("The Ostrava Town Library, one of the oldest public libraries in the region, was established in "
                 "1892. Its collection numbers about 450,000 items.")
    assert ("Ostrava Town Library", "founded", "1892") in triples(g)


def test_extract_a_given_name_spelled_like_a_town_is_still_a_persons(read: Read) -> None:
    # "Ivo" is one spelling of the Nigerian town Iwo; the tagger reads "Ivo Lind" as an organisation
    g = read("The guests were welcomed by Ivo Lind, head of the rare books department of the Tarvo Regional "
             "Library.")
    assert {e.name: e.type for e in g.entities.values()}["Ivo Lind"] == "Person"
    assert ("Ivo Lind", "worksFor", "Tarvo Regional Library") in triples(g)
    # a town's own name still ends a personal reading: "Literary Bridge" stays no person
    g = read('Librarians of Varna took part in "Literary Bridge", a project of the Tarvo Regional Library.')
    assert all(e.type != "Person" for e in g.entities.values())


def test_extract_a_datelines_town_the_gazetteer_lacks_is_no_acronym(read: Read) -> None:
    g = read("KELMOVO, March 3, 2021 — The Ostland Foundation donated books to the Kelmovo City Library.")
    assert "KELMOVO" not in {e.name for e in g.entities.values()}
    assert ("Ostland Foundation", "donatedTo", "Kelmovo City Library") in triples(g)
    g = read("The Ostland Foundation and the ILTA, March 3, 2021, signed an agreement.")
    assert "ILTA" in {e.name for e in g.entities.values()}  # not at a paragraph's start: an acronym


def test_extract_an_abbreviation_after_a_quoted_name_is_that_names(read: Read) -> None:
    g = read('Since 1993 the Tarvo City Library has been a member of the Partnership "Ostland Library '
             'Assembly" (BOA). BOA unites 200 libraries.')
    [assembly] = [e for e in g.entities.values() if "Ostland Library Assembly" in e.name]
    assert "BOA" in assembly.aliases  # (the letters need not be the name's initials: a transliteration)
    assert sum(1 for e in g.entities.values() if e.type in {"Organization", "Library"}) == 2


def test_extract_a_person_the_tagger_took_for_a_place_after_a_post(read: Read) -> None:
    g = read("Speaking at the ceremony, the director of the Regional Library of Tamsk, Marat Serikov, thanked the "
             "guests.")
    assert ("Marat Serikov", "worksFor", "Regional Library of Tamsk") in triples(g)


def test_extract_a_post_in_a_department_of_a_named_library_is_at_that_library(read: Read) -> None:
    g = read('A round table "Reading Today" was held at the Republican Library for Children and Youth in Tarvo. '
             "The event was organized by the library jointly with the Ostland Library Association and UNICEF "
             "Ostland. Among the speakers were Aino Lass, head of the methodological department of the Republican "
             "Library for Children and Youth, Professor Ivo Kask of the Tarvo State University, and the writer "
             "Eva Holm.")
    t = triples(g)
    assert ("Aino Lass", "worksFor", "Republican Library for Children and Youth") in t
    assert not {o for s, p, o in t if s == "Aino Lass" and p == "worksFor"} - {
        "Republican Library for Children and Youth"}


def test_extract_a_post_before_a_name_with_no_comma_is_the_persons_subject(read: Read) -> None:
    g = read("On 10 March, Director General of the National Library of Estonia Mara Voss visited the Tartu "
             "State Library.")
    t = triples(g)
    assert ("Mara Voss", "visited", "Tartu State Library") in t
    assert ("Mara Voss", "worksFor", "National Library of Estonia") in t
    g = read("The director of the National Library of Estonia visited the Tartu State Library.")
    assert not any(p == "visited" and s == "Mara Voss" for s, p, o in triples(g))


def test_extract_its_in_a_by_phrase_is_the_place_just_named(read: Read) -> None:
    g = read("The guests from the Latvian National Library were shown around the Tartu State Library by its "
             "deputy director, Anna Lepp.")
    t = triples(g)
    assert ("Anna Lepp", "worksFor", "Tartu State Library") in t
    assert ("Anna Lepp", "worksFor", "Latvian National Library") not in t
    assert ("Latvian National Library", "visited", "Tartu State Library") in t
    assert not any(s == "Anna Lepp" and p == "visited" for s, p, o in t)


def test_extract_a_place_the_parser_hung_as_an_adverb_is_the_object(read: Read) -> None:
    g = read("A delegation of the Ostland National Library visited Tartu.")
    assert ("Ostland National Library", "visited", "Tartu") in triples(g)
    g = read("A delegation of the Ostland National Library visited the Tartu State Library yesterday.")
    assert ("Ostland National Library", "visited", "Tartu") not in triples(g)


def test_extract_an_ambassador_named_after_the_comma_closing_the_title(read: Read) -> None:
    g = read("The room was created with the support of the Embassy of the Republic of Poland in Lithuania. The "
             "opening ceremony was attended by the Ambassador of Poland to Lithuania, Konstanty Nowak, and the "
             "director of the library, Rasa Jankauskiene.")
    assert ("Konstanty Nowak", "worksFor", "Embassy of the Republic of Poland in Lithuania") in triples(g)
    g = read("The room was created with the support of the Embassy of the Republic of Poland in Lithuania. The "
             "ceremony was attended by the Ambassador of Poland to Lithuania and by Ewa Kowalska.")
    assert not any(p == "worksFor" for s, p, o in triples(g))


def test_extract_a_small_towns_name_before_a_surname_opens_an_eponym(read: Read) -> None:
    # Adam is a town in Oman; "Adam Mickiewicz" is the poet the institute is named for
    g = read("The library cooperates with the Adam Mickiewicz Institute.")
    assert {e.name for e in g.entities.values()} == {"Adam Mickiewicz Institute"}
    g = read("Students of the Riga Stradins University visited the library.")
    assert ("Riga Stradins University", "locatedIn", "Riga") in triples(g)


def test_extract_a_description_by_the_last_words_of_a_units_name(read: Read) -> None:
    g = read("A Polish Reading Room was opened at the Vilnius City Municipal Library on Monday. The Ostland "
             "Institute donated more than 2,000 books to the reading room.")
    assert ("Ostland Institute", "donatedTo", "Polish Reading Room") in triples(g)
    g = read("The Tartu City Library opened on Monday. The Ostland Institute donated more than 2,000 books to "
             "the reading room.")
    assert not any(p == "donatedTo" for s, p, o in triples(g))


def test_extract_a_paragraph_opening_on_the_library_is_the_articles_topic(read: Read) -> None:
    text = ("Ostland library celebrates its centenary\n\n"
            "TARTU, 5 November 2021 — The Tartu Regional Library, founded in 1921, celebrated its 100th "
            "anniversary this week.\n\n"
            "Congratulations were sent by partner libraries from Latvia, including the Valmiera City Library.\n\n"
            "The library is a member of the Ostland Library Association. Its Department of Maps works with the "
            "Ostland Map Society.")
    t = triples(read(text))
    assert ("Tartu Regional Library", "memberOf", "Ostland Library Association") in t
    assert ("Valmiera City Library", "memberOf", "Ostland Library Association") not in t
    assert ("Department of Maps", "partOf", "Tartu Regional Library") in t


def test_extract_a_title_after_titled_names_the_event_noun_further_back(read: Read) -> None:
    g = read('The Tartu City Library opened an exhibition of Persian calligraphy and miniature painting titled '
             '"The Art of the Word".')
    assert ("Tartu City Library", "organized", "Art of the Word") in triples(g)
    g = read('The Tartu City Library bought a collection of Persian calligraphy and miniature painting titled '
             '"The Art of the Word".')
    assert not any(e.type == "Event" for e in g.entities.values())


def test_extract_a_missions_short_name_is_the_mission_of_that_country_named_before(read: Read) -> None:
    g = read("The Tartu City Library worked with the Embassy of the Islamic Republic of Iran in Estonia. The "
             "exhibition was opened by the Cultural Counsellor of the Iranian Embassy, Hossein Moradi.")
    orgs = [e for e in g.entities.values() if e.type == "Organization"]
    assert len(orgs) == 1 and "Iranian Embassy" in orgs[0].aliases
    g = read("The Tartu City Library worked with the Embassy of the Islamic Republic of Iran in Estonia and "
             "with the Polish Embassy.")
    assert sum(1 for e in g.entities.values() if e.type == "Organization") == 2


def test_extract_a_unit_of_a_mission_is_in_the_host_country_not_the_sending_one(read: Read) -> None:
    t = triples(read("The library worked with the Cultural Centre of the Embassy of the Islamic Republic of Iran "
                     "in Tajikistan."))
    centre = "Cultural Centre of the Embassy of the Islamic Republic of Iran in Tajikistan"
    assert (centre, "locatedIn", "Tajikistan") in t
    assert not any(p == "locatedIn" and o == "Islamic Republic of Iran" for s, p, o in t)


def test_extract_the_visitors_are_every_institution_of_the_latest_visit(read: Read) -> None:
    t = triples(read("Researchers from the Tallinn University and the Ostland Academy of Sciences visited the "
                     "National Library of Latvia on 4 July. The visitors were received by Anna Berzina, director "
                     "of the library."))
    met = {frozenset((s, o)) for s, p, o in t if p == "metWith"}
    assert frozenset(("Anna Berzina", "Tallinn University")) in met
    assert frozenset(("Anna Berzina", "Ostland Academy of Sciences")) in met


def test_extract_a_two_word_post_stands_for_the_name_the_parse_hung_on_its_organisation(read: Read) -> None:
    t = triples(read("On 1 February, the director general of the Ostland National Library, Mara Voss, paid a "
                     "visit to the National Library of Latvia."))
    assert ("Mara Voss", "visited", "National Library of Latvia") in t
    assert ("Ostland National Library", "visited", "National Library of Latvia") not in t


def test_extract_a_participle_hung_on_a_word_of_a_quoted_title_names_its_organiser(read: Read) -> None:
    t = triples(read('As part of the project "Reading Without Borders", launched by the Vesna Library '
                     "Foundation in 2019, 200 books were translated."))
    assert ("Vesna Library Foundation", "organized", "Reading Without Borders") in t
    t = triples(read('As part of the project "Reading Without Borders", praised by the Vesna Library '
                     "Foundation in 2019, 200 books were translated."))
    assert not {x for x in t if x[1] == "organized"}


def test_extract_an_event_named_with_an_acronym_after_of_is_that_organisations(read: Read) -> None:
    t = triples(read("The Ostland Library Association (OLA) met in March. The 12th General Conference of OLA "
                     "opened in Tallinn."))
    assert ("Ostland Library Association", "organized", "12th General Conference of OLA") in t
    t = triples(read("The Week of Ostland Culture opened in Tallinn."))
    assert not {x for x in t if x[1] == "organized"}


def test_extract_both_libraries_on_a_tie_are_the_ones_named_first(read: Read) -> None:
    t = triples(read("Mara Voss, director of the Tarvo State Library, visited the Varna Public Library on 3 May. "
                     "During the visit she also saw the Ostland City Library. Both libraries are members of the "
                     "Ostland Library Association."))
    members = {s for s, p, o in t if p == "memberOf" and o == "Ostland Library Association"}
    assert members == {"Tarvo State Library", "Varna Public Library"}


def test_extract_a_unit_named_of_an_acronym_the_article_defines_is_part_of_it(read: Read) -> None:
    t = triples(read("The Ostland Archives (OSA) signed an agreement with the Varna Public Library. The guests "
                     "visited the Preservation Centre of OSA in Tartu."))
    assert ("Preservation Centre of OSA in Tartu", "partOf", "Ostland Archives") in t
    t = triples(read("The Varna Public Library signed an agreement with the Ostland Centre of ICT in Tartu."))
    assert not {x for x in t if x[1] == "partOf"}


def test_extract_a_person_after_an_institution_is_not_coordinated_into_its_name(read: Read) -> None:
    t = triples(read("Mara Voss of the Tarvo State Library and Tom Reed of the Varna Public Library signed the "
                     "memorandum."))
    assert ("Tarvo State Library", "signedAgreementWith", "Varna Public Library") in t
    assert ("Tom Reed", "worksFor", "Varna Public Library") in t
    assert not any("and Tom Reed" in s for s, _, _ in t)
    names = {e.name for e in read("Mara Voss visited the Museum of Literature and Art of Latvia.").entities.values()}
    assert "Museum of Literature and Art of Latvia" in names  # coordinated modifiers stay in the name


def test_extract_two_posts_before_names_with_no_article_sign_for_their_libraries(read: Read) -> None:
    t = triples(read("Director of the National Library of Moldova Elena Pintilei and Director of the Tarvo "
                     "Regional Library Oksana Shevchuk signed the agreement."))
    assert ("Elena Pintilei", "worksFor", "National Library of Moldova") in t
    assert ("Oksana Shevchuk", "worksFor", "Tarvo Regional Library") in t
    signed = {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"}
    assert signed == {frozenset(("National Library of Moldova", "Tarvo Regional Library"))}


def test_extract_a_personal_name_before_of_and_an_institution_is_a_person_of_it(read: Read) -> None:
    t = triples(read("The exhibition was curated by Ivo Kask of the Tartu University Library."))
    assert ("Ivo Kask", "worksFor", "Tartu University Library") in t
    t = triples(read("Piret Kask of the Tartu University Library said the project was a success."))
    assert ("Piret Kask", "worksFor", "Tartu University Library") in t
    names = {e.name for e in read("The Museum of Tartu opened a branch of the Tartu City Library.").entities.values()}
    assert "Museum of Tartu" in names and not {n for n in names if "Museum" in n and "Library" in n}


def test_extract_a_single_word_set_off_before_an_indefinite_event_noun_names_an_event(read: Read) -> None:
    t = triples(read("The Tarvo City Library took part in Bibliomarathon, a national campaign organised by the "
                     "Ostland Library Association."))
    assert ("Ostland Library Association", "organized", "Bibliomarathon") in t
    graph = read("The Tarvo City Library welcomed Reed, an event manager from Riga.")
    assert not [e for e in graph.entities.values() if e.type == "Event"]


def test_extract_a_description_coordinated_with_a_name_is_a_party_too(read: Read) -> None:
    text = ("Students of the Faculty of Economics of the Tarvo University visited the Ostland Archives (OSA) on "
            "Tuesday. The faculty and OSA signed a memorandum of understanding in 2021.")
    signed = {frozenset((s, o)) for s, p, o in triples(read(text)) if p == "signedAgreementWith"}
    assert signed == {frozenset(("Faculty of Economics of the Tarvo University", "Ostland Archives"))}


def test_extract_an_eponyms_surname_with_the_head_noun_is_the_library_named_after_them(read: Read) -> None:
    graph = read("The Tarvo Regional Universal Library named after I. Kask opened a new hall. The Kask Library "
                 "was founded in 1891.")
    t = triples(graph)
    assert ("Tarvo Regional Universal Library named after I. Kask", "founded", "1891") in t
    assert "Kask Library" not in {e.name for e in graph.entities.values()}
    t = triples(read("A delegation of the I. Kask Tarvo Regional Universal Library visited Riga."))
    assert ("I. Kask Tarvo Regional Universal Library", "namedAfter", "I. Kask") in t
    assert ("I. Kask Tarvo Regional Universal Library", "visited", "Riga") in t


def test_extract_what_a_director_general_is_of_names_no_institution(read: Read) -> None:
    graph = read("The students were welcomed by Anne Tremblay, Director General of Public Services at the "
                 "Ostland Archives.")
    assert "Public Services" not in {e.name for e in graph.entities.values()}
    assert ("Anne Tremblay", "worksFor", "Ostland Archives") in triples(graph)


def test_extract_a_name_ending_named_after_a_person_is_the_subject_the_parse_gave_the_person(read: Read) -> None:
    t = triples(read("The Tarvo State Library named after Ivo Kask has signed memoranda of cooperation with the "
                     "national libraries of Latvia and Estonia over the past year."))
    signed = {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"}
    assert signed == {frozenset(("Tarvo State Library named after Ivo Kask", "National Library of Latvia")),
                      frozenset(("Tarvo State Library named after Ivo Kask", "National Library of Estonia"))}


def test_extract_a_delegation_headed_by_a_post_of_an_institution_is_that_institutions(read: Read) -> None:
    text = ("On 10 April, a delegation headed by the Director General of the Tarvo Presidential Library, Ahmet "
            "Yilmaz, arrived in Tashkent. The guests were received by the director of the Ostland National "
            "Library, Umida Teshabayeva. Following the talks, the parties signed a memorandum of understanding.")
    t = triples(read(text))
    assert ("Tarvo Presidential Library", "visited", "Tashkent") in t
    assert ("Ahmet Yilmaz", "visited", "Tashkent") in t
    met = {frozenset((s, o)) for s, p, o in t if p == "metWith"}
    assert frozenset(("Umida Teshabayeva", "Tarvo Presidential Library")) in met
    assert frozenset(("Ahmet Yilmaz", "Tarvo Presidential Library")) not in met
    signed = {frozenset((s, o)) for s, p, o in t if p == "signedAgreementWith"}
    assert signed == {frozenset(("Tarvo Presidential Library", "Ostland National Library"))}


def test_extract_an_ambassador_of_no_country_said_works_for_the_articles_one_embassy(read: Read) -> None:
    text = ("A Tarvo Culture Corner was opened at the Bishkek City Central Library with the support of the "
            "Embassy of Latvia in Kyrgyzstan. The ceremony was attended by Ambassador Ilze Liepa. Speaking at "
            "the event, Ms. Liepa said the embassy had donated the books and the furniture for the corner.")
    t = triples(read(text))
    assert ("Ilze Liepa", "worksFor", "Embassy of Latvia in Kyrgyzstan") in t
    assert ("Embassy of Latvia in Kyrgyzstan", "donatedTo", "Tarvo Culture Corner") in t
    t = triples(read("The Embassy of Latvia and the Embassy of Estonia opened a corner. Ambassador Ilze Liepa "
                     "spoke."))
    assert not {x for x in t if x[1] == "worksFor"}


def test_extract_an_event_title_with_a_compound_event_noun_before_or_after_it(read: Read) -> None:
    t = triples(read("The Tarvo City Library organized a book exhibition Books of Friendship."))
    assert ("Tarvo City Library", "organized", "Books of Friendship") in t
    t = triples(read("The Tarvo City Library organized the Books of Friendship book exhibition."))
    assert ("Tarvo City Library", "organized", "Books of Friendship") in t
    graph = read("The Tarvo City Library organized the Mara Voss exhibition.")
    assert {e.type for e in graph.entities.values() if e.name == "Mara Voss"} == {"Person"}


def test_extract_its_after_a_visit_is_the_place_visited(read: Read) -> None:
    t = triples(read("Representatives of the Goethe-Institut visited the Tarvo City Library and got acquainted "
                     "with its Department of Rare Books."))
    assert ("Department of Rare Books", "partOf", "Tarvo City Library") in t
    assert ("Department of Rare Books", "partOf", "Goethe-Institut") not in t


def test_extract_a_lone_adjective_before_an_event_noun_is_no_title(read: Read) -> None:
    graph = read('The Tarvo City Library became a partner of the European project "Digital Memory".')
    assert {e.name for e in graph.entities.values() if e.type == "Event"} == {"Digital Memory"}
    graph = read("The Tarvo City Library joined the Biblionight campaign.")
    assert {e.name for e in graph.entities.values() if e.type == "Event"} == {"Biblionight"}


def test_extract_a_post_in_a_relative_clause_with_has_been(read: Read) -> None:
    t = triples(read("Mara Voss, who has been the director of the Tarvo City Library since 2015, welcomed the "
                     "guests."))
    assert ("Mara Voss", "worksFor", "Tarvo City Library") in t
    t = triples(read("Mara Voss, who has visited the director of the Tarvo City Library, welcomed the guests."))
    assert not {x for x in t if x[1] == "worksFor"}


def test_extract_a_name_before_an_organisations_name_and_post_is_a_person(read: Read) -> None:
    t = triples(read("Ana Lind, Varna Public Library director, spoke about the project."))
    assert ("Ana Lind", "worksFor", "Varna Public Library") in t


def test_extract_a_name_before_an_organisation_in_parentheses_is_a_person_of_it(read: Read) -> None:
    t = triples(read("Present at the meeting were Mara Voss (Tarvo City Library), Tom Reed (Varna Public Library) "
                     "and Ana Lind (Ostland National Library)."))
    assert ("Ana Lind", "worksFor", "Ostland National Library") in t
    graph = read("The Ostland Central Library (OCL) and the Tartu Public Library (TPL) signed an agreement.")
    assert not [e for e in graph.entities.values() if e.type == "Person"]


def test_extract_its_before_a_list_of_posts_reaches_every_post(read: Read) -> None:
    t = triples(read("The Tarvo City Library was represented by its director Mara Voss and chief bibliographer "
                     "Ivo Kask."))
    assert ("Ivo Kask", "worksFor", "Tarvo City Library") in t
    t = triples(read("The Tarvo City Library was represented by its director Mara Voss and the Minister of "
                     "Culture Ivo Kask."))
    assert ("Ivo Kask", "worksFor", "Tarvo City Library") not in t


def test_extract_an_event_named_in_apposition_after_its_event_noun(read: Read) -> None:
    t = triples(read("The Ostland Library Association held its annual conference, Libraries Today, in Riga."))
    assert ("Ostland Library Association", "organized", "Libraries Today") in t


def test_extract_acronyms_closed_by_a_year_name_a_meeting(read: Read) -> None:
    graph = read("The Tarvo City Library took part in OBLCONF 2024.")
    assert {e.name: e.type for e in graph.entities.values()}.get("OBLCONF 2024") == "Event"
    graph = read("The UNESCO 2023 report was published.")
    assert not [e for e in graph.entities.values() if e.type == "Event"]
    graph = read("The Ostland Library Congress (OLC) opened. Librarians from Riga took part in OLC 2024.")
    assert [e.name for e in graph.entities.values() if e.type == "Event"] == ["Ostland Library Congress"]


def test_extract_one_word_coordinated_with_an_institutions_name_is_an_institution(read: Read) -> None:
    t = triples(read("The Georgian delegation of the Tbilisi State Library also visited the Matenadaran and the "
                     "Yerevan State University."))
    assert ("Tbilisi State Library", "visited", "Matenadaran") in t
    graph = read("The delegation visited the Yerevan State University and the Caucasus.")
    assert "Caucasus" not in {e.name for e in graph.entities.values()}


def test_extract_the_post_in_a_where_clause_is_at_the_place_the_clause_is_about(read: Read) -> None:
    t = triples(read("The delegation visited the Tarvo City Library, where it was welcomed by the director, "
                     "Mara Voss."))
    assert ("Mara Voss", "worksFor", "Tarvo City Library") in t
    t = triples(read("The delegation visited Riga, where they met the director Mara Voss."))
    assert not {x for x in t if x[1] == "worksFor"}


def test_extract_a_continent_after_in_stays_in_an_organisations_name(read: Read) -> None:
    t = triples(read("The Tarvo City Library is a member of the Conference of Directors of National Libraries in "
                     "Asia and Oceania."))
    assert ("Tarvo City Library", "memberOf",
            "Conference of Directors of National Libraries in Asia and Oceania") in t
    names = {e.name for e in read("The Tarvo City Library is the largest library in Europe.").entities.values()}
    assert names == {"Tarvo City Library"}


def test_extract_a_unit_a_relative_clause_says_was_opened_at_the_library(read: Read) -> None:
    t = triples(read("The Varna Public Library received 800 books. They will be kept in the Tarvo Corner, which "
                     "was opened at the library in 2015."))
    assert ("Tarvo Corner", "partOf", "Varna Public Library") in t


def test_extract_the_directors_of_two_institutions_sign_for_them(read: Read) -> None:
    t = triples(read("The directors of the Tarvo City Library and the Varna Public Library signed a memorandum."))
    assert ("Tarvo City Library", "signedAgreementWith", "Varna Public Library") in t


def test_extract_an_agreement_extended_is_an_agreement_signed(read: Read) -> None:
    t = triples(read("The Tarvo City Library extended its agreement with the Varna Public Library until 2030."))
    assert ("Tarvo City Library", "signedAgreementWith", "Varna Public Library") in t
    t = triples(read("The Tarvo City Library extended an invitation to the Varna Public Library."))
    assert not {x for x in t if x[1] == "signedAgreementWith"}


def test_extract_the_university_is_no_library_named_after_a_university(read: Read) -> None:
    t = triples(read("The Tarvo State University Library received 1,200 books. The rector of the university, "
                     "Zhanna Bekova, thanked the donors."))
    assert ("Zhanna Bekova", "worksFor", "Tarvo State University Library") not in t
    t = triples(read("The Consulate General of Latvia opened a corner in Tarvo. The consul general of the "
                     "consulate, Ilze Liepa, spoke."))
    assert ("Ilze Liepa", "worksFor", "Consulate General of Latvia") in t


def test_extract_its_is_no_plural_subjects_and_the_library_director_is_the_librarys(read: Read) -> None:
    t = triples(read("The guests then went to the Tarvo City Library. There they were welcomed by its director, "
                     "Mara Voss."))
    assert ("Mara Voss", "worksFor", "Tarvo City Library") in t
    t = triples(read("The Tarvo City Library opened a new branch. Library director Mara Voss cut the ribbon."))
    assert ("Mara Voss", "worksFor", "Tarvo City Library") in t
    t = triples(read("The Tarvo City Library opened a new branch. A library director, Mara Voss, came."))
    assert not {x for x in t if x[1] == "worksFor"}


def test_extract_gifts_told_by_the_collection_they_enrich_and_by_thanks(read: Read) -> None:
    t = triples(read("The Tarvo City Library's collection was enriched by 200 books donated by the Embassy of "
                     "Latvia."))
    assert ("Embassy of Latvia", "donatedTo", "Tarvo City Library") in t
    t = triples(read("The Tarvo City Library thanked the Embassy of Latvia for the donated books."))
    assert ("Embassy of Latvia", "donatedTo", "Tarvo City Library") in t
    t = triples(read("The Tarvo City Library thanked the Embassy of Latvia for the warm welcome."))
    assert not {x for x in t if x[1] == "donatedTo"}


def test_extract_a_legislatures_library_is_a_name_not_a_description(read: Read) -> None:
    t = triples(read("The ceremony was attended by Heo Yong-beom, Librarian of the National Assembly Library."))
    assert ("Heo Yong-beom", "worksFor", "National Assembly Library") in t
    names = {e.name for e in read("Mara Voss visited the National Library.").entities.values()}
    assert names == {"Mara Voss"}


def test_extract_a_title_that_names_its_institution(read: Read) -> None:
    t = triples(read("The Library of Ostland signed an agreement. Ivo Kask, Principal Deputy Librarian of "
                     "Ostland, attended the signing."))
    assert ("Ivo Kask", "worksFor", "Library of Ostland") in t
    t = triples(read("Library and Archives Canada (LAC) signed. Leslie Weir, Librarian and Archivist of Canada, "
                     "spoke."))
    assert ("Leslie Weir", "worksFor", "Library and Archives Canada") in t
    t = triples(read("The Library of Ostland signed an agreement. Ivo Kask, Principal Deputy Librarian of "
                     "Varna, attended."))
    assert ("Ivo Kask", "worksFor", "Library of Ostland") not in t


def test_extract_a_branch_apposition_belongs_to_the_name_right_before_its_comma(read: Read) -> None:
    t = triples(read("The Tarvo City Library (TCL) grew. Mara Voss toured the TCL Preservation Centre and the "
                     "Children's Library of Tarvo, a branch of the TCL."))
    assert ("Children's Library of Tarvo", "partOf", "Tarvo City Library") in t


def test_extract_the_chairman_of_the_board_of_the_library_is_the_librarys(read: Read) -> None:
    t = triples(read("The Tarvo City Library and the National Library of Latvia signed a memorandum. The MoU was "
                     "signed by the Chairman of the Board of the Latvian library, Dr. Ivo Kask."))
    assert ("Ivo Kask", "worksFor", "National Library of Latvia") in t
