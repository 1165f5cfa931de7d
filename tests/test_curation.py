"""Corrections kept beside the corpus hold through every build: a rejected fact stays out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

from libgraph import Settings, build
from libgraph.build import BuildResult
from libgraph.errors import SettingsError
from libgraph.store import open_store, run_query

from .conftest import CORPUS, running_server, until

CHINA = "https://w3id.org/libgraph/id/organization/national-library-of-china"
UZBEKISTAN = "https://w3id.org/libgraph/id/organization/national-library-of-uzbekistan-named-after-alisher-navoi"
CURATION = f"""
@prefix lgc: <https://w3id.org/libgraph/curation#> .
@prefix lg: <https://w3id.org/libgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<#not-signed> a lgc:Rejection ;
    lgc:subject <{CHINA}> ; lgc:predicate lg:signedAgreementWith ; lgc:object <{UZBEKISTAN}> ;
    prov:wasAttributedTo "A. Researcher" ; rdfs:comment "Checked with the library: no such agreement." .
<#gone> a lgc:Rejection ;
    lgc:subject <https://w3id.org/libgraph/id/organization/nowhere> ; lgc:predicate lg:visited ;
    lgc:object <{CHINA}> .
"""


def _ask(result: BuildResult, query: str) -> bool:
    return bool(run_query(open_store(result.out / "store"), query))


def test_a_rejected_fact_stays_out_of_every_build(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "curation.ttl").write_text(CURATION, encoding="utf-8")
    settings = Settings.load(env={}, corpus=corpus, out=tmp_path / "build", cache_dir=tmp_path / "cache")
    signed = f"ASK {{ <{UZBEKISTAN}> lg:signedAgreementWith <{CHINA}> }}"
    for _build in range(2):  # the second build reuses the cache: the rejection still holds
        result = build(settings)
        assert not _ask(result, signed)
        assert not _ask(result, f"ASK {{ <{CHINA}> lg:signedAgreementWith <{UZBEKISTAN}> }}")  # either way
        # the library's other agreements, stated in the same sentence, stay
        assert _ask(result, f"ASK {{ <{UZBEKISTAN}> lg:signedAgreementWith ?other FILTER (?other != <{CHINA}>) }}")
        info = json.loads((result.out / "build-info.json").read_text(encoding="utf-8"))
        assert info["curation"]["statements_rejected"] == 1
        unmatched = info["curation"]["unmatched"]
        assert len(unmatched) == 1 and unmatched[0].endswith("#gone>")
        assert not [p for p in result.problems if "curation" in p.source]  # not read as an article
    # without the rejection, the fact is back
    (corpus / "curation.ttl").unlink()
    assert _ask(build(settings), signed)


def test_a_malformed_curation_file_is_an_error_that_names_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "curation.ttl").write_text("<#a> a <https://w3id.org/libgraph/curation#Rejection> ;\n  oops",
                                         encoding="utf-8")
    with pytest.raises(SettingsError, match="cannot read the curation file"):
        build(Settings.load(env={}, corpus=corpus, out=tmp_path / "build", cache_dir="off"))


def test_curate_reject_appends_an_entry_the_build_reads(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from libgraph.cli import main
    from libgraph.curation import read_curation

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    runner = CliRunner()
    args = ["--corpus", str(corpus)]
    res = runner.invoke(main, ["curate", "reject", *args, CHINA, "lg:signedAgreementWith", UZBEKISTAN,
                               "--who", "A. Researcher", "--why", 'a "plan", not a signing'])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["curate", "reject", *args, CHINA, "founded", "1921"])
    assert res.exit_code == 0, res.output
    entries = read_curation(corpus / "curation.ttl").rejections
    assert [(r.predicate, r.object, r.why) for r in entries] == [
        ("founded", "1921", ""), ("signedAgreementWith", UZBEKISTAN, 'a "plan", not a signing')]
    listed = runner.invoke(main, ["curate", "list", *args])
    assert "2 rejection(s)" in listed.output and "signedAgreementWith" in listed.output
    bad = runner.invoke(main, ["curate", "reject", *args, "not-an-iri", "visited", CHINA])
    assert bad.exit_code == 2 and "not an entity IRI" in bad.output
    assert len(read_curation(corpus / "curation.ttl").rejections) == 2  # the refused entry left the file as it was


ID = "https://w3id.org/libgraph/id/organization/"
IFLA = ID + "international-federation-of-library-associations-and-institutions"
MORE = f"""
@prefix lgc: <https://w3id.org/libgraph/curation#> .
@prefix lg: <https://w3id.org/libgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<#member> a lgc:Assertion ; lgc:subject <{CHINA}> ; lgc:predicate lg:memberOf ; lgc:object <{IFLA}> ;
    lgc:date "2019"^^xsd:gYear ; dcterms:source <https://example.org/annual-report> ;
    rdfs:comment "The federation's 2019 annual report lists the library among its members." .
<#one> a lgc:Merge ; lgc:keep <{ID}cabinet-of-ministers> ; lgc:merge <{ID}culture-ministry> .
<#two> a lgc:Separation ; lgc:entity <{ID}azerbaijan-national-library> ; lgc:name "National Library of Azerbaijan" .
<#name> a lgc:Override ; lgc:entity <{ID}menafn> ; lgc:label "MENAFN" .
<#kind> a lgc:Override ; lgc:entity <{ID}sco-knowledge-hall> ; lgc:type lg:Library .
<#stale> a lgc:Merge ; lgc:keep <{ID}nowhere> ; lgc:merge <{ID}menafn> .
"""


def test_asserted_merged_separated_and_overridden_entities_hold_in_every_build(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "curation.ttl").write_text(MORE, encoding="utf-8")
    settings = Settings.load(env={}, corpus=corpus, out=tmp_path / "build", cache_dir=tmp_path / "cache")
    for _build in range(2):
        result = build(settings)
        assert not result.validation.violations
        # the asserted fact, in the default graph, derived from its entry (not from an article)
        assert _ask(result, f"ASK {{ <{CHINA}> lg:memberOf <{IFLA}> }}")
        assert _ask(result, f"""ASK {{ ?st rdf:subject <{CHINA}> ; rdf:predicate lg:memberOf ; rdf:object <{IFLA}> ;
            lg:eventDate "2019"^^xsd:gYear ; lg:extractionRule ?rule ; prov:wasDerivedFrom ?entry .
            ?rule rdfs:label "curation" .
            ?entry a <https://w3id.org/libgraph/curation#Assertion> ;
                dcterms:source <https://example.org/annual-report> ;
                rdfs:comment ?why ; lg:sourcePath "curation.ttl#member" .
            FILTER NOT EXISTS {{ ?entry a schema:NewsArticle }} }}""")
        # merged: one entity, the other IRI kept as owl:sameAs, its statements moved over
        assert _ask(result, f'ASK {{ <{ID}cabinet-of-ministers> owl:sameAs <{ID}culture-ministry> ; '
                            f'skos:altLabel "Culture Ministry" }}')
        assert not _ask(result, f"ASK {{ <{ID}culture-ministry> a ?t }}")
        assert not _ask(result, f"ASK {{ GRAPH ?g {{ <{ID}culture-ministry> ?p ?o }} FILTER(?p != owl:sameAs) }}")
        # separated: the mentions named so are an entity of their own
        assert _ask(result, f'ASK {{ <{ID}national-library-of-azerbaijan> a lg:Library ; '
                            f'rdfs:label "National Library of Azerbaijan" }}')
        assert not _ask(result, f'ASK {{ <{ID}azerbaijan-national-library> skos:altLabel '
                                f'"National Library of Azerbaijan" }}')
        # overridden label and type; the IRI stays
        assert _ask(result, f'ASK {{ <{ID}menafn> rdfs:label "MENAFN" ; skos:altLabel "MENAFN-" }}')
        assert _ask(result, f"ASK {{ <{ID}sco-knowledge-hall> a lg:Library }}")
        info = json.loads((result.out / "build-info.json").read_text(encoding="utf-8"))["curation"]
        assert [e.rsplit("#", 1)[1].rstrip(">") for e in info["unmatched"]] == ["stale"]
        assert info["merges"] == {f"{ID}culture-ministry": f"{ID}cabinet-of-ministers"}
        assert len(info["assertions"]) == 1 and len(info["separations"]) == 1 and len(info["overrides"]) == 2
    # the evaluation counts the asserted fact like an extracted one
    from libgraph.evaluate import Gold, evaluate

    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a.json").write_text(json.dumps({"doc": "a", "entities": [
        {"id": "e1", "type": "Library", "name": "National Library of China"},
        {"id": "e2", "type": "Organization", "name": "International Federation of Library Associations and "
                                                     "Institutions"}],
        "relations": [{"s": "e1", "p": "memberOf", "o": "e2"}]}), encoding="utf-8")
    report = evaluate(result.out / "graph.ttl", Gold.read(gold_dir))
    assert report.by_predicate["memberOf"].tp == 1 and report.relations.fn == 0
    # the retired IRI redirects to the entity it names now
    with running_server("--build-dir", str(result.out)) as (url, _proc):
        r = httpx.get(url + "/id/organization/culture-ministry", headers={"Accept": "text/html"})
        assert r.status_code == 301 and r.headers["location"] == "/id/organization/cabinet-of-ministers"
        page = httpx.get(url + "/id/organization/culture-ministry", follow_redirects=True).text
        assert "Cabinet of Ministers" in page and "Culture Ministry" in page


def test_curate_add_merge_separate_override_from_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from libgraph.cli import main
    from libgraph.curation import read_curation

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    runner = CliRunner()
    args = ["--corpus", str(corpus)]
    for command in (["add", CHINA, "memberOf", IFLA, "--why", "The 2019 report lists it.", "--date", "2019",
                     "--source", "https://example.org/report"],
                    ["merge", ID + "cabinet-of-ministers", ID + "culture-ministry"],
                    ["separate", ID + "azerbaijan-national-library", "National Library of Azerbaijan"],
                    ["override", ID + "menafn", "--label", "MENAFN", "--type", "Organization"]):
        res = runner.invoke(main, ["curate", command[0], *args, *command[1:]])
        assert res.exit_code == 0, res.output
    c = read_curation(corpus / "curation.ttl")
    assert [(a.predicate, a.object, a.date, a.source) for a in c.assertions] == [
        ("memberOf", IFLA, "2019", "https://example.org/report")]
    assert [(m.keep, m.merged) for m in c.merges] == [(ID + "cabinet-of-ministers", (ID + "culture-ministry",))]
    assert [s.names for s in c.separations] == [("National Library of Azerbaijan",)]
    assert [(o.label, o.type) for o in c.overrides] == [("MENAFN", "Organization")]
    listed = runner.invoke(main, ["curate", "list", *args]).output
    assert "1 assertion(s), 1 merge(s), 1 separation(s), 1 override(s)" in listed
    for bad, message in ((["add", CHINA, "memberOf", IFLA], "Missing option"),
                         (["add", CHINA, "memberOf", IFLA, "--why", "x", "--date", "May 2019"], "not YYYY"),
                         (["override", ID + "menafn", "--type", "Museum"], "unknown type")):
        res = runner.invoke(main, ["curate", bad[0], *args, *bad[1:]])
        assert res.exit_code == 2 and message in res.output, res.output
    assert len(read_curation(corpus / "curation.ttl")) == 4


def test_a_correction_emits_again_only_the_shards_it_touches(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings.load(env={}, corpus=corpus, out=tmp_path / "build", cache_dir=tmp_path / "cache",
                             shard_size=1)
    first = build(settings)
    (corpus / "curation.ttl").write_text(CURATION, encoding="utf-8")
    second = build(settings)
    entity_shards, article_shards, reused = second.shards
    assert second.curation.rejected and 0 < reused < entity_shards + article_shards
    assert first.shards[:2] == (entity_shards, article_shards)


TOKEN = "a-test-token-of-enough-length"
HTML = {"Accept": "text/html"}


def test_corrections_from_the_server_are_kept_and_rebuilt(tmp_path: Path, seed_build: BuildResult) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "build"
    build(Settings.load(env={}, corpus=corpus, out=out, cache_dir=tmp_path / "cache"))
    env = {"LIBGRAPH_UPDATE_TOKEN": TOKEN, "LIBGRAPH_CACHE_DIR": str(tmp_path / "cache"),
           "LIBGRAPH_UPDATES_DIR": str(tmp_path / "updates")}
    fact = {"subject": CHINA, "predicate": "https://w3id.org/libgraph/ontology#signedAgreementWith",
            "object": UZBEKISTAN, "why": "a plan, not a signing"}
    signed = f"ASK {{ <{CHINA}> lg:signedAgreementWith <{UZBEKISTAN}> }}"

    def ask(url: str) -> bool:
        return bool(httpx.get(url + "/sparql", params={"query": signed}, timeout=60).json()["boolean"])

    with running_server("--build-dir", str(seed_build.out)) as (url, _proc):  # no token: no corrections
        assert httpx.post(url + "/curation/reject", data={**fact, "token": TOKEN}).status_code == 403
        page = httpx.get(url + "/id/organization/national-library-of-china", headers=HTML).text
        assert "National Library of China" in page and "/curation/reject" not in page
    with running_server("--build-dir", str(out), env=env) as (url, _proc):
        assert ask(url)
        page = httpx.get(url + "/id/organization/national-library-of-china", headers=HTML).text
        assert 'action="/curation/reject"' in page and 'id="curation-token"' in page
        assert httpx.post(url + "/curation/reject", data=fact).status_code == 401
        assert httpx.post(url + "/curation/reject", data={**fact, "token": "wrong" * 5}).status_code == 403
        bad = httpx.post(url + "/curation/reject", data={**fact, "subject": "nope", "token": TOKEN})
        assert bad.status_code == 400 and "not an entity IRI" in bad.text
        r = httpx.post(url + "/curation/reject", data={**fact, "token": TOKEN})
        assert r.status_code == 202, r.text
        assert "rejection-1" in (corpus / "curation.ttl").read_text(encoding="utf-8")
        assert until(lambda: not ask(url), 120, 0.3), httpx.get(url + "/curation").json()
        # the new store is served as soon as the rebuild publishes it; the rebuild reports a moment later
        assert until(lambda: not httpx.get(url + "/curation").json()["running"], 60, 0.2)
        state = httpx.get(url + "/curation").json()
        assert state["last"]["returncode"] == 0 and not state["running"]
        # a browser's form goes back to the page it came from
        r = httpx.post(url + "/curation/separate", headers={"Accept": "text/html"},
                       data={"entity": ID + "azerbaijan-national-library", "name": "National Library of Azerbaijan",
                             "token": TOKEN, "back": "/id/organization/azerbaijan-national-library"})
        assert r.status_code == 303
        assert r.headers["location"] == "/id/organization/azerbaijan-national-library?curated=1"
        assert until(lambda: httpx.get(url + "/id/organization/national-library-of-azerbaijan").status_code == 200,
                     120, 0.3)
    # the corrections hold in the next build too
    again = build(Settings.load(env={}, corpus=corpus, out=out, cache_dir=tmp_path / "cache"))
    assert not _ask(again, signed)
