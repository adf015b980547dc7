"""CSV tables for spreadsheets and Kumu-style tools: a folder of four files.

``nodes.csv``
    one row per actor: ``id, name, type`` then every other attribute (lists joined with
    ``|``, ``score_*``, ``document_count``, ``first_seen``, ``last_seen``…), sorted.
``edges.csv``
    one row per relation: ``source, target, source_name, target_name, type, label``,
    ``symmetric, stated, weight, evidence_count, first_date, last_date, docs, methods,
    sentence`` (the first evidence sentence), then any other attribute.
``evidence.csv``
    one row per evidence: the relation (``source, target, type``), the document (``doc,
    doc_title, doc_path``), ``date, lang, method, start, end, sentence``.
``documents.csv``
    the documents the graph was built from: ``id, path, title, lang, date, format``.

Encoding: UTF-8 **with a byte-order mark** by default. The tables are read by people in
spreadsheets first, and Excel opens a BOM-less UTF-8 CSV as Windows-1252 (every accent of
"Cités Unies France" garbled) while it detects UTF-8 from the BOM; LibreOffice, Google
Sheets, pandas and Python's ``encoding="utf-8-sig"`` all accept the BOM. ``bom=False``
writes plain UTF-8 for tools that would keep the BOM in the first header. Fields are
separated by ``,`` (RFC 4180; ``delimiter=";"`` suits a French Excel), quoted when needed,
rows end with CRLF.

Cells whose text starts with ``= + - @``, a tab or a carriage return get a leading ``'``
so a spreadsheet shows them instead of running them as formulas (CSV injection).

Examples
--------
>>> import tempfile, pathlib, csv, networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", name="=cmd|' /C calc'!A0", type="city")
>>> out = write_csv(G, pathlib.Path(tempfile.mkdtemp()) / "csv")
>>> [p.name for p in out]
['nodes.csv', 'edges.csv', 'evidence.csv', 'documents.csv']
>>> next(csv.DictReader(out[0].open(encoding="utf-8-sig", newline="")))["name"]
"'=cmd|' /C calc'!A0"
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from .._io import atomic_write_bytes
from ..errors import ExportError
from .sanitize import LIST_SEP, csv_cell, document_dates, evidence_date, flat_edge, flat_node, sanitize_graph

NODE_LEAD = ("id", "name", "type")
EDGE_LEAD = ("source", "target", "source_name", "target_name", "type", "label", "symmetric",
             "stated", "weight", "evidence_count", "first_date", "last_date", "docs", "methods",
             "sentence")
EVIDENCE_COLUMNS = ("source", "target", "type", "doc", "doc_title", "doc_path", "date", "lang",
                    "method", "start", "end", "sentence")
DOCUMENT_COLUMNS = ("id", "path", "title", "lang", "date", "format")


def _columns(lead: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> list[str]:
    seen: set[str] = set()
    for row in rows:
        seen.update(row)
    return list(lead) + sorted(seen - set(lead))


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], *, bom: bool = True,
              delimiter: str = ",") -> bytes:
    """A CSV table as bytes: header, then one inert row per mapping (missing keys empty)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8")


Table = tuple[list[str], list[dict[str, Any]]]


def csv_tables(G: nx.MultiDiGraph, *, list_sep: str = LIST_SEP) -> dict[str, Table]:
    """The four tables (file name -> (columns, rows)) before CSV encoding; ``G`` is cleaned first."""
    H = sanitize_graph(G)
    dates = document_dates(H)
    docs = {str(d.get("id")): d for d in H.graph.get("documents") or [] if isinstance(d, Mapping)}
    names = {n: H.nodes[n].get("name") for n in H.nodes}

    node_rows = [{"id": n, **flat_node(H, n, sep=list_sep, doc_dates=dates)} for n in sorted(H.nodes)]
    edge_rows: list[dict[str, Any]] = []
    evidence_rows: list[dict[str, Any]] = []
    for s, t, k in sorted(H.edges(keys=True), key=lambda e: (e[0], e[1], e[2])):
        row = flat_edge(H, s, t, k, sep=list_sep, doc_dates=dates)
        edge_rows.append({"source": s, "target": t, "source_name": names[s], "target_name": names[t], **row})
        for ev in H.edges[s, t, k].get("evidence") or []:
            if not isinstance(ev, Mapping):
                continue
            doc = docs.get(str(ev.get("doc")), {})
            evidence_rows.append({
                "source": s, "target": t, "type": row["type"], "doc": ev.get("doc"),
                "doc_title": doc.get("title"), "doc_path": doc.get("path"),
                "date": evidence_date(ev, dates), "lang": ev.get("lang"), "method": ev.get("method"),
                "start": ev.get("start"), "end": ev.get("end"), "sentence": ev.get("sentence")})
    doc_rows = sorted((dict(d) for d in docs.values()), key=lambda d: (str(d.get("path")), str(d.get("id"))))
    return {
        "nodes.csv": (_columns(NODE_LEAD, node_rows), node_rows),
        "edges.csv": (_columns(EDGE_LEAD, edge_rows), edge_rows),
        "evidence.csv": (list(EVIDENCE_COLUMNS), evidence_rows),
        "documents.csv": (list(DOCUMENT_COLUMNS), doc_rows),
    }


def write_csv(G: nx.MultiDiGraph, dest: str | Path, *, bom: bool = True, delimiter: str = ",",
              list_sep: str = LIST_SEP) -> list[Path]:
    """Write ``nodes.csv``, ``edges.csv``, ``evidence.csv`` and ``documents.csv`` into folder ``dest``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph; it is cleaned (not modified) before writing.
    dest : str or Path
        Destination folder (created; existing files of the same names are replaced).
    bom : bool
        Start each file with a UTF-8 byte-order mark (for Excel; see the module docstring).
    delimiter : str
        Field separator, one character (``,`` or ``;`` or a tab).
    list_sep : str
        Separator of joined lists (aliases, documents, evidence docs).

    Returns
    -------
    list of Path
        The files written (atomically), in the order above.
    """
    if len(delimiter) != 1 or delimiter in ('"', "\r", "\n") or delimiter == list_sep:
        raise ExportError(f"bad CSV delimiter {delimiter!r}: one character, not a quote, newline "
                          f"or the list separator {list_sep!r}")
    folder = Path(dest)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: the CSV export writes a folder, and this is a file")
    out = []
    for name, (columns, rows) in csv_tables(G, list_sep=list_sep).items():
        out.append(atomic_write_bytes(folder / name, csv_bytes(columns, rows, bom=bom, delimiter=delimiter)))
    return out
