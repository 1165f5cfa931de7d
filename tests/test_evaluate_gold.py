"""libgraph evaluate: scoring a graph against gold annotations (docs/annotation.md)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from libgraph.build import BuildResult
from libgraph.cli import main
from libgraph.evaluate import Gold, evaluate

from .conftest import ROOT

LG = "https://w3id.org/libgraph/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _gold(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"doc": "a", "entities": [
        {"id": "e1", "type": "Library", "name": "The Ostland National Library", "aliases": ["ONL"]},
        {"id": "e2", "type": "Organization", "name": "Vesper State Archive", "aliases": []},
        {"id": "e3", "type": "Person", "name": "Mira Lenz", "aliases": []}],
        "relations": [{"s": "e1", "p": "signedAgreementWith", "o": "e2"}, {"s": "e3", "p": "worksFor", "o": "e2"},
                      {"s": "e1", "p": "founded", "o": "1921"}]}), encoding="utf-8")
    (folder / "b.json").write_text(json.dumps({"doc": "b", "entities": [
        {"id": "x", "type": "Organization", "name": "ostland national library", "aliases": []}],
        "relations": []}), encoding="utf-8")
    return folder


def _graph(path: Path, triples: list[str]) -> Path:
    path.write_text("\n".join(triples) + "\n", encoding="utf-8")
    return path


def test_scores_entities_relations_and_duplicates(tmp_path: Path) -> None:
    gold = Gold.read(_gold(tmp_path / "gold"))
    assert len(gold.label) == 3  # the library of both articles is one thing (same name, same family)
    graph = _graph(tmp_path / "g.nt", [
        f'<urn:l> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{LG}Library> .',
        f'<urn:l> <{LABEL}> "Ostland National Library" .',
        '<urn:l2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Organization> .',
        f'<urn:l2> <{LABEL}> "ONL" .',
        f'<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{LG}Organization> .',
        f'<urn:a> <{LABEL}> "Vesper State Archive" .',
        f'<urn:z> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{LG}Person> .',
        f'<urn:z> <{LABEL}> "Nobody Known" .',
        f'<urn:a> <{LG}signedAgreementWith> <urn:l> .',  # the other direction: still right
        f'<urn:l> <{LG}signedAgreementWith> <urn:a> .',  # stored both ways: counted once
        f'<urn:l> <{LG}founded> "1921" .',
        f'<urn:z> <{LG}worksFor> <urn:a> .',  # a person the gold does not have: wrong
    ])
    report = evaluate(graph, gold)
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (3, 1, 1)  # Mira Lenz missed
    assert report.duplicates == {"The Ostland National Library": 2}
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (2, 1, 1)
    assert report.by_predicate["signedAgreementWith"].tp == 1 and report.by_predicate["signedAgreementWith"].fp == 0
    assert any("Mira Lenz --worksFor--> Vesper State Archive" in m for m in report.missed)


def test_cli_scores_the_seed_build_with_the_shipped_gold(seed_build: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "scores.json"
    res = CliRunner().invoke(main, ["evaluate", "--gold", str(ROOT / "eval" / "gold"), "--build-dir",
                                    str(seed_build.out), "--json", str(out), "-v"])
    assert res.exit_code == 0, res.output
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["relations"]["f1"] > 0.9 and scores["entities"]["f1"] > 0.9
    assert scores["by_predicate"]["signedAgreementWith"]["tp"] >= 15
    assert "missed relations:" in res.output
    res = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path), "--build-dir", str(seed_build.out)])
    assert res.exit_code == 3 and "scores.json is not a gold annotation" in res.output  # the JSON just written
    (tmp_path / "empty").mkdir()
    res = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "empty"), "--build-dir", str(seed_build.out)])
    assert res.exit_code == 3 and "no gold annotations" in res.output
