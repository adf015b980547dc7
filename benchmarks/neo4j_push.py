"""Neo4j push throughput: the batched path (``UNWIND $rows … MERGE``) against one query per relationship.

A local Neo4j Community 5.26 is started by scripts/neo4j-local.sh on a free loopback port
(temporary data folder, random password, full JIT), and both paths run against it in the same
run, on synthetic graphs of 10,000 and 100,000 relations (one actor per 5 relations, one
evidence sentence each, 20 documents):

- *batched*: :func:`maillage.exports.neo4j.push_graph` with ``--batch-size`` rows per
  transaction (default 1,000), on an empty database. Two rates are reported: relations over
  the whole push (schema, documents, actors, mentions, relations, sweeps) and relations over
  the time of the relation batches only.
- *one per relationship*: actors, documents and mentions are loaded batched, then each
  relation is sent alone, in its own managed write transaction (``session.execute_write``),
  with the very statement of the batched path given one row (``build_batches(batch_size=1)``).
  Only the first ``--single-subset`` relations (default 5,000) are timed; the rate is
  relations per second of that subset.

The database is emptied between runs. Timings depend on the machine (and on the other
processes of a shared one): compare the ratio, not the absolute figures.

Run::

    .venv/bin/python benchmarks/neo4j_push.py                     # 10k and 100k relations
    .venv/bin/python benchmarks/neo4j_push.py --sizes 10000 --single-subset 1000

Writes benchmarks/results/neo4j_push.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from maillage.exports.neo4j import build_batches, push_graph  # noqa: E402
from maillage.graph.store import add_edge  # noqa: E402
from maillage.schema import NODE_TYPES, RELATION_TYPES  # noqa: E402

SCRIPT = ROOT / "scripts" / "neo4j-local.sh"
RESULTS = ROOT / "benchmarks" / "results" / "neo4j_push.json"


def synthetic_graph(n_edges: int, *, seed: int = 5, prefix: str = "b") -> nx.MultiDiGraph:
    """``n_edges`` distinct relations between ``n_edges // 5`` actors, one evidence each."""
    rng = random.Random(seed)
    n_nodes = max(10, n_edges // 5)
    G = nx.MultiDiGraph()
    docs = [f"{prefix}-doc{i}" for i in range(20)]
    G.graph["documents"] = [{"id": d, "path": f"{d}.txt", "title": f"Document {d}", "lang": "fr",
                             "date": f"2021-02-{i + 1:02d}", "format": "txt"} for i, d in enumerate(docs)]
    G.graph["meta"] = {"source": "benchmark", "seed": seed}
    types = list(NODE_TYPES)
    for i in range(n_nodes):
        G.add_node(f"{prefix}{i:07d}", name=f"Actor {prefix} {i}", type=types[i % len(types)],
                   aliases=[f"Actor {prefix} {i}", f"A{prefix}{i}"], documents=[docs[i % len(docs)]],
                   level="national", country="FR", scores={"pagerank": 1.0 / (i + 1)})
    rels = list(RELATION_TYPES)
    nodes = list(G.nodes)
    seen: set[tuple[str, str, str]] = set()
    while len(seen) < n_edges:
        s, t = rng.sample(nodes, 2)
        rel = rng.choice(rels)
        if RELATION_TYPES[rel].symmetric and t < s:
            s, t = t, s
        if (s, t, rel) in seen:
            continue
        seen.add((s, t, rel))
        doc = rng.choice(docs)
        add_edge(G, s, t, rel, [{"doc": doc, "sentence": f"Actor {s} and actor {t}: {rel} ({len(seen)}).",
                                 "start": len(seen), "end": len(seen) + 40, "date": None, "lang": "fr",
                                 "method": "pattern"}])
    return G


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A server of scripts/neo4j-local.sh on a temporary data folder."""

    def __init__(self, heap: str) -> None:
        self.data = Path(tempfile.mkdtemp(prefix="maillage-neo4j-bench-"))
        self.port = free_port()
        self.password = secrets.token_urlsafe(18)
        self.env = {**os.environ, "NEO4J_PASSWORD": self.password, "MAILLAGE_NEO4J_HEAP": heap,
                    "MAILLAGE_NEO4J_JAVA_OPTS": "-XX:TieredStopAtLevel=4"}  # full JIT for bulk loads
        self.conn = {"uri": f"bolt://127.0.0.1:{self.port}", "user": "neo4j", "password": self.password}

    def __enter__(self) -> Server:
        subprocess.run([str(SCRIPT), "fetch"], check=True, env=self.env)
        t0 = time.perf_counter()
        res = subprocess.run([str(SCRIPT), "start", "--port", str(self.port), "--data", str(self.data)],
                             env=self.env, text=True, capture_output=True, check=False)
        if res.returncode != 0:
            raise SystemExit(f"Neo4j did not start:\n{res.stderr}")
        self.start_s = time.perf_counter() - t0
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run([str(SCRIPT), "stop", "--data", str(self.data)], env=self.env, check=False,
                       capture_output=True)
        subprocess.run(["rm", "-rf", str(self.data)], check=False)

    def rss_mb(self) -> float | None:
        try:
            import psutil

            pid = int((self.data / "launcher.pid").read_text().strip())
            return round(psutil.Process(pid).memory_info().rss / 2**20, 1)
        except Exception:  # psutil missing or the server gone: not reported
            return None


def _driver(conn: dict[str, str]) -> Any:
    from neo4j import GraphDatabase

    return GraphDatabase.driver(conn["uri"], auth=(conn["user"], conn["password"]), notifications_min_severity="OFF")


def wipe(conn: dict[str, str]) -> None:
    with _driver(conn) as driver, driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def _is_relation(cypher: str) -> bool:
    return "MERGE (s)-[r:" in cypher


def run_batched(G: nx.MultiDiGraph, conn: dict[str, str], batch_size: int) -> dict[str, Any]:
    batches = build_batches(G, dataset="bench", batch_size=batch_size)
    kinds = [_is_relation(c) for c, _p in batches]
    stamps: list[float] = []
    t0 = time.perf_counter()
    res = push_graph(G, dataset="bench", batch_size=batch_size, progress=lambda d, t: stamps.append(time.perf_counter()),
                     **conn)
    total = time.perf_counter() - t0
    starts = [t0] + stamps[:-1]
    rel_s = sum(end - start for start, end, rel in zip(starts, stamps, kinds, strict=True) if rel)
    m = G.number_of_edges()
    assert res["relationships_created"] >= m, res
    return {"path": "batched", "batch_size": batch_size, "relations": m, "timed_relations": m,
            "transactions": len(batches), "seconds": round(total, 3), "relation_batches_seconds": round(rel_s, 3),
            "rels_per_s": round(m / total, 1), "rels_per_s_relation_phase": round(m / rel_s, 1)}


def run_single(G: nx.MultiDiGraph, conn: dict[str, str], subset: int) -> dict[str, Any]:
    # actors, documents and mentions: batched (not timed); then one relation per transaction
    setup = [(c, p) for c, p in build_batches(G, dataset="bench", batch_size=1000)
             if not _is_relation(c) and not c.lstrip().startswith("MATCH (s:Actor)-[r]->")]
    singles = [(c, p) for c, p in build_batches(G, dataset="bench", batch_size=1) if _is_relation(c)][:subset]
    with _driver(conn) as driver, driver.session() as session:
        for c, p in setup:
            session.execute_write(lambda tx, c=c, p=p: tx.run(c, p).consume())
        created = 0
        t0 = time.perf_counter()
        for c, p in singles:
            created += session.execute_write(lambda tx, c=c, p=p: tx.run(c, p).consume().counters.relationships_created)
        total = time.perf_counter() - t0
    assert created == len(singles), (created, len(singles))
    return {"path": "one_per_relationship", "batch_size": 1, "relations": G.number_of_edges(),
            "timed_relations": len(singles), "transactions": len(singles), "seconds": round(total, 3),
            "rels_per_s": round(len(singles) / total, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="relations per graph")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--single-subset", type=int, default=5000, help="relations timed one per transaction")
    ap.add_argument("--heap", default="2g", help="Neo4j heap (MAILLAGE_NEO4J_HEAP)")
    ap.add_argument("--output", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    results = []
    with Server(args.heap) as server:
        conn = server.conn
        print(f"neo4j_push: server up in {server.start_s:.1f} s at {conn['uri']}", file=sys.stderr)
        warm = synthetic_graph(2000, seed=1, prefix="w")  # warm the JIT for both paths
        run_batched(warm, conn, args.batch_size)
        wipe(conn)
        run_single(warm, conn, 500)
        wipe(conn)
        for size in args.sizes:
            t0 = time.perf_counter()
            G = synthetic_graph(size, seed=size)
            gen_s = time.perf_counter() - t0
            batched = run_batched(G, conn, args.batch_size)
            batched["server_rss_mb"] = server.rss_mb()
            wipe(conn)
            single = run_single(G, conn, min(args.single_subset, size))
            single["server_rss_mb"] = server.rss_mb()
            wipe(conn)
            ratio = round(batched["rels_per_s"] / single["rels_per_s"], 1)
            for r in (batched, single):
                r.update({"size": size, "actors": G.number_of_nodes(), "graph_seconds": round(gen_s, 2)})
                results.append(r)
            results.append({"size": size, "ratio_batched_over_single": ratio,
                            "ratio_relation_phase_over_single": round(batched["rels_per_s_relation_phase"]
                                                                      / single["rels_per_s"], 1)})
            print(f"neo4j_push: {size} relations: batched {batched['rels_per_s']:.0f} rel/s "
                  f"({batched['rels_per_s_relation_phase']:.0f} rel/s in the relation batches), one per "
                  f"relationship {single['rels_per_s']:.0f} rel/s, ratio {ratio}x", file=sys.stderr)
    out = {
        "benchmark": "neo4j_push",
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "neo4j": "5.26 Community (scripts/neo4j-local.sh, embedded + Bolt)",
                    "heap": args.heap, "note": "shared 2-core machine: timings are noisy, compare ratios"},
        "python_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "results": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    tmp.replace(args.output)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
