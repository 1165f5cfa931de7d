"""Worker processes: what every worker process of libgraph (build or server) does first."""

from __future__ import annotations

import ctypes
import os
import signal


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (0: no cap): a query that needs more fails in this process alone."""
    if megabytes <= 0:
        return
    try:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def die_with_parent() -> None:
    """Ask Linux to kill this worker process when its parent dies, even mid-task (no orphans left
    holding memory or burning CPU after the parent was killed)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)
