"""Neo4j: the graph as ``(cypher, params)`` batches, and a thin layer that sends them.

:func:`build_batches` is pure: it turns the networkx model into ``UNWIND $rows AS row MERGE …``
statements on uniquely constrained keys, with every value passed as a parameter. Labels and
relationship types are written into Cypher only from the whitelists of :mod:`maillage.schema`
(:data:`~maillage.schema.NODE_LABELS`, ``RELATION_TYPES[...].cypher``), validated again here,
never from document text. :func:`push_graph` sends the batches with the official driver's
managed transactions (``session.execute_write``, retried by the driver on transient errors);
:func:`pull_graph` reads a dataset back; :func:`run_query` runs any Cypher. Driver errors become
:class:`~maillage.errors.Neo4jError` with a one-line message that says what to do.

The model in Neo4j::

    (:Dataset {name, meta, documents})
    (:Document {id, path, title, lang, date, format, datasets})
    (:Actor:<TypeLabel> {id, name, type, aliases, documents, level, country, website, known,
                         score_pagerank, score_degree, …, community, community_label, datasets})
    (:Document)-[:MENTIONS {dataset}]->(:Actor)
    (:Actor)-[:MEMBER_OF|PARTNER_OF|… {dataset, weight, evidence_count, stated, symmetric,
              sentences, docs, methods, starts, ends, dates, first_date, last_date,
              evidence_json}]->(:Actor)

- ``Actor.id``, ``Document.id`` and ``Dataset.name`` are unique (constraints); a full-text index
  ``maillage_actor_names`` covers ``name`` and ``aliases`` (search "CCRE" in Browser with
  ``CALL db.index.fulltext.queryNodes('maillage_actor_names', 'CCRE')``).
- Relations carry their evidence as parallel lists (``sentences[i]`` was found in document
  ``docs[i]`` by ``methods[i]`` at ``starts[i]``-``ends[i]``) and exactly, as JSON, in
  ``evidence_json``. Symmetric relations (``PARTNER_OF``, ``MEETS``, ``CO_MENTIONED``) are one
  relationship, as in graph.json: query them without a direction.
- A push belongs to a *dataset*: relationships carry ``dataset`` (the same pair of actors may
  have one relationship per dataset); actors and documents keep the list of their ``datasets``.
  Re-pushing a dataset creates nothing that exists already, removes the relations, mentions,
  actors and documents of that dataset that vanished from the graph, and leaves the
  relationships of other datasets alone. An actor shared by two datasets has one node whose
  properties are those of the last push.
- Node attributes are stored as properties when Neo4j can store them (scalars, lists of one
  scalar type); others (nested values) go to ``extra_json``. ``attr_keys`` and ``score_keys``
  list the attribute names, so that :func:`pull_graph` gives back the graph.json content.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(documents=[])
>>> G.add_node("a", name="A", type="city", aliases=["A"], documents=[])
>>> batches = build_batches(G, dataset="demo", batch_size=100)
>>> any("MERGE (a:Actor {id: row.id})" in cypher for cypher, _ in batches)
True
>>> [p["rows"][0]["id"] for c, p in batches if ":City" in c and "rows" in p]
['a']
"""
from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import networkx as nx

from ..errors import Neo4jError, SchemaError
from ..graph.store import graph_from_data, graph_to_data
from ..schema import NODE_LABELS, RELATION_TYPES, check_node_type, check_relation_type
from .sanitize import document_dates, edge_dates

ACTOR = "Actor"
DOCUMENT = "Document"
DATASET = "Dataset"
MENTIONS = "MENTIONS"
FULLTEXT_INDEX = "maillage_actor_names"
DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATASET = "maillage"
DEFAULT_BATCH_SIZE = 1000

#: Key separator in the sweep statements (a control character no id contains in practice;
#: ids are compared as whole strings, so a separator inside an id cannot match another key).
_SEP = "\u001f"
_IDENT = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_REL_IDENT = re.compile(r"^[A-Z][A-Z0-9_]*$")
_INT64 = (-(2**63), 2**63 - 1)
#: URI schemes of the Bolt protocol (the driver's HTTP preview is not used).
_BOLT_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})

_NODE_RESERVED = frozenset({"id", "datasets", "attr_keys", "score_keys", "extra_json", "stub"})
_DOC_RESERVED = frozenset({"id", "datasets", "attr_keys", "extra_json", "stub"})
_REL_RESERVED = frozenset({"dataset", "weight", "evidence_count", "stated", "symmetric", "sentences",
                           "docs", "methods", "starts", "ends", "dates", "first_date", "last_date",
                           "evidence_json", "attr_keys", "extra_json"})

#: Schema statements (one transaction each): uniqueness constraints and the full-text index.
SCHEMA_STATEMENTS: tuple[str, ...] = (
    f"CREATE CONSTRAINT maillage_actor_id IF NOT EXISTS FOR (a:{ACTOR}) REQUIRE a.id IS UNIQUE",
    f"CREATE CONSTRAINT maillage_document_id IF NOT EXISTS FOR (d:{DOCUMENT}) REQUIRE d.id IS UNIQUE",
    f"CREATE CONSTRAINT maillage_dataset_name IF NOT EXISTS FOR (s:{DATASET}) REQUIRE s.name IS UNIQUE",
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (a:{ACTOR}) ON EACH [a.name, a.aliases]",
)
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"


# --------------------------------------------------------------------------- whitelists

def _label(node_type: str) -> str:
    label = NODE_LABELS[check_node_type(node_type)]
    if not _IDENT.match(label) or label in (ACTOR, DOCUMENT, DATASET):
        raise SchemaError(f"invalid Neo4j label {label!r} in maillage.schema.NODE_LABELS")
    return label


def _rel_type(rel: str) -> str:
    name = RELATION_TYPES[check_relation_type(rel)].cypher
    if not _REL_IDENT.match(name) or name == MENTIONS:
        raise SchemaError(f"invalid Neo4j relationship type {name!r} in maillage.schema")
    return name


def _all_labels() -> list[str]:
    return sorted({_label(t) for t in NODE_LABELS})


# --------------------------------------------------------------------------- values

def _kind(v: Any) -> str | None:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int" if _INT64[0] <= v <= _INT64[1] else None
    if isinstance(v, float):
        return "float" if math.isfinite(v) else None
    if isinstance(v, str):
        return "str"
    return None


def _storable(v: Any) -> bool:
    """Can Neo4j store ``v`` as one property, and give it back equal?"""
    if isinstance(v, (list, tuple)):
        kinds = {_kind(x) for x in v}
        return len(kinds) <= 1 and None not in kinds
    return _kind(v) is not None


def _compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def document_props(docs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """``(id, properties)`` of each document, by id, the first of duplicate ids kept.

    Shared by the push and the neo4j-admin export, so both write the same ``:Document`` nodes.
    """
    out: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for d in sorted(docs, key=lambda d: str(d["id"])):
        did = str(d["id"])
        if did in seen:
            continue
        seen.add(did)
        props: dict[str, Any] = {"id": did}
        _encode({k: v for k, v in d.items() if k != "id"}, _DOC_RESERVED, props)
        out.append((did, props))
    return out


def _encode(attrs: Mapping[str, Any], reserved: frozenset[str], props: dict[str, Any]) -> None:
    """Put ``attrs`` into ``props``: storable values as properties, the rest in ``extra_json``."""
    extra: dict[str, Any] = {}
    keys = []
    for k in sorted(attrs):
        v = attrs[k]
        keys.append(k)
        if v is None:
            continue  # absent property; attr_keys says it was there (as null)
        if k not in reserved and k not in props and _storable(v):
            props[k] = list(v) if isinstance(v, tuple) else v
        else:
            extra[k] = v
    props["attr_keys"] = keys
    if extra:
        props["extra_json"] = _compact_json(extra)


def _decode(props: Mapping[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`_encode` (plus the flattened scores of actors)."""
    extra = json.loads(props["extra_json"]) if props.get("extra_json") else {}
    keys = props.get("attr_keys")
    if keys is None:  # written by something else: every property but the bookkeeping ones
        keys = [k for k in props if k not in _NODE_RESERVED and not k.startswith("score_")]
    attrs = {k: extra[k] if k in extra else props.get(k) for k in keys}
    if "score_keys" in props:
        scores = {k: props.get(f"score_{k}") for k in props["score_keys"]}
        scores.update(extra.get("__scores__", {}))
        attrs["scores"] = scores
    return attrs


def _actor_props(node: Mapping[str, Any]) -> dict[str, Any]:
    attrs = {k: v for k, v in node.items() if k != "id"}
    props: dict[str, Any] = {"id": node["id"]}
    scores = attrs.pop("scores", None)
    extra_scores: dict[str, Any] = {}
    if isinstance(scores, Mapping):
        score_keys = []
        for k in sorted(scores):
            score_keys.append(k)
            v = scores[k]
            if v is None:
                continue
            if _kind(v) in ("int", "float", "bool", "str") and f"score_{k}" not in attrs:
                props[f"score_{k}"] = v
            else:
                extra_scores[k] = v
        props["score_keys"] = score_keys
    elif scores is not None:
        attrs["scores"] = scores  # not a mapping: kept as any other attribute
    _encode(attrs, _NODE_RESERVED | {k for k in props if k.startswith("score_")}, props)
    if extra_scores:
        extra = json.loads(props.get("extra_json", "{}"))
        extra["__scores__"] = extra_scores
        props["extra_json"] = _compact_json(extra)
    props.setdefault("name", str(node["id"]))
    return props


def _relation_props(edge: Mapping[str, Any], dataset: str, doc_dates: Mapping[str, str]) -> dict[str, Any]:
    rel = RELATION_TYPES[edge["type"]]
    evidence = edge.get("evidence") or []
    dates = edge_dates(edge, doc_dates)
    props: dict[str, Any] = {
        "dataset": dataset,
        "weight": int(edge.get("weight") or 0),
        "evidence_count": len(evidence),
        "stated": rel.stated,
        "symmetric": rel.symmetric,
        "sentences": [str(e.get("sentence") or "") for e in evidence],
        "docs": [str(e.get("doc") or "") for e in evidence],
        "methods": [str(e.get("method") or "") for e in evidence],
        "starts": [int(e.get("start") or 0) for e in evidence],
        "ends": [int(e.get("end") or 0) for e in evidence],
        "dates": dates,
        "evidence_json": _compact_json(evidence),
    }
    if dates:
        props["first_date"], props["last_date"] = dates[0], dates[-1]
    others = {k: v for k, v in edge.items() if k not in ("source", "target", "type", "weight", "evidence")}
    if others:
        _encode(others, _REL_RESERVED, props)
    return props


def _chunks(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _check_dataset(dataset: str) -> str:
    if not isinstance(dataset, str) or not dataset.strip() or len(dataset) > 200:
        raise Neo4jError(f"invalid dataset name {dataset!r}: a non-empty name of at most 200 characters")
    return dataset


# --------------------------------------------------------------------------- batches (pure)

def _actor_statement(label: str) -> str:
    others = [x for x in _all_labels() if x != label]
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (a:{ACTOR} {{id: row.id}})\n"
        "WITH a, row, coalesce(a.datasets, []) AS ds\n"
        "SET a = row.props\n"
        "SET a.datasets = CASE WHEN $dataset IN ds THEN ds ELSE ds + $dataset END\n"
        f"REMOVE a:{':'.join(others)}\n"
        f"SET a:{label}"
    )


_DATASET_STATEMENT = (
    f"MERGE (s:{DATASET} {{name: $dataset}})\n"
    "SET s.meta = $meta, s.documents = $documents"
)
_DOCUMENT_STATEMENT = (
    "UNWIND $rows AS row\n"
    f"MERGE (d:{DOCUMENT} {{id: row.id}})\n"
    "WITH d, row, coalesce(d.datasets, []) AS ds\n"
    "SET d = row.props\n"
    "SET d.datasets = CASE WHEN $dataset IN ds THEN ds ELSE ds + $dataset END"
)
# Documents named by an actor but absent from the document list: a bare node, whose
# properties (if another dataset gave it some) are left alone.
_STUB_DOCUMENT_STATEMENT = (
    "UNWIND $rows AS row\n"
    f"MERGE (d:{DOCUMENT} {{id: row.id}})\n"
    "ON CREATE SET d.stub = true\n"
    "WITH d, coalesce(d.datasets, []) AS ds\n"
    "SET d.datasets = CASE WHEN $dataset IN ds THEN ds ELSE ds + $dataset END"
)
_MENTIONS_STATEMENT = (
    "UNWIND $rows AS row\n"
    f"MATCH (d:{DOCUMENT} {{id: row.doc}})\n"
    f"MATCH (a:{ACTOR} {{id: row.actor}})\n"
    f"MERGE (d)-[m:{MENTIONS} {{dataset: $dataset}}]->(a)"
)


def _relation_statement(rel_type: str) -> str:
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (s:{ACTOR} {{id: row.source}})\n"
        f"MATCH (t:{ACTOR} {{id: row.target}})\n"
        f"MERGE (s)-[r:{rel_type} {{dataset: $dataset}}]->(t)\n"
        "SET r = row.props"
    )


SWEEP_RELATIONS = (
    f"MATCH (s:{ACTOR})-[r]->(t:{ACTOR})\n"
    "WHERE r.dataset = $dataset AND NOT (s.id + $sep + type(r) + $sep + t.id) IN $keys\n"
    "DELETE r"
)
SWEEP_MENTIONS = (
    f"MATCH (d:{DOCUMENT})-[m:{MENTIONS}]->(a:{ACTOR})\n"
    "WHERE m.dataset = $dataset AND NOT (d.id + $sep + a.id) IN $keys\n"
    "DELETE m"
)
SWEEP_ACTORS = (
    f"MATCH (a:{ACTOR})\n"
    "WHERE $dataset IN a.datasets AND NOT a.id IN $ids\n"
    "SET a.datasets = [x IN a.datasets WHERE x <> $dataset]\n"
    "WITH a WHERE size(a.datasets) = 0\n"
    "DETACH DELETE a"
)
SWEEP_DOCUMENTS = (
    f"MATCH (d:{DOCUMENT})\n"
    "WHERE $dataset IN d.datasets AND NOT d.id IN $ids\n"
    "SET d.datasets = [x IN d.datasets WHERE x <> $dataset]\n"
    "WITH d WHERE size(d.datasets) = 0\n"
    "DETACH DELETE d"
)


def build_batches(G: nx.MultiDiGraph, *, dataset: str = DEFAULT_DATASET,
                  batch_size: int = DEFAULT_BATCH_SIZE) -> list[tuple[str, dict[str, Any]]]:
    """The Cypher statements that make a Neo4j database hold ``G`` as dataset ``dataset``.

    Each item is ``(cypher, params)``, meant to run in its own transaction, in order: the
    schema (constraints, full-text index), the dataset node, documents, actors (one statement
    per type label), mentions, relations (one statement per relationship type), then the
    sweeps that remove what vanished from this dataset. Every value from the graph is in
    ``params``; the Cypher text holds only labels and types from :mod:`maillage.schema`.
    ``G`` is not modified.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph.
    dataset : str
        Name of the dataset in Neo4j (relationships carry it, nodes list it).
    batch_size : int
        Rows per ``UNWIND`` statement (and so per transaction).

    Returns
    -------
    list of (str, dict)
        The statements and their parameters.

    Raises
    ------
    SchemaError
        If an actor or relation type is outside the schema.
    Neo4jError
        If ``dataset`` or ``batch_size`` is invalid.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(documents=[])
    >>> G.add_node("a", name="A", type="city")
    >>> G.add_node("b", name="B", type="region")
    >>> _ = G.add_edge("a", "b", key="part_of", type="part_of", evidence=[])
    >>> [c.splitlines()[-1] for c, p in build_batches(G, dataset="d", batch_size=10) if "rows" in p]
    ['SET a:City', 'SET a:Region', 'SET r = row.props']
    """
    _check_dataset(dataset)
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise Neo4jError(f"invalid batch size {batch_size!r}: a positive integer")
    data = graph_to_data(G)
    doc_dates = document_dates(G)
    out: list[tuple[str, dict[str, Any]]] = [(s, {}) for s in SCHEMA_STATEMENTS]
    out.append((AWAIT_INDEXES, {}))

    docs = [d for d in data["documents"] if d.get("id") is not None]
    listed = sorted({str(d["id"]) for d in docs})
    out.append((_DATASET_STATEMENT, {"dataset": dataset, "meta": _compact_json(data["meta"]),
                                     "documents": listed}))
    doc_rows = [{"id": did, "props": props} for did, props in document_props(docs)]  # (one per id of listed)
    for chunk in _chunks(doc_rows, batch_size):
        out.append((_DOCUMENT_STATEMENT, {"rows": chunk, "dataset": dataset}))
    stub_ids = sorted({str(doc) for n in data["nodes"] for doc in n.get("documents") or []} - set(listed))
    for chunk in _chunks([{"id": i} for i in stub_ids], batch_size):
        out.append((_STUB_DOCUMENT_STATEMENT, {"rows": chunk, "dataset": dataset}))

    by_label: dict[str, list[dict[str, Any]]] = {}
    for node in data["nodes"]:
        label = _label(str(node.get("type", "")))
        by_label.setdefault(label, []).append({"id": node["id"], "props": _actor_props(node)})
    for label in sorted(by_label):
        statement = _actor_statement(label)
        for chunk in _chunks(by_label[label], batch_size):
            out.append((statement, {"rows": chunk, "dataset": dataset}))

    mentions = sorted({(str(doc), node["id"]) for node in data["nodes"] for doc in node.get("documents") or []})
    for chunk in _chunks([{"doc": d, "actor": a} for d, a in mentions], batch_size):
        out.append((_MENTIONS_STATEMENT, {"rows": chunk, "dataset": dataset}))

    by_type: dict[str, list[dict[str, Any]]] = {}
    keys = []
    for edge in data["edges"]:
        rel_type = _rel_type(edge["type"])
        by_type.setdefault(rel_type, []).append(
            {"source": edge["source"], "target": edge["target"],
             "props": _relation_props(edge, dataset, doc_dates)})
        keys.append(f"{edge['source']}{_SEP}{rel_type}{_SEP}{edge['target']}")
    for rel_type in sorted(by_type):
        statement = _relation_statement(rel_type)
        for chunk in _chunks(by_type[rel_type], batch_size):
            out.append((statement, {"rows": chunk, "dataset": dataset}))

    out.append((SWEEP_RELATIONS, {"dataset": dataset, "sep": _SEP, "keys": sorted(keys)}))
    out.append((SWEEP_MENTIONS, {"dataset": dataset, "sep": _SEP, "keys": [f"{d}{_SEP}{a}" for d, a in mentions]}))
    out.append((SWEEP_ACTORS, {"dataset": dataset, "ids": [n["id"] for n in data["nodes"]]}))
    out.append((SWEEP_DOCUMENTS, {"dataset": dataset, "ids": sorted(set(listed) | set(stub_ids))}))
    return out


# --------------------------------------------------------------------------- the driver layer

def connection_options(uri: str | None = None, user: str | None = None, password: str | None = None,
                       database: str | None = None) -> dict[str, str | None]:
    """Connection settings: the given values, else NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
    NEO4J_DATABASE (the variables cypher-shell reads), else the defaults (``bolt://localhost:7687``,
    ``neo4j``, no password, the server's default database)."""
    import os

    return {
        "uri": uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
        "user": user or os.environ.get("NEO4J_USERNAME") or DEFAULT_USER,
        "password": password if password is not None else os.environ.get("NEO4J_PASSWORD"),
        "database": database or os.environ.get("NEO4J_DATABASE") or None,
    }


def _first_line(text: str) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line[:300]


def map_error(exc: BaseException, *, uri: str, user: str, database: str | None) -> Neo4jError | None:
    """The :class:`Neo4jError` (one line, what to do) for a driver error, or None if not one."""
    from neo4j import exceptions as ne

    db = database or "the default database"
    if isinstance(exc, ne.AuthError):
        return Neo4jError(f"authentication failed for user {user!r} at {uri}: check --user "
                          "(NEO4J_USERNAME) and the password (NEO4J_PASSWORD); not retried")
    if isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired)):
        return Neo4jError(f"cannot reach Neo4j at {uri}: is the server running? (start one with "
                          "scripts/neo4j-local.sh start, or give --uri / NEO4J_URI)")
    if isinstance(exc, ne.ConfigurationError) or (isinstance(exc, ValueError) and "URI" in str(exc)):
        return Neo4jError(f"invalid Neo4j URI {uri!r}: use bolt://HOST:7687 or neo4j://HOST:7687 ({_first_line(str(exc))})")
    if isinstance(exc, ne.Neo4jError):
        code = exc.code or ""
        msg = _first_line(exc.message or str(exc))
        if code.endswith("DatabaseNotFound") or "database does not exist" in msg.lower():
            return Neo4jError(f"database {database!r} does not exist at {uri}: create it (Enterprise: "
                              "CREATE DATABASE) or give an existing one with --database / NEO4J_DATABASE")
        if code.endswith("Security.Forbidden") or code.endswith("Security.AuthorizationExpired"):
            return Neo4jError(f"user {user!r} may not do this on {db} at {uri} ({msg}): ask an admin to grant "
                              "it, or to create the constraints and index once (maillage export cypher writes them)")
        if code.startswith("Neo.ClientError.Statement"):
            return Neo4jError(f"Cypher error ({code.rsplit('.', 1)[-1]}): {msg}")
        if code.startswith("Neo.ClientError.Schema"):
            return Neo4jError(f"schema conflict on {db} at {uri} ({msg}): an existing constraint or "
                              "index clashes with maillage's; drop it or use another database")
        return Neo4jError(f"Neo4j error {code or type(exc).__name__} at {uri}: {msg}")
    if isinstance(exc, ne.DriverError):
        return Neo4jError(f"Neo4j driver error at {uri}: {_first_line(str(exc)) or type(exc).__name__}")
    if isinstance(exc, OSError):
        return Neo4jError(f"cannot reach Neo4j at {uri}: {exc.strerror or exc}")
    return None


@contextmanager
def _errors(uri: str, user: str, database: str | None) -> Iterator[None]:
    try:
        yield
    except Neo4jError:
        raise
    except Exception as exc:
        mapped = map_error(exc, uri=uri, user=user, database=database)
        if mapped is None:
            raise
        raise mapped from None


@contextmanager
def _connect(uri: str | None, user: str | None, password: str | None, database: str | None,
             max_retry_time: float) -> Iterator[tuple[Any, dict[str, Any]]]:
    """An open driver whose credentials and database have been checked."""
    from neo4j import GraphDatabase

    opts = connection_options(uri, user, password, database)
    scheme = str(opts["uri"]).partition("://")[0].lower()
    if scheme not in _BOLT_SCHEMES:
        raise Neo4jError(f"invalid Neo4j URI {opts['uri']!r}: use bolt://HOST:7687 or neo4j://HOST:7687 "
                         "(maillage talks Bolt; the HTTP port 7474 is for Neo4j Browser)")
    if opts["password"] is None:
        raise Neo4jError("no Neo4j password: set NEO4J_PASSWORD (the CLI asks for it when missing)")
    with _errors(str(opts["uri"]), str(opts["user"]), opts["database"]):
        driver = GraphDatabase.driver(str(opts["uri"]), auth=(str(opts["user"]), str(opts["password"])),
                                      max_transaction_retry_time=max_retry_time, connection_timeout=15.0,
                                      user_agent="maillage", notifications_min_severity="OFF")
        try:
            driver.verify_connectivity()
            with driver.session(database=opts["database"]) as session:
                session.execute_read(lambda tx: tx.run("RETURN 1").consume())
            yield driver, opts
        finally:
            driver.close()


def _counters(summary: Any) -> dict[str, int]:
    c = summary.counters
    return {k: int(getattr(c, k)) for k in ("nodes_created", "nodes_deleted", "relationships_created",
                                              "relationships_deleted", "properties_set", "labels_added",
                                              "labels_removed", "constraints_added", "indexes_added")}


def _write(tx: Any, cypher: str, params: dict[str, Any]) -> dict[str, int]:
    return _counters(tx.run(cypher, params).consume())


def push_graph(G: nx.MultiDiGraph, *, uri: str | None = None, user: str | None = None,
               password: str | None = None, database: str | None = None,
               dataset: str = DEFAULT_DATASET, batch_size: int = DEFAULT_BATCH_SIZE,
               progress: Callable[[int, int], None] | None = None,
               max_retry_time: float = 30.0) -> dict[str, Any]:
    """Load ``G`` into Neo4j as dataset ``dataset``; idempotent.

    The batches of :func:`build_batches` run in order, one managed write transaction each
    (``session.execute_write``: the driver retries transient failures for up to
    ``max_retry_time`` seconds; every batch is a ``MERGE``, so a retried or re-run batch
    creates nothing twice). A push interrupted half-way leaves a partial dataset that the next
    push completes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph (not modified).
    uri, user, password, database : str, optional
        Connection; missing ones come from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
        NEO4J_DATABASE (see :func:`connection_options`).
    dataset : str
        Dataset name.
    batch_size : int
        Rows per transaction.
    progress : callable, optional
        Called as ``progress(done, total)`` after each batch.
    max_retry_time : float
        Seconds the driver keeps retrying a failing transaction.

    Returns
    -------
    dict
        ``dataset``, ``database``, ``nodes``, ``relationships``, ``documents`` (of the graph),
        ``batches``, ``seconds`` and the summed counters of Neo4j (``nodes_created``,
        ``relationships_created``, ``relationships_deleted``, ``nodes_deleted``,
        ``properties_set``, …).

    Raises
    ------
    Neo4jError
        Server down, wrong credentials (not retried), missing database, missing privilege.
    """
    batches = build_batches(G, dataset=dataset, batch_size=batch_size)
    t0 = time.perf_counter()
    totals: dict[str, int] = {}
    with _connect(uri, user, password, database, max_retry_time) as (driver, opts):
        with _errors(str(opts["uri"]), str(opts["user"]), opts["database"]):
            with driver.session(database=opts["database"]) as session:
                for i, (cypher, params) in enumerate(batches, 1):
                    counts = session.execute_write(_write, cypher, params)
                    for k, v in counts.items():
                        totals[k] = totals.get(k, 0) + v
                    if progress is not None:
                        progress(i, len(batches))
    return {"dataset": dataset, "database": opts["database"] or "(default)",
            "nodes": G.number_of_nodes(), "relationships": G.number_of_edges(),
            "documents": len(G.graph.get("documents") or []), "batches": len(batches),
            "seconds": round(time.perf_counter() - t0, 3), **totals}


def _read(tx: Any, cypher: str, params: dict[str, Any]) -> list[Any]:
    return list(tx.run(cypher, params))


def pull_graph(*, uri: str | None = None, user: str | None = None, password: str | None = None,
               database: str | None = None, dataset: str = DEFAULT_DATASET) -> nx.MultiDiGraph:
    """Read dataset ``dataset`` back from Neo4j as the networkx model.

    For a dataset written by :func:`push_graph`, ``graph_to_data(pull_graph(...))`` equals
    ``graph_to_data(G)``: documents, nodes with all their attributes, edges with their
    evidence, and the graph's meta.

    Raises
    ------
    Neo4jError
        Connection problems (see :func:`push_graph`), or no such dataset in the database.
    """
    _check_dataset(dataset)
    with _connect(uri, user, password, database, 30.0) as (driver, opts):
        with _errors(str(opts["uri"]), str(opts["user"]), opts["database"]):
            with driver.session(database=opts["database"]) as session:
                ds = session.execute_read(_read, f"MATCH (s:{DATASET} {{name: $dataset}}) RETURN s", {"dataset": dataset})
                if not ds:
                    names = session.execute_read(_read, f"MATCH (s:{DATASET}) RETURN s.name AS name ORDER BY name", {})
                    known = ", ".join(r["name"] for r in names) or "none"
                    raise Neo4jError(f"no dataset {dataset!r} in {opts['database'] or 'the default database'} "
                                     f"at {opts['uri']} (datasets there: {known})")
                meta_node = ds[0]["s"]
                docs = session.execute_read(
                    _read, f"MATCH (d:{DOCUMENT}) WHERE d.id IN $ids RETURN properties(d) AS p",
                    {"ids": list(meta_node.get("documents") or [])})
                actors = session.execute_read(
                    _read, f"MATCH (a:{ACTOR}) WHERE $dataset IN a.datasets RETURN properties(a) AS p",
                    {"dataset": dataset})
                rels = session.execute_read(
                    _read, f"MATCH (s:{ACTOR})-[r]->(t:{ACTOR}) WHERE r.dataset = $dataset "
                           "RETURN s.id AS s, t.id AS t, type(r) AS type, properties(r) AS p",
                    {"dataset": dataset})
    by_cypher = {r.cypher: r.name for r in RELATION_TYPES.values()}
    data: dict[str, Any] = {
        "documents": [{"id": r["p"]["id"], **_decode(r["p"])} for r in docs],
        "nodes": [{"id": r["p"]["id"], **_decode(r["p"])} for r in actors],
        "edges": [],
        "meta": json.loads(meta_node.get("meta") or "{}"),
    }
    for r in rels:
        rel = by_cypher.get(r["type"])
        if rel is None:
            continue  # a relationship another tool added to this dataset: not part of the model
        p = r["p"]
        edge = {"source": r["s"], "target": r["t"], "type": rel,
                "evidence": json.loads(p.get("evidence_json") or "[]")}
        if "attr_keys" in p:
            edge.update(_decode(p))
        data["edges"].append(edge)
    return graph_from_data(data, path=f"neo4j dataset {dataset!r}")


def _plain(value: Any) -> Any:
    """Driver values as plain JSON-able Python: nodes and relationships as property maps."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes],
                "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return str(value)


def run_query(cypher: str, params: Mapping[str, Any] | None = None, *, uri: str | None = None,
              user: str | None = None, password: str | None = None,
              database: str | None = None) -> list[dict[str, Any]]:
    """Run one Cypher statement (parameters passed as parameters) and return its rows.

    Nodes come back as their property maps plus ``_labels``, relationships plus ``_type``,
    paths as ``{"nodes": [...], "relationships": [...]}``; temporal values as ISO strings.

    Raises
    ------
    Neo4jError
        Connection problems (see :func:`push_graph`) or a Cypher error (one line).
    """
    with _connect(uri, user, password, database, 30.0) as (driver, opts):
        with _errors(str(opts["uri"]), str(opts["user"]), opts["database"]):
            records, _summary, _keys = driver.execute_query(cypher, dict(params or {}),
                                                            database_=opts["database"])
    return [{k: _plain(v) for k, v in r.items()} for r in records]


# --------------------------------------------------------------------------- ready-made queries

def queries_text() -> str:
    """The packaged, commented ready-made queries (``maillage/exports/queries.cypher``)."""
    from importlib.resources import files

    return files("maillage.exports").joinpath("queries.cypher").read_text(encoding="utf-8")


def ready_queries() -> list[dict[str, str]]:
    """The ready-made queries, parsed: ``name``, ``description``, ``params`` (the Cypher map
    literal of example parameters, as written after ``:param``) and ``cypher`` (one statement,
    no final ``;``), in file order.

    Examples
    --------
    >>> [q["name"] for q in ready_queries()][:2]
    ['top_actors', 'network_members']
    """
    out = []
    for block in queries_text().split("// @name ")[1:]:
        name, _, rest = block.partition("\n")
        desc, params, cypher = [], "{}", []
        for line in rest.splitlines():
            if line.startswith("// :param "):
                params = line[len("// :param "):].strip()
            elif line.startswith("// ---"):
                continue
            elif line.startswith("//"):
                if not cypher:
                    desc.append(line[2:].strip())
            elif line.strip():
                cypher.append(line)
        out.append({"name": name.strip(), "description": " ".join(desc).strip(), "params": params,
                    "cypher": "\n".join(cypher).rstrip().rstrip(";")})
    return out


def write_queries(dest: str | Any) -> Any:
    """Write the ready-made queries to ``dest`` (atomically) and return its path."""
    from .._io import atomic_write_text

    return atomic_write_text(dest, queries_text())


__all__ = ["build_batches", "push_graph", "pull_graph", "run_query", "connection_options", "map_error",
           "queries_text", "ready_queries", "write_queries", "SCHEMA_STATEMENTS", "FULLTEXT_INDEX", "DEFAULT_DATASET", "DEFAULT_BATCH_SIZE"]
