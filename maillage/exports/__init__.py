"""Exporters, registered by name: one module per format, one signature.

Every exporter is ``f(G, dest, **options) -> list[Path]``: it takes the networkx model, a
destination (a file for one-file formats, a folder for the others) and format options, and
returns the files it wrote (atomically, UTF-8). :func:`export_graph` is the one entry point
the CLI uses: it applies the ``--select`` selection, cleans the values once
(:mod:`maillage.exports.sanitize`), and calls the exporter.

=============  ==========  ===========================================================
name           writes      for
=============  ==========  ===========================================================
graphml        a file      Cytoscape, yEd, networkx (typed attributes)
gexf           a file      Gephi (GEXF 1.3: colours, sizes, positions, timeline)
csv            a folder    spreadsheets, Kumu-style tools (nodes, edges, evidence, docs)
json           a file      web tools (networkx node-link JSON)
neo4j-admin    a folder    ``neo4j-admin database import full`` (headers + data + import.sh)
cypher         a file      cypher-shell / Neo4j Browser script (``maillage.exports.cypher``)
=============  ==========  ===========================================================

A new format is one module and one line in :data:`EXPORTERS`. Importing this package
imports neither pyvis, nor the Neo4j driver, nor the format modules: each is imported
when its exporter is called.

Examples
--------
>>> sorted(EXPORTERS)
['csv', 'cypher', 'gexf', 'graphml', 'json', 'neo4j-admin']
>>> import tempfile, pathlib, networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", name="A", type="city")
>>> [p.name for p in export_graph(G, "graphml", pathlib.Path(tempfile.mkdtemp()) / "g.graphml")]
['g.graphml']
"""
from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExportError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from .sanitize import SanitizeReport

#: The one exporter signature: ``(G, dest, **options) -> list[Path]``.
Exporter = Callable[..., list[Path]]


@dataclass(frozen=True)
class FormatInfo:
    """What the CLI and the docs say about a format."""

    name: str
    folder: bool  # True: dest is a folder of files
    suffix: str   # file suffix of one-file formats ("" for folders)
    description: str


FORMATS: dict[str, FormatInfo] = {
    "graphml": FormatInfo("graphml", False, ".graphml", "GraphML for Cytoscape, yEd and networkx"),
    "gexf": FormatInfo("gexf", False, ".gexf", "GEXF 1.3 for Gephi (colours, sizes, positions, timeline)"),
    "csv": FormatInfo("csv", True, "", "CSV tables for spreadsheets (nodes, edges, evidence, documents)"),
    "json": FormatInfo("json", False, ".json", "node-link JSON for web tools"),
    "neo4j-admin": FormatInfo("neo4j-admin", True, "",
                              "neo4j-admin bulk import files (headers, data, import.sh)"),
    "cypher": FormatInfo("cypher", False, ".cypher", "a Cypher script for cypher-shell or Neo4j Browser"),
}


def _check_options(fmt: str, func: Callable[..., Any], options: dict[str, Any]) -> None:
    params = list(inspect.signature(func).parameters.values())[2:]
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return
    known = [p.name for p in params if p.kind in (inspect.Parameter.KEYWORD_ONLY,
                                                  inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise ExportError(f"unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} for the "
                          f"{fmt} export (expected: {', '.join(known) or 'none'})")


def _call(fmt: str, func: Callable[..., Any], G: nx.MultiDiGraph, dest: Path,
          options: dict[str, Any]) -> list[Path]:
    _check_options(fmt, func, options)
    result = func(G, dest, **options)
    if isinstance(result, (str, Path)):
        return [Path(result)]
    return [Path(p) for p in result]


def _graphml(G: nx.MultiDiGraph, dest: Path, **options: Any) -> list[Path]:
    from .graphml import write_graphml
    return _call("graphml", write_graphml, G, dest, options)


def _gexf(G: nx.MultiDiGraph, dest: Path, **options: Any) -> list[Path]:
    from .gexf import write_gexf
    return _call("gexf", write_gexf, G, dest, options)


def _csv(G: nx.MultiDiGraph, dest: Path, **options: Any) -> list[Path]:
    from .csv import write_csv
    return _call("csv", write_csv, G, dest, options)


def _json(G: nx.MultiDiGraph, dest: Path, **options: Any) -> list[Path]:
    from .jsonfile import write_json
    return _call("json", write_json, G, dest, options)


def _neo4j_admin(G: nx.MultiDiGraph, dest: Path, **options: Any) -> list[Path]:
    from .neo4j_admin import write_neo4j_admin
    return _call("neo4j-admin", write_neo4j_admin, G, dest, options)


def _cypher(G: nx.MultiDiGraph, dest: Path, **options: Any) -> list[Path]:
    from .cypher import write_cypher
    if Path(dest).is_dir():
        dest = Path(dest) / "graph.cypher"
    return _call("cypher", write_cypher, G, dest, options)


#: Format name -> exporter ``(G, dest, **options) -> list[Path]``.
EXPORTERS: dict[str, Exporter] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "csv": _csv,
    "json": _json,
    "neo4j-admin": _neo4j_admin,
    "cypher": _cypher,
}


def export_graph(G: nx.MultiDiGraph, fmt: str, dest: str | Path, *, select: str | None = None,
                 report: SanitizeReport | None = None, **options: Any) -> list[Path]:
    """Export ``G`` (or the part ``select`` picks) in format ``fmt`` to ``dest``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph (not modified).
    fmt : str
        A name of :data:`EXPORTERS`.
    dest : str or Path
        A file for one-file formats (an existing folder gets ``graph.<suffix>``), a folder
        for ``csv`` and ``neo4j-admin``.
    select : str, optional
        A selection spec (:func:`maillage.graph.select.select_subgraph`), e.g.
        ``"type=association,eu_body;years=2016-2022"``.
    report : SanitizeReport, optional
        Filled with what cleaning changed (removed characters, NaN…) for the caller to warn.
    **options
        Options of the format's writer (e.g. ``size_by="degree"`` for gexf, ``bom=False``
        for csv); an unknown option raises :class:`ExportError`.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ExportError
        Unknown format or option, or a file that cannot be written.
    MaillageError
        A bad selection spec (:class:`~maillage.errors.SelectionError`,
        :class:`~maillage.errors.ActorNotFoundError`) or a type outside the schema.
    """
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ExportError(f"unknown export format {fmt!r} (expected one of {', '.join(EXPORTERS)})")
    from .sanitize import sanitize_graph

    if select:
        from ..graph.select import select_subgraph
        G = select_subgraph(G, select)
    H = sanitize_graph(G)
    try:
        paths = exporter(H, Path(dest), **options)
    except OSError as exc:
        where = exc.filename or dest
        raise ExportError(f"{where}: cannot write ({exc.strerror or exc})") from None
    if report is not None and H.report is not None:
        report.merge(H.report)
    return paths


def infer_format(dest: str | Path) -> str | None:
    """The one-file format a destination's suffix names (``map.gexf`` -> ``gexf``), else ``None``.

    Examples
    --------
    >>> infer_format("out/graph.GEXF"), infer_format("out/tables")
    ('gexf', None)
    """
    suffix = Path(str(dest)).suffix.lower()
    aliases = {".xml": None, ".cql": "cypher", ".cyp": "cypher"}
    if suffix in aliases:
        return aliases[suffix]
    return next((f.name for f in FORMATS.values() if f.suffix and f.suffix == suffix), None)


def parse_options(pairs: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """``["size_by=degree", "bom=false", "seed=7"]`` -> options with booleans and numbers typed.

    Examples
    --------
    >>> parse_options(["size_by=degree", "bom=false", "seed=7", "max_size=40.5", "delimiter=;"])
    {'size_by': 'degree', 'bom': False, 'seed': 7, 'max_size': 40.5, 'delimiter': ';'}
    """
    out: dict[str, Any] = {}
    for pair in pairs:
        key, eq, raw = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not eq or not key.isidentifier():
            raise ExportError(f"bad option {pair!r} (expected KEY=VALUE, e.g. size_by=degree)")
        value: Any = raw
        low = raw.strip().lower()
        if low in ("true", "yes", "on"):
            value = True
        elif low in ("false", "no", "off"):
            value = False
        elif low in ("none", "null"):
            value = None
        else:
            for conv in (int, float):
                try:
                    number = conv(raw)
                except ValueError:
                    continue
                if math.isfinite(number):
                    value = number
                break
        out[key] = value
    return out


__all__ = ["EXPORTERS", "FORMATS", "Exporter", "FormatInfo", "export_graph", "infer_format",
           "parse_options"]
