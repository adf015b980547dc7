"""GEXF 1.3 for Gephi: namespaces, viz colours/sizes/positions, timeline, and round trips."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from export_helpers import NASTY_NAMES
from lxml import etree

from maillage.errors import ExportError
from maillage.exports.gexf import GEXF_NS, VIZ_NS, gexf_bytes, write_gexf
from maillage.exports.palette import NODE_TYPE_COLORS, hex_to_rgb
from maillage.exports.sanitize import clean_text, coerce, column_types, flat_edge, flat_node, sanitize_graph

STRICT = etree.XMLParser(recover=False, resolve_entities=False)


def _read(path: Path) -> nx.Graph:
    return nx.read_gexf(path, version="1.3")


def _root(G, **options) -> etree._Element:
    return etree.fromstring(gexf_bytes(G, **options), STRICT)


def test_declares_gexf_13_with_the_viz_namespace(scored_graph) -> None:
    root = _root(scored_graph)
    assert root.tag == "{http://gexf.net/1.3}gexf"
    assert root.get("version") == "1.3"
    assert root.nsmap[None] == GEXF_NS == "http://gexf.net/1.3"
    assert root.nsmap["viz"] == VIZ_NS == "http://gexf.net/1.3/viz"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == \
        "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    graph = root.find(f"{{{GEXF_NS}}}graph")
    assert graph.get("defaultedgetype") == "directed"
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    # every node carries its viz elements in the viz namespace
    for node in root.iter(f"{{{GEXF_NS}}}node"):
        assert node.find(f"{{{VIZ_NS}}}color") is not None
        assert node.find(f"{{{VIZ_NS}}}size") is not None
        assert node.find(f"{{{VIZ_NS}}}position") is not None


def test_round_trip_with_networkx(scored_graph, tmp_path: Path) -> None:
    [path] = write_gexf(scored_graph, tmp_path / "g.gexf")
    etree.parse(str(path), STRICT)
    H = _read(path)
    assert H.is_directed() and H.is_multigraph()
    assert set(H.nodes) == set(scored_graph.nodes)
    written = Counter((s, t, d["type"]) for s, t, d in scored_graph.edges(data=True))
    assert Counter((s, t, d["type"]) for s, t, d in H.edges(data=True)) == written
    rows = {n: flat_node(scored_graph, n) for n in scored_graph}
    types = column_types(rows.values())
    for n, row in rows.items():
        got = {k: v for k, v in H.nodes[n].items() if k not in ("viz", "start", "label")}
        assert got == {k: coerce(v, types[k]) for k, v in row.items()}
        assert H.nodes[n]["label"] == scored_graph.nodes[n]["name"]
    erows = {(s, t, k): flat_edge(scored_graph, s, t, k) for s, t, k in scored_graph.edges(keys=True)}
    etypes = column_types(erows.values())
    for s, t, d in H.edges(data=True):
        row = dict(erows[(s, t, d["type"])])
        assert d["weight"] == float(row.pop("weight"))
        got = {k: v for k, v in d.items() if k not in ("weight", "id", "start")}
        assert got == {k: coerce(v, etypes[k]) for k, v in row.items() if k != "weight"}


def test_colours_come_from_the_shared_palette(scored_graph, tmp_path: Path) -> None:
    H = _read(write_gexf(scored_graph, tmp_path / "g.gexf")[0])
    for n, d in scored_graph.nodes(data=True):
        c = H.nodes[n]["viz"]["color"]
        assert (c["r"], c["g"], c["b"]) == hex_to_rgb(NODE_TYPE_COLORS[d["type"]])


def test_sizes_follow_the_chosen_centrality(scored_graph, tmp_path: Path) -> None:
    H = _read(write_gexf(scored_graph, tmp_path / "g.gexf", size_by="pagerank", min_size=5, max_size=25)[0])
    size = {n: H.nodes[n]["viz"]["size"] for n in H}
    assert size["k-meae"] == 25.0       # highest pagerank
    assert size["k-dijon"] == 5.0       # lowest pagerank
    assert size["k-cemr"] > size["k-cuf"] > size["k-dijon"]
    assert size["k-nalas"] == 5.0       # no score: the smallest size
    H2 = _read(write_gexf(scored_graph, tmp_path / "b.gexf", size_by="betweenness")[0])
    assert H2.nodes["k-meae"]["viz"]["size"] > H2.nodes["k-cemr"]["viz"]["size"]


def test_sizes_fall_back_to_degree_without_scores(fixture_graph, tmp_path: Path) -> None:
    H = _read(write_gexf(fixture_graph, tmp_path / "g.gexf", min_size=10, max_size=50)[0])
    degree = {n: len(set(fixture_graph.pred[n]) | set(fixture_graph.succ[n])) for n in fixture_graph}
    size = {n: H.nodes[n]["viz"]["size"] for n in H}
    for n in fixture_graph:
        if degree[n] == max(degree.values()):
            assert size[n] == 50.0
        if degree[n] == min(degree.values()):
            assert size[n] == 10.0
    for a in fixture_graph:  # more neighbours, bigger node
        for b in fixture_graph:
            if degree[a] < degree[b]:
                assert size[a] < size[b]


def test_positions_use_node_xy_when_present_else_a_seeded_layout(scored_graph, tmp_path: Path) -> None:
    G = scored_graph.copy()
    G.nodes["k-cemr"]["x"], G.nodes["k-cemr"]["y"] = 120.5, -40.0
    H = _read(write_gexf(G, tmp_path / "g.gexf")[0])
    pos = H.nodes["k-cemr"]["viz"]["position"]
    assert (pos["x"], pos["y"]) == (120.5, 40.0)  # screen y (down) becomes Gephi y (up)
    others = {n: (H.nodes[n]["viz"]["position"]["x"], H.nodes[n]["viz"]["position"]["y"]) for n in H}
    assert len(set(others.values())) == len(others)  # everyone placed, nobody stacked
    # seeded: the same seed gives the same layout, another seed another one
    assert gexf_bytes(scored_graph, seed=7) == gexf_bytes(scored_graph, seed=7)
    assert gexf_bytes(scored_graph, seed=7) != gexf_bytes(scored_graph, seed=8)
    root = _root(scored_graph, layout="none")
    assert root.find(f".//{{{VIZ_NS}}}position") is None


def test_timeline_first_seen(scored_graph, tmp_path: Path) -> None:
    H = _read(write_gexf(scored_graph, tmp_path / "g.gexf")[0])
    assert H.graph["mode"] == "dynamic"
    assert H.nodes["k-meae"]["start"] == "2016-05-19"
    assert H.nodes["k-dijon"]["start"] == "2022-11-29"
    # CEMR's own document is undated; its first dated relation (AFCCRE member of) dates it
    assert H.nodes["k-cemr"]["start"] == "2022-11-29"
    for s, t, d in H.edges(data=True):
        if "start" in d:  # an edge never starts before its ends
            assert d["start"] >= H.nodes[s].get("start", "") and d["start"] >= H.nodes[t].get("start", "")
    undated = [d for s, t, d in H.edges(data=True) if d["type"] == "meets"]
    assert undated and all("start" not in d for d in undated)


def test_timeline_years_writes_spells(scored_graph, tmp_path: Path) -> None:
    H = _read(write_gexf(scored_graph, tmp_path / "g.gexf", timeline="years")[0])
    assert H.nodes["k-meae"]["spells"] == [("2016-01-01", "2017-12-31"), ("2022-01-01", "2022-12-31")]
    assert H.nodes["k-dijon"]["spells"] == [("2022-01-01", "2022-12-31")]


def test_timeline_none_is_static(scored_graph, tmp_path: Path) -> None:
    root = _root(scored_graph, timeline="none")
    graph = root.find(f"{{{GEXF_NS}}}graph")
    assert graph.get("mode") == "static" and graph.get("timeformat") is None
    assert not [n for n in root.iter(f"{{{GEXF_NS}}}node") if n.get("start")]
    with pytest.raises(ExportError, match="timeline"):
        gexf_bytes(scored_graph, timeline="weekly")


def test_edges_carry_kind_label_and_weight(scored_graph) -> None:
    root = _root(scored_graph)
    edges = list(root.iter(f"{{{GEXF_NS}}}edge"))
    assert len(edges) == scored_graph.number_of_edges()
    kinds = Counter(e.get("kind") for e in edges)
    assert kinds == Counter(d["type"] for _s, _t, d in scored_graph.edges(data=True))
    member = next(e for e in edges if e.get("kind") == "member_of")
    assert member.get("label") == "is a member of" and member.get("weight") == "1.0"


def test_nasty_graph_parses_with_networkx_and_strict_xml(nasty_graph, tmp_path: Path) -> None:
    [path] = write_gexf(nasty_graph, tmp_path / "nasty.gexf")
    etree.parse(str(path), STRICT)
    H = _read(path)
    clean = sanitize_graph(nasty_graph)
    assert set(H.nodes) == set(clean.nodes)
    for nid, name in NASTY_NAMES.items():
        assert H.nodes[nid]["name"] == clean_text(name)[0]
        assert H.nodes[nid]["label"] == clean_text(name)[0]
    assert H.number_of_edges() == nasty_graph.number_of_edges()


def test_graph_without_any_date_is_static(tmp_path: Path) -> None:
    G = nx.MultiDiGraph(documents=[{"id": "d", "date": None}])
    G.add_node("a", name="A", type="city", documents=["d"])
    root = _root(G)
    assert root.find(f"{{{GEXF_NS}}}graph").get("mode") == "static"
    assert _read(write_gexf(G, tmp_path / "g.gexf")[0]).nodes["a"]["name"] == "A"
