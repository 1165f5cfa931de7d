"""The ``libgraph_inference`` component: what follows from the rules' candidates taken together.

The one place that reads statements other rules emitted, in the order of the text, and the only
one that decides between them. It writes a new list; the candidates stay as the rules read them.

* A group the sentence does not place ("the guests", "they" in a visit's account) is the visitors:
  the subjects of the latest visit stated before (all of them: "researchers from A and B visited X"),
  else the institution the latest group stood for.
* A person signing an agreement stands for the institution they work for (``worksFor`` anywhere in
  the article); a signing by a person whose institution the article does not give is left out. So
  does a person receiving visitors: the visitors visited their institution.
* An institution does not visit the place it is in: a visit to a city or country that the article (or
  the institution's name) places the visitor in is left out ("the Tarvo City Library took part in the
  festival held in Tarvo").
* Acting "on behalf of" an institution makes a person work for it only where the article states no
  post of theirs ("signed on behalf of A by X, CEO of B": X works for B).
* An institution stated both a member and a unit of one body is its member.
* Of several founding years of one institution the earliest is kept; of several collection sizes,
  the first.
* A name made of an eponym and a head noun ("the Ostland Karlsson Library") is the institution
  named after that person ("named after Anna Karlsson"): the two are merged (``doc._.lg_merges``).
* A statement stated twice (or, for a symmetric relation, in both directions) is kept once.

Contract: reads ``doc._.lg_candidates`` and ``doc._.lg_references``; writes ``doc._.lg_facts``
(the statements of the article) and ``doc._.lg_merges`` (entity id -> the id it is merged into).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from .handlers import Candidate
from .lexicon import GENERIC_NAME_WORDS, LIBRARY_HEADS, ORGANIZATION_HEADS
from .references import References
from .schema import ORG_TYPES, PREDICATE_TYPES, SYMMETRIC_PREDICATES, VISITORS

for _name in ("lg_facts", "lg_merges"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


BEHALF_RULE = "acted-on-behalf-of"


def _visitors_resolved(candidates: list[Candidate], refs: References) -> list[Candidate]:
    out: list[Candidate] = []
    visitors: list[str] = []
    party: dict[str, int] = {}  # visitor -> the sentence of their latest visit
    for c in candidates:
        if VISITORS in (c.subject, c.object):
            who = visitors[-1] if visitors else next(iter(refs.groups_before(c.sent_end)), None)
            s_types, o_types = PREDICATE_TYPES.get(c.predicate, (frozenset(), frozenset()))
            wanted = s_types if c.subject == VISITORS else o_types
            if who is not None and refs.entities[who].type == "Person" and ORG_TYPES & wanted:
                # "a visit by an NPLG delegation headed by X ... The delegation met Y": the institution
                who = next((v for v in reversed(visitors) if refs.entities[v].type in ORG_TYPES), who)
            if who is None or refs.entities[who].type not in wanted:
                continue
            # "researchers from A and B visited X ... The visitors were received by Y": both
            group = [v for v in dict.fromkeys(visitors) if party.get(v) == party.get(who) and
                     refs.entities[v].type == refs.entities[who].type] if who in party else [who]
            resolved = [replace(c, subject=one if c.subject == VISITORS else c.subject,
                                object=one if c.object == VISITORS else c.object) for one in group]
            out += [r for r in resolved if r.subject != r.object]
            if c.predicate == "visited":  # (the group visits on: its latest visit is this one)
                visitors += [r.subject for r in resolved]
                party.update({r.subject: c.sent_start for r in resolved})
            continue
        if c.predicate == "visited":
            visitors.append(c.subject)
            party[c.subject] = c.sent_start
        out.append(c)
    return out


def _signatories_resolved(candidates: list[Candidate], refs: References) -> list[Candidate]:
    employer: dict[str, str] = {}
    for c in candidates:
        if c.predicate == "worksFor":
            employer.setdefault(c.subject, c.object)

    def institution(e: str) -> str | None:
        return e if refs.entities[e].type in ORG_TYPES else employer.get(e)

    out: list[Candidate] = []
    for c in candidates:
        if c.predicate == "signedAgreementWith":
            s, o = institution(c.subject), institution(c.object)
            if s is None or o is None or s == o:
                continue
            c = replace(c, subject=s, object=o)
        elif c.predicate == "visited" and refs.entities[c.object].type == "Person":
            host = employer.get(c.object)  # "received by the director of X": X was visited
            if host is None or host == c.subject:
                continue
            c = replace(c, object=host)
        out.append(c)
    return out


def _no_visits_home(candidates: list[Candidate], refs: References) -> list[Candidate]:
    home: dict[str, set[str]] = {e: set(places) for e, places in refs.located.items()}
    for c in candidates:
        if c.predicate == "locatedIn":
            home.setdefault(c.subject, set()).add(c.object)
    return [c for c in candidates if not (c.predicate == "visited" and c.object in home.get(c.subject, ()))]


def _stated_posts_first(candidates: list[Candidate]) -> list[Candidate]:
    """Acting on behalf of an institution says a person works for it only when the article states no
    post of theirs: "signed on behalf of A by X, CEO of B" is B's CEO signing for A."""
    posted = {c.subject for c in candidates if c.predicate == "worksFor" and c.rule != BEHALF_RULE}
    return [c for c in candidates if not (c.rule == BEHALF_RULE and c.subject in posted)]


def _members_not_units(candidates: list[Candidate]) -> list[Candidate]:
    """One institution stated both a member and a unit of another ("the Association includes 40 libraries:
    A, ..." read as units, "A is a member library of the Association"): it is a member."""
    members = {(c.subject, c.object) for c in candidates if c.predicate == "memberOf"}
    return [c for c in candidates if not (c.predicate == "partOf" and (c.subject, c.object) in members)]


def _one_value(candidates: list[Candidate]) -> list[Candidate]:
    """The earliest founding year and the first collection size of each institution."""
    earliest: dict[str, Candidate] = {}
    first_size: dict[str, Candidate] = {}
    for c in candidates:
        if c.predicate == "founded" and (c.subject not in earliest or c.object < earliest[c.subject].object):
            earliest[c.subject] = c
        if c.predicate == "collectionSize":
            first_size.setdefault(c.subject, c)
    keep = {id(c) for c in (*earliest.values(), *first_size.values())}
    return [c for c in candidates if c.predicate not in {"founded", "collectionSize"} or id(c) in keep]


def _eponym_merges(candidates: list[Candidate], refs: References) -> dict[str, str]:
    ents = refs.entities
    merges: dict[str, str] = {}
    for c in candidates:
        if c.predicate != "namedAfter":
            continue
        person = ents[c.object].name.casefold()
        for other in ents.values():
            words = other.name.casefold()
            if other.local_id in {c.subject, *merges} or other.type not in ORG_TYPES or \
                    not words.startswith(person + " "):
                continue
            rest = words[len(person) + 1 :].split()
            if rest and all(w in LIBRARY_HEADS | ORGANIZATION_HEADS | GENERIC_NAME_WORDS for w in rest):
                merges[other.local_id] = merges.get(c.subject, c.subject)
    return merges


def _once(candidates: list[Candidate], merges: dict[str, str]) -> list[Candidate]:
    seen: set[tuple[str, str, str]] = set()
    out: list[Candidate] = []
    for c in candidates:
        if c.subject in merges or c.object in merges:
            c = replace(c, subject=merges.get(c.subject, c.subject), object=merges.get(c.object, c.object))
        triple = (c.subject, c.predicate, c.object)
        if c.subject == c.object or triple in seen or (
                c.predicate in SYMMETRIC_PREDICATES and (c.object, c.predicate, c.subject) in seen):
            continue
        seen.add(triple)
        out.append(c)
    return out


def infer(candidates: list[Candidate], refs: References) -> tuple[list[Candidate], dict[str, str]]:
    """The article's statements and entity merges, from the rules' candidates."""
    facts = _one_value(_no_visits_home(_signatories_resolved(_visitors_resolved(candidates, refs), refs), refs))
    facts = _members_not_units(_stated_posts_first(facts))
    merges = _eponym_merges(facts, refs)
    return _once(facts, merges), merges


class Inference:
    def __call__(self, doc: Doc) -> Doc:
        doc._.lg_facts, doc._.lg_merges = infer(doc._.lg_candidates or [], doc._.lg_references)
        return doc


@Language.factory("libgraph_inference", requires=["doc._.lg_candidates", "doc._.lg_references"],
                  assigns=["doc._.lg_facts", "doc._.lg_merges"])
def make_inference(nlp: Language, name: str) -> Inference:
    return Inference()
