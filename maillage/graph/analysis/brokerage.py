"""Who brokers between levels and between communities: Gould-Fernandez brokerage roles.

A broker ``j`` sits on a directed two-step path ``i -> j -> k`` where ``i`` has no direct link to
``k``. Depending on the groups of the three actors (their ``level``: local, regional, national,
european, global; or their community), ``j`` plays one of five roles (Gould & Fernandez 1989):

================  ===========================  ===================================================
role              groups                        reads as
================  ===========================  ===================================================
coordinator       i = j = k                     brokers inside its own group
itinerant         i = k != j                    an outsider connecting two members of one group
representative    i = j != k                    carries its group's ties out to another group
gatekeeper        i != j = k                    lets another group's ties into its own group
liaison           i, j, k all different         connects two groups it does not belong to
================  ===========================  ===================================================

Arcs come from the projection (:mod:`.projection`): a stated relation in its direction
(``AFCCRE -member_of-> CEMR``), symmetric relations, co-mentions and links inferred from shared
events both ways. Actors without a group (no ``level``) take no part in level brokerage.

The ``brokerage`` score of an actor is the number of open two-step paths it brokers *between*
groups (all roles but coordinator).

Cost and sampling: the number of two-step paths through a hub grows as the product of its in- and
out-degree. When the graph has more than ``max_triads`` of them in all, the busiest brokers are
estimated from a uniform sample of their paths (drawn with ``numpy.random.default_rng(seed)``)
whose counts are scaled up; the others stay exact. The result says which (``exact``, ``cap``).

Examples
--------
>>> import networkx as nx
>>> H = nx.DiGraph([("dijon", "afccre"), ("afccre", "cemr")])
>>> levels = {"dijon": "local", "afccre": "national", "cemr": "european"}
>>> brokerage_roles(H, levels)["afccre"]["liaison"]
1.0
"""
from __future__ import annotations

from typing import Any, Mapping

import networkx as nx
import numpy as np

from ...schema import LEVELS
from .projection import Projection, as_projection

ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
#: The roles that cross a group boundary (summed into the ``brokerage`` score).
CROSS_ROLES: tuple[str, ...] = ROLES[1:]
#: Above this many two-step paths in all, the busiest brokers are sampled.
MAX_TRIADS = 10_000_000
_CHUNK = 4_000_000


def level_groups(proj: Projection) -> np.ndarray:
    """Group of each node by level (index in :data:`maillage.schema.LEVELS`, -1 when unknown)."""
    pos = {lv: i for i, lv in enumerate(LEVELS)}
    return np.array([pos.get(proj.attrs.get(v, {}).get("level"), -1) for v in proj.nodes], dtype=np.int64)


def role_counts(n: int, arc_src: np.ndarray, arc_dst: np.ndarray, groups: np.ndarray, *, seed: int = 42,
                max_triads: int = MAX_TRIADS) -> tuple[np.ndarray, dict[str, Any]]:
    """Count each node's brokerage roles on a directed graph given as sorted unique arcs.

    Parameters
    ----------
    n : int
        Number of nodes.
    arc_src, arc_dst : numpy.ndarray
        Arcs as index arrays, sorted by ``(src, dst)``, unique, no self-loops.
    groups : numpy.ndarray
        Group of each node (int), -1 to leave a node out.
    seed : int
        Seed for the sample of the busiest brokers' paths.
    max_triads : int
        Budget of two-step paths examined.

    Returns
    -------
    counts : numpy.ndarray
        Shape ``(n, 5)``, columns in :data:`ROLES` order (float: sampled counts are scaled).
    info : dict
        ``exact`` (bool), ``cap`` (paths examined per broker at most, or None), ``paths`` (total).
    """
    (counts,), info = role_counts_multi(n, arc_src, arc_dst, [groups], seed=seed, max_triads=max_triads)
    return counts, info


def role_counts_multi(n: int, arc_src: np.ndarray, arc_dst: np.ndarray, groups: list[np.ndarray], *,
                      seed: int = 42, max_triads: int = MAX_TRIADS) -> tuple[list[np.ndarray], dict[str, Any]]:
    """:func:`role_counts` for several groupings at once, sharing the enumeration of paths.

    A path counts for a grouping when its three actors all have a group (>= 0) in it. The paths
    enumerated (or sampled) are those among actors grouped in at least one grouping.
    """
    n_roles = len(ROLES)
    counts = [np.zeros((n, n_roles), dtype=np.float64) for _ in groups]
    grouped = np.zeros(n, dtype=bool)
    for g in groups:
        grouped |= g >= 0
    keep = grouped[arc_src] & grouped[arc_dst] & (arc_src != arc_dst)
    a_src, a_dst = arc_src[keep].astype(np.int64), arc_dst[keep].astype(np.int64)
    keys = a_src * n + a_dst
    if len(keys) > 1 and np.any(np.diff(keys) <= 0):
        keys, first = np.unique(keys, return_index=True)
        a_src, a_dst = a_src[first], a_dst[first]
    out_ptr = np.searchsorted(a_src, np.arange(n + 1))
    order = np.lexsort((a_src, a_dst))
    in_idx = a_src[order]
    in_ptr = np.searchsorted(a_dst[order], np.arange(n + 1))
    indeg = np.diff(in_ptr)
    outdeg = np.diff(out_ptr)
    work = indeg * outdeg
    total = int(work.sum())
    info: dict[str, Any] = {"exact": True, "cap": None, "paths": total}
    if total == 0:
        return counts, info
    cap = int(work.max())
    if total > max_triads:
        lo, hi = 1, cap
        while lo < hi:  # largest cap with sum(min(work, cap)) <= max_triads
            mid = (lo + hi + 1) // 2
            if int(np.minimum(work, mid).sum()) <= max_triads:
                lo = mid
            else:
                hi = mid - 1
        cap = lo
        info.update(exact=False, cap=cap)

    def tally(j: np.ndarray, i: np.ndarray, k: np.ndarray, w: np.ndarray | None) -> None:
        pk = i * n + k
        pos = np.minimum(np.searchsorted(keys, pk), len(keys) - 1)
        valid = (i != k) & (keys[pos] != pk)
        j, i, k = j[valid], i[valid], k[valid]
        ww = None if w is None else w[valid]
        for g, out in zip(groups, counts):
            gi, gj, gk = g[i], g[j], g[k]
            ok = (gi >= 0) & (gj >= 0) & (gk >= 0)
            gi, gj, gk = gi[ok], gj[ok], gk[ok]
            role = np.full(len(gi), 4, dtype=np.int64)  # liaison
            role[(gi == gk) & (gi != gj)] = 1  # itinerant
            role[(gi == gj) & (gj != gk)] = 2  # representative
            role[(gj == gk) & (gi != gj)] = 3  # gatekeeper
            role[(gi == gj) & (gj == gk)] = 0  # coordinator
            out += np.bincount(j[ok] * n_roles + role, weights=None if ww is None else ww[ok],
                               minlength=n * n_roles).reshape(n, n_roles)

    full = np.flatnonzero((work > 0) & (work <= cap))
    start = 0
    cum = np.cumsum(work[full])
    while start < len(full):
        base = cum[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(cum, base + _CHUNK, side="right")))
        js = full[start:stop]
        cnt = work[js]
        rep = np.repeat(js, cnt)
        offs = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        s = outdeg[rep]
        i = in_idx[in_ptr[rep] + offs // s]
        k = a_dst[out_ptr[rep] + offs % s]
        tally(rep, i, k, None)
        start = stop

    big = np.flatnonzero(work > cap)
    if len(big):
        rng = np.random.default_rng(seed)
        per_chunk = max(1, _CHUNK // cap)
        for b0 in range(0, len(big), per_chunk):
            js = big[b0:b0 + per_chunk]
            rep = np.repeat(js, cap)
            i = in_idx[in_ptr[rep] + (rng.random(len(rep)) * indeg[rep]).astype(np.int64)]
            k = a_dst[out_ptr[rep] + (rng.random(len(rep)) * outdeg[rep]).astype(np.int64)]
            tally(rep, i, k, work[rep] / cap)
    return counts, info


def _table(nodes: list[Any], counts: np.ndarray) -> dict[Any, dict[str, float]]:
    out = {}
    for v, row in zip(nodes, counts.tolist()):
        if any(row):
            d = dict(zip(ROLES, row))
            d["total"] = float(sum(row[1:]))
            out[v] = d
    return out


def brokerage(G: Any, *, by: str = "level", membership: Mapping[Any, int] | None = None, seed: int = 42,
              max_triads: int = MAX_TRIADS, **options: Any) -> dict[str, Any]:
    """Gould-Fernandez brokerage roles between levels or between communities.

    Parameters
    ----------
    G : graph
        The maillage MultiDiGraph (projected with ``options``) or a Projection. Not modified.
    by : {"level", "community"}
        Groups: node ``level`` or community membership.
    membership : mapping, optional
        ``{node: community}`` when ``by="community"`` (computed with Louvain, seeded, if omitted).
    seed : int
    max_triads : int
        Budget of two-step paths examined (module docstring).

    Returns
    -------
    dict
        ``groups`` (what was used), ``exact``, ``cap``, ``paths``, ``totals`` ({role: count}) and
        ``roles`` ({node: {role: count, "total": cross-group count}}, nodes with no role left out).

    Examples
    --------
    >>> import networkx as nx
    >>> from maillage.graph.store import add_edge
    >>> G = nx.MultiDiGraph()
    >>> for n, lv in [("a", "local"), ("b", "national"), ("c", "national")]:
    ...     G.add_node(n, name=n, type="association", level=lv)
    >>> add_edge(G, "a", "b", "member_of"); add_edge(G, "b", "c", "member_of")
    >>> brokerage(G)["roles"]["b"]["gatekeeper"]
    1.0
    """
    proj = as_projection(G, **options)
    if by == "level":
        groups = level_groups(proj)
    elif by == "community":
        if membership is None:
            from .communities import membership_array

            groups = membership_array(proj, seed=seed)
        else:
            groups = np.array([int(membership.get(v, -1)) for v in proj.nodes], dtype=np.int64)
    else:
        from ...errors import MaillageError

        raise MaillageError(f"brokerage groups must be 'level' or 'community', not {by!r}")
    counts, info = role_counts(proj.n, proj.arc_src, proj.arc_dst, groups, seed=seed, max_triads=max_triads)
    return {"groups": by, **info, "totals": dict(zip(ROLES, counts.sum(axis=0).tolist())),
            "roles": _table(proj.nodes, counts)}


def brokerage_roles(D: nx.DiGraph, groups: Mapping[Any, Any], *, seed: int = 42,
                    max_triads: int = MAX_TRIADS) -> dict[Any, dict[str, float]]:
    """Brokerage roles on a plain directed graph with a ``{node: group}`` mapping (groups of any type).

    Nodes missing from ``groups`` (or mapped to None) take no part. Returns ``{node: {role: count,
    "total": cross-group count}}`` for nodes with at least one role.
    """
    nodes = sorted(D.nodes, key=lambda x: (type(x).__name__, x))
    idx = {v: i for i, v in enumerate(nodes)}
    labels = sorted({g for g in groups.values() if g is not None}, key=repr)
    gid = {g: i for i, g in enumerate(labels)}
    g_arr = np.array([gid.get(groups.get(v), -1) if groups.get(v) is not None else -1 for v in nodes],
                     dtype=np.int64)
    n = len(nodes)
    keys = np.array(sorted({idx[u] * n + idx[v] for u, v in D.edges if u != v}), dtype=np.int64)
    counts, _ = role_counts(n, keys // max(n, 1), keys % max(n, 1), g_arr, seed=seed, max_triads=max_triads)
    return _table(nodes, counts)
