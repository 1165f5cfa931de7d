"""Several server processes on one socket, each replaced when it exits (``query_isolation = "thread"``).

The supervisor binds the listening socket, then forks ``processes`` servers that all accept on it.
Each builds its own application (``make_app``), evaluates queries in its own threads
(``threads.ThreadEngine``) and caps its own memory. A server whose query passed the time limit stops
accepting, answers what it has accepted, and exits; one that fails (its memory cap, a crash) exits
too. Either way the supervisor forks a replacement at once, while the others keep answering.
The supervisor itself never opens the store and starts no thread, so forking from it is safe.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from typing import Any

from ..errors import ServeError
from ..processes import die_with_parent, limit_memory

RESTARTS_BEFORE_GIVING_UP = 5  # servers in a row that exit within STARTUP_SECONDS of starting: a broken set-up
STARTUP_SECONDS = 2.0
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def listen(host: str, port: int, backlog: int) -> socket.socket:
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror}): pass --port with a free one") from exc
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def _serve_one(sock: socket.socket, make_app: Callable[[Callable[[], None]], Any], uvicorn_options: dict[str, Any],
               memory_mb: int) -> None:
    """A server process: its application, its threads, until it retires or is told to stop."""
    import uvicorn

    die_with_parent()
    limit_memory(memory_mb)
    holder: dict[str, uvicorn.Server] = {}

    def retire() -> None:  # called on the event loop: stop accepting, answer what was accepted, exit
        holder["server"].should_exit = True

    config = uvicorn.Config(make_app(retire), **uvicorn_options)
    server = uvicorn.Server(config)
    holder["server"] = server
    server.run(sockets=[sock])


def supervise(host: str, port: int, processes: int, make_app: Callable[[Callable[[], None], int], Any],
              uvicorn_options: dict[str, Any], memory_mb: int = 0,
              on_exit: Callable[[int], None] = lambda slot: None) -> None:
    """Run ``processes`` servers on ``host:port`` until SIGINT or SIGTERM, replacing each that exits.
    Each has a slot number (``make_app(retire, slot)``); ``on_exit(slot)`` is called when one exits."""
    sock = listen(host, port, uvicorn_options.get("backlog", 2048))
    children: dict[int, tuple[int, float]] = {}
    stopping = False
    quick_exits = 0
    grace = float(uvicorn_options.get("timeout_graceful_shutdown") or 5)
    deadline = 0.0  # once stopping: when servers still running are killed

    def spawn(slot: int) -> None:
        # the stop signals wait until the child has its own handlers (else it would run the supervisor's)
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
                _serve_one(sock, lambda retire: make_app(retire, slot), uvicorn_options, memory_mb)
            except BaseException as exc:
                print(f"libgraph: server process {os.getpid()} failed: {exc}", file=sys.stderr)
                code = 1
            finally:
                sys.stderr.flush()
                os._exit(code)  # ends a runaway query's thread with the process
        children[pid] = (slot, time.monotonic())
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    def stop(_signum: int, _frame: Any) -> None:
        nonlocal stopping, deadline
        if not stopping:
            stopping = True
            deadline = time.monotonic() + grace + 5
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for slot in range(processes):
        spawn(slot)
    try:
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                if stopping and time.monotonic() > deadline:  # a server that does not finish: end it
                    for left in list(children):
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(left, signal.SIGKILL)
                time.sleep(0.05)
                continue
            child = children.pop(pid, None)
            if stopping or child is None:
                continue
            slot, started = child
            on_exit(slot)
            failed = os.waitstatus_to_exitcode(status) != 0
            quick_exits = quick_exits + 1 if failed and time.monotonic() - started < STARTUP_SECONDS else 0
            if quick_exits >= RESTARTS_BEFORE_GIVING_UP:
                stop(signal.SIGTERM, None)
                raise ServeError(f"{quick_exits} server processes in a row failed as they started; "
                                 f"see the messages above")
            spawn(slot)
    except ChildProcessError:
        pass
    finally:
        sock.close()
