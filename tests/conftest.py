"""Shared fixtures: the real pipeline, a helper that extracts one text, and a built seed corpus."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(seed_build: BuildResult) -> Iterator[str]:
    """A real endpoint over the seed build, in its own process: yields its base URL."""
    import subprocess
    import sys
    import time

    import httpx

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "libgraph", "serve", "--build-dir", str(seed_build.out), "--port", str(port),
         "--workers", "2", "--query-timeout", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("the endpoint did not start: " + proc.stdout.read().decode() if proc.stdout else "")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    if proc.stdout:
        proc.stdout.close()
