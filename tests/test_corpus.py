from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from libgraph import corpus as corpus_module
from libgraph.cache import FileIndex, file_state
from libgraph.corpus import iter_articles, make_article, normalise_text
from libgraph.dates import find_date, sentence_date
from libgraph.model import InputProblem


def test_corpus_lines_of_a_paragraph_are_joined_paragraphs_kept() -> None:
    text = normalise_text("Staff of the National Library\nof Ruritania met.\r\n\r\nSecond   paragraph.\n")
    assert text == "Staff of the National Library of Ruritania met.\n\nSecond paragraph."


def test_corpus_headline_title_and_dateline_date() -> None:
    art = make_article("Librarians meet in Vilnius\n\nVILNIUS, 3 March 2021 — Librarians met.", "a.txt")
    assert art.title == "Librarians meet in Vilnius"
    assert art.date == "2021-03-03"
    assert art.id == make_article(art.text, "other-path.txt").id  # identity is the content


def test_corpus_reads_folder_jsonl_and_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One article.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Title here\n\nAnother article.\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "x1", "text": "Third article.", "date": "2020-01-02", "title": "T"}) + "\n"
        + "not json\n" + json.dumps({"id": "x2"}) + "\n", encoding="utf-8")
    (tmp_path / "d.txt").write_bytes("Caf\xe9 article.".encode("latin-1"))
    (tmp_path / "e.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "f.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "g.txt").write_text("One article.\n", encoding="utf-8")  # duplicate of a.txt
    problems: list[InputProblem] = []
    arts = list(iter_articles(tmp_path, problems=problems))
    texts = [a.text for a in arts]
    assert texts == ["One article.", "Title here\n\nAnother article.", "Third article.", "Café article."]
    assert arts[2].date == "2020-01-02" and arts[2].title == "T" and arts[2].source.endswith("c.jsonl#x1")
    actions = {(Path(p.source.split("#")[0]).name, p.action) for p in problems}
    assert actions == {("c.jsonl", "skipped"), ("d.txt", "decoded as cp1252"), ("e.txt", "skipped"),
                       ("f.txt", "skipped"), ("g.txt", "skipped")}


def test_file_index_does_not_open_unchanged_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The Riga Central Library opened a hall.\n", encoding="utf-8")
    (corpus / "b.txt").write_bytes("Caf\xe9 article.".encode("latin-1"))
    (corpus / "c.jsonl").write_text(json.dumps({"id": "x1", "text": "Third article."}) + "\nnot json\n")
    hour_ago = time.time() - 3600
    for f in corpus.iterdir():
        os.utime(f, (hour_ago, hour_ago))
    opened: list[str] = []
    read_file = corpus_module._read_file
    monkeypatch.setattr(corpus_module, "_read_file", lambda path, *a: opened.append(path.name) or read_file(path, *a))

    def read() -> tuple[list[str], set[tuple[str, str]], int]:
        index = FileIndex.open(tmp_path / "cache", corpus, 20_000_000)
        problems: list[InputProblem] = []
        texts = [a.text for a in iter_articles(corpus, problems=problems, index=index)]
        index.save()
        return texts, {(Path(p.source).name, p.action) for p in problems}, index.hits

    first = read()
    assert sorted(opened) == ["a.txt", "b.txt", "c.jsonl"] and first[2] == 0
    opened.clear()
    assert read() == (first[0], first[1], 3) and opened == []  # same articles and problems, no file opened
    assert ("b.txt", "decoded as cp1252") in first[1] and ("c.jsonl#2", "skipped") in first[1]

    # same size, same modification time, new content: the change time tells
    a = corpus / "a.txt"
    mtime = a.stat().st_mtime_ns
    a.write_text("The Riga Central Library closed a hall.\n", encoding="utf-8")
    os.utime(a, ns=(mtime, mtime))
    texts, _problems, hits = read()
    assert opened == ["a.txt"] and hits == 2 and "The Riga Central Library closed a hall." in texts

    # a file written just before it is read is read again next time (its time may not show a change)
    (corpus / "d.txt").write_text("A new article.\n", encoding="utf-8")
    read()
    opened.clear()
    read()
    assert opened == ["d.txt"]

    # a damaged index, or one of another max_file_bytes: every file is read again
    index_file = FileIndex.open(tmp_path / "cache", corpus, 20_000_000).path
    index_file.write_bytes(b"{not json")
    opened.clear()
    assert read()[0] == [*texts, "A new article."] and len(opened) == 4
    b_state = file_state((corpus / "b.txt").stat())
    assert FileIndex.open(tmp_path / "cache", corpus, 20_000_000).lookup("b.txt", b_state)
    assert FileIndex.open(tmp_path / "cache", corpus, 1000).lookup("b.txt", b_state) is None


def test_dates_precision_and_relative() -> None:
    assert find_date("YEREVAN, July 20, 2022 (AGENCY)") == "2022-07-20"
    assert find_date("TOKYO, October 2015 — Staff") == "2015-10"
    assert find_date("posted 2024-12-30 by") == "2024-12-30"
    assert sentence_date("The museum opened on 29 May.", "2023-06-01") == "2023-05-29"
    assert sentence_date("They met last year.", "2023-06-01") == "2022"
    assert sentence_date("It joined in 1994 as an observer.", None) == "1994"
    assert sentence_date("No date at all.", "2023-06-01") is None
