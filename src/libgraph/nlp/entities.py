"""The ``libgraph_entities`` component: typed entity mentions for this genre.

It combines the statistical NER with rules for what NER gets wrong in news
about libraries:

* institution names read as chains of capitalised segments joined by
  ``of``/``for``/``and``/``in <place>``/``named after`` and typed by their head
  noun ("National Library of the Slovak Republic named after J. Kollar");
  leading posts and group nouns are cut ("Director of Libraries of Almaty");
* abbreviations introduced in parentheses ("... System (CLS) of Almaty");
* titles of events in quotes, typed by the event noun around them;
* countries and cities from offline gazetteers, linked to ISO 3166 and GeoNames;
* persons with honorifics and posts stripped, and persons mistyped as
  organisations;
* plural heads distributed over a list ("national libraries of China, Iran
  and Korea" gives three libraries).

Contract: writes ``doc.spans["libgraph"]`` (labels are entity types; spans may
nest) and ``doc._.lg_name_relations`` (relations a name states about its parts:
``(outer_key, predicate, inner_key, rule)``; keys are ``(start, end, label)``).
``doc._.lg_meta`` maps each span key to a :class:`SpanMeta` (the proper name,
abbreviation, external identifiers); read it with :func:`meta`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..names import is_acronym
from ..places import CONTINENTS, Gazetteer, default_gazetteer
from .lexicon import (
    BODY_MODIFIERS,
    BRANCH_HEADS,
    DIPLOMATIC_HEADS,
    EVENT_HEADS,
    EVENT_NOUNS,
    GENERIC_NAME_WORDS,
    HEAD_FIRST_CONNECTORS,
    HEAD_FIRST_NOUNS,
    HONORIFICS,
    LIBRARY_HEADS,
    LIBRARY_SYSTEM_HEADS,
    MEETING_HEADS,
    MONTH_WORDS,
    NAMED_ROOM_HEADS,
    NON_NAME_STARTERS,
    NON_ORG_ACRONYMS,
    ORDINAL_WORDS,
    ORGANIZATION_HEADS,
    PEOPLE_PLURALS,
    PLACE_CATEGORY_PLURALS,
    PLACE_SUFFIXES,
    QUOTE_CHARS,
    ROLE_NOUNS,
    ROOM_USES,
    SEASON_WORDS,
    SEASONAL_EVENT_HEADS,
    TITLE_WORDS,
    WORK_NOUNS,
)

SPAN_KEY = "libgraph"
ROMAN_NUMERAL = re.compile(r"[IVXLCDM]+")
# words before a city name that say it is a place
NUMBER_SIGNS = frozenset({"no", "nr", "№"})  # "School No. 5"
# particles inside a person's name ("Hind bint Hamad Al Thani", "Pedr ap Llwyd", "Jan van der Berg")
NAME_PARTICLES = frozenset({"bin", "bint", "ibn", "ben", "ap", "van", "von", "der", "den", "de", "da", "del", "di",
                            "du", "dos", "das", "al", "el", "ter"})
# heads that end an institution's whole name, so that "and" after them starts another ("the X Library and
# School No. 7"); not "Radio", "Press" or "Archives", which a longer name goes on from ("X Radio and Television
# Corporation")
SELF_STANDING_HEADS = LIBRARY_HEADS | frozenset({"university", "school", "museum", "institute", "academy", "college",
                                                 "ministry", "foundation", "society", "gymnasium", "lyceum",
                                                 "embassy", "consulate", "theatre", "theater", "hospital"})
# verbs whose quoted object is an event's title ('launched "Reading Together"'; not "presented", "published")
TITLE_TAKING_VERBS = frozenset({"launch", "organize", "organise", "host", "hold", "stage", "implement", "initiate",
                                "co-organize", "co-organise", "run"})
# units named after what they are about: the place opening their name is their theme ("the Korea Corner")
THEMED_UNIT_HEADS = frozenset({"corner", "corners", "shelf", "room", "rooms", "space", "hall", "cabinet", "section"})
# nouns of an apposition that say a name is an event's ("X Partnership, a programme launched by ...")
DESCRIBED_EVENT_NOUNS = frozenset({"programme", "program", "project", "initiative", "campaign", "festival",
                                   "exhibition", "competition", "contest", "series", "conference", "forum"})
PLACE_CONTEXT = frozenset({"in", "to", "from", "of", "at", "near", "capital", "visited", "toured", "across",
                           "throughout", "around", "outside", "within", "into", "towards", "toward", "via"})
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
# units of an institution named after the city they are in: "the Jakarta office of X"
CITY_OFFICE_NOUNS = frozenset({"office", "branch", "bureau", "representation", "campus", "centre", "center"})
POST_TITLE_WORDS = TITLE_WORDS - {"national", "first", "senior", "leading"}  # the words of a post before a name
PROJECT_NOUNS = frozenset({"project", "programme", "program", "initiative", "campaign"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their"})
YEAR = re.compile(r"(?:1[89]|20)\d\d")
INITIALS = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]?\.?|[A-Z]\.[A-Z]")  # "G.K.", "O.I", "R.A"
# words that make a meeting's name an event's, not a body's ("the Annual Conference of X" meets once a year;
# "the Conference of European National Librarians" is an organisation)
MEETING_MODIFIERS = frozenset({"annual", "scientific", "practical", "scientific-practical", "jubilee", "biennial",
                               "triennial", "anniversary", "youth", "summer", "winter", "spring", "autumn"})
# words that introduce a title ("a project called Libraries Without Borders")
TITLE_VERBS = frozenset({"called", "titled", "entitled", "named", "dubbed"})
# nouns a title follows without quotes ("the campaign Read Ukrainian")
TITLED_NOUNS = frozenset({"project", "campaign", "programme", "program", "initiative", "exhibition", "festival",
                          "contest", "competition", "marathon", "exposition"})
# small words inside titles ("Libraries Without Borders" is capitalised throughout, "Treasures of Tarvo" not)
TITLE_SMALL_WORDS = frozenset({"of", "the", "and", "in", "for", "on", "to", "a", "an", "from", "at", "with",
                               "without", "through", "between", "by", "&"})
SpanKey = tuple[int, int, str]
PlaceHit = tuple[int, int, str, str, dict[str, str]]  # start, end, label, name, external ids


def is_event_noun(tok: Token) -> bool:
    """A noun that names a kind of event ("exhibition", "festival", "round table")."""
    if tok.lower_ in EVENT_NOUNS or tok.lemma_.lower() in EVENT_NOUNS:
        return True
    return tok.lower_ == "table" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "round"


class Words:
    """A document's token strings, read once: looking places up at every token through ``Span`` and
    ``Token`` objects costs more than the look-ups."""

    def __init__(self, doc: Doc) -> None:
        self.text = [t.text for t in doc]
        self.lower = [t.lower_ for t in doc]
        self.space = [t.whitespace_ for t in doc]

    def span(self, start: int, end: int) -> str:
        """What ``doc[start:end].text`` is."""
        if end - start <= 1:
            return self.text[start] if end > start else ""
        return "".join(self.text[k] + self.space[k] for k in range(start, end - 1)) + self.text[end - 1]


for _name in ("lg_name_relations", "lg_meta"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass
class SpanMeta:
    """What the recogniser knows of a span beyond its label."""

    name: str
    abbr: str | None = None
    ext: dict[str, str] = field(default_factory=dict)
    title_introduced: bool = False
    aliases: list[str] = field(default_factory=list)


def meta(span: Span) -> SpanMeta:
    """The recogniser's record for a span of ``doc.spans["libgraph"]``."""
    info: dict[SpanKey, SpanMeta] = span.doc._.lg_meta or {}
    return info.get(key(span)) or SpanMeta(span.text)

CONNECTORS: tuple[tuple[str, ...], ...] = (
    ("named", "after"), ("of", "the"), ("for", "the"), ("in", "the"), ("on", "the"),
    ("of",), ("for",), ("in",), ("on",), ("and",), ("&",),
)


# a town smaller than this whose name opens an institution's name before a surname is a given name
SMALL_TOWN = 50_000


def key(span: Span) -> SpanKey:
    return (span.start, span.end, span.label_)


@dataclass
class Chain:
    """A run of capitalised segments and the connectors between them."""

    segments: list[list[int]] = field(default_factory=list)  # token indices
    connectors: list[tuple[str, ...]] = field(default_factory=list)  # connectors[i] precedes segments[i+1]
    abbr: dict[int, str] = field(default_factory=dict)  # segment index -> abbreviation after it
    abbr_tokens: set[int] = field(default_factory=set)
    person: tuple[int, int] | None = None  # a person named right after the name ("... Library Director X")


class EntityRecognizer:
    def __init__(self, gazetteer: Gazetteer, adjectives: frozenset[str] = frozenset(),
                 nouns: frozenset[str] = frozenset(), verbs: frozenset[str] = frozenset()) -> None:
        self.gaz = gazetteer
        # English adjectives and nouns (the pipeline's lemmatizer tables): "Young" opening "the Young Readers
        # Programme" is a word of the name, not the town of Young; "Head of Digital Services" is a post
        self.adjectives = adjectives
        self.common_words = adjectives | nouns
        self.verbs = verbs  # "Reading" in "the Reading Festival Days" is the gerund of "read", not the town

    # ------------------------------------------------------------ tokens --
    def is_name_token(self, tok: Token) -> bool:
        text = tok.text
        if not text[:1].isupper() or not any(c.isalpha() for c in text):
            return False
        if text.lower().rstrip(".") in MONTH_WORDS:
            return False
        if tok.lower_ in NON_NAME_STARTERS and (tok.is_sent_start or tok.pos_ not in {"PROPN"}):
            return False
        if tok.is_sent_start or (tok.i > 0 and tok.nbor(-1).text in QUOTE_CHARS | {"(", ":", "—", "-"}):
            # a capitalised sentence-initial common noun or verb is not a name
            return tok.pos_ == "PROPN" or tok.lower_ in ORGANIZATION_HEADS or is_acronym(text)
        return True

    def _joiner(self, doc: Doc, i: int) -> bool:
        """``-``, ``/``, ``&`` or a possessive between two name tokens inside one name."""
        tok = doc[i]
        if i + 1 >= len(doc) or i == 0:
            return False
        prev, nxt = doc[i - 1], doc[i + 1]
        if tok.text in {"-", "/", "–"} and not prev.whitespace_ and not tok.whitespace_:
            return self.is_name_token(nxt) or nxt.text[:1].isdigit()
        if tok.text in {"'", "’"} and not prev.whitespace_ and prev.lower_.endswith("s") and prev.text[:1].isupper() \
                and self.is_name_token(nxt) and not is_acronym(prev.text):
            return True  # "Writers' Union", "Teachers' College"
        if tok.lower_ == "and" and prev.lower_ in {"'s", "’s"} and i >= 2 and self._joiner(doc, i - 1) and \
                self.is_name_token(nxt):
            return True  # "the Republican Children's and Youth Library"
        if tok.lower_ in {"'s", "’s"} and (self.is_name_token(nxt) or (
                nxt.lower_ == "and" and i + 2 < len(doc) and self.is_name_token(doc[i + 2]))):
            # "Children's Literature" joins; "IFLA's Section", "Japan's library" are possessors
            return not (is_acronym(prev.text) or self.gaz.country(prev.text) or self.gaz.city(prev.text)
                        or prev.lower_ in ORGANIZATION_HEADS | LIBRARY_HEADS)
        return False

    def _segment(self, doc: Doc, i: int, end: int) -> list[int]:
        seg: list[int] = []
        while i < end:
            if self.is_name_token(doc[i]) or (seg and doc[i].text[:1].isdigit() and not doc[i].like_num
                                              and doc[i - 1].text in {"-", "/"}) or (seg and self._joiner(doc, i)) \
                    or (seg and YEAR.fullmatch(doc[i].text) and self._year_in_name(doc, i, end)):
                seg.append(i)
                i += 1
            else:
                break
        return seg

    def _year_in_name(self, doc: Doc, i: int, end: int) -> bool:
        """A year inside a meeting's name ("the IASA 2023 Annual Conference") or closing it ("the Baltic
        Library Conference 2023")."""
        if i + 1 < end and self.is_name_token(doc[i + 1]):
            rest = [t for t in doc[i + 1 : end]]
            last = next((k for k, t in enumerate(rest) if not self.is_name_token(t)), len(rest))
            return bool(last) and rest[last - 1].lower_ in MEETING_HEADS | EVENT_HEADS
        return doc[i - 1].lower_ in MEETING_HEADS | EVENT_HEADS

    def chain_at(self, doc: Doc, i: int, end: int, words: Words | None = None) -> Chain | None:
        seg = self._segment(doc, i, end)
        if not seg:
            return None
        chain = Chain(segments=[seg])
        j = seg[-1] + 1
        while j < end:
            # "(ABBR)" right after a segment
            if doc[j].text == "(" and j + 2 < end and doc[j + 2].text == ")" and is_acronym(doc[j + 1].text):
                chain.abbr[len(chain.segments) - 1] = doc[j + 1].text
                chain.abbr_tokens.update({j, j + 1, j + 2})
                j += 3
                continue
            lower = words.lower if words is not None else [t.lower_ for t in doc[j : j + 2]]
            base = 0 if words is not None else j
            for conn in CONNECTORS:
                n = len(conn)
                if tuple(lower[j - base : j - base + n]) != conn or j + n >= end:
                    continue
                nxt = self._segment(doc, j + n, end)
                whole = nxt
                if conn[0] in {"of", "in"}:
                    nxt = self._without_trailing_person(doc, nxt)
                if not nxt or not self._accept_connector(doc, chain, conn, nxt):
                    continue
                if len(nxt) < len(whole):  # the person the post before the name belongs to closes the chain
                    chain.person = (whole[len(nxt)], whole[-1] + 1)
                if j - 1 in chain.abbr_tokens and not self._place(doc[nxt[0] : nxt[-1] + 1].text):
                    continue  # "Board (NPLB) of the Ministry": the abbreviation closed the name
                chain.connectors.append(conn)
                chain.segments.append(nxt)
                j = nxt[-1] + 1
                break
            else:
                break
        # "Ostland Library Director," / "Ostland Library Head of Digital Services": the name ends at its head
        # noun and the post follows it
        heads = ORGANIZATION_HEADS | LIBRARY_HEADS
        for k, seg in enumerate(chain.segments):
            cut = next((n for n in range(1, len(seg)) if doc[seg[n - 1]].lower_ in heads and
                        doc[seg[n]].lower_.rstrip(".") in ROLE_NOUNS and
                        all(doc[t].lower_.rstrip(".") in POST_TITLE_WORDS for t in seg[n:])), None)
            if cut is not None:
                chain.segments = [*chain.segments[:k], seg[:cut]]
                chain.connectors = chain.connectors[:k]
                chain.abbr = {i: a for i, a in chain.abbr.items() if i <= k}
                break
        post_before = self._is_post(doc, chain.segments[0]) and len(chain.segments) > 1
        for k, seg in enumerate(chain.segments):
            cut = self._person_after_head(doc, seg, post_before=post_before and k > 0)
            if cut < len(seg):  # the name ends there; what follows is the person (and the chain is cut)
                chain.segments = [*chain.segments[:k], seg[:cut]]
                chain.connectors = chain.connectors[:k]
                chain.abbr = {i: a for i, a in chain.abbr.items() if i <= k}
                rest = [t for t in seg[cut:] if doc[t].lower_.rstrip(".") not in POST_TITLE_WORDS]
                chain.person = (rest[0], rest[-1] + 1)
                break
        return chain

    def _first_named(self, doc: Doc, chain: Chain) -> int | None:
        """The chain's first segment with a head noun that is not a post: where its institution begins."""
        return next((k for k, s in enumerate(chain.segments) if self.head_type(doc, s) and not self._is_post(doc, s)),
                    None)

    def _post_complement(self, doc: Doc, chain: Chain) -> list[int]:
        """The tokens of "Head of Digital Services", "Director of Public Relations" that follow the post:
        common words right after a post and "of", without an article, say what the post is about and name
        no institution (a named unit takes the article: "Head of the Rare Books Department"); else none."""
        start = self._first_named(doc, chain)
        if start is None or not self.common_words:
            return []
        first = chain.segments[start][0]
        if first < 2 or doc[first - 1].lower_ != "of":
            return []
        post = doc[first - 2].lower_.rstrip(".")
        if post == "general" and first >= 3:  # "Director General of Public Services"
            post = doc[first - 3].lower_.rstrip(".")
        if post not in ROLE_NOUNS:
            return []
        flat = [t for seg in chain.segments[start:] for t in seg]
        common = all(doc[t].lower_ in self.common_words and not self._place(doc[t].text) and
                     not is_acronym(doc[t].text) for t in flat)
        return flat if common else []

    @staticmethod
    def _names_only_a_project(doc: Doc, flat: list[int], noun: Token) -> bool:
        """"the Digital Library of Ostland project": a name with an institution's head noun is the
        project's when a project noun follows it and the article never names it alone."""
        if noun.lemma_.lower() not in PROJECT_NOUNS or len(flat) < 2 or is_acronym(doc[flat[-1]].text):
            return False  # ("the Committee for the UNESCO program": the acronym is the programme's owner)
        words = [t.lower_ for t in doc[flat[0] : flat[-1] + 1]]
        n = len(words)
        for i in range(len(doc) - n + 1):
            if i == flat[0] or [t.lower_ for t in doc[i : i + n]] != words:
                continue
            after = doc[i + n] if i + n < len(doc) else None
            if after is None or after.lemma_.lower() not in EVENT_NOUNS:
                return False  # named alone elsewhere: an institution
        return True

    def _person_after_head(self, doc: Doc, seg: list[int], post_before: bool) -> int:
        """Where a name ends when a person follows its head noun: "Rector of the Tarvo University Ivo Lund",
        "the Ostland Library Director Mara Voss". The person is told by the tagger, by a post between, or
        by a post the chain began with."""
        heads = ORGANIZATION_HEADS | LIBRARY_HEADS
        for n in range(1, len(seg) - 1):
            if doc[seg[n - 1]].lower_ not in heads:
                continue
            k = n
            while k < len(seg) and doc[seg[k]].lower_.rstrip(".") in POST_TITLE_WORDS:
                k += 1
            rest = seg[k:]
            if not (1 < len(rest) <= 3 and all(doc[t].is_title and doc[t].is_alpha and doc[t].lower_ not in heads
                                               | POST_TITLE_WORDS for t in rest)):
                continue
            if self._place(doc[rest[0] : rest[-1] + 1].text) or self._place(doc[rest[0]].text):
                continue
            if k > n or post_before or any(doc[t].ent_type_ == "PERSON" for t in rest):
                return n
        return len(seg)

    def _without_trailing_person(self, doc: Doc, seg: list[int]) -> list[int]:
        """"Director of the National Library of Ostland Mara Voss": the place closes the name, the
        person the post belongs to follows it."""
        for n in range(1, len(seg)):
            rest = seg[n:]
            place = self._place(doc[seg[0] : seg[n - 1] + 1].text)
            if place and (place[0] == "Country" or doc[seg[0]].ent_type_ == "GPE") and \
                    (all(doc[k].ent_type_ == "PERSON" for k in rest) or self._personal_name(doc, rest)):
                return seg[:n]
        return seg

    def _personal_name(self, doc: Doc, toks: list[int], *, strict: bool = True) -> bool:
        """Two or three capitalised words none of which is an English word (``strict``), a head noun, a
        title or a place ("Elena Pintilei"), however the tagger labelled them; a given name may be a town's
        other spelling ("Ivo")."""
        heads = ORGANIZATION_HEADS | LIBRARY_HEADS | EVENT_HEADS | TITLE_WORDS
        return 2 <= len(toks) <= 3 and all(
            doc[k].pos_ == "PROPN" and doc[k].is_title and doc[k].is_alpha and doc[k].lower_ not in heads
            and not (strict and doc[k].lower_ in self.common_words) and not (
                self._place(doc[k].text) and (k != toks[0] or self._city_named(doc[k].text)
                                              or self.gaz.country(doc[k].text))) for k in toks)

    def _accept_connector(self, doc: Doc, chain: Chain, conn: tuple[str, ...], nxt: list[int]) -> bool:
        text = doc[nxt[0] : nxt[-1] + 1].text
        if conn[0] == "in":
            # "Goethe Institute in Tarvo", "Embassy of Ostland in Varna": a branch abroad is named by where it
            # is; "the Ostland City Library in Varna" is the library and where it stands (split off)
            head = self.head_word(doc, chain.segments[0])  # the name's head noun: "Embassy of X in Y"
            branch = head in BRANCH_HEADS | EVENT_HEADS
            if text.lower() in CONTINENTS and self.head_type(doc, chain.segments[0]):
                return True  # "the Conference of Directors of National Libraries in Asia and Oceania": no place
            return branch and bool(self.gaz.country(text) or self.gaz.city(text))
        if conn[0] in {"and", "&"}:
            left = chain.segments[-1]
            if not chain.connectors and len(left) > 1 and len(nxt) > 1 and \
                    self.head_word(doc, left) in SELF_STANDING_HEADS and \
                    {self.head_type(doc, left), self.head_type(doc, nxt)} <= {"Library", "Organization"}:
                # two whole institutions' names, however the tagger spans them ("the X Library and School No.
                # 7"); not a congress's coordinated modifiers ("World Library and Information Congress")
                return False
            # one NER entity across the "and" ("Library Associations and Institutions")
            ent_left, ent_right = doc[left[-1]].ent_iob_, doc[nxt[0]].ent_iob_
            if doc[left[-1]].ent_type_ and ent_right == "I" and ent_left in {"B", "I"} and \
                    doc[left[-1]].ent_type_ != "PERSON":
                return True
            heads = ORGANIZATION_HEADS | LIBRARY_HEADS
            if len(left) == 1 and doc[left[0]].lower_ in heads and doc[nxt[0]].lower_ in heads and len(nxt) > 1:
                return True  # "Library and Archives Norway"
            if not chain.connectors and self.head_type(doc, left) is None and self.head_type(doc, nxt) and \
                    len(nxt) > 1 and not self._place(doc[left[0] : left[-1] + 1].text) and not any(
                    doc[k].ent_type_ in {"PERSON", "GPE"} or is_acronym(doc[k].text) or self._place(doc[k].text)
                    for k in left):
                return True  # "International Scientific and Practical Conference": coordinated modifiers
            if chain.connectors and chain.connectors[-1][0] == "in" and text.lower() in CONTINENTS and \
                    doc[chain.segments[-1][0]].text.lower() in CONTINENTS:
                return True  # "... in Asia and Oceania"
            inside = bool(chain.connectors) and chain.connectors[-1][0] in {"of", "for", "on"}
            right_head = doc[nxt[-1]].lower_
            # (not a person or a post: "Mara Voss of the X Library and Tom Reed of", "and Director of")
            return inside and right_head not in ORGANIZATION_HEADS | LIBRARY_HEADS and len(nxt) <= 2 and \
                not self.gaz.country(text) and not any(doc[k].ent_type_ == "PERSON" for k in nxt) and \
                doc[nxt[0]].lower_.rstrip(".") not in ROLE_NOUNS
        return True

    # ------------------------------------------------------ institutions --
    @staticmethod
    def head_word(doc: Doc, seg: list[int]) -> str:
        """A segment's head noun, lower-cased: its last word, or the one before a postposed "General"
        ("Consulate General", "Directorate General")."""
        head = doc[seg[-1]].lower_.rstrip(".")
        if (head in NUMBER_SIGNS or YEAR.fullmatch(head)) and len(seg) > 1:  # "School No. 5", "Conference 2023"
            return doc[seg[-2]].lower_
        if head == "general" and len(seg) > 1:
            return doc[seg[-2]].lower_
        return head

    def head_type(self, doc: Doc, seg: list[int]) -> str | None:
        if len(seg) > 2 and self._place(doc[seg[-1]].text) and doc[seg[-2]].lower_ in ORGANIZATION_HEADS | \
                LIBRARY_HEADS:
            seg = seg[:-1]  # "Harbour Media Library Galway": a place after the head noun
        head = self.head_word(doc, seg)
        words = {doc[k].lower_ for k in seg}
        if head in LIBRARY_HEADS:
            return "Library"
        if head in LIBRARY_SYSTEM_HEADS and words & {"library", "libraries"}:
            return "Library"
        if head in SEASONAL_EVENT_HEADS and len(seg) > 1 and doc[seg[-2]].lower_ in SEASON_WORDS:
            return "Event"  # "the Tarvo Summer School for young librarians" is held, not an institution
        if head in EVENT_HEADS:
            if head == "year" and "new" in words:
                return None  # the New Year is a holiday, not an event
            return "Event"
        if head in NAMED_ROOM_HEADS:
            # a room is an institution's unit when a people or a name says whose it is ("the Polish Reading
            # Room", "the Karlsson Room"), not when its use does ("Conference Room 1", "the Reading Room")
            mods = [doc[k] for k in seg if doc[k].lower_ not in NAMED_ROOM_HEADS | ROOM_USES]
            named = any(self.gaz.country_of_demonym(t.text) or (t.pos_ == "PROPN" and not t.is_lower
                                                               and t.lower_ not in self.common_words) for t in mods)
            # "its Rare Books Room", "the library's Rare Books Room": a unit its owner is said to have
            owned = len(seg) > 1 and seg[0] > 0 and doc[seg[0] - 1].lower_ in {"its", "their", "'s", "’s"}
            return "Organization" if named or owned else None
        if head in ORGANIZATION_HEADS:
            return "Organization"
        return None

    def institutions(self, doc: Doc, chain: Chain) -> list[tuple[int, int, str, str, str | None, list[int]]]:
        """``(first seg, last seg, type, name, abbr, tokens)`` for the institution(s) in a chain."""
        segs = chain.segments
        start = self._first_named(doc, chain)
        if start is None:
            return []
        if start > 0 and ((self.head_type(doc, segs[start]) == "Event" and all(
                conn[0] in {"of", "for"} for conn in chain.connectors[:start])) or all(
                conn[0] in {"and", "&"} for conn in chain.connectors[:start])) and not any(
                self._place(doc[s[0] : s[-1] + 1].text) or any(doc[k].lower_.rstrip(".") in TITLE_WORDS for k in s)
                for s in segs[:start]):
            named_by = start
            start = 0  # "Memory of the World Programme": the words before the head are the event's name
        else:
            named_by = start
        # a leading post or group noun on the same segment: "Deputy Director Nakamura" has no head;
        # "Ambassador ... of the Embassy" starts at the head segment.
        end = len(segs) - 1
        # a final segment that only modifies a lower-case noun ("the UNESCO program") is not part of the name
        last_tok = doc[segs[end][-1]]
        if end > start and last_tok.i + 1 < len(doc) and doc[last_tok.i + 1].pos_ == "NOUN" and \
                doc[last_tok.i + 1].is_lower and last_tok.head.i == last_tok.i + 1:
            end -= 1  # ("the National Library of Uzbekistan today holds": "today" is no noun it modifies)
        # "A and B" where the chain joined two complete names is split at "and"
        tokens: list[int] = []
        for k in range(start, end + 1):
            if k > start:
                conn_tokens = self._connector_tokens(doc, segs[k - 1][-1], segs[k][0], chain)
                tokens.extend(conn_tokens)
            tokens.extend(segs[k])
        first_seg = segs[start]
        # strip a post or leading title words inside the first segment ("Deputy Director ...")
        # ("General Directorate" keeps its adjective: only posts and honorifics are cut)
        while len(first_seg) > 1 and doc[first_seg[0]].lower_.rstrip(".") in ROLE_NOUNS | HONORIFICS and \
                doc[first_seg[0]].lower_ not in ORGANIZATION_HEADS and not (
                    doc[first_seg[0]].lower_ in BODY_MODIFIERS and doc[first_seg[1]].lower_ in ORGANIZATION_HEADS):
            tokens.remove(first_seg[0])
            first_seg = first_seg[1:]
        # in "World Library and Information Congress" the last conjunct names the kind of thing
        head_seg = start
        while head_seg < end and chain.connectors[head_seg][0] in {"and", "&"}:
            head_seg += 1
        etype = self.head_type(doc, segs[head_seg]) or self.head_type(doc, segs[named_by]) or "Organization"
        meeting = self.head_word(doc, segs[head_seg]) in MEETING_HEADS | {"seminar", "workshop", "conferences"}
        if meeting and etype == "Organization" and (
                (head_seg < end and chain.connectors[head_seg][0] in {"on", "about"})  # "Conference on X"
                # "the Annual Conference of X", "the International Scientific Conference", "the First Forum"
                or any(doc[t].lower_ in MEETING_MODIFIERS | ORDINAL_WORDS for t in segs[head_seg])
                or YEAR.fullmatch(doc[segs[end][-1]].text)  # "Library Conference 2024"
                or (segs[start][0] > 0 and ORDINAL.fullmatch(doc[segs[start][0] - 1].lower_))):
            etype = "Event"
        name = self._text(doc, tokens)
        abbr = next((chain.abbr[k] for k in range(start, end + 1) if k in chain.abbr), None)
        return [(start, end, etype, name, abbr, tokens)]

    def _is_post(self, doc: Doc, seg: list[int]) -> bool:
        return all(doc[k].lower_.rstrip(".") in TITLE_WORDS for k in seg)

    def _connector_tokens(self, doc: Doc, a: int, b: int, chain: Chain) -> list[int]:
        return [k for k in range(a + 1, b) if k not in chain.abbr_tokens]

    @staticmethod
    def _text(doc: Doc, tokens: list[int]) -> str:
        out = ""
        for n, k in enumerate(tokens):
            tok = doc[k]
            out += tok.text
            if n + 1 < len(tokens):
                nxt = tokens[n + 1]
                out += tok.whitespace_ if nxt == k + 1 else " "
        return out.strip()

    # ----------------------------------------------------------- the run --
    def __call__(self, doc: Doc) -> Doc:
        found: dict[SpanKey, Span] = {}
        info: dict[SpanKey, SpanMeta] = {}
        relations: list[tuple[SpanKey, str, SpanKey, str]] = []

        def add(start: int, end: int, label: str, name: str | None = None, abbr: str | None = None,
                ext: dict[str, str] | None = None) -> Span:
            if label in {"Organization", "Library"} and end + 1 < len(doc) and doc[end - 1].lower_ in NUMBER_SIGNS \
                    and doc[end].text == "." and doc[end + 1].like_num:
                # "School No. 5": the number is the name's (the tokenizer cut "No" from its full stop)
                end += 2
                name = f"{name or doc[start:end - 2].text}. {doc[end - 1].text}"
            span = Span(doc, start, end, label=label)
            k = key(span)
            if k in found:
                if abbr and not info[k].abbr:
                    info[k].abbr = abbr
                return found[k]
            info[k] = SpanMeta(name or span.text, abbr, dict(ext or {}))
            found[k] = span
            return span

        quoted = self._quotes(doc)
        in_quotes: set[int] = set()
        for qs, qe in quoted:
            in_quotes.update(range(qs, qe))

        # places from the gazetteers (not inside quoted titles)
        words = Words(doc)
        for sent in doc.sents:
            i = sent.start
            place_end = -1
            while i < sent.end:
                listed = place_end == i - 1 and words.lower[i - 1] in {"and", "or", ",", "&"}  # "Riga and Tartu"
                hit = self._place_at(doc, i, sent.end, in_quotes, words, listed=listed)
                if hit:
                    s, e, label, name, ext = hit
                    add(s, e, label, name, ext=ext)
                    i = e
                    place_end = e
                else:
                    i += 1

        # institution chains
        taken: set[int] = set()
        post_words: set[int] = set()  # "Head of Digital Services": words of a post, not a name
        for sent in doc.sents:
            i = sent.start
            while i < sent.end:
                if i in taken or not self.is_name_token(doc[i]):
                    i += 1
                    continue
                chain = self.chain_at(doc, i, sent.end, words)
                if chain is None:
                    i += 1
                    continue
                last = chain.segments[-1][-1]
                # a title followed by a lower-case event noun: the "Maps of the Sea" exhibition
                nxt_tok = doc[last + 1] if last + 1 < len(doc) else None
                if nxt_tok is not None and nxt_tok.is_lower and nxt_tok.dep_ == "compound" and \
                        nxt_tok.pos_ == "NOUN" and last + 2 < sent.end and doc[last + 2].is_lower and \
                        doc[last + 2].lemma_.lower() in EVENT_NOUNS:
                    nxt_tok = doc[last + 2]  # 'the "Maps of the Sea" book exhibition'
                flat = [t for seg in chain.segments for t in seg]
                if nxt_tok is not None and nxt_tok.is_lower and nxt_tok.lemma_.lower() in EVENT_NOUNS and \
                        nxt_tok.pos_ in {"NOUN", "PROPN"} and \
                        (all(self.head_type(doc, seg) in {None, "Event"} for seg in chain.segments)
                         or self._names_only_a_project(doc, flat, nxt_tok)) and \
                        not self._is_post(doc, chain.segments[0]) and \
                        not (len(flat) == 1 and is_acronym(doc[flat[0]].text)) and \
                        not (len(flat) > 1 and all(doc[t].ent_type_ == "PERSON" for t in flat)) and \
                        not (len(flat) == 1 and doc[flat[0]].lower_ in self.adjectives) and \
                        not self._place(doc[flat[0] : last + 1].text):
                    start_tok = flat[0]  # (an exhibition of a person's works is named by no title)
                    while start_tok <= last and (doc[start_tok].lower_ in NON_NAME_STARTERS
                                                 or doc[start_tok].lower_ in {"'s", "’s"}):
                        start_tok += 1
                    if start_tok <= last:
                        add(start_tok, last + 1, "Event")
                        taken.update(range(start_tok, last + 1))
                        i = last + 1
                        continue
                # a lower-case event noun, then the title: the exhibition Maps of the Sea
                prev_tok = doc[flat[0] - 1] if flat[0] > sent.start else None
                det = prev_tok.i - 1 if prev_tok is not None else -1
                while det > sent.start and doc[det].pos_ in {"ADJ", "NOUN"} and doc[det].is_lower and \
                        doc[det].dep_ in {"amod", "compound"}:
                    det -= 1  # "the international project X", "a book exhibition X"
                if prev_tok is not None and prev_tok.is_lower and is_event_noun(prev_tok) and \
                        det >= sent.start and doc[det].lower_ in DETERMINERS and \
                        all(self.head_type(doc, seg) in {None, "Event"} for seg in chain.segments) and \
                        not self._is_post(doc, chain.segments[0]) and \
                        not (len(flat) == 1 and is_acronym(doc[flat[0]].text)) and \
                        not self._place(doc[flat[0] : last + 1].text) and \
                        doc[flat[0]].lower_ not in NON_NAME_STARTERS | MONTH_WORDS:
                    add(flat[0], last + 1, "Event")
                    taken.update(range(flat[0], last + 1))
                    i = last + 1
                    continue
                post_of = self._post_complement(doc, chain)
                post_words.update(post_of)
                for start, end, etype, name, abbr, tokens in [] if post_of else self.institutions(doc, chain):
                    if len(tokens) == 1 and doc[tokens[0]].lower_ in ORGANIZATION_HEADS | LIBRARY_HEADS | EVENT_HEADS:
                        continue  # a bare head word ("Library") is a description, not a name
                    outer = add(tokens[0], tokens[-1] + 1, etype, name, abbr)
                    taken.update(range(tokens[0], tokens[-1] + 1))
                    self._name_parts(doc, chain, start, end, outer, add, relations)
                if chain.person is not None:
                    add(*chain.person, "Person")
                    taken.update(range(*chain.person))
                i = last + 1

        # quoted titles
        prev_event_end = -10
        for qs, qe in quoted:
            inner = [k for k in range(qs, qe) if not doc[k].is_punct or doc[k].text in {"'", "’", "-"}]
            while inner and doc[inner[-1]].is_punct:
                inner.pop()
            if not inner:
                continue
            s, e = inner[0], inner[-1] + 1
            head = doc[e - 1].lower_
            # the noun beside the quotes says what the title names: 'the project "Open Libraries"',
            # 'the "Friends of the Library" association'
            beside = [doc[k] for k in (qs - 2, qe + 1) if 0 <= k < len(doc)]
            kind = next(("Event" if is_event_noun(t) else "Organization"
                         for t in beside if is_event_noun(t) or t.lower_ in ORGANIZATION_HEADS), None)
            if kind is not None:
                for k in [k for k, sp in found.items() if (sp.start, sp.end) == (s, e) and sp.label_ != kind]:
                    del found[k]
                add(s, e, kind, doc[s:e].text)
                if kind == "Event":
                    prev_event_end = qe + 1
            elif head in LIBRARY_HEADS:
                add(s, e, "Library")
            elif head in ORGANIZATION_HEADS:
                add(s, e, "Organization")
            elif any(t.lower_ in WORK_NOUNS and t.pos_ == "NOUN" for t in beside):
                continue  # 'the presentation of the book "Roads of Tarvo"': a work, not an event
            elif self._event_context(doc, qs, qe) or qs - prev_event_end <= 3:
                add(s, e, "Event", doc[s:e].text)
                prev_event_end = qe + 1

        self._titles_after_called(doc, words, found, add, in_quotes)
        self._titles_before_apposition(doc, found, add, in_quotes)

        # a descriptor before a quoted name is part of it: Non-Profit Partnership "Library Assembly"
        for qs, qe in quoted:
            titled = any(sp.label_ == "Event" and sp.start >= qs and sp.end <= qe for sp in found.values())
            for k in [k for k, sp in found.items() if titled and sp.label_ == "Event" and sp.end == qs - 1
                      and sp[-1].lower_ in EVENT_HEADS]:
                del found[k]  # 'a Book Exposition "Pages of History"': the title names the event
            inner_span = next((sp for sp in found.values() if sp.label_ in {"Organization", "Library"}
                               and sp.start == qs and sp.end == qe), None)
            desc = next((sp for sp in found.values() if sp.label_ == "Organization" and sp.end == qs - 1
                         and doc[sp.end - 1].lower_ in ORGANIZATION_HEADS), None)
            if inner_span is not None and desc is not None:
                k_in, k_desc = key(inner_span), key(desc)
                info[k_in].aliases.append(info[k_in].name)
                info[k_in].name = doc[desc.start : qe + 1].text
                del found[k_desc]

        # an abbreviation in parentheses right after a name the chains did not read it with (a quoted
        # name: 'the Partnership "Library Assembly of Eurasia" (LAE)') is that name's
        for k, sp in list(found.items()):
            e = sp.end + (1 if sp.end < len(doc) and doc[sp.end].text in QUOTE_CHARS else 0)
            if sp.label_ in {"Organization", "Library"} and k in info and not info[k].abbr and e + 2 < len(doc) \
                    and doc[e].text == "(" and doc[e + 2].text == ")" and is_acronym(doc[e + 1].text) \
                    and doc[e + 1].text.lower() not in NON_ORG_ACRONYMS:
                info[k].abbr = doc[e + 1].text
        # acronyms standing alone: a known abbreviation, or an all-capital proper noun
        known = {m.abbr: k for k, m in info.items() if m.abbr}
        covered_tokens = {t for sp in found.values() for t in range(sp.start, sp.end)}
        for tok in doc:
            camel = tok.is_alpha and tok.text[:1].isupper() and any(c.isupper() for c in tok.text[1:]) and \
                any(c.islower() for c in tok.text)  # "AzerNews"
            if tok.i in covered_tokens or tok.i in in_quotes or not (is_acronym(tok.text) or camel) or \
                    tok.pos_ not in {"PROPN", "NOUN", "ADJ"} or ROMAN_NUMERAL.fullmatch(tok.text):
                continue
            if tok.lower_ in NON_ORG_ACRONYMS or INITIALS.fullmatch(tok.text):
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].text in {"-", "/"} and not tok.whitespace_ and \
                    doc[tok.i + 1].whitespace_ == "" and tok.i + 2 < len(doc) and doc[tok.i + 2].is_alpha:
                continue  # part of a compound such as "IFLA/RAS"
            if tok.i > 0 and doc[tok.i - 1].text in {"-", "/"} and not doc[tok.i - 1].whitespace_:
                continue
            neighbours = [doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc)]
            if any(n.text.isupper() and n.is_alpha and len(n.text) > 1 for n in neighbours):
                continue  # a word of an all-capital heading or dateline, not an acronym
            if self._dateline_word(doc, tok.i):
                continue  # "KELM, March 3, 2021 —": a dateline's town the gazetteer lacks, not an acronym
            if tok.text in known:
                add(tok.i, tok.i + 1, known[tok.text][2])
            elif not self._place(tok.text) and len(tok.text) >= 2 and tok.text.lower() not in MONTH_WORDS \
                    and tok.ent_type_ not in {"GPE", "PERSON"}:
                add(tok.i, tok.i + 1, "Organization")

        self._foreign_names(doc, words, found, add, relations, in_quotes)
        self._names_with_initials(doc, words, found, add)
        self._hyphenated_given_names(doc, words, found, add)

        # statistical NER for the rest
        for ent in doc.ents:
            if not any(k in post_words for k in range(ent.start, ent.end)):
                self._from_ner(doc, ent, found, add, in_quotes)

        # persons introduced by a post or honorific the NER missed ("Deputy Director Nakamura")
        introducers = ROLE_NOUNS | HONORIFICS
        for tok in (doc[k] for k, low in enumerate(words.lower) if low.rstrip(".") in introducers):
            if tok.i + 1 < len(doc):
                nxt = doc[tok.i + 1]
                if nxt.pos_ == "PROPN" and self.is_name_token(nxt) and not any(
                        sp.start <= nxt.i < sp.end for sp in found.values()):
                    e = nxt.i + 1
                    while e < len(doc) and doc[e].pos_ == "PROPN" and self.is_name_token(doc[e]) and \
                            doc[e].lower_ not in TITLE_WORDS and e - nxt.i < 3:
                        e += 1
                    untyped = self.head_type(doc, list(range(nxt.i, e))) is None
                    if nxt.lower_.rstrip(".") not in TITLE_WORDS and untyped \
                            and not self._place(doc[nxt.i:e].text):
                        person = add(nxt.i, e, "Person")
                        info[key(person)].title_introduced = True

        doc._.lg_meta = info
        self._regions(doc, words, found, add, in_quotes)
        self._propagate(doc, words, found, info, add, in_quotes)
        self._persons_by_post(doc, found, add)
        self._persons_after_post(doc, words, found, add)
        self._events_by_apposition(doc, words, found, add)
        self._acronym_year_events(doc, words, found, add)
        self._single_word_institutions(doc, words, found, add)
        self._distribute_plurals(doc, found, add, relations)
        self._prune(doc, found, info, quoted)
        self._numbered_events(doc, found, info, add, relations)
        self._described_as_events(doc, found, info, add, relations)
        self._city_offices(doc, found, add, relations)
        self._persons_with_particles(doc, found, add)
        self._drop_non_entities(found)
        doc.spans[SPAN_KEY] = sorted(found.values(), key=lambda sp: (sp.start, -sp.end))
        doc._.lg_name_relations = relations
        return doc

    def _name_run(self, doc: Doc, i: int, end: int) -> int:
        """End of a run of capitalised words (joined by hyphens) starting at ``i``."""
        j = i
        while j < end and ((doc[j].text[:1].isupper() and doc[j].is_alpha) or
                           (doc[j].text in {"-", "–"} and j > i and not doc[j - 1].whitespace_)):
            j += 1
        return j

    def _regions(self, doc: Doc, words: Words, found: dict[SpanKey, Span], add,  # type: ignore[no-untyped-def]
                 in_quotes: set[int]) -> None:
        """Places named by their kind: "the provinces of A, B and C", "the Caucasus region", "Hill Ward"."""
        def claim(s: int, e: int, name: str | None = None) -> None:
            if s >= e or any(k in in_quotes for k in range(s, e)) or self.gaz.country(doc[s:e].text):
                return
            for k, sp in list(found.items()):
                if sp.start < e and s < sp.end and sp.label_ in {"Person", "Organization", "City"} and \
                        (sp.end - sp.start) <= (e - s):
                    del found[k]
            add(s, e, "City", name)

        kinds = PLACE_CATEGORY_PLURALS | PLACE_SUFFIXES
        for tok in (doc[k] for k, low in enumerate(words.lower) if low in kinds):
            low = tok.lower_
            followed_by_of = tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of"
            if low in PLACE_CATEGORY_PLURALS and tok.is_lower and followed_by_of:
                j, end = tok.i + 2, tok.sent.end
                while j < end:
                    k = self._name_run(doc, j, end)
                    if k == j:
                        break
                    claim(j, k)
                    j = k
                    while j < end and doc[j].lower_ in {",", "and", "or"}:
                        j += 1
            elif low in PLACE_SUFFIXES and tok.i > 0:
                # "the Caucasus region" (lower case: the name is before it), "Hill Ward" (part of the name)
                s = tok.i
                while (s > tok.sent.start and doc[s - 1].text[:1].isupper() and doc[s - 1].is_alpha) or \
                        (s > tok.sent.start + 1 and doc[s - 1].text in {"-", "–"} and not doc[s - 2].whitespace_):
                    s -= 1
                if s == tok.i or doc[s].lower_ in NON_NAME_STARTERS or \
                        any(doc[m].lower_ in ORGANIZATION_HEADS | LIBRARY_HEADS for m in range(s, tok.i)):
                    continue
                if tok.is_lower:
                    claim(s, tok.i)
                else:
                    e = tok.i + 1
                    if e + 1 < len(doc) and doc[e].text in {"-", "–"} and not tok.whitespace_:
                        e += 2  # "Sub-County"
                    claim(s, e)

    def _propagate(self, doc: Doc, words: Words, found: dict[SpanKey, Span], info: dict[SpanKey, SpanMeta],  # type: ignore[no-untyped-def]
                   add, in_quotes: set[int]) -> None:
        """A name recognised once is recognised everywhere in the article ("A Children's Reading Space
        was inaugurated ..." before "its Children's Reading Space project")."""
        names: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for sp in found.values():
            if (len(sp) >= 2 and sp.label_ in {"Organization", "Library", "Event", "Person"}) or \
                    (sp.label_ in {"City", "Country"} and sp.text[:1].isupper() and not sp.text.isupper()):
                toks = tuple(t.text for t in sp)
                names.setdefault(toks[0], []).append((toks, sp.label_, info[key(sp)].name))
            if len(sp) >= 2 and sp.label_ == "Person" and sp[-1].text[:1].isupper() and len(sp[-1].text) > 2:
                names.setdefault(sp[-1].text, []).append(((sp[-1].text,), "Person", sp[-1].text))  # surname
        if not names:
            return
        covered = {t for sp in found.values() for t in range(sp.start, sp.end)}
        text = words.text
        for i, word in enumerate(text):
            for toks, label, name in names.get(word, ()):
                end = i + len(toks)
                if end <= len(text) and tuple(text[i:end]) == toks and not any(k in covered for k in range(i, end)):
                    add(i, end, label, name)
                    covered.update(range(i, end))

    def _persons_by_post(self, doc: Doc, found: dict[SpanKey, Span], add) -> None:  # type: ignore[no-untyped-def]
        """"Heleen Bakker, Deputy Chief of Mission at ...": capitalised words followed by a post (or by ", who")
        are a person."""
        covered = {t for sp in found.values() for t in range(sp.start, sp.end)}
        for sent in doc.sents:
            i = sent.start
            while i < sent.end:
                j = i
                while j < sent.end and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and j not in covered \
                        and doc[j].lower_.rstrip(".") not in TITLE_WORDS and not is_acronym(doc[j].text):
                    j += 1
                if 2 <= j - i <= 3 and j + 2 < sent.end and doc[j].lower_ == "of" and (
                        i == sent.start or doc[i - 1].pos_ != "PROPN") and self._personal_name(doc, list(range(i, j))):
                    k = j + 1 + (doc[j + 1].lower_ == "the")
                    if any(sp.start == k and sp.label_ in {"Organization", "Library"} for sp in found.values()):
                        add(i, j, "Person")  # "Ivo Kask of the Tartu University Library said"
                        i = j
                        continue
                if 2 <= j - i <= 3 and j + 2 < sent.end and doc[j].text == "(" and (
                        i == sent.start or doc[i - 1].pos_ != "PROPN") and \
                        self._personal_name(doc, list(range(i, j)), strict=False):
                    k = j + 1 + (doc[j + 1].lower_ == "the")
                    if any(sp.start == k and sp.label_ in {"Organization", "Library"} and sp.end < sent.end and
                           doc[sp.end].text == ")" and len(sp) > 1 for sp in found.values()):  # (not "X Y (ABBR)")
                        add(i, j, "Person")  # "... and Ana Lind (Ostland National Library)"
                        i = j
                        continue
                if 2 <= j - i <= 4 and j + 1 < sent.end and doc[j].text == "," and (
                        i == sent.start or doc[i - 1].pos_ != "PROPN"):
                    k = j + 1
                    while k < sent.end and doc[k].lower_ in {"a", "an", "the"}:
                        k += 1
                    owner = next((sp for sp in found.values() if sp.start == k and sp.label_ in {
                        "Organization", "Library"} and sp.end + 1 < sent.end and doc[sp.end].lower_ in {"'s", "’s"}),
                        None)
                    if owner is not None:
                        k = owner.end + 1  # "Ana Lind, the Vesper Library's director"
                    else:  # "Ana Lind, Vesper Library director,"
                        named = next((sp for sp in found.values() if sp.start == k and sp.label_ in {
                            "Organization", "Library"} and sp.end < sent.end and
                            doc[sp.end].lower_.rstrip(".") in ROLE_NOUNS), None)
                        k = named.end if named is not None else k
                    personal = k < sent.end and (doc[k].lower_.rstrip(".") in TITLE_WORDS | ROLE_NOUNS or (
                        k == j + 1 and doc[k].lower_ in {"who", "whose"}))  # "Ana Lind, who ..."
                    if personal and self.head_type(doc, list(range(i, j))) is None and \
                            not self._place(doc[i:j].text):
                        add(i, j, "Person")
                i = max(j, i + 1)

    def _events_by_apposition(self, doc: Doc, words: Words, found: dict[SpanKey, Span], add) -> None:  # type: ignore[no-untyped-def]
        """"Biblionight, an annual all-night event for readers": capitalised words no other name covers, set
        off by a comma before an indefinite event noun, name that event."""
        # (a lone word the tagger took for a person's name is the event's: "Biblionight")
        lone = {sp.start: k for k, sp in found.items() if sp.label_ == "Person" and len(sp) == 1}
        covered = {t for sp in found.values() for t in range(sp.start, sp.end) if sp.start not in lone}
        commas = [doc[k] for k, t in enumerate(words.text) if t == ","]
        for tok in commas:
            if tok.i < 1 or tok.i + 2 >= len(doc) or words.lower[tok.i + 1] not in {"a", "an"}:
                continue
            k = tok.i + 2
            while k < tok.sent.end and k - tok.i < 7 and (doc[k].is_lower or doc[k].text == "-") and \
                    (doc[k].lemma_.lower() not in EVENT_NOUNS or doc[k].dep_ == "compound"):
                k += 1
            if not (k < tok.sent.end and doc[k].lemma_.lower() in EVENT_NOUNS and doc[k].pos_ == "NOUN"
                    and doc[k].dep_ != "compound"):
                continue
            j = tok.i
            while j > tok.sent.start and j - tok.i > -4 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].is_title \
                    and doc[j - 1].is_alpha and j - 1 not in covered:
                j -= 1
            if j == tok.i or (j > tok.sent.start and doc[j - 1].pos_ == "PROPN"):
                continue  # (the start of a longer name the loop stopped inside)
            name = [doc[t] for t in range(j, tok.i)]
            common = len(name) == 1 and name[0].lower_ in self.common_words | TITLE_WORDS
            person = len(name) > 1 and any(w.ent_type_ == "PERSON" for w in name)
            if common or person or self._place(doc[j : tok.i].text):
                continue
            if j in lone and tok.i == j + 1:
                del found[lone[j]]
            add(j, tok.i, "Event")
            covered.update(range(j, tok.i))
        # the other way round: "held its annual conference, Libraries Today, in Riga"
        for tok in commas:
            if tok.i < 2 or tok.i + 3 >= len(doc):
                continue
            noun = doc[tok.i - 1]
            if not (noun.is_lower and noun.pos_ == "NOUN" and noun.tag_ == "NN" and noun.lemma_.lower() in EVENT_NOUNS
                    and any(c.lower_ in {"its", "their", "the", "this", "an", "a"} for c in noun.children)):
                continue
            named = next((k for k, sp in found.items() if sp.start == tok.i + 1 and sp.end < tok.sent.end and
                          sp.label_ in {"Organization", "Library"} and doc[sp.end].text == "," and
                          not any(o.start < sp.start < o.end or (o.start == sp.start and o.end > sp.end)
                                  for o in found.values())), None)
            if named is not None and found[named][-1].lower_ not in ORGANIZATION_HEADS | LIBRARY_HEADS:
                # (an organisation's head word in a title: "its annual conference, Libraries Today,")
                sp = found.pop(named)
                covered.difference_update(range(sp.start, sp.end))
            j = tok.i + 1
            while j < tok.sent.end and j - tok.i <= 6 and j not in covered and (doc[j].is_title or (
                    doc[j].lower_ in {"of", "for", "and", "the", "in", "on"} and j > tok.i + 1)) and \
                    (doc[j].is_alpha or doc[j].like_num):
                j += 1
            while j > tok.i + 1 and not doc[j - 1].is_title:
                j -= 1  # (no closing "of", "and")
            closed = j < tok.sent.end and (doc[j].text == "," or (
                doc[j].text == "." and (j + 1 == len(doc) or doc[j + 1].is_space)))
            if j - tok.i < 2 or not closed:
                continue
            title = doc[tok.i + 1 : j]
            if any(w.ent_type_ in {"PERSON", "GPE"} for w in title) or self._place(title.text) or \
                    (len(title) == 1 and title[0].lower_ in self.common_words):
                continue
            add(tok.i + 1, j, "Event")
            covered.update(range(tok.i + 1, j))

    def _single_word_institutions(self, doc: Doc, words: Words, found: dict[SpanKey, Span], add) -> None:  # type: ignore[no-untyped-def]
        """"visited the Matenadaran and the Yerevan State University": one capitalised word after "the",
        coordinated with an institution's name, is an institution too (not a place, an English word or a
        people's name)."""
        orgs = {sp.root.i: sp for sp in found.values() if sp.label_ in {"Organization", "Library"}}
        covered = {t for sp in found.values() for t in range(sp.start, sp.end)}
        for tok in (doc[k] for k in range(1, len(doc)) if words.lower[k - 1] == "the" and k not in covered):
            if tok.pos_ != "PROPN" or \
                    not tok.is_title or not tok.is_alpha or len(tok.text) < 4 or \
                    (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in {"PROPN", "NOUN"}):
                continue
            partners = [t for t in (*tok.conjuncts, tok.head) if t.i in orgs and (
                t.i in {c.i for c in tok.conjuncts} or tok.dep_ == "conj")]
            if not partners or tok.lower_ in self.common_words or self._place(tok.text) or \
                    self._demonym(tok.text) or tok.lower_ in TITLE_WORDS | ORGANIZATION_HEADS | LIBRARY_HEADS:
                continue
            add(tok.i, tok.i + 1, "Organization")

    @staticmethod
    def _acronym_year_events(doc: Doc, words: Words, found: dict[SpanKey, Span], add) -> None:  # type: ignore[no-untyped-def]
        """"IFLA WLIC 2024", "BOBCATSSS 2024": one or two acronyms closed by a year name a meeting of that
        year (not "the UNESCO 2023 report")."""
        years = [k for k, t in enumerate(words.text) if len(t) == 4 and t[:2] in {"19", "20"} and t.isdigit()]
        for tok in (doc[k] for k in years):
            if not (tok.i > 0 and len(words.text[tok.i - 1]) >= 3 and is_acronym(words.text[tok.i - 1])):
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].is_lower and doc[tok.i + 1].pos_ == "NOUN":
                continue
            start = tok.i - 1
            if start > tok.sent.start and is_acronym(doc[start - 1].text) and len(doc[start - 1].text) >= 3:
                start -= 1
            if start > tok.sent.start and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].is_punct:
                continue  # (inside a longer name: "the IASA 2023 Annual Conference" is read with it)
            inside = [k for k, sp in found.items() if start <= sp.start and sp.end <= tok.i + 1]
            if any(sp.start <= tok.i < sp.end - 1 or sp.start < start < sp.end for sp in found.values()):
                continue  # (a longer name goes on past the year, or began before)
            for k in inside:
                del found[k]
            add(start, tok.i + 1, "Event")

    def _persons_after_post(self, doc: Doc, words: Words, found: dict[SpanKey, Span], add) -> None:  # type: ignore[no-untyped-def]
        """"the Minister of Culture of Chile, Pablo Soto.": two to four capitalised words after a comma that
        closes a post ("Minister", "Head of the X Department") and before the end of the clause."""
        covered = {t for sp in found.values() for t in range(sp.start, sp.end)}
        for tok in (doc[k] for k, t in enumerate(words.text) if t == ","):
            if tok.i == tok.sent.start:
                continue
            i = tok.i + 1
            j = i
            while j < tok.sent.end and doc[j].is_alpha and doc[j].text[:1].isupper() and j not in covered and \
                    doc[j].lower_ not in TITLE_WORDS | ORGANIZATION_HEADS | LIBRARY_HEADS | NON_NAME_STARTERS and \
                    not is_acronym(doc[j].text):
                j += 1
            if not 2 <= j - i <= 4 or (j < tok.sent.end and not (doc[j].is_punct or doc[j].lower_ in {
                    "and", "who", "whose"})) or self._place(doc[i:j].text) or \
                    any(doc[k].ent_type_ in {"ORG", "FAC"} for k in range(i, j)) or \
                    self.head_type(doc, list(range(i, j))):
                continue  # (a place the tagger guessed, "Marat Serikov" GPE, is a person after a post)
            # the post: back from the comma over the words of a title and its organisation
            k = tok.i - 1
            post = False
            while k >= max(tok.sent.start, tok.i - 12):
                word = doc[k].lower_.rstrip(".")
                if word in ROLE_NOUNS | TITLE_WORDS and word not in HONORIFICS and doc[k].tag_ not in {"NNS", "NNPS"}:
                    post = True
                    break
                if not (doc[k].text[:1].isupper() or word in {"of", "the", "for", "and", "&", "-", "–", "'s"}):
                    break
                k -= 1
            if post:
                add(i, j, "Person")
                covered.update(range(i, j))

    def _prune(self, doc: Doc, found: dict[SpanKey, Span], info: dict[SpanKey, SpanMeta],
               quoted: list[tuple[int, int]]) -> None:
        """Drop mentions that are parts of a quoted title, and lone words NER took for persons;
        join a person's name that NER cut in two ("Mohammed Salem" + "Al Mazrooei")."""
        persons_at = {sp.start: sp for sp in found.values() if sp.label_ == "Person"}
        for sp in sorted(persons_at.values(), key=lambda s: s.start):
            nxt = persons_at.get(sp.end)
            posts = ROLE_NOUNS | HONORIFICS | TITLE_WORDS
            if nxt is not None and key(sp) in found and key(nxt) in found and \
                    not any(t.lower_.rstrip(".") in posts for t in (*sp, *nxt)):
                del found[key(sp)], found[key(nxt)]
                joined = Span(doc, sp.start, nxt.end, label="Person")
                found[key(joined)] = joined
                info[key(joined)] = SpanMeta(joined.text)
                persons_at[sp.start] = joined
        persons = [sp for sp in found.values() if sp.label_ == "Person"]
        multi_words = {t.lower_ for sp in persons if len(sp) > 1 for t in sp}
        for k, sp in list(found.items()):
            if sp.label_ == "Person" and (sp[-1].lower_.rstrip(".") in TITLE_WORDS or any(
                    t.lower_ in ORGANIZATION_HEADS | LIBRARY_HEADS for t in sp)):
                del found[k]  # "Law Librarian", "Deputy Director": a post, not a name
                continue
            if sp.label_ == "Event" and any(qs <= sp.start and sp.end <= qe and (sp.start, sp.end) != (qs, qe)
                                            and (qs, qe) != (sp.start, sp.end) for qs, qe in quoted) and \
                    any(o.label_ == "Event" and o.start <= sp.start and sp.end <= o.end and o is not sp
                        for o in found.values()):
                del found[k]
            elif sp.label_ == "Person" and len(sp) == 1:
                titled = sp.start > 0 and doc[sp.start - 1].lower_.rstrip(".") in TITLE_WORDS
                info[k].title_introduced = info[k].title_introduced or titled
                if (not titled and sp[0].lower_ not in multi_words) or self.gaz.country_of_demonym(sp.text):
                    del found[k]

    def _foreign_names(self, doc: Doc, words: Words, found: dict[SpanKey, Span],  # type: ignore[no-untyped-def]
                       add, relations, in_quotes: set[int]) -> None:
        """Names in languages that put the head noun first: "Biblioteca Nacional de España",
        "Bibliothèque nationale de France", "Instituto Cervantes": the head, then capitalised words,
        adjectives right after the head, and the language's connectors, ending on a capitalised word."""
        for i in [k for k, w in enumerate(words.lower) if w in HEAD_FIRST_NOUNS]:
            tok = doc[i]
            if not tok.text[:1].isupper() or tok.i in in_quotes or any(
                    sp.start < tok.i < sp.end or (sp.start == tok.i and sp.label_ in {"Library", "Organization"})
                    for sp in found.values()):
                continue
            end, j = 0, tok.i + 1
            while j < len(doc) and j < tok.sent.end and j - tok.i < 12:
                t = doc[j]
                if t.text[:1].isupper() and t.is_alpha and t.lower_ not in NON_NAME_STARTERS:
                    end = j + 1
                elif t.lower_ in HEAD_FIRST_CONNECTORS or (t.text in {"'", "’"} and not t.whitespace_):
                    pass
                elif t.is_lower and t.is_alpha and j == tok.i + 1 and t.lower_ not in NON_NAME_STARTERS \
                        and t.pos_ in {"ADJ", "PROPN", "NOUN", "X"}:
                    pass  # "Bibliothèque nationale de France"
                else:
                    break
                j += 1
            if not end:
                continue
            label = "Library" if tok.lower_ in LIBRARY_HEADS else "Organization"
            for k, sp in list(found.items()):
                if sp.start < end and tok.i < sp.end and sp.label_ in {"Person", "Organization", "Library"} and \
                        (sp.end - sp.start) < (end - tok.i):
                    del found[k]
            outer = add(tok.i, end, label)
            run = end - 1
            while run - 1 > tok.i and doc[run - 1].text[:1].isupper() and doc[run - 1].is_alpha:
                run -= 1
            place = self._place(doc[run:end].text)
            if place and not any(sp.label_ in {"Country", "City"} and sp.start == run and sp.end == end
                                 for sp in found.values()):
                add(run, end, place[0], place[1], ext=place[2])
            for k, sp in list(found.items()):
                if sp.label_ in {"Country", "City"} and tok.i < sp.start and sp.end == end:
                    relations.append((key(outer), "locatedIn", k, "name-place"))

    def _hyphenated_given_names(self, doc: Doc, words: Words, found: dict[SpanKey, Span], add) -> None:  # type: ignore[no-untyped-def]
        """A family name and a hyphenated given name whose second part is lower-case: "Heo Yong-beom",
        "Kim Dae-jung" (the tagger often misses them); not inside another name, not a place."""
        taken = {k for sp in found.values() for k in range(sp.start, sp.end)}
        for i in (d - 2 for d in range(2, len(doc) - 1) if words.text[d] == "-"):  # (tokens made at dashes only)
            family_name, given, dash, rest = doc[i], doc[i + 1], doc[i + 2], doc[i + 3]
            if not (family_name.is_title and family_name.is_alpha and given.is_title and given.is_alpha
                    and dash.text == "-" and not given.whitespace_ and not dash.whitespace_
                    and rest.is_lower and rest.is_alpha and len(rest) <= 6):
                continue
            if any(k in taken for k in range(i, i + 4)) or family_name.lower_ in NON_NAME_STARTERS | TITLE_WORDS:
                continue
            if self._place(family_name.text) or self.head_type(doc, [i, i + 1]):
                continue
            add(i, i + 4, "Person", f"{family_name.text} {given.text}-{rest.text}")
            taken.update(range(i, i + 4))

    def _names_with_initials(self, doc: Doc, words: Words, found: dict[SpanKey, Span],  # type: ignore[no-untyped-def]
                             add) -> None:
        """A surname followed by initials is a person: "Ivanova G.K.", "Issakhov O.I."."""
        for i in [k for k, w in enumerate(words.text) if k and "." in w and INITIALS.fullmatch(w)]:
            tok, prev = doc[i], doc[i - 1]
            if not (prev.is_alpha and prev.text[:1].isupper()) or \
                    prev.lower_ in NON_NAME_STARTERS | TITLE_WORDS | ORGANIZATION_HEADS | LIBRARY_HEADS or \
                    self._place(prev.text) or prev.is_upper:
                continue
            if any(sp.start <= prev.i < sp.end and sp.label_ != "Person" and not (
                    prev.i <= sp.start and sp.end <= tok.i + 1) for sp in found.values()):
                continue  # a word of a longer name
            for k, sp in list(found.items()):
                if prev.i <= sp.start and sp.end <= tok.i + 1:
                    del found[k]
            add(prev.i, tok.i + 1, "Person")

    def _numbered_events(self, doc: Doc, found: dict[SpanKey, Span], info: dict[SpanKey, SpanMeta],  # type: ignore[no-untyped-def]
                         add, relations: list[tuple[SpanKey, str, SpanKey, str]]) -> None:
        """A numbered meeting is an event, not a body: "the 76th General Conference of IFLA", "the
        Fifth International Book Fair" (the ordinal is part of its name)."""
        for k, sp in list(found.items()):
            if sp.label_ not in {"Organization", "Event"} or sp.start == 0 or k not in found:
                continue
            prev = doc[sp.start - 1]
            ordinal = prev.lower_ in ORDINAL_WORDS or bool(ORDINAL.fullmatch(prev.lower_))
            if not ordinal or not any(t.lower_ in EVENT_NOUNS | MEETING_HEADS for t in sp):
                continue
            del found[k]
            old = info.get(k)
            event = add(sp.start - 1, sp.end, "Event")
            if old is not None and old.abbr:
                info[key(event)].abbr = old.abbr
            relations[:] = [(key(event) if outer == k else outer, p, inner, r) for outer, p, inner, r in relations]

    def _persons_with_particles(self, doc: Doc, found: dict[SpanKey, Span], add) -> None:  # type: ignore[no-untyped-def]
        """A person's name goes on past a lower-case particle: "Sheikha Hind bint Hamad Al Thani", "Pedr ap
        Llwyd" (the tagger names the part before it, or both parts apart)."""
        starts = [(sp.start, sp.end) for sp in found.values() if sp.label_ == "Person"]
        starts += [(ent.start, ent.end) for ent in doc.ents if ent.label_ == "PERSON"]
        for s, e in sorted(set(starts)):
            if e + 1 >= len(doc) or doc[e].lower_ not in NAME_PARTICLES or not doc[e].is_lower or \
                    not self.is_name_token(doc[e + 1]) or doc[e].sent != doc[e + 1].sent:
                continue
            end = e + 1
            while end < len(doc) and end - e <= 4 and (self.is_name_token(doc[end]) or (
                    doc[end].lower_ in NAME_PARTICLES and end + 1 < len(doc) and self.is_name_token(doc[end + 1]))):
                if doc[end].lower_ in TITLE_WORDS | ORGANIZATION_HEADS | LIBRARY_HEADS:
                    break
                end += 1
            if self.head_type(doc, list(range(s, end))) or any(
                    sp.label_ != "Person" and sp.start < end and s < sp.end for sp in found.values()):
                continue
            for k in [k for k, sp in found.items() if sp.start < end and s < sp.end]:
                del found[k]
            add(s, end, "Person")

    def _described_as_events(self, doc: Doc, found: dict[SpanKey, Span], info: dict[SpanKey, SpanMeta],  # type: ignore[no-untyped-def]
                             add, relations: list[tuple[SpanKey, str, SpanKey, str]]) -> None:
        """A name its apposition calls a programme, a project or a festival is an event, whatever its head
        noun: "the Digital Heritage Partnership, a programme launched by X"."""
        for k, sp in list(found.items()):
            if sp.label_ != "Organization" or sp.end + 2 >= len(doc) or doc[sp.end].text != "," or \
                    doc[sp.end + 1].lower_ not in {"a", "an", "the"}:
                continue
            noun = next((t for t in doc[sp.end + 2 : min(sp.end + 5, len(doc))] if t.pos_ == "NOUN"), None)
            if noun is None or noun.lower_ not in DESCRIBED_EVENT_NOUNS or noun.dep_ != "appos" or \
                    any(t.pos_ == "NOUN" for t in doc[sp.end + 2 : noun.i]):
                continue
            del found[k]
            old = info.get(k)
            event = add(sp.start, sp.end, "Event", old.name if old is not None else None)
            if old is not None and old.abbr:
                info[key(event)].abbr = old.abbr
            relations[:] = [(key(event) if outer == k else outer, p, key(event) if inner == k else inner, r)
                            for outer, p, inner, r in relations]

    def _city_offices(self, doc: Doc, found: dict[SpanKey, Span], add,  # type: ignore[no-untyped-def]
                      relations: list[tuple[SpanKey, str, SpanKey, str]]) -> None:
        """An institution's office in a city, named by the city: "the Jakarta office of the X Library" is a
        part of the library, located in Jakarta."""
        orgs = {sp.start: sp for sp in found.values() if sp.label_ in {"Organization", "Library"}}
        for k, city in list(found.items()):
            if city.label_ != "City" or city.end + 2 >= len(doc):
                continue
            unit, of = doc[city.end], doc[city.end + 1]
            if not (unit.is_lower and unit.lower_ in CITY_OFFICE_NOUNS and of.lower_ == "of"):
                continue
            start = city.end + 2 + (doc[city.end + 2].lower_ == "the")
            parent = orgs.get(start)
            if parent is None or any(sp.start < city.start < sp.end for sp in found.values()):
                continue
            office = add(city.start, parent.end, "Organization")
            relations.append((key(office), "partOf", key(parent), "name-of-parent"))
            relations.append((key(office), "locatedIn", k, "name-place"))

    def _drop_non_entities(self, found: dict[SpanKey, Span]) -> None:
        """What the guidelines say is no entity: continents and regions that span several countries
        ("Central Asia", "the Balkans"), demonyms and nationality adjectives standing alone ("Peruvian"),
        and plurals of common abbreviations ("MoUs"); nor is a town inside an event's name, or before
        "room", that reads as a gerund there ("the Reading Festival Days", "the Year of Reading",
        "English Reading Rooms")."""
        events = [sp for sp in found.values() if sp.label_ == "Event"]
        for k, sp in list(found.items()):
            text = sp.text.strip()
            folded = re.sub(r"^the\s+", "", text.lower())
            plural_abbreviation = len(sp) == 1 and text.endswith("s") and text[:-1].lower() in NON_ORG_ACRONYMS
            gerund = sp.label_ == "City" and len(sp) == 1 and self._is_gerund(folded) and (any(
                e.start <= sp.start and sp.end <= e.end for e in events) or (
                sp.end < len(sp.doc) and sp.doc[sp.end].lower_ in NAMED_ROOM_HEADS))  # "English Reading Rooms"
            if folded in CONTINENTS or plural_abbreviation or gerund or self._demonym(text):
                del found[k]

    def _is_gerund(self, word: str) -> bool:
        """"reading" (read), "writing" (write), "shopping" (shop): the -ing form of an English verb."""
        if not word.endswith("ing") or len(word) < 6:
            return False
        stem = word[:-3]
        return stem in self.verbs or stem + "e" in self.verbs or (
            len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in self.verbs)

    def _eponym_after_town(self, doc: Doc, i: int, last: int) -> bool:
        """Whether the capitalised word at ``i``, inside a name before its head word ``last``, reads as a
        surname after a small town's name (a given name): no head, adjective or place word, and the town
        is small. "Riga Stradins University" keeps Riga."""
        if i >= last or not doc[i].text[:1].isupper() or doc[i].pos_ != "PROPN":
            return False
        word = doc[i].lower_
        if word in ORGANIZATION_HEADS | LIBRARY_HEADS | GENERIC_NAME_WORDS | TITLE_WORDS or word in self.adjectives \
                or self._place(doc[i].text) or self._demonym(doc[i].text):
            return False
        town = self.gaz.city(doc[i - 1].text)
        return town is not None and town.population < SMALL_TOWN

    def _demonym(self, text: str) -> bool:
        """"Peruvian", "Sri Lankan", "Kazakh", "Tajik-Persian": words naming a nationality, not a thing."""
        parts = [p for p in re.split(r"[-\s]+", text) if p]
        return bool(parts) and all(self.gaz.country_of_demonym(p) or self.gaz.country_of_demonym(text)
                                   for p in parts)

    # ------------------------------------------------------------ parts --
    def _name_parts(self, doc: Doc, chain: Chain, start: int, end: int, outer: Span, add, relations) -> None:  # type: ignore[no-untyped-def]
        """Places, persons and parent institutions a name contains."""
        segs = chain.segments
        first = segs[start]
        # an eponym with initials opening the name: "the I. Kotliarevsky Poltava Regional Library"
        o = 0
        while o < 2 and o + 1 < len(first) and re.fullmatch(r"[A-Z]\.", doc[first[o]].text):
            o += 1
        if o and len(first) - o > 2 and doc[first[o]].is_title and doc[first[o]].is_alpha and \
                doc[first[o]].lower_ not in self.common_words and not self._place(doc[first[o]].text):
            person = add(first[0], first[o] + 1, "Person")
            relations.append((key(outer), "namedAfter", key(person), "name-named-after"))
            first = first[o + 1 :]
        # a place or demonym opening the name: "Almaty Libraries", "Slovak National Library"
        for n in range(len(first) - 1, 0, -1):
            text = doc[first[0] : first[0] + n].text
            if n == 1 and text.lower() in self.adjectives and not self.gaz.country(text):
                continue
            place = self._place(text)
            if place and place[0] == "City" and self._eponym_after_town(doc, first[0] + n, first[-1]):
                continue  # "the Adam Mickiewicz Institute": a given name (Adam, a town in Oman), then a surname
            if place:
                label, name, ext = place
                inner = add(first[0], first[0] + n, label, name, ext=ext)
                if self.head_word(doc, segs[end]) not in THEMED_UNIT_HEADS:
                    # ("the Korea Corner" of a library in Hanoi is about Korea, not in it)
                    relations.append((key(outer), "locatedIn", key(inner), "name-place"))
                break
        # a place closing a segment after its head noun: "Library and Archives Norway", "Harbour Media Library Galway"
        for closing in {tuple(first), tuple(segs[end])}:
            for n in (3, 2, 1):
                if len(closing) > n and doc[closing[-n - 1]].lower_ in ORGANIZATION_HEADS | LIBRARY_HEADS:
                    place = self._place(doc[closing[-n] : closing[-1] + 1].text)
                    if place:
                        inner = add(closing[-n], closing[-1] + 1, place[0], place[1], ext=place[2])
                        relations.append((key(outer), "locatedIn", key(inner), "name-place"))
                        break
        # "Embassy of Armenia in Greece": the "of" country sends it, the "in" place hosts it
        has_in = any(c[0] == "in" for c in chain.connectors[start:end])
        diplomatic = self.head_word(doc, segs[start]) in DIPLOMATIC_HEADS
        skip_to = start
        for k in range(start + 1, end + 1):
            if k <= skip_to:
                continue
            conn = chain.connectors[k - 1]
            seg = segs[k]
            place_run = None
            if conn[0] == "in" or (conn[0] == "of" and not has_in and not diplomatic):
                for m in range(end, k - 1, -1):
                    run_text = doc[seg[0] : segs[m][-1] + 1].text
                    place = self._place(run_text)
                    if place:
                        place_run = (m, place)
                        break
            if place_run:
                m, (label, name, ext) = place_run
                inner = add(seg[0], segs[m][-1] + 1, label, name, ext=ext)
                relations.append((key(outer), "locatedIn", key(inner), "name-place"))
                skip_to = m
            elif conn == ("named", "after"):
                person = add(seg[0], seg[-1] + 1, "Person")
                relations.append((key(outer), "namedAfter", key(person), "name-named-after"))
            elif conn[0] == "of" and (k == end or chain.connectors[k][0] == "in") and len(seg) == 1 and \
                    is_acronym(doc[seg[0]].text) and \
                    (outer.label_ == "Event" or f"({doc[seg[0]].text})" in doc.text.replace("( ", "(")):
                # "the 76th General Conference of IFLA": an event of the organisation its acronym names; "the
                # Preservation Centre of LAC": a unit of one, when the article defines the acronym
                parent = add(seg[0], seg[0] + 1, "Organization")
                relations.append((key(outer), "partOf", key(parent), "name-of-parent"))
            elif conn[0] == "of" and self.head_type(doc, seg) in {"Library", "Organization"}:
                # "State Library of the State Cultural Center of Turkmenistan": the parent is named inside
                if doc[seg[-1]].lower_.endswith("s") and doc[seg[-1]].lower_ not in {"news", "press"}:
                    continue
                ptoks: list[int] = []
                for m in range(k, end + 1):
                    if m > k:
                        ptoks.extend(self._connector_tokens(doc, segs[m - 1][-1], segs[m][0], chain))
                    ptoks.extend(segs[m])
                if chain.connectors[k:end] and any(c == ("named", "after") for c in chain.connectors[k:end]):
                    continue
                parent = add(ptoks[0], ptoks[-1] + 1, self.head_type(doc, seg) or "Organization",
                             self._text(doc, ptoks))
                relations.append((key(outer), "partOf", key(parent), "name-of-parent"))
                # places inside the parent's name are the parent's, and so the part's (of a mission's, the
                # host after "in", not the country it is of: "the Centre of the Embassy of Iran in Tajikistan")
                hosted = self.head_word(doc, seg) in DIPLOMATIC_HEADS and \
                    any(c[0] == "in" for c in chain.connectors[k:end])
                seen_in = False
                for m in range(k + 1, end + 1):
                    seen_in = seen_in or chain.connectors[m - 1][0] == "in"
                    if hosted and not seen_in:
                        continue
                    ptext = doc[segs[m][0] : segs[m][-1] + 1].text
                    pl = self._place(ptext)
                    if pl:
                        inner = add(segs[m][0], segs[m][-1] + 1, pl[0], pl[1], ext=pl[2])
                        relations.append((key(parent), "locatedIn", key(inner), "name-place"))
                        relations.append((key(outer), "locatedIn", key(inner), "name-place"))
                break

    # ----------------------------------------------------------- places --
    def _place(self, text: str) -> tuple[str, str, dict[str, str]] | None:
        if text.lower() in ORGANIZATION_HEADS | LIBRARY_HEADS | TITLE_WORDS | (GENERIC_NAME_WORDS - {"city"}) | \
                NUMBER_SIGNS | {"republic", "state", "kingdom"}:
            return None  # "Central Scientific Library": an adjective of the name, not the town of Central
        country = self.gaz.country(text)
        if country:
            ext = {"iso3166": country.code}
            if country.geonames_id:
                ext["geonames"] = str(country.geonames_id)
            return ("Country", text, ext)
        city = self.gaz.city(text)
        if city:
            return ("City", text, {"geonames": str(city.geonames_id), "country": city.country_code})
        return None

    def _place_at(self, doc: Doc, i: int, end: int, in_quotes: set[int], words: Words,
                  listed: bool = False) -> PlaceHit | None:
        """The country or city named from token ``i`` on (within ``end``), if any. Works on the
        document's token strings (``words``); tokens are looked at only for a city candidate."""
        first = words.text[i]
        if i in in_quotes or not first[:1].isupper():
            return None
        lead = 1 if words.lower[i] == "the" else 0
        for n in range(min(self.gaz.max_country_words + lead, end - i), 0, -1):
            last = words.text[i + n - 1][:1]
            if not last.isupper() and not last.isalpha():
                continue
            if any(k in in_quotes for k in range(i, i + n)):
                continue
            country = self.gaz.country(words.span(i, i + n))
            if country and i + n < end and self.gaz.city(words.span(i, i + n + 1)) and \
                    words.text[i + n][:1].isupper():
                break  # "Mexico City", "Kuwait City": the city, named after its country
            if country and (n > 1 or first != first.lower()):
                if i + n < end and words.text[i + n] in {"-", "/"} and not words.space[i + n - 1]:
                    return None
                s = i + lead
                ext = {"iso3166": country.code}
                if country.geonames_id:
                    ext["geonames"] = str(country.geonames_id)
                return (s, i + n, "Country", words.span(s, i + n), ext)
        # cities: the gazetteer name must also read as a place in context
        for n in (3, 2, 1):
            if i + n > end:
                continue
            if not all(words.text[k][:1].isupper() or (words.text[k] == "-" and not words.space[k - 1]
                                                       and 0 < k - i < n - 1) for k in range(i, i + n)):
                continue
            text = words.span(i, i + n)
            city = self.gaz.city(text)
            if city is None:
                continue
            span = doc[i : i + n]
            prev = words.lower[i - 1] if i > 0 else ""
            nxt = words.text[i + n] if i + n < len(doc) else ""
            ner_place = span[0].ent_type_ in {"GPE", "LOC"}
            dateline = text.isupper() and (i == 0 or doc[i - 1].is_space or doc[i].is_sent_start) and nxt == ","
            if text.lower() in MONTH_WORDS and (listed or nxt[:1].isdigit()):
                continue  # "SHANGHAI, March 1, 2012": a date, not the town of March
            contextual = ((prev in PLACE_CONTEXT or listed) and span[0].pos_ == "PROPN") or (
                nxt in CITY_OFFICE_NOUNS and i + n + 1 < len(doc) and words.lower[i + n + 1] == "of")
            generic = {words.lower[k] for k in range(i, i + n)} & (
                ORGANIZATION_HEADS | LIBRARY_HEADS | TITLE_WORDS | (GENERIC_NAME_WORDS - {"city"}) | {"republic"})
            if i + n < len(doc) and doc[i + n].pos_ == "PROPN" and nxt[:1].isupper() and \
                    words.lower[i + n] not in ORGANIZATION_HEADS | LIBRARY_HEADS | PLACE_SUFFIXES:
                continue  # "Ivan Franko": a first name that is also a town
            if (ner_place or dateline or contextual) and not generic:
                name = city.name if text.isupper() else text
                return (i, i + n, "City", name,
                        {"geonames": str(city.geonames_id), "country": city.country_code})
        return None

    # ----------------------------------------------------------- quotes --
    def _quotes(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges inside matching quotation marks, per sentence."""
        pairs: list[tuple[int, int]] = []
        for sent in doc.sents:
            opened: int | None = None
            single: int | None = None  # 'Old Maps of Tarvo', ‘Read with Us’ (an apostrophe is no quote)
            for tok in sent:
                if tok.text in {"‘", "'", "’"}:
                    nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
                    before_space = tok.i == sent.start or bool(doc[tok.i - 1].whitespace_) or \
                        doc[tok.i - 1].text in {"(", "["}
                    if single is None and tok.text in {"‘", "'"} and before_space and not tok.whitespace_ and \
                            nxt is not None and (nxt.text[:1].isupper() or nxt.text[:1].isdigit()):
                        single = tok.i + 1
                    elif single is not None and tok.text in {"’", "'"} and tok.i > single and \
                            not doc[tok.i - 1].whitespace_ and (nxt is None or tok.whitespace_ or nxt.is_punct):
                        if tok.i - single <= 25:
                            pairs.append((single, tok.i))
                        single = None
                    continue
                if tok.text not in QUOTE_CHARS:
                    continue
                opening = tok.text in {"“", "«", "„"} or (tok.text == '"' and opened is None)
                if opening and opened is None:
                    opened = tok.i + 1
                elif opened is not None:
                    if tok.i - opened <= 25:
                        pairs.append((opened, tok.i))
                    opened = None
        return sorted(pairs)

    def _titles_after_called(self, doc: Doc, words: Words, found: dict[SpanKey, Span], add,  # type: ignore[no-untyped-def]
                             in_quotes: set[int]) -> None:
        """Unquoted titles: 'a project called Libraries Without Borders', 'an exhibition of rare books
        entitled Treasures of Tarvo': capitalised words (and the small words between them) after
        "called", "titled", "entitled", "named" or "dubbed" when an event noun comes shortly before."""
        for tok in (doc[k] for k, low in enumerate(words.lower) if low in TITLE_VERBS | TITLED_NOUNS):
            if tok.i + 1 >= tok.sent.end or tok.i + 1 in in_quotes:
                continue
            after_noun = tok.lower_ in TITLED_NOUNS
            if after_noun:
                # "the campaign Read Ukrainian", "a joint project, Library Without Borders": a title in
                # apposition to a singular project noun its article introduces
                if tok.tag_ != "NN" or not any(t.dep_ == "det" for t in tok.children):
                    continue
                if doc[tok.i + 1].text == ",":
                    # "launched a project, X"; not "Later in the programme, Ivo Lund spoke"
                    if tok.i + 2 >= tok.sent.end or tok.dep_ not in {"dobj", "attr", "nsubjpass", "appos"}:
                        continue
                    tok = doc[tok.i + 1]
                if any(sp.start == tok.i + 1 and sp.label_ != "Event" for sp in found.values()):
                    continue  # "the project Ostland National Library ...": a name of its own kind
            elif not any(is_event_noun(t) for t in doc[max(tok.sent.start, tok.i - 6) : tok.i]):
                continue
            s = tok.i + 1
            e = s
            while e < tok.sent.end and (doc[e].text[:1].isupper() or doc[e].text[:1].isdigit() or (
                    e > s and doc[e].lower_ in TITLE_SMALL_WORDS) or (
                    e > s and doc[e].text in {"-", "–", ":"} and not doc[e - 1].whitespace_)):
                e += 1
            while e > s and (doc[e - 1].lower_ in TITLE_SMALL_WORDS or doc[e - 1].is_punct):
                e -= 1
            # (a title may open with a verb: "Read Ukrainian")
            starters = {"the", "a", "an", "this", "that", "its", "their", "in", "on", "at", "and"} if after_noun \
                else NON_NAME_STARTERS
            if e == s or not doc[s].text[:1].isupper() or doc[s].lower_ in MONTH_WORDS | starters:
                continue
            for k in [k for k, sp in found.items() if sp.start < e and s < sp.end]:
                del found[k]
            add(s, e, "Event", doc[s:e].text)

    def _titles_before_apposition(self, doc: Doc, found: dict[SpanKey, Span], add,  # type: ignore[no-untyped-def]
                                  in_quotes: set[int]) -> None:
        """"Maps of the North, an exhibition of rare maps, opened", "presented Tarvo Stories, a new reading
        programme": a title the apposition after it says is an event's."""
        for noun in doc:
            if noun.lower_ not in DESCRIBED_EVENT_NOUNS or noun.dep_ != "appos" or noun.head.i >= noun.i or \
                    not noun.head.text[:1].isupper():
                continue
            det = next((t for t in doc[noun.head.i + 1 : noun.i] if t.lower_ in {"a", "an"}), None)
            if det is None or doc[det.i - 1].text != ",":
                continue
            e = det.i - 1
            s = e
            while s > noun.sent.start:
                if doc[s - 1].text[:1].isupper():
                    s -= 1
                    continue
                small = s - 1  # "Maps of the North": small words between capitalised ones
                while small > noun.sent.start and doc[small].lower_ in TITLE_SMALL_WORDS:
                    small -= 1
                if small < s - 1 and doc[small].text[:1].isupper() and doc[small + 1].lower_ in TITLE_SMALL_WORDS:
                    s = small
                    continue
                break
            while s < e and (doc[s].lower_ in TITLE_SMALL_WORDS | {"the"} or doc[s].is_punct):
                s += 1
            if s >= e or any(k in in_quotes for k in range(s, e)) or any(
                    sp.start < e and s < sp.end and sp.label_ not in {"Event", "City", "Country"}
                    for sp in found.values()):
                continue
            for k in [k for k, sp in found.items() if sp.start < e and s < sp.end]:
                del found[k]  # ("Maps of the North": no town of North)
            add(s, e, "Event", doc[s:e].text)

    def _event_context(self, doc: Doc, qs: int, qe: int) -> bool:
        sent = doc[qs].sent
        # 'the library launched "Reading Together"': a title an organising verb takes as its object
        verb = qs - 2 if qs - 2 >= sent.start and doc[qs - 2].lower_ not in {"the", "a", "an"} else qs - 3
        if verb >= sent.start and doc[verb].pos_ == "VERB" and doc[verb].lemma_.lower() in TITLE_TAKING_VERBS:
            return True
        # (after "titled", the noun it names may stand further back: 'an exhibition of Persian calligraphy
        # and miniature painting titled "X"')
        reach = 14 if qs - 2 >= sent.start and doc[qs - 2].lower_ in TITLE_VERBS else 6
        before = [t for t in doc[max(sent.start, qs - reach) : qs - 1]]
        after = [t for t in doc[qe + 1 : min(sent.end, qe + 9)]]
        for t in before:
            if t.lower_ in EVENT_NOUNS or t.lemma_.lower() in EVENT_NOUNS:
                return True
        for t in after:
            if t.text in QUOTE_CHARS:
                break
            if t.lower_ in EVENT_NOUNS or t.lemma_.lower() in EVENT_NOUNS:
                return True
        return False

    # -------------------------------------------------------------- NER --
    def _from_ner(self, doc: Doc, ent: Span, found: dict[SpanKey, Span], add, in_quotes: set[int]) -> None:  # type: ignore[no-untyped-def]
        s, e = ent.start, ent.end
        while s < e and (doc[s].lower_ in NON_NAME_STARTERS or doc[s].is_punct or (
                doc[s].lower_ in PEOPLE_PLURALS and s + 1 < e and doc[s + 1].lower_ in {"of", "from", "at"})):
            s += 1
        while e > s and (doc[e - 1].is_punct or doc[e - 1].lower_ in {"'s", "’s"}):
            e -= 1
        if s >= e:
            return
        overlaps = [sp for sp in found.values() if sp.start < e and s < sp.end]
        label = ent.label_
        if e - s == 1 and self._dateline_word(doc, s):
            return  # "KELM, March 3, 2021 —": the town of a dateline, neither a person nor an acronym
        if label == "PERSON" and e - s == 1 and is_acronym(doc[s].text) and doc[s].text.isupper():
            label = "ORG"  # "IFLA" is no person
        if label == "PERSON" or (label == "ORG" and self._looks_personal(doc[s:e])):
            # strip honorifics and posts: "Mr. Natsume Masayuki", "Lakeside Governor Ana Silva"
            posts = [k for k in range(s, e - 1) if doc[k].lower_.rstrip(".") in ROLE_NOUNS | HONORIFICS]
            if posts:
                s = posts[-1] + 1
            while s < e - 1 and (doc[s].lower_.rstrip(".") in TITLE_WORDS or doc[s].lower_ in HONORIFICS):
                s += 1
            span = doc[s:e]
            if overlaps and any(sp.label_ != "Person" for sp in overlaps):
                return
            if self.head_type(doc, list(range(s, e))) or not span.text[:1].isupper() or \
                    doc[e - 1].lower_ in NAMED_ROOM_HEADS or (
                        e - s > 1 and doc[e - 1].tag_ == "NNPS" and doc[e - 1].lemma_.lower() in self.common_words
                        and doc[e - 1].lower_.endswith("s")):
                return  # ("the Rare Books Room", "the library's Asian Collections" are no persons)
            if any(k in in_quotes for k in range(s, e)) and len(span) < 2:
                return
            add(s, e, "Person")
        elif label == "ORG" and not overlaps:
            span = doc[s:e]
            if any(t.text in {"(", ")", ","} for t in span) or span.text.lower() in NON_ORG_ACRONYMS:
                return
            if len(span) == 1 and not is_acronym(span.text) and not any(c.isupper() for c in span.text[1:]):
                # one ordinary capitalised word: a surname NER took for an organisation, or nothing
                if any(sp.label_ == "Person" and len(sp) > 1 and span.text in sp.text.split()
                       for sp in found.values()):
                    add(s, e, "Person")
                return
            if len(span) > 1 and self.head_type(doc, list(range(s, e))) is None and not all(
                    t.pos_ == "PROPN" for t in span):
                return
            if not span.text[:1].isupper() or span.text.lower() in ORGANIZATION_HEADS | LIBRARY_HEADS:
                return
            if e < len(doc) and doc[e].text == "-" and not doc[e - 1].whitespace_:
                return  # "Turkic-speaking"
            if any(k in in_quotes for k in range(s, e)):
                return
            place = self._place(span.text)
            if place:
                return
            etype = self.head_type(doc, list(range(s, e))) or "Organization"
            add(s, e, etype)
        elif label in {"GPE", "LOC"} and not overlaps:
            span = doc[s:e]
            if any(k in in_quotes for k in range(s, e)) or not span.text[:1].isupper():
                return
            nxt = doc[e].lower_ if e < len(doc) else ""
            if nxt == "region" and span.text.lower() not in CONTINENTS:
                add(s, e, "City")  # "the Kiambu region": a region inside one country
        elif label == "EVENT" and not overlaps and not any(k in in_quotes for k in range(s, e)):
            span = doc[s:e]
            if span.text[:1].isupper() and self.head_type(doc, list(range(s, e))) == "Event":
                add(s, e, "Event")

    def _looks_personal(self, span: Span) -> bool:
        """An ORG by NER that reads as a personal name: 2-4 capitalised words, no head noun, no acronym."""
        words = [t for t in span if not t.is_punct]
        return 2 <= len(words) <= 4 and all(
            t.text[:1].isupper() and not is_acronym(t.text) and t.lower_ not in ORGANIZATION_HEADS | LIBRARY_HEADS
            and not self.gaz.country(t.text) and t.pos_ == "PROPN"
            and not (self._city_named(t.text) if k == 0 else self.gaz.city(t.text))
            for k, t in enumerate(words))

    @staticmethod
    def _dateline_word(doc: Doc, i: int) -> bool:
        """A capitalised word opening a paragraph and followed by a comma and a date: a dateline's town."""
        return doc[i].text.isupper() and (i == 0 or doc[i - 1].is_space) and i + 2 < len(doc) and \
            doc[i + 1].text == "," and (doc[i + 2].like_num or doc[i + 2].lower_ in MONTH_WORDS)

    def _city_named(self, word: str) -> bool:
        """A word that is a city's own name ("Riga"), not one of its other spellings ("Ivo" for Iwo): a
        given name (the first word) may be a town's variant."""
        city = self.gaz.city(word)
        return city is not None and city.name.lower() == word.lower()

    # ---------------------------------------------------------- plurals --
    def _distribute_plurals(self, doc: Doc, found: dict[SpanKey, Span], add, relations) -> None:  # type: ignore[no-untyped-def]
        """"national libraries of China, Iran and the Republic of Korea" -> one library per country."""
        countries = {sp.start: sp for sp in found.values() if sp.label_ == "Country"}
        for tok in doc:
            if tok.lower_ not in {"libraries"} or not tok.is_lower:
                continue
            mods = [c for c in tok.children if c.dep_ in {"amod", "compound"}]
            prefix = " ".join(m.text.capitalize() for m in sorted(mods, key=lambda m: m.i) if m.i < tok.i)
            j = tok.i + 1
            if j >= len(doc) or doc[j].lower_ != "of":
                continue
            j += 1
            sent_end = tok.sent.end
            # optional "countries such as" / "the countries of"
            while j < sent_end and doc[j].lower_ in {"countries", "such", "as", "the", "including", "like"}:
                if doc[j].lower_ == "the" and j in countries:
                    break
                j += 1
            while j < sent_end:
                sp = countries.get(j) or countries.get(j + 1) if doc[j].lower_ == "the" else countries.get(j)
                if sp is None:
                    break
                surface = doc[j : sp.end].text if doc[j].lower_ == "the" else sp.text
                head = (prefix + " " if prefix else "") + "Library"
                lib = add(sp.start, sp.end, "Library", f"{head} of {surface}")
                doc._.lg_meta[key(lib)].ext["distributed_from"] = str(tok.i)
                relations.append((key(lib), "locatedIn", key(sp), "plural-of-countries"))
                j = sp.end
                if j < sent_end and doc[j].text == ",":
                    j += 1
                if j < sent_end and doc[j].lower_ in {"and", "or"}:
                    j += 1


@Language.factory("libgraph_entities", requires=["token.tag", "token.dep", "doc.ents", "doc.sents"],
                  assigns=["doc.spans", "doc._.lg_meta", "doc._.lg_name_relations"])
def make_entity_recognizer(nlp: Language, name: str) -> EntityRecognizer:
    return EntityRecognizer(default_gazetteer(), english_words(nlp, "adj"), english_words(nlp, "noun"),
                            english_words(nlp, "verb"))


def english_words(nlp: Language, pos: str) -> frozenset[str]:
    """The words of a part of speech the pipeline's lemmatizer knows (its ``lemma_index`` table, with
    plurals for nouns), or none when the pipeline has no such table."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    words = frozenset(lookups.get_table("lemma_index").get(pos, ()))
    if pos == "noun":
        words |= {w + ("es" if w.endswith(("s", "x", "ch", "sh")) else "s") for w in words}
    return words
