"""Exports researchers use: statements as CSV, the network as GEXF and GraphML, compact JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox
from click.testing import CliRunner

from libgraph.build import BuildResult
from libgraph.cli import main
from libgraph.exports import STATEMENT_COLUMNS
from libgraph.store import open_store


def _export(seed_build: BuildResult, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / "exports" / f"graph.{fmt}"
    res = CliRunner().invoke(main, ["export", "--build-dir", str(seed_build.out), "--format", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_csv_has_one_row_per_statement_with_its_sentence(seed_build: BuildResult, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(seed_build, "csv", tmp_path).read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == STATEMENT_COLUMNS
    assert len(rows) == seed_build.statements
    signing = [r for r in rows
               if r["predicate"] == "signedAgreementWith" and r["object_label"] == "National Library of China"]
    assert signing and "signed agreements and memorandums of cooperation" in signing[0]["sentence"]
    assert signing[0]["subject_label"].startswith("National Library of Uzbekistan")
    assert signing[0]["source"].endswith(".txt") and not signing[0]["source"].startswith("/")
    assert all(0 < float(r["confidence"]) <= 1 and r["rule"] for r in rows)


def test_gexf_and_graphml_hold_the_network(seed_build: BuildResult, tmp_path: Path) -> None:
    gexf = ET.parse(_export(seed_build, "gexf", tmp_path)).getroot()
    ns = {"g": "http://gexf.net/1.3"}
    nodes = {n.get("id"): n.get("label") for n in gexf.iterfind(".//g:node", ns)}
    edges = [(e.get("source"), e.get("label"), e.get("target"), e.get("type")) for e in gexf.iterfind(".//g:edge", ns)]
    china = next(i for i, label in nodes.items() if label == "National Library of China")
    signed = [e for e in edges if e[1] == "signedAgreementWith" and china in (e[0], e[2])]
    assert len(signed) == 1 and signed[0][3] == "undirected"  # one edge for the pair, not one each way
    assert all(s in nodes and t in nodes for s, _p, t, _k in edges)
    graphml = ET.parse(_export(seed_build, "graphml", tmp_path)).getroot()
    gns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(graphml.findall(".//g:node", gns)) == len(nodes)
    assert len(graphml.findall(".//g:edge", gns)) == len(edges)


def test_jsonld_is_compact_and_holds_every_quad(seed_build: BuildResult, tmp_path: Path) -> None:
    path = _export(seed_build, "jsonld", tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"]["lg"] == "https://w3id.org/libgraph/ontology#"
    assert '"lg:signedAgreementWith"' in path.read_text(encoding="utf-8")
    quads = set(ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD))
    assert quads == set(open_store(seed_build.out / "store"))
