"""The shared --select syntax: each kind of clause, combinations, and errors."""
from __future__ import annotations

import copy

import pytest

from maillage.errors import ActorNotFoundError, MaillageError, SelectionError
from maillage.graph.select import parse_spec, resolve_actor, select_subgraph
from maillage.graph.store import graph_to_data


def test_type(scored_graph) -> None:
    H = select_subgraph(scored_graph, "type=association,eu_body")
    assert set(H) == {n for n, d in scored_graph.nodes(data=True) if d["type"] in ("association", "eu_body")}
    kept = ("association", "eu_body")
    assert all(H.nodes[s]["type"] in kept and H.nodes[t]["type"] in kept for s, t in H.edges())
    assert ("k-afccre", "k-cemr", "member_of") in H.edges(keys=True)
    assert ("k-dg-near", "k-european-commission", "part_of") in H.edges(keys=True)


def test_relation_and_stated(scored_graph) -> None:
    H = select_subgraph(scored_graph, "relation=member_of,partner_of")
    assert {k for _s, _t, k in H.edges(keys=True)} == {"member_of", "partner_of"}
    assert set(H) == {n for s, t, k in scored_graph.edges(keys=True) if k in ("member_of", "partner_of")
                      for n in (s, t)}
    stated = select_subgraph(scored_graph, "relation=stated")
    assert stated.number_of_edges() == scored_graph.number_of_edges() - 1
    assert "co_mentioned" not in {k for _s, _t, k in stated.edges(keys=True)}


def test_community(scored_graph) -> None:
    H = select_subgraph(scored_graph, "community=1")
    assert set(H) == {n for n, d in scored_graph.nodes(data=True) if d["community"] == 1}
    both = select_subgraph(scored_graph, "community=0,1")
    assert set(both) == {n for n, d in scored_graph.nodes(data=True) if d["community"] in (0, 1)}


def test_ego_by_alias_name_or_id(scored_graph) -> None:
    one = select_subgraph(scored_graph, "ego=CEMR")  # alias, radius 1
    assert set(one) == {"k-cemr", "k-nalas", "k-dg-near", "k-afccre"}
    assert set(select_subgraph(scored_graph, "ego=ccre:1")) == set(one)  # folded alias
    assert set(select_subgraph(scored_graph, "ego=k-cemr:1")) == set(one)  # id
    two = select_subgraph(scored_graph, "ego=CEMR:2")
    assert set(two) == set(one) | {"k-european-commission", "event-rencontre-france-balkans-0a1b2c", "k-meae"}
    assert set(select_subgraph(scored_graph, "ego=Cités Unies France:0")) == {"k-cuf"}
    assert set(select_subgraph(scored_graph, "ego=CITES UNIES FRANCE")) == \
        {"k-cuf", "k-meae", "k-platforma", "event-rencontres-internationalisation-1b2c3d"}


def test_years(scored_graph) -> None:
    H = select_subgraph(scored_graph, "years=2016-2017")
    for _s, _t, d in H.edges(data=True):
        assert d["evidence"] and all(e["date"][:4] in ("2016", "2017") for e in d["evidence"])
    assert ("k-meae", "k-cuf", "participates_in") in H.edges(keys=True)
    assert ("k-afccre", "k-cemr", "member_of") not in H.edges(keys=True)
    assert "k-dijon" not in H and "k-nalas" not in H  # 2022 only / undated only
    assert {d["id"] for d in H.graph["documents"]} == {"d2016", "d2017"}
    assert H.nodes["k-meae"]["documents"] == ["d2016", "d2017"]
    assert set(select_subgraph(scored_graph, "years=2022")) >= {"k-dijon", "k-afccre", "k-cemr"}
    assert set(select_subgraph(scored_graph, "years=-2016")) == {"k-meae", "k-cuf"}
    assert select_subgraph(scored_graph, "years=2023-").number_of_nodes() == 0


def test_years_trims_evidence_and_recomputes_weight() -> None:
    import networkx as nx
    G = nx.MultiDiGraph(documents=[{"id": "a", "date": "2010-01-01"}, {"id": "b", "date": "2020-01-01"}])
    G.add_node("x", name="X", type="city", documents=["a", "b"])
    G.add_node("y", name="Y", type="city", documents=["a", "b"])
    G.add_edge("x", "y", key="meets", type="meets", weight=2, evidence=[
        {"doc": "a", "sentence": "old", "start": 0, "date": None},
        {"doc": "b", "sentence": "new", "start": 0, "date": None}])
    H = select_subgraph(G, "years=2015-2025")
    d = H.edges["x", "y", "meets"]
    assert [e["sentence"] for e in d["evidence"]] == ["new"] and d["weight"] == 1
    assert G.edges["x", "y", "meets"]["weight"] == 2 and len(G.edges["x", "y", "meets"]["evidence"]) == 2


def test_clauses_combine_left_to_right(scored_graph) -> None:
    H = select_subgraph(scored_graph, "type=association ; years=2022")
    assert set(H) == {"k-afccre", "k-cemr"}
    assert H.graph["meta"]["selection"] == "type=association; years=2022"
    # order matters: MEAE is AFCCRE's neighbour only through a co-mention
    stated_first = select_subgraph(scored_graph, "relation=stated;ego=AFCCRE:1")
    assert set(stated_first) == {"k-afccre", "k-cemr", "event-rencontre-france-balkans-0a1b2c"}
    ego_first = select_subgraph(scored_graph, "ego=AFCCRE:1;relation=stated")
    assert "k-meae" in ego_first  # kept: it participates in the event, a stated relation
    assert ("k-afccre", "k-meae", "co_mentioned") not in ego_first.edges(keys=True)


def test_the_input_is_not_modified(scored_graph) -> None:
    before = copy.deepcopy(graph_to_data(scored_graph))
    H = select_subgraph(scored_graph, "years=2016-2017;type=association,ministry")
    H.nodes["k-cuf"]["name"] = "changed"
    H.graph["documents"].append({"id": "new"})
    assert graph_to_data(scored_graph) == before


@pytest.mark.parametrize("spec,message", [
    ("", "empty selection"),
    (" ; ", "empty selection"),
    ("type", "no '='"),
    ("colour=blue", "unknown selection 'colour'"),
    ("type=", "has no value"),
    ("type=dragon", "unknown actor type 'dragon'"),
    ("relation=hates", "unknown relation type 'hates'"),
    ("community=x", "not a number"),
    ("community=99", "no community 99"),
    ("years=20xx", "expected years=YYYY"),
    ("years=2022-2016", "comes after"),
    ("years=2016 2022", "expected years=YYYY"),
    ("ego=CEMR:-1", "radius"),
])
def test_bad_specs_raise_one_line(scored_graph, spec: str, message: str) -> None:
    with pytest.raises(SelectionError, match=message) as info:
        select_subgraph(scored_graph, spec)
    assert isinstance(info.value, MaillageError)
    assert "\n" not in str(info.value)


def test_community_needs_the_analysis(fixture_graph) -> None:
    with pytest.raises(SelectionError, match="no actor has a community"):
        select_subgraph(fixture_graph, "community=1")


def test_unknown_actor_suggests_close_names(scored_graph) -> None:
    with pytest.raises(ActorNotFoundError) as info:
        select_subgraph(scored_graph, "ego=Cites Unies Frence")
    assert "Cités Unies France" in info.value.suggestions
    assert "\n" not in str(info.value)


def test_ambiguous_actor_names_the_candidates() -> None:
    import networkx as nx
    G = nx.MultiDiGraph()
    G.add_node("a1", name="Paris", type="city", aliases=["Paris"])
    G.add_node("a2", name="Paris Club", type="organisation", aliases=["PARIS"])
    assert resolve_actor(G, "Paris") == "a1"  # the exact canonical name wins
    G.add_node("a3", name="paris", type="organisation", aliases=[])
    with pytest.raises(SelectionError, match="names 3 actors"):
        resolve_actor(G, "PARIS!")


def test_parse_spec_normalises_keys() -> None:
    assert parse_spec("Types=city;YEAR=2016") == \
        [("type", "city", "type=city"), ("years", "2016", "years=2016")]
