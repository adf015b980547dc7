"""Helpers of the Neo4j tests: the server handle, content hashes, counts (no fixtures here)."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from maillage.exports.neo4j import run_query

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "neo4j-local.sh"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Neo4jServer:
    """One local server: start, stop, kill -9, restart on the same data."""

    def __init__(self, data_dir: Path, port: int, password: str) -> None:
        self.data_dir = data_dir
        self.port = port
        self.password = password
        self.uri = f"bolt://127.0.0.1:{port}"
        self.user = "neo4j"

    @property
    def conn(self) -> dict[str, str]:
        return {"uri": self.uri, "user": self.user, "password": self.password}

    def _script(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NEO4J_PASSWORD": self.password}
        return subprocess.run([str(SCRIPT), *args, "--data", str(self.data_dir)], env=env, text=True,
                              capture_output=True, timeout=timeout, check=False)

    def start(self) -> None:
        res = self._script("start", "--port", str(self.port))
        if res.returncode != 0 or res.stdout.strip() != self.uri:
            log = self.log_tail()
            pytest.fail(f"Neo4j did not start (exit {res.returncode}):\n{res.stderr}\n{log}", pytrace=False)

    def stop(self) -> None:
        self._script("stop", timeout=120)

    def admin_import(self, folder: Path, args: list[str] | None = None, *,
                     database: str = "neo4j") -> subprocess.CompletedProcess[str]:
        """neo4j-admin import into this (stopped) server's data, through scripts/neo4j-local.sh:
        ``import --from FOLDER`` (runs FOLDER/import.sh) when ``args`` is None, else
        ``import -- ARGS`` run in ``folder`` (where the header and data files are)."""
        env = {**os.environ, "NEO4J_PASSWORD": self.password}
        cmd = [str(SCRIPT), "import", "--data", str(self.data_dir), "--database", database]
        cmd += ["--from", str(folder)] if args is None else ["--", *args]
        return subprocess.run(cmd, cwd=folder, env=env, text=True, capture_output=True, timeout=600, check=False)

    @property
    def pid(self) -> int:
        return int((self.data_dir / "launcher.pid").read_text().strip())

    def kill(self) -> None:
        """SIGKILL the server process (no shutdown, no checkpoint) and wait until it is gone."""
        pid = self.pid
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                    break
            except psutil.NoSuchProcess:
                break
            time.sleep(0.05)
        (self.data_dir / "ready").unlink(missing_ok=True)

    def log_tail(self, n: int = 30) -> str:
        out = []
        for name in ("launcher.log", "logs/debug.log"):
            p = self.data_dir / name
            if p.exists():
                out.append(f"--- {p}\n" + "\n".join(p.read_text(errors="replace").splitlines()[-n:]))
        return "\n".join(out)

    def auth_failures(self) -> int:
        """Failed Bolt authentications so far (Neo4j logs one WARN line per failure)."""
        p = self.data_dir / "logs" / "debug.log"
        text = p.read_text(errors="replace") if p.exists() else ""
        return text.count("unauthorized due to authentication failure")


# --------------------------------------------------------------------------- helpers for tests

def _key(props: dict[str, Any], labels: list[str]) -> str:
    return json.dumps([sorted(labels), props.get("id", props.get("name"))], sort_keys=True, ensure_ascii=False)


def db_content(conn: dict[str, str], *, dataset: str | None = None) -> dict[str, list[str]]:
    """Every node and relationship of the database (or of one dataset) as sorted JSON lines:
    labels and all properties of nodes; end points, type and all properties of relationships."""
    where_n = "" if dataset is None else "WHERE $dataset IN n.datasets OR n.name = $dataset"
    where_r = "" if dataset is None else "WHERE r.dataset = $dataset"
    nodes = run_query(f"MATCH (n) {where_n} RETURN labels(n) AS labels, properties(n) AS props",
                      {"dataset": dataset}, **conn)
    rels = run_query(f"MATCH (a)-[r]->(b) {where_r} RETURN labels(a) AS la, properties(a) AS pa, type(r) AS type, "
                     "properties(r) AS props, labels(b) AS lb, properties(b) AS pb", {"dataset": dataset}, **conn)
    return {
        "nodes": sorted(json.dumps([sorted(r["labels"]), r["props"]], sort_keys=True, ensure_ascii=False)
                        for r in nodes),
        "relationships": sorted(json.dumps([_key(r["pa"], r["la"]), r["type"], _key(r["pb"], r["lb"]), r["props"]],
                                           sort_keys=True, ensure_ascii=False) for r in rels),
    }


def db_hash(conn: dict[str, str], *, dataset: str | None = None) -> str:
    """A content hash of the database (or of one dataset), independent of internal ids."""
    content = db_content(conn, dataset=dataset)
    h = hashlib.sha256()
    for line in content["nodes"] + ["--"] + content["relationships"]:
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


def counts(conn: dict[str, str]) -> dict[str, int]:
    """Nodes per label family and relationships per kind, for the whole database."""
    row = run_query(
        "CALL { MATCH (a:Actor) RETURN count(a) AS actors } "
        "CALL { MATCH (d:Document) RETURN count(d) AS documents } "
        "CALL { MATCH (:Document)-[m:MENTIONS]->(:Actor) RETURN count(m) AS mentions } "
        "CALL { MATCH (:Actor)-[r]->(:Actor) RETURN count(r) AS relations } "
        "RETURN actors, documents, mentions, relations", **conn)[0]
    return {k: int(v) for k, v in row.items()}


def duplicates(conn: dict[str, str]) -> int:
    """Actors or documents sharing an id, plus relationships repeated between the same ends."""
    row = run_query(
        "CALL { MATCH (a:Actor) WITH a.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS da } "
        "CALL { MATCH (d:Document) WITH d.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS dd } "
        "CALL { MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.dataset AS ds, count(*) AS c WHERE c > 1 "
        "       RETURN count(*) AS dr } "
        "RETURN da + dd + dr AS n", **conn)[0]
    return int(row["n"])


# --------------------------------------------------------------------------- test graphs

def synthetic_graph(n_nodes: int, n_edges: int, *, seed: int = 7, prefix: str = "s"):
    """A valid maillage graph of ``n_nodes`` actors and ``n_edges`` distinct relations, each
    with one evidence sentence, over a few documents (deterministic for a seed)."""
    import random

    import networkx as nx

    from maillage.graph.store import add_edge
    from maillage.schema import NODE_TYPES, RELATION_TYPES

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    docs = [f"{prefix}-doc{i}" for i in range(10)]
    G.graph["documents"] = [{"id": d, "path": f"{d}.txt", "title": f"Document {d}", "lang": "fr",
                             "date": f"2020-01-{i + 1:02d}", "format": "txt"} for i, d in enumerate(docs)]
    G.graph["meta"] = {"source": "synthetic", "seed": seed}
    types = list(NODE_TYPES)
    for i in range(n_nodes):
        G.add_node(f"{prefix}{i:06d}", name=f"Actor {prefix} {i}", type=types[i % len(types)],
                   aliases=[f"A{prefix}{i}"], documents=[docs[i % len(docs)]], level="national",
                   scores={"pagerank": 1.0 / (i + 1)})
    rels = list(RELATION_TYPES)
    seen = set()
    nodes = list(G.nodes)
    while len(seen) < n_edges:
        s, t = rng.sample(nodes, 2)
        rel = rng.choice(rels)
        if RELATION_TYPES[rel].symmetric and t < s:
            s, t = t, s
        if (s, t, rel) in seen:
            continue
        seen.add((s, t, rel))
        doc = rng.choice(docs)
        add_edge(G, s, t, rel, [{"doc": doc, "sentence": f"{s} {rel} {t}.", "start": len(seen), "end": len(seen) + 9,
                                 "date": None, "lang": "fr", "method": "pattern"}])
    return G


HOSTILE = [
    "'}) DETACH DELETE n //",
    "\"}) MATCH (n) DETACH DELETE n //",
    "`Actor`) DETACH DELETE n //",
    "\\u0060) DETACH DELETE n; //",
    "x\u0060}) SET n.pwned = true //",
    "$dataset ${rows} $keys",
    "'; MATCH (n) DETACH DELETE n; '",
    "line\nbreak\r\n\ttab \\ backslash \u2028 sep \x00 nul",
]


def hostile_graph():
    """A small graph whose names, aliases, ids, sentences, titles and meta hold Cypher."""
    from maillage.graph.store import graph_from_data

    nodes, edges = [], []
    for i, text in enumerate(HOSTILE):
        nodes.append({"id": f"h{i}-{text}", "name": text, "type": "organisation", "aliases": [text, f"{text}`"],
                      "documents": [f"hd-{text}"], "website": text, "note": {"nested": text}})
    for i in range(len(HOSTILE) - 1):
        edges.append({"source": nodes[i]["id"], "target": nodes[i + 1]["id"], "type": "partner_of",
                      "evidence": [{"doc": f"hd-{HOSTILE[i]}", "sentence": HOSTILE[i + 1], "start": i, "end": i + 5,
                                    "date": None, "lang": "fr", "method": HOSTILE[i]}]})
    return graph_from_data({"documents": [{"id": f"hd-{t}", "path": t, "title": t, "lang": "fr", "date": None,
                                           "format": "txt"} for t in HOSTILE],
                            "nodes": nodes, "edges": edges, "meta": {"note": HOSTILE[0]}})
