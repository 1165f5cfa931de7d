"""Property-based tests: IRI minting, text normalisation, literal escaping through every serialiser."""

from __future__ import annotations

import io
import json
import re

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef
from rdflib.query import Result

from libgraph.corpus import normalise_text
from libgraph.names import normalise_name
from libgraph.server.results import SELECT_WRITERS
from libgraph.vocab import Minter

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
MINT = Minter("https://example.org/kg/")


@given(TEXT)
def test_properties_any_name_mints_a_valid_stable_iri(name: str) -> None:
    key = "Org:" + normalise_name(name)
    iri = MINT.entity("Organization", key)
    assert iri == MINT.entity("Library", key)  # deterministic, retyping keeps it
    assert not any(c in str(iri) for c in ' <>"{}|\\^`\n\t')
    assert ox.NamedNode(str(iri)).value == str(iri)  # a valid IRI for Oxigraph
    assert isinstance(URIRef(str(iri)), URIRef)


@given(TEXT, TEXT)
def test_properties_distinct_names_give_distinct_iris(a: str, b: str) -> None:
    ka, kb = normalise_name(a), normalise_name(b)
    if ka != kb:
        assert MINT.entity("Person", "Person:" + ka) != MINT.entity("Person", "Person:" + kb)


@given(st.text(max_size=300))
def test_properties_normalised_text_is_clean_and_stable(raw: str) -> None:
    text = normalise_text(raw)
    assert normalise_text(text) == text
    assert "\r" not in text and "\t" not in text
    assert not any(ord(c) < 32 and c != "\n" for c in text)
    assert "\n\n\n" not in text and text == text.strip()


@settings(max_examples=60, deadline=None)
@given(TEXT, st.sampled_from(["", "en", "fr-be"]))
def test_properties_literals_survive_every_serialiser(value: str, lang: str) -> None:
    lit = ox.Literal(value, language=lang) if lang else ox.Literal(value)
    triple = ox.Triple(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), lit)
    for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG,
                ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD):
        data = ox.serialize([triple], format=fmt)
        back = [q.object for q in ox.parse(data, format=fmt)]
        assert back == [lit], fmt
    rows = [[lit]]
    for name, writer in SELECT_WRITERS.items():
        body = writer(["v"], rows)
        if name == "json":
            binding = json.loads(body)["results"]["bindings"][0]["v"]
            assert binding["value"] == value and binding.get("xml:lang", "") == lang
        elif name == "xml":  # XML 1.0 cannot carry control characters: they become U+FFFD
            parsed = list(Result.parse(io.BytesIO(body), format="xml"))
            assert str(parsed[0][0]) == re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", value)
        elif name == "tsv":  # cells are N-Triples terms: read them back with an N-Triples parser
            cell = body.decode("utf-8").split("\n")[1]
            (quad,) = ox.parse(f"<urn:s> <urn:p> {cell} .", format=ox.RdfFormat.N_TRIPLES)
            assert quad.object == lit


XSD = "http://www.w3.org/2001/XMLSchema#"


@given(st.sampled_from([("0.0", "decimal"), ("0", "decimal"), ("0", "integer"), ("-5", "integer"),
                        ("1.0E0", "double"), ("0", "double"), ("false", "boolean"), ("0", "boolean"),
                        (".5", "decimal"), ("2024-05-01", "date"), ("007", "integer")]))
def test_properties_typed_literals_keep_their_type_in_every_results_format(case: tuple[str, str]) -> None:
    """"0.0" stays a decimal: written bare in TSV only where Turtle reads it back as the same type."""
    value, local = case
    lit = ox.Literal(value, datatype=ox.NamedNode(XSD + local))
    body = SELECT_WRITERS["tsv"](["v"], [[lit]]).decode("utf-8")
    cell = body.split("\n")[1]
    (quad,) = ox.parse(f"<urn:s> <urn:p> {cell} .", format=ox.RdfFormat.TURTLE)
    assert quad.object == lit, cell
    binding = json.loads(SELECT_WRITERS["json"](["v"], [[lit]]))["results"]["bindings"][0]["v"]
    assert (binding["value"], binding["datatype"]) == (value, XSD + local)
    import xml.etree.ElementTree as ET

    literal = ET.fromstring(SELECT_WRITERS["xml"](["v"], [[lit]])).find(".//{*}literal")
    assert literal is not None and (literal.text, literal.get("datatype")) == (value, XSD + local)
    assert SELECT_WRITERS["csv"](["v"], [[lit]]).decode("utf-8").split("\r\n")[1] == value  # CSV has no types
