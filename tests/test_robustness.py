"""Messy corpora: every good article is built, every bad file is reported once with what was done."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from libgraph import Settings, build
from libgraph.cli import main
from libgraph.corpus import iter_articles
from libgraph.model import InputProblem

from .conftest import running_server

GOOD = "The Riga Central Library signed a memorandum with the Tartu City Library.\n"


def messy_corpus(root: Path, *, big: bool = False) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "bom-crlf.txt").write_bytes("\ufeffThe Oslo Public Library visited the\r\nBergen Public Library.\r\n"
                                        .encode("utf-8"))
    (root / "latin1.txt").write_bytes("La Bibliothèque nationale de France a reçu une délégation. "
                                      "The Bibliothèque nationale de France signed an agreement with the "
                                      "Library of Congress.".encode("latin-1"))
    (root / "cp1251.txt").write_bytes(("Национальная библиотека Беларуси подписала соглашение с "
                                       "Национальной библиотекой Казахстана в Минске.").encode("cp1251"))
    (root / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text("  \n\t\n", encoding="utf-8")
    (root / "page.txt").write_text("<html><head><script>alert(1)</script></head><body><p>The Lviv City Library "
                                   "visited the Krakow Public Library.</p></body></html>", encoding="utf-8")
    (root / "control.txt").write_text("The Vilnius City\x07 Library visited the\x1b Riga Central Library.\x00"
                                      .replace("\x00", ""), encoding="utf-8")
    (root / "long-line.txt").write_text("word " * 5000 + "\n", encoding="utf-8")
    os.mkfifo(root / "fifo.txt")
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    if big:
        with (root / "huge.txt").open("wb") as fh:
            fh.truncate(50 * 1024 * 1024)  # 50 MB (of NUL bytes) without writing them
    return root


def test_robustness_corpus_reports_each_bad_file_once(tmp_path: Path) -> None:
    corpus = messy_corpus(tmp_path / "c", big=True)
    problems: list[InputProblem] = []
    articles = {Path(a.source).name: a for a in iter_articles(corpus, problems=problems)}
    assert {"good.txt", "bom-crlf.txt", "latin1.txt", "cp1251.txt", "page.txt", "control.txt",
            "long-line.txt"} <= set(articles)
    assert "Bergen Public Library" in articles["bom-crlf.txt"].text and "\r" not in articles["bom-crlf.txt"].text
    assert "Bibliothèque nationale" in articles["latin1.txt"].text
    assert "Национальная библиотека" in articles["cp1251.txt"].text
    assert "alert" not in articles["page.txt"].text and "Krakow Public Library" in articles["page.txt"].text
    assert "\x07" not in articles["control.txt"].text
    reported = [(Path(p.source).name, p.action) for p in problems]
    names = [n for n, _ in reported]
    assert len(names) == len(set(names)), reported  # once each
    actions = dict(reported)
    assert actions["binary.txt"] == "skipped" and actions["empty.txt"] == "skipped"
    assert actions["blank.md"] == "skipped" and actions["fifo.txt"] == "skipped"
    assert actions["loop-a.txt"] == actions["loop-b.txt"] == actions["dangling.txt"] == "skipped"
    assert actions["huge.txt"] == "skipped"
    assert actions["latin1.txt"].startswith("decoded as") and actions["cp1251.txt"] == "decoded as cp1251"
    assert actions["page.txt"] == "read as text without its markup"
    reasons = {Path(p.source).name: p.reason for p in problems}
    assert "loop" in reasons["loop-a.txt"] and "broken" in reasons["dangling.txt"]
    assert "max_file_bytes" in reasons["huge.txt"]


@pytest.mark.slow
def test_robustness_build_finishes_and_keeps_good_articles(tmp_path: Path) -> None:
    corpus = messy_corpus(tmp_path / "c")
    out = tmp_path / "build"
    result = build(Settings.load(env={}, corpus=corpus, out=out))
    labels = {str(o) for o in Graph().parse(out / "graph.ttl").objects()}
    assert {"Riga Central Library", "Tartu City Library", "Bergen Public Library", "Krakow Public Library"} <= labels
    assert result.articles == 7
    assert len({p.source for p in result.problems}) == len(result.problems)
    res = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--out", str(tmp_path / "strict"), "--strict"])
    assert res.exit_code == 5 and not (tmp_path / "strict").exists()


def corpus_with_one_bad_article(tmp_path: Path, name: str, text: str) -> Path:
    """A corpus of the good article and one the pipeline cannot read (``name``)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def test_robustness_an_article_the_pipeline_fails_on_is_reported_and_the_rest_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import libgraph.extract

    real = libgraph.extract.extract

    def failing(doc, article):  # type: ignore[no-untyped-def]
        if "Broken" in article.text:
            raise KeyError("@visitors")  # what a rule's bug looks like
        return real(doc, article)

    monkeypatch.setattr(libgraph.extract, "extract", failing)
    corpus = corpus_with_one_bad_article(tmp_path, "broken.txt", "The Broken Library hosted a delegation.\n")
    (corpus / "other.txt").write_text("The Oslo Public Library visited the Bergen Public Library.\n", encoding="utf-8")
    settings = Settings.load(env={}, corpus=corpus, out=tmp_path / "build", cache_dir=tmp_path / "cache", jobs=1)
    result = build(settings)
    labels = {str(o) for o in Graph().parse(tmp_path / "build" / "graph.ttl").objects()}
    assert {"Riga Central Library", "Tartu City Library", "Bergen Public Library"} <= labels
    assert "Broken Library" not in labels
    [problem] = [p for p in result.problems if p.source.endswith("broken.txt")]
    assert "extraction failed" in problem.reason and "KeyError" in problem.reason
    monkeypatch.setattr(libgraph.extract, "extract", real)  # fixed: the next build reads it (it was not cached)
    again = build(Settings.load(env={}, corpus=corpus, out=tmp_path / "build", cache_dir=tmp_path / "cache"))
    assert not again.problems and again.extracted == 1
    assert "Broken Library" in {str(o) for o in Graph().parse(tmp_path / "build" / "graph.ttl").objects()}


def test_robustness_an_article_whose_reading_does_not_finish_is_reported_and_the_rest_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import libgraph.extract

    real = libgraph.extract.extract

    def looping(doc, article):  # type: ignore[no-untyped-def]
        while "Stuck" in article.text:  # what a rule that never finishes looks like
            time.sleep(0.01)
        return real(doc, article)

    monkeypatch.setattr(libgraph.extract, "extract", looping)
    corpus = corpus_with_one_bad_article(tmp_path, "stuck.txt", "The Stuck Library hosted a delegation.\n")
    settings = Settings.load(env={"LIBGRAPH_ARTICLE_SECONDS": "1"}, corpus=corpus, out=tmp_path / "build",
                             cache_dir=tmp_path / "cache", jobs=1)
    result = build(settings)  # (without the limit it would never return)
    labels = {str(o) for o in Graph().parse(tmp_path / "build" / "graph.ttl").objects()}
    assert {"Riga Central Library", "Tartu City Library"} <= labels and "Stuck Library" not in labels
    [problem] = [p for p in result.problems if p.source.endswith("stuck.txt")]
    assert "ArticleTooSlow" in problem.reason and "article_seconds=1" in problem.reason


@pytest.mark.slow
def test_robustness_killed_builds_leave_the_previous_build(tmp_path: Path) -> None:
    """SIGKILL at several moments of a rebuild: build/ is always a whole, servable build."""
    import signal
    import subprocess
    import sys

    import pyoxigraph as ox

    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"a{i}.txt").write_text(GOOD.replace("Riga", f"Town{i}"))
    out = tmp_path / "build"
    env = {**os.environ, "LIBGRAPH_CACHE_DIR": "off"}
    cmd = [sys.executable, "-m", "libgraph", "build", "--corpus", str(corpus), "--out", str(out)]
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    complete = {out / "graph.ttl": (out / "graph.ttl").read_bytes()}
    for delay in (0.4, 1.0, 1.7, 2.5, 3.3):
        (corpus / "new.txt").write_text(GOOD.replace("Riga", f"Delay{int(delay * 10)}"))
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        ttl = (out / "graph.ttl").read_bytes()
        assert len(Graph().parse(data=ttl.decode(), format="turtle")) > 0
        store = ox.Store.read_only(str(out / "store"))
        assert bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))
        del store
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    assert not list(tmp_path.glob(".build.new-*"))
    assert complete  # the first build was complete too


@pytest.mark.slow
def test_robustness_server_switches_to_a_rebuilt_graph_without_losing_requests(tmp_path: Path) -> None:
    import subprocess
    import sys
    import threading

    import httpx


    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD)
    out = tmp_path / "build"
    env = {**os.environ, "LIBGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    build_cmd = [sys.executable, "-m", "libgraph", "build", "--corpus", str(corpus), "--out", str(out)]
    subprocess.run(build_cmd, env=env, check=True, capture_output=True)
    ask = 'ASK { ?x <http://www.w3.org/2000/01/rdf-schema#label> "Bergen Public Library" }'
    statuses: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                statuses.append(client.get(url + "/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})
                                .status_code)

    with running_server("--build-dir", str(out), env=env) as (url, _server):
        assert httpx.get(url + "/sparql", params={"query": ask}).json()["boolean"] is False
        thread = threading.Thread(target=hammer)
        thread.start()
        (corpus / "b.txt").write_text("The Oslo Public Library visited the Bergen Public Library.\n")
        subprocess.run(build_cmd, env=env, check=True, capture_output=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if httpx.get(url + "/sparql", params={"query": ask}).json()["boolean"]:
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the server did not switch to the rebuilt graph")
        time.sleep(1)
        stop.set()
        thread.join()
    assert statuses and set(statuses) == {200}


@pytest.mark.slow
def test_robustness_script_in_an_article_is_escaped_on_pages(tmp_path: Path) -> None:
    import subprocess
    import sys

    import httpx


    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "x.txt").write_text('The Oslo Public Library signed an agreement with the Bergen Public Library '
                                  '<script>alert("x")</script> in 2020.\n')
    out = tmp_path / "build"
    env = {**os.environ, "LIBGRAPH_CACHE_DIR": "off"}
    subprocess.run([sys.executable, "-m", "libgraph", "build", "--corpus", str(corpus), "--out", str(out)],
                   env=env, check=True, capture_output=True)
    with running_server("--build-dir", str(out), env=env) as (url, _server):
        page = httpx.get(url + "/id/organization/oslo-public-library", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.text
        assert "<script>alert" not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        for path in ("/static/../../../etc/passwd", "/static/%2e%2e/%2e%2e/config.py", "/id/../../etc/passwd"):
            r = httpx.get(url + path)
            assert r.status_code in {400, 404} and "root:" not in r.text


@pytest.mark.slow
def test_robustness_workers_die_with_the_server(seed_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A server killed mid-query leaves no worker burning CPU."""
    with running_server("--build-dir", str(seed_build.out), "--query-timeout", "60") as (url, server):
        children = _kill_mid_query(url, server)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and [pid for pid in children if _running(pid)]:
        time.sleep(0.2)
    assert not [pid for pid in children if _running(pid)]


def _kill_mid_query(url: str, server: subprocess.Popen[bytes]) -> list[str]:
    """Start a long query, then SIGKILL the server; returns the pids it had below it."""
    import signal
    import threading

    import httpx

    slow = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } }"

    def ask() -> None:
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(url + "/sparql", params={"query": slow}, timeout=60)

    threading.Thread(target=ask, daemon=True).start()
    time.sleep(1.0)
    def descendants(pid: str) -> list[str]:
        kids = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
        return kids + [d for k in kids for d in descendants(k)]

    children = descendants(str(server.pid))  # workers, and the fork server they come from
    assert children
    server.send_signal(signal.SIGKILL)
    server.wait()
    return children


def _running(pid: str) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


W3C = Path(__file__).resolve().parent / "w3c"


def test_robustness_serve_data_with_relative_iris_resolves_them_against_the_file() -> None:
    """W3C subquery/sq05.rdf has relative IRIs: they resolve against the file (or --base), as oxigraph does."""
    import httpx

    data = W3C / "subquery" / "sq05.rdf"
    for extra, base in (((), data.resolve().as_uri()), (("--base", "http://example.org/base/"),
                                                        "http://example.org/base/")):
        with running_server("--data", str(data), *extra) as (url, _):
            res = httpx.get(url + "/sparql", params={"query": "SELECT ?o WHERE { ?s ?p ?o }"},
                            headers={"Accept": "application/sparql-results+json"})
            objects = {b["o"]["value"] for b in res.json()["results"]["bindings"]}
            assert base in objects, objects  # rdf:resource="" is the base itself


def test_robustness_serve_data_that_does_not_parse_names_the_file_and_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    res = CliRunner().invoke(main, ["serve", "--data", str(bad), "--port", "1"])
    assert res.exit_code == 6
    assert f"cannot parse {bad}" in res.output and "line 3 column 11" in res.output
    odd = tmp_path / "graph.xyz"
    odd.write_text("<a> <b> <c> .")
    res = CliRunner().invoke(main, ["serve", "--data", str(odd)])
    assert res.exit_code == 6 and "cannot tell the RDF format" in res.output


def test_robustness_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        data = W3C / "subquery" / "sq05.rdf"
        res = CliRunner().invoke(main, ["serve", "--data", str(data), "--port", str(port)])
    assert res.exit_code == 8
    assert f"cannot listen on 127.0.0.1:{port}" in res.output and "serving" not in res.output
