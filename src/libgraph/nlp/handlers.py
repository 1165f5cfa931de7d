"""The rules written in code, for what a pattern cannot say, and the loop that reads an article's
candidate statements with them and with the pattern rules.

Each rule emits candidates through :meth:`RuleContext.add` under an id of the catalogue
(``nlp/patterns/*.json``, ``"matcher": "handler"``); nothing here reads or changes another rule's
output: what needs other statements (a person's institution standing for them, the visitors a
group stands for, the earliest founding year) is the inference pass's (``nlp/inference.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..dates import sentence_date
from ..model import Entity
from ..names import is_acronym
from ..places import Gazetteer
from .entities import key
from .lexicon import (
    AGREEMENT_NOUNS,
    ASSOCIATION_HEADS,
    CANCEL_VERBS,
    COLLECTION_NOUNS,
    DIPLOMATIC_HEADS,
    DONATE_VERBS,
    DONATION_NOUNS,
    ENVOY_NOUNS,
    EVENT_NOUNS,
    FOUND_VERBS,
    GIFT_NOUNS,
    GROUP_NOUNS,
    HISTORY_NOUNS,
    HISTORY_VERBS,
    HONORIFICS,
    HYPOTHETICAL_MODS,
    INSTITUTION_NOUNS,
    LIBRARY_HEADS,
    MEET_NOUNS,
    NUMBER_WORDS,
    ORGANIZATION_HEADS,
    ORGANIZE_VERBS,
    PART_NOUNS,
    PLACE_SUFFIXES,
    POST_OF_VERB,
    POST_WORDS,
    QUOTE_CHARS,
    RECEIVED_THINGS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    SCALE_WORDS,
    SIGN_VERBS,
    SIGNING_WITNESS_WORDS,
    SINCE_VERBS,
    TITLE_WORDS,
    TRANSFER_VERBS,
    UNIT_HEADS,
    UNIT_NOUNS,
    VISIT_NOUNS,
)
from .references import References
from .rules import Binding, Rule, RuleMatch, catalogue
from .schema import (
    AGENT_TYPES,
    CONF_DIRECT,
    CONF_IMPLIED,
    CONF_NAME,
    CONF_REFERENCE,
    LITERAL_PREDICATES,
    ORG_TYPES,
    PLACE_TYPES,
    PREDICATE_TYPES,
    SYMMETRIC_PREDICATES,
    VISITORS,
)


@dataclass(frozen=True)
class Candidate:
    """A statement as a rule read it: entity ids of the article (or :data:`VISITORS`), the literal for
    ``founded``/``collectionSize``; the sentence and the trigger as token positions."""

    subject: str
    predicate: str
    object: str
    rule: str
    confidence: float
    sent_start: int
    sent_end: int
    trigger: int | None = None
    role: str | None = None


@dataclass
class RuleContext:
    """What a rule reads (the document, its references) and where it writes (the candidates)."""

    doc: Doc
    refs: References
    gaz: Gazetteer
    matches: dict[int, list[RuleMatch]]  # pattern matches by the first token of their sentence
    candidates: list[Candidate] = field(default_factory=list)
    _seen: set[tuple[str, str, str]] = field(default_factory=set)

    @property
    def entities(self) -> dict[str, Entity]:
        return self.refs.entities

    def add(self, s: str, p: str, o: str, sent: Span, rule: str, conf: float, *, role: str | None = None,
            trigger: Token | None = None) -> None:
        if s == o:
            return
        ents = self.entities
        if (s not in ents and s != VISITORS) or (p not in LITERAL_PREDICATES and o not in ents and o != VISITORS):
            return
        if (s, p, o) in self._seen or (p in SYMMETRIC_PREDICATES and (o, p, s) in self._seen):
            return
        self._seen.add((s, p, o))
        self.candidates.append(Candidate(s, p, o, rule, conf, sent.start, sent.end,
                                         trigger.i if trigger is not None else None, role))


# every word (lemma or lower-case form) one of the handlers below starts at
# nouns of belonging ("a member of", "part of", "a partner of", "one of the founders of")
MEMBER_NOUNS = frozenset({"member", "members", "part", "partner", "partners", "participant", "participants",
                          "founders", "co-founders"})
# of these, the ones that make a member only of an association or a network
ASSOCIATION_ROLES = ("partner", "participant", "founder", "co-founder")
# nouns that date an institution ("since its foundation in 1920")
FOUNDING_NOUNS = frozenset({"foundation", "founding", "establishment", "creation", "inception"})
# verbs of doing something to items, which says nothing of how many a collection holds
ACTED_ON_VERBS = frozenset({"make", "digitize", "digitise", "scan", "publish", "restore", "catalogue", "catalog",
                            "exhibit", "display", "show", "present", "translate", "print", "reprint", "study",
                            "examine", "describe", "process", "upload", "share", "exchange", "lend", "borrow",
                            "read", "issue", "loan"})
# verbs of holding what was given ("the corner holds books donated by A")
HOLD_VERBS = frozenset({"hold", "have", "house", "keep", "contain", "include", "store", "comprise", "offer"})
ENRICH_VERBS = frozenset({"enrich", "replenish", "supplement", "expand", "augment"})
HANDLER_TRIGGERS = (SIGN_VERBS | {"visit", "tour", "meet", "receive", "welcome", "greet", "host", "form", "join",
                                  "enter", "bear", "carry", "bore", "name", "begin", "start", "commence"}
                    | FOUND_VERBS | ORGANIZE_VERBS
                    | DONATE_VERBS | VISIT_NOUNS | MEET_NOUNS | {"call"} | COLLECTION_NOUNS
                    | MEMBER_NOUNS | FOUNDING_NOUNS | {"admit", "accept"} | HISTORY_VERBS | SINCE_VERBS)


def read_candidates(doc: Doc, refs: References, gaz: Gazetteer) -> list[Candidate]:
    """Every candidate statement of the document: names, then sentence by sentence the posts, the
    pattern rules and the handler rules, in the order of the text."""
    matches: dict[int, list[RuleMatch]] = {}
    for match in doc._.lg_relation_matches or []:
        first = min(i for ix in match.nodes.values() for i in ix)
        matches.setdefault(doc[first].sent.start, []).append(match)
    ctx = RuleContext(doc, refs, gaz, matches)
    _name_relations(ctx)
    for sent in doc.sents:
        _posts(ctx, sent)
        _pattern_statements(ctx, sent)
        for tok in sent:
            lemma = tok.lemma_.lower()
            if lemma not in HANDLER_TRIGGERS and tok.lower_ not in HANDLER_TRIGGERS:
                continue  # no handler starts at this word
            if refs.negated_or_hypothetical(tok):
                continue
            if tok.pos_ in {"VERB", "AUX"}:
                if lemma in SIGN_VERBS:
                    _signed(ctx, tok, sent)
                if lemma in {"visit", "tour"}:
                    _visit_verb(ctx, tok, sent)
                if lemma in {"meet", "receive", "welcome", "greet", "host"}:
                    _met(ctx, tok, sent)
                if lemma == "form":
                    _formed_with(ctx, tok, sent)
                if lemma in {"join", "enter"}:
                    _membership_verb(ctx, tok, sent)
                if lemma in {"admit", "accept"}:
                    _admitted(ctx, tok, sent)
                if lemma in FOUND_VERBS | {"begin", "start", "commence"}:
                    _founded(ctx, tok, sent)
                if lemma in HISTORY_VERBS | SINCE_VERBS:
                    _history_dates(ctx, tok, sent)
                if lemma in ORGANIZE_VERBS:
                    _organized(ctx, tok, sent)
                if lemma in DONATE_VERBS:
                    _donated(ctx, tok, sent)
                if lemma in {"bear", "carry", "receive", "bore", "name"}:
                    _named(ctx, tok, sent)
            if tok.pos_ == "NOUN" and lemma in VISIT_NOUNS:
                _visit_noun(ctx, tok, sent)
            if tok.pos_ == "NOUN" and lemma in MEET_NOUNS | {"call"}:
                _meeting_noun(ctx, tok, sent)
            if tok.lower_ in MEMBER_NOUNS:
                _member_noun(ctx, tok, sent)
            if tok.lower_ in COLLECTION_NOUNS and tok.pos_ == "NOUN":
                _collection(ctx, tok, sent)
            if tok.lower_ in FOUNDING_NOUNS and tok.pos_ == "NOUN" and tok.is_lower:
                _founding_noun(ctx, tok, sent)
        _part_of(ctx, sent)
        _envoy_posts(ctx, sent)
        _on_behalf(ctx, sent)
        _located_in(ctx, sent)
        _city_countries(ctx, sent)
        _event_owners(ctx, sent)
        _stay(ctx, sent)
    return ctx.candidates


def _name_relations(ctx: RuleContext) -> None:
    for outer, pred, inner, rule in ctx.doc._.lg_name_relations or []:
        s = ctx.refs.span_entity.get(outer)
        if s is None:
            continue
        sent = ctx.doc[outer[0]].sent
        o = ctx.refs.span_entity.get(inner)
        if o is None or (pred == "locatedIn" and ctx.entities[s].type not in ORG_TYPES):
            continue
        if pred == "partOf" and ctx.entities[s].type == "Event":
            if ctx.entities[o].type in ORG_TYPES:  # "the 76th General Conference of IFLA"
                ctx.add(o, "organized", s, sent, "name-event-of-organisation", CONF_NAME)
            continue
        ctx.add(s, pred, o, sent, rule, CONF_NAME)


def _pattern_statements(ctx: RuleContext, sent: Span) -> None:
    """Statements of the pattern rules (``nlp/patterns/``) that matched in ``sent``."""
    rules = catalogue()
    for match in ctx.matches.get(sent.start, ()):
        rule = rules[match.rule]
        if any(veto.holds(ctx.doc[i]) for veto in rule.unless for i in match.nodes.get(veto.node, ())):
            continue
        anchor = ctx.doc[match.nodes[rule.anchor][0]] if rule.anchor else None
        if anchor is not None and (ctx.refs.negated_or_hypothetical(anchor) or any(
                c.lower_ in HYPOTHETICAL_MODS for c in anchor.children)):
            continue  # "did not visit", "hoped to sign", "a future agreement"
        s_types, o_types = PREDICATE_TYPES[rule.predicate]
        subjects = _bound(ctx, match.nodes, rule.subject, s_types)
        if rule.predicate == "visited" and anchor is not None and any(
                c.dep_ == "nsubj" and c.lower_ in {"they", "we"} for c in anchor.children):
            subjects = [VISITORS]  # in a visit's account, "they" are the visitors
        objects = _bound(ctx, match.nodes, rule.object, o_types)
        role = _rule_role(ctx, match.nodes, rule)
        if rule.pairwise:
            everyone = list(dict.fromkeys(subjects + objects))
            pairs = [(a, b) for i, a in enumerate(everyone) for b in everyone[i + 1 :]]
        else:
            pairs = [(a, b) for a in subjects for b in objects]
        for a, b in pairs:
            ctx.add(a, rule.predicate, b, sent, rule.id, rule.confidence, role=role, trigger=anchor)


def _bound(ctx: RuleContext, nodes: dict[str, tuple[int, ...]], binding: Binding | None,
           types: frozenset[str]) -> list[str]:
    if binding is None or binding.node not in nodes:
        return []
    tok = ctx.doc[nodes[binding.node][0]]
    if binding.agents:
        found = ctx.refs.subjects(tok, types)
        if not found and binding.experiencer:
            found = ctx.refs.passive_subjects(tok, types)
        return found
    if binding.list:
        return ctx.refs.entities_in(tok, types)
    return ctx.refs.entities_at(tok, types)


def _rule_role(ctx: RuleContext, nodes: dict[str, tuple[int, ...]], rule: Rule) -> str | None:
    """The post a worksFor rule states: the words of its role node ("Executive Deputy Director"), or
    the post its verb names ("who heads" -> "Head")."""
    if rule.predicate != "worksFor" or rule.role is None or rule.role not in nodes:
        return None
    idx = sorted(nodes[rule.role])
    tok = ctx.doc[idx[0]]
    if tok.pos_ == "VERB" and len(idx) == 1:
        return POST_OF_VERB.get(tok.lemma_.lower(), tok.lemma_.capitalize())
    if len(idx) == 1:
        left = [c.i for c in tok.lefts if c.dep_ in {"compound", "amod"} and _is_role_word(ctx, c)
                and c.lower_ not in {"its", "the", "their"}]
        idx = sorted({*left, tok.i})
        idx = list(range(idx[0], idx[-1] + 1))
    return _role_text(ctx.doc[idx[0] : idx[-1] + 1]) or None


def _signed(ctx: RuleContext, verb: Token, sent: Span) -> None:
    nouns = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if verb.dep_ == "relcl" and (not nouns or all(n.lower_ in {"that", "which"} for n in nouns)):
        nouns.append(verb.head)  # "the agreement (that) the two libraries concluded in 2006"
    nouns += [cj for n in nouns for cj in n.conjuncts]
    if not any(n.lemma_.lower() in AGREEMENT_NOUNS or n.lower_ in AGREEMENT_NOUNS for n in nouns):
        return
    if any(m.lower_ in HYPOTHETICAL_MODS for n in nouns for m in n.children):
        return
    agents = ctx.refs.subjects(verb, AGENT_TYPES)
    if len(agents) < 2 and any(c.dep_ == "agent" for c in verb.children):
        agents = list(dict.fromkeys(agents + _signatories_after(ctx, verb, sent)))
    # "signed on behalf of the Commission by X"
    behalf = [o for t in verb.subtree if t.lower_ == "behalf" for o in ctx.refs.prep_objects(t, {"of"}, ORG_TYPES)]
    # "signed on behalf of X by Y, CEO of Z": X is the party, not Y's employer
    parties = behalf or agents  # a person signing stands for their institution (nlp/inference.py)
    partners: list[str] = []
    holders = [verb, *nouns] + [t for n in nouns for t in n.subtree if t.pos_ == "NOUN" and t not in nouns
                                and t.dep_ == "pobj" and t.head.head in nouns]
    for holder in holders:
        partners += ctx.refs.prep_objects(holder, {"with"}, ORG_TYPES)
        between = ctx.refs.prep_objects(holder, {"between", "among"}, ORG_TYPES)
        parties += between
    partners = list(dict.fromkeys(partners))
    parties = list(dict.fromkeys(parties))
    rule = "sign-agreement-passive" if any(c.dep_ == "nsubjpass" for c in verb.children) else "sign-agreement"
    if partners:
        for s in parties:
            for o in partners:
                ctx.add(s, "signedAgreementWith", o, sent, rule, CONF_DIRECT, trigger=verb)
    else:
        for i, s in enumerate(parties):
            for o in parties[i + 1 :]:
                ctx.add(s, "signedAgreementWith", o, sent, rule, CONF_DIRECT, trigger=verb)


def _signatories_after(ctx: RuleContext, verb: Token, sent: Span) -> list[str]:
    """"was signed by the director of A, X, and the rector of B, Y": the people named after "by", up to
    those witnessing ("in the presence of Z"), however the parse attached the list."""
    by = next(c for c in verb.children if c.dep_ == "agent")
    out: list[str] = []
    for tok in ctx.doc[by.i + 1 : sent.end]:
        if tok.lower_ in SIGNING_WITNESS_WORDS:
            break
        out += [e for e in ctx.refs.entities_at(tok, frozenset({"Person"}), refer=False) if e not in out]
    return out


def _visited(ctx: RuleContext, trigger: Token, sent: Span, subjects: list[str], objects: list[str]) -> None:
    for s in subjects:
        for o in objects:
            if ctx.entities[o].type in ORG_TYPES | PLACE_TYPES:
                ctx.add(s, "visited", o, sent, "visit", CONF_DIRECT, trigger=trigger)


def _visit_verb(ctx: RuleContext, verb: Token, sent: Span) -> None:
    objects = ctx.refs.objects(verb, PLACE_TYPES | ORG_TYPES)
    if not objects and verb.dep_ == "relcl":  # "the library, which a delegation visited"
        objects = ctx.refs.entities_at(verb.head, PLACE_TYPES | ORG_TYPES)
    subjects = ctx.refs.subjects(verb)
    if not subjects and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i < verb.head.i:
        # "Visiting the X Library, Tom Reed said ...": the subject of the clause it opens
        subjects = ctx.refs.subjects(verb.head)
    _visited(ctx, verb, sent, subjects, objects)


def _stay(ctx: RuleContext, sent: Span) -> None:
    """"While in Lisbon, the delegation also visited ...": the subject was in that place."""
    doc = ctx.doc
    for tok in sent:
        if tok.lower_ in {"while", "whilst"} and tok.i + 2 < sent.end and doc[tok.i + 1].lower_ in {"in", "at"}:
            places = ctx.refs.entities_at(doc[tok.i + 2], PLACE_TYPES, refer=False)
            verb = ctx.refs.governing_verb(doc[tok.i + 2])
            while verb is not None and verb.dep_ in {"advcl", "prep", "pcomp"} and verb.head.i != verb.i:
                verb = verb.head if verb.head.pos_ in {"VERB", "AUX"} else ctx.refs.governing_verb(verb.head)
            if places and verb is not None and not ctx.refs.negated_or_hypothetical(verb):
                _visited(ctx, tok, sent, ctx.refs.subjects(verb), places)


TO = frozenset({"to"})


def _visit_noun(ctx: RuleContext, noun: Token, sent: Span) -> None:
    """"paid a visit to X", "the visit of A to B", "during his visit to X"; not "the planned visit", nor
    a visit that "was cancelled"."""
    if any(m.dep_ == "amod" and m.lower_ in HYPOTHETICAL_MODS for m in noun.children) or (
            noun.dep_ in {"nsubjpass", "nsubj", "dobj"} and noun.head.lemma_.lower() in CANCEL_VERBS):
        return
    objects = ctx.refs.prep_objects(noun, {"to"}, ORG_TYPES | PLACE_TYPES)
    by = {"of", "by"}
    if not objects and noun.lemma_.lower() == "tour":  # "a tour of the library", "a tour around the city"
        objects, by = ctx.refs.prep_objects(noun, {"of", "around", "through"}, ORG_TYPES | PLACE_TYPES), {"by"}
        if not objects:  # "a tour of the library's facilities"
            objects = [e for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in {"of", "around"}
                       for pobj in prep.children if pobj.dep_ == "pobj"
                       for poss in pobj.children if poss.dep_ == "poss"
                       for e in ctx.refs.entities_at(poss, ORG_TYPES)]
    visitors: list[Token] = []
    if not objects:
        # "the visit of the A delegation to B": the parse hung "to B" on the visitors
        visitors = [pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in by
                    for pobj in prep.children if pobj.dep_ == "pobj"]
        objects = [e for pobj in visitors for e in ctx.refs.prep_objects(pobj, {"to"}, ORG_TYPES | PLACE_TYPES)]
    if not objects and noun.dep_ == "dobj" and noun.head.lemma_.lower() in {
            "start", "begin", "continue", "end", "conclude", "finish", "complete"}:
        # "the delegation started its visit at the X Library", "ended the visit in Tarvo"
        objects = ctx.refs.prep_objects(noun, {"at", "in"}, ORG_TYPES | PLACE_TYPES) or \
            ctx.refs.prep_objects(noun.head, {"at", "in"}, ORG_TYPES | PLACE_TYPES)
    if not objects:
        return
    if visitors:
        subjects = [e for pobj in visitors for e in ctx.refs.entities_in(pobj, AGENT_TYPES, skip_phrases=TO)]
    else:
        subjects = ctx.refs.prep_objects(noun, by, AGENT_TYPES)
    subjects += [e for c in noun.children if c.dep_ == "poss" for e in ctx.refs.entities_at(c, AGENT_TYPES)]
    if not subjects:
        verb = ctx.refs.governing_verb(noun)
        if verb is None or ctx.refs.negated_or_hypothetical(verb):
            return
        subjects = ctx.refs.subjects(verb)
        if not subjects and verb.lemma_.lower() in {"give", "offer", "take"}:
            # "the guests were given a tour of X", "X was taken on a tour of the library"
            subjects = ctx.refs.passive_subjects(verb, AGENT_TYPES)
    _visited(ctx, noun, sent, list(dict.fromkeys(subjects)), objects)


def _meeting_noun(ctx: RuleContext, noun: Token, sent: Span) -> None:
    """"held talks with X", "a courtesy call on X", "a meeting with X"."""
    others = ctx.refs.prep_objects(noun, {"with", "on"}, AGENT_TYPES)
    verb = ctx.refs.governing_verb(noun)
    if not others and verb is not None and noun.dep_ == "dobj" and noun.head == verb:
        others = ctx.refs.prep_objects(verb, {"with"}, AGENT_TYPES)  # "held a meeting with X": the parse's "with"
    if not others or verb is None or ctx.refs.negated_or_hypothetical(verb):
        return
    subjects = ctx.refs.subjects(verb)
    for s in subjects:
        for o in others:
            ctx.add(s, "metWith", o, sent, "talks-with", CONF_DIRECT, trigger=noun)


def _formed_with(ctx: RuleContext, verb: Token, sent: Span) -> None:
    """"X was one of the bodies that formed the Y, together with A, B and C": all are members of Y."""
    targets = [e for c in verb.children if c.dep_ == "dobj" for e in ctx.refs.entities_in(c, ORG_TYPES)]
    if not targets:
        return
    members = ctx.refs.subjects(verb, ORG_TYPES)
    if verb.dep_ == "relcl":
        # "X was one of the bodies that formed Y": climb to the clause that names X
        head = verb.head
        while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
            head = head.head
        for c in head.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                members += ctx.refs.entities_at(c, ORG_TYPES)
    for t in sent:
        if t.lower_ == "with" and t.i > 0 and ctx.doc[t.i - 1].lower_ == "together":
            for pobj in t.children:
                if pobj.dep_ == "pobj":
                    members += ctx.refs.entities_in(pobj, ORG_TYPES)
    for s in dict.fromkeys(members):
        for o in targets:
            ctx.add(s, "memberOf", o, sent, "formed-together-with", CONF_DIRECT, trigger=verb)


def _met(ctx: RuleContext, verb: Token, sent: Span) -> None:
    """"A met (with) B", "A and B met", "A received/welcomed B", "B was received by A"."""
    lemma = verb.lemma_.lower()
    subjects = ctx.refs.subjects(verb)
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    if passive:
        others = [e for c in verb.children if c.dep_ == "nsubjpass" for e in ctx.refs.entities_in(c, AGENT_TYPES)]
    elif lemma == "meet":
        others = ctx.refs.objects(verb, AGENT_TYPES, preps={"with"})
    else:
        others = ctx.refs.objects(verb, AGENT_TYPES)
        if any(c.dep_ == "dobj" and c.lemma_.lower() in RECEIVED_THINGS for c in verb.children):
            return  # "received a donation from X", "welcomed the initiative of X": no meeting
        if any(c.dep_ == "prep" and c.lower_ == "as" and any(p.lemma_.lower() == "member" for p in c.children)
               for c in verb.children):
            return  # "welcomed X as its new member": X joined, nobody met
    if lemma == "host" and not any(o == VISITORS or ctx.entities[o].type == "Person" or
                                   o in ctx.refs.groups_before(sent.end) for o in others):
        return  # "hosted a workshop" is not a meeting
    # "as well as with X": further with-phrases hang off the first one
    for c in verb.subtree:
        if c.dep_ == "prep" and c.lower_ == "with" and c.head.i != verb.i and \
                c.head.dep_ in {"cc", "prep", "pobj", "conj"}:
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    others += ctx.refs.entities_in(pobj, AGENT_TYPES)
    others = list(dict.fromkeys(others))
    rule = "received-by" if passive else ("meet-with" if lemma == "meet" else "receive-visitor")
    if not others and lemma == "meet":  # "A and B met"
        # "the directors / representatives of A and B met": the people of both sides, so the sides
        sides = list(dict.fromkeys(
            e for c in verb.children if c.dep_ == "nsubj" and c.tag_ == "NNS" and c.lemma_.lower() in
            ROLE_NOUNS | GROUP_NOUNS for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
            for e in ctx.refs.entities_in(p, ORG_TYPES)))
        parties, rule, conf = (sides, "people-of-both-sides-met", CONF_REFERENCE) if sides else (
            subjects, "meet-each-other", CONF_DIRECT)
        for i, s in enumerate(parties):
            for o in parties[i + 1 :]:
                ctx.add(s, "metWith", o, sent, rule, conf, trigger=verb)
        return
    for s in subjects:
        for o in others:
            ctx.add(s, "metWith", o, sent, rule, CONF_DIRECT, trigger=verb)


def _membership_verb(ctx: RuleContext, verb: Token, sent: Span) -> None:
    """"X joined IFLA (and the CDNL)": the object itself is the organisation ("joined the sessions
    of IFLA's section" is no membership)."""
    objects = [e for c in verb.children if c.dep_ == "dobj" for t in ctx.refs.expand(c)  # ("the X, which A joined")
               for e in ctx.refs.entities_at(t, ORG_TYPES, refer=t.lower_ in {"which", "that"})]
    for o in dict.fromkeys(objects):
        for s in ctx.refs.subjects(verb, ORG_TYPES):
            ctx.add(s, "memberOf", o, sent, "joined", CONF_DIRECT, trigger=verb)


def _admitted(ctx: RuleContext, verb: Token, sent: Span) -> None:
    """"A was admitted to (into) the B Association": membership of an association."""
    preps = {"into"} if verb.lemma_.lower() == "accept" else {"to", "into"}  # "was accepted into IFLA"
    bodies = [o for o in ctx.refs.prep_objects(verb, preps, ORG_TYPES)
              if any(w.lower() in ASSOCIATION_HEADS for w in ctx.entities[o].name.split())
              or is_acronym(ctx.entities[o].name)]
    members = ctx.refs.passive_subjects(verb, ORG_TYPES) or [
        o for c in verb.children if c.dep_ == "dobj" for o in ctx.refs.entities_in(c, ORG_TYPES)]
    for s in members:
        for o in bodies:
            ctx.add(s, "memberOf", o, sent, "admitted-to", CONF_DIRECT, trigger=verb)


def _member_noun(ctx: RuleContext, noun: Token, sent: Span) -> None:
    """"X has been a member of Y", "X is part of Y" (part of an association is membership), "X was elected a
    member of Y", "X became Y's 1,500th member"."""
    if noun.dep_ not in {"attr", "dobj", "pobj", "appos", "oprd"}:
        return
    verb = noun.head
    if noun.dep_ == "pobj":
        # "A is one of the founding members of B"
        one = noun.head.head
        if noun.head.lower_ == "among" and noun.head.dep_ == "prep":  # "A is among the members of B"
            verb = noun.head.head
        elif noun.head.lower_ == "of" and one.lower_ == "one" and one.dep_ in {"attr", "appos"}:
            verb = noun.head.head.head
        elif noun.head.lower_ == "as" and one.pos_ == "VERB" and noun.lower_.startswith("member"):
            verb = one  # "A was accepted / registered as a member of B"
        else:
            return
    if any(p.dep_ == "pobj" and p.lemma_.lower() in EVENT_NOUNS and not ctx.refs.entities_at(p, ORG_TYPES, refer=False)
           for c in noun.children if c.dep_ == "prep" for p in c.children):
        return  # "a participant of the X Association's programme": of the programme, not the association
    targets = ctx.refs.prep_objects(noun, {"of"} if noun.lower_.startswith(("member", "part")) and
                                 not noun.lower_.startswith(("partner", "participant")) else {"in", "of"},
                                 ORG_TYPES)
    if not targets and noun.lower_ == "member" and noun.dep_ in {"attr", "oprd"}:  # "became IFLA's 1,500th member"
        targets = [e for c in noun.children if c.dep_ == "poss" for e in ctx.refs.entities_at(c, ORG_TYPES)]
    if targets and noun.dep_ == "attr":  # "... of A since 1992 and of B since 2004", "and of" parsed off the verb
        targets += [e for t in noun.head.subtree if t.lower_ == "of" and t.dep_ == "conj" and t.head.dep_ == "prep"
                    and t.head.head == noun.head for p in t.children if p.dep_ == "pobj"
                    for e in ctx.refs.entities_in(p, ORG_TYPES)]
        # "a member of A since 1995, and of B since 2001": the second "of" hung on the verb
        targets += [e for t in noun.head.children if t.dep_ == "prep" and t.lower_ == "of" and t.i > noun.i
                    and ctx.doc[t.i - 1].lower_ == "and" for p in t.children if p.dep_ == "pobj"
                    for e in ctx.refs.entities_in(p, ORG_TYPES)]
    if noun.lower_.startswith(ASSOCIATION_ROLES):
        # a partner of a network, a founder of an association: a member ("a founder of the university" is not)
        targets = [t for t in targets if any(w.lower().strip('"“”') in ASSOCIATION_HEADS | {"group", "project"}
                                             for w in ctx.entities[t].name.split())]
    if verb.pos_ in {"VERB", "AUX"}:
        subjects = ctx.refs.subjects(verb, ORG_TYPES) or ctx.refs.passive_subjects(verb, ORG_TYPES)
    else:
        subjects = ctx.refs.entities_at(verb, ORG_TYPES)
    if ctx.refs.negated_or_hypothetical(verb):
        return
    for o in targets:
        ent = ctx.entities[o]
        head = ent.name.split()[-1].lower().strip('"”')
        is_assoc = any(w.lower().strip('"“”') in ASSOCIATION_HEADS for w in ent.name.split())
        pred = "memberOf" if noun.lower_ != "part" or is_assoc or head in ASSOCIATION_HEADS else "partOf"
        for s in subjects:
            rule = "member-of" if noun.lower_.startswith("member") else (
                "participant-in" if noun.lower_.startswith(ASSOCIATION_ROLES) else "part-of")
            ctx.add(s, pred, o, sent, rule, CONF_DIRECT, trigger=noun)


def _founded(ctx: RuleContext, verb: Token, sent: Span) -> None:
    if verb.lemma_.lower() == "set" and not any(c.lower_ == "up" for c in verb.children):
        return
    if verb.lemma_.lower() not in FOUND_VERBS | {"open"} and not any(
            c.dep_ == "dobj" and c.lemma_.lower() in {"work", "operation", "activity"} for c in verb.children):
        return  # "began" founds nothing, "began its work" does
    date = _prep_date(ctx, [verb], {"in", "on", "under", "by", "since"})
    if date is None and verb.dep_ == "relcl" and re.fullmatch(r"1[5-9]\d\d|20\d\d", verb.head.text):
        date = verb.head.text  # "dates back to 1870, when it was founded as a reading room"
    if date is None:  # "founded under Law No. (7) of 2011": a year anywhere in the clause
        clause_years = sorted(t.text for t in verb.subtree if (re.fullmatch(r"1[5-9]\d\d|20\d\d", t.text)
                              and t.head.pos_ != "NOUN") or (re.fullmatch(r"1[5-9]\d\d|20\d\d", t.text)
                                                            and t.head.lower_ in {"of", "in", "since"}))
        date = clause_years[0] if clause_years else None
    if date is None:
        return
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    subjects: list[str] = []
    rule = "founded-in"
    if not passive and verb.lemma_.lower() in {"open", "begin", "start", "commence"} and any(
            c.dep_ == "dobj" and c.lemma_.lower() in {"door", "work", "operation", "activity"}
            and any(g.lower_ in {"its", "their"} for g in c.children) for c in verb.children):
        # "the library opened its doors in 1932", "began its work in 1921"
        subjects, rule = ctx.refs.subjects(verb, ORG_TYPES), "began-operating-in"
    elif not passive and verb.lemma_.lower() == "open" and verb.tag_ != "VBN" and \
            not any(c.dep_ in {"dobj", "agent"} for c in verb.children):
        # "the library opened in 1932", "QNL, which opened in 2017, ..."
        subjects, rule = ctx.refs.subjects(verb, ORG_TYPES), "began-operating-in"
    elif passive:
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                # the subject's own name and those coordinated with it, not a name in its modifiers ("the
                # Corner at the X Library was opened")
                named = [e for t in (c, *c.conjuncts) for e in ctx.refs.entities_at(t, ORG_TYPES)]
                inside = {e for p in c.children if p.dep_ == "prep" for e in ctx.refs.entities_in(p, ORG_TYPES)}
                subjects += named or ([e for e in ctx.refs.entities_in(c, ORG_TYPES) if e not in inside]
                                      if c.pos_ == "PROPN" else [])
    elif not passive and verb.lemma_.lower() in FOUND_VERBS - {"open"} and verb.tag_ != "VBN":
        # "in 1912 the Reading Society founded the X Library": what was founded
        subjects = [e for c in verb.children if c.dep_ == "dobj" for e in ctx.refs.entities_in(c, ORG_TYPES)]
    elif verb.dep_ in {"advcl", "acl"} and verb.tag_ == "VBN":
        # "Founded in 1927, IFLA is ..."
        head = verb.head
        for c in head.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                subjects += ctx.refs.entities_at(c, ORG_TYPES)
        if verb.head.pos_ in {"NOUN", "PROPN"}:
            subjects += ctx.refs.entities_at(verb.head, ORG_TYPES)
            if not subjects and verb.head.dep_ == "appos":  # "the X Foundation, a charity founded in 2001"
                subjects += ctx.refs.entities_at(verb.head.head, ORG_TYPES, refer=False)
    if not subjects and verb.dep_ == "conj":
        return _founded(ctx, verb.head, sent) if verb.head.lemma_.lower() in FOUND_VERBS else None
    for s in dict.fromkeys(subjects):  # the earliest year stated is kept (nlp/inference.py)
        ctx.add(s, "founded", date, sent, rule, CONF_DIRECT, trigger=verb)


def _founding_noun(ctx: RuleContext, noun: Token, sent: Span) -> None:
    """"since its foundation in 1920", "the establishment of the X Library in 1920": the year the noun
    dates, for the institution that owns it."""
    owners = [e for c in noun.children if c.dep_ == "poss" for e in ctx.refs.entities_at(c, ORG_TYPES)]
    owners += ctx.refs.prep_objects(noun, {"of"}, ORG_TYPES)
    if not owners and any(c.dep_ == "poss" and c.lower_ == "its" for c in noun.children) and \
            noun.i < sent.root.i:  # "Since its foundation in 1920, the X Library ...": the clause's subject
        owners = ctx.refs.subjects(sent.root, ORG_TYPES)
    if not owners:
        return
    # the date on the noun, or on the verb the noun is the subject of ("The establishment of X in 1920 was")
    date = _prep_date(ctx, [noun, *([noun.head] if noun.dep_ in {"nsubj", "nsubjpass"} else [])], {"in", "on"})
    if date:
        for o in dict.fromkeys(owners):  # the earliest year stated is kept (nlp/inference.py)
            ctx.add(o, "founded", date, sent, "founded-in", CONF_DIRECT, trigger=noun)


def _history_dates(ctx: RuleContext, verb: Token, sent: Span) -> None:
    """"X dates back to 1912", "the history of X goes back to / began in 1912", "X, whose history dates
    back to 1912,", "X has been operating since 1912": the year X was founded."""
    lemma = verb.lemma_.lower()
    if ctx.refs.negated_or_hypothetical(verb):
        return
    if lemma in SINCE_VERBS:
        if not any(c.lower_ in {"has", "have", "had"} and c.dep_ == "aux" for c in verb.children):
            return  # "has been operating since": not "will operate since"
        if any(c.dep_ in {"dobj", "xcomp"} or (c.dep_ == "prep" and c.lower_ in {"with", "on", "as", "for"})
               for c in verb.children):
            return  # "has been working with X since 1990": a partnership's age, not the library's
        date, rule = _prep_date(ctx, [verb], {"since"}), "operating-since"
    else:
        back = [c for c in verb.children if c.lower_ == "back" and c.dep_ in {"advmod", "prt"}]
        if lemma in {"begin", "start"}:
            date = _prep_date(ctx, [verb], {"in"})
        elif lemma == "date" and not back:  # "the library dates from 1921"
            date = _prep_date(ctx, [verb], {"from"})
        elif back:
            date = _prep_date(ctx, [verb, *back], {"to"})
        else:
            return
        rule = "history-dates-back"
    if date is None:
        return
    subjects: list[str] = []
    for c in verb.children:
        if c.dep_ != "nsubj":
            continue
        if c.lemma_.lower() in HISTORY_NOUNS:  # "the history of X", "its history", "whose history"
            if lemma in SINCE_VERBS:
                continue
            for d in c.children:
                if d.dep_ == "poss" and d.lower_ == "whose" and verb.dep_ == "relcl":
                    subjects += ctx.refs.entities_at(verb.head, ORG_TYPES)
                elif d.dep_ == "poss":
                    subjects += ctx.refs.entities_at(d, ORG_TYPES)
            subjects += ctx.refs.prep_objects(c, {"of"}, ORG_TYPES)
        elif lemma not in {"begin", "start"}:  # "X dates back to", "X has been working since"
            subjects += ctx.refs.subjects(verb, ORG_TYPES)
    for s_ in dict.fromkeys(subjects):  # the earliest year stated is kept (nlp/inference.py)
        ctx.add(s_, "founded", date, sent, rule, CONF_DIRECT, trigger=verb)


def _prep_date(ctx: RuleContext, nodes: list[Token], preps: set[str]) -> str | None:
    """The first date stated by a prepositional phrase ("in 1920", "on January 1, 1933") on ``nodes``."""
    for c in (c for n in nodes for c in n.children):
        if c.dep_ == "prep" and c.lower_ in preps:
            date = sentence_date(f"in {ctx.doc[c.i + 1 : c.right_edge.i + 1].text}", None)  # its own spacing
            if date:
                return date
    return None


def _organized(ctx: RuleContext, verb: Token, sent: Span) -> None:
    events = ctx.refs.objects(verb, frozenset({"Event"}))
    for c in verb.children:
        if c.dep_ in {"dobj", "nsubjpass"}:
            for d in c.subtree:
                if d.dep_ in {"oprd", "appos", "acl"} or d.lower_ == "titled":
                    events += ctx.refs.entities_in(d, frozenset({"Event"}))
            if c.lemma_.lower() in EVENT_NOUNS:  # 'a joint campaign, "Let's go ..."' however it parses
                events += _title_after(ctx, c.right_edge.i + 1) + _title_after(ctx, c.i + 1)
    clause = verb.head if verb.dep_ == "conj" and verb.head.dep_ == "relcl" else verb
    if clause.dep_ == "relcl" and any(c.dep_ in {"nsubjpass", "dobj", "nsubj"} and c.lower_ in {"which", "that"}
                                      for c in clause.children):
        # "the Study, which is sponsored by A", 'the exhibition "X", which A prepared', "the project "X",
        # which is funded by A and implemented by B"
        events += ctx.refs.entities_at(clause.head, frozenset({"Event"})) or \
            ctx.refs.entities_in(clause.head, frozenset({"Event"}))
    if verb.dep_ == "acl" and (verb.tag_ == "VBN" or any(c.dep_ == "agent" for c in verb.children)):
        events += ctx.refs.entities_in(verb.head, frozenset({"Event"}))  # 'the "X" programme run by A'
        if verb.head.dep_ == "appos":  # "the X Partnership, a programme launched by A"
            events += ctx.refs.entities_at(verb.head.head, frozenset({"Event"}), refer=False)
        else:  # the same apposition hung elsewhere: "took part in X, an annual event held by A"
            left = verb.head.left_edge.i
            if verb.head.lemma_.lower() in EVENT_NOUNS and left >= sent.start + 2 and \
                    ctx.doc[left].lower_ in {"a", "an"} and ctx.doc[left - 1].text == ",":
                events += ctx.refs.entities_at(ctx.doc[left - 2], frozenset({"Event"}), refer=False)
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and verb.i > verb.head.i:
        # 'hosted the exhibition "X", prepared together with B': the participle is the object's
        events += [e for c in verb.head.children if c.dep_ == "dobj"
                   for e in ctx.refs.entities_in(c, frozenset({"Event"}))]
        left = verb.left_edge.i
        if not events and left >= sent.start + 2 and ctx.doc[left - 1].text == "," and \
                any(c.dep_ == "agent" for c in verb.children):
            # "took part in the X campaign, organized annually by A": the participle is the name's before it
            events += ctx.refs.entities_in(ctx.doc[left - 2], frozenset({"Event"}))
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and verb.i < verb.head.i and \
            any(c.dep_ == "agent" for c in verb.children):  # 'Organised by A, the "X" marathon drew ...'
        events += [e for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}
                   for e in ctx.refs.entities_in(c, frozenset({"Event"}))]
    if not events and verb.tag_ == "VBN" and verb.i > verb.head.i and \
            any(c.dep_ == "agent" for c in verb.children):
        # 'the project "Reading Without Borders", launched by A': the parser took the quoted title for a
        # clause and hung the participle on a word of it
        events += ctx.refs.entities_at(verb.head, frozenset({"Event"}), refer=False)
    if not events and verb.lemma_.lower() != "present":
        # 'launched "Reading Together"': a quoted title right after the verb, however the parse took it
        j = verb.i + 1
        while j < sent.end and (ctx.doc[j].text in QUOTE_CHARS or ctx.doc[j].lower_ in {"the", "a", "an"}):
            j += 1
        if j > verb.i + 1 and ctx.doc[j - 1].text in QUOTE_CHARS:
            events = [ctx.refs.span_entity[key(sp)] for sp in ctx.refs.spans if sp.start == j and
                      sp.label_ == "Event" and key(sp) in ctx.refs.span_entity]
    opened_at: list[str] = []
    if not events and verb.lemma_.lower() in {"open", "start", "begin"} and not any(
            c.dep_ == "dobj" for c in verb.children):
        # 'the exhibition "X" opened at the Y Library': the venue's
        events = [e for c in verb.children if c.dep_ == "nsubj"
                  for e in ctx.refs.entities_at(c, frozenset({"Event"}))]
        opened_at = ctx.refs.prep_objects(verb, {"at", "in"}, ORG_TYPES) if events else []
    events = list(dict.fromkeys(events))
    if not events:
        return
    if opened_at:
        for s in opened_at:
            for o in events:
                ctx.add(s, "organized", o, sent, "organize-event-venue", CONF_DIRECT, trigger=verb)
        return
    subjects = ctx.refs.subjects(verb, ORG_TYPES)
    if subjects:  # "organised by A in cooperation with B": B is an organiser too
        subjects += _partners(ctx, verb)
    elif verb.dep_ in {"acl", "advcl"} and verb.tag_ == "VBN":
        # 'hosted the exhibition "X", prepared together with B': B organised X too
        subjects = _partners(ctx, verb)
    conf, rule = CONF_DIRECT, "organize-event"
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    if not subjects and passive:
        # "was inaugurated at the National Library": the venue
        subjects, rule = ctx.refs.prep_objects(verb, {"at"}, ORG_TYPES), "organize-event-venue"
    if not subjects and passive:
        # agentless passive ("projects ... are implemented"): the article's salient organisation
        subjects = ctx.refs.salient(verb, frozenset({"Library"}), recent_first=False) or \
            ctx.refs.salient(verb, ORG_TYPES, recent_first=False)
        conf, rule = CONF_IMPLIED, "organize-event-implied"
    for s in subjects:
        for o in events:
            ctx.add(s, "organized", o, sent, rule, conf, trigger=verb)


def _partners(ctx: RuleContext, verb: Token) -> list[str]:
    """The organisations named "in cooperation / partnership with", "together / jointly with" on ``verb``,
    or on the agent of a passive ("organised by A together with B")."""
    out: list[str] = []
    agents = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    for node in (verb, *agents):
        for c in node.children:
            if c.dep_ != "prep":
                continue
            if c.lower_ == "in":  # "in cooperation with B"
                for n in c.children:
                    if n.dep_ == "pobj" and n.lemma_.lower() in {"cooperation", "co-operation", "partnership",
                                                                 "collaboration", "association", "conjunction"}:
                        out += ctx.refs.prep_objects(n, {"with"}, ORG_TYPES)
            if c.lower_ == "with" and any(a.lower_ in {"together", "jointly"} for a in (*node.children,
                                                                                         *c.children)):
                out += ctx.refs.prep_objects(node, {"with"}, ORG_TYPES)
            if c.lower_ == "along":  # "A along with B organised"
                out += ctx.refs.prep_objects(c, {"with"}, ORG_TYPES)
    return list(dict.fromkeys(out))


def _title_after(ctx: RuleContext, i: int) -> list[str]:
    """An event named right after position ``i`` (past punctuation, "titled", "called")."""
    j = i
    while j < len(ctx.doc) and j - i < 4 and (ctx.doc[j].is_punct or ctx.doc[j].lower_ in {
            "titled", "entitled", "called", "named", "dubbed"}):
        j += 1
    for sp, eid in ctx.refs.outermost(frozenset({"Event"})):
        if sp.start == j:
            return [eid]
    return []


def _donated(ctx: RuleContext, verb: Token, sent: Span) -> None:
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if verb.dep_ == "relcl" and any(c.lower_ in {"that", "which"} for c in objects):
        # "books and other publications on diplomacy that the ministry passed on to the library":
        # the antecedent, and the noun phrase it belongs to
        t = verb.head
        objects.append(t)
        while t.dep_ in {"pobj", "prep", "conj"} and t.head.i != t.i:
            t = t.head
            objects.append(t)
    gifts = [c for c in objects if c.lemma_.lower() in GIFT_NOUNS or any(
        d.lemma_.lower() in GIFT_NOUNS for d in c.subtree)]
    recipients = ctx.refs.prep_objects(verb, {"to"}, ORG_TYPES) or [
        e for g in objects for e in ctx.refs.prep_objects(g, {"to"}, ORG_TYPES)]  # "donated documents to X"
    if not recipients and gifts and lemma in {"donate", "gift", "bequeath"}:  # "donated the books for the corner"
        recipients = ctx.refs.prep_objects(verb, {"for"}, ORG_TYPES) or [
            e for g in objects for t in (g, *g.conjuncts) for e in ctx.refs.prep_objects(t, {"for"}, ORG_TYPES)]
    # "presented the National Library of Greece with a number of books"
    if not recipients and lemma == "present":
        with_gifts = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "with" and any(
            d.lemma_.lower() in GIFT_NOUNS for d in p.subtree)]
        if with_gifts:
            for c in objects:
                recipients += ctx.refs.entities_in(c, ORG_TYPES)
            gifts = with_gifts
    if lemma in {"hand", "transfer", "give", "present", "contribute", "pass"} and not gifts:
        return
    if not recipients and verb.dep_ == "conj" and verb.head.lemma_.lower() == "visit":
        recipients = ctx.refs.objects(verb.head, ORG_TYPES)
    if not recipients and verb.tag_ == "VBN" and verb.dep_ in {"acl", "advcl"}:
        # "the corner holds 1,500 books donated by A and by B": given to the holder
        holder = ctx.refs.governing_verb(verb.head) if verb.dep_ == "acl" else verb.head
        held = verb.head if verb.dep_ == "acl" else next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if holder is not None and held is not None and held.lemma_.lower() in GIFT_NOUNS and \
                holder.lemma_.lower() in HOLD_VERBS:
            recipients = [e for c in holder.children if c.dep_ == "nsubj" for e in ctx.refs.entities_at(c, ORG_TYPES)]
        elif holder is not None and held is not None and held.lemma_.lower() in GIFT_NOUNS and \
                holder.lemma_.lower() in ENRICH_VERBS:
            # "the X Library's collection was enriched by 200 books donated by A": the library whose it is
            recipients = [e for c in holder.children if c.dep_ in {"nsubjpass", "dobj"}
                          for e in (ctx.refs.entities_at(c, ORG_TYPES) or ctx.refs.entities_in(c, ORG_TYPES))]
            if recipients:
                gifts = [held]
    conf, rule = CONF_DIRECT, "donate-to"
    over = any(c.dep_ == "prt" and c.lower_ == "over" for c in verb.children)
    if not recipients and gifts and (lemma in {"donate", "gift", "bequeath"} or (lemma == "hand" and over)) and not any(
            c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "for", "among", "between"}
            and not any(g.lemma_.lower() in {"part", "sake", "occasion"} for g in c.children) for c in verb.children):
        # "X, for his part, donated 40 books on behalf of Y": no recipient said, the library the article is about
        recipients = ctx.refs.salient(verb, frozenset({"Library"}), recent_first=False)
        conf, rule = CONF_IMPLIED, "donated-to-the-host"
    if not recipients:
        return
    donors = ctx.refs.subjects(verb)
    if rule == "donated-to-the-host":
        donors = [d for d in donors if d not in recipients] + [
            e for b in verb.subtree if b.lower_ == "behalf" for of in b.children if of.lower_ == "of"
            for pobj in of.children if pobj.dep_ == "pobj" for e in ctx.refs.entities_at(pobj, ORG_TYPES)]
    if not donors:  # "the books, donated by X, were handed over to Y"
        donors = [e for c in verb.children if c.dep_ == "nsubjpass" for a in c.children
                  if a.dep_ == "acl" and a.lemma_.lower() in DONATE_VERBS for e in ctx.refs.subjects(a)]
    if not donors and any(c.dep_ == "nsubjpass" for c in verb.children) and \
            not any(c.dep_ == "agent" for c in verb.children):
        # "books were handed over to X" by the visitors
        donors, conf, rule = [VISITORS], CONF_IMPLIED, "donate-to-implied"
    for s in donors:
        for o in recipients:
            ctx.add(s, "donatedTo", o, sent, rule, conf, trigger=verb)


def _named(ctx: RuleContext, verb: Token, sent: Span) -> None:
    """"has borne the name of X", "was named after X"."""
    persons: list[str] = []
    for c in verb.children:
        if c.dep_ == "dobj" and c.lower_ == "name":
            persons += ctx.refs.prep_objects(c, {"of"}, frozenset({"Person"}))
        if c.dep_ == "prep" and c.lower_ == "after" and verb.lemma_.lower() == "name":
            for pobj in c.children:
                persons += ctx.refs.entities_in(pobj, frozenset({"Person"}))
    if not persons:
        return
    subjects = ctx.refs.subjects(verb, ORG_TYPES)
    if not subjects and any(c.dep_ == "nsubjpass" for c in verb.children):
        subjects = [e for c in verb.children if c.dep_ == "nsubjpass" for e in ctx.refs.entities_at(c, ORG_TYPES)]
    for s in subjects:
        for o in persons:
            ctx.add(s, "namedAfter", o, sent, "bears-name-of", CONF_DIRECT, trigger=verb)


# verbs of adding to a collection: "enriched with 300 books"
ADDED_TO_VERBS = frozenset({"enrich", "replenish", "add", "augment", "supplement", "expand", "grow"})


def _collection(ctx: RuleContext, noun: Token, sent: Span) -> None:
    value = collection_number(noun)
    if value is None or value < 100:
        return
    if any(a.lemma_.lower() in DONATION_NOUNS | {"set", "selection", "batch", "shipment"} for a in noun.ancestors):
        return  # "the donation of 300 books": a gift, not the size of a collection ("a collection of 300
        # books" is one unless given: the verb says so below)
    verb = ctx.refs.governing_verb(noun)
    if verb is not None and verb.lemma_.lower() in DONATE_VERBS | TRANSFER_VERBS | ADDED_TO_VERBS:
        return  # books given, supplied, bought or added are not the size of a collection
    if verb is not None and verb.lemma_.lower() in ACTED_ON_VERBS:
        return  # "will make images of 1,000 manuscripts available", "digitised 5,000 books": work done on them
    if any(c.lemma_.lower() in DONATE_VERBS and (c.dep_ == "relcl" or (c.tag_ == "VBN" and c.dep_ in {"acl", "advcl"}))
           for c in (*noun.children, *(verb.children if verb is not None else ()))):
        return  # "holds 300 books, donated by X", "the 300 books it donated": a gift
    if verb is not None and any(c.dep_ in {"nsubj", "nsubjpass"} and (c.lemma_.lower() in DONATION_NOUNS or any(
            a.dep_ == "appos" and a.lemma_.lower() in DONATION_NOUNS for a in c.children)) for c in verb.children):
        return  # "the donation includes 500 books", "the collection, a gift from X, includes 200 volumes"
    subjects = [c for c in (verb.children if verb is not None else ()) if c.dep_ == "nsubj"]
    if any(c.pos_ == "NOUN" and c.lemma_.lower() in UNIT_NOUNS - LIBRARY_HEADS - {"collection", "archive"}
           for c in subjects):
        return  # "the corner holds 1,500 books": a unit's, not the library's
    holders = [e for c in subjects  # "the library's Institute of Manuscripts, which holds 500,000 ..."
               for e in ctx.refs.entities_at(c, ORG_TYPES, refer=c.lower_ in {"which", "that"})]
    if holders and all(ctx.entities[e].type != "Library" for e in holders):
        return  # "the X Library's Department of Manuscripts holds 3,000 items": the department's, not the library's
    if any(c.dep_ == "prep" and c.lower_ == "from" for c in noun.children):
        return  # "300 books from the foundation": a gift
    libs = [e for e in ctx.refs.sentence_entities(sent, frozenset({"Library"}))]
    if not libs:
        libs = ctx.refs.salient(noun, frozenset({"Library"}))
    if len(libs) != 1:
        # prefer the sentence's subject
        root = sent.root
        subj = [e for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}
                for e in ctx.refs.entities_in(c, frozenset({"Library"}))]
        libs = subj[:1] or libs[:1]
    for s in libs:  # the first size stated is kept (nlp/inference.py)
        ctx.add(s, "collectionSize", str(value), sent, "collection-size", CONF_DIRECT, trigger=noun)


def _posts(ctx: RuleContext, sent: Span) -> None:
    """Appositions and titles: "X, Director of Y", "Director of Y — X", "Y's director, X", "its director X"."""
    shared: tuple[int, tuple[str, list[str]]] | None = None  # the end of the last name with a plural post, the post
    owned: tuple[int, list[str]] | None = None  # the end of the last name with an "its" post, its organisations
    for sp in sorted(ctx.refs.spans, key=lambda x: x.start):
        if sp.label_ != "Person" or not (sent.start <= sp.start < sent.end):
            continue
        pid = ctx.refs.span_entity.get(key(sp))
        if pid is None:
            continue
        # after the name: ", (a|an|the)? ROLE ... of|at ORG"
        after = _post_after(ctx, sp.end, sent)
        if after:
            role, orgs = after
            for o in orgs:
                ctx.add(pid, "worksFor", o, sent, "apposition-post", CONF_DIRECT, role=role)
        _organisation_of_person(ctx, sp, pid, sent)
        before = _post_before(ctx, sp.start, sent)
        rule = "title-post"
        if before is None and shared is not None and _next_in_list(ctx.doc, shared[0], sp.start):
            before, rule = shared[1], "plural-title-post"  # "its former directors, X and Y": Y's post too
        if before is None and owned is not None:
            # "its director X and chief bibliographer Y": "its" reaches over the list of posts
            listed = _bare_post_between(ctx, owned[0], sp.start)
            before = (listed, owned[1]) if listed else None
        shared = owned = None
        if before:
            role, orgs = before
            for o in orgs:
                ctx.add(pid, "worksFor", o, sent, rule, CONF_DIRECT, role=role)
            if _plural_post_before(ctx.doc, sp.start, sent):
                shared = (sp.end, before)
            if _possessive_post_before(ctx.doc, sp.start, sent):
                owned = (sp.end, orgs)


def _organisation_of_person(ctx: RuleContext, sp: Span, pid: str, sent: Span) -> None:
    """"Professor X of the Y University", "X from the Y Library" and "the Y Library's X": the organisation
    the name is given with. (A handler, not a pattern: it looks at every person's few children, where a
    dependency pattern anchored on every name costs a matcher's run on every document.)"""
    for tok in sp:
        if tok.head.i in range(sp.start, sp.end) or not tok.is_alpha:  # (a name the tagger took for a verb)
            continue
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "from", "at"}:
                rule = "person-at-organisation" if child.lower_ == "at" else "person-of-organisation"
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        for o in ctx.refs.entities_at(pobj, ORG_TYPES, refer=False):
                            ctx.add(pid, "worksFor", o, sent, rule, 0.7 if rule == "person-at-organisation" else 0.75)
            elif child.dep_ == "poss":
                for o in ctx.refs.entities_at(child, ORG_TYPES, refer=False):
                    ctx.add(pid, "worksFor", o, sent, "organisation-possessive-person", 0.8)


def _next_in_list(doc: Doc, prev_end: int, start: int) -> bool:
    """Only list punctuation, "and" and honorifics between the end of one name and the start of the next."""
    between = doc[prev_end:start]
    return 0 < len(between) <= 4 and any(t.lower_ in {"and", "&"} for t in between) and all(
        t.text == "," or t.lower_ in {"and", "&"} or t.lower_.rstrip(".") in HONORIFICS for t in between)


def _possessive_post_before(doc: Doc, at: int, sent: Span) -> bool:
    """The post written before the name at ``at`` opens on "its" / "their": "its chief curator X"."""
    i = at - 1
    while i >= sent.start and i > at - 6 and doc[i].lower_.rstrip(".") in ROLE_NOUNS | TITLE_WORDS | ROLE_MODIFIERS:
        i -= 1
    return i >= sent.start and i < at - 1 and doc[i].lower_ in {"its", "their"}


def _bare_post_between(ctx: RuleContext, prev_end: int, start: int) -> str | None:
    """The post of a list's next name, written with no organisation: ", and chief bibliographer" -> the
    role's words."""
    doc = ctx.doc
    i = prev_end
    while i < start and (doc[i].text == "," or doc[i].lower_ in {"and", "&"}):
        i += 1
    if i == prev_end or i >= start or not any(doc[k].lower_ in {"and", "&"} for k in range(prev_end, i)):
        return None
    words = doc[i:start]
    if not all(t.lower_.rstrip(".") in ROLE_NOUNS | TITLE_WORDS | ROLE_MODIFIERS or (t.is_lower and t.pos_ in {
            "ADJ", "NOUN"}) for t in words) or not any(t.lower_.rstrip(".") in ROLE_NOUNS for t in words):
        return None
    return _role_text(words)


def _plural_post_before(doc: Doc, at: int, sent: Span) -> bool:
    """The post written before the name at ``at`` is plural: "two former directors, X and Y"."""
    i = at - 1
    while i >= sent.start and (doc[i].text == "," or doc[i].lower_.rstrip(".") in HONORIFICS):
        i -= 1
    while i >= sent.start and i > at - 10:
        if doc[i].tag_ == "NNS" and doc[i].lemma_.lower() in ROLE_NOUNS:
            return True
        if doc[i].is_punct or doc[i].pos_ == "VERB":
            return False
        i -= 1
    return False


def _is_role_word(ctx: RuleContext, tok: Token) -> bool:
    low = tok.lower_.rstrip(".")
    if low == "in" and tok.i > 0 and tok.nbor(-1).text == "-":  # "Editor-in-Chief"
        return True
    return low in TITLE_WORDS or low in ROLE_NOUNS or low in ROLE_MODIFIERS or (
        tok.pos_ in {"ADJ", "NOUN"} and tok.is_lower and low not in {"of", "at"})


def _role_span(ctx: RuleContext, doc: Doc, i: int, end: int) -> int:
    """End of a post ("interim Director and Librarian", "Director-General") starting at ``i``."""
    n = 0
    while i < end and n < 8 and (_is_role_word(ctx, doc[i]) or (doc[i].text in {"-", "–"} and n)
                                 or (doc[i].lower_ in {"and", "&"} and i + 1 < end
                                     and doc[i + 1].lower_ in ROLE_NOUNS)):
        i += 1
        n += 1
    return i


def _org_after_post(ctx: RuleContext, doc: Doc, i: int, end: int) -> list[str]:
    """"of the NLV", "at the Embassy", "of Mission at the Embassy": the organisation a post is at."""
    for _ in range(3):
        if i >= end or doc[i].lower_ not in {"of", "at", "in", "for", "from"}:
            return []
        j = i + 1
        while j < end and doc[j].lower_ in {"the", "a", "an"}:
            j += 1
        if j < end:
            orgs = ctx.refs.entities_at(doc[j], ORG_TYPES, refer=False)
            if orgs:
                return orgs[:1]
            if doc[j].lower_ in LIBRARY_HEADS | ORGANIZATION_HEADS and doc[j - 1].lower_ == "the":
                found = ctx.refs.refer(doc[j], ORG_TYPES)[:1]  # "director of the library"
                if found or not (j + 1 < end and doc[j + 1].lower_ == "of"):
                    return found
                i = j + 1  # "Chairman of the Board of the Kazakh library": the board of that library
                continue
            noun = doc[j].head  # "director of the Tarvo library", "of the Peruvian library"
            if doc[j - 1].lower_ == "the" and doc[j].dep_ in {"compound", "amod", "nmod"} and j < noun.i < end \
                    and noun.pos_ == "NOUN" and noun.lower_ in LIBRARY_HEADS | ORGANIZATION_HEADS:
                if noun.i + 1 < end and doc[noun.i + 1].lower_ in {"of", "at"}:
                    i = noun.i + 1  # "head of the methodological department of the X Library": X's
                    continue
                found = ctx.refs.refer(noun, ORG_TYPES)[:1]
                if found:
                    return found
        # "the Librarian of Congress", "Archivist of Canada": the library (archives) that title names
        if doc[i].lower_ == "of" and i > 0 and doc[i - 1].lower_ in {"librarian", "archivist"}:
            place = _name_run_text(doc, j, end)
            heads = ("library of ", "libraries of ", "national library of ") if doc[i - 1].lower_ == "librarian" else (
                "archives of ", "library and archives ")
            for e in ctx.entities.values():
                if e.type in ORG_TYPES and place and any(
                        n.lower() in {f"{h}{place}".strip() for h in heads} for n in (e.name, *e.aliases)):
                    return [e.local_id]
        # "Minister of Foreign Affairs": the ministry of that portfolio named in the article
        if doc[i].lower_ == "of" and i > 0 and doc[i - 1].lower_ == "minister":
            portfolio = _name_run_text(doc, j, end)
            for e in ctx.entities.values():
                if e.type in ORG_TYPES and portfolio and e.name.lower().startswith(f"ministry of {portfolio}"):
                    return [e.local_id]
        # "Deputy Chief of Mission at the Embassy": skip a non-name complement of the post
        k = j  # (and "of the rare books department at the X Library")
        while k < end and k - j < 5 and doc[k].pos_ in {"NOUN", "PROPN", "ADJ"} and doc[k].lower_ not in {"of", "at"}:
            k += 1
        if k == j:
            return []
        i = k
    return []


def _name_run_text(doc: Doc, i: int, end: int) -> str:
    j = i
    while j < end and (doc[j].text[:1].isupper() or doc[j].lower_ in {"and", "&"}):
        j += 1
    while j > i and doc[j - 1].lower_ in {"and", "&"}:  # (not a closing "and": "of Culture and")
        j -= 1
    return doc[i:j].text.lower() if j > i else ""


def _person_after_phrase(ctx: RuleContext, i: int, sent: Span) -> bool:
    """Whether the phrase from ``i`` runs to a comma and a person's name right after it."""
    doc = ctx.doc
    comma = next((t.i for t in doc[i : sent.end] if t.text in {",", ";"} or t.lower_ in {"and", "who"}), None)
    if comma is None or doc[comma].text != "," or comma + 1 >= sent.end:
        return False
    return any(sp.start == comma + 1 and sp.label_ == "Person" for sp in ctx.refs.spans)


def _post_after(ctx: RuleContext, at: int, sent: Span) -> tuple[str, list[str]] | None:
    """"X, (the) ROLE of ORG" and "X, who is ROLE of ORG"."""
    doc = ctx.doc
    i = at
    if i >= sent.end or not (doc[i].text == "," or (doc[i].text in {"–", "—", "-"} and doc[i - 1].whitespace_)):
        return None  # "X, director of Y" and "X – director of Y –"
    i += 1
    if i + 1 < sent.end and doc[i].lower_ in {"who", "which"}:
        # "who is", "who has been", "who is also", "who has since 2015 been" (not "who visited")
        j = i + 1
        while j < sent.end and j - i < 6 and (doc[j].lemma_ in {"have", "be"} or doc[j].pos_ == "ADV" or (
                doc[j].lower_ in {"since", "in", "from"} and j + 1 < sent.end and doc[j + 1].like_num)):
            j += 2 if doc[j].lower_ in {"since", "in", "from"} else 1
        if any(t.lemma_ == "be" for t in doc[i + 1 : j]):
            i = j
    article = i
    while i < sent.end and doc[i].lower_ in {"a", "an", "the", "its", "their"}:
        i += 1
    owner: list[str] = []
    if i > article and doc[article].lower_ in {"the", "its", "their"} and _person_after_phrase(ctx, i, sent):
        return None  # "the Consul of X, Ivo Lund, the director of the library, Mara Voss": Mara Voss's post
    if i + 1 < sent.end and doc[i + 1].lower_ in {"'s", "’s"}:  # "X, the ALA's Director of ..."
        owner = ctx.refs.entities_at(doc[i], ORG_TYPES)
        i += 2
    else:  # "X, Ostland Library Director,": the organisation's name, then the post
        named = next((sp for sp in ctx.refs.spans if sp.start == i and sp.end < sent.end and
                      ctx.refs.span_entity.get(key(sp)) in ctx.entities and
                      ctx.entities[ctx.refs.span_entity[key(sp)]].type in ORG_TYPES and
                      doc[sp.end].lower_.rstrip(".") in ROLE_NOUNS | POST_WORDS), None)
        if named is not None:
            owner, i = [ctx.refs.span_entity[key(named)]], named.end
    start = i
    i = _role_span(ctx, doc, i, sent.end)
    if not any(t.lower_.rstrip(".") in ROLE_NOUNS for t in doc[start:i]):
        return None
    orgs = owner or _org_after_post(ctx, doc, i, sent.end)
    if not orgs and start > at + 1 and doc[start - 1].lower_ in {"its", "their"}:
        orgs = ctx.refs.refer(doc[start - 1], ORG_TYPES)[:1]
    return (_role_text(doc[start:i]), orgs) if orgs else None


def _post_before(ctx: RuleContext, at: int, sent: Span) -> tuple[str, list[str]] | None:
    """"ROLE of ORG — X", "ORG's ROLE, X", "its ROLE, X", "the library's Director General, Prof. X"."""
    doc = ctx.doc
    i = at - 1
    while i >= sent.start and (doc[i].text in {",", "—", "–", "-", ":"}
                               or doc[i].lower_.rstrip(".") in HONORIFICS):
        i -= 1
    end = i + 1
    # the post's last word, going back over "of ORG"
    j = i
    while j >= sent.start and doc[j].lower_.rstrip(".") not in ROLE_NOUNS and \
            not (doc[j].tag_ == "NNS" and doc[j].lemma_.lower() in ROLE_NOUNS):  # "its former directors, X and Y"
        if (doc[j].is_punct and doc[j].text not in {"-", "–"}) or doc[j].pos_ == "VERB" or end - j > 12:
            return None
        j -= 1
    if j < sent.start:
        return None
    k = j
    while k - 1 >= sent.start and _is_role_word(ctx, doc[k - 1]) and doc[k - 1].lower_ not in {"its", "the"}:
        k -= 1
    p = k - 1
    while p >= sent.start and doc[p].lower_ in {"the", "a", "an"}:
        p -= 1
    if p - 1 >= sent.start and doc[p].text == "," and doc[p + 1].lower_ not in {"the", "its", "their"} and any(
            sp.label_ == "Person" and sp.end == p for sp in ctx.refs.spans):
        return None  # "A, Director of X, B, Rector of Y": the post is A's, in apposition ("A, the director
        # of X, B" is B's: see _post_after)
    stop = _role_span(ctx, doc, j, end)
    role = _role_text(doc[k:stop])
    orgs: list[str] = []
    if stop < end and doc[stop].lower_ in {"of", "at"}:
        orgs = _org_after_post(ctx, doc, stop, end)
    elif k - 1 >= sent.start and doc[k - 1].lower_ in {"its", "their"}:
        orgs = ctx.refs.refer(doc[k - 1], ORG_TYPES)
    elif k - 2 >= sent.start and doc[k - 1].lower_ in {"'s", "’s"}:
        orgs = ctx.refs.entities_at(doc[k - 2], ORG_TYPES)
    elif k - 1 >= sent.start and doc[k - 1].lower_ == "the":
        orgs = _where_antecedent(ctx, doc[j])  # "visited the X Library, where they met the director, Y"
    owner = next((t for t in doc[max(k - 1, sent.start) : j] if (t.is_lower or t.i == sent.start)
                  and t.dep_ == "compound" and t.lower_ in LIBRARY_HEADS), None)
    if not orgs and owner is not None and (owner.i == sent.start or doc[owner.i - 1].lower_ == "the"):
        # "the library director, Y", "Library director Y": the library the article is about
        orgs = ctx.refs.salient(owner, frozenset({"Library"}))
    return (role, orgs[:1]) if orgs else None


def _where_antecedent(ctx: RuleContext, tok: Token) -> list[str]:
    """The institution a "where" clause around ``tok`` is about: "the X Library, where it was welcomed by
    the director"."""
    verb = tok
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "relcl" or not any(c.dep_ == "advmod" and c.lower_ == "where" for c in verb.children):
        return []
    return ctx.refs.entities_at(verb.head, ORG_TYPES, refer=False)


def _role_text(span: Span) -> str:
    return span.text.strip(" ,-–")


def _envoy_posts(ctx: RuleContext, sent: Span) -> None:
    """An envoy works for the mission of the country that sends them, when the article names it: "X,
    Ambassador of Armenia to Greece" and "the Embassy of Armenia in Greece"; "Sri Lanka's Ambassador to
    Turkey, X"; "the Peruvian Ambassador X"."""
    missions = [e for e in ctx.entities.values() if e.type in ORG_TYPES and e.name.split()[0].lower() in
                DIPLOMATIC_HEADS]
    if not missions:
        return
    for tok in sent:
        if tok.lower_ not in ENVOY_NOUNS:
            continue
        codes: set[str] = set()
        # "Ambassador Extraordinary and Plenipotentiary of X": the title's words hang off each other, and
        # its "of" off any of them
        top = tok
        while top.dep_ in {"compound", "conj", "amod"} and top.head.lower_ in TITLE_WORDS and top.head.i < tok.i + 6 \
                and top.head.i != top.i:
            top = top.head
        title = [top, *(d for d in top.subtree if d.i != top.i and d.lower_ in TITLE_WORDS and d.i < tok.i + 6)]
        for c in (c for t in title for c in t.children):
            found: list[str] = []
            if c.dep_ == "prep" and c.lower_ == "of":
                found = [e for p in c.children if p.dep_ == "pobj"
                         for e in ctx.refs.entities_in(p, frozenset({"Country"}))]
            elif c.dep_ in {"poss", "compound", "amod", "nmod"}:
                found = ctx.refs.entities_at(c, frozenset({"Country"}), refer=False)
                demonym = ctx.gaz.country_of_demonym(c.text)
                if demonym is not None:
                    codes.add(demonym.code)
            codes |= {ctx.entities[e].external_ids.get("iso3166", "") for e in found[:1]} - {""}
        embassies = [m for m in missions if m.name.split()[0].lower() == "embassy"]
        if len(codes) == 1:
            (code,) = codes
            country = ctx.gaz.countries.get(code)
            names = {n.lower() for n in ([country.name] if country else [])} | {
                e.name.lower() for e in ctx.entities.values() if e.external_ids.get("iso3166") == code}
            mission = [m for m in missions if any(n in m.name.lower() for n in names)]
        elif not codes and tok.lower_ == "ambassador" and len(embassies) == 1:
            mission = embassies  # "Ambassador Kim Dae-sik", of no country said, in an article of one embassy
        else:
            continue
        persons = [e for c in tok.children if c.dep_ == "appos" for e in ctx.refs.entities_at(c, frozenset({"Person"}),
                                                                                             refer=False)]
        if tok.dep_ in {"appos", "compound"}:
            persons += ctx.refs.entities_at(tok.head, frozenset({"Person"}), refer=False)
        if top.i != tok.i and top.dep_ in {"appos", "conj"}:  # "X, Ambassador Extraordinary and ..."
            persons += ctx.refs.entities_at(top.head, frozenset({"Person"}), refer=False)
        if not persons:  # "the Ambassador of A to B, X,": the name after the comma that closes the title
            comma = next((t.i for t in ctx.doc[tok.i + 1 : min(tok.i + 10, sent.end)] if t.is_punct), None)
            if comma is not None and ctx.doc[comma].text == "," and comma + 1 < sent.end:
                persons += [ctx.refs.span_entity[key(sp)] for sp in ctx.refs.spans
                            if sp.start == comma + 1 and sp.label_ == "Person" and key(sp) in ctx.refs.span_entity]
        if len(mission) == 1:
            for person in dict.fromkeys(persons):
                ctx.add(person, "worksFor", mission[0].local_id, sent, "envoy-mission", CONF_REFERENCE,
                        role=tok.text, trigger=tok)


def _on_behalf(ctx: RuleContext, sent: Span) -> None:
    """A person who acts "on behalf of" an institution works for it: "X signed the agreement on behalf of
    A", "X, speaking on behalf of A,", "On behalf of A, X thanked ...", and in "signed by X on behalf of A
    and by Y on behalf of B" each person with the institution named right after them."""
    persons = frozenset({"Person"})
    for tok in sent:
        if tok.lower_ != "behalf" or tok.dep_ != "pobj" or tok.head.lower_ not in {"on", "in"}:
            continue
        orgs = ctx.refs.prep_objects(tok, {"of"}, ORG_TYPES)
        if len(orgs) != 1:
            continue
        verb = tok.head.head
        if verb.pos_ not in {"VERB", "AUX"} or ctx.refs.negated_or_hypothetical(verb):
            continue
        who: list[str] = []
        of = next(c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of")
        end = of.right_edge.i + 1
        if end < sent.end and ctx.doc[end].lower_ == "by":  # "signed on behalf of A by X, its President"
            for t in ctx.doc[end + 1 : ctx.doc[end].right_edge.i + 1]:
                who = ctx.refs.entities_at(t, persons, refer=False)
                if who:
                    break
            if not who:
                continue
        if not who and verb.dep_ in {"acl", "advcl", "relcl"} and verb.head.pos_ == "PROPN":
            # "X, speaking on behalf of A"
            who = ctx.refs.entities_at(verb.head, persons, refer=False)
        if not who:  # the person named last before "on behalf", among the verb's own words
            before = [t for t in ctx.doc[max(verb.left_edge.i, sent.start) : tok.head.i]
                      if t.dep_ in {"pobj", "nsubj", "nsubjpass", "appos", "conj"}]
            for t in reversed(before):
                who = ctx.refs.entities_at(t, persons, refer=False)
                if who:
                    break
        if not who and tok.head.i < verb.i:  # "On behalf of A, X thanked the hosts"
            who = [e for c in verb.children if c.dep_ == "nsubj"
                   for e in ctx.refs.entities_at(c, persons, refer=False)]
        for person in who[:1]:
            ctx.add(person, "worksFor", orgs[0], sent, "acted-on-behalf-of", CONF_REFERENCE, trigger=tok)


def _part_of(ctx: RuleContext, sent: Span) -> None:
    """"X, a branch of Y", "Y's X section", "X of the Y" for organisational units."""
    for sp in ctx.refs.spans:
        if not (sent.start <= sp.start < sent.end):
            continue
        sid = ctx.refs.span_entity.get(key(sp))
        if sid is None or ctx.entities[sid].type not in ORG_TYPES:
            continue
        # an apposition of the name, also where the parse hangs it on a word inside the name ("the Centre
        # for Manuscripts, a department of Y"); not a name of its own ("A, the Library of B and C": a list)
        for c in (c for t in sp for c in t.children if c.dep_ == "appos" and not sp.start <= c.i < sp.end):
            if c.lemma_.lower() in PART_NOUNS and not ctx.refs.entities_at(c, ORG_TYPES, refer=False):
                # "the X Centre and the Y Library, a branch of Z": the name right before the comma, however
                # the parse hung the apposition on the list's first
                comma = c.left_edge.i - 1
                unit = next((ctx.refs.span_entity[key(o)] for o in ctx.refs.spans if o.end == comma and
                             o.start > sp.end and ctx.refs.span_entity.get(key(o)) in ctx.entities and
                             ctx.entities[ctx.refs.span_entity[key(o)]].type in ORG_TYPES), sid) \
                    if comma >= 0 and ctx.doc[comma].text == "," else sid
                for o in ctx.refs.prep_objects(c, {"of"}, ORG_TYPES):
                    if o != unit:
                        ctx.add(unit, "partOf", o, sent, "appositive-branch-of", CONF_DIRECT)
            # "X, one of the ACL's branch libraries"
            if c.lower_ == "one":
                for prep in c.children:
                    for pobj in prep.children if prep.lower_ == "of" else []:
                        if pobj.lemma_.lower() in PART_NOUNS or pobj.lemma_.lower().startswith("sub"):
                            for poss in pobj.children:
                                if poss.dep_ == "poss":
                                    for o in ctx.refs.entities_at(poss, ORG_TYPES):
                                        ctx.add(sid, "partOf", o, sent, "one-of-units", CONF_DIRECT)
        # "the General Directorate of ... of Turkey's Ministry of Culture": the ministry it belongs to
        if sp.end + 1 < sent.end and ctx.doc[sp.end].lower_ in {"'s", "’s"} and \
                ctx.refs.entities_at(sp[-1], PLACE_TYPES, refer=False):
            for o in ctx.refs.entities_at(ctx.doc[sp.end + 1], ORG_TYPES, refer=False):
                if o != sid:
                    ctx.add(sid, "partOf", o, sent, "unit-of-country-organisation", CONF_DIRECT)
        # "the OCL Conservation Laboratory": a name opened by another organisation's abbreviation
        first = sp[1] if sp[0].lower_ == "the" and len(sp) > 2 else sp[0]
        if is_acronym(first.text) and first.i < sp.end - 1:
            for e in ctx.entities.values():
                if e.local_id != sid and e.type in ORG_TYPES and (first.text == e.name or first.text in e.aliases):
                    ctx.add(sid, "partOf", e.local_id, sent, "abbreviation-modifier-unit", CONF_DIRECT)
        head_word = sp[-1].lower_
        j = sp.end
        if j + 2 < sent.end and ctx.doc[j].text == "(" and ctx.doc[j + 2].text == ")":
            j += 3  # "the Board (NPLB) of the Ministry of Education"
            if j < sent.end and ctx.doc[j].lower_ == "of":
                for o in ctx.refs.entities_in(ctx.doc[j], ORG_TYPES):
                    if o != sid:
                        ctx.add(sid, "partOf", o, sent, "unit-of", CONF_DIRECT)
        if head_word in UNIT_HEADS or (sp.root.lower_ in UNIT_HEADS and sp.root.i < sp.end - 1):
            # "IFLA's National Libraries Section", "the X Library's Centre for Digital Heritage"
            if sp.start >= 2 and ctx.doc[sp.start - 1].lower_ in {"'s", "’s"}:
                for o in ctx.refs.entities_at(ctx.doc[sp.start - 2], ORG_TYPES):
                    ctx.add(sid, "partOf", o, sent, "possessive-unit", CONF_DIRECT)
            elif sp.start >= 1 and ctx.doc[sp.start - 1].lower_ in {"its", "their"}:
                # "the BNP's Literature Section and its Children's Library"
                for o in ctx.refs.refer(ctx.doc[sp.start - 1], ORG_TYPES)[:1]:
                    if o != sid:
                        ctx.add(sid, "partOf", o, sent, "possessive-unit", CONF_REFERENCE)
            # '"SCO Knowledge Hall" of the SCO People's Reading Center'
            j = sp.end
            while j < sent.end and ctx.doc[j].text in {'"', "”", "’", "'"}:
                j += 1
            if j < sent.end and ctx.doc[j].lower_ == "of" and j > sp.end:
                for o in ctx.refs.entities_in(ctx.doc[j], ORG_TYPES):
                    if o != sid:
                        ctx.add(sid, "partOf", o, sent, "unit-of", CONF_DIRECT)


def _located_in(ctx: RuleContext, sent: Span) -> None:
    """"the Aldgate City Library (ACL) in Leeds", "libraries located in X", "X, based in Y",
    "Azerbaijan's Cabinet of Ministers", "two Lyon institutions, the X and the Y",
    "universities across Canada, among them X and Y", "the library in Tartu", "X is to be located in Y"."""
    for tok in sent:
        # "X is located in Y", "the library in Tartu"
        if (tok.lemma_.lower() in {"locate", "base", "situate", "headquarter"} and tok.tag_ == "VBN") or \
                tok.lower_ in {"located", "based", "situated", "headquartered"}:
            subjects = [e for c in tok.children if c.dep_ in {"nsubjpass", "nsubj"}
                        for e in ctx.refs.entities_at(c, ORG_TYPES | frozenset({"City"}))]
            attached = tok
            while attached.dep_ == "conj" and attached.head.i != attached.i:  # "X, founded in 2013 and based in Y"
                attached = attached.head
            if attached.dep_ in {"acl", "relcl"}:
                subjects += ctx.refs.entities_at(attached.head, ORG_TYPES)
                noun = attached.head
                if noun.tag_ == "NNS" and any(c.dep_ == "amod" and c.lower_ == "other" for c in noun.children):
                    # "A, B and the other tribunals located in Y": the phrase is said of every conjunct
                    subjects += [e for c in noun.conjuncts for e in ctx.refs.entities_at(c, ORG_TYPES)]
            if tok.dep_ == "advcl" and not subjects:  # "Located in the centre of Varna, the library is ..."
                subjects += [e for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}
                             for e in ctx.refs.entities_at(c, ORG_TYPES)]
            for o in ctx.refs.prep_objects(tok, {"in", "at"}, PLACE_TYPES):
                for s in subjects:
                    ctx.add(s, "locatedIn", o, sent, "located-in", CONF_DIRECT, trigger=tok)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in LIBRARY_HEADS:  # "Chile's national library"
            for poss in tok.children:
                if poss.dep_ == "poss":
                    for country in ctx.refs.entities_at(poss, frozenset({"Country"}), refer=False):
                        for s in ctx.refs.refer(tok, ORG_TYPES):
                            ctx.add(s, "locatedIn", country, sent, "possessive-country", CONF_REFERENCE)
        if tok.pos_ == "NOUN" and tok.lower_ in LIBRARY_HEADS | {"institution", "university", "museum"} and \
                any(c.lower_ == "the" for c in tok.children):
            places = ctx.refs.prep_objects(tok, {"in"}, PLACE_TYPES)
            if places:
                for s in ctx.refs.refer(tok, ORG_TYPES):
                    ctx.add(s, "locatedIn", places[0], sent, "description-in-place", CONF_REFERENCE)
        if tok.lemma_.lower() not in INSTITUTION_NOUNS or tok.tag_ not in {"NNS", "NNPS"}:
            continue
        places = [e for c in tok.children if c.dep_ in {"compound", "nmod", "amod"}
                  for e in ctx.refs.entities_at(c, PLACE_TYPES, refer=False)]
        places += ctx.refs.prep_objects(tok, {"in", "across", "throughout", "from"}, PLACE_TYPES)
        if not places:
            continue
        for o in ctx.refs.entities_in(tok, ORG_TYPES):
            for p in places:
                ctx.add(o, "locatedIn", p, sent, "plural-institutions-in-place", CONF_DIRECT)
    for sp, sid in ctx.refs.outermost(ORG_TYPES):
        if sent.start <= sp.start < sent.end and sp.start >= 2 and ctx.doc[sp.start - 1].lower_ in {"'s", "’s"}:
            for p in ctx.refs.entities_at(ctx.doc[sp.start - 2], frozenset({"Country"}), refer=False):
                ctx.add(sid, "locatedIn", p, sent, "possessive-country", CONF_DIRECT)
    for sp, sid in ctx.refs.outermost(ORG_TYPES):
        if not (sent.start <= sp.start < sent.end):
            continue
        j = sp.end
        while j < sent.end and (ctx.doc[j].text in {"(", ")"} or (is_acronym(ctx.doc[j].text)
                                                               and ctx.doc[j - 1].text == "(")):
            j += 1
        if j > sp.end and ctx.doc[j - 1].text == "(" and j + 1 < sent.end and ctx.doc[j + 1].text == ")":
            for o in ctx.refs.entities_at(ctx.doc[j], frozenset({"City"}), refer=False):  # "the X Library (Tarvo)"
                ctx.add(sid, "locatedIn", o, sent, "org-in-place", CONF_DIRECT)
        if j < sent.end and ctx.doc[j].text == ",":
            if j + 1 < sent.end and ctx.doc[j + 1].lower_ in {"located", "based", "situated", "headquartered"}:
                j += 2
            elif j + 1 < sent.end and ctx.doc[j + 1].lower_ == "in":  # "the X Museum, in Tarvo, ..."
                j += 1
        elif j < sent.end and ctx.doc[j].lower_ in {"located", "based", "situated", "headquartered"}:
            j += 1
        elif j + 4 < sent.end and [t.lower_ for t in ctx.doc[j : j + 3]] in (["of", "the", "city"],
                                                                             ["of", "the", "town"]) and \
                ctx.doc[j + 3].lower_ == "of":  # "the X Library of the city of Tarvo"
            for o in ctx.refs.entities_at(ctx.doc[j + 4], frozenset({"City"}), refer=False):
                ctx.add(sid, "locatedIn", o, sent, "org-in-place", CONF_DIRECT)
        if j + 1 < sent.end and ctx.doc[j].lower_ == "in":
            k = j + 2 if ctx.doc[j + 1].lower_ == "the" and j + 2 < sent.end else j + 1  # "in the United States"
            places = [e for e in ctx.refs.entities_at(ctx.doc[k], PLACE_TYPES, refer=False)]
            for o in places:
                ctx.add(sid, "locatedIn", o, sent, "org-in-place", CONF_DIRECT)


def _event_owners(ctx: RuleContext, sent: Span) -> None:
    """'the UNESCO program "Memory of the World"', "IFLA's annual conference": the organisation a
    named event belongs to."""
    doc = ctx.doc
    for sp, eid in ctx.refs.outermost(frozenset({"Event"})):
        if not (sent.start <= sp.start < sent.end):
            continue
        i = sp.start - 1
        while i >= sent.start and doc[i].text in QUOTE_CHARS:
            i -= 1
        if i >= sent.start + 1 and doc[i].lemma_.lower() in EVENT_NOUNS:
            owner = doc[i - 1]
            if owner.lower_ in {"'s", "’s"} and i >= sent.start + 2:
                owner = doc[i - 2]
            for o in ctx.refs.entities_at(owner, ORG_TYPES, refer=False):
                ctx.add(o, "organized", eid, sent, "organisation-event-noun", CONF_DIRECT)
        elif i >= sent.start and doc[i].lower_ in {"'s", "’s", "its", "their"} and sp.end < sent.end and \
                doc[sp.end + (1 if doc[sp.end].text in QUOTE_CHARS else 0)].lemma_.lower() in EVENT_NOUNS:
            # 'the X Library's "Read with Us" programme', 'its "Read with Us" programme'
            owners = ctx.refs.refer(doc[i], ORG_TYPES)[:1] if doc[i].lower_ in {"its", "their"} else \
                ctx.refs.entities_at(doc[i - 1], ORG_TYPES) if i > sent.start else []
            if not owners and doc[i].lower_ in {"its", "their"}:  # "As part of its programme, the X held ..."
                owners = ctx.refs.subjects(sent.root, ORG_TYPES)[:1] if sent.root.i > sp.end else []
            for o in owners:
                ctx.add(o, "organized", eid, sent, "organisation-event-noun", CONF_REFERENCE)
        # "X (WLIC), the annual conference of the IFLA"
        j = sp.end
        while j < sent.end and (doc[j].text in {"(", ")", ","} or is_acronym(doc[j].text)):
            j += 1
        k = j
        while k < sent.end and k - j < 4 and doc[k].lemma_.lower() not in EVENT_NOUNS and not doc[k].is_punct:
            k += 1
        if j > sp.end and k < sent.end and doc[k].lemma_.lower() in EVENT_NOUNS and k + 1 < sent.end and \
                doc[k + 1].lower_ == "of":
            for o in ctx.refs.entities_in(doc[k + 1], ORG_TYPES)[:1]:
                ctx.add(o, "organized", eid, sent, "event-of-organisation", CONF_DIRECT)


COMPASS_WORDS = frozenset({"north", "south", "east", "west", "north-east", "north-west", "south-east", "south-west",
                           "northeast", "northwest", "southeast", "southwest", "centre", "center", "heart"})


def _city_countries(ctx: RuleContext, sent: Span) -> None:
    """Where the text places a city: "Almaty, Kazakhstan", "Skopje, the capital of North Macedonia",
    "the Japanese capital, Tokyo"."""
    doc = ctx.doc
    cities = [(sp, e) for sp, e in ctx.refs.outermost(PLACE_TYPES) if ctx.entities[e].type == "City"
              and sent.start <= sp.start < sent.end]
    for sp, city in cities:
        j = sp.end
        # "Tarvo and Varna in Ostland", "Tarvo, in the south of Ostland"
        k = j + 1 if j < sent.end and doc[j].text == "," else j
        if k + 1 < sent.end and doc[k].lower_ == "in":
            m = k + 1
            if m + 3 < sent.end and doc[m].lower_ == "the" and doc[m + 1].lower_ in COMPASS_WORDS and \
                    doc[m + 2].lower_ == "of":
                m += 3
            elif m < sent.end and doc[m].lower_ == "the":
                m += 1
            countries = ctx.refs.entities_at(doc[m], frozenset({"Country"}), refer=False) if m < sent.end else []
            listed = [c for c in cities if c[1] != city and c[0].start < sp.start and c[0].root in sp.root.conjuncts]
            for o in countries:
                for c in [city, *(e for _s, e in listed)]:
                    ctx.add(c, "locatedIn", o, sent, "city-in-country", CONF_DIRECT)
        if j + 1 < sent.end and doc[j].text == ",":
            nxt = ctx.refs.entities_at(doc[j + 1], frozenset({"Country"}), refer=False)
            if nxt:
                ctx.add(city, "locatedIn", nxt[0], sent, "city-comma-country", CONF_DIRECT)
                continue
            # "Bergen, Vestland", "Hill Ward, Lake Sub-County": a place within a larger one
            wider = ctx.refs.entities_at(doc[j + 1], frozenset({"City"}), refer=False)
            wider_end = next((s.end for s, e in ctx.refs.outermost(PLACE_TYPES) if s.start == j + 1), j + 2)
            in_list = (sp.start > sent.start and doc[sp.start - 1].text == ",") or (
                wider_end < sent.end and (doc[wider_end].lower_ in {"and", "or"} or (
                    doc[wider_end].text == "," and wider_end + 1 < sent.end
                    and ctx.refs.entities_at(doc[wider_end + 1], PLACE_TYPES, refer=False))))
            if wider and wider[0] != city and not in_list and _larger(ctx, wider[0], city):
                ctx.add(city, "locatedIn", wider[0], sent, "place-comma-region", CONF_DIRECT)
                continue
            k = j + 1
            while k < sent.end and doc[k].lower_ in {"the", "a"}:
                k += 1
            if k + 1 < sent.end and doc[k + 1].lower_ in {"capital", "city"}:  # "Lisbon, the Portuguese capital"
                country = ctx.gaz.country_of_demonym(doc[k].text)
                for o in _country_entities(ctx, country.code) if country else []:
                    ctx.add(city, "locatedIn", o, sent, "demonym-capital", CONF_DIRECT)
            if k + 2 < sent.end and doc[k].lower_ == "capital" and doc[k + 1].lower_ == "of":
                m = k + 2
                while m < sent.end and doc[m].lower_ == "the":
                    m += 1
                found = ctx.refs.entities_at(doc[m], frozenset({"Country"}), refer=False) if m < sent.end else []
                for o in found:
                    ctx.add(city, "locatedIn", o, sent, "capital-of", CONF_DIRECT)
        # "the Japanese capital, Tokyo"
        i = sp.start - 1
        while i >= sent.start and doc[i].text == ",":
            i -= 1
        if i >= sent.start + 1 and doc[i].lower_ in {"capital", "city"}:
            country = ctx.gaz.country_of_demonym(doc[i - 1].text)
            if country:
                for o in _country_entities(ctx, country.code):
                    ctx.add(city, "locatedIn", o, sent, "demonym-capital", CONF_DIRECT)


def _larger(ctx: RuleContext, a: str, b: str) -> bool:
    """Is place ``a`` the larger: a region by name, or the more populous gazetteer city?"""
    ea, eb = ctx.entities[a], ctx.entities[b]
    if ea.name.split()[-1].lower() in PLACE_SUFFIXES or ea.name.split("-")[-1].lower() in PLACE_SUFFIXES:
        return True
    ca = ctx.gaz.city(ea.name)
    cb = ctx.gaz.city(eb.name)
    return ca is not None and (cb is None or ca.population > cb.population)


def _country_entities(ctx: RuleContext, code: str) -> list[str]:
    return [e.local_id for e in ctx.entities.values()
            if e.type == "Country" and e.external_ids.get("iso3166") == code]


def collection_number(noun: Token) -> int | None:
    """"over 5 million books" -> 5000000; "approximately seven million books" -> 7000000."""
    nums = [c for c in noun.children if c.dep_ == "nummod" or c.like_num]
    for c in noun.children:  # "8mn resources", "2.5m books"
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(mn|mln|m|bn|k)", c.lower_)
        if m:
            return int(float(m.group(1)) * {"mn": 1_000_000, "mln": 1_000_000, "m": 1_000_000,
                                            "bn": 1_000_000_000, "k": 1_000}[m.group(2)])
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
