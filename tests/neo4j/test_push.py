"""push / pull against the real Neo4j server: counts, idempotence, round trip, datasets, hostile text."""
from __future__ import annotations

import copy
import time

import networkx as nx
import pytest
from neo4j_helpers import HOSTILE, counts, db_content, db_hash, duplicates, hostile_graph, synthetic_graph

from maillage.errors import Neo4jError
from maillage.exports.neo4j import pull_graph, push_graph, run_query
from maillage.graph.store import graph_from_data, graph_to_data

pytestmark = pytest.mark.neo4j


def _expected_counts(G: nx.MultiDiGraph) -> dict[str, int]:
    doc_ids = {d["id"] for d in G.graph["documents"]} | {d for n in G for d in G.nodes[n]["documents"]}
    return {"actors": G.number_of_nodes(), "documents": len(doc_ids),
            "mentions": sum(len(set(G.nodes[n]["documents"])) for n in G), "relations": G.number_of_edges()}


def test_push_counts_equal_the_graph(neo4j, fixture_graph):
    res = push_graph(fixture_graph, dataset="fx", batch_size=4, **neo4j)
    assert counts(neo4j) == _expected_counts(fixture_graph) == {
        "actors": 15, "documents": 4, "mentions": 20, "relations": 17}
    assert res["nodes_created"] == 15 + 4 + 1  # actors, documents, the dataset node
    assert res["relationships_created"] == 17 + 20
    # every actor has :Actor and exactly the label of its type; every relation its schema type
    rows = run_query("MATCH (a:Actor) RETURN a.id AS id, labels(a) AS labels", **neo4j)
    from maillage.schema import NODE_LABELS, RELATION_TYPES
    assert {r["id"]: sorted(r["labels"]) for r in rows} == {
        n: sorted(["Actor", NODE_LABELS[d["type"]]]) for n, d in fixture_graph.nodes(data=True)}
    rows = run_query("MATCH (a:Actor)-[r]->(b:Actor) RETURN a.id AS s, type(r) AS t, b.id AS o, r.weight AS w, "
                     "r.sentences AS sentences, r.docs AS docs", **neo4j)
    got = {(r["s"], r["t"], r["o"]): (r["w"], r["sentences"], r["docs"]) for r in rows}
    want = {(s, RELATION_TYPES[k].cypher, t): (d["weight"], [e["sentence"] for e in d["evidence"]],
                                                [e["doc"] for e in d["evidence"]])
            for s, t, k, d in fixture_graph.edges(keys=True, data=True)}
    assert got == want


def test_second_push_creates_nothing_and_changes_nothing(neo4j, fixture_graph):
    push_graph(fixture_graph, dataset="fx", batch_size=5, **neo4j)
    before = db_hash(neo4j)
    res = push_graph(fixture_graph, dataset="fx", batch_size=3, **neo4j)
    assert (res["nodes_created"], res["relationships_created"]) == (0, 0)
    assert (res["nodes_deleted"], res["relationships_deleted"]) == (0, 0)
    assert db_hash(neo4j) == before
    assert duplicates(neo4j) == 0


def _scored(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = copy.deepcopy(G)
    pr = nx.pagerank(nx.DiGraph(H))
    for i, n in enumerate(sorted(H)):
        H.nodes[n]["scores"] = {"pagerank": pr[n], "degree": H.degree(n), "betweenness": None}
        H.nodes[n]["community"] = i % 3
        H.nodes[n]["community_label"] = f"group {i % 3}"
    H.nodes["k-cemr"]["note"] = {"nested": [1, "two", None]}  # not storable as a property
    H.nodes["k-cuf"]["ratios"] = [1, 2.5]                      # mixed list: not storable either
    H.graph["meta"] = {"built": "2024-01-01", "options": {"ner": False}}
    H.edges["k-cemr", "k-nalas", "meets"]["confidence"] = 0.5   # an extra edge attribute
    return H


def test_push_pull_round_trip(neo4j, fixture_graph):
    G = _scored(fixture_graph)
    push_graph(G, dataset="fx", **neo4j)
    H = pull_graph(dataset="fx", **neo4j)
    assert graph_to_data(H) == graph_to_data(G)
    # scores are flattened as properties for Browser users
    rows = run_query("MATCH (a:Actor {id: 'k-cemr'}) RETURN a.score_pagerank AS pr, a.community AS c", **neo4j)
    assert rows[0]["pr"] == pytest.approx(G.nodes["k-cemr"]["scores"]["pagerank"])
    assert rows[0]["c"] == G.nodes["k-cemr"]["community"]


def test_pull_of_an_unknown_dataset_names_the_known_ones(neo4j, fixture_graph):
    push_graph(fixture_graph, dataset="fx", **neo4j)
    with pytest.raises(Neo4jError, match=r"no dataset 'nope'.*datasets there: fx"):
        pull_graph(dataset="nope", **neo4j)


def test_updated_graph_removes_vanished_relations_of_its_dataset_only(neo4j, fixture_graph_data):
    a1 = graph_from_data(fixture_graph_data)
    b_data = copy.deepcopy(fixture_graph_data)  # dataset b: the same actors, its own relations
    push_graph(a1, dataset="a", batch_size=4, **neo4j)
    push_graph(graph_from_data(b_data), dataset="b", batch_size=4, **neo4j)
    b_before = db_content(neo4j, dataset="b")["relationships"]
    assert len(b_before) == 17 + 20

    # dataset a loses two relations, the event of Dijon (and its 3 relations) and document d2016
    a2_data = copy.deepcopy(fixture_graph_data)
    a2_data["edges"] = [e for e in a2_data["edges"]
                        if (e["source"], e["target"], e["type"]) not in {("k-cemr", "k-nalas", "meets"),
                                                                         ("k-cuf", "k-platforma", "partner_of")}
                        and "event-rencontre-france-balkans-0a1b2c" not in (e["source"], e["target"])]
    a2_data["nodes"] = [n for n in a2_data["nodes"] if n["id"] != "event-rencontre-france-balkans-0a1b2c"]
    a2_data["documents"] = [d for d in a2_data["documents"] if d["id"] != "d2016"]
    for n in a2_data["nodes"]:
        n["documents"] = [d for d in n["documents"] if d != "d2016"]
    a2 = graph_from_data(a2_data)
    res = push_graph(a2, dataset="a", batch_size=4, **neo4j)
    assert res["relationships_deleted"] >= 5 and res["nodes_created"] == 0

    assert graph_to_data(pull_graph(dataset="a", **neo4j)) == graph_to_data(a2)
    assert db_content(neo4j, dataset="b")["relationships"] == b_before  # untouched
    assert graph_to_data(pull_graph(dataset="b", **neo4j))["edges"] == graph_to_data(graph_from_data(b_data))["edges"]
    # the event and d2016 are still there for dataset b only
    ev = run_query("MATCH (e:Actor {id: 'event-rencontre-france-balkans-0a1b2c'}) RETURN e.datasets AS ds", **neo4j)
    assert ev == [{"ds": ["b"]}]
    d = run_query("MATCH (d:Document {id: 'd2016'}) RETURN d.datasets AS ds", **neo4j)
    assert d == [{"ds": ["b"]}]
    assert duplicates(neo4j) == 0

    # pushing b's graph without the event finally deletes the node
    b2 = copy.deepcopy(a2_data)
    push_graph(graph_from_data(b2), dataset="b", **neo4j)
    assert run_query("MATCH (e:Actor {id: 'event-rencontre-france-balkans-0a1b2c'}) RETURN e", **neo4j) == []


def test_hostile_text_is_plain_data(neo4j, fixture_graph):
    push_graph(fixture_graph, dataset="fx", **neo4j)
    before = db_hash(neo4j, dataset="fx")
    total_before = counts(neo4j)
    G = hostile_graph()
    push_graph(G, dataset="hostile '}) DETACH DELETE n //", batch_size=3, **neo4j)
    assert db_hash(neo4j, dataset="fx") == before
    after = counts(neo4j)
    assert after["actors"] == total_before["actors"] + len(HOSTILE)
    assert after["relations"] == total_before["relations"] + len(HOSTILE) - 1
    assert run_query("MATCH (n) WHERE n.pwned IS NOT NULL RETURN n", **neo4j) == []
    names = run_query("MATCH (a:Organisation) RETURN a.name AS name ORDER BY name", **neo4j)
    assert [r["name"] for r in names] == sorted(HOSTILE)
    assert graph_to_data(pull_graph(dataset="hostile '}) DETACH DELETE n //", **neo4j)) == graph_to_data(G)


def test_synthetic_graph_with_small_batches(neo4j):
    G = synthetic_graph(300, 1500, seed=3)
    push_graph(G, dataset="syn", batch_size=97, **neo4j)
    assert counts(neo4j)["relations"] == 1500 and counts(neo4j)["actors"] == 300
    assert graph_to_data(pull_graph(dataset="syn", **neo4j)) == graph_to_data(G)


def test_fulltext_index_finds_acronyms(neo4j, fixture_graph):
    push_graph(fixture_graph, dataset="fx", **neo4j)
    rows = run_query("CALL db.index.fulltext.queryNodes('maillage_actor_names', $q) YIELD node "
                     "RETURN node.id AS id", {"q": "CCRE"}, **neo4j)
    assert rows[0]["id"] == "k-cemr"


def test_errors_are_one_actionable_line(neo4j_server, fixture_graph):
    conn = neo4j_server.conn
    with pytest.raises(Neo4jError, match="database 'nosuchdb' does not exist") as e1:
        run_query("RETURN 1", database="nosuchdb", **conn)
    failures = neo4j_server.auth_failures()
    with pytest.raises(Neo4jError, match="authentication failed for user 'neo4j'") as e2:
        push_graph(fixture_graph, uri=conn["uri"], user="neo4j", password="wrong-password")
    # Neo4j writes its log line asynchronously: wait for the first, then make sure no second follows
    deadline = time.monotonic() + 15
    while neo4j_server.auth_failures() < failures + 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.5)
    assert neo4j_server.auth_failures() == failures + 1  # one attempt: not retried
    with pytest.raises(Neo4jError, match="cannot reach Neo4j") as e3:
        run_query("RETURN 1", uri="bolt://127.0.0.1:9", user="neo4j", password="x")
    with pytest.raises(Neo4jError, match="Cypher error") as e4:
        run_query("MATCH (n RETURN n", **conn)
    for e in (e1, e2, e3, e4):
        assert "\n" not in str(e.value) and "wrong-password" not in str(e.value)
