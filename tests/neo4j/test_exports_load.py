"""File exports loaded into the real Neo4j give what a push gives.

- ``maillage export cypher``: the script, run statement by statement through the driver (as
  cypher-shell would; cypher-shell is not installed here), gives the very database a push
  gives (same content hash), hostile text included.
- ``maillage export --format neo4j-admin``: the files, imported with ``neo4j-admin database
  import full`` (scripts/neo4j-local.sh import) into a stopped extra server, give the same
  counts and content as a push; a push on top of the import then creates nothing.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j_helpers import counts, db_content, db_hash, duplicates, hostile_graph

from maillage.cli import main
from maillage.exports.neo4j import push_graph, pull_graph, run_query
from maillage.exports.neo4j_admin import import_command, neo4j_admin_files, write_neo4j_admin
from maillage.exports.sanitize import sanitize_graph
from maillage.graph.store import graph_to_data, write_graph

pytestmark = pytest.mark.neo4j


def _export(G: nx.MultiDiGraph, tmp_path: Path, name: str, *args: str) -> Path:
    src = write_graph(G, tmp_path / f"{name}.json")
    dest = tmp_path / f"{name}.cypher"
    res = CliRunner().invoke(main, ["export", "cypher", str(src), "-o", str(dest), *args], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    return dest


def script_statements(path: Path) -> list[str]:
    """The statements of a maillage Cypher script. Its string literals hold no raw line break
    (they are escaped), so a statement ends exactly where a line ends with ``;``."""
    statements, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not current and (not line.strip() or line.startswith("//")):
            continue
        current.append(line)
        if line.endswith(";"):
            statements.append("\n".join(current)[:-1])
            current = []
    assert not current, "the script ends inside a statement"
    return statements


def _load(path: Path, conn: dict[str, str]) -> int:
    """Run the script as cypher-shell does: one auto-commit transaction per statement."""
    from neo4j import GraphDatabase

    statements = script_statements(path)
    with GraphDatabase.driver(conn["uri"], auth=(conn["user"], conn["password"])) as driver:
        with driver.session() as session:
            for statement in statements:
                session.run(statement).consume()
    return len(statements)


def test_cypher_script_loads_the_same_database_as_a_push(neo4j, seed_graph, tmp_path):
    script = _export(seed_graph, tmp_path, "seeds", "--opt", "dataset=seeds", "--opt", "batch_size=40")
    text = script.read_text(encoding="utf-8")
    assert "$" not in "".join(line for line in text.splitlines() if not line.startswith("//"))  # no parameters left
    n = _load(script, neo4j)
    assert n > 10
    loaded, loaded_counts = db_hash(neo4j), counts(neo4j)
    assert loaded_counts["actors"] == seed_graph.number_of_nodes()
    assert loaded_counts["relations"] == seed_graph.number_of_edges()
    assert graph_to_data(pull_graph(dataset="seeds", **neo4j)) == graph_to_data(sanitize_graph(seed_graph))

    _load(script, neo4j)  # a second run changes nothing
    assert db_hash(neo4j) == loaded and duplicates(neo4j) == 0

    run_query("MATCH (n) DETACH DELETE n", **neo4j)
    push_graph(seed_graph, dataset="seeds", **neo4j)
    assert counts(neo4j) == loaded_counts
    assert db_hash(neo4j) == loaded


def test_cypher_script_with_hostile_text_is_plain_data(neo4j, fixture_graph, tmp_path):
    push_graph(fixture_graph, dataset="fx", **neo4j)
    fx = db_hash(neo4j, dataset="fx")
    G = hostile_graph()
    script = _export(G, tmp_path, "hostile", "--opt", "dataset=hostile '}) DETACH DELETE n //")
    _load(script, neo4j)
    assert db_hash(neo4j, dataset="fx") == fx  # the other dataset is untouched
    assert run_query("MATCH (n) WHERE n.pwned IS NOT NULL RETURN n", **neo4j) == []
    H = sanitize_graph(G)  # what the export wrote (NUL characters removed)
    assert graph_to_data(pull_graph(dataset="hostile '}) DETACH DELETE n //", **neo4j)) == graph_to_data(H)
    scripted = db_hash(neo4j)

    run_query("MATCH (n) DETACH DELETE n", **neo4j)
    push_graph(fixture_graph, dataset="fx", **neo4j)
    push_graph(H, dataset="hostile '}) DETACH DELETE n //", **neo4j)
    assert db_hash(neo4j) == scripted


# --------------------------------------------------------------------------- neo4j-admin import

def _without_empty(content: dict[str, list[str]]) -> dict[str, list[str]]:
    """db_content lines without empty lists and strings: neo4j-admin reads an empty field as
    "no value", where a push stores ``[]`` or ``''``."""
    def clean(props: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in props.items() if v not in ([], "")}

    nodes = []
    for line in content["nodes"]:
        labels, props = json.loads(line)
        nodes.append(json.dumps([labels, clean(props)], sort_keys=True, ensure_ascii=False))
    rels = []
    for line in content["relationships"]:
        a, t, b, props = json.loads(line)
        rels.append(json.dumps([a, t, b, clean(props)], sort_keys=True, ensure_ascii=False))
    return {"nodes": sorted(nodes), "relationships": sorted(rels)}


def test_neo4j_admin_import_equals_a_push(neo4j, make_neo4j_server, seed_graph, tmp_path):
    # the reference: a push of the same graph and dataset on the session server
    push_graph(seed_graph, dataset="seeds", **neo4j)
    pushed, pushed_counts = db_content(neo4j), counts(neo4j)

    # the export (lossless array delimiter U+001F), imported into a server that never started
    folder = tmp_path / "admin"
    write_neo4j_admin(seed_graph, folder, dataset="seeds", array_delimiter="\x1f")
    args = import_command(neo4j_admin_files(seed_graph, dataset="seeds", array_delimiter="\x1f"),
                          array_delimiter="\x1f")
    assert args[:4] == ["neo4j-admin", "database", "import", "full"] and "--array-delimiter=U+001F" in args
    server = make_neo4j_server("neo4j-admin", start=False)
    res = server.admin_import(folder)  # scripts/neo4j-local.sh import --from FOLDER: runs FOLDER/import.sh
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert "IMPORT DONE" in res.stdout + res.stderr
    server.start()

    assert counts(server.conn) == pushed_counts
    assert duplicates(server.conn) == 0
    assert _without_empty(db_content(server.conn)) == _without_empty(pushed)

    # the imported dataset is what a push writes: a push on top of it creates nothing,
    # and only fills in the empty lists neo4j-admin cannot write
    res = push_graph(seed_graph, dataset="seeds", **server.conn)
    assert (res["nodes_created"], res["relationships_created"]) == (0, 0)
    assert (res["nodes_deleted"], res["relationships_deleted"]) == (0, 0)
    assert db_content(server.conn) == pushed
    assert graph_to_data(pull_graph(dataset="seeds", **server.conn)) == graph_to_data(seed_graph)


def test_neo4j_admin_import_with_explicit_options(make_neo4j_server, fixture_graph, tmp_path):
    """``scripts/neo4j-local.sh import -- OPTIONS`` with the options of the README's command."""
    import re

    folder = tmp_path / "admin"
    write_neo4j_admin(fixture_graph, folder, dataset="fx")
    args = import_command(neo4j_admin_files(fixture_graph, dataset="fx"))
    server = make_neo4j_server("neo4j-admin-args", start=False)
    res = server.admin_import(folder, args[5:], database=args[4])
    out = res.stdout + res.stderr
    assert res.returncode == 0, out[-3000:]
    found = re.search(r"Imported:\s+(\d+) nodes\s+(\d+) relationships", out)
    assert found is not None, out[-3000:]
    docs = {d["id"] for d in fixture_graph.graph["documents"]}
    mentions = sum(len(d["documents"]) for _n, d in fixture_graph.nodes(data=True))
    assert (int(found.group(1)), int(found.group(2))) == (
        fixture_graph.number_of_nodes() + len(docs) + 1, fixture_graph.number_of_edges() + mentions)
