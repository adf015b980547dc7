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
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from .._io import (LEAF_TYPES, ORJSON_INDENT, STR_TYPE, NotOrjson, atomic_write_byte_chunks, gc_paused, is_flat_dict,
                   loads_json, orjson_ready)
from ..errors import GraphFileError
from ..schema import RELATION_TYPES, check_node_type, check_relation_type

FORMAT = "maillage-graph"
VERSION = 1

_EVIDENCE_KEYS = ("doc", "sentence", "start", "end", "date", "lang", "method")


def evidence_identity(ev: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two evidence entries the same (an edge keeps one of them)."""
    return tuple(map(ev.get, _EVIDENCE_KEYS))


def _evidence_sort_key(ev: dict[str, Any]) -> tuple[Any, ...]:
    return (str(ev.get("doc") or ""), int(ev.get("start") or 0), int(ev.get("end") or 0),
            str(ev.get("method") or ""), str(ev.get("sentence") or ""))



def _clean(value: Any) -> Any:
    """JSON-safe values: NaN/inf become None, sets become sorted lists."""
    if is_flat_dict(value):
        return dict(value)  # the common case (an evidence entry): nothing to clean
    t = type(value)
    if (t is list or t is tuple) and LEAF_TYPES.issuperset(map(type, value)):
        return list(value)  # (a node's documents and aliases: thousands of strings for a hub)
    if (t is set or t is frozenset) and LEAF_TYPES.issuperset(map(type, value)):
        return sorted(value)
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
    data = G.get_edge_data(source, target, rel_type)  # (G.edges[...] builds a view: 5x slower)
    if data is None:
        G.add_edge(source, target, key=rel_type, type=rel_type, evidence=[])
        data = G.get_edge_data(source, target, rel_type)
        seen = set()
    else:
        seen = {evidence_identity(e) for e in data["evidence"]}
    for ev in evidence or []:
        t = evidence_identity(ev)
        if t not in seen:
            seen.add(t)
            data["evidence"].append(dict(ev))
    data["evidence"].sort(key=_evidence_sort_key)
    data["weight"] = edge_weight(data["evidence"])
    data.update(attrs)


def add_edges(G: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
    """:func:`add_edge` for each ``(source, target, type, evidence)``, the same graph, in linear time.

    Evidence is gathered per edge first, so each edge is created, de-duplicated and sorted once
    (calling :func:`add_edge` per sentence re-sorts an edge's evidence each time: quadratic for
    the edges between actors named together in thousands of documents). Edges are created in
    the order of their first evidence, as successive :func:`add_edge` calls would.
    """
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for source, target, rel_type, ev in edges:
        check_relation_type(rel_type)
        if RELATION_TYPES[rel_type].symmetric and target < source:
            source, target = target, source
        groups.setdefault((source, target, rel_type), []).append(ev)
    for key in list(groups):
        add_edge(G, *key, groups.pop(key))


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


def _node_data(G: nx.MultiDiGraph, n: Any) -> dict[str, Any]:
    return node_item(n, G.nodes[n])


def node_item(n: Any, attrs: dict[str, Any], presorted: bool = False) -> dict[str, Any]:
    """The graph.json entry of node ``n`` with attributes ``attrs`` (``presorted``: its aliases and
    documents are sorted lists without duplicates already)."""
    attrs = _clean(dict(attrs))
    if not presorted:
        attrs["aliases"] = sorted(set(attrs.get("aliases") or []))
        attrs["documents"] = sorted(set(attrs.get("documents") or []))
    return {"id": n, **attrs}


def _edge_data(s: Any, t: Any, k: Any, d: dict[str, Any]) -> dict[str, Any]:
    ev = sorted((_clean(e) for e in d.get("evidence", [])), key=_evidence_sort_key)
    return {**_edge_head(s, t, k, d, ev), "evidence": ev}


_EDGE_OWN_KEYS = frozenset({"type", "evidence", "weight"})


def _edge_head(s: Any, t: Any, k: Any, d: dict[str, Any], ev: list[dict[str, Any]]) -> dict[str, Any]:
    """An edge's graph.json entry without its evidence ``ev`` (already cleaned and sorted)."""
    extra = {kk: _clean(v) for kk, v in d.items() if kk not in _EDGE_OWN_KEYS}
    return {"source": s, "target": t, "type": d.get("type", k), **extra, "weight": edge_weight(ev)}


def _sorted_edges(G: nx.MultiDiGraph, node_ids: list[Any] | None = None) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    """G's edges sorted by (source, target, key); ``node_ids``: ``sorted(G.nodes)``, when the caller has it."""
    adjacency = dict(G.adjacency())
    if not STR_TYPE.issuperset(map(type, adjacency)):
        return sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    # str nodes (a total order): sorting sources, then targets, then keys gives the same order
    edges = []
    for u in (node_ids if node_ids is not None else sorted(adjacency)):
        nbrs = adjacency[u]
        for v in sorted(nbrs):
            keydict = nbrs[v]
            if len(keydict) == 1:
                for k, d in keydict.items():
                    edges.append((u, v, k, d))
            else:
                for k in sorted(keydict):
                    edges.append((u, v, k, keydict[k]))
    return edges


def _documents_data(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    return sorted((_clean(dict(x)) for x in G.graph.get("documents", [])),
                  key=lambda x: (x.get("path") or "", x.get("id") or ""))


def graph_to_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph.json mapping for ``G``: sorted, JSON-safe, deterministic."""
    return {"format": FORMAT, "version": VERSION, "documents": _documents_data(G),
            "nodes": [_node_data(G, n) for n in sorted(G.nodes)],
            "edges": [_edge_data(*e) for e in _sorted_edges(G)],
            "meta": _clean(dict(G.graph.get("meta", {})))}


# --- writing: the bytes of dumps_json(graph_to_data(G)), streamed -----------------------------------
#
# json.dumps with indent runs the pure-Python encoder, slow on a graph of 100,000 documents, and
# dumps_json(graph_to_data(G)) holds the whole graph a second and a third time (the mapping, then
# the text). The writer below streams the same bytes, one node or edge at a time, each encoded by
# orjson (see maillage._io.orjson_ready: floats as their repr, anything orjson would write otherwise
# goes to the json module). _dump_json is that fallback: it encodes every "flat" container (only
# strings, numbers, booleans, nulls inside: evidence entries, alias lists) with the C encoder,
# whose item separator carries the newline and indentation of its level.

_INDENT = "  "
_FLAT_TYPES = frozenset({str, int, float, bool, type(None)})
_scalar = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False).encode
_string = json.encoder.encode_basestring  # what json uses for strings when ensure_ascii is off


@lru_cache(maxsize=64)
def _flat_encoder(level: int) -> Callable[[Any], str]:
    sep = ",\n" + _INDENT * (level + 1)
    return json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(sep, ": ")).encode


def _dump_flat_dicts(dicts: list[dict[str, Any]], level: int) -> str:
    """A list of non-empty flat dicts (evidence entries) in one call of the C encoder.

    Items are separated by ``,\\x01``: a raw control character never occurs inside an encoded
    string, so ``},\\x01{`` is always the end of one dict and the start of the next, and every
    other ``,\\x01`` separates two keys of a dict; both are then replaced by their indentation.
    """
    ind_list, ind_dict = "\n" + _INDENT * (level + 1), "\n" + _INDENT * (level + 2)
    text = _flat_encoder_sep(",\x01")(dicts)
    text = text[2:-2].replace("},\x01{", ind_list + "}," + ind_list + "{" + ind_dict).replace(",\x01", "," + ind_dict)
    return "[" + ind_list + "{" + ind_dict + text + ind_list + "}" + "\n" + _INDENT * level + "]"


@lru_cache(maxsize=4)
def _flat_encoder_sep(sep: str) -> Callable[[Any], str]:
    return json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(sep, ": ")).encode


def _dump_json(obj: Any, level: int) -> str:
    """``json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)`` for ``obj``
    nested ``level`` containers deep (its lines indented accordingly)."""
    t = type(obj)
    if t is str:
        return _string(obj)
    is_dict = t is dict
    if not (is_dict or t is list or t is tuple):
        if isinstance(obj, (dict, list, tuple)):  # subclasses: as json itself writes them
            return json.dumps(obj, ensure_ascii=False, sort_keys=True, allow_nan=False,
                              indent=len(_INDENT)).replace("\n", "\n" + _INDENT * level)
        return _scalar(obj)
    if not obj:
        return "{}" if is_dict else "[]"
    inner, outer = "\n" + _INDENT * (level + 1), "\n" + _INDENT * level
    if is_dict:
        if not all(type(k) is str for k in obj):
            # keys json turns into strings (numbers, booleans, null): leave them to json itself
            return json.dumps(obj, ensure_ascii=False, sort_keys=True, allow_nan=False,
                              indent=len(_INDENT)).replace("\n", outer)
        if all(type(v) in _FLAT_TYPES for v in obj.values()):
            return "{" + inner + _flat_encoder(level)(obj)[1:-1] + outer + "}"
        sep = "," + inner
        return "{" + inner + sep.join(_string(k) + ": " + _dump_json(v, level + 1)
                                      for k, v in sorted(obj.items())) + outer + "}"
    if all(type(v) in _FLAT_TYPES for v in obj):
        return "[" + inner + _flat_encoder(level)(obj)[1:-1] + outer + "]"
    if all(type(d) is dict and d and all(type(k) is str for k in d) and all(type(v) in _FLAT_TYPES for v in d.values())
           for d in obj):
        return _dump_flat_dicts(obj, level)
    sep = "," + inner
    return "[" + inner + sep.join(_dump_json(v, level + 1) for v in obj) + outer + "]"


_NEWLINES = tuple(b"\n" + _INDENT.encode("ascii") * level for level in range(3))


def _encode(obj: Any, level: int) -> bytes:
    """``_dump_json(obj, level)`` UTF-8 encoded, by orjson where it writes the same bytes (see
    :func:`maillage._io.orjson_ready`), by :func:`_dump_json` otherwise."""
    try:
        text = orjson.dumps(orjson_ready(obj), option=ORJSON_INDENT)
    except (NotOrjson, TypeError, RecursionError):  # orjson.JSONEncodeError is a TypeError
        return _dump_json(obj, level).encode("utf-8")
    # a newline in orjson's output is always layout (a newline in a string is written \n)
    return text.replace(b"\n", _NEWLINES[level]) if level else text


def _encode_edge(s: Any, t: Any, k: Any, d: dict[str, Any], presorted: bool = False) -> bytes:
    """``_encode(_edge_data(s, t, k, d), 2)``; the evidence entries needing no cleaning (all of
    them, normally) are checked once, in C, and written as they are, not copied (``presorted``:
    the caller knows they are already in the order of :func:`_evidence_sort_key`)."""
    evidence = d.get("evidence", [])
    if type(evidence) is not list:
        return _encode(_edge_data(s, t, k, d), 2)
    if not all(map(is_flat_dict, evidence)):
        return _encode(_edge_data(s, t, k, d), 2)
    ev = evidence if presorted else sorted(evidence, key=_evidence_sort_key)
    head = _edge_head(s, t, k, d, ev)
    try:
        ready = {**orjson_ready(head), "evidence": ev}  # (the entries were checked above)
        return orjson.dumps(ready, option=ORJSON_INDENT).replace(b"\n", _NEWLINES[2])
    except (NotOrjson, TypeError, RecursionError):
        return _dump_json(_edge_data(s, t, k, d), 2).encode("utf-8")


#: what separates two items of a section (nodes, edges, documents) of graph.json, and opens a section
ITEM_SEPARATOR = b"," + _NEWLINES[2]
SECTION_OPENER = b"[" + _NEWLINES[2]
SECTION_CLOSER = _NEWLINES[1] + b"]"


def graph_json_byte_chunks(G: nx.MultiDiGraph, layout: dict[str, Any] | None = None) -> Iterator[bytes]:
    """The UTF-8 bytes of graph.json for ``G`` in chunks: ``dumps_json(graph_to_data(G))``, one node or edge at a time.

    ``layout``, when given, is filled with where each item lies in the file (see
    :mod:`maillage.graph.patch`): for each section (``documents``, ``edges``, ``nodes``) the
    offset of its first item and the length of each item (items are separated by
    :data:`ITEM_SEPARATOR`), the node ids in file order, and each edge as the indexes of its
    source and target among them and of its type among ``layout["types"]`` (the sorted relation
    types; ``layout["invalid"]`` is set when an edge key is not one of them).
    """
    pos = 0
    node_ids = sorted(G.nodes)

    def section(name: str, items: Iterable[Any], encode: Callable[..., bytes],
                on_item: Callable[[Any], None] | None = None) -> Iterator[bytes]:
        nonlocal pos
        lengths: list[int] = []
        first = True
        for item in items:
            head = SECTION_OPENER if first else ITEM_SEPARATOR
            if first and layout is not None:
                layout["start"][name] = pos + len(head)
            body = encode(item)
            pos += len(head) + len(body)
            lengths.append(len(body))
            if on_item is not None:
                on_item(item)
            yield head
            yield body
            first = False
        tail = SECTION_CLOSER if not first else b"[]"
        pos += len(tail)
        if layout is not None:
            layout["lengths"][name] = lengths
            layout["start"].setdefault(name, pos)
        yield tail

    def put(chunk: bytes) -> bytes:
        nonlocal pos
        pos += len(chunk)
        return chunk

    on_edge: Callable[[Any], None] | None = None
    if layout is not None:
        layout.update(start={}, lengths={}, node_ids=node_ids, types=sorted(RELATION_TYPES), invalid=False,
                      edge_source=array("i"), edge_target=array("i"), edge_type=array("b"))
        index = {n: i for i, n in enumerate(node_ids)}
        type_index = {t: i for i, t in enumerate(layout["types"])}
        si, ti, ki = layout["edge_source"].append, layout["edge_target"].append, layout["edge_type"].append

        def record_edge(e: tuple[Any, Any, Any, Any]) -> None:
            k = type_index.get(e[2]) if type(e[2]) is str else None
            if k is None or type(e[0]) is not str or type(e[1]) is not str:
                layout["invalid"] = True
                return
            si(index[e[0]])
            ti(index[e[1]])
            ki(k)

        on_edge = record_edge

    head, between, middle, tail = graph_json_tail(G.graph.get("meta", {}))
    yield put(head)
    yield from section("documents", _documents_data(G), encode_item)
    yield put(between)
    yield from section("edges", _sorted_edges(G, node_ids), lambda e: _encode_edge(*e), on_edge)
    yield put(middle)
    yield from section("nodes", (node_item(n, G.nodes[n]) for n in node_ids), encode_item)
    yield put(tail)
    if layout is not None:
        layout["size"] = pos


def graph_json_tail(meta: dict[str, Any]) -> tuple[bytes, bytes, bytes, bytes]:
    """The parts of graph.json around its three sections: before documents, between documents and
    edges, between edges and nodes (the format and ``meta``), and after nodes (the version).

    Its keys are in sorted order: documents, edges, format, meta, nodes, version.
    """
    ind = _NEWLINES[1]
    return (b"{" + ind + b'"documents": ', b"," + ind + b'"edges": ',
            b"," + ind + b'"format": ' + _scalar(FORMAT).encode("utf-8") + b"," + ind + b'"meta": '
            + _encode(_clean(dict(meta)), 1) + b"," + ind + b'"nodes": ',
            b"," + ind + b'"version": ' + _scalar(VERSION).encode("utf-8") + b"\n}\n")


def encode_item(item: Any) -> bytes:
    """One document or node of graph.json, as :func:`graph_json_byte_chunks` writes it."""
    return _encode(item, 2)


encode_edge = _encode_edge


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph.json file into the networkx model.

    Raises :class:`GraphFileError` naming the file when it is missing or invalid.
    """
    p = Path(path)
    if p.is_dir():
        p = p / "graph.json"
    with gc_paused():
        return graph_from_data(_read_json(p), path=p)  # (the file's bytes are freed by then)


def _read_json(p: Path) -> Any:
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise GraphFileError(p, "no such file (run `maillage build DOCS -o OUT` first)") from None
    except OSError as exc:
        raise GraphFileError(p, f"cannot read: {exc}") from None
    return loads_json(raw, lambda raw: _read_json_text(p, raw))


def _read_json_text(p: Path, raw: bytes) -> Any:
    """What orjson refused (invalid, or NaN, lone surrogates...) or would read otherwise (integers
    beyond 64 bits): the json module reads it as before (text with universal newlines), or says why not."""
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise GraphFileError(p, f"cannot read: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise GraphFileError(p, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None


def write_graph(G: nx.MultiDiGraph, path: str | Path, layout: dict[str, Any] | None = None) -> Path:
    """Write ``G`` as graph.json, atomically (streamed: the text is never held whole in memory).

    ``layout``: filled as :func:`graph_json_byte_chunks` says, and with the file's ``inode``.
    """
    return atomic_write_byte_chunks(path, graph_json_byte_chunks(G, layout), layout)
