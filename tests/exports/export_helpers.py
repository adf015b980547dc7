"""Helpers of the export tests: the shared graph with scores, and a nasty graph.

The nasty graph holds what document text can throw at an export: control characters,
``]]>``, quotes and markup, emoji, right-to-left overrides, U+FFFE/U+FFFF, a lone
surrogate, spreadsheet formulas, separators, newlines, NaN and infinite scores.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any


# Scores as the analysis would store them (hand-written, so the golden files are stable).
SCORES = {
    "k-cemr": {"pagerank": 0.125, "degree": 4.0, "betweenness": 0.25},
    "k-meae": {"pagerank": 0.1875, "degree": 5.0, "betweenness": 0.5},
    "k-cuf": {"pagerank": 0.09375, "degree": 4.0, "betweenness": 0.125},
    "k-dijon": {"pagerank": 0.03125, "degree": 1.0, "betweenness": 0.0},
}
COMMUNITIES = {"k-cemr": 0, "k-nalas": 0, "k-dg-near": 0, "k-european-commission": 0,
               "k-afccre": 1, "k-dijon": 1, "event-rencontre-france-balkans-0a1b2c": 1,
               "k-albania": 1, "k-western-balkans": 1}


def scored_data(data: dict[str, Any]) -> dict[str, Any]:
    """The fixture graph with scores on some actors and communities on most."""
    data = copy.deepcopy(data)
    for node in data["nodes"]:
        if node["id"] in SCORES:
            node["scores"] = dict(SCORES[node["id"]])
        node["community"] = COMMUNITIES.get(node["id"], 2)
        node["community_label"] = {0: "CEMR", 1: "AFCCRE", 2: "MEAE"}[node["community"]]
    return data


NASTY_NAMES = {
    "n-ctrl": "Ctrl\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f end",
    "n-cdata": "CDATA ]]> <![CDATA[ x ]]> end",
    "n-quotes": "\"double\" 'single' <tag attr=\"v\"> &amp; & end",
    "n-emoji": "🇪🇺 Europe 😀 — Cités",
    "n-rtl": "\u202eevil\u202c RTL \u200f mark",
    "n-nonchar": "Non\ufffechar\uffff end",
    "n-surrogate": "lone \ud800 surrogate",
    "n-formula": "=HYPERLINK(\"http://evil\",\"x\")",
    "n-plus": "+33 1 23 45 67 89",
    "n-minus": "-2+3",
    "n-at": "@SUM(A1:A9)",
    "n-tab": "\tTabbed",
    "n-cr": "\rCarriage",
    "n-lines": "line one\nline two\r\nline three",
    "n-seps": "semi;colon, comma | pipe",
}


def nasty_data() -> dict[str, Any]:
    """A graph.json mapping whose every text field is hostile."""
    nodes = []
    for i, (nid, name) in enumerate(NASTY_NAMES.items()):
        nodes.append({
            "id": nid, "name": name, "type": "association" if i % 2 else "city",
            "aliases": [name, f"alias {i}\x03", "]]>"], "documents": ["doc\x01evil", "d-ok"],
            "scores": {"pagerank": [float("nan"), float("inf"), -float("inf"), 0.5][i % 4],
                       "degree": float(i)},
            "community": i % 3, "website": "javascript:alert('x')",
        })
    nodes.append({"id": "id\x00with\x1fcontrols", "name": "Odd id", "type": "person",
                  "aliases": [], "documents": []})
    nodes.append({"id": "=cmd|' /C calc'!A0", "name": "Formula id", "type": "person",
                  "aliases": [], "documents": []})
    sentence = "It said \"x\" ]]> \x00\x1b; then <b>bold</b> & 😀 \u202e and NaN"
    edges = [
        {"source": "n-ctrl", "target": "n-cdata", "type": "member_of",
         "evidence": [{"doc": "doc\x01evil", "sentence": sentence, "start": 0, "end": 10,
                       "date": "2019-03-04", "lang": "fr", "method": "pattern"}]},
        {"source": "n-cdata", "target": "n-ctrl", "type": "partner_of",
         "evidence": [{"doc": "d-ok", "sentence": "A; B; C", "start": 5, "end": 9,
                       "date": None, "lang": "en", "method": "pattern"}]},
        {"source": "n-emoji", "target": "n-rtl", "type": "funds",
         "evidence": [{"doc": "d-ok", "sentence": "=1+1", "start": 1, "end": 2,
                       "date": "2020", "lang": "fr", "method": "table"}]},
        {"source": "n-formula", "target": "n-surrogate", "type": "co_mentioned",
         "evidence": [{"doc": "d-ok", "sentence": "\ufffe\uffff", "start": 3, "end": 4,
                       "date": "2021-12-31", "lang": "fr", "method": "co-mention"}]},
        {"source": "id\x00with\x1fcontrols", "target": "=cmd|' /C calc'!A0", "type": "works_for",
         "evidence": []},
    ]
    return {
        "format": "maillage-graph", "version": 1,
        "documents": [
            {"id": "doc\x01evil", "path": "evil\x00.txt", "title": "Title ]]> \x07 \"q\"",
             "lang": "fr", "date": "2019-03-04", "format": "txt"},
            {"id": "d-ok", "path": "ok.md", "title": "=SUM(1)", "lang": "en", "date": "2020-01-01",
             "format": "md"},
        ],
        "nodes": nodes, "edges": edges, "meta": {"note": "meta \x02 text"},
    }


def forbidden_count(value: Any) -> int:
    """Characters XML 1.0 forbids, counted by walking the value (independent of the code)."""
    if isinstance(value, str):
        return sum(1 for c in value if not (c in "\t\n\r" or 0x20 <= ord(c) <= 0xD7FF
                                             or 0xE000 <= ord(c) <= 0xFFFD or ord(c) >= 0x10000))
    if isinstance(value, dict):
        return sum(forbidden_count(k) + forbidden_count(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(forbidden_count(v) for v in value)
    return 0


def graph_forbidden_count(G) -> int:
    """Forbidden characters in a networkx graph: ids, keys, attributes, graph data."""
    total = forbidden_count(G.graph)
    for n, d in G.nodes(data=True):
        total += forbidden_count(n) + forbidden_count(d)
    for _s, _t, k, d in G.edges(keys=True, data=True):
        total += forbidden_count(k) + forbidden_count(d)
    return total


def write_graph_json(tmp: Path, data: dict[str, Any]) -> Path:
    """graph.json with lone surrogates escaped, as the store would read it."""
    p = tmp / "graph.json"
    p.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return p
