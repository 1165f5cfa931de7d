"""The pool of query worker processes, so a query past its time limit can be stopped.

pyoxigraph cannot cancel a running query, so every query runs in one of a pool of worker
processes, each with the store open read-only (several processes can read one store). The server
waits for the answer off the event loop; when the time limit passes it kills that worker — which
frees its CPU at once — answers with a timeout error, and starts a replacement. Other queries keep
running on the other workers meanwhile. What a worker does with a request is ``evaluate.handle``.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import pickle
import struct
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from ..errors import EngineError, QueryTimeout
from ..processes import die_with_parent, limit_memory
from .evaluate import handle, open_source
from .requests import QueryResponse, Request, Source
from .updatelog import UpdateLog, is_write

SLOW_QUERY = 0.5  # seconds: under overload, queries running longer may be stopped for new ones
FORK_SERVER_PRELOAD = "libgraph.server.forkserver"  # imported by the fork server alone (see there)


def _frame(buffer: bytearray) -> tuple[int | None, int]:
    """``(payload size, payload offset)`` of a multiprocessing frame, once its header has arrived."""
    if len(buffer) < 4:
        return None, 0
    (size,) = struct.unpack("!i", buffer[:4])
    if size != -1:
        return size, 4
    if len(buffer) < 12:
        return None, 0
    (big,) = struct.unpack("!Q", buffer[4:12])
    return big, 12


def _worker_main(conn: Connection, source: Source, union_default_graph: bool, memory_mb: int = 0,
                 parent: int = 0) -> None:
    if parent:
        die_with_parent()
    limit_memory(memory_mb)
    try:
        store = open_source(source)
    except (OSError, SyntaxError, EngineError) as exc:
        conn.send(EngineError(f"cannot open {source}: {exc}"))
        return
    log = UpdateLog(source.updates) if source.writable and source.updates is not None else None
    conn.send("ready")
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        if req is None:
            return
        answer = handle(store, req, union_default_graph)
        if log is not None and answer.status < 300 and is_write(req):
            log.append(req)  # on disk before the client is answered
        conn.send(answer)


class Worker:
    def __init__(self, ctx: Any, source: Source, union_default_graph: bool, generation: int = 0,
                 memory_mb: int = 0) -> None:
        self.generation = generation
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main,
                                   args=(child, source, union_default_graph, memory_mb, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        hello = self.conn.recv()
        if isinstance(hello, Exception):
            self.kill()
            raise hello

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _context() -> Any:
    """A fork server where there is one (a new worker costs ~30 ms: it is forked from a process that
    has already imported Oxigraph), else spawn (~300 ms). Never plain fork: the server has threads."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload([FORK_SERVER_PRELOAD])
        return ctx
    return mp.get_context("spawn")


class WorkerPool:
    """``size`` worker processes answering queries; ``execute`` never blocks the event loop."""

    def __init__(self, source: Source, size: int = 2, *, union_default_graph: bool = True,
                 max_size: int | None = None, memory_mb: int = 0, max_slow: int | None = None) -> None:
        self.source = source
        self.max_slow = max_slow if max_slow is not None else max(1, (os.cpu_count() or 2) - 1)
        self.memory_mb = memory_mb
        self.size = size
        # when every worker is busy (long queries), up to max_size run at once, so a cheap query
        # does not wait behind slow ones; the operating system shares the CPU between them
        self.max_size = max(size, max_size if max_size is not None else size)
        self.union_default_graph = union_default_graph
        self._ctx = _context()
        self._threads = ThreadPoolExecutor(max_workers=self.max_size * 2 + 2, thread_name_prefix="libgraph-query")
        self._spawning = 0
        self._busy: dict[Worker, float] = {}
        self._shed: set[Worker] = set()
        self.shed = 0
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        self.timeouts = 0
        self.restarts = 0
        self.generation = 0
        self.reloads = 0
        self._tasks: set[asyncio.Future[None]] = set()

    def _spawn(self) -> Worker:
        """A new worker (in a thread: it waits for the worker to open the store). It joins ``_all`` on the
        event loop (:meth:`_enlist`), in the same step that stops counting it as spawning, so that
        ``running`` and ``_spawning`` never count one worker twice."""
        return Worker(self._ctx, self.source, self.union_default_graph, self.generation, self.memory_mb)

    def _enlist(self, worker: Worker) -> None:
        self._all.add(worker)
        self._idle.put_nowait(worker)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(loop.run_in_executor(self._threads, self._spawn)
                                         for _ in range(self.size)))
        for w in workers:
            self._enlist(w)

    async def _replace(self, worker: Worker) -> None:
        same = worker.generation == self.generation
        await self._succeed(worker, respawn=same)
        self.restarts += 1

    async def _succeed(self, worker: Worker, *, respawn: bool = True) -> None:
        """Stop ``worker`` and start its successor. The successor counts as spawning from the moment
        the worker leaves the pool, so a request meanwhile never starts one more: a writable pool
        keeps exactly one worker, the owner of the working copy."""
        loop = asyncio.get_running_loop()
        if respawn:
            self._spawning += 1
        self._all.discard(worker)
        try:
            await loop.run_in_executor(self._threads, worker.kill)
            if respawn:
                self._enlist(await loop.run_in_executor(self._threads, self._spawn))
        finally:
            if respawn:
                self._spawning -= 1

    async def _receive(self, worker: Worker) -> Any:
        """The worker's answer, read on the event loop as its bytes arrive (no thread, no blocking).

        The frame is multiprocessing's: a 4-byte big-endian length (or -1 and an 8-byte length),
        then the pickled answer."""
        loop = asyncio.get_running_loop()
        fd = worker.conn.fileno()
        buffer = bytearray()
        done: asyncio.Future[bytes] = loop.create_future()

        def readable() -> None:
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:
                return
            except OSError as exc:
                if not done.done():
                    done.set_exception(exc)
                return
            if not chunk:
                if not done.done():
                    done.set_exception(EOFError("the worker closed its pipe"))
                return
            buffer.extend(chunk)
            size, start = _frame(buffer)
            if size is not None and len(buffer) >= start + size and not done.done():
                done.set_result(bytes(buffer[start : start + size]))

        was_blocking = os.get_blocking(fd)
        os.set_blocking(fd, False)
        loop.add_reader(fd, readable)
        try:
            payload = await done
        finally:
            loop.remove_reader(fd)
            os.set_blocking(fd, was_blocking)
        return pickle.loads(payload)

    def _background(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def running(self) -> int:
        return len(self._all)

    async def reload(self) -> None:
        """Serve a new store at the same path (a rebuild swapped it in): start a generation of
        workers on it; workers of the old one finish the query they run, then stop. No request
        is lost: until the new workers are up, the old ones keep answering from the old store."""
        loop = asyncio.get_running_loop()
        if self.source.writable:
            # the one worker owns the working copy: it finishes what it runs, then the new one copies the
            # new store and replays every write (requests wait meanwhile, none is lost)
            worker = await self._take(3600.0)
            self.generation += 1
            await self._succeed(worker)
            self.reloads += 1
            return
        self.generation += 1
        fresh = await asyncio.gather(*(loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size)))
        for w in fresh:
            self._enlist(w)
        self.reloads += 1

    def _release(self, worker: Worker) -> None:
        if worker.generation == self.generation:
            self._idle.put_nowait(worker)
        else:
            self._all.discard(worker)
            self._background(asyncio.get_running_loop().run_in_executor(self._threads, worker.kill))

    async def watch_slow_queries(self) -> None:
        """Keep at most ``max_slow`` queries running past SLOW_QUERY seconds: the CPU the others need
        is not all taken by long queries. Beyond that, the newest long query is stopped (503)."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(0.1)
            now = loop.time()
            slow = sorted((started, w) for w, started in self._busy.items()
                          if now - started > SLOW_QUERY and w not in self._shed)
            for _started, worker in slow[self.max_slow:]:
                self._shed.add(worker)
                self.shed += 1
                if worker.process.is_alive():
                    worker.process.kill()

    def _shed_slowest(self, now: float) -> None:
        """Overload: every worker runs a query. Stop the one running longest, if it has run longer
        than SLOW_QUERY seconds, so new requests (mostly cheap) are answered; its client gets 503."""
        slow = [(started, w) for w, started in self._busy.items()
                if now - started > SLOW_QUERY and w not in self._shed]
        if slow:
            _started, worker = min(slow, key=lambda x: x[0])
            self._shed.add(worker)
            self.shed += 1
            if worker.process.is_alive():
                worker.process.kill()

    async def _grow(self) -> None:
        self._spawning += 1
        try:
            self._enlist(await asyncio.get_running_loop().run_in_executor(self._threads, self._spawn))
        except (OSError, EngineError, EOFError):
            pass
        finally:
            self._spawning -= 1

    async def _take(self, timeout: float) -> Worker:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise QueryTimeout(f"every query worker stayed busy for the {timeout:g} s limit; try again")
            try:
                # a worker free at once, or within 50 ms; else start one more (up to max_size)
                worker = await asyncio.wait_for(self._idle.get(), min(remaining, 0.05))
            except TimeoutError:
                if len(self._all) + self._spawning < self.max_size:
                    self._background(self._grow())
                else:
                    self._shed_slowest(loop.time())
                try:
                    worker = await asyncio.wait_for(self._idle.get(), max(0.001, deadline - loop.time()))
                except TimeoutError:
                    raise QueryTimeout(f"every query worker stayed busy for the {timeout:g} s limit; "
                                       f"try again") from None
            if worker.generation == self.generation:
                return worker
            self._release(worker)  # an idle worker of a replaced store: stop it

    async def execute(self, req: Request, timeout: float) -> QueryResponse:
        loop = asyncio.get_running_loop()
        started = loop.time()
        worker = await self._take(timeout)
        remaining = max(0.001, timeout - (loop.time() - started))
        self._busy[worker] = loop.time()
        try:
            worker.conn.send(req)
            answer = await asyncio.wait_for(self._receive(worker), remaining)
        except TimeoutError:
            self.timeouts += 1
            self._background(self._replace(worker))
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped") from None
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._background(self._replace(worker))
            if worker in self._shed:
                self._shed.discard(worker)
                raise QueryTimeout("the server is overloaded: this long query was stopped to answer others; "
                                   "try again later") from None
            raise EngineError(f"the query worker stopped unexpectedly: {exc}") from exc
        finally:
            self._busy.pop(worker, None)
        self._release(worker)
        if not isinstance(answer, QueryResponse):
            raise EngineError(f"unexpected answer from a query worker: {answer!r}")
        return answer

    async def close(self) -> None:
        for worker in list(self._all):
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
