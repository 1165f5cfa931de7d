"""End to end: build the seed corpus, then ask the store what researchers ask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from libgraph import Settings, build
from libgraph.build import BuildResult
from libgraph.cli import main
from libgraph.store import export, open_store, read_rdf, run_query
from libgraph.validate import check, load_graph

pytestmark = pytest.mark.slow


def select(result: BuildResult, query: str) -> list[dict[str, str]]:
    store = open_store(result.out / "store")
    solutions = run_query(store, query)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def test_build_signing_is_stated_in_a_sentence(seed_build: BuildResult) -> None:
    rows = select(seed_build, """
        SELECT ?sentence ?source WHERE {
          ?a skos:altLabel|rdfs:label "National Library of Uzbekistan" .
          ?b rdfs:label "National Library of China" .
          { ?a lg:signedAgreementWith ?b } UNION { ?b lg:signedAgreementWith ?a }
          ?st rdf:subject ?x ; rdf:predicate lg:signedAgreementWith ; rdf:object ?y ;
              lg:sentence ?sentence ; prov:wasDerivedFrom ?art .
          FILTER ((?x = ?a && ?y = ?b) || (?x = ?b && ?y = ?a))
          ?art lg:sourcePath ?source .
        }""")
    assert rows, "the signing with the National Library of China is missing"
    assert "signed agreements and memorandums of cooperation" in rows[0]["sentence"]
    assert rows[0]["source"].endswith("001_b657f221a84557c0.txt")


def test_build_children_library_is_in_tokyo(seed_build: BuildResult) -> None:
    rows = select(seed_build, """
        SELECT ?city WHERE {
          ?lib skos:altLabel|rdfs:label "International Library of Children’s Literature" ;
               lg:locatedIn ?c . ?c a lg:City ; rdfs:label ?city ; owl:sameAs ?geo . }""")
    assert {r["city"] for r in rows} == {"Tokyo"}


def test_build_heydar_aliyev_visited_the_national_library(seed_build: BuildResult) -> None:
    rows = select(seed_build, """
        SELECT ?lib WHERE { ?p rdfs:label "Heydar Aliyev" ; a lg:Person ; lg:visited ?l .
                            ?l rdfs:label ?lib ; a lg:Library . }""")
    assert {r["lib"] for r in rows} == {"Azerbaijan National Library"}


def test_build_same_library_one_iri_across_articles(seed_build: BuildResult) -> None:
    rows = select(seed_build, """
        SELECT DISTINCT ?x WHERE { ?x skos:altLabel|rdfs:label ?n .
          FILTER (?n IN ("Azerbaijan National Library", "National Library of Azerbaijan")) }""")
    assert len(rows) == 1
    merges = select(seed_build, """SELECT ?rule WHERE { ?m a lg:MergeDecision ; lg:mergedInto ?x ;
        lg:mergedLabel "National Library of Azerbaijan" ; lg:mergeRule ?rule }""")
    assert merges and "place-word-order" in merges[0]["rule"]


def test_build_covers_at_least_ten_predicates_with_provenance(seed_build: BuildResult) -> None:
    assert sum(1 for n in seed_build.relations.values() if n) >= 10
    rows = select(seed_build, """
        SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER (STRSTARTS(STR(?p), STR(lg:)))
          FILTER (?p IN (lg:visited, lg:metWith, lg:signedAgreementWith, lg:memberOf, lg:locatedIn, lg:worksFor,
                         lg:namedAfter, lg:partOf, lg:founded, lg:collectionSize, lg:organized, lg:donatedTo))
          FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?a }
          # a symmetric relation is stored both ways: its statement is the one in either direction
          FILTER NOT EXISTS { VALUES ?p { lg:metWith lg:signedAgreementWith }
                              ?st rdf:subject ?o ; rdf:predicate ?p ; rdf:object ?s ; prov:wasDerivedFrom ?a } }""")
    assert rows[0]["n"] == "0"


def test_build_outputs_parse_conform_and_agree_with_the_store(seed_build: BuildResult) -> None:
    out = seed_build.out
    ttl = Graph().parse(out / "graph.ttl")
    assert isomorphic(read_rdf(out / "graph.trig"), ttl)
    settings = Settings.load(env={})
    conforms, _r, violations = check(ttl, load_graph(settings.shapes), load_graph(settings.ontology),
                                     engine="pyshacl")  # the build's default engine is 'shacl'; the reference agrees
    assert conforms, violations[:3]
    assert (out / "validation-report.ttl").exists()
    info = json.loads((out / "build-info.json").read_text())
    assert info["articles"] == 3
    store = open_store(out / "store")
    for fmt, with_graphs in (("ttl", False), ("nt", False), ("xml", False), ("nq", True), ("trig", True),
                             ("jsonld", True)):
        path = out / f"export.{fmt}"
        with path.open("wb") as fh:
            export(store, fmt, fh)
        # read back with rdflib for the triple syntaxes, with Oxigraph's parsers for the quad syntaxes
        g = read_rdf(path) if with_graphs else Graph().parse(path, format={"ttl": "turtle", "nt": "nt",
                                                                           "xml": "xml"}[fmt])
        assert isomorphic(g, ttl), fmt


def test_build_is_deterministic(seed_build: BuildResult, tmp_path: Path) -> None:
    again = build(Settings.load(env={}, corpus=Path(__file__).resolve().parents[1] / "corpus",
                                out=tmp_path / "again"))
    a = Graph().parse(seed_build.out / "graph.ttl")
    b = Graph().parse(again.out / "graph.ttl")
    assert isomorphic(a, b)


def test_cli_query_ask_construct_and_standard_input(seed_build: BuildResult) -> None:
    runner = CliRunner()
    out = ["--build-dir", str(seed_build.out)]
    res = runner.invoke(main, ["query", *out, 'ASK { ?x rdfs:label "Heydar Aliyev" }'])
    assert res.exit_code == 0 and res.output == "true\n", res.output
    res = runner.invoke(main, ["query", *out, "--format", "json", "ASK { ?x rdfs:label \"Nobody\" }"])
    assert json.loads(res.output) == {"head": {}, "boolean": False}
    construct = 'CONSTRUCT { ?x rdfs:label ?n } WHERE { ?x rdfs:label ?n FILTER (?n = "Heydar Aliyev") }'
    res = runner.invoke(main, ["query", *out, "--format", "nt", "-"], input=construct)
    assert res.exit_code == 0, res.output
    assert res.output.strip().endswith('<http://www.w3.org/2000/01/rdf-schema#label> "Heydar Aliyev" .')
    res = runner.invoke(main, ["query", *out, "--format", "jsonld", construct])
    assert json.loads(res.output)[0]["http://www.w3.org/2000/01/rdf-schema#label"] == [{"@value": "Heydar Aliyev"}]
    res = runner.invoke(main, ["query", *out, "--format", "ttl", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"])
    assert res.exit_code == 7 and "use --format table|csv|json" in res.output


def test_cli_query_stats_and_errors(seed_build: BuildResult, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["query", "--build-dir", str(seed_build.out), "--format", "csv",
                               "SELECT ?n WHERE { ?x a lg:Person ; rdfs:label ?n } ORDER BY ?n"])
    assert res.exit_code == 0, res.output
    assert "Heydar Aliyev" in res.output.splitlines()
    res = runner.invoke(main, ["stats", "--build-dir", str(seed_build.out)])
    assert res.exit_code == 0 and "signedAgreementWith" in res.output
    res = runner.invoke(main, ["query", "--build-dir", str(seed_build.out), "SELECT WHERE {"])
    assert res.exit_code == 7 and "malformed SPARQL" in res.output
    res = runner.invoke(main, ["query", "--build-dir", str(tmp_path / "none"), "ASK {}"])
    assert res.exit_code == 6 and "run `libgraph build`" in res.output
    res = runner.invoke(main, ["build", "--corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 3 and "does not exist" in res.output
    res = runner.invoke(main, ["validate", str(seed_build.out / "graph.ttl")])
    assert res.exit_code == 0 and "conform" in res.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://example.org/a> <https://w3id.org/libgraph/ontology#worksFor> <https://example.org/b> .\n")
    outputs = []
    for engine in ("shacl", "pyshacl"):
        res = runner.invoke(main, ["validate", "--validator", engine, str(bad)])
        assert res.exit_code == 5 and "worksFor: the subject must be a person." in res.output, res.output
        outputs.append(res.output)
    assert outputs[0] == outputs[1]
    res = runner.invoke(main, ["validate", "--validator", "jena", str(bad)])
    assert res.exit_code == 2 and "jena" in res.output


def test_build_failure_keeps_the_previous_build(seed_build: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "kept"
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("The Oslo Public Library visited the Bergen Public Library.\n")
    first = build(Settings.load(env={}, corpus=tmp_path / "c", out=out))
    before = (out / "graph.ttl").read_bytes()
    (tmp_path / "empty").mkdir()
    with pytest.raises(Exception, match="no readable article"):
        build(Settings.load(env={}, corpus=tmp_path / "empty", out=out))
    assert (out / "graph.ttl").read_bytes() == before and first.articles == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kept.")]


def test_build_strict_fails_on_bad_input_and_publishes_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The Oslo Public Library visited the Bergen Public Library.\n")
    (corpus / "b.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--out", str(out), "--strict"])
    assert res.exit_code == 5 and "binary content" in res.output
    assert not out.exists()
    res = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--out", str(out)])
    assert res.exit_code == 0 and "b.txt: binary content (NUL bytes) -> skipped" in res.output
    assert (out / "graph.ttl").exists()


def test_build_statement_nodes_carry_provenance(seed_build: BuildResult) -> None:
    rows = select(seed_build, """
        SELECT ?rule ?conf ?start ?end ?date ?source ?sentence WHERE {
          ?p rdfs:label "Kazakhstan National Academic Library" .
          ?st rdf:subject ?p ; rdf:predicate lg:memberOf ; rdf:object ?o ; lg:extractionRule/rdfs:label ?rule ;
              lg:confidence ?conf ; lg:sentenceStart ?start ; lg:sentenceEnd ?end ; lg:sentence ?sentence ;
              lg:eventDate ?date ; lg:dateSource ?source .
          ?o skos:altLabel|rdfs:label "IFLA" . }""")
    assert len(rows) == 1
    row = rows[0]
    assert row["date"] == "1992" and float(row["conf"]) >= 0.5 and row["rule"]
    assert row["source"] == "stated"  # "since 1992" is in the sentence
    text = (Path(__file__).resolve().parents[1] / "corpus" / "002_b82e253a57aa4504.txt").read_text()
    from libgraph.corpus import normalise_text

    assert normalise_text(text)[int(row["start"]) : int(row["end"])] == row["sentence"]


def test_plot_writes_svg_and_png(seed_build: BuildResult, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    runner = CliRunner()
    for name in ("net.svg", "net.png"):
        res = runner.invoke(main, ["plot", "--build-dir", str(seed_build.out), "--out", str(tmp_path / name)])
        assert res.exit_code == 0, res.output
        assert "entities" in res.output
    svg = (tmp_path / "net.svg").read_text()
    ET.fromstring(svg)  # well-formed
    assert "National Library of China" in svg and "Heydar Aliyev" in svg
    assert (tmp_path / "net.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    res = runner.invoke(main, ["plot", "--build-dir", str(seed_build.out), "--out", str(tmp_path / "net.gif")])
    assert res.exit_code == 1 and ".svg, .png or .pdf" in res.output


def test_places_keep_their_gazetteer_label_and_sources_their_corpus_path(tmp_path: Path) -> None:
    """However an article writes a country, its preferred label is the gazetteer's, the same in every
    build; lg:sourcePath is the path within the corpus folder, not where the folder lies."""
    corpus = tmp_path / "corpus"
    (corpus / "2024").mkdir(parents=True)
    (corpus / "2024" / "visit.txt").write_text(
        "Delegation visits Ostland\n\nA delegation of the Republic of Uzbekistan visited the Ostland City "
        "Library in Tashkent.\n", encoding="utf-8")
    result = build(Settings.load(env={}, corpus=corpus.resolve(), out=tmp_path / "build", cache_dir="off"))
    rows = select(result, """SELECT ?pref ?alt WHERE { ?c a lg:Country ; lg:isoCode "UZ" ; skos:prefLabel ?pref ;
                                                   skos:altLabel ?alt }""")
    assert rows == [{"pref": "Uzbekistan", "alt": "Republic of Uzbekistan"}]
    sources = select(result, "SELECT ?s WHERE { ?a a schema:NewsArticle ; lg:sourcePath ?s }")
    assert sources == [{"s": "2024/visit.txt"}]
