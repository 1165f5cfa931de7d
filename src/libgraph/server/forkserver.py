"""Imported by multiprocessing's fork server alone (``pool.FORK_SERVER_PRELOAD``), never by the server.

The fork server starts each query worker; preloading the evaluation code (and Oxigraph) there
makes a new worker cost a fork instead of an interpreter start. The fork server is to die with the
server that started it, and its workers with it: importing this module arranges that.
"""

from __future__ import annotations

from ..processes import die_with_parent
from . import evaluate, pool

__all__ = ["evaluate", "pool"]

die_with_parent()
