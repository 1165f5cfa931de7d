"""Messy corpora: every good article is built, every bad file is reported once with what was done."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from libgraph import Settings, build
from libgraph.cli import main
from libgraph.corpus import iter_articles
from libgraph.model import InputProblem

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
