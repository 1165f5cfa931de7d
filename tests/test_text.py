"""The one normaliser of names, and that every stage compares names with it."""

from __future__ import annotations

import pytest

from libgraph.names import normalise_name
from libgraph.places import _fold_text
from libgraph.text import fold, name_key, strip_accents
from libgraph.vocab import slug


@pytest.mark.parametrize(("a", "b"), [
    ("Bibliothèque Nationale d’Ostland", "BIBLIOTHEQUE NATIONALE D'OSTLAND"),
    ("Straße", "STRASSE"),
])
def test_fold_sets_case_accents_and_apostrophes_aside(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_name_key_sets_punctuation_spaces_and_a_leading_the_aside_too() -> None:
    assert name_key("The National Library,  Ostland") == name_key("national library ostland") \
        == "national library ostland"
    assert name_key("Theodor Vale Library") == "theodor vale library"  # "the" only as a word
    assert name_key("Vesper-Archive") != name_key("Vesper Archives")


def test_the_stages_use_it() -> None:
    name = "The Bibliothèque d’Ostland"
    assert normalise_name(name) == name_key(name) == "bibliotheque d ostland"
    assert _fold_text(name) == "bibliotheque d'ostland"  # places keep punctuation ("Saint-Denis")
    assert slug(name) == "the-bibliotheque-d-ostland"
    assert strip_accents("Łódź") == "Łodz"  # Ł is a letter of its own, not L with a mark
