"""Who surrounds an actor: its ego network, as a sub-graph in the model the map and exports accept.

Examples
--------
>>> import networkx as nx
>>> from maillage.graph.store import add_edge
>>> G = nx.MultiDiGraph()
>>> for v in "abcd":
...     G.add_node(v, name=v.upper(), type="association", aliases=[], documents=[])
>>> add_edge(G, "a", "b", "partner_of"); add_edge(G, "b", "c", "member_of"); add_edge(G, "c", "d", "funds")
>>> sub = ego_network(G, "A", radius=2)
>>> sorted(sub.nodes), sub.nodes["c"]["ego_distance"]
(['a', 'b', 'c'], 2)
"""
from __future__ import annotations

import copy
from typing import Any

import networkx as nx

from ...errors import MaillageError
from .paths import _allowed, resolve


def ego_distances(G: nx.MultiDiGraph, center: Any, *, radius: int = 2,
                  with_co_mentions: bool = False) -> dict[Any, int]:
    """Hop distance from ``center`` (an id) to every actor within ``radius``, links in either direction."""
    allowed = _allowed(with_co_mentions)
    dist = {center: 0}
    frontier = [center]
    for step in range(1, radius + 1):
        nxt = []
        for u in frontier:
            for adj in (G.succ[u], G.pred[u]):
                for v, keys in adj.items():
                    if v not in dist and any(k in allowed for k in keys):
                        dist[v] = step
                        nxt.append(v)
        frontier = nxt
    return dist


def ego_network(G: nx.MultiDiGraph, name: str, *, radius: int = 2, with_co_mentions: bool = False) -> nx.MultiDiGraph:
    """The actors within ``radius`` links of ``name`` and the relations among them, as a new graph.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph model. Not modified (the result holds copies of attributes and evidence).
    name : str
        Name, alias or id of the centre (resolved as in :func:`~.paths.resolve`).
    radius : int
        Number of links from the centre (either direction).
    with_co_mentions : bool
        Follow and keep co-mentions too.

    Returns
    -------
    networkx.MultiDiGraph
        Same model as the graph file: node attributes plus ``ego_distance``; only the documents
        the sub-graph refers to; ``meta["ego"] = {center, name, radius, with_co_mentions}``. Write
        it with :func:`maillage.graph.store.write_graph`.
    """
    if radius < 0:
        raise MaillageError("radius must be >= 0")
    center = resolve(G, name)
    dist = ego_distances(G, center, radius=radius, with_co_mentions=with_co_mentions)
    allowed = _allowed(with_co_mentions)
    sub = nx.MultiDiGraph()
    for v in sorted(dist, key=lambda x: (dist[x], str(x))):
        sub.add_node(v, **copy.deepcopy(dict(G.nodes[v])))
        sub.nodes[v]["ego_distance"] = dist[v]
    for u in sub.nodes:
        for v, keys in G.succ[u].items():
            if v not in dist:
                continue
            for k, d in keys.items():
                if k in allowed:
                    sub.add_edge(u, v, key=k, **copy.deepcopy(dict(d)))
    used = set()
    for _, d in sub.nodes(data=True):
        used.update(d.get("documents") or [])
    for *_, d in sub.edges(data=True):
        used.update(e.get("doc") for e in d.get("evidence") or [])
    sub.graph["documents"] = [dict(doc) for doc in G.graph.get("documents", []) if doc.get("id") in used]
    meta = copy.deepcopy(dict(G.graph.get("meta", {})))
    meta["ego"] = {"center": center, "name": G.nodes[center].get("name", center), "radius": radius,
                   "with_co_mentions": with_co_mentions}
    sub.graph["meta"] = meta
    return sub


def ego_table(sub: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per actor of an ego network: distance, name, type, level, relations inside the sub-graph.

    Sorted by distance, then most relations, then name. ``via`` names the actors one step closer
    to the centre that it is linked to.
    """
    rows = []
    for v, d in sub.nodes(data=True):
        dist = d.get("ego_distance", 0)
        nbrs = set(sub.succ[v]) | set(sub.pred[v])
        via = sorted(str(sub.nodes[u].get("name", u)) for u in nbrs
                     if sub.nodes[u].get("ego_distance", 0) == dist - 1)
        types = sorted({k for _, _, k in sub.out_edges(v, keys=True)} | {k for _, _, k in sub.in_edges(v, keys=True)})
        rows.append({"id": v, "name": d.get("name", v), "type": d.get("type"), "level": d.get("level"),
                     "distance": dist, "relations": sub.degree(v), "relation_types": ", ".join(types),
                     "via": ", ".join(via[:3]) + (" …" if len(via) > 3 else "")})
    rows.sort(key=lambda r: (r["distance"], -r["relations"], str(r["name"]), str(r["id"])))
    return rows
