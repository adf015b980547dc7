"""Which clusters of actors work together: Louvain (seeded) or Leiden, with modularity and labels.

- ``algorithm="louvain"``: networkx's ``louvain_communities(seed=)`` on small graphs (the
  reference), igraph's multilevel algorithm (the same method, in C) above
  :data:`~.centrality.IGRAPH_MIN_EDGES` links, with igraph's random generator seeded.
- ``algorithm="leiden"``: igraph's Leiden (modularity objective, iterated until stable), seeded.
  It guarantees connected communities and is the faster of the two on large graphs.

Communities are numbered by decreasing size (ties: the smallest member id first), so the
numbering does not depend on the algorithm's internal labels. Each is labelled by the names of
its most central members (PageRank unless scores are given). Isolated actors are communities of one.

Examples
--------
>>> import networkx as nx
>>> H = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3))
>>> res = communities(H, seed=1)
>>> [c["size"] for c in res["communities"]], round(res["modularity"], 3)
([4, 3], 0.444)
"""
from __future__ import annotations

from typing import Any, Literal, Mapping

import networkx as nx
import numpy as np

from ...errors import MaillageError
from .centrality import Backend, pagerank_array, use_igraph
from .projection import Projection, as_projection, seeded_igraph

Algorithm = Literal["louvain", "leiden"]
#: Members named in a community's label.
LABEL_MEMBERS = 3


def membership_array(proj: Projection, *, algorithm: Algorithm = "louvain", seed: int = 42,
                     resolution: float = 1.0, backend: Backend = "auto") -> np.ndarray:
    """Community of each node, numbered by decreasing size then smallest member (int64 array)."""
    n = proj.n
    if algorithm not in ("louvain", "leiden"):
        raise MaillageError(f"unknown community algorithm {algorithm!r} (expected louvain or leiden)")
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if proj.m == 0:
        raw = np.arange(n)
    elif algorithm == "leiden":
        with seeded_igraph(seed):
            part = proj.to_igraph().community_leiden(objective_function="modularity", weights="weight",
                                                     resolution=resolution, n_iterations=-1)
        raw = np.array(part.membership, dtype=np.int64)
    elif use_igraph(proj, backend):
        with seeded_igraph(seed):
            part = proj.to_igraph().community_multilevel(weights="weight", resolution=resolution)
        raw = np.array(part.membership, dtype=np.int64)
    else:
        comms = nx.community.louvain_communities(proj.to_networkx(), weight="weight",
                                                 resolution=resolution, seed=seed)
        raw = np.empty(n, dtype=np.int64)
        idx = proj.index
        for c, members in enumerate(comms):
            for v in members:
                raw[idx[v]] = c
    return _renumber(raw)


def _renumber(raw: np.ndarray) -> np.ndarray:
    labels, first, counts = np.unique(raw, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))  # by size desc, then smallest member
    remap = np.empty(len(labels), dtype=np.int64)
    remap[order] = np.arange(len(labels))
    return remap[np.searchsorted(labels, raw)]


def modularity_of(proj: Projection, membership: np.ndarray, *, resolution: float = 1.0,
                  backend: Backend = "auto") -> float:
    """Weighted modularity of a partition (0.0 for a graph without links)."""
    if proj.m == 0 or proj.weight.sum() == 0:
        return 0.0
    if use_igraph(proj, backend):
        return float(proj.to_igraph().modularity([int(c) for c in membership], weights="weight",
                                                 resolution=resolution))
    groups: dict[int, set[Any]] = {}
    for v, c in zip(proj.nodes, membership.tolist()):
        groups.setdefault(c, set()).add(v)
    return float(nx.community.modularity(proj.to_networkx(), list(groups.values()), weight="weight",
                                         resolution=resolution))


def describe(proj: Projection, membership: np.ndarray, scores: np.ndarray,
             *, label_members: int = LABEL_MEMBERS) -> list[dict[str, Any]]:
    """One entry per community: ``id``, ``size``, ``label`` and ``members`` (most central first)."""
    if proj.n == 0:
        return []
    names = [str(proj.attrs.get(v, {}).get("name", v)) for v in proj.nodes]
    order = np.lexsort((np.arange(proj.n), -scores, membership))  # by community, score desc, index
    bounds = np.searchsorted(membership[order], np.arange(int(membership.max()) + 2))
    out = []
    for c in range(int(membership.max()) + 1):
        members = order[bounds[c]:bounds[c + 1]]
        top = [names[i] for i in members[:label_members]]
        out.append({"id": c, "size": int(len(members)), "label": " · ".join(top),
                    "members": [proj.nodes[i] for i in members]})
    return out


def communities(G: Any, *, algorithm: Algorithm = "louvain", seed: int = 42, resolution: float = 1.0,
                backend: Backend = "auto", scores: Mapping[Any, float] | None = None,
                **options: Any) -> dict[str, Any]:
    """Clusters of actors that are more linked to each other than to the rest.

    Parameters
    ----------
    G : graph
        MultiDiGraph (projected with ``options``), undirected nx.Graph or Projection. Not modified.
    algorithm : {"louvain", "leiden"}
    seed : int
        Same graph, same seed, same communities.
    resolution : float
        Above 1, more and smaller communities.
    backend : {"auto", "networkx", "igraph"}
        For Louvain and modularity (Leiden always runs on igraph).
    scores : mapping, optional
        Centrality used to order members and label communities (default: PageRank).

    Returns
    -------
    dict
        ``algorithm``, ``modularity``, ``count``, ``membership`` ({node: community id}) and
        ``communities`` (list of ``{id, size, label, members}``, largest first).

    Examples
    --------
    >>> import networkx as nx
    >>> res = communities(nx.barbell_graph(5, 0), seed=3)
    >>> res["count"], sorted(res["membership"].values()).count(0)
    (2, 5)
    """
    proj = as_projection(G, **options)
    membership = membership_array(proj, algorithm=algorithm, seed=seed, resolution=resolution, backend=backend)
    if scores is None:
        score_arr = pagerank_array(proj, backend=backend)
    else:
        score_arr = np.array([float(scores.get(v, 0.0)) for v in proj.nodes])
    comms = describe(proj, membership, score_arr)
    return {"algorithm": algorithm, "seed": seed, "resolution": resolution,
            "modularity": modularity_of(proj, membership, resolution=resolution, backend=backend),
            "count": len(comms), "membership": {v: int(c) for v, c in zip(proj.nodes, membership.tolist())},
            "communities": comms}
