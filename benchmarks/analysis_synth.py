"""Synthetic maillage graphs with a realistic shape, for the analysis benchmarks and tests.

The graphs look like what ``maillage build`` produces from a large corpus, only bigger:

- heavy-tailed degrees (a Pareto "activity" per actor: a few hubs such as the European
  Commission, a long tail of actors cited once or twice);
- planted communities of heavy-tailed sizes (85 % of the links stay inside one);
- typed nodes with levels (association, local_authority, ministry, eu_body, person, event, ...),
  persons that ``works_for`` organisations, events that actors organise or take part in;
- every edge typed by a relation of :mod:`maillage.schema` (symmetric ones stored once with
  ``source < target``), about 15 % co-mentions, and 1-2 evidences each with a document, a
  dated sentence and offsets (sentences drawn from a shared pool, so memory stays close to what
  real sentences would cost per edge reference).

Everything is drawn from ``numpy.random.default_rng(seed)``: same arguments, same graph.

Examples
--------
>>> G = synthetic_graph(2_000, seed=1)
>>> 1_900 <= G.number_of_edges() <= 2_000
True
"""
from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from maillage.schema import RELATION_TYPES

#: (type, share of the nodes, level or None)
_TYPES: list[tuple[str, float, str | None]] = [
    ("association", 0.20, None),
    ("local_authority", 0.22, "local"),
    ("city", 0.06, "local"),
    ("region", 0.02, "regional"),
    ("ministry", 0.03, "national"),
    ("government_body", 0.04, "national"),
    ("eu_body", 0.015, "european"),
    ("international_org", 0.025, "global"),
    ("organisation", 0.08, None),
    ("country", 0.01, "national"),
    ("person", 0.17, None),
    ("event", 0.12, None),
    ("programme", 0.02, "european"),
]
_ASSOC_LEVELS = ["local", "regional", "national", "european", "global"]
_ASSOC_LEVEL_P = [0.35, 0.15, 0.30, 0.15, 0.05]

_ACTOR_RELATIONS = [("partner_of", 0.25), ("member_of", 0.18), ("supports", 0.09), ("funds", 0.06),
                    ("meets", 0.07), ("part_of", 0.04), ("secretariat_of", 0.01), ("located_in", 0.03),
                    ("hosts", 0.02), ("co_mentioned", 0.25)]
_PERSON_RELATIONS = [("works_for", 0.65), ("meets", 0.15), ("member_of", 0.1), ("co_mentioned", 0.1)]
_EVENT_RELATIONS = [("participates_in", 0.65), ("organises", 0.25), ("hosts", 0.1)]

_VERBS = {
    "partner_of": "works in partnership with", "member_of": "is a member of", "supports": "supports",
    "funds": "funds", "meets": "met", "part_of": "is part of", "secretariat_of": "hosts the secretariat of",
    "located_in": "is based in", "hosts": "hosted", "co_mentioned": "and", "works_for": "works for",
    "participates_in": "took part in", "organises": "organises",
}


def _sentence_pool(rng: np.random.Generator, size: int = 400) -> list[str]:
    """Sentences of realistic length (80-260 characters) shared by many evidences."""
    words = ("la coopération décentralisée entre collectivités territoriales européennes dans les "
             "Balkans occidentaux avec le soutien de la Commission et des associations nationales "
             "programme réunion atelier partenariat gouvernance locale développement").split()
    pool = []
    for _ in range(size):
        n = int(rng.integers(12, 40))
        pool.append(" ".join(words[int(i)] for i in rng.integers(0, len(words), n)).capitalize() + ".")
    return pool


def synthetic_graph(n_edges: int, *, seed: int = 0, nodes_per_edge: float = 0.2,
                    mean_community: int = 400) -> nx.MultiDiGraph:
    """A maillage MultiDiGraph with about ``n_edges`` edges and ``n_edges * nodes_per_edge`` nodes.

    Parameters
    ----------
    n_edges : int
        Target number of edges (the result has slightly fewer: duplicate draws collapse).
    seed : int
        Seed of the numpy generator; same seed, same graph.
    nodes_per_edge : float
        Nodes per edge (0.2: 200k nodes for 1M edges, the shape of the issue's figures).
    mean_community : int
        Mean size of the planted communities.

    Returns
    -------
    networkx.MultiDiGraph
        In the model of :mod:`maillage.graph.store` (``key=type``, ``weight``, ``evidence``).
    """
    rng = np.random.default_rng(seed)
    n = max(10, int(n_edges * nodes_per_edge))
    names, shares, levels = zip(*_TYPES)
    p = np.array(shares) / sum(shares)
    ntype = rng.choice(len(names), size=n, p=p)
    type_ids = {t: i for i, t in enumerate(names)}
    is_event = ntype == type_ids["event"]
    is_person = ntype == type_ids["person"]
    org_types = [type_ids[t] for t in ("association", "local_authority", "ministry", "government_body",
                                       "eu_body", "international_org", "organisation")]
    is_org = np.isin(ntype, org_types)

    # planted communities with heavy-tailed sizes
    sizes = []
    total = 0
    while total < n:
        s = int(min(n - total, max(5, rng.pareto(1.8) * mean_community * 0.45)))
        sizes.append(s)
        total += s
    community = np.repeat(np.arange(len(sizes)), sizes)
    rng.shuffle(community)
    order = np.argsort(community, kind="stable")
    comm_start = np.searchsorted(community[order], np.arange(len(sizes)))
    comm_end = np.append(comm_start[1:], n)

    # heavy-tailed activity; events and persons are less active than organisations
    activity = rng.pareto(1.6, size=n) + 1.0
    activity[is_event] = np.minimum(activity[is_event], 6.0)
    activity[is_person] = np.minimum(activity[is_person], 4.0)
    activity = np.minimum(activity, n / 20)
    cum_all = np.cumsum(activity)
    cum_sorted = np.cumsum(activity[order])

    draws = int(n_edges * 1.08) + 10
    src = np.searchsorted(cum_all, rng.random(draws) * cum_all[-1])
    src = np.minimum(src, n - 1)
    inside = rng.random(draws) < 0.85
    c = community[src]
    lo = np.where(comm_start[c] > 0, cum_sorted[comm_start[c] - 1], 0.0)
    hi = cum_sorted[comm_end[c] - 1]
    pos = np.searchsorted(cum_sorted, lo + rng.random(draws) * (hi - lo))
    tgt_in = order[np.minimum(pos, n - 1)]
    tgt_out = np.minimum(np.searchsorted(cum_all, rng.random(draws) * cum_all[-1]), n - 1)
    tgt = np.where(inside, tgt_in, tgt_out)
    keep = src != tgt
    src, tgt = src[keep], tgt[keep]

    # persons link to organisations; actors link to events (events are targets)
    swap = is_event[src] & ~is_event[tgt]
    src, tgt = np.where(swap, tgt, src), np.where(swap, src, tgt)
    rel_names = sorted(RELATION_TYPES)
    rel_id = {r: i for i, r in enumerate(rel_names)}

    def pick(choices: list[tuple[str, float]], size: int) -> np.ndarray:
        ids = np.array([rel_id[r] for r, _ in choices])
        w = np.array([x for _, x in choices])
        return ids[rng.choice(len(choices), size=size, p=w / w.sum())]

    rel = pick(_ACTOR_RELATIONS, len(src))
    person_src = is_person[src] & ~is_event[tgt]
    rel[person_src] = pick(_PERSON_RELATIONS, int(person_src.sum()))
    works = rel == rel_id["works_for"]
    # a person works for an organisation: redirect to a random organisation of the community
    bad = works & ~is_org[tgt]
    rel[bad] = rel_id["meets"]
    to_event = is_event[tgt] & ~is_event[src]
    rel[to_event] = pick(_EVENT_RELATIONS, int(to_event.sum()))
    rel[is_event[tgt] & is_event[src]] = rel_id["part_of"]

    symmetric = np.array([RELATION_TYPES[r].symmetric for r in rel_names])[rel]
    a = np.where(symmetric & (tgt < src), tgt, src)
    b = np.where(symmetric & (tgt < src), src, tgt)
    triples = np.unique(np.stack([a, b, rel], axis=1), axis=0)
    if len(triples) > n_edges:
        triples = triples[np.sort(rng.choice(len(triples), size=n_edges, replace=False))]

    # documents, dated 2010-2024
    n_docs = max(4, n_edges // 40)
    years = rng.integers(2010, 2025, size=n_docs)
    months = rng.integers(1, 13, size=n_docs)
    days = rng.integers(1, 29, size=n_docs)
    doc_ids = [f"doc{i:07d}" for i in range(n_docs)]
    doc_dates = [f"{y}-{mo:02d}-{d:02d}" for y, mo, d in zip(years, months, days)]
    documents = [{"id": doc_ids[i], "path": f"corpus/{doc_ids[i]}.txt", "title": f"Document {i}",
                  "lang": "fr" if i % 3 else "en", "date": doc_dates[i], "format": "txt"}
                 for i in range(n_docs)]
    pool = _sentence_pool(rng)

    # node ids: hashed-looking and unsorted with respect to creation order
    node_ids = [f"n{(i * 2654435761) % 4294967296:010d}-{i}" for i in range(n)]
    node_docs = rng.integers(0, n_docs, size=(n, 2))
    assoc_levels = rng.choice(len(_ASSOC_LEVELS), size=n, p=_ASSOC_LEVEL_P)
    G = nx.MultiDiGraph()
    G.graph["documents"] = documents
    G.graph["meta"] = {"synthetic": {"n_edges": int(n_edges), "seed": int(seed)}}
    for i in range(n):
        t = names[ntype[i]]
        level = levels[ntype[i]]
        if t in ("association", "organisation"):
            level = _ASSOC_LEVELS[assoc_levels[i]]
        name = f"{t.replace('_', ' ').title()} {i}"
        attrs: dict[str, Any] = {"name": name, "type": t, "aliases": [name, f"{t[:3].upper()}{i}"],
                                 "documents": sorted({doc_ids[node_docs[i, 0]], doc_ids[node_docs[i, 1]]})}
        if level is not None:
            attrs["level"] = level
        G.add_node(node_ids[i], **attrs)

    m = len(triples)
    ev_doc = rng.integers(0, n_docs, size=(m, 2))
    ev_two = rng.random(m) < 0.3
    ev_sent = rng.integers(0, len(pool), size=(m, 2))
    ev_start = rng.integers(0, 20_000, size=(m, 2))

    def edges():
        for j in range(m):
            s, t, r = (int(x) for x in triples[j])
            rtype = rel_names[r]
            method = "co-mention" if rtype == "co_mentioned" else "pattern"
            evs = []
            for e in range(2 if ev_two[j] else 1):
                d = int(ev_doc[j, e])
                sent = pool[int(ev_sent[j, e])]
                st = int(ev_start[j, e])
                evs.append({"doc": doc_ids[d], "sentence": sent, "start": st, "end": st + len(sent),
                            "date": doc_dates[d], "lang": "fr", "method": method})
            yield node_ids[s], node_ids[t], rtype, {"type": rtype, "weight": len(evs), "evidence": evs}

    G.add_edges_from(edges())
    return G


if __name__ == "__main__":  # pragma: no cover
    import sys
    import time

    t0 = time.perf_counter()
    g = synthetic_graph(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    sys.stderr.write(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges in "
                     f"{time.perf_counter() - t0:.1f}s\n")
