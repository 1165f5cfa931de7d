"""A cached output's code is found from the stage's entry points, not from a hand-kept list."""

from __future__ import annotations

from pathlib import Path

import pytest

from libgraph.cache import EXTRACTION_CODE, READER_CODE
from libgraph.codehash import ROOT, CodeInputs, module_closure
from libgraph.shards import EMIT_CODE


def _package(tmp_path: Path) -> Path:
    root = tmp_path / "libgraph"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "entry.py").write_text("import json\nfrom .helper import f\n\n\ndef g():\n    from .sub import lazy\n")
    (root / "helper.py").write_text("from . import leaf\n\n\ndef f():\n    return 1\n")
    (root / "leaf.py").write_text("X = 1\n")
    (root / "sub" / "__init__.py").write_text("")
    (root / "sub" / "lazy.py").write_text("from ..leaf import X\n")
    (root / "unused.py").write_text("Y = 2\n")
    (root / "rules.json").write_text("[]")
    return root


def test_the_closure_follows_imports_at_module_level_and_inside_functions(tmp_path: Path) -> None:
    root = _package(tmp_path)
    names = [str(p.relative_to(root)) for p in module_closure(("libgraph.entry",), root)]
    assert names == ["__init__.py", "entry.py", "helper.py", "leaf.py", "sub/__init__.py", "sub/lazy.py"]


def test_editing_a_module_in_the_closure_changes_the_version_and_one_outside_does_not(tmp_path: Path) -> None:
    root = _package(tmp_path)
    inputs = CodeInputs(("libgraph.entry",), data=("*.json",))
    before = inputs.version(root)
    (root / "unused.py").write_text("Y = 3\n")
    assert inputs.version(root) == before
    (root / "sub" / "lazy.py").write_text("from ..leaf import X\nZ = X\n")
    after = inputs.version(root)
    assert after != before
    (root / "rules.json").write_text("[1]")
    assert inputs.version(root) != after


def test_an_entry_point_that_is_no_module_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"libgraph\.nowhere is not a module"):
        module_closure(("libgraph.nowhere",), _package(tmp_path))


def test_the_stages_cover_their_modules() -> None:
    extraction = {str(p.relative_to(ROOT)) for p in EXTRACTION_CODE.files()}
    assert {str(p.relative_to(ROOT)) for p in (ROOT / "nlp").rglob("*.py")} <= extraction
    assert {"extract.py", "names.py", "places.py", "dates.py", "nlp/patterns/posts.json"} <= extraction
    assert "server/app.py" not in extraction and "build.py" not in extraction
    emission = {str(p.relative_to(ROOT)) for p in EMIT_CODE.files()}
    assert {"shards.py", "rdf.py", "validate.py", "vocab.py", "model.py", "resolve.py"} <= emission
    assert {"corpus.py", "dates.py", "model.py"} <= {str(p.relative_to(ROOT)) for p in READER_CODE.files()}
