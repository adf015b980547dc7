"""GraphML: typed attributes that networkx (and Cytoscape, yEd) read back as written."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from export_helpers import NASTY_NAMES
from lxml import etree

from maillage.exports.graphml import GRAPHML_NS, graphml_bytes, write_graphml
from maillage.exports.sanitize import clean_text, coerce, column_types, flat_edge, flat_node, sanitize_graph

GOLDEN = Path(__file__).parent / "golden"


def _read(path: Path) -> nx.MultiDiGraph:
    return nx.read_graphml(path, force_multigraph=True)


def test_round_trip_nodes_edges_types_attributes(scored_graph, tmp_path: Path) -> None:
    [path] = write_graphml(scored_graph, tmp_path / "g.graphml")
    H = _read(path)
    assert H.is_directed()
    assert set(H.nodes) == set(scored_graph.nodes)
    for n, d in scored_graph.nodes(data=True):
        r = H.nodes[n]
        assert r["name"] == d["name"]
        assert r["type"] == d["type"]
        assert r["aliases"].split("|") == sorted(d["aliases"])
        assert r["documents"].split("|") == d["documents"]
        assert r["community"] == d["community"] and isinstance(r["community"], int)
        for measure, value in (d.get("scores") or {}).items():
            assert r[f"score_{measure}"] == value and isinstance(r[f"score_{measure}"], float)
        if d.get("scores") is None:
            assert "score_pagerank" not in r  # missing stays missing, not 0 or "None"
    written = Counter((s, t, d["type"]) for s, t, d in scored_graph.edges(data=True))
    read = Counter((s, t, d["type"]) for s, t, d in H.edges(data=True))
    assert read == written
    for s, t, d in H.edges(data=True):
        orig = scored_graph.edges[s, t, d["type"]]
        assert d["weight"] == orig["weight"] and isinstance(d["weight"], int)
        assert d["evidence_count"] == len(orig["evidence"])
        assert d["sentence"] == orig["evidence"][0]["sentence"]
        assert d["docs"] == orig["evidence"][0]["doc"]
        assert isinstance(d["symmetric"], bool) and isinstance(d["stated"], bool)
        assert d["stated"] is (d["type"] != "co_mentioned")


def test_read_back_equals_the_flat_rows_exactly(scored_graph, tmp_path: Path) -> None:
    """Every attribute written comes back with its value and Python type."""
    [path] = write_graphml(scored_graph, tmp_path / "g.graphml")
    H = _read(path)
    rows = {n: flat_node(scored_graph, n) for n in scored_graph}
    types = column_types(rows.values())
    for n, row in rows.items():
        assert H.nodes[n] == {k: coerce(v, types[k]) for k, v in row.items()}
    erows = {(s, t, k): flat_edge(scored_graph, s, t, k) for s, t, k in scored_graph.edges(keys=True)}
    etypes = column_types(erows.values())
    for s, t, _key, d in H.edges(keys=True, data=True):
        row = erows[(s, t, d["type"])]
        assert d == {k: coerce(v, etypes[k]) for k, v in row.items()}


def test_keys_are_declared_once_with_types(scored_graph) -> None:
    root = etree.fromstring(graphml_bytes(scored_graph), etree.XMLParser(recover=False))
    assert root.tag == f"{{{GRAPHML_NS}}}graphml"
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(f"{{{GRAPHML_NS}}}key")}
    assert keys[("node", "score_pagerank")] == "double"
    assert keys[("node", "community")] == "int"
    assert keys[("node", "name")] == "string"
    assert keys[("edge", "weight")] == "int"
    assert keys[("edge", "symmetric")] == "boolean"
    assert len(keys) == len(list(root.iter(f"{{{GRAPHML_NS}}}key")))
    edge_ids = [e.get("id") for e in root.iter(f"{{{GRAPHML_NS}}}edge")]
    assert len(edge_ids) == len(set(edge_ids)) == scored_graph.number_of_edges()


def test_nasty_graph_exports_and_reads_back(nasty_graph, tmp_path: Path) -> None:
    [path] = write_graphml(nasty_graph, tmp_path / "nasty.graphml")
    etree.parse(str(path), etree.XMLParser(recover=False))  # strict parser: well-formed
    H = _read(path)
    clean = sanitize_graph(nasty_graph)
    assert set(H.nodes) == set(clean.nodes)
    for nid, name in NASTY_NAMES.items():
        assert H.nodes[nid]["name"] == clean_text(name)[0]
        assert "score_pagerank" not in H.nodes[nid] or H.nodes[nid]["score_pagerank"] == 0.5
    assert H.nodes["n-lines"]["name"] == "line one\nline two\r\nline three"  # CR kept (escaped)
    assert H.nodes["n-cdata"]["name"] == "CDATA ]]> <![CDATA[ x ]]> end"
    sentences = {d.get("sentence") for _s, _t, d in H.edges(data=True)}
    assert "It said \"x\" ]]> ; then <b>bold</b> & 😀 \u202e and NaN" in sentences


def test_output_is_deterministic_and_independent_of_insertion_order(scored_graph, fixture_graph_data) -> None:
    reordered = nx.MultiDiGraph()
    reordered.graph.update(scored_graph.graph)
    reordered.add_nodes_from(reversed(list(scored_graph.nodes(data=True))))
    reordered.add_edges_from(reversed(list(scored_graph.edges(keys=True, data=True))))
    assert graphml_bytes(scored_graph) == graphml_bytes(reordered)


def test_existing_folder_gets_a_default_name(scored_graph, tmp_path: Path) -> None:
    [path] = write_graphml(scored_graph, tmp_path)
    assert path == tmp_path / "graph.graphml" and path.exists()


def test_golden_file(scored_graph) -> None:
    """Catches unintended format changes; regenerate with MAILLAGE_UPDATE_GOLDEN=1."""
    golden = GOLDEN / "scored.graphml"
    data = graphml_bytes(scored_graph)
    if os.environ.get("MAILLAGE_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    if not golden.exists():
        pytest.fail(f"{golden} is missing: run with MAILLAGE_UPDATE_GOLDEN=1 once and review it")
    assert data.decode("utf-8") == golden.read_text(encoding="utf-8")
