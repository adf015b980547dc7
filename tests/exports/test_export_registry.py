"""The registry: one signature, lazy imports, options checked, every format on hostile input."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from export_helpers import graph_forbidden_count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.errors import ExportError, SelectionError
from maillage.exports import EXPORTERS, FORMATS, export_graph, infer_format, parse_options
from maillage.exports.sanitize import CSV_FORMULA_CHARS, SanitizeReport, clean_text, sanitize_graph

ROOT = Path(__file__).resolve().parents[2]
FILE_FORMATS = ["graphml", "gexf", "json"]


def test_registry_names_and_metadata() -> None:
    assert set(EXPORTERS) == {"graphml", "gexf", "csv", "json", "neo4j-admin", "cypher"}
    assert set(FORMATS) == set(EXPORTERS)
    assert [f for f in FORMATS if FORMATS[f].folder] == ["csv", "neo4j-admin"]


def test_importing_the_registry_imports_no_heavy_module() -> None:
    code = ("import sys, maillage.exports as e; "
            "print(sorted(m for m in ('pyvis', 'neo4j', 'lxml', 'maillage.exports.gexf', "
            "'maillage.exports.html', 'maillage.exports.neo4j') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_every_format_writes_and_returns_its_files(scored_graph, tmp_path: Path) -> None:
    for fmt in EXPORTERS:
        dest = tmp_path / (fmt + (FORMATS[fmt].suffix or ""))
        paths = export_graph(scored_graph, fmt, dest)
        assert paths and all(p.exists() and p.stat().st_size > 0 for p in paths), fmt
        if FORMATS[fmt].folder:
            assert all(p.parent == dest for p in paths)
        else:
            assert paths == [dest]


def test_unknown_format_and_option(scored_graph, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format 'xlsx'"):
        export_graph(scored_graph, "xlsx", tmp_path / "g.xlsx")
    with pytest.raises(ExportError, match="unknown option colour for the gexf export"):
        export_graph(scored_graph, "gexf", tmp_path / "g.gexf", colour="red")
    assert not (tmp_path / "g.gexf").exists()


def test_select_is_applied_before_export(scored_graph, tmp_path: Path) -> None:
    [path] = export_graph(scored_graph, "json", tmp_path / "g.json", select="type=city")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [n["id"] for n in data["nodes"]] == ["k-dijon"]
    assert data["graph"]["meta"]["selection"] == "type=city"
    with pytest.raises(SelectionError):
        export_graph(scored_graph, "json", tmp_path / "h.json", select="type")


def test_unwritable_destination_is_an_export_error(scored_graph, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError):
        export_graph(scored_graph, "graphml", blocker / "sub" / "g.graphml")


def test_nasty_graph_exports_to_every_format_with_a_report(nasty_graph, tmp_path: Path) -> None:
    for fmt in EXPORTERS:
        report = SanitizeReport()
        paths = export_graph(nasty_graph, fmt, tmp_path / (fmt + FORMATS[fmt].suffix), report=report)
        assert paths, fmt
        assert report.removed_chars == graph_forbidden_count(nasty_graph), fmt
        assert report.non_finite == 12, fmt
        assert (report.nodes, report.edges) == (17, 5)
        for p in paths:
            text = p.read_text(encoding="utf-8-sig")
            assert clean_text(text)[1] == 0, (fmt, p.name)  # nothing XML forbids, in any format


def test_infer_format_and_parse_options() -> None:
    names = ("a.graphml", "a.gexf", "a.json", "a.cypher", "a.cql", "dir", "a.xml")
    assert [infer_format(x) for x in names] == ["graphml", "gexf", "json", "cypher", "cypher", None, None]
    assert parse_options(["seed=3", "bom=no", "x=nan", "dataset=seeds"]) == \
        {"seed": 3, "bom": False, "x": "nan", "dataset": "seeds"}
    with pytest.raises(ExportError, match="KEY=VALUE"):
        parse_options(["novalue"])


# Names of any Unicode text (surrogates, controls, U+FFFE...) survive every format,
# minus exactly the characters XML 1.0 forbids.
_names = st.text(max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(_names, min_size=1, max_size=5),
       ids=st.lists(st.text(max_size=8), min_size=5, max_size=5, unique=True))
def test_any_text_round_trips_through_every_format(names: list[str], ids: list[str]) -> None:
    G = nx.MultiDiGraph(documents=[])
    for i, name in enumerate(names):
        G.add_node(ids[i], name=name, type="organisation", aliases=[name], documents=[])
    nodes = list(G.nodes)
    for a, b in zip(nodes, nodes[1:], strict=False):
        G.add_edge(a, b, key="supports", type="supports", weight=1,
                   evidence=[{"doc": "d", "sentence": G.nodes[a]["name"], "start": 0, "end": 1}])
    report = SanitizeReport()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        export_graph(G, "graphml", d / "g.graphml", report=report)
        H = sanitize_graph(G)
        clean_names = {n: H.nodes[n]["name"] for n in H}
        assert sorted(clean_names.values()) == sorted(clean_text(x)[0] for x in names)
        gm = nx.read_graphml(d / "g.graphml", force_multigraph=True)
        assert {n: gm.nodes[n].get("name", "") for n in gm} == clean_names
        export_graph(G, "gexf", d / "g.gexf")
        gx = nx.read_gexf(d / "g.gexf", version="1.3")
        assert {n: gx.nodes[n].get("name", "") for n in gx} == clean_names
        export_graph(G, "json", d / "g.json")
        js = nx.node_link_graph(json.loads((d / "g.json").read_text(encoding="utf-8")), edges="edges")
        assert {n: js.nodes[n]["name"] for n in js} == clean_names
        assert js.number_of_edges() == gm.number_of_edges() == gx.number_of_edges() == G.number_of_edges()
        export_graph(G, "csv", d / "csv")
        with (d / "csv" / "nodes.csv").open(encoding="utf-8-sig", newline="") as fh:
            rows = {r["id"]: r["name"] for r in csv.DictReader(fh)}

        def inert(t: str) -> str:
            return "'" + t if t.startswith(CSV_FORMULA_CHARS) else t
        assert rows == {inert(n): inert(v) for n, v in clean_names.items()}
    # each name is counted in name and alias, each id once, each evidence sentence once
    def forbidden(texts: list[str]) -> int:
        return sum(clean_text(x)[1] for x in texts)
    sentences = [G.nodes[a]["name"] for a in nodes[:-1]]
    assert report.removed_chars == 2 * forbidden(names) + forbidden(ids[:len(names)]) + forbidden(sentences)
