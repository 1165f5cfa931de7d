"""Corrections a researcher keeps beside the corpus, applied to every build: rejected statements.

The curation file (``curation.ttl`` in the corpus folder by default; the ``curation`` setting) is
Turtle in a small vocabulary (``ontology/libgraph.ttl``, namespace ``lgc:``)::

    @prefix lgc: <https://w3id.org/libgraph/curation#> .
    @prefix lg: <https://w3id.org/libgraph/ontology#> .
    [] a lgc:Rejection ;
       lgc:subject <https://w3id.org/libgraph/id/organization/ostland-library> ;
       lgc:predicate lg:signedAgreementWith ;
       lgc:object <https://w3id.org/libgraph/id/organization/vesper-archive> ;
       prov:wasAttributedTo "A. Researcher" ; dcterms:created "2026-12-01"^^xsd:date ;
       rdfs:comment "The article reports a plan, not a signing." .

A rejection removes every statement of that fact, from every article, before validation, in this
build and every later one (a symmetric relation in either direction; ``lgc:object`` may be a
literal for ``founded`` and ``collectionSize``). An entry that matches nothing is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from .errors import SettingsError
from .model import LITERAL_PREDICATES, PREDICATES, SYMMETRIC_PREDICATES, ArticleGraph
from .resolve import Resolution
from .vocab import LG, Minter
from .vocab import LGC as LGC_NS

LGC = str(LGC_NS)
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class Rejection:
    entry: str  # the entry's node, as the file names it
    subject: str
    predicate: str  # an lg relation's local name
    object: str  # an IRI, or a literal's text
    who: str = ""
    when: str = ""
    why: str = ""


@dataclass
class CurationReport:
    rejected: dict[str, int] = field(default_factory=dict)  # entry -> statements removed
    unmatched: list[str] = field(default_factory=list)  # entries that matched nothing

    def as_dict(self) -> dict[str, object]:
        return {"statements_rejected": sum(self.rejected.values()), "rejections": self.rejected,
                "unmatched": self.unmatched}


def read_curation(path: Path) -> list[Rejection]:
    """The rejections of the curation file at ``path`` (none when there is no file)."""
    if not path.is_file():
        return []
    try:
        store = ox.Store()
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    except (SyntaxError, OSError, ValueError) as exc:
        raise SettingsError(f"cannot read the curation file {path}: {exc}") from exc

    def one(node: ox.NamedNode | ox.BlankNode, name: str) -> str:
        values = [q.object for q in store.quads_for_pattern(node, ox.NamedNode(LGC + name), None)]
        return values[0].value if values and not isinstance(values[0], ox.Triple) else ""

    out = []
    for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(LGC + "Rejection")):
        node = q.subject
        if isinstance(node, ox.Triple):
            continue
        predicate = one(node, "predicate").removeprefix(str(LG))
        entry = str(node)
        if predicate not in PREDICATES or not one(node, "subject") or not one(node, "object"):
            raise SettingsError(f"{path}: the rejection {entry} needs lgc:subject, lgc:object and an lgc:predicate "
                                f"that is one of the relations (lg:{', lg:'.join(PREDICATES)})")
        meta = {k: [x.object.value for x in store.quads_for_pattern(node, ox.NamedNode(iri), None)
                    if not isinstance(x.object, ox.Triple)]
                for k, iri in (("who", "http://www.w3.org/ns/prov#wasAttributedTo"),
                               ("when", "http://purl.org/dc/terms/created"),
                               ("why", "http://www.w3.org/2000/01/rdf-schema#comment"))}
        out.append(Rejection(entry, one(node, "subject"), predicate, one(node, "object"),
                             *(v[0] if v else "" for v in meta.values())))
    return sorted(out, key=lambda r: (r.subject, r.predicate, r.object, r.entry))


def apply_rejections(graphs: list[ArticleGraph], resolution: Resolution, minter: Minter,
                     rejections: list[Rejection]) -> tuple[list[ArticleGraph], CurationReport]:
    """New article graphs without the rejected statements (the given ones are left as they are)."""
    report = CurationReport()
    if not rejections:
        return graphs, report
    wanted: dict[tuple[str, str, str], str] = {}
    for r in rejections:
        wanted[(r.subject, r.predicate, r.object)] = r.entry
        if r.predicate in SYMMETRIC_PREDICATES:
            wanted[(r.object, r.predicate, r.subject)] = r.entry

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
    report.unmatched = sorted({r.entry for r in rejections} - report.rejected.keys())
    return out, report


def rejection_turtle(subject: str, predicate: str, obj: str, who: str, why: str, when: str, name: str) -> str:
    """One rejection entry as Turtle (prefixes written out, so it can be appended to any file)."""
    def text(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    o = text(obj) if predicate in LITERAL_PREDICATES else f"<{obj}>"
    lines = [f"<#{name}> a <{LGC}Rejection> ;",
             f"    <{LGC}subject> <{subject}> ;",
             f"    <{LGC}predicate> <{LG}{predicate}> ;",
             f"    <{LGC}object> {o} ;",
             f"    <http://purl.org/dc/terms/created> {text(when)}"]
    if who:
        lines[-1] += " ;"
        lines.append(f"    <http://www.w3.org/ns/prov#wasAttributedTo> {text(who)}")
    if why:
        lines[-1] += " ;"
        lines.append(f"    <http://www.w3.org/2000/01/rdf-schema#comment> {text(why)}")
    return "\n".join(lines) + " .\n"


def add_rejection(path: Path, subject: str, predicate: str, obj: str, who: str = "", why: str = "",
                  when: str = "") -> Rejection:
    """Append a rejection to the curation file, atomically and durably (the file is either as it was or
    has the new entry, never half of it); the entry read back."""
    import time

    from .cache import atomic_write

    if predicate not in PREDICATES:
        raise SettingsError(f"unknown relation {predicate!r}; one of {', '.join(PREDICATES)}")
    for iri in (subject, *(() if predicate in LITERAL_PREDICATES else (obj,))):
        if not iri.startswith(("http://", "https://")) or any(c in iri for c in '<> "{}|\\^`'):
            raise SettingsError(f"{iri!r} is not an entity IRI (copy it from the entity's page)")
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    taken = {r.entry for r in read_curation(path)}
    n = len(taken) + 1
    while any(e.endswith(f"#rejection-{n}>") for e in taken):
        n += 1
    entry = rejection_turtle(subject, predicate, obj, who, why, when or time.strftime("%Y-%m-%d"), f"rejection-{n}")
    data = before + ("" if not before or before.endswith("\n") else "\n") + ("\n" if before else "") + entry
    atomic_write(path, data.encode("utf-8"), durable=True)
    added = [r for r in read_curation(path) if r.entry.endswith(f"#rejection-{n}>")]
    return added[0]
