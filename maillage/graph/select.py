"""The selection syntax shared by ``export --select``, the map and the analyses.

See :func:`select_subgraph` for the syntax. Selections never modify the graph they are
given: they return a copy.
"""
from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from ..errors import ActorNotFoundError, SchemaError, SelectionError
from ..schema import STATED_RELATION_TYPES, check_node_type, check_relation_type
from ..text import fold

_YEAR = re.compile(r"(\d{4})")
_YEARS = re.compile(r"^\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*$")


def select_subgraph(G: nx.MultiDiGraph, spec: str) -> nx.MultiDiGraph:
    """The part of ``G`` that ``spec`` selects, as a new graph (``G`` is not modified).

    A spec is one or more clauses ``KEY=VALUE`` joined by ``;``. Clauses apply from left to
    right, each to what the previous ones kept, so they combine as "and".

    ``type=association,eu_body``
        Actors of these types (names from ``maillage.schema``), and the relations between them.
    ``relation=member_of,funds``
        Relations of these types, and the actors they join (actors left without a relation
        are dropped). ``stated`` stands for every stated relation (all but ``co_mentioned``).
    ``community=3`` or ``community=3,5``
        Actors of these communities (``node["community"]``, written by the analysis), and the
        relations between them.
    ``ego=CEMR:2``
        The actor named ``CEMR`` and every actor within 2 relations of it, in either
        direction, with the relations between them. The name is matched against ids, names
        and aliases, compared folded (case, accents and punctuation ignored); the radius
        defaults to 1 (``ego=Cités Unies France``).
    ``years=2016-2022``, ``years=2019``, ``years=2016-``, ``years=-2020``
        Relations with evidence dated in those years (inclusive; an evidence without a date
        takes its document's). Evidence outside the range is dropped and weights recomputed;
        actors are kept if they keep a relation or are mentioned by a document of those years;
        the graph's documents and each actor's ``documents`` keep those years only.

    Examples: ``type=association;years=2016-2022``, ``ego=CEMR:2;relation=stated``.
    The spec is recorded in the copy's ``graph["meta"]["selection"]``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph.
    spec : str
        The selection spec.

    Returns
    -------
    networkx.MultiDiGraph
        A deep copy of the selected part.

    Raises
    ------
    SelectionError
        A spec that cannot be read: one line saying which clause and why.
    ActorNotFoundError
        ``ego=`` names no actor (with suggestions).

    Examples
    --------
    >>> G = nx.MultiDiGraph(documents=[])
    >>> G.add_node("a", name="Cités Unies France", type="association", aliases=["CUF"])
    >>> G.add_node("b", name="Paris", type="city", aliases=[])
    >>> G.add_node("c", name="Lyon", type="city", aliases=[])
    >>> _ = G.add_edge("a", "b", key="located_in", type="located_in", evidence=[])
    >>> sorted(select_subgraph(G, "type=city"))
    ['b', 'c']
    >>> sorted(select_subgraph(G, "ego=cites unies france"))
    ['a', 'b']
    >>> select_subgraph(G, "colour=blue")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    maillage.errors.SelectionError: unknown selection 'colour' in 'colour=blue' (expected type=, ...)
    """
    clauses = parse_spec(spec)
    H = _copy(G)
    for key, value, text in clauses:
        _APPLY[key](H, value, text)
    meta = H.graph.get("meta")
    if not isinstance(meta, dict):
        meta = H.graph["meta"] = {}
    meta["selection"] = "; ".join(text for _k, _v, text in clauses)
    return H


_KEYS = {"type": "type", "types": "type", "relation": "relation", "relations": "relation",
         "community": "community", "communities": "community", "ego": "ego",
         "years": "years", "year": "years"}


def parse_spec(spec: str) -> list[tuple[str, str, str]]:
    """Split a spec into ``(key, value, clause text)`` triples, keys normalised.

    Examples
    --------
    >>> parse_spec(" type = city ; ego=CEMR:2 ")
    [('type', 'city', 'type=city'), ('ego', 'CEMR:2', 'ego=CEMR:2')]
    """
    if not isinstance(spec, str) or not spec.strip():
        raise SelectionError("empty selection (expected e.g. type=association or years=2016-2022)")
    out = []
    for part in spec.split(";"):
        part = part.strip()
        if not part:
            continue
        key, eq, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not eq:
            raise SelectionError(f"selection {part!r} has no '=' (expected KEY=VALUE, e.g. type=association)")
        if key not in _KEYS:
            raise SelectionError(f"unknown selection {key!r} in {part!r} "
                                 "(expected type=, relation=, community=, ego=, years=)")
        if not value:
            raise SelectionError(f"selection {part!r} has no value")
        out.append((_KEYS[key], value, f"{_KEYS[key]}={value}"))
    if not out:
        raise SelectionError("empty selection (expected e.g. type=association or years=2016-2022)")
    return out


def _copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.graph.update(copy.deepcopy(dict(G.graph)))
    H.add_nodes_from((n, copy.deepcopy(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((s, t, k, copy.deepcopy(d)) for s, t, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((s, t, d.get("type"), copy.deepcopy(d)) for s, t, d in G.edges(data=True))
    return H


def _items(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _keep_nodes(H: nx.MultiDiGraph, keep: Iterable[Any]) -> None:
    keep = set(keep)
    H.remove_nodes_from([n for n in list(H.nodes) if n not in keep])


def _by_type(H: nx.MultiDiGraph, value: str, text: str) -> None:
    types = set()
    for t in _items(value):
        try:
            types.add(check_node_type(t))
        except SchemaError as exc:
            raise SelectionError(f"{text}: {exc}") from None
    _keep_nodes(H, (n for n, d in H.nodes(data=True) if d.get("type") in types))


def _by_relation(H: nx.MultiDiGraph, value: str, text: str) -> None:
    types: set[str] = set()
    for t in _items(value):
        if t == "stated":
            types.update(STATED_RELATION_TYPES)
            continue
        try:
            types.add(check_relation_type(t))
        except SchemaError as exc:
            raise SelectionError(f"{text}: {exc} (or 'stated')") from None
    drop = [(s, t, k) for s, t, k, d in H.edges(keys=True, data=True) if d.get("type", k) not in types]
    H.remove_edges_from(drop)
    _keep_nodes(H, (n for n in H.nodes if H.degree(n) > 0))


def _by_community(H: nx.MultiDiGraph, value: str, text: str) -> None:
    wanted = set()
    for v in _items(value):
        try:
            wanted.add(int(v))
        except ValueError:
            raise SelectionError(f"{text}: community {v!r} is not a number") from None
    present = {d.get("community") for _n, d in H.nodes(data=True) if d.get("community") is not None}
    if not present:
        raise SelectionError(f"{text}: no actor has a community yet (run the analysis first: "
                             "maillage analyse GRAPH)")
    missing = wanted - present
    if missing == wanted:
        known = ", ".join(str(c) for c in sorted(present, key=str)[:12])
        raise SelectionError(f"{text}: no community {', '.join(map(str, sorted(missing)))} "
                             f"(communities: {known}{', …' if len(present) > 12 else ''})")
    _keep_nodes(H, (n for n, d in H.nodes(data=True) if d.get("community") in wanted))


def resolve_actor(G: nx.MultiDiGraph, name: str) -> Any:
    """The node ``name`` designates: its id, or its name or an alias compared folded.

    Raises :class:`ActorNotFoundError` (with close names) when none matches, and
    :class:`SelectionError` when several actors share the name.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("k-cemr", name="Council of European Municipalities and Regions", aliases=["CEMR"])
    >>> resolve_actor(G, "cemr"), resolve_actor(G, "k-cemr")
    ('k-cemr', 'k-cemr')
    """
    if name in G:
        return name
    key = fold(name)
    matches = []
    for n, d in G.nodes(data=True):
        names = [d.get("name") or ""] + list(d.get("aliases") or [])
        if any(fold(str(x)) == key for x in names if x):
            matches.append(n)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        exact = [n for n in matches if G.nodes[n].get("name") == name]
        if len(exact) == 1:
            return exact[0]
        listed = ", ".join(f"{G.nodes[n].get('name')} ({n})" for n in sorted(matches, key=str)[:6])
        raise SelectionError(f"{name!r} names {len(matches)} actors: {listed}; give the id instead")
    folded: dict[str, str] = {}
    for _n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0])):
        canonical = str(d.get("name") or _n)
        for x in [canonical] + list(d.get("aliases") or []):
            folded.setdefault(fold(str(x)), canonical)
    close = difflib.get_close_matches(key, list(folded), n=3, cutoff=0.6)
    raise ActorNotFoundError(name, list(dict.fromkeys(folded[c] for c in close)))


def _by_ego(H: nx.MultiDiGraph, value: str, text: str) -> None:
    name, colon, radius_text = value.rpartition(":")
    if colon and radius_text.strip().isdigit() and name.strip():
        name, radius = name.strip(), int(radius_text)
    elif colon and name.strip() and radius_text.strip().lstrip("-").isdigit():
        raise SelectionError(f"{text}: the radius must be a whole number >= 0")
    else:
        name, radius = value.strip(), 1
    centre = resolve_actor(H, name)
    seen = {centre}
    frontier = [centre]
    for _ in range(radius):
        nxt = []
        for n in frontier:
            for m in sorted(set(H.succ[n]) | set(H.pred[n]), key=str):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        frontier = nxt
        if not frontier:
            break
    _keep_nodes(H, seen)


def _year_of(value: Any) -> int | None:
    if isinstance(value, str):
        m = _YEAR.match(value.strip())
        if m:
            return int(m.group(1))
    return None


def _by_years(H: nx.MultiDiGraph, value: str, text: str) -> None:
    m = _YEARS.match(value)
    if not m or not (m.group(1) or m.group(3)) or (m.group(1) and m.group(3) and not m.group(2)):
        raise SelectionError(f"{text}: expected years=YYYY, YYYY-YYYY, YYYY- or -YYYY")
    lo = int(m.group(1)) if m.group(1) else None
    hi = int(m.group(3)) if m.group(3) else None
    if m.group(1) and not m.group(2):
        hi = lo
    if lo is not None and hi is not None and lo > hi:
        raise SelectionError(f"{text}: the first year comes after the last")

    def inside(year: int | None) -> bool:
        return year is not None and (lo is None or year >= lo) and (hi is None or year <= hi)

    docs = [d for d in H.graph.get("documents") or [] if isinstance(d, dict)]
    doc_year = {str(d.get("id")): _year_of(d.get("date")) for d in docs}
    drop = []
    for s, t, k, d in H.edges(keys=True, data=True):
        evidence = [e for e in d.get("evidence") or [] if isinstance(e, dict)]
        kept = [e for e in evidence if inside(_year_of(e.get("date")) or doc_year.get(str(e.get("doc"))))]
        if not kept:
            drop.append((s, t, k))
        elif len(kept) != len(evidence):
            d["evidence"] = kept
            d["weight"] = len({(e.get("doc"), e.get("start")) for e in kept})
    H.remove_edges_from(drop)
    in_range = {i for i, y in doc_year.items() if inside(y)}
    keep = []
    for n, d in H.nodes(data=True):
        own = [x for x in d.get("documents") or [] if str(x) in in_range]
        if H.degree(n) > 0 or own:
            keep.append(n)
        if "documents" in d:
            d["documents"] = own
    _keep_nodes(H, keep)
    H.graph["documents"] = [d for d in docs if str(d.get("id")) in in_range]


_APPLY: dict[str, Callable[[nx.MultiDiGraph, str, str], None]] = {
    "type": _by_type, "relation": _by_relation, "community": _by_community,
    "ego": _by_ego, "years": _by_years,
}

__all__ = ["parse_spec", "resolve_actor", "select_subgraph"]
