"""Scoring a graph against gold annotations (``libgraph evaluate``), as ``docs/annotation.md`` describes.

Gold: one JSON file per article (``doc``, ``entities`` with ``id``, ``type``, ``name``, ``aliases``,
optional ``same_as``; ``relations`` with ``s``, ``p``, ``o``). Gold entities of all articles that
share a name (case, accents, punctuation and a leading "the" aside) and a type family, or a
``same_as`` key, are one real-world thing. A graph entity is a node typed with one of the six
classes (by local name); its names are its labels. It matches the gold things that share one of
its names and its type family (Library and Organization are one family). A graph relation is a
triple whose predicate's local name is one of the twelve relations; it is right when its subject
and object match the gold's (symmetric relations in either direction; ``founded`` and
``collectionSize`` by their value).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import CorpusError
from .model import ENTITY_TYPES, LITERAL_PREDICATES, PREDICATES, SYMMETRIC_PREDICATES
from .text import name_key

NAME_PREDICATES = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
                   "http://www.w3.org/2004/02/skos/core#altLabel", "https://schema.org/name", "http://schema.org/name",
                   "https://schema.org/alternateName", "http://schema.org/alternateName",
                   "http://xmlns.com/foaf/0.1/name"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _family(kind: str) -> str:
    return "Organization" if kind in {"Library", "Organization"} else kind


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class Gold:
    label: dict[int, str] = field(default_factory=dict)  # thing -> its first name
    family: dict[int, str] = field(default_factory=dict)
    by_name: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    relations: dict[tuple[Any, ...], str] = field(default_factory=dict)  # key -> evidence

    @classmethod
    def read(cls, folder: Path) -> Gold:
        files = sorted(folder.glob("*.json"))
        if not files:
            raise CorpusError(f"no gold annotations (*.json) in {folder}")
        docs = []
        for f in files:
            try:
                doc = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CorpusError(f"cannot read the gold file {f}: {exc}") from exc
            if not isinstance(doc, dict) or not {"doc", "entities", "relations"} <= doc.keys():
                raise CorpusError(f"{f} is not a gold annotation: it needs doc, entities and relations "
                                  f"(docs/annotation.md)")
            docs.append(doc)
        parent: dict[tuple[str, str], tuple[str, str]] = {}

        def find(x: tuple[str, str]) -> tuple[str, str]:
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        first: dict[Any, tuple[str, str]] = {}
        for d in docs:
            for e in d["entities"]:
                me = (d["doc"], e["id"])
                find(me)
                keys: list[tuple[str, ...]] = [("name", _family(e["type"]), name_key(n))
                                               for n in [e["name"], *e.get("aliases", [])]]
                keys += [("same_as", e["same_as"])] if e.get("same_as") else []
                for k in keys:
                    if k in first:
                        parent[find(me)] = find(first[k])
                    else:
                        first[k] = me
        gold = cls()
        ids: dict[tuple[str, str], int] = {}
        for d in docs:
            for e in d["entities"]:
                thing = ids.setdefault(find((d["doc"], e["id"])), len(ids))
                gold.label.setdefault(thing, e["name"])
                gold.family[thing] = _family(e["type"])
                for n in [e["name"], *e.get("aliases", [])]:
                    gold.by_name[(_family(e["type"]), name_key(n))].add(thing)
        for d in docs:
            for r in d["relations"]:
                s = ids[find((d["doc"], r["s"]))]
                o: Any = ("literal", str(r["o"]).strip()) if r["p"] in LITERAL_PREDICATES \
                    else ids[find((d["doc"], r["o"]))]
                gold.relations.setdefault(_key(s, r["p"], o), f'{d["doc"]}: {r.get("evidence", "")}')
        return gold

    def describe(self, key: tuple[Any, ...]) -> str:
        return _describe(self, key)


def _describe(gold: Gold, key: tuple[Any, ...]) -> str:
    if len(key) == 2:
        a, b = sorted(gold.label[x] for x in key[1]) if len(key[1]) == 2 else [gold.label[next(iter(key[1]))]] * 2
        return f"{a} --{key[0]}-- {b}"
    s, p, o = key
    return f"{gold.label[s]} --{p}--> {o[1] if isinstance(o, tuple) else gold.label[o]}"


def _key(s: Any, p: str, o: Any) -> tuple[Any, ...]:
    return (p, frozenset((s, o))) if p in SYMMETRIC_PREDICATES else (s, p, o)


@dataclass
class Report:
    entities: Counts
    relations: Counts
    by_predicate: dict[str, Counts]
    duplicates: dict[str, int]
    missed: list[str]
    wrong: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"entities": self.entities.as_dict(), "relations": self.relations.as_dict(),
                "by_predicate": {p: c.as_dict() for p, c in self.by_predicate.items()},
                "duplicates": self.duplicates, "missed": self.missed, "wrong": self.wrong}

    def text(self, verbose: bool = False) -> str:
        lines = [f"{'predicate':<22} {'tp':>4} {'fp':>4} {'fn':>4}   P     R     F1"]
        for p, c in self.by_predicate.items():
            lines.append(f"{p:<22} {c.tp:>4} {c.fp:>4} {c.fn:>4}  {c.precision:.2f}  {c.recall:.2f}  {c.f1:.2f}")
        if self.duplicates:
            lines.append("duplicated entities: " + ", ".join(f"{k} x{v}" for k, v in sorted(self.duplicates.items())))
        if verbose:
            lines += ["missed relations:", *(f"    {m}" for m in self.missed)]
            lines += ["wrong relations:", *(f"    {w}" for w in self.wrong)]
        e, r = self.entities, self.relations
        lines.append(f"entities P={e.precision:.3f} R={e.recall:.3f} F1={e.f1:.3f}; relations P={r.precision:.3f} "
                     f"R={r.recall:.3f} F1={r.f1:.3f}; duplicates={len(self.duplicates)}")
        return "\n".join(lines) + "\n"


def evaluate(graph_file: Path, gold: Gold) -> Report:
    triples: list[tuple[str, str, str, bool]] = []  # subject, predicate, object, object is a literal
    for q in ox.parse(path=str(graph_file)):
        t = q.triple if isinstance(q, ox.Quad) else q
        if not isinstance(t.subject, ox.Triple) and not isinstance(t.object, ox.Triple):
            triples.append((t.subject.value, t.predicate.value, t.object.value, isinstance(t.object, ox.Literal)))
    types: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    for s_, p_, o_, literal in triples:
        if p_ == RDF_TYPE and _local(o_) in ENTITY_TYPES:
            types[s_].add(_family(_local(o_)))
        elif p_ in NAME_PREDICATES and literal:
            names[s_].add(name_key(o_))
    matched: dict[str, set[int]] = {}
    for node, families in types.items():
        matched[node] = {g for f in families for n in names[node] for g in gold.by_name.get((f, n), ())}
    entities = Counts(tp=sum(1 for m in matched.values() if m), fp=sum(1 for m in matched.values() if not m))
    hit = {g for m in matched.values() for g in m}
    entities.fn = len(gold.label) - len(hit)
    nodes_of: dict[int, int] = defaultdict(int)
    for m in matched.values():
        for g in m:
            nodes_of[g] += 1
    duplicates = {gold.label[g]: n for g, n in nodes_of.items() if n > 1}

    by_predicate = {p: Counts() for p in PREDICATES}
    found: set[tuple[Any, ...]] = set()
    wrong: set[str] = set()
    for subject, predicate, obj, literal in triples:
        p = _local(predicate)
        if p not in PREDICATES or subject not in types:
            continue
        if p in LITERAL_PREDICATES:
            if not literal:
                continue
            objects: set[Any] = {("literal", obj.strip())}
        elif obj in types:
            objects = matched.get(obj, set())
        else:
            continue
        keys = {_key(s, p, o) for s in matched.get(subject, set()) for o in objects}
        right = keys & gold.relations.keys()
        if right:
            found |= right
        else:  # a symmetric relation is stored both ways: one wrong pair, not two
            ends = sorted((subject, obj)) if p in SYMMETRIC_PREDICATES else [subject, obj]
            wrong.add(f"{p}: {ends[0]} -> {ends[1]}")
    for p in PREDICATES:
        by_predicate[p].tp = sum(1 for k in found if (k[0] if len(k) == 2 else k[1]) == p)
        by_predicate[p].fn = sum(1 for k in gold.relations if (k[0] if len(k) == 2 else k[1]) == p) - by_predicate[p].tp
    for w in wrong:
        by_predicate[w.split(":", 1)[0]].fp += 1
    relations = Counts(tp=sum(c.tp for c in by_predicate.values()), fp=sum(c.fp for c in by_predicate.values()),
                       fn=sum(c.fn for c in by_predicate.values()))
    missed = sorted(f"{gold.describe(k)}\n        {gold.relations[k]}" for k in gold.relations.keys() - found)
    return Report(entities, relations, by_predicate, duplicates, missed, sorted(wrong))
