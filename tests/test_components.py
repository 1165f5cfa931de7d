"""libgraph's spaCy components: their order and contracts, and the inference pass, on sentences written
for these tests (invented names)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from libgraph import ArticleGraph, make_article
from libgraph.nlp.pipeline import COMPONENTS

from .conftest import triples

pytestmark = pytest.mark.slow
Read = Callable[..., ArticleGraph]


def test_components_run_in_order_with_their_requirements_met(nlp: Language) -> None:
    names = nlp.pipe_names
    assert [n for n in names if n.startswith("libgraph_")] == ["libgraph_paragraphs", *COMPONENTS]
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"][name] for name in ("libgraph_paragraphs", *COMPONENTS)), analysis["problems"]
    for name in COMPONENTS:
        meta = nlp.get_pipe_meta(name)
        assert meta.requires and meta.assigns, name


def test_components_write_their_results_on_the_doc(nlp: Language) -> None:
    doc = nlp("Mara Voss, director of the Ostland City Library, visited the Varna University.")
    names = {e.name for e in doc._.lg_entities.values()}
    assert {"Mara Voss", "Ostland City Library", "Varna University"} <= names
    rules = {c.rule for c in doc._.lg_candidates}
    assert {"apposition-post", "visit"} <= rules
    assert {c.rule for c in doc._.lg_facts} <= rules


def test_inference_signatories_stand_for_institutions_named_later(read: Read) -> None:
    """The posts come after the signing: the result does not depend on the order of the sentences."""
    g = read("The agreement was signed by Mara Voss and Ivo Lund. "
             "Mara Voss, director of the Ostland City Library, and Ivo Lund, director of the Varna Public Library, "
             "spoke afterwards.")
    pairs = {frozenset((s, o)) for s, p, o in triples(g) if p == "signedAgreementWith"}
    assert pairs == {frozenset(("Ostland City Library", "Varna Public Library"))}


def test_inference_guests_are_the_visitors(read: Read) -> None:
    g = read("A delegation of the Varna University visited the Ostland City Library in May. "
             "Books were handed over to the Ostland City Library.")
    st = next(s for s in g.statements if s.predicate == "donatedTo")
    assert (g.entities[st.subject].name, g.entities[st.object].name) == ("Varna University", "Ostland City Library")
    assert st.evidence.rule == "donate-to-implied" and st.evidence.confidence == 0.6


def test_inference_keeps_the_earliest_founding_year_and_leaves_the_candidates(nlp: Language) -> None:
    text = "The Ostland City Library was founded in 1921. The Ostland City Library was established in 1890."
    doc = nlp(make_article(text, "t.txt").text)
    stated = sorted(c.object for c in doc._.lg_candidates if c.predicate == "founded")
    kept = [c.object for c in doc._.lg_facts if c.predicate == "founded"]
    assert stated == ["1890", "1921"]  # what the rules read stays as they read it
    assert kept == ["1890"]
