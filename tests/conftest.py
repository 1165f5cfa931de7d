"""Shared fixtures: the real pipeline, a helper that extracts one text, and a built seed corpus."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from spacy.language import Language

from libgraph import ArticleGraph, Settings, build, make_article
from libgraph.build import BuildResult
from libgraph.extract import extract
from libgraph.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(Settings.load(env={}).model)


Triple = tuple[str, str, str]


def triples(graph: ArticleGraph) -> set[Triple]:
    """``(subject name, predicate, object name or literal)`` for every statement."""
    ents = graph.entities
    return {(ents[s.subject].name, s.predicate, ents[s.object].name if s.object in ents else s.object)
            for s in graph.statements}


@pytest.fixture(scope="session")
def read(nlp: Language) -> Callable[..., ArticleGraph]:
    """Extract one text written for a test: ``read("A signed with B.", date="2023-05-01")``."""

    def _read(text: str, date: str | None = None) -> ArticleGraph:
        article = make_article(text, "test.txt", date=date)
        return extract(nlp(article.text), article)

    return _read


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("seed") / "build"
    return build(Settings.load(env={}, corpus=CORPUS, out=out, cache_dir=out.parent / "cache"))


def require_system(*tools: tuple[str, str]) -> None:
    """Skip the test when a program it drives is missing (``(executable, Debian package)`` pairs), saying how
    to install it; under ``CI=true`` the test fails instead (CI installs them: ``scripts/system-packages``)."""
    import shutil

    missing = list(dict.fromkeys(package for executable, package in tools if shutil.which(executable) is None))
    if not missing:
        return
    message = (f"not installed: {' '.join(missing)} (`make test` installs it when run as root; "
               f"or: sudo apt-get install {' '.join(missing)})")
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_serving(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll ``url`` until it answers 200; fail early if the server process ``proc`` has exited."""
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"no server answered at {url} within {timeout:.0f} s")
        time.sleep(0.2)


def stop(proc: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Ask a server process to stop; kill it if it has not within ``timeout`` seconds."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def running_server(*args: str, env: dict[str, str] | None = None,
                   capture: bool = False) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``libgraph serve ARGS`` in its own process on a free port: yields (base URL, process) once it
    answers /health, and stops it afterwards."""

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "libgraph", "serve", *args, "--port", str(port)],
                            env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + "/health", proc)
        yield url, proc
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def server(seed_build: BuildResult) -> Iterator[str]:
    """A real endpoint over the seed build, in its own process: yields its base URL."""
    with running_server("--build-dir", str(seed_build.out), "--workers", "2", "--query-timeout", "2") as (url, _):
        yield url


def until(check: Callable[[], object], seconds: float = 20.0, every: float = 0.2) -> bool:
    """Whether ``check()`` becomes true within ``seconds`` (asked every ``every`` seconds)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False
