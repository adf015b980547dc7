"""`maillage neo4j push|pull|query|queries` against the real server.

Connection from the options or from cypher-shell's variables (NEO4J_URI, NEO4J_USERNAME,
NEO4J_PASSWORD, NEO4J_DATABASE); the password is asked, hidden, when missing and never
printed; errors are one line on stderr with a non-zero exit code.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from neo4j_helpers import counts

from maillage.cli import main
from maillage.exports.neo4j import queries_text, ready_queries
from maillage.graph.store import graph_to_data, read_graph, write_graph

pytestmark = pytest.mark.neo4j

_UNSET = {"NEO4J_URI": None, "NEO4J_USERNAME": None, "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None}


def _env(conn: dict[str, str], **extra: str | None) -> dict[str, str | None]:
    return {**_UNSET, "NEO4J_URI": conn["uri"], "NEO4J_USERNAME": conn["user"], "NEO4J_PASSWORD": conn["password"],
            **extra}


def _run(args: list[str], env: dict[str, str | None], password: str, **kw) -> Result:
    res = CliRunner().invoke(main, args, env=env, catch_exceptions=False, **kw)
    assert password not in res.stdout and password not in res.stderr  # never printed
    return res


def _one_line_error(res: Result, pattern: str) -> str:
    assert res.exit_code != 0
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("maillage: error: ") and pattern in lines[0], lines[0]
    assert "Traceback" not in res.stderr and res.stdout == ""
    return lines[0]


@pytest.fixture
def graph_json(tmp_path: Path, fixture_graph) -> Path:
    return write_graph(fixture_graph, tmp_path / "graph.json")


def test_push_json_from_the_environment_then_nothing_to_do(neo4j, graph_json, fixture_graph):
    env = _env(neo4j)
    res = _run(["neo4j", "push", str(graph_json), "--json", "--dataset", "cli", "--batch-size", "5"], env,
               neo4j["password"])
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert (out["dataset"], out["nodes"], out["relationships"]) == ("cli", 15, 17)
    assert out["nodes_created"] == 15 + 4 + 1 and out["relationships_created"] == 17 + 20
    assert counts(neo4j)["relations"] == 17
    res = _run(["neo4j", "push", str(graph_json), "--json", "--dataset", "cli"], env, neo4j["password"])
    out = json.loads(res.stdout)
    assert (out["nodes_created"], out["relationships_created"], out["relationships_deleted"]) == (0, 0, 0)


def test_push_text_with_options_and_a_hidden_password_prompt(neo4j, graph_json):
    res = _run(["neo4j", "push", str(graph_json), "--uri", neo4j["uri"], "-u", neo4j["user"], "--no-progress"],
               _UNSET, neo4j["password"], input=neo4j["password"] + "\n")
    assert res.exit_code == 0, res.stderr
    assert "Neo4j password" in res.stderr  # asked on stderr, the answer not echoed
    assert "Pushed dataset 'maillage'" in res.stdout and "15 actors, 17 relations" in res.stdout
    assert "Created 20 nodes and 37 relationships" in res.stdout


def test_pull_round_trip_to_a_file_and_to_stdout(neo4j, graph_json, fixture_graph, tmp_path):
    env = _env(neo4j, NEO4J_DATABASE="neo4j")
    assert _run(["neo4j", "push", str(graph_json), "--dataset", "rt"], env, neo4j["password"]).exit_code == 0
    dest = tmp_path / "back" / "graph.json"
    res = _run(["neo4j", "pull", "--dataset", "rt", "-o", str(dest)], env, neo4j["password"])
    assert res.exit_code == 0, res.stderr
    assert graph_to_data(read_graph(dest)) == graph_to_data(fixture_graph)
    res = _run(["neo4j", "pull", "--dataset", "rt", "-o", "-"], env, neo4j["password"])
    assert json.loads(res.stdout)["edges"] == graph_to_data(fixture_graph)["edges"]


def test_query_json_table_params_and_stdin(neo4j, graph_json):
    env = _env(neo4j)
    _run(["neo4j", "push", str(graph_json)], env, neo4j["password"])
    cypher = "MATCH (a:Actor) WHERE a.level = $level AND size(a.aliases) >= $n RETURN a.id AS id ORDER BY id"
    res = _run(["neo4j", "query", cypher, "-P", "level=european", "-P", "n=1", "--json"], env, neo4j["password"])
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    assert rows and all(set(r) == {"id"} for r in rows) and "k-cemr" in [r["id"] for r in rows]
    res = _run(["neo4j", "query", "-", "-P", "level=european", "-P", "n=1"], env, neo4j["password"], input=cypher)
    assert res.exit_code == 0 and "k-cemr" in res.stdout and "id" in res.stdout.splitlines()[1]
    # nodes come back as property maps with their labels
    res = _run(["neo4j", "query", "MATCH (a:Actor {id: $id}) RETURN a", "-P", "id=k-cemr", "--json"], env,
               neo4j["password"])
    (row,) = json.loads(res.stdout)
    assert row["a"]["_labels"] == ["Actor", "Association"] and row["a"]["id"] == "k-cemr"
    res = _run(["neo4j", "query", "MATCH (a:Actor {id: 'nobody'}) RETURN a"], env, neo4j["password"])
    assert res.exit_code == 0 and res.stdout == "" and "(no rows)" in res.stderr


def test_queries_are_written_and_run_through_the_cli(neo4j, graph_json, tmp_path):
    dest = tmp_path / "influence.cypher"
    res = CliRunner().invoke(main, ["neo4j", "queries", "-o", str(dest)], catch_exceptions=False)
    assert res.exit_code == 0 and dest.read_text(encoding="utf-8") == queries_text()
    res = CliRunner().invoke(main, ["neo4j", "queries"], catch_exceptions=False)
    assert res.stdout == queries_text()
    env = _env(neo4j)
    _run(["neo4j", "push", str(graph_json)], env, neo4j["password"])
    q = {x["name"]: x for x in ready_queries()}["network_members"]
    res = _run(["neo4j", "query", q["cypher"], "-P", "dataset=maillage", "-P", "network=CCRE", "--json"], env,
               neo4j["password"])
    assert res.exit_code == 0, res.stderr
    assert {r["member"] for r in json.loads(res.stdout)} == {"AFCCRE"}


def test_errors_are_one_line_with_a_non_zero_exit(neo4j_server, graph_json, tmp_path):
    conn = neo4j_server.conn
    wrong = "not-the-password-" + conn["password"][:4]
    res = _run(["neo4j", "push", str(graph_json)], _env(conn, NEO4J_PASSWORD=wrong), wrong)
    _one_line_error(res, "authentication failed for user 'neo4j'")
    assert conn["password"] not in res.stderr
    res = _run(["neo4j", "query", "RETURN 1"], _env(conn, NEO4J_URI="bolt://127.0.0.1:9"), conn["password"])
    _one_line_error(res, "cannot reach Neo4j at bolt://127.0.0.1:9")
    res = _run(["neo4j", "query", "RETURN 1", "-d", "nosuchdb"], _env(conn), conn["password"])
    _one_line_error(res, "database 'nosuchdb' does not exist")
    res = _run(["neo4j", "query", "MATCH (n RETURN n"], _env(conn), conn["password"])
    _one_line_error(res, "Cypher error")
    res = _run(["neo4j", "pull", "--dataset", "nope", "-o", str(tmp_path / "x.json")], _env(conn), conn["password"])
    _one_line_error(res, "no dataset 'nope'")
    assert not (tmp_path / "x.json").exists()
    res = _run(["neo4j", "push", str(graph_json)], _env(conn, NEO4J_URI="http://127.0.0.1:7474"), conn["password"])
    _one_line_error(res, "URI")
    # no NEO4J_PASSWORD and nothing typed at the prompt
    res = _run(["neo4j", "query", "RETURN 1"], {**_UNSET, "NEO4J_URI": conn["uri"]}, conn["password"], input="")
    assert res.exit_code != 0 and "no Neo4j password" in res.stderr.strip().splitlines()[-1]
