"""From per-document extractions to the one networkx model, with one node per real actor.

Resolution across documents and languages:

- a known actor (packaged knowledge) is one node whatever the name, acronym or language it
  appears under (CCRE = CEMR; CGLU = UCLG; MAEDI = MEAE): its id is ``k-<key>``;
- another actor is one node per folded name within its family (organisations of any type
  together, persons, events, programmes, places), and names that a document defined as the
  same actor (an acronym and its long form) join their nodes across documents;
- merging keeps the most specific type and the union of aliases, documents and evidence.

Examples
--------
>>> from maillage.model import Actor, Document, Evidence, Extraction, Relation
>>> d = Document(id="d1", path="a.txt", title="A", lang="fr", date=None, text="", format="txt")
>>> ex = Extraction(d, {"k:cemr": Actor("k:cemr", "CEMR", "association", {"CCRE"}, known="cemr")}, [])
>>> sorted(assemble([ex]).nodes)
['k-cemr']
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from ..model import Evidence, Extraction
from ..schema import ORGANISATION_TYPES, RELATION_TYPES, check_relation_type, more_specific
from ..text import fold, short_hash, slug

_FAMILY = {t: "org" for t in ORGANISATION_TYPES} | {
    "person": "person", "event": "event", "programme": "programme",
    "country": "place", "region": "place", "city": "place",
}


def known_node_id(key: str) -> str:
    """Node id of a packaged known actor."""
    return f"k-{key}"


def new_node_id(type_: str, name: str) -> str:
    """Stable node id of an actor outside the knowledge: family, readable slug and a hash."""
    fam = _FAMILY.get(type_, "org")
    return f"{fam}-{slug(name, 32)}-{short_hash(fam, fold(name), length=8)}"


def canonical_name(names: dict[str, int]) -> str:
    """The name of a node outside the knowledge: the most frequent (then the longest, then the first
    in alphabetical order) of ``names``, the names of its actors with their mention counts."""
    return sorted(names, key=lambda x: (-names[x], -len(x), x))[0]


def node_id(root: str, type_: str, name: str, known: str | None) -> str:
    """The id of the node of resolution root ``root`` (its type, name and known actor's key)."""
    if known:
        return known_node_id(known)
    if "\x1f" in root:
        # a description resolved within its document: the document id keeps the node apart
        return f"{_FAMILY.get(type_, 'org')}-{slug(name, 32)}-{short_hash(root, length=8)}"
    return new_node_id(type_, root.split(":", 1)[1])


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id wins: deterministic whatever the order of documents
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _is_description(actor: Any) -> bool:
    """An event or programme named by a common noun phrase ("séminaire", "journée d'échanges").

    Such a name is not a proper name: two documents that say "le séminaire" speak of two
    different seminars, so it is resolved within its document only.
    """
    return (not actor.known and actor.type in ("event", "programme")
            and not any(ch.isupper() for ch in actor.name))


def _resolution_key(actor: Any, doc_id: str = "") -> str:
    if actor.known:
        return "known:" + actor.known
    if _is_description(actor):
        return f"{_FAMILY.get(actor.type, 'org')}:{fold(actor.name)}\x1f{doc_id}"
    return f"{_FAMILY.get(actor.type, 'org')}:{fold(actor.name)}"


def claimed_names(actor: Any, fold_: Callable[[str], str] = fold) -> list[str]:
    """The names an actor's resolution key claims, as ``"family:folded name"``: its name and aliases
    (not for a known actor or a description, which never join). Keys that claim one name are one node."""
    fam = _FAMILY.get(actor.type, "org")
    out = []
    for al in sorted(actor.aliases | {actor.name}):
        fa = fold_(al)
        if fa and not (fam == "org" and len(fa) < 3):
            out.append(f"{fam}:{fa}")
    return out


def _evidence_order(ev: Evidence) -> tuple[Any, ...]:
    """The order of an edge's evidence in the graph (:func:`maillage.graph.store.add_edge`'s, on the object)."""
    return (str(ev.doc or ""), int(ev.start or 0), int(ev.end or 0), str(ev.method or ""), str(ev.sentence or ""))


def _add_edges(G: nx.MultiDiGraph, groups: dict[tuple[str, str, str], list[Evidence]]) -> None:
    """Each ``(source, target, type) -> evidence`` group as one edge, in the order of the groups; empties ``groups``.

    The same edges, attributes and insertion order as :func:`maillage.graph.store.add_edges` over the
    evidence as dicts (the source and target already in the order of symmetric types): the evidence of
    an edge is de-duplicated (first occurrence kept), sorted stably by document, offsets, method and
    sentence, and weighed by its distinct (document, sentence start). It works on the frozen
    :class:`~maillage.model.Evidence` objects (whose equality is that of their fields) and makes one
    dict per kept evidence, once.
    """
    add_edge = G.add_edge
    for key in list(groups):
        evs = groups.pop(key)
        if len(evs) > 1:
            evs = list(dict.fromkeys(evs))
            evs.sort(key=_evidence_order)
        source, target, rel_type = key
        add_edge(source, target, key=rel_type, type=rel_type, evidence=[e.to_dict() for e in evs],
                 weight=len({(e.doc, e.start) for e in evs}))


#: node keys an actor attribute cannot take (see step 2 of :func:`assemble`)
NODE_OWN_KEYS = frozenset({"name", "type", "aliases", "documents", "known", "_names"})


def assemble(extractions: Iterable[Extraction], *, meta: dict[str, Any] | None = None,
             record: dict[str, Any] | None = None) -> nx.MultiDiGraph:
    """Merge per-document extractions into one :class:`networkx.MultiDiGraph`.

    The result does not depend on the order of ``extractions``.

    ``record``, when given, is filled with what :mod:`maillage.graph.patch` needs to add
    documents to this graph later without assembling it again: the documents, the resolution
    (each resolution key's root, each alias's owner) and, per node, what its attributes were
    chosen from (where its type, its first name and each attribute came from, as ``(path,
    document id, actor key)``: the order of step 2; its names with their counts).
    """
    exs: list[Any] = []
    seen_docs: set[str] = set()
    for ex in sorted(extractions, key=lambda e: (e.document.path, e.document.id)):
        if ex.document.id in seen_docs:
            continue  # a file identical to one already read: its evidence would count twice
        seen_docs.add(ex.document.id)
        exs.append(ex)
    uf = _UnionFind()
    find = uf.find
    alias_owner: dict[str, str] = {}  # a claimed name -> its first claimer
    folded: dict[str, str] = {}  # fold() of each name and alias seen (they recur across documents)

    def fold_(x: str) -> str:
        f = folded.get(x)
        if f is None:
            f = folded[x] = fold(x)
        return f

    # resolution key of an actor that is not a description, by (known, type, name); None for a description
    shared_keys: dict[tuple[Any, str, str], str | None] = {}

    def rkey(actor: Any, doc_id: str) -> str:
        k = (actor.known, actor.type, actor.name)
        rk = shared_keys.get(k, "")
        if rk == "":  # not seen yet (a resolution key is never empty)
            rk = shared_keys[k] = None if _is_description(actor) else _resolution_key(actor)
        return rk if rk is not None else _resolution_key(actor, doc_id)

    # (for removing documents later: how many actors have each key, and claim each name)
    keycount: dict[str, int] | None = {} if record is not None else None
    claims: dict[str, dict[str, int]] | None = {} if record is not None else None
    # 1. resolution keys; names one document defines together (acronym + long form) join
    for ex in exs:
        doc_id = ex.document.id
        for actor in ex.actors.values():
            rk = rkey(actor, doc_id)
            find(rk)
            if actor.known or _is_description(actor):
                continue
            if keycount is not None:
                keycount[rk] = keycount.get(rk, 0) + 1
            for name in claimed_names(actor, fold_):
                owner = alias_owner.setdefault(name, rk)
                if owner != rk:
                    uf.union(owner, rk)
                if claims is not None:
                    c = claims.setdefault(name, {})
                    c[rk] = c.get(rk, 0) + 1
    if record is not None:
        record["owners"] = dict(alias_owner)
        # (a description's key is the only one with a \x1f: fold() gives letters, digits and spaces)
        record["uf"] = {k: find(k) for k in list(uf.parent) if "\x1f" not in k}
        record["docs"] = [(ex.document.path, ex.document.id) for ex in exs]
        record["keycount"], record["claims"] = keycount, claims
        # root -> [type from, first name from, {attribute: from}, {alias: actors that have it}]
        provenance: dict[str, list[Any]] = {}
    alias_owner.clear()
    folded.clear()
    # 2. nodes
    nodes: dict[str, dict[str, Any]] = {}
    for ex in exs:
        doc_id = ex.document.id
        for local_key, actor in sorted(ex.actors.items()):
            root = find(rkey(actor, doc_id))
            n = nodes.get(root)
            if n is None:
                n = nodes[root] = {"name": actor.name, "type": actor.type, "aliases": set(), "documents": set(),
                                   "known": actor.known, "_names": defaultdict(int)}
                if record is not None:
                    where = (ex.document.path, doc_id, local_key)
                    provenance[root] = [where, where, {}, {}]
            elif not n.get("known"):
                t = more_specific(n["type"], actor.type)
                if t != n["type"]:
                    n["type"] = t
                    if record is not None:
                        provenance[root][0] = (ex.document.path, doc_id, local_key)
            n["aliases"].update(actor.aliases)
            if record is not None:
                alias_counts = provenance[root][3]
                for al in actor.aliases:
                    alias_counts[al] = alias_counts.get(al, 0) + 1
            n["documents"].add(doc_id)
            n["_names"][actor.name] += len(actor.mentions) or 1
            for k, v in actor.attrs.items():
                if v is not None and k not in n:
                    n[k] = v
                    if record is not None:
                        provenance[root][2][k] = (ex.document.path, doc_id, local_key)
    G = nx.MultiDiGraph()
    id_of: dict[str, str] = {}
    if record is not None:
        # node id -> [root, type, type from, first name from or None, names, attrs from,
        #             aliases with the number of actors that have each]
        record["nodes"] = {}
    for root in sorted(nodes):
        n = nodes.pop(root)
        names = n.pop("_names")
        if not n["known"]:
            n["name"] = canonical_name(names)
        nid = id_of[root] = node_id(root, n["type"], n["name"], n["known"])
        if record is not None:
            type_from, name_from, attrs_from, alias_counts = provenance.pop(root)
            record["nodes"][nid] = [root, n["type"], type_from, name_from if n["known"] else None, dict(names),
                                    attrs_from, alias_counts]
        attrs = {k: v for k, v in n.items() if v is not None}
        attrs["aliases"] = sorted(set(attrs["aliases"]) | {attrs["name"]})
        attrs["documents"] = sorted(attrs["documents"])
        if not attrs.get("known"):
            attrs.pop("known", None)
        G.add_node(nid, **attrs)
    # 3. edges: evidence grouped per (source, target, type) in document order, then each edge added
    #    once with all its evidence (_add_edges); each extraction is released as soon as its
    #    relations are read, so the extractions and the graph's evidence are not all held at once
    documents = [ex.document.info() for ex in exs]
    ex = None  # the loops above leave the last extraction bound to ``ex``
    groups: dict[tuple[str, str, str], list[Evidence]] = {}
    symmetric: dict[str, bool] = {}
    for i, ex in enumerate(exs):
        exs[i] = None  # the caller keeps no other reference: this extraction is freed after its relations
        doc_id = ex.document.id
        actors = ex.actors
        node_of: dict[str, str] = {}  # local actor key -> node id, in this document
        for rel in ex.relations:
            s = node_of.get(rel.source)
            if s is None:
                s = node_of[rel.source] = id_of[find(rkey(actors[rel.source], doc_id))]
            t = node_of.get(rel.target)
            if t is None:
                t = node_of[rel.target] = id_of[find(rkey(actors[rel.target], doc_id))]
            if s == t:
                continue
            rel_type = rel.type
            sym = symmetric.get(rel_type)
            if sym is None:
                check_relation_type(rel_type)
                sym = symmetric[rel_type] = RELATION_TYPES[rel_type].symmetric
            if sym and t < s:
                s, t = t, s
            group = groups.get((s, t, rel_type))
            if group is None:
                groups[(s, t, rel_type)] = [rel.evidence]
            else:
                group.append(rel.evidence)
    ex = None
    _add_edges(G, groups)
    G.graph["documents"] = documents
    G.graph["meta"] = dict(meta or {})
    return G
