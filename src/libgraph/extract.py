"""From a parsed ``Doc`` to the article's entities and statements (``model`` objects).

Entities: the mentions of ``doc.spans["libgraph"]`` clustered within the
article (same name, abbreviation, "X in <place>" short form, surname).
References ("the library", "it", "the NLC", "the delegation from X") are
resolved to the salient named entity before relations are read.

Relations are read from the dependency parse, one rule per construction;
each statement records the rule, the sentence and a confidence. Negated,
hypothetical or planned events ("hoped to sign", "did not visit") give none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from .dates import sentence_date, years_in
from .model import Article, ArticleGraph, Entity, Evidence, Mention, Statement
from .names import clean_name, is_acronym, place_variant, strip_named_after, strip_place_suffix
from .nlp.entities import SPAN_KEY, SpanKey, key, meta
from .nlp.lexicon import (
    AGREEMENT_NOUNS,
    ASSOCIATION_HEADS,
    DONATE_VERBS,
    EVENT_NOUNS,
    GIFT_NOUNS,
    GROUP_NOUNS,
    HONORIFICS,
    LIBRARY_HEADS,
    ORGANIZATION_HEADS,
    PLACE_SUFFIXES,
    QUOTE_CHARS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    SIGN_VERBS,
    TITLE_WORDS,
    UNIT_HEADS,
)
from .nlp.relations import RuleMatch
from .nlp.rules import Binding, Rule, catalogue
from .places import Gazetteer, default_gazetteer

ORG_TYPES = frozenset({"Library", "Organization"})
AGENT_TYPES = ORG_TYPES | {"Person"}
PLACE_TYPES = frozenset({"City", "Country"})

VISIT_NOUNS = frozenset({"visit", "tour", "trip"})
MEET_NOUNS = frozenset({"talk", "talks", "meeting", "negotiation", "negotiations", "conversation", "discussion"})
ORGANIZE_VERBS = frozenset({"organize", "organise", "launch", "host", "implement", "stage", "hold", "run",
                            "conduct", "arrange", "initiate", "present", "open", "co-organize", "coordinate",
                            "sponsor", "co-sponsor", "inaugurate", "set"})
FOUND_VERBS = frozenset({"found", "establish", "build", "open", "create", "inaugurate", "set"})
TRANSFER_VERBS = frozenset({"supply", "provide", "send", "receive", "hand", "sell", "buy", "acquire", "digitize",
                            "digitise", "publish", "print", "lend", "borrow", "exchange", "deliver", "bring"})
COLLECTION_NOUNS = frozenset({"book", "books", "volume", "volumes", "item", "items", "document", "documents",
                              "title", "titles", "copy", "copies", "manuscript", "manuscripts", "publication",
                              "publications", "unit", "units", "exemplar", "exemplars", "material", "materials"})
MODAL_HEADS = frozenset({"hope", "plan", "intend", "want", "wish", "expect", "propose", "consider", "aim",
                         "seek", "discuss", "invite", "prepare", "agree", "offer", "promise", "try",
                         "would", "could", "might", "may", "will", "should", "shall", "can", "must"})
WISH_HEADS = frozenset({"hope", "plan", "intend", "want", "wish", "expect", "propose", "consider", "aim", "seek"})
HYPOTHETICAL_MODS = frozenset({"possible", "potential", "future", "prospective", "planned", "proposed", "draft"})
PERSON_NOUNS = frozenset({"ambassador", "diplomat", "director", "minister", "envoy", "guest", "head", "chairman",
                          "president", "rector", "professor", "librarian", "curator", "leader"})
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100, "a": 1}
SCALE_WORDS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "mln": 1_000_000}
GENERIC_NAME_WORDS = frozenset({"national", "state", "central", "public", "academic", "republican", "scientific",
                                "regional", "city", "municipal", "university", "presidential", "the", "main"})

PART_NOUNS = frozenset({"branch", "department", "division", "subsidiary", "part", "unit", "section", "affiliate",
                        "sub-library", "sublibrary", "library", "libraries", "branches", "departments", "units",
                        "divisions", "faculty", "school", "institute", "office", "offices", "centre", "center"})

INSTITUTION_NOUNS = frozenset({"university", "library", "institution", "organization", "organisation", "centre",
                               "center", "museum", "archive", "institute", "school", "college", "body", "agency"})


# words that may stand between the members of a list of names
LIST_INTRODUCERS = frozenset({"and", "or", "the", "as", "well", "also", "with", "&", "among", "them", "including",
                              "such", "like", "namely", "notably", "particularly", "especially", "both"})

# what a pattern rule's subject and object may be, by predicate (persons signing stand for their organisations)
PREDICATE_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "visited": (AGENT_TYPES, ORG_TYPES | PLACE_TYPES),
    "metWith": (AGENT_TYPES, AGENT_TYPES),
    "signedAgreementWith": (AGENT_TYPES, AGENT_TYPES),
    "memberOf": (ORG_TYPES, ORG_TYPES),
    "locatedIn": (ORG_TYPES | frozenset({"City"}), PLACE_TYPES),
    "worksFor": (frozenset({"Person"}), ORG_TYPES),
    "namedAfter": (ORG_TYPES, frozenset({"Person"})),
    "partOf": (ORG_TYPES, ORG_TYPES),
    "organized": (ORG_TYPES, frozenset({"Event"})),
    "donatedTo": (AGENT_TYPES, ORG_TYPES),
}
# a post named by the verb of a clause ("who heads the library")
POST_OF_VERB = {"head": "Head", "direct": "Director", "chair": "Chair", "lead": "Head", "manage": "Manager",
                "run": "Head", "preside": "President", "govern": "Governor", "coordinate": "Coordinator",
                "represent": "Representative", "curate": "Curator", "edit": "Editor"}

# base confidences by kind of evidence
CONF_DIRECT = 0.9
CONF_NAME = 0.95
CONF_REFERENCE = 0.8
CONF_IMPLIED = 0.6


class ArticleExtractor:
    """Reads one parsed article; ``run()`` returns its :class:`ArticleGraph`."""

    def __init__(self, doc: Doc, article: Article, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or default_gazetteer()
        self.doc = doc
        self.article = article
        self.graph = ArticleGraph(article=article)
        self.span_entity: dict[SpanKey, str] = {}
        self.spans: list[Span] = [sp for sp in doc.spans[SPAN_KEY]]
        self._seen: set[tuple[str, str, str]] = set()
        self._groups: list[str] = []  # organisations that groups of people were resolved to
        self._outermost_cache: dict[frozenset[str], list[tuple[Span, str]]] | None = None  # set once clustered
        self._matches_by_sentence: dict[int, list[RuleMatch]] = {}

    # ------------------------------------------------------------ entities --
    def _cluster(self) -> None:
        entities: dict[str, Entity] = {}
        by_name: dict[tuple[str, str], str] = {}
        abbrs: dict[str, str] = {}
        persons_by_token: dict[str, set[str]] = {}

        def type_key(t: str) -> str:
            return "Org" if t in ORG_TYPES else t

        def norm(name: str) -> str:
            return re.sub(r"[^\w]+", " ", clean_name(name).replace("’", "'")).strip().casefold()

        ordered = sorted(self.spans, key=lambda sp: (-(sp.end - sp.start), sp.start))
        for sp in ordered:
            m = meta(sp)
            name = clean_name(m.name)
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
            eid = next((by_name[(tk, c)] for c in candidates if (tk, c) in by_name), None)
            if eid is None and is_acronym(name) and name in abbrs:
                eid = abbrs[name]
            if eid is None and tk == "Org" and not is_acronym(name):
                eid = self._longer_name(name, entities, self.gaz)
            if eid is None and tk == "Person" and len(name.split()) == 1:
                owners = persons_by_token.get(name.casefold(), set())
                if len(owners) == 1:
                    eid = next(iter(owners))
            if eid is None:
                eid = f"e{len(entities) + 1}"
                entities[eid] = Entity(local_id=eid, type=sp.label_, name=name, external_ids=dict(m.ext))
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
            ent.mentions.append(Mention(sp.text, sp.start_char, sp.end_char, *sentence_bounds(sent)))
            self.span_entity[key(sp)] = eid
        for ent in entities.values():
            ent.external_ids.pop("distributed_from", None)
            ent.aliases.discard(ent.name)
            ent.mentions.sort(key=lambda mn: mn.start)
        self._merge_appositions(entities)
        # an acronym standing alone that an earlier name introduced is that name
        for sp in self.spans:
            if key(sp) not in self.span_entity and clean_name(sp.text) in abbrs:
                self.span_entity[key(sp)] = abbrs[clean_name(sp.text)]
        self.graph.entities = entities

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

    @staticmethod
    def _longer_name(name: str, entities: dict[str, Entity], gaz: Gazetteer) -> str | None:
        """"Organizing Committee" after "Japan Organizing Committee", "National Library of Poland" after
        "Jan Kowalski National Library of Poland": a shorter form ending the same way, same head noun."""
        words = name.casefold().split()
        if len(words) < 2:
            return None
        def extends(longer: str) -> bool:
            lw = longer.casefold().split()
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
    def _is_generic(name: str, label: str) -> bool:
        """"National Library", "the Library", "the State University": descriptions that refer back,
        not names ("National Libraries Section" is a name: its head is not a library word)."""
        if label not in ORG_TYPES:
            return False
        words = name.lower().split()
        if len(words) > 1 and words[-1] not in LIBRARY_HEADS | {"university", "museum", "archive", "archives"}:
            return False
        return all(w in GENERIC_NAME_WORDS | LIBRARY_HEADS | ORGANIZATION_HEADS for w in words)

    # -------------------------------------------------------- references --
    def entities_at(self, tok: Token, types: frozenset[str] = AGENT_TYPES, *, refer: bool = True) -> list[str]:
        """The entity a token names or refers to (outermost name containing it)."""
        best: Span | None = None
        for sp in self.spans:
            if not (sp.start <= tok.i < sp.end and key(sp) in self.span_entity) or \
                    self.graph.entities[self.span_entity[key(sp)]].type not in types:
                continue
            # the name whose head is this token, else the longest name containing it
            if best is None or (sp.root == tok, len(sp)) > (best.root == tok, len(best)):
                best = sp
        if best is not None:
            return [self.span_entity[key(best)]]
        return self.refer(tok, types) if refer else []

    def refer(self, tok: Token, types: frozenset[str]) -> list[str]:
        """Resolve pronouns, definite descriptions and group nouns to named entities."""
        lower = tok.lower_
        if tok.pos_ == "PRON" or lower in {"its", "their", "his", "her"}:
            if lower in {"he", "him", "his", "she", "her"}:
                return self._previous_subject(tok, frozenset({"Person"}) & types)
            if lower in {"it", "its", "they", "their", "them"}:
                return self._previous_subject(tok, ORG_TYPES & types)
            return []
        pair = self._pair(tok, types)
        if pair:
            return pair
        if lower in GROUP_NOUNS or tok.lemma_.lower() in GROUP_NOUNS:
            group = self._group(tok)
            if group:
                self._groups.append(group[0])
                return [g for g in group if self.graph.entities[g].type in types]
            if lower in {"visitors", "guests", "delegation", "delegates", "visitor", "guest", "team"}:
                return [v for v in self._visitors() if self.graph.entities[v].type in types][:1]
            return []
        return self._describe(tok, types)

    def _pair(self, tok: Token, types: frozenset[str]) -> list[str]:
        """"the two libraries", "both institutions", "the two sides", "the parties": the two organisations
        the article has named most often so far."""
        if not (ORG_TYPES & types) or tok.tag_ not in {"NNS", "NNPS"} or \
                tok.lemma_.lower() not in INSTITUTION_NOUNS | LIBRARY_HEADS | {"side", "party", "partner"}:
            return []
        counted = any(c.lower_ in {"two", "both"} for c in tok.children)
        parties = tok.lemma_.lower() in {"side", "party"} and any(c.lower_ == "the" for c in tok.children)
        if not (counted or parties):
            return []
        wanted = frozenset({"Library"}) if tok.lemma_.lower() in LIBRARY_HEADS else ORG_TYPES
        before = self._mentioned_before(tok, wanted)
        counts = {e: sum(1 for m in self.graph.entities[e].mentions if m.start < tok.idx) for e in before}
        ranked = sorted(before, key=lambda e: (-counts[e], before.index(e)))
        return ranked[:2] if len(ranked) >= 2 else []

    def _group(self, tok: Token) -> list[str]:
        """The organisation a group of people belongs to: "specialists of X", "the delegation from Almaty",
        "the Almaty team", "the Slovenian delegation"."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.entities_at(pobj, ORG_TYPES | PLACE_TYPES)
                        return self._org_for_place(found, tok) if found else []
        for child in tok.children:  # "the Almaty team", "the Slovenian delegation"
            if child.dep_ in {"compound", "amod", "nmod"}:
                found = self.entities_at(child, ORG_TYPES | PLACE_TYPES, refer=False)
                if found:
                    return self._org_for_place(found, tok)
                country = self.gaz.country_of_demonym(child.text)
                if country:
                    return self._org_of_country(country.code, tok)
        return []

    def _describe(self, tok: Token, types: frozenset[str]) -> list[str]:
        """Definite descriptions: "the library", "the federation", "the ambassador", and
        "Chile's national library" (the library of that country named in the article)."""
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in LIBRARY_HEADS and ORG_TYPES & types:
            for poss in tok.children:
                if poss.dep_ == "poss":
                    for country in self.entities_at(poss, frozenset({"Country"}), refer=False):
                        code = self.graph.entities[country].external_ids.get("iso3166")
                        found = self._org_of_country(code, tok) if code else []
                        return found or self._salient(tok, frozenset({"Library"}), recent_first=False)
        if tok.pos_ in {"NOUN", "PROPN"} and any(c.lower_ in {"the", "this", "that"} for c in tok.children):
            head = tok.lemma_.lower()
            if head in LIBRARY_HEADS and ORG_TYPES & types:
                return self._salient(tok, frozenset({"Library"}))
            if head in ORGANIZATION_HEADS and ORG_TYPES & types:
                return self._salient(tok, ORG_TYPES, head_word=head)
            if head in PERSON_NOUNS and "Person" in types:
                return self._salient(tok, frozenset({"Person"}))
        if tok.pos_ == "PROPN" and tok.lower_ in LIBRARY_HEADS and ORG_TYPES & types:
            return self._salient(tok, frozenset({"Library"}))
        return []

    def _org_for_place(self, found: list[str], tok: Token) -> list[str]:
        """"the delegation from Almaty": the organisation of that place already named in the article."""
        out: list[str] = []
        for eid in found:
            ent = self.graph.entities[eid]
            if ent.type in ORG_TYPES:
                out.append(eid)
                continue
            for cand in self._mentioned_before(tok, ORG_TYPES):
                if any(st.subject == cand and st.predicate == "locatedIn" and st.object == eid
                       for st in self.graph.statements):
                    out.append(cand)
                    break
        return out

    def _org_of_country(self, code: str, tok: Token) -> list[str]:
        """The organisation named before ``tok`` that lies in (or is named after) the country ``code``."""
        countries = {e.local_id for e in self.graph.entities.values()
                     if e.type == "Country" and e.external_ids.get("iso3166") == code}
        name = self.gaz.countries[code].name.lower() if code in self.gaz.countries else None
        for cand in self._mentioned_before(tok, ORG_TYPES):
            located = any(st.subject == cand and st.predicate == "locatedIn" and st.object in countries
                          for st in self.graph.statements)
            if located or (name and name in self.graph.entities[cand].name.lower()):
                return [cand]
        return []

    def _mentioned_before(self, tok: Token, types: frozenset[str]) -> list[str]:
        """Entities of ``types`` mentioned before ``tok``, most recent first."""
        seen: list[str] = []
        for sp in sorted(self.spans, key=lambda s: -s.start):
            if sp.start >= tok.i and not (sp.start <= tok.i < sp.end):
                continue
            eid = self.span_entity.get(key(sp))
            if eid and eid not in seen and self.graph.entities[eid].type in types and sp.start < tok.i:
                seen.append(eid)
        return seen

    def _salient(self, tok: Token, types: frozenset[str], head_word: str | None = None,
                 recent_first: bool = True) -> list[str]:
        """The entity a description or implied agent refers to: of those named before ``tok``, the one
        named most often so far (the article's topic), the most recent on a tie."""
        before = self._mentioned_before(tok, types)
        if head_word:
            before = [e for e in before if head_word in self.graph.entities[e].name.lower()] or before
        if not before:
            return []
        # one named in this or the previous sentence is the one meant; otherwise the article's topic
        sents = [s for s in self.doc.sents if s.start <= tok.i][-2:]
        window_start = sents[0].start_char if sents else 0
        recent = [e for e in before if any(window_start <= m.start < tok.idx for m in self.graph.entities[e].mentions)]
        if recent and recent_first:
            return recent[:1]
        counts = {e: sum(1 for m in self.graph.entities[e].mentions if m.start < tok.idx) for e in before}
        return [max(before, key=lambda e: (counts[e], -before.index(e)))]

    def _previous_subject(self, tok: Token, types: frozenset[str]) -> list[str]:
        """For "it"/"they": the subject of the nearest earlier clause that names one."""
        sents = [s for s in self.doc.sents if s.start <= tok.i]
        for sent in reversed(sents[-3:]):
            for t in sent:
                if t.i >= tok.i or t.dep_ not in {"nsubj", "nsubjpass"}:
                    continue
                found = self.entities_at(t, types, refer=False)
                if found:
                    candidate = found
            if "candidate" in locals():
                return candidate
        return self._mentioned_before(tok, types)[:1]

    # --------------------------------------------------------- statements --
    def add(self, s: str, p: str, o: str, sent: Span, rule: str, conf: float, *, role: str | None = None,
            date: str | None = None, trigger: Token | None = None) -> None:
        if s == o:
            return
        ents = self.graph.entities
        if p not in {"founded", "collectionSize"} and (s not in ents or o not in ents):
            return
        k = (s, p, o)
        if p in {"metWith", "signedAgreementWith"} and (o, p, s) in self._seen:
            return
        if k in self._seen:
            return
        self._seen.add(k)
        if date is None and p in {"visited", "metWith", "signedAgreementWith", "donatedTo", "organized",
                                  "memberOf", "namedAfter"}:
            text = re.sub(r"[\"“«][^\"”»]*[\"”»]", " ", sent.text)
            date = sentence_date(text, self.article.date)
            if date is None and not years_in(text) and p in {"visited", "metWith", "signedAgreementWith",
                                                             "donatedTo"}:
                date = self.article.date
        start, end = sentence_bounds(sent)
        ev = Evidence(sent.text.strip(), start, end, rule, conf,
                      trigger.idx if trigger is not None else None,
                      trigger.idx + len(trigger.text) if trigger is not None else None)
        self.graph.statements.append(Statement(s, p, o, ev, date=date, role=role))

    def run(self) -> ArticleGraph:
        for match in self.doc._.lg_relation_matches or []:
            first = min(i for ix in match.nodes.values() for i in ix)
            self._matches_by_sentence.setdefault(self.doc[first].sent.start, []).append(match)
        self._cluster()
        self._outermost_cache = {}
        self._name_relations()
        for sent in self.doc.sents:
            self._posts(sent)
            self._pattern_statements(sent)
            for tok in sent:
                if tok.lower_ in GROUP_NOUNS and tok.pos_ == "NOUN":
                    self._groups += self._group(tok)[:1]
                if self._negated_or_hypothetical(tok):
                    continue
                lemma = tok.lemma_.lower()
                if tok.pos_ in {"VERB", "AUX"}:
                    if lemma in SIGN_VERBS:
                        self._signed(tok, sent)
                    if lemma in {"visit", "tour"}:
                        self._visit_verb(tok, sent)
                    if lemma in {"meet", "receive", "welcome", "greet", "host"}:
                        self._met(tok, sent)
                    if lemma == "form":
                        self._formed_with(tok, sent)
                    if lemma in {"join", "enter"}:
                        self._membership_verb(tok, sent)
                    if lemma in FOUND_VERBS:
                        self._founded(tok, sent)
                    if lemma in ORGANIZE_VERBS:
                        self._organized(tok, sent)
                    if lemma in DONATE_VERBS:
                        self._donated(tok, sent)
                    if lemma in {"bear", "carry", "receive", "bore", "name"}:
                        self._named(tok, sent)
                if tok.pos_ == "NOUN" and lemma in VISIT_NOUNS:
                    self._visit_noun(tok, sent)
                if tok.pos_ == "NOUN" and lemma in MEET_NOUNS | {"call"}:
                    self._meeting_noun(tok, sent)
                if tok.lower_ in {"member", "members", "part", "partner", "partners", "participant",
                                  "participants"}:
                    self._member_noun(tok, sent)
                if tok.lower_ in COLLECTION_NOUNS and tok.pos_ == "NOUN":
                    self._collection(tok, sent)
            self._part_of(sent)
            self._located_in(sent)
            self._city_countries(sent)
            self._event_owners(sent)
            self._stay(sent)
        self._merge_named_after()
        return self.graph

    def _merge_named_after(self) -> None:
        """"Since 1939 the library has borne the name of Mirza Fatali Akhundov" ... "the Mirza Fatali
        Akhundov Library": a name made of the eponym and a head noun is the library named after them."""
        ents = self.graph.entities
        for st in [s for s in self.graph.statements if s.predicate == "namedAfter"]:
            if st.subject not in ents or st.object not in ents:
                continue
            person = ents[st.object].name.casefold()
            for other in list(ents.values()):
                words = other.name.casefold()
                if other.local_id == st.subject or other.type not in ORG_TYPES or not words.startswith(person + " "):
                    continue
                rest = words[len(person) + 1 :].split()
                if rest and all(w in LIBRARY_HEADS | ORGANIZATION_HEADS | GENERIC_NAME_WORDS for w in rest):
                    self._merge_into(st.subject, other.local_id)

    def _merge_into(self, keep_id: str, gone_id: str) -> None:
        """Fold entity ``gone_id`` into ``keep_id``, statements included."""
        keep, gone = self.graph.entities[keep_id], self.graph.entities.pop(gone_id)
        self._outermost_cache = {}
        keep.aliases |= gone.aliases | {gone.name}
        keep.aliases.discard(keep.name)
        keep.mentions = sorted(keep.mentions + gone.mentions, key=lambda m: m.start)
        if gone.type == "Library":
            keep.type = "Library"
        for span_key, v in list(self.span_entity.items()):
            if v == gone_id:
                self.span_entity[span_key] = keep_id
        seen: set[tuple[str, str, str]] = set()
        kept: list[Statement] = []
        for st in self.graph.statements:
            st.subject = keep_id if st.subject == gone_id else st.subject
            if st.object == gone_id:
                st.object = keep_id
            triple = (st.subject, st.predicate, st.object)
            if st.subject != st.object and triple not in seen:
                seen.add(triple)
                kept.append(st)
        self.graph.statements = kept
        self._seen = seen

    # ------------------------------------------------------------ helpers --
    def _negated_or_hypothetical(self, tok: Token) -> bool:
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ in {"will", "would", "could", "might", "may", "should", "shall"}
               for c in tok.children):
            return True
        t = tok
        while t.dep_ in {"xcomp", "ccomp", "advcl", "acl"} and t.head is not t:
            if t.dep_ == "advcl" and any((c.dep_ == "advmod" and c.tag_ == "WRB") or (c.dep_ == "mark" and c.lower_ in {
                    "when", "after", "before", "while", "since", "as", "because", "once"}) for c in t.children):
                return False  # "proposed in June, when X visited Y": a stated fact dates the plan
            link, t = t.dep_, t.head
            # "hoped to sign", "agreed to visit" (xcomp); "hopes that they will meet" (ccomp), but
            # "agreed that ..." reports what was agreed, so only wishes and plans block a clause
            if t.lemma_.lower() in (MODAL_HEADS if link == "xcomp" else WISH_HEADS):
                return True
        return False

    def _expand(self, tok: Token) -> list[Token]:
        out = [tok]
        for c in tok.conjuncts:
            out.append(c)
        for c in tok.children:
            if c.dep_ == "appos":
                out.append(c)
        return out

    def _subjects(self, verb: Token, types: frozenset[str] = AGENT_TYPES) -> list[str]:
        """Agents of a verb: nsubj, or the by-agent of a passive; inherited from a coordinated verb."""
        result: list[str] = []
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        heads = [c for c in verb.children if c.dep_ == "nsubj" and not passive]
        agents = [c for c in verb.children if c.dep_ == "agent" or (c.dep_ == "conj" and c.lower_ == "by")]
        agents += [cj for a in agents for cj in a.children if cj.dep_ == "conj" and cj.lower_ == "by"]  # "and by Y"
        heads += [p for c in agents for p in c.children if p.dep_ == "pobj"]
        for c in heads:
            expanded = self._expand(c)
            direct = [e for t in expanded for e in self.entities_at(t, types, refer=False)]
            if direct:  # with the rest of a coordinated list the parse attached elsewhere
                direct += self._entities_in(c, types)
            result += direct or [e for t in expanded for e in self.entities_at(t, types)]
        if not result and verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
            return self._subjects(verb.head, types)
        if not result and verb.dep_ in {"acl", "relcl", "advcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
            result += self.entities_at(verb.head, types)
        return list(dict.fromkeys(result))

    def _outermost(self, types: frozenset[str]) -> list[tuple[Span, str]]:
        """Outermost named spans of ``types`` (a name nested in a longer one of these types is left out).
        Worked out once per set of types: the spans and their entities are fixed once clustered."""
        if self._outermost_cache is None:
            return self._outermost_of(types)
        if types not in self._outermost_cache:
            self._outermost_cache[types] = self._outermost_of(types)
        return self._outermost_cache[types]

    def _outermost_of(self, types: frozenset[str]) -> list[tuple[Span, str]]:
        out: list[tuple[Span, str]] = []
        covered: set[int] = set()
        for sp in sorted(self.spans, key=lambda s: (-(s.end - s.start), s.start)):
            eid = self.span_entity.get(key(sp))
            if eid is None or self.graph.entities[eid].type not in types:
                continue
            if any(i in covered for i in range(sp.start, sp.end)):
                continue
            covered.update(range(sp.start, sp.end))
            out.append((sp, eid))
        return sorted(out, key=lambda x: x[0].start)

    def _entities_in(self, tok: Token, types: frozenset[str]) -> list[str]:
        """Named entities of ``types`` in the subtree of ``tok``, continued along a coordinated list
        ("A, B, the C and D") even where the parse attaches the list elsewhere; appositions and
        relative clauses inside the subtree are left out."""
        skip: set[int] = set()
        for t in tok.subtree:
            if t.dep_ in {"appos", "relcl"} and t is not tok and (
                    t.lower_ in ROLE_NOUNS | TITLE_WORDS or t.dep_ != "appos"):
                skip.update(x.i for x in t.subtree)
        if tok.lemma_.lower() in INSTITUTION_NOUNS and not any(sp.start <= tok.i < sp.end for sp in self.spans):
            # "two Lyon institutions": a modifier names where they are, not which they are
            for c in tok.children:
                if c.dep_ in {"compound", "amod", "nmod", "nummod"} and \
                        self.entities_at(c, PLACE_TYPES, refer=False):
                    skip.update(x.i for x in c.subtree)
        sub = {t.i for t in tok.subtree} - skip
        spans = self._outermost(types)
        out: list[str] = []
        last_end = None
        for sp, eid in spans:
            if sp.root.i in sub or (sp.start in sub and sp.end - 1 in sub):
                out.append(eid)
                last_end = sp.end
        if last_end is None:
            # "a range of universities, among them A, B and C": the list follows the subtree
            after = self.doc[tok.right_edge.i + 1 : tok.right_edge.i + 4]
            if any(t.lower_ in LIST_INTRODUCERS - {"and", "or", "the", "also", "with", "&"} for t in after) or (
                    tok.tag_ in {"NNS", "NNPS"} and after and after[0].text in {",", ":", "—"}):
                last_end = tok.right_edge.i + 1  # "two Lyon institutions, the X and the Y"
        if last_end is not None:
            for sp, eid in spans:
                if sp.start < last_end:
                    continue
                gap = self.doc[last_end : sp.start]
                if sp.sent != tok.sent or not all(
                        g.is_punct or g.lower_ in LIST_INTRODUCERS or is_acronym(g.text) for g in gap):
                    break
                if any(g.i in skip for g in gap):
                    break
                out.append(eid)
                last_end = sp.end
        if not out:
            for t in self._expand(tok):
                out += self.refer(t, types)
        return list(dict.fromkeys(out))

    def _objects(self, verb: Token, types: frozenset[str], preps: Iterable[str] = ()) -> list[str]:
        out: list[str] = []
        prepset = set(preps)
        for c in verb.children:
            if c.dep_ in {"dobj", "attr"} or (c.dep_ == "nsubjpass" and not prepset):
                out += self._entities_in(c, types)
            if c.dep_ == "prep" and c.lower_ in prepset:
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        out += self._entities_in(pobj, types)
        return list(dict.fromkeys(out))

    def _prep_objects(self, tok: Token, preps: set[str], types: frozenset[str]) -> list[str]:
        out: list[str] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        out += self._entities_in(pobj, types)
            if c.dep_ == "cc" or (c.dep_ == "conj" and c.pos_ == "ADP"):
                continue
        return out

    # -------------------------------------------------------- predicates --
    def _name_relations(self) -> None:
        for outer, pred, inner, rule in self.doc._.lg_name_relations or []:
            s = self.span_entity.get(outer)
            if s is None:
                continue
            sent = self.doc[outer[0]].sent
            o = self.span_entity.get(inner)
            if o is None or (pred == "locatedIn" and self.graph.entities[s].type not in ORG_TYPES):
                continue
            if pred == "partOf" and self.graph.entities[s].type == "Event":
                if self.graph.entities[o].type in ORG_TYPES:  # "the 76th General Conference of IFLA"
                    self.add(o, "organized", s, sent, "name-event-of-organisation", CONF_NAME)
                continue
            self.add(s, pred, o, sent, rule, CONF_NAME)

    def _pattern_statements(self, sent: Span) -> None:
        """Statements of the pattern rules (``nlp/patterns/``) that matched in ``sent``."""
        rules = catalogue()
        for match in self._matches_by_sentence.get(sent.start, ()):
            rule = rules[match.rule]
            anchor = self.doc[match.nodes[rule.anchor][0]] if rule.anchor else None
            if anchor is not None and (self._negated_or_hypothetical(anchor) or any(
                    c.lower_ in HYPOTHETICAL_MODS for c in anchor.children)):
                continue  # "did not visit", "hoped to sign", "a future agreement"
            s_types, o_types = PREDICATE_TYPES[rule.predicate]
            subjects = self._bound(match.nodes, rule.subject, s_types)
            if rule.predicate == "visited" and anchor is not None and any(
                    c.dep_ == "nsubj" and c.lower_ in {"they", "we"} for c in anchor.children):
                subjects = self._visitors()[:1] or subjects  # in a visit's account, "they" are the visitors
            objects = self._bound(match.nodes, rule.object, o_types)
            if rule.predicate == "signedAgreementWith":
                subjects, objects = self._orgs_of(subjects), self._orgs_of(objects)
            role = self._rule_role(match.nodes, rule)
            if rule.pairwise:
                everyone = list(dict.fromkeys(subjects + objects))
                pairs = [(a, b) for i, a in enumerate(everyone) for b in everyone[i + 1 :]]
            else:
                pairs = [(a, b) for a in subjects for b in objects]
            for a, b in pairs:
                self.add(a, rule.predicate, b, sent, rule.id, rule.confidence, role=role, trigger=anchor)

    def _bound(self, nodes: dict[str, tuple[int, ...]], binding: Binding | None,
               types: frozenset[str]) -> list[str]:
        if binding is None or binding.node not in nodes:
            return []
        tok = self.doc[nodes[binding.node][0]]
        if binding.agents:
            return self._subjects(tok, types)
        if binding.list:
            return self._entities_in(tok, types)
        return self.entities_at(tok, types)

    def _rule_role(self, nodes: dict[str, tuple[int, ...]], rule: Rule) -> str | None:
        """The post a worksFor rule states: the words of its role node ("Executive Deputy Director"), or
        the post its verb names ("who heads" -> "Head")."""
        if rule.predicate != "worksFor" or rule.role is None or rule.role not in nodes:
            return None
        idx = sorted(nodes[rule.role])
        tok = self.doc[idx[0]]
        if tok.pos_ == "VERB" and len(idx) == 1:
            return POST_OF_VERB.get(tok.lemma_.lower(), tok.lemma_.capitalize())
        if len(idx) == 1:
            left = [c.i for c in tok.lefts if c.dep_ in {"compound", "amod"} and self._is_role_word(c)
                    and c.lower_ not in {"its", "the", "their"}]
            idx = sorted({*left, tok.i})
            idx = list(range(idx[0], idx[-1] + 1))
        return self._role_text(self.doc[idx[0] : idx[-1] + 1]) or None

    def _signed(self, verb: Token, sent: Span) -> None:
        nouns = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        nouns += [cj for n in nouns for cj in n.conjuncts]
        if not any(n.lemma_.lower() in AGREEMENT_NOUNS or n.lower_ in AGREEMENT_NOUNS for n in nouns):
            return
        if any(m.lower_ in HYPOTHETICAL_MODS for n in nouns for m in n.children):
            return
        agents = self._subjects(verb, AGENT_TYPES)
        # "signed on behalf of the Commission by X"
        behalf = [o for t in verb.subtree if t.lower_ == "behalf" for o in self._prep_objects(t, {"of"}, ORG_TYPES)]
        # "signed on behalf of X by Y, CEO of Z": X is the party, not Y's employer
        parties = behalf or self._orgs_of(agents)
        partners: list[str] = []
        holders = [verb, *nouns] + [t for n in nouns for t in n.subtree if t.pos_ == "NOUN" and t not in nouns
                                    and t.dep_ == "pobj" and t.head.head in nouns]
        for holder in holders:
            partners += self._prep_objects(holder, {"with"}, ORG_TYPES)
            between = self._prep_objects(holder, {"between", "among"}, ORG_TYPES)
            parties += between
        partners = list(dict.fromkeys(partners))
        parties = [p for p in dict.fromkeys(parties) if self.graph.entities[p].type in ORG_TYPES]
        rule = "sign-agreement-passive" if any(c.dep_ == "nsubjpass" for c in verb.children) else "sign-agreement"
        if partners:
            for s in parties:
                for o in partners:
                    self.add(s, "signedAgreementWith", o, sent, rule, CONF_DIRECT, trigger=verb)
        else:
            for i, s in enumerate(parties):
                for o in parties[i + 1 :]:
                    self.add(s, "signedAgreementWith", o, sent, rule, CONF_DIRECT, trigger=verb)

    def _orgs_of(self, agents: list[str]) -> list[str]:
        """Organisations for agents: a person signing is replaced by the organisation they work for."""
        out: list[str] = []
        for a in agents:
            if self.graph.entities[a].type in ORG_TYPES:
                out.append(a)
                continue
            out += [st.object for st in self.graph.statements if st.subject == a and st.predicate == "worksFor"][:1]
        return list(dict.fromkeys(out))

    def _visited(self, trigger: Token, sent: Span, subjects: list[str], objects: list[str]) -> None:
        for s in subjects:
            for o in objects:
                if self.graph.entities[o].type in ORG_TYPES | PLACE_TYPES:
                    self.add(s, "visited", o, sent, "visit", CONF_DIRECT, trigger=trigger)

    def _visit_verb(self, verb: Token, sent: Span) -> None:
        objects = self._objects(verb, PLACE_TYPES | ORG_TYPES)
        if not objects and verb.dep_ == "relcl":  # "the library, which a delegation visited"
            objects = self.entities_at(verb.head, PLACE_TYPES | ORG_TYPES)
        self._visited(verb, sent, self._subjects(verb), objects)

    def _stay(self, sent: Span) -> None:
        """"While in Lisbon, the delegation also visited ...": the subject was in that place."""
        doc = self.doc
        for tok in sent:
            if tok.lower_ in {"while", "whilst"} and tok.i + 2 < sent.end and doc[tok.i + 1].lower_ in {"in", "at"}:
                places = self.entities_at(doc[tok.i + 2], PLACE_TYPES, refer=False)
                verb = self._governing_verb(doc[tok.i + 2])
                while verb is not None and verb.dep_ in {"advcl", "prep", "pcomp"} and verb.head is not verb:
                    verb = verb.head if verb.head.pos_ in {"VERB", "AUX"} else self._governing_verb(verb.head)
                if places and verb is not None and not self._negated_or_hypothetical(verb):
                    self._visited(tok, sent, self._subjects(verb), places)

    def _visit_noun(self, noun: Token, sent: Span) -> None:
        """"paid a visit to X", "the visit of A to B", "during his visit to X"."""
        objects = self._prep_objects(noun, {"to"}, ORG_TYPES | PLACE_TYPES)
        if not objects:
            return
        subjects = self._prep_objects(noun, {"of", "by"}, AGENT_TYPES)
        subjects += [e for c in noun.children if c.dep_ == "poss" for e in self.entities_at(c, AGENT_TYPES)]
        if not subjects:
            verb = self._governing_verb(noun)
            if verb is None or self._negated_or_hypothetical(verb):
                return
            subjects = self._subjects(verb)
        self._visited(noun, sent, list(dict.fromkeys(subjects)), objects)

    def _governing_verb(self, tok: Token) -> Token | None:
        t = tok
        for _ in range(6):
            if t.head is t:
                return t if t.pos_ in {"VERB", "AUX"} else None
            t = t.head
            if t.pos_ in {"VERB", "AUX"}:
                return t
        return None

    def _meeting_noun(self, noun: Token, sent: Span) -> None:
        """"held talks with X", "a courtesy call on X", "a meeting with X"."""
        others = self._prep_objects(noun, {"with", "on"}, AGENT_TYPES)
        if not others:
            return
        verb = self._governing_verb(noun)
        if verb is None or self._negated_or_hypothetical(verb):
            return
        subjects = self._subjects(verb)
        for s in subjects:
            for o in others:
                self.add(s, "metWith", o, sent, "talks-with", CONF_DIRECT, trigger=noun)

    def _formed_with(self, verb: Token, sent: Span) -> None:
        """"X was one of the bodies that formed the Y, together with A, B and C": all are members of Y."""
        targets = [e for c in verb.children if c.dep_ == "dobj" for e in self._entities_in(c, ORG_TYPES)]
        if not targets:
            return
        members = self._subjects(verb, ORG_TYPES)
        if verb.dep_ == "relcl":
            # "X was one of the bodies that formed Y": climb to the clause that names X
            head = verb.head
            while head.pos_ not in {"VERB", "AUX"} and head.head is not head:
                head = head.head
            for c in head.children:
                if c.dep_ in {"nsubj", "nsubjpass"}:
                    members += self.entities_at(c, ORG_TYPES)
        for t in sent:
            if t.lower_ == "with" and t.i > 0 and self.doc[t.i - 1].lower_ == "together":
                for pobj in t.children:
                    if pobj.dep_ == "pobj":
                        members += self._entities_in(pobj, ORG_TYPES)
        for s in dict.fromkeys(members):
            for o in targets:
                self.add(s, "memberOf", o, sent, "formed-together-with", CONF_DIRECT, trigger=verb)

    def _met(self, verb: Token, sent: Span) -> None:
        """"A met (with) B", "A and B met", "A received/welcomed B", "B was received by A"."""
        lemma = verb.lemma_.lower()
        subjects = self._subjects(verb)
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        if passive:
            others = [e for c in verb.children if c.dep_ == "nsubjpass" for e in self._entities_in(c, AGENT_TYPES)]
        elif lemma == "meet":
            others = self._objects(verb, AGENT_TYPES, preps={"with"})
        else:
            others = self._objects(verb, AGENT_TYPES)
        if lemma == "host" and not any(self.graph.entities[o].type == "Person" or
                                       o in self._visitors() for o in others):
            return  # "hosted a workshop" is not a meeting
        # "as well as with X": further with-phrases hang off the first one
        for c in verb.subtree:
            if c.dep_ == "prep" and c.lower_ == "with" and c.head is not verb and \
                    c.head.dep_ in {"cc", "prep", "pobj", "conj"}:
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        others += self._entities_in(pobj, AGENT_TYPES)
        others = list(dict.fromkeys(others))
        rule = "received-by" if passive else ("meet-with" if lemma == "meet" else "receive-visitor")
        if not others and lemma == "meet":  # "A and B met"
            for i, s in enumerate(subjects):
                for o in subjects[i + 1 :]:
                    self.add(s, "metWith", o, sent, "meet-each-other", CONF_DIRECT, trigger=verb)
            return
        for s in subjects:
            for o in others:
                self.add(s, "metWith", o, sent, rule, CONF_DIRECT, trigger=verb)

    def _visitors(self) -> list[str]:
        """Who is visiting: subjects of the visits stated so far (most recent first), else the organisation
        a group ("specialists of X", "the Almaty team") was last resolved to."""
        found = list(dict.fromkeys(st.subject for st in reversed(self.graph.statements)
                                   if st.predicate == "visited"))
        return found or self._groups[-1:]

    def _membership_verb(self, verb: Token, sent: Span) -> None:
        """"X joined IFLA (and the CDNL)": the object itself is the organisation ("joined the sessions
        of IFLA's section" is no membership)."""
        objects = [e for c in verb.children if c.dep_ == "dobj" for t in self._expand(c)
                   for e in self.entities_at(t, ORG_TYPES, refer=False)]
        for o in dict.fromkeys(objects):
            for s in self._subjects(verb, ORG_TYPES):
                self.add(s, "memberOf", o, sent, "joined", CONF_DIRECT, trigger=verb)

    def _member_noun(self, noun: Token, sent: Span) -> None:
        """"X has been a member of Y", "X is part of Y" (part of an association is membership)."""
        if noun.dep_ not in {"attr", "dobj", "pobj", "appos"}:
            return
        verb = noun.head
        if noun.dep_ == "pobj":
            return
        targets = self._prep_objects(noun, {"of"} if noun.lower_.startswith(("member", "part")) and
                                     not noun.lower_.startswith(("partner", "participant")) else {"in", "of"},
                                     ORG_TYPES)
        if noun.lower_.startswith(("partner", "participant")):
            targets = [t for t in targets if any(w.lower().strip('"“”') in ASSOCIATION_HEADS | {"group", "project"}
                                                 for w in self.graph.entities[t].name.split())]
        if verb.pos_ in {"VERB", "AUX"}:
            subjects = self._subjects(verb, ORG_TYPES)
        else:
            subjects = self.entities_at(verb, ORG_TYPES)
        if self._negated_or_hypothetical(verb):
            return
        for o in targets:
            ent = self.graph.entities[o]
            head = ent.name.split()[-1].lower().strip('"”')
            is_assoc = any(w.lower().strip('"“”') in ASSOCIATION_HEADS for w in ent.name.split())
            pred = "memberOf" if noun.lower_ != "part" or is_assoc or head in ASSOCIATION_HEADS else "partOf"
            for s in subjects:
                rule = "member-of" if noun.lower_.startswith("member") else (
                    "participant-in" if noun.lower_.startswith(("partner", "participant")) else "part-of")
                self.add(s, pred, o, sent, rule, CONF_DIRECT, trigger=noun)

    def _founded(self, verb: Token, sent: Span) -> None:
        if verb.lemma_.lower() == "set" and not any(c.lower_ == "up" for c in verb.children):
            return
        date = None
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in {"in", "on", "under", "by", "since"}:
                date = sentence_date(" ".join(["in", *[t.text for t in c.subtree][1:]]), None)
                if date:
                    break
        if date is None:  # "founded under Law No. (7) of 2011": a year anywhere in the clause
            clause_years = sorted(t.text for t in verb.subtree if (re.fullmatch(r"1[5-9]\d\d|20\d\d", t.text)
                                  and t.head.pos_ != "NOUN") or (re.fullmatch(r"1[5-9]\d\d|20\d\d", t.text)
                                                                and t.head.lower_ in {"of", "in", "since"}))
            date = clause_years[0] if clause_years else None
        if date is None:
            return
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        subjects: list[str] = []
        if passive:
            for c in verb.children:
                if c.dep_ == "nsubjpass":
                    subjects += self._entities_in(c, ORG_TYPES) if c.pos_ == "PROPN" else self.entities_at(c, ORG_TYPES)
        elif verb.dep_ in {"advcl", "acl"} and verb.tag_ == "VBN":
            # "Founded in 1927, IFLA is ..."
            head = verb.head
            for c in head.children:
                if c.dep_ in {"nsubj", "nsubjpass"}:
                    subjects += self.entities_at(c, ORG_TYPES)
            if verb.head.pos_ in {"NOUN", "PROPN"}:
                subjects += self.entities_at(verb.head, ORG_TYPES)
        if not subjects and verb.dep_ == "conj":
            return self._founded(verb.head, sent) if verb.head.lemma_.lower() in FOUND_VERBS else None
        for s in dict.fromkeys(subjects):
            earlier = [st for st in self.graph.statements if st.subject == s and st.predicate == "founded"]
            if earlier and earlier[0].object <= date:
                continue
            for st in earlier:
                self.graph.statements.remove(st)
                self._seen.discard((st.subject, st.predicate, st.object))
            self.add(s, "founded", date, sent, "founded-in", CONF_DIRECT, trigger=verb)

    def _organized(self, verb: Token, sent: Span) -> None:
        events = self._objects(verb, frozenset({"Event"}))
        for c in verb.children:
            if c.dep_ in {"dobj", "nsubjpass"}:
                for d in c.subtree:
                    if d.dep_ in {"oprd", "appos", "acl"} or d.lower_ == "titled":
                        events += self._entities_in(d, frozenset({"Event"}))
                if c.lemma_.lower() in EVENT_NOUNS:  # 'a joint campaign, "Let's go ..."' however it parses
                    events += self._title_after(c.right_edge.i + 1)
        if verb.dep_ == "relcl" and any(c.dep_ in {"nsubjpass", "dobj", "nsubj"} and c.lower_ in {"which", "that"}
                                        for c in verb.children):
            events += self.entities_at(verb.head, frozenset({"Event"}))  # "the Study, which is sponsored by A"
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            events += self._entities_in(verb.head, frozenset({"Event"}))  # 'the "X" programme run by A'
        events = list(dict.fromkeys(events))
        if not events:
            return
        subjects = self._subjects(verb, ORG_TYPES)
        conf, rule = CONF_DIRECT, "organize-event"
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        if not subjects and passive:
            # "was inaugurated at the National Library": the venue
            subjects, rule = self._prep_objects(verb, {"at"}, ORG_TYPES), "organize-event-venue"
        if not subjects and passive:
            # agentless passive ("projects ... are implemented"): the article's salient organisation
            subjects = self._salient(verb, frozenset({"Library"}), recent_first=False) or \
                self._salient(verb, ORG_TYPES, recent_first=False)
            conf, rule = CONF_IMPLIED, "organize-event-implied"
        for s in subjects:
            for o in events:
                self.add(s, "organized", o, sent, rule, conf, trigger=verb)

    def _title_after(self, i: int) -> list[str]:
        """An event named right after position ``i`` (past punctuation, "titled", "called")."""
        j = i
        while j < len(self.doc) and j - i < 4 and (self.doc[j].is_punct or self.doc[j].lower_ in {
                "titled", "entitled", "called", "named", "dubbed"}):
            j += 1
        for sp, eid in self._outermost(frozenset({"Event"})):
            if sp.start == j:
                return [eid]
        return []

    def _donated(self, verb: Token, sent: Span) -> None:
        lemma = verb.lemma_.lower()
        objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        if verb.dep_ == "relcl" and any(c.lower_ in {"that", "which"} for c in objects):
            # "books and other publications on diplomacy that the ministry passed on to the library":
            # the antecedent, and the noun phrase it belongs to
            t = verb.head
            objects.append(t)
            while t.dep_ in {"pobj", "prep", "conj"} and t.head is not t:
                t = t.head
                objects.append(t)
        gifts = [c for c in objects if c.lemma_.lower() in GIFT_NOUNS or any(
            d.lemma_.lower() in GIFT_NOUNS for d in c.subtree)]
        recipients = self._prep_objects(verb, {"to"}, ORG_TYPES)
        # "presented the National Library of Greece with a number of books"
        if not recipients and lemma == "present":
            with_gifts = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "with" and any(
                d.lemma_.lower() in GIFT_NOUNS for d in p.subtree)]
            if with_gifts:
                for c in objects:
                    recipients += self._entities_in(c, ORG_TYPES)
                gifts = with_gifts
        if lemma in {"hand", "transfer", "give", "present", "contribute", "pass"} and not gifts:
            return
        if not recipients and verb.dep_ == "conj" and verb.head.lemma_.lower() == "visit":
            recipients = self._objects(verb.head, ORG_TYPES)
        if not recipients:
            return
        donors = self._subjects(verb)
        conf, rule = CONF_DIRECT, "donate-to"
        if not donors and any(c.dep_ == "nsubjpass" for c in verb.children) and \
                not any(c.dep_ == "agent" for c in verb.children):
            # "books were handed over to X" by the visitors
            donors, conf, rule = self._visitors()[:1], CONF_IMPLIED, "donate-to-implied"
        for s in donors:
            for o in recipients:
                self.add(s, "donatedTo", o, sent, rule, conf, trigger=verb)

    def _named(self, verb: Token, sent: Span) -> None:
        """"has borne the name of X", "was named after X"."""
        persons: list[str] = []
        for c in verb.children:
            if c.dep_ == "dobj" and c.lower_ == "name":
                persons += self._prep_objects(c, {"of"}, frozenset({"Person"}))
            if c.dep_ == "prep" and c.lower_ == "after" and verb.lemma_.lower() == "name":
                for pobj in c.children:
                    persons += self._entities_in(pobj, frozenset({"Person"}))
        if not persons:
            return
        subjects = self._subjects(verb, ORG_TYPES)
        if not subjects and any(c.dep_ == "nsubjpass" for c in verb.children):
            subjects = [e for c in verb.children if c.dep_ == "nsubjpass" for e in self.entities_at(c, ORG_TYPES)]
        for s in subjects:
            for o in persons:
                self.add(s, "namedAfter", o, sent, "bears-name-of", CONF_DIRECT, trigger=verb)

    def _collection(self, noun: Token, sent: Span) -> None:
        value = collection_number(noun)
        if value is None or value < 100:
            return
        verb = self._governing_verb(noun)
        if verb is not None and verb.lemma_.lower() in DONATE_VERBS | TRANSFER_VERBS:
            return  # books given, supplied or bought are not the size of a collection
        libs = [e for e in self._sentence_entities(sent, frozenset({"Library"}))]
        if not libs:
            libs = self._salient(noun, frozenset({"Library"}))
        if len(libs) != 1:
            # prefer the sentence's subject
            root = sent.root
            subj = [e for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}
                    for e in self._entities_in(c, frozenset({"Library"}))]
            libs = subj[:1] or libs[:1]
        for s in libs:
            if any(st.subject == s and st.predicate == "collectionSize" for st in self.graph.statements):
                continue
            self.add(s, "collectionSize", str(value), sent, "collection-size", CONF_DIRECT, trigger=noun)

    def _sentence_entities(self, sent: Span, types: frozenset[str]) -> list[str]:
        out: list[str] = []
        for sp in self.spans:
            if sent.start <= sp.start < sent.end:
                eid = self.span_entity.get(key(sp))
                if eid and self.graph.entities[eid].type in types and eid not in out:
                    out.append(eid)
        if not out:
            for tok in sent:
                if tok.lower_ in LIBRARY_HEADS or tok.pos_ == "PRON":
                    out += [e for e in self.refer(tok, types) if e not in out]
        return out

    def _posts(self, sent: Span) -> None:
        """Appositions and titles: "X, Director of Y", "Director of Y — X", "Y's director, X", "its director X"."""
        for sp in self.spans:
            if sp.label_ != "Person" or not (sent.start <= sp.start < sent.end):
                continue
            pid = self.span_entity.get(key(sp))
            if pid is None:
                continue
            # after the name: ", (a|an|the)? ROLE ... of|at ORG"
            after = self._post_after(sp.end, sent)
            if after:
                role, orgs = after
                for o in orgs:
                    self.add(pid, "worksFor", o, sent, "apposition-post", CONF_DIRECT, role=role)
            before = self._post_before(sp.start, sent)
            if before:
                role, orgs = before
                for o in orgs:
                    self.add(pid, "worksFor", o, sent, "title-post", CONF_DIRECT, role=role)

    def _is_role_word(self, tok: Token) -> bool:
        low = tok.lower_.rstrip(".")
        if low == "in" and tok.i > 0 and tok.nbor(-1).text == "-":  # "Editor-in-Chief"
            return True
        return low in TITLE_WORDS or low in ROLE_NOUNS or low in ROLE_MODIFIERS or (
            tok.pos_ in {"ADJ", "NOUN"} and tok.is_lower and low not in {"of", "at"})

    def _role_span(self, doc: Doc, i: int, end: int) -> int:
        """End of a post ("interim Director and Librarian", "Director-General") starting at ``i``."""
        n = 0
        while i < end and n < 8 and (self._is_role_word(doc[i]) or (doc[i].text in {"-", "–"} and n)
                                     or (doc[i].lower_ in {"and", "&"} and i + 1 < end
                                         and doc[i + 1].lower_ in ROLE_NOUNS)):
            i += 1
            n += 1
        return i

    def _org_after_post(self, doc: Doc, i: int, end: int) -> list[str]:
        """"of the NLV", "at the Embassy", "of Mission at the Embassy": the organisation a post is at."""
        for _ in range(3):
            if i >= end or doc[i].lower_ not in {"of", "at", "in", "for"}:
                return []
            j = i + 1
            while j < end and doc[j].lower_ in {"the", "a", "an"}:
                j += 1
            if j < end:
                orgs = self.entities_at(doc[j], ORG_TYPES, refer=False)
                if orgs:
                    return orgs[:1]
                if doc[j].lower_ in LIBRARY_HEADS | ORGANIZATION_HEADS and doc[j - 1].lower_ == "the":
                    return self.refer(doc[j], ORG_TYPES)[:1]  # "director of the library"
            # "Minister of Foreign Affairs": the ministry of that portfolio named in the article
            if doc[i].lower_ == "of" and i > 0 and doc[i - 1].lower_ == "minister":
                portfolio = self._name_run_text(doc, j, end)
                for e in self.graph.entities.values():
                    if e.type in ORG_TYPES and portfolio and e.name.lower().startswith(f"ministry of {portfolio}"):
                        return [e.local_id]
            # "Deputy Chief of Mission at the Embassy": skip a non-name complement of the post
            k = j
            while k < end and k - j < 4 and doc[k].pos_ in {"NOUN", "PROPN"} and doc[k].lower_ not in {"of", "at"}:
                k += 1
            if k == j:
                return []
            i = k
        return []

    @staticmethod
    def _name_run_text(doc: Doc, i: int, end: int) -> str:
        j = i
        while j < end and (doc[j].text[:1].isupper() or doc[j].lower_ in {"and", "&"}):
            j += 1
        return doc[i:j].text.lower().rstrip(" &and") if j > i else ""

    def _post_after(self, at: int, sent: Span) -> tuple[str, list[str]] | None:
        """"X, (the) ROLE of ORG" and "X, who is ROLE of ORG"."""
        doc = self.doc
        i = at
        if i >= sent.end or doc[i].text != ",":
            return None
        i += 1
        if i + 1 < sent.end and doc[i].lower_ in {"who", "which"} and doc[i + 1].lemma_ == "be":
            i += 2
        while i < sent.end and doc[i].lower_ in {"a", "an", "the", "its", "their"}:
            i += 1
        owner: list[str] = []
        if i + 1 < sent.end and doc[i + 1].lower_ in {"'s", "’s"}:  # "X, the ALA's Director of ..."
            owner = self.entities_at(doc[i], ORG_TYPES)
            i += 2
        start = i
        i = self._role_span(doc, i, sent.end)
        if not any(t.lower_.rstrip(".") in ROLE_NOUNS for t in doc[start:i]):
            return None
        orgs = owner or self._org_after_post(doc, i, sent.end)
        if not orgs and start > at + 1 and doc[start - 1].lower_ in {"its", "their"}:
            orgs = self.refer(doc[start - 1], ORG_TYPES)[:1]
        return (self._role_text(doc[start:i]), orgs) if orgs else None

    def _post_before(self, at: int, sent: Span) -> tuple[str, list[str]] | None:
        """"ROLE of ORG — X", "ORG's ROLE, X", "its ROLE, X", "the library's Director General, Prof. X"."""
        doc = self.doc
        i = at - 1
        while i >= sent.start and (doc[i].text in {",", "—", "–", "-", ":"}
                                   or doc[i].lower_.rstrip(".") in HONORIFICS):
            i -= 1
        end = i + 1
        # the post's last word, going back over "of ORG"
        j = i
        while j >= sent.start and doc[j].lower_.rstrip(".") not in ROLE_NOUNS:
            if (doc[j].is_punct and doc[j].text not in {"-", "–"}) or doc[j].pos_ == "VERB" or end - j > 12:
                return None
            j -= 1
        if j < sent.start:
            return None
        k = j
        while k - 1 >= sent.start and self._is_role_word(doc[k - 1]) and doc[k - 1].lower_ not in {"its", "the"}:
            k -= 1
        stop = self._role_span(doc, j, end)
        role = self._role_text(doc[k:stop])
        orgs: list[str] = []
        if stop < end and doc[stop].lower_ in {"of", "at"}:
            orgs = self._org_after_post(doc, stop, end)
        elif k - 1 >= sent.start and doc[k - 1].lower_ in {"its", "their"}:
            orgs = self.refer(doc[k - 1], ORG_TYPES)
        elif k - 2 >= sent.start and doc[k - 1].lower_ in {"'s", "’s"}:
            orgs = self.entities_at(doc[k - 2], ORG_TYPES)
        else:
            return None
        return (role, orgs[:1]) if orgs else None

    @staticmethod
    def _role_text(span: Span) -> str:
        return span.text.strip(" ,-–")

    def _part_of(self, sent: Span) -> None:
        """"X, a branch of Y", "Y's X section", "X of the Y" for organisational units."""
        for sp in self.spans:
            if not (sent.start <= sp.start < sent.end):
                continue
            sid = self.span_entity.get(key(sp))
            if sid is None or self.graph.entities[sid].type not in ORG_TYPES:
                continue
            root = sp.root
            for c in root.children:
                if c.dep_ != "appos":
                    continue
                if c.lemma_.lower() in PART_NOUNS:
                    for o in self._prep_objects(c, {"of"}, ORG_TYPES):
                        self.add(sid, "partOf", o, sent, "appositive-branch-of", CONF_DIRECT)
                # "X, one of the ACL's branch libraries"
                if c.lower_ == "one":
                    for prep in c.children:
                        for pobj in prep.children if prep.lower_ == "of" else []:
                            if pobj.lemma_.lower() in PART_NOUNS or pobj.lemma_.lower().startswith("sub"):
                                for poss in pobj.children:
                                    if poss.dep_ == "poss":
                                        for o in self.entities_at(poss, ORG_TYPES):
                                            self.add(sid, "partOf", o, sent, "one-of-units", CONF_DIRECT)
            # "the General Directorate of ... of Turkey's Ministry of Culture": the ministry it belongs to
            if sp.end + 1 < sent.end and self.doc[sp.end].lower_ in {"'s", "’s"} and \
                    self.entities_at(sp[-1], PLACE_TYPES, refer=False):
                for o in self.entities_at(self.doc[sp.end + 1], ORG_TYPES, refer=False):
                    if o != sid:
                        self.add(sid, "partOf", o, sent, "unit-of-country-organisation", CONF_DIRECT)
            # "the OCL Conservation Laboratory": a name opened by another organisation's abbreviation
            first = sp[1] if sp[0].lower_ == "the" and len(sp) > 2 else sp[0]
            if is_acronym(first.text) and first.i < sp.end - 1:
                for e in self.graph.entities.values():
                    if e.local_id != sid and e.type in ORG_TYPES and (first.text == e.name or first.text in e.aliases):
                        self.add(sid, "partOf", e.local_id, sent, "abbreviation-modifier-unit", CONF_DIRECT)
            head_word = sp[-1].lower_
            j = sp.end
            if j + 2 < sent.end and self.doc[j].text == "(" and self.doc[j + 2].text == ")":
                j += 3  # "the Board (NPLB) of the Ministry of Education"
                if j < sent.end and self.doc[j].lower_ == "of":
                    for o in self._entities_in(self.doc[j], ORG_TYPES):
                        if o != sid:
                            self.add(sid, "partOf", o, sent, "unit-of", CONF_DIRECT)
            if head_word in UNIT_HEADS:
                # "IFLA's National Libraries Section"
                if sp.start >= 2 and self.doc[sp.start - 1].lower_ in {"'s", "’s"}:
                    for o in self.entities_at(self.doc[sp.start - 2], ORG_TYPES):
                        self.add(sid, "partOf", o, sent, "possessive-unit", CONF_DIRECT)
                # '"SCO Knowledge Hall" of the SCO People's Reading Center'
                j = sp.end
                while j < sent.end and self.doc[j].text in {'"', "”", "’", "'"}:
                    j += 1
                if j < sent.end and self.doc[j].lower_ == "of" and j > sp.end:
                    for o in self._entities_in(self.doc[j], ORG_TYPES):
                        if o != sid:
                            self.add(sid, "partOf", o, sent, "unit-of", CONF_DIRECT)

    def _located_in(self, sent: Span) -> None:
        """"the Aldgate City Library (ACL) in Leeds", "libraries located in X", "X, based in Y",
        "Azerbaijan's Cabinet of Ministers", "two Lyon institutions, the X and the Y",
        "universities across Canada, among them X and Y", "the library in Tartu", "X is to be located in Y"."""
        for tok in sent:
            # "X is located in Y", "the library in Tartu"
            if tok.lemma_.lower() in {"locate", "base", "situate", "headquarter"} and tok.tag_ == "VBN":
                subjects = [e for c in tok.children if c.dep_ in {"nsubjpass", "nsubj"}
                            for e in self.entities_at(c, ORG_TYPES | frozenset({"City"}))]
                if tok.dep_ in {"acl", "relcl"}:
                    subjects += self.entities_at(tok.head, ORG_TYPES)
                for o in self._prep_objects(tok, {"in", "at"}, PLACE_TYPES):
                    for s in subjects:
                        self.add(s, "locatedIn", o, sent, "located-in", CONF_DIRECT, trigger=tok)
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in LIBRARY_HEADS:  # "Chile's national library"
                for poss in tok.children:
                    if poss.dep_ == "poss":
                        for country in self.entities_at(poss, frozenset({"Country"}), refer=False):
                            for s in self.refer(tok, ORG_TYPES):
                                self.add(s, "locatedIn", country, sent, "possessive-country", CONF_REFERENCE)
            if tok.pos_ == "NOUN" and tok.lower_ in LIBRARY_HEADS | {"institution", "university", "museum"} and \
                    any(c.lower_ == "the" for c in tok.children):
                places = self._prep_objects(tok, {"in"}, PLACE_TYPES)
                if places:
                    for s in self.refer(tok, ORG_TYPES):
                        self.add(s, "locatedIn", places[0], sent, "description-in-place", CONF_REFERENCE)
            if tok.lemma_.lower() not in INSTITUTION_NOUNS or tok.tag_ not in {"NNS", "NNPS"}:
                continue
            places = [e for c in tok.children if c.dep_ in {"compound", "nmod", "amod"}
                      for e in self.entities_at(c, PLACE_TYPES, refer=False)]
            places += self._prep_objects(tok, {"in", "across", "throughout", "from"}, PLACE_TYPES)
            if not places:
                continue
            for o in self._entities_in(tok, ORG_TYPES):
                for p in places:
                    self.add(o, "locatedIn", p, sent, "plural-institutions-in-place", CONF_DIRECT)
        for sp, sid in self._outermost(ORG_TYPES):
            if sent.start <= sp.start < sent.end and sp.start >= 2 and self.doc[sp.start - 1].lower_ in {"'s", "’s"}:
                for p in self.entities_at(self.doc[sp.start - 2], frozenset({"Country"}), refer=False):
                    self.add(sid, "locatedIn", p, sent, "possessive-country", CONF_DIRECT)
                    owner = self.doc[sp.start - 2].text
                    self.graph.entities[sid].aliases.add(f"{owner}'s {self.graph.entities[sid].name}")
        for sp, sid in self._outermost(ORG_TYPES):
            if not (sent.start <= sp.start < sent.end):
                continue
            j = sp.end
            while j < sent.end and (self.doc[j].text in {"(", ")"} or (is_acronym(self.doc[j].text)
                                                                   and self.doc[j - 1].text == "(")):
                j += 1
            if j < sent.end and self.doc[j].text == ",":
                if j + 1 < sent.end and self.doc[j + 1].lower_ in {"located", "based", "situated", "headquartered"}:
                    j += 2
            elif j < sent.end and self.doc[j].lower_ in {"located", "based", "situated", "headquartered"}:
                j += 1
            if j + 1 < sent.end and self.doc[j].lower_ == "in":
                places = [e for e in self.entities_at(self.doc[j + 1], PLACE_TYPES, refer=False)]
                for o in places:
                    self.add(sid, "locatedIn", o, sent, "org-in-place", CONF_DIRECT)

    def _event_owners(self, sent: Span) -> None:
        """'the UNESCO program "Memory of the World"', "IFLA's annual conference": the organisation a
        named event belongs to."""
        doc = self.doc
        for sp, eid in self._outermost(frozenset({"Event"})):
            if not (sent.start <= sp.start < sent.end):
                continue
            i = sp.start - 1
            while i >= sent.start and doc[i].text in QUOTE_CHARS:
                i -= 1
            if i >= sent.start + 1 and doc[i].lemma_.lower() in EVENT_NOUNS:
                owner = doc[i - 1]
                if owner.lower_ in {"'s", "’s"} and i >= sent.start + 2:
                    owner = doc[i - 2]
                for o in self.entities_at(owner, ORG_TYPES, refer=False):
                    self.add(o, "organized", eid, sent, "organisation-event-noun", CONF_DIRECT)
            # "X (WLIC), the annual conference of the IFLA"
            j = sp.end
            while j < sent.end and (doc[j].text in {"(", ")", ","} or is_acronym(doc[j].text)):
                j += 1
            k = j
            while k < sent.end and k - j < 4 and doc[k].lemma_.lower() not in EVENT_NOUNS and not doc[k].is_punct:
                k += 1
            if j > sp.end and k < sent.end and doc[k].lemma_.lower() in EVENT_NOUNS and k + 1 < sent.end and \
                    doc[k + 1].lower_ == "of":
                for o in self._entities_in(doc[k + 1], ORG_TYPES)[:1]:
                    self.add(o, "organized", eid, sent, "event-of-organisation", CONF_DIRECT)

    def _city_countries(self, sent: Span) -> None:
        """Where the text places a city: "Almaty, Kazakhstan", "Skopje, the capital of North Macedonia",
        "the Japanese capital, Tokyo"."""
        doc = self.doc
        cities = [(sp, e) for sp, e in self._outermost(PLACE_TYPES) if self.graph.entities[e].type == "City"
                  and sent.start <= sp.start < sent.end]
        for sp, city in cities:
            j = sp.end
            if j + 1 < sent.end and doc[j].text == ",":
                nxt = self.entities_at(doc[j + 1], frozenset({"Country"}), refer=False)
                if nxt:
                    self.add(city, "locatedIn", nxt[0], sent, "city-comma-country", CONF_DIRECT)
                    continue
                # "Bergen, Vestland", "Hill Ward, Lake Sub-County": a place within a larger one
                wider = self.entities_at(doc[j + 1], frozenset({"City"}), refer=False)
                wider_end = next((s.end for s, e in self._outermost(PLACE_TYPES) if s.start == j + 1), j + 2)
                in_list = (sp.start > sent.start and doc[sp.start - 1].text == ",") or (
                    wider_end < sent.end and (doc[wider_end].lower_ in {"and", "or"} or (
                        doc[wider_end].text == "," and wider_end + 1 < sent.end
                        and self.entities_at(doc[wider_end + 1], PLACE_TYPES, refer=False))))
                if wider and wider[0] != city and not in_list and self._larger(wider[0], city):
                    self.add(city, "locatedIn", wider[0], sent, "place-comma-region", CONF_DIRECT)
                    continue
                k = j + 1
                while k < sent.end and doc[k].lower_ in {"the", "a"}:
                    k += 1
                if k + 1 < sent.end and doc[k + 1].lower_ in {"capital", "city"}:  # "Lisbon, the Portuguese capital"
                    country = self.gaz.country_of_demonym(doc[k].text)
                    for o in self._country_entities(country.code) if country else []:
                        self.add(city, "locatedIn", o, sent, "demonym-capital", CONF_DIRECT)
                if k + 2 < sent.end and doc[k].lower_ == "capital" and doc[k + 1].lower_ == "of":
                    m = k + 2
                    while m < sent.end and doc[m].lower_ == "the":
                        m += 1
                    found = self.entities_at(doc[m], frozenset({"Country"}), refer=False) if m < sent.end else []
                    for o in found:
                        self.add(city, "locatedIn", o, sent, "capital-of", CONF_DIRECT)
            # "the Japanese capital, Tokyo"
            i = sp.start - 1
            while i >= sent.start and doc[i].text == ",":
                i -= 1
            if i >= sent.start + 1 and doc[i].lower_ in {"capital", "city"}:
                country = self.gaz.country_of_demonym(doc[i - 1].text)
                if country:
                    for o in self._country_entities(country.code):
                        self.add(city, "locatedIn", o, sent, "demonym-capital", CONF_DIRECT)

    def _larger(self, a: str, b: str) -> bool:
        """Is place ``a`` the larger: a region by name, or the more populous gazetteer city?"""
        ea, eb = self.graph.entities[a], self.graph.entities[b]
        if ea.name.split()[-1].lower() in PLACE_SUFFIXES or ea.name.split("-")[-1].lower() in PLACE_SUFFIXES:
            return True
        ca = self.gaz.city(ea.name)
        cb = self.gaz.city(eb.name)
        return ca is not None and (cb is None or ca.population > cb.population)

    def _country_entities(self, code: str) -> list[str]:
        return [e.local_id for e in self.graph.entities.values()
                if e.type == "Country" and e.external_ids.get("iso3166") == code]


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """Character offsets of a sentence without the whitespace spaCy keeps around it."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, sent.start_char + len(text.rstrip())


def collection_number(noun: Token) -> int | None:
    """"over 5 million books" -> 5000000; "approximately seven million books" -> 7000000."""
    nums = [c for c in noun.children if c.dep_ == "nummod" or c.like_num]
    if not nums:
        return None
    num = nums[0]
    parts = [t for t in num.subtree if t.like_num or t.lower_ in SCALE_WORDS]
    value: float | None = None
    scale = 1
    for t in parts:
        text = t.lower_.replace(",", "")
        if text in SCALE_WORDS:
            scale *= SCALE_WORDS[text]
        elif re.fullmatch(r"\d+(?:\.\d+)?", text):
            value = float(text)
        elif text in NUMBER_WORDS:
            value = (value or 0) + NUMBER_WORDS[text]
    if value is None:
        return None
    return int(value * scale)


def extract(doc: Doc, article: Article) -> ArticleGraph:
    """Entities and statements of one parsed article."""
    return ArticleExtractor(doc, article).run()
