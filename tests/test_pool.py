"""The worker pool: a writable pool keeps exactly one worker, the owner of the working copy."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pyoxigraph as ox

from libgraph.server.pool import WorkerPool
from libgraph.server.requests import QueryRequest, Source, UpdateRequest


def _store(path: Path) -> Path:
    store = ox.Store(str(path))
    store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"),
                      ox.Literal("base")))
    store.flush()
    del store
    return path


def _insert(n: int) -> UpdateRequest:
    return UpdateRequest(f'INSERT DATA {{ <https://example.org/n{n}> <https://example.org/says> "note {n}" }}')


NOTES = QueryRequest("SELECT ?t WHERE { ?n <https://example.org/says> ?t }", "json", None)


def test_writable_pool_never_runs_two_workers_through_a_reload(tmp_path: Path) -> None:
    source = Source(store=_store(tmp_path / "store"), writable=True, updates=tmp_path / "updates")

    async def scenario() -> tuple[set[str], int]:
        pool = WorkerPool(source, 1, max_size=1)
        await pool.start()
        most = 0

        async def watch() -> None:
            nonlocal most
            while True:
                most = max(most, pool.running + pool._spawning)
                await asyncio.sleep(0.001)

        watcher = asyncio.ensure_future(watch())
        try:
            await pool.execute(_insert(1), 30)
            # requests arrive while the single worker is being replaced: they wait for its successor
            reload = asyncio.ensure_future(pool.reload())
            await asyncio.sleep(0.01)
            answers = await asyncio.gather(*(pool.execute(_insert(n), 30) for n in range(2, 6)))
            await reload
            assert all(a.status == 204 for a in answers)
            rows = json.loads((await pool.execute(NOTES, 30)).body)["results"]["bindings"]
            return {r["t"]["value"] for r in rows}, most
        finally:
            watcher.cancel()
            await pool.close()

    notes, most = asyncio.run(scenario())
    assert notes == {f"note {n}" for n in range(1, 6)}
    assert most == 1
