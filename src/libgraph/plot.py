"""A figure of the cooperation network for papers: institutions, persons and countries as nodes,
agreements, visits and meetings as edges, countries linked by where institutions are.

``plot_network(store, out)`` writes SVG, PNG or PDF (by the file's extension).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import LibgraphError
from .store import run_query

EDGES_QUERY = """
SELECT ?a ?al ?at ?p ?b ?bl ?bt WHERE {
  { ?a ?p ?b . FILTER (?p IN (lg:signedAgreementWith, lg:visited, lg:metWith)) }
  UNION
  { ?a lg:locatedIn ?b . ?b a lg:Country . BIND (lg:locatedIn AS ?p)
    FILTER EXISTS { ?a lg:signedAgreementWith|^lg:signedAgreementWith|lg:visited|^lg:visited|
                       lg:metWith|^lg:metWith ?x } }
  ?a rdfs:label ?al ; a ?at . ?b rdfs:label ?bl ; a ?bt .
  FILTER (STRSTARTS(STR(?at), STR(lg:)) && STRSTARTS(STR(?bt), STR(lg:)))
}"""

COLOURS = {"Library": "#2b6cb0", "Organization": "#6b46c1", "Person": "#c05621", "Country": "#2f855a",
           "City": "#718096", "Event": "#b7791f"}
EDGE_STYLES = {"signedAgreementWith": ("#2b6cb0", "-"), "visited": ("#c05621", "-"), "metWith": ("#975a16", ":"),
               "locatedIn": ("#a0aec0", "--")}
FORMATS = {".svg", ".png", ".pdf"}


@dataclass(frozen=True)
class NetworkFigure:
    nodes: int
    edges: int
    path: Path


def layout(n: int, edges: list[tuple[int, int]], iterations: int = 300, seed: int = 1) -> Any:
    """Fruchterman–Reingold positions in the unit square (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n < 2:
        return pos
    k = 1.0 / np.sqrt(n)
    temperature = 0.1
    src = np.array([a for a, _ in edges], dtype=int)
    dst = np.array([b for _, b in edges], dtype=int)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-4)
        disp = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)
        if len(edges):
            d = pos[src] - pos[dst]
            length = np.maximum(np.linalg.norm(d, axis=-1), 1e-4)
            pull = d / length[:, None] * (length * length / k)[:, None]
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= (pos - pos.mean(axis=0)) * (k * 4)  # gravity keeps separate components near each other
        length = np.maximum(np.linalg.norm(disp, axis=-1), 1e-4)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.985
    pos -= pos.min(axis=0)
    return pos / np.maximum(pos.max(axis=0), 1e-9)


def plot_network(store: Any, out: Path, *, title: str | None = None) -> NetworkFigure:
    if out.suffix.lower() not in FORMATS:
        raise LibgraphError(f"cannot write {out.name}: use a .svg, .png or .pdf file")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    index: dict[str, int] = {}
    labels: list[str] = []
    kinds: list[str] = []
    edges: list[tuple[int, int, str]] = []
    for row in run_query(store, EDGES_QUERY):
        ends = []
        for iri, label, kind in ((row["a"], row["al"], row["at"]), (row["b"], row["bl"], row["bt"])):
            if iri.value not in index:
                index[iri.value] = len(labels)
                labels.append(label.value)
                kinds.append(kind.value.rsplit("#", 1)[-1])
            ends.append(index[iri.value])
        edges.append((ends[0], ends[1], row["p"].value.rsplit("#", 1)[-1]))
    unique_edges = sorted(set(edges))
    pos = layout(len(labels), [(a, b) for a, b, _ in unique_edges])
    size = max(6.0, min(24.0, 2.0 + 0.35 * np.sqrt(max(len(labels), 1)) * 3))
    fig, ax = plt.subplots(figsize=(size, size * 0.75))
    for a, b, kind in unique_edges:
        colour, style = EDGE_STYLES.get(kind, ("#cbd5e0", "-"))
        ax.plot([pos[a, 0], pos[b, 0]], [pos[a, 1], pos[b, 1]], color=colour, linestyle=style, linewidth=0.8,
                zorder=1)
    for kind in sorted(set(kinds)):
        members = [i for i, k in enumerate(kinds) if k == kind]
        ax.scatter(pos[members, 0], pos[members, 1], s=40, color=COLOURS.get(kind, "#999999"), label=kind,
                   zorder=2, edgecolors="white", linewidths=0.5)
    for i, label in enumerate(labels):
        ax.annotate(label if len(label) <= 40 else label[:39] + "…", (pos[i, 0], pos[i, 1]), fontsize=6,
                    xytext=(3, 3), textcoords="offset points", zorder=3)
    from matplotlib.lines import Line2D

    handles = [Line2D([0], [0], color=c, linestyle=s, label=k)  # type: ignore[arg-type]
               for k, (c, s) in EDGE_STYLES.items()]
    first = ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False, title="entities",
                      title_fontsize=7)
    ax.add_artist(first)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(1.0, 0.0), fontsize=7, frameon=False,
              title="relations", title_fontsize=7)
    ax.set_title(title or f"Cooperation network: {len(labels)} entities, {len(unique_edges)} relations", fontsize=9)
    ax.set_axis_off()
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=200, metadata={"Date": None} if out.suffix.lower() == ".svg" else None)
    plt.close(fig)
    return NetworkFigure(len(labels), len(unique_edges), out)
