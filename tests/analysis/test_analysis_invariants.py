"""Invariants of the analysis, checked with Hypothesis on random typed graphs.

- communities partition the actors (every actor in exactly one community, sizes add up);
- the whole analysis is unchanged when nodes and edges are inserted in another order;
- every link of a shortest chain exists in G and carries evidence;
- same graph, same seed: same JSON bytes (analysis, annotated graph.json, report).
"""
from __future__ import annotations

import json
from typing import Any

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage._io import dumps_json
from maillage.errors import ActorNotFoundError
from maillage.graph.analysis import analyse, annotate, communities, ego_network, shortest_paths
from maillage.graph.store import add_edge, graph_to_data
from maillage.schema import STATED_RELATION_TYPES

TYPES = ["association", "city", "ministry", "eu_body", "person", "event", "organisation"]
LEVELS = [None, "local", "national", "european", "global"]
RELATIONS = list(STATED_RELATION_TYPES) + ["co_mentioned"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def graphs(draw: Any) -> dict[str, Any]:
    """A graph as plain lists (nodes, edges), so it can be built in any order."""
    n = draw(st.integers(min_value=1, max_value=14))
    nodes = [(f"n{i:02d}", draw(st.sampled_from(TYPES)), draw(st.sampled_from(LEVELS))) for i in range(n)]
    raw = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(RELATIONS),
                                  st.integers(1, 3)), max_size=30))
    edges = [(f"n{a:02d}", f"n{b:02d}", rel, w) for a, b, rel, w in raw if a != b]
    return {"nodes": nodes, "edges": edges}


def build(spec: dict[str, Any], node_order: list[int] | None = None, edge_order: list[int] | None = None) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.graph["documents"] = [{"id": "d1", "path": "a.txt", "date": "2020-01-01"},
                            {"id": "d2", "path": "b.txt", "date": "2022-06-01"}]
    G.graph["meta"] = {}
    nodes = spec["nodes"]
    for i in node_order or range(len(nodes)):
        v, t, lv = nodes[i]
        G.add_node(v, name=f"Actor {v}", type=t, aliases=[f"Actor {v}", v.upper()], documents=["d1"],
                   **({"level": lv} if lv else {}))
    edges = spec["edges"]
    for j in edge_order or range(len(edges)):
        s, t, rel, w = edges[j]
        ev = [{"doc": f"d{1 + (k % 2)}", "sentence": f"{s} {rel} {t} ({k})", "start": 100 * j + k,
               "date": None} for k in range(w)]
        add_edge(G, s, t, rel, ev)
    return G


@SETTINGS
@given(graphs(), st.integers(0, 10_000), st.sampled_from(["louvain", "leiden"]), st.booleans())
def test_communities_partition_the_actors(spec, seed, algorithm, co):
    G = build(spec)
    res = communities(G, seed=seed, algorithm=algorithm, with_co_mentions=co)
    members = [v for c in res["communities"] for v in c["members"]]
    assert len(members) == len(set(members))
    assert set(members) == set(res["membership"])
    assert sum(c["size"] for c in res["communities"]) == len(members)
    for c in res["communities"]:
        assert all(res["membership"][v] == c["id"] for v in c["members"])
    # the actors: every node but events (projected to links between their participants)
    assert set(members) <= set(G.nodes)
    assert {v for v, t, _ in spec["nodes"] if t not in ("event",)} <= set(members)
    assert -0.5 - 1e-9 <= res["modularity"] <= 1.0


@SETTINGS
@given(graphs(), st.randoms(use_true_random=False), st.booleans())
def test_scores_do_not_depend_on_insertion_order(spec, rnd, co):
    a = build(spec)
    node_order = list(range(len(spec["nodes"])))
    edge_order = list(range(len(spec["edges"])))
    rnd.shuffle(node_order)
    rnd.shuffle(edge_order)
    b = build(spec, node_order, edge_order)
    ra = analyse(a, seed=3, with_co_mentions=co)
    rb = analyse(b, seed=3, with_co_mentions=co)
    assert dumps_json(ra) == dumps_json(rb)


@SETTINGS
@given(graphs(), st.integers(0, 13), st.integers(0, 13), st.booleans())
def test_every_link_of_a_path_exists_with_evidence(spec, i, j, co):
    G = build(spec)
    n = len(spec["nodes"])
    s, t = f"n{i % n:02d}", f"n{j % n:02d}"
    chains = shortest_paths(G, f"Actor {s}", t.upper(), with_co_mentions=co)
    undirected = nx.Graph()
    undirected.add_nodes_from(G)
    undirected.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if co or k != "co_mentioned")
    if not nx.has_path(undirected, s, t):
        assert chains == []
        return
    assert chains, "connected actors must have a chain"
    length = nx.shortest_path_length(undirected, s, t)
    for chain in chains:
        assert chain["length"] == length == len(chain["links"])
        ids = [x["id"] for x in chain["nodes"]]
        assert ids[0] == s and ids[-1] == t and len(set(ids)) == len(ids)
        for link in chain["links"]:
            assert link["relations"]
            for r in link["relations"]:
                assert G.has_edge(r["source"], r["target"], key=r["type"])
                assert {r["source"], r["target"]} == {link["source"], link["target"]}
                assert r["evidence"], "every link carries the sentence that proves it"
                stored = G.edges[r["source"], r["target"], r["type"]]["evidence"]
                assert [e["sentence"] for e in r["evidence"]] == [e["sentence"] for e in stored]
                assert co or r["type"] != "co_mentioned"


@SETTINGS
@given(graphs(), st.integers(0, 3))
def test_ego_network_is_within_radius_and_a_subgraph(spec, radius):
    G = build(spec)
    sub = ego_network(G, "n00", radius=radius)
    assert "n00" in sub and sub.nodes["n00"]["ego_distance"] == 0
    for v, d in sub.nodes(data=True):
        assert 0 <= d["ego_distance"] <= radius
    for u, v, k in sub.edges(keys=True):
        assert G.has_edge(u, v, key=k)
    json.dumps(graph_to_data(sub))  # the sub-graph is a valid graph file


def test_unknown_name_suggests_the_nearest(fixture_graph):
    try:
        shortest_paths(fixture_graph, "Dijonn", "DG NEAR")
    except ActorNotFoundError as exc:
        assert "Dijon" in exc.suggestions
    else:
        raise AssertionError("an unknown name must raise ActorNotFoundError")


def test_same_seed_same_bytes(fixture_graph, synth_small, tmp_path):
    from maillage.exports.report import write_report
    from maillage.graph.store import write_graph

    for G in (fixture_graph, synth_small):
        a = dumps_json(analyse(G, seed=9, algorithm="leiden"))
        b = dumps_json(analyse(G, seed=9, algorithm="leiden"))
        assert a == b
        res = analyse(G, seed=9)
        p1 = write_graph(annotate(G, res), tmp_path / "a.json").read_bytes()
        p2 = write_graph(annotate(G, analyse(G, seed=9)), tmp_path / "b.json").read_bytes()
        assert p1 == p2
        assert "scores" not in next(iter(G.nodes.values()))  # annotate leaves G alone
    r1 = write_report(fixture_graph, tmp_path / "r1.html", seed=4).read_bytes()
    r2 = write_report(fixture_graph, tmp_path / "r2.html", seed=4).read_bytes()
    assert r1 == r2
