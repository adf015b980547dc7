"""Node-link JSON for web tools (d3, sigma.js, Cytoscape.js converters), one file.

The document is what :func:`networkx.node_link_data` gives for the cleaned graph, so
``networkx.node_link_graph(data, edges="edges")`` reads it back::

    {"directed": true, "multigraph": true,
     "graph": {"documents": [...], "meta": {...}},
     "nodes": [{"id": ..., "name": ..., "type": ..., "aliases": [...], "scores": {...}, ...}],
     "edges": [{"source": ..., "target": ..., "key": "member_of", "type": "member_of",
                "weight": 1, "evidence": [{doc, sentence, start, end, date, lang, method}]}]}

Lists stay lists, evidence stays whole. The JSON is strict (missing numbers are ``null``,
never ``NaN``), UTF-8, keys sorted, nodes and edges sorted: the same graph gives the same
bytes. ``edges_key="links"`` names the edge list as d3's force layout expects.

Examples
--------
>>> import tempfile, pathlib, json, networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", name="A", scores={"pagerank": float("nan")})
>>> out = write_json(G, pathlib.Path(tempfile.mkdtemp()) / "g.json")
>>> json.loads(out[0].read_text(encoding="utf-8"))["nodes"]
[{'id': 'a', 'name': 'A', 'scores': {'pagerank': None}}]
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from .._io import atomic_write_text, dumps_json
from ..errors import ExportError
from .sanitize import sanitize_graph


def node_link(G: nx.MultiDiGraph, *, edges_key: str = "edges") -> dict[str, Any]:
    """The node-link mapping of the cleaned ``G`` (sorted), as networkx builds it."""
    if edges_key not in ("edges", "links"):
        raise ExportError(f"edges_key must be 'edges' or 'links', not {edges_key!r}")
    H = sanitize_graph(G)
    data = nx.node_link_data(H, edges=edges_key)
    data["nodes"] = sorted(data["nodes"], key=lambda d: str(d["id"]))
    data[edges_key] = sorted(data[edges_key],
                             key=lambda d: (str(d["source"]), str(d["target"]), str(d.get("key"))))
    return data


def write_json(G: nx.MultiDiGraph, dest: str | Path, *, edges_key: str = "edges",
               indent: int | None = 2) -> list[Path]:
    """Write ``G`` as node-link JSON at ``dest`` (a file, or a folder that gets ``graph.nodelink.json``).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph; it is cleaned (not modified) before writing.
    dest : str or Path
        Destination file; an existing folder receives ``graph.nodelink.json``.
    edges_key : {"edges", "links"}
        Name of the edge list (``links`` for d3).
    indent : int or None
        Pretty-printing indent; ``None`` for one compact line.

    Returns
    -------
    list of Path
        The file written (atomically).
    """
    path = Path(dest)
    if path.is_dir():
        path = path / "graph.nodelink.json"
    return [atomic_write_text(path, dumps_json(node_link(G, edges_key=edges_key), indent=indent))]
