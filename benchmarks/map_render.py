"""Influence map: generation time in Python, file size and render time in headless chromium.

Synthetic graphs of 500, 2,000 and 10,000 actors (scale-free, typed, with evidence sentences,
documents, analysis scores and communities) are written with :func:`maillage.exports.html.write_map`
and opened in Debian's chromium (driven by Playwright, no browser download). "Render time" is
the time from navigation to the page's ``maillageMap.ready`` flag: the network has been drawn
and, below the layout threshold, vis-network's physics has stabilised.

Run::

    .venv/bin/python benchmarks/map_render.py            # 500, 2000, 10000 actors
    .venv/bin/python benchmarks/map_render.py --sizes 500 --repeat 1

Writes benchmarks/results/map_render.json. Timings depend on the machine: compare ratios.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from maillage.exports.html import build_map_data, render_map, write_map  # noqa: E402
from maillage.graph.store import add_edge  # noqa: E402
from maillage.schema import NODE_TYPES, STATED_RELATION_TYPES  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def synthetic_graph(n: int, *, seed: int = 1, edges_per_node: int = 2, with_scores: bool = True) -> nx.MultiDiGraph:
    """A scale-free maillage graph of ``n`` actors with evidence, documents, scores, communities."""
    rng = random.Random(seed)
    skeleton = nx.barabasi_albert_graph(n, edges_per_node, seed=seed)
    G = nx.MultiDiGraph()
    n_docs = max(1, n // 10)
    G.graph["documents"] = [{"id": f"d{i}", "path": f"corpus/doc_{i:05d}.txt", "title": f"Document {i}",
                             "lang": "fr" if i % 3 else "en", "date": f"{2010 + i % 14}-0{1 + i % 9}-15",
                             "format": "txt"} for i in range(n_docs)]
    G.graph["meta"] = {}
    for i in range(n):
        docs = sorted({f"d{rng.randrange(n_docs)}" for _ in range(2)})
        G.add_node(f"a{i:05d}", name=f"Actor {i} of the field", type=NODE_TYPES[i % len(NODE_TYPES)],
                   aliases=[f"Actor {i} of the field", f"A{i}", f"Acteur {i}"], documents=docs,
                   level=["local", "regional", "national", "european", "global"][i % 5], country="FR")
    for j, (u, v) in enumerate(sorted(skeleton.edges())):
        rel = STATED_RELATION_TYPES[j % len(STATED_RELATION_TYPES)] if j % 5 else "co_mentioned"
        doc = f"d{rng.randrange(n_docs)}"
        ev = [{"doc": doc, "sentence": f"Actor {u} and Actor {v} work together on programme {j}.",
               "start": j, "end": j + 50, "date": None, "lang": "fr",
               "method": "co-mention" if rel == "co_mentioned" else "pattern"}]
        add_edge(G, f"a{u:05d}", f"a{v:05d}", rel, ev)
    if with_scores:
        pr = nx.pagerank(nx.Graph(skeleton), max_iter=200)
        comms = nx.community.louvain_communities(skeleton, seed=seed)
        comm_of = {v: c for c, members in enumerate(sorted(comms, key=lambda s: (-len(s), min(s))))
                   for v in members}
        for i in range(n):
            nd = G.nodes[f"a{i:05d}"]
            nd["scores"] = {"pagerank": pr[i], "degree": skeleton.degree(i)}
            nd["community"] = comm_of[i]
            nd["community_label"] = f"group of Actor {min(v for v, c in comm_of.items() if c == comm_of[i])}" \
                if n <= 2000 else f"group {comm_of[i]}"
    return G


def render_time(path: Path, *, timeout_s: float = 600) -> dict:
    """Open ``path`` in headless chromium; seconds until the map is drawn (and stable)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            t0 = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            # a selector, not wait_for_function: the page's CSP forbids eval, which that uses
            page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=timeout_s * 1000)
            wall = time.perf_counter() - t0
            in_page = page.evaluate("window.maillageMap.readyAt") / 1000.0
            shown = page.evaluate("window.maillageMap.visibleNodeIds().length")
        finally:
            browser.close()
    return {"render_s": round(wall, 2), "ready_in_page_s": round(in_page, 2), "visible_nodes": shown,
            "console_errors": len(errors), "extra_requests": len([u for u in requests if u != path.as_uri()])}


def pyvis_add_calls(data: dict) -> float:
    """Baseline: seconds to feed the same nodes and edges through pyvis's add_node/add_edge."""
    from pyvis.network import Network

    net = Network(directed=True)
    t = time.perf_counter()
    for nd in data["nodes"]:
        net.add_node(nd["id"], label=nd["label"], color=nd["color"], value=nd["value"])
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"], color=e["color"]["color"], width=e["width"])
    return time.perf_counter() - t


def run(sizes: list[int], repeat: int, max_nodes_full: bool) -> dict:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            G = synthetic_graph(n)
            variants: list[tuple[str, dict]] = [("default", {})]
            if n <= 500:  # vis-network's physics in the browser, for contrast
                variants.append(("browser_physics", {"layout_threshold": 10 ** 9}))
            if max_nodes_full and n > 2000:
                variants.append(("all_shown", {"max_nodes": n}))
            for label, kw in variants:
                gen = []
                for _ in range(repeat):
                    t = time.perf_counter()
                    data = build_map_data(G, **kw)
                    t_data = time.perf_counter() - t
                    html = render_map(data)
                    gen.append((time.perf_counter() - t, t_data))
                out = write_map(G, Path(tmp) / f"map_{n}_{label}.html", **kw)
                renders = [render_time(out) for _ in range(repeat)]
                best = min(renders, key=lambda r: r["render_s"])
                row = {"actors": n, "variant": label, "relations": G.number_of_edges(),
                       "shown_actors": data["meta"]["shown_nodes"], "shown_relations": data["meta"]["shown_edges"],
                       "layout": data["meta"]["layout"],
                       "python_generation_s": round(min(g[0] for g in gen), 2),
                       "python_data_s": round(min(g[1] for g in gen), 2),
                       "pyvis_add_node_edge_s": round(pyvis_add_calls(data), 2),
                       "file_bytes": out.stat().st_size, "file_mb": round(out.stat().st_size / 1e6, 2),
                       **best}
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)
                del html
    return {"benchmark": "map_render", "machine": {"python": platform.python_version(),
            "platform": platform.platform(), "chromium": CHROMIUM}, "repeat": repeat, "results": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-full", action="store_true", help="skip the 'all actors shown' variant above 2,000")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "benchmarks" / "results" / "map_render.json")
    args = ap.parse_args()
    result = run(args.sizes, args.repeat, not args.no_full)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(args.output)


if __name__ == "__main__":
    main()
