"""A real Neo4j Community 5.26 for the tests: started once per session by scripts/neo4j-local.sh.

The server runs from the Maven Central jars (tools/neo4j-launcher) on a free loopback port, with
authentication on, a random password and a temporary data folder; it is stopped at the end of
the session. If it cannot start, the tests FAIL (never skip), unless MAILLAGE_SKIP_NEO4J=1 is
set explicitly.
"""
from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import pytest
from neo4j_helpers import SCRIPT, Neo4jServer, free_port

from maillage.exports.neo4j import run_query

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"


def _fetch() -> None:
    res = subprocess.run([str(SCRIPT), "fetch"], text=True, capture_output=True, timeout=900, check=False)
    if res.returncode != 0:
        pytest.fail(f"scripts/neo4j-local.sh fetch failed:\n{res.stdout}\n{res.stderr}", pytrace=False)


def new_server(tmp_path_factory: pytest.TempPathFactory, name: str, *, start: bool = True) -> Neo4jServer:
    if os.environ.get("MAILLAGE_SKIP_NEO4J") == "1":
        pytest.skip("MAILLAGE_SKIP_NEO4J=1: Neo4j tests skipped on request")
    _fetch()
    server = Neo4jServer(tmp_path_factory.mktemp(name), free_port(), secrets.token_urlsafe(18))
    if start:
        server.start()
    return server


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory):
    """The session's Neo4j server (started once, stopped at the end)."""
    server = new_server(tmp_path_factory, "neo4j-session")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def neo4j(neo4j_server: Neo4jServer) -> dict[str, str]:
    """Connection settings of the session server, with an empty database."""
    run_query("MATCH (n) DETACH DELETE n", **neo4j_server.conn)
    return neo4j_server.conn


@pytest.fixture
def make_neo4j_server(tmp_path_factory: pytest.TempPathFactory):
    """A factory of extra servers (own data folder and port), all stopped at teardown.

    ``make(name, start=False)`` gives a server that has not started yet (an empty data folder,
    for ``neo4j-admin database import``); call its ``start()`` later.
    """
    servers: list[Neo4jServer] = []

    def make(name: str = "neo4j-extra", *, start: bool = True) -> Neo4jServer:
        servers.append(new_server(tmp_path_factory, name, start=start))
        return servers[-1]

    try:
        yield make
    finally:
        for server in servers:
            server.stop()




@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory: pytest.TempPathFactory):
    """The graph built from ../shared/corpus/seeds (rules only, no NER), scored by ``analyse``.

    Shared by the tests: do not modify it (copy it first).
    """
    from maillage.graph.analysis import analyse, annotate
    from maillage.pipeline import build

    if not SEEDS.is_dir():
        pytest.skip("needs ../shared/corpus/seeds, the user's sample documents beside the project")
    G = build(SEEDS, tmp_path_factory.mktemp("seed-graph"), ner=False, jobs=1, cache=False).graph
    H = annotate(G, analyse(G))
    assert H.number_of_nodes() > 30 and H.number_of_edges() > 100
    return H
