"""The inferences the published graph carries, read from the ontology: a small, fixed closure.

- Symmetric relations (``owl:SymmetricProperty``: ``metWith``, ``signedAgreementWith``) hold in both
  directions: ``A signedAgreementWith B`` gives ``B signedAgreementWith A``.
- ``owl:inverseOf``: ``X organized E`` gives ``E schema:organizer X``.
- The relations' ``rdfs:subPropertyOf`` and the classes' ``rdfs:subClassOf`` into the aligned
  vocabularies (schema.org, ORG, FOAF, PROV), transitively: ``P lg:worksFor O`` gives
  ``P schema:worksFor O``; ``L a lg:Library`` gives ``L a schema:Library, schema:Organization``.

Only the twelve relations and the entity classes are closed over: ``lg:`` stays the primary
vocabulary (no ``lg:`` super-class or super-property is added: a library is not counted again as
an ``lg:Organization``), and provenance terms are not copied. Derived triples have no statement
node of their own: the statement of a symmetric fact is the one stated in either direction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .model import ENTITY_TYPES, PREDICATES
from .vocab import LG

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUB_CLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
SUB_PROPERTY = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")
SYMMETRIC = ox.NamedNode("http://www.w3.org/2002/07/owl#SymmetricProperty")
INVERSE = ox.NamedNode("http://www.w3.org/2002/07/owl#inverseOf")


def _ancestors(start: ox.NamedNode, parents: dict[ox.NamedNode, set[ox.NamedNode]]) -> set[ox.NamedNode]:
    seen: set[ox.NamedNode] = set()
    todo = list(parents.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(parents.get(node, ()))
    return seen


def _aligned(nodes: set[ox.NamedNode]) -> tuple[ox.NamedNode, ...]:
    return tuple(sorted((n for n in nodes if not n.value.startswith(str(LG))), key=str))


@dataclass(frozen=True)
class Closure:
    super_classes: dict[ox.NamedNode, tuple[ox.NamedNode, ...]]  # lg class -> its aligned super-classes
    super_properties: dict[ox.NamedNode, tuple[ox.NamedNode, ...]]  # lg relation -> aligned super-properties
    symmetric: frozenset[ox.NamedNode]
    inverse: dict[ox.NamedNode, ox.NamedNode]  # lg relation -> its inverse

    @classmethod
    def from_ontology(cls, triples: Iterable[ox.Triple]) -> Closure:
        class_parents: dict[ox.NamedNode, set[ox.NamedNode]] = {}
        property_parents: dict[ox.NamedNode, set[ox.NamedNode]] = {}
        symmetric: set[ox.NamedNode] = set()
        inverse: dict[ox.NamedNode, ox.NamedNode] = {}
        for t in triples:
            s, p, o = t.subject, t.predicate, t.object
            if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.NamedNode):
                continue
            if p == SUB_CLASS:
                class_parents.setdefault(s, set()).add(o)
            elif p == SUB_PROPERTY:
                property_parents.setdefault(s, set()).add(o)
            elif p == RDF_TYPE and o == SYMMETRIC:
                symmetric.add(s)
            elif p == INVERSE:
                inverse[s] = o
        classes = [ox.NamedNode(str(LG[t])) for t in ENTITY_TYPES]
        relations = [ox.NamedNode(str(LG[p])) for p in PREDICATES]
        return cls(
            super_classes={c: _aligned(_ancestors(c, class_parents)) for c in classes},
            super_properties={p: _aligned(_ancestors(p, property_parents)) for p in relations},
            symmetric=frozenset(p for p in relations if p in symmetric),
            inverse={p: inverse[p] for p in relations if p in inverse},
        )

    def derived(self, triple: ox.Triple) -> list[ox.Triple]:
        """What ``triple`` entails besides itself."""
        s, p, o = triple.subject, triple.predicate, triple.object
        if p == RDF_TYPE:
            return [ox.Triple(s, p, c) for c in self.super_classes.get(o, ())] if isinstance(o, ox.NamedNode) else []
        if not isinstance(p, ox.NamedNode):
            return []
        out = [ox.Triple(s, q, o) for q in self.super_properties.get(p, ())]
        if p in self.symmetric and isinstance(o, ox.NamedNode | ox.BlankNode):
            out.append(ox.Triple(o, p, s))
            out += [ox.Triple(o, q, s) for q in self.super_properties.get(p, ())]
        if p in self.inverse and isinstance(o, ox.NamedNode | ox.BlankNode):
            out.append(ox.Triple(o, self.inverse[p], s))
        return out

    def close(self, triples: Iterable[ox.Triple]) -> set[ox.Triple]:
        """``triples`` and everything they entail."""
        out = set(triples)
        for t in list(out):
            out.update(self.derived(t))
        return out


@lru_cache(maxsize=4)
def closure_of(ontology: str) -> Closure:
    """The closure the ontology file at ``ontology`` declares (read once per process)."""
    return Closure.from_ontology(ox.parse(path=str(Path(ontology)), format=ox.RdfFormat.TURTLE))
