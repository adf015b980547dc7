"""graph.json <-> networkx: the one model, and its file.

The file is a stable contract (see README, "graph.json")::

    {"format": "maillage-graph", "version": 1,
     "documents": [{id, path, title, lang, date, format}],
     "nodes": [{id, name, type, aliases, documents, ...attributes}],
     "edges": [{source, target, type, weight, evidence: [{doc, sentence, start, end,
                date, lang, method}]}],
     "meta": {...}}

In networkx it is a :class:`networkx.MultiDiGraph`: node attributes as in the file, one
edge per (source, target, type) with ``key=type``; symmetric relation types are stored
once, with ``source < target``. Graph attributes: ``documents`` (list), ``meta`` (dict).

Examples
--------
>>> G = graph_from_data({"documents": [], "nodes": [
...     {"id": "a", "name": "A", "type": "city", "aliases": ["A"], "documents": []},
...     {"id": "b", "name": "B", "type": "city", "aliases": ["B"], "documents": []}],
...     "edges": [{"source": "a", "target": "b", "type": "partner_of", "evidence": []}]})
>>> sorted(G.edges(keys=True))
[('a', 'b', 'partner_of')]
>>> graph_to_data(G)["edges"][0]["weight"]
0
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import networkx as nx

from .._io import atomic_write_json
from ..errors import GraphFileError
from ..schema import RELATION_TYPES, check_node_type, check_relation_type

FORMAT = "maillage-graph"
VERSION = 1

_EVIDENCE_KEYS = ("doc", "sentence", "start", "end", "date", "lang", "method")


def _evidence_sort_key(ev: dict[str, Any]) -> tuple[Any, ...]:
    return (str(ev.get("doc") or ""), int(ev.get("start") or 0), int(ev.get("end") or 0),
            str(ev.get("method") or ""), str(ev.get("sentence") or ""))


def _clean(value: Any) -> Any:
    """JSON-safe values: NaN/inf become None, sets become sorted lists."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (set, frozenset)):
        return sorted(_clean(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    return value


def edge_weight(evidence: list[dict[str, Any]]) -> int:
    """Number of independent evidences: distinct (document, sentence start)."""
    return len({(e.get("doc"), e.get("start")) for e in evidence})


def add_edge(G: nx.MultiDiGraph, source: str, target: str, rel_type: str,
             evidence: list[dict[str, Any]] | None = None, **attrs: Any) -> None:
    """Add (or merge into) the edge ``source -[rel_type]-> target``, keeping evidence unique."""
    check_relation_type(rel_type)
    if RELATION_TYPES[rel_type].symmetric and target < source:
        source, target = target, source
    if G.has_edge(source, target, key=rel_type):
        data = G.edges[source, target, rel_type]
    else:
        G.add_edge(source, target, key=rel_type, type=rel_type, evidence=[])
        data = G.edges[source, target, rel_type]
    seen = {tuple(e.get(k) for k in _EVIDENCE_KEYS) for e in data["evidence"]}
    for ev in evidence or []:
        t = tuple(ev.get(k) for k in _EVIDENCE_KEYS)
        if t not in seen:
            seen.add(t)
            data["evidence"].append(dict(ev))
    data["evidence"].sort(key=_evidence_sort_key)
    data["weight"] = edge_weight(data["evidence"])
    data.update(attrs)


def graph_from_data(data: dict[str, Any], *, path: str | Path = "<data>") -> nx.MultiDiGraph:
    """Build the networkx model from the parsed graph.json mapping (validated)."""
    if not isinstance(data, dict):
        raise GraphFileError(path, "not a maillage graph (expected a JSON object)")
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise GraphFileError(path, f"not a maillage graph (format {fmt!r})")
    version = data.get("version", VERSION)
    if version != VERSION:
        raise GraphFileError(path, f"graph format version {version} is not supported (expected {VERSION})")
    G = nx.MultiDiGraph()
    G.graph["documents"] = [dict(d) for d in data.get("documents", [])]
    G.graph["meta"] = dict(data.get("meta", {}))
    try:
        for node in data.get("nodes", []):
            attrs = {k: v for k, v in node.items() if k != "id"}
            check_node_type(attrs.get("type", ""))
            attrs.setdefault("aliases", [attrs.get("name", node["id"])])
            attrs.setdefault("documents", [])
            G.add_node(node["id"], **attrs)
        for edge in data.get("edges", []):
            s, t, typ = edge["source"], edge["target"], edge["type"]
            for end in (s, t):
                if end not in G:
                    raise GraphFileError(path, f"edge {s} -[{typ}]-> {t} names an unknown node {end!r}")
            extra = {k: v for k, v in edge.items()
                     if k not in ("source", "target", "type", "evidence", "weight", "key")}
            add_edge(G, s, t, typ, edge.get("evidence", []), **extra)
    except (KeyError, TypeError) as exc:
        raise GraphFileError(path, f"malformed graph: missing or bad field {exc}") from None
    except GraphFileError:
        raise
    except Exception as exc:  # SchemaError and friends: say which file
        raise GraphFileError(path, str(exc)) from None
    return G


def graph_to_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph.json mapping for ``G``: sorted, JSON-safe, deterministic."""
    nodes = []
    for n in sorted(G.nodes):
        attrs = _clean(dict(G.nodes[n]))
        attrs["aliases"] = sorted(set(attrs.get("aliases") or []))
        attrs["documents"] = sorted(set(attrs.get("documents") or []))
        nodes.append({"id": n, **attrs})
    edges = []
    for s, t, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        ev = sorted((_clean(e) for e in d.get("evidence", [])), key=_evidence_sort_key)
        extra = {kk: _clean(v) for kk, v in d.items() if kk not in ("type", "evidence", "weight")}
        edges.append({"source": s, "target": t, "type": d.get("type", k), **extra,
                      "weight": edge_weight(ev), "evidence": ev})
    documents = sorted((_clean(dict(x)) for x in G.graph.get("documents", [])),
                       key=lambda x: (x.get("path") or "", x.get("id") or ""))
    return {"format": FORMAT, "version": VERSION, "documents": documents, "nodes": nodes,
            "edges": edges, "meta": _clean(dict(G.graph.get("meta", {})))}


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph.json file into the networkx model.

    Raises :class:`GraphFileError` naming the file when it is missing or invalid.
    """
    p = Path(path)
    if p.is_dir():
        p = p / "graph.json"
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphFileError(p, "no such file (run `maillage build DOCS -o OUT` first)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphFileError(p, f"cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GraphFileError(p, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    return graph_from_data(data, path=p)


def write_graph(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as graph.json, atomically."""
    return atomic_write_json(path, graph_to_data(G))
