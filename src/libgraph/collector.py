"""Python's cyclic garbage collector during a build.

A build holds every article's extraction and the corpus's resolution in its main process: millions of
long-lived objects, which each full collection walks again (at 10,000 articles a third of an
incremental build's time). The build's own objects are freed by reference counting; so, as Python's
documentation advises for a process that forks workers (``gc.freeze``), the main process pauses the
collector for the build, freezes what it holds before starting workers, and the workers collect as
usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _collecting(on: bool) -> Iterator[None]:
    """The collector on or off for a block, then as it was."""
    was_enabled = gc.isenabled()
    _switch(on)
    try:
        yield
    finally:
        _switch(was_enabled)


def _switch(on: bool) -> None:
    if on:
        gc.enable()
    else:
        gc.disable()


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection in this process until the block ends; then what was frozen is collectable
    again, and the collector as it was."""
    with _collecting(False):
        try:
            yield
        finally:
            gc.unfreeze()


def running() -> contextlib.AbstractContextManager[None]:
    """The collector on for a block (a task run in the build's own process makes its own garbage)."""
    return _collecting(True)


def freeze() -> None:
    """Before forking workers, while paused: the objects alive now are left out of every collection
    until the pause ends, so no worker walks them (nor copies the pages they sit on)."""
    if not gc.isenabled():
        gc.freeze()


def start_worker() -> None:
    """In a forked worker: collect as usual (the parent's objects are frozen)."""
    gc.enable()
