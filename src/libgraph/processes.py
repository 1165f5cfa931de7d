"""Worker processes: what every worker process of libgraph (build or server) does first."""

from __future__ import annotations

import ctypes
import os
import signal


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
