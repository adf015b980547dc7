"""The whole analysis in one call (:func:`analyse`) and its scores written onto a copy of the graph (:func:`annotate`).

Examples
--------
>>> import networkx as nx
>>> from maillage.graph.store import add_edge
>>> G = nx.MultiDiGraph()
>>> for v, lv in [("a", "local"), ("b", "national"), ("c", "european")]:
...     G.add_node(v, name=v.upper(), type="association", level=lv)
>>> add_edge(G, "a", "b", "member_of", [{"doc": "d", "start": 0}])
>>> add_edge(G, "b", "c", "member_of", [{"doc": "d", "start": 9}])
>>> res = analyse(G, by="betweenness", top=1)
>>> res["ranking"][0]["name"], res["ranking"][0]["score"]
('B', 1.0)
>>> annotate(G, res).nodes["b"]["scores"]["brokerage"]
1.0
>>> "scores" in G.nodes["b"]
False
"""
from __future__ import annotations

import math
from typing import Any, Callable, Iterable

import networkx as nx
import numpy as np

from ...errors import MaillageError
from ...schema import CO_MENTION, RELATION_TYPES, check_node_type
from . import centrality as C
from .brokerage import CROSS_ROLES, ROLES, level_groups, role_counts_multi
from .communities import Algorithm, describe, membership_array, modularity_of
from .projection import INFERRED_BIT, Actors, projection

#: ``progress(step, done, total)``: called before each step, and once more with ``done == total``.
Progress = Callable[[str, int, int], None]

#: Scores set on every actor of the projection (``node["scores"]``).
MEASURES: tuple[str, ...] = ("pagerank", "degree", "weighted_degree", "betweenness", "closeness", "eigenvector",
                             "constraint", "effective_size", "core", "brokerage", "brokerage_communities",
                             "articulation_point")
#: Measures the ranking can be ordered by (all descending except constraint: low constraint, more brokerage).
RANKABLE: tuple[str, ...] = MEASURES[:-1]
_ASCENDING = {"constraint"}

_STEPS = ("projection", "degree", "pagerank", "betweenness", "closeness", "eigenvector", "constraint",
          "effective size", "bridges and cut points", "k-core", "communities",
          "brokerage (levels, communities)", "ranking")
_TOP_BROKERS = 20
_WHY = 5


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def analyse(G: nx.MultiDiGraph, *, by: str = "pagerank", types: Iterable[str] | str | None = None, top: int = 20,
            seed: int = 42, with_co_mentions: bool = False, actors: Actors = "all",
            progress: Progress | None = None, algorithm: Algorithm = "louvain", backend: C.Backend = "auto",
            samples: int | None = None) -> dict[str, Any]:
    """Every measure of influence on the graph, a ranking, communities and brokers.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph model. Not modified.
    by : str
        Measure the ranking is ordered by (one of :data:`RANKABLE`; the CLI offers pagerank,
        degree, betweenness, eigenvector, brokerage).
    types : iterable of str or comma-separated str, optional
        Only actors of these types in the ranking (all actors are still measured).
    top : int
        Length of the ranking.
    seed : int
        Seed of every random choice (sampled sources, Louvain, brokerage sample).
    with_co_mentions : bool
        Count co-mentions (at a lower weight); see :mod:`.projection`.
    actors : {"all", "organisations"}
        ``"organisations"`` folds persons into the organisations they work for.
    progress : callable, optional
        ``progress(step, done, total)`` for a progress display (called from this thread).
    algorithm : {"louvain", "leiden"}
        Community detection.
    backend : {"auto", "networkx", "igraph"}
        Kernels (``auto``: networkx on small graphs, igraph above ``IGRAPH_MIN_EDGES`` links).
    samples : int, optional
        Force the number of sampled sources for betweenness and closeness.

    Returns
    -------
    dict
        ``options``, ``graph`` (key figures and how each measure was computed), ``scores``
        ({node: {measure: value}}), ``ranking`` (top actors with scores and why: their strongest
        relations), ``communities`` (algorithm, modularity, membership, list), ``brokerage``
        (``levels`` and ``communities``: exactness, role totals, top brokers), ``bridges``,
        ``articulation_points``. JSON-safe and deterministic: same graph, same seed, same output.
    """
    if by not in RANKABLE:
        raise MaillageError(f"cannot rank by {by!r} (expected one of {', '.join(RANKABLE)})")
    if isinstance(types, str):
        types = [t for t in (x.strip() for x in types.split(",")) if t]
    type_filter = sorted({check_node_type(t) for t in types}) if types else None
    if top < 0:
        raise MaillageError("top must be >= 0")
    total = len(_STEPS)

    def step(i: int) -> None:
        if progress is not None:
            progress(_STEPS[i] if i < total else "done", i, total)

    step(0)
    proj = projection(G, with_co_mentions=with_co_mentions, actors=actors)
    fast = C.use_igraph(proj, backend)
    n = proj.n
    step(1)
    deg = C.degree_array(proj)
    strength = proj.strength()
    step(2)
    pr = C.pagerank_array(proj, backend=backend)
    step(3)
    exact, k = C.sampling_plan(proj, samples)
    btw = C.betweenness_array(proj, seed=seed, samples=samples, backend=backend)
    step(4)
    clo = C.closeness_array(proj, seed=seed, samples=samples, backend=backend)
    step(5)
    eig = C.eigenvector_array(proj, backend=backend)
    step(6)
    con = C.constraint_array(proj, backend=backend)
    step(7)
    esz = C.effective_size_array(proj, backend=backend)
    step(8)
    bridges = C.bridges_idx(proj, backend=backend)
    cut = C.articulation_idx(proj, backend=backend)
    step(9)
    core = C.core_array(proj, backend=backend)
    step(10)
    membership = membership_array(proj, algorithm=algorithm, seed=seed, backend=backend)
    comms = describe(proj, membership, pr)
    modularity = modularity_of(proj, membership, backend=backend)
    step(11)
    # both groupings in one pass over the two-step paths (the expensive part is shared)
    (lv_counts, cm_counts), info = role_counts_multi(n, proj.arc_src, proj.arc_dst, [level_groups(proj), membership],
                                                     seed=seed)
    lv_info = cm_info = info
    step(12)

    lv_total = lv_counts[:, 1:].sum(axis=1) if n else np.zeros(0)
    cm_total = cm_counts[:, 1:].sum(axis=1) if n else np.zeros(0)
    is_cut = np.zeros(n, dtype=bool)
    is_cut[cut] = True
    columns = {"pagerank": pr, "degree": deg, "weighted_degree": strength, "betweenness": btw, "closeness": clo,
               "eigenvector": eig, "constraint": con, "effective_size": esz, "brokerage": lv_total,
               "brokerage_communities": cm_total}
    lists = {name: arr.tolist() for name, arr in columns.items()}
    core_l = core.tolist()
    cut_l = is_cut.tolist()
    scores: dict[Any, dict[str, Any]] = {}
    for i, v in enumerate(proj.nodes):
        row = {name: _finite(vals[i]) for name, vals in lists.items()}
        row["core"] = int(core_l[i])
        row["articulation_point"] = bool(cut_l[i])
        scores[v] = row

    # ranking
    key_arr = lv_total if by == "brokerage" else cm_total if by == "brokerage_communities" else \
        core.astype(np.float64) if by == "core" else columns[by]
    vals = np.where(np.isfinite(key_arr), key_arr, np.inf if by in _ASCENDING else -np.inf)
    order = np.lexsort((np.arange(n), vals if by in _ASCENDING else -vals))
    labels = [c["label"] for c in comms]
    ranking = []
    for i in order.tolist():
        v = proj.nodes[i]
        attrs = proj.attrs.get(v, {})
        if type_filter and attrs.get("type") not in type_filter:
            continue
        if len(ranking) >= top:
            break
        ranking.append({"rank": len(ranking) + 1, "id": v, "name": attrs.get("name", v), "type": attrs.get("type"),
                        "level": attrs.get("level"), "score": scores[v][by], "scores": scores[v],
                        "community": int(membership[i]), "community_label": labels[int(membership[i])],
                        "why": why(G, v, scores, with_co_mentions=with_co_mentions)})

    def top_brokers(counts: np.ndarray, totals: np.ndarray) -> list[dict[str, Any]]:
        rows = []
        for i in np.lexsort((np.arange(n), -totals))[:_TOP_BROKERS].tolist():
            if totals[i] <= 0:
                break
            v = proj.nodes[i]
            attrs = proj.attrs.get(v, {})
            rows.append({"id": v, "name": attrs.get("name", v), "type": attrs.get("type"), "level": attrs.get("level"),
                         "community": int(membership[i]), "total": float(totals[i]),
                         **{r: float(x) for r, x in zip(ROLES, counts[i].tolist())}})
        return rows

    def broker_block(counts: np.ndarray, totals: np.ndarray, info: dict[str, Any], groups: str) -> dict[str, Any]:
        return {"groups": groups, **info, "roles": list(ROLES), "cross_roles": list(CROSS_ROLES),
                "totals": dict(zip(ROLES, counts.sum(axis=0).tolist() if n else [0.0] * len(ROLES))),
                "top": top_brokers(counts, totals)}

    comp = C.component_labels(proj)
    sizes = np.bincount(comp) if n else np.zeros(0, dtype=np.int64)
    n_inferred = int(np.count_nonzero(proj.mask == INFERRED_BIT))
    result = {
        "options": {"by": by, "types": type_filter, "top": top, "seed": seed, "with_co_mentions": with_co_mentions,
                    "actors": actors, "algorithm": algorithm, "backend": backend, "samples": samples},
        "graph": {
            "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "documents": len(G.graph.get("documents", [])),
            "relations": proj.stats["relations"], "co_mentions": proj.stats["co_mentions"],
            "actors": n, "links": proj.m, "inferred_links": n_inferred,
            "density": (2.0 * proj.m / (n * (n - 1))) if n > 1 else 0.0,
            "components": int(len(sizes)), "largest_component": int(sizes.max()) if n else 0,
            "isolated": int(np.count_nonzero(proj.degree() == 0)),
            "projection": proj.stats,
            "kernel": "igraph" if fast else "networkx",
            "betweenness": {"exact": exact, "sources": k},
            "closeness": {"exact": exact, "sources": k},
        },
        "scores": scores,
        "ranking": ranking,
        "communities": {"algorithm": algorithm, "seed": seed, "modularity": modularity, "count": len(comms),
                        "membership": {v: int(c) for v, c in zip(proj.nodes, membership.tolist())},
                        "communities": comms},
        "brokerage": {"levels": broker_block(lv_counts, lv_total, lv_info, "level"),
                      "communities": broker_block(cm_counts, cm_total, cm_info, "community")},
        "bridges": [[proj.nodes[a], proj.nodes[b]] for a, b in bridges],
        "articulation_points": [proj.nodes[i] for i in cut],
    }
    step(total)
    return result


def why(G: nx.MultiDiGraph, v: Any, scores: dict[Any, dict[str, Any]] | None = None, *,
        with_co_mentions: bool = False, limit: int = _WHY) -> list[dict[str, Any]]:
    """An actor's relations that explain its rank: its neighbours, most central first.

    Each entry: ``id``, ``name``, ``relations`` (sorted ``"member_of ->"`` / ``"<- funds"`` labels),
    ``evidences`` (how many). Ordered by the neighbour's PageRank when ``scores`` are given, then by
    evidences, then id.
    """
    rows: dict[Any, dict[str, Any]] = {}
    for adj, out in ((G.succ[v], True), (G.pred[v], False)):
        for u, keys in adj.items():
            if u == v:
                continue
            for k, d in keys.items():
                if k == CO_MENTION and not with_co_mentions:
                    continue
                r = rows.setdefault(u, {"id": u, "name": G.nodes[u].get("name", u), "type": G.nodes[u].get("type"),
                                        "relations": set(), "evidences": 0})
                sym = RELATION_TYPES[k].symmetric if k in RELATION_TYPES else False
                r["relations"].add(k if sym else (f"{k} ->" if out else f"<- {k}"))
                r["evidences"] += int(d.get("weight") or len(d.get("evidence") or []))
    scores = scores or {}

    def rank(r: dict[str, Any]) -> tuple[Any, ...]:
        pr = (scores.get(r["id"]) or {}).get("pagerank") or 0.0
        return (-pr, -r["evidences"], str(r["id"]))

    out_rows = sorted(rows.values(), key=rank)[:limit]
    for r in out_rows:
        r["relations"] = sorted(r["relations"])
    return out_rows


def why_text(rows: list[dict[str, Any]]) -> str:
    """``why`` rows as one line: ``member_of -> CEMR; partner_of MEAE (2)``."""
    parts = []
    for r in rows:
        rel = "/".join(r["relations"])
        parts.append(f"{rel} {r['name']}" + (f" ({r['evidences']})" if r["evidences"] > 1 else ""))
    return "; ".join(parts)


def annotate(G: nx.MultiDiGraph, results: dict[str, Any]) -> nx.MultiDiGraph:
    """A copy of ``G`` with the scores of :func:`analyse` as node attributes.

    Sets ``node["scores"]`` (the measures of :data:`MEASURES`), ``node["community"]`` and
    ``node["community_label"]`` on every actor that was measured, removes stale ones from the
    others (for instance events, projected away), and records the options in
    ``graph["meta"]["analysis"]``. G itself is not modified (node and graph attribute dicts are
    new; edge data and evidence lists are shared with G, not copied).
    """
    H = G.copy()
    scores = results.get("scores", {})
    comm = results.get("communities", {})
    membership = comm.get("membership", {})
    labels = {c["id"]: c["label"] for c in comm.get("communities", [])}
    for v, d in H.nodes(data=True):
        for key in ("scores", "community", "community_label"):
            d.pop(key, None)
        if v in scores:
            d["scores"] = dict(scores[v])
        if v in membership:
            d["community"] = int(membership[v])
            d["community_label"] = labels.get(membership[v], "")
    meta = dict(G.graph.get("meta", {}))
    graph = results.get("graph", {})
    meta["analysis"] = {"options": dict(results.get("options", {})), "modularity": comm.get("modularity"),
                        "communities": comm.get("count"), "measures": list(MEASURES),
                        "betweenness": graph.get("betweenness"), "kernel": graph.get("kernel")}
    H.graph = {**H.graph, "meta": meta}
    return H
