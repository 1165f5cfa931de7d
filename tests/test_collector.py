"""The build pauses Python's cyclic garbage collector in its own process, and gives it back."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from libgraph import Settings, build, collector
from libgraph.errors import CorpusError
from libgraph.executors import InlineExecutor, LocalExecutor


def _collecting(_item: int) -> bool:
    return gc.isenabled()


def test_paused_restores_the_collector_and_unfreezes() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        cycle: list[object] = []
        cycle.append(cycle)
        collector.freeze()
        assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # what was frozen can be collected again


def test_freeze_does_nothing_while_the_collector_runs() -> None:
    collector.freeze()
    assert gc.get_freeze_count() == 0


def test_tasks_collect_inline_and_in_workers() -> None:
    with collector.paused():
        assert [r for _i, r in InlineExecutor().map_unordered(_collecting, [1, 2])] == [True, True]
        assert not gc.isenabled()
        pool = LocalExecutor(2)
        try:
            assert [r for _i, r in pool.map_unordered(_collecting, [1, 2, 3])] == [True, True, True]
        finally:
            pool.close()
        assert not gc.isenabled()


def test_a_failed_build_gives_the_collector_back(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    settings = Settings.load(corpus=tmp_path / "corpus", out=tmp_path / "out", cache_dir=tmp_path / "cache")
    with pytest.raises(CorpusError):
        build(settings)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
