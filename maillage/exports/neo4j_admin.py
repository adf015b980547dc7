"""Files for ``neo4j-admin database import full``: millions of rows loaded offline.

The folder holds one header file and one data file per node label and per relationship
type, an ``import.sh`` that runs the exact command, and a ``README.txt`` that shows it::

    nodes-Association.header.csv   id:ID(Actor),:LABEL,aliases:string[],…,name,score_pagerank:double,…
    nodes-Association.csv          k-cemr,Actor;Association,Council of European…,association,CEMR;CCRE,…
    nodes-Dataset.header.csv       name:ID(Dataset),:LABEL,documents:string[],meta
    nodes-Document.header.csv      id:ID(Document),:LABEL,attr_keys:string[],date,datasets:string[],…
    rels-MEMBER_OF.header.csv      :START_ID(Actor),:END_ID(Actor),:TYPE,weight:long,…
    rels-MENTIONS.header.csv       :START_ID(Document),:END_ID(Actor),:TYPE
    import.sh                      sh import.sh [DATABASE] [more neo4j-admin options]

The model is the one ``maillage neo4j push`` writes, built by the push's own encoders
(:mod:`maillage.exports.neo4j`), so an imported database is what a push of the same dataset
would have made, and later pushes and pulls work on it: every actor is ``:Actor`` plus the
label of its type, documents are ``:Document`` nodes linked to the actors they mention by
``MENTIONS``, a ``:Dataset`` node names the dataset, relations carry their schema type
(``MEMBER_OF``, ``PARTNER_OF``…) with ``weight``, ``evidence_count``, the evidence as
parallel arrays (``sentences``, ``docs``, ``methods``, ``starts``, ``ends``) and exactly as
``evidence_json``. Labels and relationship types come only from the whitelists of
:mod:`maillage.schema` (and the push's constants ``Actor``, ``Document``, ``Dataset``,
``MENTIONS``), never from document text. Symmetric relations are one relationship, as in
graph.json. Empty lists and empty strings are absent properties (neo4j-admin reads an empty
field as "no value").

Arrays are joined with ``array_delimiter`` (``;``, neo4j-admin's default); a delimiter
found inside an item is replaced by ``,`` (counted in the report) since neo4j-admin has no
escape for it (``evidence_json`` keeps the exact sentences). ``array_delimiter="\\x1f"``
(written ``U+001F`` in the command) is lossless: cleaning removes every such character.
Cells are RFC 4180 (quotes doubled, CRLF line ends), UTF-8 without BOM, and may span
lines, hence ``--multiline-fields=true``. neo4j-admin creates no constraint or index: the
README gives the statements to run after the import.

Examples
--------
>>> import tempfile, pathlib, networkx as nx
>>> G = nx.MultiDiGraph(documents=[])
>>> G.add_node("a", name="A", type="city", aliases=["A"], documents=[])
>>> out = write_neo4j_admin(G, pathlib.Path(tempfile.mkdtemp()))
>>> sorted(p.name for p in out)
['README.txt', 'import.sh', 'nodes-City.csv', 'nodes-City.header.csv', 'nodes-Dataset.csv', 'nodes-Dataset.header.csv']
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from .._io import atomic_write_bytes
from ..errors import ExportError
from ..graph.store import graph_to_data
from .sanitize import SanitizeReport, document_dates, sanitize_graph

# Labels and types that are not actor types or relations: the push model's constants.
ACTOR_LABEL = "Actor"
DOCUMENT_LABEL = "Document"
DATASET_LABEL = "Dataset"
MENTIONS = "MENTIONS"

_NAME_OK = re.compile(r"[^\w]")
_TYPES = {"boolean": "boolean", "int": "long", "long": "long", "double": "double", "string": "string"}
_RESERVED = {"id"}


def _prop_name(key: str) -> str:
    name = _NAME_OK.sub("_", key) or "_"
    return "_" + name if name[0].isdigit() else name


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "double"
    return "string"


def _merge_kind(a: str | None, b: str) -> str:
    if a is None or a == b:
        return b
    if {a, b} <= {"int", "double"}:
        return "double"
    return "string"


class _Props:
    """Collects typed property columns across rows (one type per column)."""

    def __init__(self) -> None:
        self.types: dict[str, str] = {}  # name -> kind or kind[]

    def flatten(self, data: Mapping[str, Any], skip: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in sorted(data, key=str):
            if key in skip:
                continue
            self._put(out, _prop_name(str(key)), data[key])
        return out

    def _put(self, out: dict[str, Any], name: str, value: Any) -> None:
        if name in _RESERVED or name in out:
            name = f"{name}_"
        if value is None or value == "" or value == [] or value == {}:
            return
        if isinstance(value, Mapping):
            for sk in sorted(value, key=str):
                prefix = "score" if name == "scores" else name
                self._put(out, f"{prefix}_{_prop_name(str(sk))}", value[sk])
            return
        if isinstance(value, list):
            items = [v for v in value if v is not None]
            if not items:
                return
            if any(isinstance(v, (list, Mapping)) for v in items):
                self._put(out, name, json.dumps(items, ensure_ascii=False, sort_keys=True, allow_nan=False))
                return
            kind: str | None = None
            for v in items:
                kind = _merge_kind(kind, _kind(v))
            self._note(name, f"{kind}[]")
            out[name] = items
            return
        self._note(name, _kind(value))
        out[name] = value

    def _note(self, name: str, kind: str) -> None:
        old = self.types.get(name)
        if old is None:
            self.types[name] = kind
        elif old != kind:
            a_arr, b_arr = old.endswith("[]"), kind.endswith("[]")
            base = _merge_kind(old.rstrip("[]"), kind.rstrip("[]"))
            self.types[name] = base + ("[]" if a_arr or b_arr else "")

    def header(self, name: str) -> str:
        kind = self.types[name]
        if kind.endswith("[]"):
            return f"{name}:{_TYPES[kind[:-2]]}[]"
        return name if kind == "string" else f"{name}:{_TYPES[kind]}"


def _cell(value: Any, kind: str, delim: str, report: SanitizeReport) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        items = value if isinstance(value, list) else [value]
        parts = []
        for v in items:
            text = _scalar(v, kind[:-2])
            if delim in text:
                report.replaced_delimiters += text.count(delim)
                text = text.replace(delim, ",")
            parts.append(text)
        return delim.join(parts)
    if isinstance(value, list):  # a column that is an array elsewhere only
        return _cell(value, kind + "[]", delim, report)
    return _scalar(value, kind)


def _scalar(v: Any, kind: str) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if kind == "double" and isinstance(v, (int, float)):
        return repr(float(v))
    return str(v)


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    # CRLF line ends: the csv module then quotes every field holding a CR or a LF
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


@dataclass(frozen=True)
class ImportFile:
    """One header + data pair: ``kind`` is ``"nodes"`` or ``"relationships"``."""

    kind: str
    header: bytes
    data: bytes
    rows: int


def _file(kind: str, header: list[str], body: list[list[str]]) -> ImportFile:
    return ImportFile(kind, _csv([header]), _csv(body), len(body))


def _umask() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return old


def _rows_file(kind: str, id_columns: list[str], rows: list[tuple[list[str], dict[str, Any]]],
               props: _Props, delim: str, report: SanitizeReport) -> ImportFile:
    names = sorted({k for _ids, r in rows for k in r})
    header = id_columns + [props.header(k) for k in names]
    body = [ids + [_cell(r.get(k), props.types[k], delim, report) for k in names] for ids, r in rows]
    return _file(kind, header, body)


def neo4j_admin_files(G: nx.MultiDiGraph, *, documents: bool = True, array_delimiter: str = ";",
                      dataset: str | None = None,
                      report: SanitizeReport | None = None) -> dict[str, ImportFile]:
    """The import files, before writing: ``{base name: ImportFile}``, nodes first.

    Property maps come from the push's own encoders (:mod:`maillage.exports.neo4j`), so an
    imported database holds what ``maillage neo4j push --dataset DATASET`` would write.
    The files are ``<base>.header.csv`` and ``<base>.csv``. Delimiters replaced inside array
    items are counted in ``report`` (default: the cleaned graph's report). See
    :func:`write_neo4j_admin` for the options.
    """
    from . import neo4j as model  # the pure half of the push; the driver is not imported

    if len(array_delimiter) != 1 or array_delimiter in ',"\r\n':
        raise ExportError(f"bad array delimiter {array_delimiter!r}: one character, not a comma, "
                          "quote or newline")
    dataset = model.DEFAULT_DATASET if dataset is None else dataset
    if not isinstance(dataset, str) or not dataset.strip() or len(dataset) > 200:
        raise ExportError(f"invalid dataset name {dataset!r}: a non-empty name of at most 200 characters")
    H = sanitize_graph(G)
    rep = report if report is not None else (H.report or SanitizeReport())
    data = graph_to_data(H)
    doc_dates = document_dates(H)
    d = array_delimiter
    files: dict[str, ImportFile] = {}

    # the dataset node, as the push writes it
    docs = [x for x in data["documents"] if x.get("id") is not None]
    listed = sorted({str(x["id"]) for x in docs})
    sprops = _Props()
    srow = sprops.flatten({"meta": model._compact_json(data["meta"]), "documents": listed}, skip=set())
    files[f"nodes-{DATASET_LABEL}"] = _rows_file("nodes", [f"name:ID({DATASET_LABEL})", ":LABEL"],
                                                 [([dataset, DATASET_LABEL], srow)], sprops, d, rep)

    # documents (listed ones, then bare ones that actors name), and who mentions what
    if documents:
        dprops = _Props()
        drows: list[tuple[list[str], dict[str, Any]]] = []
        for did, props in model.document_props(docs):  # (one per id of listed)
            props["datasets"] = [dataset]
            drows.append(([did, DOCUMENT_LABEL], dprops.flatten(props, skip={"id"})))
        named = {str(x) for n in data["nodes"] for x in n.get("documents") or []}
        for did in sorted(named - set(listed)):
            drows.append(([did, DOCUMENT_LABEL],
                          dprops.flatten({"stub": True, "datasets": [dataset]}, skip=set())))
        if drows:
            files[f"nodes-{DOCUMENT_LABEL}"] = _rows_file(
                "nodes", [f"id:ID({DOCUMENT_LABEL})", ":LABEL"], drows, dprops, d, rep)

    # actors, one file per type label
    aprops = _Props()
    by_label: dict[str, list[tuple[list[str], dict[str, Any]]]] = {}
    for node in data["nodes"]:
        label = model._label(str(node.get("type", "")))
        props = model._actor_props(node)
        props["datasets"] = [dataset]
        by_label.setdefault(label, []).append(
            ([str(node["id"]), f"{ACTOR_LABEL}{d}{label}"], aprops.flatten(props, skip={"id"})))
    for label in sorted(by_label):
        files[f"nodes-{label}"] = _rows_file("nodes", [f"id:ID({ACTOR_LABEL})", ":LABEL"],
                                             by_label[label], aprops, d, rep)

    if documents:
        mentions = sorted({(str(x), str(n["id"])) for n in data["nodes"] for x in n.get("documents") or []})
        if mentions:
            mprops = _Props()
            mrows = [([doc, actor, MENTIONS], mprops.flatten({"dataset": dataset}, skip=set()))
                     for doc, actor in mentions]
            files[f"rels-{MENTIONS}"] = _rows_file(
                "relationships", [f":START_ID({DOCUMENT_LABEL})", f":END_ID({ACTOR_LABEL})", ":TYPE"],
                mrows, mprops, d, rep)

    # relations, one file per relationship type
    rprops = _Props()
    by_type: dict[str, list[tuple[list[str], dict[str, Any]]]] = {}
    for edge in data["edges"]:
        rel_type = model._rel_type(str(edge["type"]))
        props = model._relation_props(edge, dataset, doc_dates)
        by_type.setdefault(rel_type, []).append(
            ([str(edge["source"]), str(edge["target"]), rel_type], rprops.flatten(props, skip=set())))
    for rel_type in sorted(by_type):
        files[f"rels-{rel_type}"] = _rows_file(
            "relationships", [f":START_ID({ACTOR_LABEL})", f":END_ID({ACTOR_LABEL})", ":TYPE"],
            by_type[rel_type], rprops, d, rep)
    order = sorted(files, key=lambda b: (files[b].kind != "nodes", b))
    return {b: files[b] for b in order}


def import_command(files: Mapping[str, ImportFile], *, array_delimiter: str = ";",
                   database: str = "neo4j") -> list[str]:
    """The ``neo4j-admin database import full`` argument list for these files (run in their folder).

    The database comes right after ``full``, before the options: ``--nodes`` and
    ``--relationships`` take any number of values, so a database name after them would be
    read as one more file.

    Examples
    --------
    >>> import_command({}, database="graph")[:5]
    ['neo4j-admin', 'database', 'import', 'full', 'graph']
    """
    delim = array_delimiter if array_delimiter.isprintable() and array_delimiter != " " \
        else f"U+{ord(array_delimiter):04X}"
    args = ["neo4j-admin", "database", "import", "full", database, f"--array-delimiter={delim}",
            "--multiline-fields=true", "--id-type=string", "--input-encoding=UTF-8"]
    for base, f in files.items():
        args.append(f"--{f.kind}={base}.header.csv,{base}.csv")
    return args


def _script(args: list[str]) -> str:
    opts = " \\\n  ".join(shlex.quote(a) for a in args[5:])
    return f"""#!/bin/sh
# Load this folder into Neo4j 5 with neo4j-admin (written by maillage export --format neo4j-admin).
# The database must be stopped, or not exist yet; add --overwrite-destination to replace it.
# Usage: sh import.sh [DATABASE] [more neo4j-admin options]    (DATABASE defaults to {args[4]})
# neo4j-admin is taken from $NEO4J_HOME/bin when NEO4J_HOME is set, else from the PATH.
set -eu
cd "$(dirname "$0")"
DATABASE="${{1:-{args[4]}}}"
if [ "$#" -gt 0 ]; then shift; fi
"${{NEO4J_HOME:+$NEO4J_HOME/bin/}}neo4j-admin" database import full "$DATABASE" \\
  {opts} \\
  "$@"
"""


def _readme(args: list[str], counts: dict[str, int], schema: tuple[str, ...]) -> str:
    command = " ".join(shlex.quote(a) for a in args)
    lines = [
        "Bulk-import files for Neo4j 5, written by maillage (export --format neo4j-admin).",
        "",
        "Run, in this folder, with the Neo4j 5 server stopped (or `sh import.sh`):",
        "",
        f"    {command}",
        "",
        "Then start the server and create the constraints and the full-text index that",
        "`maillage neo4j push` uses (neo4j-admin creates none; the next push would create them too):",
        "",
        *(f"    {statement};" for statement in schema),
        "",
        "Rows per file:",
    ]
    lines += [f"    {name}: {n}" for name, n in counts.items()]
    return "\n".join(lines) + "\n"


def write_neo4j_admin(G: nx.MultiDiGraph, dest_dir: str | Path, *, documents: bool = True,
                      array_delimiter: str = ";", database: str = "neo4j",
                      dataset: str | None = None) -> list[Path]:
    """Write the neo4j-admin import files of ``G`` into folder ``dest_dir``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph; it is cleaned (not modified) before writing.
    dest_dir : str or Path
        Destination folder (created).
    documents : bool
        Also write the ``:Document`` nodes and their ``MENTIONS`` relationships.
    array_delimiter : str
        Array delimiter given to neo4j-admin (one character).
    database : str
        Database named in ``import.sh`` and the README (``neo4j`` is Community's only one).
    dataset : str, optional
        The dataset the data belongs to, as ``maillage neo4j push --dataset`` names it
        (default: the push's default), so that a later push updates the imported data.

    Returns
    -------
    list of Path
        Header and data files (nodes first, then relationships), ``import.sh``, ``README.txt``.

    Raises
    ------
    ExportError
        If ``dest_dir`` is a file or an option is invalid.
    SchemaError
        If an actor or relation type is outside the schema (labels are never built from text).
    """
    folder = Path(dest_dir)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: the neo4j-admin export writes a folder, and this is a file")
    from .neo4j import SCHEMA_STATEMENTS

    files = neo4j_admin_files(G, documents=documents, array_delimiter=array_delimiter, dataset=dataset)
    args = import_command(files, array_delimiter=array_delimiter, database=database)
    mask = _umask()
    out: list[Path] = []
    counts: dict[str, int] = {}
    for base, f in files.items():
        for name, content in ((f"{base}.header.csv", f.header), (f"{base}.csv", f.data)):
            out.append(atomic_write_bytes(folder / name, content))
            os.chmod(out[-1], 0o666 & ~mask)  # readable by the neo4j service user, like any file
        counts[f"{base}.csv"] = f.rows
    script = atomic_write_bytes(folder / "import.sh", _script(args).encode("utf-8"))
    os.chmod(script, 0o777 & ~mask)
    readme = atomic_write_bytes(folder / "README.txt",
                                _readme(args, counts, SCHEMA_STATEMENTS).encode("utf-8"))
    os.chmod(readme, 0o666 & ~mask)
    return out + [script, readme]

