"""The one normaliser of names: how two spellings of a name are compared.

- ``fold``: case, accents and the typographic apostrophe aside ("Bibliothèque" = "BIBLIOTHEQUE");
  what every comparison of names starts from.
- ``name_key``: ``fold``, punctuation and a leading "the" aside too: the form entities are clustered
  and resolved by ("The National Library, Ostland" = "national library ostland").
- ``strip_accents``: only the accents (IRI slugs keep their own case rule).
"""

from __future__ import annotations

import re
import unicodedata

_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the ")


def strip_accents(text: str) -> str:
    """``text`` without combining marks (after NFKD decomposition)."""
    if text.isascii():  # ASCII is its own NFKD form, without combining marks
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form."""
    return strip_accents(text.replace("’", "'")).casefold()


def name_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form, spaces collapsed, without a leading "the"."""
    folded = _SPACES.sub(" ", _PUNCTUATION.sub(" ", fold(text))).strip()
    return _LEADING_THE.sub("", folded)
