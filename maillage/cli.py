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
    """Turns MaillageError (and an OSError: an output that cannot be written) into one line on stderr
    and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MaillageError as exc:
            click.echo(f"maillage: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # writing an output: disk full, no permission (the file is in the message)
            click.echo(f"maillage: error: {exc.strerror or exc}"
                       + (f": {exc.filename}" if exc.filename else ""), err=True)
            ctx.exit(1)
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
@click.option("--analyse/--no-analyse", "with_analysis", default=None,
              help="Write analysis scores and communities into graph.json, as `maillage analyse` does "
                   "(default: with --map or --report).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Run extraction on this Dask distributed scheduler (workers must see the same paths).")
def build(docs: str, out_dir: str, with_map: bool, with_report: bool, ner: bool, as_json: bool,
          progress: bool | None, jobs: int | None, use_cache: bool, cache_dir: str | None, prune_cache: bool,
          scheduler: str | None, with_analysis: bool | None) -> None:
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
      maillage build archive/ -o out/ --jobs 2          # re-run: only new documents are read,
                                                        # and graph.json is patched with them
      maillage build archive/ -o out/ --scheduler tcp://10.0.0.5:8786
    """
    from .pipeline import build as run_build

    with _ProgressBar("Reading documents", sys.stderr.isatty() if progress is None else progress) as bar:
        res = run_build(docs, out_dir, ner="auto" if ner else False, map=with_map, report=with_report,
                        progress=bar, jobs=jobs, cache=use_cache, cache_dir=cache_dir, scheduler=scheduler,
                        prune_cache=prune_cache, analyse=with_analysis)
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
        click.echo(f"Wrote {kind}: {path}" + (f" ({res.assembly})" if kind == "graph" and res.assembly else ""))


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

#: ``--by`` choices (the library's RANKABLE; a test keeps both equal) — kept here so --help stays fast.
_RANK_BY = ("pagerank", "degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "constraint",
            "effective_size", "core", "brokerage", "brokerage_communities")


class _StepProgress:
    """Steps of a long analysis as a rich progress bar on stderr (only when it is a terminal)."""

    def __init__(self, enabled: bool) -> None:
        self._progress: Any = None
        self._task: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description:<34}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), console=Console(stderr=True), transient=True)

    def __enter__(self) -> "_StepProgress":
        if self._progress is not None:
            self._progress.__enter__()
            self._task = self._progress.add_task("analysis", total=None)
        return self

    def __call__(self, step: str, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=step, completed=done, total=total)

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)


def _graph_file(graph: str) -> str:
    """graph.json itself when GRAPH is its folder."""
    from pathlib import Path

    p = Path(graph)
    return str(p / "graph.json" if p.is_dir() else p)


def _fmt(x: Any) -> str:
    return "" if x is None else f"{x:.4g}" if isinstance(x, float) else str(x)


_co_option = click.option("--with-co-mentions", is_flag=True,
                          help="Count co-mentions too (at a lower weight than stated relations).")


@main.command("analyse")
@click.argument("graph", type=click.Path(exists=True))
@click.option("--by", type=click.Choice(_RANK_BY), default="pagerank", show_default=True,
              help="Measure the ranking is ordered by (constraint: lowest first).")
@click.option("--type", "types", metavar="TYPES", help="Rank only these actor types, comma-separated "
              "(e.g. association,eu_body); every actor is still measured.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True, help="Length of the ranking.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of every random choice.")
@_co_option
@click.option("--actors", type=click.Choice(["all", "organisations"]), default="all", show_default=True,
              help="'organisations' folds persons into the organisations they work for.")
@click.option("--algorithm", type=click.Choice(["louvain", "leiden"]), default="louvain", show_default=True,
              help="Community detection.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole analysis as JSON.")
@click.option("--no-write", is_flag=True, help="Do not write the scores back into graph.json.")
@click.option("--progress/--no-progress", default=None, help="Progress on stderr (default: when a terminal).")
def analyse_cmd(graph: str, by: str, types: str | None, top: int, seed: int, with_co_mentions: bool, actors: str,
                algorithm: str, as_json: bool, no_write: bool, progress: bool | None) -> None:
    """Rank the actors of GRAPH (graph.json or its folder) by influence, and store the scores in it.

    Computes degree, PageRank, betweenness, closeness, eigenvector, Burt's constraint and effective
    size, k-core, bridges, communities and brokerage between levels; prints the top actors with the
    relations that explain their rank, and writes the scores into graph.json (node attributes
    scores, community, community_label) so that the map, exports and Neo4j use them.

    \b
    Examples:
      maillage analyse out/graph.json
      maillage analyse out/ --by betweenness --type association,eu_body --top 10
      maillage analyse out/graph.json --with-co-mentions --actors organisations --json --no-write
    """
    from .graph.analysis import analyse, annotate
    from .graph.analysis.core import why_text
    from .graph.store import read_graph, write_graph

    G = read_graph(graph)
    with _StepProgress(sys.stderr.isatty() if progress is None else progress) as bar:
        res = analyse(G, by=by, types=types, top=top, seed=seed, with_co_mentions=with_co_mentions,
                      actors=actors, algorithm=algorithm, progress=bar)  # type: ignore[arg-type]
    if not no_write:
        path = write_graph(annotate(G, res), _graph_file(graph))
        click.echo(f"maillage: scores written to {path}", err=True)
    if as_json:
        echo_json(res)
        return
    rows = [{"#": r["rank"], "actor": r["name"], "type": r["type"], "level": r["level"], by: _fmt(r["score"]),
             "pagerank": _fmt(r["scores"]["pagerank"]), "betweenness": _fmt(r["scores"]["betweenness"]),
             "community": r["community"], "why (strongest relations)": why_text(r["why"][:3])} for r in res["ranking"]]
    cols = list(dict.fromkeys(["#", "actor", "type", "level", by, "pagerank", "betweenness", "community",
                               "why (strongest relations)"]))
    echo_table(rows, cols, title=f"Top {len(rows)} actors by {by}")
    g, c = res["graph"], res["communities"]
    click.echo(f"{g['actors']} actors, {g['links']} links ({g['inferred_links']} inferred from shared events), "
               f"{g['components']} component(s); {c['count']} communities, modularity {c['modularity']:.3f}; "
               f"betweenness {'exact' if g['betweenness']['exact'] else 'sampled from %d sources' % g['betweenness']['sources']}.")


@main.command("communities")
@click.argument("graph", type=click.Path(exists=True))
@click.option("--algorithm", type=click.Choice(["louvain", "leiden"]), default="louvain", show_default=True)
@click.option("--seed", type=int, default=42, show_default=True, help="Same graph, same seed, same clusters.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Above 1: more, smaller communities.")
@_co_option
@click.option("--members", type=click.IntRange(min=1), default=8, show_default=True,
              help="Members listed per community in the table (most central first).")
@click.option("--json", "as_json", is_flag=True, help="Print communities, membership and modularity as JSON.")
def communities_cmd(graph: str, algorithm: str, seed: int, resolution: float, with_co_mentions: bool, members: int,
                    as_json: bool) -> None:
    """Clusters of actors of GRAPH that work more with each other than with the rest.

    Each community is labelled by its most central members (PageRank); the modularity says how
    clear-cut the division is (0: none, towards 1: clear).

    \b
    Examples:
      maillage communities out/graph.json
      maillage communities out/ --algorithm leiden --resolution 1.5 --json
    """
    from .graph.analysis import communities
    from .graph.store import read_graph

    G = read_graph(graph)
    res = communities(G, algorithm=algorithm, seed=seed, resolution=resolution,  # type: ignore[arg-type]
                      with_co_mentions=with_co_mentions)
    if as_json:
        echo_json(res)
        return
    name = {v: str(G.nodes[v].get("name", v)) for v in G.nodes}
    rows = [{"#": c["id"], "size": c["size"], "label": c["label"],
             "members": ", ".join(name[v] for v in c["members"][:members]) + (" …" if c["size"] > members else "")}
            for c in res["communities"]]
    echo_table(rows, ["#", "size", "label", "members"], title=f"{res['count']} communities ({algorithm})")
    click.echo(f"Modularity: {res['modularity']:.3f}")


@main.command("path")
@click.argument("graph", type=click.Path(exists=True))
@click.argument("source")
@click.argument("target")
@click.option("--max-paths", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many of the shortest chains to show.")
@click.option("--evidence", "evidence_per_link", type=click.IntRange(min=1), default=1, show_default=True,
              help="Sentences quoted per relation.")
@_co_option
@click.option("--json", "as_json", is_flag=True, help="Print the chains, with all their evidence, as JSON.")
def path_cmd(graph: str, source: str, target: str, max_paths: int, evidence_per_link: int, with_co_mentions: bool,
             as_json: bool) -> None:
    """How SOURCE is connected to TARGET in GRAPH: the shortest chains, each link with its proof.

    Names resolve through aliases and acronyms in either language ("CCRE" finds CEMR); an unknown
    name fails with the nearest names. Exit code 1 when the two actors are not connected.

    \b
    Examples:
      maillage path out/graph.json "Dijon" "DG NEAR"
      maillage path out/ CCRE "Cités Unies France" --with-co-mentions --json
    """
    from .graph.analysis import format_path, shortest_paths
    from .graph.store import read_graph

    G = read_graph(graph)
    chains = shortest_paths(G, source, target, max_paths=max_paths, with_co_mentions=with_co_mentions)
    if as_json:
        echo_json(chains)
    for i, chain in enumerate([] if as_json else chains):
        click.echo(("\n" if i else "") + f"Chain {i + 1} ({chain['length']} link(s), {chain['weight']} evidence(s)):")
        click.echo(format_path(chain, evidence_per_link=evidence_per_link))
    if not chains:
        hint = "" if with_co_mentions else " (stated relations only; try --with-co-mentions)"
        click.echo(f"maillage: no chain links {source!r} and {target!r}{hint}", err=True)
        sys.exit(1)


@main.command("ego")
@click.argument("graph", type=click.Path(exists=True))
@click.argument("name")
@click.option("--radius", type=click.IntRange(min=0), default=2, show_default=True,
              help="Links from the centre (either direction).")
@_co_option
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Also write the neighbourhood as a graph.json file (for maillage map / export).")
@click.option("--json", "as_json", is_flag=True, help="Print the table rows as JSON.")
def ego_cmd(graph: str, name: str, radius: int, with_co_mentions: bool, output: str | None, as_json: bool) -> None:
    """Who surrounds NAME in GRAPH: the actors within --radius links, as a table and a sub-graph file.

    \b
    Examples:
      maillage ego out/graph.json "Cités Unies France" --radius 2
      maillage ego out/ CUF --radius 1 -o cuf.json && maillage map cuf.json -o cuf.html
    """
    from .graph.analysis import ego_network, ego_table
    from .graph.store import read_graph, write_graph

    sub = ego_network(read_graph(graph), name, radius=radius, with_co_mentions=with_co_mentions)
    rows = ego_table(sub)
    path = str(write_graph(sub, output)) if output else None
    if as_json:
        echo_json({"center": sub.graph["meta"]["ego"], "actors": rows, "relations": sub.number_of_edges(),
                   "path": path})
        return
    echo_table(rows, ["distance", "name", "type", "level", "relations", "relation_types", "via"],
               title=f"{sub.graph['meta']['ego']['name']}: {len(rows) - 1} actor(s) within {radius} link(s)")
    if path:
        click.echo(f"maillage: sub-graph written to {path}", err=True)


@main.command("report")
@click.argument("graph", type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="HTML file to write (default: report.html beside graph.json).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the analysis.")
@_co_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Actors per measure.")
@click.option("--json", "as_json", is_flag=True, help="Print {\"path\": …} as JSON.")
def report_cmd(graph: str, output: str | None, seed: int, with_co_mentions: bool, top: int, as_json: bool) -> None:
    """Write the one-page analyst report of GRAPH: a self-contained HTML file to send.

    Key figures, top actors per measure and why they rank, communities, brokers between levels
    and between communities, the timeline of documents and relations, plots; no external
    request (works offline, safe to e-mail).

    \b
    Examples:
      maillage report out/graph.json -o report.html
      maillage report out/ --with-co-mentions --top 15
    """
    from pathlib import Path

    from .exports.report import write_report
    from .graph.store import read_graph

    target = output or str(Path(_graph_file(graph)).with_name("report.html"))
    G = read_graph(graph)
    with _StepProgress(sys.stderr.isatty()) as bar:
        path = write_report(G, target, seed=seed, with_co_mentions=with_co_mentions, top=top, progress=bar)
    if as_json:
        echo_json({"path": str(path)})
    else:
        click.echo(f"Wrote report: {path}")


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
        cypher = sys.stdin.read()
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
