"""The influence map: one self-contained, offline HTML file, built on pyvis.

:func:`build_map_data` turns the graph into plain data (vis nodes, vis edges, page
metadata) without touching the caller's graph; :func:`render_map` renders it through
pyvis's template machinery (a :class:`pyvis.network.Network` whose template is our own
packaged ``exports/templates/map.html``); :func:`write_map` does both and writes the file
atomically.

How pyvis is used, and why:

* the vis data is built here in one linear pass and handed to pyvis in bulk
  (``Network.nodes`` / ``Network.edges``): ``add_node``/``add_edge`` scan lists on every
  call, which makes 10,000 actors take tens of seconds;
* the page is rendered by ``Network.generate_html`` with our template, never by
  ``write_html``/``show`` (those copy ``lib/`` folders into the current directory);
* the vis-network JavaScript and CSS that pyvis ships are inlined, so the page loads
  nothing from any CDN; a Content-Security-Policy meta tag (``default-src 'none'``,
  scripts allowed by their SHA-256 hashes only) says so and enforces it.

Document text (names, aliases, sentences, titles, paths) is untrusted: it reaches the
page only as JSON inside ``<script type="application/json">`` with ``<``, ``>``, ``&``,
U+2028 and U+2029 escaped, and the page shows it with ``textContent`` (tooltips are plain
strings, which vis-network 9 renders as text).

Examples
--------
>>> from maillage.graph.store import graph_from_data
>>> G = graph_from_data({"documents": [], "nodes": [
...     {"id": "a", "name": "A", "type": "city"}, {"id": "b", "name": "B", "type": "city"}],
...     "edges": [{"source": "a", "target": "b", "type": "partner_of", "evidence": []}]})
>>> data = build_map_data(G)
>>> [n["label"] for n in data["nodes"]], len(data["edges"])
(['A', 'B'], 1)
>>> "<script" in escape_script_json({"name": "</script><script>"})
False
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import math
import re
import textwrap
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from .. import __version__
from .._io import atomic_write_text
from ..errors import ExportError
from ..schema import CO_MENTION, LEVELS, NODE_TYPES, RELATION_TYPES
from .palette import COMMUNITY_COLORS, NODE_TYPE_COLORS, RELATION_COLORS, community_color

__all__ = ["build_map_data", "render_map", "write_map", "escape_script_json",
           "TYPE_COLORS", "RELATION_COLORS", "COMMUNITY_PALETTE", "COLOR_BY",
           "CONTENT_SECURITY_POLICY_BASE"]

#: Colours are shared with the GEXF export and the report (maillage/exports/palette.py):
#: actor types, relation types (co-mentions light grey, drawn dashed) and communities.
TYPE_COLORS: dict[str, str] = NODE_TYPE_COLORS
COMMUNITY_PALETTE: tuple[str, ...] = COMMUNITY_COLORS
OTHER_COMMUNITY_COLOR = "#c8c8c8"

COLOR_BY: tuple[str, ...] = ("type", "community")

#: The fixed part of the page's Content-Security-Policy (script hashes are added).
CONTENT_SECURITY_POLICY_BASE = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

_TEMPLATE = "map.html"
_YEAR = re.compile(r"^\s*(\d{4})")
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")
# attributes shown by dedicated fields of the panel, or internal
_NODE_RESERVED = {"name", "type", "aliases", "documents", "scores", "community", "community_label",
                  "level", "country", "x", "y"}


# ---------------------------------------------------------------------------- helpers

def escape_script_json(value: Any) -> str:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (no ``</script>``
    or ``<!--`` can appear), and U+2028/U+2029 become escapes. The result is still JSON
    that parses back to ``value``.

    Parameters
    ----------
    value
        Any JSON-serialisable value (keys are sorted; NaN is refused).

    Returns
    -------
    str
        The escaped JSON text.

    Examples
    --------
    >>> escape_script_json({"s": "</script>&\\u2028"})
    '{"s": "\\\\u003c/script\\\\u003e\\\\u0026\\\\u2028"}'
    >>> json.loads(escape_script_json(["<b>"])) == ["<b>"]
    True
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    return _escape_json_text(text)


def _escape_json_text(text: str) -> str:
    # These characters only ever occur inside JSON strings, where \\uXXXX is equivalent.
    return _SCRIPT_ESCAPE_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def _year(value: Any) -> int | None:
    if value is None:
        return None
    m = _YEAR.match(str(value))
    return int(m.group(1)) if m else None


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _scalar(value: Any) -> Any:
    """A JSON-safe scalar for the page (None for anything else)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return None


def _wrap(name: str, width: int = 26) -> str:
    """The label drawn on the canvas: long names on up to three lines (the panel has them whole)."""
    if len(name) <= width:
        return name
    lines = textwrap.wrap(name, width=width, break_long_words=False, break_on_hyphens=False)
    if len(lines) > 3:
        lines = lines[:3]
        lines[2] = lines[2].rstrip() + " …"
    return "\n".join(lines)


def _label(value: str) -> str:
    return value.replace("_", " ")


def _centrality(G: nx.MultiDiGraph, size_by: str) -> tuple[dict[Any, float], str, bool]:
    """Values used for size and for the top-N cut: (values, measure used, fell back?)."""
    if size_by != "degree":
        values: dict[Any, float] = {}
        found = False
        for n, d in G.nodes(data=True):
            scores = d.get("scores")
            v = _num(scores.get(size_by)) if isinstance(scores, dict) else None
            if v is not None:
                found = True
            values[n] = v if v is not None else 0.0
        if found:
            return values, size_by, False
    return {n: float(deg) for n, deg in G.degree()}, "degree", size_by != "degree"


def _layout(nodes: list[Any], edges: list[tuple[Any, Any]], seed: int) -> dict[Any, tuple[float, float]]:
    """Seeded force-directed positions (igraph's grid Fruchterman-Reingold: ~linear).

    Falls back to networkx's spring layout if igraph is missing. Positions are scaled so
    that the map is about 70 px per actor along each side of a square, and rounded.
    """
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = sorted({(min(index[s], index[t]), max(index[s], index[t]))
                    for s, t in edges if s != t})
    try:
        from ..graph.analysis.projection import seeded_igraph

        with seeded_igraph(seed) as ig:
            g = ig.Graph(n=n, edges=pairs)
            grid = "grid" if n > 1000 else "nogrid"
            coords = [tuple(c) for c in g.layout_fruchterman_reingold(niter=500, grid=grid).coords]
    except ImportError:  # pragma: no cover - igraph is a declared dependency
        H = nx.Graph()
        H.add_nodes_from(range(n))
        H.add_edges_from(pairs)
        pos = nx.spring_layout(H, seed=seed, iterations=50)
        coords = [tuple(pos[i]) for i in range(n)]
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    side = 70.0 * math.sqrt(n) + 200.0
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    return {v: (round((coords[i][0] - cx) / span * side, 1), round((coords[i][1] - cy) / span * side, 1))
            for i, v in enumerate(nodes)}


def _check_options(color_by: str, size_by: str, max_nodes: int, layout_threshold: int) -> None:
    if color_by not in COLOR_BY:
        raise ExportError(f"cannot colour the map by {color_by!r} (expected one of {', '.join(COLOR_BY)})")
    if not isinstance(size_by, str) or not size_by:
        raise ExportError("size_by must name a centrality measure, e.g. 'pagerank' or 'degree'")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ExportError(f"max_nodes must be a positive integer, not {max_nodes!r}")
    if isinstance(layout_threshold, bool) or not isinstance(layout_threshold, int) or layout_threshold < 0:
        raise ExportError(f"layout_threshold must be a non-negative integer, not {layout_threshold!r}")


# ---------------------------------------------------------------------------- data

def build_map_data(G: nx.MultiDiGraph, *, color_by: str = "type", size_by: str = "pagerank",
                   max_nodes: int = 2000, layout_threshold: int = 300, seed: int = 42,
                   title: str = "maillage influence map") -> dict[str, Any]:
    """The data of the influence map: vis nodes, vis edges, vis options and page metadata.

    Pure: ``G`` is not modified, and the same graph gives the same data.

    Parameters
    ----------
    G
        The maillage graph (see :mod:`maillage.graph.store`). Analysis scores
        (``node["scores"]``) and communities (``node["community"]``) are used when present.
    color_by
        ``"type"`` or ``"community"`` (falls back to type, with a notice, if the graph has
        no communities). The page can switch between them.
    size_by
        Name of a score in ``node["scores"]`` (``pagerank``, ``betweenness``, …) or
        ``"degree"``. Falls back to degree, with a notice, when no node has that score.
    max_nodes
        Above this many actors, only the ``max_nodes`` most central (by ``size_by``) are
        kept, and the page says so.
    layout_threshold
        Above this many actors shown, positions are computed here (seeded, force-directed)
        and physics is off in the browser; at or below, vis-network lays out the graph.
    seed
        Seed of the layout (Python and browser).
    title
        Page title (shown as text).

    Returns
    -------
    dict
        ``{"nodes": [...], "edges": [...], "options": {...}, "meta": {...}}``; nodes and
        edges are vis-network items carrying the fields the page shows (names, scores,
        evidence, years); ``meta`` holds legends, documents and notices.

    Raises
    ------
    ExportError
        For an unknown ``color_by`` or a non-positive ``max_nodes``.

    Examples
    --------
    >>> from maillage.graph.store import graph_from_data
    >>> G = graph_from_data({"documents": [], "nodes": [
    ...     {"id": f"n{i}", "name": f"N{i}", "type": "city"} for i in range(5)], "edges": []})
    >>> d = build_map_data(G, max_nodes=3)
    >>> len(d["nodes"]), d["meta"]["truncated"], d["meta"]["total_nodes"]
    (3, True, 5)
    """
    _check_options(color_by, size_by, max_nodes, layout_threshold)
    notices: list[str] = []
    total_nodes = G.number_of_nodes()
    total_edges = G.number_of_edges()

    values, measure, fell_back = _centrality(G, size_by)
    if fell_back:
        notices.append(f"No actor has a {size_by!s} score (run `maillage analyse` first): "
                       "sizes show the degree (number of relations) instead.")

    # --- which actors are shown: the top max_nodes by centrality (ties by id)
    ranked = sorted(G.nodes, key=lambda n: (-values[n], str(n)))
    truncated = total_nodes > max_nodes
    kept = ranked[:max_nodes]
    kept_set = set(kept)
    order = sorted(kept, key=str)

    # --- communities
    has_community = any(isinstance(G.nodes[n].get("community"), int)
                        and not isinstance(G.nodes[n].get("community"), bool) for n in order)
    if color_by == "community" and not has_community:
        notices.append("This graph has no communities (run `maillage analyse` first): "
                       "actors are coloured by type.")
        color_by = "type"
    comm_count: dict[int, int] = defaultdict(int)
    comm_label: dict[int, str] = {}
    for n in order:
        c = G.nodes[n].get("community")
        if isinstance(c, int) and not isinstance(c, bool):
            comm_count[c] += 1
            lab = G.nodes[n].get("community_label")
            if isinstance(lab, str) and c not in comm_label:
                comm_label[c] = lab
    comm_rank = sorted(comm_count, key=lambda c: (-comm_count[c], c))
    comm_color = {c: community_color(c) for c in comm_rank}  # as in the GEXF export

    # --- documents
    docs_by_id: dict[str, dict[str, Any]] = {}
    for d in G.graph.get("documents") or []:
        if isinstance(d, dict) and d.get("id") is not None:
            docs_by_id[str(d["id"])] = d
    doc_year = {k: _year(d.get("date")) for k, d in docs_by_id.items()}
    used_docs: set[str] = set()

    # --- edges among the kept actors
    edge_items = [(s, t, k, d) for s, t, k, d in G.edges(keys=True, data=True)
                  if s in kept_set and t in kept_set]
    edge_items.sort(key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    pair_count: dict[tuple[str, str], int] = defaultdict(int)
    for s, t, _k, _d in edge_items:
        pair_count[tuple(sorted((str(s), str(t))))] += 1  # type: ignore[index]
    pair_seen: dict[tuple[str, str], int] = defaultdict(int)

    node_years: dict[Any, set[int]] = defaultdict(set)
    rel_count: dict[str, int] = defaultdict(int)
    large = len(order) > layout_threshold
    vis_edges: list[dict[str, Any]] = []
    for i, (s, t, k, d) in enumerate(edge_items):
        rtype = str(d.get("type") or k)
        rel = RELATION_TYPES.get(rtype)
        stated = rel.stated if rel else rtype != CO_MENTION
        evidence = []
        years: set[int] = set()
        for ev in d.get("evidence") or []:
            if not isinstance(ev, dict):
                continue
            doc = ev.get("doc")
            doc = None if doc is None else str(doc)
            if doc is not None:
                used_docs.add(doc)
            y = _year(ev.get("date"))
            if y is None and doc is not None:
                y = doc_year.get(doc)
            if y is not None:
                years.add(y)
            evidence.append({"doc": doc, "sentence": _scalar(ev.get("sentence")),
                             "date": _scalar(ev.get("date")), "lang": _scalar(ev.get("lang")),
                             "method": _scalar(ev.get("method"))})
        weight = _num(d.get("weight"))
        weight_i = int(weight) if weight is not None else len(evidence)
        node_years[s] |= years
        node_years[t] |= years
        rel_count[rtype] += 1
        color = RELATION_COLORS.get(rtype, "#888888")
        item: dict[str, Any] = {
            "id": f"e{i}", "from": str(s), "to": str(t), "type": rtype,
            "stated": stated, "weight": weight_i, "evidence": evidence,
            "years": sorted(years),
            "arrows": "to" if (rel is None or not rel.symmetric) else "",
            "dashes": not stated,
            "color": {"color": color, "highlight": color, "hover": color,
                      "opacity": 1.0 if stated else 0.7},
            "width": round(1.0 + math.log2(max(weight_i, 1)), 2) if stated else 1.0,
        }
        pair = tuple(sorted((str(s), str(t))))
        if pair_count[pair] > 1:  # parallel relations: fan them out
            j = pair_seen[pair]
            pair_seen[pair] += 1
            item["smooth"] = {"enabled": True, "type": "curvedCW" if j % 2 == 0 else "curvedCCW",
                              "roundness": round(0.15 + 0.12 * (j // 2), 2)}
        vis_edges.append(item)

    # --- nodes
    degree_all = dict(G.degree())
    measures: set[str] = {"degree"}
    for n in order:
        sc = G.nodes[n].get("scores")
        if isinstance(sc, dict):
            measures.update(k for k, v in sc.items() if _num(v) is not None)
    positions = _layout(order, [(s, t) for s, t, _k, _d in edge_items], seed) if large else {}
    type_count: dict[str, int] = defaultdict(int)
    level_count: dict[str, int] = defaultdict(int)
    vis_nodes: list[dict[str, Any]] = []
    for n in order:
        d = G.nodes[n]
        name = str(d.get("name") or n)
        ntype = str(d.get("type") or "organisation")
        type_count[ntype] += 1
        aliases = sorted({str(a) for a in (d.get("aliases") or []) if isinstance(a, str)} - {name})
        docs = sorted({str(x) for x in (d.get("documents") or [])})
        used_docs.update(docs)
        years = set(node_years.get(n, set()))
        years.update(y for y in (doc_year.get(x) for x in docs) if y is not None)
        scores_raw = d.get("scores") if isinstance(d.get("scores"), dict) else {}
        scores = {str(k): _num(v) for k, v in sorted(scores_raw.items()) if _num(v) is not None}
        level = d.get("level") if isinstance(d.get("level"), str) else None
        level_count[level or ""] += 1
        community = d.get("community")
        community = community if isinstance(community, int) and not isinstance(community, bool) else None
        if color_by == "community":
            color = comm_color.get(community, OTHER_COMMUNITY_COLOR) if community is not None \
                else OTHER_COMMUNITY_COLOR
        else:
            color = TYPE_COLORS.get(ntype, "#888888")
        attrs = {str(k): _scalar(v) for k, v in sorted(d.items())
                 if k not in _NODE_RESERVED and _scalar(v) is not None}
        item = {
            "id": str(n), "name": name, "label": _wrap(name), "type": ntype, "aliases": aliases,
            "country": _scalar(d.get("country")), "level": level,
            "community": community,
            "community_label": d.get("community_label") if isinstance(d.get("community_label"), str) else None,
            "scores": scores, "degree": degree_all[n], "docs": docs, "years": sorted(years),
            "attrs": attrs,
            "value": values[n], "color": color,
        }
        if large:
            item["x"], item["y"] = positions[n]
        vis_nodes.append(item)

    # --- legends and documents
    documents = {}
    for doc_id in sorted(used_docs):
        dd = docs_by_id.get(doc_id, {})
        documents[doc_id] = {k: _scalar(dd.get(k)) for k in ("title", "date", "path", "lang", "format")}
    all_years = sorted({y for it in vis_nodes for y in it["years"]} | {y for it in vis_edges for y in it["years"]})
    types = [{"type": t, "label": _label(t), "color": TYPE_COLORS.get(t, "#888888"), "count": type_count[t]}
             for t in [*NODE_TYPES, *sorted(set(type_count) - set(NODE_TYPES))] if type_count.get(t)]
    relations = [{"type": r, "label": RELATION_TYPES[r].label_en if r in RELATION_TYPES else _label(r),
                  "color": RELATION_COLORS.get(r, "#888888"),
                  "stated": RELATION_TYPES[r].stated if r in RELATION_TYPES else r != CO_MENTION,
                  "symmetric": RELATION_TYPES[r].symmetric if r in RELATION_TYPES else False,
                  "count": rel_count[r]}
                 for r in [*RELATION_TYPES, *sorted(set(rel_count) - set(RELATION_TYPES))] if rel_count.get(r)]
    levels = [{"level": lv, "label": _label(lv) if lv else "unspecified", "count": level_count[lv]}
              for lv in [*LEVELS, *sorted(set(level_count) - set(LEVELS) - {""}), ""] if level_count.get(lv)]
    communities = [{"id": c, "label": comm_label.get(c) or f"community {c}", "color": comm_color[c],
                    "count": comm_count[c]} for c in comm_rank]
    if truncated:
        notices.insert(0, f"Showing the {len(order):,} most central actors (by {measure}) of {total_nodes:,}, "
                          f"with the {len(vis_edges):,} relations among them (of {total_edges:,}). "
                          "Regenerate with a larger --max-nodes to see more.")

    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "shape": "dot", "borderWidth": 1,
            "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 8, "max": 42,
                        "label": {"enabled": True, "min": 14, "max": 22, "maxVisible": 30,
                                  "drawThreshold": 6}},
        },
        "edges": {
            "smooth": {"enabled": not large, "type": "continuous", "roundness": 0.3},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "selectionWidth": 2, "hoverWidth": 0.5,
        },
        "physics": {
            "enabled": not large,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
        "layout": {"randomSeed": seed, "improvedLayout": not large},
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": len(vis_edges) > 5000, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
    }
    meta = {
        "title": title, "generator": f"maillage {__version__}",
        "total_nodes": total_nodes, "total_edges": total_edges,
        "shown_nodes": len(vis_nodes), "shown_edges": len(vis_edges),
        "truncated": truncated, "max_nodes": max_nodes,
        "size_by": measure, "size_requested": size_by, "size_fallback": fell_back,
        "measures": sorted(measures), "color_by": color_by, "has_community": has_community,
        "layout": "python" if large else "physics", "layout_threshold": layout_threshold, "seed": seed,
        "years": [all_years[0], all_years[-1]] if all_years else None,
        "types": types, "relations": relations, "levels": levels, "communities": communities,
        "documents": documents, "notices": notices,
        "co_mention": CO_MENTION, "co_mention_color": RELATION_COLORS[CO_MENTION],
        "type_colors": dict(TYPE_COLORS), "other_community_color": OTHER_COMMUNITY_COLOR,
    }
    return {"nodes": vis_nodes, "edges": vis_edges, "options": options, "meta": meta}


# ---------------------------------------------------------------------------- rendering

@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str, str]:
    """(version, JavaScript, CSS) of the vis-network that pyvis ships."""
    import pyvis

    base = Path(pyvis.__file__).resolve().parent
    candidates = []
    for lib in (base / "templates" / "lib", base / "lib"):
        if lib.is_dir():
            for sub in lib.iterdir():
                m = re.fullmatch(r"vis-(\d+)\.(\d+)\.(\d+)", sub.name)
                if m and (sub / "vis-network.min.js").is_file() and (sub / "vis-network.css").is_file():
                    candidates.append((tuple(int(x) for x in m.groups()), sub))
    if not candidates:
        raise ExportError(f"the vis-network files of pyvis were not found under {base}")
    version, folder = max(candidates)
    # the HTML parser turns CR LF into LF: normalise, so the CSP hash matches what runs
    js = _newlines((folder / "vis-network.min.js").read_text(encoding="utf-8"))
    css = _newlines((folder / "vis-network.css").read_text(encoding="utf-8"))
    _check_inline(js, "script")
    _check_inline(css, "style")
    return ".".join(map(str, version)), js, css


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_inline(text: str, tag: str) -> None:
    low = text.lower()
    if f"</{tag}" in low or "<!--" in low:
        raise ExportError(f"cannot inline a {tag} that contains '</{tag}' or '<!--'")


@functools.lru_cache(maxsize=1)
def _app_assets() -> tuple[str, str]:
    """(JavaScript, CSS) of the map page, packaged beside the template."""
    folder = resources.files("maillage.exports") / "templates"
    js = _newlines((folder / "map.js").read_text(encoding="utf-8"))
    css = _newlines((folder / "map.css").read_text(encoding="utf-8"))
    _check_inline(js, "script")
    _check_inline(css, "style")
    return js, css


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _network(title: str) -> Any:
    """A pyvis Network whose template environment is ours (package loader, autoescape)."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, heading=title, cdn_resources="in_line")
    env = Environment(loader=PackageLoader("maillage", "exports/templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    env.filters["script_json"] = lambda v: Markup(escape_script_json(v))
    env.filters["script_json_text"] = lambda v: Markup(_escape_json_text(json.dumps(json.loads(v),
                                                                                     sort_keys=True)))
    net.templateEnv = env
    net.path = _TEMPLATE
    return net


def render_map(data: dict[str, Any]) -> str:
    """Render map data (from :func:`build_map_data`) as one self-contained HTML page.

    The page is rendered by pyvis (``Network.generate_html``) with the packaged template
    ``maillage/exports/templates/map.html``; vis-network's JS/CSS are inlined and a
    Content-Security-Policy forbids any network access.

    Parameters
    ----------
    data
        ``{"nodes", "edges", "options", "meta"}`` as returned by :func:`build_map_data`.

    Returns
    -------
    str
        The HTML text.

    Examples
    --------
    >>> from maillage.graph.store import graph_from_data
    >>> G = graph_from_data({"documents": [], "nodes": [{"id": "a", "name": "A", "type": "city"}],
    ...                      "edges": []})
    >>> html = render_map(build_map_data(G))
    >>> "default-src 'none'" in html and "https://" not in html.split("<script>")[0]
    True
    """
    from markupsafe import Markup

    vis_version, vis_js, vis_css = _vis_assets()
    app_js, app_css = _app_assets()
    meta = data["meta"]
    csp = f"{CONTENT_SECURITY_POLICY_BASE}; script-src {_sha256(vis_js)} {_sha256(app_js)}"
    net = _network(str(meta.get("title") or "maillage influence map"))
    net.nodes = data["nodes"]  # bulk: linear, unlike Network.add_node
    net.edges = data["edges"]
    net.options = data["options"]
    net.templateEnv.globals.update(
        meta=meta, csp=csp, vis_version=vis_version,
        vis_js=Markup(vis_js), vis_css=Markup(vis_css), app_js=Markup(app_js), app_css=Markup(app_css),
    )
    html: str = net.generate_html(name="map.html")
    return html


def write_map(G: nx.MultiDiGraph, path: str | Path, *, color_by: str = "type", size_by: str = "pagerank",
              max_nodes: int = 2000, layout_threshold: int = 300, seed: int = 42,
              title: str = "maillage influence map") -> Path:
    """Write the influence map of ``G`` to ``path``: one offline HTML file, UTF-8, atomically.

    Nothing is written anywhere else (in particular not into the current directory).

    Parameters
    ----------
    G
        The maillage graph; it is not modified.
    path
        Destination ``.html`` file (parent folders are created).
    color_by, size_by, max_nodes, layout_threshold, seed, title
        See :func:`build_map_data`.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ExportError
        For bad options or when the file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from maillage.graph.store import graph_from_data
    >>> G = graph_from_data({"documents": [], "nodes": [{"id": "a", "name": "A", "type": "city"}],
    ...                      "edges": []})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_map(G, Path(tmp) / "map.html")
    ...     out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    data = build_map_data(G, color_by=color_by, size_by=size_by, max_nodes=max_nodes,
                          layout_threshold=layout_threshold, seed=seed, title=title)
    html = render_map(data)
    try:
        return atomic_write_text(path, html)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the map: {exc}") from None
