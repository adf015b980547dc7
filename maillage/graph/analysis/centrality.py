"""Who is central, and in what sense: degree, PageRank, betweenness, eigenvector, closeness, structural holes.

Every function takes the maillage MultiDiGraph (projected with the default rules of
:mod:`.projection`), an undirected ``nx.Graph`` or a :class:`~.projection.Projection`, and returns
plain data (``{node id: value}`` or a list) without modifying its input.

Backends
--------
networkx is the model and the reference implementation. Above :data:`IGRAPH_MIN_EDGES` links
(``backend="auto"``) the same measure is computed by igraph's C kernels, which the tests check
against networkx on the same graphs: exactly for exact algorithms (degree, betweenness on the same
sources, k-core, bridges, articulation points, constraint, effective size), within 1e-8 for
iterative ones (PageRank, eigenvector, closeness).

Sampling
--------
Exact betweenness and closeness cost one shortest-path search per node: ``n * m`` steps. When
``n * m`` exceeds :data:`EXACT_WORK` (for instance 20,000 nodes and 5,000 links), both are
computed from ``k = max(MIN_SAMPLES, EXACT_WORK // m)`` source nodes drawn with
``random.Random(seed).sample(sorted node ids, k)``:

- betweenness is networkx's own estimator (``betweenness_centrality(k=..., seed=...)``: the
  sampled sums inflated by ``n / k``); igraph computes it from the same sources and gives the same
  values;
- closeness in a component holding at least :data:`MIN_COMPONENT_SOURCES` sampled sources is
  estimated from the mean distance to them (Eppstein & Wang 2004), with networkx's
  Wasserman-Faust scaling for disconnected graphs; nodes of the other components get their exact
  value.

All scores are unweighted shortest paths for betweenness and closeness (a link is a link; weights
are tie strengths, not distances) and weighted for PageRank, eigenvector, weighted degree and
constraint.

Examples
--------
>>> import networkx as nx
>>> H = nx.path_graph(["a", "b", "c"])
>>> betweenness(H)["b"]
1.0
>>> sorted(articulation_points(H))
['b']
"""
from __future__ import annotations

import math
import random
from typing import Any, Literal

import networkx as nx
import numpy as np

from ...errors import MaillageError
from .projection import Projection, as_projection, seeded_igraph

Backend = Literal["auto", "networkx", "igraph"]

#: Below this many links networkx computes every measure; above, igraph does.
IGRAPH_MIN_EDGES = 5_000
#: Exact betweenness/closeness up to this many node*link steps; sampled above.
EXACT_WORK = 100_000_000
#: Fewest sampled sources when sampling.
MIN_SAMPLES = 64
#: A component needs this many sampled sources for its closeness to be estimated, else it is exact.
MIN_COMPONENT_SOURCES = 16
#: PageRank damping factor.
ALPHA = 0.85


def use_igraph(proj: Projection, backend: Backend = "auto") -> bool:
    """Whether ``backend`` resolves to igraph for this projection."""
    if backend == "igraph":
        return True
    if backend == "networkx":
        return False
    if backend == "auto":
        return proj.m > IGRAPH_MIN_EDGES
    raise MaillageError(f"unknown backend {backend!r} (expected auto, networkx or igraph)")


def _as_dict(proj: Projection, values: np.ndarray | list[float]) -> dict[Any, float]:
    return {v: float(x) for v, x in zip(proj.nodes, values)}


def _from_dict(proj: Projection, values: dict[Any, float]) -> np.ndarray:
    return np.array([values[v] for v in proj.nodes], dtype=np.float64)


# --- degree -----------------------------------------------------------------------------------

def degree_array(proj: Projection) -> np.ndarray:
    """Degree centrality (distinct neighbours / (n - 1)), as networkx's ``degree_centrality``."""
    if proj.n <= 1:
        return np.ones(proj.n, dtype=np.float64)
    return proj.degree() / (proj.n - 1)


def degree(G: Any, **options: Any) -> dict[Any, float]:
    """Degree centrality of each actor: the share of the other actors it is linked to.

    Examples
    --------
    >>> import networkx as nx
    >>> degree(nx.star_graph(3))[0]
    1.0
    """
    proj = as_projection(G, **options)
    return _as_dict(proj, degree_array(proj))


def weighted_degree(G: Any, **options: Any) -> dict[Any, float]:
    """Sum of the weights of each actor's links (its number of evidences, co-mentions weighing less).

    Examples
    --------
    >>> import networkx as nx
    >>> H = nx.Graph(); H.add_edge("a", "b", weight=3); H.add_edge("a", "c", weight=1)
    >>> weighted_degree(H)["a"]
    4.0
    """
    proj = as_projection(G, **options)
    return _as_dict(proj, proj.strength())


# --- PageRank ---------------------------------------------------------------------------------

def pagerank_array(proj: Projection, *, alpha: float = ALPHA, backend: Backend = "auto") -> np.ndarray:
    """Weighted PageRank on the undirected projection (see :func:`pagerank`)."""
    if proj.n == 0:
        return np.zeros(0)
    if use_igraph(proj, backend):
        g = proj.to_igraph()
        return np.array(g.pagerank(directed=False, damping=alpha, weights="weight"), dtype=np.float64)
    H = proj.to_networkx()
    return _from_dict(proj, nx.pagerank(H, alpha=alpha, weight="weight", tol=1e-12, max_iter=10_000))


def pagerank(G: Any, *, alpha: float = ALPHA, backend: Backend = "auto", **options: Any) -> dict[Any, float]:
    """PageRank: central if linked, strongly, to central actors. Sums to 1.

    Examples
    --------
    >>> import networkx as nx
    >>> pr = pagerank(nx.star_graph(3))
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    (0, 1.0)
    """
    proj = as_projection(G, **options)
    return _as_dict(proj, pagerank_array(proj, alpha=alpha, backend=backend))


# --- betweenness and closeness: exact or sampled ---------------------------------------------

def sampling_plan(proj: Projection, samples: int | None = None) -> tuple[bool, int]:
    """``(exact, k)``: whether betweenness/closeness are exact, and how many sources are sampled.

    ``samples`` forces the number of sources (``samples >= n`` means exact).
    """
    n, m = proj.n, proj.m
    if samples is not None:
        k = max(1, min(int(samples), n))
        return k >= n, k
    if n * m <= EXACT_WORK:
        return True, n
    k = min(n, max(MIN_SAMPLES, EXACT_WORK // max(m, 1)))
    return k >= n, k


def sample_sources(proj: Projection, k: int, seed: int) -> list[Any]:
    """The ``k`` source nodes, drawn as networkx draws them for ``betweenness_centrality(k=, seed=)``."""
    return random.Random(seed).sample(list(proj.nodes), k)


def betweenness_array(proj: Projection, *, seed: int = 42, samples: int | None = None,
                      backend: Backend = "auto") -> np.ndarray:
    """Normalised betweenness (see :func:`betweenness`)."""
    n = proj.n
    if n < 3:
        return np.zeros(n)
    exact, k = sampling_plan(proj, samples)
    if not use_igraph(proj, backend):
        H = proj.to_networkx()
        res = nx.betweenness_centrality(H, k=None if exact else k, seed=seed, normalized=True)
        return _from_dict(proj, res)
    g = proj.to_igraph()
    if exact:
        raw = np.array(g.betweenness(directed=False), dtype=np.float64)
        return raw * 2.0 / ((n - 1) * (n - 2))
    sources = sample_sources(proj, k, seed)
    sidx = [proj.index[s] for s in sources]
    raw = np.array(g.betweenness(directed=False, sources=sidx), dtype=np.float64) * 2.0
    # networkx's rescaling of sampled sums (endpoints excluded): n/k inflation, source nodes apart
    scale = np.full(n, 1.0 / (k * (n - 2)))
    scale[sidx] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    return raw * scale


def betweenness(G: Any, *, seed: int = 42, samples: int | None = None, backend: Backend = "auto",
                **options: Any) -> dict[Any, float]:
    """Betweenness: the share of shortest chains between other actors that pass through an actor.

    Exact when the graph is small (``n * m <= EXACT_WORK``), otherwise estimated from sampled
    sources (module docstring). Normalised as networkx does (undirected, endpoints excluded).

    Parameters
    ----------
    G : graph
        MultiDiGraph, undirected nx.Graph or Projection.
    seed : int
        Seed of the source sample (same seed, same values).
    samples : int, optional
        Force the number of sampled sources.
    backend : {"auto", "networkx", "igraph"}

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness(nx.star_graph(4))[0]
    1.0
    """
    proj = as_projection(G, **options)
    return _as_dict(proj, betweenness_array(proj, seed=seed, samples=samples, backend=backend))


def component_labels(proj: Projection) -> np.ndarray:
    """Connected component of each node, numbered by smallest member (int64 array)."""
    if "components" in proj._cache:
        return proj._cache["components"]
    if proj.n == 0:
        return np.zeros(0, dtype=np.int64)
    from scipy.sparse.csgraph import connected_components

    _, labels = connected_components(proj.to_scipy(), directed=False)
    # renumber by first appearance (smallest node index): independent of scipy's numbering
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first, kind="stable")
    remap = np.empty_like(order)
    remap[order] = np.arange(len(order))
    proj._cache["components"] = remap[labels].astype(np.int64)
    return proj._cache["components"]


def _closeness_exact_nodes(proj: Projection, nodes_idx: list[int], backend: Backend) -> dict[int, float]:
    n = proj.n
    if not nodes_idx:
        return {}
    if use_igraph(proj, backend):
        g = proj.to_igraph()
        raw = g.closeness(vertices=nodes_idx, normalized=True)
        comp = component_labels(proj)
        size = np.bincount(comp)
        out = {}
        for i, c in zip(nodes_idx, raw):
            r = size[comp[i]]
            out[i] = 0.0 if (c is None or not math.isfinite(c) or n <= 1) else float(c) * (r - 1) / (n - 1)
        return out
    H = proj.to_networkx()
    return {i: float(nx.closeness_centrality(H, u=proj.nodes[i])) for i in nodes_idx}


def closeness_array(proj: Projection, *, seed: int = 42, samples: int | None = None,
                    backend: Backend = "auto") -> np.ndarray:
    """Closeness with networkx's Wasserman-Faust scaling (see :func:`closeness`)."""
    n = proj.n
    if n <= 1:
        return np.zeros(n)
    exact, k = sampling_plan(proj, samples)
    if exact:
        if not use_igraph(proj, backend):
            return _from_dict(proj, nx.closeness_centrality(proj.to_networkx()))
        res = _closeness_exact_nodes(proj, list(range(n)), backend)
        return np.array([res[i] for i in range(n)])
    comp = component_labels(proj)
    size = np.bincount(comp).astype(np.float64)
    sidx = np.array([proj.index[s] for s in sample_sources(proj, k, seed)], dtype=np.int64)
    per_comp = np.bincount(comp[sidx], minlength=len(size))
    total = np.zeros(n)
    count = np.zeros(n)
    for start in range(0, len(sidx), 16):
        chunk = sidx[start:start + 16]
        d = _distances(proj, chunk, backend)
        finite = np.isfinite(d)
        finite[np.arange(len(chunk)), chunk] = False
        total += np.where(finite, d, 0.0).sum(axis=0)
        count += finite.sum(axis=0)
    out = np.zeros(n)
    estimated = (per_comp[comp] >= MIN_COMPONENT_SOURCES) & (count > 0) & (total > 0)
    r = size[comp]
    out[estimated] = ((r[estimated] - 1) / (n - 1)) * count[estimated] / total[estimated]
    rest = [int(i) for i in np.flatnonzero(~estimated) if size[comp[i]] > 1]
    for i, v in _closeness_exact_nodes(proj, rest, backend).items():
        out[i] = v
    return out


def _distances(proj: Projection, sources: np.ndarray, backend: Backend) -> np.ndarray:
    """Hop distances from each source to every node (inf when unreachable), shape (len(sources), n)."""
    if use_igraph(proj, backend):
        g = proj.to_igraph()
        return np.array(g.distances(source=[int(s) for s in sources]), dtype=np.float64)
    H = proj.to_networkx()
    out = np.full((len(sources), proj.n), np.inf)
    idx = proj.index
    for row, s in enumerate(sources):
        for v, dist in nx.single_source_shortest_path_length(H, proj.nodes[int(s)]).items():
            out[row, idx[v]] = dist
    return out


def closeness(G: Any, *, seed: int = 42, samples: int | None = None, backend: Backend = "auto",
              **options: Any) -> dict[Any, float]:
    """Closeness: how few steps an actor needs to reach the others (networkx's definition).

    Exact on small graphs, estimated from sampled sources above :data:`EXACT_WORK`.

    Examples
    --------
    >>> import networkx as nx
    >>> round(closeness(nx.path_graph(3))[1], 3)
    1.0
    """
    proj = as_projection(G, **options)
    return _as_dict(proj, closeness_array(proj, seed=seed, samples=samples, backend=backend))


# --- eigenvector ------------------------------------------------------------------------------

def largest_component(proj: Projection) -> np.ndarray:
    """Indices of the largest connected component (ties: the one with the smallest node index)."""
    if proj.n == 0:
        return np.zeros(0, dtype=np.int64)
    comp = component_labels(proj)
    sizes = np.bincount(comp)
    return np.flatnonzero(comp == int(np.argmax(sizes)))  # argmax: first (smallest-labelled) of the largest


#: Seed of igraph's random start vector for the eigenvector centrality (reproducible last bits).
EIGENVECTOR_SEED = 42

#: Up to this many nodes the leading eigenvector is computed with a dense solver (ARPACK above).
DENSE_EIGEN_MAX = 64


def _leading_eigenvector(proj: Projection, comp: np.ndarray) -> np.ndarray:
    """Leading eigenvector of the weighted adjacency matrix of the nodes ``comp`` (one component).

    What networkx's ``eigenvector_centrality_numpy`` computes, made reproducible: networkx lets
    ARPACK start from a random vector, so the last bits of the result change from run to run;
    here a dense symmetric solver (tiny components) or ARPACK started from the all-ones vector
    (a sparse, single-threaded solver: multi-threaded dense LAPACK crawls on a busy machine).
    """
    import scipy.sparse as sp
    from scipy.sparse.linalg import eigsh

    pos = np.full(proj.n, -1, dtype=np.int64)
    pos[comp] = np.arange(len(comp))
    keep = (pos[proj.src] >= 0) & (pos[proj.dst] >= 0)
    r, c, w = pos[proj.src[keep]], pos[proj.dst[keep]], proj.weight[keep]
    k = len(comp)
    A = sp.coo_array((np.concatenate([w, w]), (np.concatenate([r, c]), np.concatenate([c, r]))), shape=(k, k)).tocsr()
    if k <= DENSE_EIGEN_MAX:
        _, vecs = np.linalg.eigh(A.toarray())
        return vecs[:, -1]
    _, vecs = eigsh(A.astype(np.float64), k=1, which="LA", v0=np.ones(k), tol=1e-12, maxiter=100_000)
    return vecs[:, 0]


def eigenvector_array(proj: Projection, *, backend: Backend = "auto") -> np.ndarray:
    """Weighted eigenvector centrality on the largest component (see :func:`eigenvector`)."""
    out = np.zeros(proj.n)
    comp = largest_component(proj)
    if len(comp) == 0:
        return out
    if len(comp) <= 2:
        out[comp] = 1.0 / math.sqrt(len(comp)) if proj.m else 0.0
        return out
    if use_igraph(proj, backend):
        sub = proj.to_igraph().induced_subgraph([int(i) for i in comp], implementation="create_from_scratch")
        with seeded_igraph(EIGENVECTOR_SEED):  # igraph perturbs its start vector at random
            vec = np.array(sub.eigenvector_centrality(weights="weight"), dtype=np.float64)
    else:
        vec = _leading_eigenvector(proj, comp)
    vec = np.abs(vec)
    norm = np.linalg.norm(vec)
    out[comp] = vec / norm if norm > 0 else vec
    return out


def eigenvector(G: Any, *, backend: Backend = "auto", **options: Any) -> dict[Any, float]:
    """Eigenvector centrality: central if linked to central actors (weighted, unit Euclidean norm).

    Computed on the largest connected component, 0 elsewhere: on a disconnected graph the
    leading eigenvector lives on one component, and this makes the choice explicit and
    deterministic. Equal to networkx's ``eigenvector_centrality_numpy`` on a connected graph.

    Examples
    --------
    >>> import networkx as nx
    >>> ev = eigenvector(nx.star_graph(3))
    >>> round(ev[0], 4)
    0.7071
    """
    proj = as_projection(G, **options)
    return _as_dict(proj, eigenvector_array(proj, backend=backend))


# --- structural holes -------------------------------------------------------------------------

def constraint_array(proj: Projection, *, backend: Backend = "auto") -> np.ndarray:
    """Burt's constraint (weighted); NaN for isolated actors."""
    if proj.n == 0:
        return np.zeros(0)
    if use_igraph(proj, backend):
        vals = proj.to_igraph().constraint(weights="weight")
        arr = np.array([math.nan if v is None else v for v in vals], dtype=np.float64)
    else:
        arr = _from_dict(proj, nx.constraint(proj.to_networkx(), weight="weight"))
    arr[proj.degree() == 0] = math.nan
    return arr


def constraint(G: Any, *, backend: Backend = "auto", **options: Any) -> dict[Any, float]:
    """Burt's constraint: high when an actor's contacts are few and tied to each other (no brokerage).

    ``nan`` for an isolated actor, as networkx.

    Examples
    --------
    >>> import networkx as nx
    >>> c = constraint(nx.star_graph(3))
    >>> round(c[0], 4), c[1]
    (0.3333, 1.0)
    """
    proj = as_projection(G, **options)
    return _as_dict(proj, constraint_array(proj, backend=backend))


def triangles_array(proj: Projection, *, backend: Backend = "auto") -> np.ndarray:
    """Number of triangles through each node."""
    deg = proj.degree().astype(np.float64)
    if use_igraph(proj, backend):
        local = np.array(proj.to_igraph().transitivity_local_undirected(mode="zero"), dtype=np.float64)
        return np.rint(local * deg * (deg - 1) / 2.0)
    tri = nx.triangles(proj.to_networkx())
    return _from_dict(proj, tri)


def effective_size_array(proj: Projection, *, backend: Backend = "auto") -> np.ndarray:
    """Burt's effective size, unweighted (Borgatti's ``n - 2t/n``); NaN for isolated actors."""
    deg = proj.degree().astype(np.float64)
    tri = triangles_array(proj, backend=backend)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = deg - 2.0 * tri / deg
    out[deg == 0] = math.nan
    return out


def effective_size(G: Any, *, backend: Backend = "auto", **options: Any) -> dict[Any, float]:
    """Burt's effective size: the number of an actor's contacts that are not redundant.

    Unweighted (each contact minus its average ties to the other contacts), equal to networkx's
    ``effective_size(G)``; ``nan`` for an isolated actor.

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.star_graph(3))[0]
    3.0
    """
    proj = as_projection(G, **options)
    return _as_dict(proj, effective_size_array(proj, backend=backend))


# --- cohesion: bridges, articulation points, k-core ------------------------------------------

def bridges_idx(proj: Projection, *, backend: Backend = "auto") -> list[tuple[int, int]]:
    """Bridges as sorted index pairs."""
    if proj.m == 0:
        return []
    if use_igraph(proj, backend):
        g = proj.to_igraph()
        pairs = [g.es[e].tuple for e in g.bridges()]
    else:
        idx = proj.index
        pairs = [(idx[u], idx[v]) for u, v in nx.bridges(proj.to_networkx())]
    return sorted((min(a, b), max(a, b)) for a, b in pairs)


def bridges(G: Any, *, backend: Backend = "auto", **options: Any) -> list[tuple[Any, Any]]:
    """Links whose removal disconnects the network, as sorted ``(u, v)`` pairs.

    Examples
    --------
    >>> import networkx as nx
    >>> bridges(nx.path_graph(3))
    [(0, 1), (1, 2)]
    """
    proj = as_projection(G, **options)
    return [(proj.nodes[a], proj.nodes[b]) for a, b in bridges_idx(proj, backend=backend)]


def articulation_idx(proj: Projection, *, backend: Backend = "auto") -> list[int]:
    """Articulation points as sorted indices."""
    if proj.m == 0:
        return []
    if use_igraph(proj, backend):
        return sorted(proj.to_igraph().articulation_points())
    idx = proj.index
    return sorted(idx[v] for v in nx.articulation_points(proj.to_networkx()))


def articulation_points(G: Any, *, backend: Backend = "auto", **options: Any) -> list[Any]:
    """Actors whose removal disconnects the network (cut vertices), sorted.

    Examples
    --------
    >>> import networkx as nx
    >>> articulation_points(nx.path_graph(4))
    [1, 2]
    """
    proj = as_projection(G, **options)
    return [proj.nodes[i] for i in articulation_idx(proj, backend=backend)]


def core_array(proj: Projection, *, backend: Backend = "auto") -> np.ndarray:
    """k-core number of each node (int64)."""
    if proj.n == 0:
        return np.zeros(0, dtype=np.int64)
    if use_igraph(proj, backend):
        return np.array(proj.to_igraph().coreness(), dtype=np.int64)
    return _from_dict(proj, nx.core_number(proj.to_networkx())).astype(np.int64)


def core_number(G: Any, *, backend: Backend = "auto", **options: Any) -> dict[Any, int]:
    """k-core number: the largest k such that the actor belongs to a group where all have >= k links.

    Examples
    --------
    >>> import networkx as nx
    >>> core_number(nx.complete_graph(4))[0]
    3
    """
    proj = as_projection(G, **options)
    return {v: int(x) for v, x in zip(proj.nodes, core_array(proj, backend=backend))}
