"""A self-contained Cypher script of the graph, for cypher-shell or Neo4j Browser.

The script holds the very statements :func:`maillage.exports.neo4j.push_graph` sends (the
constraints, the full-text index, ``UNWIND [...] AS row MERGE ...`` batches, then the sweeps of
what vanished from the dataset) with the parameters written as Cypher literals: no ``:param``,
no driver. Every string is escaped (quotes, backslashes, control characters), map keys that are
not plain identifiers are back-quoted, and labels and relationship types come only from the
schema whitelists, so document text can never become Cypher code. Loading it twice gives the
same database; loading it into a database that already holds the same dataset makes it match
this graph, as a push does.

Load it with ``cypher-shell -u neo4j -d neo4j -f graph.cypher`` (or paste it into Neo4j
Browser with the multi-statement editor, for small graphs).

Examples
--------
>>> cypher_literal(["it's", 1, 2.5, None, {"a b": True}])
"['it\\\\'s', 1, 2.5, null, {`a b`: true}]"
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import networkx as nx

from .._io import atomic_write_text
from ..errors import ExportError
from .neo4j import DEFAULT_DATASET, build_batches

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _string(s: str) -> str:
    out = []
    for ch in s:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def _key(k: str) -> str:
    return k if _IDENT.match(k) else "`" + k.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """``value`` (None, bool, int, float, str, list, dict) as a Cypher literal.

    Raises
    ------
    ExportError
        For a value Cypher has no literal for (NaN, infinity, other objects).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"cannot write {value!r} in Cypher")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(str(k))}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise ExportError(f"cannot write a {type(value).__name__} value in Cypher")


def inline_params(cypher: str, params: dict[str, Any]) -> str:
    """Replace each ``$name`` of a maillage statement by the literal of ``params[name]``."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in params:
            raise ExportError(f"statement parameter ${name} has no value")
        return cypher_literal(params[name])

    return _PARAM.sub(sub, cypher)


def cypher_statements(G: nx.MultiDiGraph, *, dataset: str = DEFAULT_DATASET, batch_size: int = 500) -> list[str]:
    """The statements of the script (without the final ``;``), in order."""
    return [inline_params(c, p) for c, p in build_batches(G, dataset=dataset, batch_size=batch_size)]


def write_cypher(G: nx.MultiDiGraph, dest: str | Path, *, dataset: str = DEFAULT_DATASET,
                 batch_size: int = 500) -> Path:
    """Write ``G`` as a Cypher script that loads it into Neo4j 5 as dataset ``dataset``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph (not modified).
    dest : str or Path
        The .cypher file to write (atomically).
    dataset : str
        Dataset name in Neo4j (see :mod:`maillage.exports.neo4j`).
    batch_size : int
        Rows per ``UNWIND`` statement.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> G = nx.MultiDiGraph(documents=[])
    >>> G.add_node("a", name="O'Brien", type="person")
    >>> p = write_cypher(G, pathlib.Path(tempfile.mkdtemp()) / "g.cypher", dataset="demo")
    >>> "O\\\\'Brien" in p.read_text()
    True
    """
    statements = cypher_statements(G, dataset=dataset, batch_size=batch_size)
    header = [
        "// maillage graph as Cypher for Neo4j 5 (written by `maillage export cypher`).",
        f"// Dataset {dataset!r}: {G.number_of_nodes()} actors, {G.number_of_edges()} relations, "
        f"{len(G.graph.get('documents') or [])} documents.",
        "// Load: cypher-shell -a bolt://localhost:7687 -u neo4j -d neo4j -f THIS_FILE",
        "//   or paste into Neo4j Browser (multi-statement editor; fine for small graphs).",
        "// Each statement runs in its own transaction; running the script again changes nothing.",
        "// Model: (:Actor:<Type>)-[:MEMBER_OF|PARTNER_OF|...]->(:Actor), (:Document)-[:MENTIONS]->(:Actor);",
        "// see `maillage neo4j queries` for ready-made queries.",
        "",
    ]
    body = "\n\n".join(s + ";" for s in statements)
    return atomic_write_text(dest, "\n".join(header) + body + "\n")


__all__ = ["write_cypher", "cypher_statements", "cypher_literal", "inline_params"]
