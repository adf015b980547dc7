"""Tables of known relations: CSV and JSON.

Columns (CSV) or keys (JSON objects): ``source``, ``type``, ``target`` (required) and
``evidence``, ``date``, ``url``, ``source_type``, ``target_type`` (optional). Relation types
are the stated types of :mod:`maillage.schema`, matched case-insensitively with spaces or
hyphens for underscores (``MEMBER_OF``, ``member of`` and ``member-of`` are ``member_of``).
One bad row makes the whole file skipped, with a reason that names the row (CSV rows are
numbered as in a spreadsheet, the header being row 1; JSON items from 1).

Each record of ``Document.records`` has all the keys above (None when absent), plus
``row`` (its row or item number) and ``start``/``end``: the offsets of its evidence in
``Document.text``, which is the evidence sentences, one per line (None without evidence).

Examples
--------
>>> normalise_relation_type("Member Of")
'member_of'
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from ..errors import LoaderError
from ..model import Document
from ..schema import NODE_TYPES, STATED_RELATION_TYPES
from .base import make_document, read_bytes
from .encoding import decode_bytes
from .meta import parse_date

REQUIRED = ("source", "type", "target")
OPTIONAL = ("evidence", "date", "url", "source_type", "target_type")
COLUMNS = REQUIRED + OPTIONAL
#: Other header names accepted for the columns.
_ALIASES = {"relation": "type", "relation_type": "type", "from": "source", "to": "target",
            "sentence": "evidence", "quote": "evidence", "link": "url"}


def normalise_relation_type(value: str) -> str | None:
    """The schema name of a relation type written in any case, or None if it is not one."""
    key = re.sub(r"[\s\-]+", "_", (value or "").strip().lower())
    return key if key in STATED_RELATION_TYPES else None


def _normalise_node_type(value: str) -> str | None:
    key = re.sub(r"[\s\-]+", "_", (value or "").strip().lower())
    return key if key in NODE_TYPES else None


def _column(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").lower())
    return _ALIASES.get(key, key)


def _date(value: str) -> str | None:
    """Full dates become ISO; a year or year-month is kept as it is (ISO reduced precision)."""
    v = value.strip()
    if re.fullmatch(r"(?:1[89]|2[01])\d\d(?:-(?:0[1-9]|1[0-2]))?", v):
        return v
    return parse_date(v)


def _record(raw: dict[str, Any], where: str, path: Path) -> dict[str, Any] | None:
    """Validate one row; None for an entirely empty row."""
    values: dict[str, str | None] = {}
    for key, value in raw.items():
        if key is None:
            continue
        col = _column(str(key))
        if col in COLUMNS:
            text = "" if value is None else str(value).strip()
            values[col] = text or None
    if not any(values.values()):
        return None
    rec: dict[str, Any] = {c: values.get(c) for c in COLUMNS}
    for col in ("source", "target"):
        if not rec[col]:
            raise LoaderError(path, f"empty {col} on {where}")
    raw_type = rec["type"] or ""
    rtype = normalise_relation_type(raw_type)
    if rtype is None:
        if not raw_type:
            raise LoaderError(path, f"empty relation type on {where}")
        raise LoaderError(path, f"unsupported relation type '{raw_type}' on {where}")
    rec["type"] = rtype
    for col in ("source_type", "target_type"):
        if rec[col]:
            nt = _normalise_node_type(rec[col])
            if nt is None:
                raise LoaderError(path, f"unsupported actor type '{rec[col]}' in {col} on {where}")
            rec[col] = nt
    if rec["date"]:
        d = _date(rec["date"])
        if d is None:
            raise LoaderError(path, f"unreadable date '{rec['date']}' on {where}")
        rec["date"] = d
    return rec


def _document(path: Path, root: Path, data: bytes, records: list[dict[str, Any]], fmt: str,
              meta: dict[str, Any]) -> Document:
    if not records:
        raise LoaderError(path, "table has no relation rows")
    lines: list[str] = []
    pos = 0
    for rec in records:
        ev = rec["evidence"]
        if ev:
            ev = " ".join(ev.split())
            rec["evidence"] = ev
            rec["start"], rec["end"] = pos, pos + len(ev)
            lines.append(ev)
            pos += len(ev) + 1
        else:
            rec["start"] = rec["end"] = None
    text = "\n".join(lines)
    meta = {**meta, "rows": len(records)}
    return make_document(path, root, data, text, fmt, title=path.stem, meta=meta, records=records,
                         dated=False)


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.split("\n")[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        header = text.split("\n", 1)[0]
        counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def load_csv(path: Path, root: Path) -> Document:
    """Load a CSV table of relations (delimiter sniffed among ``,`` ``;`` tab and ``|``)."""
    data = read_bytes(path)
    text, enc = decode_bytes(data, path)
    delim = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise LoaderError(path, "CSV has no header row") from None
    cols = [_column(h) for h in header]
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise LoaderError(path, "CSV has no 'source'/'type'/'target' columns"
                          + (f" (missing: {', '.join(missing)})" if len(missing) < 3 else ""))
    records: list[dict[str, Any]] = []
    ignored = sorted({h.strip() for h, c in zip(header, cols) if c not in COLUMNS and h.strip()})
    try:
        for row in reader:
            line = reader.line_num  # spreadsheet row number (the header is row 1)
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(cols) and any(c.strip() for c in row[len(cols):]):
                raise LoaderError(path, f"row {line} has {len(row)} cells for {len(cols)} columns")
            rec = _record(dict(zip(cols, row)), f"row {line}", path)
            if rec is not None:
                rec["row"] = line
                records.append(rec)
    except csv.Error as exc:
        raise LoaderError(path, f"malformed CSV on row {reader.line_num}: {exc}") from None
    meta: dict[str, Any] = {"encoding": enc, "delimiter": delim}
    if ignored:
        meta["ignored_columns"] = ignored
    return _document(path, root, data, records, "csv", meta)


def load_json(path: Path, root: Path) -> Document:
    """Load a JSON table of relations: a list of objects, or ``{"relations": [...]}``."""
    data = read_bytes(path)
    text, enc = decode_bytes(data, path)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoaderError(path, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    items = obj.get("relations") if isinstance(obj, dict) else obj
    if not isinstance(items, list):
        raise LoaderError(path, 'JSON must be a list of relations or {"relations": [...]}')
    records: list[dict[str, Any]] = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise LoaderError(path, f"item {i} is not an object")
        missing = [c for c in REQUIRED if c not in {_column(str(k)) for k in item}]
        if missing:
            raise LoaderError(path, f"item {i} has no {'/'.join(missing)}")
        rec = _record(item, f"item {i}", path)
        if rec is not None:
            rec["row"] = i
            records.append(rec)
    return _document(path, root, data, records, "json", {"encoding": enc})
