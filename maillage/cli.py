"""maillage's command line: a thin shell over the library.

Each command parses its options, calls one library function and formats the result:
data on stdout (a table for people, ``--json`` for machines), progress and messages on
stderr. Errors of the :class:`~maillage.errors.MaillageError` tree become one line on
stderr and a non-zero exit code, here and nowhere else.
"""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from . import __version__
from .errors import MaillageError


class _Group(click.Group):
    """Turns MaillageError into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MaillageError as exc:
            click.echo(f"maillage: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("maillage: interrupted", err=True)
            ctx.exit(130)


def echo_json(data: Any) -> None:
    """Print ``data`` as strict JSON on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False, sort_keys=True))


def echo_table(rows: list[dict[str, Any]], columns: list[str], *, title: str | None = None) -> None:
    """Print rows as a table for people (rich when stdout is a terminal, plain text otherwise)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in columns))
    Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160).print(table)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="maillage")
def main() -> None:
    """maillage: from documents about organisations to an evidence-backed influence map.

    \b
    Typical session:
      maillage build DOCS/ -o out/ --map      read documents, write out/graph.json (+ map)
      maillage evaluate GOLD.yaml out/        precision / recall against annotations
      maillage analyse out/graph.json         who is central, and in what sense
      maillage map out/graph.json -o map.html the interactive influence map
      maillage neo4j push out/graph.json      load into Neo4j for Cypher queries
    """


# --- build & evaluate commands ---


class _ProgressBar:
    """A rich progress bar on stderr (documents/s, ETA); silent when stderr is not a terminal
    unless forced, so logs and CI output stay readable."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.enabled = enabled
        self.label = label
        self._progress = None
        self._task = None

    def __enter__(self) -> "_ProgressBar":
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeRemainingColumn)

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                                      console=Console(stderr=True), transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task(self.label, total=None, rate="")
        return self

    def __call__(self, done: int, total: int, label: str) -> None:
        if self._progress is not None:
            t = self._progress.tasks[0]
            elapsed = t.elapsed or 0
            rate = f"{done / elapsed:.1f} doc/s" if elapsed > 0 else ""
            self._progress.update(self._task, completed=done, total=total, rate=rate)

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)


@main.command()
@click.argument("docs", type=click.Path(exists=True, path_type=str))
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.json (and map.html / report.html).")
@click.option("--map", "with_map", is_flag=True, help="Also write the influence map, out/map.html.")
@click.option("--report", "with_report", is_flag=True, help="Also write the analyst report, out/report.html.")
@click.option("--ner/--no-ner", default=True, show_default=True,
              help="Use spaCy's French NER where the rules leave names unexplained.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction (default: number of CPUs).")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help="Reuse per-document results of earlier runs (incremental rebuilds, resume after Ctrl-C).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Folder of the per-document cache (default: OUT/.cache).")
@click.option("--prune-cache", is_flag=True, help="Remove cache entries this build did not use.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Run extraction on this Dask distributed scheduler (workers must see the same paths).")
def build(docs: str, out_dir: str, with_map: bool, with_report: bool, ner: bool, as_json: bool,
          progress: bool | None, jobs: int | None, use_cache: bool, cache_dir: str | None, prune_cache: bool,
          scheduler: str | None) -> None:
    """Read the documents under DOCS and write OUT/graph.json.

    DOCS is a folder (read recursively, in sorted order) or one file: txt, md, html, pdf, docx,
    and csv/json tables of known relations (columns source, type, target[, evidence, date, url]).
    Unreadable files are reported and skipped; the exit code is 0 when at least one document
    was read, 1 otherwise.

    \b
    Examples:
      maillage build docs/ -o out/
      maillage build docs/ -o out/ --map --report
      maillage build rapport.pdf -o out/ --json
      maillage build archive/ -o out/ --jobs 2          # re-run: only new documents are read
      maillage build archive/ -o out/ --scheduler tcp://10.0.0.5:8786
    """
    from .pipeline import build as run_build

    with _ProgressBar("Reading documents", sys.stderr.isatty() if progress is None else progress) as bar:
        res = run_build(docs, out_dir, ner="auto" if ner else False, map=with_map, report=with_report,
                        progress=bar, jobs=jobs, cache=use_cache, cache_dir=cache_dir, scheduler=scheduler,
                        prune_cache=prune_cache)
    for s in res.skipped:
        click.echo(f"maillage: skipped {s['path']}: {s['reason']}", err=True)
    if as_json:
        echo_json(res.summary())
        return
    summary = res.summary()
    click.echo(f"Read {summary['documents']} document(s) ({res.extracted} extracted, {res.cached} from cache), "
               f"skipped {len(res.skipped)}, in {summary['seconds']:.1f} s.")
    click.echo(f"Actors: {summary['actors']}  (" + ", ".join(f"{k} {v}" for k, v in summary["actors_by_type"].items()) + ")")
    click.echo(f"Stated relations: {summary['relations']}  (" + ", ".join(
        f"{k} {v}" for k, v in summary["relations_by_type"].items() if k != "co_mentioned") + ")")
    click.echo(f"Co-mentions: {summary['relations_by_type'].get('co_mentioned', 0)}")
    for kind, path in summary["outputs"].items():
        click.echo(f"Wrote {kind}: {path}")


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("graph", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print all scores (and the misses) as JSON.")
@click.option("--details", is_flag=True, help="List missed and spurious actors and relations per document.")
def evaluate(gold: str, graph: str, as_json: bool, details: bool) -> None:
    """Score GRAPH (graph.json or its folder) against GOLD annotations.

    GOLD is a YAML file in the format of shared/corpus/seeds.gold.yaml: per file, the actors it
    names (with aliases) and the relations it states. Prints precision, recall and F1 for actors
    and for typed relations, per document and overall.

    \b
    Example:
      maillage evaluate ../shared/corpus/seeds.gold.yaml out/graph.json
    """
    from .evaluate import evaluate as run_evaluate, load_gold
    from .graph.store import read_graph

    res = run_evaluate(load_gold(gold), read_graph(graph))
    if as_json:
        echo_json(res)
        return
    rows = []
    for name, d in [*res["documents"].items(), ("OVERALL", res["overall"])]:
        a, r = d["actors"], d["relations"]
        rows.append({"document": name, "actors P": f"{a['precision']:.2f}", "actors R": f"{a['recall']:.2f}",
                     "actors F1": f"{a['f1']:.2f}", "relations P": f"{r['precision']:.2f}",
                     "relations R": f"{r['recall']:.2f}", "relations F1": f"{r['f1']:.2f}"})
    echo_table(rows, list(rows[0]), title="Extraction quality")
    if details:
        for name, d in res["documents"].items():
            click.echo(f"\n{name}")
            for k in ("missed_actors", "spurious_actors"):
                if d[k]:
                    click.echo(f"  {k}: " + "; ".join(d[k]))
            for k in ("missed_relations", "spurious_relations"):
                for x in d[k]:
                    click.echo(f"  {k}: {x['source']} -{x['type']}-> {x['target']}")

# --- analysis commands ---

# --- map commands ---


@main.command("map")
@click.argument("graph", type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="HTML file to write (default: map.html beside graph.json).")
@click.option("--color-by", type=click.Choice(["type", "community"]), default="type", show_default=True,
              help="Initial colouring (the page switches in one click).")
@click.option("--size-by", default="pagerank", show_default=True, metavar="MEASURE",
              help="Centrality for node size and the --max-nodes cut: pagerank, degree, betweenness, "
                   "… (a score of `maillage analyse`; degree when absent).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Show only the N most central actors (the page says so).")
@click.option("--layout-threshold", type=click.IntRange(min=0), default=300, show_default=True,
              help="Above this many actors, compute positions in Python and turn physics off.")
@click.option("--seed", type=int, default=42, show_default=True, help="Layout seed.")
@click.option("--title", default="maillage influence map", show_default=True, help="Page title.")
@click.option("--select", "select", metavar="SPEC",
              help="Map only a part: type=… relation=… community=… ego=NAME:2 years=2016-2022 (';' joins).")
@click.option("--json", "as_json", is_flag=True, help="Print {\"path\": …} as JSON.")
def map_cmd(graph: str, output: str | None, color_by: str, size_by: str, max_nodes: int,
            layout_threshold: int, seed: int, title: str, select: str | None, as_json: bool) -> None:
    """Write the influence map of GRAPH (graph.json or its folder): one HTML file that works offline.

    \b
      maillage map out/graph.json -o map.html
      maillage map out/ --color-by community --size-by betweenness --max-nodes 500
    """
    from pathlib import Path

    from .exports.html import write_map
    from .graph.store import read_graph

    G = read_graph(graph)
    if select:
        from .graph.select import select_subgraph

        G = select_subgraph(G, select)
    base = Path(graph) if Path(graph).is_dir() else Path(graph).parent
    path = write_map(G, Path(output) if output else base / "map.html", color_by=color_by, size_by=size_by,
                     max_nodes=max_nodes, layout_threshold=layout_threshold, seed=seed, title=title)
    if as_json:
        echo_json({"path": str(path)})
    else:
        click.echo(str(path))
        click.echo(f"maillage: map of {G.number_of_nodes()} actors written; open it in a browser "
                   "(self-contained, works offline)", err=True)

# --- export commands ---

from .exports import FORMATS as _EXPORT_FORMATS  # noqa: E402  (light: no format module imported)


@main.command("export")
@click.argument("args", nargs=-1, required=True, metavar="[FORMAT] GRAPH")
@click.option("-f", "--format", "fmt", type=click.Choice(list(_EXPORT_FORMATS)),
              help="Output format (default: from the -o suffix: .graphml .gexf .json .cypher).")
@click.option("-o", "--output", "dest", required=True,
              help="File (graphml, gexf, json, cypher; - for stdout) or folder (csv, neo4j-admin).")
@click.option("--select", "select", metavar="SPEC",
              help="Export only a part: type=association,eu_body  community=3  ego=CEMR:2  "
                   "years=2016-2022  relation=stated; join clauses with ';'.")
@click.option("--opt", "opts", multiple=True, metavar="KEY=VALUE",
              help="Format option, repeatable: gexf size_by=degree timeline=years layout=none; "
                   "csv bom=false delimiter=';'; neo4j-admin dataset=NAME; json edges_key=links.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def export_cmd(args: tuple[str, ...], fmt: str | None, dest: str, select: str | None,
               opts: tuple[str, ...], as_json: bool) -> None:
    """Write GRAPH (graph.json) for Gephi, Cytoscape, spreadsheets, web tools or neo4j-admin.

    \b
      maillage export out/graph.json --format gexf -o graph.gexf
      maillage export out/graph.json -f csv -o tables/ --select "years=2016-2022"
      maillage export cypher out/graph.json -o graph.cypher
    """
    import tempfile
    from pathlib import Path

    from .exports import export_graph, infer_format, parse_options
    from .exports.sanitize import SanitizeReport
    from .graph.store import read_graph

    if len(args) == 2 and args[0] in _EXPORT_FORMATS and fmt in (None, args[0]):
        fmt, args = args[0], args[1:]
    if len(args) != 1:
        raise click.UsageError("expected one GRAPH (and optionally a format first: export cypher GRAPH)")
    fmt = fmt or infer_format(dest)
    if fmt is None:
        raise click.UsageError(f"cannot tell the format from {dest!r}: give --format "
                               f"({', '.join(_EXPORT_FORMATS)})")
    if dest == "-" and _EXPORT_FORMATS[fmt].folder:
        raise click.UsageError(f"the {fmt} export writes a folder: give -o FOLDER, not -")
    report = SanitizeReport()
    with tempfile.TemporaryDirectory(prefix="maillage-export-") as tmp:
        target = Path(tmp) / f"graph{_EXPORT_FORMATS[fmt].suffix}" if dest == "-" else Path(dest)
        paths = export_graph(read_graph(args[0]), fmt, target, select=select, report=report,
                             **parse_options(opts))
        if dest == "-":
            click.echo(paths[0].read_bytes(), nl=False)  # bytes: written as is
            paths = []
    for warning in report.warnings():
        click.echo(f"maillage: warning: {warning}", err=True)
    if as_json and dest != "-":
        echo_json({"format": fmt, "files": [str(p) for p in paths], "selection": select,
                   **report.to_dict()})
    elif dest != "-":
        click.echo("\n".join(str(p) for p in paths))
        click.echo(f"maillage: exported {report.nodes} actors and {report.edges} relations as {fmt}",
                   err=True)


# --- neo4j commands ---


def _neo4j_connection(f: Any) -> Any:
    """--uri/--user/--database options, read from cypher-shell's variables when not given."""
    f = click.option("--database", "-d", envvar="NEO4J_DATABASE", default=None,
                     help="Database [NEO4J_DATABASE; default: the server's default].")(f)
    f = click.option("--user", "-u", envvar="NEO4J_USERNAME", default="neo4j", show_default=True,
                     help="User [NEO4J_USERNAME].")(f)
    f = click.option("--uri", "-a", envvar="NEO4J_URI", default="bolt://localhost:7687", show_default=True,
                     help="Bolt URI of the server [NEO4J_URI].")(f)
    return f


def _neo4j_password() -> str:
    """NEO4J_PASSWORD, else asked on the terminal without echo (never printed)."""
    import os

    from .errors import Neo4jError

    password = os.environ.get("NEO4J_PASSWORD")
    if password:
        return password
    try:
        return click.prompt("Neo4j password", hide_input=True, err=True)
    except click.Abort:
        raise Neo4jError("no Neo4j password: set NEO4J_PASSWORD or type it when asked") from None


@main.group("neo4j")
def neo4j_group() -> None:
    """Neo4j: push the graph, pull it back, run Cypher, ready-made queries.

    \b
    Connection: --uri/--user/--database or NEO4J_URI, NEO4J_USERNAME, NEO4J_DATABASE;
    the password comes from NEO4J_PASSWORD or is asked (hidden). A local server without
    Docker: scripts/neo4j-local.sh start.
    """


@neo4j_group.command("push")
@click.argument("graph", type=click.Path(exists=True))
@_neo4j_connection
@click.option("--dataset", default="maillage", show_default=True, help="Dataset name in Neo4j.")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1), help="Rows per transaction.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal).")
def neo4j_push(graph: str, uri: str, user: str, database: str | None, dataset: str, batch_size: int,
               as_json: bool, progress: bool | None) -> None:
    """Load GRAPH (graph.json or its folder) into Neo4j; re-running it changes only what changed.

    \b
    Example:
      NEO4J_PASSWORD=... maillage neo4j push out/graph.json --dataset balkans
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .exports.neo4j import push_graph
    from .graph.store import read_graph

    G = read_graph(graph)
    password = _neo4j_password()
    show = sys.stderr.isatty() if progress is None else progress
    with Progress(TextColumn("Pushing to Neo4j"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True, disable=not show) as bar:
        task = bar.add_task("push", total=None)
        res = push_graph(G, uri=uri, user=user, password=password, database=database, dataset=dataset,
                         batch_size=batch_size, progress=lambda done, total: bar.update(task, completed=done, total=total))
    if as_json:
        echo_json(res)
        return
    click.echo(f"Pushed dataset {res['dataset']!r} to {uri} ({res['database']}): {res['nodes']} actors, "
               f"{res['relationships']} relations, {res['documents']} documents in {res['seconds']:.1f} s.")
    click.echo(f"Created {res['nodes_created']} nodes and {res['relationships_created']} relationships; "
               f"deleted {res['nodes_deleted']} nodes and {res['relationships_deleted']} relationships.")


@neo4j_group.command("pull")
@_neo4j_connection
@click.option("--dataset", default="maillage", show_default=True, help="Dataset name in Neo4j.")
@click.option("-o", "--output", "dest", required=True, help="graph.json to write ('-' for stdout).")
def neo4j_pull(uri: str, user: str, database: str | None, dataset: str, dest: str) -> None:
    """Read a dataset back from Neo4j into a graph.json."""
    from ._io import dumps_json
    from .exports.neo4j import pull_graph
    from .graph.store import graph_to_data, write_graph

    G = pull_graph(uri=uri, user=user, password=_neo4j_password(), database=database, dataset=dataset)
    if dest == "-":
        click.echo(dumps_json(graph_to_data(G)), nl=False)
        return
    path = write_graph(G, dest)
    click.echo(f"Wrote {path}: {G.number_of_nodes()} actors, {G.number_of_edges()} relations.", err=True)


def _query_param(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"{text!r}: expected KEY=VALUE", param_hint="--param")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


@neo4j_group.command("query")
@click.argument("cypher")
@_neo4j_connection
@click.option("--param", "-P", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter ($KEY); VALUE is read as JSON when it is JSON (5, true, [1,2]), else as text.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def neo4j_query(cypher: str, uri: str, user: str, database: str | None, params: tuple[str, ...],
                as_json: bool) -> None:
    """Run CYPHER ('-' reads it from stdin) and print the rows.

    \b
    Example:
      maillage neo4j query "MATCH (a:Actor) WHERE a.level = \\$level RETURN a.name" -P level=european
    """
    from .exports.neo4j import run_query

    if cypher == "-":
        cypher = click.get_text_stream("stdin").read()
    values = dict(_query_param(p) for p in params)
    rows = run_query(cypher, values, uri=uri, user=user, password=_neo4j_password(), database=database)
    if as_json:
        echo_json(rows)
        return
    columns = list(rows[0]) if rows else []
    if not rows:
        click.echo("(no rows)", err=True)
        return
    echo_table([{k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in r.items()}
                for r in rows], columns)


@neo4j_group.command("queries")
@click.option("-o", "--output", "dest", default="-", show_default=True, help="File to write ('-' for stdout).")
def neo4j_queries(dest: str) -> None:
    """Write the ready-made, commented Cypher queries for Neo4j Browser.

    \b
    Top actors by PageRank, members of a network, who organises or funds what, brokers
    between levels, shortest path with evidence, actors of a country, what a document states.
    """
    from .exports.neo4j import queries_text, write_queries

    if dest == "-":
        click.echo(queries_text(), nl=False)
        return
    click.echo(f"Wrote {write_queries(dest)}", err=True)


# --- scale commands ---


if __name__ == "__main__":  # pragma: no cover
    main()
