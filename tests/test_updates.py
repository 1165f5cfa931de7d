"""Writes to a writable server are never lost: not by a rebuild beside it, not by a crash."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pyoxigraph as ox

from libgraph import Settings, build

from .conftest import CORPUS, running_server, until

TOKEN = "a-test-token-of-enough-length"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_ARTICLE = ("Ostland library news\n\nThe Ostland National Library signed a memorandum of cooperation with "
               "the Vesper State Archive.\n")


def _write(url: str, n: int) -> None:
    update = (f'INSERT DATA {{ GRAPH <https://example.org/notes> {{ <https://example.org/n{n}> '
              f'<https://example.org/says> "note {n}" }} }}')
    r = httpx.post(url + "/sparql", data={"update": update}, headers=AUTH, timeout=60)
    assert r.status_code == 204, r.text


def _notes(url: str) -> set[str]:
    q = 'SELECT ?t WHERE { GRAPH <https://example.org/notes> { ?n <https://example.org/says> ?t } }'
    rows = httpx.get(url + "/sparql", params={"query": q}, timeout=60).json()["results"]["bindings"]
    return {r["t"]["value"] for r in rows}


def _ask(url: str, query: str) -> bool:
    return bool(httpx.get(url + "/sparql", params={"query": query}, timeout=60).json()["boolean"])


def test_writes_survive_rebuilds_beside_the_server_and_a_kill(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "build"
    settings = Settings.load(env={}, corpus=corpus, out=out, cache_dir=tmp_path / "cache")
    build(settings)
    env = {"LIBGRAPH_UPDATE_TOKEN": TOKEN}
    new_article = 'ASK { ?a lg:sourcePath "ostland.txt" }'
    with running_server("--build-dir", str(out), env=env) as (url, _proc):
        _write(url, 1)
        (corpus / "ostland.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        build(settings)  # beside the writable server
        assert until(lambda: _ask(url, new_article)), "the server did not switch to the new build"
        assert _notes(url) == {"note 1"}
        _write(url, 2)
        (corpus / "ostland.txt").unlink()
        build(settings)
        assert until(lambda: not _ask(url, new_article))
        _write(url, 3)
        assert _notes(url) == {"note 1", "note 2", "note 3"}
    # running_server stopped it; the same again with kill -9
    with running_server("--build-dir", str(out), env=env) as (url, proc):
        assert _notes(url) == {"note 1", "note 2", "note 3"}
        _write(url, 4)
        proc.kill()
        proc.wait(timeout=10)
    with running_server("--build-dir", str(out), env=env) as (url, _proc):
        assert _notes(url) == {"note 1", "note 2", "note 3", "note 4"}
    # both the build's store and the working copy open, and the command line reads the build
    assert len(ox.Store.read_only(str(out / "store"))) > 0
    done = subprocess.run([sys.executable, "-m", "libgraph", "query", "--build-dir", str(out),
                           "ASK { ?s ?p ?o }"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "true", done.stderr
