"""The ``libgraph_relations`` component: every extraction rule of the catalogue over a parsed ``Doc``.

Contract: reads ``doc.spans["libgraph"]`` (the typed names of ``libgraph_entities``) and
``doc._.lg_references``; sets ``token.ent_id_`` to the kind of name a token is inside (``ORG``,
``Person``, ``Place``, ``Event``, else ``""``: what the patterns call ``_.lg_class``); writes
``doc._.lg_relation_matches`` (one :class:`RuleMatch` per match of a dependency or token pattern,
with the tokens each node bound) and ``doc._.lg_candidates`` (the candidate statements of the pattern
and handler rules, ``nlp/handlers.py``, in the order of the text). Nothing here reads another rule's
statements: that is ``libgraph_inference``'s.
"""

from __future__ import annotations

from typing import Any, cast

from spacy.attrs import DEP, LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..places import Gazetteer, default_gazetteer
from .entities import SPAN_KEY
from .handlers import read_candidates
from .rules import Rule, RuleMatch, catalogue

CLASS_OF_LABEL = {"Library": "ORG", "Organization": "ORG", "Person": "Person", "City": "Place",
                  "Country": "Place", "Event": "Event"}

for _name in ("lg_relation_matches", "lg_candidates"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


LEXICAL_ATTRS = ("LOWER", "LEMMA", "TEXT", "ORTH", "NORM")


def required_words(elements: list[dict[str, Any]]) -> tuple[tuple[str, frozenset[str]], ...]:
    """For each element of a pattern that a match cannot do without: the words it allows (``LOWER``,
    ``LEMMA``, ``TEXT`` equal to a word or ``IN`` a list, lower-cased), the dependency labels
    (``DEP``) and the kinds of name (``_.lg_class``), as ``(kind, values)`` with kind ``word``, ``dep``
    or ``class``: a document lacking one of them cannot match, and the rule's matcher need not run."""
    out: list[tuple[str, frozenset[str]]] = []

    def allowed(value: Any) -> frozenset[str] | None:
        if isinstance(value, str):
            return frozenset({value})
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            return frozenset(str(v) for v in value["IN"])
        return None

    for attrs in elements:
        if attrs.get("OP") in {"?", "*"}:
            continue
        for name in LEXICAL_ATTRS:
            values = allowed(attrs.get(name))
            if values is not None:
                out.append(("word", frozenset(v.lower() for v in values)))
        deps = allowed(attrs.get("DEP"))
        if deps is not None:
            out.append(("dep", deps))
        ext = attrs.get("_")
        classes = allowed(ext.get("lg_class")) if isinstance(ext, dict) else None
        if classes is not None and "" not in classes:
            out.append(("class", classes))
    return tuple(out)


def native_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """A pattern element with the kind of name (``_.lg_class``) read from the token's ``ENT_ID``, where
    the matchers compare it without a Python call per token (the pattern files keep ``_.lg_class``)."""
    ext = attrs.get("_")
    if not isinstance(ext, dict) or "lg_class" not in ext:
        return attrs
    out = {k: v for k, v in attrs.items() if k != "_"}
    rest = {k: v for k, v in ext.items() if k != "lg_class"}
    if rest:
        out["_"] = rest
    out["ENT_ID"] = ext["lg_class"]
    return out


class RelationMatcher:
    """One spaCy matcher per pattern rule, each run only on the documents (a dependency pattern: the
    sentences) that hold the words it needs."""

    def __init__(self, vocab: Vocab, rules: dict[str, Rule]) -> None:
        self.rules = rules
        self.matchers: list[tuple[str, DependencyMatcher | Matcher, tuple[tuple[str, frozenset[int]], ...]]] = []
        self.token_names: dict[str, list[str]] = {}
        for rule in rules.values():
            if rule.matcher == "dependency":
                dep = DependencyMatcher(vocab, validate=True)
                dep.add(rule.id, [[{**el, "RIGHT_ATTRS": native_attrs(el["RIGHT_ATTRS"])} for el in rule.pattern]])
                attrs = [el["RIGHT_ATTRS"] for el in rule.pattern]
                self.matchers.append((rule.id, dep, self._hashed(vocab, required_words(attrs))))
            elif rule.matcher == "token":
                elements = [{k: v for k, v in el.items() if k != "NAME"} for el in rule.pattern]
                tok = Matcher(vocab, validate=True)
                tok.add(rule.id, [[native_attrs(el) for el in elements]], greedy="LONGEST")
                self.token_names[rule.id] = [str(el.get("NAME", i)) for i, el in enumerate(rule.pattern)]
                self.matchers.append((rule.id, tok, self._hashed(vocab, required_words(elements))))
        self.strings = vocab.strings

    @staticmethod
    def _hashed(vocab: Vocab, needs: tuple[tuple[str, frozenset[str]], ...]
                ) -> tuple[tuple[str, frozenset[int]], ...]:
        return tuple((kind, frozenset(vocab.strings.add(v) for v in values)) for kind, values in needs)

    def __call__(self, doc: Doc) -> Doc:
        classes: set[int] = set()
        for sp in sorted(doc.spans[SPAN_KEY], key=lambda s: s.end - s.start):  # the outermost name wins
            cls = self.strings.add(CLASS_OF_LABEL.get(sp.label_, ""))
            classes.add(cls)
            for tok in sp:
                tok.ent_id = cls
        lexical = doc.to_array([LOWER, LEMMA])  # hashes, read once
        words = set(cast("list[int]", lexical.ravel().tolist()))
        deps = set(cast("list[int]", doc.to_array([DEP]).ravel().tolist()))
        present = {"word": words, "dep": deps, "class": classes}
        # each sentence's words: a rule runs on the sentences that hold all its words, not on the document
        bounds = [(sent.start, sent.end) for sent in doc.sents]
        sentence_words = [set(cast("list[int]", lexical[a:b].ravel().tolist())) for a, b in bounds]
        found: list[RuleMatch] = []
        for rid, matcher, needs in self.matchers:
            if not all(present[kind] & values for kind, values in needs):
                continue
            if isinstance(matcher, DependencyMatcher):
                # a dependency tree is one sentence's: the sentences that hold every word the rule needs
                word_needs = [values for kind, values in needs if kind == "word"]
                where = [bounds[i] for i, ws in enumerate(sentence_words) if all(ws & v for v in word_needs)]
                parts = [(doc, 0)] if len(where) == len(bounds) else [(doc[a:b], a) for a, b in where]
                names = [el["RIGHT_ID"] for el in self.rules[rid].pattern]
                for part, offset in parts:
                    for _match_id, tokens in matcher(part):
                        found.append(RuleMatch(rid, {n: (t + offset,) for n, t in zip(names, tokens, strict=True)}))
                continue
            names = self.token_names[rid]  # (a token pattern may run across a sentence break the tagger made)
            for _match_id, start, _end, align in matcher(doc, with_alignments=True):  # type: ignore[misc]
                nodes: dict[str, list[int]] = {}
                for k, element in enumerate(align):
                    nodes.setdefault(names[element], []).append(start + k)
                found.append(RuleMatch(rid, {n: tuple(ix) for n, ix in nodes.items()}))
        found.sort(key=lambda m: (min(i for ix in m.nodes.values() for i in ix), m.rule))
        doc._.lg_relation_matches = found
        return doc


class RelationReader:
    """The component: the pattern rules' matches, then every rule's candidate statements."""

    def __init__(self, matcher: RelationMatcher, gazetteer: Gazetteer) -> None:
        self.matcher = matcher
        self.gaz = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        self.matcher(doc)
        doc._.lg_candidates = read_candidates(doc, doc._.lg_references, self.gaz)
        return doc


@Language.factory("libgraph_relations", requires=["doc.spans", "doc._.lg_references", "token.dep", "token.lemma"],
                  assigns=["doc._.lg_relation_matches", "doc._.lg_candidates", "token.ent_id"])
def make_relation_reader(nlp: Language, name: str) -> RelationReader:
    return RelationReader(RelationMatcher(nlp.vocab, catalogue()), default_gazetteer())
