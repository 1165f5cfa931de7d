"""The package root: a curated public API that is cheap to import."""

from __future__ import annotations

import subprocess
import sys

import libgraph


def test_exported_members_are_the_public_api() -> None:
    public = {name for name in dir(libgraph) if not name.startswith("_")}
    assert set(libgraph.__all__) - {"__version__"} == public
    for name in libgraph.__all__:
        member = getattr(libgraph, name)
        if name != "__version__":
            assert member.__module__.startswith("libgraph."), name


def test_exported_members_importing_the_root_loads_no_stage() -> None:
    code = ("import sys, libgraph, libgraph.config, libgraph.cli; "
            "print(sorted(m for m in ('libgraph.build', 'libgraph.shards', 'libgraph.resolve', 'libgraph.nlp', "
            "'rdflib', 'spacy', 'pyshacl', 'pyoxigraph') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_exported_members_version_is_the_installed_one() -> None:
    from importlib.metadata import version

    assert libgraph.__version__ == version("libgraph")
