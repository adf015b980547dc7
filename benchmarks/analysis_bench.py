"""The whole ``analyse`` on synthetic graphs of 10k, 100k and 1M edges: time, peak memory, ratio to networkx.

For each size, in fresh processes (so one run's memory does not hide in the next one's peak):

1. **analyse**: :func:`maillage.graph.analysis.analyse` on the graph of
   :func:`benchmarks.analysis_synth.synthetic_graph` (heavy-tailed degrees, planted communities,
   typed nodes and relations, evidence). The time of every step comes from its ``progress``
   callback. Memory: peak resident set size (RSS, psutil, sampled every 20 ms, and the kernel's
   ``ru_maxrss``), before and during ``analyse``; the graph itself is part of the process.
2. **networkx**: the plain networkx calls the steps replace, on the same undirected weighted
   projection (``nx.pagerank``, ``nx.betweenness_centrality``, ``nx.closeness_centrality``,
   ``nx.eigenvector_centrality_numpy``, ``nx.constraint``, ``nx.effective_size``, ``nx.bridges``,
   ``nx.articulation_points``, ``nx.core_number``, ``nx.community.louvain_communities`` +
   ``modularity``), each only on the sizes where it finishes in reasonable time (see
   ``BASELINES``); sampled betweenness/closeness use the same number of sources as ``analyse``.
   The ratio is networkx time / maillage step time, per measure. igraph and scipy are imported
   before the clock starts in both processes (a one-off second that is not the analysis).

Run::

    .venv/bin/python benchmarks/analysis_bench.py                 # 10k, 100k, 1M edges
    .venv/bin/python benchmarks/analysis_bench.py --sizes 10000   # one size

Writes benchmarks/results/analysis.json. The machine is shared and has 2 cores: timings are
noisy; compare ratios, not seconds.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

RESULTS = ROOT / "benchmarks" / "results" / "analysis.json"
SIZES = [10_000, 100_000, 1_000_000]

#: networkx call -> largest size (edges) it is run on, and the analyse step(s) it replaces
BASELINES: dict[str, tuple[int, tuple[str, ...]]] = {
    "projection (nx.Graph from the MultiDiGraph)": (1_000_000, ("projection",)),
    "pagerank": (1_000_000, ("pagerank",)),
    "betweenness (exact)": (10_000, ("betweenness",)),
    "betweenness (sampled, same k)": (100_000, ("betweenness",)),
    "closeness (exact)": (10_000, ("closeness",)),
    "eigenvector": (1_000_000, ("eigenvector",)),
    "constraint": (10_000, ("constraint",)),
    "effective size": (10_000, ("effective size",)),
    "bridges + articulation points": (1_000_000, ("bridges and cut points",)),
    "core number": (1_000_000, ("k-core",)),
    "louvain + modularity": (100_000, ("communities",)),
}


class PeakRSS:
    """Peak resident memory of this process, sampled in a thread."""

    def __init__(self, interval: float = 0.02) -> None:
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)


def _mb(x: float) -> float:
    return round(x / 2**20, 1)


def run_analyse(size: int, seed: int) -> dict[str, Any]:
    import psutil

    import igraph  # noqa: F401  (imported before timing: a one-off ~1 s that is not the analysis)
    import scipy.sparse.csgraph  # noqa: F401

    from analysis_synth import synthetic_graph
    from maillage.graph.analysis import analyse

    t0 = time.perf_counter()
    G = synthetic_graph(size, seed=seed)
    gen_s = time.perf_counter() - t0
    rss_graph = psutil.Process().memory_info().rss
    marks: list[tuple[str, float]] = []

    def progress(step: str, done: int, total: int) -> None:
        marks.append((step, time.perf_counter()))

    with PeakRSS() as peak:
        t0 = time.perf_counter()
        res = analyse(G, seed=seed, progress=progress)
        total_s = time.perf_counter() - t0
    steps = {marks[i][0]: round(marks[i + 1][1] - marks[i][1], 3) for i in range(len(marks) - 1)}
    g = res["graph"]
    return {"edges_requested": size, "graph_nodes": G.number_of_nodes(), "graph_edges": G.number_of_edges(),
            "actors": g["actors"], "links": g["links"], "kernel": g["kernel"], "betweenness": g["betweenness"],
            "communities": res["communities"]["count"], "modularity": round(res["communities"]["modularity"], 4),
            "generate_s": round(gen_s, 2), "analyse_s": round(total_s, 2), "steps_s": steps,
            "rss_graph_mb": _mb(rss_graph), "rss_peak_mb": _mb(peak.peak),
            "rss_analyse_extra_mb": _mb(peak.peak - rss_graph),
            "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _plain_projection(G: Any) -> Any:
    """What a user of plain networkx would write: stated relations, undirected, weights summed."""
    import networkx as nx

    from maillage.schema import RELATION_TYPES

    stated = {k for k, r in RELATION_TYPES.items() if r.stated}
    H = nx.Graph()
    H.add_nodes_from(v for v, d in G.nodes(data=True) if d.get("type") != "event")
    for u, v, k, d in G.edges(keys=True, data=True):
        if k in stated and u != v:
            w = d.get("weight", 1)
            if H.has_edge(u, v):
                H[u][v]["weight"] += w
            else:
                H.add_edge(u, v, weight=w)
    return H


def run_networkx(size: int, seed: int) -> dict[str, Any]:
    import networkx as nx

    from analysis_synth import synthetic_graph
    from maillage.graph.analysis.centrality import sampling_plan
    from maillage.graph.analysis.projection import projection

    import scipy.sparse.linalg  # noqa: F401

    G = synthetic_graph(size, seed=seed)
    proj = projection(G)
    H = proj.to_networkx()  # the same graph analyse measures, so the calls do the same work
    exact, k = sampling_plan(proj)
    calls: dict[str, Callable[[], Any]] = {
        "projection (nx.Graph from the MultiDiGraph)": lambda: _plain_projection(G),
        "pagerank": lambda: nx.pagerank(H, alpha=0.85, weight="weight"),
        "betweenness (exact)": lambda: nx.betweenness_centrality(H),
        "betweenness (sampled, same k)": lambda: nx.betweenness_centrality(H, k=k, seed=seed),
        "closeness (exact)": lambda: nx.closeness_centrality(H),
        "eigenvector": lambda: nx.eigenvector_centrality_numpy(
            H.subgraph(max(nx.connected_components(H), key=len)), weight="weight"),
        "constraint": lambda: nx.constraint(H, weight="weight"),
        "effective size": lambda: nx.effective_size(H),
        "bridges + articulation points": lambda: (list(nx.bridges(H)), list(nx.articulation_points(H))),
        "core number": lambda: nx.core_number(H),
        "louvain + modularity": lambda: nx.community.modularity(
            H, nx.community.louvain_communities(H, weight="weight", seed=seed), weight="weight"),
    }
    out: dict[str, Any] = {}
    for name, (max_size, _) in BASELINES.items():
        if size > max_size:
            continue
        if name == "betweenness (exact)" and not exact:
            continue
        if name == "betweenness (sampled, same k)" and exact:
            continue
        t0 = time.perf_counter()
        calls[name]()
        out[name] = round(time.perf_counter() - t0, 3)
        print(f"  networkx {name}: {out[name]:.2f} s", file=sys.stderr, flush=True)
    return {"edges_requested": size, "sampling_sources": k, "exact": exact, "seconds": out}


def _child(kind: str, size: int, seed: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, "--sizes", str(size), "--seed", str(seed)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}", "edges_requested": size}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ratios(an: dict[str, Any], nxr: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, secs in nxr.get("seconds", {}).items():
        ours = sum(an.get("steps_s", {}).get(s, 0.0) for s in BASELINES[name][1])
        out[name] = {"networkx_s": secs, "maillage_s": round(ours, 3),
                     "speedup": round(secs / ours, 1) if ours > 0 else None}
    return out


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["| edges (actors, links) | kernel | analyse s | peak RSS MB (graph alone) | networkx s, same measures | speedup |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        a = r["analyse"]
        if "error" in a:
            lines.append(f"| {r['edges']:,} | error | {a['error']} | | | |")
            continue
        comp = r["ratios"]
        nx_sum = sum(c["networkx_s"] for c in comp.values())
        ours = sum(c["maillage_s"] for c in comp.values())
        lines.append(f"| {a['graph_edges']:,} ({a['actors']:,}, {a['links']:,}) | {a['kernel']} | {a['analyse_s']} "
                     f"| {a['rss_peak_mb']:,} ({a['rss_graph_mb']:,}) | {nx_sum:.1f} ({len(comp)} calls) "
                     f"| {nx_sum / ours:.1f}x |" if ours else "| | | | | | |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-networkx", action="store_true", help="Skip the networkx baselines.")
    ap.add_argument("--child", choices=["analyse", "networkx"], help=argparse.SUPPRESS)
    ap.add_argument("-o", "--output", type=Path, default=RESULTS)
    args = ap.parse_args()
    if args.child:
        fn = run_analyse if args.child == "analyse" else run_networkx
        print(json.dumps(fn(args.sizes[0], args.seed)))
        return
    results = []
    for size in args.sizes:
        print(f"[{size:,} edges] analyse", file=sys.stderr, flush=True)
        an = _child("analyse", size, args.seed)
        print(f"  analyse: {an.get('analyse_s')} s, peak RSS {an.get('rss_peak_mb')} MB", file=sys.stderr, flush=True)
        nxr: dict[str, Any] = {}
        if not args.no_networkx:
            print(f"[{size:,} edges] networkx", file=sys.stderr, flush=True)
            nxr = _child("networkx", size, args.seed)
        results.append({"edges": size, "analyse": an, "networkx": nxr, "ratios": ratios(an, nxr)})
    import networkx
    import igraph

    from maillage._io import atomic_write_json

    doc = {"benchmark": "analysis", "seed": args.seed,
           "machine": {"python": platform.python_version(), "platform": platform.platform(),
                       "cpus": __import__("os").cpu_count(), "networkx": networkx.__version__,
                       "igraph": igraph.__version__, "note": "shared 2-core machine: timings are noisy"},
           "results": results, "markdown": markdown(results)}
    atomic_write_json(args.output, doc)
    print(markdown(results))


if __name__ == "__main__":
    main()
