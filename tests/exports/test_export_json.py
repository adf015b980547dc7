"""Node-link JSON: strict, deterministic, and read back by networkx.node_link_graph."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from export_helpers import NASTY_NAMES

from maillage.errors import ExportError
from maillage.exports.jsonfile import node_link, write_json
from maillage.exports.sanitize import clean_text, sanitize_graph


def _strict_load(path: Path) -> Any:
    def no_constant(name: str) -> Any:
        raise ValueError(f"non-standard JSON constant {name}")
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=no_constant)


def test_round_trip_with_node_link_graph(scored_graph, tmp_path: Path) -> None:
    [path] = write_json(scored_graph, tmp_path / "g.json")
    data = _strict_load(path)
    H = nx.node_link_graph(data, edges="edges")
    assert isinstance(H, nx.MultiDiGraph)
    assert dict(H.nodes(data=True)) == dict(scored_graph.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True), key=repr) == \
        sorted(scored_graph.edges(keys=True, data=True), key=repr)
    assert H.graph["documents"] == scored_graph.graph["documents"]
    assert H.edges["k-afccre", "k-cemr", "member_of"]["evidence"][0]["sentence"] == \
        "L'AFCCRE est la section française du CCRE."


def test_links_key_for_d3(scored_graph, tmp_path: Path) -> None:
    data = _strict_load(write_json(scored_graph, tmp_path / "g.json", edges_key="links")[0])
    assert "links" in data and "edges" not in data
    assert nx.node_link_graph(data, edges="links").number_of_edges() == scored_graph.number_of_edges()
    with pytest.raises(ExportError):
        node_link(scored_graph, edges_key="arcs")


def test_nasty_graph_is_strict_json_and_reads_back(nasty_graph, tmp_path: Path) -> None:
    [path] = write_json(nasty_graph, tmp_path / "nasty.json")
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text.replace("and NaN", "") and "Infinity" not in text
    data = _strict_load(path)
    H = nx.node_link_graph(data, edges="edges")
    clean = sanitize_graph(nasty_graph)
    assert set(H.nodes) == set(clean.nodes)
    for nid, name in NASTY_NAMES.items():
        assert H.nodes[nid]["name"] == clean_text(name)[0]
    pageranks = [H.nodes[n]["scores"]["pagerank"] for n in NASTY_NAMES]
    assert set(pageranks) == {None, 0.5}
    assert H.graph["meta"] == {"note": "meta  text"}


def test_output_is_deterministic(scored_graph, tmp_path: Path) -> None:
    a = write_json(scored_graph, tmp_path / "a.json")[0].read_bytes()
    reordered = nx.MultiDiGraph()
    reordered.graph.update(scored_graph.graph)
    reordered.add_nodes_from(reversed(list(scored_graph.nodes(data=True))))
    reordered.add_edges_from(reversed(list(scored_graph.edges(keys=True, data=True))))
    assert write_json(reordered, tmp_path / "b.json")[0].read_bytes() == a
    assert write_json(scored_graph, tmp_path)[0].name == "graph.nodelink.json"
