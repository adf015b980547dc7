"""Incremental rebuilds: the stat index of the cache, the collector paused, assembly.

Every rebuild is compared byte for byte with a clean build (no cache) of the same documents.
"""
from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest

from maillage import pipeline
from maillage.cache import ExtractionCache, extraction_from_data, extraction_to_json
from maillage.errors import MaillageError
from maillage.graph import build as gbuild
from maillage.graph.store import add_edges
from maillage.loaders import list_files, load_document, walk_files
from maillage.loaders.extract import Extractor
from maillage.model import Evidence, Extraction, Relation
from maillage.pipeline import build
from maillage.schema import more_specific
from maillage.text import fold, short_hash, slug

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
sys.path.insert(0, str(ROOT / "benchmarks"))
import gen_corpus  # noqa: E402

HOUR_NS = 3600 * 10**9


def _corpus(folder: Path, n: int, start: int = 0, *, age_ns: int = HOUR_NS) -> Path:
    """``n`` generated documents, their mtime set ``age_ns`` in the past (older than the racy margin)."""
    paths = gen_corpus.generate(n, folder, seed=13, start=start)
    _age(paths, age_ns)
    return folder


def _age(paths: list[Path], age_ns: int = HOUR_NS) -> None:
    old = time.time_ns() - age_ns
    for p in paths:
        os.utime(p, ns=(old, old))


def _bytes(out: Path) -> bytes:
    return (out / "graph.json").read_bytes()


def _clean_build(docs: Path, out: Path) -> bytes:
    build(docs, out, ner=False, jobs=1, cache=False)
    return _bytes(out)


@pytest.fixture()
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the files build() reads to hash them (``len(hashed)``)."""
    calls: list[int] = []
    real = pipeline.content_id

    def content_id(data: bytes) -> str:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(pipeline, "content_id", content_id)
    return calls


# --- the stat index --------------------------------------------------------------------------------

def test_unchanged_files_are_not_read_again_and_the_graph_is_the_same(tmp_path: Path, hashed: list[int]):
    docs = _corpus(tmp_path / "docs", 20)
    out = tmp_path / "out"
    first = build(docs, out, ner=False, jobs=1)
    assert len(hashed) == 20
    index = ExtractionCache(out / ".cache").load_index()
    assert sorted(index) == sorted(os.path.abspath(p) for p in list_files(docs)[0])
    hashed.clear()
    again = build(docs, out, ner=False, jobs=1)
    assert hashed == []  # every key came from the stat index
    assert (again.extracted, again.cached) == (0, 20)
    assert _bytes(out) == _clean_build(docs, tmp_path / "clean")
    assert first.documents == again.documents == 20


def test_adding_one_percent_equals_a_full_build(tmp_path: Path, hashed: list[int]):
    docs = _corpus(tmp_path / "docs", 40)
    out = tmp_path / "out"
    build(docs, out, ner=False, jobs=1)
    new = gen_corpus.generate(3, docs, seed=13, start=40)  # written just now: racy, hashed each time
    hashed.clear()
    inc = build(docs, out, ner=False, jobs=1)
    assert (inc.extracted, inc.cached) == (3, 40)
    assert len(hashed) == 3
    assert _bytes(out) == _clean_build(docs, tmp_path / "clean")
    index = ExtractionCache(out / ".cache").load_index()
    assert not {os.path.abspath(p) for p in new} & set(index)  # too recent to be trusted later
    _age(new)
    hashed.clear()
    assert build(docs, out, ner=False, jobs=1).cached == 43 and len(hashed) == 3  # aged: recorded now
    hashed.clear()
    assert build(docs, out, ner=False, jobs=1).cached == 43 and hashed == []
    assert _bytes(out) == _clean_build(docs, tmp_path / "clean")


def test_a_change_that_keeps_size_and_mtime_is_seen(tmp_path: Path, hashed: list[int]):
    docs = _corpus(tmp_path / "docs", 10)
    out = tmp_path / "out"
    build(docs, out, ner=False, jobs=1)
    f = list_files(docs)[0][3]
    st = f.stat()
    text = f.read_text(encoding="utf-8")
    changed = text.replace("a", "e", 5)
    assert changed != text and len(changed.encode()) == len(text.encode())
    f.write_text(changed, encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # size and mtime as recorded: the ctime differs
    assert (f.stat().st_size, f.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    hashed.clear()
    res = build(docs, out, ner=False, jobs=1)
    assert (res.extracted, res.cached) == (1, 9) and len(hashed) == 1
    assert _bytes(out) == _clean_build(docs, tmp_path / "clean")


def test_a_file_replaced_by_another_of_the_same_size_and_mtime_is_seen(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 6)
    out = tmp_path / "out"
    build(docs, out, ner=False, jobs=1)
    f = list_files(docs)[0][2]
    st = f.stat()
    other = tmp_path / "other.txt"
    other.write_bytes(f.read_bytes().replace(b"e", b"a", 3))
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(other, f)  # another inode
    res = build(docs, out, ner=False, jobs=1)
    assert (res.extracted, res.cached) == (1, 5)
    assert _bytes(out) == _clean_build(docs, tmp_path / "clean")


def test_index_entries_not_older_than_the_index_are_not_trusted(tmp_path: Path):
    store = ExtractionCache(tmp_path / "cache")
    written = store.save_index({"/a": [1, 10, 10, 1, "aaaa"], "/b": [1, 2 * 10**18, 10, 1, "bbbb"]})
    mtime = written.stat().st_mtime_ns
    assert mtime < 2 * 10**18
    assert store.load_index() == {"/a": [1, 10, 10, 1, "aaaa"]}
    os.utime(written, ns=(5, 5))  # the index older than its entries: none is trusted
    assert store.load_index() == {}


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": 99, "files": {}}', '{"format": 1, "files": []}',
                                  '{"format": 1, "files": {"/a": [1, 2, 3]}}'])
def test_a_bad_index_is_ignored(tmp_path: Path, text: str, hashed: list[int]):
    docs = _corpus(tmp_path / "docs", 4)
    out = tmp_path / "out"
    build(docs, out, ner=False, jobs=1)
    (out / ".cache" / ExtractionCache.INDEX_NAME).write_text(text, encoding="utf-8")
    hashed.clear()
    res = build(docs, out, ner=False, jobs=1)
    assert (res.extracted, res.cached) == (0, 4) and len(hashed) == 4
    assert len(ExtractionCache(out / ".cache").load_index()) == 4  # rewritten
    assert _bytes(out) == _clean_build(docs, tmp_path / "clean")


def test_the_index_is_neither_an_entry_nor_pruned(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 5)
    out = tmp_path / "out"
    build(docs, out, ner=False, jobs=1)
    list_files(docs)[0][0].unlink()
    (out / ".cache" / f".{ExtractionCache.INDEX_NAME}.x1.tmp").write_text("torn", encoding="utf-8")
    res = build(docs, out, ner=False, jobs=1, prune_cache=True)
    assert res.pruned == 1 and (res.extracted, res.cached) == (0, 4)
    cache = ExtractionCache(out / ".cache")
    assert len(cache.keys()) == 4 and len(cache.load_index()) == 4
    assert not list((out / ".cache").glob(".*.tmp"))  # a killed build's temporary index is cleaned


def test_without_the_cache_no_index_is_written(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 3)
    build(docs, tmp_path / "out", ner=False, jobs=1, cache=False)
    assert not (tmp_path / "out" / ".cache").exists()


# --- the garbage collector ------------------------------------------------------------------------

def test_build_leaves_the_collector_as_it_found_it(tmp_path: Path):
    docs = _corpus(tmp_path / "docs", 5)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    build(docs, tmp_path / "out", ner=False, jobs=1)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    build(docs, tmp_path / "out", ner=False, jobs=1)  # from the cache
    assert gc.isenabled() and gc.get_freeze_count() == 0
    (tmp_path / "empty").mkdir()
    with pytest.raises(MaillageError, match="nothing to build"):
        build(tmp_path / "empty", tmp_path / "none", ner=False, jobs=1)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        build(docs, tmp_path / "out", ner=False, jobs=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_built_graph_is_collected_once_dropped(tmp_path: Path):
    import weakref

    docs = _corpus(tmp_path / "docs", 5)
    ref = weakref.ref(build(docs, tmp_path / "out", ner=False, jobs=1).graph)
    gc.collect()
    assert ref() is None


# --- assembly: the graph of the straightforward algorithm, exactly ------------------------------------

def _reference_assemble(extractions: list[Extraction]) -> nx.MultiDiGraph:
    """assemble() as first written (a group_of map, one dict per relation, store.add_edges)."""
    exs = []
    seen: set[str] = set()
    for ex in sorted(extractions, key=lambda e: (e.document.path, e.document.id)):
        if ex.document.id not in seen:
            seen.add(ex.document.id)
            exs.append(ex)
    uf = gbuild._UnionFind()
    owner_of: dict[tuple[str, str], str] = {}
    for ex in exs:
        for actor in ex.actors.values():
            rk = gbuild._resolution_key(actor, ex.document.id)
            uf.find(rk)
            if actor.known or gbuild._is_description(actor):
                continue
            fam = gbuild._FAMILY.get(actor.type, "org")
            for al in sorted(actor.aliases | {actor.name}):
                fa = fold(al)
                if fa and not (fam == "org" and len(fa) < 3):
                    owner = owner_of.setdefault((fam, fa), rk)
                    if owner != rk:
                        uf.union(owner, rk)
    nodes: dict[str, dict] = {}
    group_of: dict[str, str] = {}
    for ex in exs:
        for local_key, actor in sorted(ex.actors.items()):
            root = uf.find(gbuild._resolution_key(actor, ex.document.id))
            group_of[f"{ex.document.id}\x1f{local_key}"] = root
            n = nodes.get(root)
            if n is None:
                n = nodes[root] = {"name": actor.name, "type": actor.type, "aliases": set(), "documents": set(),
                                   "known": actor.known, "_names": defaultdict(int)}
            elif not n.get("known"):
                n["type"] = more_specific(n["type"], actor.type)
            n["aliases"].update(actor.aliases)
            n["documents"].add(ex.document.id)
            n["_names"][actor.name] += len(actor.mentions) or 1
            for k, v in actor.attrs.items():
                if v is not None and k not in n:
                    n[k] = v
    G = nx.MultiDiGraph()
    id_of = {}
    for root in sorted(nodes):
        n = nodes[root]
        names = n.pop("_names")
        if not n["known"]:
            n["name"] = sorted(names, key=lambda x: (-names[x], -len(x), x))[0]
        nid = gbuild.known_node_id(n["known"]) if n["known"] else gbuild.new_node_id(n["type"], root.split(":", 1)[1])
        if "\x1f" in root:
            nid = f"{gbuild._FAMILY.get(n['type'], 'org')}-{slug(n['name'], 32)}-{short_hash(root, length=8)}"
        id_of[root] = nid
        attrs = {k: v for k, v in n.items() if v is not None}
        attrs["aliases"] = sorted(set(attrs["aliases"]) | {attrs["name"]})
        attrs["documents"] = sorted(attrs["documents"])
        if not attrs.get("known"):
            attrs.pop("known", None)
        G.add_node(nid, **attrs)
    items = []
    for ex in exs:
        for r in ex.relations:
            s, t = (id_of[group_of[f"{ex.document.id}\x1f{k}"]] for k in (r.source, r.target))
            if s != t:
                items.append((s, t, r.type, r.evidence.to_dict()))
    add_edges(G, items)
    G.graph["documents"] = [ex.document.info() for ex in exs]
    G.graph["meta"] = {}
    return G


def _structure(G: nx.MultiDiGraph) -> list:
    """Everything of a graph, in its insertion orders (nodes, successors, predecessors, keys, attributes)."""
    return [list(G.nodes(data=True)), [(u, list(G._succ[u].items())) for u in G],
            [(u, list(G._pred[u])) for u in G], list(G.graph.items()),
            [(u, v, k, list(d.items()), [list(e.items()) for e in d["evidence"]])
             for u, v, k, d in G.edges(keys=True, data=True)]]


def _through_cache(exs: list[Extraction]) -> list[Extraction]:
    return [extraction_from_data(json.loads(extraction_to_json(ex))) for ex in exs]


def test_assemble_gives_exactly_the_graph_of_the_straightforward_algorithm(tmp_path: Path):
    ex = Extractor(ner=False)
    docs = _corpus(tmp_path / "docs", 30)
    (docs / "copy.txt").write_bytes(list_files(docs)[0][4].read_bytes())  # a duplicate document
    exs = [ex.extract(load_document(f, docs)) for f in list_files(docs)[0]]
    if SEEDS.is_dir():  # (the user's documents, when beside the project: other phrasings)
        exs += [ex.extract(load_document(f, SEEDS)) for f in list_files(SEEDS)[0]]
    exs = _through_cache(exs)
    # the same evidence twice on one edge, and a symmetric relation in both directions
    d = exs[0]
    a, b = sorted(d.actors)[:2]
    ev = Evidence(d.document.id, "A et B.", 0, 7, None, "fr", "co-mention")
    d.relations += [Relation(a, b, "partner_of", ev), Relation(b, a, "partner_of", ev),
                    Relation(a, b, "partner_of", Evidence(d.document.id, "A et B.", 0, 7, None, "fr", "rule"))]
    # evidence that differs only where the order of evidence does not look (date): first seen, first kept
    d.relations += [Relation(b, a, "partner_of", Evidence(d.document.id, "A et B.", 0, 7, f"20{y}-01-01", "fr", "rule"))
                    for y in (17, 11, 19, 13, 10, 18, 12, 11)]
    want = _structure(_reference_assemble(exs))
    got = gbuild.assemble(list(reversed(exs)))
    assert _structure(got) == want
    assert got.number_of_edges() > 100
    assert any(len(dd["evidence"]) > 1 for _, _, dd in got.edges(data=True))


# --- the output folder inside the input folder -------------------------------------------------------

@pytest.mark.parametrize("where", ["apart", "inside", "same", "around"])
def test_files_inside_the_output_folder_are_left_out_as_resolving_each_would(tmp_path: Path, where: str):
    docs = _corpus(tmp_path / "w" / "docs", 3)
    out = {"apart": tmp_path / "out", "inside": docs / "sub" / "out", "same": docs, "around": tmp_path / "w"}[where]
    out.mkdir(parents=True, exist_ok=True)
    (out / "in-out.txt").write_text("Le CCRE et NALAS.", encoding="utf-8")
    (docs / "link-into-out.txt").symlink_to(out / "in-out.txt")
    (docs / "link-elsewhere.txt").symlink_to(list_files(docs)[0][0])
    files, _ = walk_files(docs)
    want = [f for f in files if out.resolve() not in Path(f.path).resolve().parents]
    assert pipeline._outside(files, docs, out) == want
    assert [f.link for f in files] == [os.path.islink(f.path) for f in files]
    assert len(want) == {"apart": 4, "inside": 4, "same": 0, "around": 0}[where]
