"""The analysis agrees with networkx's reference implementations, on the fixture graph and on synthetic ones.

Each measure of :func:`maillage.graph.analysis.analyse` is compared with the plain networkx call on
the same undirected weighted projection (``proj.to_networkx()``), and the igraph kernels with the
networkx ones (``backend="igraph"`` vs ``backend="networkx"``).
"""
from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
import pytest
from _reference import projection_as_dicts, reference_brokerage, reference_projection

from maillage.graph.analysis import analyse, brokerage, communities
from maillage.graph.analysis import centrality as C
from maillage.graph.analysis.projection import projection

EXACT_MEASURES = ("degree", "weighted_degree", "betweenness", "constraint", "effective_size", "core")
ITERATIVE = ("pagerank", "eigenvector", "closeness")


def _close(a: dict[Any, float], b: dict[Any, float], tol: float) -> None:
    assert set(a) == set(b)
    for v in a:
        x, y = a[v], b[v]
        if x is None or (isinstance(x, float) and math.isnan(x)):
            assert y is None or math.isnan(y), (v, x, y)
            continue
        assert y == pytest.approx(x, abs=tol, rel=tol), (v, x, y)


def _nx_reference(H: nx.Graph) -> dict[str, dict[Any, float]]:
    """The plain networkx calls the analysis stands for."""
    big = max(nx.connected_components(H), key=lambda c: (len(c), -min(sorted(H.nodes).index(v) for v in c)))
    ev = dict.fromkeys(H, 0.0)
    if len(big) > 2:
        ev.update(nx.eigenvector_centrality_numpy(H.subgraph(big), weight="weight"))
    return {
        "degree": nx.degree_centrality(H),
        "weighted_degree": {v: float(d) for v, d in H.degree(weight="weight")},
        "pagerank": nx.pagerank(H, alpha=0.85, weight="weight", tol=1e-12, max_iter=10_000),
        "betweenness": nx.betweenness_centrality(H, normalized=True),
        "closeness": nx.closeness_centrality(H),
        "eigenvector": {v: abs(x) for v, x in ev.items()},
        "constraint": nx.constraint(H, weight="weight"),
        "effective_size": nx.effective_size(H),
        "core": {v: float(k) for v, k in nx.core_number(H).items()},
    }


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
@pytest.mark.parametrize("graph", ["fixture", "synthetic"])
def test_analyse_scores_equal_networkx(graph, backend, fixture_graph, synth_small):
    G = fixture_graph if graph == "fixture" else synth_small
    res = analyse(G, backend=backend)
    assert res["graph"]["betweenness"]["exact"] is True
    H = projection(G).to_networkx()
    ref = _nx_reference(H)
    for measure, values in ref.items():
        ours = {v: s[measure] for v, s in res["scores"].items()}
        ours = {v: (math.nan if x is None else float(x)) for v, x in ours.items()}
        _close(values, ours, 1e-9 if measure in EXACT_MEASURES else 1e-7)
    # cohesion
    assert {tuple(sorted(e)) for e in nx.bridges(H)} == {tuple(e) for e in res["bridges"]}
    assert sorted(nx.articulation_points(H)) == res["articulation_points"]
    assert {v for v, s in res["scores"].items() if s["articulation_point"]} == set(nx.articulation_points(H))


def test_the_fixture_graph_reads_as_a_person_expects(fixture_graph):
    res = analyse(fixture_graph, by="betweenness")
    top = [r["id"] for r in res["ranking"][:2]]
    # the ministry and CEMR are the two go-betweens of the hand-made graph
    assert set(top) == {"k-meae", "k-cemr"}
    assert "k-meae" in res["articulation_points"]
    # events are projected away: the analysis ranks actors
    assert not any(v.startswith("event-") for v in res["scores"])
    assert res["graph"]["inferred_links"] == res["graph"]["projection"]["event_links"] > 0


def test_igraph_kernels_agree_with_networkx_above_the_threshold(synth_igraph):
    proj = projection(synth_igraph)
    assert proj.m > C.IGRAPH_MIN_EDGES and C.use_igraph(proj, "auto")
    for fn, tol in [(C.pagerank_array, 1e-8), (C.eigenvector_array, 1e-7), (C.constraint_array, 1e-9),
                    (C.effective_size_array, 1e-9), (C.core_array, 0)]:
        a, b = fn(proj, backend="networkx"), fn(proj, backend="igraph")
        np.testing.assert_allclose(b, a, atol=tol, rtol=tol, equal_nan=True, err_msg=fn.__name__)
    for kw in ({}, {"samples": 200}):  # exact, then sampled with the same sources
        a = C.betweenness_array(proj, backend="networkx", seed=3, **kw)
        b = C.betweenness_array(proj, backend="igraph", seed=3, **kw)
        np.testing.assert_allclose(b, a, atol=1e-12, rtol=1e-9, err_msg=str(kw))
    a = C.closeness_array(proj, backend="networkx")
    b = C.closeness_array(proj, backend="igraph")
    np.testing.assert_allclose(b, a, atol=1e-9, rtol=1e-9)
    assert C.bridges_idx(proj, backend="networkx") == C.bridges_idx(proj, backend="igraph")
    assert C.articulation_idx(proj, backend="networkx") == C.articulation_idx(proj, backend="igraph")


def test_analyse_igraph_and_networkx_backends_agree(synth_small):
    a = analyse(synth_small, backend="networkx")
    b = analyse(synth_small, backend="igraph")
    assert a["graph"]["kernel"] == "networkx" and b["graph"]["kernel"] == "igraph"
    for v in a["scores"]:
        for m, x in a["scores"][v].items():
            if m == "brokerage_communities":  # depends on the partition: Louvain differs by implementation
                continue
            y = b["scores"][v][m]
            if isinstance(x, float):
                assert y == pytest.approx(x, abs=1e-7, rel=1e-7), (v, m)
            else:
                assert x == y, (v, m)
    assert a["bridges"] == b["bridges"] and a["articulation_points"] == b["articulation_points"]
    H = projection(synth_small).to_networkx()
    for res in (a, b):  # both Louvains find the planted structure, and report its true modularity
        q = nx.community.modularity(H, _groups(res["communities"]["membership"]), weight="weight")
        assert res["communities"]["modularity"] == pytest.approx(q, abs=1e-9)
        assert q > 0.3


def _groups(membership: dict[Any, int]) -> list[set[Any]]:
    out: dict[int, set[Any]] = {}
    for v, c in membership.items():
        out.setdefault(c, set()).add(v)
    return list(out.values())


def test_sampled_betweenness_is_networkx_estimator(synth_small):
    proj = projection(synth_small)
    H = proj.to_networkx()
    ours = C.betweenness(proj, samples=40, seed=5, backend="networkx")
    ref = nx.betweenness_centrality(H, k=40, seed=5, normalized=True)
    _close(ref, ours, 1e-12)
    fast = C.betweenness(proj, samples=40, seed=5, backend="igraph")
    _close(ref, fast, 1e-9)


@pytest.mark.parametrize("kw", [{}, {"with_co_mentions": True}, {"actors": "organisations"}])
def test_projection_equals_the_reference_rules(kw, fixture_graph, synth_small):
    for G in (fixture_graph, synth_small):
        fast, ref = projection(G, **kw), reference_projection(G, **kw)
        assert fast.nodes == ref.nodes
        w1, m1, a1 = projection_as_dicts(fast)
        w2, m2, a2 = projection_as_dicts(ref)
        assert m1 == m2 and a1 == a2
        assert w1.keys() == w2.keys()
        for k in w1:
            assert w1[k] == pytest.approx(w2[k])
        assert fast.stats["event_links"] == ref.stats["event_links"]


def test_brokerage_equals_enumeration_of_two_step_paths(fixture_graph, synth_small):
    for G in (fixture_graph, synth_small):
        proj = projection(G)
        D = nx.DiGraph()
        D.add_nodes_from(proj.nodes)
        D.add_edges_from((proj.nodes[a], proj.nodes[b]) for a, b in zip(proj.arc_src.tolist(), proj.arc_dst.tolist()))
        levels = {v: G.nodes[v].get("level") for v in proj.nodes}
        ref = reference_brokerage(D, levels)
        ours = brokerage(G)["roles"]
        assert ours.keys() == ref.keys()
        for v in ref:
            assert ours[v] == pytest.approx(ref[v]), v
        res = analyse(G)
        for v, s in res["scores"].items():
            assert s["brokerage"] == pytest.approx(ref.get(v, {}).get("total", 0.0))
        comm = res["communities"]["membership"]
        ref_c = reference_brokerage(D, comm)
        for v, s in res["scores"].items():
            assert s["brokerage_communities"] == pytest.approx(ref_c.get(v, {}).get("total", 0.0))


def test_communities_modularity_is_networkx_modularity(synth_small):
    res = communities(synth_small, seed=1)
    H = projection(synth_small).to_networkx()
    assert res["modularity"] == pytest.approx(nx.community.modularity(H, _groups(res["membership"]), weight="weight"))
    # planted communities are found: far better than chance
    assert res["modularity"] > 0.3
    leiden = communities(synth_small, algorithm="leiden", seed=1)
    assert leiden["modularity"] == pytest.approx(
        nx.community.modularity(H, _groups(leiden["membership"]), weight="weight"))


def test_eigenvector_is_reproducible_to_the_last_bit(synth_small):
    # networkx's eigenvector_centrality_numpy starts ARPACK from a random vector: the last bits vary
    proj = projection(synth_small)
    runs = {C.eigenvector_array(proj, backend="networkx").tobytes() for _ in range(8)}
    assert len(runs) == 1
    star = nx.star_graph(2)
    assert len({repr(C.eigenvector(star)) for _ in range(20)}) == 1
