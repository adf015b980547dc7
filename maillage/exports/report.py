"""The analyst report: one self-contained HTML page that can be sent as it is.

:func:`report_data` runs the analysis (:func:`maillage.graph.analysis.analyse`) and gathers what
the page shows; :func:`render_report` turns it into HTML; :func:`write_report` writes the file.

What the page shows, in order: key figures; the most central actors per measure (PageRank,
degree, betweenness, eigenvector, brokerage) with why they rank there (their strongest relations,
each with a sentence that proves it); communities with their members; brokers between levels
(local / regional / national / european / global) and between communities, in Gould-Fernandez
roles; cut points; the timeline of documents and relations by year, and what changed between the
first and the last year; how it was computed. PNG plots (matplotlib, Agg canvas, no pyplot state)
where a picture reads better than a table, embedded as ``data:`` URIs.

Safety and determinism:

- every string that comes from documents (names, sentences, titles, paths) is escaped with
  :func:`html.escape`; plots draw names with mathtext off (a ``$`` in a name is just a dollar);
- no script; a Content-Security-Policy meta tag (``default-src 'none'``, the one style block
  allowed by its SHA-256 hash, images only from ``data:``) forbids any request: the page works
  offline and cannot call home;
- no timestamp in the page and no metadata in the PNGs: same graph, same seed, same bytes;
- written atomically in UTF-8 (:mod:`maillage._io`).

Examples
--------
>>> import networkx as nx, tempfile, pathlib
>>> from maillage.graph.store import add_edge
>>> G = nx.MultiDiGraph()
>>> for v, lv in [("a", "local"), ("b", "national"), ("c", "european")]:
...     G.add_node(v, name=v.upper(), type="association", level=lv, aliases=[], documents=[])
>>> add_edge(G, "a", "b", "member_of", [{"doc": "d", "sentence": "A is a member of B.", "start": 0}])
>>> add_edge(G, "b", "c", "member_of", [{"doc": "d", "sentence": "B is a member of C.", "start": 20}])
>>> p = write_report(G, pathlib.Path(tempfile.mkdtemp()) / "report.html", plots=False)
>>> "Most central actors" in p.read_text(encoding="utf-8")
True
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import math
import warnings
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from .._io import atomic_write_text
from ..errors import ExportError
from ..graph.analysis import analyse, compare_years, timeline
from ..graph.analysis.brokerage import CROSS_ROLES
from ..graph.analysis.core import why
from ..schema import CO_MENTION, LEVELS

#: Measures with a "most central" table, and what each means for a reader.
MEASURES: dict[str, str] = {
    "pagerank": "linked, strongly, to actors that are themselves central",
    "degree": "linked to the most other actors",
    "betweenness": "on the most shortest chains between other actors: a go-between",
    "eigenvector": "at the heart of the densest part of the network",
    "brokerage": "connects actors of different levels that are not linked to each other",
}
ROLE_TEXT: dict[str, str] = {
    "coordinator": "links two actors of its own group",
    "itinerant": "an outsider linking two actors of one other group",
    "representative": "carries its group's ties out to another group",
    "gatekeeper": "lets another group's ties into its own group",
    "liaison": "links two groups it does not belong to",
}
#: Communities listed in the page (the others are counted).
MAX_COMMUNITIES = 15
#: Members named per community.
MEMBERS_SHOWN = 12

CSS = """
:root { --ink: #1d2330; --muted: #5b6472; --rule: #dfe3ea; --accent: #1f5fa8; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: var(--ink); background: var(--bg); }
header { background: #17324f; color: #fff; padding: 28px 40px 22px; }
header h1 { margin: 0 0 6px; font-size: 26px; }
header p { margin: 0; color: #c9d6e6; }
nav { background: #fff; border-bottom: 1px solid var(--rule); padding: 8px 40px; position: sticky; top: 0; }
nav a { color: var(--accent); margin-right: 18px; text-decoration: none; font-weight: 600; font-size: 14px; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 40px 60px; }
section { background: #fff; border: 1px solid var(--rule); border-radius: 8px; padding: 18px 24px; margin: 22px 0; }
h2 { margin: 0 0 10px; font-size: 21px; }
h3 { margin: 18px 0 6px; font-size: 16px; }
p.note, .note { color: var(--muted); font-size: 13px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; }
.figure { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; }
.figure b { display: block; font-size: 24px; color: var(--accent); }
.figure span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: #f0f2f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
details summary { cursor: pointer; color: var(--accent); }
blockquote { margin: 4px 0 8px 0; padding: 2px 10px; border-left: 3px solid var(--rule); color: #333; }
.src { color: var(--muted); font-size: 12px; }
img.plot { max-width: 100%; height: auto; display: block; margin: 8px auto; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
footer { text-align: center; color: var(--muted); font-size: 12px; padding: 10px; }
"""


def _e(x: Any) -> str:
    """Escaped text ('' for None)."""
    return "" if x is None else html.escape(str(x), quote=True)


def _num(x: Any, digits: int = 3) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) >= 1):
        return f"{int(x):,}"
    if isinstance(x, float):
        return f"{x:.{digits}g}" if math.isfinite(x) else "–"
    return _e(x)


# --- data -------------------------------------------------------------------------------------

def _evidence(G: nx.MultiDiGraph, v: Any, u: Any, with_co_mentions: bool,
              docs: dict[Any, dict[str, Any]]) -> dict[str, Any] | None:
    """The first sentence (in a stable order) proving a relation between v and u, either direction."""
    best = None
    for a, b in ((v, u), (u, v)):
        for k, d in sorted(G.succ[a].get(b, {}).items()):
            if k == CO_MENTION and not with_co_mentions:
                continue
            for ev in d.get("evidence") or []:
                if not ev.get("sentence"):
                    continue
                key = (k == CO_MENTION, str(ev.get("date") or ""), str(ev.get("doc")), ev.get("start") or 0)
                if best is None or key < best[0]:
                    info = docs.get(ev.get("doc"), {})
                    best = (key, {"type": k, "source": a, "target": b, "sentence": ev.get("sentence"),
                                  "doc": info.get("path") or info.get("title") or ev.get("doc"),
                                  "date": ev.get("date") or info.get("date")})
    return best[1] if best else None


def report_data(G: nx.MultiDiGraph, *, seed: int = 42, with_co_mentions: bool = False, top: int = 10,
                analysis: dict[str, Any] | None = None,
                progress: Callable[[str, int, int], None] | None = None) -> dict[str, Any]:
    """Everything the report shows, as plain data (JSON-safe).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph model. Not modified.
    seed : int
        Seed of the analysis.
    with_co_mentions : bool
        Count co-mentions in the analysis (at a lower weight).
    top : int
        Actors listed per measure.
    analysis : dict, optional
        A result of :func:`~maillage.graph.analysis.analyse` to reuse instead of running it.
    progress : callable, optional
        Passed to :func:`~maillage.graph.analysis.analyse`.
    """
    res = analysis if analysis is not None else analyse(G, seed=seed, top=top, with_co_mentions=with_co_mentions,
                                                        progress=progress)
    scores: dict[Any, dict[str, Any]] = res["scores"]
    docs = {d.get("id"): d for d in G.graph.get("documents", [])}
    tops: dict[str, list[dict[str, Any]]] = {}
    for measure in MEASURES:
        ranked = sorted((v for v, s in scores.items() if (s.get(measure) or 0) > 0),
                        key=lambda v: (-(scores[v][measure] or 0.0), str(v)))[:top]
        rows = []
        for v in ranked:
            d = G.nodes[v]
            rel_rows = why(G, v, scores, with_co_mentions=with_co_mentions, limit=4)
            for r in rel_rows:
                r["evidence"] = _evidence(G, v, r["id"], with_co_mentions, docs)
            rows.append({"id": v, "name": d.get("name", v), "type": d.get("type"), "level": d.get("level"),
                         "score": scores[v][measure], "scores": scores[v], "why": rel_rows,
                         "community": res["communities"]["membership"].get(v)})
        tops[measure] = rows
    type_counts: dict[str, int] = {}
    for _, d in G.nodes(data=True):
        t = str(d.get("type") or "unknown")
        type_counts[t] = type_counts.get(t, 0) + 1
    rel_counts: dict[str, int] = {}
    for _, _, k in G.edges(keys=True):
        rel_counts[k] = rel_counts.get(k, 0) + 1
    tl = timeline(G)
    change = None
    if tl["first"] is not None and tl["last"] is not None and tl["first"] != tl["last"]:
        change = compare_years(G, tl["first"], tl["last"], limit=12)
    level_counts = {lv: 0 for lv in LEVELS}
    for v in scores:
        lv = G.nodes[v].get("level")
        if lv in level_counts:
            level_counts[lv] += 1
    cut = [{"id": v, "name": G.nodes[v].get("name", v), "type": G.nodes[v].get("type"),
            "betweenness": scores[v]["betweenness"]} for v in res["articulation_points"]]
    cut.sort(key=lambda r: (-(r["betweenness"] or 0.0), str(r["id"])))
    return {"analysis": res, "top": tops, "types": dict(sorted(type_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "relations": dict(sorted(rel_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "levels": level_counts, "timeline": tl, "change": change, "cut_points": cut,
            "names": {v: G.nodes[v].get("name", v) for v in scores},
            "brokers": sum(1 for s in scores.values() if (s.get("brokerage") or 0) > 0)}


# --- plots ------------------------------------------------------------------------------------

def _png(draw: Callable[[Any], None], *, size: tuple[float, float] = (6.4, 3.6)) -> str:
    """A figure drawn by ``draw(fig)`` as a ``data:image/png;base64,…`` URI (byte-stable)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"text.parse_math": False, "font.family": "DejaVu Sans", "font.size": 9,
                                "svg.hashsalt": "maillage", "axes.spines.top": False,
                                "axes.spines.right": False}), warnings.catch_warnings():
        # names in scripts the bundled font lacks are drawn as boxes, not an error
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        warnings.filterwarnings("ignore", message=r"Matplotlib currently does not support", category=UserWarning)
        fig = Figure(figsize=size, dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _short(name: Any, n: int = 38) -> str:
    s = " ".join(str(name).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _plot_top(rows: list[dict[str, Any]], measure: str) -> str:
    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        names = [_short(r["name"]) for r in rows][::-1]
        vals = [float(r["score"] or 0.0) for r in rows][::-1]
        ax.barh(range(len(vals)), vals, color="#1f5fa8")
        ax.set_yticks(range(len(vals)), labels=names)
        ax.set_xlabel(measure)
        ax.set_title("Top brokers between levels (open paths brokered)" if measure == "brokerage"
                     else f"Most central actors by {measure}")
    return _png(draw, size=(6.4, 0.9 + 0.28 * len(rows)))


def _plot_map(data: dict[str, Any]) -> str:
    """PageRank against betweenness: central actors versus go-betweens."""
    scores = data["analysis"]["scores"]
    pts = [(v, s["pagerank"] or 0.0, s["betweenness"] or 0.0) for v, s in scores.items()]
    label = {r["id"] for m in ("pagerank", "betweenness") for r in data["top"][m][:6]}

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        ax.scatter([p[1] for p in pts], [p[2] for p in pts], s=14, alpha=0.6, color="#1f5fa8", linewidths=0)
        for v, x, y in sorted(pts, key=lambda p: str(p[0])):
            if v in label:
                ax.annotate(_short(data["names"][v], 28), (x, y), fontsize=7, xytext=(3, 3),
                            textcoords="offset points")
        ax.set_xlabel("PageRank (central)")
        ax.set_ylabel("betweenness (go-between)")
        ax.set_title("Who is central, who is a go-between")
    return _png(draw, size=(6.4, 4.2))


def _plot_degrees(data: dict[str, Any]) -> str:
    res = data["analysis"]
    n = max(res["graph"]["actors"] - 1, 1)
    counts: dict[int, int] = {}
    for s in res["scores"].values():
        k = int(round((s["degree"] or 0.0) * n))
        counts[k] = counts.get(k, 0) + 1
    ks = sorted(k for k in counts if k > 0)

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        ax.scatter(ks, [counts[k] for k in ks], s=14, color="#b5462b")
        if len(ks) > 1 and ks[-1] / ks[0] >= 10:
            ax.set_xscale("log")
            ax.set_yscale("log")
        ax.set_xlabel("links of an actor")
        ax.set_ylabel("actors")
        ax.set_title("How links are spread: a few hubs, many actors with one or two links")
    return _png(draw)


def _plot_timeline(tl: dict[str, Any]) -> str:
    years = [r["year"] for r in tl["years"]]

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        x = list(range(len(years)))
        ax.bar([i - 0.2 for i in x], [r["documents"] for r in tl["years"]], width=0.4, label="documents",
               color="#7a8ca3")
        ax.bar([i + 0.2 for i in x], [r["relations"] for r in tl["years"]], width=0.4, label="relations",
               color="#1f5fa8")
        ax.set_xticks(x, labels=[str(y) for y in years], rotation=45 if len(years) > 12 else 0)
        ax.legend(frameon=False)
        ax.set_title("Documents and stated relations by year")
    return _png(draw)


def _plot_communities(comms: list[dict[str, Any]]) -> str:
    shown = comms[:MAX_COMMUNITIES]

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        ax.barh(range(len(shown)), [c["size"] for c in shown][::-1], color="#3c8d5a")
        ax.set_yticks(range(len(shown)), labels=[f"#{c['id']} {_short(c['label'], 44)}" for c in shown][::-1])
        ax.set_xlabel("actors")
        ax.set_title("Communities by size")
    return _png(draw, size=(6.4, 0.9 + 0.28 * len(shown)))


def render_plots(data: dict[str, Any]) -> dict[str, str]:
    """The report's PNG plots as data URIs, by name (only those with something to show)."""
    out = {}
    res = data["analysis"]
    if res["graph"]["links"] > 0:
        out["map"] = _plot_map(data)
        out["degrees"] = _plot_degrees(data)
        for m in ("pagerank", "brokerage"):
            if data["top"][m]:
                out[f"top_{m}"] = _plot_top(data["top"][m], m)
    if len(res["communities"]["communities"]) > 1 and res["graph"]["links"] > 0:
        out["communities"] = _plot_communities(res["communities"]["communities"])
    if len(data["timeline"]["years"]) > 1:
        out["timeline"] = _plot_timeline(data["timeline"])
    return out


# --- HTML -------------------------------------------------------------------------------------

def _table(head: list[tuple[str, bool]], rows: list[list[str]]) -> str:
    """A table; cells are already-escaped HTML; ``head`` is ``[(label, numeric)]``."""
    th = "".join(f'<th class="num">{_e(h)}</th>' if num else f"<th>{_e(h)}</th>" for h, num in head)
    body = []
    for r in rows:
        body.append("<tr>" + "".join(f'<td class="num">{c}</td>' if num else f"<td>{c}</td>"
                                     for c, (_, num) in zip(r, head)) + "</tr>")
    return f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _img(uri: str | None, alt: str) -> str:
    return f'<img class="plot" alt="{_e(alt)}" src="{uri}">' if uri else ""


def _why_html(rows: list[dict[str, Any]], names: dict[Any, Any]) -> str:
    if not rows:
        return '<span class="note">no stated relation</span>'
    short = "; ".join(f"{_e('/'.join(r['relations']))} <b>{_e(r['name'])}</b>" for r in rows[:3])
    proofs = []
    for r in rows:
        ev = r.get("evidence")
        if not ev:
            continue
        src = ", ".join(_e(x) for x in (ev.get("doc"), ev.get("date")) if x)
        proofs.append(f"<div>{_e(r['name'])} — {_e('/'.join(r['relations']))}"
                      f"<blockquote>“{_e(ev['sentence'])}” <span class=\"src\">{src}</span></blockquote></div>")
    if not proofs:
        return short
    return f"<details><summary>{short}</summary>{''.join(proofs)}</details>"


def _section_figures(data: dict[str, Any]) -> str:
    res = data["analysis"]
    g, c = res["graph"], res["communities"]
    tl = data["timeline"]
    years = f"{tl['first']}–{tl['last']}" if tl["first"] is not None else "undated"
    figs = [(g["documents"], "documents"), (g["nodes"], "actors and events"), (g["relations"], "stated relations"),
            (g["co_mentions"], "co-mentions"), (g["links"], "links analysed"), (g["components"], "connected groups"),
            (g["largest_component"], "actors in the largest group"), (c["count"], "communities"),
            (f"{c['modularity']:.2f}", "modularity"), (data["brokers"], "brokers between levels"),
            (len(res["articulation_points"]), "cut points"), (years, "years covered")]
    cards = "".join(f'<div class="figure"><b>{_num(v) if not isinstance(v, str) else _e(v)}</b>'
                    f"<span>{_e(label)}</span></div>" for v, label in figs)
    types = ", ".join(f"{_e(t)} {n:,}" for t, n in data["types"].items())
    rels = ", ".join(f"{_e(t)} {n:,}" for t, n in data["relations"].items())
    levels = ", ".join(f"{_e(lv)} {n:,}" for lv, n in data["levels"].items())
    return (f'<section id="figures"><h2>Key figures</h2><div class="figures">{cards}</div>'
            f"<p><b>Actors by type:</b> {types or '–'}</p><p><b>Relations by type:</b> {rels or '–'}</p>"
            f"<p><b>Analysed actors by level:</b> {levels}</p></section>")


def _section_central(data: dict[str, Any], figs: dict[str, str]) -> str:
    parts = ['<section id="central"><h2>Most central actors</h2>',
             '<p class="note">Central in what sense: each measure answers a different question. '
             "Unfold a line to read the sentences that prove an actor's strongest relations.</p>"]
    if "map" in figs:
        parts.append('<div class="grid2">' + _img(figs.get("map"), "PageRank against betweenness")
                     + _img(figs.get("top_pagerank"), "Top actors by PageRank") + "</div>")
    names = data["names"]
    for measure, meaning in MEASURES.items():
        rows = data["top"][measure]
        parts.append(f"<h3>By {_e(measure)}</h3><p class=\"note\">{_e(meaning)}.</p>")
        if not rows:
            parts.append('<p class="note">No actor scores above zero.</p>')
            continue
        parts.append(_table([("#", True), ("actor", False), ("type", False), ("level", False), (measure, True),
                             ("why: strongest relations", False)],
                            [[str(i + 1), f"<b>{_e(r['name'])}</b>", _e(r["type"]), _e(r["level"] or "–"),
                              _num(r["score"]), _why_html(r["why"], names)] for i, r in enumerate(rows)]))
    parts.append("</section>")
    return "".join(parts)


def _section_communities(data: dict[str, Any], figs: dict[str, str]) -> str:
    c = data["analysis"]["communities"]
    names = data["names"]
    comms = c["communities"]
    rows = []
    for com in comms[:MAX_COMMUNITIES]:
        members = ", ".join(_e(names.get(v, v)) for v in com["members"][:MEMBERS_SHOWN])
        more = com["size"] - min(com["size"], MEMBERS_SHOWN)
        rows.append([str(com["id"]), _num(com["size"]), f"<b>{_e(com['label'])}</b>",
                     members + (f" <span class=\"note\">and {more:,} more</span>" if more else "")])
    rest = len(comms) - len(rows)
    return (f'<section id="communities"><h2>Communities</h2><p>{len(comms):,} communities '
            f"({_e(c['algorithm'])}, seed {_e(c['seed'])}), modularity <b>{c['modularity']:.3f}</b> "
            '<span class="note">(0: no division; above 0.3: clear clusters)</span>. Each is named after its '
            "most central members.</p>" + _img(figs.get("communities"), "Communities by size")
            + (_table([("#", True), ("actors", True), ("label", False), ("members, most central first", False)], rows)
               if rows else '<p class="note">No community.</p>')
            + (f'<p class="note">{rest:,} smaller communities not listed.</p>' if rest > 0 else "") + "</section>")


def _broker_table(block: dict[str, Any], group_label: Callable[[Any], str], top: int) -> str:
    rows = []
    for r in block["top"][:top]:
        rows.append([f"<b>{_e(r['name'])}</b>", _e(r["type"]), _e(group_label(r)), _num(r["total"]),
                     *[_num(r[role]) for role in CROSS_ROLES]])
    if not rows:
        return '<p class="note">No actor brokers between these groups.</p>'
    exact = "" if block.get("exact", True) else ' <span class="note">(busiest brokers estimated from a sample)</span>'
    return _table([("actor", False), ("type", False), (block["groups"], False), ("open paths brokered", True),
                   *[(role, True) for role in CROSS_ROLES]], rows) + exact


def _section_brokers(data: dict[str, Any], figs: dict[str, str], top: int) -> str:
    res = data["analysis"]
    roles = "".join(f"<li><b>{_e(r)}</b>: {_e(t)}</li>" for r, t in ROLE_TEXT.items() if r in CROSS_ROLES)
    cut = ", ".join(f"<b>{_e(r['name'])}</b>" for r in data["cut_points"][:20])
    more = len(data["cut_points"]) - 20
    return ('<section id="brokers"><h2>Brokers</h2>'
            "<p>A broker sits between two actors that are not linked to each other (Gould &amp; Fernandez). "
            "Its roles depend on the groups of the three actors:</p><ul>" + roles + "</ul>"
            "<h3>Between levels (local, regional, national, european, global)</h3>"
            + _img(figs.get("top_brokerage"), "Top brokers between levels")
            + _broker_table(res["brokerage"]["levels"], lambda r: r.get("level") or "–", top)
            + "<h3>Between communities</h3>"
            + _broker_table(res["brokerage"]["communities"], lambda r: f"#{r.get('community')}", top)
            + "<h3>Cut points</h3><p>Actors whose removal would split the network: "
            + (cut or '<span class="note">none</span>')
            + (f' <span class="note">and {more:,} more</span>' if more > 0 else "") + ".</p></section>")


def _section_timeline(data: dict[str, Any], figs: dict[str, str]) -> str:
    tl = data["timeline"]
    rows = [[str(r["year"]), _num(r["documents"]), _num(r["relations"]), _num(r["co_mentions"]), _num(r["actors"])]
            for r in tl["years"]]
    u = tl["undated"]
    if u["documents"] or u["relations"] or u["co_mentions"]:
        rows.append(['<span class="note">undated</span>', _num(u["documents"]), _num(u["relations"]),
                     _num(u["co_mentions"]), _num(u["actors"])])
    parts = ['<section id="timeline"><h2>Timeline</h2>', _img(figs.get("timeline"), "Documents and relations by year")]
    parts.append(_table([("year", False), ("documents", True), ("relations", True), ("co-mentions", True),
                         ("actors", True)], rows) if rows else '<p class="note">No document.</p>')
    ch = data["change"]
    if ch:
        a, b = ch["years"]

        def names(items: list[dict[str, Any]]) -> str:
            return ", ".join(_e(x["name"]) for x in items) or "–"

        def rels(items: list[dict[str, Any]]) -> str:
            return "; ".join(f"{_e(x['source_name'])} <i>{_e(x['type'])}</i> {_e(x['target_name'])}"
                             for x in items) or "–"
        parts.append(f"<h3>What changed between {a} and {b}</h3>"
                     f"<p><b>Actors documented in {b} but not in {a}:</b> {names(ch['actors']['new'])}</p>"
                     f"<p><b>Actors documented in {a} but not in {b}:</b> {names(ch['actors']['gone'])}</p>"
                     f"<p><b>Relations new in {b}:</b> {rels(ch['relations']['new'])}</p>"
                     '<p class="note">Lists are cut at 12 entries.</p>')
    parts.append("</section>")
    return "".join(parts)


def _section_method(data: dict[str, Any], figs: dict[str, str]) -> str:
    res = data["analysis"]
    g, o = res["graph"], res["options"]
    p = g["projection"]
    btw = "exact" if g["betweenness"]["exact"] else f"estimated from {g['betweenness']['sources']:,} sampled sources"
    return ('<section id="method"><h2>How this was computed</h2><ul>'
            f"<li>Links analysed: stated relations{' and co-mentions (lower weight)' if o['with_co_mentions'] else ''}"
            f", undirected, weighted by their number of evidences; {p.get('events_projected', 0):,} events replaced by "
            f"{p.get('event_links', 0):,} inferred links between their participants.</li>"
            f"<li>Betweenness and closeness: {_e(btw)}; kernels: {_e(g['kernel'])}; "
            f"communities: {_e(o['algorithm'])}, seed {_e(o['seed'])}.</li>"
            "<li>Eigenvector centrality is computed on the largest connected group (0 elsewhere).</li>"
            "<li>Every relation comes with the sentences that state it; co-mentions (two actors in one "
            "sentence) are never counted as stated relations.</li></ul>"
            + (f'<div class="grid2">{_img(figs.get("degrees"), "Distribution of links")}<div></div></div>'
               if "degrees" in figs else "") + "</section>")


def render_report(data: dict[str, Any], *, title: str = "maillage — influence report", top: int = 10,
                  plots_: dict[str, str] | None = None) -> str:
    """The HTML page of :func:`report_data` (a string; no file written)."""
    figs = plots_ or {}
    css_hash = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; style-src 'sha256-{css_hash}'; img-src data:; base-uri 'none'; "
           "form-action 'none'")
    g = data["analysis"]["graph"]
    sub = (f"{g['documents']:,} documents · {g['nodes']:,} actors and events · {g['relations']:,} stated relations "
           f"· {g['co_mentions']:,} co-mentions")
    nav = "".join(f'<a href="#{a}">{_e(t)}</a>' for a, t in [
        ("figures", "Key figures"), ("central", "Central actors"), ("communities", "Communities"),
        ("brokers", "Brokers"), ("timeline", "Timeline"), ("method", "Method")])
    body = (_section_figures(data) + _section_central(data, figs) + _section_communities(data, figs)
            + _section_brokers(data, figs, top) + _section_timeline(data, figs) + _section_method(data, figs))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>"
            f"<header><h1>{_e(title)}</h1><p>{_e(sub)}</p></header><nav>{nav}</nav><main>\n{body}\n</main>"
            "<footer>Made with maillage. Every relation in this report is backed by the sentences quoted; "
            "this page makes no network request.</footer></body></html>\n")


def write_report(G: nx.MultiDiGraph, path: str | Path, *, seed: int = 42, with_co_mentions: bool = False,
                 top: int = 10, title: str = "maillage — influence report", plots: bool = True,
                 analysis: dict[str, Any] | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> Path:
    """Write the analyst report of ``G`` to ``path`` (one self-contained HTML file), atomically.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph model. Not modified.
    path : str or Path
        The HTML file to write (its folder is created).
    seed : int
        Seed of the analysis (same graph, same seed: same bytes).
    with_co_mentions : bool
        Count co-mentions in the analysis.
    top : int
        Actors listed per measure and brokers per table.
    title : str
        Page title.
    plots : bool
        Embed the PNG plots (matplotlib).
    analysis : dict, optional
        A result of :func:`~maillage.graph.analysis.analyse` to reuse.
    progress : callable, optional
        ``progress(step, done, total)`` of the analysis.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ExportError
        When the file cannot be written.
    """
    data = report_data(G, seed=seed, with_co_mentions=with_co_mentions, top=top, analysis=analysis,
                       progress=progress)
    page = render_report(data, title=title, top=top, plots_=render_plots(data) if plots else None)
    try:
        return atomic_write_text(path, page)
    except OSError as exc:
        raise ExportError(f"cannot write the report to {path}: {exc}") from None

