"""Fault test: the server is SIGKILLed in the middle of a push, restarted, the push re-run.

The final database must equal a clean push of the same graph (same content hash, computed
independently of Neo4j's internal ids) with no duplicate ids: every batch is a MERGE on
constrained keys, so what the killed push committed is completed, never repeated.
"""
from __future__ import annotations

import threading

import pytest
from neo4j_helpers import counts, db_hash, duplicates, synthetic_graph

from maillage.errors import Neo4jError
from maillage.exports.neo4j import build_batches, push_graph

pytestmark = pytest.mark.neo4j

N_NODES, N_EDGES, BATCH = 300, 1200, 30


def test_kill_mid_push_then_rerun_equals_a_clean_push(neo4j, make_neo4j_server):
    G = synthetic_graph(N_NODES, N_EDGES, seed=11, prefix="f")
    total = len(build_batches(G, dataset="fault", batch_size=BATCH))
    kill_after = total // 3  # documents and actors are in, relations are half-way

    # the reference: a clean push on the (emptied) session server
    push_graph(G, dataset="fault", batch_size=BATCH, **neo4j)
    clean = db_hash(neo4j)
    clean_counts = counts(neo4j)
    assert clean_counts["relations"] == N_EDGES and clean_counts["actors"] == N_NODES

    server = make_neo4j_server("neo4j-fault")
    killer: list[threading.Thread] = []
    seen: list[int] = []

    def progress(done: int, _total: int) -> None:
        seen.append(done)
        if done == kill_after and not killer:
            # SIGKILL from another thread while the push goes on sending batches
            killer.append(threading.Thread(target=server.kill, name="neo4j-killer"))
            killer[0].start()

    with pytest.raises(Neo4jError, match="cannot reach Neo4j") as err:
        push_graph(G, dataset="fault", batch_size=BATCH, progress=progress, max_retry_time=1.0, **server.conn)
    killer[0].join(timeout=60)
    assert not killer[0].is_alive()
    assert kill_after <= max(seen) < total  # the push really stopped half-way
    assert "\n" not in str(err.value) and server.password not in str(err.value)

    server.start()  # same data folder and port: Neo4j recovers from its transaction log
    partial = counts(server.conn)
    assert partial["relations"] < N_EDGES  # the interrupted push left a partial dataset
    assert duplicates(server.conn) == 0

    res = push_graph(G, dataset="fault", batch_size=BATCH, **server.conn)
    assert res["relationships_created"] == (N_EDGES - partial["relations"]) + (clean_counts["mentions"] - partial["mentions"])
    assert counts(server.conn) == clean_counts
    assert duplicates(server.conn) == 0
    assert db_hash(server.conn) == clean
