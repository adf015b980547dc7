"""The orjson paths write and read exactly what the json module writes and reads.

graph.json must stay byte-identical to ``json.dumps(graph_to_data(G), indent=2, sort_keys=True,
ensure_ascii=False, allow_nan=False)``; cache entries must decode to the same data; reading must
give the same values (ints stay ints) and the same errors.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage._io import dumps_compact_json, dumps_json, loads_json, orjson_reads_as_json
from maillage.errors import GraphFileError
from maillage.graph.store import (_dump_json, _encode, _sorted_edges, add_edge, graph_from_data, graph_json_byte_chunks,
                                  graph_to_data, read_graph, write_graph)
from maillage.schema import RELATION_TYPES


def stdlib_dumps(data: Any, indent: int | None = 2) -> str:
    return json.dumps(data, indent=indent, sort_keys=True, ensure_ascii=False, allow_nan=False)


# strings json escapes (quotes, backslash, control characters), or does not (U+2028/2029, DEL,
# BOM, astral characters), and lone surrogates (UTF-8 cannot encode them)
HOSTILE = st.lists(st.sampled_from(
    ['"', "\\", "/", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "\u2028", "\u2029", "\ufeff", "\u0085",
     "é", "😀", "\uffff", "a", " ", ":", ",", "{", "]", "0", "1e5", "\\u0041", "\ud800", "\udfff"]),
    max_size=6).map("".join) | st.text(max_size=6)
FLOATS = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [1e-05, 1e-7, 1e16, 1.5e16, 1e22, -0.0, 0.0, 5e-324, 1.7976931348623157e308, 123456789012345680.0, 0.1, 100.0])
INTS = st.integers(min_value=-2**63, max_value=2**64 - 1) | st.integers() | st.sampled_from(
    [2**63, 2**64, -2**63 - 1, 10**30])
LEAVES = st.none() | st.booleans() | INTS | FLOATS | HOSTILE
DATA = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                    | st.dictionaries(HOSTILE, inner, max_size=4), max_leaves=25)


def same_types(a: Any, b: Any) -> bool:
    """Equal and of the same types throughout (1 == 1.0 == True for ==)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_types(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same_types, a, b))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b) or (math.isnan(a) and math.isnan(b))
    return a == b


# --- writing ---------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(DATA)
def test_dumps_json_is_the_json_module(data):
    try:
        expected = stdlib_dumps(data)
    except (ValueError, TypeError) as exc:
        with pytest.raises(type(exc)):
            dumps_json(data)
        return
    assert dumps_json(data) == expected + "\n"
    assert dumps_json(data, indent=None) == stdlib_dumps(data, indent=None) + "\n"
    assert same_types(json.loads(dumps_compact_json(data)), json.loads(expected))


@settings(max_examples=200, deadline=None)
@given(DATA, st.integers(min_value=0, max_value=2))
def test_graph_item_encoder_is_the_json_module(data, level):
    try:
        expected = _dump_json(data, level)
        assert expected == stdlib_dumps(data).replace("\n", "\n" + "  " * level)
        expected_bytes = expected.encode("utf-8")
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        with pytest.raises(type(exc)):
            _encode(data, level)
        return
    assert _encode(data, level) == expected_bytes


def test_values_orjson_writes_otherwise_go_to_the_json_module():
    import enum

    class Colour(str, enum.Enum):
        RED = "red"

    class Level(enum.IntEnum):
        ONE = 1

    class Name(str):
        pass

    cases = [1e-05, [1e-05, 2.5e-8, -0.0], 2**64, -2**63 - 1, {1: "a", 10: "b", 9: "c"}, {True: 1, False: 2},
             {"k": (1, 2)}, [Colour.RED, Level.ONE, Name("x")], {"x": {"y": [{"z": 1e300}]}}]
    for data in cases:
        assert dumps_json(data) == stdlib_dumps(data) + "\n", data
        assert _encode(data, 2) == stdlib_dumps(data).replace("\n", "\n    ").encode("utf-8"), data
    with pytest.raises(ValueError):
        dumps_json({"x": [float("nan")]})  # orjson would write null
    with pytest.raises(ValueError):
        dumps_compact_json({"x": float("inf")})
    with pytest.raises(TypeError):
        dumps_json({"when": __import__("datetime").date(2024, 1, 1)})  # orjson would write it


# --- reading ---------------------------------------------------------------------------------------

def _assert_reads_as_json_module(doc: str | bytes) -> None:
    """loads_json(doc) gives what json.loads gives (exact types), or raises the same error type."""
    try:
        expected = json.loads(doc)
    except ValueError as exc:
        with pytest.raises(type(exc)):
            loads_json(doc)
        return
    assert same_types(loads_json(doc), expected)


@settings(max_examples=300, deadline=None)
@given(DATA, st.sampled_from([None, 2]))
def test_loads_json_is_the_json_module(data, indent):
    try:
        text = json.dumps(data, indent=indent, ensure_ascii=False)
    except (ValueError, TypeError):
        return
    for doc in (text, text.encode("utf-8", "surrogatepass")):
        _assert_reads_as_json_module(doc)


@pytest.mark.parametrize("text", [
    "[18446744073709551616]", "[-9223372036854775809]", "[12345678901234567890123]", "[NaN, Infinity, -Infinity]",
    '["\\ud800"]', "[1e400]", "[-0.0, -0, 0.1, 1E5, 1e-7]", '{"a": 1, "a": 2}', "\ufeff[1]", "[1,]", "",
    "[9223372036854775807, 18446744073709551615]", '"1234567890123456789012345"', "12345678901234567890"])
def test_loads_json_edge_cases(text):
    for doc in (text, text.encode("utf-8")):
        _assert_reads_as_json_module(doc)


def test_long_digit_runs_are_found_across_scan_slices(monkeypatch):
    import maillage._io as io

    monkeypatch.setattr(io, "_SCAN", 16)
    for start in range(0, 40):
        raw = b" " * start + b"1" * 19 + b" " * 30
        assert not orjson_reads_as_json(raw)
        assert orjson_reads_as_json(b" " * start + b"1" * 18 + b" " * 30)


# --- graph.json ------------------------------------------------------------------------------------

NODE_IDS = st.sampled_from(["a", "b", "c", "é", "Z", "k:x", "😀"])
EVIDENCE = st.fixed_dictionaries({
    "doc": st.sampled_from(["d1", "d2", "d\u2028"]), "sentence": HOSTILE, "start": st.integers(0, 50),
    "end": st.integers(0, 50), "date": st.none() | st.just("2024-01-02"), "lang": st.sampled_from(["fr", "en"]),
    "method": st.sampled_from(["rule", "co-mention", "ner"])})
EDGES = st.lists(st.tuples(NODE_IDS, NODE_IDS, st.sampled_from(sorted(RELATION_TYPES)),
                           st.lists(EVIDENCE, max_size=3)), max_size=12)
ATTRS = st.dictionaries(st.sampled_from(["scores", "community", "x", "level", "z"]), DATA, max_size=3)


def reference_add_edge(G, source, target, rel_type, evidence=None, **attrs):
    """add_edge as it was before the fast path (G.has_edge / G.edges[...])."""
    from maillage.graph.store import _EVIDENCE_KEYS, _evidence_sort_key, edge_weight

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


def snapshot(G: nx.MultiDiGraph) -> Any:
    """Everything observable of G, in iteration order (dict key orders included)."""
    return ([(n, list(d.items())) for n, d in G.nodes(data=True)],
            [(u, v, k, list(d.items())) for u, v, k, d in G.edges(keys=True, data=True)],
            [(u, list(nbrs)) for u, nbrs in G.adjacency()], [(v, list(p)) for v, p in G.pred.items()])


@settings(max_examples=150, deadline=None)
@given(EDGES, st.lists(st.dictionaries(st.sampled_from(["extra", "note"]), LEAVES, max_size=2), min_size=12,
                       max_size=12))
def test_add_edge_is_the_reference(edges, extras):
    G, H = nx.MultiDiGraph(), nx.MultiDiGraph()
    for (s, t, typ, ev), extra in zip(edges, extras):
        add_edge(G, s, t, typ, ev, **extra)
        reference_add_edge(H, s, t, typ, ev, **extra)
    assert snapshot(G) == snapshot(H)


@settings(max_examples=150, deadline=None)
@given(EDGES, st.dictionaries(NODE_IDS, ATTRS), DATA)
def test_graph_json_is_the_json_module_and_reads_back(tmp_path_factory, edges, node_attrs, meta):
    G = nx.MultiDiGraph()
    G.graph["documents"] = [{"id": "d1", "path": "a.txt", "title": "A\u2028\"", "lang": "fr", "date": None,
                             "format": "txt"}]
    G.graph["meta"] = {"m": meta}
    for n in ["a", "b", "c", "é", "Z", "k:x", "😀"]:
        G.add_node(n, name=n.upper(), type="city", aliases=[n, n.upper()], documents=["d1"], **node_attrs.get(n, {}))
    for s, t, typ, ev in edges:
        add_edge(G, s, t, typ, ev)
    assert [e[:3] for e in _sorted_edges(G)] == sorted(G.edges(keys=True))
    data = graph_to_data(G)
    try:
        expected = (stdlib_dumps(data) + "\n").encode("utf-8")
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        with pytest.raises(type(exc)):
            write_graph(G, tmp_path_factory.mktemp("g") / "graph.json")
        return
    path = write_graph(G, tmp_path_factory.mktemp("g") / "graph.json")
    assert path.read_bytes() == expected
    assert b"".join(graph_json_byte_chunks(G)) == expected
    back = read_graph(path)
    old = graph_from_data(json.loads(expected.decode("utf-8")))
    assert snapshot(back) == snapshot(old)
    assert same_types(back.graph["meta"], old.graph["meta"])


def _graph_text(**node_extra: Any) -> str:
    return stdlib_dumps({"format": "maillage-graph", "version": 1, "documents": [], "meta": {},
                         "nodes": [{"id": "a", "name": "A", "type": "city", "aliases": ["A"], "documents": [],
                                    **node_extra},
                                   {"id": "b", "name": "B", "type": "city", "aliases": ["B"], "documents": []}],
                         "edges": [{"source": "a", "target": "b", "type": "member_of", "weight": 1,
                                    "evidence": [{"doc": "d", "sentence": "s", "start": 0, "end": 1, "date": None,
                                                  "lang": "fr", "method": "rule"}]}]}) + "\n"


def test_read_graph_keeps_big_ints_and_reads_what_json_reads(tmp_path: Path):
    p = tmp_path / "graph.json"
    p.write_text(_graph_text(big=2**70, small=-2**63, f=1e-05), encoding="utf-8")
    G = read_graph(p)
    assert G.nodes["a"]["big"] == 2**70 and type(G.nodes["a"]["big"]) is int
    assert G.nodes["a"]["small"] == -2**63 and G.nodes["a"]["f"] == 1e-05
    p.write_text(_graph_text(score="NAN").replace('"NAN"', "NaN"), encoding="utf-8")
    assert math.isnan(read_graph(p).nodes["a"]["score"])  # json reads NaN, orjson does not


@pytest.mark.parametrize("raw, message", [
    (b'{\r"format": "maillage-graph",\r"nodes": [\r}', "invalid JSON at line 4"),  # old Mac newlines: line 4
    (b'{\r\n"nodes": [1,]\r\n}', "invalid JSON at line 2"),
    (b"\xef\xbb\xbf{}", "invalid JSON at line 1: Unexpected UTF-8 BOM"),
    (b'{"nodes": "\xff"}', "cannot read: 'utf-8' codec can't decode byte 0xff in position 11"),
    (b"[]", "not a maillage graph (expected a JSON object)"),
])
def test_read_graph_errors_are_unchanged(tmp_path: Path, raw: bytes, message: str):
    p = tmp_path / "graph.json"
    p.write_bytes(raw)
    with pytest.raises(GraphFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_graph(p)


def test_read_graph_restores_the_garbage_collector(tmp_path: Path):
    import gc

    p = tmp_path / "graph.json"
    p.write_text(_graph_text(), encoding="utf-8")
    assert gc.isenabled()
    read_graph(p)
    assert gc.isenabled()
    p.write_text("{", encoding="utf-8")
    with pytest.raises(GraphFileError):
        read_graph(p)
    assert gc.isenabled()
    gc.disable()
    try:
        p.write_text(_graph_text(), encoding="utf-8")
        read_graph(p)
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
