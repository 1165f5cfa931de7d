"""Queries evaluated in the server's own threads, for ``query_isolation = "thread"``.

pyoxigraph releases the interpreter lock while it evaluates, so queries in several threads of one
process run in parallel, and a query costs no hand-off to another process (about half a millisecond
per query with the worker pool). What a thread cannot do is stop a query: pyoxigraph has no way to
cancel one. So a query past its time limit is answered with the timeout error at the limit, and the
process *retires*: ``on_runaway`` is called, the server stops accepting connections, answers what it
has already accepted and exits, which ends the runaway query; ``supervisor`` starts a replacement,
and the other server processes sharing the socket keep answering meanwhile (the model of gunicorn's
worker timeout).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox

from ..errors import QueryTimeout
from .evaluate import handle, open_source
from .pool import SLOW_QUERY
from .requests import QueryResponse, Request, Source


class SlowQueries:
    """How many queries run past SLOW_QUERY seconds in all the server processes, against ``limit``:
    beyond it a long query is stopped (503) so that the CPU is left for short ones. Each process counts
    in its own slot of shared memory, made before the processes are forked; the supervisor clears the
    slot of a process that exits, whose queries ended with it."""

    def __init__(self, processes: int, limit: int) -> None:
        self.limit = limit
        self._counts: Any = mp.get_context("fork").Array("i", processes)
        self.slot = 0

    def in_slot(self, slot: int) -> SlowQueries:
        """This process's view (called in the server process, after the fork): it counts in ``slot``."""
        self.slot = slot
        return self

    def clear(self, slot: int) -> None:
        with self._counts.get_lock():
            self._counts[slot] = 0

    def try_add(self) -> bool:
        with self._counts.get_lock():
            if sum(self._counts) >= self.limit:
                return False
            self._counts[self.slot] += 1
            return True

    def remove(self) -> None:
        with self._counts.get_lock():
            self._counts[self.slot] = max(0, self._counts[self.slot] - 1)


class ThreadEngine:
    """The engine (``endpoint.Engine``) of one server process: ``threads`` queries at once over the
    store opened read-only in this process."""

    def __init__(self, source: Source, threads: int, *, union_default_graph: bool = True,
                 on_runaway: Callable[[], None] = lambda: None, slow: SlowQueries | None = None) -> None:
        if source.writable:
            raise ValueError("a writable store has one owner: serve it with query_isolation = 'process'")
        self.source = source
        self.size = threads
        self.union_default_graph = union_default_graph
        self.on_runaway = on_runaway
        self.restarts = 0  # this process is the one that is replaced: see the supervisor's count
        self.retiring = False
        self.slow = slow or SlowQueries(1, 1)
        self._threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="libgraph-query")
        self._store: ox.Store | None = None
        self._running: dict[asyncio.Future[None], float] = {}  # each running query's stop signal: its start
        self._counted: set[asyncio.Future[None]] = set()  # those counted in ``slow``

    async def start(self) -> None:
        self._store = await asyncio.get_running_loop().run_in_executor(self._threads, open_source, self.source)

    async def reload(self) -> None:
        """A rebuild swapped a new store in at the same path: queries from now on read it; those running
        finish on the old one, which is closed when the last of them lets it go."""
        await self.start()

    async def watch_slow_queries(self) -> None:
        """Keep at most ``slow.limit`` queries of all the processes running past SLOW_QUERY seconds: a
        long query beyond them is answered 503 at once, and its process retires."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(0.1)
            now = loop.time()
            for stop, started in sorted(self._running.items(), key=lambda item: item[1]):
                if now - started <= SLOW_QUERY or stop in self._counted or stop.done():
                    continue
                if self.slow.try_add():
                    self._counted.add(stop)
                else:
                    stop.set_result(None)

    def _retire(self) -> None:
        if not self.retiring:
            self.retiring = True
            self.on_runaway()

    async def execute(self, req: Request, timeout: float) -> QueryResponse:
        store = self._store
        if store is None:
            raise RuntimeError("the engine was not started")
        loop = asyncio.get_running_loop()
        running = loop.run_in_executor(self._threads, handle, store, req, self.union_default_graph)
        stop: asyncio.Future[None] = loop.create_future()
        self._running[stop] = loop.time()
        try:
            # at the limit (or when stopped for others) the client is answered; the evaluation runs on
            waiting: set[asyncio.Future[Any]] = {running, stop}
            done, _pending = await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            del self._running[stop]
        if running in done:
            if stop in self._counted:
                self._counted.discard(stop)
                self.slow.remove()
            return running.result()
        self._retire()  # the query runs on in its thread until this process exits (still counted as slow)
        if stop in done:
            raise QueryTimeout("the server is overloaded: this long query was stopped to answer others; "
                               "try again later")
        raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped")

    async def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
