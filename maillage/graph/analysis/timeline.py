"""What changed over time: documents and relations per year, time slices, two years compared.

Dates come from the evidence (``evidence["date"]``) or, when an evidence has none, from the date of
its document in ``G.graph["documents"]``. Evidence without any date falls in ``undated``. A
relation belongs to a year when at least one of its evidences is dated that year; an actor when a
document of that year mentions it or one of its relations is dated that year.

Examples
--------
>>> import networkx as nx
>>> from maillage.graph.store import add_edge
>>> G = nx.MultiDiGraph(documents=[{"id": "d1", "date": "2016-05-19"}, {"id": "d2", "date": "2022-11-29"}])
>>> for v in "abc":
...     G.add_node(v, name=v, type="association", documents=[])
>>> add_edge(G, "a", "b", "partner_of", [{"doc": "d1", "start": 0}])
>>> add_edge(G, "a", "c", "member_of", [{"doc": "d2", "start": 0, "date": "2022-11-29"}])
>>> [(y["year"], y["documents"], y["relations"]) for y in timeline(G)["years"]]
[(2016, 1, 1), (2022, 1, 1)]
>>> compare_years(G, 2016, 2022)["relations"]["new"][0]["type"]
'member_of'
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from ...errors import MaillageError
from ...schema import CO_MENTION

_YEAR = re.compile(r"^\s*(\d{4})")


def year_of(date: Any) -> int | None:
    """The year of an ISO-like date string (``"2022-11-29"`` -> 2022), None when there is none."""
    if isinstance(date, int) and 1000 <= date <= 9999:
        return date
    if isinstance(date, str):
        m = _YEAR.match(date)
        if m:
            return int(m.group(1))
    return None


def _doc_years(G: nx.MultiDiGraph) -> dict[Any, int | None]:
    return {d.get("id"): year_of(d.get("date")) for d in G.graph.get("documents", [])}


def _evidence_year(ev: dict[str, Any], doc_years: dict[Any, int | None]) -> int | None:
    y = year_of(ev.get("date"))
    return y if y is not None else doc_years.get(ev.get("doc"))


def timeline(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Per year: documents, relations (by type), evidences and actors; plus the undated remainder.

    Returns
    -------
    dict
        ``years``: ``[{year, documents, relations, co_mentions, evidences, actors, by_type}]``
        sorted by year (co-mentions are counted apart from relations); ``undated``: the same counts
        for what has no date; ``first`` and ``last`` year (None when nothing is dated).
    """
    doc_years = _doc_years(G)
    docs: Counter[Any] = Counter(doc_years.values())
    rels: dict[Any, Counter[str]] = defaultdict(Counter)
    evid: Counter[Any] = Counter()
    actors: dict[Any, set[Any]] = defaultdict(set)
    for u, v, k, d in G.edges(keys=True, data=True):
        years = set()
        for ev in d.get("evidence") or []:
            y = _evidence_year(ev, doc_years)
            years.add(y)
            evid[y] += 1
        for y in years:
            rels[y][k] += 1
            actors[y].update((u, v))
    for v, d in G.nodes(data=True):
        for doc in d.get("documents") or []:
            if doc in doc_years:
                actors[doc_years[doc]].add(v)

    def row(y: Any) -> dict[str, Any]:
        by_type = dict(sorted(rels[y].items()))
        co = by_type.get(CO_MENTION, 0)
        return {"documents": docs.get(y, 0), "relations": sum(by_type.values()) - co, "co_mentions": co,
                "evidences": evid.get(y, 0), "actors": len(actors.get(y, ())), "by_type": by_type}

    years = sorted(y for y in set(docs) | set(rels) | set(actors) if y is not None)
    return {"years": [{"year": y, **row(y)} for y in years], "undated": row(None),
            "first": years[0] if years else None, "last": years[-1] if years else None}


def time_slice(G: nx.MultiDiGraph, year: int, *, until: bool = False) -> nx.MultiDiGraph:
    """The graph as documented in ``year`` (or up to and including it with ``until=True``).

    Keeps the relations with evidence dated in the slice (and only that evidence), the actors they
    link, and the actors mentioned by documents of the slice. A new graph; G is not modified.
    """
    doc_years = _doc_years(G)

    def inside(y: int | None) -> bool:
        return y is not None and (y <= year if until else y == year)

    H = nx.MultiDiGraph()
    H.graph["documents"] = [dict(d) for d in G.graph.get("documents", []) if inside(year_of(d.get("date")))]
    H.graph["meta"] = {**dict(G.graph.get("meta", {})), "slice": {"year": year, "until": until}}
    for v, d in G.nodes(data=True):
        if any(inside(doc_years.get(doc)) for doc in d.get("documents") or []):
            H.add_node(v, **dict(d))
    for u, v, k, d in G.edges(keys=True, data=True):
        ev = [dict(e) for e in d.get("evidence") or [] if inside(_evidence_year(e, doc_years))]
        if not ev:
            continue
        for x in (u, v):
            if x not in H:
                H.add_node(x, **dict(G.nodes[x]))
        H.add_edge(u, v, key=k, **{**dict(d), "evidence": ev,
                                   "weight": len({(e.get("doc"), e.get("start")) for e in ev})})
    return H


def compare_years(G: nx.MultiDiGraph, year_a: int, year_b: int, *, limit: int | None = None) -> dict[str, Any]:
    """What changed between two years: actors and relations that appear, disappear or stay.

    Returns
    -------
    dict
        ``years``; ``actors`` and ``relations``, each ``{"new": [...], "gone": [...], "kept": n}``
        (actors as ``{id, name, type}``, relations as ``{source, target, type, source_name,
        target_name}``, sorted; ``limit`` caps each list); ``counts`` per year.
    """
    if year_a == year_b:
        raise MaillageError("compare two different years")
    a, b = time_slice(G, year_a), time_slice(G, year_b)

    def actor(v: Any) -> dict[str, Any]:
        d = G.nodes[v]
        return {"id": v, "name": d.get("name", v), "type": d.get("type")}

    def rel(e: tuple[Any, Any, str]) -> dict[str, Any]:
        s, t, k = e
        return {"source": s, "target": t, "type": k, "source_name": G.nodes[s].get("name", s),
                "target_name": G.nodes[t].get("name", t)}

    def key(x: Any) -> str:
        return str(x)

    na, nb = set(a.nodes), set(b.nodes)
    ea, eb = set(a.edges(keys=True)), set(b.edges(keys=True))
    cut = slice(None, limit)
    return {
        "years": [year_a, year_b],
        "actors": {"new": [actor(v) for v in sorted(nb - na, key=key)][cut],
                   "gone": [actor(v) for v in sorted(na - nb, key=key)][cut], "kept": len(na & nb)},
        "relations": {"new": [rel(e) for e in sorted(eb - ea, key=lambda e: tuple(map(str, e)))][cut],
                      "gone": [rel(e) for e in sorted(ea - eb, key=lambda e: tuple(map(str, e)))][cut],
                      "kept": len(ea & eb)},
        "counts": {str(year_a): {"actors": len(na), "relations": len(ea)},
                   str(year_b): {"actors": len(nb), "relations": len(eb)}},
    }
