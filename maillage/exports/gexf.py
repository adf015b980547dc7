"""GEXF 1.3 for Gephi: colours, sizes, positions and a timeline, one file.

What Gephi gets:

- ``<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">``;
- ``viz:color`` from the actor type (:mod:`maillage.exports.palette`, shared with the map);
- ``viz:size`` from the chosen centrality (``node["scores"][size_by]`` when the analysis
  ran, else the number of distinct neighbours), scaled linearly to ``[min_size, max_size]``;
- ``viz:position`` from ``node["x"]``/``node["y"]`` when present (screen coordinates, as the
  map's layout stores them, so y is flipped for Gephi), else from a seeded networkx layout;
- time from document dates: ``mode="dynamic" timeformat="date"``; with ``timeline="first"``
  (default) each node and edge gets ``start`` = the first date it is seen (the network grows
  along Gephi's timeline); with ``timeline="years"`` it gets one ``<spell>`` per year it is
  mentioned in (it blinks in and out); ``timeline="none"`` writes a static graph.
- typed attributes (the flat rows of :mod:`maillage.exports.sanitize`); edge ``kind`` = the
  relation type (Gephi keeps parallel edges of different kinds), ``label`` = how it reads
  ("is a member of"), ``weight`` = the number of independent evidences.

All edges are ``directed`` (networkx refuses mixed graphs); symmetric relations say so in
their ``symmetric`` attribute. The file parses with :func:`networkx.read_gexf` and with a
strict XML parser.

Examples
--------
>>> import tempfile, pathlib, networkx as nx
>>> G = nx.MultiDiGraph(documents=[{"id": "d", "date": "2020-05-01"}])
>>> G.add_node("a", name="A", type="city", documents=["d"])
>>> G.add_node("b", name="B", type="association", documents=["d"])
>>> _ = G.add_edge("a", "b", key="member_of", type="member_of",
...                evidence=[{"doc": "d", "sentence": "A is a member of B."}])
>>> out = write_gexf(G, pathlib.Path(tempfile.mkdtemp()) / "g.gexf")
>>> H = nx.read_gexf(out[0], version="1.3")
>>> H.nodes["a"]["start"], H.nodes["b"]["viz"]["color"]["b"]
('2020-05-01', 180)
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import networkx as nx

from .. import __version__
from .._io import atomic_write_bytes
from ..errors import ExportError
from .palette import hex_to_rgb, relation_color, type_color
from .sanitize import (LIST_SEP, coerce, column_types, document_dates, edge_dates, flat_edge,
                       flat_node, format_value, node_dates, sanitize_graph)

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{GEXF_NS} {GEXF_NS}/gexf.xsd"

#: GEXF attribute types for the column types of :func:`sanitize.column_types`.
_GEXF_TYPES = {"boolean": "boolean", "int": "integer", "long": "long", "double": "double",
               "string": "string"}
TIMELINES = ("first", "years", "none")
LAYOUTS = ("auto", "spring", "random", "none")

#: Above this many nodes ``layout="auto"`` uses a random layout (Gephi's ForceAtlas2 does better).
SPRING_LIMIT = 3000


def _degree(H: nx.MultiDiGraph, n: Any) -> int:
    return len(set(H.pred[n]) | set(H.succ[n]))


def node_sizes(H: nx.MultiDiGraph, size_by: str = "pagerank", *, min_size: float = 10.0,
               max_size: float = 50.0) -> tuple[dict[Any, float], str]:
    """Node -> viz size, and the measure used (``size_by`` if any node has it, else ``degree``)."""
    values: dict[Any, float] = {}
    for n, data in H.nodes(data=True):
        scores = data.get("scores")
        if isinstance(scores, dict):
            v = scores.get(size_by)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
                values[n] = float(v)
    measure = size_by
    if not values:
        measure = "degree"
        values = {n: float(_degree(H, n)) for n in H.nodes}
    lo = min(values.values(), default=0.0)
    hi = max(values.values(), default=0.0)
    sizes = {}
    for n in H.nodes:
        if n not in values:
            sizes[n] = min_size
        elif hi > lo:
            sizes[n] = min_size + (values[n] - lo) / (hi - lo) * (max_size - min_size)
        else:
            sizes[n] = (min_size + max_size) / 2
    return {n: round(s, 3) for n, s in sizes.items()}, measure


def _finite(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def node_positions(H: nx.MultiDiGraph, *, layout: str = "auto", seed: int = 42,
                   scale: float = 500.0) -> dict[Any, tuple[float, float]]:
    """Node -> (x, y) in Gephi's orientation (y up); empty when ``layout="none"`` and no x/y.

    Nodes with numeric ``x`` and ``y`` keep them (y flipped: they are screen coordinates);
    the others are placed by a seeded spring layout (random above :data:`SPRING_LIMIT`
    nodes with ``layout="auto"``) around the fixed ones.
    """
    if layout not in LAYOUTS:
        raise ExportError(f"unknown layout {layout!r} (expected one of {', '.join(LAYOUTS)})")
    given = {n: (float(d["x"]), -float(d["y"])) for n, d in H.nodes(data=True)
             if _finite(d.get("x")) and _finite(d.get("y"))}
    missing = [n for n in sorted(H.nodes) if n not in given]
    if not missing or layout == "none":
        return {n: (round(x, 3), round(y, 3)) for n, (x, y) in given.items()}
    U = nx.Graph()
    U.add_nodes_from(sorted(H.nodes))
    U.add_edges_from(sorted((s, t) for s, t in H.edges() if s != t))
    use_spring = layout == "spring" or (layout == "auto" and U.number_of_nodes() <= SPRING_LIMIT)
    if use_spring:
        if given:
            pos = nx.spring_layout(U, pos=dict(given), fixed=sorted(given), seed=seed)
        else:
            pos = nx.spring_layout(U, seed=seed, scale=scale)
    else:
        pos = nx.random_layout(U, seed=seed)
        pos = {n: ((p[0] - 0.5) * 2 * scale, (p[1] - 0.5) * 2 * scale) for n, p in pos.items()}
        pos.update(given)
    return {n: (round(float(p[0]), 3), round(float(p[1]), 3)) for n, p in pos.items()}


def _years(dates: list[str]) -> list[tuple[str, str]]:
    """Spells covering the years of ``dates``; consecutive years merged."""
    years = sorted({int(d[:4]) for d in dates})
    spells: list[tuple[int, int]] = []
    for y in years:
        if spells and spells[-1][1] == y - 1:
            spells[-1] = (spells[-1][0], y)
        else:
            spells.append((y, y))
    return [(f"{a:04d}-01-01", f"{b:04d}-12-31") for a, b in spells]


def gexf_bytes(G: nx.MultiDiGraph, *, size_by: str = "pagerank", timeline: str = "first",
               layout: str = "auto", seed: int = 42, min_size: float = 10.0,
               max_size: float = 50.0, list_sep: str = LIST_SEP) -> bytes:
    """The GEXF 1.3 document for ``G`` (cleaned first), as UTF-8 bytes. See the module docstring."""
    from lxml import etree

    if timeline not in TIMELINES:
        raise ExportError(f"unknown timeline {timeline!r} (expected one of {', '.join(TIMELINES)})")
    H = sanitize_graph(G)
    dates = document_dates(H)
    nodes = sorted(H.nodes)
    edges = sorted(H.edges(keys=True), key=lambda e: (e[0], e[1], e[2]))
    node_rows = [flat_node(H, n, sep=list_sep, doc_dates=dates) for n in nodes]
    edge_rows = [flat_edge(H, s, t, k, sep=list_sep, doc_dates=dates) for s, t, k in edges]
    # the edge weight goes in the edge's own attribute, as Gephi expects
    edge_weights = [row.pop("weight") for row in edge_rows]
    node_types = column_types(node_rows)
    edge_types = column_types(edge_rows)
    sizes, _measure = node_sizes(H, size_by, min_size=min_size, max_size=max_size)
    positions = node_positions(H, layout=layout, seed=seed)

    # when each element is first seen / which years it is mentioned in
    e_dates = {(s, t, k): edge_dates(H.edges[s, t, k], dates) for s, t, k in edges}
    n_dates: dict[Any, set[str]] = {n: set(node_dates(H, n, dates)) for n in nodes}
    for (s, t, _k), ds in e_dates.items():  # an edge never appears before its ends
        n_dates[s].update(ds)
        n_dates[t].update(ds)
    dynamic = timeline != "none" and any(n_dates.values())

    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap={None: GEXF_NS, "viz": VIZ_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.set("version", "1.3")
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta")
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = f"maillage {__version__}"
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = (
        "Actors and relations found in documents; evidence summed up per relation")
    gattrs = {"defaultedgetype": "directed", "mode": "dynamic" if dynamic else "static"}
    if dynamic:
        gattrs.update({"timeformat": "date", "timerepresentation": "interval"})
    graph = etree.SubElement(root, f"{{{GEXF_NS}}}graph", gattrs)

    attr_ids: dict[tuple[str, str], str] = {}
    for domain, types in (("node", node_types), ("edge", edge_types)):
        if not types:
            continue
        block = etree.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": domain, "mode": "static"})
        for i, (name, typ) in enumerate(types.items()):
            aid = f"{domain[0]}{i}"
            attr_ids[(domain, name)] = aid
            etree.SubElement(block, f"{{{GEXF_NS}}}attribute",
                             {"id": aid, "title": name, "type": _GEXF_TYPES[typ]})

    def add_values(parent: Any, domain: str, row: dict[str, Any], types: dict[str, str]) -> None:
        present = [name for name in types if name in row]
        if not present:
            return
        vals = etree.SubElement(parent, f"{{{GEXF_NS}}}attvalues")
        for name in present:
            etree.SubElement(vals, f"{{{GEXF_NS}}}attvalue", {
                "for": attr_ids[(domain, name)], "value": format_value(coerce(row[name], types[name]))})

    def add_time(el: Any, ds: set[str] | list[str]) -> None:
        if not dynamic or not ds:
            return
        ordered = sorted(ds)
        if timeline == "first":
            el.set("start", ordered[0])
        else:
            spells = etree.SubElement(el, f"{{{GEXF_NS}}}spells")
            for a, b in _years(ordered):
                etree.SubElement(spells, f"{{{GEXF_NS}}}spell", {"start": a, "end": b})

    nodes_el = etree.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for n, row in zip(nodes, node_rows, strict=True):
        label = str(H.nodes[n].get("name") or n)
        el = etree.SubElement(nodes_el, f"{{{GEXF_NS}}}node", {"id": n, "label": label})
        add_time(el, n_dates[n])
        add_values(el, "node", row, node_types)
        r, g, b = hex_to_rgb(type_color(H.nodes[n].get("type")))
        etree.SubElement(el, f"{{{VIZ_NS}}}color", {"r": str(r), "g": str(g), "b": str(b)})
        if n in positions:
            x, y = positions[n]
            etree.SubElement(el, f"{{{VIZ_NS}}}position", {"x": repr(x), "y": repr(y), "z": "0.0"})
        etree.SubElement(el, f"{{{VIZ_NS}}}size", {"value": repr(sizes[n])})

    edges_el = etree.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for i, ((s, t, k), row, w) in enumerate(zip(edges, edge_rows, edge_weights, strict=True)):
        rel = str(row.get("type", k))
        el = etree.SubElement(edges_el, f"{{{GEXF_NS}}}edge", {
            "id": str(i), "source": s, "target": t, "label": str(row.get("label", rel)), "kind": rel,
            "weight": format_value(float(w))})
        add_time(el, e_dates[(s, t, k)])
        add_values(el, "edge", row, edge_types)
        r, g, b = hex_to_rgb(relation_color(rel))
        etree.SubElement(el, f"{{{VIZ_NS}}}color", {"r": str(r), "g": str(g), "b": str(b)})
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def write_gexf(G: nx.MultiDiGraph, dest: str | Path, *, size_by: str = "pagerank",
               timeline: str = "first", layout: str = "auto", seed: int = 42,
               min_size: float = 10.0, max_size: float = 50.0,
               list_sep: str = LIST_SEP) -> list[Path]:
    """Write ``G`` as GEXF 1.3 at ``dest`` (a file, or a folder that gets ``graph.gexf``).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph; it is cleaned (not modified) before writing.
    dest : str or Path
        Destination file; an existing folder receives ``graph.gexf``.
    size_by : str
        Score of ``node["scores"]`` that sizes nodes (``degree`` when no node has it).
    timeline : {"first", "years", "none"}
        Time intervals from document dates (see the module docstring).
    layout : {"auto", "spring", "random", "none"}
        How nodes without ``x``/``y`` are placed; ``seed`` makes it reproducible.
    min_size, max_size : float
        Range of ``viz:size``.
    list_sep : str
        Separator of joined lists.

    Returns
    -------
    list of Path
        The file written (atomically).
    """
    path = Path(dest)
    if path.is_dir():
        path = path / "graph.gexf"
    data = gexf_bytes(G, size_by=size_by, timeline=timeline, layout=layout, seed=seed,
                      min_size=min_size, max_size=max_size, list_sep=list_sep)
    return [atomic_write_bytes(path, data)]
