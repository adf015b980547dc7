"""GraphML for Cytoscape, yEd and networkx: typed attributes, one file.

Each node and edge attribute is declared once as a ``<key>`` with a single type
(``boolean``, ``int``, ``long``, ``double`` or ``string``) chosen across all values, so
Cytoscape makes numeric columns of the scores and networkx reads back ints and floats.
Values are the flat rows of :func:`maillage.exports.sanitize.flat_node` /
:func:`~maillage.exports.sanitize.flat_edge`: lists joined with ``|``, the evidence of an
edge summed up as ``evidence_count``, its first ``sentence`` and its ``docs``, scores as
``score_<measure>``. Edges carry ``id="e<n>"`` (unique) and their relation in ``type``;
symmetric relations are written once, directed ``source -> target``, with
``symmetric=true``.

Examples
--------
>>> import tempfile, pathlib, networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", name="A", type="city"); G.add_node("b", name="B", type="city")
>>> _ = G.add_edge("a", "b", key="partner_of", type="partner_of", evidence=[])
>>> out = write_graphml(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
>>> H = nx.read_graphml(out[0])
>>> H.nodes["a"]["name"], list(H.edges(data="type"))
('A', [('a', 'b', 'partner_of')])
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from .._io import atomic_write_bytes
from .sanitize import (LIST_SEP, coerce, column_types, document_dates, flat_edge, flat_node,
                       format_value, sanitize_graph)

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd"


def graphml_bytes(G: nx.MultiDiGraph, *, list_sep: str = LIST_SEP) -> bytes:
    """The GraphML document for ``G`` (cleaned first), as UTF-8 bytes; deterministic."""
    from lxml import etree

    H = sanitize_graph(G)
    dates = document_dates(H)
    nodes = sorted(H.nodes)
    node_rows = [flat_node(H, n, sep=list_sep, doc_dates=dates) for n in nodes]
    edges = sorted(H.edges(keys=True), key=lambda e: (e[0], e[1], e[2]))
    edge_rows = [flat_edge(H, s, t, k, sep=list_sep, doc_dates=dates) for s, t, k in edges]
    node_types = column_types(node_rows)
    edge_types = column_types(edge_rows)

    root = etree.Element(f"{{{GRAPHML_NS}}}graphml", nsmap={None: GRAPHML_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    key_ids: dict[tuple[str, str], str] = {}
    for domain, types in (("node", node_types), ("edge", edge_types)):
        for name, typ in types.items():
            kid = f"d{len(key_ids)}"
            key_ids[(domain, name)] = kid
            etree.SubElement(root, f"{{{GRAPHML_NS}}}key", {
                "id": kid, "for": domain, "attr.name": name, "attr.type": typ})
    graph = etree.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "G", "edgedefault": "directed"})

    def add_data(parent: Any, domain: str, row: dict[str, Any], types: dict[str, str]) -> None:
        for name in types:
            if name in row:
                el = etree.SubElement(parent, f"{{{GRAPHML_NS}}}data", {"key": key_ids[(domain, name)]})
                el.text = format_value(coerce(row[name], types[name]))

    for n, row in zip(nodes, node_rows, strict=True):
        el = etree.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": n})
        add_data(el, "node", row, node_types)
    for i, ((s, t, _k), row) in enumerate(zip(edges, edge_rows, strict=True)):
        el = etree.SubElement(graph, f"{{{GRAPHML_NS}}}edge", {"id": f"e{i}", "source": s, "target": t})
        add_data(el, "edge", row, edge_types)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def write_graphml(G: nx.MultiDiGraph, dest: str | Path, *, list_sep: str = LIST_SEP) -> list[Path]:
    """Write ``G`` as GraphML at ``dest`` (a file, or a folder that gets ``graph.graphml``).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph; it is cleaned (not modified) before writing.
    dest : str or Path
        Destination file; an existing folder receives ``graph.graphml``.
    list_sep : str
        Separator of joined lists (aliases, documents, evidence docs).

    Returns
    -------
    list of Path
        The file written (atomically).
    """
    path = Path(dest)
    if path.is_dir():
        path = path / "graph.graphml"
    return [atomic_write_bytes(path, graphml_bytes(G, list_sep=list_sep))]
