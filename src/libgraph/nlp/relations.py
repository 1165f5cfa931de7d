"""The ``libgraph_relations`` component: runs the pattern rules of the catalogue over a parsed ``Doc``.

Contract: reads ``doc.spans["libgraph"]`` (the typed names of ``libgraph_entities``), sets
``token._.lg_class`` (``ORG``, ``Person``, ``Place``, ``Event`` for a token inside a name, else
``""``) and writes ``doc._.lg_relation_matches``: one :class:`RuleMatch` per match of a
dependency or token pattern, with the tokens each node of the pattern bound. Which entities
those tokens name (or refer to) is read by the extraction step; this component decides nothing
about entities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from .entities import SPAN_KEY
from .rules import Rule, catalogue

CLASS_OF_LABEL = {"Library": "ORG", "Organization": "ORG", "Person": "Person", "City": "Place",
                  "Country": "Place", "Event": "Event"}

if not Token.has_extension("lg_class"):
    Token.set_extension("lg_class", default="")
if not Doc.has_extension("lg_relation_matches"):
    Doc.set_extension("lg_relation_matches", default=None)


@dataclass(frozen=True)
class RuleMatch:
    """A pattern rule matched: ``nodes`` maps each node name to the token indices it bound."""

    rule: str
    nodes: dict[str, tuple[int, ...]]


LEXICAL_ATTRS = ("LOWER", "LEMMA", "TEXT", "ORTH", "NORM")


def required_words(elements: list[dict[str, Any]]) -> tuple[frozenset[str], ...]:
    """For each element of a pattern that a match cannot do without and that names its words
    (``LOWER``/``LEMMA``/``TEXT`` equal to a word or ``IN`` a list), the words it allows, lower-cased: a
    document without one of each cannot match, and its matcher need not run."""
    out: list[frozenset[str]] = []
    for attrs in elements:
        if attrs.get("OP") in {"?", "*"}:
            continue
        for name in LEXICAL_ATTRS:
            value = attrs.get(name)
            if isinstance(value, str):
                out.append(frozenset({value.lower()}))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                out.append(frozenset(str(v).lower() for v in value["IN"]))
    return tuple(out)


class RelationMatcher:
    """One spaCy matcher per pattern rule, each run only on documents that hold the words it needs."""

    def __init__(self, vocab: Vocab, rules: dict[str, Rule]) -> None:
        self.rules = rules
        self.matchers: list[tuple[str, DependencyMatcher | Matcher, tuple[frozenset[int], ...]]] = []
        self.token_names: dict[str, list[str]] = {}
        for rule in rules.values():
            if rule.matcher == "dependency":
                dep = DependencyMatcher(vocab, validate=True)
                dep.add(rule.id, [list(rule.pattern)])
                attrs = [el["RIGHT_ATTRS"] for el in rule.pattern]
                self.matchers.append((rule.id, dep, self._hashed(vocab, required_words(attrs))))
            elif rule.matcher == "token":
                elements = [{k: v for k, v in el.items() if k != "NAME"} for el in rule.pattern]
                tok = Matcher(vocab, validate=True)
                tok.add(rule.id, [elements], greedy="LONGEST")
                self.token_names[rule.id] = [str(el.get("NAME", i)) for i, el in enumerate(rule.pattern)]
                self.matchers.append((rule.id, tok, self._hashed(vocab, required_words(elements))))

    @staticmethod
    def _hashed(vocab: Vocab, needs: tuple[frozenset[str], ...]) -> tuple[frozenset[int], ...]:
        return tuple(frozenset(vocab.strings.add(w) for w in need) for need in needs)

    def __call__(self, doc: Doc) -> Doc:
        for sp in sorted(doc.spans[SPAN_KEY], key=lambda s: s.end - s.start):  # the outermost name wins
            cls = CLASS_OF_LABEL.get(sp.label_, "")
            for tok in sp:
                tok._.lg_class = cls
        words = set(doc.to_array([LOWER, LEMMA]).ravel().tolist())  # hashes of the words and lemmas
        found: list[RuleMatch] = []
        for rid, matcher, needs in self.matchers:
            if not all(words & need for need in needs):
                continue
            if isinstance(matcher, DependencyMatcher):
                names = [el["RIGHT_ID"] for el in self.rules[rid].pattern]
                for _match_id, tokens in matcher(doc):
                    found.append(RuleMatch(rid, {n: (t,) for n, t in zip(names, tokens, strict=True)}))
                continue
            names = self.token_names[rid]
            for _match_id, start, _end, align in matcher(doc, with_alignments=True):  # type: ignore[misc]
                nodes: dict[str, list[int]] = {}
                for offset, element in enumerate(align):
                    nodes.setdefault(names[element], []).append(start + offset)
                found.append(RuleMatch(rid, {n: tuple(ix) for n, ix in nodes.items()}))
        found.sort(key=lambda m: (min(i for ix in m.nodes.values() for i in ix), m.rule))
        doc._.lg_relation_matches = found
        return doc


@Language.factory("libgraph_relations", requires=["doc.spans", "token.dep", "token.lemma"],
                  assigns=["doc._.lg_relation_matches", "token._.lg_class"])
def make_relation_matcher(nlp: Language, name: str) -> RelationMatcher:
    return RelationMatcher(nlp.vocab, catalogue())
