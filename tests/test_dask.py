"""The extraction on a Dask cluster (a LocalCluster of two worker processes) builds the same graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from libgraph import Settings, build
from libgraph.build import BuildResult
from libgraph.errors import SettingsError

from .conftest import CORPUS

pytestmark = pytest.mark.slow


def test_dask_build_is_isomorphic_to_the_local_build(seed_build: BuildResult, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        settings = Settings.load(env={}, corpus=CORPUS, out=tmp_path / "build", cache_dir=tmp_path / "shared-cache",
                                 executor="dask", scheduler=cluster.scheduler_address)
        result = build(settings)
        workers = len(cluster.workers)
    assert workers == 2
    assert result.extracted == result.articles == 3
    # every article's extraction was written by a worker to the shared folder, named by its content hash
    records = [r for r in (tmp_path / "shared-cache").rglob("*.json") if not {"shards", "files"} & set(r.parts)]
    assert len(records) == 3 and all(len(r.stem) == 64 for r in records)
    info = json.loads((tmp_path / "build" / "build-info.json").read_text())
    assert info["executor"] == "dask"
    local, remote = Graph().parse(seed_build.out / "graph.ttl"), Graph().parse(tmp_path / "build" / "graph.ttl")
    assert len(remote) == len(local) and isomorphic(local, remote)


def test_dask_executor_needs_a_shared_cache_and_a_scheduler(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="scheduler"):
        Settings.load(env={}, executor="dask")
    with pytest.raises(SettingsError, match="cache folder"):
        Settings.load(env={}, cache_dir="off", executor="dask", scheduler="tcp://127.0.0.1:8786")
