"""The catalogue of extraction rules: every rule fires on its examples and stays silent on its
counterexamples (sentences written for it, with invented names), the ids are a closed set, and the
ontology lists them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from libgraph import ArticleGraph
from libgraph.nlp.entities import SPAN_KEY
from libgraph.nlp.relations import RelationMatcher
from libgraph.nlp.rules import RuleError, Veto, catalogue, load_rules, rules_turtle

ROOT = Path(__file__).resolve().parents[1]
RULES = catalogue()
Read = Callable[..., ArticleGraph]


def _fired(graph: ArticleGraph, rule: str) -> list[tuple[str, str, str]]:
    ents = graph.entities
    return [(ents[s.subject].name, s.predicate, ents[s.object].name if s.object in ents else s.object)
            for s in graph.statements if s.evidence.rule == rule]


def test_rules_every_rule_has_an_example_and_a_counterexample() -> None:
    assert len(RULES) >= 60
    for rule in RULES.values():
        assert rule.examples and rule.counterexamples, rule.id
        assert set(rule.examples).isdisjoint(rule.counterexamples), rule.id


@pytest.mark.slow
@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rules_rule_fires_on_its_examples_only(rule_id: str, read: Read) -> None:
    rule = RULES[rule_id]
    for text in rule.examples:
        fired = _fired(read(text), rule_id)
        assert fired, f"{rule_id} did not fire on its example: {text}"
        assert all(p == rule.predicate for _, p, _ in fired)
    for text in rule.counterexamples:
        assert not _fired(read(text), rule_id), f"{rule_id} fired on its counterexample: {text}"


@pytest.mark.slow
def test_rules_ids_of_the_seed_corpus_are_in_the_catalogue(read: Read) -> None:
    used: set[str] = set()
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        used |= {s.evidence.rule for s in read(path.read_text(encoding="utf-8")).statements}
    assert used and used <= set(RULES), sorted(used - set(RULES))


@pytest.mark.slow
def test_rules_pattern_rules_state_the_fact_of_their_example(read: Read) -> None:
    """A few rules checked for the exact triple, not only that they fired."""
    g = read(RULES["relative-clause-post-verb"].examples[0])
    assert ("Mara Voss", "worksFor", "Ostland City Library") in _fired(g, "relative-clause-post-verb")
    assert next(s.role for s in g.statements if s.evidence.rule == "relative-clause-post-verb") == "Head"
    g = read(RULES["relative-clause-second-post"].examples[0])
    assert _fired(g, "relative-clause-second-post") == [("Li Wen", "worksFor", "Varna Book Museum")]
    g = read(RULES["signing-noun-between"].examples[0])
    pairs = {frozenset((s, o)) for s, _, o in _fired(g, "signing-noun-between")}
    assert pairs == {frozenset(("Ostland City Library", "Varna University"))}
    g = read(RULES["donated-on-behalf-of"].examples[0])
    assert ("Varna University", "donatedTo", "Ostland City Library") in _fired(g, "donated-on-behalf-of")
    g = read(RULES["sign-agreement-passive"].examples[0])  # the people sign for their libraries
    pairs = {frozenset((s, o)) for s, _, o in _fired(g, "sign-agreement-passive")}
    assert frozenset(("Ostland City Library", "Varna Public Library")) in pairs


def test_rules_ontology_lists_every_rule() -> None:
    assert (ROOT / "ontology" / "rules.ttl").read_text(encoding="utf-8") == rules_turtle(RULES), \
        "ontology/rules.ttl is out of date: run `libgraph rules --write ontology/rules.ttl`"


def test_rules_matcher_binds_nodes_on_a_hand_built_doc() -> None:
    """The component on a parsed sentence built by hand: no model needed."""
    vocab = Vocab()
    words = ["Mara", "Voss", ",", "who", "heads", "the", "Tarvo", "Library", ",", "spoke", "."]
    heads = [1, 9, 1, 4, 1, 7, 7, 4, 1, 9, 9]
    deps = ["compound", "nsubj", "punct", "nsubj", "relcl", "det", "compound", "dobj", "punct", "ROOT", "punct"]
    lemmas = ["Mara", "Voss", ",", "who", "head", "the", "Tarvo", "Library", ",", "speak", "."]
    doc = Doc(vocab, words=words, heads=heads, deps=deps, lemmas=lemmas)
    doc.spans[SPAN_KEY] = [Span(doc, 0, 2, "Person"), Span(doc, 6, 8, "Library")]
    rules = {"relative-clause-post-verb": RULES["relative-clause-post-verb"]}
    matches = RelationMatcher(vocab, rules)(doc)._.lg_relation_matches
    assert [(m.rule, m.nodes) for m in matches] == [
        ("relative-clause-post-verb", {"person": (1,), "anchor": (4,), "org": (7,)})]
    deps[4] = "ccomp"  # not a relative clause of the name: no match
    doc = Doc(vocab, words=words, heads=heads, deps=deps, lemmas=lemmas)
    doc.spans[SPAN_KEY] = [Span(doc, 0, 2, "Person"), Span(doc, 6, 8, "Library")]
    assert RelationMatcher(vocab, rules)(doc)._.lg_relation_matches == []


def _write(folder: Path, rules: object) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "rules.json").write_text(json.dumps(rules), encoding="utf-8")
    return folder


GOOD = {"id": "x", "predicate": "visited", "confidence": 0.9, "label": "x", "matcher": "handler",
        "examples": ["a"], "counterexamples": ["b"]}


@pytest.mark.parametrize(("change", "message"), [
    ({"counterexamples": []}, "needs at least one example and one counterexample"),
    ({"predicate": "likes"}, "unknown predicate 'likes'"),
    ({"confidence": 1.5}, "confidence must be in"),
    ({"matcher": "dependency", "pattern": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": {"IN": "@NO_SUCH"}}}],
      "subject": {"node": "a"}, "object": {"node": "a"}}, "names no word class"),
    ({"matcher": "dependency"}, "needs 'pattern', 'subject' and 'object'"),
    ({"matcher": "dependency", "pattern": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "visit"}}],
      "subject": {"node": "a"}, "object": {"node": "a"}, "unless": [{"node": "b", "child": {"DEP": "neg"}}]},
     "names the node 'b'"),
    ({"matcher": "dependency", "pattern": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "visit"}}],
      "subject": {"node": "a"}, "object": {"node": "a"}, "unless": [{"node": "a", "child": {"SHAPE": "Xx"}}]},
     "not 'SHAPE'"),
    ({"unless": [{"node": "a"}]}, "one of 'child', 'head_child'"),
])
def test_rules_bad_pattern_file_says_what_is_wrong(tmp_path: Path, change: dict[str, object], message: str) -> None:
    with pytest.raises(RuleError, match=message):
        load_rules(_write(tmp_path / "p", [{**GOOD, **change}]))


def test_rules_duplicate_ids_and_unreadable_files_are_errors(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="rule id 'x' is also in"):
        load_rules(_write(tmp_path / "p", [GOOD, GOOD]))
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "bad.json").write_bytes(b"\xff{")
    with pytest.raises(RuleError, match="cannot read pattern file"):
        load_rules(tmp_path / "q")
    with pytest.raises(RuleError, match="no pattern files"):
        load_rules(tmp_path / "empty")


def test_rules_a_veto_drops_the_match_a_pattern_cannot_tell_apart(read: Read) -> None:
    """"discussed the library's partnership with B" names B's partnership, not a meeting with B."""
    rule = catalogue()["discussed-with"]
    assert rule.unless
    assert _fired(read("Mara Voss discussed plans for joint exhibitions with Karl Brenn."), "discussed-with")
    assert not _fired(read("Mara Voss discussed the library's partnership with the Tarvo University."),
                      "discussed-with")


def test_rules_a_veto_on_the_heads_other_children_does_not_read_the_token_itself() -> None:
    words = ["libraries", "with", "partners"]
    doc = Doc(Vocab(), words=words, heads=[0, 0, 1], deps=["ROOT", "prep", "pobj"])
    veto = Veto(node="with", where="head_child", attrs=(("DEP", frozenset({"prep"})),))
    assert not veto.holds(doc[1])  # "with" is the only prep under its head: no other child is one
    doc2 = Doc(Vocab(), words=["libraries", "of", "with", "partners"], heads=[0, 0, 0, 2],
               deps=["ROOT", "prep", "prep", "pobj"])
    assert veto.holds(doc2[2])
