"""Values cleaned once: forbidden characters removed and counted, NaN normalised, cells inert."""
from __future__ import annotations

import math

import networkx as nx
import pytest
from export_helpers import graph_forbidden_count, nasty_data
from hypothesis import given
from hypothesis import strategies as st

from maillage.exports.sanitize import (CleanGraph, SanitizeReport, clean_text, column_types, csv_cell,
                                       flat_edge, flat_node, join_list, normalise_date, sanitize_graph)
from maillage.graph.store import graph_from_data


def _xml_char(c: str) -> bool:
    o = ord(c)
    return c in "\t\n\r" or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000


@given(st.text())
def test_clean_text_keeps_exactly_the_xml_characters(text: str) -> None:
    cleaned, removed = clean_text(text)
    assert cleaned == "".join(c for c in text if _xml_char(c))
    assert removed == len(text) - len(cleaned)


@pytest.mark.parametrize("text,expected,removed", [
    ("plain", "plain", 0),
    ("a\x00b\x1fc", "abc", 2),
    ("tab\tnl\ncr\r", "tab\tnl\ncr\r", 0),
    ("\ufffe\uffff", "", 2),
    ("lone \ud800", "lone ", 1),
    ("emoji 😀 rtl \u202e", "emoji 😀 rtl \u202e", 0),
])
def test_clean_text_examples(text: str, expected: str, removed: int) -> None:
    assert clean_text(text) == (expected, removed)


def test_sanitize_counts_every_forbidden_character_and_nan(nasty_graph) -> None:
    H = sanitize_graph(nasty_graph)
    assert isinstance(H, CleanGraph)
    assert H.report is not None
    assert H.report.removed_chars == graph_forbidden_count(nasty_graph) > 0
    expected_nan = sum(1 for _n, d in nasty_graph.nodes(data=True) for v in (d.get("scores") or {}).values()
                       if isinstance(v, float) and not math.isfinite(v))
    assert H.report.non_finite == expected_nan > 0
    assert graph_forbidden_count(H) == 0
    assert (H.report.nodes, H.report.edges) == (nasty_graph.number_of_nodes(), nasty_graph.number_of_edges())


def test_sanitize_does_not_modify_the_input_and_is_idempotent(nasty_graph) -> None:
    before = graph_from_data(nasty_data())
    H = sanitize_graph(nasty_graph)
    def snapshot(G: nx.MultiDiGraph) -> str:  # repr: NaN compares equal as text
        return repr((sorted(G.nodes(data=True)), sorted(G.edges(keys=True, data=True)), G.graph))

    assert snapshot(nasty_graph) == snapshot(before)
    assert nasty_graph.nodes["n-ctrl"]["name"].startswith("Ctrl\x00")
    assert sanitize_graph(H) is H
    again = sanitize_graph(nx.MultiDiGraph(H))  # a plain copy: cleaned again, nothing left to remove
    assert again.report is not None and again.report.removed_chars == 0 and again.report.non_finite == 0


def test_sanitize_renames_ids_that_collide_once_cleaned() -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", name="A")
    G.add_node("a\x00", name="A null")
    G.add_node("\x01", name="only a control char")
    H = sanitize_graph(G)
    assert H.number_of_nodes() == 3
    assert "a" in H
    assert H.report is not None and H.report.renamed_ids == 2
    assert {H.nodes[n]["name"] for n in H} == {"A", "A null", "only a control char"}


def test_nan_becomes_none_everywhere() -> None:
    G = nx.MultiDiGraph(meta={"x": float("nan")})
    G.add_node("a", scores={"pagerank": float("inf")}, values=[1.0, float("-inf")])
    G.add_edge("a", "a", key="meets", type="meets", weight=float("nan"), evidence=[])
    H = sanitize_graph(G)
    assert H.graph["meta"] == {"x": None}
    assert H.nodes["a"]["scores"] == {"pagerank": None}
    assert H.nodes["a"]["values"] == [1.0, None]
    assert H.edges["a", "a", "meets"]["weight"] is None
    assert H.report is not None and H.report.non_finite == 4


@pytest.mark.parametrize("value,cell", [
    ("=1+1", "'=1+1"), ("+33 1", "'+33 1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), ("", ""),
    (None, ""), (-2, "-2"), (1.5, "1.5"), (True, "true"), (False, "false"),
])
def test_csv_cell_makes_formulas_inert(value, cell) -> None:
    assert csv_cell(value) == cell


def test_normalise_date() -> None:
    assert normalise_date("2016") == "2016-01-01"
    assert normalise_date("2016-5") == "2016-05-01"
    assert normalise_date("2016-05-19T08:00:00Z") == "2016-05-19"
    assert normalise_date("2016-02-30") is None
    assert normalise_date("n.d.") is None
    assert normalise_date(None) is None


def test_column_types() -> None:
    rows = [{"i": 1, "f": 1, "b": True, "s": "x", "m": 1, "big": 2 ** 40},
            {"i": 2, "f": 2.5, "b": False, "s": "y", "m": "z", "big": 1}]
    assert column_types(rows) == {"b": "boolean", "big": "long", "f": "double", "i": "int",
                                  "m": "string", "s": "string"}


def test_flat_node_and_edge(scored_graph) -> None:
    row = flat_node(scored_graph, "k-cemr")
    assert row["name"] == "Council of European Municipalities and Regions"
    assert row["aliases"].split("|") == sorted(scored_graph.nodes["k-cemr"]["aliases"])
    assert row["score_pagerank"] == 0.125 and isinstance(row["score_pagerank"], float)
    assert row["community"] == 0
    assert row["document_count"] == 1
    assert "country" not in row  # None is missing, not "None"
    edge = flat_edge(scored_graph, "k-afccre", "k-cemr", "member_of")
    assert edge == {"type": "member_of", "label": "is a member of", "symmetric": False, "stated": True,
                    "weight": 1, "evidence_count": 1,
                    "sentence": "L'AFCCRE est la section française du CCRE.", "docs": "d2022",
                    "methods": "pattern", "first_date": "2022-11-29", "last_date": "2022-11-29"}


def test_first_seen_comes_from_document_dates(scored_graph) -> None:
    row = flat_node(scored_graph, "k-meae")  # mentioned in 2016, 2017 and 2022 documents
    assert (row["first_seen"], row["last_seen"]) == ("2016-05-19", "2022-11-29")
    assert "first_seen" not in flat_node(scored_graph, "k-nalas")  # only an undated document


def test_join_list_and_report_helpers() -> None:
    assert join_list(["a", "b"], ";") == "a;b"
    r = SanitizeReport(removed_chars=2, non_finite=1)
    assert len(r.warnings()) == 2 and "2 characters" in r.warnings()[0]
    assert SanitizeReport().warnings() == []
