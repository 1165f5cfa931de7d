"""The catalogue of extraction rules, read from the pattern files in ``nlp/patterns/``.

Every rule that can produce a statement has one entry there, whether it is a
spaCy pattern or a handler written in code for what a pattern cannot say::

    {"id": "relcl-heads-organisation", "predicate": "worksFor", "confidence": 0.9,
     "label": "a person who heads, directs or chairs an organisation",
     "matcher": "dependency",            # or "token" (spaCy Matcher), or "handler"
     "pattern": [...],                   # DependencyMatcher / Matcher pattern
     "subject": {"node": "person"},      # how the pattern's nodes give the statement
     "object": {"node": "org", "list": true},
     "role": "anchor",
     "unless": [{"node": "org", "child": {"DEP": "neg"}}],   # optional: vetoes a pattern cannot say
     "examples": ["Mara Voss, who heads the Ostland City Library, ..."],
     "counterexamples": ["Mara Voss, who visited the Ostland City Library, ..."]}

Word classes of the lexicon are referred to as ``"@NAME"`` inside a pattern
(``{"LEMMA": {"IN": "@SIGN_VERBS"}}``) and expanded on loading, so patterns
share them. The ids form a closed set: each is an ``lg:ExtractionRule`` of the
ontology (``ontology/rules.ttl``, written by :func:`rules_turtle`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import LibgraphError
from ..model import PREDICATES as MODEL_PREDICATES
from . import lexicon

PATTERN_DIR = Path(__file__).parent / "patterns"
MATCHERS = ("dependency", "token", "handler")
PREDICATES = frozenset(MODEL_PREDICATES)


class RuleError(LibgraphError):
    """A pattern file that cannot be read as a catalogue of rules."""


@dataclass(frozen=True)
class Binding:
    """How a statement's subject or object is read from a match.

    ``node``: the pattern node (DependencyMatcher ``RIGHT_ID``, or the index of a token pattern's element)
    whose entity it is; ``list``: every name coordinated with it ("A, B and C"); ``agents``: the agents of
    the verb at ``node`` (its subject, a passive's by-phrase, inherited over coordination); ``experiencer``:
    with ``agents``, a passive's subject where no by-phrase follows ("the guests were shown around X")."""

    node: str
    list: bool = False
    agents: bool = False
    experiencer: bool = False  # with ``agents``: a passive's subject when no by-phrase names the agent


@dataclass(frozen=True)
class RuleMatch:
    """A pattern rule matched: ``nodes`` maps each node name to the token indices it bound."""

    rule: str
    nodes: dict[str, tuple[int, ...]]


TOKEN_ATTRS = {"DEP": "dep_", "LOWER": "lower_", "LEMMA": "lemma_", "POS": "pos_", "TAG": "tag_"}


@dataclass(frozen=True)
class Veto:
    """A match is dropped when the token at ``node`` (``where="child"``: one of its children;
    ``"head_child"``: one of its head's other children) has all of ``attrs`` (spaCy token attribute names,
    a value or ``{"IN": [...]}``): what a pattern cannot say, "unless the partnership is the library's own"."""

    node: str
    where: str
    attrs: tuple[tuple[str, frozenset[str]], ...]

    def holds(self, token: Any) -> bool:
        if self.where == "child":
            candidates = list(token.children)
        else:
            candidates = [c for c in token.head.children if c.i != token.i]
        return any(all(getattr(c, TOKEN_ATTRS[name]) in values or
                       (name in {"LOWER", "LEMMA"} and getattr(c, TOKEN_ATTRS[name]).lower() in values)
                       for name, values in self.attrs) for c in candidates)


@dataclass(frozen=True)
class Rule:
    id: str
    predicate: str
    confidence: float
    label: str
    matcher: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    pattern: tuple[Any, ...] = ()
    subject: Binding | None = None
    object: Binding | None = None
    role: str | None = None  # node whose post gives worksFor's role
    anchor: str | None = None  # node checked for negation and plans; the statement's trigger
    pairwise: bool = False  # every pair of the subject's entities (symmetric relations: "A and B met")
    unless: tuple[Veto, ...] = ()  # what a pattern cannot say: a match is dropped when one of these holds
    source: str = field(default="", compare=False)


def _expand(value: Any, where: str) -> Any:
    """Replace ``"@NAME"`` by the sorted words of the lexicon's word class ``NAME``."""
    if isinstance(value, str) and value.startswith("@"):
        words = getattr(lexicon, value[1:], None)
        if not isinstance(words, frozenset):
            raise RuleError(f"{where}: {value!r} names no word class of libgraph.nlp.lexicon")
        return sorted(words)
    if isinstance(value, list):
        out: list[Any] = []
        for v in value:
            x = _expand(v, where)
            out.extend(x) if isinstance(v, str) and v.startswith("@") else out.append(x)
        return out
    if isinstance(value, dict):
        return {k: _expand(v, where) for k, v in value.items()}
    return value


def _binding(raw: Any, where: str) -> Binding | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or "node" not in raw:
        raise RuleError(f"{where}: a binding is an object with a 'node'")
    return Binding(str(raw["node"]), bool(raw.get("list", False)), bool(raw.get("agents", False)),
                   bool(raw.get("experiencer", False)))


def _veto(raw: Any, where: str) -> Veto:
    if not isinstance(raw, dict) or "node" not in raw or len(set(raw) & {"child", "head_child"}) != 1:
        raise RuleError(f"{where}: an 'unless' entry is an object with a 'node' and one of 'child', 'head_child'")
    kind = "child" if "child" in raw else "head_child"
    attrs: list[tuple[str, frozenset[str]]] = []
    for name, value in raw[kind].items():
        if name not in TOKEN_ATTRS:
            raise RuleError(f"{where}: 'unless' knows the attributes {', '.join(TOKEN_ATTRS)}, not {name!r}")
        values = value["IN"] if isinstance(value, dict) and "IN" in value else [value]
        attrs.append((name, frozenset(str(v) for v in values)))
    return Veto(str(raw["node"]), kind, tuple(attrs))


def _rule(raw: dict[str, Any], where: str) -> Rule:
    for name in ("id", "predicate", "confidence", "label", "matcher", "examples", "counterexamples"):
        if name not in raw:
            raise RuleError(f"{where}: rule {raw.get('id', '?')!r} lacks {name!r}")
    rid = raw["id"]
    where = f"{where}: rule {rid!r}"
    if raw["predicate"] not in PREDICATES:
        raise RuleError(f"{where}: unknown predicate {raw['predicate']!r}")
    if raw["matcher"] not in MATCHERS:
        raise RuleError(f"{where}: matcher must be one of {', '.join(MATCHERS)}")
    if not (0 < float(raw["confidence"]) <= 1):
        raise RuleError(f"{where}: confidence must be in (0, 1]")
    if not raw["examples"] or not raw["counterexamples"]:
        raise RuleError(f"{where}: a rule needs at least one example and one counterexample")
    pattern = tuple(_expand(raw.get("pattern", []), where))
    if raw["matcher"] != "handler" and (not pattern or raw.get("subject") is None or raw.get("object") is None):
        raise RuleError(f"{where}: a pattern rule needs 'pattern', 'subject' and 'object'")
    unless = tuple(_veto(v, where) for v in _expand(raw.get("unless", []), where))
    nodes = {str(p.get("RIGHT_ID")) for p in pattern if isinstance(p, dict)} if raw["matcher"] == "dependency" \
        else {str(k) for k in range(len(pattern))}
    for veto in unless:
        if veto.node not in nodes:
            raise RuleError(f"{where}: 'unless' names the node {veto.node!r}, which the pattern does not have")
    return Rule(
        id=rid, predicate=raw["predicate"], confidence=float(raw["confidence"]), label=raw["label"],
        matcher=raw["matcher"], examples=tuple(raw["examples"]), counterexamples=tuple(raw["counterexamples"]),
        pattern=pattern, subject=_binding(raw.get("subject"), where), object=_binding(raw.get("object"), where),
        role=raw.get("role"), anchor=raw.get("anchor"), pairwise=bool(raw.get("pairwise", False)),
        unless=unless, source=where,
    )


def load_rules(folder: Path = PATTERN_DIR) -> dict[str, Rule]:
    """Every rule of the pattern files in ``folder``, by id (ids are unique across files)."""
    rules: dict[str, Rule] = {}
    files = sorted(folder.glob("*.json"))
    if not files:
        raise RuleError(f"no pattern files (*.json) in {folder}")
    for path in files:
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RuleError(f"cannot read pattern file {path}: {exc}") from exc
        if not isinstance(entries, list):
            raise RuleError(f"{path}: a pattern file holds a JSON list of rules")
        for raw in entries:
            rule = _rule(raw, path.name)
            if rule.id in rules:
                raise RuleError(f"{path.name}: rule id {rule.id!r} is also in {rules[rule.id].source}")
            rules[rule.id] = rule
    return rules


@cache
def catalogue() -> dict[str, Rule]:
    """The rules shipped with libgraph (read once per process)."""
    return load_rules()


def pattern_files() -> list[Path]:
    return sorted(PATTERN_DIR.glob("*.json"))


def rules_turtle(rules: dict[str, Rule]) -> str:
    """The rules as ``lg:ExtractionRule`` individuals of the ontology (``ontology/rules.ttl``)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS, SKOS

    from ..vocab import LG, Minter

    g = Graph()
    g.bind("lg", LG)
    g.bind("skos", SKOS)
    for rule in sorted(rules.values(), key=lambda r: r.id):
        iri = Minter.rule(rule.id)
        g.add((iri, RDF.type, LG.ExtractionRule))
        g.add((iri, RDFS.label, Literal(rule.id)))
        g.add((iri, SKOS.definition, Literal(rule.label, lang="en")))
        g.add((iri, LG.rulePredicate, LG[rule.predicate]))
        g.add((iri, LG.ruleKind, Literal(rule.matcher)))
        for ex in rule.examples:
            g.add((iri, SKOS.example, Literal(ex, lang="en")))
    header = "# Generated from src/libgraph/nlp/patterns/*.json by `libgraph rules --write`; do not edit.\n"
    return header + g.serialize(format="turtle")
