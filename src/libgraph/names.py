"""Name normalisation shared by within-article clustering and cross-article resolution."""

from __future__ import annotations

import re
from functools import lru_cache

from .places import Country, Gazetteer
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


_EPONYM_FIRST = re.compile(r"^[A-Z]\.(?:\s+[A-Z]\.)?\s+([A-Z][\w'’-]+)\s+(?=[A-Z])")
# words that open an institution's name, not a surname ("A. National Library" is no eponym)
_NAME_OPENERS = frozenset({"national", "state", "regional", "central", "city", "public", "republican", "royal",
                           "university", "library", "municipal", "scientific", "academic", "presidential"})


def strip_named_after(name: str) -> str:
    """"State Library of Ruritania named after Anna Smith" -> "State Library of Ruritania"; the eponym
    given first with initials, "I. Kotliarevsky Poltava Regional Library" -> "Poltava Regional Library"."""
    name = re.sub(r"\s+named\s+after\s+.+$", "", name)
    m = _EPONYM_FIRST.match(name)
    return name[m.end() :] if m and m.group(1).casefold() not in _NAME_OPENERS else name


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
    owner, sep, rest = name.partition("'s ")
    if sep and len(rest.split()) >= 2 and (code := place_code(gaz, owner)):
        return f"{normalise_name(rest)}@{code}"  # "Peru's National Library"
    # "National Library of the Republic of Kazakhstan", "Ministry of Culture of Peru": the first "of" whose
    # complement is a place
    for m in re.finditer(r"\s+of\s+(?:the\s+)?", name):
        code = place_code(gaz, name[m.end():])
        if code:
            return f"{normalise_name(name[: m.start()])}@{code}"  # (normalise_name drops a leading "the")
    words = name.split()
    demonym = gaz.country_of_demonym(words[0]) if words else None
    if demonym and len(words) > 1:  # "Slovak National Library"
        return f"{normalise_name(' '.join(words[1:]))}@{demonym.code}"
    for n in range(min(4, len(words) - 1), 0, -1):
        code = place_code(gaz, " ".join(words[:n]))
        if code:
            return f"{normalise_name(' '.join(words[n:]))}@{code}"
    return None


# a mission named by the country it is of, and where it is when the name says so
_MISSION = re.compile(r"^(?:the\s+)?(embassy|consulate(?:\s+general)?|consulate-general)\s+of\s+(?:the\s+)?(.+?)"
                      r"(?:\s+in\s+(?:the\s+)?(.+))?$", re.IGNORECASE)
_MISSION_DEMONYM = re.compile(r"^(?:the\s+)?(\S+)\s+(embassy|consulate(?:\s+general)?|consulate-general)"
                              r"(?:\s+in\s+(?:the\s+)?(.+))?$", re.IGNORECASE)


def _mission(gaz: Gazetteer, name: str) -> tuple[str, Country, str | None] | None:
    """``(kind, sending country, host or None)`` of a mission's name: kind "embassy" or "consulate"."""
    m = _MISSION.match(name)
    if m:
        kind, sender, host = m.group(1), gaz.country(m.group(2)), m.group(3)
    else:
        m = _MISSION_DEMONYM.match(name)
        if not m:
            return None
        kind, sender, host = m.group(2), gaz.country_of_demonym(m.group(1)), m.group(3)
    if sender is None:
        return None
    return ("embassy" if kind.lower() == "embassy" else "consulate"), sender, host


def sender_key(gaz: Gazetteer, name: str) -> str | None:
    """The country a mission is of, with or without its host: "the Iranian Embassy", "Embassy of the
    Islamic Republic of Iran" and "Embassy of Iran in Tajikistan" all give ``embassy-of:IR`` (one article
    speaks of one embassy of a country)."""
    mission = _mission(gaz, name)
    return f"{mission[0]}-of:{mission[1].code}" if mission else None


def mission_key(gaz: Gazetteer, name: str) -> str | None:
    """One key for the ways of naming a country's mission in another: "Embassy of Chile in Peru",
    "Embassy of the Republic of Chile in Lima" and "the Chilean Embassy in Lima" are one embassy (a
    country has one embassy in a country: the host city is read as its country); a consulate is one
    per city."""
    mission = _mission(gaz, name)
    if mission is None:
        return None
    kind, sender, host = mission
    if host is None:
        return None
    country, city = gaz.country(host), gaz.city(host)
    if kind == "embassy":
        code = country.code if country else city.country_code if city else None
        return f"embassy:{sender.code}>{code}" if code else None
    return f"consulate:{sender.code}>{city.geonames_id}" if city else None
