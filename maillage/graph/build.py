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
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any

import networkx as nx

from ..model import Evidence, Extraction
from ..schema import ORGANISATION_TYPES, more_specific
from ..text import fold, short_hash, slug
from .store import add_edges

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


_EVIDENCE_FIELDS = tuple(f.name for f in fields(Evidence))


def _edges(exs: list[Any], id_of: dict[str, str], group_of: dict[str, str]) -> Iterator[tuple[str, str, str, dict]]:
    """(source, target, type, evidence) of every relation; empties ``exs`` as it goes (memory)."""
    for i, ex in enumerate(exs):
        exs[i] = None  # the caller keeps no other reference: this extraction is freed after its relations
        doc = ex.document.id
        for rel in ex.relations:
            s = id_of[group_of[f"{doc}\x1f{rel.source}"]]
            t = id_of[group_of[f"{doc}\x1f{rel.target}"]]
            if s == t:
                continue
            ev = rel.evidence
            yield s, t, rel.type, {f: getattr(ev, f) for f in _EVIDENCE_FIELDS}


def assemble(extractions: Iterable[Extraction], *, meta: dict[str, Any] | None = None) -> nx.MultiDiGraph:
    """Merge per-document extractions into one :class:`networkx.MultiDiGraph`.

    The result does not depend on the order of ``extractions``.
    """
    exs = []
    seen_docs: set[str] = set()
    for ex in sorted(extractions, key=lambda e: (e.document.path, e.document.id)):
        if ex.document.id in seen_docs:
            continue  # a file identical to one already read: its evidence would count twice
        seen_docs.add(ex.document.id)
        exs.append(ex)
    uf = _UnionFind()
    alias_owner: dict[tuple[str, str], str] = {}
    # 1. resolution keys; names one document defines together (acronym + long form) join
    for ex in exs:
        for actor in ex.actors.values():
            rk = _resolution_key(actor, ex.document.id)
            uf.find(rk)
            if actor.known or _is_description(actor):
                continue
            fam = _FAMILY.get(actor.type, "org")
            for al in sorted(actor.aliases | {actor.name}):
                fa = fold(al)
                if not fa or (fam == "org" and len(fa) < 3):
                    continue
                owner = alias_owner.setdefault((fam, fa), rk)
                if owner != rk:
                    uf.union(owner, rk)
    # 2. nodes
    nodes: dict[str, dict[str, Any]] = {}
    group_of: dict[str, str] = {}
    for ex in exs:
        for local_key, actor in sorted(ex.actors.items()):
            root = uf.find(_resolution_key(actor, ex.document.id))
            group_of[f"{ex.document.id}\x1f{local_key}"] = root
            n = nodes.get(root)
            if n is None:
                n = nodes[root] = {"name": actor.name, "type": actor.type, "aliases": set(), "documents": set(),
                                   "known": actor.known, "_names": defaultdict(int)}
            else:
                n["type"] = more_specific(n["type"], actor.type) if not n.get("known") else n["type"]
            n["aliases"].update(actor.aliases)
            n["documents"].add(ex.document.id)
            n["_names"][actor.name] += len(actor.mentions) or 1
            for k, v in actor.attrs.items():
                if v is not None and k not in n:
                    n[k] = v
    G = nx.MultiDiGraph()
    id_of: dict[str, str] = {}
    for root in sorted(nodes):
        n = nodes[root]
        names = n.pop("_names")
        if not n["known"]:
            # the most frequent name (then the longest, then alphabetical) is the canonical one
            n["name"] = sorted(names, key=lambda x: (-names[x], -len(x), x))[0]
        nid = known_node_id(n["known"]) if n["known"] else new_node_id(n["type"], root.split(":", 1)[1])
        if "\x1f" in root:
            # a description resolved within its document: the document id keeps the node apart
            nid = f"{_FAMILY.get(n['type'], 'org')}-{slug(n['name'], 32)}-{short_hash(root, length=8)}"
        id_of[root] = nid
        attrs = {k: v for k, v in n.items() if v is not None}
        attrs["aliases"] = sorted(set(attrs["aliases"]) | {attrs["name"]})
        attrs["documents"] = sorted(attrs["documents"])
        if not attrs.get("known"):
            attrs.pop("known", None)
        G.add_node(nid, **attrs)
    # 3. edges, added once each with all their evidence (add_edges); each extraction is released
    #    as soon as its relations are read, so the evidence is not held twice (see _edges)
    documents = [ex.document.info() for ex in exs]
    ex = None  # the loops above leave the last extraction bound to ``ex``
    add_edges(G, _edges(exs, id_of, group_of))
    G.graph["documents"] = documents
    G.graph["meta"] = dict(meta or {})
    return G
