"""Every ready-made query of queries.cypher, run on the real server against the seed graph.

The seed graph (built from ../shared/corpus/seeds, scored by ``analyse``) is pushed as the
default dataset, after the hand-made fixture graph pushed as another dataset that shares
actor ids with it: each query must answer for its dataset only. What a query claims is
computed independently from the networkx graph and compared with what Neo4j returns.
"""
from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from maillage.exports.neo4j import DEFAULT_DATASET, push_graph, ready_queries, run_query
from maillage.graph.store import graph_from_data, graph_to_data
from maillage.schema import RELATION_TYPES

pytestmark = pytest.mark.neo4j

QUERIES = {q["name"]: q for q in ready_queries()}
LEVELS = ["local", "regional", "national", "european", "global"]
CO = "co_mentioned"


@pytest.fixture(scope="module")
def loaded(neo4j_server, seed_graph, fixture_graph_data_module) -> dict[str, Any]:
    """The session server holding dataset 'fx' (fixture graph) then the default dataset (seeds)."""
    conn = neo4j_server.conn
    run_query("MATCH (n) DETACH DELETE n", **conn)
    push_graph(graph_from_data(fixture_graph_data_module), dataset="fx", **conn)
    push_graph(seed_graph, dataset=DEFAULT_DATASET, **conn)
    return conn


@pytest.fixture(scope="module")
def fixture_graph_data_module() -> dict[str, Any]:
    """The hand-made graph of tests/conftest.py (shares actor ids such as k-cemr with the seeds)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_maillage_root_conftest", Path(__file__).parents[1] / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return copy.deepcopy(module.FIXTURE_DATA)


def run(name: str, conn: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    return run_query(QUERIES[name]["cypher"], {"dataset": DEFAULT_DATASET, **params}, **conn)


# --------------------------------------------------------------------------- expectations from networkx

def _name(G: nx.MultiDiGraph, n: str) -> str:
    return str(G.nodes[n]["name"])


def _named(G: nx.MultiDiGraph, text: str) -> list[str]:
    t = text.lower()
    return [n for n, d in G.nodes(data=True)
            if str(d["name"]).lower() == t or any(str(a).lower() == t for a in d.get("aliases") or [])]


def _stated_degree(G: nx.MultiDiGraph) -> Counter[str]:
    deg: Counter[str] = Counter()
    for s, t, k in G.edges(keys=True):
        if k != CO:
            deg[s] += 1
            deg[t] += 1
    return deg


def _pagerank(G: nx.MultiDiGraph, n: str) -> float | None:
    return (G.nodes[n].get("scores") or {}).get("pagerank")


def _cy(rel: str) -> str:
    return RELATION_TYPES[rel].cypher


# --------------------------------------------------------------------------- the queries file itself

def test_every_query_is_parsed_with_a_description_and_example_params():
    assert list(QUERIES) == ["top_actors", "network_members", "organises_funds", "brokers_between_levels",
                             "shortest_path", "actors_of_country", "document_statements", "search_actors"]
    for q in QUERIES.values():
        assert q["description"] and q["params"].startswith("{") and q["cypher"]
        assert ";" not in q["cypher"]  # one statement each


@pytest.mark.parametrize("name", list(QUERIES))
def test_example_params_run_and_answer_on_the_seed_graph(loaded, name):
    """The ``:param`` line shown above each query, as a Browser user would run it, gives rows."""
    params = run_query(f"RETURN {QUERIES[name]['params']} AS p", **loaded)[0]["p"]
    if "dataset" in params:
        assert params["dataset"] == DEFAULT_DATASET
    rows = run_query(QUERIES[name]["cypher"], params, **loaded)
    assert rows, f"{name} with its example parameters {params} returns nothing on the seed graph"


# --------------------------------------------------------------------------- each query returns what it claims

def test_top_actors_by_pagerank_then_degree(loaded, seed_graph):
    G, deg = seed_graph, _stated_degree(seed_graph)
    want = sorted(G.nodes, key=lambda n: (-(_pagerank(G, n) if _pagerank(G, n) is not None else -1.0),
                                          -deg[n], _name(G, n)))[:15]
    rows = run("top_actors", loaded, limit=15)
    assert [(r["actor"], r["pagerank"], r["degree"]) for r in rows] == \
        [(_name(G, n), _pagerank(G, n), deg[n]) for n in want]
    assert rows[0]["pagerank"] == max(_pagerank(G, n) or 0 for n in G)


def test_top_actors_without_scores_rank_by_degree(loaded, seed_graph):
    data = graph_to_data(seed_graph)  # the same graph with other ids and no scores, as dataset 'raw'
    for n in data["nodes"]:
        n["id"] = "raw-" + n["id"]
        n.pop("scores", None)
    for e in data["edges"]:
        e["source"], e["target"] = "raw-" + e["source"], "raw-" + e["target"]
    G = graph_from_data(data)
    push_graph(G, dataset="raw", **loaded)
    try:
        deg = _stated_degree(G)
        rows = run("top_actors", loaded, dataset="raw", limit=10)
        assert [(r["actor"], r["degree"]) for r in rows] == \
            [(_name(G, n), deg[n]) for n in sorted(G, key=lambda n: (-deg[n], _name(G, n)))[:10]]
        assert all(r["pagerank"] is None for r in rows)
    finally:  # an empty push of 'raw' removes its actors again (the other datasets stay)
        push_graph(nx.MultiDiGraph(documents=[]), dataset="raw", **loaded)
    assert run_query("MATCH (a:Actor) WHERE a.id STARTS WITH 'raw-' RETURN count(a) AS n", **loaded) == [{"n": 0}]


@pytest.mark.parametrize("network", ["PLATFORMA", "platforma", "CCRE", "Council of European Municipalities and Regions",
                                     "NALAS", "Cités Unies France", "no such network"])
def test_network_members(loaded, seed_graph, network):
    G = seed_graph
    want = sorted((_name(G, n), _name(G, m), tuple(e["sentence"] for e in d["evidence"]),
                   tuple(e["doc"] for e in d["evidence"]))
                  for n in _named(G, network) for m, _n, k, d in G.in_edges(n, keys=True, data=True)
                  if k == "member_of")
    rows = run("network_members", loaded, network=network)
    assert [(r["network"], r["member"], tuple(r["evidence"]), tuple(r["documents"])) for r in rows] == want
    if network.lower() == "platforma":  # the seeds state that CEMR, CUF, AER… are members of PLATFORMA
        assert len(rows) >= 3 and all(r["evidence"] and r["documents"] for r in rows)


def test_organises_funds_supports_with_evidence(loaded, seed_graph):
    G = seed_graph
    want = sorted(((_name(G, s), _cy(k), _name(G, t), G.nodes[t]["type"], d["weight"],
                    [e["sentence"] for e in d["evidence"]], [e["doc"] for e in d["evidence"]])
                   for s, t, k, d in G.edges(keys=True, data=True) if k in ("organises", "funds", "supports")),
                  key=lambda x: (-x[4], x[1], x[0], x[2]))
    assert want
    rows = run("organises_funds", loaded)
    assert [(r["actor"], r["relation"], r["what"], r["what_type"], r["weight"], r["evidence"], r["documents"])
            for r in rows] == want


@pytest.mark.parametrize("min_levels", [1, 2, 3])
def test_brokers_between_levels(loaded, seed_graph, min_levels):
    G = seed_graph
    neigh: dict[str, set[str]] = {}
    for s, t, k in G.edges(keys=True):
        if k == CO or s == t:
            continue
        for b, o in ((s, t), (t, s)):
            if G.nodes[o].get("level") is not None:
                neigh.setdefault(b, set()).add(o)
    want = []
    for b, others in neigh.items():
        levels = [lv for lv in LEVELS if lv in {G.nodes[o]["level"] for o in others}]
        if len(levels) >= min_levels:
            bet = (G.nodes[b].get("scores") or {}).get("betweenness")
            want.append((_name(G, b), G.nodes[b].get("level"), levels, len({_name(G, o) for o in others}), bet))
    want.sort(key=lambda x: (-len(x[2]), -(x[4] if x[4] is not None else -1.0), x[0]))
    rows = run("brokers_between_levels", loaded, min_levels=min_levels)
    assert [(r["broker"], r["own_level"], r["levels"], r["neighbours"], r["betweenness"]) for r in rows] == want
    if min_levels == 2:
        assert want  # the seeds do have brokers between levels


def _shortest(G: nx.MultiDiGraph, a: str, b: str, co: bool) -> int | None:
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from((s, t) for s, t, k in G.edges(keys=True) if co or k != CO)
    lengths = [nx.shortest_path_length(U, x, y) for x in _named(G, a) for y in _named(G, b)
               if x != y and nx.has_path(U, x, y)]
    best = min(lengths, default=None)
    return best if best is not None and best <= 8 else None


@pytest.mark.parametrize(("a", "b", "co"), [("Dijon", "DG NEAR", False), ("Dijon", "CCRE", False),
                                             ("dijon", "ccre", True), ("Paris", "NALAS", False),
                                             ("Lucie Allex-Billaud", "Kosovo", True), ("Dijon", "nobody", False)])
def test_shortest_path_with_evidence(loaded, seed_graph, a, b, co):
    G = seed_graph
    hops = _shortest(G, a, b, co)
    rows = run("shortest_path", loaded, **{"from": a, "to": b, "include_co_mentions": co})
    if hops is None:
        assert rows == []
        return
    assert len(rows) == 1
    (row,) = rows
    assert row["hops"] == hops == len(row["steps"]) == len(row["actors"]) - 1
    assert row["actors"][0] in {_name(G, n) for n in _named(G, a)}
    assert row["actors"][-1] in {_name(G, n) for n in _named(G, b)}
    by_names = {}
    for s, t, k, d in G.edges(keys=True, data=True):
        by_names.setdefault((_name(G, s), _cy(k), _name(G, t)), []).append([e["sentence"] for e in d["evidence"]])
    for i, step in enumerate(row["steps"]):
        assert {step["from"], step["to"]} == {row["actors"][i], row["actors"][i + 1]}  # a chain
        assert co or step["relation"] != "CO_MENTIONED"
        # each step is a relation of the graph, with its evidence
        assert step["evidence"] and step["evidence"] in by_names[(step["from"], step["relation"], step["to"])]
        assert all(doc in {d["id"] for d in G.graph["documents"]} for doc in step["documents"])


@pytest.mark.parametrize("country", ["FR", "RS", "IT", "XX"])
def test_actors_of_country(loaded, seed_graph, country):
    G, deg = seed_graph, _stated_degree(seed_graph)
    want = sorted(((_name(G, n), d["type"], d.get("level"), deg[n]) for n, d in G.nodes(data=True)
                   if d.get("country") == country), key=lambda x: (-x[3], x[0]))
    rows = run("actors_of_country", loaded, country=country)
    assert [(r["actor"], r["type"], r["level"], r["relations"]) for r in rows] == want
    if country == "FR":
        assert len(want) > 5


@pytest.mark.parametrize("by", ["id", "path", "title"])
def test_document_statements(loaded, seed_graph, by):
    G = seed_graph
    seen_any = False
    for doc in G.graph["documents"]:
        if by == "title" and sum(d.get("title") == doc.get("title") for d in G.graph["documents"]) > 1:
            continue
        want = sorted((doc.get("title"), _name(G, s), _cy(k), _name(G, t), e["sentence"], e["method"])
                      for s, t, k, d in G.edges(keys=True, data=True) for e in d["evidence"] if e["doc"] == doc["id"])
        rows = run("document_statements", loaded, document=doc[by])
        got = [(r["document"], r["source"], r["relation"], r["target"], r["sentence"], r["method"]) for r in rows]
        assert sorted(got) == want, doc["path"]
        seen_any = seen_any or bool(want)
    assert seen_any


@pytest.mark.parametrize(("text", "alias"), [("CCRE", "CCRE"), ("Cités Unies France", "Cités Unies France"),
                                             ("NALAS", "NALAS"), ("platf*", "PLATFORMA")])
def test_search_actors_full_text(loaded, seed_graph, text, alias):
    G = seed_graph
    (expected,) = _named(G, alias)
    rows = run_query(QUERIES["search_actors"]["cypher"], {"text": text, "limit": 5}, **loaded)
    assert 1 <= len(rows) <= 5
    assert rows[0]["actor"] == _name(G, expected)
    assert DEFAULT_DATASET in rows[0]["datasets"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
