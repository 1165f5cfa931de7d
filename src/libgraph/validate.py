"""SHACL validation (the compiled ``shacl`` engine, or pyshacl), and the publish policy.

A statement that violates a shape is never published silently: ``enforce``
removes it (the direct triple and its provenance node) from the dataset,
re-validates, and returns a report listing every removal with its reason.

A build does not validate its whole graph in one pyshacl run: ``split_shapes``
separates the shapes marked ``lgsh:scope lgsh:Corpus`` (about entities, whose
descriptions and facts come from many articles) from the shapes about one
article's statements. The first are checked per bucket of entities, the
second per shard of articles, in parallel; what the corpus-scope checks remove
(``ValidationReport.drops``) is removed from every article shard before it is
checked, as one whole-graph run would have done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import shacl
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node
from rdflib.util import from_n3

from .config import VALIDATORS
from .errors import SettingsError
from .rdf import Quads, bind_prefixes, union_graph
from .store import dataset_triples
from .vocab import LG, PREDICATES

MAX_ROUNDS = 5  # validation rounds at most: what one round removes can break another node's shape
LGSH = "https://w3id.org/libgraph/shapes#"
SCOPE = URIRef(LGSH + "scope")
CORPUS_SCOPE = URIRef(LGSH + "Corpus")

# What enforce removed, as N3 terms (picklable, and stable in JSON):
# ("node", iri) or ("statement", subject, predicate, object or "")
Drop = tuple[str, ...]


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str
    severity: str

    def line(self) -> str:
        where = f" {self.path}" if self.path else ""
        what = f" = {self.value}" if self.value else ""
        return f"[{self.severity}] <{self.focus}>{where}{what}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    removed_triples: int = 0
    report_graph: Graph = field(default_factory=Graph)
    drops: list[Drop] = field(default_factory=list)

    def summary(self) -> str:
        if not self.violations:
            return "The published graph conforms to the shapes; nothing was left out.\n"
        lines = [f"{len(self.violations)} violation(s); {self.removed_triples} triple(s) left out of the "
                 f"published graph:"]
        lines += ["  " + v.line() for v in self.violations]
        return "\n".join(lines) + "\n"


def load_graph(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


class Validator:
    """The shapes, and the ontology mixed into the data (so ``sh:class`` sees ``rdfs:subClassOf``), ready
    for one of two SHACL engines:

    - ``shacl``: a compiled (Rust) engine; the shapes are compiled once, here, and each check parses
      the data as N-Triples. Fast, and the default.
    - ``pyshacl``: the Python reference engine, on rdflib graphs.

    Both give the same violations, the same shape names and the same messages (``tests/test_validate.py``
    runs them side by side): a message is the shape's ``sh:message``, and where a shape has none, one
    this module words from the constraint (``sh:minCount not met``), since the engines word their own
    differently."""

    def __init__(self, shapes: Graph, ontology: Graph | None = None, engine: str = "shacl") -> None:
        if engine not in VALIDATORS:
            raise ValueError(f"unknown SHACL engine {engine!r}; known: {', '.join(VALIDATORS)}")
        self.shapes = shapes
        self.ontology = ontology
        self.engine = engine
        self._messages = {str(x) for x in shapes.subjects(SH.message, None)}  # shapes with a message of their own
        self._compiled: shacl.Shapes | None = None
        self._ontology_nt = ""
        if engine == "shacl":
            try:
                self._compiled = shacl.Shapes.from_text(shapes.serialize(format="nt"), format="ntriples")
            except ValueError as exc:
                raise SettingsError(f"the 'shacl' engine cannot compile the shapes: {exc} "
                                    f"(the reference engine may: --validator pyshacl)") from exc
            self._ontology_nt = ontology.serialize(format="nt") if ontology is not None else ""

    def check(self, data: Graph) -> tuple[bool, Graph, list[Violation]]:
        """One validation run: ``(conforms, report graph, violations)``."""
        if self._compiled is not None:
            return self._check_compiled(data.serialize(format="nt"))
        return self._check_pyshacl(data, data_is_a_copy=False)

    def check_dataset(self, ds: Quads) -> tuple[bool, Graph, list[Violation]]:
        """One validation run over the union of ``ds``'s graphs."""
        if self._compiled is not None:
            ntriples = ox.serialize(dataset_triples(ds), format=ox.RdfFormat.N_TRIPLES) or b""
            return self._check_compiled(ntriples.decode())
        return self._check_pyshacl(union_graph(ds), data_is_a_copy=True)

    def _check_compiled(self, ntriples: str) -> tuple[bool, Graph, list[Violation]]:
        assert self._compiled is not None
        text = ntriples + self._ontology_nt
        try:
            result = self._compiled.validate_text(text, format="ntriples", allow_warnings=True)
        except ValueError as exc:  # the data is this module's own N-Triples: the shapes are at fault
            raise SettingsError(f"the 'shacl' engine cannot validate with these shapes: {exc} "
                                f"(the reference engine may: --validator pyshacl)") from exc
        report = Graph()
        report.parse(data=result.serialize("ntriples"), format="nt")
        violations = [Violation(
            focus=_plain(r.focus_node) or "",
            path=_plain(r.path),
            value=r.value_plain,
            message=_message(r.component_iri, r.message),  # the engine gives only sh:message
            shape=_plain(r.root_shape) or "",
            severity=r.severity,
        ) for r in result.results]
        return bool(result.conforms), report, _sorted(violations)

    def _check_pyshacl(self, data: Graph, data_is_a_copy: bool) -> tuple[bool, Graph, list[Violation]]:
        """(With ``data_is_a_copy``, the ontology goes into ``data`` itself: saves pyshacl a copy.)"""
        from pyshacl import validate as shacl_validate  # imported when asked for: 0.1 s a process

        if self.ontology is not None:
            if not data_is_a_copy:
                copy = Graph()
                for triple in data:
                    copy.add(triple)
                data = copy
            for triple in self.ontology:
                data.add(triple)
        conforms, report, _text = shacl_validate(
            data, shacl_graph=self.shapes, inference="none", advanced=True, allow_warnings=True, inplace=True,
        )
        assert isinstance(report, Graph)
        violations: list[Violation] = []
        for result in report.subjects(RDF.type, SH.ValidationResult):
            def one(p: URIRef, result: Node = result) -> Node | None:
                return report.value(result, p)

            severity, path, value, message = (one(SH.resultSeverity), one(SH.resultPath), one(SH.value),
                                              one(SH.resultMessage))
            violations.append(Violation(
                focus=str(one(SH.focusNode)),
                path=str(path) if path is not None else None,
                value=str(value) if value is not None else None,
                message=_message(str(one(SH.sourceConstraintComponent)), str(message) if message is not None and (
                    str(one(SH.sourceShape)) in self._messages
                    or one(SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent) else None),
                shape=_named_shape(self.shapes, one(SH.sourceShape)),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            ))
        return bool(conforms), report, _sorted(violations)


def _sorted(violations: list[Violation]) -> list[Violation]:
    return sorted(violations, key=lambda v: (v.focus, v.path or "", v.value or "", v.message))


def _message(component: str, given: str | None) -> str:
    """A result's message: its shape's ``sh:message`` (a SPARQL-based constraint's, filled in), else the
    constraint's name, since each engine words its own default message differently."""
    if given:
        return given
    name = component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return f"sh:{name[:1].lower()}{name[1:]} not met" if name else "constraint not met"


def _plain(term: str | None) -> str | None:
    """An N-Triples term (or a rendered predicate path) as the string rdflib's ``str`` gives."""
    if term is None:
        return None
    if term.startswith("<") and term.endswith(">") and " " not in term:
        return term[1:-1]
    if term.startswith("_:"):
        return term[2:]
    return str(from_n3(term)) if term.startswith('"') else term


def check(data: Graph, shapes: Graph, ontology: Graph | None = None, *,
          engine: str = "shacl") -> tuple[bool, Graph, list[Violation]]:
    """One validation run of ``data`` against ``shapes``: ``(conforms, report graph, violations)``."""
    return Validator(shapes, ontology, engine).check(data)


def _named_shape(shapes: Graph, shape: Node | None) -> str:
    """The IRI of a result's shape; for a blank property shape, the IRI of the node shape that has it
    (blank node labels differ between runs, the named shape does not)."""
    while isinstance(shape, BNode):
        parent = shapes.value(predicate=SH.property, object=shape)
        if parent is None:
            return ""
        shape = parent
    return str(shape) if shape is not None else ""


def _shape_predicates(shapes: Graph) -> dict[str, set[URIRef]]:
    out: dict[str, set[URIRef]] = {}
    for shape, pred in shapes.subject_objects(SH.targetSubjectsOf):
        out.setdefault(str(shape), set()).add(URIRef(str(pred)))
    return out


def _has(ds: Quads, s: Node | None, p: Node | None, o: Node | None) -> bool:
    return next(iter(ds.quads((s, p, o, None))), None) is not None


def _objects(ds: Quads, s: Node, p: Node) -> list[Node]:
    return [q[2] for q in ds.quads((s, p, None, None))]


def _term(ds: Quads, text: str | None) -> Node | None:
    """Find the RDF term whose string form is ``text`` among the dataset's objects."""
    if text is None:
        return None
    iri = URIRef(text)
    if _has(ds, None, None, iri) or _has(ds, iri, None, None):
        return iri
    for _s, _p, o, _g in ds.quads((None, None, None, None)):
        if isinstance(o, Literal) and str(o) == text:
            return o
    return None


def _remove_statement(ds: Quads, s: Node, p: Node, o: Node | None) -> int:
    removed = 0
    for ctx in list(ds.graphs()):
        for triple in list(ctx.triples((s, p, o))):
            ctx.remove(triple)
            removed += 1
        for st in list(ctx.subjects(RDF.subject, s)):
            if (st, RDF.predicate, p) in ctx and (o is None or (st, RDF.object, o) in ctx):
                for triple in list(ctx.triples((st, None, None))):
                    ctx.remove(triple)
                    removed += 1
    return removed


def _remove_node(ds: Quads, node: Node) -> int:
    removed = 0
    for ctx in list(ds.graphs()):
        for triple in list(ctx.triples((node, None, None))) + list(ctx.triples((None, None, node))):
            if triple in ctx:
                ctx.remove(triple)
                removed += 1
    return removed


def apply_drops(ds: Quads, drops: list[Drop]) -> int:
    """Remove from ``ds`` what another part of the validation removed; the number of triples removed."""
    removed = 0
    for drop in drops:
        terms = [from_n3(x) if x else None for x in drop[1:]]
        if drop[0] == "node":
            removed += _remove_node(ds, terms[0])  # type: ignore[arg-type]
        else:
            removed += _remove_statement(ds, terms[0], terms[1], terms[2])  # type: ignore[arg-type]
    return removed


def enforce(ds: Quads, validator: Validator, drops: Iterable[Drop] = ()) -> ValidationReport:
    """Validate ``ds`` and remove what violates the shapes, in place, until it conforms.

    ``drops``: what another part of the validation removed (another shard's corpus-scope checks),
    removed first; the report counts those triples as removed too."""
    earlier = apply_drops(ds, list(drops))
    by_shape = _shape_predicates(validator.shapes)
    lg_predicates = {URIRef(LG[p]) for p in PREDICATES}
    all_violations: list[Violation] = []
    found: list[Drop] = []

    def drop_node(node: Node) -> int:
        found.append(("node", node.n3()))
        return _remove_node(ds, node)

    def drop_statement(s: Node, p: Node, o: Node | None) -> int:
        found.append(("statement", s.n3(), p.n3(), o.n3() if o is not None else ""))
        return _remove_statement(ds, s, p, o)

    removed = 0
    first_report: Graph | None = None
    for _round in range(MAX_ROUNDS):
        conforms, report, violations = validator.check_dataset(ds)
        first_report = first_report if first_report is not None else report
        violations = [v for v in violations if v.severity == "Violation"]
        if conforms or not violations:
            break
        all_violations += violations
        for v in violations:
            focus = URIRef(v.focus)
            path = URIRef(v.path) if v.path else None
            if _has(ds, focus, RDF.type, LG.Statement):
                subj = next(iter(_objects(ds, focus, RDF.subject)), None)
                pred = next(iter(_objects(ds, focus, RDF.predicate)), None)
                obj = next(iter(_objects(ds, focus, RDF.object)), None)
                removed += drop_node(focus)
                if subj is not None and pred is not None and not any(
                        _has(ds, q[0], RDF.predicate, pred) and _has(ds, q[0], RDF.object, obj)
                        for q in ds.quads((None, RDF.subject, subj, None))):
                    removed += drop_statement(subj, pred, obj)
            elif path in lg_predicates:
                removed += drop_statement(focus, path, _term(ds, v.value))
            elif v.shape in by_shape:
                for pred in by_shape[v.shape]:
                    removed += drop_statement(focus, pred, None)
            else:
                removed += drop_node(focus)
    report_graph = first_report if first_report is not None else Graph()
    bind_prefixes(report_graph)
    unique = sorted(set(all_violations), key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(conforms=not unique, violations=unique, removed_triples=earlier + removed,
                            report_graph=report_graph, drops=found)


def _cbd(g: Graph, node: Node, seen: set[Node] | None = None) -> list[tuple[Node, Node, Node]]:
    """The triples about ``node``, following blank nodes (a shape with its property shapes and lists)."""
    seen = seen if seen is not None else set()
    if node in seen:
        return []
    seen.add(node)
    out: list[tuple[Node, Node, Node]] = []
    for p, o in g.predicate_objects(node):
        out.append((node, p, o))
        if isinstance(o, BNode):
            out += _cbd(g, o, seen)
    return out


def split_shapes(shapes: Graph) -> tuple[Graph, Graph]:
    """``(article shapes, corpus shapes)``: the shapes marked ``lgsh:scope lgsh:Corpus`` need the
    whole graph's facts about an entity; the rest hold within one article's statements."""
    corpus, article = Graph(), Graph()
    taken: set[tuple[Node, Node, Node]] = set()
    for root in shapes.subjects(SCOPE, CORPUS_SCOPE):
        for triple in _cbd(shapes, root):
            corpus.add(triple)
            taken.add(triple)
    for triple in shapes:
        if triple not in taken:
            article.add(triple)
    for triple in _cbd(shapes, URIRef(LGSH + "prefixes")):  # prefix declarations of SPARQL-based shapes
        corpus.add(triple)
    return article, corpus


def merge_reports(reports: list[ValidationReport]) -> ValidationReport:
    """One report for a validation run in parts: every part's results under one sh:ValidationReport."""
    graph = Graph()
    bind_prefixes(graph)
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    conforms = True
    for report in reports:
        part = report.report_graph
        roots = set(part.subjects(RDF.type, SH.ValidationReport))
        for part_node in roots:
            value = part.value(part_node, SH.conforms)
            conforms = conforms and (not isinstance(value, Literal) or bool(value.toPython()))
        for s, p, o in part:
            if s in roots:
                if p == SH.result:
                    graph.add((node, SH.result, o))
                continue
            graph.add((s, p, o))
    graph.add((node, SH.conforms, Literal(conforms)))
    violations = sorted({v for r in reports for v in r.violations},
                        key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(conforms=not violations, violations=violations,
                            removed_triples=sum(r.removed_triples for r in reports), report_graph=graph,
                            drops=[d for r in reports for d in r.drops])
