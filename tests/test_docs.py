"""The README's example is executed: its query gives the answer it shows."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from libgraph.build import BuildResult
from libgraph.cli import main

pytestmark = pytest.mark.slow
README = Path(__file__).resolve().parents[1] / "README.md"


def test_docs_readme_example_query_answers_as_shown(seed_build: BuildResult) -> None:
    text = README.read_text(encoding="utf-8")
    query = re.search(r"libgraph query '(.*?)'\n```", text, re.S)
    assert query is not None
    shown = re.search(r"answers \(sentences shortened here\):\n\n```\n(.*?)```", text, re.S)
    assert shown is not None
    rows = [line.split("|") for line in shown.group(1).splitlines()[2:] if "|" in line]
    expected = [(r[0].strip(), r[2].strip()) for r in rows]
    res = CliRunner().invoke(main, ["query", "--build-dir", str(seed_build.out), "--format", "csv", query.group(1)])
    assert res.exit_code == 0, res.output
    got = list(csv.DictReader(io.StringIO(res.output)))
    assert len(got) == len(expected)
    for row, (partner, source) in zip(got, expected, strict=True):
        assert row["partner"].startswith(partner.rstrip("…")) and row["source"].endswith(source.split("/")[-1])
