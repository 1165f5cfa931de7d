"""Corrections kept beside the corpus hold through every build: a rejected fact stays out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from libgraph import Settings, build
from libgraph.build import BuildResult
from libgraph.errors import SettingsError
from libgraph.store import open_store, run_query

from .conftest import CORPUS

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
    entries = read_curation(corpus / "curation.ttl")
    assert [(r.predicate, r.object, r.why) for r in entries] == [
        ("founded", "1921", ""), ("signedAgreementWith", UZBEKISTAN, 'a "plan", not a signing')]
    listed = runner.invoke(main, ["curate", "list", *args])
    assert "2 rejection(s)" in listed.output and "signedAgreementWith" in listed.output
    bad = runner.invoke(main, ["curate", "reject", *args, "not-an-iri", "visited", CHINA])
    assert bad.exit_code == 2 and "not an entity IRI" in bad.output
    assert len(read_curation(corpus / "curation.ttl")) == 2  # the refused entry left the file as it was
