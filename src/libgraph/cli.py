"""The ``libgraph`` command: thin wrappers over the typed functions of the package."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

import click

from .config import ISOLATIONS, VALIDATORS, Settings
from .errors import (
    CorpusError,
    LibgraphError,
    ModelError,
    QueryError,
    ServeError,
    SettingsError,
    StoreError,
    ValidationFailed,
)

EXIT_CODES: dict[type[LibgraphError], int] = {
    SettingsError: 2,
    CorpusError: 3,
    ModelError: 4,
    ValidationFailed: 5,
    StoreError: 6,
    QueryError: 7,
    ServeError: 8,
}

F = TypeVar("F", bound=Callable[..., Any])


def _fail(exc: LibgraphError) -> None:
    click.echo(f"libgraph: error: {exc}", err=True)
    sys.exit(next((EXIT_CODES[cls] for cls in type(exc).__mro__ if cls in EXIT_CODES), 1))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="libgraph")
def main() -> None:
    """Build, validate, query and export knowledge graphs of libraries' international cooperation."""


CHOICES: dict[str, tuple[str, ...]] = {"executor": ("local", "dask"), "validator": VALIDATORS,
                                       "query_isolation": ISOLATIONS}
SHORT_FLAGS = {"jobs": "-j"}


def setting_options(*names: str) -> Callable[[F], F]:
    """Click options for these settings, from the settings table: flag, type, help text and default
    (``--min-confidence`` for ``min_confidence``; booleans as ``--x/--no-x``). An option left out keeps
    the variable or default (``Settings.load`` gets ``None``)."""
    table = {f.name: f for f in fields(Settings)}

    def decorate(f: F) -> F:
        for name in reversed(names):
            setting = table[name]
            flag = "--" + name.replace("_", "-")
            default = setting.default
            shown = "" if name in {"update_token", "backend_auth"} else f" [{default}]" if default != "" else ""
            help_text = f"{setting.metadata['help']}{shown}"
            decls = [flag, *([SHORT_FLAGS[name]] if name in SHORT_FLAGS else []), name]
            kind: Any
            if isinstance(default, bool):
                f = click.option(f"{flag}/--no-{flag[2:]}", name, default=None, help=help_text)(f)
                continue
            if name in CHOICES:
                kind = click.Choice(CHOICES[name])
            elif isinstance(default, Path):
                kind = click.Path(path_type=Path)
            else:
                kind = type(default)
            f = click.option(*decls, type=kind, default=None, help=help_text)(f)
        return f

    return decorate


@main.command("build")
@setting_options("corpus", "out", "model", "base_iri", "min_confidence", "strict", "cache_dir", "jobs", "executor",
                 "scheduler", "shard_size", "validator")
def build_cmd(**options: Any) -> None:
    """Build the graph from a corpus and publish it (Turtle, TriG, validation report, Oxigraph store)."""
    from .build import build

    try:
        settings = Settings.load(**options)
        if not sys.stderr.isatty():  # no progress bar in logs
            result = build(settings)
        else:
            with click.progressbar(length=0, label="Extracting", file=sys.stderr, show_pos=True) as bar:
                def progress(done: int, total: int) -> None:
                    bar.length = total
                    bar.update(done - bar.pos)

                result = build(settings, progress=progress)
    except LibgraphError as exc:
        _fail(exc)
        return
    click.echo(result.summary())


@main.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@setting_options("validator")
def validate_cmd(files: tuple[Path, ...], validator: str | None) -> None:
    """Validate RDF files against the libgraph shapes; exit 5 on violations."""
    from rdflib import Graph

    from .store import read_rdf
    from .validate import check, load_graph

    data = Graph()
    try:
        settings = Settings.load(validator=validator)
        for f in files:
            data += read_rdf(f)
        conforms, _report, violations = check(data, load_graph(settings.shapes), load_graph(settings.ontology),
                                              engine=settings.validator)
    except LibgraphError as exc:
        _fail(exc)
        return
    if conforms:
        click.echo(f"{len(data)} triples conform to the shapes.")
        return
    for v in violations:
        click.echo(v.line())
    click.echo(f"{len(violations)} violation(s).", err=True)
    sys.exit(EXIT_CODES[ValidationFailed])


def _store_option(f: F) -> F:
    return click.option("--build-dir", type=click.Path(path_type=Path), default=None,
                        help="Build folder holding store/ [build].")(f)


@main.command("query")
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "ttl", "nt", "jsonld", "xml"]),
              default="table", show_default=True,
              help="SELECT and ASK: table, csv, json; CONSTRUCT and DESCRIBE: ttl (also for table), nt, jsonld, xml.")
@_store_option
def query_cmd(sparql: str, fmt: str, build_dir: Path | None) -> None:
    """Run a SPARQL query against the built store (default graph = union of all articles).

    SPARQL may be the query text, @FILE to read it from a file, or - to read it from standard input."""
    from .store import format_result, open_store, run_query

    try:
        settings = Settings.load(out=build_dir)
        if sparql == "-":
            sparql = sys.stdin.read()
        elif sparql.startswith("@"):
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        store = open_store(settings.out / "store")
        text = format_result(run_query(store, sparql), fmt)
        click.echo(text, nl=not text.endswith("\n"))
    except LibgraphError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(QueryError(f"cannot read the query file: {exc}"))


@main.command("evaluate")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold annotations, one JSON file per article (docs/annotation.md).")
@click.argument("graph", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures, misses and false positives as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="List the missed and the wrong relations.")
@_store_option
def evaluate_cmd(gold_dir: Path, graph: Path | None, json_out: Path | None, verbose: bool,
                 build_dir: Path | None) -> None:
    """Score a graph (default: the build's graph.ttl) against gold annotations."""
    import json

    from .evaluate import Gold, evaluate

    try:
        settings = Settings.load(out=build_dir)
        graph = graph or settings.out / "graph.ttl"
        if not graph.exists():
            raise StoreError(f"no graph at {graph}; run `libgraph build` first or name a graph file")
        try:
            report = evaluate(graph, Gold.read(gold_dir))
        except (ValueError, KeyError, SyntaxError) as exc:
            raise CorpusError(f"cannot score {graph} against {gold_dir}: {exc}") from exc
        click.echo(report.text(verbose), nl=False)
        if json_out is not None:
            json_out.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except LibgraphError as exc:
        _fail(exc)


@main.group("curate")
def curate() -> None:
    """The corrections kept beside the corpus (curation.ttl): list them; reject or assert a fact; merge,
    separate or relabel entities."""


@curate.command("list")
@setting_options("corpus", "curation")
def curate_list(**options: Any) -> None:
    """List the curation file's rejections."""
    from .curation import read_curation

    try:
        settings = Settings.load(**options)
        curation = read_curation(settings.curation_path)
    except LibgraphError as exc:
        _fail(exc)
        return
    click.echo(f"{settings.curation_path}: {len(curation.rejections)} rejection(s), {len(curation.assertions)} "
               f"assertion(s), {len(curation.merges)} merge(s), {len(curation.separations)} separation(s), "
               f"{len(curation.overrides)} override(s)")
    for r in curation.rejections:
        click.echo(f"  reject  {r.subject} {r.predicate} {r.object}" + (f"  ({r.why})" if r.why else ""))
    for a in curation.assertions:
        click.echo(f"  assert  {a.subject} {a.predicate} {a.object}" + (f" on {a.date}" if a.date else "")
                   + f"  ({a.why})")
    for m in curation.merges:
        click.echo(f"  merge   {' '.join(m.merged)} into {m.keep}")
    for sep in curation.separations:
        click.echo(f"  separate from {sep.entity}: {', '.join(sep.names)}")
    for o in curation.overrides:
        click.echo(f"  override {o.entity}" + (f" label {o.label!r}" if o.label else "")
                   + (f" type {o.type}" if o.type else ""))


@curate.command("reject")
@click.argument("subject")
@click.argument("predicate")
@click.argument("object_")
@click.option("--who", default="", help="Who rejects it (prov:wasAttributedTo).")
@click.option("--why", default="", help="Why (rdfs:comment).")
@setting_options("corpus", "curation")
def curate_reject(subject: str, predicate: str, object_: str, who: str, why: str, **options: Any) -> None:
    """Reject a fact (SUBJECT and OBJECT: entity IRIs, or a value for founded and collectionSize) in
    every build from the next one on."""
    from .curation import add_rejection

    def append(path: Path) -> str:
        r = add_rejection(path, subject, predicate.removeprefix("lg:"), object_, who, why)
        return f"{r.subject} {r.predicate} {r.object}"

    _curate(options, "rejected", append)


def _curate(options: dict[str, Any], kind: str, append: Callable[[Path], str]) -> None:
    """Append one entry to the curation file (``append`` gets its path and says what it wrote), or fail."""
    try:
        settings = Settings.load(**options)
        said = append(settings.curation_path)
    except LibgraphError as exc:
        _fail(exc)
        return
    click.echo(f"{kind} in {settings.curation_path}: {said}; rebuild to apply it")


@curate.command("add")
@click.argument("subject")
@click.argument("predicate")
@click.argument("object_")
@click.option("--why", required=True, help="Where the fact is stated (rdfs:comment; the statement's evidence).")
@click.option("--date", default="", help="When it took place: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--source", default="", help="A URL of the document that states it (dcterms:source).")
@click.option("--who", default="", help="Who asserts it (prov:wasAttributedTo).")
@setting_options("corpus", "curation")
def curate_add(subject: str, predicate: str, object_: str, why: str, date: str, source: str, who: str,
               **options: Any) -> None:
    """Assert a fact the articles do not give (SUBJECT and OBJECT: entity IRIs, or a value for founded and
    collectionSize): every build publishes it, derived from the entry."""
    from .curation import add_assertion

    def append(path: Path) -> str:
        a = add_assertion(path, subject, predicate.removeprefix("lg:"), object_, why, who, date=date, source=source)
        return f"{a.subject} {a.predicate} {a.object}"

    _curate(options, "asserted", append)


@curate.command("merge")
@click.argument("keep")
@click.argument("merged", nargs=-1, required=True)
@click.option("--who", default="", help="Who merges them (prov:wasAttributedTo).")
@click.option("--why", default="", help="Why (rdfs:comment).")
@setting_options("corpus", "curation")
def curate_merge(keep: str, merged: tuple[str, ...], who: str, why: str, **options: Any) -> None:
    """Merge entities that are one thing: MERGED join KEEP, whose IRI stays (theirs become owl:sameAs it)."""
    from .curation import add_merge

    def append(path: Path) -> str:
        m = add_merge(path, keep, list(merged), who, why)
        return f"{', '.join(m.merged)} into {m.keep}"

    _curate(options, "merge", append)


@curate.command("separate")
@click.argument("entity")
@click.argument("names", nargs=-1, required=True)
@click.option("--who", default="", help="Who separates them (prov:wasAttributedTo).")
@click.option("--why", default="", help="Why (rdfs:comment).")
@setting_options("corpus", "curation")
def curate_separate(entity: str, names: tuple[str, ...], who: str, why: str, **options: Any) -> None:
    """Keep apart what was made one: the mentions of ENTITY named one of NAMES are another entity."""
    from .curation import add_separation

    def append(path: Path) -> str:
        sep = add_separation(path, entity, list(names), who, why)
        return f"{', '.join(sep.names)} apart from {sep.entity}"

    _curate(options, "separation", append)


@curate.command("override")
@click.argument("entity")
@click.option("--label", default="", help="The preferred label.")
@click.option("--type", "etype", default="", help="The entity type (Library, Organization, Person, Country, "
                                                  "City, Event).")
@click.option("--who", default="", help="Who overrides it (prov:wasAttributedTo).")
@click.option("--why", default="", help="Why (rdfs:comment).")
@setting_options("corpus", "curation")
def curate_override(entity: str, label: str, etype: str, who: str, why: str, **options: Any) -> None:
    """Give ENTITY the preferred label and/or type the build would not work out."""
    from .curation import add_override

    def append(path: Path) -> str:
        return add_override(path, entity, label, etype, who, why).entity

    _curate(options, "override", append)


@main.command("export")
@click.option("--format", "fmt",
              type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "xml", "csv", "gexf", "graphml"]),
              default="ttl", show_default=True,
              help="An RDF syntax; csv: one row per statement; gexf, graphml: the network.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [standard output].")
@_store_option
def export_cmd(fmt: str, output: Path | None, build_dir: Path | None) -> None:
    """Export the built graph: any RDF syntax (nq, trig and jsonld keep the article graphs; jsonld
    with a @context), the statements as CSV, or the network as GEXF or GraphML."""
    from .exports import export_as
    from .store import open_store

    try:
        settings = Settings.load(out=build_dir)
        store = open_store(settings.out / "store")
        if output is None:
            export_as(store, fmt, sys.stdout.buffer)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            tmp = output.with_name(output.name + ".part")
            try:
                with tmp.open("wb") as fh:
                    export_as(store, fmt, fh)
                tmp.replace(output)
            finally:
                tmp.unlink(missing_ok=True)
    except LibgraphError as exc:
        _fail(exc)


@main.command("stats")
@_store_option
def stats_cmd(build_dir: Path | None) -> None:
    """Counts of the built graph: articles, entities by class, relations by predicate."""
    from .store import open_store, run_query
    from .vocab import ENTITY_TYPES, PREDICATES, SYMMETRIC_PREDICATES

    try:
        settings = Settings.load(out=build_dir)
        store = open_store(settings.out / "store")

        def count(q: str) -> int:
            return int(next(iter(run_query(store, q)))["n"].value)

        click.echo(f"articles   {count('SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }')}")
        for t in ENTITY_TYPES:
            click.echo(f"{t:<24} {count(f'SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a lg:{t} }}')}")
        for p in PREDICATES:
            once = " FILTER (STR(?s) <= STR(?o))" if p in SYMMETRIC_PREDICATES else ""  # stored both ways
            distinct_pairs = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s lg:{p} ?o{once} }} }}"
            click.echo(f"{p:<24} {count(distinct_pairs)}")
        click.echo(f"statements {count('SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a lg:Statement }')}")
    except LibgraphError as exc:
        _fail(exc)


@main.command("serve")
@_store_option
@click.option("--data", "data", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Serve these RDF files (any syntax) instead of a build; repeatable.")
@click.option("--base", "base", default=None,
              help="Base IRI for relative IRIs in the --data files [each file's own file: URI].")
@setting_options("host", "port", "workers", "query_timeout", "max_rows", "backend", "update_token", "query_isolation")
def serve_cmd(build_dir: Path | None, data: tuple[Path, ...], base: str | None, **options: Any) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint with a query page (read-only)."""
    import uvicorn

    from .errors import EngineError
    from .server.app import create_app
    from .server.evaluate import check_files
    from .server.requests import Source
    from .server.transport import http_protocol

    try:
        settings = Settings.load(out=build_dir, **options)
        if settings.backend:
            source = Source(backend=settings.backend)
        elif data:
            try:
                check_files(data, base)
            except EngineError as exc:
                raise StoreError(str(exc)) from exc
            source = Source(files=data, base_iri=base)
        else:
            store = settings.out / "store"
            if not (store / "CURRENT").exists():
                raise StoreError(f"no store at {store}; run `libgraph build` (or `make build-graph`) first, "
                                 f"or serve files with --data")
            source = Source(store=store)
        _check_port(settings.host, settings.port)
        threads = settings.query_isolation == "thread" and not settings.backend
        app = None if threads else create_app(settings, source)
    except LibgraphError as exc:
        _fail(exc)
        return
    what = settings.backend or ("files" if data else settings.out)
    click.echo(f"libgraph: serving {what} at http://{settings.host}:{settings.port}/"
               + (f" ({settings.workers} server processes, queries in their threads)" if threads else ""), err=True)
    # a kept-alive connection stays open a minute between requests: with uvicorn's default of 5 s, a
    # server busy enough to lag let the idle timer fire before it read a request already sent on the
    # connection, and closed it under the client (who saw the connection fail, never an answer)
    run: dict[str, Any] = {"log_level": "warning", "access_log": False, "loop": "auto", "http": http_protocol(),
                           "timeout_keep_alive": KEEP_ALIVE_SECONDS, "backlog": 4096}
    if app is not None:
        uvicorn.run(app, host=settings.host, port=settings.port, **run)
        return
    from .server.supervisor import supervise
    from .server.threads import SlowQueries

    slow = SlowQueries(settings.workers, settings.max_slow_queries or max(1, (os.cpu_count() or 2) - 1))
    try:
        # a retiring server answers what it accepted within one more query limit, then exits
        supervise(settings.host, settings.port, settings.workers,
                  lambda retire, slot: create_app(settings, source, on_runaway=retire, slow=slow.in_slot(slot)),
                  {**run, "timeout_graceful_shutdown": max(1, int(settings.query_timeout))},
                  memory_mb=settings.worker_memory_mb, on_exit=slow.clear)
    except LibgraphError as exc:
        _fail(exc)


KEEP_ALIVE_SECONDS = 60


def _check_port(host: str, port: int) -> None:
    """Fail before anything starts when the address is taken (uvicorn would say so only after start-up)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}: {exc}; pass --host with an address of this machine") from exc
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror}): another program uses the port; "
                             f"stop it or pass --port with a free one") from exc


@main.command("publish")
@_store_option
@click.option("--endpoint", required=True, help="The server's SPARQL query URL.")
@click.option("--update-endpoint", default=None, help="Its SPARQL Update URL [the query URL].")
@click.option("--graph-store", default=None, help="Its Graph Store Protocol URL (graphs are then PUT).")
@click.option("--auth", default=None, envvar="LIBGRAPH_BACKEND_AUTH", show_envvar=True,
              help="USER:PASSWORD (HTTP basic).")
def publish_cmd(build_dir: Path | None, endpoint: str, update_endpoint: str | None, graph_store: str | None,
                auth: str | None) -> None:
    """Publish the build to an external SPARQL 1.1 server, replacing its graphs there."""
    from .remote import SparqlServer, publish_remote
    from .server.remote import basic_auth
    from .vocab import Minter

    try:
        settings = Settings.load(out=build_dir, backend_auth=auth)
        server = SparqlServer(endpoint, update_endpoint, graph_store, auth=basic_auth(settings.backend_auth))
        try:
            result = publish_remote(settings.out, server, str(Minter(settings.base_iri).graph("")))
        finally:
            server.close()
    except LibgraphError as exc:
        _fail(exc)
        return
    click.echo(result.summary(graph_store or update_endpoint or endpoint))


@main.command("plot")
@click.option("--out", "figure_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Figure to write: .svg, .png or .pdf.")
@click.option("--title", default=None, help="Title of the figure.")
@_store_option
def plot_cmd(figure_path: Path, title: str | None, build_dir: Path | None) -> None:
    """Draw the cooperation network (agreements, visits, meetings; countries) for papers."""
    from .plot import plot_network
    from .store import open_store

    try:
        settings = Settings.load(out=build_dir)
        figure = plot_network(open_store(settings.out / "store"), figure_path, title=title)
    except LibgraphError as exc:
        _fail(exc)
        return
    click.echo(f"wrote {figure.path}: {figure.nodes} entities, {figure.edges} relations")


@main.command("rules")
@click.option("--write", "write", type=click.Path(path_type=Path),
              help="Write the rules as lg:ExtractionRule individuals (Turtle) to this file.")
def rules_cmd(write: Path | None) -> None:
    """List the extraction rules (id, predicate, kind, confidence, description)."""
    from .nlp.rules import RuleError, catalogue, rules_turtle

    try:
        rules = catalogue()
    except RuleError as exc:
        _fail(exc)
        return
    if write is not None:
        write.write_text(rules_turtle(rules), encoding="utf-8")
        click.echo(f"wrote {len(rules)} rules to {write}")
        return
    for rule in sorted(rules.values(), key=lambda r: (r.predicate, r.id)):
        click.echo(f"{rule.id:34} {rule.predicate:20} {rule.matcher:10} {rule.confidence:.2f}  {rule.label}")


@main.command("settings")
def settings_cmd() -> None:
    """List every setting with its environment variable and default."""
    for name, env, default, help_text in Settings.describe():
        click.echo(f"{name:<16} {env:<26} {str(default)!s:<28} {help_text}")


if __name__ == "__main__":
    main()
