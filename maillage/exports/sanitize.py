"""Values cleaned once, for every export format.

Document text is untrusted and arrives in every export: actor names, aliases, evidence
sentences, document titles. :func:`sanitize_graph` makes ONE cleaned copy of the graph that
every writer then uses:

- characters that XML 1.0 forbids (C0 controls other than tab, newline and carriage return,
  lone surrogates, U+FFFE and U+FFFF) are removed, and counted so the CLI can warn;
- NaN and infinities become ``None`` (missing), and are counted too;
- sets and tuples become lists (sets sorted), keys become strings.

The copy is a :class:`CleanGraph`, so a writer handed an already cleaned graph does not
clean (or count) twice. Per-format helpers then finish the job: :func:`flat_node` /
:func:`flat_edge` give one scalar per attribute (lists joined with ``"|"``, evidence summed
up, ``scores`` spread into numeric ``score_*`` attributes) for GraphML, GEXF and CSV;
:func:`csv_cell` makes spreadsheet formulas inert; JSON is written strict by
:func:`maillage._io.dumps_json`.

Examples
--------
>>> clean_text("CEMR\\x00\\x1b]]>")
('CEMR]]>', 2)
>>> csv_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> csv_cell(-1.5)
'-1.5'
>>> join_list(["CCRE", "CEMR"])
'CCRE|CEMR'
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from ..schema import RELATION_TYPES
from ..text import short_hash

#: Everything outside XML 1.0's ``Char`` production.
_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: Separator used where a format has no lists (GraphML, GEXF, CSV).
LIST_SEP = "|"

#: First characters that make a spreadsheet read a cell as a formula (or strip it).
CSV_FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")

#: Attribute keys of an edge that :func:`flat_edge` summarises itself.
_EDGE_OWN = frozenset({"type", "weight", "evidence"})

Scalar = str | int | float | bool


@dataclass
class SanitizeReport:
    """What cleaning changed: the CLI turns non-zero counts into warnings.

    Attributes
    ----------
    removed_chars : int
        Characters that XML 1.0 forbids, removed from ids, names, texts and keys.
    non_finite : int
        NaN / infinite numbers replaced by ``None`` (missing).
    renamed_ids : int
        Node ids that became empty or collided with another id once cleaned (suffixed).
    replaced_delimiters : int
        Array delimiters found inside array elements and replaced (neo4j-admin only).
    nodes, edges : int
        Size of the cleaned graph.
    """

    removed_chars: int = 0
    non_finite: int = 0
    renamed_ids: int = 0
    replaced_delimiters: int = 0
    nodes: int = 0
    edges: int = 0

    def to_dict(self) -> dict[str, int]:
        """The counts as a plain mapping (for ``--json``)."""
        return asdict(self)

    def warnings(self) -> list[str]:
        """One sentence per non-zero count, for the CLI to print on stderr.

        Examples
        --------
        >>> SanitizeReport(removed_chars=3).warnings()
        ['3 characters that XML 1.0 forbids were removed from names and texts']
        """
        texts = {
            "removed_chars": "characters that XML 1.0 forbids were removed from names and texts",
            "non_finite": "NaN or infinite numbers were written as missing values",
            "renamed_ids": "actor ids were renamed (empty or duplicate once cleaned)",
            "replaced_delimiters": "array delimiters inside values were replaced by ','",
        }
        return [f"{getattr(self, k)} {text}" for k, text in texts.items() if getattr(self, k)]

    def merge(self, other: SanitizeReport) -> None:
        """Add the counts of ``other`` (nodes/edges are taken, not added)."""
        self.removed_chars += other.removed_chars
        self.non_finite += other.non_finite
        self.renamed_ids += other.renamed_ids
        self.replaced_delimiters += other.replaced_delimiters
        self.nodes = other.nodes
        self.edges = other.edges


class CleanGraph(nx.MultiDiGraph):
    """A :class:`networkx.MultiDiGraph` whose values went through :func:`sanitize_graph`.

    ``report`` holds what cleaning changed (``None`` on copies made by networkx).
    """

    report: SanitizeReport | None = None


def clean_text(text: str) -> tuple[str, int]:
    """Remove the characters XML 1.0 forbids; return the text and how many were removed.

    Examples
    --------
    >>> clean_text("a\\ufffeb\\tc")
    ('ab\\tc', 1)
    """
    cleaned, count = _XML_FORBIDDEN.subn("", text)
    return cleaned, count


class _Cleaner:
    def __init__(self, report: SanitizeReport) -> None:
        self.report = report

    def text(self, value: str) -> str:
        cleaned, n = clean_text(value)
        self.report.removed_chars += n
        return cleaned

    def value(self, value: Any) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                self.report.non_finite += 1
                return None
            return float(value)
        if isinstance(value, Mapping):
            return {self.text(str(k)): self.value(v) for k, v in value.items()}
        if isinstance(value, (set, frozenset)):
            return sorted((self.value(v) for v in value), key=lambda x: (str(type(x)), str(x)))
        if isinstance(value, (list, tuple)):
            return [self.value(v) for v in value]
        if hasattr(value, "item") and callable(value.item):  # numpy scalars
            try:
                return self.value(value.item())
            except (TypeError, ValueError):
                pass
        return self.text(str(value))


def sanitize_graph(G: nx.MultiDiGraph) -> CleanGraph:
    """A cleaned deep copy of ``G`` (see the module docstring); ``G`` is not modified.

    A graph that is already a :class:`CleanGraph` with a report is returned as is.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The maillage graph (any networkx graph works; edges get keys if it has none).

    Returns
    -------
    CleanGraph
        The copy, with ``.report`` (a :class:`SanitizeReport`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", name="A\\x07", scores={"pagerank": float("nan")})
    >>> H = sanitize_graph(G)
    >>> H.nodes["a"], H.report.removed_chars, H.report.non_finite
    ({'name': 'A', 'scores': {'pagerank': None}}, 1, 1)
    """
    if isinstance(G, CleanGraph) and G.report is not None:
        return G
    report = SanitizeReport()
    c = _Cleaner(report)
    H = CleanGraph()
    H.graph.update({c.text(str(k)): c.value(v) for k, v in G.graph.items()})
    ids: dict[Any, str] = {}
    used: set[str] = set()
    for n in sorted(G.nodes, key=lambda x: (str(type(x)), str(x))):
        new = c.text(str(n))
        if not new or new in used:
            new = f"{new}~{short_hash(str(n), length=8)}"
            report.renamed_ids += 1
        used.add(new)
        ids[n] = new
        H.add_node(new, **{c.text(str(k)): c.value(v) for k, v in G.nodes[n].items()})
    if G.is_multigraph():
        edges: Iterable[tuple[Any, Any, Any, dict[str, Any]]] = G.edges(keys=True, data=True)
    else:
        edges = ((s, t, d.get("type", 0), d) for s, t, d in G.edges(data=True))
    for s, t, k, d in sorted(edges, key=lambda e: (ids[e[0]], ids[e[1]], str(e[2]))):
        key = c.text(str(k))
        H.add_edge(ids[s], ids[t], key=key, **{c.text(str(kk)): c.value(v) for kk, v in d.items()})
    report.nodes = H.number_of_nodes()
    report.edges = H.number_of_edges()
    H.report = report
    return H


# --------------------------------------------------------------------------- dates

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")


def normalise_date(value: Any) -> str | None:
    """A date as ``YYYY-MM-DD`` (``2016`` -> ``2016-01-01``), or ``None`` if it is not one.

    Examples
    --------
    >>> normalise_date("2016-05"), normalise_date("2022-11-29T10:00:00"), normalise_date("soon")
    ('2016-05-01', '2022-11-29', None)
    """
    if not isinstance(value, str):
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def document_dates(G: nx.MultiDiGraph) -> dict[str, str]:
    """Document id -> normalised date, for the documents of ``G.graph["documents"]`` that have one."""
    out: dict[str, str] = {}
    for doc in G.graph.get("documents") or []:
        if isinstance(doc, Mapping) and doc.get("id") is not None:
            date = normalise_date(doc.get("date"))
            if date:
                out[str(doc["id"])] = date
    return out


def evidence_date(ev: Mapping[str, Any], doc_dates: Mapping[str, str]) -> str | None:
    """The date of one evidence: its own, else its document's."""
    return normalise_date(ev.get("date")) or doc_dates.get(str(ev.get("doc")))


def node_dates(G: nx.MultiDiGraph, n: Any, doc_dates: Mapping[str, str]) -> list[str]:
    """Sorted distinct dates of the documents that mention node ``n``."""
    docs = G.nodes[n].get("documents") or []
    return sorted({doc_dates[str(d)] for d in docs if str(d) in doc_dates})


def edge_dates(data: Mapping[str, Any], doc_dates: Mapping[str, str]) -> list[str]:
    """Sorted distinct dates of the evidence of one edge."""
    out = set()
    for ev in data.get("evidence") or []:
        if isinstance(ev, Mapping):
            d = evidence_date(ev, doc_dates)
            if d:
                out.add(d)
    return sorted(out)


# --------------------------------------------------------------------------- flat values

def _scalar_str(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True, allow_nan=False)
    return str(v)


def join_list(values: Iterable[Any], sep: str = LIST_SEP) -> str:
    """Join list items with ``sep`` (``None`` items dropped), for formats without lists.

    Examples
    --------
    >>> join_list(["a", None, 3, True])
    'a|3|true'
    """
    return sep.join(_scalar_str(v) for v in values if v is not None)


def _put(out: dict[str, Scalar], key: str, value: Any, sep: str) -> None:
    if value is None or value == "" or value == [] or value == {}:
        return
    if isinstance(value, (str, int, float, bool)):
        out[key] = value
    elif isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            joined = join_list(value, sep)
            if joined:
                out[key] = joined
        else:
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    elif isinstance(value, Mapping):
        for sk in sorted(value, key=str):
            sv = value[sk]
            if isinstance(sv, Mapping):
                if sv:
                    out[f"{key}_{sk}"] = json.dumps(sv, ensure_ascii=False, sort_keys=True, allow_nan=False)
            else:
                _put(out, f"{key}_{sk}", sv, sep)
    else:
        out[key] = str(value)


def flat_node(G: nx.MultiDiGraph, n: Any, *, sep: str = LIST_SEP,
              doc_dates: Mapping[str, str] | None = None) -> dict[str, Scalar]:
    """One scalar per attribute of node ``n``: the row written by GraphML, GEXF and CSV.

    Lists are joined with ``sep``; ``scores`` become numeric ``score_<measure>``; other
    mappings become ``<key>_<subkey>``; missing values (``None``, empty) are left out.
    Derived: ``document_count``, ``first_seen`` and ``last_seen`` (document dates).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", name="A", aliases=["A", "Aa"], documents=[], scores={"pagerank": 0.5})
    >>> flat_node(G, "a")
    {'aliases': 'A|Aa', 'name': 'A', 'score_pagerank': 0.5, 'document_count': 0}
    """
    if doc_dates is None:
        doc_dates = document_dates(G)
    data = G.nodes[n]
    out: dict[str, Scalar] = {}
    for k in sorted(data, key=str):
        v = data[k]
        if k == "scores" and isinstance(v, Mapping):
            for sk in sorted(v, key=str):
                sv = v[sk]
                if isinstance(sv, (int, float)) and not isinstance(sv, bool) and math.isfinite(sv):
                    out[f"score_{sk}"] = float(sv)
            continue
        _put(out, str(k), v, sep)
    out.setdefault("document_count", len(data.get("documents") or []))
    dates = node_dates(G, n, doc_dates)
    if dates:
        out.setdefault("first_seen", dates[0])
        out.setdefault("last_seen", dates[-1])
    return out


def flat_edge(G: nx.MultiDiGraph, s: Any, t: Any, k: Any, *, sep: str = LIST_SEP,
              doc_dates: Mapping[str, str] | None = None) -> dict[str, Scalar]:
    """One scalar per attribute of edge ``(s, t, k)``; the evidence summed up.

    ``type``, ``label`` (English reading), ``symmetric``, ``stated``, ``weight``,
    ``evidence_count``, ``sentence`` (the first evidence sentence), ``docs`` (distinct
    document ids, joined), ``methods`` (joined), ``first_date`` / ``last_date``, then any
    other edge attribute.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="funds", type="funds", weight=1, evidence=[
    ...     {"doc": "d1", "sentence": "A funds B.", "date": "2020-01-02", "method": "pattern"}])
    'funds'
    >>> flat_edge(G, "a", "b", "funds")["sentence"]
    'A funds B.'
    """
    if doc_dates is None:
        doc_dates = document_dates(G)
    data = G.edges[s, t, k]
    rel_type = str(data.get("type", k))
    rel = RELATION_TYPES.get(rel_type)
    evidence = [e for e in (data.get("evidence") or []) if isinstance(e, Mapping)]
    out: dict[str, Scalar] = {"type": rel_type}
    if rel is not None:
        out["label"] = rel.label_en
        out["symmetric"] = rel.symmetric
        out["stated"] = rel.stated
    weight = data.get("weight")
    if isinstance(weight, (int, float)) and not isinstance(weight, bool):
        out["weight"] = weight
    else:
        out["weight"] = len({(e.get("doc"), e.get("start")) for e in evidence})
    out["evidence_count"] = len(evidence)
    sentence = next((e.get("sentence") for e in evidence if e.get("sentence")), None)
    if sentence:
        out["sentence"] = sentence
    docs = list(dict.fromkeys(str(e["doc"]) for e in evidence if e.get("doc") is not None))
    _put(out, "docs", docs, sep)
    _put(out, "methods", sorted({str(e["method"]) for e in evidence if e.get("method")}), sep)
    dates = edge_dates(data, doc_dates)
    if dates:
        out["first_date"] = dates[0]
        out["last_date"] = dates[-1]
    for kk in sorted(data, key=str):
        if kk not in _EDGE_OWN and kk not in out:
            _put(out, str(kk), data[kk], sep)
    return out


# --------------------------------------------------------------------------- typed columns

_INT32 = (-(2 ** 31), 2 ** 31 - 1)


def column_types(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """One type per column across rows: ``boolean``, ``int``, ``long``, ``double`` or ``string``.

    Integers and floats mixed give ``double``; anything else mixed gives ``string``.

    Examples
    --------
    >>> column_types([{"a": 1, "b": True, "c": 1}, {"a": 2.5, "b": False, "c": "x"}])
    {'a': 'double', 'b': 'boolean', 'c': 'string'}
    """
    kinds: dict[str, set[str]] = {}
    big: set[str] = set()
    for row in rows:
        for k, v in row.items():
            if v is None:
                continue
            if isinstance(v, bool):
                kind = "boolean"
            elif isinstance(v, int):
                kind = "int"
                if not _INT32[0] <= v <= _INT32[1]:
                    big.add(k)
            elif isinstance(v, float):
                kind = "double"
            else:
                kind = "string"
            kinds.setdefault(k, set()).add(kind)
    out: dict[str, str] = {}
    for k in sorted(kinds):
        ks = kinds[k]
        if ks == {"boolean"}:
            out[k] = "boolean"
        elif ks == {"int"}:
            out[k] = "long" if k in big else "int"
        elif ks <= {"int", "double"}:
            out[k] = "double"
        else:
            out[k] = "string"
    return out


def coerce(value: Any, typ: str) -> Scalar:
    """``value`` converted to a column type of :func:`column_types`."""
    if typ == "double":
        return float(value)
    if typ == "string":
        return value if isinstance(value, str) else _scalar_str(value)
    return value  # type: ignore[no-any-return]


def format_value(value: Scalar) -> str:
    """The text of a typed value in XML and CSV: ``true``/``false``, shortest float repr.

    Examples
    --------
    >>> format_value(True), format_value(0.1), format_value(3)
    ('true', '0.1', '3')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_cell(value: Any) -> str:
    """A CSV cell that spreadsheets will not run as a formula.

    Text starting with ``= + - @``, a tab or a carriage return gets a leading ``'``
    (OWASP's advice); numbers are written as numbers, ``None`` as an empty cell.

    Examples
    --------
    >>> csv_cell("@SUM(A1)"), csv_cell("-3"), csv_cell(-3), csv_cell(None)
    ("'@SUM(A1)", "'-3", '-3', '')
    """
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return format_value(value)
    text = value if isinstance(value, str) else _scalar_str(value)
    if text.startswith(CSV_FORMULA_CHARS):
        return "'" + text
    return text


__all__ = [
    "CSV_FORMULA_CHARS", "LIST_SEP", "CleanGraph", "SanitizeReport", "clean_text", "coerce",
    "column_types", "csv_cell", "document_dates", "edge_dates", "evidence_date", "flat_edge",
    "flat_node", "format_value", "join_list", "node_dates", "normalise_date", "sanitize_graph",
]
