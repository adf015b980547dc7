"""How two actors are connected: name resolution and shortest chains with the evidence of every link.

Paths run on the MultiDiGraph itself (not on the projection): events and persons stay on the way,
so a chain reads like the documents (``Dijon <-located_in- Rencontre France-Balkans
<-participates_in- MEAE``). A link may be followed in either direction; only stated relations
count (co-mentions with ``with_co_mentions=True``), and only those with at least one evidence
(``require_evidence``), so every link of a chain comes with the sentence that proves it.

Names resolve through canonical names and aliases, folded (case, accents, punctuation): "CCRE",
"ccre" and "Conseil des Communes et Régions d'Europe" all find the CEMR node. An unknown name
raises :class:`~maillage.errors.ActorNotFoundError` with the nearest names.

Examples
--------
>>> import networkx as nx
>>> from maillage.graph.store import add_edge
>>> G = nx.MultiDiGraph()
>>> G.add_node("c", name="CEMR", type="association", aliases=["CCRE"])
>>> G.add_node("a", name="AFCCRE", type="association", aliases=[])
>>> add_edge(G, "a", "c", "member_of", [{"doc": "d1", "sentence": "L'AFCCRE est membre du CCRE.", "start": 0}])
>>> resolve(G, "ccre")
'c'
>>> [p["length"] for p in shortest_paths(G, "AFCCRE", "CCRE")]
[1]
>>> resolve(G, "CEMRR")
Traceback (most recent call last):
...
maillage.errors.ActorNotFoundError: no actor named 'CEMRR'; did you mean: CEMR?
"""
from __future__ import annotations

import difflib
from collections import deque
from typing import Any

import networkx as nx

from ...errors import ActorNotFoundError, MaillageError
from ...schema import CO_MENTION, RELATION_TYPES
from ...text import fold

#: Shortest chains enumerated before the best ones are kept (their number can explode).
MAX_ENUMERATED = 2_000


def _names(G: nx.MultiDiGraph, v: Any) -> list[str]:
    d = G.nodes[v]
    names = [str(d.get("name") or v)]
    names.extend(str(a) for a in d.get("aliases") or [])
    return names


def suggest(G: nx.MultiDiGraph, name: str, *, limit: int = 5) -> list[str]:
    """The canonical names nearest to ``name`` (substring matches first, then close spellings)."""
    key = fold(name)
    folded: dict[str, set[str]] = {}
    for v in G.nodes:
        canonical = str(G.nodes[v].get("name") or v)
        for s in _names(G, v):
            f = fold(s)
            if f:
                folded.setdefault(f, set()).add(canonical)
    out: list[str] = []

    def add(names: set[str]) -> None:
        for nm in sorted(names):
            if nm not in out and len(out) < limit:
                out.append(nm)

    if key and len(key) >= 3:
        contains = sorted((f for f in folded if key in f or (len(f) >= 4 and f in key)),
                          key=lambda f: (abs(len(f) - len(key)), f))
        for f in contains:
            add(folded[f])
    for f in difflib.get_close_matches(key, sorted(folded), n=limit, cutoff=0.6):
        add(folded[f])
    return out


def resolve(G: nx.MultiDiGraph, name: str) -> Any:
    """The node id for an actor named ``name`` (node id, canonical name or alias, folded).

    When several actors share the name, canonical names win over aliases, then the most
    connected actor, then the smallest id.

    Raises
    ------
    ActorNotFoundError
        With up to five suggestions ("did you mean").
    """
    if name in G:
        return name
    key = fold(name)
    by_name, by_alias = [], []
    if key:
        for v, d in G.nodes(data=True):
            if fold(str(d.get("name") or "")) == key:
                by_name.append(v)
            elif any(fold(str(a)) == key for a in d.get("aliases") or []):
                by_alias.append(v)
    for found in (by_name, by_alias):
        if found:
            return min(found, key=lambda v: (-G.degree(v), str(v)))
    raise ActorNotFoundError(name, suggest(G, name))


def _allowed(with_co_mentions: bool) -> set[str]:
    allowed = {name for name, r in RELATION_TYPES.items() if r.stated}
    if with_co_mentions:
        allowed.add(CO_MENTION)
    return allowed


def _link_relations(G: nx.MultiDiGraph, u: Any, v: Any, allowed: set[str], require_evidence: bool,
                    docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rels = []
    for a, b in ((u, v), (v, u)):
        for key, d in G.succ[a].get(b, {}).items():
            ev = d.get("evidence") or []
            if key not in allowed or (require_evidence and not ev):
                continue
            rt = RELATION_TYPES.get(d.get("type", key))
            evidence = []
            for e in ev:
                info = docs.get(e.get("doc"), {})
                evidence.append({**e, "path": info.get("path"), "title": info.get("title")})
            rels.append({"type": d.get("type", key), "source": a, "target": b,
                         "label": rt.label_en if rt else key, "label_fr": rt.label_fr if rt else key,
                         "weight": d.get("weight", len(ev)), "evidence": evidence})
    rels.sort(key=lambda r: (r["type"], str(r["source"])))
    return rels


def _neighbours(G: nx.MultiDiGraph, u: Any, allowed: set[str], require_evidence: bool) -> dict[Any, int]:
    """Usable neighbours of ``u`` in either direction, with the total weight of the usable links."""
    out: dict[Any, int] = {}
    for adj in (G.succ[u], G.pred[u]):
        for v, keys in adj.items():
            if v == u:
                continue
            w = 0
            ok = False
            for k, d in keys.items():
                if k in allowed and (not require_evidence or d.get("evidence")):
                    ok = True
                    w += int(d.get("weight") or 0)
            if ok:
                out[v] = out.get(v, 0) + w
    return out


def shortest_paths(G: nx.MultiDiGraph, source: str, target: str, *, max_paths: int = 5,
                   with_co_mentions: bool = False, require_evidence: bool = True) -> list[dict[str, Any]]:
    """The shortest chains between two actors, best evidenced first, each link with its evidence.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph model. Not modified.
    source, target : str
        Names, aliases or ids (resolved with :func:`resolve`).
    max_paths : int
        How many chains to return at most (all of the shortest length).
    with_co_mentions : bool
        Follow co-mentions too.
    require_evidence : bool
        Only follow relations with at least one evidence.

    Returns
    -------
    list of dict
        Each chain: ``length``, ``weight`` (evidences along it), ``nodes`` ([{id, name, type}]) and
        ``links`` ([{source, target, relations: [{type, source, target, label, label_fr, weight,
        evidence}]}]); empty when the two actors are not connected.

    Raises
    ------
    ActorNotFoundError
        When a name does not resolve.
    """
    if max_paths < 1:
        raise MaillageError("max_paths must be at least 1")
    s, t = resolve(G, source), resolve(G, target)
    allowed = _allowed(with_co_mentions)
    if s == t:
        return [{"length": 0, "weight": 0, "nodes": [_node_info(G, s)], "links": []}]
    dist = {s: 0}
    preds: dict[Any, dict[Any, int]] = {s: {}}
    frontier = deque([s])
    found = False
    while frontier and not found:
        layer = list(frontier)
        frontier.clear()
        for u in layer:
            for v, w in _neighbours(G, u, allowed, require_evidence).items():
                if v not in dist:
                    dist[v] = dist[u] + 1
                    preds[v] = {u: w}
                    frontier.append(v)
                elif dist[v] == dist[u] + 1:
                    preds[v][u] = w
        found = t in dist
    if not found:
        return []
    # enumerate chains backwards from the target, strongest links first
    chains: list[tuple[int, list[Any]]] = []
    stack: list[tuple[Any, list[Any], int]] = [(t, [t], 0)]
    while stack and len(chains) < MAX_ENUMERATED:
        v, path, weight = stack.pop()
        if v == s:
            chains.append((weight, path[::-1]))
            continue
        options = sorted(preds[v].items(), key=lambda kv: (kv[1], str(kv[0])))  # weakest pushed first
        for u, w in options:
            stack.append((u, path + [u], weight + w))
    chains.sort(key=lambda c: (-c[0], [str(x) for x in c[1]]))
    docs = {d.get("id"): d for d in G.graph.get("documents", [])}
    out = []
    for weight, path in chains[:max_paths]:
        links = [{"source": a, "target": b,
                  "relations": _link_relations(G, a, b, allowed, require_evidence, docs)}
                 for a, b in zip(path, path[1:])]
        out.append({"length": len(path) - 1, "weight": weight, "nodes": [_node_info(G, v) for v in path],
                    "links": links})
    return out


def _node_info(G: nx.MultiDiGraph, v: Any) -> dict[str, Any]:
    d = G.nodes[v]
    return {"id": v, "name": d.get("name", v), "type": d.get("type")}


def format_path(chain: dict[str, Any], *, evidence_per_link: int = 1) -> str:
    """A chain as text: the line of actors, then each link with the sentence(s) that prove it."""
    names = {n["id"]: n["name"] for n in chain["nodes"]}
    parts = [str(chain["nodes"][0]["name"])]
    lines = []
    for link in chain["links"]:
        a, b = link["source"], link["target"]
        arrows = []
        for r in link["relations"]:
            arrows.append(f"-{r['type']}->" if r["source"] == a else f"<-{r['type']}-")
        parts.append(f" {'/'.join(arrows)} {names[b]}")
        for r in link["relations"]:
            head = f"  {names[r['source']]} {r['label']} {names[r['target']]}"
            for e in r["evidence"][:evidence_per_link]:
                where = ", ".join(str(x) for x in (e.get("path") or e.get("doc"), e.get("date")) if x)
                lines.append(f"{head}: \u201c{e.get('sentence', '')}\u201d ({where})")
    return "".join(parts) + "\n" + "\n".join(lines)
