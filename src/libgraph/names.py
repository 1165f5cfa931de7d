"""Name normalisation shared by within-article clustering and cross-article resolution."""

from __future__ import annotations

import re
from functools import lru_cache

from .places import Gazetteer
from .text import name_key


def is_acronym(text: str) -> bool:
    """"IFLA", "NLRK", "IFLA/PAC", and abbreviations in mixed case ("KazNU", "NaLiV"): one word, at least
    two capitals, and as many capitals as small letters."""
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if len(letters) < 2 or not text[:1].isupper():
        return False
    return upper >= max(2, len(letters) - 1) or (upper >= 3 and 2 * upper >= len(letters) and " " not in text)


@lru_cache(maxsize=1 << 16)  # a pure function, called for every mention of every name
def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form, without a leading "the" (``text.name_key``)."""
    return name_key(name)


def clean_name(name: str) -> str:
    """Strip a leading article, a trailing possessive and stray punctuation."""
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    name = re.sub(r"['’]s$", "", name).strip(" ,.;:")
    return name


def strip_place_suffix(name: str) -> str:
    """"Cultural Institute in Portugal" -> "Cultural Institute" (a short form of the same name)."""
    return re.sub(r"\s+in\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.-]*)*$", "", name)


def strip_named_after(name: str) -> str:
    """"State Library of Ruritania named after Anna Smith" -> "State Library of Ruritania"."""
    return re.sub(r"\s+named\s+after\s+.+$", "", name)


def place_code(gaz: Gazetteer, text: str) -> str | None:
    country = gaz.country(text)
    if country:
        return country.code
    city = gaz.city(text)
    return f"geonames-{city.geonames_id}" if city else None


def place_variant(gaz: Gazetteer, name: str) -> str | None:
    """One key for both word orders of an institution named by its place.

    "National Library of Azerbaijan" and "Azerbaijan National Library" both give
    ``"national library@AZ"``; "Libraries of Almaty" and "Almaty Libraries" both
    give ``"libraries@geonames-1526384"``.
    """
    name = strip_named_after(name)
    if re.search(r"\s+in\s+(?:the\s+)?[A-Z]", name):
        return None  # "Embassy of Kazakhstan in Azerbaijan": where it is tells it from the others
    m = re.match(r"^(?:the\s+)?(.+?)\s+of\s+(?:the\s+)?(.+)$", name)
    if m:
        code = place_code(gaz, m.group(2))
        if code:
            return f"{normalise_name(m.group(1))}@{code}"
    words = name.split()
    demonym = gaz.country_of_demonym(words[0]) if words else None
    if demonym and len(words) > 1:  # "Slovak National Library"
        return f"{normalise_name(' '.join(words[1:]))}@{demonym.code}"
    for n in range(min(4, len(words) - 1), 0, -1):
        code = place_code(gaz, " ".join(words[:n]))
        if code:
            return f"{normalise_name(' '.join(words[n:]))}@{code}"
    return None
