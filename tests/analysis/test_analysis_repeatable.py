"""Same graph, same scores to the last bit, from one process to the next (igraph kernels included)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analysis_synth import synthetic_graph  # benchmarks/, on the path through conftest.py
from maillage.graph.analysis.centrality import use_igraph
from maillage.graph.analysis.projection import as_projection
from maillage.graph.store import write_graph


def _analyse_in_fresh_process(src: Path, dest: Path) -> bytes:
    dest.write_bytes(src.read_bytes())
    # a new interpreter each time: igraph's random generator and OpenMP pool start afresh
    subprocess.run([sys.executable, "-c", "import sys; from maillage.cli import main; sys.exit(main())",
                    "analyse", str(dest), "--no-progress"], check=True, capture_output=True)
    return dest.read_bytes()


def test_analyse_writes_the_same_bytes_in_two_processes(tmp_path: Path):
    G = synthetic_graph(8_000, seed=3, mean_community=150)
    assert use_igraph(as_projection(G))  # the igraph kernels run, not networkx
    src = write_graph(G, tmp_path / "graph.json")
    first = _analyse_in_fresh_process(src, tmp_path / "a.json")
    second = _analyse_in_fresh_process(src, tmp_path / "b.json")
    assert b'"eigenvector"' in first and b'"pagerank"' in first
    assert first == second
