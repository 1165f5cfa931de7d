"""The ``libgraph_references`` component: what a word refers to.

Names are found by position (the outermost name containing a token); references are resolved to the
named entities they stand for: abbreviations (through the mentions), pronouns ("it", "its", "he": the
subject of the nearest earlier clause), definite descriptions ("the library": the one named in this or
the previous sentence, else the article's topic, and the topic at a paragraph's start; "Chile's national
library"; "the reading room": the unit whose name ends so), groups ("the delegation
from Almaty", "the Ostland side", "specialists of X"), pairs ("the two libraries", "the parties": the two
organisations named most), and coordinated lists ("A, B and C", also where the parse detaches the list).
A group whose institution the sentence does not say ("the guests") stands for the article's visitors,
:data:`~libgraph.nlp.schema.VISITORS`, which the inference pass reads from the visits.

Contract: reads ``doc._.lg_entities``, ``doc._.lg_span_entity`` and ``doc._.lg_name_relations``; writes
``doc._.lg_references``, a :class:`References` over the document (it reads nothing but the document and
changes nothing), and ``doc._.lg_groups``: the institutions groups of people stand for, by position.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..model import Entity
from ..names import is_acronym
from ..places import Gazetteer, default_gazetteer
from .entities import SPAN_KEY, SpanKey, key
from .lexicon import (
    EVENT_NOUNS,
    GROUP_NOUNS,
    INSTITUTION_NOUNS,
    LIBRARY_HEADS,
    LIST_INTRODUCERS,
    MODAL_HEADS,
    ORGANIZATION_HEADS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    TITLE_WORDS,
    WISH_HEADS,
)
from .schema import AGENT_TYPES, ORG_TYPES, PLACE_TYPES, VISITORS

for _name in ("lg_references", "lg_groups"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


# prepositional phrases of a name that name no second party: of a subject ("the Centre at the X University
# signed", "A, with the support of B, organised"), and of a partner, where it is
SUBJECT_PHRASES = frozenset({"at", "of", "in", "from", "within", "under", "with"})
PLACE_PHRASES = frozenset({"at", "in", "within"})
# head nouns a description of any organisation may have ("the organisation said")
ANY_ORGANISATION_WORDS = frozenset({"organisation", "organization", "institution", "body", "partner", "side",
                                    "party", "house", "company", "agency", "establishment", "entity"})


def _head_noun(name: str) -> str:
    """A name's head noun, lower-cased: the word before its first "of" / "for" / "in", else its last word
    ("International Federation of Library Associations" -> "federation")."""
    words = name.lower().replace('"', " ").split()
    end = next((k for k, w in enumerate(words) if w in {"of", "for", "in", "at", "named"} and k > 0), len(words))
    if end > 1 and words[end - 1] == "general":  # "Consulate General of X"
        end -= 1
    return words[end - 1] if end else ""


class References:
    """Resolution of the words of one parsed document to its entities."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.entities: dict[str, Entity] = doc._.lg_entities or {}
        self.span_entity: dict[SpanKey, str] = doc._.lg_span_entity or {}
        self.spans: list[Span] = list(doc.spans[SPAN_KEY])
        self.located: dict[str, set[str]] = {}  # what the names say an organisation is located in
        for outer, pred, inner, _rule in doc._.lg_name_relations or []:
            s, o = self.span_entity.get(outer), self.span_entity.get(inner)
            if pred == "locatedIn" and s is not None and o is not None:
                self.located.setdefault(s, set()).add(o)
        self._outermost_cache: dict[frozenset[str], list[tuple[Span, str]]] = {}
        self.groups: list[tuple[int, str]] = [  # (token, institution) for each group of people named
            (tok.i, found[0]) for tok in doc if tok.lower_ in GROUP_NOUNS and tok.pos_ == "NOUN"
            for found in [self.group(tok)] if found and found[0] != VISITORS
            # (not a group given or told something: "handed over to its Kazakh colleagues")
            and not (tok.dep_ in {"dobj", "dative"} or
                     (tok.dep_ == "pobj" and tok.head.lower_ in {"to", "for", "with"}))]

    def groups_before(self, i: int) -> list[str]:
        """The institutions groups of people stood for before token ``i``, most recent first."""
        return [e for j, e in reversed(self.groups) if j < i]

    def entities_at(self, tok: Token, types: frozenset[str] = AGENT_TYPES, *, refer: bool = True) -> list[str]:
        """The entity a token names or refers to (outermost name containing it)."""
        best: Span | None = None
        for sp in self.spans:
            if not (sp.start <= tok.i < sp.end and key(sp) in self.span_entity) or \
                    self.entities[self.span_entity[key(sp)]].type not in types:
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
        if lower in {"which", "that", "who", "whom"} and tok.head.dep_ == "relcl" and tok.i > tok.head.head.i:
            return self.entities_at(tok.head.head, types)  # "the library, which was founded in 1907"
        if lower in {"which", "whom"} and tok.dep_ == "pobj" and tok.head.head.dep_ == "relcl":
            return self.entities_at(tok.head.head.head, types)  # "the X Library, with which it signed"
        if tok.pos_ == "PRON" or lower in {"its", "their", "his", "her"}:
            if lower in {"he", "him", "his", "she", "her"}:
                return self._previous_subject(tok, frozenset({"Person"}) & types)
            if lower == "its" and tok.head.dep_ == "pobj" and tok.head.head.dep_ == "agent":
                # "the guests were shown around the X Library by its deputy director": the place just named
                verb = tok.head.head.head
                for t in reversed(self.doc[verb.i + 1 : tok.head.head.i]):
                    if t.dep_ in {"dobj", "pobj"} and (found := self.entities_at(t, ORG_TYPES & types, refer=False)):
                        return found[:1]
            if lower in {"its", "their"}:
                owner = self._owner_in_phrase(tok, ORG_TYPES & types) or self._possessor_before(tok, ORG_TYPES & types)
                if owner:
                    return owner
            if lower == "its":  # "the guests visited the X Library and got acquainted with its collection"
                verb = tok
                while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
                    verb = verb.head
                if verb.dep_ == "conj" and verb.head.lemma_.lower() in {"visit", "tour"}:
                    found = [e for c in verb.head.children if c.dep_ == "dobj"
                             for e in self.entities_at(c, ORG_TYPES & types, refer=False)]
                    if found:
                        return found[:1]
            if lower in {"its", "it"} and (lower == "its" or tok.dep_ in {"dobj", "pobj", "dative"}):
                # "X visited the Y Library and met its director", "thanked the library and presented it
                # with books": the organisation named last before it in the clause, when the clause's
                # subject is no organisation
                owner = self._object_before(tok, ORG_TYPES & types)
                if owner:
                    return owner
            if lower in {"it", "its", "they", "their", "them"}:
                found = self._previous_subject(tok, ORG_TYPES & types)
                if not found and lower == "it" and "Event" in types:
                    found = self._previous_event_subject(tok)
                return found
            return []
        pair = self._pair(tok, types)
        if pair:
            return pair
        if lower in GROUP_NOUNS or tok.lemma_.lower() in GROUP_NOUNS:
            group = self.group(tok)
            if group:
                return [g for g in group if (g == VISITORS and types >= ORG_TYPES) or
                        (g != VISITORS and self.entities[g].type in types)]
            if lower in {"visitors", "guests", "delegation", "delegates", "visitor", "guest", "team"} or (
                    # "the librarians also visited X": in a visit's account, the visitors
                    lower in {"librarians", "specialists", "representatives", "colleagues", "experts"} and
                    any(c.lower_ == "the" for c in tok.children)):
                # who they are is read from the article's visits (nlp/inference.py), for agents only
                return [VISITORS] if types >= ORG_TYPES else []
            return []
        return self._describe(tok, types)

    def _possessor_before(self, tok: Token, types: frozenset[str]) -> list[str]:
        """"the federation's President, X, and its General Secretary, Y": "its" is the owner of the
        possessive that came before it in the sentence."""
        for prev in reversed(list(tok.sent[: tok.i - tok.sent.start])):
            if prev.dep_ == "poss" and prev.pos_ in {"NOUN", "PROPN"}:
                # not when another organisation is named between them ("the AUC's director ... on behalf
                # of AfLIA by its President": AfLIA's)
                between = [sp for sp in self.spans if prev.i < sp.start and sp.end <= tok.i and
                           sp.root != prev.head and  # (not what the possessive owns: "A's Section and its X")
                           self.entities.get(self.span_entity.get(key(sp), ""), None) is not None and
                           self.entities[self.span_entity[key(sp)]].type in types]
                return [] if between else self.entities_at(prev, types)[:1]
        return []

    def _owner_in_phrase(self, tok: Token, types: frozenset[str]) -> list[str]:
        """"a delegation of the X Library led by its director": the organisation of the noun phrase that a
        participle or prepositional phrase holding "its" hangs from, before the clause's subject."""
        node = tok.head
        for _ in range(6):
            if node.dep_ == "conj":
                return []  # "A's Section and its Library": the possessive before says whose (_possessor_before)
            if node.dep_ in {"acl", "prep", "pobj", "agent"} or (node.pos_ in {"NOUN", "PROPN"} and node.i > tok.i):
                participle = node.dep_ == "acl"
                node = node.head
                if participle:
                    break  # the noun the participle hangs from ("a delegation of X headed by its director")
                continue
            break
        else:
            return []
        if node.pos_ not in {"NOUN", "PROPN"} or node.i > tok.i:
            return []
        own = self.entities_at(node, types, refer=False)
        if own:
            return own[:1]
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "from"} and child.i < tok.i:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.entities_at(pobj, types, refer=False)
                        if found:
                            return found[:1]
        return []

    def _pair(self, tok: Token, types: frozenset[str]) -> list[str]:
        """"the two libraries", "both institutions", "the two sides", "the parties": the two organisations
        the article has named most often so far."""
        if not (ORG_TYPES & types) or tok.tag_ not in {"NNS", "NNPS"} or \
                tok.lemma_.lower() not in INSTITUTION_NOUNS | LIBRARY_HEADS | {"side", "party", "partner"}:
            return []
        counted = any(c.lower_ in {"two", "both"} for c in tok.children) or (
            # "signed between the libraries": two of them
            tok.dep_ == "pobj" and tok.head.lower_ == "between" and any(c.lower_ == "the" for c in tok.children))
        parties = tok.lemma_.lower() in {"side", "party"} and any(c.lower_ == "the" for c in tok.children)
        if not (counted or parties):
            return []
        wanted = frozenset({"Library"}) if tok.lemma_.lower() in LIBRARY_HEADS else ORG_TYPES
        before = self.mentioned_before(tok, wanted)
        counts = {e: sum(1 for m in self.entities[e].mentions if m.start < tok.idx) for e in before}
        # on a tie, "the two libraries" are the ones named first (the article's parties, not the places a
        # visit took them to); "the parties", "the sides" the ones named last (of the talks just told)
        sign = 1 if parties else -1  # (``before`` is most recent first)
        ranked = sorted(before, key=lambda e: (-counts[e], sign * before.index(e)))
        return ranked[:2] if len(ranked) >= 2 else []

    def group(self, tok: Token) -> list[str]:
        """The organisation a group of people belongs to: "specialists of X", "the delegation from Almaty",
        "the Almaty team", "the Slovenian delegation"."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":  # "colleagues from A and B": both
                        found = list(dict.fromkeys(e for t in (pobj, *pobj.conjuncts)
                                                   for e in self.entities_at(t, ORG_TYPES | PLACE_TYPES)))
                        return self._org_for_place(found, tok) if found else []
        for child in tok.children:  # "the Almaty team", "the Slovenian delegation"
            if child.dep_ in {"compound", "amod", "nmod"}:
                found = self.entities_at(child, ORG_TYPES | PLACE_TYPES, refer=False)
                if found:
                    return self._org_for_place(found, tok)
                country = self.gaz.country_of_demonym(child.text)
                if country:
                    return self.org_of_country(country.code, tok)
        for child in tok.children:  # "a delegation headed by the Director General of the X Library, A B,"
            if child.dep_ == "acl" and child.lemma_.lower() in {"lead", "head"}:
                found = [e for agent in child.children if agent.dep_ == "agent" for pobj in agent.children
                         if pobj.dep_ == "pobj" for e in self.entities_in(pobj, ORG_TYPES)]
                if found:
                    return list(dict.fromkeys(found))
        return []

    def _describe(self, tok: Token, types: frozenset[str]) -> list[str]:
        """Definite descriptions: "the library", "the federation", "the ambassador", and
        "Chile's national library" (the library of that country named in the article)."""
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in LIBRARY_HEADS and ORG_TYPES & types:
            for poss in tok.children:
                if poss.dep_ == "poss":
                    for country in self.entities_at(poss, frozenset({"Country"}), refer=False):
                        code = self.entities[country].external_ids.get("iso3166")
                        found = self.org_of_country(code, tok) if code else []
                        return found or self.salient(tok, frozenset({"Library"}), recent_first=False)
        if tok.pos_ in {"NOUN", "PROPN"} and any(c.lower_ in {"the", "this", "that"} for c in tok.children):
            head = tok.lemma_.lower()
            if head in LIBRARY_HEADS | ORGANIZATION_HEADS and ORG_TYPES & types:  # (also "the State Library")
                named = self._described_by_modifier(tok)
                if named:
                    return named
            owner = next((c.lower_ for c in tok.children if c.dep_ in {"compound", "nmod"}
                          and c.lower_ in ORGANIZATION_HEADS), None)
            if head in LIBRARY_HEADS and owner and ORG_TYPES & types:
                # "the university library": the university's, the one named with that word
                named = [e for e in self.mentioned_before(tok, ORG_TYPES) if owner in self.entities[e].name.lower()]
                if named:
                    return named[:1]
            if head in LIBRARY_HEADS and ORG_TYPES & types:
                return self.salient(tok, frozenset({"Library"}))
            if head in ORGANIZATION_HEADS and ORG_TYPES & types:
                return self.salient(tok, ORG_TYPES, head_word=head)
            if head in PERSON_NOUNS and "Person" in types:
                return self.salient(tok, frozenset({"Person"}))
            if ORG_TYPES & types and tok.pos_ == "NOUN":
                # "the reading room", "the centre": the unit named last whose name ends in these words
                words = [c.lower_ for c in tok.children if c.dep_ == "compound" and c.i < tok.i] + [tok.lower_]
                for e in self.mentioned_before(tok, ORG_TYPES):
                    if self.entities[e].name.lower().split()[-len(words):] == words:
                        return [e]
        if tok.pos_ == "PROPN" and tok.lower_ in LIBRARY_HEADS and ORG_TYPES & types:
            return self.salient(tok, frozenset({"Library"}))
        if "Event" in types and tok.pos_ == "NOUN" and tok.lemma_.lower() in EVENT_NOUNS and \
                any(c.lower_ in {"the", "this"} for c in tok.children):
            return self._event_described(tok)
        return []

    def _event_described(self, tok: Token) -> list[str]:
        """"The exhibition was organised by A": the named event of that kind mentioned in this or the two
        sentences before ('the exhibition "Maps of Tarvo"', 'the "Maps of Tarvo" exhibition'); "the event":
        the named event mentioned last there."""
        kind = tok.lemma_.lower()
        for sp in self.spans:  # 'the festival "Lviv Reads"': the title right after the noun
            eid = self.span_entity.get(key(sp))
            if eid is not None and self.entities[eid].type == "Event" and tok.i < sp.start <= tok.i + 2 and \
                    all(t.is_punct or t.is_quote for t in self.doc[tok.i + 1 : sp.start]):
                return [eid]
        sents = [s for s in self.doc.sents if s.start <= tok.i][-3:]
        start = sents[0].start if sents else 0
        named: list[tuple[int, str, bool]] = []  # (start, event, named with this kind of noun)
        for sp in self.spans:
            eid = self.span_entity.get(key(sp))
            if eid is None or self.entities[eid].type != "Event" or not start <= sp.start < tok.i or \
                    sp.start <= tok.i < sp.end:
                continue
            near = self.doc[max(sp.start - 3, 0) : min(sp.end + 3, len(self.doc))]
            named.append((sp.start, eid, any(t.lemma_.lower() == kind for t in near if not sp.start <= t.i < sp.end)
                          or sp.root.lemma_.lower() == kind))
        same_kind = [n for n in named if n[2]]
        if same_kind:
            return [max(same_kind)[1]]
        if kind in {"event", "initiative", "action"} and named:
            return [max(named)[1]]
        return []

    def _previous_event_subject(self, tok: Token) -> list[str]:
        """"The exhibition 'X' opened on Monday. It was organised by A": "it" is the event when the
        event was the subject of the sentence before (or of this one, earlier)."""
        sents = [s for s in self.doc.sents if s.start <= tok.i][-2:]
        for sent in reversed(sents):
            subjects = [t for t in sent if t.i < tok.i and t.dep_ in {"nsubj", "nsubjpass"}]
            for t in reversed(subjects):
                found = self.entities_at(t, frozenset({"Event"}), refer=False) or \
                    self.entities_in(t, frozenset({"Event"}))
                if found:
                    return found[:1]
            if subjects and sent.start < tok.i and sent != tok.sent:
                return []
        return []

    def _described_by_modifier(self, tok: Token) -> list[str]:
        """"the Indonesian library": the library of that country named before; "the Tarvo library": the
        library named before whose name has that word ("Tarvo Regional Library")."""
        wanted = frozenset({"Library"}) if tok.lemma_.lower() in LIBRARY_HEADS else ORG_TYPES
        for child in tok.children:
            if child.dep_ not in {"amod", "compound", "nmod"} or child.i > tok.i:
                continue
            country = self.gaz.country_of_demonym(child.text)
            if country is not None:
                found = [e for e in self.org_of_country(country.code, tok) if self.entities[e].type in wanted]
                if found:
                    return found
            if child.pos_ == "PROPN":
                word = child.lower_
                for cand in self.mentioned_before(tok, wanted):
                    if word in self.entities[cand].name.lower().split():
                        return [cand]
        return []

    def _org_for_place(self, found: list[str], tok: Token) -> list[str]:
        """"the delegation from Almaty": the organisation of that place already named in the article."""
        out: list[str] = []
        for eid in found:
            if eid == VISITORS:  # "members of the delegation": the visitors themselves
                out.append(eid)
                continue
            ent = self.entities[eid]
            if ent.type in ORG_TYPES:
                out.append(eid)
                continue
            for cand in self.mentioned_before(tok, ORG_TYPES):
                if eid in self.located.get(cand, ()):
                    out.append(cand)
                    break
        return out

    def org_of_country(self, code: str, tok: Token) -> list[str]:
        """The organisation named before ``tok`` that lies in (or is named after) the country ``code``."""
        countries = {e.local_id for e in self.entities.values()
                     if e.type == "Country" and e.external_ids.get("iso3166") == code}
        name = self.gaz.countries[code].name.lower() if code in self.gaz.countries else None
        def of_country(cand: str) -> bool:
            return bool(self.located.get(cand, set()) & countries) or bool(
                name and name in self.entities[cand].name.lower())

        for cand in self.mentioned_before(tok, ORG_TYPES):
            if of_country(cand):
                return [cand]
        # "Kyrgyz librarians paid a visit ... The delegation included the director of the National Library of
        # the Kyrgyz Republic": the one organisation of that country the article names, named later
        later = list(dict.fromkeys(self.span_entity[key(sp)] for sp in self.spans if sp.start > tok.i and
                                   key(sp) in self.span_entity and
                                   self.entities[self.span_entity[key(sp)]].type in ORG_TYPES and
                                   of_country(self.span_entity[key(sp)])))
        return later if len(later) == 1 else []

    def mentioned_before(self, tok: Token, types: frozenset[str]) -> list[str]:
        """Entities of ``types`` mentioned before ``tok``, most recent first."""
        seen: list[str] = []
        for sp in sorted(self.spans, key=lambda s: -s.start):
            if sp.start >= tok.i and not (sp.start <= tok.i < sp.end):
                continue
            eid = self.span_entity.get(key(sp))
            if eid and eid not in seen and self.entities[eid].type in types and sp.start < tok.i:
                seen.append(eid)
        return seen

    def salient(self, tok: Token, types: frozenset[str], head_word: str | None = None,
                 recent_first: bool = True) -> list[str]:
        """The entity a description or implied agent refers to: of those named before ``tok``, the one
        named most often so far (the article's topic), the most recent on a tie."""
        before = self.mentioned_before(tok, types)
        if head_word:
            # "the network" is one named with that word, or known only by its abbreviation; any organisation
            # only for a word that fits any ("the organisation", "the institution")
            # (its own head word: "the university" is no "X University Library")
            named = [e for e in before if _head_noun(self.entities[e].name) == head_word or
                     any(_head_noun(a) == head_word for a in self.entities[e].aliases)]
            before = named or ([e for e in before if is_acronym(self.entities[e].name)]
                               if head_word not in ANY_ORGANISATION_WORDS else before)
        if not before:
            return []
        # one named in this or the previous sentence is the one meant; otherwise the article's topic
        sents = [s for s in self.doc.sents if s.start <= tok.i][-2:]
        window_start = sents[0].start_char if sents else 0
        recent = [e for e in before if any(window_start <= m.start < tok.idx for m in self.entities[e].mentions)]
        counts = {e: sum(1 for m in self.entities[e].mentions if m.start < tok.idx) for e in before}
        same = [e for e in recent if any(tok.sent.start_char <= m.start < tok.idx for m in self.entities[e].mentions)]
        if len(same) == 1 and recent_first:
            return same  # "A, director of the X Library, and B, head of the library's department"
        start = tok.sent.start
        if not same and (start == 0 or (self.doc[start - 1].is_space and "\n" in self.doc[start - 1].text)):
            # a paragraph opening on "The library ...": the article's topic, named most, first on a tie
            # (not the partner the paragraph before named in passing)
            body = self._body_start()
            opened = {e: min((m.start for m in self.entities[e].mentions if m.start >= body), default=tok.idx)
                      for e in before}  # (first named in the report: a headline's short name comes later)
            return [min(before, key=lambda e: (-counts[e], opened[e]))]
        if recent and recent_first:
            # of those, the one named most so far (the article's topic), else the one named first there:
            # "A signed with B. The library was founded in 1895" is A
            first = {e: min(m.start for m in self.entities[e].mentions if window_start <= m.start < tok.idx)
                     for e in recent}
            return [min(recent, key=lambda e: (-counts[e], first[e]))]
        return [max(before, key=lambda e: (counts[e], -before.index(e)))]

    def _body_start(self) -> int:
        """Where the report starts: after a first line that is a headline (no closing punctuation)."""
        text = self.doc.text
        line = text.split("\n", 1)[0].rstrip()
        return len(line) if "\n" in text and line and line[-1] not in ".!?\"”»" else 0

    def _object_before(self, tok: Token, types: frozenset[str]) -> list[str]:
        """The organisation named (or described: "the library") last before ``tok`` in its clause, after
        a subject that is no organisation; none when the subject is one (then it is the subject's)."""
        verb = tok
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        clause_verbs = [verb, *(v for v in (verb.head,) if verb.dep_ == "conj")]
        subjects = [c for v in clause_verbs for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects or any(self.entities_at(c, types) for c in subjects):
            return []
        start = min(c.left_edge.i for c in subjects)
        for t in reversed(self.doc[start : tok.i]):
            if t.dep_ in {"dobj", "pobj", "attr"} and t.lower_ not in {"it", "its", "them", "their"}:
                found = self.entities_at(t, types)
                if found:
                    return found[:1]
        return []

    def _previous_subject(self, tok: Token, types: frozenset[str]) -> list[str]:
        """For "it"/"they": the subject of the nearest earlier clause that names or describes one ("The
        library, founded in 1886, is ... Since 2004 it has been"), its main clause's first."""
        sents = [s for s in self.doc.sents if s.start <= tok.i]
        for sent in reversed(sents[-3:]):
            main: list[str] = []  # the main clause's subject
            last: list[str] = []  # the last subject of any clause
            for t in sent:
                if t.i >= tok.i or t.dep_ not in {"nsubj", "nsubjpass"} or t.lower_ in {"it", "they", "its"}:
                    continue
                here = self.entities_at(t, types, refer=False) or (
                    # ("its" is no plural's: "the guests went to X. There they met its director")
                    self.entities_at(t, types) if t.pos_ == "NOUN" and not (
                        tok.lower_ in {"it", "its"} and t.tag_ == "NNS") else [])
                if here:
                    last = here
                    main = main or (here if t.head == sent.root else [])
            if last:
                return main or last
        return self.mentioned_before(tok, types)[:1]

    def negated_or_hypothetical(self, tok: Token) -> bool:
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ in {"will", "would", "could", "might", "may", "should", "shall"}
               for c in tok.children):
            return True
        t = tok
        while t.dep_ in {"xcomp", "ccomp", "advcl", "acl"} and t.head.i != t.i:
            if t.dep_ == "advcl" and any((c.dep_ == "advmod" and c.tag_ == "WRB") or (c.dep_ == "mark" and c.lower_ in {
                    "when", "after", "before", "while", "since", "as", "because", "once"}) for c in t.children):
                return False  # "proposed in June, when X visited Y": a stated fact dates the plan
            link, t = t.dep_, t.head
            # "hoped to sign", "agreed to visit" (xcomp); "hopes that they will meet" (ccomp), but
            # "agreed that ..." reports what was agreed, so only wishes and plans block a clause
            if t.lemma_.lower() in (MODAL_HEADS if link == "xcomp" else WISH_HEADS):
                return True
        return False

    def expand(self, tok: Token) -> list[Token]:
        """The token, its conjuncts and appositions; for a post ("The Minister of Culture of X, Mara Voss,
        visited"), the name in apposition wherever the parse attached it in the post's phrase."""
        heads = [tok, *tok.conjuncts]
        out = list(heads)
        for head in heads:
            appositions = [c for c in head.children if c.dep_ == "appos"]
            out += appositions
            if not appositions and (head.lower_ in ROLE_NOUNS | PERSON_NOUNS or any(
                    d.dep_ == "compound" and d.lower_ in ROLE_NOUNS for d in head.children)):  # "director general"
                others = {d.i for h in heads if h.i != head.i for d in h.subtree}
                out += [d for d in head.subtree if d.dep_ == "appos" and d.i != head.i and d.i not in others
                        and d.i > 0 and self.doc[d.left_edge.i - 1].text == ","]
        return list(dict.fromkeys(out))

    def subjects(self, verb: Token, types: frozenset[str] = AGENT_TYPES) -> list[str]:
        """Agents of a verb: nsubj, or the by-agent of a passive; inherited from a coordinated verb."""
        result: list[str] = []
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        heads = [c for c in verb.children if c.dep_ == "nsubj" and not passive]
        agents = [c for c in verb.children if c.dep_ == "agent" or (c.dep_ == "conj" and c.lower_ == "by")]
        agents += [cj for a in agents for cj in a.children if cj.dep_ == "conj" and cj.lower_ == "by"]  # "and by Y"
        heads += [p for c in agents for p in c.children if p.dep_ == "pobj"]
        for c in heads:
            owner = self._named_after_owner(c, types)
            if owner:  # "the X Library named after Alisher Navoi has signed": the parse made Navoi the subject
                result += owner
                continue
            expanded = self.expand(c)
            direct = [e for t in expanded for e in self.entities_at(t, types, refer=False)]
            post = c.lower_ in ROLE_NOUNS | PERSON_NOUNS and not self.entities_at(c, types, refer=False)
            if not direct and c.tag_ in {"NNS", "NNPS"} and c.lemma_.lower() in INSTITUTION_NOUNS | LIBRARY_HEADS:
                direct = self.entities_in(c, types)  # "the national libraries of A and B signed"
            if not direct and c.tag_ == "NNS" and c.lemma_.lower() in ROLE_NOUNS and ORG_TYPES & types:
                # "the directors of A and B signed": the institutions they head
                direct = [e for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                          for e in self.entities_in(p, ORG_TYPES & types)]
            if not direct and "Person" in types and (post or c.lower_ in TITLE_WORDS):
                # "Director General of X Mara Voss visited", "the Director of X A and the Rector of Y B signed"
                direct = [e for t in expanded if t.lower_ in ROLE_NOUNS | TITLE_WORDS
                          for e in self._person_closing_post(t)]
                if not direct and post:  # "Director of X A and Director of Y B signed": the parse hung A inside
                    direct = [e for d in c.subtree if d.i > c.i and self.doc[d.i - 1].lower_ != "after"
                              for e in self.entities_at(d, frozenset({"Person"}), refer=False)][:1]
            if direct and not post:  # with the rest of a coordinated list the parse attached elsewhere
                # (not a name inside the subject's own phrase: "the Centre at the X University signed")
                direct += self.entities_in(c, types, skip_phrases=SUBJECT_PHRASES)
                direct += self._coordinated_inside_name(c, types)
            if direct and not post:  # a description coordinated with a name: "the faculty and LAC signed"
                direct += [e for t in (c, *c.conjuncts) if t.pos_ == "NOUN" and t.tag_ == "NN"
                           and t.lower_ not in ROLE_NOUNS | PERSON_NOUNS
                           and any(d.lower_ in {"the", "this"} for d in t.children)
                           and not self.entities_at(t, types, refer=False) for e in self.entities_at(t, types)]
            result += direct or [e for t in expanded for e in self.entities_at(t, types)]
        if not result and verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
            return self.subjects(verb.head, types)
        if not result and verb.dep_ in {"acl", "relcl", "advcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
            result += self.entities_at(verb.head, types)
        return list(dict.fromkeys(result))

    def _named_after_owner(self, tok: Token, types: frozenset[str]) -> list[str]:
        """The institution whose name ends "named after <tok's name>", when ``tok`` is in that person's name."""
        if not ORG_TYPES & types:
            return []
        for sp, eid in self.outermost(ORG_TYPES & types):
            if sp.start <= tok.i < sp.end and any(
                    self.doc[k].lower_ == "named" and self.doc[k + 1].lower_ == "after" and k + 1 < tok.i
                    for k in range(sp.start, sp.end - 1)):
                return [eid]
        return []

    def _person_closing_post(self, post: Token) -> list[str]:
        """A post before a name with no comma between ("Director General of the X Library Mara Voss"): the
        person whose name closes the post's phrase is who the post stands for."""
        end = post.right_edge.i + 1
        # "director of A Nadiia Kovalenko and director of B Tomasz Nowak": the post's own part of a list
        end = min([end, *(c.left_edge.i for c in post.children if c.dep_ in {"cc", "conj"} and c.i > post.i)])
        while end > post.i + 1 and self.doc[end - 1].is_punct:
            end -= 1
        for sp in self.spans:
            eid = self.span_entity.get(key(sp))
            if sp.end == end and sp.start > post.i and eid is not None and self.entities[eid].type == "Person" \
                    and self.doc[sp.start - 1].text not in {",", "(", "—", "–"}:
                return [eid]
        return []

    def _coordinated_inside_name(self, tok: Token, types: frozenset[str]) -> list[str]:
        """"The Faculty of X of Y University and the Z Council signed": the parse coordinated the second
        name with a word inside the first one's name; it is the subject's conjunct all the same."""
        for sp, _eid in self.outermost(types):
            if sp.start <= tok.i < sp.end:
                return [e for t in sp for cj in t.children if cj.dep_ == "conj" and cj.i >= sp.end
                        for x in (cj, *cj.conjuncts) if x.i >= sp.end
                        for e in self.entities_at(x, types, refer=False)]
        return []

    def passive_subjects(self, verb: Token, types: frozenset[str] = AGENT_TYPES) -> list[str]:
        """The subject of a passive verb with no by-phrase: who was shown, given or told something."""
        if any(c.dep_ == "agent" for c in verb.children):
            return []
        found = [e for c in verb.children if c.dep_ == "nsubjpass" for e in self.entities_at(c, types)]
        return list(dict.fromkeys(found))

    def outermost(self, types: frozenset[str]) -> list[tuple[Span, str]]:
        """Outermost named spans of ``types`` (a name nested in a longer one of these types is left out).
        Worked out once per set of types: the spans and their entities are fixed."""
        if types not in self._outermost_cache:
            self._outermost_cache[types] = self._outermost_of(types)
        return self._outermost_cache[types]

    def _outermost_of(self, types: frozenset[str]) -> list[tuple[Span, str]]:
        out: list[tuple[Span, str]] = []
        covered: set[int] = set()
        for sp in sorted(self.spans, key=lambda s: (-(s.end - s.start), s.start)):
            eid = self.span_entity.get(key(sp))
            if eid is None or self.entities[eid].type not in types:
                continue
            if any(i in covered for i in range(sp.start, sp.end)):
                continue
            covered.update(range(sp.start, sp.end))
            out.append((sp, eid))
        return sorted(out, key=lambda x: x[0].start)

    def entities_in(self, tok: Token, types: frozenset[str], skip_phrases: frozenset[str] = frozenset()) -> list[str]:
        """Named entities of ``types`` in the subtree of ``tok``, continued along a coordinated list
        ("A, B, the C and D") even where the parse attaches the list elsewhere; appositions and
        relative clauses inside the subtree are left out."""
        if "Person" in types and tok.lower_ in ROLE_NOUNS | PERSON_NOUNS | TITLE_WORDS:
            # "the Rector of the X University, Ivo Lund": the person, not the post's institution
            named = [e for t in tok.subtree if t.dep_ == "appos" and t.i != tok.i
                     for e in self.entities_at(t, frozenset({"Person"}), refer=False)]
            if named:
                return list(dict.fromkeys(named))
        skip: set[int] = set()
        phrases: set[int] = set()
        # the prepositional phrases ``skip_phrases`` names, of the head and of its conjuncts
        for head in (tok, *tok.conjuncts) if skip_phrases else ():
            for c in head.children:
                if c.dep_ != "prep" or c.lower_ not in skip_phrases:
                    continue
                if c.lower_ == "with" and any(t.lower_ in {"together", "jointly", "along"}
                                              for t in (*c.children, *head.children)):
                    continue  # "A, with the support of B, organised": B supported; "A, together with B," did too
                phrases.update(x.i for x in c.subtree)
        for t in tok.subtree:
            if t.dep_ in {"appos", "relcl"} and t.i != tok.i and (
                    t.lower_ in ROLE_NOUNS | TITLE_WORDS or t.dep_ != "appos"):
                skip.update(x.i for x in t.subtree)
            elif t.dep_ == "acl" and t.head.dep_ == "appos" and any(c.dep_ == "agent" for c in t.children):
                # "the X Library, a library founded by B": B is who founded it, not one more party
                skip.update(x.i for x in t.subtree)
        if tok.lemma_.lower() in INSTITUTION_NOUNS and not any(sp.start <= tok.i < sp.end for sp in self.spans):
            # "two Lyon institutions": a modifier names where they are, not which they are
            for c in tok.children:
                if c.dep_ in {"compound", "amod", "nmod", "nummod"} and \
                        self.entities_at(c, PLACE_TYPES, refer=False):
                    skip.update(x.i for x in c.subtree)
        sub = {t.i for t in tok.subtree} - skip - phrases
        spans = self.outermost(types)
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
        if last_end is None and tok.tag_ in {"NNS", "NNPS"} and (
                tok.lemma_.lower() in INSTITUTION_NOUNS | LIBRARY_HEADS):
            # "to libraries in Varna, including the X": the examples named a little further on
            ahead = self.doc[tok.i + 1 : min(tok.sent.end, tok.i + 8)]
            marker = next((t for t in ahead if t.lower_ in {"including", "namely", "notably", "especially"}), None)
            if marker is not None:
                last_end = marker.i + 1
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
            for t in self.expand(tok):
                out += self.refer(t, types)
        return list(dict.fromkeys(out))

    def objects(self, verb: Token, types: frozenset[str], preps: Iterable[str] = ()) -> list[str]:
        out: list[str] = []
        prepset = set(preps)
        has_object = any(c.dep_ in {"dobj", "attr"} for c in verb.children)
        for c in verb.children:
            if c.dep_ in {"dobj", "attr"} or (c.dep_ == "nsubjpass" and not prepset):
                out += self.entities_in(c, types)
            elif c.dep_ in {"advmod", "npadvmod"} and c.pos_ == "PROPN" and c.i > verb.i and not has_object:
                out += self.entities_in(c, types)  # "visited Tartu" parsed as an adverb: the object all the same
            if c.dep_ == "prep" and c.lower_ in prepset:
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        out += self.entities_in(pobj, types)
        return list(dict.fromkeys(out))

    def prep_objects(self, tok: Token, preps: set[str], types: frozenset[str]) -> list[str]:
        out: list[str] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                # "a member of A since 1992 and of B since 2004": the coordinated preposition too
                for prep in (c, *[cj for cj in c.conjuncts if cj.lower_ == c.lower_]):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            # a name's own phrases name where it is, not a second party ("with the
                            # Confucius Institute at the X University")
                            if pobj.lower_ in {"which", "whom"}:  # "the X Library, with which it signed ..."
                                out += self.entities_at(pobj, types)
                                continue
                            # (the head of a name, not a word inside one: "the National Library of Belarus")
                            named = any(sp.root == pobj for sp, _e in self.outermost(types))
                            # ("with the X Institute at the Y University": where it is, not an "of" list)
                            out += self.entities_in(pobj, types, skip_phrases=PLACE_PHRASES if named else frozenset())
        return out

    def governing_verb(self, tok: Token) -> Token | None:
        t = tok
        for _ in range(6):
            if t.head.i == t.i:
                return t if t.pos_ in {"VERB", "AUX"} else None
            t = t.head
            if t.pos_ in {"VERB", "AUX"}:
                return t
        return None

    def sentence_entities(self, sent: Span, types: frozenset[str]) -> list[str]:
        out: list[str] = []
        for sp in self.spans:
            if sent.start <= sp.start < sent.end:
                eid = self.span_entity.get(key(sp))
                if eid and self.entities[eid].type in types and eid not in out:
                    out.append(eid)
        if not out:
            for tok in sent:
                if tok.lower_ in LIBRARY_HEADS or tok.pos_ == "PRON":
                    out += [e for e in self.refer(tok, types) if e not in out]
        return out


@Language.factory("libgraph_references", requires=["doc._.lg_entities", "doc._.lg_span_entity"],
                  assigns=["doc._.lg_references", "doc._.lg_groups"])
def make_reference_resolver(nlp: Language, name: str) -> ReferenceResolver:
    return ReferenceResolver(default_gazetteer())


class ReferenceResolver:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        refs = References(doc, self.gaz)
        doc._.lg_references = refs
        doc._.lg_groups = refs.groups
        return doc
