"""`maillage export`: both invocation forms, --select, --json, warnings on stderr, errors."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
from click.testing import CliRunner
from export_helpers import graph_forbidden_count, nasty_data, write_graph_json

from maillage.cli import main
from maillage.graph.store import graph_from_data



def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_export_graphml_prints_the_files(fixture_graph_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "g.graphml"
    result = _run("export", str(fixture_graph_path), "--format", "graphml", "-o", str(dest))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(dest)
    assert "exported 15 actors and 17 relations as graphml" in result.stderr
    assert nx.read_graphml(dest).number_of_nodes() == 15


def test_format_from_the_suffix_and_json_output(fixture_graph_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "g.gexf"
    result = _run("export", str(fixture_graph_path), "-o", str(dest), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "gexf" and data["files"] == [str(dest)]
    assert (data["nodes"], data["edges"], data["removed_chars"]) == (15, 17, 0)
    assert nx.read_gexf(dest, version="1.3").number_of_nodes() == 15


def test_folder_formats_and_select(fixture_graph_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "tables"
    result = _run("export", str(fixture_graph_path), "-f", "csv", "-o", str(dest),
                  "--select", "type=association;years=2022", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["selection"] == "type=association;years=2022"
    assert [Path(p).name for p in data["files"]] == \
        ["nodes.csv", "edges.csv", "evidence.csv", "documents.csv"]
    with (dest / "nodes.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert sorted(r["id"] for r in csv.DictReader(fh)) == ["k-afccre", "k-cemr"]
    result = _run("export", str(fixture_graph_path), "-f", "neo4j-admin", "-o", str(tmp_path / "imp"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "imp" / "import.sh").exists()


def test_format_options_pass_through(fixture_graph_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "t"
    result = _run("export", str(fixture_graph_path), "-f", "csv", "-o", str(dest), "--opt", "bom=false",
                  "--opt", "delimiter=;")
    assert result.exit_code == 0, result.stderr
    assert (dest / "nodes.csv").read_bytes().startswith(b"id;name;type")
    result = _run("export", str(fixture_graph_path), "-f", "csv", "-o", str(dest), "--opt", "colour=red")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("maillage: error: unknown option colour for the csv export "
                                     "(expected: bom, delimiter, list_sep)")


def test_format_name_first_form(fixture_graph_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "g.json"
    result = _run("export", "json", str(fixture_graph_path), "-o", str(dest))
    assert result.exit_code == 0, result.stderr
    data = json.loads(dest.read_text(encoding="utf-8"))
    assert nx.node_link_graph(data, edges="edges").number_of_edges() == 17
    result = _run("export", "cypher", str(fixture_graph_path), "-o", str(tmp_path / "graph.cypher"))
    assert result.exit_code == 0, result.stderr
    assert "MERGE" in (tmp_path / "graph.cypher").read_text(encoding="utf-8")


def test_stdout_dash_for_one_file_formats(fixture_graph_path: Path, tmp_path: Path) -> None:
    result = _run("export", str(fixture_graph_path), "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["nodes"]) == 15
    result = _run("export", str(fixture_graph_path), "-f", "csv", "-o", "-")
    assert result.exit_code == 2 and "writes a folder" in result.stderr


def test_nasty_graph_warns_with_the_count(tmp_path: Path) -> None:
    data = nasty_data()
    path = write_graph_json(tmp_path, data)
    expected = graph_forbidden_count(graph_from_data(data))
    result = _run("export", str(path), "-f", "gexf", "-o", str(tmp_path / "n.gexf"))
    assert result.exit_code == 0, result.stderr
    assert f"maillage: warning: {expected} characters that XML 1.0 forbids were removed" in result.stderr
    assert "maillage: warning: 12 NaN or infinite numbers" in result.stderr
    assert result.stdout.strip() == str(tmp_path / "n.gexf")  # warnings never on stdout


def test_errors_are_one_line_with_exit_codes(fixture_graph_path: Path, tmp_path: Path) -> None:
    cases = [
        (["export", str(fixture_graph_path), "-o", str(tmp_path / "x.gexf"), "--select", "ego=Nobody at all"],
         1, "no actor named 'Nobody at all'"),
        (["export", str(fixture_graph_path), "-o", str(tmp_path / "x.gexf"), "--select", "years=later"],
         1, "expected years=YYYY"),
        (["export", str(tmp_path / "missing.json"), "-o", str(tmp_path / "x.gexf")], 1, "no such file"),
        (["export", str(fixture_graph_path), "-o", str(tmp_path / "noformat")], 2, "give --format"),
        (["export", "a", "b", "c", "-o", str(tmp_path / "x.gexf")], 2, "expected one GRAPH"),
        (["export", str(fixture_graph_path), "-f", "pdf", "-o", str(tmp_path / "x")], 2, "pdf"),
    ]
    for args, code, message in cases:
        result = _run(*args)
        assert result.exit_code == code, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert result.stdout == ""
        if code == 1:
            assert len(result.stderr.strip().splitlines()) == 1
