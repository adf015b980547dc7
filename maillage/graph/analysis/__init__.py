"""Influence analysis: pure functions ``f(G, *, options) -> data`` that never modify G.

- :mod:`.projection`  which edges count (stated relations; co-mentions optionally; events projected
  to inferred actor-actor links; persons folded into their organisations)
- :mod:`.centrality`  degree, weighted degree, PageRank, betweenness, eigenvector, closeness,
  Burt's constraint and effective size, bridges, articulation points, k-core
- :mod:`.communities` Louvain (seeded) and Leiden, modularity, labels
- :mod:`.brokerage`   Gould-Fernandez roles between levels and between communities
- :mod:`.paths`       name resolution ("CCRE" finds CEMR) and shortest chains with evidence
- :mod:`.ego`         ego networks as sub-graphs in the graph-file model
- :mod:`.timeline`    documents and relations per year, time slices, two years compared
- :mod:`.core`        :func:`analyse` (all of it) and :func:`annotate` (scores onto a copy of G)

networkx is the reference; igraph's C kernels take over above ``IGRAPH_MIN_EDGES`` links and the
tests check that both agree.
"""
from .brokerage import brokerage, brokerage_roles
from .centrality import (
    articulation_points,
    betweenness,
    bridges,
    closeness,
    constraint,
    core_number,
    degree,
    effective_size,
    eigenvector,
    pagerank,
    weighted_degree,
)
from .communities import communities
from .core import MEASURES, RANKABLE, analyse, annotate, why
from .ego import ego_network, ego_table
from .paths import format_path, resolve, shortest_paths, suggest
from .projection import Projection, project, projection
from .timeline import compare_years, time_slice, timeline

__all__ = [
    "MEASURES", "RANKABLE", "Projection", "analyse", "annotate", "articulation_points", "betweenness",
    "bridges", "brokerage", "brokerage_roles", "closeness", "communities", "compare_years", "constraint",
    "core_number", "degree", "effective_size", "ego_network", "ego_table", "eigenvector", "format_path",
    "pagerank", "project", "projection", "resolve", "shortest_paths", "suggest", "time_slice", "timeline",
    "weighted_degree", "why",
]
