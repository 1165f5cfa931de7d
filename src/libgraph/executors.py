"""Where the build's per-shard work runs: in this process, in local worker processes, or on a Dask cluster.

Every task is a plain function of one picklable argument, so the three executors run the same code.
``map_unordered`` yields ``(index, result)`` as tasks finish; callers that need an order sort by index.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Protocol, TypeVar

from . import collector
from .errors import SettingsError
from .processes import die_with_parent

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    name: str
    workers: int

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Runs every task here, one after the other (one worker, or tiny corpora)."""

    name = "inline"
    workers = 1

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]:
        for i, item in enumerate(items):
            with collector.running():
                result = fn(item)
            yield i, result

    def close(self) -> None:
        return None


def _start_worker() -> None:
    die_with_parent()
    collector.start_worker()


class LocalExecutor:
    """A pool of ``workers`` processes on this machine; at most ``2 × workers`` tasks are in flight, so a
    large corpus is never all queued (and pickled) at once."""

    name = "local"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context(method),
                                         initializer=_start_worker)

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]:
        pending: dict[Future[R], int] = {}
        queue = iter(enumerate(items))
        collector.freeze()  # the pool forks its workers at the first submit
        try:
            while True:
                while len(pending) < 2 * self.workers:
                    nxt = next(queue, None)
                    if nxt is None:
                        break
                    pending[self._pool.submit(fn, nxt[1])] = nxt[0]
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield pending.pop(fut), fut.result()
        finally:
            for fut in pending:
                fut.cancel()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks on a Dask distributed cluster (``distributed.Client(scheduler)``).

    The workers must have libgraph, its dependencies and the spaCy model installed, and see the
    extraction cache folder at the same path (shared storage). A task whose worker dies is run again
    on another worker, up to ``retries`` times; tasks are idempotent (outputs are named by content
    hash and written by atomic rename), so a retried or duplicated task is harmless."""

    name = "dask"

    def __init__(self, scheduler: str, retries: int = 3) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise SettingsError("the dask executor needs the 'dask' and 'distributed' packages: "
                                "pip install 'libgraph[dask]'") from None
        try:
            self._client = Client(scheduler, timeout="30s", set_as_default=False)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise SettingsError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from exc
        info = self._client.scheduler_info()
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))
        self.retries = retries

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]:
        from distributed import as_completed

        # the client's event loop runs in a thread of this process for as long as the tasks run, making
        # garbage in cycles: the collector stays on meanwhile (see collector)
        with self._client.as_current(), collector.running():
            futures = self._client.map(fn, list(items), retries=self.retries, pure=False)
            index = {f.key: i for i, f in enumerate(futures)}
            for fut in as_completed(futures):  # type: ignore[no-untyped-call]
                yield index[fut.key], fut.result()
                fut.release()

    def close(self) -> None:
        self._client.close()  # type: ignore[no-untyped-call]


def make_executor(kind: str, workers: int, scheduler: str = "", tasks: int | None = None) -> Executor:
    """The executor a build asked for; ``local`` with one worker (or one task) runs inline."""
    if kind == "dask":
        if not scheduler:
            raise SettingsError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        return DaskExecutor(scheduler)
    if kind != "local":
        raise SettingsError(f"unknown executor {kind!r}; choose 'local' or 'dask'")
    n = workers if workers > 0 else (os.cpu_count() or 1)
    if n <= 1 or (tasks is not None and tasks <= 1):
        return InlineExecutor()
    return LocalExecutor(n)

