"""Reference implementations, written for clarity not speed, that the fast code is checked against."""
from __future__ import annotations

from itertools import combinations
from typing import Any

import networkx as nx

from maillage.graph.analysis.projection import (
    _REL_BIT, _SYMMETRIC, CO_MENTION_WEIGHT, FOLDED_BIT, INFERRED_BIT, INFERRED_WEIGHT, MAX_EVENT_PARTICIPANTS,
    Projection, _from_pairs, _sort_nodes,
)
from maillage.schema import CO_MENTION, RELATION_TYPES


def reference_projection(G, *, with_co_mentions=False, actors="all", events="project",
                         co_mention_weight=CO_MENTION_WEIGHT, inferred_weight=INFERRED_WEIGHT,
                         max_event_participants=MAX_EVENT_PARTICIPANTS) -> Projection:
    """The projection rules, one edge at a time with dicts and sets."""
    allowed = {name for name, r in RELATION_TYPES.items() if r.stated}
    if with_co_mentions:
        allowed.add(CO_MENTION)
    ntype = {v: d.get("type") for v, d in G.nodes(data=True)}

    # persons -> their organisations (when folding)
    employers: dict[Any, list[Any]] = {}
    dropped_persons: list[Any] = []
    if actors == "organisations":
        for v, t in ntype.items():
            if t != "person":
                continue
            orgs = {o for o, keys in G.succ[v].items() if "works_for" in keys and ntype.get(o) != "person"
                    and ntype.get(o) != "event"}
            if orgs:
                employers[v] = _sort_nodes(orgs)
            else:
                dropped_persons.append(v)

    # events: who is attached to each, and which ones stay nodes
    event_nodes = [v for v, t in ntype.items() if t == "event"] if events == "project" else []
    participants: dict[Any, set[Any]] = {}
    kept_events: list[Any] = []
    for e in event_nodes:
        attached: set[Any] = set()
        for nbrs in (G.succ[e], G.pred[e]):
            for other, keys in nbrs.items():
                if other == e or ntype.get(other) == "event" or not any(k in allowed for k in keys):
                    continue
                if ntype.get(other) == "person" and actors == "organisations":
                    attached.update(employers.get(other, ()))
                else:
                    attached.add(other)
        if len(attached) > max_event_participants:
            kept_events.append(e)
        else:
            participants[e] = attached

    excluded = set(participants) | set(employers) | set(dropped_persons)
    nodes = _sort_nodes(v for v in G.nodes if v not in excluded)
    n = len(nodes)
    idx = {v: i for i, v in enumerate(nodes)}
    rep: dict[Any, tuple[int, ...]] = {v: (i,) for v, i in idx.items()}
    for p, orgs in employers.items():
        rep[p] = tuple(idx[o] for o in orgs if o in idx)
    for p in dropped_persons:
        rep[p] = ()
    folded_nodes = set(employers)

    weights: dict[int, float] = {}
    masks: dict[int, int] = {}
    arcs: set[int] = set()
    projected = participants  # events replaced by cliques
    for u, v, k, d in G.edges(keys=True, data=True):
        if k not in allowed or u in projected or v in projected:
            continue
        ru, rv = rep[u], rep[v]
        if not ru or not rv:
            continue
        w = d.get("weight") or 1
        if w < 1:
            w = 1
        if k == CO_MENTION:
            w = w * co_mention_weight
        bit = _REL_BIT[k]
        if u in folded_nodes or v in folded_nodes:
            bit |= FOLDED_BIT
        both = k in _SYMMETRIC
        for a in ru:
            for b in rv:
                if a == b:
                    continue
                key = a * n + b if a < b else b * n + a
                weights[key] = weights.get(key, 0.0) + w
                masks[key] = masks.get(key, 0) | bit
                arcs.add(a * n + b)
                if both:
                    arcs.add(b * n + a)
    n_inferred = 0
    for e in _sort_nodes(projected):
        members = sorted(idx[x] for x in projected[e] if x in idx)
        for a, b in combinations(members, 2):
            key = a * n + b
            weights[key] = weights.get(key, 0.0) + inferred_weight
            masks[key] = masks.get(key, 0) | INFERRED_BIT
            arcs.add(key)
            arcs.add(b * n + a)
            n_inferred += 1

    proj = _from_pairs(nodes, n, weights, masks, arcs)
    proj.options = {"with_co_mentions": bool(with_co_mentions), "actors": actors, "events": events,
                    "co_mention_weight": co_mention_weight, "inferred_weight": inferred_weight,
                    "max_event_participants": max_event_participants}
    proj.stats = {"events_projected": len(projected), "events_kept": len(kept_events),
                  "event_links": n_inferred, "persons_folded": len(employers),
                  "persons_dropped": len(dropped_persons)}
    proj.attrs = {v: {a: G.nodes[v][a] for a in ("name", "type", "level") if a in G.nodes[v]} for v in nodes}
    return proj


ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def reference_brokerage(D: nx.DiGraph, groups: dict[Any, Any]) -> dict[Any, dict[str, float]]:
    """Gould-Fernandez roles by enumerating every two-step path i -> j -> k with no arc i -> k."""
    out: dict[Any, dict[str, float]] = {}
    for j in D:
        if groups.get(j) is None:
            continue
        for i in D.predecessors(j):
            for k in D.successors(j):
                if i == k or i == j or k == j or D.has_edge(i, k):
                    continue
                gi, gj, gk = groups.get(i), groups[j], groups.get(k)
                if gi is None or gk is None:
                    continue
                if gi == gj == gk:
                    role = "coordinator"
                elif gi == gk:
                    role = "itinerant"
                elif gi == gj:
                    role = "representative"
                elif gj == gk:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                row = out.setdefault(j, dict.fromkeys(ROLES, 0.0))
                row[role] += 1.0
    for row in out.values():
        row["total"] = sum(row[r] for r in ROLES[1:])
    return out


def projection_as_dicts(proj: Projection) -> tuple[dict, dict, set]:
    """(weights, labels, arcs) keyed by node ids, to compare two projections."""
    nodes = proj.nodes
    w = {(nodes[a], nodes[b]): x for a, b, x in zip(proj.src.tolist(), proj.dst.tolist(), proj.weight.tolist())}
    mk = {(nodes[a], nodes[b]): x for a, b, x in zip(proj.src.tolist(), proj.dst.tolist(), proj.mask.tolist())}
    arcs = {(nodes[a], nodes[b]) for a, b in zip(proj.arc_src.tolist(), proj.arc_dst.tolist())}
    return w, mk, arcs
