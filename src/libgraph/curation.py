"""Corrections a researcher keeps beside the corpus, applied to every build.

The curation file (``curation.ttl`` in the corpus folder by default; the ``curation`` setting) is
Turtle in a small vocabulary (``ontology/libgraph.ttl``, namespace ``lgc:``). Each entry records who
(``prov:wasAttributedTo``), when (``dcterms:created``) and why (``rdfs:comment``)::

    @prefix lgc: <https://w3id.org/libgraph/curation#> .
    @prefix lg: <https://w3id.org/libgraph/ontology#> .
    [] a lgc:Rejection ;                       # a wrong fact: out of every build
       lgc:subject <https://w3id.org/libgraph/id/organization/ostland-library> ;
       lgc:predicate lg:signedAgreementWith ;
       lgc:object <https://w3id.org/libgraph/id/organization/vesper-archive> .
    [] a lgc:Assertion ;                       # a missing fact (rdfs:comment says where it is stated)
       lgc:subject <...> ; lgc:predicate lg:memberOf ; lgc:object <...> ;
       lgc:date "2019"^^xsd:gYear ; dcterms:source <https://example.org/report> ;
       rdfs:comment "The 2019 annual report lists the library among the members." .
    [] a lgc:Merge ; lgc:keep <A> ; lgc:merge <B> .          # one thing: B's IRI becomes owl:sameAs A
    [] a lgc:Separation ; lgc:entity <A> ; lgc:name "X" .    # the mentions named X are another thing
    [] a lgc:Override ; lgc:entity <A> ; lgc:label "Y" ; lgc:type lg:Library .

The build applies them after resolution and before validation, in a fixed order (separations,
merges, overrides, then rejections and assertions), so the result does not depend on the order of
the file. A rejection removes every statement of that fact, from every article (a symmetric relation
in either direction; ``lgc:object`` may be a literal for ``founded`` and ``collectionSize``). An
asserted fact is a statement of its own, derived from its entry (not from an article), and checked
by the same shapes. An entry that matches nothing is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from .errors import SettingsError
from .model import ENTITY_TYPES as TYPES
from .model import (
    LITERAL_PREDICATES,
    PREDICATES,
    SYMMETRIC_PREDICATES,
    Article,
    ArticleGraph,
    Entity,
    Evidence,
    Statement,
    family,
)
from .resolve import Resolution, ResolvedEntity
from .text import fold, name_key
from .vocab import LG, Minter, digest
from .vocab import LGC as LGC_NS

LGC = str(LGC_NS)
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
WHO = "http://www.w3.org/ns/prov#wasAttributedTo"
WHEN = "http://purl.org/dc/terms/created"
WHY = "http://www.w3.org/2000/01/rdf-schema#comment"
SOURCE = "http://purl.org/dc/terms/source"
KINDS = ("Rejection", "Assertion", "Merge", "Separation", "Override")
CURATED_RULE = "curation"  # the rule of an asserted fact's statement


@dataclass(frozen=True)
class Rejection:
    entry: str  # the entry's node, as the file names it
    subject: str
    predicate: str  # an lg relation's local name
    object: str  # an IRI, or a literal's text
    who: str = ""
    when: str = ""
    why: str = ""


@dataclass(frozen=True)
class Assertion:
    entry: str
    subject: str
    predicate: str
    object: str
    who: str = ""
    when: str = ""
    why: str = ""  # required: where the fact is stated (the statement's evidence)
    date: str = ""
    source: str = ""  # a URL


@dataclass(frozen=True)
class Merge:
    entry: str
    keep: str  # the IRI that stays
    merged: tuple[str, ...]  # IRIs that become owl:sameAs ``keep``
    who: str = ""
    when: str = ""
    why: str = ""


@dataclass(frozen=True)
class Separation:
    entry: str
    entity: str  # the IRI of what resolution (or an article) made one thing
    names: tuple[str, ...]  # the names of the other thing
    who: str = ""
    when: str = ""
    why: str = ""


@dataclass(frozen=True)
class Override:
    entry: str
    entity: str
    label: str = ""  # the preferred label
    type: str = ""  # one of the six entity types
    who: str = ""
    when: str = ""
    why: str = ""


@dataclass(frozen=True)
class Curation:
    """The entries of a curation file, by kind, each sorted (the build does not depend on file order)."""

    rejections: tuple[Rejection, ...] = ()
    assertions: tuple[Assertion, ...] = ()
    merges: tuple[Merge, ...] = ()
    separations: tuple[Separation, ...] = ()
    overrides: tuple[Override, ...] = ()

    def entries(self) -> list[Rejection | Assertion | Merge | Separation | Override]:
        return [*self.rejections, *self.assertions, *self.merges, *self.separations, *self.overrides]

    def __len__(self) -> int:
        return len(self.entries())


@dataclass
class CurationReport:
    rejected: dict[str, int] = field(default_factory=dict)  # entry -> statements removed
    asserted: list[str] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)  # merged-away IRI -> kept IRI
    separated: list[str] = field(default_factory=list)
    overridden: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # entries that matched nothing

    def as_dict(self) -> dict[str, object]:
        return {"statements_rejected": sum(self.rejected.values()), "rejections": self.rejected,
                "assertions": self.asserted, "merges": self.merged, "separations": self.separated,
                "overrides": self.overridden, "unmatched": self.unmatched}

    def __bool__(self) -> bool:
        return bool(self.rejected or self.asserted or self.merged or self.separated or self.overridden
                    or self.unmatched)


def read_curation(path: Path) -> Curation:
    """The entries of the curation file at ``path`` (none when there is no file)."""
    if not path.is_file():
        return Curation()
    try:
        store = ox.Store()
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    except (SyntaxError, OSError, ValueError) as exc:
        raise SettingsError(f"cannot read the curation file {path}: {exc}") from exc

    def values(node: ox.NamedNode | ox.BlankNode, iri: str) -> list[str]:
        return sorted(q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(iri), None)
                      if not isinstance(q.object, ox.Triple))

    def one(node: ox.NamedNode | ox.BlankNode, name: str) -> str:
        found = values(node, LGC + name)
        return found[0] if found else ""

    def nodes(kind: str) -> list[ox.NamedNode | ox.BlankNode]:
        return [q.subject for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(LGC + kind))
                if not isinstance(q.subject, ox.Triple)]

    def meta(node: ox.NamedNode | ox.BlankNode) -> dict[str, str]:
        return {k: (values(node, iri) or [""])[0] for k, iri in (("who", WHO), ("when", WHEN), ("why", WHY))}

    def fact(node: ox.NamedNode | ox.BlankNode, kind: str) -> tuple[str, str, str]:
        predicate = one(node, "predicate").removeprefix(str(LG))
        if predicate not in PREDICATES or not one(node, "subject") or not one(node, "object"):
            raise SettingsError(f"{path}: the {kind.lower()} {node} needs lgc:subject, lgc:object and an "
                                f"lgc:predicate that is one of the relations (lg:{', lg:'.join(PREDICATES)})")
        return one(node, "subject"), predicate, one(node, "object")

    def needs(node: ox.NamedNode | ox.BlankNode, kind: str, *names: str) -> None:
        missing = [n for n in names if not one(node, n)]
        if missing:
            raise SettingsError(f"{path}: the {kind.lower()} {node} needs lgc:{', lgc:'.join(missing)}")

    rejections = [Rejection(str(n), *fact(n, "Rejection"), **meta(n)) for n in nodes("Rejection")]
    assertions = []
    for n in nodes("Assertion"):
        subject, predicate, obj = fact(n, "Assertion")
        info = meta(n)
        if not info["why"]:
            raise SettingsError(f"{path}: the assertion {n} needs an rdfs:comment saying where the fact is stated")
        assertions.append(Assertion(str(n), subject, predicate, obj, **info, date=one(n, "date"),
                                    source=(values(n, SOURCE) or [""])[0]))
    merges = []
    for n in nodes("Merge"):
        needs(n, "Merge", "keep", "merge")
        merges.append(Merge(str(n), one(n, "keep"), tuple(values(n, LGC + "merge")), **meta(n)))
    separations = []
    for n in nodes("Separation"):
        needs(n, "Separation", "entity", "name")
        separations.append(Separation(str(n), one(n, "entity"), tuple(values(n, LGC + "name")), **meta(n)))
    overrides = []
    for n in nodes("Override"):
        needs(n, "Override", "entity")
        etype = one(n, "type").removeprefix(str(LG))
        if etype and etype not in TYPES:
            raise SettingsError(f"{path}: the override {n} names the type {etype!r}; one of lg:{', lg:'.join(TYPES)}")
        if not etype and not one(n, "label"):
            raise SettingsError(f"{path}: the override {n} needs an lgc:label or an lgc:type")
        overrides.append(Override(str(n), one(n, "entity"), one(n, "label"), etype, **meta(n)))

    def order(entry: object) -> tuple[str, ...]:
        values = [str(v) for v in vars(entry).values()]
        return (*values[1:], values[0])

    return Curation(tuple(sorted(rejections, key=order)), tuple(sorted(assertions, key=order)),
                    tuple(sorted(merges, key=order)), tuple(sorted(separations, key=order)),
                    tuple(sorted(overrides, key=order)))


class _Entities:
    """The resolved entities by IRI, for entries that name them."""

    def __init__(self, resolution: Resolution, minter: Minter) -> None:
        self.minter = minter
        self.res = resolution
        self.by_iri = {self.iri(k): k for k in resolution.entities}

    def iri(self, key: str) -> str:
        return str(self.minter.entity(self.res.entities[key].type, key))


def curate_resolution(graphs: list[ArticleGraph], resolution: Resolution, minter: Minter, curation: Curation,
                      report: CurationReport) -> Resolution:
    """A new resolution with the separations, merges and overrides applied (the given one is left as it
    is). A merged-away IRI, and an IRI that a type override changed, are kept as ``same_as`` of the
    entity they now name."""
    if not (curation.separations or curation.merges or curation.overrides):
        return resolution
    entities = {k: replace(e, aliases=set(e.aliases), members=list(e.members), same_as=set(e.same_as))
                for k, e in resolution.entities.items()}
    member_key = dict(resolution.member_key)
    res = Resolution(entities=entities, member_key=member_key, merges=list(resolution.merges))
    local = {(g.article.id, e.local_id): e for g in graphs for e in g.entities.values()}
    found = _Entities(res, minter)

    for sep in curation.separations:
        key = found.by_iri.get(sep.entity)
        wanted = {fold(n) for n in sep.names}
        ent = entities.get(key) if key else None
        split = [m for m in ent.members if m in local and ({fold(local[m].name)} | {fold(a) for a in local[m].aliases})
                 & wanted] if ent else []
        if ent is None or not split or len(split) == len(ent.members):
            report.unmatched.append(sep.entry)
            continue
        first = local[split[0]]
        new_key = f"{family(first.type)}:{name_key(first.name)}"  # as resolution keys an entity
        if new_key in entities:
            new_key = f"{new_key} {digest(sep.entry, length=8)}"
        names = {local[m].name for m in split}
        entities[new_key] = ResolvedEntity(key=new_key, type=first.type, name=min(names, key=lambda n: (-len(n), n)),
                                           aliases=names | {a for m in split for a in local[m].aliases},
                                           external_ids=dict(first.external_ids), members=split,
                                           rules={"curation-separation"})
        entities[new_key].aliases.discard(entities[new_key].name)
        ent.members = [m for m in ent.members if m not in split]
        kept_names = {local[m].name for m in ent.members if m in local} | {a for m in ent.members if m in local
                                                                           for a in local[m].aliases}
        ent.aliases = {a for a in ent.aliases if a in kept_names}
        for m in split:
            member_key[m] = new_key
        report.separated.append(sep.entry)
        found = _Entities(res, minter)

    for merge in curation.merges:
        keep = found.by_iri.get(merge.keep)
        gone = [found.by_iri[i] for i in merge.merged if i in found.by_iri and found.by_iri[i] != keep]
        if keep is None or not gone:
            report.unmatched.append(merge.entry)
            continue
        target = entities[keep]
        for key in gone:
            ent = entities.pop(key)
            retired = str(minter.entity(ent.type, key))
            report.merged[retired] = merge.keep
            target.same_as |= {retired} | ent.same_as
            target.aliases |= {ent.name} | ent.aliases
            target.members += ent.members
            for m in ent.members:
                member_key[m] = keep
        target.aliases.discard(target.name)
        target.rules.add("curation-merge")
        found = _Entities(res, minter)

    for ov in curation.overrides:
        key = found.by_iri.get(ov.entity)
        if key is None:
            report.unmatched.append(ov.entry)
            continue
        ent = entities[key]
        if ov.label and ov.label != ent.name:
            ent.aliases.add(ent.name)
            ent.name = ov.label
            ent.aliases.discard(ov.label)
        if ov.type and ov.type != ent.type:
            before = str(minter.entity(ent.type, key))
            ent.type = ov.type
            if str(minter.entity(ent.type, key)) != before:
                ent.same_as.add(before)
        report.overridden.append(ov.entry)
    return res


def apply_rejections(graphs: list[ArticleGraph], resolution: Resolution, minter: Minter,
                     rejections: tuple[Rejection, ...] | list[Rejection],
                     report: CurationReport | None = None) -> tuple[list[ArticleGraph], CurationReport]:
    """New article graphs without the rejected statements (the given ones are left as they are). An IRI
    that a merge made ``owl:sameAs`` another matches the entity it now names."""
    report = report if report is not None else CurationReport()
    if not rejections:
        return graphs, report
    aliases = {old: str(minter.entity(e.type, k)) for k, e in resolution.entities.items() for old in e.same_as}
    wanted: dict[tuple[str, str, str], str] = {}
    for r in rejections:
        s = aliases.get(r.subject, r.subject)
        o = r.object if r.predicate in LITERAL_PREDICATES else aliases.get(r.object, r.object)
        wanted[(s, r.predicate, o)] = r.entry
        if r.predicate in SYMMETRIC_PREDICATES:
            wanted[(o, r.predicate, s)] = r.entry

    def iri(article: str, local: str) -> str:
        key = resolution.member_key[(article, local)]
        return str(minter.entity(resolution.entities[key].type, key))

    out = []
    for ag in graphs:
        kept = []
        for st in ag.statements:
            obj = st.object if st.predicate in LITERAL_PREDICATES else iri(ag.article.id, st.object)
            entry = wanted.get((iri(ag.article.id, st.subject), st.predicate, obj))
            if entry is None:
                kept.append(st)
            else:
                report.rejected[entry] = report.rejected.get(entry, 0) + 1
        out.append(ag if len(kept) == len(ag.statements) else replace(ag, statements=kept))
    report.unmatched = sorted(set(report.unmatched) | ({r.entry for r in rejections} - report.rejected.keys()))
    return out, report


def asserted_graphs(resolution: Resolution, minter: Minter, assertions: tuple[Assertion, ...],
                    source: str, report: CurationReport) -> tuple[list[ArticleGraph], Resolution]:
    """One graph per asserted fact: its statement, derived from the entry (an ``Article`` of kind
    ``curation``: its text is the entry's comment, its source the curation file and the entry). The
    resolution returned also maps the entries' entities."""
    if not assertions:
        return [], resolution
    found = _Entities(resolution, minter)
    member_key = dict(resolution.member_key)
    out = []
    for a in assertions:
        s_key = found.by_iri.get(a.subject)
        o_key = None if a.predicate in LITERAL_PREDICATES else found.by_iri.get(a.object)
        if s_key is None or (a.predicate not in LITERAL_PREDICATES and o_key is None):
            report.unmatched.append(a.entry)
            continue
        text = a.why
        aid = digest(CURATED_RULE, a.entry, a.subject, a.predicate, a.object, a.date, a.why, a.who, a.when,
                     a.source, length=64)
        name = a.entry.strip("<>")
        fragment = name.rsplit("#", 1)[-1] if "#" in name else digest(name, length=12)
        # a curation source's title is who asserted it, its date when, its URL the source the note cites
        when = a.when[:10] if re.match(r"\d{4}-\d{2}-\d{2}", a.when) else None
        article = Article(id=aid, text=text, source=f"{source}#{fragment}", title=a.who or None,
                          date=when, url=a.source or None, kind="curation")
        ents = {"s": Entity("s", resolution.entities[s_key].type, resolution.entities[s_key].name)}
        member_key[(aid, "s")] = s_key
        obj = a.object
        if o_key is not None:
            ents["o"] = Entity("o", resolution.entities[o_key].type, resolution.entities[o_key].name)
            member_key[(aid, "o")] = o_key
            obj = "o"
        evidence = Evidence(text, 0, len(text), CURATED_RULE, 1.0)
        statement = Statement("s", a.predicate, obj, evidence, date=a.date or None,
                              date_source="stated" if a.date else None)
        out.append(ArticleGraph(article=article, entities=ents, statements=[statement]))
        report.asserted.append(a.entry)
    return out, Resolution(entities=resolution.entities, member_key=member_key, merges=resolution.merges)


def apply_curation(graphs: list[ArticleGraph], resolution: Resolution, minter: Minter, curation: Curation,
                   source: str) -> tuple[list[ArticleGraph], Resolution, CurationReport]:
    """Every entry of ``curation`` applied, in a fixed order: separations, merges and overrides to the
    resolution, rejections to the articles' statements, and the asserted facts added as graphs of their
    own. Nothing given is changed: new graphs and a new resolution are returned."""
    report = CurationReport()
    resolution = curate_resolution(graphs, resolution, minter, curation, report)
    graphs, report = apply_rejections(graphs, resolution, minter, curation.rejections, report)
    curated, resolution = asserted_graphs(resolution, minter, curation.assertions, source, report)
    report.unmatched = sorted(set(report.unmatched))
    return graphs + curated, resolution, report


def _text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def entry_turtle(kind: str, name: str, values: list[tuple[str, str]], who: str, why: str, when: str) -> str:
    """One entry as Turtle (prefixes written out, so it can be appended to any file): ``values`` are
    (property IRI, object in Turtle) pairs."""
    lines = [f"<#{name}> a <{LGC}{kind}>"]
    for prop, obj in values + [(WHEN, _text(when))] + ([(WHO, _text(who))] if who else []) + (
            [(WHY, _text(why))] if why else []):
        lines[-1] += " ;"
        lines.append(f"    <{prop}> {obj}")
    return "\n".join(lines) + " .\n"


def rejection_turtle(subject: str, predicate: str, obj: str, who: str, why: str, when: str, name: str) -> str:
    """One rejection entry as Turtle."""
    return entry_turtle("Rejection", name, _fact(subject, predicate, obj), who, why, when)


def _fact(subject: str, predicate: str, obj: str) -> list[tuple[str, str]]:
    o = _text(obj) if predicate in LITERAL_PREDICATES else f"<{obj}>"
    return [(LGC + "subject", f"<{subject}>"), (LGC + "predicate", f"<{LG}{predicate}>"), (LGC + "object", o)]


def _check_iris(*iris: str) -> None:
    for iri in iris:
        if not iri.startswith(("http://", "https://")) or any(c in iri for c in '<> "{}|\\^`'):
            raise SettingsError(f"{iri!r} is not an entity IRI (copy it from the entity's page)")


def _check_fact(subject: str, predicate: str, obj: str) -> None:
    if predicate not in PREDICATES:
        raise SettingsError(f"unknown relation {predicate!r}; one of {', '.join(PREDICATES)}")
    _check_iris(subject, *(() if predicate in LITERAL_PREDICATES else (obj,)))


def _append(path: Path, kind: str, values: list[tuple[str, str]], who: str, why: str, when: str) -> str:
    """Append an entry to the curation file, atomically and durably (the file is either as it was or has
    the new entry, never half of it); the entry's node as the file names it."""
    import time

    from .cache import atomic_write

    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    taken = {e.entry for e in read_curation(path).entries()}
    stem = kind.lower()
    n = sum(1 for e in taken if f"#{stem}-" in e) + 1
    while any(e.rstrip(">").endswith(f"#{stem}-{n}") for e in taken):
        n += 1
    entry = entry_turtle(kind, f"{stem}-{n}", values, who, why, when or time.strftime("%Y-%m-%d"))
    data = before + ("" if not before or before.endswith("\n") else "\n") + ("\n" if before else "") + entry
    atomic_write(path, data.encode("utf-8"), durable=True)
    return f"#{stem}-{n}"


def _added(path: Path, name: str) -> Rejection | Assertion | Merge | Separation | Override:
    return next(e for e in read_curation(path).entries() if e.entry.rstrip(">").endswith(name))


def add_rejection(path: Path, subject: str, predicate: str, obj: str, who: str = "", why: str = "",
                  when: str = "") -> Rejection:
    """Append a rejection to the curation file; the entry read back."""
    _check_fact(subject, predicate, obj)
    added = _added(path, _append(path, "Rejection", _fact(subject, predicate, obj), who, why, when))
    assert isinstance(added, Rejection)
    return added


def add_assertion(path: Path, subject: str, predicate: str, obj: str, why: str, who: str = "", when: str = "",
                  date: str = "", source: str = "") -> Assertion:
    """Append an asserted fact (``why``: where it is stated) to the curation file; the entry read back."""
    _check_fact(subject, predicate, obj)
    if not why.strip():
        raise SettingsError("an asserted fact needs a note saying where it is stated (--why)")
    values = _fact(subject, predicate, obj)
    if date:
        from .dates import xsd_datatype

        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
            raise SettingsError(f"the date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        values.append((LGC + "date", f"{_text(date)}^^<http://www.w3.org/2001/XMLSchema#{xsd_datatype(date)}>"))
    if source:
        _check_iris(source)
        values.append((SOURCE, f"<{source}>"))
    added = _added(path, _append(path, "Assertion", values, who, why, when))
    assert isinstance(added, Assertion)
    return added


def add_merge(path: Path, keep: str, merged: list[str], who: str = "", why: str = "", when: str = "") -> Merge:
    """Append a merge (the ``merged`` IRIs name the same thing as ``keep``); the entry read back."""
    _check_iris(keep, *merged)
    if not merged or keep in merged:
        raise SettingsError("a merge needs the IRI to keep and at least one other IRI")
    values = [(LGC + "keep", f"<{keep}>")] + [(LGC + "merge", f"<{m}>") for m in merged]
    added = _added(path, _append(path, "Merge", values, who, why, when))
    assert isinstance(added, Merge)
    return added


def add_separation(path: Path, entity: str, names: list[str], who: str = "", why: str = "",
                   when: str = "") -> Separation:
    """Append a separation (the mentions of ``entity`` named one of ``names`` are another thing)."""
    _check_iris(entity)
    if not [n for n in names if n.strip()]:
        raise SettingsError("a separation needs the names of the other thing")
    values = [(LGC + "entity", f"<{entity}>")] + [(LGC + "name", _text(n)) for n in names if n.strip()]
    added = _added(path, _append(path, "Separation", values, who, why, when))
    assert isinstance(added, Separation)
    return added


def add_override(path: Path, entity: str, label: str = "", etype: str = "", who: str = "", why: str = "",
                 when: str = "") -> Override:
    """Append an override of an entity's preferred label and/or type; the entry read back."""
    _check_iris(entity)
    etype = etype.removeprefix("lg:")
    if etype and etype not in TYPES:
        raise SettingsError(f"unknown type {etype!r}; one of {', '.join(TYPES)}")
    if not label and not etype:
        raise SettingsError("an override needs a label (--label) or a type (--type)")
    values = [(LGC + "entity", f"<{entity}>")] + ([(LGC + "label", _text(label))] if label else []) + (
        [(LGC + "type", f"<{LG}{etype}>")] if etype else [])
    added = _added(path, _append(path, "Override", values, who, why, when))
    assert isinstance(added, Override)
    return added
