"""Rebuilds in the background: after a correction made from the web page, the served build is built
again (in its own process, from the corpus and with the settings it was built with) and the server
switches to it as it does for any rebuild (``Endpoint.watch_store``).

Corrections arriving while a rebuild runs are all in the curation file already: one more rebuild
follows, never two at once. The build reuses what its cache holds, so it reads again only what the
correction touches.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings


@dataclass
class Rebuild:
    """What a rebuild did: when, how it ended, the end of its output."""

    started: float
    finished: float | None = None
    returncode: int | None = None
    output: str = ""


@dataclass
class Rebuilder:
    settings: Settings
    corpus: Path
    curation: Path
    build_options: list[str] = field(default_factory=list)
    history: list[Rebuild] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None
    _again: bool = False

    @classmethod
    def for_build(cls, settings: Settings) -> Rebuilder:
        """The rebuilder of the build at ``settings.out``: its corpus, curation file, model and base IRI
        from its ``build-info.json`` (the settings' own where it has none)."""
        try:
            info: dict[str, Any] = json.loads((settings.out / "build-info.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        corpus = Path(info.get("corpus") or settings.corpus)
        curation = Path((info.get("curation") or {}).get("file") or settings.curation_path)
        options = ["--model", str(info.get("model") or settings.model),
                   "--base-iri", str(info.get("base_iri") or settings.base_iri)]
        return cls(settings, corpus, curation, options)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def request(self) -> None:
        """Rebuild soon: now, or once more after the rebuild that runs."""
        if self.running:
            self._again = True
            return
        self._task = asyncio.ensure_future(self._loop())

    async def _loop(self) -> None:
        while True:
            self._again = False
            await self._build_once()
            if not self._again:
                return

    async def _build_once(self) -> None:
        record = Rebuild(started=time.time())
        self.history = [*self.history[-9:], record]
        env = {**os.environ, "LIBGRAPH_CURATION": str(self.curation)}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "libgraph", "build", "--corpus", str(self.corpus), "--out", str(self.settings.out),
            "--cache-dir", str(self.settings.cache_dir), *self.build_options,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=env)
        out, _ = await proc.communicate()
        record.returncode = proc.returncode
        record.output = out.decode("utf-8", "replace")[-4000:]
        record.finished = time.time()

    def status(self) -> dict[str, Any]:
        last = self.history[-1] if self.history else None
        return {"running": self.running, "queued": self._again, "curation": str(self.curation),
                "last": None if last is None else {"started": last.started, "finished": last.finished,
                                                   "returncode": last.returncode, "output": last.output}}

    async def wait(self) -> None:
        while self.running:
            await asyncio.sleep(0.1)
