"""Which edges count: the projection of the MultiDiGraph onto an actor-actor graph for measures.

The graph file keeps every relation with its direction, type and evidence (a
:class:`networkx.MultiDiGraph`); centrality and communities need one weighted link per pair of
actors. :func:`projection` makes that choice explicit and returns a :class:`Projection`
(sorted node ids and numpy edge arrays, cheap at a million edges), :func:`project` the same as an
undirected weighted :class:`networkx.Graph`. Paths and evidence keep using the MultiDiGraph.

The rules
---------
- **Stated relations** (every type of :data:`maillage.schema.STATED_RELATION_TYPES`) count, each
  with its weight (number of independent evidences, at least 1). Several relations between the
  same two actors add up.
- **Co-mentions** count only with ``with_co_mentions=True``, at :data:`CO_MENTION_WEIGHT` times
  their weight: being cited together is weaker than a stated relation.
- **Events** are not actors: with ``events="project"`` (the default) each event is replaced by
  links between the actors attached to it (organiser, participants, host, place), each shared
  event adding :data:`INFERRED_WEIGHT`; those links are labelled ``inferred``. An event with more
  than ``max_event_participants`` actors stays a node (a clique of thousands would drown the
  rest). Event-to-event links are dropped. ``events="keep"`` keeps events as ordinary nodes.
- **Persons**: with ``actors="organisations"`` each person is folded into the organisation(s) it
  ``works_for`` (its relations become theirs, labelled ``folded``); persons with no known
  employer are left out. ``actors="all"`` keeps persons as nodes.
- Self-loops are dropped. Node ids are sorted, so the projection, and every measure computed on
  it, does not depend on the order in which nodes or edges were inserted.

Examples
--------
>>> import networkx as nx
>>> from maillage.graph.store import add_edge
>>> G = nx.MultiDiGraph()
>>> for n, t in [("a", "association"), ("b", "association"), ("e", "event")]:
...     G.add_node(n, name=n.upper(), type=t)
>>> add_edge(G, "a", "e", "organises", [{"doc": "d", "start": 0}])
>>> add_edge(G, "b", "e", "participates_in", [{"doc": "d", "start": 9}])
>>> add_edge(G, "a", "b", "co_mentioned", [{"doc": "d", "start": 20}])
>>> H = project(G)
>>> sorted(H.edges(data="relations"))
[('a', 'b', ['inferred'])]
>>> project(G, with_co_mentions=True).edges["a", "b"]["weight"]
0.75
"""
from __future__ import annotations

import ctypes
import os
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import numpy as np

from ...errors import MaillageError
from ...schema import CO_MENTION, RELATION_TYPES

def import_igraph() -> Any:
    """The igraph module, with its OpenMP thread pool limited to one thread (reproducible sums).

    igraph's PageRank (PRPACK) sums in parallel OpenMP threads: with two threads the last bits of
    the scores changed from run to run. libgomp reads ``OMP_NUM_THREADS`` when it is loaded, so
    the variable is set before the first import; when igraph was imported already, the limit is
    set through libgomp itself (for this thread, the one that runs the analysis).
    """
    if "igraph" not in sys.modules:
        os.environ["OMP_NUM_THREADS"] = "1"
        import igraph as ig

        return ig
    import igraph as ig

    _limit_openmp(Path(ig.__file__).resolve().parent.parent / "igraph.libs")
    return ig


def _limit_openmp(libs: Path) -> None:
    for lib in sorted(libs.glob("libgomp*.so*")):
        try:
            ctypes.CDLL(str(lib)).omp_set_num_threads(1)
        except (OSError, AttributeError):  # pragma: no cover - a build of igraph without OpenMP
            pass


@contextmanager
def seeded_igraph(seed: int) -> Iterator[Any]:
    """igraph (see :func:`import_igraph`) with its random generator seeded for a block, then restored.

    igraph draws from Python's :mod:`random` module by default: its Louvain, Leiden, layouts and
    even the start vector of its eigenvector centrality would differ from run to run.
    """
    ig = import_igraph()
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield ig
    finally:
        ig.set_random_number_generator(random)


#: Weight of a co-mention evidence relative to a stated relation's.
CO_MENTION_WEIGHT = 0.25
#: Weight added to a pair of actors for each event they are both attached to.
INFERRED_WEIGHT = 0.5
#: Events with more attached actors than this stay nodes instead of becoming cliques.
MAX_EVENT_PARTICIPANTS = 200

_REL_NAMES: tuple[str, ...] = tuple(RELATION_TYPES)
_REL_BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(_REL_NAMES)}
INFERRED_BIT = 1 << len(_REL_NAMES)
FOLDED_BIT = 1 << (len(_REL_NAMES) + 1)
_STATED_MASK = sum(b for name, b in _REL_BIT.items() if RELATION_TYPES[name].stated)
_SYMMETRIC = {name for name, r in RELATION_TYPES.items() if r.symmetric}

Actors = Literal["all", "organisations"]
Events = Literal["project", "keep"]


def relations_of_mask(mask: int) -> list[str]:
    """Decode a projection edge's bit mask into sorted labels (relation types, ``inferred``, ``folded``).

    >>> relations_of_mask(_REL_BIT["member_of"] | INFERRED_BIT)
    ['inferred', 'member_of']
    """
    out = [name for name, bit in _REL_BIT.items() if mask & bit]
    if mask & INFERRED_BIT:
        out.append("inferred")
    if mask & FOLDED_BIT:
        out.append("folded")
    return sorted(out)


def _sort_nodes(nodes: Any) -> list[Any]:
    try:
        return sorted(nodes)
    except TypeError:  # mixed id types: still deterministic
        return sorted(nodes, key=lambda x: (type(x).__name__, repr(x)))


@dataclass
class Projection:
    """An undirected weighted actor graph, as sorted ids and numpy arrays.

    Attributes
    ----------
    nodes : list
        Node ids, sorted. Position ``i`` is the vertex ``i`` of every array below.
    src, dst : numpy.ndarray
        Undirected edges as int64 index pairs with ``src < dst``, sorted.
    weight : numpy.ndarray
        Edge weights (float64).
    mask : numpy.ndarray
        Edge labels as bit masks (see :func:`relations_of_mask`).
    arc_src, arc_dst : numpy.ndarray
        Directed arcs (for brokerage): stated relations in their direction, symmetric, co-mention
        and inferred links both ways. Sorted, unique.
    options : dict
        The options the projection was made with.
    stats : dict
        Counts of what the rules did (events projected or kept, persons folded or dropped, ...).
    """

    nodes: list[Any]
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    mask: np.ndarray
    arc_src: np.ndarray
    arc_dst: np.ndarray
    options: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    attrs: dict[Any, dict[str, Any]] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def m(self) -> int:
        """Number of undirected edges."""
        return int(len(self.src))

    @property
    def index(self) -> dict[Any, int]:
        """Node id -> position."""
        if "index" not in self._cache:
            self._cache["index"] = {v: i for i, v in enumerate(self.nodes)}
        return self._cache["index"]

    def degree(self) -> np.ndarray:
        """Number of distinct neighbours of each node (int64 array)."""
        return (np.bincount(self.src, minlength=self.n) + np.bincount(self.dst, minlength=self.n)).astype(np.int64)

    def strength(self) -> np.ndarray:
        """Sum of the weights of each node's links (float64 array)."""
        return (np.bincount(self.src, weights=self.weight, minlength=self.n)
                + np.bincount(self.dst, weights=self.weight, minlength=self.n))

    def to_networkx(self) -> nx.Graph:
        """The projection as an undirected weighted :class:`networkx.Graph` (cached; do not mutate).

        Nodes are added in sorted order with ``name``, ``type`` and ``level`` when known; edges
        carry ``weight``, ``relations`` (sorted labels), ``stated`` and ``inferred`` (only
        inferred from shared events).
        """
        if "nx" not in self._cache:
            H = nx.Graph()
            for v in self.nodes:
                H.add_node(v, **self.attrs.get(v, {}))
            nodes = self.nodes
            labels: dict[int, list[str]] = {}
            for a, b, w, mk in zip(self.src.tolist(), self.dst.tolist(), self.weight.tolist(), self.mask.tolist()):
                if mk not in labels:
                    labels[mk] = relations_of_mask(mk)
                H.add_edge(nodes[a], nodes[b], weight=w, relations=labels[mk],
                           stated=bool(mk & _STATED_MASK), inferred=mk == INFERRED_BIT)
            self._cache["nx"] = H
        return self._cache["nx"]

    def to_igraph(self) -> Any:
        """The projection as an undirected :class:`igraph.Graph` with a ``weight`` edge attribute (cached)."""
        if "ig" not in self._cache:
            ig = import_igraph()

            # a list of int pairs is igraph's fastest input (numpy rows are converted one by one)
            g = ig.Graph(n=self.n, edges=list(zip(self.src.tolist(), self.dst.tolist())), directed=False,
                         edge_attrs={"weight": self.weight.tolist()})
            self._cache["ig"] = g
        return self._cache["ig"]

    def to_scipy(self) -> Any:
        """Symmetric weighted adjacency as a ``scipy.sparse.csr_array`` (cached)."""
        if "csr" not in self._cache:
            import scipy.sparse as sp

            rows = np.concatenate([self.src, self.dst])
            cols = np.concatenate([self.dst, self.src])
            w = np.concatenate([self.weight, self.weight])
            self._cache["csr"] = sp.csr_array((w, (rows, cols)), shape=(self.n, self.n))
        return self._cache["csr"]

    @classmethod
    def from_graph(cls, H: nx.Graph, *, weight: str | None = "weight") -> "Projection":
        """Wrap an undirected simple networkx graph (used to compare with networkx on the same graph).

        Edge weights come from the ``weight`` attribute (1 when missing or ``weight=None``);
        arcs go both ways.
        """
        if H.is_directed() or H.is_multigraph():
            raise MaillageError("Projection.from_graph expects an undirected simple nx.Graph")
        nodes = _sort_nodes(H.nodes)
        idx = {v: i for i, v in enumerate(nodes)}
        n = len(nodes)
        pairs: dict[int, float] = {}
        for u, v, d in H.edges(data=True):
            a, b = idx[u], idx[v]
            if a == b:
                continue
            if a > b:
                a, b = b, a
            pairs[a * n + b] = float(d.get(weight, 1.0)) if weight else 1.0
        proj = _from_pairs(nodes, n, pairs, dict.fromkeys(pairs, 0),
                           set(pairs) | {(k % n) * n + k // n for k in pairs})
        proj.attrs = {v: {k: H.nodes[v][k] for k in ("name", "type", "level") if k in H.nodes[v]} for v in nodes}
        proj.options = {"source": "nx.Graph"}
        return proj


def _from_pairs(nodes: list[Any], n: int, weights: dict[int, float], masks: dict[int, int],
                arcs: set[int]) -> Projection:
    if weights:
        keys = np.fromiter(weights.keys(), dtype=np.int64, count=len(weights))
        w = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
        mk = np.fromiter((masks[k] for k in weights), dtype=np.int64, count=len(weights))
        order = np.argsort(keys, kind="stable")
        keys, w, mk = keys[order], w[order], mk[order]
    else:
        keys = np.zeros(0, dtype=np.int64)
        w = np.zeros(0, dtype=np.float64)
        mk = np.zeros(0, dtype=np.int64)
    arc = np.sort(np.fromiter(arcs, dtype=np.int64, count=len(arcs))) if arcs else np.zeros(0, dtype=np.int64)
    nn = max(n, 1)
    return Projection(nodes=nodes, src=keys // nn, dst=keys % nn, weight=w, mask=mk,
                      arc_src=arc // nn, arc_dst=arc % nn)


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """``np.unique(a)`` for int64 keys by sorting: numpy >= 2.3 hashes instead, ~100x slower on
    millions of keys spread over a wide range (5.7 s against 0.03 s for 3M pair keys)."""
    if len(a) == 0:
        return a.copy()
    s = np.sort(a)
    return s[np.concatenate([[True], s[1:] != s[:-1]])]


def _repeat_pairs(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For blocks of ``counts[i]`` items: (block of each item, position of the item in its block)."""
    block = np.repeat(np.arange(len(counts)), counts)
    local = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return block, local


def projection(G: nx.MultiDiGraph, *, with_co_mentions: bool = False, actors: Actors = "all",
               events: Events = "project", co_mention_weight: float = CO_MENTION_WEIGHT,
               inferred_weight: float = INFERRED_WEIGHT,
               max_event_participants: int = MAX_EVENT_PARTICIPANTS) -> Projection:
    """Project the maillage MultiDiGraph onto a weighted actor graph (see the module docstring).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph model (edges keyed by relation type, with ``weight`` and ``evidence``). Not modified.
    with_co_mentions : bool
        Count co-mentions, at ``co_mention_weight`` times their weight.
    actors : {"all", "organisations"}
        ``"organisations"`` folds persons into the organisations they work for.
    events : {"project", "keep"}
        Replace events by inferred links between the actors attached to them, or keep them as nodes.
    co_mention_weight, inferred_weight : float
        Weights of a co-mention evidence and of a shared event.
    max_event_participants : int
        Events with more attached actors stay nodes.

    Returns
    -------
    Projection

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", name="P", type="person"); G.add_node("o", name="O", type="association")
    >>> G.add_node("x", name="X", type="ministry")
    >>> _ = G.add_edge("p", "o", key="works_for", type="works_for", weight=1, evidence=[])
    >>> _ = G.add_edge("p", "x", key="meets", type="meets", weight=1, evidence=[])
    >>> projection(G, actors="organisations").nodes
    ['o', 'x']
    >>> projection(G, actors="organisations").m
    1
    """
    if actors not in ("all", "organisations"):
        raise MaillageError(f"actors must be 'all' or 'organisations', not {actors!r}")
    if events not in ("project", "keep"):
        raise MaillageError(f"events must be 'project' or 'keep', not {events!r}")
    all_nodes = _sort_nodes(G.nodes)
    N = len(all_nodes)
    gidx = {v: i for i, v in enumerate(all_nodes)}
    ntypes = [G.nodes[v].get("type") for v in all_nodes]
    is_event = np.array([t == "event" for t in ntypes], dtype=bool)
    is_person = np.array([t == "person" for t in ntypes], dtype=bool)

    # every edge as arrays: ends (G order), relation id, weight
    rel_id = {name: i for i, name in enumerate(_REL_NAMES)}
    edges = list(G.edges(keys=True, data="weight", default=1))
    m0 = len(edges)
    eu = np.fromiter((gidx[e[0]] for e in edges), dtype=np.int64, count=m0)
    ev = np.fromiter((gidx[e[1]] for e in edges), dtype=np.int64, count=m0)
    ek = np.fromiter((rel_id.get(e[2], -1) for e in edges), dtype=np.int64, count=m0)
    ew = np.fromiter((e[3] if isinstance(e[3], (int, float)) and e[3] >= 1 else 1 for e in edges),
                     dtype=np.float64, count=m0)
    del edges
    co_id = rel_id[CO_MENTION]
    stated_ids = np.array([rel_id[name] for name, r in RELATION_TYPES.items() if r.stated])
    n_co = int(np.count_nonzero(ek == co_id))
    n_stated = int(np.count_nonzero(np.isin(ek, stated_ids)))
    allowed = np.isin(ek, stated_ids) | ((ek == co_id) & with_co_mentions)
    allowed &= eu != ev
    eu, ev, ek, ew = eu[allowed], ev[allowed], ek[allowed], ew[allowed]
    ew[ek == co_id] *= co_mention_weight
    symmetric = np.array([RELATION_TYPES[name].symmetric for name in _REL_NAMES])[ek]

    # persons -> the organisations they work for (CSR over G nodes): rep_ptr / rep_idx
    employed = np.zeros(N, dtype=bool)
    dropped = np.zeros(N, dtype=bool)
    counts = np.ones(N, dtype=np.int64)
    rep_idx_list = [np.arange(N)]
    if actors == "organisations":
        wf = (ek == rel_id["works_for"]) & is_person[eu] & ~is_person[ev] & ~is_event[ev]
        pairs = np.unique(np.stack([eu[wf], ev[wf]], axis=1), axis=0) if wf.any() else np.zeros((0, 2), np.int64)
        employed[pairs[:, 0]] = True
        dropped = is_person & ~employed
        counts = np.where(is_person, 0, 1).astype(np.int64)
        counts[employed] = np.bincount(pairs[:, 0], minlength=N)[employed]
        # rep_idx laid out node by node: self for ordinary nodes, employers for employed persons
        order_src = np.concatenate([np.flatnonzero(~is_person), pairs[:, 0]])
        order_dst = np.concatenate([np.flatnonzero(~is_person), pairs[:, 1]])
        o = np.lexsort((order_dst, order_src))
        rep_idx_list = [order_dst[o]]
    rep_idx = rep_idx_list[0]
    rep_ptr = np.concatenate([[0], np.cumsum(counts)])

    def expand(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Map edge ends through rep (persons -> organisations); returns (edge index, a', b')."""
        ca, cb = counts[a], counts[b]
        if actors == "all":
            return np.arange(len(a)), a, b
        eid, local = _repeat_pairs(ca * cb)
        cbe = cb[eid]
        return (eid, rep_idx[rep_ptr[a[eid]] + local // cbe], rep_idx[rep_ptr[b[eid]] + local % cbe])

    # events: who is attached to each; small ones become cliques, big ones stay nodes
    projected_ev = np.zeros(N, dtype=bool)
    part_e = part_a = np.zeros(0, dtype=np.int64)
    n_kept = 0
    if events == "project" and is_event.any():
        touch = is_event[eu] ^ is_event[ev]
        e_end = np.where(is_event[eu[touch]], eu[touch], ev[touch])
        o_end = np.where(is_event[eu[touch]], ev[touch], eu[touch])
        eid, _, actor = expand(o_end, o_end)
        e_end = e_end[eid]
        if len(e_end):
            pe = _sorted_unique(e_end * N + actor)
            part_e, part_a = pe // N, pe % N
        size = np.bincount(part_e, minlength=N)
        projected_ev = is_event & (size <= max_event_participants)
        n_kept = int(np.count_nonzero(is_event & ~projected_ev))
        keep = projected_ev[part_e]
        part_e, part_a = part_e[keep], part_a[keep]

    # projection nodes: all but projected events and persons folded or dropped
    include = ~(projected_ev | employed | dropped)
    nodes = [v for v, inc in zip(all_nodes, include.tolist()) if inc]
    n = len(nodes)
    pidx = np.cumsum(include) - 1

    normal = ~(projected_ev[eu] | projected_ev[ev])
    a0, b0, k0, w0, s0 = eu[normal], ev[normal], ek[normal], ew[normal], symmetric[normal]
    eid, a, b = expand(a0, b0)
    bits = (np.int64(1) << k0[eid])
    if actors == "organisations":
        bits = bits | np.where(employed[a0[eid]] | employed[b0[eid]], FOLDED_BIT, 0)
    w, sym = w0[eid], s0[eid]
    ok = a != b
    a, b, w, bits, sym = pidx[a[ok]], pidx[b[ok]], w[ok], bits[ok], sym[ok]

    # inferred links: every pair of actors attached to the same projected event
    starts = np.searchsorted(part_e, part_e, side="left")
    ends = np.searchsorted(part_e, part_e, side="right")
    later = ends - np.arange(len(part_e)) - 1  # members after this one in its event
    first, local = _repeat_pairs(later)
    second = first + 1 + local
    ia, ib = pidx[part_a[first]], pidx[part_a[second]]
    del starts
    n_inferred = int(len(ia))

    all_a = np.concatenate([a, ia])
    all_b = np.concatenate([b, ib])
    all_w = np.concatenate([w, np.full(n_inferred, inferred_weight)])
    all_bits = np.concatenate([bits, np.full(n_inferred, INFERRED_BIT, dtype=np.int64)])
    lo, hi = np.minimum(all_a, all_b), np.maximum(all_a, all_b)
    keys = lo * n + hi
    order = np.argsort(keys, kind="stable")
    keys, all_w, all_bits = keys[order], all_w[order], all_bits[order]
    if len(keys):
        starts_u = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
        ukeys = keys[starts_u]
        uw = np.add.reduceat(all_w, starts_u)
        umask = np.bitwise_or.reduceat(all_bits, starts_u)
    else:
        ukeys = np.zeros(0, dtype=np.int64)
        uw = np.zeros(0)
        umask = np.zeros(0, dtype=np.int64)
    both = np.concatenate([sym, np.ones(n_inferred, dtype=bool)])
    arcs = _sorted_unique(np.concatenate([all_a * n + all_b, (all_b * n + all_a)[both]]))
    nn = max(n, 1)
    proj = Projection(nodes=nodes, src=ukeys // nn, dst=ukeys % nn, weight=uw.astype(np.float64),
                      mask=umask.astype(np.int64), arc_src=arcs // nn, arc_dst=arcs % nn)
    proj.options = {"with_co_mentions": bool(with_co_mentions), "actors": actors, "events": events,
                    "co_mention_weight": co_mention_weight, "inferred_weight": inferred_weight,
                    "max_event_participants": max_event_participants}
    proj.stats = {"relations": n_stated, "co_mentions": n_co,
                  "events_projected": int(np.count_nonzero(projected_ev)), "events_kept": n_kept,
                  "event_links": n_inferred, "persons_folded": int(np.count_nonzero(employed)),
                  "persons_dropped": int(np.count_nonzero(dropped))}
    attrs = {}
    for v in nodes:
        d = G.nodes[v]
        attrs[v] = {key: d[key] for key in ("name", "type", "level") if key in d}
    proj.attrs = attrs
    return proj


def project(G: nx.MultiDiGraph, *, with_co_mentions: bool = False, actors: Actors = "all",
            events: Events = "project", **options: Any) -> nx.Graph:
    """The projection (see :func:`projection`) as an undirected weighted :class:`networkx.Graph`.

    Edges carry ``weight``, ``relations`` (sorted labels: relation types, ``inferred``,
    ``folded``), ``stated`` and ``inferred``. A new graph: G is not modified.
    """
    return projection(G, with_co_mentions=with_co_mentions, actors=actors, events=events,
                      **options).to_networkx().copy()


def as_projection(G: Any, **options: Any) -> Projection:
    """Accept a :class:`Projection`, a simple undirected ``nx.Graph`` or the maillage MultiDiGraph."""
    if isinstance(G, Projection):
        return G
    if isinstance(G, nx.Graph) and not G.is_directed() and not G.is_multigraph():
        return Projection.from_graph(G)
    if isinstance(G, nx.MultiDiGraph):
        return projection(G, **options)
    raise MaillageError(f"expected a maillage MultiDiGraph, an undirected nx.Graph or a Projection, not {type(G).__name__}")
