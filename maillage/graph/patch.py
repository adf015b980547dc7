"""Adding documents to a built graph.json without assembling it again (incremental rebuilds).

A full build assembles the graph from every document's extraction and writes graph.json: at
100,000 documents most of an incremental rebuild went into reading the 100,000 cached
extractions again, assembling them and writing the whole file. When the documents of a rebuild
are those of the previous build plus new ones, :func:`patch_graph` gives the same bytes from the
previous graph.json, the new documents' extractions and an *assembly state* saved beside the cache
by the previous build (:func:`save_state`):

- the documents, the resolution (each resolution key's root, each alias's owner) and, per node,
  what its attributes were chosen from (the provenance of its type, its first name and each
  attribute, its names with their counts): :func:`maillage.graph.build.assemble` records them;
- where each document, edge and node lies in graph.json, and each edge's source, target and
  type as indexes (:func:`maillage.graph.store.graph_json_byte_chunks` records them).

The new documents are resolved against the saved resolution; every node they touch, or merge
(a new document can tell that two names seen before are one actor: their nodes join under the
smallest resolution key, as in a full build), is rebuilt from its entry in graph.json and its
saved provenance with the rules of :func:`~maillage.graph.build.assemble`; every edge they add
evidence to, or whose end changes id, is rebuilt from its entry plus the new evidence. The rest
of the file is copied as it is, between the rebuilt entries, in the sorted order of a full build.

Documents removed or changed (a changed file is one document out and one in) are taken out first,
by :func:`remove_documents`: what they brought is subtracted from the nodes and edges they touched
(the state counts the actors behind each name and alias of a node, each resolution key and each
claim on a name); a node whose type, first name or an attribute came from a removed document is
rebuilt from its other documents' cached extractions; a node or edge left with no document goes.

Anything the patch cannot prove it gives exactly (removing the only link between two names of a
node, which splits it; a new document whose content is that of another and sorts before it;
evidence that would tie in the sort order; a state or a graph.json that does not match) makes
:func:`patch_graph` or :func:`remove_documents` return None: the caller assembles in full. The
tests compare patched and full builds byte for byte.
"""
from __future__ import annotations

import bisect
import errno
import hashlib
import mmap
import os
import struct
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from .._io import atomic_file
from ..model import Extraction
from ..cache import ExtractionCache
from ..schema import _GENERICITY, RELATION_TYPES, more_specific
from . import build as _build
from .store import (ITEM_SEPARATOR, SECTION_CLOSER, SECTION_OPENER, _evidence_sort_key, encode_edge, encode_item,
                    evidence_identity, graph_json_tail, node_item)

#: the genericity of the most specific types: once a node has one, no later actor changes it
_MOST_SPECIFIC = min([0, *_GENERICITY.values()])

#: bump when the state's layout changes
STATE_FORMAT = 4
STATE_NAME = "assembly-state.bin"
_MAGIC = b"maillage-assembly-state\n"
_ARRAYS = (("doc_len", np.int64), ("node_len", np.int64), ("edge_source", np.int32), ("edge_target", np.int32),
           ("edge_type", np.int8), ("edge_len", np.int64))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code that decides graph.json from extractions: a state saved by other code is not used."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in (here / "build.py", here / "store.py", here / "patch.py", here.parent / "schema.py", here.parent / "text.py"):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _signature(path: Path) -> list[int]:
    return ExtractionCache.file_signature(os.stat(path))


# --- the state: saved after a full build or a patch -------------------------------------------

def save_state(state_path: Path, graph_path: Path, salt: str, keys: list[str], record: dict[str, Any],
               layout: dict[str, Any], doc_keys: dict[tuple[str, str], str] | None = None) -> Path | None:
    """Save the assembly state of the graph.json just written at ``graph_path`` (see the module doc).

    ``keys``: the cache keys of the documents it was built from (``doc_keys``: the key of each
    ``(path, id)`` of ``record["docs"]``, when known: documents can then be removed); ``record``: filled by
    :func:`~maillage.graph.build.assemble` (or by :func:`patch_graph`); ``layout``: filled by
    :func:`~maillage.graph.store.write_graph` (or by :func:`patch_graph`). Nothing is saved (and
    an older state is removed) when the layout cannot be recorded, or when the file now at
    ``graph_path`` is not the one written (its inode: a build running at the same time).
    """
    signature = _signature(graph_path)
    if (layout.get("invalid") or set(layout["node_ids"]) != set(record["nodes"])
            or signature[3] != layout.get("inode")):  # (another build wrote graph.json since: no state)
        remove_state(state_path)
        return None
    kept = set(map(tuple, record["docs"]))
    header = {
        "format": STATE_FORMAT, "code": code_fingerprint(), "salt": salt,
        "graph": {"path": os.path.abspath(graph_path), "signature": signature, "size": layout["size"]},
        "keys": sorted(keys), "docs": [list(d) for d in record["docs"]],  # (keys: duplicates included)
        "doc_keys": [(doc_keys or {}).get((p, i)) for p, i in record["docs"]],
        # the files left out as copies of a document: key -> (path, id)
        "copies": {k: list(d) for d, k in sorted((doc_keys or {}).items()) if d not in kept},
        "uf": record["uf"], "owners": record["owners"], "keycount": record["keycount"], "claims": record["claims"],
        "types": layout["types"], "start": layout["start"],
        "nodes": [[nid, *record["nodes"][nid]] for nid in layout["node_ids"]],
        "arrays": [],
    }
    arrays = {"doc_len": layout["lengths"]["documents"], "node_len": layout["lengths"]["nodes"],
              "edge_source": layout["edge_source"], "edge_target": layout["edge_target"],
              "edge_type": layout["edge_type"], "edge_len": layout["lengths"]["edges"]}
    blobs = []
    for name, dtype in _ARRAYS:
        a = np.asarray(arrays[name], dtype=dtype)
        blobs.append(a.tobytes())
        header["arrays"].append([name, len(a)])
    head = orjson.dumps(header)
    with atomic_file(state_path, "wb", fsync=False) as fh:
        fh.write(_MAGIC + struct.pack("<Q", len(head)) + head)
        for b in blobs:
            fh.write(b)
    return state_path


def remove_state(state_path: Path) -> None:
    try:
        os.unlink(state_path)
    except FileNotFoundError:
        pass


class State:
    """A saved assembly state, read back (see :func:`load_state`)."""

    def __init__(self, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.header = header
        self.keys: set[str] = set(header["keys"])
        self.arrays = arrays


def load_state(state_path: Path, graph_path: Path, salt: str) -> State | None:
    """The state saved for ``graph_path`` by a build with the same settings and code, or None."""
    try:
        with open(state_path, "rb") as fh:
            raw = fh.read()
        if not raw.startswith(_MAGIC):
            return None
        pos = len(_MAGIC)
        (n,) = struct.unpack_from("<Q", raw, pos)
        pos += 8
        header = orjson.loads(raw[pos:pos + n])
        pos += n
        if (header.get("format") != STATE_FORMAT or header.get("salt") != salt
                or header.get("code") != code_fingerprint()
                or header["graph"]["path"] != os.path.abspath(graph_path)
                or header["graph"]["signature"] != _signature(graph_path)
                or header["graph"]["size"] != header["graph"]["signature"][0]):
            return None
        arrays = {}
        for (name, dtype), (hname, count) in zip(_ARRAYS, header["arrays"], strict=True):
            if name != hname:
                return None
            a = np.frombuffer(raw, dtype=dtype, count=count, offset=pos)
            pos += a.nbytes
            arrays[name] = a
        if pos != len(raw):
            return None
    except (OSError, ValueError, KeyError, TypeError, struct.error):
        return None
    return State(header, arrays)


# --- writing: new bytes and ranges of the previous file ----------------------------------------

#: bytes gathered before a write (pieces of the new file are small: one node or edge)
_WRITE_BUFFER = 1 << 20
#: errors of copy_file_range that mean "not between these two files": copy through memory instead
_NO_KERNEL_COPY = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF, errno.ETXTBSY}


def write_spliced(path: Path, src_fd: int, src: mmap.mmap, pieces: Iterator[Any],
                  info: dict[str, Any] | None = None) -> Path:
    """Write ``path`` atomically from ``pieces``: bytes, or ``(offset, length)`` ranges of the file
    open as ``src_fd`` and mapped as ``src`` (the previous graph.json, which the rename replaces).

    Ranges are copied by the kernel (:func:`os.copy_file_range`: the unchanged gigabyte of a large
    graph.json never passes through this process), or through memory where it cannot.
    """
    kernel_copy = hasattr(os, "copy_file_range")
    with atomic_file(path, "wb", buffering=0) as fh:
        fd = fh.fileno()
        buf = bytearray()

        def flush() -> None:
            view = memoryview(buf)
            while view:
                view = view[os.write(fd, view):]
            view.release()
            buf.clear()

        for piece in pieces:
            if type(piece) is not tuple:
                buf += piece
                if len(buf) >= _WRITE_BUFFER:
                    flush()
                continue
            offset, length = piece
            flush()
            end = offset + length
            while kernel_copy and offset < end:
                try:
                    n = os.copy_file_range(src_fd, fd, end - offset, offset)
                except OSError as exc:
                    if exc.errno not in _NO_KERNEL_COPY:
                        raise
                    kernel_copy = False
                    break
                if n == 0:  # (the source is shorter than its state said: copied through memory below)
                    kernel_copy = False
                    break
                offset += n
            while offset < end:
                chunk = src[offset:min(end, offset + (16 << 20))]
                if not chunk:
                    raise OSError(f"{path}: the previous file ended early")
                buf += chunk
                offset += len(chunk)
                flush()
        flush()
        if info is not None:
            info["inode"] = os.fstat(fd).st_ino
    return path


# --- the patch --------------------------------------------------------------------------------

#: what the last :func:`patch_graph` of this process did (for tests and benchmarks): nodes and edges
#: rebuilt, nodes whose id changed, or why it could not patch
LAST: dict[str, Any] = {}


class _Cannot(Exception):
    """The patch cannot prove it gives the bytes of a full build: assemble in full."""


class _Node:
    """A node being rebuilt: what :func:`~maillage.graph.build.assemble` accumulates, with provenance."""

    __slots__ = ("known", "type", "type_from", "first_name", "name_from", "names", "alias_counts",
                 "documents", "old_documents", "attrs")

    def __init__(self) -> None:
        self.known: str | None = None
        self.type: str | None = None
        self.type_from: tuple[str, ...] | None = None
        self.first_name: str | None = None
        self.name_from: tuple[str, ...] | None = None
        self.names: dict[str, int] = {}
        self.alias_counts: dict[str, int] = {}  # its aliases, with the actors that have each
        self.documents: set[str] = set()  # those of the new documents
        self.old_documents: list[list[str]] = []  # those of the old nodes gathered (sorted lists)
        self.attrs: dict[str, tuple[Any, tuple[str, ...]]] = {}

    def take_type(self, type_: str, where: tuple[str, ...]) -> None:
        # a known actor's node has its first actor's type; another node the first of its least
        # generic types (what folding more_specific over the actors in order gives)
        if self.type is None:
            self.type, self.type_from = type_, where
            return
        (w1, t1), (w2, t2) = sorted([(self.type_from, self.type), (where, type_)])  # in document order
        kept = t1 if self.known else more_specific(t1, t2)
        self.type, self.type_from = (t1, w1) if kept == t1 else (t2, w2)

    def take_name(self, name: str, where: tuple[str, ...]) -> None:
        if self.name_from is None or where < self.name_from:
            self.first_name, self.name_from = name, where

    def take_attr(self, k: str, v: Any, where: tuple[str, ...], *, from_graph: bool = False) -> None:
        # an actor's attribute is taken when not None; one read from graph.json was taken before
        # (a null there is a value that graph.json writes as null: NaN)
        if (v is None and not from_graph) or k in _build.NODE_OWN_KEYS:
            return
        had = self.attrs.get(k)
        if had is None or where < had[1]:
            self.attrs[k] = (v, where)

    def document_list(self) -> list[str]:
        """The node's documents, sorted: a hub's thousands are not sorted again for a few new ones."""
        if len(self.old_documents) == 1:
            old = self.old_documents[0]
            seen = set(old)
            merged = old + sorted(d for d in self.documents if d not in seen)
            merged.sort()  # two sorted runs: merged in linear time
            return merged
        return sorted(self.documents.union(*self.old_documents))

    def final_name(self) -> str:
        return self.first_name if self.known else _build.canonical_name(self.names)  # type: ignore[return-value]

    def take_old(self, d: dict[str, Any], row: list[Any]) -> None:
        """An old node: its graph.json entry ``d`` and its state ``row``."""
        _, _, _, type_from, name_from, names, attrs_from, alias_counts = row
        self.known = d.get("known") or None
        self.take_type(d["type"], tuple(type_from))
        if self.known:
            self.take_name(d["name"], tuple(name_from))
        for nm, c in names.items():
            self.names[nm] = self.names.get(nm, 0) + c
        for al, c in alias_counts.items():
            self.alias_counts[al] = self.alias_counts.get(al, 0) + c
        self.old_documents.append(d["documents"])
        for k, v in d.items():
            if k not in _GRAPH_NODE_KEYS:
                self.take_attr(k, v, tuple(attrs_from[k]), from_graph=True)

    def take_actor(self, actor: Any, doc_id: str, where: tuple[str, ...]) -> None:
        """An actor of a new document (step 2 of :func:`~maillage.graph.build.assemble`)."""
        if self.type is None:
            self.known = actor.known
        self.take_type(actor.type, where)
        self.take_name(actor.name, where)
        self.names[actor.name] = self.names.get(actor.name, 0) + (len(actor.mentions) or 1)
        for al in actor.aliases:
            self.alias_counts[al] = self.alias_counts.get(al, 0) + 1
        self.documents.add(doc_id)
        for k, v in actor.attrs.items():
            self.take_attr(k, v, where)

    def finish(self, root: str) -> tuple[str, dict[str, Any]]:
        """The node's id and attributes, as :func:`~maillage.graph.build.assemble` gives them."""
        name = self.final_name()
        nid = _build.node_id(root, self.type, name, self.known)  # type: ignore[arg-type]
        attrs: dict[str, Any] = {"name": name, "type": self.type, "aliases": sorted(self.alias_counts.keys() | {name}),
                                 "documents": self.document_list()}
        if self.known:
            attrs["known"] = self.known
        for k, (v, _) in self.attrs.items():
            attrs[k] = v
        return nid, attrs

    def state_row(self) -> list[Any]:
        """Its row of the state after the root: [type, type from, name from, names, attrs from, alias counts]."""
        return [self.type, list(self.type_from), list(self.name_from) if self.known else None,  # type: ignore[arg-type]
                dict(self.names), {k: list(w) for k, (_, w) in self.attrs.items()}, dict(self.alias_counts)]


#: the keys of a node's graph.json entry that are not actor attributes
_GRAPH_NODE_KEYS = (_build.NODE_OWN_KEYS - {"_names"}) | {"id"}


class _Section:
    """One section of the previous graph.json: where its items lie."""

    def __init__(self, start: int, lengths: np.ndarray) -> None:
        self.lengths = lengths
        self.offsets = start + np.concatenate(([0], np.cumsum(lengths[:-1] + len(ITEM_SEPARATOR)))) if len(lengths) \
            else np.zeros(0, dtype=np.int64)

    def item(self, raw: mmap.mmap, i: int) -> bytes:
        o = int(self.offsets[i])
        return raw[o:o + int(self.lengths[i])]

    def run(self, a: int, b: int) -> tuple[int, int]:
        """Where items a..b-1 lie, with the separators between them: (offset, length)."""
        o = int(self.offsets[a])
        return o, int(self.offsets[b - 1] + self.lengths[b - 1]) - o


def _merge_evidence(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An edge's evidence (``old``: in graph.json order) with ``new`` entries added: de-duplicated and
    sorted as a full build gives it. Entries that tie in the sort order but differ raise :class:`_Cannot`
    (a full build orders them by document, which graph.json does not say)."""
    key = _evidence_sort_key
    if len(new) * 8 < len(old):
        # a few entries into a long list: each put at its place (the list is already in order)
        merged = list(old)
        for e in sorted(new, key=key):
            k = key(e)
            lo = bisect.bisect_left(merged, k, key=key)
            hi = lo
            while hi < len(merged) and key(merged[hi]) == k:
                hi += 1
            if any(evidence_identity(merged[j]) == evidence_identity(e) for j in range(lo, hi)):
                continue
            if hi > lo:
                raise _Cannot("evidence that ties in the sort order")
            merged.insert(lo, e)
        return merged
    kept: dict[tuple[Any, ...], dict[str, Any]] = {}
    for e in old + new:
        kept.setdefault(evidence_identity(e), e)
    merged = sorted(kept.values(), key=key)
    keys = [key(e) for e in merged]
    if any(a == b for a, b in zip(keys, keys[1:])):
        raise _Cannot("evidence that ties in the sort order")
    return merged


def _splice(sec: _Section, events: list[tuple[int, int, Any, bytes]], out_lengths: list[Any],
            out_rows: list[Any], rows_of: Any) -> Iterator[Any]:
    """The pieces of one section (bytes, or the (offset, length) of old items to copy): the old items
    with ``events`` applied, sorted by position.

    An event is ``(position, order, row, bytes)``: order 0 inserts before the old item at
    ``position``, 1 replaces it, 2 deletes it (bytes empty). ``out_lengths`` and ``out_rows`` get
    the new items' lengths and rows (``rows_of(a, b)`` gives the rows of old items a..b-1).
    """
    n = len(sec.lengths)
    first = True
    cur = 0

    def emit(piece: Any) -> Iterator[Any]:
        nonlocal first
        yield SECTION_OPENER if first else ITEM_SEPARATOR
        yield piece
        first = False

    for pos, order, row, body in events:
        if pos > cur:
            yield from emit(sec.run(cur, pos))
            out_lengths.append(sec.lengths[cur:pos])
            out_rows.append(rows_of(cur, pos))
            cur = pos
        if order == 0:
            yield from emit(body)
            out_lengths.append(np.array([len(body)], dtype=np.int64))
            out_rows.append(row)
        elif order == 1:
            yield from emit(body)
            out_lengths.append(np.array([len(body)], dtype=np.int64))
            out_rows.append(row)
            cur = pos + 1
        else:
            cur = pos + 1
    if cur < n:
        yield from emit(sec.run(cur, n))
        out_lengths.append(sec.lengths[cur:n])
        out_rows.append(rows_of(cur, n))
    yield SECTION_CLOSER if not first else b"[]"


def patch_graph(state: State, new: list[Extraction], new_keys: list[str], graph_path: Path, state_path: Path,
                meta: dict[str, Any], salt: str) -> dict[str, Any] | None:
    """Write graph.json for the previous build's documents plus ``new`` (whose cache keys are ``new_keys``),
    byte for byte what a full build gives, and save the new state.

    Returns counts (``nodes``, ``actors_by_type``, ``relations_by_type``, ``documents``), or None
    when the patch cannot be done (nothing written: assemble in full).
    """
    return _on_previous(state, graph_path, lambda raw: _Patch(state, new, raw),
                        (graph_path, state_path, meta, salt, new_keys))


def _on_previous(state: State, graph_path: Path, make: Callable[[mmap.mmap], _Patch],
                 args: tuple[Any, ...]) -> dict[str, Any] | None:
    """``make(raw).run(fd, *args)`` on the previous graph.json mapped as ``raw``; None (and the reason
    in ``LAST["cannot"]``) when it cannot prove its result."""
    LAST.clear()
    try:
        fh = open(graph_path, "rb")
    except OSError as exc:
        LAST["cannot"] = f"cannot read {graph_path}: {exc}"
        return None
    with fh:
        try:
            if os.fstat(fh.fileno()).st_size != state.header["graph"]["size"]:
                raise _Cannot("graph.json is not the one of the state")
            raw = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            with raw:
                return make(raw).run(fh.fileno(), *args)
        except _Cannot as exc:
            LAST["cannot"] = str(exc)
            return None
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            # a state that does not match its graph.json after all: the full assembly is always right
            # (an OSError while writing is not caught: the full assembly would meet it again)
            LAST["cannot"] = f"{type(exc).__name__}: {exc}"
            return None


class _Patch:
    """One patch: the steps of :func:`patch_graph`, each a method, on the previous file ``raw``."""

    def __init__(self, state: State, new: list[Extraction], raw: mmap.mmap) -> None:
        h = self.h = state.header
        self.state = state
        self.new_all = new
        self.vanished: set[int] = set()  # old nodes left without documents (removals)
        self.raw = raw
        self.arrays = state.arrays
        self.old_docs: list[tuple[str, str]] = [(p, i) for p, i in h["docs"]]
        # a file with the content of another is left out when it sorts after it, as assemble() does;
        # one that sorts before a document of the previous build would replace it: not patched
        old_path_of = {i: p for p, i in self.old_docs}
        self.exs = []
        for ex in sorted(new, key=lambda e: (e.document.path, e.document.id)):
            doc = ex.document
            if doc.id in old_path_of:
                if (doc.path, doc.id) < (old_path_of[doc.id], doc.id):
                    raise _Cannot("a new document has the content of another and sorts before it")
                continue
            old_path_of[doc.id] = doc.path
            self.exs.append(ex)
        self.nodes_h: list[Any] = h["nodes"]  # [id, root, type, type from, name from, names, attrs from, alias counts]
        self.old_ids: list[str] = [x[0] for x in self.nodes_h]
        self.id_index = {nid: i for i, nid in enumerate(self.old_ids)}
        self.types: list[str] = h["types"]
        if sorted(RELATION_TYPES) != self.types:
            raise _Cannot("relation types changed")
        self.type_index = {t: i for i, t in enumerate(self.types)}
        self.raw_nodes = _Section(h["start"]["nodes"], self.arrays["node_len"])
        self.raw_edges = _Section(h["start"]["edges"], self.arrays["edge_len"])
        self.raw_docs = _Section(h["start"]["documents"], self.arrays["doc_len"])

    def resolve(self) -> None:
        """Step 1: the new actors' resolution keys, joined to the saved ones (roots are the smallest keys)."""
        uf = self.uf = _build._UnionFind()
        uf.parent = dict(self.h["uf"])
        find = self.find = uf.find
        owners: dict[str, str] = self.h["owners"]
        self.owners = owners
        keycount: dict[str, int] = self.h["keycount"]
        claims: dict[str, dict[str, int]] = self.h["claims"]
        self.rkeys: list[dict[str, str]] = []  # per new document: actor key -> resolution key
        for ex in self.exs:
            doc_id = ex.document.id
            local: dict[str, str] = {}
            self.rkeys.append(local)
            for key, actor in ex.actors.items():
                rk = local[key] = _build._resolution_key(actor, doc_id)
                find(rk)
                if actor.known or _build._is_description(actor):
                    continue
                keycount[rk] = keycount.get(rk, 0) + 1
                for name in _build.claimed_names(actor):
                    owner = owners.setdefault(name, rk)
                    if owner != rk:
                        uf.union(owner, rk)
                    c = claims.setdefault(name, {})
                    c[rk] = c.get(rk, 0) + 1

    def rebuild_nodes(self) -> None:
        """Step 2: every node a new actor resolves to, with the old nodes it gathers, rebuilt."""
        find, nodes_h, raw = self.find, self.nodes_h, self.raw
        touched: dict[str, _Node] = {}
        for local in self.rkeys:
            for rk in local.values():
                touched.setdefault(find(rk), _Node())
        old_parts: dict[str, list[int]] = {}  # new root -> old nodes merged into it
        for i, x in enumerate(nodes_h):
            r = find(x[1])
            if r != x[1] and r not in touched:
                touched[r] = _Node()
            if r in touched:
                old_parts.setdefault(r, []).append(i)
        for r, parts in old_parts.items():
            acc = touched[r]
            for i in parts:
                acc.take_old(orjson.loads(self.raw_nodes.item(raw, i)), nodes_h[i])
        for ex, local in zip(self.exs, self.rkeys):
            doc_id, path = ex.document.id, ex.document.path
            for lk, actor in sorted(ex.actors.items()):
                touched[find(local[lk])].take_actor(actor, doc_id, (path, doc_id, lk))
        self.touched = touched
        # their ids, entries and state rows
        self.id_of_root: dict[str, str] = {}
        self.node_rows: dict[str, list[Any]] = {}
        self.node_bytes: dict[str, bytes] = {}
        for r, acc in touched.items():
            nid, attrs = acc.finish(r)
            if nid in self.node_bytes:
                raise _Cannot("two nodes with one id")
            self.id_of_root[r] = nid
            self.node_bytes[nid] = encode_item(node_item(nid, attrs, presorted=True))
            self.node_rows[nid] = [nid, r, *acc.state_row()]
        # old nodes whose id changes (merged into another, or under a new smallest key)
        self.moved: dict[int, str] = {i: self.id_of_root[r] for r, parts in old_parts.items() for i in parts
                                      if self.old_ids[i] != self.id_of_root[r]}
        self.new_node_ids = sorted(set(self.old_ids).difference(self.old_ids[i] for i in self.moved)
                                   | set(self.node_bytes))
        self.new_index = {nid: i for i, nid in enumerate(self.new_node_ids)}

    def rebuild_edges(self) -> list[tuple[int, int, Any, bytes]]:
        """Step 3: the edges with new evidence and those with an end that changed id, as splice events."""
        self._edge_code()
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        removed: set[int] = set()
        for p, d, s, t in self.moved_edges():
            removed.add(p)
            if s != t:
                groups.setdefault(_edge_key(s, t, d["type"]), []).extend(d["evidence"])
        find, id_of_root = self.find, self.id_of_root
        for ex, local in zip(self.exs, self.rkeys):
            for rel in ex.relations:
                s = id_of_root[find(local[rel.source])]
                t = id_of_root[find(local[rel.target])]
                if s == t:
                    continue
                if rel.type not in self.type_index:
                    raise _Cannot("unknown relation type")
                groups.setdefault(_edge_key(s, t, rel.type), []).append(rel.evidence.to_dict())
        self.edges_rebuilt, self.edges_removed = len(groups), len(removed)

        old_position = self.old_position
        events: list[tuple[int, int, Any, bytes]] = []
        for (s, t, k), evs in sorted(groups.items()):
            p, there = old_position(s, t, k)
            replaces = there and p not in removed
            old_ev = orjson.loads(self.raw_edges.item(self.raw, p))["evidence"] if replaces else []
            row = np.array([[self.new_index[s], self.new_index[t], self.type_index[k]]], dtype=np.int64)
            body = encode_edge(s, t, k, {"type": k, "evidence": _merge_evidence(old_ev, evs)}, presorted=True)
            events.append((p, 1 if replaces else 0, row, body))
        events += [(p, 2, None, b"") for p in removed]
        events.sort(key=lambda e: (e[0], e[1]))
        for e1, e2 in zip(events, events[1:]):
            if e1[0] == e2[0] and e1[1] >= 1 and e2[1] >= 1:
                raise _Cannot("one edge rebuilt twice")
        return events

    def _edge_code(self) -> None:
        """The old edges' (source, target, type) indexes, and their sort order as integers (``self.code``)."""
        a = self.arrays
        n_old, T = len(self.old_ids), len(self.types)
        es, et, ek = (a["edge_source"].astype(np.int64), a["edge_target"].astype(np.int64),
                      a["edge_type"].astype(np.int64))
        self.es, self.et, self.ek = es, et, ek
        code = self.code = (es * n_old + et) * T + ek  # the sort order of graph.json's edges, as integers
        if len(code) > 1 and not bool(np.all(code[1:] > code[:-1])):
            raise _Cannot("edges not in order")

    def moved_edges(self) -> Iterator[tuple[int, dict[str, Any], str, str]]:
        """The old edges with an end whose node changes id: (position, entry, source now, target now)."""
        moved = self.moved
        if not moved:
            return
        ix = np.fromiter(moved, dtype=np.int64, count=len(moved))
        for p in np.nonzero(np.isin(self.es, ix) | np.isin(self.et, ix))[0].tolist():
            d = orjson.loads(self.raw_edges.item(self.raw, p))
            yield (p, d, moved.get(self.id_index[d["source"]], d["source"]),
                   moved.get(self.id_index[d["target"]], d["target"]))

    def old_position(self, s: str, t: str, k: str) -> tuple[int, bool]:
        """Where edge (s, t, k) is, or would be inserted, among the old edges; whether it is there."""
        old_ids, code = self.old_ids, self.code
        n_old, T = len(old_ids), len(self.types)
        i = bisect.bisect_left(old_ids, s)
        if i == n_old or old_ids[i] != s:
            return int(np.searchsorted(code, i * n_old * T)), False
        j = bisect.bisect_left(old_ids, t)
        if j == n_old or old_ids[j] != t:
            return int(np.searchsorted(code, (i * n_old + j) * T)), False
        c = (i * n_old + j) * T + self.type_index[k]
        p = int(np.searchsorted(code, c))
        return p, p < len(code) and int(code[p]) == c

    def node_events(self) -> list[tuple[int, int, Any, bytes]]:
        """Step 4: rebuilt nodes replace theirs, new ones go in at their place, merged (or moved) ones
        and those left without documents go."""
        events: list[tuple[int, int, Any, bytes]] = [
            (i, 2, None, b"") for i in [*self.vanished, *self.moved] if self.old_ids[i] not in self.node_bytes]
        for nid, body in self.node_bytes.items():
            p = self.id_index.get(nid)
            events.append((p, 1, nid, body) if p is not None else (bisect.bisect_left(self.old_ids, nid), 0, nid, body))
        events.sort(key=lambda e: (e[0], e[1], e[2] or ""))
        return events

    def document_events(self) -> list[tuple[int, int, Any, bytes]]:
        """Step 4: the new documents, each at its place."""
        events: list[tuple[int, int, Any, bytes]] = []
        for ex in self.exs:
            info = ex.document.info()
            k = (info.get("path") or "", info.get("id") or "")
            events.append((bisect.bisect_left(self.old_docs, k), 0, k, encode_item(info)))
        events.sort(key=lambda e: (e[0], e[2]))
        old = set(self.old_docs)
        if len(old) != len(self.old_docs) or any(e[2] in old for e in events):
            raise _Cannot("a document twice")
        return events

    def uf_record(self) -> dict[str, str]:
        """The resolution to save: each key's root (a description's key is left out: its own root)."""
        return {k: self.find(k) for k in list(self.uf.parent) if "\x1f" not in k}

    def keys_after(self, new_keys: list[str]) -> tuple[set[str], dict[tuple[str, str], str]]:
        """The cache keys of the patched graph's documents, and the key of each (path, id)."""
        doc_keys = {d: k for d, k in zip(self.old_docs, self.h["doc_keys"]) if k}
        doc_keys.update((tuple(d), k) for k, d in self.h["copies"].items())
        for ex, k in zip(self.new_all, new_keys):
            doc_keys.setdefault((ex.document.path, ex.document.id), k)
        return self.state.keys | set(new_keys), doc_keys

    def edge_rows(self, a: int, b: int) -> np.ndarray:
        """The (source, target, type) indexes in the new file of old edges a..b-1."""
        return np.stack([self.remap[self.es[a:b]], self.remap[self.et[a:b]], self.ek[a:b]], axis=1)

    def run(self, raw_fd: int, graph_path: Path, state_path: Path, meta: dict[str, Any], salt: str,
            new_keys: list[str]) -> dict[str, Any]:
        self.resolve()
        self.rebuild_nodes()
        edge_events = self.rebuild_edges()
        node_events = self.node_events()
        doc_events = self.document_events()
        self.remap = np.array([self.new_index.get(nid, -1) for nid in self.old_ids], dtype=np.int64)

        # 5. write: the parts of the old file between the rebuilt entries
        head, between, middle, tail = graph_json_tail(meta)
        out: dict[str, tuple[list[Any], list[Any]]] = {"documents": ([], []), "edges": ([], []), "nodes": ([], [])}
        starts: dict[str, int] = {}
        size = 0

        def section(name: str, pieces: Iterator[Any]) -> Iterator[Any]:
            nonlocal size
            for c in pieces:
                if name not in starts and c is not SECTION_OPENER and c != b"[]":
                    starts[name] = size
                size += c[1] if type(c) is tuple else len(c)
                yield c
            starts.setdefault(name, size)

        def fixed(b: bytes) -> bytes:
            nonlocal size
            size += len(b)
            return b

        def pieces() -> Iterator[Any]:
            yield fixed(head)
            yield from section("documents", _splice(self.raw_docs, doc_events, *out["documents"],
                                                    lambda a, b: self.old_docs[a:b]))
            yield fixed(between)
            yield from section("edges", _splice(self.raw_edges, edge_events, *out["edges"], self.edge_rows))
            yield fixed(middle)
            yield from section("nodes", _splice(self.raw_nodes, node_events, *out["nodes"],
                                                lambda a, b: self.old_ids[a:b]))
            yield fixed(tail)

        written: dict[str, Any] = {}
        write_spliced(graph_path, raw_fd, self.raw, pieces(), written)

        # 6. the new state
        docs_out = _flatten(out["documents"][1], tuple)
        if _flatten(out["nodes"][1], str) != self.new_node_ids:
            raise AssertionError("patched nodes out of order")  # a bug, not bad input: fail loudly
        node_state = {x[0]: x[1:] for x in self.nodes_h if x[0] in self.new_index and x[0] not in self.node_rows}
        node_state.update({nid: row[1:] for nid, row in self.node_rows.items()})
        rows = np.concatenate(out["edges"][1]) if out["edges"][1] else np.zeros((0, 3), dtype=np.int64)

        def lengths(name: str) -> np.ndarray:
            return np.concatenate(out[name][0]) if out[name][0] else np.zeros(0, dtype=np.int64)

        record = {"docs": docs_out, "uf": self.uf_record(),
                  "owners": self.owners, "keycount": self.h["keycount"], "claims": self.h["claims"], "nodes": node_state}
        layout = {"node_ids": self.new_node_ids, "types": self.types, "invalid": False, "size": size, "start": starts,
                  "inode": written.get("inode"),
                  "lengths": {name: lengths(name) for name in out},
                  "edge_source": rows[:, 0], "edge_target": rows[:, 1], "edge_type": rows[:, 2]}
        keys, doc_keys = self.keys_after(new_keys)
        save_state(state_path, graph_path, salt, sorted(keys), record, layout, doc_keys)
        LAST.update(nodes_rebuilt=len(self.node_bytes), nodes_moved=len(self.moved), edges_rebuilt=self.edges_rebuilt,
                    edges_removed=self.edges_removed, documents_added=len(self.exs))
        actors: dict[str, int] = {}
        for row in node_state.values():
            actors[row[1]] = actors.get(row[1], 0) + 1
        rel_counts = np.bincount(rows[:, 2], minlength=len(self.types)) if len(rows) else []
        return {"documents": len(docs_out), "nodes": len(self.new_node_ids),
                "actors_by_type": dict(sorted(actors.items())),
                "relations_by_type": {self.types[i]: int(c) for i, c in enumerate(rel_counts) if c}}


def remove_documents(state: State, removed_keys: set[str], load: Callable[[str, bool], Extraction | None],
                     graph_path: Path, state_path: Path, meta: dict[str, Any], salt: str,
                     then_add: bool = True) -> tuple[State | None, dict[str, Any]] | None:
    """Write graph.json for the previous build's documents less those whose cache keys are
    ``removed_keys`` (files changed or gone), byte for byte what a full build gives, and save the
    new state; return it (read back, for :func:`patch_graph` to add documents next; None unless
    ``then_add``) with the counts of :func:`patch_graph`, or None (nothing written: assemble in full).

    ``load(key, relations)`` gives the cached extraction of a previous document (its relations
    only when asked): those removed (what they brought is taken away) and, for a node whose type,
    first name or an attribute came from a removed document, its next documents (read in order
    until that is chosen again).
    """
    counts = _on_previous(state, graph_path, lambda raw: _Removal(state, removed_keys, load, raw),
                          (graph_path, state_path, meta, salt, []))
    if counts is None:
        return None
    if not then_add:
        return None, counts
    after = load_state(state_path, graph_path, salt)
    if after is None:
        LAST["cannot"] = "the state after removing documents could not be read back"
        return None
    return after, counts


class _Removal(_Patch):
    """Removing documents: what they brought is taken from the nodes and edges they touch.

    Exact without reading the other documents, because the state counts what it needs: the
    actors behind each name and alias of a node, each resolution key and each claim on a name
    (the links that join keys into one node). A node whose type, first name or an attribute was
    chosen from a removed document chooses it again from its next documents' cached extractions.
    A node that loses its smallest key moves under the next one, with its edges (its id changes).
    Removing the last link between two names of one node (it splits) is not patched, nor is the
    removal of a document whose left-out copy remains (the copy is the one kept now).
    """

    def __init__(self, state: State, removed_keys: set[str], load: Callable[[str, bool], Extraction | None],
                 raw: mmap.mmap) -> None:
        super().__init__(state, [], raw)
        doc_keys = self.h.get("doc_keys") or []
        if len(doc_keys) != len(self.old_docs) or not all(doc_keys):
            raise _Cannot("the state does not say which file each document came from")
        self.key_of_doc = dict(zip(self.old_docs, doc_keys))
        doc_of_key = {k: d for d, k in self.key_of_doc.items()}
        self.removed_keys = set(removed_keys)
        removed = sorted(doc_of_key[k] for k in self.removed_keys if k in doc_of_key)
        self.copies = {k: (p, i) for k, (p, i) in self.h["copies"].items()}
        left_out = state.keys - set(doc_of_key)
        if left_out - set(self.copies):
            raise _Cannot("the state does not say which file each document came from")
        self.removed_ids = {i for _, i in removed}
        if self.removed_ids & {self.copies[k][1] for k in left_out - self.removed_keys}:
            # a copy of a removed document (left out so far) is the one a full build keeps now
            raise _Cannot("a removed document has a copy that takes its place")
        if len(self.removed_ids) != len(removed):
            raise _Cannot("a document twice")
        self.load = load
        self._names_of: dict[str, list[str]] | None = None
        self.removed_exs = [self._load(d) for d in removed]
        self.doc_of_id = {i: (p, i) for p, i in self.old_docs}

    def _load(self, doc: tuple[str, str], relations: bool = True) -> Extraction:
        try:
            ex = self.load(self.key_of_doc[doc], relations)
        except OSError:
            ex = None
        if ex is None or (ex.document.path, ex.document.id) != doc:
            raise _Cannot("the cache no longer holds a previous document's extraction")
        return ex

    def resolve(self) -> None:
        """The removed actors by node, with the keys and claims on names that no actor holds any more."""
        uf = self.uf = _build._UnionFind()
        uf.parent = dict(self.h["uf"])
        find = self.find = uf.find
        self.owners = owners = self.h["owners"]
        keycount: dict[str, int] = self.h["keycount"]
        claims: dict[str, dict[str, int]] = self.h["claims"]
        self.hit: dict[str, list[Any]] = {}  # old root -> its removed actors
        self.broken: set[str] = set()  # roots that lost a key or a claim
        self.gone_keys: set[str] = set()
        self.rkeys = []
        for ex in self.removed_exs:
            doc_id = ex.document.id
            local: dict[str, str] = {}
            self.rkeys.append(local)
            for key, actor in sorted(ex.actors.items()):
                rk = local[key] = _build._resolution_key(actor, doc_id)
                root = find(rk)
                self.hit.setdefault(root, []).append(actor)
                if actor.known or _build._is_description(actor):
                    continue
                left = keycount[rk] - 1
                if left:
                    keycount[rk] = left
                else:
                    del keycount[rk]
                    self.gone_keys.add(rk)
                    self.broken.add(root)
                for name in _build.claimed_names(actor):
                    c = claims[name]
                    if c[rk] > 1:
                        c[rk] -= 1
                        continue
                    del c[rk]
                    self.broken.add(root)
                    if not c:
                        del claims[name]
                        del owners[name]
                    elif owners[name] == rk:
                        # another key of the node claims the name: it joins the same keys (any claimer
                        # does: what matters is that claimers are joined, not which one owns the name)
                        owners[name] = min(c)

    def rebuild_nodes(self) -> None:
        """Each node a removed actor belonged to: less those actors, gone when it has no document left."""
        nodes_h, raw = self.nodes_h, self.raw
        index_of_root = {x[1]: i for i, x in enumerate(nodes_h)}
        members: dict[str, list[str]] = {}
        if self.broken:
            # the keys each node that lost a key or a claim gathers
            for k, r in self.h["uf"].items():
                if r in self.broken:
                    members.setdefault(r, []).append(k)
        self.vanished: set[int] = set()
        self.node_bytes, self.node_rows, self.id_of_root = {}, {}, {}
        self.moved = {}
        rebuilt: dict[str, _Node] = {}
        rescans: dict[str, tuple[list[str], set[str]]] = {}  # root -> (documents left, attributes to choose)
        new_root = self.new_root = {}  # old root -> root now (the smallest key left), when it changes
        for root, actors in sorted(self.hit.items()):
            i = index_of_root[root]
            row = nodes_h[i]
            d = orjson.loads(self.raw_nodes.item(raw, i))
            left = [x for x in d["documents"] if x not in self.removed_ids]
            if len(members.get(root, ())) > 1 and left:
                new_root[root] = self._new_root(members[root])
            if not left:
                self.vanished.add(i)
                if root.startswith("known:"):
                    self.gone_keys.add(root)  # (not counted: a known actor's key goes with its node)
                continue
            if root in self.gone_keys and root not in new_root:
                # its only key lost while documents remain: the state is wrong
                raise _Cannot("an actor's key counts do not match its documents")
            acc = _Node()
            acc.take_old(d, row)
            for actor in actors:
                n = acc.names[actor.name] - (len(actor.mentions) or 1)
                if n > 0:
                    acc.names[actor.name] = n
                elif n == 0:
                    del acc.names[actor.name]
                else:
                    raise _Cannot("a node's name counts do not match its documents")
                for al in actor.aliases:
                    n = acc.alias_counts[al] - 1
                    if n > 0:
                        acc.alias_counts[al] = n
                    elif n == 0:
                        del acc.alias_counts[al]
                    else:
                        raise _Cannot("a node's alias counts do not match its documents")
            acc.old_documents = [left]
            rebuilt[root] = acc
            # what was chosen from a removed document is chosen again from the documents left
            gone = self.removed_ids
            if acc.type_from[1] in gone:  # type: ignore[index]
                acc.type = acc.type_from = None
            if acc.known and acc.name_from[1] in gone:  # type: ignore[index]
                acc.first_name = acc.name_from = None
            for k in [k for k, (_, w) in acc.attrs.items() if w[1] in gone]:
                del acc.attrs[k]
            pending = {k for k, w in row[6].items() if w[1] in gone}
            if acc.type is None or (acc.known and acc.first_name is None) or pending:
                rescans[root] = (left, pending)
        for root, (left, pending) in sorted(rescans.items()):
            self._choose_again(root, rebuilt[root], left, pending)
        for root, acc in sorted(rebuilt.items()):
            now = new_root.get(root, root)
            i = index_of_root[root]
            nid, attrs = acc.finish(now)
            if nid != nodes_h[i][0]:
                if now == root:
                    raise _Cannot("a node would change id")
                if nid in self.id_index or nid in self.node_bytes:
                    raise _Cannot("two nodes with one id")
                self.moved[i] = nid  # under its new smallest key: moved, with its edges
            self.id_of_root[now] = nid
            self.node_bytes[nid] = encode_item(node_item(nid, attrs, presorted=True))
            self.node_rows[nid] = [nid, now, *acc.state_row()]
        self.rescans = len(rescans)
        gone = {self.old_ids[i] for i in self.vanished} | {self.old_ids[i] for i in self.moved}
        self.new_node_ids = sorted({nid for nid in self.old_ids if nid not in gone} | set(self.moved.values()))
        self.new_index = {nid: i for i, nid in enumerate(self.new_node_ids)}

    def _new_root(self, keys: list[str]) -> str:
        """The root of the keys of a node that remain, when the claims on names that remain still
        join them all (a full build joins the keys that claim a name): the smallest of them."""
        keys = [k for k in keys if k not in self.gone_keys]
        claims: dict[str, dict[str, int]] = self.h["claims"]
        if self._names_of is None:
            names_of: dict[str, list[str]] = {}
            for name, c in claims.items():
                for k in c:
                    names_of.setdefault(k, []).append(name)
            self._names_of = names_of
        root = min(keys)
        seen, stack = {root}, [root]
        while stack:
            for name in self._names_of.get(stack.pop(), ()):
                for k in claims[name]:
                    if k not in seen:
                        seen.add(k)
                        stack.append(k)
        if not seen.issuperset(keys):
            raise _Cannot("a removed document tied names of one actor together: it splits")
        return root

    def _choose_again(self, root: str, acc: _Node, left: list[str], attrs: set[str]) -> None:
        """Choose again, from the actors of ``root`` in the documents ``left`` (in the order of a full
        build), the type, first name or attributes ``attrs`` of ``acc`` that came from a removed
        document; the documents are read until nothing is left to choose (a type that no other
        is more specific than, a first name and a value for each attribute are final once found)."""
        find = self.find
        type_open, name_open = acc.type is None, acc.known is not None and acc.first_name is None
        attrs = set(attrs)
        for doc in sorted(self.doc_of_id[x] for x in left):
            if not (type_open or name_open or attrs):
                break
            ex = self._load(doc, relations=False)
            path, doc_id = doc
            for lk, actor in sorted(ex.actors.items()):
                if find(_build._resolution_key(actor, doc_id)) != root:
                    continue
                where = (path, doc_id, lk)
                if type_open:
                    acc.take_type(actor.type, where)
                    type_open = not acc.known and _GENERICITY.get(acc.type, 0) > _MOST_SPECIFIC  # type: ignore[arg-type]
                if name_open:
                    acc.take_name(actor.name, where)
                    name_open = False
                for k in [k for k in attrs if actor.attrs.get(k) is not None]:
                    acc.take_attr(k, actor.attrs[k], where)
                    attrs.discard(k)
        if acc.type is None or (acc.known and acc.first_name is None):
            raise _Cannot("a node's documents do not match their extractions")

    def rebuild_edges(self) -> list[tuple[int, int, Any, bytes]]:
        """The edges a removed document gave evidence to: without it, or gone when none is left."""
        self._edge_code()
        old_id = {x[1]: x[0] for x in self.nodes_h}
        old_root = self.h["uf"].get  # (a description's key is its own root, and not in it)
        hit: set[tuple[str, str, str]] = set()
        for ex, local in zip(self.removed_exs, self.rkeys):
            for rel in ex.relations:
                s = old_id[old_root(local[rel.source], local[rel.source])]
                t = old_id[old_root(local[rel.target], local[rel.target])]
                if s != t:
                    hit.add(_edge_key(s, t, rel.type))
        vanished = {self.old_ids[i] for i in self.vanished}
        events: list[tuple[int, int, Any, bytes]] = []
        # the edges of a node that changes id: out of their places, in at those of their new ends
        # (less the removed evidence)
        regrouped: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for p, d, s, t in self.moved_edges():
            events.append((p, 2, None, b""))
            evidence = [e for e in d["evidence"] if e.get("doc") not in self.removed_ids]
            if evidence:
                if s in vanished or t in vanished:
                    raise _Cannot("an edge outlives its node")
                regrouped[_edge_key(s, t, d["type"])] = evidence
        moved_from = {self.old_ids[i] for i in self.moved}
        for s, t, k in sorted(hit):
            if s in moved_from or t in moved_from:
                continue  # (moved above)
            p, there = self.old_position(s, t, k)
            if not there:
                raise _Cannot("an edge of a removed document is not in graph.json")
            evidence = [e for e in orjson.loads(self.raw_edges.item(self.raw, p))["evidence"]
                        if e.get("doc") not in self.removed_ids]
            if not evidence:
                events.append((p, 2, None, b""))
                continue
            if s in vanished or t in vanished:
                raise _Cannot("an edge outlives its node")
            row = np.array([[self.new_index[s], self.new_index[t], self.type_index[k]]], dtype=np.int64)
            events.append((p, 1, row, encode_edge(s, t, k, {"type": k, "evidence": evidence}, presorted=True)))
        for (s, t, k), evidence in sorted(regrouped.items()):
            p, there = self.old_position(s, t, k)
            if there:
                raise _Cannot("one edge rebuilt twice")
            row = np.array([[self.new_index[s], self.new_index[t], self.type_index[k]]], dtype=np.int64)
            events.append((p, 0, row, encode_edge(s, t, k, {"type": k, "evidence": evidence}, presorted=True)))
        events.sort(key=lambda e: (e[0], e[1]))  # (stable: inserts at one place stay in key order)
        self.edges_rebuilt = sum(1 for e in events if e[1] < 2)
        self.edges_removed = len(events) - self.edges_rebuilt
        return events

    def document_events(self) -> list[tuple[int, int, Any, bytes]]:
        pos = {d: i for i, d in enumerate(self.old_docs)}
        return sorted((pos[(ex.document.path, ex.document.id)], 2, None, b"") for ex in self.removed_exs)

    def uf_record(self) -> dict[str, str]:
        gone, new_root = self.gone_keys, self.new_root
        return {k: new_root.get(r, r) for k, r in self.h["uf"].items() if k not in gone}

    def keys_after(self, new_keys: list[str]) -> tuple[set[str], dict[tuple[str, str], str]]:
        doc_keys = {d: k for d, k in self.key_of_doc.items() if d[1] not in self.removed_ids}
        doc_keys.update((d, k) for k, d in self.copies.items() if k not in self.removed_keys)
        return self.state.keys - self.removed_keys, doc_keys

    def run(self, raw_fd: int, graph_path: Path, state_path: Path, meta: dict[str, Any], salt: str,
            new_keys: list[str]) -> dict[str, Any]:
        counts = super().run(raw_fd, graph_path, state_path, meta, salt, new_keys)
        LAST.update(documents_removed=len(self.removed_exs), nodes_removed=len(self.vanished),
                    nodes_rebuilt_from_documents=self.rescans)
        return counts


def _edge_key(s: str, t: str, rel_type: str) -> tuple[str, str, str]:
    """(source, target, type) of an edge, the ends of a symmetric type in order (as a full build has them)."""
    if RELATION_TYPES[rel_type].symmetric and t < s:
        s, t = t, s
    return s, t, rel_type


def _flatten(rows: list[Any], single: type) -> list[Any]:
    """The rows :func:`_splice` gave (one row of type ``single``, or a list of rows), in one list."""
    flat: list[Any] = []
    for r in rows:
        if type(r) is single:
            flat.append(r)
        else:
            flat.extend(r)
    return flat
