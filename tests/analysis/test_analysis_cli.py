"""The analysis commands: analyse, communities, path, ego, report (CliRunner: stdout, --json, exit codes)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from maillage.cli import _RANK_BY, main
from maillage.graph.analysis import RANKABLE
from maillage.graph.store import read_graph


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_rank_by_choices_are_the_library_measures():
    assert _RANK_BY == RANKABLE


def test_analyse_prints_a_table_and_writes_scores_back(fixture_graph_path):
    before = fixture_graph_path.read_bytes()
    res = run("analyse", fixture_graph_path, "--by", "betweenness", "--top", "3")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert "Top 3 actors by betweenness" in res.stdout
    assert any("French Ministry for Europe" in x for x in lines)
    assert "modularity" in res.stdout
    assert "scores written to" in res.stderr
    assert fixture_graph_path.read_bytes() != before
    G = read_graph(fixture_graph_path)
    cemr = G.nodes["k-cemr"]
    assert set(cemr["scores"]) >= {"pagerank", "betweenness", "brokerage", "eigenvector"}
    assert isinstance(cemr["community"], int) and cemr["community_label"]
    assert "scores" not in G.nodes["event-rencontre-france-balkans-0a1b2c"]  # events are not ranked
    assert G.graph["meta"]["analysis"]["options"]["by"] == "betweenness"
    # same run again: same bytes (deterministic, idempotent)
    first = fixture_graph_path.read_bytes()
    assert run("analyse", fixture_graph_path, "--by", "betweenness", "--top", "3").exit_code == 0
    assert fixture_graph_path.read_bytes() == first


def test_analyse_json_no_write_and_type_filter(fixture_graph_path):
    before = fixture_graph_path.read_bytes()
    res = run("analyse", fixture_graph_path.parent, "--json", "--no-write", "--type", "association,eu_body",
              "--top", "4", "--with-co-mentions", "--algorithm", "leiden")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert fixture_graph_path.read_bytes() == before
    assert [r["type"] for r in data["ranking"]] and {r["type"] for r in data["ranking"]} <= {"association", "eu_body"}
    assert len(data["ranking"]) == 4
    assert data["options"]["with_co_mentions"] is True and data["communities"]["algorithm"] == "leiden"
    ranks = [r["score"] for r in data["ranking"]]
    assert ranks == sorted(ranks, reverse=True)


def test_analyse_bad_inputs_exit_non_zero(tmp_path, fixture_graph_path):
    res = run("analyse", fixture_graph_path, "--type", "spaceship")
    assert res.exit_code == 1 and res.stderr.startswith("maillage: error:") and len(res.stderr.splitlines()) == 1
    res = run("analyse", fixture_graph_path, "--by", "charisma")
    assert res.exit_code == 2  # click usage error
    bad = tmp_path / "bad.json"
    bad.write_text("{nope", encoding="utf-8")
    res = run("analyse", bad)
    assert res.exit_code == 1 and "invalid JSON" in res.stderr


def test_communities_table_and_json(fixture_graph_path):
    res = run("communities", fixture_graph_path)
    assert res.exit_code == 0, res.output
    assert "Modularity:" in res.stdout and "Albania" in res.stdout
    data = json.loads(run("communities", fixture_graph_path, "--json").stdout)
    members = [v for c in data["communities"] for v in c["members"]]
    assert sorted(members) == sorted(data["membership"]) and len(members) == len(set(members))
    assert 0 < data["modularity"] <= 1
    assert {"k-albania", "k-western-balkans"} in [set(c["members"]) for c in data["communities"]]


def test_path_resolves_aliases_and_quotes_the_evidence(fixture_graph_path):
    res = run("path", fixture_graph_path, "Dijon", "DG NEAR")
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert out.startswith("Chain 1 (")
    # Dijon <- event -> AFCCRE -> CEMR -> DG NEAR, every link with its sentence
    assert "AFCCRE est la section française du CCRE" in out
    assert "discussion with DG NEAR" in out
    res = run("path", fixture_graph_path, "CCRE", "CUF", "--json")  # French acronym of CEMR, acronym of CUF
    assert res.exit_code == 0, res.output
    chains = json.loads(res.stdout)
    assert chains[0]["nodes"][0]["id"] == "k-cemr" and chains[0]["nodes"][-1]["id"] == "k-cuf"
    assert all(r["evidence"] for link in chains[0]["links"] for r in link["relations"])


def test_path_unknown_name_did_you_mean(fixture_graph_path):
    res = run("path", fixture_graph_path, "Dijonn", "DG NEAR")
    assert res.exit_code == 1
    assert res.stdout == ""
    assert len(res.stderr.splitlines()) == 1
    assert "did you mean" in res.stderr and "Dijon" in res.stderr


def test_path_not_connected_exit_1(fixture_graph_path):
    res = run("path", fixture_graph_path, "Albania", "Dijon")
    assert res.exit_code == 1 and "no chain links" in res.stderr
    res = run("path", fixture_graph_path, "Albania", "Dijon", "--json")
    assert res.exit_code == 1 and json.loads(res.stdout) == []


def test_ego_table_json_and_subgraph_file(tmp_path, fixture_graph_path):
    sub = tmp_path / "cuf.json"
    res = run("ego", fixture_graph_path, "Cités Unies France", "--radius", "1", "-o", sub)
    assert res.exit_code == 0, res.output
    assert "French Ministry for Europe and Foreign Affairs" in res.stdout and "PLATFORMA" in res.stdout
    assert "Dijon" not in res.stdout
    G = read_graph(sub)
    assert G.graph["meta"]["ego"]["center"] == "k-cuf"
    assert set(G.nodes) == {"k-cuf", "k-meae", "k-platforma", "event-rencontres-internationalisation-1b2c3d"}
    # the map and the exports accept the sub-graph file
    res = run("map", sub, "-o", tmp_path / "cuf.html")
    assert res.exit_code == 0, res.output
    res = run("export", sub, "--format", "graphml", "-o", tmp_path / "cuf.graphml")
    assert res.exit_code == 0, res.output
    data = json.loads(run("ego", fixture_graph_path, "CUF", "--radius", "2", "--json").stdout)
    assert data["center"]["center"] == "k-cuf" and data["path"] is None
    assert max(r["distance"] for r in data["actors"]) == 2


@pytest.mark.parametrize("name", ["Nobody Atall", "Cites Unies Frence"])
def test_ego_unknown_name(fixture_graph_path, name):
    res = run("ego", fixture_graph_path, name)
    assert res.exit_code == 1 and res.stderr.startswith("maillage: error: no actor named")


def test_report_command(tmp_path, fixture_graph_path):
    out = tmp_path / "r" / "report.html"
    res = run("report", fixture_graph_path, "-o", out, "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == {"path": str(out)}
    html = out.read_text(encoding="utf-8")
    assert "Most central actors" in html and "Cités Unies France" in html
    res = run("report", fixture_graph_path.parent)
    assert res.exit_code == 0, res.output
    assert (fixture_graph_path.parent / "report.html").exists()


@pytest.mark.parametrize("cmd", ["analyse", "communities", "path", "ego", "report"])
def test_help_has_examples(cmd):
    res = run(cmd, "--help")
    assert res.exit_code == 0 and "Examples:" in res.stdout and f"maillage {cmd} " in res.stdout


def test_analyse_progress_goes_to_stderr_only(fixture_graph_path):
    res = run("analyse", fixture_graph_path, "--progress", "--json", "--no-write")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["ranking"]  # stdout stays pure JSON
