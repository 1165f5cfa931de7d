"""The ``libgraph_mentions`` component: the names of ``libgraph_entities`` clustered into the article's
entities.

Mentions with the same name (folded), an abbreviation and the name it abbreviates, a short form
("Organizing Committee" after "Japan Organizing Committee"), a surname after the full name, an
eponym's surname with the head noun ("the Kotliarevsky Library" after "... Library named after I.
Kotliarevsky"), and two organisation names in apposition ("the National Library of Peru, the Biblioteca
Nacional del Perú") are one entity. An acronym standing alone that a name introduced is that name.

Contract: reads ``doc.spans["libgraph"]`` and ``doc._.lg_meta``; writes ``doc._.lg_entities`` (local
id -> :class:`~libgraph.model.Entity`) and ``doc._.lg_span_entity`` (span key -> local id).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..model import Entity, Mention
from ..names import (
    clean_name,
    is_acronym,
    mission_key,
    place_variant,
    sender_key,
    strip_named_after,
    strip_place_suffix,
)
from ..places import Gazetteer, default_gazetteer
from ..text import name_key
from .entities import SPAN_KEY, SpanKey, key, meta
from .lexicon import (
    BODY_MODIFIERS,
    GENERIC_NAME_WORDS,
    LEGAL_FORM_WORDS,
    LEGISLATURE_WORDS,
    LIBRARY_HEADS,
    ORGANIZATION_HEADS,
)
from .schema import ORG_TYPES, PLACE_TYPES

NAME_HEADS = LIBRARY_HEADS | ORGANIZATION_HEADS

for _name in ("lg_entities", "lg_span_entity"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """Character offsets of a sentence without the whitespace spaCy keeps around it."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, sent.start_char + len(text.rstrip())


@lru_cache(maxsize=1 << 14)
def _norm(name: str) -> str:
    """The form names are clustered by within an article (case, accents and punctuation aside)."""
    return name_key(clean_name(name))


class MentionClusterer:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        self.doc = doc
        self.spans: list[Span] = list(doc.spans[SPAN_KEY])
        self.span_entity: dict[SpanKey, str] = {}
        entities: dict[str, Entity] = {}
        by_name: dict[tuple[str, str], str] = {}
        abbrs: dict[str, str] = {}
        persons_by_token: dict[str, set[str]] = {}
        spelled_out: set[str] = set()

        def type_key(t: str) -> str:
            return "Org" if t in ORG_TYPES else t

        norm = _norm

        ordered = sorted(self.spans, key=lambda sp: (-(sp.end - sp.start), sp.start))
        for sp in ordered:
            m = meta(sp)
            name = clean_name(m.name)
            owner = self._possessive_country(sp) if sp.label_ in ORG_TYPES else None
            if owner is not None and name and self._is_generic(name, sp.label_):
                name = f"{owner[1]}'s {name}"  # "Peru's National Library": a name, with its country
            if not name or self._is_generic(name, sp.label_):
                continue
            tk = type_key(sp.label_)
            candidates = [norm(name)]
            if sp.label_ in PLACE_TYPES and (m.ext.get("iso3166") or m.ext.get("geonames")):
                candidates.insert(0, f"id:{m.ext.get('iso3166') or m.ext.get('geonames')}")
            if tk == "Org":
                candidates.append(norm(strip_place_suffix(name)))
                candidates.append(norm(strip_named_after(name)))
                variant = place_variant(self.gaz, name)
                if variant:
                    candidates.append(variant)
                mission = mission_key(self.gaz, name)
                if mission:
                    candidates.append(mission)
                sender = sender_key(self.gaz, name)
                if sender:  # "the Iranian Embassy" after "the Embassy of Iran in Tajikistan"
                    candidates.append(sender)
                if owner is not None and len(name.split()) > 1:  # "Japan's National Diet Library"
                    bare = name.partition("'s ")[2] if name.startswith(f"{owner[1]}'s ") else name
                    candidates.append(f"{norm(strip_named_after(bare))}@{owner[0]}")
            if tk == "Person":
                words = norm(name).split()
                initials, surnames = [w for w in words if len(w) == 1], [w for w in words if len(w) > 1]
                if initials and len(surnames) == 1:  # "O. Issakhov" is "Issakhov O.I."
                    candidates.append(f"initial:{surnames[0]} {initials[0]}")
            eid = next((by_name[(tk, c)] for c in candidates if (tk, c) in by_name), None)
            if eid is None and is_acronym(name) and name in abbrs:
                eid = abbrs[name]
            dated = name[:-5].split()[-1] if tk == "Event" and re.fullmatch(r".+ (19|20)\d\d", name) else None
            if eid is None and dated in abbrs and entities[abbrs[dated]].type == "Event":
                eid = abbrs[dated]  # "WLIC 2015" after "the World Library and Information Congress (WLIC)"
            if eid is None and tk == "Org" and is_acronym(name) and name.isupper():
                eid = self._initials_of(name, entities)
            if eid is None and tk == "Org" and not is_acronym(name):
                eid = self._longer_name(name, entities, self.gaz) or self._without_given_name(name, entities) \
                    or self._eponym_short_name(name, entities)
            if eid is None and tk == "Person" and len(name.split()) == 1:
                owners = persons_by_token.get(name.casefold(), set())
                if len(owners) == 1:
                    eid = next(iter(owners))
            if eid is None and tk == "Person" and len(name.split()) > 1:
                eid = self._spelling_variant(name, entities)
            if eid is None:
                eid = f"e{len(entities) + 1}"
                entities[eid] = Entity(local_id=eid, type=sp.label_, name=name,
                                       external_ids=dict(m.ext) or self._place_ids(sp.label_, name))
            ent = entities[eid]
            if sp.label_ == "Library" and ent.type == "Organization":
                ent.type = "Library"
            if name != ent.name:
                ent.aliases.add(name)
            ent.aliases.update(clean_name(a) for a in m.aliases)
            if m.abbr:
                ent.aliases.add(m.abbr)
                abbrs[m.abbr] = eid
            for c in candidates:
                by_name.setdefault((tk, c), eid)
            if tk == "Org":
                ent.aliases.update({strip_place_suffix(name), strip_named_after(name)} - {name})
            if tk == "Person" and len(name.split()) > 1:
                for word in name.split():
                    persons_by_token.setdefault(word.casefold().rstrip("."), set()).add(eid)
            sent = sp.sent
            if not m.ext.get("distributed_from"):  # a name the text spells out, not one a plural implies
                spelled_out.add(eid)
            ent.mentions.append(Mention(sp.text, sp.start_char, sp.end_char, *sentence_bounds(sent)))
            self.span_entity[key(sp)] = eid
        described = [e for e in entities if e not in spelled_out]
        for ent in entities.values():
            ent.external_ids.pop("distributed_from", None)
            ent.aliases.discard(ent.name)
            ent.mentions.sort(key=lambda mn: mn.start)
        self._merge_appositions(entities)
        self._merge_described_national_library(entities, described)
        # an acronym standing alone that an earlier name introduced is that name
        for sp in self.spans:
            if key(sp) not in self.span_entity and clean_name(sp.text) in abbrs:
                self.span_entity[key(sp)] = abbrs[clean_name(sp.text)]
        self._possessive_countries(entities)
        doc._.lg_entities = entities
        doc._.lg_span_entity = self.span_entity
        return doc

    def _merge_appositions(self, entities: dict[str, Entity]) -> None:
        """Two organisation names in apposition name one thing: "the National Library of Peru, the
        Biblioteca Nacional del Perú in Lima"."""
        roots = {sp.root.i: self.span_entity[key(sp)] for sp in self.spans
                 if key(sp) in self.span_entity and entities[self.span_entity[key(sp)]].type in ORG_TYPES}
        for sp in self.spans:
            a = self.span_entity.get(key(sp))
            if a is None or entities[a].type not in ORG_TYPES:
                continue
            for child in sp.root.children:
                b = roots.get(child.i)
                if child.dep_ != "appos" or b is None or b == a or b not in entities or a not in entities:
                    continue
                if self.doc[child.left_edge.i - 1].text != "," if child.left_edge.i > 0 else True:
                    continue
                # members of a list ("the University of Victoria, the University of Ottawa, ...") are not
                # two names of one thing: same head noun, or more names follow
                other = next(s for s in self.spans if s.root.i == child.i and key(s) in self.span_entity)
                after = self.doc[other.end : other.end + 3]
                if sp.root.lower_ == child.lower_ or any(t.text == "," or t.lower_ in {"and", "or"} for t in after[:1]):
                    continue
                keep, gone = entities[a], entities.pop(b)
                keep.aliases |= gone.aliases | {gone.name}
                keep.mentions += gone.mentions
                if gone.type == "Library":
                    keep.type = "Library"
                for k, v in list(self.span_entity.items()):
                    if v == b:
                        self.span_entity[k] = a
                roots = {i: (a if e == b else e) for i, e in roots.items()}

    def _merge(self, entities: dict[str, Entity], keep_id: str, gone_id: str) -> None:
        keep, gone = entities[keep_id], entities.pop(gone_id)
        keep.aliases |= gone.aliases | {gone.name}
        keep.mentions = sorted(keep.mentions + gone.mentions, key=lambda mn: mn.start)
        for k, v in list(self.span_entity.items()):
            if v == gone_id:
                self.span_entity[k] = keep_id

    def _merge_described_national_library(self, entities: dict[str, Entity], described: list[str]) -> None:
        """"The national libraries of Hungary and Montenegro ... at the National Széchényi Library": of the
        national libraries a plural introduces, one the article never names by its country is the national
        library it names otherwise: the one with that country in its name ("the national libraries of
        Azerbaijan and Kazakhstan" and "the Kazakhstan National Academic Library"), else the one national
        library of no country the name says, when one such is left for one such plural's member."""

        def countries_of(name: str) -> set[str]:
            tail = name.rpartition(" of ")[2].removeprefix("the ")
            found = [self.gaz.country(tail), *(self.gaz.country(w) or self.gaz.country_of_demonym(w)
                                               for w in name.split())]
            return {c.code for c in found if c is not None}

        described = [d for d in described if d in entities and entities[d].type == "Library"]
        national = {e.local_id: countries_of(e.name) for e in entities.values() if e.type == "Library" and
                    e.local_id not in described and "national" in e.name.lower().split()}
        left: list[str] = []
        for d in described:
            wanted = countries_of(entities[d].name)
            same = [e for e, codes in national.items() if codes and codes == wanted]
            if len(same) == 1:
                self._merge(entities, same[0], d)
                national.pop(same[0])
            elif not same:
                left.append(d)
        unnamed = [e for e, codes in national.items() if not codes]
        if len(left) == 1 and len(unnamed) == 1:
            self._merge(entities, unnamed[0], left[0])

    def _place_ids(self, label: str, name: str) -> dict[str, str]:
        """The gazetteer's identifiers of a place found without them (a region named by its kind, a
        place inside a name)."""
        if label == "Country" and (country := self.gaz.country(name)) is not None:
            ids = {"iso3166": country.code}
            if country.geonames_id:
                ids["geonames"] = str(country.geonames_id)
            return ids
        if label == "City" and (city := self.gaz.city(name)) is not None:
            return {"geonames": str(city.geonames_id), "country": city.country_code}
        return {}

    def _possessive_countries(self, entities: dict[str, Entity]) -> None:
        """"Chile's National Library": the possessive form is another name of the library."""
        doc = self.doc
        for sp in self.spans:
            eid = self.span_entity.get(key(sp))
            if eid is None or entities[eid].type not in ORG_TYPES or sp.start < 2 or \
                    doc[sp.start - 1].lower_ not in {"'s", "’s"}:
                continue
            owner = doc[sp.start - 2]
            if any(s.start <= owner.i < s.end and s.label_ == "Country" for s in self.spans):
                entities[eid].aliases.add(f"{owner.text}'s {clean_name(meta(sp).name)}")

    def _possessive_country(self, sp: Span) -> tuple[str, str] | None:
        """The ISO code and the words of a country named in the possessive right before ``sp`` ("Japan's
        ...")."""
        doc = self.doc
        if sp.start < 2 or doc[sp.start - 1].lower_ not in {"'s", "’s"}:
            return None
        for other in self.spans:
            if other.label_ == "Country" and other.end == sp.start - 1:
                country = self.gaz.country(other.text)
                return (country.code, other.text) if country is not None else None
        return None  # (looked at only for a name after "'s": rare enough to scan the spans)

    @staticmethod
    def _longer_name(name: str, entities: dict[str, Entity], gaz: Gazetteer) -> str | None:
        """"Organizing Committee" after "Japan Organizing Committee", "National Library of Poland" after
        "Jan Kowalski National Library of Poland": a shorter form ending the same way, same head noun.
        "The Faculty of Law" after "the Faculty of Law of Brenn University": a unit named without the
        institution it belongs to, when the article names that institution. '"Open Shelf"' (after 'the
        foundation') and "the Open Shelf Charitable Foundation": a name with or without its legal form."""
        words = name.casefold().split()
        org_names = {n.casefold() for e in entities.values() if e.type in ORG_TYPES for n in (e.name, *e.aliases)}

        def extends(longer: str) -> bool:
            lw = longer.casefold().split()
            if len(lw) > len(words) and lw[: len(words)] == words and words[-1] not in NAME_HEADS \
                    and all(w in LEGAL_FORM_WORDS for w in lw[len(words) :]):
                return True
            if len(words) < 2:
                return False
            if len(lw) > len(words) + 1 and lw[: len(words)] == words and lw[len(words)] in {"of", "at"}:
                # "National Diet Library" after "National Diet Library of Japan": the place closes the name
                rest = " ".join(longer.split()[len(words) + 1 :])
                rest = rest[4:] if rest.lower().startswith("the ") else rest
                return bool(gaz.country(rest) or gaz.city(rest)) or rest.casefold() in org_names or \
                    rest.casefold().rsplit(" ", 1)[-1] in NAME_HEADS
            # the extra words modify the same head ("Japan Organizing Committee"), they are not
            # a head of their own ("Library of the Hungarian Parliament")
            if not (len(lw) > len(words) and lw[-len(words):] == words and
                    lw[-len(words) - 1] not in {"of", "the", "for", "in", "and", "on", "at", "&"}):
                return False
            # a place ("Japan") or a name glued on ("Jan Kowalski"); one other word names another
            # institution ("Law Library of Congress" is not the "Library of Congress")
            extra = " ".join(longer.split()[: len(lw) - len(words)])
            return len(extra.split()) > 1 or bool(gaz.country(extra) or gaz.city(extra)
                                                  or gaz.country_of_demonym(extra))

        hits = [e.local_id for e in entities.values() if e.type in ORG_TYPES and any(
            extends(n) for n in (e.name, *e.aliases))]
        return hits[0] if len(hits) == 1 else None

    @staticmethod
    def _eponym_short_name(name: str, entities: dict[str, Entity]) -> str | None:
        """"The Kotliarevsky Library" after "the Poltava Regional Library named after I. Kotliarevsky": the
        surname of the one the institution is named after, with the name's head noun."""
        words = name.split()
        if not 2 <= len(words) <= 3 or words[-1].casefold() not in NAME_HEADS or \
                not all(w[:1].isupper() for w in words[:-1]):
            return None
        eponym, head = " ".join(words[:-1]).casefold(), words[-1].casefold()
        hits = []
        for e in entities.values():
            if e.type not in ORG_TYPES:
                continue
            before, sep, after = e.name.partition(" named after ")
            if sep and before.casefold().split()[-1:] == [head] and \
                    after.casefold().split()[-len(eponym.split()):] == eponym.split():
                hits.append(e.local_id)
        return hits[0] if len(hits) == 1 else None

    @staticmethod
    def _initials_of(acronym: str, entities: dict[str, Entity]) -> str | None:
        """"the BSU" in an article that names the "Bishkek State University": an abbreviation the article
        never defines, made of the initials of the words of one organisation's name ("of", "the", "and"
        and what follows "named after" left out)."""
        hits = []
        for e in entities.values():
            if e.type not in ORG_TYPES or is_acronym(e.name):
                continue
            words = [w for w in strip_named_after(e.name).replace("-", " ").split()
                     if w.lower() not in {"of", "the", "and", "for", "&", "in", "at", "on"}]
            if len(words) == len(acronym) and "".join(w[0] for w in words).upper() == acronym:
                hits.append(e.local_id)
        return hits[0] if len(hits) == 1 else None

    @staticmethod
    def _without_given_name(name: str, entities: dict[str, Entity]) -> str | None:
        """"the National Firdavsi Library" after "the National Abulqosim Firdavsi Library": the name
        without an eponym's given name (the words left out come right before one kept, and are no
        generic words)."""
        words = name.split()
        if len(words) < 3:
            return None
        hits = []
        for e in entities.values():
            lw = e.name.split()
            if e.type not in ORG_TYPES or len(lw) <= len(words) or lw[0] != words[0] or lw[-1] != words[-1]:
                continue
            gap = len(lw) - len(words)
            for i in range(1, len(words) - 1):
                if lw[:i] == words[:i] and lw[i + gap:] == words[i:] and all(
                        w[:1].isupper() and w.lower() not in GENERIC_NAME_WORDS | LIBRARY_HEADS | ORGANIZATION_HEADS
                        for w in lw[i : i + gap]) and words[i].lower() not in GENERIC_NAME_WORDS:
                    hits.append(e.local_id)
                    break
        return hits[0] if len(hits) == 1 else None

    @staticmethod
    def _spelling_variant(name: str, entities: dict[str, Entity]) -> str | None:
        """"Ali Mojtaba Ruzbehani" after "Ali Mojtaba Rouzbehani": a person's name written with one letter
        more, less or changed in one of its words (a transliteration), the others the same."""
        words = name.casefold().split()
        hits = []
        for e in entities.values():
            other = e.name.casefold().split()
            if e.type != "Person" or len(other) != len(words):
                continue
            diff = [(a, b) for a, b in zip(words, other, strict=True) if a != b]
            if len(diff) == 1 and min(len(diff[0][0]), len(diff[0][1])) >= 5 and _one_edit(*diff[0]) \
                    and diff[0][0][0] == diff[0][1][0]:
                hits.append(e.local_id)
        return hits[0] if len(hits) == 1 else None

    @staticmethod
    def _is_generic(name: str, label: str) -> bool:
        """"National Library", "the Library", "the State University": descriptions that refer back,
        not names ("National Libraries Section" is a name: its head is not a library word)."""
        if label not in ORG_TYPES:
            return False
        words = name.lower().split()
        if len(words) > 1 and words[-1] in ORGANIZATION_HEADS and words[0] in BODY_MODIFIERS and all(
                w in BODY_MODIFIERS | GENERIC_NAME_WORDS for w in words[:-1]):
            return True  # "the Executive Committee", "the General Directorate": a body of something named
        if len(words) > 1 and words[-1] not in LIBRARY_HEADS | {"university", "museum", "archive", "archives"}:
            return False
        if any(w in LEGISLATURE_WORDS for w in words[:-1]):
            return False  # "the National Assembly Library", "the Parliament Library": a legislature's, a name
        return all(w in GENERIC_NAME_WORDS | LIBRARY_HEADS | ORGANIZATION_HEADS for w in words)


def _one_edit(a: str, b: str) -> bool:
    """One letter inserted, deleted or replaced turns ``a`` into ``b``."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@Language.factory("libgraph_mentions", requires=["doc.spans", "doc._.lg_meta"],
                  assigns=["doc._.lg_entities", "doc._.lg_span_entity"])
def make_mention_clusterer(nlp: Language, name: str) -> MentionClusterer:
    return MentionClusterer(default_gazetteer())
