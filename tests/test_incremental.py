"""Incremental builds: the extraction cache reads only what changed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from rdflib import Graph

from libgraph import Settings, build
from libgraph import cache as cache_module

pytestmark = pytest.mark.slow

A = "The Riga Central Library signed a memorandum with the Tartu City Library.\n"
B = "The Oslo Public Library visited the Bergen Public Library.\n"


def quads(out: Path) -> set[str]:
    import pyoxigraph as ox

    return {str(q) for q in ox.Store.read_only(str(out / "store"))}


def labels(out: Path) -> set[str]:
    return {str(o) for o in Graph().parse(out / "graph.ttl").objects()}


def test_incremental_reads_only_changed_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(A)
    (corpus / "b.txt").write_text(B)
    settings = Settings.load(env={}, corpus=corpus, out=tmp_path / "out", cache_dir=tmp_path / "cache")
    first = build(settings)
    assert (first.extracted, first.cached) == (2, 0)
    before = (tmp_path / "out" / "graph.ttl").read_bytes()

    import libgraph.nlp as nlp_module

    def no_model(_name: str) -> None:
        raise AssertionError("the unchanged corpus must not load the NLP pipeline")

    with monkeypatch.context() as m:
        m.setattr(nlp_module, "load_pipeline", no_model)
        again = build(settings)
    assert (again.extracted, again.cached) == (0, 2)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == before

    (corpus / "b.txt").write_text(B.replace("Bergen", "Stavanger"))
    changed = build(settings)
    assert (changed.extracted, changed.cached) == (1, 1)
    assert "Stavanger Public Library" in labels(tmp_path / "out")
    assert "Bergen Public Library" not in labels(tmp_path / "out")

    (corpus / "b.txt").unlink()
    deleted = build(settings)
    assert deleted.articles == 1 and "Stavanger Public Library" not in labels(tmp_path / "out")

    monkeypatch.setattr(cache_module, "rules_version", lambda: "new-rules")
    rules = build(settings)
    assert (rules.extracted, rules.cached) == (1, 0)


TOWNS = ["Aldmere", "Brinvale", "Corrick", "Dunhollow", "Elmsford", "Farrowby", "Glenmoor", "Hartwell",
         "Ivybridge", "Jarrow Cove", "Kestwick", "Larkspur"]


def test_incremental_store_is_updated_not_rebuilt(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i, town in enumerate(TOWNS):
        other = TOWNS[(i + 1) % len(TOWNS)]
        (corpus / f"{i:02d}.txt").write_text(f"The {town} Public Library signed a memorandum of cooperation "
                                             f"with the {other} City Library on 3 May 2021.\n")
    hour_ago = time.time() - 3600
    for f in corpus.iterdir():
        os.utime(f, (hour_ago, hour_ago))
    settings = Settings.load(env={}, corpus=corpus, out=tmp_path / "out", cache_dir=tmp_path / "cache",
                             shard_size=1)
    first = build(settings)
    (corpus / "05.txt").write_text("The Farrowby Public Library visited the Mossgate Regional Library.\n")
    changed = build(settings)
    assert changed.shards[2] >= (sum(first.shards[:2]) // 2)  # most shards were reused
    assert changed.store_updated and not first.store_updated
    assert (first.files_unchanged, changed.files_unchanged) == (0, len(TOWNS) - 1)  # one file opened
    # a store loaded anew is compacted by its build; an updated one is not (a few quads changed)
    assert "store compaction" in first.seconds and "store compaction" not in changed.seconds
    info = json.loads((tmp_path / "out" / "build-info.json").read_text())
    assert info["files_unchanged"] == len(TOWNS) - 1
    # the number of quads is worked out from the previous build's, not counted: it is the store's
    assert changed.quads == info["quads"] == len(quads(tmp_path / "out")) != first.quads
    assert "Mossgate Regional Library" in labels(tmp_path / "out")
    # the store was brought up to date from the previous one: it holds what a fresh build holds
    fresh = build(settings.replace(out=tmp_path / "fresh", cache_dir=tmp_path / "cache2"))
    assert fresh.shards[2] == 0
    assert quads(tmp_path / "out") == quads(tmp_path / "fresh")
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()


def shard_outputs(cache: Path) -> set[str]:
    return {str(p) for p in (cache / "shards").rglob("*.nq")}


def test_superseded_shard_outputs_are_pruned(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i, town in enumerate(TOWNS[:6]):
        (corpus / f"{i:02d}.txt").write_text(f"The {town} Public Library visited the {TOWNS[i + 6]} City Library.\n")
    cache = tmp_path / "cache"
    settings = Settings.load(env={}, corpus=corpus, out=tmp_path / "out", cache_dir=cache, shard_size=1)
    build(settings)
    used = json.loads((tmp_path / "out" / "shards.json").read_text())["used"]
    assert shard_outputs(cache) == set(used)
    (corpus / "02.txt").write_text("The Corrick Public Library visited the Mossgate Regional Library.\n")
    changed = build(settings)
    now_used = set(json.loads((tmp_path / "out" / "shards.json").read_text())["used"])
    assert changed.pruned == len(set(used) - now_used) > 0
    assert shard_outputs(cache) == now_used  # the previous build's superseded outputs are gone, with their parts
    assert not [p for p in (cache / "shards").rglob("*") if p.is_file() and p.name.split(".")[0] not in
                {Path(u).stem for u in now_used}]
    # what is left is what the build needs: building again reuses every shard
    again = build(settings)
    assert again.shards[2] == sum(again.shards[:2]) and again.pruned == 0


def test_incremental_cache_can_be_turned_off(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(A)
    settings = Settings.load(env={"LIBGRAPH_CACHE_DIR": "off"}, corpus=corpus, out=tmp_path / "out")
    assert build(settings).extracted == 1 and build(settings).extracted == 1
